"""Shared vocabularies (one place in code, used by every command).

Terms follow the field's words (see the word table in the README): severity of a gap, state of a
score, state of a plan task, unit type.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum

from compliance.i18n import Day, M, MC, Message, Words


def round_half_up(value: float, places: int = 2) -> float:
    """Round as councils do (2.175 → 2.18, not the binary 2.17): half up on the decimal text. Any number of
    ``places`` (a rate written with 30 decimals is rounded to them, not an error of the decimal context)."""
    exact = Decimal(repr(value))
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, exact.adjusted() + places + 2)
        return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


class Severity(str, Enum):
    """Severity of a gap, from the most to the least serious. ``--fail-on`` takes one of these."""

    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        """0 for critical … 4 for info: lower is more serious."""
        return list(Severity).index(self)

    def at_least(self, other: "Severity") -> bool:
        """True when this severity is as serious as ``other`` or more."""
        return self.rank <= other.rank


class ScoreState(str, Enum):
    """State of a score, as in XCCDF.

    pass: full points; partial: some points; fail: no points or negative points; not_applicable: the
    node does not apply to the unit type (left out of the denominator); not_checked: no data, or the
    node's method is unknown (counted in the denominator with 0 points); error: the data could not be
    scored; waived: an approved exception applies.
    """

    pass_ = "pass"
    partial = "partial"
    fail = "fail"
    not_applicable = "not_applicable"
    not_checked = "not_checked"
    error = "error"
    waived = "waived"


class TaskState(str, Enum):
    """State of a plan task at the end of the period; the original wording is always kept beside it."""

    done = "done"
    in_progress = "in_progress"
    not_done = "not_done"
    unknown = "unknown"


TWO_LEVEL_FROM = dt.date(2025, 7, 1)
"""First day of two-level local government: province, then commune / ward / special zone (xã, phường,
đặc khu); the district level ends and 63 provinces become 34 (Nghị quyết 202/2025/QH15 ngày 12/6/2025 on
arranging provincial-level units; the new local governments work from 01/7/2025)."""


class UnitType(str, Enum):
    """Kind of agency being assessed; each criterion says which kinds it applies to.

    ``commune`` is every unit of the lower local level: xã, phường and, from 01/7/2025, đặc khu (special
    zone). ``district`` (UBND cấp huyện) exists only for periods that end before :data:`TWO_LEVEL_FROM`
    (see :meth:`ended_on`).
    """

    province = "province"
    department = "department"
    provincial_office = "provincial_office"
    district = "district"
    commune = "commune"
    one_stop_centre = "one_stop_centre"

    def ended_on(self) -> dt.date | None:
        """The first day this unit type no longer exists (district: 01/7/2025), None while it still does."""
        return TWO_LEVEL_FROM if self is UnitType.district else None

    def exists_for(self, period_to: dt.date) -> bool:
        """True when an agency of this type can be assessed for a period ending on ``period_to``."""
        ended = self.ended_on()
        return ended is None or period_to < ended


def unit_type_period_problem(unit_type: UnitType, period_to: dt.date) -> Message | None:
    """Why an agency of ``unit_type`` cannot be assessed for a period ending on ``period_to`` (one line,
    for the field ``agency.unit_type``), or None when it can. A district's period must end by 30/6/2025."""
    ended = unit_type.ended_on()
    if ended is None or period_to < ended:
        return None
    return M("unit type '{unit_type}' does not exist for a period ending {end}: district-level governments ended on "
             "{ended} (two-level local government from 01/7/2025, Nghị quyết 202/2025/QH15); assess the commune or ward "
             "(unit_type: commune), or end the period by 30/06/2025",
             unit_type=Words(unit_type_word(unit_type, "vi"), unit_type.value),  # English: the code a YAML holds
             end=Day(period_to), ended=Day(ended - dt.timedelta(days=1)))


class Confidence(str, Enum):
    """How far a criteria node is backed by an official text.

    verified: read in the official text the file cites; model: shaped after real practice, labelled
    as a model value in every output; unknown: known to exist but its points or method are not known
    (not scored; the edition is reported as incomplete).
    """

    verified = "verified"
    model = "model"
    unknown = "unknown"


VALUE_WORDS: dict[str, Message] = {
    "on_time": M("on time"),
    "late": M("late"),
    "not_issued": M("not issued"),
    "issued": M("issued"),
    "undated": M("date unknown"),
    "done": M("done"),
    "in_progress": M("in progress"),
    "not_done": M("not done"),
    "unknown": MC("task", "unknown"),
}
"""Words for the coded values scoring methods compare (document and task states), catalogue messages."""


def format_points(value: float) -> str:
    """Points as councils write them: up to three decimals, trailing zeros dropped (2.175, 52.625, 4)."""
    text = f"{round_half_up(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


UNIT_TYPE_WORDS: dict[str, Message] = {
    "province": MC("unit type", "province"),
    "department": MC("unit type", "department"),
    "provincial_office": M("provincial office"),
    "district": M("district (until 30/6/2025)"),
    "commune": M("commune (commune, ward, special zone)"),
    "one_stop_centre": M("one-stop centre"),
}

UNIT_TYPE_SLUGS: dict[str, str] = {
    "province": "tinh", "department": "so-nganh", "provincial_office": "vp-ubnd", "district": "huyen",
    "commune": "xa-phuong", "one_stop_centre": "tt-phvhcc",
}
"""A unit type as a short part of a name (a round's default name, "2025-xa-phuong-k7m2"): the
Vietnamese word without its marks."""


LEVEL_WORDS: dict[str, Message] = {
    "province": MC("level", "province"), "ministry": MC("level", "ministry"), "department": MC("level", "department"),
    "district": MC("level", "district"), "commune": MC("level", "commune"),
}


def level_word(value: str, lang: str) -> str:
    """The level of a criteria set in words ("cấp sở" / "department")."""
    return LEVEL_WORDS[value].get(lang) if value in LEVEL_WORDS else value


def unit_type_word(value: object, lang: str) -> str:
    """A unit type in words ("Văn phòng UBND tỉnh" / "provincial office")."""
    key = str(getattr(value, "value", value))
    return UNIT_TYPE_WORDS[key].get(lang) if key in UNIT_TYPE_WORDS else key


def value_word(value: object, lang: str) -> str:
    """The word for a coded value in ``lang``, or the value itself when it has none."""
    return VALUE_WORDS[str(value)].get(lang) if str(value) in VALUE_WORDS else str(value)
