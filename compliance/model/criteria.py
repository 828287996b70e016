"""Criteria sets (PAR INDEX editions) as a tree: field → criterion → sub-criterion.

A criteria file is one edition: dated (valid from / to), with its source (the decision that issued it,
or ``model_set: true`` for a set made for this project), a scale, classification thresholds and the tree.
Every node carries a confidence (verified / model / unknown). Leaves carry a scoring method.

Shapes and units: points are decimals (``max_points`` ≥ 0; a leaf may score below 0 where its method
allows penalties, down to ``min_points``); rates are percentages 0–100; band bounds are in the unit of
the input metric.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator, model_validator

from compliance.i18n import DaySpan, M, Message, join, number
from compliance.model.base import Strict, Text
from compliance.vocab import Confidence, UnitType, round_half_up

NODE_ID = re.compile(r"^\d+(\.\d+){0,3}$")
LEVELS = ("field", "criterion", "sub_criterion")


class Band(Strict):
    """One step of a banded score: ``points`` when the input lies in [min, max] with the given inclusivity.

    ``min``/``max`` absent means unbounded on that side. Example (Tiền Giang 2022, inspections share):
    ``{min: 30, points: 1}``, ``{min: 20, max: 30, max_inclusive: false, points: 0.5}``,
    ``{max: 20, max_inclusive: false, points: 0}``.
    """

    min: float | None = None
    max: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    points: float
    label: str | None = None

    def contains(self, value: float) -> bool:
        if self.min is not None and (value < self.min or (value == self.min and not self.min_inclusive)):
            return False
        if self.max is not None and (value > self.max or (value == self.max and not self.max_inclusive)):
            return False
        return True

    def describe(self, lang: str = "vi") -> str:
        """The band in words: "≥ 30 và < 50 → 1" (numbers as ``lang`` writes them)."""
        lo = "" if self.min is None else ("≥ " if self.min_inclusive else "> ") + number(self.min, lang)
        hi = "" if self.max is None else ("≤ " if self.max_inclusive else "< ") + number(self.max, lang)
        cond = M("{low} and {high}", low=lo, high=hi).get(lang) if lo and hi else lo or hi or M("any value").get(lang)
        return f"{cond} → {number(self.points, lang)}"


class BandsScoring(Strict):
    """Step bands on one input (a rate in %, a count). ``range`` is the domain the bands must cover
    ([0, 100] for a rate; ``[0, null]`` for a count with no upper bound).

    The input is compared with the band edges as computed, not rounded (a model rule of the project: no
    criteria text we hold says rates are rounded before banding): 48.999 / 50.000 = 97,998 % is below 98.
    :meth:`places` gives the decimals that show a value on its side of every edge."""

    method: Literal["bands"]
    input: str
    range: tuple[float, float | None] = (0.0, 100.0)
    bands: list[Band] = Field(min_length=1)

    def places(self, value: float, least: int = 2, most: int = 10) -> int:
        """The fewest decimals (from ``least``, at most ``most``) at which ``value`` rounded half up lies in
        the same band as ``value`` and on an edge only if ``value`` is that edge: 97.998 against an edge at
        98 → 3 ("97,998", never "98" beside "< 98"); 4.6117 → 2."""
        edges = {e for b in self.bands for e in (b.min, b.max) if e is not None}
        band = next((b for b in self.bands if b.contains(value)), None)
        for places in range(least, most + 1):
            shown = round_half_up(value, places)
            if (shown not in edges or shown == value) and next((b for b in self.bands if b.contains(shown)), None) is band:
                return places
        return most


class ChoiceScoring(Strict):
    """Points by the value of a categorical input (yes/no with penalty: on_time 1, late 0, not_issued −1)."""

    method: Literal["choice"]
    input: str
    choices: dict[str, float] = Field(min_length=1)


class FormulaScoring(Strict):
    """Points from an arithmetic formula over named inputs, e.g. ``(b / a) * 1 + (c / a) * 0.5``.

    ``inputs`` maps each name used in the formula to a metric id. Only + − × ÷, numbers, names, and
    ``min``/``max`` are allowed (parsed, never evaluated as code). The result is clamped to
    [min_points, max_points of the node]. ``when_zero`` gives the points when a denominator is 0.
    """

    method: Literal["formula"]
    formula: str
    inputs: dict[str, str] = Field(min_length=1)
    when_zero: float | None = None


class PerItemScoring(Strict):
    """Start from the node's max points and subtract ``penalty`` per counted item, down to ``floor``."""

    method: Literal["per_item"]
    input: str
    penalty: float = Field(gt=0)
    floor: float = 0.0


class ManualScoring(Strict):
    """Scored from the self-assessment with evidence (the method text is kept as written)."""

    method: Literal["manual"]
    text: str | None = None


