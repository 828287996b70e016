"""Late dossiers as a report lists them, by the agency that resolved them, with their apology letters.

A *late list* is a paragraph that speaks of late dossiers ("trễ hạn", "quá hạn") and lists at least
two counts "NN hồ sơ của <agency>" or "thủ tục <X> (NN hồ sơ)". Each item keeps:

- its count and agency, the name as written matched to a full department name from
  ``compliance/data/departments.yaml`` (by its words without "và"/"&", or by initials: KH&ĐT);
- nested items "(trong đó: 01 hồ sơ …; 02 hồ sơ …)" as children;
- whether it says an apology letter was sent ("có thư xin lỗi" → yes, "không có thư xin lỗi" → no;
  silent → not_stated, then looked for in the other paragraphs that name the same procedure or
  agency, e.g. "tất cả các hồ sơ trễ hạn đều không có thư xin lỗi");
- whether it is late only in the software (after "… trên phần mềm …, kết quả bản giấy …": the paper
  result was on time, no letter is due).

A count of the paragraph that no agency owns and that a letter phrase governs ("Sở đã gửi văn bản xin
lỗi đối với 100 hồ sơ", "60 hồ sơ chưa có văn bản xin lỗi", "Trong đó 100 hồ sơ đã có văn bản xin lỗi, 60
hồ sơ chưa có", "Sở đã gửi 100 văn bản xin lỗi", "Đã xin lỗi 100 trường hợp") is no late item: it says how
many of the listed late dossiers had a letter (or not), kept in :attr:`LateList.letters`. An agency's
name stops at its sentence's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from compliance.io.vnparse import normalize_key
from compliance.lint.figures import depths
from compliance.lint.numbers import Num
from compliance.lint.reader import Para

DEPARTMENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "departments.yaml"
_NO = re.compile(r"(?:không|chưa)\s+(?:có\s+)?(?:gửi\s+)?(?:thư|văn bản|phiếu)\s+xin\s+lỗi|không\s+xin\s+lỗi", re.I)
_YES = re.compile(r"(?:có|đã\s+gửi|đã\s+có|kèm)\s+(?:thư|văn bản|phiếu)\s+xin\s+lỗi|đã\s+xin\s+lỗi", re.I)
_SOFTWARE = re.compile(r"trên\s+phần\s+mềm[^.]{0,160}?(?:bản\s+giấy|chậm\s+chuyển)|(?:bản\s+giấy|chậm\s+chuyển)[^.]{0,160}?trên\s+phần\s+mềm", re.I)
_PARTIAL = re.compile(r"\b(?:chủ yếu|một số|điển hình|như sau|như:|tiêu biểu)", re.I)
_LETTER_BEFORE = re.compile(r"xin\s+lỗi\s+(?:(?:đối\s+với|cho|với|tới)\s+)?(?:tổng\s+)?(?:số\s+)?$", re.I)
#: "gửi 100 văn bản xin lỗi": a count of the letters themselves, one a dossier
_LETTERS_AFTER = re.compile(r"\s*(?:văn\s+bản|thư|phiếu)\s+xin\s+lỗi", re.I)
#: what a letter phrase counts ("xin lỗi đối với 100 hồ sơ", "đã xin lỗi 100 trường hợp")
_CASES_AFTER = re.compile(r"\s*(?:hồ\s+sơ|trường\s+hợp)\b", re.I)
#: "…, 60 hồ sơ chưa có": the letter phrase left out after a count of dossiers with a letter
_NONE_ELIDED = re.compile(r"\s*(?:hồ\s+sơ|trường\s+hợp)\s+(?:còn\s+lại\s+)?(?:chưa|không)(?:\s+có|\s+gửi)?\s*\.?\s*", re.I)
_BARE = re.compile(r"\s*(?:(?:còn\s+lại|còn|và|trong\s+đó)\s*)?", re.I)
#: the words an agency's own unit starts with (a department's Phòng …): its late dossiers are the agency's
UNIT_WORDS = re.compile(r"^(?:Phòng|Trung tâm|Chi cục|Bộ phận|Đội|Tổ)\b")
_ABBREV = re.compile(r"^([A-ZĐ]{1,6}(?:\s*[&\-]\s*[A-ZĐ]{1,6})+|[A-ZĐ]{3,8})\b")


@lru_cache(maxsize=1)
def departments() -> tuple[str, ...]:
    """Full names of provincial departments and bodies (``compliance/data/departments.yaml``)."""
    from compliance.io.yamlio import load_data

    data, _ = load_data(DEPARTMENTS_FILE)
    return tuple(data["departments"])


def _words(text: str) -> list[str]:
    return [w for w in normalize_key(text).split() if w != "va"]


def agency_name(text: str) -> str | None:
    """The full name of the agency ``text`` starts with ("Sở TN&MT (…" → "Sở Tài nguyên và Môi trường")."""
    words = _words(text)
    best = None
    for name in departments():
        cw = _words(name)
        if words[:len(cw)] == cw and (best is None or len(cw) > len(_words(best))):
            best = name
    if best:
        return best
    m = re.match(r"^(Sở|Ban)\s+(.*)$", text.strip())
    if m:
        ab = _ABBREV.match(m.group(2))
        if ab:
            initials = normalize_key(ab.group(1)).replace(" ", "")
            for name in departments():
                cw = _words(name)
                if cw[0] == normalize_key(m.group(1)) and "".join(w[0] for w in cw[1:]) == initials:
                    return name
    return None


def apology_word(text: str) -> str:
    """yes / no / not_stated: what ``text`` says of an apology letter."""
    if _NO.search(text):
        return "no"
    if _YES.search(text):
        return "yes"
    return "not_stated"


@dataclass
class LateItem:
    """One count of late dossiers in a late list (see the module doc)."""

    num: Num
    unit: Para
    text: str
    start: int
    agency_written: str | None = None
    agency: str | None = None
    procedure: str | None = None
    apology: str = "not_stated"
    apology_source: str | None = None
    lateness: str = "late"
    reason: str | None = None
    late_steps: list[str] = field(default_factory=list)
    children: list["LateItem"] = field(default_factory=list)

    @property
    def count(self) -> int:
        return int(self.num.value)


@dataclass
class LateList:
    """A late list: its paragraph, its top-level items, whether it says it is partial, and the counts of
    the listed dossiers it says had an apology letter or not, with no agency named ((count, "yes"/"no"):
    "Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ" → (100, "yes"))."""

    unit: Para
    items: list[LateItem]
    partial: bool
    letters: list[tuple[Num, str]] = field(default_factory=list)

    def letters_said(self, word: str) -> int:
        """How many of the listed dossiers the paragraph says had (``yes``) or had not (``no``) a letter."""
        return sum(int(n.value) for n, w in self.letters if w == word)


def _clause(text: str, n: Num) -> tuple[int, int]:
    """The clause of ``text`` around ``n``: from the last ",", ";", ":" or sentence end before it to the
    next one after it."""
    start = max(text.rfind(",", 0, n.start), text.rfind(";", 0, n.start), text.rfind(":", 0, n.start),
                text.rfind(". ", 0, n.start)) + 1
    ends = [k for k in (text.find(",", n.end), text.find(";", n.end), text.find(". ", n.end)) if k > 0]
    return start, min(ends) if ends else len(text)


def _letter_phrase(text: str, n: Num) -> int | None:
    """Where the clause starts whose letter phrase governs ``n`` ("; đã gửi văn bản xin lỗi (đối với) 100 hồ
    sơ"), or None when no such phrase leads to it."""
    sentence = text.rfind(". ", 0, n.start) + 1
    m = _LETTER_BEFORE.search(text, sentence, n.start)
    if m is None:
        return None
    cut = max(text.rfind(c, sentence, m.start()) for c in (",", ";", ":", ". "))
    return cut + 1 if cut >= sentence else sentence


def _letter_start(text: str, n: Num) -> int:
    """Where the words of a letter count begin: the clause of its letter phrase, else its own clause."""
    phrase = _letter_phrase(text, n)
    return phrase if phrase is not None else _clause(text, n)[0]


def _letter_count(text: str, n: Num) -> str | None:
    """yes / no when ``n`` counts the dossiers a letter phrase speaks of and no agency owns ("đã gửi văn
    bản xin lỗi đối với 100 hồ sơ", "đã xin lỗi 100 trường hợp", "60 hồ sơ chưa có văn bản xin lỗi", "Trong
    đó 100 hồ sơ đã có văn bản xin lỗi, 60 hồ sơ chưa có") or the letters sent ("Sở đã gửi 100 văn bản xin
    lỗi"), else None."""
    if re.match(r"\s*hồ sơ\s+(?:của|thuộc)\b", text[n.end:]):
        return None
    start, end = _clause(text, n)
    if _LETTERS_AFTER.match(text, n.end):  # "Sở đã gửi 100 văn bản xin lỗi"
        return "no" if re.search(r"\b(?:chưa|không)\b", text[start:n.start], re.I) else "yes"
    if not _CASES_AFTER.match(text, n.end):
        return None
    phrase = _letter_phrase(text, n)
    if phrase is not None:  # "đã gửi văn bản xin lỗi (đối với) N hồ sơ"
        word = apology_word(text[phrase:n.start])
    elif _BARE.fullmatch(text[start:n.start]):  # "N hồ sơ chưa có văn bản xin lỗi"
        word = apology_word(text[n.end:end])
        if word == "not_stated" and _elided_no(text, n, end):
            word = "no"
    else:
        return None
    return None if word == "not_stated" else word


def _elided_no(text: str, n: Num, end: int) -> bool:
    """Whether ``n`` counts the dossiers without a letter in words that leave the letter out, after a
    letter phrase of the same sentence ("100 hồ sơ đã có văn bản xin lỗi, 60 hồ sơ chưa có")."""
    sentence = text.rfind(". ", 0, n.start) + 1
    return bool(_NONE_ELIDED.fullmatch(text[n.end:end])) and "xin lỗi" in text[sentence:n.start].lower()


def _agency_after(text: str) -> str | None:
    """The agency "của <agency>" names, up to a bracket or its sentence's end."""
    m = re.search(r"\bcủa\s+((?:Sở|Ban|Văn phòng|Thanh tra|Bảo hiểm|Công an|Phòng|Chi cục)\b(?:[^().]|\.(?!\s|$))*)", text)
    return m.group(1).strip(" ,;.") if m else None


def _describe(item: LateItem, text: str) -> None:
    written = _agency_after(text)
    if written:
        item.agency_written = written
        item.agency = agency_name(written) or written
    proc = re.search(r"thủ\s+tục\s+([^(),;]+)", text)
    if proc:
        item.procedure = proc.group(1).strip()
    item.apology = apology_word(text)
    steps = re.search(r"trễ\s+bước\s+([^,;)]+)", text, re.I)
    if steps:
        item.late_steps = [s.strip() for s in re.split(r"\s+và\s+", steps.group(1)) if s.strip()]
    why = re.search(r"(?:\bcủa\s+[^()]*)\(([^()]{20,})\)", text)
    if why and apology_word(why.group(1)) == "not_stated":
        item.reason = why.group(1).strip()
    elif (cause := re.search(r"nguyên\s+nhân\s+(?:là\s+)?(?:do\s+)?([^.;]+)", text)):
        item.reason = cause.group(1).strip()


def late_list(unit: Para, nums: list[Num]) -> LateList | None:
    """The late list of one paragraph, or None when it is not one."""
    text = unit.text
    if len(nums) < 2 or "hạn" not in text.lower() and " han" not in text.lower():
        return None
    key = normalize_key(text)
    if " tre han " not in f" {key} " and " qua han " not in f" {key} ":
        return None
    depth = depths(text)
    tops: list[tuple[int, Num]] = []  # (segment start, num)
    inner: list[Num] = []
    for n in nums:
        if n.unit != "hồ sơ" or n.percent:
            continue
        if depth[n.start] == 0:
            tops.append((n.start, n))
            continue
        opening = text.rfind("(", 0, n.start)
        closing = text.find(")", n.end)
        if depth[n.start] == 1 and closing > 0 and text[opening + 1:closing].strip() == text[n.start:closing].strip() \
                and re.fullmatch(r"\S+\s+hồ sơ", text[opening + 1:closing].strip()):
            cut = max(text.rfind(",", 0, opening), text.rfind(":", 0, opening))
            while cut > 0 and depth[cut]:
                cut = max(text.rfind(",", 0, cut), text.rfind(":", 0, cut))
            tops.append((cut + 1 if cut >= 0 else 0, n))
        else:
            inner.append(n)
    letters = [(n, word) for s, n in tops if s == n.start and (word := _letter_count(text, n))]
    letters += [(n, word) for n in nums if n.unit != "hồ sơ" and not n.percent and depth[n.start] == 0
                and (word := _letter_count(text, n))]  # "gửi 100 văn bản xin lỗi", "xin lỗi 100 trường hợp"
    letters.sort(key=lambda x: x[0].start)
    tops = [(s, n) for s, n in tops if all(n is not k for k, _ in letters)]
    named = [n for s, n in tops if re.match(r"\s*hồ sơ\s+(?:của|thuộc)\b", text[n.end:]) or n.start > s]
    if len(named) < 2:
        return None
    stops = [_letter_start(text, n) for n, _ in letters]  # a letter count's words end the item before them
    marker = _SOFTWARE.search(text)
    soft_at = None
    if marker:
        soft_at = text.rfind(". ", 0, marker.start()) + 1
    items: list[LateItem] = []
    for i, (start, n) in enumerate(tops):
        end = tops[i + 1][0] if i + 1 < len(tops) else len(text)
        end = min([end] + [k for k in stops if start < k < end])
        if soft_at and start < soft_at < end:
            end = soft_at
        item = LateItem(n, unit, text[start:end].strip(" ,;.:"), start)
        item.lateness = "software_only" if soft_at and n.start > soft_at else "late"
        kids = [k for k in inner if start <= k.start < end]
        for j, k in enumerate(kids):
            kend = kids[j + 1].start if j + 1 < len(kids) else text.find(")", k.end)
            child = LateItem(k, unit, text[k.start:kend if kend > 0 else end].strip(" ,;.:"), k.start,
                             lateness=item.lateness)
            _describe(child, child.text)
            items_text = child.text
            child.agency_written = child.agency = None
            child.apology = apology_word(items_text)
            item.children.append(child)
        own = text[start:end]
        if kids:
            own = text[start:kids[0].start]
        _describe(item, own if kids else item.text)
        for child in item.children:
            child.agency, child.agency_written = item.agency, item.agency_written
        if item.lateness == "software_only":
            item.apology = "not_applicable"
            for child in item.children:
                child.apology = "not_applicable"
        items.append(item)
    before = text[:tops[0][0]]
    return LateList(unit, items, bool(_PARTIAL.search(before)), letters)


def letter_counts(unit: Para, nums: list[Num]) -> list[tuple[Num, str]]:
    """(count, yes/no) for each clause of a paragraph giving a number of dossiers with or without an
    apology letter ("… đã gửi văn bản xin lỗi 1.100 hồ sơ; 150 hồ sơ chưa có văn bản xin lỗi")."""
    out = []
    text = unit.text
    if "xin lỗi" not in text.lower():
        return out
    for n in nums:
        if n.percent:
            continue
        word = "not_stated"
        if n.unit == "hồ sơ":
            a = max(text.rfind(";", 0, n.start), text.rfind(",", 0, n.start), text.rfind(". ", 0, n.start)) + 1
            ends = [k for k in (text.find(";", n.end), text.find(",", n.end), text.find(". ", n.end)) if k > 0]
            word = apology_word(text[a:min(ends) if ends else len(text)])
        if word == "not_stated":  # "…, 60 hồ sơ chưa có"; "Sở đã gửi 100 văn bản xin lỗi"
            word = _letter_count(text, n) or "not_stated"
        if word != "not_stated":
            out.append((n, word))
    return out


def resolve_elsewhere(item: LateItem, others: list[Para]) -> None:
    """Fill a silent item's apology status (and agency) from another paragraph that names its procedure
    or agency and speaks of apology letters."""
    keys = []
    if item.procedure:
        words = normalize_key(item.procedure).split()
        keys.append(" ".join(words[-4:]))
    if item.agency:
        keys.append(normalize_key(item.agency))
    for para in others:
        if para is item.unit or "xin lỗi" not in para.text.lower():
            continue
        norm = normalize_key(para.text)
        if any(k and k in norm for k in keys):
            word = apology_word(para.text)
            if word != "not_stated":
                item.apology = word
                item.apology_source = para.text
                if not item.agency:
                    found = re.search(r"\b(Sở\s+[A-ZĐÀ-Ỹ][^,.;()]{1,60})", para.text)
                    if found:
                        item.agency_written = found.group(1).strip()
                        item.agency = agency_name(found.group(1)) or found.group(1).strip()
                return
