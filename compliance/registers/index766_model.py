"""The indicator set of the QĐ 766/QĐ-TTg service index as data: ``criteria/index766/indicators.yaml``.

Quyết định 766/QĐ-TTg ngày 23/6/2022 of the Prime Minister approves the "Bộ chỉ số chỉ đạo, điều hành
và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công
theo thời gian thực trên môi trường điện tử" (100 points in groups). The file says, for every indicator,
its points, how its rate is counted (conditions in the closed condition language of
:mod:`compliance.engine.conditions`, over one dossier or one procedure), the threshold at which it
earns full points, what a zero denominator gives, its confidence and its sources; or why a register
and a catalogue cannot give it. Nothing in the file is evaluated as code.

Points of a rate indicator (``kind: rate``): ``min(max, max × rate / threshold)`` with the rate in %
rounded to two decimals, the points rounded to two decimals (half up). ``threshold: 100`` is the plain
proportional rule. ``kind: complement``: rate = 100 − Σ (count of each ``subtract`` condition) /
denominator × 100, not below 0 (indicator 5.4: 100 % − late share − share rated dissatisfied).

Errors: a file that breaks the schema raises :class:`compliance.errors.InputError` naming the line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from compliance.engine.conditions import Condition
from compliance.engine.conditions import fields as condition_fields
from compliance.io.yamlio import load_model
from compliance.model.base import Strict, Text
from compliance.registers.schema import CATALOGUE_FIELDS, REGISTER_FIELDS

INDICATORS_FILE = Path(__file__).resolve().parents[2] / "criteria" / "index766" / "indicators.yaml"

#: the flag columns this index reads (text in the files; typed by compliance.registers.index766)
REGISTER_FLAGS = ("online_payment", "digitised_dossier", "digitised_result", "reused_data", "satisfaction_rating")
CATALOGUE_FLAGS = ("portal_published", "fee_required", "paper_result")

#: fields a dossier condition may read: the register's, the period facts of
#: compliance.registers.summary.create_facts_view, and the catalogue's flags of its procedure
DOSSIER_FIELDS = frozenset({f.name for f in REGISTER_FIELDS} | {
    "finished_at", "outcome", "late", "received_in_period", "carried_over", "resolved_in_period", "period_end",
    "period_start", "fee_required", "paper_result"})
#: fields a procedure condition may read: the catalogue's and, per unit, counts of its dossiers received
#: in the period (all, online, paid online)
PROCEDURE_FIELDS = frozenset({f.name for f in CATALOGUE_FIELDS} | {
    "scope", "period_start", "period_end", "decided_in_period", "in_force", "dossiers_received",
    "online_dossiers", "paid_online_dossiers"})
INPUT_FIELDS = frozenset({f.name for f in REGISTER_FIELDS} | {f.name for f in CATALOGUE_FIELDS})

WhenZero = Literal["zero", "full", "not_applicable"]


class Source(Strict):
    """A source the values rest on. ``kind``: decision (the legal text), implementation (the operator's
    formula description), portal (scores the national portal publishes), press (secondary)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: Literal["decision", "implementation", "portal", "press"]
    cite: str
    url: str | None = None
    read: str


class Group(Strict):
    """A group of indicators and its maximum points."""

    id: str
    name: Text
    max_points: float = Field(gt=0)


class Formula(Strict):
    """How a register and a catalogue give the indicator.

    ``unit``: what is counted (``dossier``: dossiers handled in the period, one per register row;
    ``procedure``: catalogue procedures). ``denominator``: condition on the unit (None = every one);
    ``numerator`` (kind rate) or ``subtract`` (kind complement, each named in ``subtract_labels``)
    within it. ``threshold`` in % (full
    points at or above it). ``when_zero``: points when the denominator is 0 (``zero``: 0 points,
    ``full``: full points, ``not_applicable``: left out of the total and of its maximum).
    ``needs``: input columns without which it is not computed."""

    kind: Literal["rate", "complement"]
    unit: Literal["dossier", "procedure"]
    denominator: Condition | None = None
    numerator: Condition | None = None
    subtract: list[Condition] = []
    threshold: float = Field(default=100.0, gt=0, le=100)
    when_zero: WhenZero
    numerator_label: Text
    denominator_label: Text
    subtract_labels: list[Text] = []
    needs: list[str] = []

    @model_validator(mode="after")
    def _shape(self) -> "Formula":
        if self.kind == "rate" and (self.numerator is None or self.subtract):
            raise ValueError("a rate needs 'numerator' and no 'subtract'")
        if self.kind == "complement" and (self.numerator is not None or not self.subtract):
            raise ValueError("a complement needs 'subtract' (one or more conditions) and no 'numerator'")
        if len(self.subtract_labels) != len(self.subtract):
            raise ValueError("give one 'subtract_labels' entry per 'subtract' condition")
        allowed = DOSSIER_FIELDS if self.unit == "dossier" else PROCEDURE_FIELDS
        for cond in [c for c in (self.denominator, self.numerator, *self.subtract) if c is not None]:
            unknown = sorted(condition_fields(cond) - allowed)
            if unknown:
                raise ValueError(f"field '{unknown[0]}' is not a {self.unit} field here "
                                 f"(known: {', '.join(sorted(allowed))})")
        bad = [n for n in self.needs if n not in INPUT_FIELDS]
        if bad:
            raise ValueError(f"'needs' names '{bad[0]}', which is not a register or catalogue column")
        return self


