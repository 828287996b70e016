"""Documents a report cites ("Quyết định số 1999/QĐ-UBND ngày 12/12/2019 của UBND tỉnh …"), read by
the format Nghị định 30/2020/NĐ-CP sets for a number and symbol (số, ký hiệu):

- legal normative documents (văn bản quy phạm pháp luật): ``number/year/TYPE-ISSUER``
  (61/2018/NĐ-CP, 28/2018/QĐ-TTg, 02/2020/TT-BNV); laws ``number/year/QH<term>``;
- other (administrative) documents: ``number/TYPE-ISSUER`` (1999/QĐ-UBND, 25/KH-VPUBND), no year;
- official letters (công văn): ``number/ISSUER-UNIT`` (392/VPUBND-HCQT), no type code;
- type codes: those of Phụ lục III of Nghị định 30/2020/NĐ-CP for administrative documents and the
  codes of normative documents (NĐ, TT, TTLT…); "CV" is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compliance.io.vnparse import normalize_key

#: type word (lower case) → type code in the symbol
TYPE_CODES: dict[str, str] = {
    "luật": "QH", "nghị định": "NĐ", "thông tư liên tịch": "TTLT", "thông tư": "TT", "quyết định": "QĐ",
    "nghị quyết": "NQ", "chỉ thị": "CT", "kế hoạch": "KH", "thông báo": "TB", "báo cáo": "BC", "hướng dẫn": "HD",
    "tờ trình": "TTr", "chương trình": "CTr", "quy định": "QyĐ", "quy chế": "QC", "công điện": "CĐ",
    "công văn": "", "phương án": "PA", "đề án": "ĐA", "biên bản": "BB", "giấy mời": "GM",
}
#: every type code a symbol may start with (Phụ lục III, copies, and normative documents)
KNOWN_CODES = {c.upper() for c in TYPE_CODES.values() if c} | {
    "NQLT", "TC", "DA", "HĐ", "BGN", "BTT", "GUQ", "GGT", "GNP", "PG", "PC", "PB", "SY", "TRS", "SL", "L", "PL", "LCT"}
#: codes that are always normative and need a year; codes that never carry one
NEEDS_YEAR = {"NĐ", "TT", "TTLT"}
NO_YEAR = {"KH", "BC", "TB", "TTR", "HD", "CTR", "GM", "CĐ", "PA", "ĐA", "BB"}
_TYPE = "|".join(sorted((re.escape(t) for t in TYPE_CODES), key=len, reverse=True))
_CITE = re.compile(rf"(?P<type>(?i:{_TYPE}))\s+(?:(?i:số)\s*:?\s*)?(?P<number>\d{{1,5}}(?:/[0-9A-Za-zĐđ&.\-]*[0-9A-Za-zĐđ])+)")
_AFTER_DATE = re.compile(r"\s*,?\s*(?:(?i:ngày)\s+)(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d+|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d+)")
_BEFORE_DATE = re.compile(r"(?i:ngày)\s+(\d{1,2}/\d{1,2}/\d{4})\s*,?\s*(?:(?i:ban hành|ký|đã ban hành)\s*)?$")
"""A date written just before the document: "…, ngày 04/11/2019 ban hành Công văn số 980/VPUBND-HCQT …"."""
_ISSUER = re.compile(r"[^.;()]{0,40}?\bcủa\s+(?P<issuer>(?:UBND|Ủy ban|HĐND|Văn phòng|Thủ tướng|Chính phủ|Bộ|Sở|Chủ tịch|Ban|Cục)[^,.;()]{0,60})")


@dataclass
class Citation:
    """A cited document: ``type_word`` as written ("Quyết định"), ``number`` ("1999/QĐ-UBND"), the
    ``date`` text right after it (as written, even "13/01/20120") or, failing that, written just before it
    ("ngày 04/11/2019 ban hành Công văn số 980/VPUBND-HCQT"), ``issuer`` ("UBND tỉnh"), and
    where it is in the text (``start``, ``end``)."""

    type_word: str
    number: str
    start: int
    end: int
    date: str | None = None
    issuer: str | None = None

    @property
    def parts(self) -> list[str]:
        return self.number.split("/")

    @property
    def year(self) -> str | None:
        """The year segment as written ("2018" in 61/2018/NĐ-CP; "20290" too), or None."""
        p = self.parts
        return p[1] if len(p) >= 2 and p[1].isdigit() and len(p[1]) >= 4 else None

    @property
    def symbol(self) -> str | None:
        """The symbol after the number (and year): "QĐ-UBND", "NĐ-CP"; None when missing ("13/2020")."""
        p = self.parts[2:] if self.year else self.parts[1:]
        return "/".join(p) if p else None

    @property
    def code(self) -> str | None:
        """The symbol's first group ("QĐ" in QĐ-UBND), upper case."""
        return self.symbol.split("-")[0].upper() if self.symbol else None

    @property
    def issuer_code(self) -> str | None:
        """The symbol's issuer group ("UBND" in QĐ-UBND, "VPUBND" in a công văn's VPUBND-HCQT, "UBND" in a
        công văn written "15/CV-UBND" with a type code it should not carry)."""
        if not self.symbol:
            return None
        groups = self.symbol.split("-")
        letter = self.type_word.lower() == "công văn"
        if letter and len(groups) > 1 and (groups[0].upper() in KNOWN_CODES or groups[0].upper() == "CV"):
            return groups[1]  # "15/CV-UBND": a type code written by mistake (the lint says so); the issuer follows it
        if letter or groups[0].upper() not in KNOWN_CODES:
            return groups[0]
        return groups[1] if len(groups) > 1 else None

    @property
    def expected_code(self) -> str:
        return TYPE_CODES.get(self.type_word.lower(), "")


def citations(text: str) -> list[Citation]:
    """Every document cited in ``text`` with its date (after it, else just before "ban hành <kind> số …")
    and its issuer when it follows."""
    out: list[Citation] = []
    last = 0  # where the previous citation and its date end: a date before that is the previous one's
    for m in _CITE.finditer(text):
        number = m.group("number").rstrip(".-")
        end = m.start("number") + len(number)
        c = Citation(m.group("type"), number, m.start(), end)
        d = _AFTER_DATE.match(text, end)
        if d:
            c.date = re.sub(r"\s*/\s*", "/", d.group("date"))
            end = d.end()
        else:
            before = _BEFORE_DATE.search(text[max(last, m.start() - 45):m.start()])
            c.date = before.group(1) if before else None
        who = _ISSUER.match(text, end)
        if who:
            c.issuer = who.group("issuer").strip()
        last = end
        out.append(c)
    return out


def same_document(a: str, b: str) -> bool:
    """True when two numbers name the same document (case, spaces and diacritics aside)."""
    return normalize_key(a) == normalize_key(b)
