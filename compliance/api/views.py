"""What a page shows: the results of the other API modules as plain data, in the chosen language, for a
surface that draws them itself (``compliance.web``). Nothing is computed here that the domain does not
already compute: the labels, rows and sentences are the domain's own (the same the terminal prints),
arranged as a page needs them (a tree instead of indented lines, one dict per gap, the chart's bars).

Every function takes a result object and ``lang`` (``"vi"`` or ``"en"``) and returns dicts, lists and
strings only. Points stay numbers (the surface formats them for its language); text is NFC.
"""

from __future__ import annotations

from compliance.i18n import M, date, places, text
from compliance.model.results import Scorecard
from compliance.model.rules import legal_date
from compliance.registers.check import RegisterResult
from compliance.report.labels import LABELS
from compliance.i18n.words import CHOSEN_BY, CONFIDENCES, ISSUE_LEVELS, KINDS, METHODS, SEVERITIES, STATES, pick
from compliance.report.text import formula_lines, header_lines, info_rows, notice_lines, shortfall_rows
from compliance.round.model import AgencyResult, RoundResult
from compliance.round.words import as_of_text
from compliance.round.text import change_headers, change_rows, t as round_word

__all__ = ["agency_round_view", "history_view", "labels", "lint_view", "register_view", "round_view", "scorecard_view"]


def labels(lang: str = "vi") -> dict[str, str]:
    """Every label of the scorecard outputs (``compliance.report.labels``) in ``lang``, by key
    ("scorecard" → "BẢNG ĐIỂM"); labels holding ``{n}`` placeholders are left as they are."""
    return {key: message.get(lang) for key, message in LABELS.items()}


def _input(value, lang: str) -> dict:
    """An input a score used, for a page: its name, metric, value (coded values in words), unit and
    where it came from, said in ``lang``."""
    from compliance.vocab import value_word

    shown = value_word(value.value, lang) if isinstance(value.value, str) else value.value
    return {"name": value.name, "metric": value.metric, "value": shown, "unit": value.unit,
            "source": places.said(value.source, lang)}


def _tree(rows: list, node) -> list[dict]:
    """Nest the flat rows (tree order, ids "3", "3.3", "3.3.1") by id: each dict gets ``children``."""
    roots: list[dict] = []
    by_id: dict[str, dict] = {}
    for row in rows:
        item = node(row)
        item["children"] = []
        by_id[row.id] = item
        parent = by_id.get(row.id.rpartition(".")[0])
        (parent["children"] if parent is not None else roots).append(item)
    return roots


