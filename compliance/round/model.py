"""Models of an inspection round: the appraisal file, the waivers file, and the round's results.

Input files are strict (``extra='forbid'``): a misspelt key is an error naming the line, never a
silently ignored line. Points are in points (điểm); an index is in % (two decimals, half up).

Words (DESIGN.md): self_score = điểm tự đánh giá, appraised_score = điểm thẩm định, bonus = điểm
thưởng, penalty = điểm trừ, explanation = giải trình, evidence = tài liệu kiểm chứng. The appraisal
has two stages (vòng 1, vòng 2): the council appraises, the agency explains, the council appraises
again; the last stage given is the final appraised score (par-index.md §8a, §8c).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from compliance.i18n import M, Message, Moment, Num, text
from compliance.io.vnparse import parse_points
from compliance.model.base import Said, Strict, Text
from compliance.model.results import EditionInfo, Finding
from compliance.vocab import Confidence, ScoreState, Severity

# -- the appraisal file ------------------------------------------------------------------------------


def _typed_points(value):
    """Points written as text ("1,5", "1.5", "−0,5"): read as the appraisal page and workbook read them
    (:func:`compliance.io.vnparse.parse_points`); ValueError naming the text when they are no number."""
    if not isinstance(value, str):
        return value
    parsed = parse_points(value)
    if parsed is None:
        raise ValueError(M("'{value}' is not a number of points; write a number, e.g. 1,5", value=value))
    return parsed


Points = Annotated[float, BeforeValidator(_typed_points)]
"""Points (điểm) in an appraisal file: a number, or text with a decimal comma or point ("1,5")."""


class AppraisalStage(Strict):
    """One stage of the council's appraisal of a sub-criterion: the points it recognises and why."""

    points: Points
    note: str | None = None
    by: str | None = None


class AppraisalItem(Strict):
    """The appraisal of one sub-criterion (tiêu chí thành phần) of one agency.

    ``round1``: the first appraisal (vòng 1) with the appraiser's note; ``explanation``: the agency's
    giải trình in reply; ``round2``: the second appraisal (vòng 2). At least one round is given; the
    final appraised score is round2 when given, else round1.
    """

    criterion: str
    round1: AppraisalStage | None = None
    explanation: str | None = None
    round2: AppraisalStage | None = None

    @model_validator(mode="after")
    def _some_points(self) -> "AppraisalItem":
        if self.round1 is None and self.round2 is None:
            raise ValueError(M("give round1 or round2 points (or remove the item)"))
        return self

    @property
    def final(self) -> AppraisalStage:
        """The stage that counts: round 2 when given, else round 1."""
        return self.round2 or self.round1  # type: ignore[return-value]

    @property
    def stage(self) -> int:
        return 2 if self.round2 is not None else 1


class Adjustment(Strict):
    """A bonus (điểm thưởng) or penalty (điểm trừ) item: points > 0, the reason, the evidence, who."""

    points: Points = Field(gt=0)
    reason: str = Field(min_length=1)
    evidence: list[str] = []
    by: str | None = None
    explanation: str | None = None


class AgencyAppraisal(Strict):
    """Everything the council decided for one agency (identified by its agency code)."""

    agency: str = Field(min_length=1)
    items: list[AppraisalItem] = []
    bonus: list[Adjustment] = []
    penalty: list[Adjustment] = []

    @model_validator(mode="after")
    def _unique_items(self) -> "AgencyAppraisal":
        seen: set[str] = set()
        for item in self.items:
            if item.criterion in seen:
                raise ValueError(M("criterion '{criterion}' is appraised twice for {agency}", criterion=item.criterion,
                                   agency=self.agency))
            seen.add(item.criterion)
        return self


class AppraisalFile(Strict):
    """The council's appraisal of a round.

    ``appraised_on``: the council's date (waivers are checked against it unless ``--as-of`` is given);
    ``bonus_cap`` / ``penalty_cap``: the campaign's caps in points per agency (the provincial apps keep
    them with the yearly campaign, par-index.md §8c); when absent the edition's caps apply.
    """

    round: str | None = None
    council: str | None = None
    appraised_on: dt.date | None = None
    bonus_cap: float | None = Field(default=None, ge=0)
    penalty_cap: float | None = Field(default=None, ge=0)
    agencies: list[AgencyAppraisal] = []

    @field_validator("round", mode="before")
    @classmethod
    def _round_text(cls, value):
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _unique_agencies(self) -> "AppraisalFile":
        seen: set[str] = set()
        for entry in self.agencies:
            if entry.agency in seen:
                raise ValueError(f"agency '{entry.agency}' is listed twice")
            seen.add(entry.agency)
        return self


