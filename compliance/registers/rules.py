"""The register rules (rules/one-stop/register.yaml), compiled for DuckDB and durable_rules.

Each rule's ``when`` is written once in the closed condition language. Per-record work over a register
runs as SQL (:func:`compliance.engine.conditions.to_sql`): a million dossiers are filtered in DuckDB in
well under a second per rule. durable_rules then receives only the records SQL flagged and re-checks
them with the same conditions (:func:`compliance.engine.conditions.to_durable`, through the hardened
:class:`compliance.engine.runner.RuleRunner`); a disagreement is an internal error, never a silent
difference. Feeding durable_rules every dossier would cost ~4 KB and ~20 µs per fact
(reference/durable-rules.md), about 4 GB for a province's year.

Settings change how some deadlines are counted (``Settings.apology_unit``, ``publication_unit``): the
rule's ``unit: days`` is replaced before compiling, and the finding says which unit was used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compliance.engine.conditions import fields as condition_fields
from compliance.engine.conditions import parse_condition, to_durable, to_sql
from compliance.io.yamlio import load_model
from compliance.model.rules import Rule, RuleFile
from compliance.registers.summary import CATALOGUE_SOURCES

ROOT = Path(__file__).resolve().parents[2]
RULES_FILE = ROOT / "rules" / "one-stop" / "register.yaml"

#: rule id → the setting that decides how its ``unit: days`` deadline is counted
UNIT_SETTINGS = {
    "onestop.dossier.apology_late": "apology_unit",
    "onestop.procedure.published_late": "publication_unit",
    "onestop.procedure.published_late_ministry": "publication_unit",
}

#: fields a rule may read although the register has no such column: their absence is handled by the
#: condition itself (a late dossier with no paper-result column is simply late)
SOFT_FIELDS = {
    "onestop.dossier.late_without_apology": {"paper_result_at"},
    "onestop.dossier.late_in_software_only": {"status", "outcome"},
    "onestop.procedure.published_late": {"issuer_level"},
    "onestop.procedure.national_db_late": {"issuer_level"},
    "onestop.procedure.national_db_missing": {"abolished_on"},
}

#: fields computed for every dossier of the period (compliance.registers.summary.create_facts_view)
DERIVED_DOSSIER_FIELDS = {"finished_at", "outcome", "late", "received_in_period", "carried_over",
                          "resolved_in_period", "period_end"}
CATALOGUE_DERIVED_FIELDS = set(CATALOGUE_SOURCES)


@dataclass
class CompiledRule:
    """A rule ready to run: ``cond`` (the unit setting applied), ``unit`` used for its deadline (None
    when it has none), the fields it reads, its SQL and the durable_rules pattern."""

    rule: Rule
    cond: object
    unit: str | None
    reads: set[str]
    sql: str
    params: list
    durable: dict
    soft: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def fact(self) -> str:
        return self.rule.fact

    def bases_key_sql(self, column: str) -> str:
        """SQL giving, per record, the comma-joined indexes of the legal bases in force on the record's
        ``column`` date (all of them when the date is NULL)."""
        parts = []
        for i, b in enumerate(self.rule.legal_basis):
            conds = []
            if b.applies_from:
                conds.append(f"{column} >= DATE '{b.applies_from.isoformat()}'")
            if b.applies_to:
                conds.append(f"{column} <= DATE '{b.applies_to.isoformat()}'")
            test = " AND ".join(conds) or "TRUE"
            parts.append(f"CASE WHEN {column} IS NULL OR ({test}) THEN '{i}' END")
        return f"concat_ws(',', {', '.join(parts)})"


def _swap_unit(data, unit: str):
    if isinstance(data, dict):
        out = {k: _swap_unit(v, unit) for k, v in data.items()}
        if out.get("unit") == "days":
            out["unit"] = unit
        return out
    if isinstance(data, list):
        return [_swap_unit(v, unit) for v in data]
    return data


def _units(data) -> set[str]:
    if isinstance(data, dict):
        found = {data["unit"]} if "unit" in data else set()
        for v in data.values():
            found |= _units(v)
        return found
    if isinstance(data, list):
        return set().union(*(_units(v) for v in data)) if data else set()
    return set()


def load_rules(settings=None, path: Path = RULES_FILE) -> list[CompiledRule]:
    """Load and compile the register rules. ``settings``: a :class:`compliance.registers.reader.Settings`
    (its ``apology_unit``/``publication_unit``). Raises :class:`compliance.errors.InputError` for a bad
    rule file (strict schema, line named)."""
    rulefile = load_model(path, RuleFile)
    out = []
    for rule in rulefile.rules:
        data = rule.when.model_dump(by_alias=True, exclude_unset=True)
        setting = UNIT_SETTINGS.get(rule.id)
        if setting and settings is not None:
            data = _swap_unit(data, getattr(settings, setting))
        units = _units(data)
        cond = parse_condition(data)
        sql, params = to_sql(cond)
        out.append(CompiledRule(rule, cond, next(iter(units)) if len(units) == 1 else None,
                                condition_fields(cond), sql, params, to_durable(cond, rule.fact),
                                SOFT_FIELDS.get(rule.id, set())))
    return out


def durable_rulesets(rules: list[CompiledRule]) -> dict:
    """One durable_rules ruleset holding every given rule (rule name = rule id)."""
    return {"register_rules": {r.id: {"all": [{"m": r.durable}]} for r in rules}}


def to_fact(kind: str, row: dict) -> dict:
    """A DuckDB row (column → value) as an engine fact: dates → ISO text, NULLs dropped."""
    fact = {"kind": kind}
    for k, v in row.items():
        if v is None:
            continue
        if isinstance(v, dt.datetime):
            v = v.date().isoformat()
        elif isinstance(v, dt.date):
            v = v.isoformat()
        fact[k] = v
    return fact
