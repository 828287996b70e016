"""Rule files: declared metrics, consistency checks and gap rules (``rules/**/*.yaml``).

A rule file may hold three lists:

- ``metrics``: declared aggregates computed from a submission before the rules run (values, sums,
  ratios in %, counts with filters, document timeliness, task states); criteria leaves score them;
- ``checks``: reported figures that must agree (a total and its parts; a stated rate and its counts);
- ``rules``: when a gap is flagged: the fact kind looked at, a condition in the closed condition
  language, the gap (severity, subject, message), the legal basis with the dates it applies, a
  remediation hint, and test cases run by pytest.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Annotated, Any, Literal, Union

from pydantic import Field, field_validator, model_validator

from compliance.i18n import M, date, number
from compliance.model.conditions import Condition
from compliance.model.base import Strict, Text
from compliance.vocab import Severity

RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
METRIC_ID = r"^[a-z][a-z0-9_]*$"


def placeholders(template: str) -> set[str]:
    """Names used as ``{name}`` in a message template; only plain names are allowed."""
    names = set()
    for _, name, spec, conv in string.Formatter().parse(template):
        if name is None:
            continue
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or conv:
            raise ValueError(f"'{{{name}}}': a message may only use plain {{field}} names")
        names.add(name)
    return names


class _Blank(dict):
    def __missing__(self, key):
        return "?"


def fill(template: str, fact: dict, lang: str = "vi") -> str:
    """A message template in ``lang`` with its ``{field}`` placeholders filled from a fact or record (plain
    names only, as :func:`placeholders` allows; a float shows in the language's numbers with up to three
    decimals, 1,19 / 1.19; an int as it is, since codes and years are ints; None as empty, an absent field
    as "?")."""
    shown = {k: ("" if v is None else number(v, lang) if isinstance(v, float) else v) for k, v in fact.items()}
    return string.Formatter().vformat(template, (), _Blank(shown))


def legal_date(day: dt.date) -> str:
    """A document's date as Nghị định 30/2020/NĐ-CP (Phụ lục I) writes it: a day below 10 and the months 1
    and 2 take a leading zero, the other months none — "09/6/2025", "05/01/2018", "23/4/2018",
    "15/12/2019". The one format of every date in a legal citation (rules, lint findings, the QĐ 766
    index) and of the dates those citations apply from and to."""
    return date(day, "vi")  # the Vietnamese date format of compliance.i18n.numbers


class LegalBasis(Strict):
    """A legal text a finding rests on, and the dates it applies to (by the fact's own date).

    ``document``: number and symbol ("61/2018/NĐ-CP"); ``kind``: "Nghị định", "Thông tư"…;
    ``issued``: signing date; ``article``: "điểm d khoản 3 Điều 19" or None when not verified;
    ``article_verified``: false prints "(article not verified)" beside it; ``applies_from``/``to``:
    the facts it governs by their date. ``document_field``: take the document from the fact (a plan's
    own basis).
    """

    document: str | None = None
    document_field: str | None = None
    kind: str | None = None
    title: str | None = None
    issued: dt.date | None = None
    article: str | None = None
    article_verified: bool = False
    applies_from: dt.date | None = None
    applies_to: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_document(self) -> "LegalBasis":
        if bool(self.document) == bool(self.document_field):
            raise ValueError("give exactly one of 'document' and 'document_field'")
        return self

    def applies_on(self, day: dt.date | None, until: dt.date | None = None) -> bool:
        """In force on ``day`` — or, with ``until``, on some day of [day, until]; True when ``day`` is None."""
        if day is None:
            return True
        until = until or day
        return (self.applies_from is None or self.applies_from <= until) and (
            self.applies_to is None or day <= self.applies_to
        )

    def applies_throughout(self, day: dt.date, until: dt.date) -> bool:
        """In force on every day of [day, until]."""
        return (self.applies_from is None or self.applies_from <= day) and (
            self.applies_to is None or until <= self.applies_to
        )

    def span(self, lang: str) -> str | None:
        """The dates it applies as words ("áp dụng từ 21/6/2018 đến 30/6/2025", "applies from 01/7/2025");
        None when it has no dates."""
        start, end = self.applies_from, self.applies_to
        if start and end:
            return (M("applies from {value} to {value2}", value=legal_date(start), value2=legal_date(end)).get(lang))
        if start:
            return M("applies from {value}", value=legal_date(start)).get(lang)
        if end:
            return M("applies until {value}", value=legal_date(end)).get(lang)
        return None

    def cite(self, lang: str, fact: dict | None = None, dated: bool = False) -> str:
        """One line: "Nghị định 61/2018/NĐ-CP ngày 23/4/2018, điểm d khoản 3 Điều 19 (…)"; ``dated`` adds
        the dates it applies in brackets ("(áp dụng đến 30/6/2025)"), for a period that more than one
        text governs."""
        document = self.document or str((fact or {}).get(self.document_field or "", "") or "?")
        parts = [f"{self.kind} {document}" if self.kind else document]
        if self.issued:
            parts[0] += (M(" of ").get(lang)) + legal_date(self.issued)
        if self.article:
            parts.append(self.article)
        if self.article and not self.article_verified:
            parts.append(M("article not verified").get(lang))
        if not self.article and self.document:
            parts.append(M("article not identified").get(lang))
        span = self.span(lang) if dated else None
        return ", ".join(parts) + (f" ({span})" if span else "")


class Gap(Strict):
    """What a match means: a gap of ``severity`` about a ``subject`` (agency / procedure / task).

    ``subject_field`` names the fact field holding the subject (else the submitting agency);
    ``count_field`` the field holding how many cases the fact stands for (else 1). ``message`` may use
    ``{field}`` placeholders filled from the fact.
    """

    severity: Severity
    subject: Literal["agency", "procedure", "task"]
    subject_field: str | None = None
    count_field: str | None = None
    message: Text

    @field_validator("message")
    @classmethod
    def _plain_placeholders(cls, value: Text) -> Text:
        placeholders(value.vi)
        if value.en:
            placeholders(value.en)
        return value


class RuleTest(Strict):
    """A test case run by pytest: the fact, and whether the rule must match it."""

    name: str
    fact: dict[str, Any]
    expect: Literal["match", "no_match"]


class Rule(Strict):
    """A gap rule. ``fact``: the fact kind it looks at; ``when``: the condition (closed language)."""

    id: str = Field(pattern=RULE_ID)
    version: int = Field(ge=1)
    title: Text
    fact: str = Field(pattern=METRIC_ID)
    when: Condition
    gap: Gap
    legal_basis: list[LegalBasis] = Field(min_length=1)
    basis_date_field: str | None = None
    remediation: Text
    note: str | None = None
    tests: list[RuleTest] = Field(min_length=1)

    def bases_for(self, day: dt.date | None, until: dt.date | None = None) -> list[LegalBasis]:
        """The legal bases in force on ``day`` — or on some day of [day, until] — (all of them when the day
        is unknown)."""
        return [b for b in self.legal_basis if b.applies_on(day, until)]

    def citations(self, day: dt.date | None, until: dt.date | None = None, fact: dict | None = None) -> list[Text]:
        """The legal bases in force on some day of [day, until] (``until`` defaults to ``day``; all of them
        when ``day`` is None) cited in both languages. When a text does not govern the whole span (a
        period across 01/7/2025: Nghị định 61/2018/NĐ-CP until 30/6/2025, Nghị định 118/2025/NĐ-CP from
        01/7/2025), every citation says the dates it applies. Without a ``fact``, a basis that takes its
        document from the fact (``document_field``) is left out."""
        until = until or day
        bases = [b for b in self.bases_for(day, until) if b.document or fact is not None]
        dated = day is not None and any(not b.applies_throughout(day, until) for b in bases)
        return [Text(vi=b.cite("vi", fact, dated), en=b.cite("en", fact, dated)) for b in bases]


# --- metrics -------------------------------------------------------------------------------------


class _MetricBase(Strict):
    """What every metric has. ``used_from``/``used_until``: the days reports use its terms, when they
    changed (online services by level 3 and 4 until Nghị định 42/2022/NĐ-CP, "toàn trình" and "một phần"
    since): the fill-in form offers a metric in use on its edition's last day. ``target_base``: a plan
    task's target may be a percentage of it (rule plan.task_short_of_target), so the form offers it."""

    id: str = Field(pattern=METRIC_ID)
    title: Text
    unit: Literal["count", "percent", "number", "state"]
    used_from: dt.date | None = None
    used_until: dt.date | None = None
    target_base: bool = False

    def in_use(self, day: dt.date) -> bool:
        """Whether reports use its terms on ``day``."""
        return (self.used_from is None or self.used_from <= day) and (self.used_until is None or day <= self.used_until)

    def parts(self) -> list[str]:
        """The metric ids it is computed from (a sum's, a ratio's, a first-of's); none for the others."""
        return []


class ValueMetric(_MetricBase):
    """The value at ``path`` in the submission ("dossiers.resolved.total", "figures.x.value")."""

    kind: Literal["value"]
    path: str


class SumMetric(_MetricBase):
    """The sum of other metrics; absent when any part is absent."""

    kind: Literal["sum"]
    of: list[str] = Field(min_length=1)

    def parts(self) -> list[str]:
        return list(self.of)


class RatioMetric(_MetricBase):
    """numerator / denominator (× 100 when unit is percent); absent when the denominator is 0 or absent."""

    kind: Literal["ratio"]
    numerator: str
    denominator: str

    def parts(self) -> list[str]:
        return [self.numerator, self.denominator]


class CountMetric(_MetricBase):
    """Count of items of the list at ``of`` that match ``where`` (field → value or list of values),
    summing ``sum_field`` when given. An empty list counts 0; an absent list is absent. The value
    ``__own__`` stands for the submitting agency's code.

    ``empty_known_by``: metric ids of which one at least must have a value for an *empty* list to count 0
    (an empty sheet of late dossiers says "none late" only beside the resolved dossiers, or a late count,
    the agency reported; with no dossier figures at all it says nothing, and the count is absent)."""

    kind: Literal["count"]
    of: str
    where: dict[str, Any] = {}
    sum_field: str | None = None
    empty_known_by: list[str] = []

    def parts(self) -> list[str]:
        return list(self.empty_known_by)


class DocumentMetric(_MetricBase):
    """State of the document with one of ``topics``: on_time / late / not_issued (with a ``deadline``
    as MM-DD in the period's year, ``year_offset`` years later), else issued / not_issued."""

    kind: Literal["document"]
    topics: list[str] = Field(min_length=1)
    deadline: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")
    year_offset: int = 0


class TaskStateMetric(_MetricBase):
    """The state of one plan task: done / in_progress / not_done / unknown; absent without the task."""

    kind: Literal["task_state"]
    plan_kind: str
    task: str


class TaskCountMetric(_MetricBase):
    """Number of tasks of the plans of ``plan_kinds`` whose state is in ``states`` (all when empty)."""

    kind: Literal["task_count"]
    plan_kinds: list[str] = Field(min_length=1)
    states: list[str] = []


class RegisterMetric(_MetricBase):
    """A count from the dossier register the submission names (``files.register``): ``column`` of the
    periodic report table computed from it (received_total, received_online, resolved_total,
    resolved_early, resolved_on_time, resolved_late, in_progress_total, in_progress_overdue…) or one
    of its rates in % (on_time_rate, online_rate, early_share, on_time_share, late_share); absent when
    there is no register."""

    kind: Literal["register"]
    column: str


class FirstOfMetric(_MetricBase):
    """The first of ``of`` (metric ids) that has a value: e.g. the register's rate when a register is
    given, else the reported one. The source says which was used."""

    kind: Literal["first_of"]
    of: list[str] = Field(min_length=2)

    def parts(self) -> list[str]:
        return list(self.of)


Metric = Annotated[
    Union[ValueMetric, SumMetric, RatioMetric, CountMetric, DocumentMetric, TaskStateMetric, TaskCountMetric,
          RegisterMetric, FirstOfMetric],
    Field(discriminator="kind"),
]


# --- checks --------------------------------------------------------------------------------------


class SumCheck(Strict):
    """The sum of ``parts`` (metric ids) must equal the reported ``total`` (a metric id) or a fixed
    number ``equals`` (100 for shares of a whole). One part: the two figures must be equal (a reported
    count and the register's)."""

    id: str = Field(pattern=METRIC_ID)
    kind: Literal["sum"]
    title: Text
    total: str | None = None
    equals: float | None = None
    parts: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_total(self) -> "SumCheck":
        if (self.total is None) == (self.equals is None):
            raise ValueError("give exactly one of 'total' (a metric) and 'equals' (a number)")
        return self

    def metrics(self) -> list[str]:
        """The metric ids it compares."""
        return [*([self.total] if self.total else []), *self.parts]


class RateCheck(Strict):
    """A stated rate (%) must equal numerator / denominator × 100 at the stated precision
    (rounded; a truncated value is also accepted and said)."""

    id: str = Field(pattern=METRIC_ID)
    kind: Literal["rate"]
    title: Text
    stated: str
    numerator: str
    denominator: str

    def metrics(self) -> list[str]:
        """The metric ids it compares."""
        return [self.stated, self.numerator, self.denominator]


Check = Annotated[Union[SumCheck, RateCheck], Field(discriminator="kind")]


class RuleFile(Strict):
    """One file under ``rules/``."""

    metrics: list[Metric] = []
    checks: list[Check] = []
    rules: list[Rule] = []
