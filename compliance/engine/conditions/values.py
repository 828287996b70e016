"""Fact values as every backend of the condition language expects them (NFC text, ISO dates, strict
numbers), and the integer day numbers that date arithmetic compiles to."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any

from compliance import calendar
from compliance.model.conditions import MAX_INT, value_type

DERIVED_SUFFIXES = ("__day", "__wday", "__wday_prev")
__all__ = ["DERIVED_SUFFIXES", "ConditionTypeError", "as_date", "derived_values", "normalize_value", "value_type"]


class ConditionTypeError(ValueError):
    """A value's type does not fit the comparison (text vs number, boolean vs number, a non-date with a
    ``unit``, a NaN/inf, an integer beyond ±2**53). ``field`` names the field at fault."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"field '{field}': {message}")



def normalize_value(v: Any, field: str = "?") -> Any:
    """Normalise one fact value the way every backend expects it.

    NFC text; ``date``/``datetime`` → ISO text; ``Decimal`` → int (if integral) or float; lists and dicts
    normalised recursively. Raises :class:`ConditionTypeError` for NaN, ±inf, integers beyond ±2**53 and
    objects that are not JSON data.
    """
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v if v.isascii() else unicodedata.normalize("NFC", v)
    if isinstance(v, int):
        if abs(v) > MAX_INT:
            raise ConditionTypeError(field, f"integer {v} is beyond ±2**53 and cannot be compared exactly")
        return v
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ConditionTypeError(field, f"{v} is not a usable number")
        return v
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ConditionTypeError(field, f"{v} is not a usable number")
        return normalize_value(int(v) if v == v.to_integral_value() else float(v), field)
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {normalize_value(k, field): normalize_value(x, f"{field}.{k}") for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [normalize_value(x, field) for x in v]
    raise ConditionTypeError(field, f"a value of type {type(v).__name__} cannot be used in a fact")


def as_date(v: Any, field: str) -> dt.date:
    """The date of an ISO text value (first ten characters); :class:`ConditionTypeError` otherwise."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            pass
    raise ConditionTypeError(field, f"{v!r} is not an ISO date (YYYY-MM-DD)")


def derived_values(value: Any, field: str, cal: calendar.WorkingCalendar | None = None) -> dict[str, int]:
    """The integer fields the compiler uses for a date field: ``{f__day, f__wday, f__wday_prev}``.

    ``value`` is an ISO date text; raises :class:`ConditionTypeError` when it is not a date or lies
    outside the working-day calendar (1970–2100).
    """
    d = as_date(value, field)
    try:
        day, wday, wprev = _day_numbers(d, cal or calendar.default_calendar())
    except ValueError as exc:
        raise ConditionTypeError(field, str(exc)) from None
    return {f"{field}__day": day, f"{field}__wday": wday, f"{field}__wday_prev": wprev}


@lru_cache(maxsize=65536)
def _day_numbers(d: dt.date, cal: calendar.WorkingCalendar) -> tuple[int, int, int]:
    """(days since 1970-01-01, working-day index, working-day index rounded down) of a date."""
    return (d - calendar.EPOCH).days, cal.working_day_index(d), cal.working_day_index_prev(d)
