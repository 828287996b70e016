"""A round as terminal tables or Markdown (tabulate), and as stable JSON. Vietnamese by default."""

from __future__ import annotations

from compliance.report.tables import tabulate

from compliance.i18n import M, MC, number, points, signed_points, text
from compliance.i18n.words import ISSUE_LEVELS, KINDS, STATES, WORDS, pick
from compliance.io.jsontext import stable_json
from compliance.round.model import AgencyResult, RoundResult
from compliance.round.words import as_of_text, md_rows, unit_type_text

L = {
    "round": WORDS["round"],
    "as_of": M("Reference date"),
    "read": M("Scored"),
    "failed": M("Unreadable"),
    "partial": M("PARTIAL (some submissions could not be read or were not scored: see below)"),
    "complete": MC("round", "complete"),
    "ranking": M("RANKING"),
    "rank": WORDS["rank"],
    "code": WORDS["code"],
    "agency": WORDS["agency"],
    "unit_type": WORDS["unit_type"],
    "appraised": WORDS["appraised"],
    "survey": WORDS["survey"],
    "bonus": WORDS["bonus"],
    "penalty": WORDS["penalty"],
    "max": M("Applicable max"),
    "node_max": WORDS["max"],
    "index": WORDS["index"],
    "class": WORDS["class"],
    "formula": WORDS["formula"],
    "edition": WORDS["edition"],
    "notice": WORDS["notice"],
    "changes": M("CHANGES FROM THE SELF-ASSESSMENT"),
    "criterion": M("Criterion"),
    "self": WORDS["self"],
    "computed": WORDS["computed"],
    "round1": WORDS["round1"],
    "round2": WORDS["round2"],
    "final": WORDS["final"],
    "difference": WORDS["difference"],
    "why": M("Why (who)"),
    "adjustments": M("BONUS AND PENALTY POINTS"),
    "kind": WORDS["kind"],
    "points": WORDS["points"],
    "reason": WORDS["reason"],
    "evidence": WORDS["evidence"],
    "waived": M("WAIVERS APPLIED"),
    "issues": M("ROUND ERRORS AND WARNINGS"),
    "unreadable": M("SUBMISSIONS THAT COULD NOT BE READ"),
    "model": M("(*) model criteria set, not an official text"),
}


def t(key: str, lang: str) -> str:
    return L[key].get(lang)


def _w(pair: tuple[str, str], lang: str) -> str:
    return pair.get(lang)


def ranking_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        tt = a.totals
        rows.append([f"{a.rank}/{a.ranked_among}", a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang), a.edition.id
                     + (" (*)" if a.edition.model_set else ""), points(tt.appraised, lang), points(tt.survey, lang),
                     points(tt.bonus, lang), points(tt.penalty, lang), points(tt.applicable_max, lang),
                     number(tt.index_percent, lang, 2),
                     tt.class_name.get(lang) if tt.class_name else ""])
    return rows


def ranking_headers(lang: str) -> list[str]:
    return [t(k, lang) for k in ("rank", "code", "agency", "unit_type", "edition", "appraised", "survey", "bonus",
                                  "penalty", "max", "index", "class")]


def change_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        for r in a.changes():
            why = r.change.get(lang) if r.change else ""
            if r.explanation:
                why += (M(" | explanation: ").get(lang)) + r.explanation
            rows.append([a.agency_code, r.id, r.name.get(lang)] + [points(v, lang) for v in (
                r.max_points, r.self_score, r.computed, r.round1, r.round2, r.final)] + [signed_points(r.difference, lang), why])
    return rows


def change_headers(lang: str) -> list[str]:
    return [t("code", lang), t("criterion", lang), M("Name").get(lang)] + [
        t(k, lang) for k in ("node_max", "self", "computed", "round1", "round2", "final", "difference", "why")]


def _table(rows: list[list], headers: list[str], fmt: str, widths: list | None = None) -> str:
    """A terminal table (``simple``, long cells wrapped at ``widths``) or a GitHub Markdown table (cells
    escaped, never wrapped: a wrapped cell would become a row of its own)."""
    if fmt == "markdown":
        return tabulate(md_rows(rows), headers=md_rows([headers])[0], tablefmt="github", disable_numparse=True)
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                    **({"maxcolwidths": widths} if widths and rows else {}))