def scorecard_view(card: Scorecard, lang: str = "vi") -> dict:
    """The scorecard as a page shows it.

    Returns ``{"header": [line, …] (the terminal's header lines but the index and the notices, shown apart),
    "notices": [line, …] (a column or row the form lacks, :func:`compliance.check.form_notices`), "index_percent", "class_name", "model_set", "edition": {id, title,
    source, decision, confidence, chosen_by}, "tree": [node, …], "gaps": [gap, …], "checks": [check, …],
    "informational": [[figure, value, scope, source], …], "formula": [line, line], "bars": [{id, name,
    points, max}, …]}``. A tree node is ``{id, level, name, max, computed, self, difference, state,
    state_label, reason, method, thresholds, inputs: [{name, metric, value, unit, source}], evidence,
    confidence, modelled_on, explanation, applicable, children}`` (points in points, None where not
    scored); a gap ``{severity, severity_label, rule, subject, message, count, legal_basis: [...],
    remediation, source}``; a check ``{title, ok, result, arithmetic, note}``. ``bars``: one per field
    that applies (its computed points against its maximum), the chart of points by field.
    """
    e, tt = card.edition, card.totals
    notices = notice_lines(card, lang)

    def node(r) -> dict:
        return {"id": r.id, "level": r.level, "name": r.name.get(lang), "max": r.max_points, "computed": r.computed,
                "self": r.self_score, "difference": r.difference, "state": r.state.value,
                "state_label": pick(STATES, r.state.value, lang), "reason": r.reason.get(lang), "method": r.method,
                "method_label": pick(METHODS, r.method, lang), "thresholds": text(r.thresholds, lang),
                "inputs": [_input(i, lang) for i in r.inputs], "evidence": r.evidence,
                "confidence": r.confidence.value, "modelled_on": r.modelled_on, "explanation": r.explanation,
                "applicable": r.applicable}

    ok_word = {None: "not_checked", True: "yes", False: "no"}
    return {
        "agency_code": card.agency_code, "agency_name": card.agency_name, "period": card.period,
        "header": [line for line in header_lines(card, lang) if not line.startswith(labels(lang)["index"] + ":")
                   and line not in notices],
        "notices": notices,
        "index_percent": tt.index_percent,
        "class_name": tt.class_name.get(lang) if tt.class_name else None,
        "model_set": e.model_set,
        "edition": {"id": e.id, "title": e.title.get(lang), "source": e.source, "decision": e.decision,
                    "confidence": e.confidence.value, "confidence_label": pick(CONFIDENCES, e.confidence.value, lang),
                    "chosen_by": pick(CHOSEN_BY, e.chosen_by, lang)},
        "tree": _tree(card.rows, node),
        "gaps": [{"severity": f.severity.value, "severity_label": pick(SEVERITIES, f.severity.value, lang),
                  "rule": f.rule, "subject": f.subject, "message": f.message.get(lang), "count": f.count,
                  "legal_basis": [b.get(lang) for b in f.legal_basis], "remediation": f.remediation.get(lang),
                  "source": places.said(f.source, lang)} for f in card.findings]
                + [{"severity": s.state.value, "severity_label": row[0], "rule": "", "subject": row[1], "message": row[2],
                    "count": None, "legal_basis": [row[4]], "remediation": row[5], "source": None}  # failed criteria
                   for s, row in zip(card.shortfalls, shortfall_rows(card, lang))],
        "checks": [{"title": c.title.get(lang), "ok": c.ok, "result": labels(lang)[ok_word[c.ok]],
                    "arithmetic": text(c.arithmetic, lang), "note": text(c.note, lang)} for c in card.checks],
        "informational": info_rows(card, lang),
        "formula": formula_lines(card, lang),
        "bars": [{"id": r.id, "name": r.name.get(lang), "points": r.computed or 0.0, "max": r.max_points}
                 for r in card.rows if r.level == "field" and r.applicable],
    }


def round_view(result: RoundResult, lang: str = "vi") -> dict:
    """A round as a page shows it: ``{"round_id", "as_of", "council", "partial", "formula", "words":
    {key: label}, "ranking": [{rank, ranked_among, code, name, unit_type, edition, model_set, appraised,
    survey, bonus, penalty, max, index_percent, class_name}], "changes": {"headers", "rows"},
    "issues": [{severity, severity_label, subject, message}], "failed": [error line, …], "stored_note":
    the line said when the run superseded an incomplete stored version, else None}``; the ranking
    in the round's order (ties share a rank, as ``round run`` prints)."""
    from compliance.round.words import unit_type_text

    ranking = [{"rank": a.rank, "ranked_among": a.ranked_among, "code": a.agency_code, "name": a.agency_name,
                "unit_type": unit_type_text(a.unit_type, lang), "edition": a.edition.id, "model_set": a.edition.model_set,
                "appraised": a.totals.appraised, "survey": a.totals.survey, "bonus": a.totals.bonus,
                "penalty": a.totals.penalty, "max": a.totals.applicable_max, "index_percent": a.totals.index_percent,
                "class_name": a.totals.class_name.get(lang) if a.totals.class_name else None}
               for a in result.agencies]
    return {
        "round_id": result.round_id, "as_of": as_of_text(result.as_of, result.as_of_source, lang),
        "council": result.council, "partial": result.partial,
        "formula": result.formula.get(lang),
        "words": {key: round_word(key, lang) for key in ("rank", "code", "agency", "unit_type", "edition", "appraised",
                                                          "survey", "bonus", "penalty", "max", "index", "class",
                                                          "ranking", "changes", "issues", "unreadable", "partial", "model",
                                                          "round1", "round2", "final", "self", "computed",
                                                          "adjustments", "reason", "evidence", "points", "kind")},
        "ranking": ranking,
        "changes": {"headers": change_headers(lang), "rows": change_rows(result, lang)},
        "issues": [{"severity": i.severity, "severity_label": pick(ISSUE_LEVELS, i.severity, lang),
                    "subject": text(i.subject, lang), "message": i.message.get(lang)} for i in result.issues],
        "failed": [f.text(lang) for f in result.failed],
        "stored_note": text(result.stored.note() if result.stored else None, lang) or None,
    }


