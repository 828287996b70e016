"""The condition language of rule files, and its three backends (Python, durable_rules, DuckDB SQL).

A condition is a small closed tree written in YAML (no eval, no Python):

- leaf ``{field: NAME, <op>: VALUE}`` with exactly one op among ``eq ne gt gte lt lte`` (a number, text,
  date or, for ``eq``/``ne`` only, a boolean), ``in``/``not_in`` (a non-empty list of values of one
  type), ``exists`` (true/false);
- field-to-field ``{field: a, <op>_field: b}`` with ``<op>`` among ``eq ne gt gte lt lte``, an optional
  ``offset: N`` (compare a with b + N) and an optional ``unit: days | working_days`` when a and b are
  dates;
- combinators ``{all: [...]}``, ``{any: [...]}``, ``{not: cond}``.

Semantics (identical in :func:`evaluate`, :func:`to_durable` and :func:`to_sql`; the differential test
tests/test_conditions.py checks this on random conditions and records):

- **Absent values.** A field that is missing or ``None`` is *absent*. Every comparison involving an
  absent field is false, including ``ne`` and ``not_in``; only ``exists: false`` is true for it.
- **not** is applied by pushing it down to the leaves (De Morgan; ``not lt`` → ``gte``, ``not eq`` →
  ``ne``, ``not in`` → ``not_in``, ``not exists: true`` → ``exists: false``). So ``not {a < 5}`` means
  ``a >= 5`` and is also false when ``a`` is absent. This is SQL's three-valued logic with the unknowns
  finally counted as false, and it is what durable_rules does natively.
- **Types are strict.** Values are of one of three types: number (int or float; ``bool`` is *not* a
  number), text, boolean. Comparing values of different types (``'0.9' >= 0.3``, ``True == 1``) is an
  error (:class:`ConditionTypeError`), never a silent match or mismatch. durable_rules would compare
  ``"abc" >= 0.3`` as true and ``True == 1 == "1"``; the runner checks types before asserting.
  Numbers are compared as numbers (int and float mix freely); integers must stay within ±2**53.
- **Text** is compared by Unicode code point after NFC normalisation (= UTF-8 byte order, which is
  what durable_rules and DuckDB use). Ordering (``gt gte lt lte``) of text is limited to ASCII text
  (codes, ISO dates): durable_rules 2.0.28 puts a non-ASCII text after its own prefix
  (``'Sở' > 'Sở Nội vụ'``, found by the differential test), so a non-ASCII literal is refused and a
  non-ASCII value in an ordering comparison raises :class:`ConditionTypeError` (the runner: a
  ``FactError``). DuckDB alone would answer correctly; SQL does not raise.
- **Dates** are ISO text ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM:SS``) in facts and records; plain
  comparisons compare that text. With ``unit``, both sides are read as dates (their first ten
  characters) and compared as dates: ``{field: a, lte_field: b, offset: 5, unit: working_days}`` means
  "a is on or before the 5th working day after b" (:func:`compliance.calendar.add_working_days`);
  a negative offset counts back; offset 0 compares the two dates. Working days follow
  compliance/calendar.py (Vietnam's holidays and swaps, 1970–2100).

How dates are compiled: durable_rules cannot do date arithmetic, so the fact normaliser adds integer
fields for each date field used with a ``unit`` (see :func:`derived_fields`): ``<f>__day`` (days since
1970-01-01), ``<f>__wday`` (working-day index: working days strictly before the date; a day off shares
the next working day's index) and ``<f>__wday_prev`` (a day off shares the previous working day's
index). With X = the N-th working day after b, X's index is ``b__wday_prev + N`` (N > 0) or
``b__wday + N`` (N < 0), and ``a < X`` ⇔ ``a__wday_prev < x``, ``a <= X`` ⇔ ``a__wday <= x``,
``a > X`` ⇔ ``a__wday > x``, ``a >= X`` ⇔ ``a__wday_prev >= x``, ``a == X`` ⇔ both equal x.

SQL (DuckDB): the table's columns are the canonical field names; numbers as INTEGER/BIGINT/DOUBLE,
text as VARCHAR, booleans as BOOLEAN, dates as ISO VARCHAR (DATE columns also work). NULL is absent.
Date arithmetic reads the calendar table that :func:`install_sql_calendar` creates
(``compliance_workdays``). NaN must not occur in SQL tables (DuckDB orders NaN above every number).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

from compliance import calendar

MAX_INT = 2**53
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_FIELDS = frozenset({"sid", "id"})
DERIVED_SUFFIXES = ("__day", "__wday", "__wday_prev")

CMP_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
LEAF_OPS = CMP_OPS + ("in", "not_in", "exists")
FIELD_OPS = tuple(f"{op}_field" for op in CMP_OPS)
ORDER_OPS = ("gt", "gte", "lt", "lte")
NON_ASCII_ORDER = "durable_rules 2.0.28 puts such a text after its own prefix, e.g. 'Sở' > 'Sở Nội vụ'"
INVERSE = {"eq": "ne", "ne": "eq", "gt": "lte", "lte": "gt", "gte": "lt", "lt": "gte", "in": "not_in", "not_in": "in"}


class ConditionTypeError(ValueError):
    """A value's type does not fit the comparison (text vs number, boolean vs number, a non-date with a
    ``unit``, a NaN/inf, an integer beyond ±2**53). ``field`` names the field at fault."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"field '{field}': {message}")