def render_round(result: RoundResult, lang: str = "vi", fmt: str = "table") -> str:
    """The round for people: header, formula, ranking, changes, bonus/penalty, waivers, issues, failures.

    ``fmt``: ``table`` (terminal) or ``markdown`` (GitHub tables; "|" in a cell is escaped).
    """
    out = [f"{t('round', lang)}: {result.round_id} — {t('as_of', lang)}: "
           f"{as_of_text(result.as_of, result.as_of_source, lang)}" + (f" — {result.council}" if result.council else ""),
           f"{t('read', lang)}: {len(result.agencies)}; {t('failed', lang)}: {len(result.failed)}"
           + (f" — {t('partial', lang)}" if result.partial else ""),
           f"{t('formula', lang)}: {result.formula.get(lang)}", "", t("ranking", lang)]
    out.append(_table(ranking_rows(result, lang), ranking_headers(lang), fmt))
    for a in result.agencies:
        out.append(f"  {a.agency_code}: {a.totals.formula.get(lang)}")
    if any(a.edition.model_set for a in result.agencies):
        out.append(t("model", lang))
    changes = change_rows(result, lang)
    if changes:
        out += ["", t("changes", lang), _table(changes, change_headers(lang), fmt, [None, None, 40] + [None] * 7 + [60])]
    adjustments = [[a.agency_code, _w(KINDS[x.kind], lang), points(x.points, lang), x.reason, "; ".join(x.evidence), x.by or ""]
                   for a in result.agencies for x in a.adjustments]
    if adjustments:
        out += ["", t("adjustments", lang), _table(adjustments, [t(k, lang) for k in (
            "code", "kind", "points", "reason", "evidence")] + [M("By").get(lang)], fmt)]
    waived = _waived_rows(result, lang)
    if waived:
        out += ["", t("waived", lang), _table(waived, [t("code", lang), M("Item").get(lang),
                                                      M("Waiver").get(lang), t("reason", lang)], fmt)]
    if result.issues:
        out += ["", t("issues", lang)]
        out += [f"- [{_w(ISSUE_LEVELS[i.severity], lang)}] {text(i.subject, lang)}: {i.message.get(lang)}" for i in result.issues]
    if result.failed:
        out += ["", t("unreadable", lang)] + [f"- {f.text(lang)}" for f in result.failed]
    return "\n".join(out) + "\n"


def _waived_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        for r in a.rows:
            if r.waiver is not None:
                rows.append([a.agency_code, f"{r.id} {r.name.get(lang)}", f"{r.waiver.id} ({r.waiver.approver}, "
                             f"{r.waiver.expires})", r.waiver.justification])
        for key, note in sorted(a.waived_findings.items()):
            rows.append([a.agency_code, key.replace("|", " — "), f"{note.id} ({note.approver}, {note.expires})",
                         note.justification])
    return rows


def agency_lines(a: AgencyResult, lang: str) -> list[list]:
    """Every row of one agency's scorecard in the round (for the workbook and Markdown)."""
    return [[r.id, ("  " * r.id.count(".")) + r.name.get(lang), points(r.max_points, lang), points(r.self_score, lang),
             points(r.computed, lang), points(r.round1, lang), r.round1_note or "", r.explanation or "",
             points(r.round2, lang), r.round2_note or "", points(r.final, lang), signed_points(r.difference, lang),
             pick(STATES, r.state.value, lang),
             (r.change.get(lang) if r.change else r.reason.get(lang))] for r in a.rows]


def render_json(result: RoundResult) -> str:
    """The whole round as stable JSON (keys sorted, indented by two, UTF-8: :func:`compliance.io.jsontext.stable_json`).
    The cyclic garbage collector is paused meanwhile (:func:`compliance.round.run.cyclic_gc_paused`: the
    dump makes millions of objects, and each full collection walked the round's too; 700 agencies:
    1.0 → 0.5 s of CPU)."""
    from compliance.round.run import cyclic_gc_paused

    with cyclic_gc_paused():
        return stable_json(result.model_dump(mode="json"))
