"""What the runner checks before durable_rules sees anything: the rulesets' shape (points 2 and 5 of
:mod:`compliance.engine.runner`) and each fact against what the rules need of it (point 1).

:class:`Spec` is read from the compiled rulesets (which fields are compared with numbers, text or
booleans, which are ordered, which are dates with a unit); :func:`prepare_fact` normalises one fact and
refuses it, naming the fact id and the field, when it does not fit.
"""

from __future__ import annotations

import json
import re
from typing import Any

from compliance.engine.conditions import (
    DERIVED_SUFFIXES,
    ConditionTypeError,
    derived_values,
    normalize_value,
    value_type,
)
from compliance.engine.errors import FactError, RulesetError

MAX_PROPERTIES = 250  # durable_rules fails with error 302 above 252 user properties (id and sid count)
RESERVED_KEYS = ("sid", "id")
_ALIAS_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CMP_KEYS = ("$gt", "$gte", "$lt", "$lte", "$neq")
_ARITH_KEYS = ("$add", "$sub", "$mul", "$div")


class Spec:
    """What the rulesets need from facts, per fact kind (None = any kind): filled by :func:`scan`."""

    def __init__(self):
        self.types: dict[tuple[str | None, str], set[str]] = {}
        self.pairs: set[tuple[str | None, str, str]] = set()
        self.dates: set[tuple[str | None, str]] = set()
        self.ordered: set[tuple[str | None, str]] = set()  # fields ordered ($gt..$lte): ASCII text only

    def want(self, kind, field, typ):
        base = _derived_base(field)
        if base:
            self.dates.add((kind, base))
            return
        self.types.setdefault((kind, field), set()).add(typ)


_SUFFIXES_LONGEST_FIRST = tuple(sorted(DERIVED_SUFFIXES, key=len, reverse=True))


def _derived_base(field: str) -> str | None:
    if not field.endswith(_SUFFIXES_LONGEST_FIRST):
        return None
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if field.endswith(suffix):
            return field[: -len(suffix)]
    return None


def _literal_type(v: Any) -> str | None:
    try:
        return value_type(v)
    except TypeError:
        return None


def _scan_rhs(spec: Spec, kind, field: str, rhs: Any, where: str) -> None:
    if isinstance(rhs, dict):
        (key, val), = rhs.items() if len(rhs) == 1 else ((None, None),)
        if key == "$m":
            spec.pairs.add((kind, field, val))
            for f in (field, val):
                if _derived_base(f):
                    spec.want(kind, f, "number")
        elif key in _ARITH_KEYS:
            spec.want(kind, field, "number")
            for side in ("$l", "$r"):
                part = val.get(side) if isinstance(val, dict) else None
                if isinstance(part, dict) and "$m" in part:
                    spec.want(kind, part["$m"], "number")
        # other one-key dicts are joins to another alias: types are not checked across facts
        return
    typ = _literal_type(rhs)
    if typ:
        spec.want(kind, field, typ)


def scan(spec: Spec, kind, expr: Any, where: str) -> None:
    """Note in ``spec`` what one durable_rules expression needs of facts of ``kind``; :class:`RulesetError`
    for an operator the runner does not support or a malformed expression (``where`` names the rule)."""
    if not isinstance(expr, dict) or not expr:
        raise RulesetError(f"{where}: an expression must be a non-empty mapping, got {expr!r}")
    for key, val in expr.items():
        if key in ("$and", "$or"):
            if not isinstance(val, list) or not val:
                raise RulesetError(f"{where}: '{key}' needs a non-empty list")
            for part in val:
                scan(spec, kind, part, where)
        elif key in _CMP_KEYS:
            if not isinstance(val, dict) or len(val) != 1:
                raise RulesetError(f"{where}: '{key}' needs a one-key mapping {{field: value}}")
            (field, rhs), = val.items()
            _scan_rhs(spec, kind, field, rhs, where)
            if key != "$neq":
                spec.ordered.add((kind, field))
                if isinstance(rhs, dict) and set(rhs) == {"$m"}:
                    spec.ordered.add((kind, rhs["$m"]))
        elif key in ("$mt", "$imt"):
            for field in val:
                spec.want(kind, field, "text")
        elif key in ("$ex", "$nex", "$iall", "$iany"):
            pass
        elif key.startswith("$"):
            raise RulesetError(f"{where}: operator '{key}' is not supported by the runner")
        else:
            _scan_rhs(spec, kind, key, val, where)


def discriminator(pattern: dict) -> tuple[str, Any] | None:
    """The first top-level positive equality ``{field: literal}`` of a pattern, or None."""
    parts = pattern["$and"] if set(pattern) == {"$and"} else [pattern]
    for part in parts:
        if isinstance(part, dict) and len(part) == 1:
            (key, val), = part.items()
            if not key.startswith("$") and key not in RESERVED_KEYS and _literal_type(val) is not None:
                return key, val
    return None



def copy_rulesets(rulesets: dict) -> dict:
    """A deep copy of the ruleset definitions without their ``run`` keys (registration mutates what it
    is given), which also proves they are plain JSON data; :class:`RulesetError` otherwise."""
    if not isinstance(rulesets, dict) or not rulesets:
        raise RulesetError("rulesets must be a non-empty mapping {ruleset_name: {rule_name: rule}}")
    try:  # a deep copy that also proves the definitions are plain JSON data
        return json.loads(json.dumps({k: {r: {x: y for x, y in v.items() if x != "run"}
                                          for r, v in rs.items()} if isinstance(rs, dict) else rs
                                      for k, rs in rulesets.items()}, ensure_ascii=False))
    except (TypeError, ValueError, AttributeError) as exc:
        raise RulesetError(f"rulesets must be plain JSON data: {exc}") from None


