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
from compliance.metrics import MetricContext
from compliance.model.base import Text
from compliance.model.criteria import Edition, Node
from compliance.model.results import InputValue, ScoreRow, Totals, class_shown
from compliance.model.submission import Submission
from compliance.vocab import Confidence, ScoreState, format_points, round_half_up, unit_type_word, value_word


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


def _en_points(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{round_half_up(value):.2f}".rstrip("0").rstrip(".")
    return str(value)


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
            return None, ScoreState.not_checked, Text(vi="Chưa rõ điểm hoặc cách chấm (unknown): không chấm",
                                                      en="Points or method unknown: not scored"), [], None
        if scoring is None:
            return None, ScoreState.not_checked, Text(vi="Chưa có cách chấm", en="No scoring method"), [], None
        method = scoring.method
        undeclared = sorted(m for m in _inputs(scoring) if m not in self.ctx.metrics)
        if undeclared:
            return None, ScoreState.error, Text(
                vi=f"Dữ liệu đầu vào '{undeclared[0]}' chưa được khai báo trong rules/ (metrics)",
                en=f"Input '{undeclared[0]}' is not declared in rules/ (metrics)"), [], None
        for metric_id in _inputs(scoring):
            clash = sorted(self.ctx.depends_on(metric_id) & set(self.disagreements))
            if clash:
                why = self.disagreements[clash[0]]
                return None, ScoreState.error, Text(vi=f"Không chấm: số liệu báo cáo không khớp nhau ({why})",
                                                    en=f"Not scored: the reported figures disagree ({why})"), \
                    [_input(self.ctx, "value", metric_id)], None
        if method == "bands":
            value_input = _input(self.ctx, "value", scoring.input)
            thresholds = "; ".join(b.describe() for b in scoring.bands)
            value = self.ctx.value(scoring.input)
            if value is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            low, high = scoring.range
            if value < low or (high is not None and value > high):
                span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
                return None, ScoreState.error, Text(vi=f"Giá trị {_fmt(value)} nằm ngoài miền {span}: số liệu sai",
                                                    en=f"Value {_fmt(value)} is outside {span}: the figures are wrong"), \
                    [value_input], thresholds
            band = next((b for b in scoring.bands if b.contains(value)), None)
            if band is None:
                return None, ScoreState.error, Text(vi=f"Giá trị {_fmt(value)} nằm ngoài các mức chấm",
                                                    en=f"Value {_fmt(value)} is outside every band"), [value_input], thresholds
            chosen = chosen_en = ""
            picked = self.ctx.get(scoring.input).chosen
            if picked:
                register = self.ctx.metrics[picked].kind == "register"
                chosen = f" (theo {'sổ theo dõi hồ sơ' if register else 'báo cáo'}: {value_input.source})"
                chosen_en = f" (from {'the dossier register' if register else 'the report'}: {value_input.source})"
            reason = Text(vi=f"{self._title(scoring.input, 'vi')} = {_fmt(value)}{chosen} → mức {band.describe()}",
                          en=f"{self._title(scoring.input, 'en')} = {_fmt(value)}{chosen_en} → band {band.describe()}")
            return band.points, _state(band.points, node.max_points), reason, [value_input], thresholds
        if method == "choice":
            value_input = _input(self.ctx, "value", scoring.input)
            thresholds = "; ".join(f"{k} → {v:g}" for k, v in scoring.choices.items())
            value = self.ctx.value(scoring.input)
            if value is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            if str(value) not in scoring.choices:
                return None, ScoreState.error, Text(vi=f"Giá trị '{value}' không có trong cách chấm",
                                                    en=f"Value '{value}' has no points in the method"), [value_input], thresholds
            points = scoring.choices[str(value)]
            where = f" ({value_input.source})" if value_input.source else ""
            reason = Text(vi=f"{self._title(scoring.input, 'vi')}: {value_word(value, 'vi')}{where} → {points:g} điểm",
                          en=f"{self._title(scoring.input, 'en')}: {value_word(value, 'en')}{where} → {_en_points(points)}")
            return points, _state(points, node.max_points), reason, [value_input], thresholds
        if method == "formula":
            inputs = [_input(self.ctx, name, metric) for name, metric in scoring.inputs.items()]
            values = {name: self.ctx.value(metric) for name, metric in scoring.inputs.items()}
            missing = [scoring.inputs[n] for n, v in values.items() if v is None]
            if missing:
                return None, ScoreState.not_checked, self._no_data(missing[0]), inputs, scoring.formula
            shown = ", ".join(f"{n} = {_fmt(v)}" for n, v in values.items())
            try:
                raw = formula.evaluate(scoring.formula, values)
            except formula.FormulaError as exc:  # criteria check refuses such files; this is the last guard
                return None, ScoreState.error, Text(vi=f"Công thức không hợp lệ: {exc}", en=f"Invalid formula: {exc}"), \
                    inputs, scoring.formula
            except ZeroDivisionError:
                if scoring.when_zero is None:
                    return None, ScoreState.not_checked, Text(vi=f"Mẫu số bằng 0 ({shown})",
                                                              en=f"Denominator is 0 ({shown})"), inputs, scoring.formula
                points = scoring.when_zero
                return points, _state(points, node.max_points), Text(
                    vi=f"Mẫu số bằng 0 ({shown}): theo cách chấm được {points:g} điểm",
                    en=f"Denominator is 0 ({shown}): the method gives {_en_points(points)}"), inputs, scoring.formula
            points = min(max(raw, node.min_points), node.max_points)
            return points, _state(points, node.max_points), Text(
                vi=f"{scoring.formula} với {shown} = {format_points(raw)}",
                en=f"{scoring.formula} with {shown} = {format_points(raw)}"), \
                inputs, scoring.formula
        if method == "per_item":
            value_input = _input(self.ctx, "count", scoring.input)
            count = self.ctx.value(scoring.input)
            thresholds = f"{node.max_points:g} − {scoring.penalty:g} × số trường hợp, thấp nhất {scoring.floor:g}"
            if count is None:
                return None, ScoreState.not_checked, self._no_data(scoring.input), [value_input], thresholds
            points = max(node.max_points - scoring.penalty * count, scoring.floor)
            return points, _state(points, node.max_points), Text(
                vi=f"{count} trường hợp × −{scoring.penalty:g} → {points:g} điểm",
                en=f"{count} cases × −{scoring.penalty:g} → {_en_points(points)}"), [value_input], thresholds
        if method == "survey":
            estimate = self.submission.survey.get(node.id)
            if estimate is not None:
                return None, ScoreState.not_checked, Text(
                    vi=f"Đơn vị tự ghi {format_points(estimate)} điểm điều tra xã hội học: chỉ là ước tính của đơn vị, "
                       "không tính vào chỉ số (điểm này do cơ quan thẩm định cho)",
                    en=f"The agency wrote {format_points(estimate)} survey points: its own estimate, not counted in "
                       "the index (the appraising body gives them)"), [], None
            return None, ScoreState.not_checked, Text(vi="Điểm điều tra xã hội học chưa có (đơn vị không tự chấm)",
                                                      en="Survey points not given (not self-scored)"), [], None
        # manual: from the self-assessment, only with evidence
        own = self.submission.self_assessment.get(node.id)
        if own is None:
            return None, ScoreState.not_checked, Text(vi="Chấm theo tài liệu kiểm chứng: chưa có điểm tự đánh giá",
                                                      en="Scored on evidence: no self-assessment given"), [], None
        if not own.evidence:
            return None, ScoreState.not_checked, Text(vi="Có điểm tự đánh giá nhưng không có tài liệu kiểm chứng",
                                                      en="Self-score given without evidence"), [], None
        points = min(max(own.points, node.min_points), node.max_points)
        return points, _state(points, node.max_points), Text(
            vi=f"Theo điểm tự đánh giá có tài liệu kiểm chứng ({len(own.evidence)} tài liệu)",
            en=f"From the self-assessment with evidence ({len(own.evidence)} documents)"), [], None

    def _survey_estimate(self, node: Node) -> float | None:
        """The survey points the agency wrote for a survey-scored leaf: its estimate, shown as its self-score."""
        if node.scoring is not None and node.scoring.method == "survey":
            return self.submission.survey.get(node.id)
        return None

    def _title(self, metric_id: str, lang: str) -> str:
        return self.ctx.get(metric_id).title.get(lang)

    def _no_data(self, metric_id: str) -> Text:
        return Text(vi=f"Báo cáo không có số liệu: {self._title(metric_id, 'vi')}",
                    en=f"No data in the report: {self._title(metric_id, 'en')}")

    # -- tree ----------------------------------------------------------------------------------

    def _node(self, node: Node, parent_applies: bool) -> tuple[float, float, float, bool, float | None]:
        """Score ``node`` and its subtree; returns (points, applicable max, checked max, any checked, self)."""
        applies = parent_applies and node.applies(self.submission.agency.unit_type)
        index = len(self.rows)
        own = self.submission.self_assessment.get(node.id)
        common = dict(id=node.id, level=node.level, name=node.name, max_points=node.max_points,
                      applicable=applies, confidence=node.confidence, modelled_on=node.modelled_on,
                      evidence=node.evidence, method=node.scoring.method if node.scoring else None,
                      explanation=own.explanation if own else None)
        if not applies:
            unit = self.submission.agency.unit_type
            self.rows.append(ScoreRow(**common, state=ScoreState.not_applicable, reason=Text(
                vi=f"Không áp dụng cho {unit_type_word(unit, 'vi')}", en=f"Does not apply to a {unit_type_word(unit, 'en')}")))
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
        reason = Text(vi=f"{format_points(points)}/{format_points(applicable)} điểm" + (f"; {format_points(unchecked)} điểm chưa chấm được" if unchecked > 1e-9 else "")
                      + (f"; {format_points(excluded)} điểm không áp dụng" if excluded > 1e-9 else ""),
                      en=f"{format_points(points)}/{format_points(applicable)} points" + (f"; {format_points(unchecked)} points not checked" if unchecked > 1e-9 else "")
                      + (f"; {format_points(excluded)} points not applicable" if excluded > 1e-9 else ""))
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
        formula_vi = (f"Chỉ số (%) = (điểm chấm {format_points(appraised)} + điểm điều tra XHH {format_points(survey)}) "
                      f"/ điểm tối đa áp dụng {format_points(applicable)} × 100 = {index:.2f}%")
        formula_en = (f"Index (%) = (scored points {format_points(appraised)} + survey points {format_points(survey)}) "
                      f"/ applicable maximum {format_points(applicable)} × 100 = {index:.2f}%")
        estimate = sum(self.submission.survey.get(r.id, 0.0) for r in self.rows if r.method == "survey" and r.applicable)
        if estimate:
            formula_vi += f"; điểm điều tra XHH đơn vị tự ghi {format_points(estimate)} không tính vào chỉ số"
            formula_en += f"; survey points written by the agency, {format_points(estimate)}, are not counted"
        return Totals(points=_r(points), survey_points=_r(survey), applicable_max=_r(applicable), scale=total_max,
                      not_applicable_max=_r(total_max - applicable), checked_max=_r(checked),
                      not_checked_max=_r(applicable - checked), index_percent=index,
                      class_name=class_shown(klass.name if klass else None, _r(applicable - checked) > 0),
                      provisional=_r(applicable - checked) > 0, formula=Text(vi=formula_vi, en=formula_en),
                      self_points=_r(sum(self_points)) if self_points and None not in self_points else None)


