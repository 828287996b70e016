"""The Python backend: the reference semantics of the condition language (see the package docstring)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from compliance import calendar
from compliance.engine.conditions.normal import normal_form
from compliance.engine.conditions.values import ConditionTypeError, as_date, normalize_value
from compliance.model.conditions import NON_ASCII_ORDER, ORDER_OPS, value_type

_PY_OPS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _get(record: dict, field: str) -> Any:
    v = record.get(field)
    if v is None:
        return None
    return normalize_value(v, field)


def _same_type(field: str, v: Any, literal: Any) -> None:
    try:
        tv = value_type(v)
    except TypeError:
        raise ConditionTypeError(field, f"{v!r} is not a number, text or boolean") from None
    tl = value_type(literal)
    if tv != tl:
        raise ConditionTypeError(field, f"{tv} value {v!r} compared with {tl} {literal!r}")


def _eval(n: tuple, record: dict, cal) -> bool:
    kind = n[0]
    if kind == "and":
        return all([_eval(c, record, cal) for c in n[1]])  # evaluate every branch: type errors surface
    if kind == "or":
        return any([_eval(c, record, cal) for c in n[1]])
    if kind == "exists":
        return (_get(record, n[1]) is not None) == n[2]
    if kind == "cmp":
        _, f, op, lit = n
        v = _get(record, f)
        if v is None:
            return False
        _same_type(f, v, lit)
        if op not in ("eq", "ne") and value_type(v) == "bool":
            raise ConditionTypeError(f, f"'{op}' cannot order booleans")
        if op in ORDER_OPS and isinstance(v, str) and not v.isascii():
            raise ConditionTypeError(f, f"'{op}' cannot order the non-ASCII text {v!r} ({NON_ASCII_ORDER})")
        return _PY_OPS[op](v, lit)
    if kind in ("in", "not_in"):
        _, f, lits = n
        v = _get(record, f)
        if v is None:
            return False
        _same_type(f, v, lits[0])
        return (v in lits) == (kind == "in")
    if kind == "fcmp":
        _, a, op, b, offset, unit = n
        va, vb = _get(record, a), _get(record, b)
        if va is None or vb is None:
            # still check the present side's type when a unit needs a date
            for f, v in ((a, va), (b, vb)):
                if v is None:
                    continue
                if unit:
                    as_date(v, f)
                elif op in ORDER_OPS and isinstance(v, str) and not v.isascii():
                    raise ConditionTypeError(f, f"'{op}' cannot order the non-ASCII text {v!r} ({NON_ASCII_ORDER})")
            return False
        if unit:
            da, db = as_date(va, a), as_date(vb, b)
            for f, d in ((a, da), (b, db)):
                if not calendar.FIRST <= d <= calendar.LAST:
                    raise ConditionTypeError(f, f"date {d} is outside the working-day calendar")
            if unit == "days" or offset == 0:
                target = db + dt.timedelta(days=offset)
            else:
                target = cal.add_working_days(db, offset)
            return _PY_OPS[op](da, target)
        _same_type(a, va, vb)
        if offset:
            if value_type(va) != "number":
                raise ConditionTypeError(a, f"'offset' needs numbers, got {va!r} and {vb!r}")
            vb = vb + offset
        elif op not in ("eq", "ne") and value_type(va) == "bool":
            raise ConditionTypeError(a, f"'{op}' cannot order booleans")
        if op in ORDER_OPS and isinstance(va, str):
            for f, v in ((a, va), (b, vb)):
                if not v.isascii():
                    raise ConditionTypeError(f, f"'{op}' cannot order the non-ASCII text {v!r} ({NON_ASCII_ORDER})")
        return _PY_OPS[op](va, vb)
    raise AssertionError(n)


def evaluate(cond: Any, record: dict, cal: calendar.WorkingCalendar | None = None) -> bool:
    """Evaluate a condition on one record (a dict of field → value) in Python.

    This is the reference semantics (module docstring). Values are normalised like facts (NFC, dates →
    ISO). Raises :class:`ConditionTypeError` when a value's type does not fit its comparison.
    """
    return _eval(normal_form(cond), record, cal or calendar.default_calendar())
