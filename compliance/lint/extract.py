"""``compliance lint REPORT --extract -o draft.yaml``: the figures a report gives, as a draft submission.

Mapped where the wording is recognised (see :mod:`compliance.lint.extract_dossiers`,
:mod:`compliance.lint.figures`, :mod:`compliance.lint.late`, :mod:`compliance.lint.plans`; the draft and its
YAML: :mod:`compliance.lint.draft`): the agency and period from the title and opening, the documents cited
(number, date as written, issuer, whether the agency issued, advised or cited them), the dossier table
(received, online, resolved early / on time / late, pending, the shares as stated), late dossiers per
agency with their apology letters (software-only lateness apart), satisfaction, online services by
level (mức độ 3, 4 until Nghị định 42/2022/NĐ-CP, toàn trình / một phần after it), PAPI and PAR
INDEX plan tasks. Each value is written with the sentence it came from as a YAML comment; what could
not be mapped (sentences, clauses after ";", Word tables) is listed at the end for a person to fill,
and so are the fields no report states (the agency's code) and the documents the criteria look for
that the report is silent on: each is a placeholder ``CẦN-ĐIỀN`` (:data:`compliance.model.submission.
TO_FILL`) that ``compliance check`` refuses until a person fills it or deletes the entry, so nothing the
report does not say is scored as "not issued". The draft validates against
:class:`compliance.model.submission.Submission`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from compliance.errors import InputError
from compliance.io.vnparse import normalize_key, spelt_out
from compliance.lint.citations import TYPE_CODES, Citation, citations, same_document
from compliance.lint.kinds import quote
from compliance.lint.late import agency_name
from compliance.lint.draft import Draft
from compliance.lint.extract_dossiers import map_dossiers, map_figures, map_late
from compliance.lint.plans import plan_tables
from compliance.lint.reader import Para, Table
from compliance.lint.run import Reading, read_report
from compliance.lint.textchecks import row_dates
from compliance.model.submission import TO_FILL

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
              (r"^Trung tâm (?:Phục vụ )?[Hh]ành chính công", "provincial_office"),
              (r"^UBND (?:huyện|quận|thị xã|thành phố)", "district"),
              (r"^UBND (?:xã|phường|thị trấn)", "commune"), (r"^UBND tỉnh", "province")]
CENTRE_NOTE = ("Trung tâm Phục vụ hành chính công được chấm theo bộ tiêu chí của Văn phòng UBND tỉnh "
               "(provincial_office): trong các bộ mẫu, tiêu chí 'Vận hành Trung tâm Phục vụ hành chính công' "
               "thuộc Văn phòng UBND tỉnh; nếu tỉnh chấm Trung tâm như một cơ quan riêng, đổi thành department")
ISSUERS = {"UBND": "UBND tỉnh", "VPUBND": "Văn phòng UBND tỉnh", "TTG": "Thủ tướng Chính phủ", "CP": "Chính phủ",
           "BNV": "Bộ Nội vụ", "VPCP": "Văn phòng Chính phủ", "BTTTT": "Bộ Thông tin và Truyền thông"}
_TYPES = "|".join(sorted((re.escape(t) for t in TYPE_CODES), key=len, reverse=True))
_ISSUER_END = re.compile(rf"\s*(?:,|\bvà\b)?\s*(?:(?i:{_TYPES})|về|ban hành|triển khai|quy định)\b.*$|\s+(?:và|,)\s*$")
_TITLE_END = re.compile(r",\s+(?:Sở|Văn phòng|Trung tâm|UBND|Ủy ban|Ban|Phòng|hoàn thành|đạt)\s.*$|\s+như\s+sau.*$")
_OWN_NUMBER = re.compile(r"\bSố\s*:?\s*\d{1,5}/(?:\d{4}/)?[A-Za-zĐđ]+-([A-ZĐ][A-ZĐ0-9]*)")
_ISSUES = re.compile(r"(?:^|\s)(?:đã\s+)?(?:xây\s+dựng\s+(?:và\s+)?)?ban\s+hành\s*:?\s*$", re.IGNORECASE)
_IMPLEMENTS = re.compile(r"^(?:[IVX]+\.\s*|\d+\.\s*|[-–+]\s*)?(?:Thực\s+hiện|Căn\s+cứ|Theo|Triển\s+khai)\b", re.IGNORECASE)
_OTHER_ISSUER = re.compile(r"\b(?:UBND|Ủy ban|Chủ tịch|Bộ|Chính phủ|Thủ tướng|HĐND|Hội đồng)\b")


def extract_draft(path: str | Path, *, report_date: dt.date | None = None) -> Draft:
    """Map the figures of the report at ``path`` to a draft submission (see the module doc).
    InputError when the file cannot be read."""
    r = read_report(path, report_date)
    draft = Draft({})
    name, unit_type = _agency(r)
    draft.data["agency"] = {"code": TO_FILL, "name": name or TO_FILL, "unit_type": unit_type or "department"}
    if name and re.match(UNIT_TYPES[2][0], name):
        draft.comments["agency.unit_type"] = CENTRE_NOTE
        draft.notes.append(CENTRE_NOTE)
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
    map_dossiers(r, draft, used)
    map_late(r, draft, used, name)
    map_figures(r, draft, used)
    _plans(r, draft)
    _silent_documents(draft)
    _unmapped(r, draft, used)
    draft.notes += [a.message.vi for a in r.out.assumptions]
    draft.data["notes"] = ["Bản nháp do compliance lint --extract tạo từ " + Path(path).name
                           + "; người lập kiểm tra từng số liệu với câu nguồn trước khi dùng."] + draft.notes
    return draft


def _agency(r: Reading) -> tuple[str | None, str | None]:
    """The reporting agency: the subject of "… báo cáo" in the opening sentences, else the agency line of
    the header block ("SỞ TƯ PHÁP"); and its unit type."""
    written = None
    for p in r.doc.paragraphs[:16]:
        for m in re.finditer(r"((?:Văn phòng|Sở|Ban|Trung tâm|UBND)\s[^,;:]{2,60}?)\s+(?:tổng hợp,\s*)?báo cáo", p.text):
            if not re.search(r"\b(?:về|của|theo)\b", m.group(1)):
                written = m.group(1).strip()
                break
        if written:
            break
    if written is None:
        head = next((p.text for p in r.doc.paragraphs[:8] if re.match(r"^(?:SỞ|BAN|VĂN PHÒNG|TRUNG TÂM)\s", p.text)), None)
        written = agency_name(head) if head else None
    if not written:
        return None, None
    full = agency_name(written) or written
    kind = next((k for pat, k in UNIT_TYPES if re.search(pat, full)), None)
    province = _province(r)
    if province and full.endswith("tỉnh"):
        full = f"{full} {province}"
    return full, kind


def _province(r: Reading) -> str | None:
    """The province: the header block's "… TỈNH LÂM ĐỒNG" (the agency's own line or the one above it), else the
    province the text names most often ("tỉnh Lâm Đồng")."""
    for p in r.doc.paragraphs[:8]:
        m = re.search(r"\bTỈNH\s+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ -]{1,40})$", p.text.strip())
        if m and p.text.strip().isupper():
            return m.group(1).strip().title()
    counts: dict[str, int] = {}
    for p in r.doc.paragraphs:
        for m in re.finditer(r"\btỉnh\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ']*\s?){1,3})", p.text):
            name = m.group(1).strip()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def own_code(r: Reading, agency: str | None) -> str | None:
    """The issuer group of the agency's own symbols: from the report's number ("Số: 412/BC-STP" → STP),
    else VPUBND for a Văn phòng UBND, else the initials of its name (Sở Tư pháp → STP)."""
    for p in r.doc.paragraphs[:12]:
        m = _OWN_NUMBER.search(p.text)
        if m:
            return m.group(1).upper()
    if not agency:
        return None
    if agency.startswith("Văn phòng"):
        return "VPUBND"
    return "".join(w[0] for w in normalize_key(agency).split()).upper()


def _names_agency(issuer: str, agency: str | None) -> bool:
    """Whether the issuer a sentence names ("của UBND phường", "của UBND tỉnh Lâm Đồng") is the reporting
    agency: every People's Committee signs with the symbol UBND, so the words decide, not the symbol."""
    mine, named = normalize_key(agency or ""), normalize_key(issuer)
    return bool(mine and named) and (named in mine or mine in named)


