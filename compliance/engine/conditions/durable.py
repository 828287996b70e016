"""The durable_rules backend: a condition → a durable_rules JSON pattern (see the package docstring for
how date arithmetic compiles to the derived integer fields)."""

from __future__ import annotations

import unicodedata
from typing import Any

from compliance.engine.conditions.normal import normal_form

_DR_OPS = {"ne": "$neq", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


def _dr_cmp(field: str, op: str, rhs: Any) -> dict:
    return {field: rhs} if op == "eq" else {_DR_OPS[op]: {field: rhs}}


def _dr_ref(field: str, offset: int | float) -> dict:
    ref = {"$m": field}
    return {"$add": {"$l": ref, "$r": offset}} if offset else ref


def _dr(n: tuple) -> dict:
    kind = n[0]
    if kind in ("and", "or"):
        parts = [_dr(c) for c in n[1]]
        return parts[0] if len(parts) == 1 else {"$" + kind: parts}
    if kind == "exists":
        return {("$ex" if n[2] else "$nex"): {n[1]: 1}}
    if kind == "cmp":
        return _dr_cmp(n[1], n[2], n[3])
    if kind == "in":
        parts = [{n[1]: v} for v in n[2]]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if kind == "not_in":
        parts = [{"$neq": {n[1]: v}} for v in n[2]]
        return parts[0] if len(parts) == 1 else {"$and": parts}
    if kind == "fcmp":
        # durable_rules 2.0.28 answers `a == 1 and a == $m.b` as true when b is absent (found by the
        # differential test), so every field-to-field comparison also states that both fields exist.
        _, a, op, b, offset, unit = n
        if not unit:
            return _guard((a, b), _dr_cmp(a, op, _dr_ref(b, offset)))
        if unit == "days" or offset == 0:
            return _guard((f"{a}__day", f"{b}__day"), _dr_cmp(f"{a}__day", op, _dr_ref(f"{b}__day", offset)))
        rb = f"{b}__wday_prev" if offset > 0 else f"{b}__wday"
        rhs = _dr_ref(rb, offset)
        left = {"lt": "__wday_prev", "gte": "__wday_prev", "lte": "__wday", "gt": "__wday"}
        if op in left:
            return _guard((a + left[op], rb), _dr_cmp(a + left[op], op, rhs))
        both = [_dr_cmp(f"{a}__wday_prev", op, rhs), _dr_cmp(f"{a}__wday", op, rhs)]
        return _guard((f"{a}__wday", rb), {"$and": both} if op == "eq" else {"$or": both})
    raise AssertionError(n)


def _guard(names: tuple[str, str], test: dict) -> dict:
    return {"$and": [{"$ex": {names[0]: 1}}, {"$ex": {names[1]: 1}}, test]}


def to_durable(cond: Any, kind: str) -> dict:
    """Compile a condition to a durable_rules JSON pattern for facts of ``kind``.

    Returns e.g. ``{"$and": [{"kind": "dossier"}, {"$lt": {"count": 5}}]}``: the positive discriminator
    ``kind == <kind>`` is always added, so no rule is ever negation-only (durable_rules loops forever on
    those). Date comparisons with a ``unit`` read the derived fields ``<f>__day``/``__wday``/``__wday_prev``
    that :class:`compliance.engine.runner.RuleRunner` adds to facts. Use it as ``{"all": [{"m": pattern}]}``.
    """
    if not isinstance(kind, str) or not kind:
        raise ValueError("kind must be a non-empty text")
    return {"$and": [{"kind": unicodedata.normalize("NFC", kind)}, _dr(normal_form(cond))]}
