"""``compliance template``: the fill-in Excel form for an agency, blank or pre-filled from a submission.

The layout comes from :mod:`compliance.intake.xlsx_form` (the same definitions the reader uses), so
what is written is what is read. The workbook has:

- Hướng dẫn (instructions, Vietnamese with English beside it);
- one sheet per data section: Cơ quan (agency and period), Văn bản (documents), Hồ sơ TTHC (the
  periodic dossier table, two header rows as in Biểu 06/VPCP/KSTT), Hồ sơ trễ hạn (late dossiers with
  the apology-letter status and, when known, their receipt dates), Số liệu (figures; the rows the
  edition reads are listed in advance: its criteria, the checks on them, the plan-target bases in the
  terms of its dates),
  Đào tạo (training), Kế hoạch and Nhiệm vụ (plans and their tasks), Tự đánh giá (one row per node of
  the criteria edition: points, evidence, explanation; the survey points column is locked: the
  appraising body gives those, issue 11 item 7), Ghi chú (notes);
- a hidden Danh mục sheet holding the drop-down lists, those of the edition
  (:func:`~compliance.intake.form_layout.edition_choices`: its unit types on its dates, the document
  topics its criteria look for, as Vietnamese words the reader turns back into codes).

Vietnamese headers carry the English name and a hint in their cell comments. Inputs have data
validation (drop-down lists for states, units and roles; whole numbers ≥ 0 for counts; 0–100 for
percentages; the node's point range for points; dates from 2000 to 2100). Header rows are frozen
and protected (sheet protection without a password, against slips, not a security control); input
cells are unlocked. Text columns are formatted as text so that "- Rà soát …" or "1.1" stay as typed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from compliance.i18n import M, text
from compliance.intake.form_layout import (AGENCY, DOCUMENTS, DOSSIERS, FIGURES, INSTRUCTIONS, KEYVALUE_HEAD,
                                         LATE, LISTS, NOTES, PLANS, SELF, SHEETS, TASKS, TRAINING, Col, Sheet,
                                         choice_word, criteria_figures, edition_choices)
from compliance.model.criteria import Edition
from compliance.io.workbook import Book, Formats, font, put
from compliance.io.workbook_layout import fit_rows, print_titles
from compliance.model.submission import Submission

INPUT_ROWS = 300
"""Rows prepared (unlocked, validated) below each table's header."""

GROUP_FILL = PatternFill("solid", fgColor="BDD7EE")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

_VI = Formats("vi")  # the form is Vietnamese: 28.044; percentages in points, 47,26
FORMATS = {"text": "@", "id": "@", "datetext": "@", "list": "@", "lines": "@", "choice": "@",
           "count": _VI.count, "number": "General", "percent": _VI.decimals(2), "points": _VI.decimals(2),
           "date": _VI.date}
PRINT_UNITS = 250
"""Widest a table's columns add up to (units of '0'): printed at about 60 % on landscape A4."""
DATE_MIN, DATE_MAX = 36526, 73415  # 01/01/2000 and 31/12/2100 as Excel serials
AUTHOR = "compliance"


def _comment(col: Col) -> Comment:
    """The header cell's note: the column in Vietnamese (with its help), then the same in English on a
    second line, so one form serves both (it is read back by either header)."""
    vi = (f"{col.group}: " if col.group else "") + col.vi + (f" — {text(col.help, 'vi')}" if col.help else "")
    en = (f"{col.group_en}: " if col.group_en else "") + col.en + (f" — {text(col.help, 'en')}" if col.help else "")
    return Comment(f"{vi}\n{en}", AUTHOR, width=260, height=110)


def _protect(ws) -> None:
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.insertColumns = p.formatColumns = p.formatRows = False
    p.autoFilter = p.sort = False