def agency_round_view(result: RoundResult, code: str, lang: str = "vi") -> dict | None:
    """One agency of a round (None when the round has no such agency): ``{"code", "name", "rank",
    "ranked_among", "notices" (rows deleted from its form), "totals": {appraised, survey, bonus, penalty, max, index_percent, class_name, formula},
    "tree": [node …], "adjustments": [{kind, kind_label, points, reason, evidence, by, explanation}],
    "findings": [{severity_label, subject, message, count, legal_basis, waiver}]}``. A tree node carries
    the appraisal of both rounds (``round1``, ``round1_note``, ``round1_by``, ``explanation``,
    ``round2``…), ``final``, ``self``, ``computed``, ``state_label``, ``why`` and ``leaf``."""
    a: AgencyResult | None = result.agency(code)
    if a is None:
        return None
    tt = a.totals

    def node(r) -> dict:
        return {"id": r.id, "level": r.level, "name": r.name.get(lang), "max": r.max_points, "applicable": r.applicable,
                "leaf": r.leaf, "method": r.method, "method_label": pick(METHODS, r.method, lang), "state": r.state.value,
                "state_label": pick(STATES, r.state.value, lang), "self": r.self_score, "computed": r.computed,
                "round1": r.round1, "round1_note": r.round1_note, "round1_by": r.round1_by,
                "explanation": r.explanation, "round2": r.round2, "round2_note": r.round2_note,
                "round2_by": r.round2_by, "final": r.final, "difference": r.difference,
                "why": r.change.get(lang) if r.change else r.reason.get(lang),
                "waiver": r.waiver.model_dump() if r.waiver else None}

    return {
        "code": a.agency_code, "name": a.agency_name, "rank": a.rank, "ranked_among": a.ranked_among,
        "edition": a.edition.id, "model_set": a.edition.model_set, "period": a.period,
        "notices": [f"{labels(lang)['notice']}: {n.get(lang)}" for n in a.notices],
        "totals": {"appraised": tt.appraised, "survey": tt.survey, "bonus": tt.bonus, "penalty": tt.penalty,
                   "max": tt.applicable_max, "index_percent": tt.index_percent,
                   "class_name": tt.class_name.get(lang) if tt.class_name else None, "formula": tt.formula.get(lang)},
        "tree": _tree(a.rows, node),
        "adjustments": [{"kind": x.kind, "kind_label": pick(KINDS, x.kind, lang), "points": x.points,
                         "reason": x.reason, "evidence": x.evidence, "by": x.by, "explanation": x.explanation}
                        for x in a.adjustments],
        "findings": [{"severity": f.severity.value, "severity_label": pick(SEVERITIES, f.severity.value, lang),
                      "subject": f.subject, "message": f.message.get(lang), "count": f.count,
                      "legal_basis": [b.get(lang) for b in f.legal_basis],
                      "waiver": (a.waived_findings.get(f"{f.rule}|{f.subject}").id
                                 if f"{f.rule}|{f.subject}" in a.waived_findings else None)} for f in a.findings],
    }


def history_view(rows: list[dict], lang: str = "vi") -> dict:
    """An agency's history (:func:`compliance.api.round_history`'s rows) as a page shows it, as ``round
    history`` prints it: ``{"rows": [{round (its version when stored more than once: "2025@v2"), current
    (False for a superseded version), period, edition_id, model_set, index_percent, rank, ranked_among,
    class_name, note ("đã được thay thế lúc …", "vòng chưa đủ hồ sơ" or "")}], "points": [(round id,
    index %)] of the current versions only (what a chart of the index over the rounds draws: a
    superseded version is no round of its own), "notes": [line, …] (criteria sets changed, rounds
    across 01/7/2025)}``."""
    from compliance.round.eras import history_notes
    from compliance.round.history_text import round_label, version_note

    return {
        "rows": [{"round": round_label(r), "current": not r["superseded_at"], "period": r["period"],
                  "edition_id": r["edition_id"], "model_set": bool(r["model_set"]), "index_percent": r["index_percent"],
                  "rank": r["rank"], "ranked_among": r["ranked_among"], "class_name": r["class_name"],
                  "note": version_note(r, lang)} for r in rows],
        "points": [(r["round_id"], r["index_percent"]) for r in rows if not r["superseded_at"]],
        "notes": [n["en" if lang == "en" else "vi"] for n in history_notes([r for r in rows if not r["superseded_at"]])],
    }


