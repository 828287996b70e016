"""The one way each language writes numbers and dates, for the terminal, Markdown, the web page and
the workbooks' number formats alike (JSON keeps plain numbers).

| what | Vietnamese | English |
|---|---|---|
| count | 28.044 | 28,044 |
| points (up to three decimals, trailing zeros dropped) | 39,18 · 2,175 · 4 | 39.18 · 2.175 · 4 |
| percent (two decimals) | 39,97 % | 39.97% |
| date | 05/3/2023, 01/01/2020 | 05/03/2023 |

Vietnamese dates follow Nghị định 30/2020/NĐ-CP ngày 05/3/2020 (công tác văn thư), Phụ lục I: a day
below 10 and the months 1 and 2 are written with a leading zero, other months without. Numbers are
rounded half up, as councils round (2,175 stays 2,175; 2,1755 → 2,176), then written with the
language's separators (Babel's CLDR data). :data:`EXCEL` gives the same patterns as spreadsheet number formats.

Layer: foundation.
"""

from __future__ import annotations

import datetime as dt
import decimal
from functools import lru_cache

MINUS = "\u2212"
"""The minus sign of printed negatives (−0,5)."""

EXCEL = {
    "vi": {"tag": "[$-42A]", "percent": "0.00\\ %", "percent_points": '0.00" %"', "date": "dd/m/yyyy",
           "date_short_month": "dd/mm/yyyy"},
    "en": {"tag": "[$-409]", "percent": "0.00%", "percent_points": '0.00"%"', "date": "dd/mm/yyyy",
           "date_short_month": "dd/mm/yyyy"},
}
"""Spreadsheet number formats of each language (the workbook writer's ``Formats`` reads these): the
language tag (so LibreOffice shows vi-VN or en-US separators), a fraction as a percentage, a value
kept in percent points, a date; Vietnamese months 1 and 2 take ``date_short_month`` (01, 02)."""


def _locale(lang: str | None) -> str:
    return "en" if lang == "en" else "vi"


def _rounded(value: float | int, places: int) -> decimal.Decimal:
    """``value`` rounded half up to ``places`` decimals, however many digits it has (the default context
    holds 28: a 26-digit count with 3 decimals stopped every command that printed it); infinities and
    NaN are returned as they are."""
    exact = decimal.Decimal(repr(value) if isinstance(value, float) else str(value))
    if not exact.is_finite():
        return exact
    with decimal.localcontext() as ctx:
        ctx.prec = max(28, exact.adjusted() + places + 2)
        return exact.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


