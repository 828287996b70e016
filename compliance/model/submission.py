"""A submission: one agency's data for one period.

Either one file (YAML, JSON, or the XLSX form) or a folder holding ``submission.yaml`` (the manifest)
and any further files it names (a dossier register, a procedure catalogue). Figures are kept as the
agency wrote them: a typo in a date or a citation is encoded as written and flagged by the rules, never
corrected and never a reason to reject the submission. Counts must be whole numbers ≥ 0 and
percentages 0–100: anything else is unusable input (exit 2).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictInt, model_validator

from compliance.i18n import M
from compliance.model.base import Strict
from compliance.vocab import TaskState, UnitType

Count = StrictInt  # a count typed as text ("28044") is an error, not a number
Percent = float

TO_FILL = "CẦN-ĐIỀN"
"""A value left for a person to fill (a draft made by ``compliance lint --extract``): a submission still
holding it is refused by ``check`` at each of its places, never scored."""


class Period(Strict):
    """A closed date range [from, to] (inclusive)."""

    from_: dt.date = Field(alias="from")
    to: dt.date
    label: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.to < self.from_:
            raise ValueError(M("period ends before it starts"))
        return self


class Agency(Strict):
    """The agency assessed. ``code`` identifies it across rounds; ``unit_type`` selects applicable criteria."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    unit_type: UnitType
    province: str | None = None
    parent: str | None = None


class Document(Strict):
    """A document the report names: issued by the agency, advised by it (tham mưu) or cited as a basis.

    ``number`` and ``date`` are kept exactly as written ("25/KH-VPUBND", "08/01/2020", even
    "13/01/20120"); ``topics`` tie it to what the criteria look for (``par_plan``, ``it_plan``…).
    """

    number: str | None = None
    date: str | None = None
    kind: str | None = None
    issuer: str | None = None
    title: str
    role: Literal["issued", "advised", "cited"]
    topics: list[str] = []
    section: str | None = None


class Received(Strict):
    """Dossiers received (số hồ sơ nhận giải quyết): total = online + in person/post + carried over."""

    total: Count | None = Field(default=None, ge=0)
    online: Count | None = Field(default=None, ge=0)
    in_person_post: Count | None = Field(default=None, ge=0)
    carried_over: Count | None = Field(default=None, ge=0)


class Resolved(Strict):
    """Dossiers resolved (đã giải quyết): total = early + on time + late."""

    total: Count | None = Field(default=None, ge=0)
    early: Count | None = Field(default=None, ge=0)
    on_time: Count | None = Field(default=None, ge=0)
    late: Count | None = Field(default=None, ge=0)


class InProgress(Strict):
    """Dossiers in progress (đang giải quyết): total = within time + overdue."""

    total: Count | None = Field(default=None, ge=0)
    within_time: Count | None = Field(default=None, ge=0)
    overdue: Count | None = Field(default=None, ge=0)


class StatedRates(Strict):
    """Percentages as the report states them (kept to be checked against the counts), 0–100.
    ``early_on_time`` is the share resolved early or on time ("tỷ lệ … trước hạn và đúng hạn"), the
    one most reports give; ``on_time`` the share resolved on the deadline day only."""

    online: Percent | None = Field(default=None, ge=0, le=100)
    early: Percent | None = Field(default=None, ge=0, le=100)
    on_time: Percent | None = Field(default=None, ge=0, le=100)
    early_on_time: Percent | None = Field(default=None, ge=0, le=100)
    late: Percent | None = Field(default=None, ge=0, le=100)


class DossierSummary(Strict):
    """The periodic report table (Biểu 06/VPCP/KSTT, TT 01/2020/TT-VPCP) as the agency filled it."""

    scope: str
    period: Period | None = None
    received: Received = Received()
    resolved: Resolved = Resolved()
    in_progress: InProgress = InProgress()
    stated_rates: StatedRates = StatedRates()
    source: str | None = None


class LateDossierGroup(Strict):
    """Late dossiers of one resolving agency (and procedure) with the same apology-letter status.

    ``lateness``: ``late`` (really late) or ``software_only`` (late in the one-stop software while the
    paper result was on time or early: a data-quality gap). ``apology_letter``: yes / no / not_stated;
    not_applicable is implied for software_only. ``agency`` is kept as written ("Sở KH&ĐT").
    ``received``: the days the group's dossiers were received, when the report says (``{from, to}``, one
    day as from = to); the legal basis is chosen by them (Nghị định 61/2018/NĐ-CP for dossiers received
    until 30/6/2025, Nghị định 118/2025/NĐ-CP from 01/7/2025), else by the reporting period.
    """

    id: str
    agency: str
    agency_code: str | None = None
    procedure: str | None = None
    count: Count = Field(ge=1)
    lateness: Literal["late", "software_only"] = "late"
    apology_letter: Literal["yes", "no", "not_stated", "not_applicable"]
    late_steps: list[str] = []
    reason: str | None = None
    text: str
    received: Period | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _software_only_needs_no_letter(self) -> "LateDossierGroup":
        if self.lateness == "software_only" and self.apology_letter != "not_applicable":
            raise ValueError(M("a dossier late only in the software needs no apology letter: use not_applicable"))
        if self.lateness == "late" and self.apology_letter == "not_applicable":
            raise ValueError(M("a really late dossier needs an apology letter status: yes, no or not_stated"))
        return self