def register_view(result: RegisterResult, lang: str = "vi") -> dict:
    """A register check as a page shows it: ``{"period", "rows", "catalogue_rows", "empty", "summary":
    {"headers", "rows"}, "rates": [{label, value, numerator, denominator, formula}], "rules": [{id, title,
    severity, severity_label, state, reason, findings, unit}], "groups": [{severity, severity_label, rule,
    title, agency, procedure_code, procedure_name, count, first: [(code, place)], legal_basis}],
    "notices": [text, …], "engine": "…"}``: the periodic report table (Biểu 06/VPCP/KSTT) and the
    one-stop findings grouped by rule × agency × procedure, most serious first."""
    from compliance.registers.findings import engine_words
    from compliance.registers.notice import notice_text, period_label
    from compliance.registers.output import empty_message, row_label
    from compliance.registers.report import UNIT, w
    from compliance.registers.summary import COLUMNS, GROUP_LABELS

    s, en = result.summary, lang == "en"
    return {
        "period": f"{s.period.show(lang)} ({period_label(s.period.label, lang)})",
        "rows": result.rows, "catalogue_rows": result.catalogue_rows,
        "empty": empty_message(s, lang),
        "summary": {"headers": [GROUP_LABELS[s.by].get(lang)] + [c[1].get(lang) for c in COLUMNS],
                    "rows": [[row_label(s, r, lang)] + [r.counts[c[0]] for c in COLUMNS] for r in s.rows]
                    + [[(M("Total").get(lang))] + [s.total.counts[c[0]] for c in COLUMNS]]},
        "rates": [{"label": m.label(lang), "value": m.value, "numerator": m.numerator, "denominator": m.denominator,
                   "formula": m.formula_in(lang)} for m in s.metrics],
        "rules": [{"id": r.id, "title": r.title_en if en else r.title_vi, "severity": r.severity,
                   "severity_label": pick(SEVERITIES, r.severity, lang), "state": w(r.state, lang),
                   "checked": r.state == "checked", "reason": text(r.reason, lang) if r.reason else None, "findings": r.findings,
                   "unit": text(UNIT[r.unit], lang) if r.unit else None} for r in result.rules],
        "groups": [{"severity": g.severity.value, "severity_label": pick(SEVERITIES, g.severity.value, lang),
                    "rule": g.rule_id, "title": g.title_en if en else g.title_vi, "agency": g.agency,
                    "procedure_code": g.procedure_code, "procedure_name": g.procedure_name, "count": g.count,
                    "first": [(code, places.said(place, lang)) for code, place in zip(g.first_codes, g.first_places)],
                    "legal_basis": g.legal_basis_en if en else g.legal_basis} for g in result.groups],
        "notices": [notice_text(n, lang) for n in result.notices],
        "engine": engine_words(result.engine, lang),
    }


def lint_view(report, lang: str = "vi") -> dict:
    """A narrative report's check (:func:`compliance.api.lint_report`) as a page shows it: ``{"format",
    "paragraphs", "tables", "report_date" (as Nghị định 30/2020 writes a date, or None), "report_date_source", "period",
    "findings": [{severity, severity_label, kind, place, quote, message, arithmetic, legal_basis: [...]}],
    "assumptions": [{place, message}]}``, places in the report's own terms ("đoạn 38 (dòng 113), mục III")."""
    return {
        "format": report.file_format, "paragraphs": report.paragraphs, "tables": report.tables,
        "report_date": legal_date(report.report_date) if report.report_date else None,
        "report_date_source": (report.report_date_source_vi if lang != "en" and report.report_date_source_vi
                               else report.report_date_source), "period": (report.period_label_en if lang == "en" and report.period_label_en
                                                                  else report.period_label),
        "findings": [{"severity": f.severity.value, "severity_label": pick(SEVERITIES, f.severity.value, lang),
                      "kind": f.kind, "place": f.place.label(lang), "quote": f.quote, "message": f.message.get(lang),
                      "arithmetic": f.arithmetic.get(lang) if f.arithmetic else None, "legal_basis": [b.get(lang) for b in f.legal_basis]}
                     for f in report.findings],
        "assumptions": [{"place": a.place.label(lang) if a.place else None, "message": a.message.get(lang)}
                        for a in report.assumptions],
    }