def _documents(r: Reading, draft: Draft, agency: str | None) -> None:
    own = own_code(r, agency)
    docs: list[dict] = []
    found: list[tuple[Citation, Para]] = []
    in_rows = row_dates(r.doc)  # a table of documents dates each row by its "Ngày ban hành" cell
    for unit in r.doc.units():
        for c in citations(unit.text):
            c.date = c.date or in_rows.get(id(unit))
            match = next((d for d, (cc, _) in zip(docs, found) if same_document(cc.number, c.number)), None)
            if match is not None:
                if c.date and "date" not in match:
                    match["date"] = c.date
                continue
            text = unit.text
            cut = max(text.rfind(";", 0, c.start), text.rfind(". ", 0, c.start), text.rfind("(", 0, c.start), 0)
            clause = text[cut:c.start].strip(" ;.(")
            advised = re.search(r"tham\s+mưu", clause, re.IGNORECASE)
            named_issuer = _ISSUER_END.sub("", c.issuer or "").strip(" ,") or None  # "… của UBND tỉnh Lâm Đồng"
            by_own = (own is not None and (c.issuer_code or "").upper() == own
                      and (named_issuer is None or _names_agency(named_issuer, agency)))
            says_issued = bool(_ISSUES.search(clause)) and not _OTHER_ISSUER.search(clause)
            # "Thực hiện Kế hoạch số 45/KH-UBND …" in a People's Committee's report: the symbol UBND is every
            # level's, the sentence names no issuer and implements the document: taken as cited, a person says
            shared = (by_own and own == "UBND" and named_issuer is None and not says_issued and not advised
                      and bool(_IMPLEMENTS.search(clause)))
            role = "advised" if advised else "issued" if (by_own and not shared) or says_issued else "cited"
            if role == "issued":
                issuer = agency
            elif shared:
                issuer = "UBND"
            else:
                issuer = named_issuer or ISSUERS.get((c.issuer_code or "").upper(), c.issuer_code)
            end = min([k for k in (text.find(";", c.end), text.find(". ", c.end)) if k > 0] or [len(text)])
            rest = text[c.end:end]
            named = re.search(r"\bvề\s+(?:việc\s+)?(.{4,})", rest) or re.search(r"\bban\s+hành\s+(.{4,})", rest)
            kind = c.type_word[:1].upper() + c.type_word[1:].lower()
            title = _TITLE_END.sub("", named.group(1)).strip(" ,;.()") if named else f"{kind} số {c.number}"
            entry = {"number": c.number, "kind": kind, "issuer": issuer, "role": role, "title": title[:200],
                     "section": unit.place.section or ""}
            if c.date:
                entry["date"] = c.date
            words = spelt_out(re.sub(r"[,]", "", f"{kind} {title} {clause}".lower()))
            topics = [t for w, t in TOPICS if role != "cited" and w in words]
            if role == "advised" and c.year:
                topics.append("legal_document")
            if topics:
                entry["topics"] = topics
            docs.append({k: v for k, v in entry.items() if v not in (None, "")})
            found.append((c, unit))
            if shared:
                draft.comments[f"documents[{len(docs) - 1}]"] = (
                    f"ký hiệu UBND là của mọi cấp và câu không nêu cơ quan ban hành: nếu văn bản do {agency} ban hành, "
                    "đổi role thành issued và issuer thành tên cơ quan / the symbol UBND is every People's Committee's "
                    "and the sentence names no issuer: if the agency issued it, set role: issued and the issuer")
            draft.sources[f"documents[{len(docs) - 1}]"] = (quote(text, c.start, c.end), unit.place)
    draft.data["documents"] = docs
    _undated(draft, [c for c, _ in found])


