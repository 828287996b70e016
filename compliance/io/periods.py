"""Reporting periods as Vietnamese offices write them, and as the command line abbreviates them.

THE grammar of a period, in one place: ``--period`` (:func:`compliance.registers.summary.parse_period`,
every register command and the web page's period field) reads a whole text with :func:`period_span`;
``compliance lint`` finds the period a report's title and sentences name with :func:`find_period`.

Forms (case, and the diacritics of the words, are free: "quý", "Quý", "quy"):

- a year: ``năm 2024``, ``2024`` → 01/01/2024–31/12/2024;
- a quarter: ``quý 2/2024``, ``quý II/2024``, ``quý II năm 2024``, ``quý 2-2024``, ``Q2/2024``,
  ``2024-Q2`` → 01/4/2024–30/6/2024 (I–IV in Roman numerals, 1–4 in Arabic);
- the months from January that reports count: ``6 tháng đầu năm 2024`` (also ``6 tháng năm 2024``,
  ``sáu tháng đầu năm 2024``, ``2024-H1``) → 01/01–30/6; ``9 tháng năm 2024`` (``9 tháng đầu năm``)
  → 01/01–30/9; the second half: ``6 tháng cuối năm 2024``, ``2024-H2`` → 01/7–31/12;
- a month: ``tháng 3/2024``, ``tháng 03 năm 2024``, ``03/2024``, ``3/2024``, ``2024-03`` → 01/3–31/3
  (February 2024 ends on the 29th);
- two dates: ``01/01/2024-30/06/2024``, ``01/01/2024 – 30/06/2024``, ``2024-01-01..2024-06-30``.

What could be read two ways is not read: a quarter, month or "6 tháng" without its year, a Roman numeral
without "quý" (``II/2024``: a quarter or February?), one date alone, ``quý 5/2024``, ``tháng 13/2024``.

Layer: io (reads text; no file).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from compliance.i18n import M
from compliance.io.vnparse import parse_date

QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
"""Quarters in Roman numerals, as reports write "quý III"."""

_PERIOD = re.compile(
    r"(?P<q>(?:quý|quy)\s*(?P<qn>IV|III|II|I|[1-4])(?:\s*[/-]\s*|\s+(?:năm|nam)\s+|\s+)(?P<qy>\d{4}))"
    r"|(?P<h>(?P<hm>6|9|sáu|sau|chín|chin)\s+(?:tháng|thang)\s+(?:(?P<hw>đầu|dau|cuối|cuoi)\s+)?(?:năm|nam)\s+(?P<hy>\d{4}))"
    r"|(?P<m>(?:tháng|thang)\s+(?P<mm>\d{1,2})(?:\s*[/-]\s*|\s+(?:năm|nam)\s+)(?P<my>\d{4}))"
    r"|(?P<y>(?:năm|nam)\s+(?P<yy>\d{4}))", re.IGNORECASE)
_MONTHS_WORDS = {"6": 6, "sáu": 6, "sau": 6, "9": 9, "chín": 9, "chin": 9}
_SHORT = [  # the command line's short forms and the numeric ones
    ("year", re.compile(r"(?P<y>\d{4})")),
    ("quarter", re.compile(r"(?P<y>\d{4})-?[Qq](?P<n>[1-4])|[Qq](?P<n2>[1-4])\s*[/-]?\s*(?P<y2>\d{4})")),
    ("half", re.compile(r"(?P<y>\d{4})-?[Hh](?P<n>[12])|[Hh](?P<n2>[12])\s*[/-]?\s*(?P<y2>\d{4})")),
    ("month", re.compile(r"(?P<y>\d{4})-(?P<n>\d{1,2})|(?P<n2>\d{1,2})\s*/\s*(?P<y2>\d{4})")),
]
_RANGE = re.compile(r"(\S+?)\s*(?:\.\.|–|—|\s-\s|(?<=\d{4})-(?=\d{1,2}/))\s*(\S+)")


@dataclass(frozen=True)
class NamedPeriod:
    """A reporting period named in words: ``kind`` year / quarter (``part`` 1–4) / months (the first
    ``part`` = 6 or 9 months of the year) / half (``part`` 2: the last six months) / month (``part``
    1–12); ``label`` as written. ``start`` and ``end`` are its first and last days."""

    kind: str
    year: int
    part: int = 0
    label: str = ""

    @property
    def start(self) -> dt.date:
        first = {"quarter": 3 * self.part - 2, "month": self.part, "half": 6 * self.part - 5}.get(self.kind, 1)
        return dt.date(self.year, first, 1)

    @property
    def end(self) -> dt.date:
        last = {"year": 12, "quarter": 3 * self.part, "months": self.part, "month": self.part,
                "half": 6 * self.part}[self.kind]
        return month_end(self.year, last)

    def same(self, other: "NamedPeriod") -> bool:
        """The same days, however each was written ("6 tháng đầu năm 2024" and "2024-H1")."""
        return (self.start, self.end) == (other.start, other.end)

    def said(self, lang: str) -> str:
        """The period in ``lang``: Vietnamese as it was written ("6 tháng đầu năm 2020"), English in
        English words ("first 6 months of 2020")."""
        if lang != "en":
            return self.label
        return {"year": M("year {year}", year=self.year), "quarter": M("quarter {part} of {year}", part=self.part, year=self.year),
                "months": M("first {part} months of {year}", part=self.part, year=self.year),
                "half": M("second half of {year}", year=self.year),
                "month": M("month {part} of {year}", part=self.part, year=self.year)}[self.kind].get("en")


def month_end(year: int, month: int) -> dt.date:
    """The last day of ``month`` of ``year`` (29/02/2024). ValueError for a month outside 1–12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1–12")
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _from_match(m: re.Match) -> NamedPeriod | None:
    if m.group("q"):
        n = m.group("qn").upper()
        return NamedPeriod("quarter", int(m.group("qy")), QUARTERS.get(n) or int(n), m.group(0))
    if m.group("h"):
        months, word = _MONTHS_WORDS[m.group("hm").lower()], (m.group("hw") or "đầu").lower()
        if word in ("đầu", "dau"):
            return NamedPeriod("months", int(m.group("hy")), months, m.group(0))
        return NamedPeriod("half", int(m.group("hy")), 2, m.group(0)) if months == 6 else None
    if m.group("m"):
        return NamedPeriod("month", int(m.group("my")), int(m.group("mm")), m.group(0)) if 1 <= int(m.group("mm")) <= 12 else None
    return NamedPeriod("year", int(m.group("yy")), 0, m.group(0))


def find_period(text: str) -> NamedPeriod | None:
    """The first period named in words in ``text`` ("Báo cáo kết quả quý III năm 2020" → quarter 3 of
    2020), or None. Only the worded forms: a bare "03/2024" in running text is as often a document's
    number ("Thông tư 01/2024/…") as a month."""
    m = _PERIOD.search(text)
    return _from_match(m) if m else None


def period_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the period ``text`` names as a whole (any form of the module's list),
    or None when it names none or could be read two ways. ValueError for two dates that cannot be read
    (:func:`compliance.io.vnparse.parse_date`'s message)."""
    t = " ".join(text.split())
    m = _PERIOD.fullmatch(t)
    if m:
        p = _from_match(m)
        return (p.start, p.end) if p else None
    for kind, pattern in _SHORT:
        m = pattern.fullmatch(t)
        if m:
            year, n = int(m.group("y") or m.group("y2")), int(m.group("n") or m.group("n2") or 0) if kind != "year" else 0
            if kind == "month" and not 1 <= n <= 12:
                return None
            p = NamedPeriod(kind, year, n)
            return p.start, p.end
    m = _RANGE.fullmatch(t)
    if m:
        return parse_date(m.group(1)).date, parse_date(m.group(2)).date
    return None
