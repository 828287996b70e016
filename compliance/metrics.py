"""Declared metrics and consistency checks, computed from a submission before the rules run.

Metrics are declared in rule files (``metrics:``); each is computed once, in declaration-dependency
order, and keeps where its value came from (file and line) so a score can say which figure it used.
A metric whose inputs are absent is itself absent (``value`` None): the criterion it feeds is then
not_checked, never scored on a guess.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from compliance.i18n import Day, M, Num, compose, join
from compliance.intake.submission import LoadedSubmission
from compliance.io.vnparse import VnParseError, normalize_key, parse_date
from compliance.model.results import CheckResult, MetricValue
from compliance.model.rules import Check, Metric

def document_date(text: str | None) -> dt.date | None:
    """The date of a document as written ("08/01/2020"), or None when it is absent or impossible."""
    if not text:
        return None
    try:
        return parse_date(text).date
    except VnParseError:
        return None


def _resolve(data: Any, path: str) -> tuple[Any, tuple]:
    """Follow a dotted path into plain data; (None, loc) when any step is absent."""
    loc: tuple = ()
    node = data
    for part in path.split("."):
        loc += (part,)
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None, loc
    return node, loc


OWN = "__own__"


def _matches(item: dict, where: dict, own_code: str, own_name: str = "") -> bool:
    """Whether a list item (a late-dossier group…) matches ``where``; ``__own__`` is the submitting agency:
    its code, or, for an item that gives no code (a draft from a report names the agency only), its name."""
    for key, wanted in where.items():
        if wanted == OWN and key == "agency_code" and item.get(key) is None:
            if normalize_key(str(item.get("agency") or "")) != normalize_key(own_name) or not own_name:
                return False
            continue
        wanted = own_code if wanted == OWN else wanted
        value = item.get(key)
        if isinstance(wanted, list):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class MetricContext:
    """Computes metrics for one submission, caching each value."""

    def __init__(self, loaded: LoadedSubmission, metrics: dict[str, Metric], register=None):
        """``register``: the :class:`compliance.registers.check.RegisterResult` of the register the
        submission names, when it names one."""
        self.loaded = loaded
        self.metrics = metrics
        self.register = register
        self.data = loaded.submission.model_dump(mode="json", by_alias=True, exclude_none=True)
        self.values: dict[str, MetricValue] = {}

    def get(self, metric_id: str) -> MetricValue:
        """The metric's value (computed on first use). KeyError for an undeclared id."""
        if metric_id not in self.values:
            self.values[metric_id] = self._compute(self.metrics[metric_id])
        return self.values[metric_id]

    def value(self, metric_id: str) -> Any:
        return self.get(metric_id).value

    def depends_on(self, metric_id: str) -> set[str]:
        """The metric and every metric its value was computed from (for first_of: the one chosen)."""
        metric = self.metrics[metric_id]
        refs: list[str] = []
        if metric.kind == "sum":
            refs = list(metric.of)
        elif metric.kind == "ratio":
            refs = [metric.numerator, metric.denominator]
        elif metric.kind == "first_of":
            refs = [m for m in metric.of if self.value(m) is not None][:1]
        out = {metric_id}
        for ref in refs:
            out |= self.depends_on(ref)
        return out

    def all(self) -> list[MetricValue]:
        for metric_id in self.metrics:
            self.get(metric_id)
        return [self.values[k] for k in sorted(self.values)]

    def _compute(self, metric: Metric) -> MetricValue:
        out = MetricValue(id=metric.id, title=metric.title, unit=metric.unit)
        sub = self.loaded.submission
        if metric.kind == "value":
            value, loc = _resolve(self.data, metric.path)
            out.value = value
            out.source = self.loaded.source_of(loc) if value is not None else None
        elif metric.kind == "sum":
            parts = [self.get(m) for m in metric.of]
            if all(p.value is not None for p in parts):
                out.value = sum(p.value for p in parts)
                out.source = "; ".join(p.id for p in parts)
        elif metric.kind == "ratio":
            num, den = self.get(metric.numerator), self.get(metric.denominator)
            out.numerator, out.denominator = num.value, den.value
            if num.value is not None and den.value not in (None, 0):
                # × 100 before ÷: 29 / 50 is 58 exactly, not 57.99999999999999, so a band edge is met exactly
                out.value = num.value * 100 / den.value if metric.unit == "percent" else num.value / den.value
                out.source = join([Num(num.value), Num(den.value)], " / ")
        elif metric.kind == "count":
            items, loc = _resolve(self.data, metric.of)
            given = metric.of.split(".")[0] in sub.model_fields_set  # an absent list is not an empty one
            said = bool(items) or not metric.empty_known_by or any(self.get(m).value is not None for m in metric.empty_known_by)
            if given and items is not None and said:
                chosen = [i for i in items if isinstance(i, dict) and _matches(i, metric.where, sub.agency.code, sub.agency.name)]
                out.value = sum(i.get(metric.sum_field, 0) for i in chosen) if metric.sum_field else len(chosen)
                out.source = self.loaded.source_of(loc)
        elif metric.kind == "register":
            if self.register is not None:
                counts = self.register.summary.total.counts
                rates = {m.id: m for m in self.register.summary.metrics}
                if metric.column in counts:
                    out.value = counts[metric.column]
                elif metric.column in rates:
                    rate = rates[metric.column]  # its value is rounded for the table; bands compare the counts' rate
                    out.value = rate.numerator * 100 / rate.denominator if rate.denominator else None
                    out.numerator, out.denominator = rate.numerator, rate.denominator
                else:
                    raise KeyError(f"metric '{metric.id}': the register table has no column or rate '{metric.column}'")
                out.source = M("dossier register {name} ({rows} rows, period {period})", name=self.register.register.name,
                               rows=Num(self.register.rows), period=self.register.period.span)
        elif metric.kind == "first_of":
            chosen = next((m for m in metric.of if self.get(m).value is not None), None)
            if chosen is not None:
                value = self.get(chosen)
                out.value, out.numerator, out.denominator = value.value, value.numerator, value.denominator
                out.chosen = chosen
                out.source = value.source
        elif metric.kind == "document":
            out.value, out.source = self._document_state(metric)
        elif metric.kind == "task_state":
            for plan_index, plan in enumerate(sub.plans):
                if plan.kind != metric.plan_kind:
                    continue
                for task_index, task in enumerate(plan.tasks):
                    if task.id == metric.task:
                        out.value = task.state.value
                        out.source = self.loaded.source_of(("plans", plan_index, "tasks", task_index))
        elif metric.kind == "task_count":
            tasks = [t for p in sub.plans if p.kind in metric.plan_kinds for t in p.tasks]
            if tasks:
                out.value = sum(1 for t in tasks if not metric.states or t.state.value in metric.states)
                out.source = M("{n} tasks in plans of kind {kinds}", n=Num(len(tasks)), kinds=", ".join(metric.plan_kinds))
        return out

    def _document_state(self, metric) -> tuple[str, str | None]:
        sub = self.loaded.submission
        found = [(i, d) for i, d in enumerate(sub.documents)
                 if d.role in ("issued", "advised") and set(d.topics) & set(metric.topics)]
        if not found:
            return "not_issued", None
        dated = [(document_date(d.date), i, d) for i, d in found]
        valid = sorted((day, i, d) for day, i, d in dated if day)
        if not valid:
            i, d = found[0]
            return "undated", self.loaded.source_of(("documents", i))
        day, i, doc = valid[0]
        source = compose("{document} ({date}), {place}", document=doc.number or doc.title, date=Day(day),
                         place=self.loaded.source_of(("documents", i)))
        if not metric.deadline:
            return "issued", source
        month, dom = (int(x) for x in metric.deadline.split("-"))
        deadline = dt.date(sub.period.to.year + metric.year_offset, month, dom)
        return ("on_time" if day <= deadline else "late"), compose("{source} {sign} {deadline}", source=source,
                                                                   sign="≤" if day <= deadline else ">", deadline=Day(deadline))