class Indicator(Strict):
    """One indicator: computed by ``formula``, or listed with ``not_computed`` saying why.

    ``scope``: ``agency`` (each resolving agency and the province) or ``province`` (the province only,
    as the portal counts it). ``confidence``: ``verified`` only when points, formula, threshold and
    zero-denominator rule were read in the decision itself (a source of kind ``decision``) and no source
    contradicts; else ``model`` (``confidence_note`` says what was inferred and from what). ``approximation``: how the register's figure differs
    from the portal's data."""

    id: str = Field(pattern=r"^\d\.\d[a-z]?$")
    group: str
    name: Text
    max_points: float = Field(ge=0)
    scope: Literal["agency", "province"] = "agency"
    formula: Formula | None = None
    not_computed: Text | None = None
    confidence: Literal["verified", "model"]
    confidence_note: Text
    approximation: Text | None = None
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_way(self) -> "Indicator":
        if (self.formula is None) == (self.not_computed is None):
            raise ValueError("give exactly one of 'formula' and 'not_computed'")
        return self


class Assumption(Strict):
    """The value taken for every row when an optional column is absent, and why (said in the output)."""

    field: str
    value: bool
    why: Text


class IndexSet(Strict):
    """The whole indicator set: ``total_points`` = Σ group maxima = Σ indicator maxima."""

    id: str
    title: Text
    decision: str
    issued: dt.date
    version_note: Text
    disclaimer: Text
    total_points: float
    sources: list[Source] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    assumptions: list[Assumption] = []
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "IndexSet":
        source_ids = {s.id for s in self.sources}
        group_ids = [g.id for g in self.groups]
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError(f"indicator id '{next(i for i in ids if ids.count(i) > 1)}' appears twice")
        for ind in self.indicators:
            if ind.group not in group_ids:
                raise ValueError(f"indicator {ind.id}: group '{ind.group}' is not declared")
            missing = [s for s in ind.sources if s not in source_ids]
            if missing:
                raise ValueError(f"indicator {ind.id}: source '{missing[0]}' is not declared")
            if ind.confidence == "verified" and not any(self.source(s).kind == "decision" for s in ind.sources):
                raise ValueError(f"indicator {ind.id}: 'verified' needs a source of kind 'decision' "
                                 "(read in the decision itself); mark it 'model'")
        for g in self.groups:
            total = sum(i.max_points for i in self.indicators if i.group == g.id)
            if abs(total - g.max_points) > 1e-9:
                raise ValueError(f"group {g.id}: its indicators add up to {total:g} points, not {g.max_points:g}")
        if abs(sum(g.max_points for g in self.groups) - self.total_points) > 1e-9:
            raise ValueError(f"the groups add up to {sum(g.max_points for g in self.groups):g}, not {self.total_points:g}")
        for a in self.assumptions:
            if a.field not in INPUT_FIELDS:
                raise ValueError(f"assumption on '{a.field}', which is not a register or catalogue column")
        return self

    def group(self, gid: str) -> Group:
        return next(g for g in self.groups if g.id == gid)

    def source(self, sid: str) -> Source:
        return next(s for s in self.sources if s.id == sid)


def load_index(path: str | Path = INDICATORS_FILE) -> IndexSet:
    """Load and check the indicator file; :class:`compliance.errors.InputError` names the line at fault."""
    return load_model(path, IndexSet)