def _undated(draft: Draft, cites: list[Citation]) -> None:
    """A document the report names without its date gets ``date: CẦN-ĐIỀN`` for a person to fill (or to
    delete when the date is not known): the criteria score a plan by the day it was issued, and an
    administrative number starts again each year. A legal normative document whose number carries its
    year (61/2018/NĐ-CP) and that the agency only cites is left without one."""
    for i, (doc, c) in enumerate(zip(draft.data["documents"], cites)):
        if "date" in doc or (doc["role"] == "cited" and c.year):
            continue
        doc["date"] = TO_FILL
        where = f"documents[{i}]"
        draft.comments[where] = "; ".join(filter(None, [draft.comments.get(where), (
            "báo cáo không ghi ngày của văn bản: điền ngày ban hành, hoặc xóa 'date' nếu không rõ "
            "/ the report gives no date for it: fill the date it was issued, or delete 'date' if unknown")]))
        draft.to_fill.append(f"{where}.date: {doc['kind']} {doc['number']}")


def _silent_documents(draft: Draft) -> None:
    """A placeholder for each document the criteria of the draft's edition look for that no document
    of the report covers: the report is silent, a person says whether it was issued."""
    from compliance.catalog import metrics_read, rulebook, select_edition
    from compliance.model.submission import Submission

    try:
        edition, _ = select_edition(Submission.model_validate(draft.data), None)
        book = rulebook()
        wanted = [book.metrics[m] for m in sorted(metrics_read(edition, book)) if m in book.metrics]
    except (InputError, ValueError):
        return
    covered = {t for d in draft.data.get("documents", []) if d["role"] != "cited" for t in d.get("topics", [])}
    for metric in wanted:
        if getattr(metric, "kind", None) != "document":
            continue
        for topic in metric.topics:
            if topic in covered:
                continue
            covered.add(topic)
            docs = draft.data.setdefault("documents", [])
            role = "advised" if topic == "legal_document" else "issued"
            docs.append({"number": TO_FILL, "date": TO_FILL, "title": metric.title.vi, "role": role, "topics": [topic]})
            where = f"documents[{len(docs) - 1}]"
            draft.comments[where] = ("báo cáo không nêu: điền số, ngày nếu đã ban hành; xóa mục này nếu chưa ban hành "
                                     "/ the report is silent: fill number and date, or delete the entry if none was issued")
            draft.to_fill.append(f"{where}: {metric.title.vi} ({topic})")


