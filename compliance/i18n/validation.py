"""Pydantic's validation errors said in plain words, in both languages (catalogue messages).

Pydantic writes "Input should be a valid integer, unable to parse string as an integer"; a person
filling a form needs "'hai mươi nghìn' is not a number; enter a number, e.g. 20000". :func:`explain`
turns one error of ``ValidationError.errors()`` into such a :class:`~compliance.i18n.Message`; the
caller adds the place (sheet and cell, or line and key). A validator of ours that raises
``ValueError(M(...))`` is said as its own message.

Layer: foundation.
"""

from __future__ import annotations

import calendar
import re

from compliance.i18n import M, Message, Num

_NUMBER = {"int_parsing", "int_type", "float_parsing", "float_type", "decimal_parsing", "decimal_type",
           "finite_number"}
_DATE = {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact",
         "datetime_parsing", "datetime_type", "datetime_from_date_parsing"}
_DMY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_GROUPED = re.compile(r"^\s*-?\d{1,3}([.,\s]\d{3})+\s*$")  # 28.044, 28,044, 28 044: a count written as text
_THOUSANDS_DOT = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")  # 28.044 as YAML reads it: a float with three decimals
_YMD = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def date_problem(text: str) -> Message | None:
    """Why ``text`` ("31/02/2020", "2020-02-31") names no day (which month has how many days), or
    None when it is not written as a date or the day exists."""
    m = _DMY.match(text)
    if m:
        d, mo, y = map(int, m.groups())
    elif (m := _YMD.match(text)):
        y, mo, d = map(int, m.groups())
    else:
        return None
    if not 1 <= mo <= 12:
        return M("'{text}' is not a date: there is no month {month}", text=text, month=mo)
    days = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= days:
        return M("the date '{text}' does not exist: {month} {year} has {days} days", text=text,
                 month=MONTH_NAMES[mo - 1], year=y, days=days)
    return None


MONTH_NAMES = [M("January"), M("February"), M("March"), M("April"), M("May"), M("June"), M("July"), M("August"),
               M("September"), M("October"), M("November"), M("December")]
"""The months' names ("March" / "tháng 3")."""


def explain(err: dict) -> Message:
    """One pydantic error (a dict of ``ValidationError.errors()``) in plain words, without its place."""
    kind, loc = err.get("type", ""), err.get("loc", ())
    key = next((p for p in reversed(loc) if isinstance(p, str) and not p.startswith("function-")), "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return M("unknown key '{key}' (misspelt?)", key=key)
    if kind == "missing":
        return M("required key '{key}' is missing", key=key)
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError) and ctx["error"].args:
        said = ctx["error"].args[0]
        return said if isinstance(said, Message) else M("{detail}", detail=str(said))
    if kind in ("int_from_float", "int_type") and isinstance(value, float) and _THOUSANDS_DOT.match(repr(value)):
        # 28.044 unquoted in YAML or JSON is the decimal twenty-eight point zero four four, not 28044
        return M("{value} is read as a decimal number (the dot is a decimal point here): write the count without "
                 "the thousands dot, {plain}", value=repr(value), plain=repr(value).replace(".", ""))
    if kind == "int_from_float" or (kind == "int_type" and isinstance(value, float)):
        return M("'{value}' is not a whole number; enter a whole number, e.g. 20000", value=_shown(value))
    if kind in _NUMBER:
        if isinstance(value, bool):
            return M("a number was expected, not yes/no")
        if isinstance(value, str) and _GROUPED.match(value):
            return M("'{value}' is written as text: write the number without quotes or thousands separators, e.g. "
                     "{plain}", value=value, plain=re.sub(r"[.,\s]", "", value))
        return M("'{value}' is not a number; enter a number, e.g. 20000", value=_shown(value))
    if kind in _DATE:
        problem = date_problem(str(value)) if isinstance(value, str) else None
        if problem is not None:
            return problem
        m = _DMY.match(str(value)) if isinstance(value, str) else None
        if m:
            d, mo, y = map(int, m.groups())
            return M("'{value}' is written day first: write the date as {iso} (year-month-day)", value=value,
                     iso=f"{y:04d}-{mo:02d}-{d:02d}")
        return M("'{value}' is not a date; write it as year-month-day, e.g. 2023-03-05", value=_shown(value))
    if kind == "bool_parsing" or kind == "bool_type":
        return M("'{value}' is not yes or no (true or false)", value=_shown(value))
    if kind in ("literal_error", "enum"):
        return M("'{value}' is not one of: {expected}", value=_shown(value), expected=str(ctx.get("expected", "")))
    if kind in ("string_type",):
        return M("text was expected, found {value}", value=_shown(value))
    if kind in ("list_type", "tuple_type", "set_type"):
        return M("a list was expected, found {value}", value=_shown(value))
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return M("a mapping of keys was expected, found {value}", value=_shown(value))
    if kind in ("string_too_short", "too_short"):
        return M("must not be empty")
    if kind in ("string_too_long", "too_long"):
        return M("is too long (at most {n})", n=ctx.get("max_length", "?"))
    def num(v):
        return Num(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else _shown(v)

    limits = {"greater_than_equal": lambda: M("must be at least {limit}, found {value}", limit=num(ctx.get("ge")),
                                              value=num(value)),
              "greater_than": lambda: M("must be more than {limit}, found {value}", limit=num(ctx.get("gt")), value=num(value)),
              "less_than_equal": lambda: M("must be at most {limit}, found {value}", limit=num(ctx.get("le")),
                                           value=num(value)),
              "less_than": lambda: M("must be less than {limit}, found {value}", limit=num(ctx.get("lt")), value=num(value))}
    if kind in limits:
        return limits[kind]()
    if kind == "string_pattern_mismatch":
        return M("'{value}' is not written as expected", value=_shown(value))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return M("'{value}' is not a known kind", value=_shown(ctx.get("tag", value)))
    return M("invalid value: {detail}", detail=str(err.get("msg", kind)))


def with_more(message: Message, n: int) -> Message:
    """``message`` followed by " (and 3 more)" when ``n`` more errors were found."""
    return M("{message} (and {n} more)", message=message, n=n) if n > 0 else message