def check_rule(rule: Any, where: str) -> list[tuple[str, dict]]:
    """The ``(alias, pattern)`` pairs of one rule definition; :class:`RulesetError` for unknown keys, a
    pattern that is not a one-key ``{alias: expression}`` with a unique alias, or a pattern with no
    positive equality test (a negation-only rule makes durable_rules loop forever)."""
    if not isinstance(rule, dict):
        raise RulesetError(f"{where}: a rule must be a mapping")
    unknown = set(rule) - {"all", "any", "pri"}
    if unknown:
        raise RulesetError(f"{where}: unknown key(s) {sorted(unknown)}")
    heads = [k for k in ("all", "any") if k in rule]
    if len(heads) != 1 or not isinstance(rule[heads[0]], list) or not rule[heads[0]]:
        raise RulesetError(f"{where}: needs exactly one of 'all' or 'any' with a non-empty list")
    out, aliases = [], set()
    for entry in rule[heads[0]]:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise RulesetError(f"{where}: each pattern must be a one-key mapping {{alias: expression}}")
        (alias, pattern), = entry.items()
        if not _ALIAS_RE.match(alias) or alias in aliases:
            raise RulesetError(f"{where}: pattern alias {alias!r} is not a unique identifier")
        aliases.add(alias)
        if not isinstance(pattern, dict) or discriminator(pattern) is None:
            raise RulesetError(
                f"{where}, pattern '{alias}': needs a positive equality test such as kind == '...' "
                "(a negation-only rule makes durable_rules loop forever)"
            )
        out.append((alias, pattern))
    return out


def prepare_fact(spec: Spec, sid: str, n: int, fact: Any) -> tuple[dict, str | None]:
    """The fact as asserted (normalised values, derived date fields, ``sid`` and ``id`` ``"{sid}:{kind}:{n}"``)
    and its kind. Raises :class:`FactError` naming the fact id and the field when a value's type does
    not fit what a rule compares it with, or the fact has too many properties."""
    if not isinstance(fact, dict):
        raise FactError(f"{sid}:?:{n}", None, f"a fact must be a mapping, got {type(fact).__name__}")
    kind = fact.get("kind")
    fact_id = f"{sid}:{kind if isinstance(kind, str) else 'fact'}:{n}"
    if kind is not None and not isinstance(kind, str):
        raise FactError(fact_id, "kind", f"must be text, got {kind!r}")
    if isinstance(kind, str) and kind.startswith("__"):
        raise FactError(fact_id, "kind", "kinds starting with '__' are reserved by the runner")
    out: dict = {}
    for key, value in fact.items():
        if not isinstance(key, str):
            raise FactError(fact_id, str(key), "field names must be text")
        if key in RESERVED_KEYS:
            raise FactError(fact_id, key, f"'{key}' is reserved by the engine; use another name")
        if _derived_base(key):
            raise FactError(fact_id, key, "names ending in __day/__wday/__wday_prev are reserved")
        if value is None:
            continue
        try:
            out[normalize_value(key)] = normalize_value(value, key)
        except ConditionTypeError as exc:
            raise FactError(fact_id, exc.field, str(exc).split(": ", 1)[1]) from None
    kind = out.get("kind")
    for scope in (None, kind) if kind is not None else (None,):
        for field in list(out):
            wanted = spec.types.get((scope, field))
            if wanted:
                have = _literal_type(out[field]) or type(out[field]).__name__
                if have not in wanted:
                    raise FactError(
                        fact_id, field,
                        f"a rule compares it with {' and '.join(sorted(wanted))}, but the value is "
                        f"{have} {out[field]!r} (no silent conversion)",
                    )
    for scope, a, b in spec.pairs:
        if scope in (None, kind) and a in out and b in out:
            ta, tb = _literal_type(out[a]), _literal_type(out[b])
            if ta is None or ta != tb:
                raise FactError(fact_id, a, f"compared with field '{b}' but their types differ "
                                            f"({out[a]!r} vs {out[b]!r})")
    for scope, field in spec.ordered:
        value = out.get(field)
        if scope in (None, kind) and isinstance(value, str) and not value.isascii():
            raise FactError(fact_id, field, f"a rule orders it (<, >), but {value!r} is not ASCII text "
                                            "and durable_rules 2.0.28 orders such text wrongly")
    for scope, base in spec.dates:
        if scope in (None, kind) and base in out:
            try:
                out.update(derived_values(out[base], base))
            except ConditionTypeError as exc:
                raise FactError(fact_id, base, str(exc).split(": ", 1)[1]) from None
    count = len(out) + len(RESERVED_KEYS)
    if any(isinstance(v, (dict, list)) for v in out.values()):
        count = _count_properties(out) + len(RESERVED_KEYS)
    if count > MAX_PROPERTIES:
        raise FactError(fact_id, None, f"{count} properties (nested keys and derived date fields "
                                       f"included); the engine allows at most {MAX_PROPERTIES}")
    out["sid"], out["id"] = sid, fact_id
    return out, kind



def _count_properties(value: Any) -> int:
    if isinstance(value, dict):
        return sum(1 + _count_properties(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_properties(v) for v in value)
    return 0

