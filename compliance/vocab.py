"""Shared vocabularies (one place in code, used by every command).

Terms follow the field's words (see the word table in the README): severity of a gap, state of a
score, state of a plan task, unit type.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import Enum


def round_half_up(value: float, places: int = 2) -> float:
    """Round as councils do (2.175 → 2.18, not the binary 2.17): half up on the decimal text."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


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


class UnitType(str, Enum):
    """Kind of agency being assessed; each criterion says which kinds it applies to.

    district exists only for periods until 30/6/2025 (two-level local government from 01/7/2025).
    """

    province = "province"
    department = "department"
    provincial_office = "provincial_office"
    district = "district"
    commune = "commune"
    one_stop_centre = "one_stop_centre"


class Confidence(str, Enum):
    """How far a criteria node is backed by an official text.

    verified: read in the official text the file cites; model: shaped after real practice, labelled
    as a model value in every output; unknown: known to exist but its points or method are not known
    (not scored; the edition is reported as incomplete).
    """

    verified = "verified"
    model = "model"
    unknown = "unknown"


VALUE_WORDS: dict[str, tuple[str, str]] = {
    "on_time": ("đúng hạn", "on time"),
    "late": ("chậm", "late"),
    "not_issued": ("không ban hành", "not issued"),
    "issued": ("đã ban hành", "issued"),
    "undated": ("không rõ ngày", "date unknown"),
    "done": ("hoàn thành", "done"),
    "in_progress": ("đang thực hiện", "in progress"),
    "not_done": ("chưa thực hiện", "not done"),
    "unknown": ("không rõ", "unknown"),
}
"""Words for the coded values scoring methods compare (document and task states), vi and en."""


def format_points(value: float) -> str:
    """Points as councils write them: up to three decimals, trailing zeros dropped (2.175, 52.625, 4)."""
    text = f"{round_half_up(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


UNIT_TYPE_WORDS: dict[str, tuple[str, str]] = {
    "province": ("UBND tỉnh", "province"),
    "department": ("sở, ban, ngành", "department"),
    "provincial_office": ("Văn phòng UBND tỉnh", "provincial office"),
    "district": ("UBND cấp huyện", "district"),
    "commune": ("UBND cấp xã", "commune"),
    "one_stop_centre": ("Trung tâm Phục vụ hành chính công", "one-stop centre"),
}


LEVEL_WORDS: dict[str, tuple[str, str]] = {
    "province": ("cấp tỉnh", "province"), "ministry": ("cấp bộ", "ministry"), "department": ("cấp sở", "department"),
    "district": ("cấp huyện", "district"), "commune": ("cấp xã", "commune"),
}


def level_word(value: str, lang: str) -> str:
    """The level of a criteria set in words ("cấp sở" / "department")."""
    vi, en = LEVEL_WORDS.get(value, (value, value))
    return en if lang == "en" else vi


def unit_type_word(value: object, lang: str) -> str:
    """A unit type in words ("Văn phòng UBND tỉnh" / "provincial office")."""
    key = getattr(value, "value", value)
    vi, en = UNIT_TYPE_WORDS.get(str(key), (str(key), str(key)))
    return en if lang == "en" else vi


def value_word(value: object, lang: str) -> str:
    """The word for a coded value in ``lang``, or the value itself when it has none."""
    vi, en = VALUE_WORDS.get(str(value), (str(value), str(value)))
    return en if lang == "en" else vi
