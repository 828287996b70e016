"""A condition read aloud in one line, in Vietnamese or English (``rules show``)."""

from __future__ import annotations

from typing import Any

from compliance.model.conditions import AllOf, AnyOf, FieldCompare, NotOf, as_condition

_WORDS = {
    "vi": {
        "and": " và ", "or": " hoặc ", "not": "không ({})", "in": "thuộc", "not_in": "không thuộc",
        "exists": "có {}", "absent": "không có {}", "days": "ngày", "working_days": "ngày làm việc",
        "true": "có", "false": "không",
    },
    "en": {
        "and": " and ", "or": " or ", "not": "not ({})", "in": "in", "not_in": "not in",
        "exists": "{} is given", "absent": "{} is absent", "days": "days", "working_days": "working days",
        "true": "true", "false": "false",
    },
}
_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


def _show(v: Any, w: dict) -> str:
    if isinstance(v, bool):
        return w["true" if v else "false"]
    if isinstance(v, str):
        return f"'{v}'"
    return format(v, "g") if isinstance(v, float) else str(v)


def describe(cond: Any, lang: str = "vi") -> str:
    """A one-line reading of the condition as written (``not`` kept), in Vietnamese or English.

    e.g. ``apology_letter = 'no' và count > 0``.
    """
    w = _WORDS["en" if lang == "en" else "vi"]

    def go(c, top: bool) -> str:
        if isinstance(c, (AllOf, AnyOf)):
            parts = c.all if isinstance(c, AllOf) else c.any
            text = (w["and"] if isinstance(c, AllOf) else w["or"]).join(go(p, False) for p in parts)
            return text if top or len(parts) == 1 else f"({text})"
        if isinstance(c, NotOf):
            return w["not"].format(go(c.not_, True))
        if isinstance(c, FieldCompare):
            rhs = c.other
            if c.offset:
                sign = "+" if c.offset > 0 else "−"
                rhs += f" {sign} {_show(abs(c.offset), w)}"
                if c.unit:
                    rhs += f" {w[c.unit]}"
            return f"{c.field} {_SYMBOLS[c.op]} {rhs}"
        op = c.op
        if op == "exists":
            return (w["exists"] if c.exists else w["absent"]).format(c.field)
        if op in ("in", "not_in"):
            return f"{c.field} {w[op]} {{{', '.join(_show(v, w) for v in c.value)}}}"
        return f"{c.field} {_SYMBOLS[op]} {_show(c.value, w)}"

    return go(as_condition(cond), True)