# -- the waivers file ----------------------------------------------------------------------------------


class Waiver(Strict):
    """An approved exception for one agency: a sub-criterion (or a whole criterion) or a gap rule.

    Exactly one of ``criterion`` and ``rule``. ``expires``: the last day the waiver applies (inclusive);
    an expired waiver does not apply and is an error of the round. Shaped after InSpec's waivers file
    (justification required, expiry date) — see reference/compliance-anchors.md B.1.
    """

    id: str | None = None
    agency: str = Field(min_length=1)
    criterion: str | None = None
    rule: str | None = None
    justification: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    approved_on: dt.date | None = None
    expires: dt.date

    @model_validator(mode="after")
    def _one_target(self) -> "Waiver":
        if (self.criterion is None) == (self.rule is None):
            raise ValueError("a waiver names exactly one of 'criterion' or 'rule'")
        return self

    @property
    def target(self) -> Message:
        """What the waiver covers, as a message names it ("criterion 4.5" / "rule onestop.late")."""
        return M("criterion {criterion}", criterion=self.criterion) if self.criterion else M("rule {rule}", rule=self.rule)

    def label(self, index: int) -> str:
        return self.id or f"waivers[{index}]"


class WaiverFile(Strict):
    """``waivers:`` a list of :class:`Waiver`."""

    waivers: list[Waiver] = []


# -- results -------------------------------------------------------------------------------------------


class WaiverNote(Strict):
    """The waiver applied to a row or a finding, shown beside it."""

    id: str
    justification: str
    approver: str
    expires: str


class RoundRow(Strict):
    """One node of an agency's scorecard in a round: self, computed, appraised (two stages), final.

    ``final``: the points that count (round 2, else round 1, else computed); ``difference`` = final −
    self (points), or, for a sub-criterion the council appraised that has no self-score, final −
    computed (its ``change`` says so); ``change``: who changed it and why when final ≠ self. Waived
    nodes leave both the numerator and the denominator, like not_applicable ones.
    """

    id: str
    level: Literal["field", "criterion", "sub_criterion"]
    name: Text
    max_points: float
    applicable: bool
    state: ScoreState
    method: str | None = None
    confidence: Confidence
    self_score: float | None = None
    computed: float | None = None
    round1: float | None = None
    round1_note: str | None = None
    round1_by: str | None = None
    explanation: str | None = None
    round2: float | None = None
    round2_note: str | None = None
    round2_by: str | None = None
    final: float | None = None
    difference: float | None = None
    reason: Text
    change: Text | None = None
    by: str | None = None
    waiver: WaiverNote | None = None
    leaf: bool = True


class AdjustmentRow(Strict):
    """A bonus or penalty item as applied."""

    kind: Literal["bonus", "penalty"]
    points: float
    reason: str
    evidence: list[str] = []
    by: str | None = None
    explanation: str | None = None


class RoundTotals(Strict):
    """index % = (appraised + survey + bonus − penalty) / applicable max × 100 (two decimals, half up).

    ``bonus``/``penalty`` are after the caps (``bonus_raw``/``penalty_raw`` before); ``applicable_max``
    leaves out not_applicable and waived nodes; ``not_checked_max`` counts 0 in the numerator.
    """

    appraised: float
    survey: float
    bonus_raw: float
    bonus: float
    penalty_raw: float
    penalty: float
    applicable_max: float
    waived_max: float
    not_applicable_max: float
    not_checked_max: float
    self_points: float | None = None
    bonus_cap: float
    penalty_cap: float
    cap_source: str
    index_percent: float
    class_name: Text | None = None
    provisional: bool = False
    formula: Text


class AgencyResult(Strict):
    """One agency's result in a round; ``rank`` among the agencies scored on the same edition."""

    agency_code: str
    agency_name: str
    unit_type: str
    period: str
    edition: EditionInfo
    source: str
    rank: int | None = None
    ranked_among: int | None = None
    totals: RoundTotals
    rows: list[RoundRow]
    adjustments: list[AdjustmentRow] = []
    findings: list[Finding] = []
    waived_findings: dict[str, WaiverNote] = {}
    """finding key ``rule|subject`` → the waiver that covers it."""
    notices: list[Text] = []
    """What the appraisers must know about the submission itself (rows deleted from the form's Tự đánh giá
    sheet: no self-assessed points there), from its scorecard."""

    def changes(self) -> list[RoundRow]:
        """Leaves the council appraised or whose final points differ from the self-score, tree order."""
        return [r for r in self.rows if r.applicable and r.leaf and (
            r.round1 is not None or r.round2 is not None
            or (r.self_score is not None and r.final is not None and abs(r.final - r.self_score) > 1e-9))]


