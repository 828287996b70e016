"""Apply the council's appraisal, bonus and penalty points and the waivers to one agency's scorecard.

``check_submission`` scores what the agency submitted (computed points, self-scores). The council then
recognises or adjusts each sub-criterion (vòng 1, giải trình, vòng 2), adds bonus and penalty items,
and approved waivers exempt some items. This module recomputes every parent sum and the totals from
the leaves, the same way :mod:`compliance.scoring` rolls up (its helpers are reused):

    index % = (appraised + survey + bonus − penalty) / applicable max × 100, half up to two decimals

- appraised: Σ final points of applicable, non-waived, non-survey sub-criteria, where final = round 2
  points if given, else round 1, else the computed points (a sub-criterion nobody could score counts 0
  and stays in the denominator, as in ``check``);
- survey: Σ final points of survey sub-criteria (điều tra xã hội học);
- bonus, penalty: Σ of the items, each capped at the cap in force (appraisal file, else edition);
- applicable max: Σ max points of sub-criteria that apply to the unit type and are not waived (a
  waived item leaves numerator and denominator, like a not-applicable one — the agency is exempted,
  neither rewarded nor punished).
With no appraisal, waivers, bonus or penalty the index equals ``check``'s (tested on the seed sample).
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.i18n import Day, M, Num, Pct, join
from compliance.model.base import Text
from compliance.model.criteria import Edition, Node
from compliance.model.results import Scorecard, class_shown
from compliance.round.model import (AdjustmentRow, AgencyAppraisal, AgencyResult, RoundRow, RoundTotals,
                                    WaiverNote)
from compliance.scoring import _r, _state
from compliance.vocab import ScoreState, round_half_up


@dataclass
class Caps:
    """Bonus and penalty caps in points per agency, and where they come from (said in the formula)."""

    bonus: float
    penalty: float
    source: Text


@dataclass
class _Sum:
    points: float = 0.0
    survey: float = 0.0
    applicable: float = 0.0
    unchecked: float = 0.0
    waived: float = 0.0
    checked: bool = False

    def add(self, other: "_Sum") -> None:
        self.points += other.points
        self.survey += other.survey
        self.applicable += other.applicable
        self.unchecked += other.unchecked
        self.waived += other.waived
        self.checked = self.checked or other.checked


class _Settler:
    def __init__(self, card: Scorecard, appraisal: AgencyAppraisal | None, waivers: dict[str, WaiverNote]):
        self.card_rows = {r.id: r for r in card.rows}
        self.items = {i.criterion: i for i in appraisal.items} if appraisal else {}
        self.waivers = waivers
        self.rows: list[RoundRow] = []

    def visit(self, node: Node, inherited: WaiverNote | None) -> _Sum:
        base = self.card_rows[node.id]
        waiver = self.waivers.get(node.id) or inherited
        common = dict(id=node.id, level=base.level, name=base.name, max_points=base.max_points,
                      applicable=base.applicable, method=base.method, confidence=base.confidence,
                      self_score=base.self_score, computed=base.computed, leaf=node.is_leaf)
        if not base.applicable:
            self.rows.append(RoundRow.model_construct(**common, state=ScoreState.not_applicable, reason=base.reason))
            for child in node.children:
                self.visit(child, None)
            return _Sum()
        if node.is_leaf:
            return self._leaf(node, base, common, waiver)
        index = len(self.rows)
        self.rows.append(None)  # type: ignore[arg-type]  # the parent row precedes its children
        total = _Sum()
        for child in node.children:
            total.add(self.visit(child, waiver))
        if total.applicable == 0 and total.waived > 0:
            state = ScoreState.waived
        elif total.applicable == 0:
            state = ScoreState.not_applicable
        elif not total.checked:
            state = ScoreState.not_checked
        else:
            state = _state(total.points, total.applicable)
        parts = [M("{points} / {applicable} points", points=Num(total.points), applicable=Num(total.applicable))]
        if total.unchecked > 1e-9:
            parts.append(M("{n} points not checked", n=Num(total.unchecked)))
        if total.waived > 1e-9:
            parts.append(M("{n} points waived", n=Num(total.waived)))
        excluded = node.max_points - total.applicable - total.waived
        if excluded > 1e-9:
            parts.append(M("{n} points not applicable", n=Num(excluded)))
        final = _r(total.points)
        self.rows[index] = RoundRow.model_construct(**common, state=state, final=final,
                                    difference=_r(final - base.self_score) if base.self_score is not None else None,
                                    reason=Text(**join(parts).both()), waiver=self.waivers.get(node.id))
        return total

    def _leaf(self, node: Node, base, common: dict, waiver: WaiverNote | None) -> _Sum:
        item = self.items.get(node.id)
        stages = {}
        if item is not None:
            if item.round1 is not None:
                stages.update(round1=item.round1.points, round1_note=item.round1.note, round1_by=item.round1.by)
            if item.round2 is not None:
                stages.update(round2=item.round2.points, round2_note=item.round2.note, round2_by=item.round2.by)
            stages["explanation"] = item.explanation
        if waiver is not None:
            self.rows.append(RoundRow.model_construct(**common, **stages, state=ScoreState.waived, reason=Text(**M(
                "Waived ({id}): {justification} — {approver}, until {expires}", id=waiver.id,
                justification=waiver.justification, approver=waiver.approver, expires=Day(waiver.expires)).both()),
                waiver=waiver))
            return _Sum(waived=node.max_points)
        change = by = None
        final = item.final.points if item is not None else base.computed
        difference = _r(final - base.self_score) if final is not None and base.self_score is not None else None
        if item is not None:
            state = _state(final, node.max_points)
            by = item.final.by
            said = M("Appraisal round {stage}{who}: {points} points{note}", stage=item.stage, who=f" ({by})" if by else "",
                     points=Num(final), note=f" — {item.final.note}" if item.final.note else "")
            if base.self_score is None and base.computed is not None:  # no self-score: the council's change is still one
                difference = _r(final - base.computed)
                said = join([said, M("difference against the computed points (no self-score)")])
            change = Text(**said.both())
        else:
            state = base.state
            if base.self_score is not None and final is not None and abs(final - base.self_score) > 1e-9:
                change = Text(**M("Computed from the data: {reason}", reason=base.reason).both())
        self.rows.append(RoundRow.model_construct(**common, **stages, state=state, final=_r(final),
                                  difference=difference, reason=base.reason, change=change, by=by))
        points = final or 0.0
        return _Sum(points=points, survey=points if node.scoring is not None and node.scoring.method == "survey" else 0.0,
                    applicable=node.max_points, unchecked=0.0 if final is not None else node.max_points,
                    checked=final is not None)


def settle(card: Scorecard, edition: Edition, appraisal: AgencyAppraisal | None = None,
           node_waivers: dict[str, WaiverNote] | None = None, rule_waivers: dict[str, WaiverNote] | None = None,
           caps: Caps | None = None) -> AgencyResult:
    """One agency's result: rows with self / computed / appraised / final points, totals with the formula.

    ``node_waivers``: node id → active waiver (a criterion's waiver covers its sub-criteria);
    ``rule_waivers``: gap rule id → active waiver (its findings are kept, marked waived, and do not
    count for ``--fail-on``). ``appraisal`` must already be checked against ``edition``
    (:func:`compliance.round.appraisal.check_against`). Points in points, index in %.
    """
    caps = caps or Caps(edition.bonus_cap, edition.penalty_cap, Text(**M("edition {id}", id=edition.id).both()))
    settler = _Settler(card, appraisal, node_waivers or {})
    total = _Sum()
    for field in edition.fields:
        total.add(settler.visit(field, None))
    adjustments = []
    if appraisal:
        adjustments = [AdjustmentRow(kind=kind, points=a.points, reason=a.reason, evidence=a.evidence, by=a.by,
                                     explanation=a.explanation)
                       for kind, items in (("bonus", appraisal.bonus), ("penalty", appraisal.penalty)) for a in items]
    bonus_raw = sum(a.points for a in adjustments if a.kind == "bonus")
    penalty_raw = sum(a.points for a in adjustments if a.kind == "penalty")
    bonus, penalty = min(bonus_raw, caps.bonus), min(penalty_raw, caps.penalty)
    appraised = total.points - total.survey
    numerator = total.points + bonus - penalty
    index = round_half_up(numerator / total.applicable * 100) if total.applicable else 0.0
    klass = edition.classify(index)
    scale = sum(f.max_points for f in edition.fields)
    formula = Text(**M("Index (%) = (appraised {appraised} + survey {survey} + bonus {bonus} − penalty {penalty}) / "
                       "applicable maximum {applicable} × 100 = {index} (bonus cap {bonus_cap}, penalty cap "
                       "{penalty_cap}: {source})", appraised=Num(appraised), survey=Num(total.survey), bonus=Num(bonus),
                       penalty=Num(penalty), applicable=Num(total.applicable), index=Pct(index),
                       bonus_cap=Num(caps.bonus), penalty_cap=Num(caps.penalty), source=caps.source).both())
    totals = RoundTotals(
        appraised=_r(appraised), survey=_r(total.survey), bonus_raw=_r(bonus_raw), bonus=_r(bonus),
        penalty_raw=_r(penalty_raw), penalty=_r(penalty), applicable_max=_r(total.applicable),
        waived_max=_r(total.waived), not_applicable_max=_r(scale - total.applicable - total.waived),
        not_checked_max=_r(total.unchecked), self_points=card.totals.self_points,
        bonus_cap=caps.bonus, penalty_cap=caps.penalty, cap_source=caps.source.vi,
        index_percent=index, class_name=class_shown(klass.name if klass else None, _r(total.unchecked) > 0),
        provisional=_r(total.unchecked) > 0, formula=formula)
    rule_waivers = rule_waivers or {}
    waived_findings = {f"{f.rule}|{f.subject}": rule_waivers[f.rule] for f in card.findings if f.rule in rule_waivers}
    return AgencyResult(agency_code=card.agency_code, agency_name=card.agency_name, unit_type=card.unit_type,
                        period=card.period, edition=card.edition, source=card.submission_source or "",
                        totals=totals, rows=settler.rows, adjustments=adjustments, findings=card.findings,
                        waived_findings=waived_findings, notices=card.notices)