def _unmapped(r: Reading, draft: Draft, used: set[int]) -> None:
    """Clauses with a figure (a count of anything, a share) that no field took, and the tables whose
    figures no field took, for a person to read."""
    seen: set[tuple] = set()
    for block in r.doc.blocks:
        if isinstance(block, Table):
            cells = [c for row in block.rows for c in row]
            nums = [n for c in cells for n in r.figures.nums.get(id(c), [])]
            if nums and not any(id(n) in used for n in nums):
                head = " | ".join(h for h in block.header if h)
                draft.unmapped.append((f"bảng {block.number} ({head}; {len(block.rows)} hàng)", block.place))
            continue
        text = block.text
        for n in r.figures.nums.get(id(block), []):
            if id(n) in used or not (n.unit or n.percent):
                continue
            a = max(text.rfind(";", 0, n.start), text.rfind(". ", 0, n.start)) + 1
            ends = [k for k in (text.find(";", n.end), text.find(". ", n.end)) if k > 0]
            b = min(ends) if ends else len(text)
            if (id(block), a) in seen:
                continue
            seen.add((id(block), a))
            clause = text[a:b].strip(" ;.")
            if len(clause) > 240:
                clause = quote(text, n.start, n.end)
            draft.unmapped.append((clause, block.place))


def _plans(r: Reading, draft: Draft) -> None:
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