# --------------------------------------------------------------------------------------------------
# values and types

def value_type(v: Any) -> str:
    """'bool', 'number' or 'text' for a normalised scalar value (raises ``TypeError`` for others)."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "text"
    raise TypeError(f"unsupported value {v!r}")


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


# --------------------------------------------------------------------------------------------------
# the pydantic model

Scalar = Union[StrictBool, StrictInt, StrictFloat, StrictStr, dt.date]
FieldName = Annotated[str, Field(min_length=1, max_length=100)]


def _check_field_name(name: str) -> str:
    if not FIELD_RE.match(name):
        raise ValueError(f"field name '{name}' must be letters, digits and '_' (not starting with a digit)")
    if "__" in name:
        raise ValueError(f"field name '{name}' must not contain '__' (reserved for derived date fields)")
    if name in RESERVED_FIELDS:
        raise ValueError(f"field name '{name}' is reserved by the engine")
    return name


def _literal(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()[:10] if not isinstance(v, dt.datetime) else v.isoformat()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        raise ValueError("NaN and infinity are not allowed")
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_INT:
        raise ValueError("integers beyond ±2**53 are not allowed")
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    return v


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Leaf(_Node):
    """``{field: NAME, <op>: VALUE}`` with exactly one op."""

    field: FieldName
    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: Scalar | None = None
    gte: Scalar | None = None
    lt: Scalar | None = None
    lte: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    not_in: list[Scalar] | None = Field(default=None, min_length=1)
    exists: StrictBool | None = None

    @field_validator("field")
    @classmethod
    def _name(cls, v):
        return _check_field_name(v)

    @field_validator("eq", "ne", "gt", "gte", "lt", "lte", mode="after")
    @classmethod
    def _scalar(cls, v):
        if v is None:
            raise ValueError("a value is required (use 'exists: false' to test for an absent value)")
        return _literal(v)

    @field_validator("in_", "not_in", mode="after")
    @classmethod
    def _list(cls, v):
        if v is None:
            raise ValueError("a list of values is required")
        v = [_literal(x) for x in v]
        if len({value_type(x) for x in v}) > 1:
            raise ValueError("all values of the list must have the same type (numbers, text or booleans)")
        return v

    @model_validator(mode="after")
    def _one_op(self):
        ops = self.ops_given()
        if len(ops) != 1:
            raise ValueError(
                f"a condition on field '{self.field}' needs exactly one operator among "
                f"{', '.join(LEAF_OPS)}; got {', '.join(ops) or 'none'}"
            )
        op = ops[0]
        if op in ("gt", "gte", "lt", "lte") and isinstance(getattr(self, op), bool):
            raise ValueError(f"'{op}' cannot compare with a boolean (only eq/ne)")
        if op in ORDER_OPS and isinstance(getattr(self, op), str) and not getattr(self, op).isascii():
            raise ValueError(f"'{op}' cannot order non-ASCII text ({NON_ASCII_ORDER}); use eq, ne or in")
        return self

    def ops_given(self) -> list[str]:
        names = {"in_": "in"}
        given = {names.get(k, k) for k in self.model_fields_set if k != "field"}
        return [op for op in LEAF_OPS if op in given]

    @property
    def op(self) -> str:
        return self.ops_given()[0]

    @property
    def value(self) -> Any:
        return getattr(self, "in_" if self.op == "in" else self.op)


class FieldCompare(_Node):
    """``{field: a, <op>_field: b, offset: N, unit: days|working_days}``: a <op> b + N."""

    field: FieldName
    eq_field: FieldName | None = None
    ne_field: FieldName | None = None
    gt_field: FieldName | None = None
    gte_field: FieldName | None = None
    lt_field: FieldName | None = None
    lte_field: FieldName | None = None
    offset: StrictInt | StrictFloat | None = None
    unit: Literal["days", "working_days"] | None = None

    @field_validator("field", "eq_field", "ne_field", "gt_field", "gte_field", "lt_field", "lte_field")
    @classmethod
    def _names(cls, v):
        if v is None:
            raise ValueError("a field name is required")
        return _check_field_name(v)

    @model_validator(mode="after")
    def _one_op(self):
        ops = [k for k in self.model_fields_set if k in FIELD_OPS]
        if len(ops) != 1:
            raise ValueError(
                f"a field-to-field condition on '{self.field}' needs exactly one of {', '.join(FIELD_OPS)}; "
                f"got {', '.join(sorted(ops)) or 'none'}"
            )
        if self.offset is not None:
            _literal(self.offset)
            if self.unit and not isinstance(self.offset, int):
                raise ValueError("with a unit, 'offset' must be a whole number of days")
        return self

    @property
    def op(self) -> str:
        return next(k for k in self.model_fields_set if k in FIELD_OPS)[: -len("_field")]

    @property
    def other(self) -> str:
        return getattr(self, self.op + "_field")


class AllOf(_Node):
    """``{all: [...]}``: every condition holds."""

    all: list["Condition"] = Field(min_length=1)


class AnyOf(_Node):
    """``{any: [...]}``: at least one condition holds."""

    any: list["Condition"] = Field(min_length=1)


class NotOf(_Node):
    """``{not: cond}``: pushed down to the leaves (see the module docstring)."""

    not_: "Condition" = Field(alias="not")


def _tag(v: Any) -> str | None:
    """Which node a mapping is. Tags start with 'function-' so that yamlio.validation_error drops them
    from error locations, which then read as the YAML path (``when.all[1].field``)."""
    if isinstance(v, BaseModel):
        tag = {Leaf: "leaf", FieldCompare: "cmp", AllOf: "all", AnyOf: "any", NotOf: "not"}.get(type(v))
    elif not isinstance(v, dict):
        tag = None
    elif "all" in v:
        tag = "all"
    elif "any" in v:
        tag = "any"
    elif "not" in v:
        tag = "not"
    elif any(k in v for k in FIELD_OPS):
        tag = "cmp"
    elif "field" in v:
        tag = "leaf"
    else:
        tag = None
    return f"function-{tag}" if tag else None


Condition = Annotated[
    Union[
        Annotated[Leaf, Tag("function-leaf")],
        Annotated[FieldCompare, Tag("function-cmp")],
        Annotated[AllOf, Tag("function-all")],
        Annotated[AnyOf, Tag("function-any")],
        Annotated[NotOf, Tag("function-not")],
    ],
    Discriminator(
        _tag,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with 'field' (and one operator), 'all', 'any' or 'not'",
    ),
]
"""A condition (pydantic type; use it as a field type in other models)."""

for _m in (AllOf, AnyOf, NotOf):
    _m.model_rebuild()

_ADAPTER = TypeAdapter(Condition)


def parse_condition(data: Any) -> Condition:
    """Validate plain data (from YAML) into a :data:`Condition`; raises ``pydantic.ValidationError``."""
    return _ADAPTER.validate_python(data)


def _as_condition(cond: Any):
    return cond if isinstance(cond, BaseModel) else parse_condition(cond)


# --------------------------------------------------------------------------------------------------
# normal form: not pushed down to the leaves
#   ("and", [..]) ("or", [..]) ("cmp", field, op, value) ("in", field, values) ("not_in", field, values)
#   ("exists", field, bool) ("fcmp", a, op, b, offset, unit)

def normal_form(cond: Any, negate: bool = False) -> tuple:
    """The condition with ``not`` pushed down to the leaves (internal form used by all backends)."""
    cond = _as_condition(cond)
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


def fields(cond: Any) -> set[str]:
    """Every field name a condition reads (for "only declared inputs" checks)."""
    out: set[str] = set()

    def walk(n: tuple):
        if n[0] in ("and", "or"):
            for c in n[1]:
                walk(c)
        elif n[0] == "fcmp":
            out.update((n[1], n[3]))
        else:
            out.add(n[1])

    walk(normal_form(cond))
    return out


def date_fields(cond: Any) -> set[str]:
    """Fields read as dates (used in a field-to-field comparison with a ``unit``)."""
    out: set[str] = set()

    def walk(n: tuple):
        if n[0] in ("and", "or"):
            for c in n[1]:
                walk(c)
        elif n[0] == "fcmp" and n[5]:
            out.update((n[1], n[3]))

    walk(normal_form(cond))
    return out


# --------------------------------------------------------------------------------------------------
# Python backend

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


# --------------------------------------------------------------------------------------------------
# durable_rules backend

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


# --------------------------------------------------------------------------------------------------
# SQL (DuckDB) backend

SQL_CALENDAR = "compliance_workdays"
_SQL_OPS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _q(name: str) -> str:
    return '"' + name + '"'  # names are checked against FIELD_RE, so no quote can occur


def _sql_day(field: str) -> str:
    return f"(CAST(LEFT(CAST({_q(field)} AS VARCHAR), 10) AS DATE) - DATE '1970-01-01')"


def _sql_wday(field: str, column: str) -> str:
    return f"(SELECT {column} FROM {SQL_CALENDAR} WHERE day = {_sql_day(field)})"


def _sql(n: tuple, params: list) -> str:
    kind = n[0]
    if kind in ("and", "or"):
        parts = [_sql(c, params) for c in n[1]]
        return parts[0] if len(parts) == 1 else "(" + f" {kind.upper()} ".join(parts) + ")"
    if kind == "exists":
        return f"({_q(n[1])} IS {'NOT ' if n[2] else ''}NULL)"
    if kind == "cmp":
        params.append(n[3])
        return f"({_q(n[1])} {_SQL_OPS[n[2]]} ?)"
    if kind in ("in", "not_in"):
        params.extend(n[2])
        marks = ", ".join("?" for _ in n[2])
        return f"({_q(n[1])} {'NOT ' if kind == 'not_in' else ''}IN ({marks}))"
    if kind == "fcmp":
        _, a, op, b, offset, unit = n
        sym = _SQL_OPS[op]

        def plus(expr: str) -> str:
            if not offset:
                return expr
            params.append(offset)
            return f"({expr} + ?)"

        if not unit:
            return f"({_q(a)} {sym} {plus(_q(b))})"
        if unit == "days" or offset == 0:
            return f"({_sql_day(a)} {sym} {plus(_sql_day(b))})"
        rhs_col = "wday_prev" if offset > 0 else "wday"
        left = {"lt": "wday_prev", "gte": "wday_prev", "lte": "wday", "gt": "wday"}
        if op in left:
            return f"({_sql_wday(a, left[op])} {sym} {plus(_sql_wday(b, rhs_col))})"
        first = f"({_sql_wday(a, 'wday_prev')} {sym} {plus(_sql_wday(b, rhs_col))})"
        second = f"({_sql_wday(a, 'wday')} {sym} {plus(_sql_wday(b, rhs_col))})"
        return f"({first} {'AND' if op == 'eq' else 'OR'} {second})"
    raise AssertionError(n)


def to_sql(cond: Any) -> tuple[str, list]:
    """Compile a condition to a DuckDB boolean expression with ``?`` placeholders, and its parameters.

    Use it as ``con.execute(f"SELECT ... FROM t WHERE {sql}", params)``. Columns are the field names
    (double-quoted). NULL is absent; every comparison on NULL is false in a WHERE clause, which matches
    the other backends because ``not`` is pushed down before compiling. Date comparisons with a ``unit``
    need :func:`install_sql_calendar` on the connection first.
    """
    params: list = []
    return _sql(normal_form(cond), params), params


def install_sql_calendar(con, cal: calendar.WorkingCalendar | None = None) -> None:
    """Create (once per connection) the table ``compliance_workdays(day, wday, wday_prev)`` for
    1970-01-01..2100-12-31: ``day`` = days since 1970-01-01, the two working-day indexes as in
    :mod:`compliance.calendar`. A date outside the range finds no row, so its comparison is false."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [SQL_CALENDAR]
    ).fetchone()[0]
    if exists:
        return
    cal = cal or calendar.default_calendar()
    n = (calendar.LAST - calendar.FIRST).days + 1
    first = (calendar.FIRST - calendar.EPOCH).days
    wday, wprev = [], []
    for i in range(n):
        d = calendar.FIRST + dt.timedelta(days=i)
        w = cal.working_day_index(d)
        wday.append(w)
        wprev.append(w if cal.is_working_day(d) else w - 1)
    con.execute(
        f"CREATE TEMP TABLE {SQL_CALENDAR} AS SELECT unnest(?::INTEGER[]) AS day, "
        "unnest(?::INTEGER[]) AS wday, unnest(?::INTEGER[]) AS wday_prev",
        [list(range(first, first + n)), wday, wprev],
    )


# --------------------------------------------------------------------------------------------------
# description

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

    return go(_as_condition(cond), True)