class _Lists:
    """The hidden sheet of drop-down lists, those the edition offers
    (:func:`~compliance.intake.form_layout.edition_choices`); ``ref(kind)`` is the range for a data
    validation."""

    def __init__(self, book: Book, edition: Edition):
        self.ws = book.sheet(LISTS[0])
        self.ws.sheet_state = "hidden"
        self.cols: dict[str, str] = {}
        for i, (kind, table) in enumerate(edition_choices(edition).items(), 1):
            put(self.ws, 1, i, kind)
            for r, (vi, _en) in enumerate(table.values(), 2):
                put(self.ws, r, i, vi)
            letter = get_column_letter(i)
            if table:
                self.cols[kind] = f"'{LISTS[0]}'!${letter}$2:${letter}${len(table) + 1}"

    def ref(self, kind: str) -> str | None:
        """The list's range, None when the edition offers nothing of that kind."""
        return self.cols.get(kind)


def _both(message) -> str:
    """A message of the form in Vietnamese, then in English."""
    return f"{message.get('vi')}\n{message.get('en')}"


def _validation(col: Col, lists: _Lists) -> DataValidation | None:
    en = col.en
    if col.choices and lists.ref(col.choices) is None:
        return None
    if col.kind == "choice":
        dv = DataValidation(type="list", formula1=lists.ref(col.choices), allow_blank=True)
        dv.error, dv.prompt = _both(M("Choose from the list ({column})", column=en)), M("Choose from the list").get("vi")
    elif col.choices:  # a list to pick from that does not bind: several topics, or a code of one's own
        dv = DataValidation(type="list", formula1=lists.ref(col.choices), allow_blank=True, showErrorMessage=False)
        dv.prompt = (M("Choose from the list or type a code; several values: separated by ;") if col.kind == "list"
                     else M("Choose from the list or type a figure code")).get("vi")
        dv.showInputMessage = True
        dv.errorTitle = col.vi
        return dv
    elif col.kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(int(col.min or 0)), allow_blank=True)
        dv.error = _both(M("A whole number ≥ {least} ({column})", least=int(col.min or 0), column=en))
    elif col.kind == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        dv.error = _both(M("A percentage from 0 to 100, in points: 47,26 ({column})", column=en))
    elif col.kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = _both(M("A number ≥ 0 ({column})", column=en))
    elif col.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=str(DATE_MIN), formula2=str(DATE_MAX),
                            allow_blank=True)
        dv.error = _both(M("A date dd/mm/yyyy between 2000 and 2100 ({column})", column=en))
    else:
        return None
    dv.errorTitle = col.vi
    dv.showErrorMessage = True
    dv.showInputMessage = bool(dv.prompt)
    return dv


def _title(ws, spec: Sheet, ncols: int) -> None:
    put(ws, 1, 1, f"BIỂU: {spec.vi.upper()}", style="title")
    if spec.help:
        put(ws, 2, 1, f"{text(spec.help, 'vi')} ({text(spec.help, 'en')})", style="subtitle")
    for r in (1, 2):  # a title spans the table and wraps within it
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)


