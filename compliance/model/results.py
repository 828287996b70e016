"""Results: score rows, findings and the scorecard. JSON output is these models, sorted and stable."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from compliance.i18n import M
from compliance.model.base import Said, Strict, Text
from compliance.vocab import Confidence, ScoreState, Severity


class InputValue(Strict):
    """An input a score or a finding used: its name, value, and where it came from."""

    name: str
    metric: str | None = None
    value: Any = None
    unit: str | None = None
    source: Said | None = None
    """Where the value came from: a place (a catalogue message, said in each output's language)."""


class ScoreRow(Strict):
    """One node of the scorecard. Points are in points; ``difference`` = self − computed.

    Parents carry the sums of their applicable children; ``computed`` is None for not_checked leaves
    (they count as 0 in the total).
    """

    id: str
    level: Literal["field", "criterion", "sub_criterion"]
    name: Text
    max_points: float
    min_points: float = 0.0
    applicable: bool
    computed: float | None = None
    self_score: float | None = None
    difference: float | None = None
    state: ScoreState
    reason: Text
    method: str | None = None
    thresholds: Said | None = None
    inputs: list[InputValue] = []
    confidence: Confidence
    modelled_on: str | None = None
    evidence: list[str] = []
    explanation: str | None = None


class Finding(Strict):
    """A gap: which rule (and version) matched what, how many cases, on what legal basis, what to do."""

    rule: str
    rule_version: int
    severity: Severity
    subject_kind: Literal["agency", "procedure", "task"]
    subject: str
    title: Text
    message: Text
    count: int = 1
    legal_basis: list[Text] = []
    remediation: Text
    source: Said | None = None
    facts: list[str] = []


class Shortfall(Strict):
    """A sub-criterion (or a criterion without sub-criteria) the agency failed or scored only in part: a tồn
    tại beside the rules' findings. ``points`` of ``max_points``; ``reason``: the scorecard's; ``basis``:
    the criterion in its edition (and what a model node was modelled on); ``remediation``: what to do,
    from the criteria data (the node's own text, else the evidence it expects)."""

    id: str
    name: Text
    state: ScoreState
    points: float
    max_points: float
    reason: Text
    basis: Text
    remediation: Text | None = None


class Informational(Strict):
    """A figure the report gives that is not the agency's own work: listed, never scored."""

    id: str
    label: str
    value: float | int
    unit: str
    scope: str
    agency: str | None = None
    qualifier: str = "exact"
    source: Said | None = None


class CheckResult(Strict):
    """A consistency check on reported figures and how it came out."""

    id: str
    title: Text
    ok: bool | None
    expected: float | None = None
    actual: float | None = None
    arithmetic: Said
    note: Said | None = None


class MetricValue(Strict):
    """A declared metric computed from the submission (rates in % with their denominators kept)."""

    id: str
    title: Text
    unit: str
    value: Any = None
    numerator: float | None = None
    denominator: float | None = None
    source: Said | None = None
    chosen: str | None = None


class EditionInfo(Strict):
    """The criteria edition used: every output names it."""

    id: str
    title: Text
    source: str
    decision: str | None = None
    model_set: bool
    confidence: Confidence
    incomplete: bool
    valid_from: str
    valid_to: str | None = None
    chosen_by: str
    covers_period: bool = True


PROVISIONAL = M("provisional")


def class_shown(name: Text | None, provisional: bool) -> Text | None:
    """A class as every output shows it: "Yếu (tạm tính)" / "Weak (provisional)" while the index is
    provisional (points not yet given, e.g. the survey's, count 0), so no output prints it as final."""
    if name is None or not provisional:
        return name
    return Text(vi=f"{name.vi} ({PROVISIONAL.get('vi')})", en=f"{name.en or name.vi} ({PROVISIONAL.get('en')})")


class Totals(Strict):
    """The total and the formula behind it.

    index % = (computed points of applicable nodes + survey points) / applicable max × 100; not_checked
    nodes count 0 in the numerator and their max in the denominator; not_applicable nodes are left out
    of both. ``checked_max`` is the max of the nodes that could be scored. ``provisional``: some
    applicable points are not checked yet, so the index and its class (marked, :func:`class_shown`)
    are provisional.
    """

    points: float
    survey_points: float
    applicable_max: float
    scale: float
    not_applicable_max: float
    checked_max: float
    not_checked_max: float
    index_percent: float
    class_name: Text | None = None
    provisional: bool = False
    formula: Text
    self_points: float | None = None


class Scorecard(Strict):
    """Everything ``compliance check`` found for one submission."""

    agency_code: str
    agency_name: str
    unit_type: str
    period: str
    edition: EditionInfo
    totals: Totals
    province: str | None = None
    """The agency's province as the submission writes it (shown in the header)."""
    rows: list[ScoreRow]
    findings: list[Finding] = []
    shortfalls: list[Shortfall] = []
    """The failed and partly met sub-criteria (:func:`compliance.scoring.shortfalls`), listed among the tồn tại."""
    checks: list[CheckResult] = []
    metrics: list[MetricValue] = []
    informational: list[Informational] = []
    rules_run: list[str] = Field(default_factory=list)
    submission_source: str | None = None
    notices: list[Text] = []
    """What a reader must know about the input itself (an optional column the form lacks, a row deleted from its Tự đánh giá sheet,
    :func:`compliance.check.form_notices`): shown under the header in every output and on stderr."""


class Validation(Strict):
    """What ``compliance validate`` found: the submission reads, its own and survey points fit the edition
    ``compliance check`` would use, and every file its manifest names is readable (a register is read and
    checked as ``check`` reads it). Nothing is scored. Counts are of what the submission holds."""

    source: str
    agency_code: str
    agency_name: str
    period_from: dt.date
    period_to: dt.date
    edition: EditionInfo
    documents: int
    late_dossier_groups: int
    figures: int
    plan_tasks: int
    register_rows: int | None = None
    notices: list[Text] = []
    """As :attr:`Scorecard.notices`."""