class SurveyScoring(Strict):
    """Points from the sociological survey; the unit does not self-score them."""

    method: Literal["survey"]
    input: str | None = None


class KnownCounts(Strict):
    """How many nodes a source says exist, when the nodes themselves are not encoded.

    On a node: the number of tiêu chí (``criteria``) and tiêu chí thành phần (``sub_criteria``) below it;
    on an edition: also the number of lĩnh vực (``fields``). A count the source does not give is left
    out. Counts are reported and checked (``criteria check``); they never create nodes.
    Example (QĐ 1150/QĐ-BNV, provincial set): ``{fields: 8, criteria: 43, sub_criteria: 95}``.
    """

    fields: int | None = Field(default=None, ge=0)
    criteria: int | None = Field(default=None, ge=0)
    sub_criteria: int | None = Field(default=None, ge=0)
    source: str | None = None


Scoring = Annotated[
    Union[BandsScoring, ChoiceScoring, FormulaScoring, PerItemScoring, ManualScoring, SurveyScoring],
    Field(discriminator="method"),
]


class Node(Strict):
    """A node of the criteria tree: lĩnh vực (field), tiêu chí (criterion) or tiêu chí thành phần (sub_criterion).

    ``id`` is the STT numbering ("3", "3.2", "3.2.1"); ``max_points`` in points; ``applies_to`` limits the
    node to some unit types (absent = all); ``scoring`` is required on leaves unless the node is
    ``unknown``; ``evidence`` lists the tài liệu kiểm chứng expected; ``modelled_on`` cites what a model
    node was shaped after (never an invented decision); ``remediation``: what an agency that fails it
    should do (listed with the failed criterion among the tồn tại).

    ``max_points`` may be null only on an ``unknown`` node (the source does not give its points); such an
    edition cannot be scored (see :attr:`Edition.scorable`). ``known_counts`` on a node whose children are
    not encoded says how many the source reports below it; the node's content is then unknown
    (:attr:`content_unknown`) and it is not scored.
    """

    id: str
    name: Text
    max_points: float | None = Field(ge=0)
    min_points: float = 0.0
    confidence: Confidence = Confidence.model
    modelled_on: str | None = None
    source: str | None = None
    applies_to: list[UnitType] | None = None
    scoring: Scoring | None = None
    evidence: list[str] = []
    remediation: Text | None = None
    note: str | None = None
    known_counts: KnownCounts | None = None
    children: list["Node"] = []

    @field_validator("id")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        if not NODE_ID.match(value):
            raise ValueError(M("a node id is STT numbering such as '3', '3.2' or '3.2.1'"))
        return value

    @model_validator(mode="after")
    def _points_known_unless_unknown(self) -> "Node":
        if self.max_points is None and self.confidence != Confidence.unknown:
            raise ValueError(M("max_points may be null only on a node whose confidence is 'unknown'"))
        return self

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def content_unknown(self) -> bool:
        """True for an ``unknown`` node, or a node whose children the source counts but the file does not encode."""
        return self.confidence == Confidence.unknown or (self.known_counts is not None and not self.children)

    @property
    def level(self) -> str:
        depth = self.id.count(".")
        return LEVELS[min(depth, 2)]

    def walk(self):
        """Yield this node and every descendant, depth first, in file order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def applies(self, unit_type: UnitType) -> bool:
        return self.applies_to is None or unit_type in self.applies_to


class ClassBand(Strict):
    """A classification class: index % ≥ ``min`` (and below the next class up)."""

    name: Text
    min: float = Field(ge=0, le=100)


class Edition(Strict):
    """One criteria set (a framework edition), dated and sourced.

    ``scale``: total max points (100). ``survey_points``: points filled from the sociological survey
    (part of the scale). ``classes``: classification thresholds on the index %, any order in the file.
    ``model_set``: true for a set made for this project (no issuing decision, ``decision`` must be
    empty); ``decision`` cites the issuing decision otherwise ("2948/QĐ-BNV, 28/12/2017").
    ``stated_total``: a "TỔNG CỘNG" row as the source states it, checked against the sum of the fields.
    ``listed_only``: a known edition listed by number and date with no content until a user imports its
    table (``fields`` is then empty); it is incomplete and cannot be scored. ``known_counts``: how many
    fields, criteria and sub-criteria the source says the edition has, where the nodes are not all encoded.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    framework: Literal["par_index"] = "par_index"
    title: Text
    level: Literal["province", "ministry", "department", "district", "commune"]
    unit_types: list[UnitType] = Field(min_length=1)
    valid_from: dt.date
    valid_to: dt.date | None = None
    model_set: bool = False
    decision: str | None = None
    source: str
    confidence: Confidence
    scale: float = 100.0
    stated_total: float | None = None
    survey_points: float = 0.0
    bonus_cap: float = 0.0
    penalty_cap: float = 0.0
    classes: list[ClassBand] = []
    modelled_on: list[str] = []
    notes: list[str] = []
    listed_only: bool = False
    known_counts: KnownCounts | None = None
    fields: list[Node] = []

    @model_validator(mode="after")
    def _model_sets_have_no_decision(self) -> "Edition":
        if self.listed_only and self.fields:
            raise ValueError(M("an edition marked listed_only has no fields: remove listed_only or the fields"))
        if not self.listed_only and not self.fields:
            raise ValueError(M("an edition needs at least one field (or listed_only: true for a known edition with no content yet)"))
        if self.model_set and self.decision:
            raise ValueError(M("a model set has no issuing decision: remove 'decision' or set model_set: false"))
        if not self.model_set and not self.decision and self.confidence == Confidence.verified:
            raise ValueError(M("a verified edition must cite its decision"))
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(M("valid_to is before valid_from"))
        return self

    def nodes(self):
        """Every node, depth first, in file order."""
        for field in self.fields:
            yield from field.walk()

    def leaves(self):
        return [n for n in self.nodes() if n.is_leaf]

    def metrics_read(self) -> set[str]:
        """The metric ids its leaves score (bands, choice, per-item and survey inputs, formula inputs)."""
        out: set[str] = set()
        for leaf in self.leaves():
            s = leaf.scoring
            if s is None:
                continue
            out |= set(s.inputs.values()) if s.method == "formula" else {getattr(s, "input", None)} - {None}
        return out

    @property
    def last_day(self) -> dt.date:
        """The last day it is in force (``valid_to``), or its first for an edition with no end."""
        return self.valid_to or self.valid_from

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes() if n.id == node_id), None)

    @property
    def incomplete(self) -> bool:
        """True when some node is ``unknown`` or has uncoded children, or the edition is listed only:
        those nodes are not scored."""
        return self.listed_only or any(n.content_unknown for n in self.nodes())

    @property
    def scorable(self) -> bool:
        """False for a listed-only edition or one where some node's max points are unknown (null)."""
        return bool(self.fields) and all(n.max_points is not None for n in self.nodes())

    def covers(self, day: dt.date, until: dt.date | None = None) -> bool:
        """In force on ``day`` — with ``until``, on every day of [day, until] (a whole evaluation period)."""
        until = until or day
        return self.valid_from <= day and (self.valid_to is None or until <= self.valid_to)

    def overlaps(self, day: dt.date, until: dt.date) -> bool:
        """In force on some day of [day, until]."""
        return self.valid_from <= until and (self.valid_to is None or day <= self.valid_to)

    def outside(self, day: dt.date, until: dt.date) -> Message | None:
        """The days of the period [day, until] the edition is not in force on, as a note for every output
        ("Note: the criteria edition is in force 01/07/2025–31/12/2025; the days 01/01/2025–30/06/2025 of
        the period … lie outside it …"); None when it covers the whole period (or none of it: such an
        edition is refused, :func:`compliance.catalog.select_edition`)."""
        return outside_note(self.valid_from, self.valid_to, day, until)

    def classify(self, index_percent: float) -> ClassBand | None:
        """The class whose threshold is the highest one ≤ ``index_percent``; None without classes. A class
        from 0 takes every index below it too (an index below 0, when penalties exceed the points)."""
        fitting = [c for c in self.classes if index_percent >= c.min or c.min == 0]
        return max(fitting, key=lambda c: c.min) if fitting else None


def outside_note(valid_from: dt.date, valid_to: dt.date | None, day: dt.date, until: dt.date) -> Message | None:
    """What part of the assessment period [day, until] lies outside an edition in force
    [valid_from, valid_to] (open when ``valid_to`` is None), as the note every output prints; None when
    the edition covers the whole period or no day of it. Shared by the scorecard's header
    (:func:`compliance.report.text.header_lines`, from the dates a scorecard keeps) and
    ``compliance template --from`` (:meth:`Edition.outside`)."""
    if not (valid_from <= until and (valid_to is None or day <= valid_to)):
        return None
    parts = []
    if day < valid_from:
        parts.append(DaySpan(day, valid_from - dt.timedelta(days=1)))
    if valid_to is not None and until > valid_to:
        parts.append(DaySpan(valid_to + dt.timedelta(days=1), until))
    if not parts:
        return None
    return M("Note: the criteria edition is in force {span}; the days {outside} of the period {period} lie outside it "
             "and are scored on this edition all the same", span=DaySpan(valid_from, valid_to),
             outside=join(parts, ", "), period=DaySpan(day, until))
