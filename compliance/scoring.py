"""Scoring: each leaf by its declared method, the roll-up of the tree, the index and its class.

index % = (computed points of applicable nodes) / applicable max × 100.
A node that does not apply to the unit type leaves both the numerator and the denominator (the index
is rescaled to the applicable maximum); a node that could not be checked stays in the denominator
with 0 points, and is listed as not_checked. Negative points are possible where a method allows them
(``min_points``, a choice worth −1).

Survey points (điểm điều tra xã hội học) are the appraising body's to give: survey points an agency
writes in its own submission or form are shown as its estimate (the row's self-score) and never counted,
so an agency cannot raise its own index with them (issue 11). They count only in a round, from the
appraisal file (:mod:`compliance.round.settle`).
"""

from __future__ import annotations

from compliance import formula
from compliance.i18n import M, Message, Num, Pct, Words, compose, join
from compliance.metrics import MetricContext
from compliance.model.base import Text
from compliance.model.criteria import Edition, Node
from compliance.model.results import InputValue, ScoreRow, Shortfall, Totals, class_shown
from compliance.model.submission import Submission
from compliance.vocab import Confidence, ScoreState, round_half_up, unit_type_word, value_word


def _r(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 4)


def _state(points: float, max_points: float) -> ScoreState:
    if points >= max_points - 1e-9:
        return ScoreState.pass_
    return ScoreState.partial if points > 1e-9 else ScoreState.fail


def _input(ctx: MetricContext, name: str, metric_id: str) -> InputValue:
    metric = ctx.get(metric_id)
    return InputValue(name=name, metric=metric_id, value=_r(metric.value) if isinstance(metric.value, float) else metric.value,
                      unit=metric.unit, source=metric.source)


def _inputs(scoring) -> list[str]:
    """The metric ids a scoring method reads."""
    if scoring.method == "formula":
        return list(scoring.inputs.values())
    single = getattr(scoring, "input", None)
    return [single] if single else []


def _points(points: float) -> Message:
    """"4 điểm" / "4 points" ("1 point")."""
    return M("{n} point", n=Num(points)) if points == 1 else M("{n} points", n=Num(points))