@lru_cache(maxsize=None)
def _separators(lang: str | None) -> tuple[str, str]:
    """(thousands, decimal) separators of the language, from Babel's CLDR data (vi: "." and ","; en: "," and
    "."), read once: formatting each number through Babel's pattern engine cost a 700-agency round 5 s."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(_locale(lang)), get_decimal_symbol(_locale(lang))


@lru_cache(maxsize=1 << 16)
def _format(value, lang: str | None, places: int, trim: bool) -> str:
    """``value`` rounded half up to ``places`` decimals (``trim``: trailing zeros dropped), grouped by
    thousands with the language's separators; a printed negative takes :data:`MINUS`. Kept for the
    values seen (a round writes the same few points and counts hundreds of thousands of times; equal
    values write alike: 2 and 2.0 are "2")."""
    rounded = _rounded(value, places)
    if rounded == 0:
        rounded = abs(rounded)
    text = format(rounded, f",.{places}f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    group, point = _separators(lang)
    return text.replace(",", "\0").replace(".", point).replace("\0", group).replace("-", MINUS)


def number(value: float | int | None, lang: str | None, places: int | None = None) -> str:
    """``value`` with ``places`` decimals (None: up to three, trailing zeros dropped), grouped
    (28.044,5 / 28,044.5); "" for None."""
    if value is None:
        return ""
    return _format(value, lang, 3, True) if places is None else _format(value, lang, places, False)


def points(value: float | int | None, lang: str | None) -> str:
    """Points as councils write them: up to three decimals, trailing zeros dropped (39,18 · 2,175 · 4 ·
    −1); "" for None."""
    return number(value, lang)


def signed_points(value: float | int | None, lang: str | None) -> str:
    """Points with a sign for a difference (+1,5 / −0,25 / 0); "" for None."""
    if value is None:
        return ""
    text = points(value, lang)
    return "+" + text if _rounded(value, 3) > 0 else text


def count(value: int | None, lang: str | None) -> str:
    """A whole number with thousands (28.044 / 28,044); "" for None."""
    return "" if value is None else number(value, lang, 0)


def percent(value: float | None, lang: str | None, places: int = 2) -> str:
    """A value in percent points (39.97 → "39,97 %" / "39.97%"); "" for None."""
    if value is None:
        return ""
    text = number(value, lang, places)
    return text + ("%" if lang == "en" else " %")


def date(value: dt.date | str | None, lang: str | None) -> str:
    """A date as the language writes it: Vietnamese 05/3/2023 and 01/01/2020 (months 1 and 2 with a
    zero, Nghị định 30/2020/NĐ-CP), English 05/03/2023. An ISO text is read first; other text passes
    unchanged; None → ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if lang == "en" or value.month <= 2:
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day:02d}/{value.month}/{value.year}"


def moment(value: dt.datetime | str | None, lang: str | None) -> str:
    """A date and time of day: the date as :func:`date` writes it, then hours and minutes
    (07/12/2026 12:52); an ISO text is read first; None → ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return date(value, lang)
    return f"{date(value, lang)} {value:%H:%M}"


def day_span(start, end, lang: str | None) -> str:
    """Two dates as a span, "01/01/2020–31/12/2020"; an open end is "…"."""
    return f"{date(start, lang)}–{date(end, lang) if end else '…'}"


class _Wrapped:
    """A value written in the language a message is asked in (see :mod:`compliance.i18n`)."""

    __slots__ = ("value", "places")

    def __init__(self, value, places=None):
        self.value, self.places = value, places

    def __str__(self) -> str:
        return self.get("en")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (other.value, other.places) == (self.value, self.places)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.value, self.places))


class Num(_Wrapped):
    """A number in a message: ``Num(28044)`` → 28.044 / 28,044; ``Num(2.5, 2)`` → 2,50 / 2.50."""

    def get(self, lang: str | None) -> str:
        return number(self.value, lang, self.places)


class Pct(_Wrapped):
    """A value in percent points in a message: ``Pct(39.97)`` → 39,97 % / 39.97%."""

    def get(self, lang: str | None) -> str:
        return percent(self.value, lang, 2 if self.places is None else self.places)


class Day(_Wrapped):
    """A date in a message: ``Day(date(2023, 3, 5))`` → 05/3/2023 / 05/03/2023."""

    def get(self, lang: str | None) -> str:
        return date(self.value, lang)


class DaySpan(_Wrapped):
    """Two dates as a span in a message, written as :func:`day_span` writes them:
    ``DaySpan(date(2026, 3, 2), date(2026, 4, 5))`` → 02/3/2026–05/4/2026 / 02/03/2026–05/04/2026."""

    def __init__(self, start, end):
        super().__init__((start, end))

    def get(self, lang: str | None) -> str:
        return day_span(*self.value, lang)


class Moment(_Wrapped):
    """A date and time of day in a message: ``Moment(datetime(2026, 12, 7, 12, 52))`` → 07/12/2026 12:52."""

    def get(self, lang: str | None) -> str:
        return moment(self.value, lang)


class Signed(_Wrapped):
    """A difference in a message, with its sign: ``Signed(1.5)`` → +1,5 / +1.5; ``Signed(-2)`` → −2."""

    def get(self, lang: str | None) -> str:
        return signed_points(self.value, lang)
