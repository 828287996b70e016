"""The condition language of rule files: its syntax tree and its parser (plain YAML data → tree).

A condition is a small closed tree written in YAML (no eval, no Python):

- leaf ``{field: NAME, <op>: VALUE}`` with exactly one op among ``eq ne gt gte lt lte`` (a number, text,
  date or, for ``eq``/``ne`` only, a boolean), ``in``/``not_in`` (a non-empty list of values of one
  type), ``exists`` (true/false);
- field-to-field ``{field: a, <op>_field: b}`` with ``<op>`` among ``eq ne gt gte lt lte``, an optional
  ``offset: N`` (compare a with b + N) and an optional ``unit: days | working_days`` when a and b are
  dates;
- combinators ``{all: [...]}``, ``{any: [...]}``, ``{not: cond}``.

This module holds what a condition *is* (pydantic models, strict, ``extra='forbid'``), so that rule
files (:mod:`compliance.model.rules`) can be validated in the foundation layer. What a condition
*means*, and its three backends (Python, durable_rules, DuckDB SQL), live in
:mod:`compliance.engine.conditions`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
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

MAX_INT = 2**53
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_FIELDS = frozenset({"sid", "id"})

CMP_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
LEAF_OPS = CMP_OPS + ("in", "not_in", "exists")
FIELD_OPS = tuple(f"{op}_field" for op in CMP_OPS)
ORDER_OPS = ("gt", "gte", "lt", "lte")
NON_ASCII_ORDER = "durable_rules 2.0.28 puts such a text after its own prefix, e.g. 'Sở' > 'Sở Nội vụ'"


def value_type(v: Any) -> str:
    """'bool', 'number' or 'text' for a normalised scalar value (raises ``TypeError`` for others)."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "text"
    raise TypeError(f"unsupported value {v!r}")


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


def as_condition(cond: Any):
    """``cond`` itself when it is already a parsed condition, else :func:`parse_condition` of it."""
    return cond if isinstance(cond, BaseModel) else parse_condition(cond)
