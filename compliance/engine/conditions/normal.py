"""The normal form every backend compiles from: ``not`` pushed down to the leaves (De Morgan), and the
fields a condition reads.

Shapes: ``("and", (..)) ("or", (..)) ("cmp", field, op, value) ("in", field, values)
("not_in", field, values) ("exists", field, bool) ("fcmp", a, op, b, offset, unit)``.
"""

from __future__ import annotations

from typing import Any

from compliance.model.conditions import AllOf, AnyOf, FieldCompare, NotOf, as_condition

INVERSE = {"eq": "ne", "ne": "eq", "gt": "lte", "lte": "gt", "gte": "lt", "lt": "gte", "in": "not_in", "not_in": "in"}


def normal_form(cond: Any, negate: bool = False) -> tuple:
    """The condition with ``not`` pushed down to the leaves (internal form used by all backends)."""
    cond = as_condition(cond)
    if isinstance(cond, NotOf):
        return normal_form(cond.not_, not negate)
    if isinstance(cond, AllOf):
        return ("or" if negate else "and", tuple(normal_form(c, negate) for c in cond.all))
    if isinstance(cond, AnyOf):
        return ("and" if negate else "or", tuple(normal_form(c, negate) for c in cond.any))
    if isinstance(cond, FieldCompare):
        op = INVERSE[cond.op] if negate else cond.op
        return ("fcmp", cond.field, op, cond.other, cond.offset or 0, cond.unit)
    op = cond.op
    if op == "exists":
        return ("exists", cond.field, cond.exists != negate)
    if negate:
        op = INVERSE[op]
    if op in ("in", "not_in"):
        return (op, cond.field, tuple(cond.value))
    return ("cmp", cond.field, op, cond.value)


def _leaves(n: tuple):
    """The leaves of a normal form, depth first."""
    if n[0] in ("and", "or"):
        for c in n[1]:
            yield from _leaves(c)
    else:
        yield n


def fields(cond: Any) -> set[str]:
    """Every field name a condition reads (for "only declared inputs" checks)."""
    out: set[str] = set()
    for n in _leaves(normal_form(cond)):
        out.update((n[1], n[3]) if n[0] == "fcmp" else (n[1],))
    return out


def date_fields(cond: Any) -> set[str]:
    """Fields read as dates (used in a field-to-field comparison with a ``unit``)."""
    return {f for n in _leaves(normal_form(cond)) if n[0] == "fcmp" and n[5] for f in (n[1], n[3])}