def decimals_of(value: float) -> int:
    """Decimals as written in a YAML/JSON number (47.26 → 2, 0.38 → 2, 92 → 0)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 6
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return len(frac)


def run_checks(ctx: MetricContext, checks: dict[str, Check]) -> list[CheckResult]:
    """Every consistency check; one whose inputs are absent comes out with ``ok`` None (not checked)."""
    results = []
    for check in sorted(checks.values(), key=lambda c: c.id):
        if check.kind == "sum":
            total = ctx.value(check.total) if check.total else check.equals
            parts = [ctx.value(p) for p in check.parts]
            if total is None or any(p is None for p in parts):
                results.append(CheckResult(id=check.id, title=check.title, ok=None, arithmetic="—"))
                continue
            actual = sum(parts)
            sign = "=" if math.isclose(total, actual, abs_tol=1e-9) else "≠"
            arithmetic = (compose("{total} {sign} {actual}", total=Num(total), sign=sign, actual=Num(actual))
                          if len(parts) == 1 else
                          compose("{total} {sign} {parts} = {actual}", total=Num(total), sign=sign,
                                  parts=join([Num(p) for p in parts], " + "), actual=Num(actual)))
            results.append(CheckResult(id=check.id, title=check.title, ok=math.isclose(total, actual, abs_tol=1e-9),
                                       expected=float(total), actual=float(actual), arithmetic=arithmetic))
        else:
            stated, num, den = ctx.value(check.stated), ctx.value(check.numerator), ctx.value(check.denominator)
            if stated is None or num is None or not den:
                results.append(CheckResult(id=check.id, title=check.title, ok=None, arithmetic="—"))
                continue
            exact = num / den * 100
            places = decimals_of(stated)
            rounded = round(exact + 1e-12, places)
            truncated = math.floor(exact * 10**places + 1e-9) / 10**places
            ok = math.isclose(stated, rounded, abs_tol=1e-9) or math.isclose(stated, truncated, abs_tol=1e-9)
            note = None
            if ok and not math.isclose(stated, rounded, abs_tol=1e-9):
                note = M("matches when truncated, not rounded")
            arithmetic = compose("{num} / {den} × 100 = {exact} → {rounded} {sign} {stated}", num=Num(num), den=Num(den),
                                 exact=Num(exact, 4), rounded=Num(rounded, places), sign="=" if ok else "≠",
                                 stated=Num(stated, places))
            results.append(CheckResult(id=check.id, title=check.title, ok=ok, expected=round(exact, 6),
                                       actual=float(stated), arithmetic=arithmetic, note=note))
    return results
