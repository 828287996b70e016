"""``compliance lint REPORT --extract -o draft.yaml``: the figures a report gives, as a draft submission.

Mapped where the wording is recognised (see :mod:`compliance.lint.figures`, :mod:`compliance.lint.late`,
:mod:`compliance.lint.plans`): the agency and period from the title and opening, the documents cited
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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compliance.errors import InputError
from compliance.io.vnparse import normalize_key
from compliance.lint.checks import owner_count
from compliance.lint.citations import TYPE_CODES, Citation, citations, same_document
from compliance.lint.figures import label_before, measure
from compliance.lint.kinds import quote
from compliance.lint.late import agency_name, apology_word
from compliance.lint.model import Place
from compliance.lint.numbers import levels
from compliance.lint.plans import plan_tables
from compliance.lint.reader import Para, Table
from compliance.lint.run import Reading, read_report
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
_TITLE_END = re.compile(r",\s+(?:Sở|Văn phòng|Trung tâm|UBND|Ủy ban|Ban|Phòng)\s.*$|\s+như\s+sau.*$")
_OWN_NUMBER = re.compile(r"\bSố\s*:?\s*\d{1,5}/(?:\d{4}/)?[A-Za-zĐđ]+-([A-ZĐ][A-ZĐ0-9]*)")
_ISSUES = re.compile(r"(?:^|\s)(?:đã\s+)?(?:xây\s+dựng\s+(?:và\s+)?)?ban\s+hành\s*:?\s*$", re.IGNORECASE)
_OTHER_ISSUER = re.compile(r"\b(?:UBND|Ủy ban|Chủ tịch|Bộ|Chính phủ|Thủ tướng|HĐND|Hội đồng)\b")


@dataclass
class Draft:
    """A draft submission: ``data`` (plain YAML-ready mapping), ``sources`` (dotted path → (sentence,
    place)), ``unmapped`` (sentences with figures left for a person), ``to_fill`` (fields to fill),
    ``notes`` (guesses made), ``comments`` (dotted path → a note written above the value)."""

    data: dict
    sources: dict[str, tuple[str, Place]] = field(default_factory=dict)
    unmapped: list[tuple[str, Place]] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)


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
    _dossiers(r, draft, used)
    _late(r, draft, used, name)
    _figures(r, draft, used)
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


def _documents(r: Reading, draft: Draft, agency: str | None) -> None:
    own = own_code(r, agency)
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
            cut = max(text.rfind(";", 0, c.start), text.rfind(". ", 0, c.start), text.rfind("(", 0, c.start), 0)
            clause = text[cut:c.start].strip(" ;.(")
            advised = re.search(r"tham\s+mưu", clause, re.IGNORECASE)
            by_own = own is not None and (c.issuer_code or "").upper() == own
            says_issued = bool(_ISSUES.search(clause)) and not _OTHER_ISSUER.search(clause)
            role = "advised" if advised else "issued" if by_own or says_issued else "cited"
            if role == "issued":
                issuer = agency
            else:
                issuer = _ISSUER_END.sub("", c.issuer or "").strip(" ,") or None
                issuer = issuer or ISSUERS.get((c.issuer_code or "").upper(), c.issuer_code)
            end = min([k for k in (text.find(";", c.end), text.find(". ", c.end)) if k > 0] or [len(text)])
            rest = text[c.end:end]
            named = re.search(r"\bvề\s+(?:việc\s+)?(.{4,})", rest) or re.search(r"\bban\s+hành\s+(.{4,})", rest)
            kind = c.type_word[:1].upper() + c.type_word[1:].lower()
            title = _TITLE_END.sub("", named.group(1)).strip(" ,;.()") if named else f"{kind} số {c.number}"
            entry = {"number": c.number, "kind": kind, "issuer": issuer, "role": role, "title": title[:200],
                     "section": unit.place.section or ""}
            if c.date:
                entry["date"] = c.date
            words = re.sub(r"[,]", "", f"{kind} {title} {clause}".lower())
            topics = [t for w, t in TOPICS if role != "cited" and w in words]
            if role == "advised" and c.year:
                topics.append("legal_document")
            if topics:
                entry["topics"] = topics
            docs.append({k: v for k, v in entry.items() if v not in (None, "")})
            found.append((c, unit))
            draft.sources[f"documents[{len(docs) - 1}]"] = (quote(text, c.start, c.end), unit.place)
    draft.data["documents"] = docs


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


_RATE_KEYS = {"online": "online", "early": "early", "on_time": "on_time", "early_on_time": "early_on_time", "late": "late"}


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
    for b in f.breakdowns:  # the parts of a mapped total are read with it
        if any(id(b.total) == x for x in used):
            used.update(id(p.num) for p in b.parts if p.key)
    if not out:
        return
    rates: dict = {}
    counts = {id(fig.num): name for (name, scope), fig in f.figures.items() if scope == "all"}
    for unit in r.doc.units():
        nums = f.nums.get(id(unit), [])
        for n in nums:
            if not n.percent:
                continue
            count = owner_count(nums, unit.text, n)
            if count is not None:
                name = counts.get(id(count))
            else:
                words = label_before(unit.text, n)
                name = measure(words) if re.search(r"tỷ\s+lệ|tỉ\s+lệ", words, re.IGNORECASE) else None
            key = _RATE_KEYS.get(name or "")
            if key == "online" and not _online_base_agrees(n, out):
                draft.notes.append(f"Tỷ lệ trực tuyến {n.text} ({unit.place.label('vi')}) được tính trên tổng số tiếp nhận "
                                   "(gồm hồ sơ kỳ trước chuyển sang), không phải trên số hồ sơ mới trong kỳ mà tiêu chí dùng: "
                                   "không đưa vào stated_rates.online")
                continue
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


def _online_base_agrees(n, out: dict) -> bool:
    """False when a stated online share agrees with online / all received (carried over included) and not
    with online / new in the period, the base the criteria's online rate takes (``received_base`` in
    rules/metrics.yaml): mapped, it would be flagged as inconsistent though the report is right."""
    from compliance.lint.checks import rate_agrees

    rec = out.get("received", {})
    online, total = rec.get("online"), rec.get("total")
    new = online + rec["in_person_post"] if online is not None and rec.get("in_person_post") is not None else None
    if not online or not total or not new or new == total:
        return True
    return rate_agrees(n.value, n.decimals, online, new)[0] or not rate_agrees(n.value, n.decimals, online, total)[0]


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


def _late(r: Reading, draft: Draft, used: set[int], own: str | None) -> None:
    """Late dossiers by agency: the report's late lists ("NN hồ sơ của Sở X …"); else a table of agencies
    with their late and apologised counts; else the sentence saying how many had a letter and how many
    not ("… đã gửi văn bản xin lỗi 1.100 hồ sơ; 150 hồ sơ chưa có văn bản xin lỗi"); else the late total
    with what the report says of letters."""
    groups: list[dict] = []

    def add(agency: str | None, count: int, apology: str, text: str, place: Place, lateness: str = "late",
            **extra) -> None:
        if count < 1:
            return
        entry = {"id": f"late-{len(groups) + 1:02d}", "agency": agency or TO_FILL, "count": count,
                 "lateness": lateness, "apology_letter": apology, "text": text[:300], "source": place.label("vi")}
        entry.update({k: v for k, v in extra.items() if v})
        if not agency:
            draft.to_fill.append(f"late_dossiers[{len(groups)}].agency ({text[:60]})")
        groups.append(entry)
        draft.sources[f"late_dossiers[{len(groups) - 1}]"] = (text[:200], place)

    for ll in r.late_lists:
        for item in ll.items:
            for it in item.children or [item]:
                used.add(id(it.num))
                used.add(id(item.num))
                add(it.agency or item.agency, it.count, it.apology, it.text, ll.unit.place, it.lateness,
                    procedure=it.procedure[:1].upper() + it.procedure[1:] if it.procedure else None,
                    late_steps=it.late_steps, reason=it.reason[:300] if it.reason and it.apology == "not_stated" else None)
    if not groups:
        for table in r.doc.tables:
            _late_table(table, r, add, used)
    late = r.figures.get("late")
    if not groups:
        for unit in r.doc.paragraphs:
            for count, apology in _letter_counts(unit, r):
                used.add(id(count))
                text = unit.text
                sentence = text[text.rfind(". ", 0, count.start) + 1:(text.find(". ", count.end) + 1) or len(text)]
                others = re.search(r"\bcác\s+(?:cơ\s+quan|đơn\s+vị|sở|ngành|địa\s+phương)\b", sentence, re.IGNORECASE)
                add(None if others else own, int(count.value), apology, quote(unit.text, count.start, count.end),
                    unit.place)
    if not groups:
        for b in r.figures.breakdowns:  # "Có 150 hồ sơ quá hạn, trong đó: Phòng A 96 hồ sơ, Trung tâm B 54 hồ sơ"
            if b.nested or measure(b.total_label + " " + b.unit.text[b.total.end:b.total.end + 20]) != "late" \
                    or any(p.key for p in b.parts) or sum(p.num.value for p in b.parts) != b.total.value:
                continue
            said = apology_word(b.unit.text)
            for part in b.parts:
                name = label_before(b.unit.text, part.num)
                used.add(id(part.num))
                add(agency_name(name) or own, int(part.num.value), said, f"{name} {part.num.text} hồ sơ", b.unit.place)
            used.add(id(b.total))
    if not groups and late is not None and isinstance(late.num.value, int):
        said = [u for u in r.doc.paragraphs if "xin lỗi" in u.text.lower() and apology_word(u.text) != "not_stated"]
        apology = apology_word(said[0].text) if said else "not_stated"
        add(own, late.num.value, apology, quote(late.unit.text, late.num.start, late.num.end), late.unit.place)
    if groups:
        draft.data["late_dossiers"] = groups


def _late_table(table: Table, r: Reading, add, used: set[int]) -> None:
    """A table of agencies with their late dossiers and those with an apology letter."""
    late_col = next((i for i, h in enumerate(table.header) if re.search(r"quá\s+hạn|trễ\s+hạn", h, re.I)
                     and "xin lỗi" not in h.lower()), None)
    yes_col = next((i for i, h in enumerate(table.header) if "xin lỗi" in h.lower()
                    and not re.search(r"\b(?:chưa|không)\b", h.lower())), None)
    no_col = next((i for i, h in enumerate(table.header) if "xin lỗi" in h.lower()
                   and re.search(r"\b(?:chưa|không)\b", h.lower())), None)
    who = table.column("cơ quan", "đơn vị", "sở")
    if late_col is None or (yes_col is None and no_col is None) or who is None:
        return

    def value(cell: Para) -> int | None:
        nums = r.figures.nums.get(id(cell), [])
        return int(nums[0].value) if len(nums) == 1 and isinstance(nums[0].value, int) else None

    for row in table.rows:
        name = row[who].text
        if not name or re.match(r"(?i)^(?:tổng|cộng|toàn)", name):
            continue
        late = value(row[late_col])
        yes = value(row[yes_col]) if yes_col is not None else None
        no = value(row[no_col]) if no_col is not None else None
        if late is None:
            continue
        yes = late - no if yes is None and no is not None else yes
        no = late - yes if no is None and yes is not None else no
        if yes is None or no is None or yes < 0 or no < 0:
            continue
        agency = agency_name(name) or name
        text = " | ".join(c.text for c in row if c.text)
        for n in r.figures.nums.get(id(row[late_col]), []):
            used.add(id(n))
        add(agency, yes, "yes", text, row[late_col].place)
        add(agency, no, "no", text, row[late_col].place)


def _letter_counts(unit: Para, r: Reading) -> list[tuple]:
    """(count, yes/no) for each clause of a paragraph giving a number of dossiers with or without an
    apology letter."""
    out = []
    text = unit.text
    if "xin lỗi" not in text.lower():
        return out
    for n in r.figures.nums.get(id(unit), []):
        if n.unit != "hồ sơ" or n.percent:
            continue
        a = max(text.rfind(";", 0, n.start), text.rfind(",", 0, n.start), text.rfind(". ", 0, n.start)) + 1
        ends = [k for k in (text.find(";", n.end), text.find(",", n.end), text.find(". ", n.end)) if k > 0]
        clause = text[a:min(ends) if ends else len(text)]
        word = apology_word(clause)
        if word != "not_stated":
            out.append((n, word))
    return out


_LEVEL_FIGURE = re.compile(r"dịch\s+vụ\s+công(?:\s+trực\s+tuyến)?\s+mức\s+độ\s+([1-4](?:\s*,\s*[1-4])?)\s+là\s+(\d[\d.]*)")
_KIND_BEFORE = re.compile(r"(\d[\d.]*)\s+(?:dịch\s+vụ\s+công|DVC|thủ\s+tục\s+hành\s+chính|TTHC)(?:\s+trực\s+tuyến)?\s+"
                          r"(?:(toàn\s+trình)|(một\s+phần)|mức\s+độ\s+([1-4](?:\s*[,&]\s*[1-4])?))", re.IGNORECASE)
_KIND_AFTER = re.compile(r"(?:dịch\s+vụ\s+công|DVC)(?:\s+trực\s+tuyến)?\s+(?:(toàn\s+trình)|(một\s+phần))\s*"
                         r"(?:là|:|đạt|gồm)?\s*(\d[\d.]*)", re.IGNORECASE)


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
        scope = "province" if re.search(r"toàn\s+tỉnh|trên\s+địa\s+bàn", text, re.IGNORECASE) else "own"
        found = []
        for m in _LEVEL_FIGURE.finditer(text):
            found.append((m, "level", m.group(1), m.group(2)))
        for m in _KIND_BEFORE.finditer(text):
            kind = "full" if m.group(2) else "partial" if m.group(3) else "level"
            found.append((m, kind, m.group(4), m.group(1)))
        for m in _KIND_AFTER.finditer(text):
            found.append((m, "full" if m.group(1) else "partial", None, m.group(3)))
        for m, kind, lv_text, number in found:
            if kind == "level":
                lv = levels("mức độ " + lv_text)[0]
                key = "online_services_level_" + "_".join(map(str, lv))
                label = "Dịch vụ công trực tuyến mức độ " + ", ".join(map(str, lv))
            else:
                key = f"online_services_{kind}"
                label = "Dịch vụ công trực tuyến " + ("toàn trình" if kind == "full" else "một phần")
            value = int(number.rstrip(".").replace(".", ""))
            if key not in figures:
                figures[key] = {"value": value, "unit": "count", "scope": scope, "label": label,
                                "source": unit.place.label("vi")}
                draft.sources[f"figures.{key}"] = (quote(text, m.start(), m.end()), unit.place)
                used.update(id(n) for n in nums if m.start() <= n.start < m.end())
    if figures:
        draft.data["figures"] = figures


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
        if path in draft.comments:
            lines.append(indent + _comment(draft.comments[path]))
        if path in draft.sources:
            sentence, place = draft.sources[path]
            note = _comment(f"«{sentence[:240]}» ({place.label('vi')})")
            lines.append(indent + (note if note != last[0] else "# (cùng câu trên / same sentence)"))
            last[0] = note

    for key, value in draft.data.items():
        if key == "agency":
            lines.append("agency:")
            for k, v in value.items():
                src(f"agency.{k}", "  ")
                lines.append(f"  {k}: {_dump(v)}")
        elif key in ("documents", "late_dossiers"):
            lines.append(f"{key}:" if value else f"{key}: []")
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