class Figure(Strict):
    """Any other figure of the report, with its unit and whose work it measures.

    ``scope``: ``own`` (the agency's own work, may be scored), ``province`` (province-wide) or
    ``other_agency`` (another agency's, named in ``agency``): the last two are listed as informational
    and never scored. ``qualifier``: how the text bounds it ("trên" = above, "khoảng" = about).
    """

    value: float | int
    unit: Literal["count", "percent", "number"]
    label: str
    scope: Literal["own", "province", "other_agency"] = "own"
    agency: str | None = None
    qualifier: Literal["exact", "above", "about", "at_least"] = "exact"
    text: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _unit_range(self) -> "Figure":
        if isinstance(self.value, bool):
            raise ValueError(M("a figure is a number, not true/false"))
        if self.unit == "count" and (not isinstance(self.value, int) or self.value < 0):
            raise ValueError(M("a count is a whole number ≥ 0"))
        if self.unit == "percent" and not 0 <= self.value <= 100:
            raise ValueError(M("a percentage is between 0 and 100"))
        if self.scope == "other_agency" and not self.agency:
            raise ValueError(M("name the agency of an other_agency figure"))
        return self


class Target(Strict):
    """A task's own quantified target: ``percent`` of the metric ``of_metric``, or an absolute ``count``."""

    percent: Percent | None = Field(default=None, ge=0, le=100)
    count: Count | None = Field(default=None, ge=0)
    of_metric: str | None = None
    text: str | None = None


class PlanTask(Strict):
    """One task of a plan (PAPI or PAR INDEX improvement plan) with its result as written.

    ``state`` is the mapped state; ``result`` keeps the original words; ``reason`` the stated reason
    when not done. ``criterion`` (PAR INDEX node id as the plan numbers it) or ``dimension`` (PAPI key).
    """

    id: str
    criterion: str | None = None
    dimension: str | None = None
    heading: str | None = None
    task: str
    result: str
    state: TaskState
    reason: str | None = None
    target: Target | None = None
    achieved_count: Count | None = Field(default=None, ge=0)


class Plan(Strict):
    """A plan the report accounts for, with its basis document and tasks."""

    id: str
    kind: Literal["papi", "par_index", "par"]
    title: str
    basis: str | None = None
    basis_date: str | None = None
    section: str | None = None
    tasks: list[PlanTask] = []


class Training(Strict):
    """Staff sent to a course (đào tạo, bồi dưỡng)."""

    course: str
    participants: Count = Field(ge=0)
    staff: str | None = None


class SelfScore(Strict):
    """The agency's self-assessed points for one node, with evidence and explanation (giải trình)."""

    points: float
    evidence: list[str] = []
    explanation: str | None = None


class Submission(Strict):
    """One agency's submission for one period. ``files`` names further files in the folder."""

    agency: Agency
    period: Period
    criteria: str | None = None
    report: Document | None = None
    documents: list[Document] = []
    dossiers: DossierSummary | None = None
    late_dossiers: list[LateDossierGroup] = []
    figures: dict[str, Figure] = {}
    training: list[Training] = []
    plans: list[Plan] = []
    self_assessment: dict[str, SelfScore] = {}
    survey: dict[str, float] = {}
    files: dict[str, str] = {}
    notes: list[str] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> "Submission":
        seen: set[str] = set()
        for group in self.late_dossiers:
            if group.id in seen:
                raise ValueError(M("late_dossiers id '{id}' is used twice", id=group.id))
            seen.add(group.id)
        plan_ids: set[str] = set()
        for plan in self.plans:
            if plan.id in plan_ids:
                raise ValueError(M("plan id '{id}' is used twice", id=plan.id))
            plan_ids.add(plan.id)
            task_ids = [t.id for t in plan.tasks]
            dup = {t for t in task_ids if task_ids.count(t) > 1}
            if dup:
                raise ValueError(M("plan '{id}': task id '{value}' is used twice", id=plan.id, value=sorted(dup)[0]))
        return self
