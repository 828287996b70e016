"""PAPI and PAR INDEX plan task tables of a report, mapped to plan tasks of a submission.

A table whose header names a task column ("Nhiệm vụ…") and a result column ("Kết quả") and that
follows a heading or paragraph naming PAPI or the PAR INDEX is a plan table. Rows: the number column
("TT"/"STT") gives the task id; a row with a number and no task is a group heading ("1.2 Công bố
…"); several rows under one number get ids 2a, 2b…; a "-" row belongs to the group above.

The state of a task is read from its result, and every reading is a guess a person confirms:
"Đang …" → in_progress; "chưa …" (with the reason after "Do … nên") → not_done; a result naming one
department ("… của Sở X") against a target of 100 % of agencies → in_progress (partly done); any other
result → done; no result → unknown. A target "thêm N% … trong tổng số dịch vụ công trực tuyến mức độ
3, 4" is kept with the count of level-3/4 services the result names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compliance.lint.citations import citations
from compliance.lint.numbers import levels
from compliance.lint.reader import Doc, Para, Table


@dataclass
class TaskRow:
    """One task: its id, the group heading, the task and result as written, the state read and why."""

    id: str
    criterion: str | None
    heading: str | None
    task: str
    result: str
    state: str
    place: Para
    reason: str | None = None
    guess: str | None = None
    target: dict | None = None
    achieved_count: int | None = None


@dataclass
class PlanTable:
    """A plan table: kind (papi / par_index), the intro text, its basis document and tasks."""

    kind: str
    intro: Para
    basis: str | None
    basis_date: str | None
    table: Table
    tasks: list[TaskRow] = field(default_factory=list)


def task_state(task: str, result: str) -> tuple[str, str | None, str | None]:
    """(state, reason, guess note) read from a task and its result (see the module doc)."""
    r = result.strip()
    if not r:
        return "unknown", None, "no result written"
    low = r.lower()
    if low.startswith("đang") or re.search(r"\bđang\s+(?:triển khai|thực hiện|phối hợp|xây dựng)", low):
        return "in_progress", None, None
    if re.search(r"\bchưa\b", low):
        why = re.search(r"\bdo\s+(.+?)\s+nên\s+chưa", r, re.IGNORECASE)
        reason = why.group(1).strip() if why else None
        return "not_done", reason[:1].upper() + reason[1:] if reason else None, None
    if re.search(r"100\s*%\s*(?:các\s+)?cơ quan", task.lower()) and len(re.findall(r"\bcủa\s+Sở\s", r)) == 1:
        return "in_progress", None, "the result names one department against a target of 100% of agencies"
    return "done", None, None


def _target(task: str, result: str) -> tuple[dict | None, int | None]:
    m = re.search(r"(\d+(?:,\d+)?)\s*%[^.]{0,80}?trong\s+tổng\s+số\s+dịch\s+vụ\s+công\s+trực\s+tuyến\s+mức\s+độ\s+3\s*[,&]\s*4", task)
    if not m:
        return None, None
    target = {"percent": float(m.group(1).replace(",", ".")), "of_metric": "online_services_l34",
              "text": task[m.start():m.end()].strip()}
    for clause in re.split(r"[;.]\s|\s-\s", result):
        if [3, 4] in levels(clause):
            count = re.search(r"\b(\d{1,5})\s+(?:TTHC|thủ tục|dịch vụ)", clause)
            if count:
                return target, int(count.group(1))
    return target, None


def plan_tables(doc: Doc) -> list[PlanTable]:
    """Every plan table of ``doc`` with its tasks."""
    out = []
    context: list[Para] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            context = (context + [block])[-3:]
            continue
        table = block
        task_col, result_col = table.column("nhiệm vụ"), table.column("kết quả")
        if task_col is None or result_col is None or not context:
            continue
        words = " ".join(p.text for p in context)
        kind = "papi" if "PAPI" in words else "par_index" if re.search(r"PAR\s*INDEX|Chỉ số Cải cách hành chính", words, re.I) else None
        if kind is None:
            continue
        cite = next((c for p in reversed(context) for c in citations(p.text)), None)
        plan = PlanTable(kind, context[-1], cite.number if cite else None, cite.date if cite else None, table)
        plan.tasks = _tasks(table, task_col, result_col)
        out.append(plan)
        context = []
    return out


def _tasks(table: Table, task_col: int, result_col: int) -> list[TaskRow]:
    id_col = table.column("stt", "tt")
    head_col = next((i for i in range(len(table.header)) if i not in (id_col, task_col, result_col)), None)
    groups: list[tuple[str, str | None, list]] = []
    for row in table.rows:
        number = row[id_col].text.strip().rstrip(".") if id_col is not None else ""
        heading = row[head_col].text if head_col is not None else None
        task, result = row[task_col].text, row[result_col].text
        if number and number != "-":
            groups.append((number, heading, []))
            if not task and not result:
                continue
        elif number == "-" and groups:
            parent, parent_heading, _ = groups[-1]
            heading = f"{parent_heading} — {heading}" if heading else parent_heading
            groups.append((parent, heading, []))
        elif not groups:
            continue
        if task or result:
            groups[-1][2].append((heading or groups[-1][1], task, result, row[task_col]))
    tasks = []
    for number, heading, rows in groups:
        for i, (head, task, result, cell) in enumerate(rows):
            tid = number if len(rows) == 1 else f"{number}{chr(ord('a') + i)}"
            state, reason, guess = task_state(task, result)
            target, achieved = _target(task, result)
            tasks.append(TaskRow(tid, number, head or heading, task, result, state, cell, reason, guess, target, achieved))
    return tasks