DUPLICATE = "duplicate_agency"
"""The kind of a round's issue about an agency named by several submissions: an error when they differ
and none was scored, a warning when they were identical copies (:func:`compliance.round.run.duplicate_issue`)."""


class RoundIssue(Strict):
    """An error or warning of the round (expired waiver, unmatched waiver, capped bonus, several
    submissions for one agency, …)."""

    severity: Literal["error", "warning", "info"]
    kind: str
    subject: Said
    message: Text


class FailedSubmission(Strict):
    """A submission that could not be read or scored: the round is then partial."""

    path: str
    error: str
    error_vi: str | None = None

    def text(self, lang: str) -> str:
        """The error line in ``lang`` (the English one when no Vietnamese was kept)."""
        return self.error_vi if lang != "en" and self.error_vi else self.error


class InputDigest(Strict):
    """An input of the round and its SHA-256, stored with the round."""

    kind: Literal["submission", "appraisal", "waivers"]
    path: str
    sha256: str


class StoredVersion(Strict):
    """How a round was stored in a history database (:func:`compliance.round.history.store_round`):
    ``version`` (1, 2, …); ``superseded``, the version it superseded (None for a new round id), with
    that version's time of storing, its unreadable submissions and whether it was marked incomplete
    (then a run under its id needs no ``replace``: :func:`compliance.round.history.holds_its_id`)."""

    round_id: str
    version: int
    superseded: int | None = None
    superseded_at: dt.datetime | None = None
    superseded_failed: int = 0
    superseded_incomplete: bool = False

    def note(self) -> Message | None:
        """The one line a surface says when this run superseded an incomplete version (None otherwise)."""
        if not self.superseded_incomplete:
            return None
        if not self.superseded_failed:  # incomplete for an agency's differing submissions, every file read
            return M("round '{rid}': version {old} (stored on {when}) was incomplete; this run is stored as version "
                     "{new}, and version {old} stays in the history as superseded", rid=self.round_id,
                     old=self.superseded, when=Moment(self.superseded_at), new=self.version)
        return M("round '{rid}': version {old} (stored on {when}) was incomplete, {failed} unreadable; this run is "
                 "stored as version {new}, and version {old} stays in the history as superseded",
                 rid=self.round_id, old=self.superseded, when=Moment(self.superseded_at),
                 failed=Num(self.superseded_failed), new=self.version)


class RoundResult(Strict):
    """A whole round: every agency's result, ranked; what failed; errors and warnings; inputs;
    ``stored``, how it was stored when it was (kept out of its JSON). ``partial``: the round is incomplete,
    some submission could not be read (``failed``) or an agency's submissions differ and none was scored
    (an error of kind :data:`DUPLICATE` among ``issues``)."""

    round_id: str
    as_of: str
    as_of_source: str
    criteria: str | None = None
    council: str | None = None
    partial: bool
    agencies: list[AgencyResult]
    failed: list[FailedSubmission] = []
    issues: list[RoundIssue] = []
    inputs: list[InputDigest] = []
    formula: Text
    stored: StoredVersion | None = Field(default=None, exclude=True)

    def agency(self, code: str) -> AgencyResult | None:
        return next((a for a in self.agencies if a.agency_code == code), None)

    def incomplete(self, lang: str) -> list[str]:
        """Why the round is partial, one line each in ``lang``: every submission that could not be read
        (its error), then every agency whose submissions differ and were not scored ("MH-STP: 2
        submissions name this agency (a.yaml, b.yaml) and they differ: …"). Empty for a complete round."""
        return [f.text(lang) for f in self.failed] + [f"{text(i.subject, lang)}: {i.message.get(lang)}"
                                                      for i in self.issues if i.kind == DUPLICATE and i.severity == "error"]

    def has_open_gap(self, severity: Severity) -> bool:
        """Whether some agency has a gap at or above ``severity`` that no waiver covers (``--fail-on``)."""
        return any(f.severity.at_least(severity) and f"{f.rule}|{f.subject}" not in a.waived_findings
                   for a in self.agencies for f in a.findings)