def _value(value):
    """A figure in a reason: a number written by the language (two decimals at most), other values as they are."""
    return Num(round_half_up(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class Scorer:
    """Scores one edition for one submission; ``rows`` in tree order, ``totals`` with the formula."""

    def __init__(self, edition: Edition, submission: Submission, ctx: MetricContext,
                 disagreements: dict[str, str] | None = None):
        """``disagreements``: metric id → the failed consistency check it takes part in ("title: arithmetic");
        a leaf whose inputs rest on such a metric is not scored (state error) until the figures agree."""
        self.edition = edition
        self.submission = submission
        self.ctx = ctx
        self.disagreements = disagreements or {}
        self.rows: list[ScoreRow] = []

    # -- leaves --------------------------------------------------------------------------------

    def _leaf(self, node: Node) -> tuple[float | None, ScoreState, Text, list[InputValue], str | None]:
        """(points, state, reason, inputs, thresholds) for one applicable leaf."""
        scoring = node.scoring
        if node.confidence == Confidence.unknown:
            return None, ScoreState.not_checked, Text(**M("Points or method unknown: not scored").both()), [], None
        if scoring is None:
            return None, ScoreState.not_checked, Text(**M("No scoring method").both()), [], None
        method = scoring.method
        undeclared = sorted(m for m in _inputs(scoring) if m not in self.ctx.metrics)
        if undeclared:
            return None, ScoreState.error, Text(**M("Input '{value}' is not declared in rules/ (metrics)", value=undeclared[0]).both()), [], None
        for metric_id in _inputs(scoring):
            clash = sorted(self.ctx.depends_on(metric_id) & set(self.disagreements))
            if clash:
                why = self.disagreements[clash[0]]
                return None, ScoreState.error, Text(**M("Not scored: the reported figures disagree ({why})", why=why).both()), \
                    [_input(self.ctx, "value", metric_id)], None
        if method == "bands":
            value_input = _input(self.ctx, "value", scoring.input)
            thresholds = join([Words(b.describe("vi"), b.describe("en")) for b in scoring.bands])
            value = self.ctx.value(scoring.input)
            if value is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            low, high = scoring.range
            if value < low or (high is not None and value > high):
                span = M("{low}–{high}", low=Num(low), high=Num(high)) if high is not None else M("≥ {low}", low=Num(low))
                return None, ScoreState.error, Text(**M("Value {value} is outside {span}: the figures are wrong",
                                                        value=_value(value), span=span).both()), \
                    [value_input], thresholds
            band = next((b for b in scoring.bands if b.contains(value)), None)
            if band is None:
                return None, ScoreState.error, Text(**M("Value {value} is outside every band", value=_value(value)).both()), [value_input], thresholds
            places = scoring.places(value)  # never "= 98 → band < 98": the decimals that decide the band
            shown = _value(value) if places == 2 else Num(round_half_up(value, places), places)
            picked = self.ctx.get(scoring.input).chosen
            title = Words(self._title(scoring.input, "vi"), self._title(scoring.input, "en"))
            band_words = Words(band.describe("vi"), band.describe("en"))
            if picked:
                register = self.ctx.metrics[picked].kind == "register"
                reason = Text(**(M("{input} = {value} (from the dossier register: {source}) → band {band}", input=title,
                                   value=shown, source=value_input.source, band=band_words) if register else
                                 M("{input} = {value} (from the report: {source}) → band {band}", input=title,
                                   value=shown, source=value_input.source, band=band_words)).both())
            else:
                reason = Text(**M("{input} = {value} → band {band}", input=title, value=shown, band=band_words).both())
            return band.points, _state(band.points, node.max_points), reason, [value_input], thresholds
        if method == "choice":
            value_input = _input(self.ctx, "value", scoring.input)
            thresholds = join([compose("{value} → {points}", value=Words(value_word(k, "vi"), value_word(k, "en")),
                                       points=Num(v)) for k, v in scoring.choices.items()])
            value = self.ctx.value(scoring.input)
            if value is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            if str(value) not in scoring.choices:
                return None, ScoreState.error, Text(**M("Value '{value}' has no points in the method", value=value).both()), [value_input], thresholds
            points = scoring.choices[str(value)]
            where = compose(" ({place})", place=value_input.source) if value_input.source else ""
            reason = Text(**M("{input}: {value}{where} → {points}", input=Words(self._title(scoring.input, "vi"),
                                                                                 self._title(scoring.input, "en")),
                              value=Words(value_word(value, "vi"), value_word(value, "en")), where=where,
                              points=_points(points)).both())
            return points, _state(points, node.max_points), reason, [value_input], thresholds
        if method == "formula":
            inputs = [_input(self.ctx, name, metric) for name, metric in scoring.inputs.items()]
            values = {name: self.ctx.value(metric) for name, metric in scoring.inputs.items()}
            missing = [scoring.inputs[n] for n, v in values.items() if v is None]
            if missing:
                return None, ScoreState.not_checked, self._no_data(missing[0]), inputs, scoring.formula
            shown = join([M("{name} = {value}", name=n, value=_value(v)) for n, v in values.items()], ", ")
            try:
                raw = formula.evaluate(scoring.formula, values)
            except formula.FormulaError as exc:  # criteria check refuses such files; this is the last guard
                return None, ScoreState.error, Text(**M("Invalid formula: {exc}", exc=exc).both()), \
                    inputs, scoring.formula
            except ZeroDivisionError:
                if scoring.when_zero is None:
                    return None, ScoreState.not_checked, Text(**M("Denominator is 0 ({shown})", shown=shown).both()), inputs, scoring.formula
                points = scoring.when_zero
                zero = [scoring.inputs[n] for n in sorted(formula.divisors(scoring.formula)) if values.get(n) == 0]
                reason = M("Denominator is 0 ({shown}): the method gives {points}", shown=shown, points=_points(points)) \
                    if not zero else M("Denominator is 0: {what} = 0 ({shown}): the method gives {points}", shown=shown,
                                       what=join([Words(self._title(m, "vi"), self._title(m, "en")) for m in zero], ", "),
                                       points=_points(points))
                return points, _state(points, node.max_points), Text(**reason.both()), inputs, scoring.formula
            points = min(max(raw, node.min_points), node.max_points)
            return points, _state(points, node.max_points), Text(**M("{formula} with {shown} = {value}", formula=scoring.formula, shown=shown, value=Num(raw)).both()), \
                inputs, scoring.formula
        if method == "per_item":
            value_input = _input(self.ctx, "count", scoring.input)
            count = self.ctx.value(scoring.input)
            thresholds = M("{max} − {penalty} × the number of cases, at least {floor}", max=Num(node.max_points),
                           penalty=Num(scoring.penalty), floor=Num(scoring.floor))
            if count is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            points = max(node.max_points - scoring.penalty * count, scoring.floor)
            return points, _state(points, node.max_points), Text(**M(
                "{count} cases × −{penalty} → {points}", count=count, penalty=Num(scoring.penalty),
                points=_points(points)).both()), [value_input], thresholds
        if method == "survey":
            estimate = self.submission.survey.get(node.id)
            if estimate is not None:
                return None, ScoreState.not_checked, Text(**M(
                    "The agency wrote {n} survey points: its own estimate, not counted in the index (the appraising "
                    "body gives them)", n=Num(estimate)).both()), [], None
            return None, ScoreState.not_checked, Text(**M("Survey points not given (not self-scored)").both()), [], None
        # manual: from the self-assessment, only with evidence
        own = self.submission.self_assessment.get(node.id)
        if own is None:
            return None, ScoreState.not_checked, Text(**M("Scored on evidence: no self-assessment given").both()), [], None
        if not own.evidence:
            return None, ScoreState.not_checked, Text(**M("Self-score given without evidence").both()), [], None
        points = min(max(own.points, node.min_points), node.max_points)
        return points, _state(points, node.max_points), Text(**M("From the self-assessment with evidence ({n} documents)", n=len(own.evidence)).both()), [], None

    def _survey_estimate(self, node: Node) -> float | None:
        """The survey points the agency wrote for a survey-scored leaf: its estimate, shown as its self-score."""
        if node.scoring is not None and node.scoring.method == "survey":
            return self.submission.survey.get(node.id)
        return None

    def _title(self, metric_id: str, lang: str) -> str:
        return self.ctx.get(metric_id).title.get(lang)

    def _no_data(self, metric_id: str) -> Text:
        return Text(**M("No data in the report: {input}", input=Words(self._title(metric_id, "vi"),
                                                                      self._title(metric_id, "en"))).both())

    # -- tree ----------------------------------------------------------------------------------

    def _node(self, node: Node, parent_applies: bool) -> tuple[float, float, float, bool, float | None]:
        """Score ``node`` and its subtree; returns (points, applicable max, checked max, any checked, self)."""
        applies = parent_applies and node.applies(self.submission.agency.unit_type)
        index = len(self.rows)
        own = self.submission.self_assessment.get(node.id)
        common = dict(id=node.id, level=node.level, name=node.name, max_points=node.max_points, min_points=node.min_points,
                      applicable=applies, confidence=node.confidence, modelled_on=node.modelled_on,
                      evidence=node.evidence, method=node.scoring.method if node.scoring else None,
                      explanation=own.explanation if own else None)
        if not applies:
            unit = self.submission.agency.unit_type
            self.rows.append(ScoreRow(**common, state=ScoreState.not_applicable, reason=Text(
                **M("Does not apply to a {unit}", unit=Words(unit_type_word(unit, "vi"), unit_type_word(unit, "en"))).both())))
            for child in node.children:
                self._node(child, False)
            return 0.0, 0.0, 0.0, False, None
        if node.is_leaf:
            points, state, reason, inputs, thresholds = self._leaf(node)
            self_score = own.points if own else self._survey_estimate(node)
            self.rows.append(ScoreRow(**common, computed=_r(points), self_score=self_score,
                                      difference=_r(self_score - points) if self_score is not None and points is not None else None,
                                      state=state, reason=reason, inputs=inputs, thresholds=thresholds))
            checked = points is not None
            return (points or 0.0), node.max_points, (node.max_points if checked else 0.0), checked, self_score
        self.rows.append(None)  # placeholder: a parent row comes before its children
        points = applicable = checked_max = 0.0
        any_checked = False
        self_scores = []
        for child in node.children:
            p, a, c, k, s = self._node(child, True)
            points, applicable, checked_max, any_checked = points + p, applicable + a, checked_max + c, any_checked or k
            if a > 0:
                self_scores.append(s)
        # a parent's self-score is the sum of its children's only when every applicable child has one
        complete = self_scores and all(s is not None for s in self_scores)
        self_score = own.points if own else (sum(self_scores) if complete else None)
        if applicable == 0:
            state = ScoreState.not_applicable
        elif not any_checked:
            state = ScoreState.not_checked
        else:
            state = _state(points, applicable)
        unchecked = applicable - checked_max
        excluded = node.max_points - applicable
        parts = [M("{points} / {applicable} points", points=Num(points), applicable=Num(applicable))]
        if unchecked > 1e-9:
            parts.append(M("{n} points not checked", n=Num(unchecked)))
        if excluded > 1e-9:
            parts.append(M("{n} points not applicable", n=Num(excluded)))
        reason = Text(**join(parts).both())
        common["max_points"] = node.max_points
        self.rows[index] = ScoreRow(**common, computed=_r(points), self_score=_r(self_score),
                                    difference=_r(self_score - points) if self_score is not None else None,
                                    state=state, reason=reason)
        return points, applicable, checked_max, any_checked, self_score

    def score(self) -> Totals:
        """Score the whole tree; fills ``rows`` and returns the totals with the formula."""
        self.rows = []
        points = applicable = checked = 0.0
        self_points = []
        for field in self.edition.fields:
            p, a, c, _, s = self._node(field, True)
            points, applicable, checked = points + p, applicable + a, checked + c
            if a > 0:
                self_points.append(s)
        survey = sum((r.computed or 0.0) for r in self.rows if r.method == "survey" and r.applicable)
        total_max = sum(f.max_points for f in self.edition.fields)
        index = round_half_up(points / applicable * 100) if applicable else 0.0
        klass = self.edition.classify(index)
        appraised = points - survey
        formula_text = M("Index (%) = (scored points {appraised} + survey points {survey}) / applicable maximum "
                         "{applicable} × 100 = {index}", appraised=Num(appraised), survey=Num(survey),
                         applicable=Num(applicable), index=Pct(index))
        estimate = sum(self.submission.survey.get(r.id, 0.0) for r in self.rows if r.method == "survey" and r.applicable)
        if estimate:
            formula_text = M("{formula}; survey points written by the agency, {n}, are not counted", formula=formula_text,
                             n=Num(estimate))
        return Totals(points=_r(points), survey_points=_r(survey), applicable_max=_r(applicable), scale=total_max,
                      not_applicable_max=_r(total_max - applicable), checked_max=_r(checked),
                      not_checked_max=_r(applicable - checked), index_percent=index,
                      class_name=class_shown(klass.name if klass else None, _r(applicable - checked) > 0),
                      provisional=_r(applicable - checked) > 0, formula=Text(**formula_text.both()),
                      self_points=_r(sum(self_points)) if self_points and None not in self_points else None)




def shortfalls(rows: list[ScoreRow], edition: Edition) -> list[Shortfall]:
    """The applicable leaves of ``rows`` (tree order) scored fail or partial, as tồn tại: each with its
    points, the scorecard's reason, its basis (the criterion in ``edition``; for a model node, what it was
    modelled on) and what to do (the node's ``remediation``, else the evidence it expects; None without
    either). Not-checked leaves are not here (the index says how many points were not checked)."""
    nodes = {n.id: n for n in edition.nodes()}
    out = []
    for row in rows:
        node = nodes.get(row.id)
        if node is None or not node.is_leaf or not row.applicable or row.state not in (ScoreState.fail, ScoreState.partial):
            continue
        # modelled_on and evidence are Vietnamese data: quoted in Vietnamese, pointed to in English
        if row.confidence == Confidence.model:
            model = M("criterion {id} of {edition} (model set)", id=row.id, edition=edition.id)
            basis = Text(vi=M("criterion {id} of {edition} (model set; modelled on: {on})", id=row.id,
                              edition=edition.id, on=row.modelled_on).get("vi") if row.modelled_on else model.get("vi"),
                         en=model.get("en"))
        else:
            basis = Text(**M("criterion {id} of {edition} ({source})", id=row.id, edition=edition.id,
                             source=edition.decision or edition.source).both())
        todo = node.remediation or (Text(vi=M("Meet it in the next period; the evidence it expects: {evidence}",
                                              evidence="; ".join(node.evidence)).get("vi"),
                                         en=M("Meet it in the next period, with the evidence the criterion lists").get("en"))
                                    if node.evidence else None)
        out.append(Shortfall(id=row.id, name=row.name, state=row.state, points=row.computed or 0.0,
                             max_points=row.max_points, reason=row.reason, basis=basis, remediation=todo))
    return out
