"""``compliance lint REPORT --extract -o draft.yaml``: the figures a report gives, as a draft submission.

Mapped where the wording is recognised (see :mod:`compliance.lint.figures`, :mod:`compliance.lint.late`,
:mod:`compliance.lint.plans`): the agency and period from the title and opening, the documents cited
(number, date as written, issuer, whether the agency issued, advised or cited them), the dossier table
(received, online, resolved early / on time / late, pending, the shares as stated), late dossiers per
agency with their apology letters (software-only lateness apart), satisfaction, online services by
level, PAPI and PAR INDEX plan tasks. Each value is written with the sentence it came from as a YAML
comment; what could not be mapped is listed at the end for a person to fill, and so are the fields
no report states (the agency's code). The draft validates against
:class:`compliance.model.submission.Submission`, so ``compliance check draft.yaml`` runs on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compliance.lint.citations import Citation, citations, same_document
from compliance.lint.figures import measure
from compliance.lint.kinds import quote
from compliance.lint.late import agency_name
from compliance.lint.model import Place
from compliance.lint.numbers import levels
from compliance.lint.plans import plan_tables
from compliance.lint.reader import Para
from compliance.lint.run import Reading, read_report

TO_FILL = "CẦN-ĐIỀN"
#: words of a document's title → the topic the criteria look for (issued or advised documents only)
TOPICS: list[tuple[str, str]] = [
    ("kế hoạch cải cách hành chính", "par_plan"), ("ứng dụng công nghệ thông tin", "it_plan"),
    ("kiểm soát thủ tục hành chính", "procedure_control_plan"), ("đào tạo bồi dưỡng", "training_plan"),
    ("cơ cấu tổ chức", "functions_regulation"), ("quy chế làm việc", "working_regulation"),
    ("vị trí việc làm", "job_positions"), ("chuyển đổi vị trí công tác", "job_rotation_plan"),
    ("quy hoạch chức danh", "leadership_planning"), ("chi tiêu nội bộ", "internal_spending_rules"),
    ("iso 9001", "iso_plan"),
]
UNIT_TYPES = [(r"^Văn phòng (?:UBND|Ủy ban)", "provincial_office"), (r"^Sở\b|^Ban\b", "department"),
              (r"^Trung tâm", "one_stop_centre"), (r"^UBND (?:huyện|quận|thị xã|thành phố)", "district"),
              (r"^UBND (?:xã|phường|thị trấn)", "commune"), (r"^UBND tỉnh", "province")]
ISSUERS = {"UBND": "UBND tỉnh", "VPUBND": "Văn phòng UBND tỉnh", "TTG": "Thủ tướng Chính phủ", "CP": "Chính phủ",
           "BNV": "Bộ Nội vụ", "VPCP": "Văn phòng Chính phủ", "BTTTT": "Bộ Thông tin và Truyền thông"}


@dataclass
class Draft:
    """A draft submission: ``data`` (plain YAML-ready mapping), ``sources`` (dotted path → (sentence,
    place)), ``unmapped`` (sentences with figures left for a person), ``to_fill`` (fields to fill),
    ``notes`` (guesses made)."""

    data: dict
    sources: dict[str, tuple[str, Place]] = field(default_factory=dict)
    unmapped: list[tuple[str, Place]] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def extract_draft(path: str | Path, *, report_date: dt.date | None = None) -> Draft:
    """Map the figures of the report at ``path`` to a draft submission (see the module doc).
    InputError when the file cannot be read."""
    r = read_report(path, report_date)
    draft = Draft({})
    name, unit_type = _agency(r)
    draft.data["agency"] = {"code": TO_FILL, "name": name or TO_FILL, "unit_type": unit_type or "department"}
    province = _province(r)
    if province:
        draft.data["agency"]["province"] = province
    draft.to_fill.append("agency.code: mã cơ quan / the agency's code")
    if not name or not unit_type:
        draft.to_fill.append("agency.name, agency.unit_type")
    if r.period:
        draft.data["period"] = {"from": r.period.start, "to": r.period.end, "label": r.period.label[:1].upper() + r.period.label[1:]}
    else:
        draft.data["period"] = {"from": dt.date(2000, 1, 1), "to": dt.date(2000, 12, 31), "label": TO_FILL}
        draft.to_fill.append("period: kỳ báo cáo / the reporting period")
    if r.title:
        draft.data["report"] = {"title": re.sub(r"^BÁO\s+CÁO\s*", "Báo cáo ", r.title.text).strip(), "role": "issued",
                                "issuer": name or TO_FILL, "kind": "Báo cáo"}
    used: set[int] = set()
    _documents(r, draft, name)
    _dossiers(r, draft, used)
    _late(r, draft, used)
    _figures(r, draft, used)
    _plans(r, draft)
    for unit in r.doc.units():
        for n in r.figures.nums.get(id(unit), []):
            if id(n) not in used and (n.unit == "hồ sơ" or n.percent):
                draft.unmapped.append((quote(unit.text, n.start, n.end), unit.place))
                break
    draft.notes += [a.message.vi for a in r.out.assumptions]
    draft.data["notes"] = ["Bản nháp do compliance lint --extract tạo từ " + Path(path).name
                           + "; người lập kiểm tra từng số liệu với câu nguồn trước khi dùng."] + draft.notes
    return draft


def _agency(r: Reading) -> tuple[str | None, str | None]:
    for p in r.doc.paragraphs[:12]:
        m = re.search(r"((?:Văn phòng|Sở|Ban|Trung tâm|UBND)\s[^,;:]{2,60}?)\s+(?:tổng hợp,\s*)?báo cáo", p.text)
        if m:
            written = m.group(1).strip()
            full = agency_name(written) or written
            kind = next((k for pat, k in UNIT_TYPES if re.search(pat, full)), None)
            province = _province(r)
            if province and full.endswith("tỉnh"):
                full = f"{full} {province}"
            return full, kind
    return None, None


def _province(r: Reading) -> str | None:
    counts: dict[str, int] = {}
    for p in r.doc.paragraphs:
        for m in re.finditer(r"\btỉnh\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ']*\s?){1,3})", p.text):
            name = m.group(1).strip()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _documents(r: Reading, draft: Draft, agency: str | None) -> None:
    own = "VPUBND" if agency and agency.startswith("Văn phòng") else None
    docs: list[dict] = []
    found: list[tuple[Citation, Para]] = []
    for unit in r.doc.units():
        for c in citations(unit.text):
            match = next((d for d, (cc, _) in zip(docs, found) if same_document(cc.number, c.number)), None)
            if match is not None:
                if c.date and "date" not in match:
                    match["date"] = c.date
                continue
            text = unit.text
            cut = max(text.rfind(";", 0, c.start), text.rfind(". ", 0, c.start), 0)
            clause = text[cut:c.start]
            advised = re.search(r"tham\s+mưu", clause, re.IGNORECASE)
            issuer = re.split(r"\s+(?:về|ban hành|triển khai|Công văn|Kế hoạch|Quyết định|Thông tư)\b", c.issuer or "")[0] or None
            issuer = issuer or ISSUERS.get((c.issuer_code or "").upper(), c.issuer_code)
            role = "advised" if advised else "issued" if own and (c.issuer_code or "").upper() == own else "cited"
            end = min([k for k in (text.find(";", c.end), text.find(". ", c.end)) if k > 0] or [len(text)])
            rest = text[c.end:end]
            named = re.search(r"\bvề\s+(?:việc\s+)?(.{4,})", rest) or re.search(r"\bban\s+hành\s+(.{4,})", rest)
            title = named.group(1) if named else clause.strip(" -–:;,(") or c.number
            title = title.strip(" ,;.()")
            entry = {"number": c.number, "kind": c.type_word[:1].upper() + c.type_word[1:].lower(), "issuer": issuer,
                     "role": role, "title": title[:200], "section": unit.place.section or ""}
            if c.date:
                entry["date"] = c.date
            topics = [t for words, t in TOPICS if role != "cited" and words in re.sub(r"[,]", "", title.lower() + " " + clause.lower())]
            if role == "advised" and c.year:
                topics.append("legal_document")
            if topics:
                entry["topics"] = topics
            docs.append({k: v for k, v in entry.items() if v not in (None, "")})
            found.append((c, unit))
            draft.sources[f"documents[{len(docs) - 1}]"] = (quote(text, c.start, c.end), unit.place)
    draft.data["documents"] = docs


def _dossiers(r: Reading, draft: Draft, used: set[int]) -> None:
    f = r.figures
    mapping = {"received.total": "received", "received.online": "online", "received.in_person_post": "in_person_post",
               "received.carried_over": "carried_over", "resolved.total": "resolved", "resolved.early": "early",
               "resolved.on_time": "on_time", "resolved.late": "late", "in_progress.total": "pending",
               "in_progress.within_time": "within"}
    out: dict = {}
    for path, name in mapping.items():
        fig = f.get(name)
        if fig is None or not isinstance(fig.num.value, int):
            continue
        group, key = path.split(".")
        out.setdefault(group, {})[key] = fig.num.value
        used.add(id(fig.num))
        draft.sources[f"dossiers.{path}"] = (quote(fig.unit.text, fig.num.start, fig.num.end), fig.unit.place)
    if not out:
        return
    rates: dict = {}
    for unit in r.doc.units():
        nums = f.nums.get(id(unit), [])
        for i, n in enumerate(nums):
            if not n.percent or not i or nums[i - 1].percent or not nums[i - 1].unit:
                continue
            owner = next((k for k, fig in f.figures.items() if fig.num is nums[i - 1] and k[1] == "all"), None)
            key = {"online": "online", "early": "early", "on_time": "on_time", "late": "late"}.get(owner[0] if owner else "")
            if key and key not in rates:
                rates[key] = n.value
                used.add(id(n))
                draft.sources[f"dossiers.stated_rates.{key}"] = (quote(unit.text, n.start, n.end), unit.place)
    if rates:
        out["stated_rates"] = rates
    first = f.get("received") or next(iter(f.figures.values()))
    dossier = {"scope": "public_administration_centre" if any("Hành chính công" in u.text for u in r.doc.paragraphs)
               else "one_stop_section"}
    span = _span(r, first.unit)
    if span:
        dossier["period"] = span
    dossier.update(out)
    dossier["source"] = first.unit.place.label("vi")
    draft.data["dossiers"] = dossier


def _span(r: Reading, near: Para) -> dict | None:
    paras = r.doc.paragraphs
    at = next((i for i, p in enumerate(paras) if p is near), 0)
    for p in paras[max(0, at - 3):at + 1]:
        m = re.search(r"từ\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s+đến\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", p.text)
        if m:
            try:
                a = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                b = dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            except ValueError:
                return None
            return {"from": a, "to": b, "label": p.text.strip(" :")[:120]}
    return None


def _late(r: Reading, draft: Draft, used: set[int]) -> None:
    groups = []
    for ll in r.late_lists:
        for item in ll.items:
            for it in item.children or [item]:
                used.add(id(it.num))
                used.add(id(item.num))
                agency = it.agency or item.agency
                entry = {"id": f"late-{len(groups) + 1:02d}", "agency": agency or TO_FILL, "count": it.count,
                         "lateness": it.lateness, "apology_letter": it.apology, "text": it.text[:300],
                         "source": ll.unit.place.label("vi")}
                if it.procedure:
                    entry["procedure"] = it.procedure[:1].upper() + it.procedure[1:]
                if it.late_steps:
                    entry["late_steps"] = it.late_steps
                if it.reason and it.apology == "not_stated":
                    entry["reason"] = it.reason[:300]
                if not agency:
                    draft.to_fill.append(f"late_dossiers[{len(groups)}].agency ({it.text[:60]})")
                groups.append(entry)
                draft.sources[f"late_dossiers[{len(groups) - 1}]"] = (it.text[:200], ll.unit.place)
    if groups:
        draft.data["late_dossiers"] = groups


_LEVEL_FIGURE = re.compile(r"dịch\s+vụ\s+công(?:\s+trực\s+tuyến)?\s+mức\s+độ\s+([1-4](?:\s*,\s*[1-4])?)\s+là\s+(\d[\d.]*)")


def _figures(r: Reading, draft: Draft, used: set[int]) -> None:
    figures: dict = {}
    for unit in r.doc.paragraphs:
        text = unit.text
        nums = r.figures.nums.get(id(unit), [])
        for n in nums:
            if not n.percent:
                continue
            words = text[max(0, n.start - 60):n.start]
            name = measure(words.split(",")[-1]) or measure(text[n.end:n.end + 30].split(",")[0])
            key = {"satisfied": "satisfaction_rate", "dissatisfied": "dissatisfaction_rate"}.get(name or "")
            if key and key not in figures:
                label = "Tỷ lệ hài lòng" if key == "satisfaction_rate" else "Tỷ lệ không hài lòng"
                figures[key] = {"value": n.value, "unit": "percent", "label": label, "text": n.text,
                                "source": unit.place.label("vi")}
                used.add(id(n))
                draft.sources[f"figures.{key}"] = (quote(text, n.start, n.end), unit.place)
        for m in _LEVEL_FIGURE.finditer(text):
            lv = levels("mức độ " + m.group(1))[0]
            key = "online_services_level_" + "_".join(map(str, lv))
            value = int(m.group(2).replace(".", ""))
            if key not in figures:
                figures[key] = {"value": value, "unit": "count", "scope": "province",
                                "label": "Dịch vụ công trực tuyến mức độ " + ", ".join(map(str, lv)), "source": unit.place.label("vi")}
                draft.sources[f"figures.{key}"] = (quote(text, m.start(), m.end()), unit.place)
                used.update(id(n) for n in nums if m.start() <= n.start < m.end())
    if figures:
        draft.data["figures"] = figures


def _plans(r: Reading, draft: Draft) -> None:
    from compliance.errors import InputError
    from compliance.papi import dimension_key_from_name

    year = r.period.year if r.period else None
    plans = []
    for pt in plan_tables(r.doc):
        pid = ("papi" if pt.kind == "papi" else "par-index") + (f"-{year}" if year else "")
        plan = {"id": pid, "kind": pt.kind, "title": pt.intro.text[:200], "section": pt.intro.place.section or ""}
        if pt.basis:
            plan["basis"] = pt.basis
        if pt.basis_date:
            plan["basis_date"] = pt.basis_date
        tasks = []
        for t in pt.tasks:
            task = {"id": t.id, "heading": t.heading, "task": t.task, "result": t.result, "state": t.state}
            if pt.kind == "papi":
                try:
                    dim = dimension_key_from_name(t.heading or "", year)
                except InputError:
                    dim = None
                if dim:
                    task["dimension"] = dim
            else:
                task["criterion"] = t.criterion
            if t.reason:
                task["reason"] = t.reason
            if t.target:
                task["target"] = t.target
            if t.achieved_count is not None:
                task["achieved_count"] = t.achieved_count
            if t.guess:
                draft.notes.append(f"{pid}/{t.id}: trạng thái {t.state} là suy đoán ({t.guess})")
            tasks.append({k: v for k, v in task.items() if v not in (None, "")})
            draft.sources[f"plans[{len(plans)}].tasks[{len(tasks) - 1}]"] = (t.result[:200] or t.task[:200], t.place.place)
        plan["tasks"] = tasks
        plans.append(plan)
    if plans:
        draft.data["plans"] = plans


# --------------------------------------------------------------------------------------- writing

def _dump(value, flow: bool = True) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=100000).strip()
    return re.sub(r"\n\.\.\.$", "", text)


def _comment(text: str) -> str:
    return "# " + re.sub(r"\s+", " ", text).strip()


def draft_yaml(draft: Draft, source_name: str) -> str:
    """The draft as YAML text with a comment above each value naming the sentence it came from."""
    lines = [f"# Bản nháp submission tạo bởi `compliance lint --extract` từ {source_name}.",
             "# Draft submission made by `compliance lint --extract`; each value has its source sentence above it.",
             f"# Giá trị \"{TO_FILL}\" phải do người điền / values marked \"{TO_FILL}\" are for a person to fill.", ""]

    last = [""]

    def src(path: str, indent: str) -> None:
        if path in draft.sources:
            sentence, place = draft.sources[path]
            note = _comment(f"«{sentence[:240]}» ({place.label('vi')})")
            lines.append(indent + (note if note != last[0] else "# (cùng câu trên / same sentence)"))
            last[0] = note

    for key, value in draft.data.items():
        if key in ("documents", "late_dossiers"):
            lines.append(f"{key}:")
            for i, item in enumerate(value):
                src(f"{key}[{i}]", "  ")
                lines.append("  - " + _dump(item))
        elif key == "dossiers":
            lines.append("dossiers:")
            for k, v in value.items():
                if isinstance(v, dict) and k != "period":
                    lines.append(f"  {k}:")
                    for kk, vv in v.items():
                        src(f"dossiers.{k}.{kk}", "    ")
                        lines.append(f"    {kk}: {_dump(vv)}")
                else:
                    lines.append(f"  {k}: {_dump(v)}")
        elif key == "figures":
            lines.append("figures:")
            for k, v in value.items():
                src(f"figures.{k}", "  ")
                lines.append(f"  {k}: {_dump(v)}")
        elif key == "plans":
            lines.append("plans:")
            for p, plan in enumerate(value):
                head = {k: v for k, v in plan.items() if k != "tasks"}
                lines.append("  - " + _dump(head, False).replace("\n", "\n    "))
                lines.append("    tasks:")
                for t, task in enumerate(plan["tasks"]):
                    src(f"plans[{p}].tasks[{t}]", "      ")
                    lines.append("      - " + _dump(task))
        else:
            lines.append(_dump({key: value}, False))
        lines.append("")
    if draft.to_fill:
        lines.append("# CẦN ĐIỀN / TO FILL:")
        lines += ["#   - " + x for x in draft.to_fill]
    if draft.unmapped:
        lines.append("# CHƯA ÁNH XẠ (số liệu chưa đưa vào bản nháp, người lập xem và điền nếu cần) / NOT MAPPED:")
        lines += ["#   - " + _comment(f"«{s[:200]}» ({p.label('vi')})")[2:] for s, p in draft.unmapped]
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, path: str | Path, source_name: str) -> None:
    """Write the draft's YAML to ``path`` atomically (nothing half-written on failure)."""
    from compliance.io.files import atomic_write

    with atomic_write(path, "w") as fh:
        fh.write(draft_yaml(draft, source_name))