def _value_for(col: Col, value):
    """A model value as the form shows it (choices as words, lists joined, dates as dates)."""
    if value is None:
        return None
    if col.kind == "choice":
        return choice_word(col.choices, value.value if hasattr(value, "value") else str(value))
    if col.kind == "list":
        return "; ".join(choice_word(col.choices, v) if col.choices else v for v in value) if value else None
    if col.kind == "id" and col.choices:
        return choice_word(col.choices, str(value))
    if col.kind == "lines":
        return "\n".join(value) if value else None
    if col.kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _dig(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _table(ws, spec: Sheet, rows: list[dict], lists: _Lists, extra_formats: dict | None = None) -> int:
    """Write a table sheet: title, (group row), header row, ``rows`` (plain data keyed like the columns),
    validations on the prepared rows, protection. Returns the header row number."""
    _title(ws, spec, max(len(spec.cols), 2))
    grouped = any(c.group for c in spec.cols)
    head = 4 if grouped else 3
    shrink = min(1.0, PRINT_UNITS / sum(col.width for col in spec.cols))  # a wide form still prints legibly
    for c, col in enumerate(spec.cols, 1):
        cell = put(ws, head, c, col.vi, style="header")
        cell.comment = _comment(col)
        ws.column_dimensions[get_column_letter(c)].width = round(col.width * shrink, 1)
    if grouped:
        c = 1
        while c <= len(spec.cols):
            col = spec.cols[c - 1]
            end = c
            while end < len(spec.cols) and col.group and spec.cols[end].group == col.group:
                end += 1
            if col.group:
                cell = put(ws, head - 1, c, col.group, style="header")
                cell.fill = GROUP_FILL
                cell.comment = Comment(f"{col.group}\n{col.group_en}" if col.group_en else col.group, AUTHOR)
                if end > c:
                    ws.merge_cells(start_row=head - 1, start_column=c, end_row=head - 1, end_column=end)
            c = end + 1
    ws.row_dimensions[head].height = 45
    last = head + max(INPUT_ROWS, len(rows))
    for c, col in enumerate(spec.cols, 1):
        letter = get_column_letter(c)
        dv = _validation(col, lists)
        if dv is not None:
            dv.add(f"{letter}{head + 1}:{letter}{last}")
            ws.add_data_validation(dv)
        # the column's own style: every cell typed below the header is unlocked and formatted
        dim = ws.column_dimensions[letter]
        dim.protection = UNLOCKED
        dim.number_format = FORMATS[col.kind]
        if col.kind in ("text", "lines", "list"):
            dim.alignment = WRAP
        for r in range(1, head + 1):  # title and header cells stay locked
            ws.cell(row=r, column=c).protection = Protection(locked=True)
    for i, row in enumerate(rows):
        r = head + 1 + i
        for c, col in enumerate(spec.cols, 1):
            value = _value_for(col, _dig(row, col.path))
            cell = ws.cell(row=r, column=c)
            if value is not None:
                put(ws, r, c, value)
            cell.protection = UNLOCKED
            cell.number_format = (extra_formats or {}).get((i, col.path)) or FORMATS[col.kind]
            if col.kind in ("text", "lines", "list"):
                cell.alignment = WRAP
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    print_titles(ws, head - 1 if grouped else head, head)
    fit_rows(ws, 1, head + len(rows))
    _protect(ws)
    return head


def _instructions(ws, edition: Edition) -> None:
    lines = [
        ("BIỂU MẪU SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", "ADMINISTRATIVE REFORM DATA FORM"),
        (f"Bộ tiêu chí: {edition.id} — {edition.title.vi}", f"Criteria edition: {edition.id} — {edition.title.get('en')}"),
        ("Điền các ô màu trắng dưới dòng tiêu đề; dòng tiêu đề được khóa. Không đổi tên sheet và tiêu đề cột "
         "(có thể thêm cột, đổi thứ tự cột hoặc sheet).",
         "Fill the white cells below the header; headers are locked. Keep sheet and column names "
         "(adding or reordering columns and sheets is fine)."),
        ("Số: gõ theo kiểu Việt Nam (28.044; 1,5) hoặc số thực; có thể dùng công thức (lưu file bằng Excel/LibreOffice "
         "để có kết quả).", "Numbers: Vietnamese (28.044; 1,5) or real numbers; formulas are read by their saved result."),
        ("Tỷ lệ % ghi theo điểm phần trăm: 47,26 (hoặc 47,26 %).", "Percentages in points: 47,26 (or 47,26 %)."),
        ("Ngày: dd/mm/yyyy. Ngày của văn bản giữ nguyên như văn bản ghi.", "Dates: dd/mm/yyyy. Document dates are kept as written."),
        ("Nhiều giá trị trong một ô (chủ đề, bước trễ hạn): cách nhau bằng dấu chấm phẩy; tài liệu kiểm chứng: "
         "mỗi tài liệu một dòng (Alt+Enter).", "Several values in a cell: separate with ';'; evidence: one document per line."),
        ("Sheet Số liệu: dòng để trống Giá trị là chưa báo cáo (tiêu chí tương ứng sẽ là «chưa chấm»).",
         "Figures sheet: a row without a value is not reported (its criterion is then not checked)."),
        ("Sheet Số liệu: giữ nguyên mã số liệu của các dòng có sẵn (tiêu chí đọc số liệu theo mã). Số liệu khác của "
         "cơ quan: thêm dòng mới với mã riêng, khác hẳn các mã có sẵn; mã gần giống một mã có sẵn mà dòng đó để trống "
         "(ví dụ satisfacton_rate) bị coi là gõ nhầm và báo lỗi.",
         "Figures sheet: keep the codes of the listed rows (the criteria read figures by code). Figures of your own: "
         "add a row with a code of your own, unlike the listed ones; a code close to a listed code whose row is blank "
         "(e.g. satisfacton_rate) is taken for a typo and refused."),
        ("Sheet Tự đánh giá: điểm tự đánh giá phải kèm tài liệu kiểm chứng; điểm điều tra XHH do cơ quan thẩm định "
         "điền (các ô đó bị khóa) và không tính vào chỉ số tự đánh giá.",
         "Self-assessment: self-scores need evidence; survey points are the appraising body's (those cells are "
         "locked) and do not count in a self-assessed index."),
        ("Kiểm tra: compliance check <tệp>.xlsx", "Check it: compliance check <file>.xlsx"),
    ]
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 70
    for r, (vi, en) in enumerate(lines, 1):
        put(ws, r, 1, vi, style="title" if r == 1 else "body")
        put(ws, r, 2, en, style="title" if r == 1 else "body")
    fit_rows(ws, 1, len(lines))


def _agency(ws, sub: dict | None, edition: Edition, lists: _Lists) -> None:
    _title(ws, AGENCY, 3)
    for c, col in enumerate(KEYVALUE_HEAD, 1):
        cell = put(ws, 3, c, col.vi, style="header")
        cell.comment = _comment(col)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.column_dimensions["C"].width = 36
    put(ws, 3, 3, "Item (English)", style="header")
    for r, col in enumerate(AGENCY.cols, 4):
        label = put(ws, r, 1, col.vi + (" (*)" if col.required else ""))
        label.comment = _comment(col)
        label.fill = LOCKED_FILL
        put(ws, r, 3, col.en, style="note")
        cell = ws.cell(row=r, column=2)
        cell.protection = UNLOCKED
        cell.alignment = WRAP
        cell.number_format = FORMATS[col.kind]
        dv = _validation(col, lists)
        if dv is not None:
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
        value = _dig(sub, col.path) if sub else None
        if col.path == "criteria":  # the form's edition, also when written from a submission of another one
            value = edition.id
        value = _value_for(col, value)
        if value is not None:
            put(ws, r, 2, value)
    fit_rows(ws, 4, 3 + len(AGENCY.cols))
    ws.freeze_panes = "A4"
    print_titles(ws, 3)
    _protect(ws)


def build_template(edition: Edition, submission: Submission | None = None) -> Book:
    """The form as a :class:`~compliance.io.workbook.Book` (see the module docstring); pre-filled when
    ``submission`` is given. Every sheet has its print setup; the page header names the edition."""
    sub = submission.model_dump(mode="json", by_alias=True, exclude_none=True) if submission else None
    agency = (sub or {}).get("agency", {}).get("name") or "Biểu mẫu số liệu cải cách hành chính"
    book = Book("vi", header=(agency, f"Bộ tiêu chí {edition.id}"), kind="form")
    _instructions(book.sheet(INSTRUCTIONS[0], landscape=False), edition)
    sheets = {spec.key: book.sheet(spec.vi) for spec in SHEETS}
    lists = _Lists(book, edition)
    _agency(sheets["agency"], sub, edition, lists)
    sub = sub or {}
    _table(sheets["documents"], DOCUMENTS, sub.get("documents", []), lists)
    _table(sheets["dossiers"], DOSSIERS, [sub["dossiers"]] if "dossiers" in sub else [], lists)
    _table(sheets["late_dossiers"], LATE, sub.get("late_dossiers", []), lists)

    figures = dict(sub.get("figures", {}))
    rows = []
    for key, title, unit in criteria_figures(edition):
        rows.append({"id": key, **figures.pop(key, {"label": title, "unit": unit, "scope": "own"})})
    rows += [{"id": key, **value} for key, value in figures.items()]
    formats = {(i, "value"): _VI.percent_points for i, row in enumerate(rows) if row.get("unit") == "percent"}
    _table(sheets["figures"], FIGURES, rows, lists, formats)

    _table(sheets["training"], TRAINING, sub.get("training", []), lists)
    _table(sheets["plans"], PLANS, sub.get("plans", []), lists)
    tasks = [{"plan": plan["id"], **task} for plan in sub.get("plans", []) for task in plan.get("tasks", [])]
    _table(sheets["tasks"], TASKS, tasks, lists)
    _self_assessment(sheets["self_assessment"], edition, sub, lists)
    _table(sheets["notes"], NOTES, [{"note": n} for n in sub.get("notes", [])], lists)
    return book


def _self_assessment(ws, edition: Edition, sub: dict, lists: _Lists) -> None:
    own = sub.get("self_assessment", {})
    survey = sub.get("survey", {})
    nodes = list(edition.nodes())
    rows = []
    for node in nodes:
        row = {"id": node.id, "name": node.name.vi, "max": node.max_points}
        if node.id in own:
            row.update({k: v for k, v in own[node.id].items() if v not in (None, [])})
        if node.id in survey:
            row["survey"] = survey[node.id]
        rows.append(row)
    head = _table(ws, SELF, rows, lists)
    cols = {c.path: i for i, c in enumerate(SELF.cols, 1)}
    ws.sheet_properties.outlinePr.summaryBelow = False
    bounds: dict[tuple[float, float], list[str]] = {}
    for i, node in enumerate(nodes):
        r = head + 1 + i
        depth = node.id.count(".")
        for key in ("id", "name", "max", "survey"):  # survey points are the appraising body's: locked
            cell = ws.cell(row=r, column=cols[key])
            cell.protection = LOCKED
            cell.fill = LOCKED_FILL
            if node.level == "field" and key != "survey":
                cell.font = font(bold=True)
        ws.cell(row=r, column=cols["name"]).alignment = Alignment(wrap_text=True, vertical="top", indent=depth * 2)
        if depth:
            ws.row_dimensions[r].outline_level = depth
        bounds.setdefault((node.min_points, node.max_points), []).append(f"{get_column_letter(cols['points'])}{r}")
    # the generic 0–∞ validation of the points columns is replaced by each node's own range
    ws.data_validations.dataValidation = [dv for dv in ws.data_validations.dataValidation if dv.type != "decimal"]
    for (low, high), cells in bounds.items():
        if high is None:  # an edition that does not give the node's points: only its floor is known
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=f"{low:g}", allow_blank=True)
            dv.error = f"Points ≥ {low:g}"
        else:
            dv = DataValidation(type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}",
                                allow_blank=True)
            dv.error = f"Points from {low:g} to {high:g}"
        dv.errorTitle, dv.showErrorMessage = "Điểm", True
        for ref in cells:
            dv.add(ref)
        ws.add_data_validation(dv)


def write_template(path: str | Path, edition: Edition, submission: Submission | None = None) -> None:
    """Write the form for ``edition`` to ``path`` atomically (temporary file, then rename)."""
    build_template(edition, submission).save(path)
