"""Workbooks of a round, written through the product's one writer (:mod:`compliance.io.workbook`),
each atomically (temporary file, then rename).

- The council workbook (:func:`write_council_workbook`): ranking with the formula; the comparison by
  field and a charts sheet (the ranking, and the fields' average, highest and lowest shares:
  :mod:`compliance.round.council_charts`); a sheet per agency (or per unit type for big rounds);
  every difference between self and final points with who and why; every gap across agencies (with
  filters); bonus and penalty items; the round's errors. Each sheet has its title, its header rows
  repeated on every printed page, the round and its reference date in the page header.
- The appraisal workbook (:func:`write_appraisal_workbook`): one row per agency and applicable
  sub-criterion with self and computed points and empty round-1/round-2 columns for the council,
  a bonus/penalty sheet and a settings sheet (headers on row 1).
  :func:`compliance.round.appraisal_xlsx.read_appraisal_xlsx` reads it back (headers are found by name,
  Vietnamese or English; errors name the sheet and cell).

Text from submissions and appraisal files is always stored as text: a value that begins with "="
never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.utils import get_column_letter

from compliance.errors import InputError
from compliance.i18n import M, MC, number, text
from compliance.io.files import check_writable
from compliance.io.workbook import Book, write_table
from compliance.io.workbook import cell as out_cell
from compliance.io.workbook_layout import row_height
from compliance.i18n.words import ISSUE_KINDS, ISSUE_LEVELS, SEVERITIES, STATES, pick
from compliance.round.appraisal_sheets import ADJ_COLUMNS, ADJ_SHEET, INFO_KEYS, INFO_SHEET, ITEM_COLUMNS, ITEM_SHEET
from compliance.round.council_charts import field_chart, field_comparison_sheet, ranking_chart
from compliance.round.model import RoundResult
from compliance.round.run import cyclic_gc_paused
from compliance.round.text import t
from compliance.round.words import as_of_text, unit_type_text

PER_AGENCY_LIMIT = 60
INCOMPLETE = MC("round", "(incomplete: not every submission was read or scored)")
"""Said in every page header of an incomplete round's council workbook."""


def _ranking_rows(result: RoundResult, lang: str) -> list[list]:
    return [[a.rank, a.ranked_among, a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang), a.edition.id
             + (" (*)" if a.edition.model_set else ""), a.totals.appraised, a.totals.survey, a.totals.bonus,
             a.totals.penalty, a.totals.applicable_max, a.totals.index_percent,
             a.totals.class_name.get(lang) if a.totals.class_name else "", a.totals.formula.get(lang)]
            for a in result.agencies]


def _score_headers(lang: str) -> list[str]:
    return [t("criterion", lang), M("Name").get(lang), t("node_max", lang), t("self", lang),
            t("computed", lang), t("round1", lang), (M("Round 1 note").get(lang)),
            (M("Explanation").get(lang)), t("round2", lang),
            (M("Round 2 note").get(lang)), t("final", lang), t("difference", lang),
            (M("State").get(lang)), t("why", lang)]


def _score_rows(agency, lang: str) -> list[list]:
    return [[r.id, ("  " * r.id.count(".")) + r.name.get(lang), r.max_points, r.self_score, r.computed, r.round1,
             r.round1_note, r.explanation, r.round2, r.round2_note, r.final, r.difference,
             pick(STATES, r.state.value, lang), r.change.get(lang) if r.change else r.reason.get(lang)]
            for r in agency.rows]


def _score_styles(agency) -> list[str | None]:
    """Field rows in the total style (bold on grey), the others by value."""
    return ["total" if r.level == "field" else None for r in agency.rows]


SCORE_WIDTHS = [8, 50, 8, 8, 8, 8, 30, 30, 8, 30, 8, 9, 13, 60]


def write_council_workbook(result: RoundResult, path: str | Path, lang: str = "vi", sheets: str = "auto") -> None:
    """Write the council workbook for ``result`` to ``path``.

    ``sheets``: ``agency`` (a sheet per agency), ``unit_type`` (one per unit type, agencies stacked
    with their code in the first column) or ``auto`` (per agency up to 60 agencies). The cyclic garbage
    collector is paused meanwhile (:func:`compliance.round.run.cyclic_gc_paused`: the round's millions of
    objects made each of its full collections cost; 1.7 → 1.4 s of CPU for 700 agencies).
    """
    check_writable(path)  # before the workbook is built: a bad place is said before the work
    with cyclic_gc_paused():
        _write_council_workbook(result, path, lang, sheets)


def _write_council_workbook(result: RoundResult, path: str | Path, lang: str, sheets: str) -> None:
    vi = lang == "vi"
    # an incomplete round says so on every printed page (first: a long council name is cut), not only in a cell
    partial = f" {INCOMPLETE.get(lang)}" if result.partial else ""
    book = Book(lang, header=(f"{t('round', lang)}: {result.round_id}{partial}" + (f" — {result.council}" if result.council else ""),
                              f"{t('as_of', lang)}: {as_of_text(result.as_of, result.as_of_source, lang)}"),
                write_only=True, kind="council")
    pct = book.fmt.percent_points
    ws = book.sheet(M("Ranking").get(lang))
    head = [f"{t('round', lang)}: {result.round_id} — {t('as_of', lang)}: "
            f"{as_of_text(result.as_of, result.as_of_source, lang)}",
            f"{t('read', lang)}: {len(result.agencies)}; {t('failed', lang)}: {len(result.failed)}"
            + (f" — {t('partial', lang)}" if result.partial else ""),
            f"{t('formula', lang)}: {result.formula.get(lang)}"]
    if any(a.edition.model_set for a in result.agencies):
        head.append(t("model", lang))
    ranking = write_table(book, ws, [t("rank", lang), M("Of").get(lang), t("code", lang), t("agency", lang),
                                     t("unit_type", lang), t("edition", lang), t("appraised", lang), t("survey", lang),
                                     t("bonus", lang), t("penalty", lang), t("max", lang), t("index", lang),
                                     t("class", lang), t("formula", lang)],
                          _ranking_rows(result, lang), [6, 7, 11, 30, 14, 20, 10, 9, 8, 7, 9, 9, 10, 56],
                          formats=[None] * 11 + [pct], filters=True, lines=head)
    comparison = field_comparison_sheet(book, result)
    charts = [ranking_chart(book, ws, ranking, len(result.agencies))] if result.agencies else []
    if comparison is not None:
        charts.append(field_chart(book, *comparison))
    if charts:
        book.chart_sheet(M("Charts").get(lang), charts)

    per_agency = sheets == "agency" or (sheets == "auto" and len(result.agencies) <= PER_AGENCY_LIMIT)
    if per_agency:
        for a in result.agencies:
            s = book.sheet(a.agency_code, header=(a.agency_name + partial, a.period))
            lines = [f"{a.agency_name} ({a.agency_code}) — {unit_type_text(a.unit_type, lang)} — {a.period}",
                     f"{t('edition', lang)}: {a.edition.id}" + (" (*)" if a.edition.model_set else ""),
                     f"{t('rank', lang)}: {a.rank}/{a.ranked_among} — {t('index', lang)}: {number(a.totals.index_percent, lang, 2)}"
                     + (f" — {a.totals.class_name.get(lang)}" if a.totals.class_name else ""),
                     a.totals.formula.get(lang)] + [f"{t('notice', lang)}: {n.get(lang)}" for n in a.notices]
            write_table(book, s, _score_headers(lang), _score_rows(a, lang), SCORE_WIDTHS, lines=lines,
                        styles=_score_styles(a), freeze_col=3)
    else:
        by_type: dict[str, list] = {}
        for a in result.agencies:
            by_type.setdefault(a.unit_type, []).append(a)
        for unit_type, members in sorted(by_type.items()):
            name = unit_type_text(unit_type, lang)
            s = book.sheet(name)
            rows = [[a.agency_code] + row for a in members for row in _score_rows(a, lang)]
            styles = [style for a in members for style in _score_styles(a)]
            write_table(book, s, [t("code", lang)] + _score_headers(lang), rows, [12] + SCORE_WIDTHS, filters=True,
                        lines=[name], styles=styles, freeze_col=4)

    s = book.sheet(M("Differences").get(lang))
    rows = []
    for a in result.agencies:
        for r in a.changes():
            rows.append([a.agency_code, a.agency_name, r.id, r.name.get(lang), r.max_points, r.self_score, r.computed,
                         r.round1, r.round1_note, r.round1_by, r.explanation, r.round2, r.round2_note, r.round2_by,
                         r.final, r.difference, r.change.get(lang) if r.change else ""])
    write_table(book, s, [t("code", lang), t("agency", lang), t("criterion", lang), M("Name").get(lang),
                          t("node_max", lang), t("self", lang), t("computed", lang), t("round1", lang),
                          M("Round 1 note").get(lang), M("Round 1 by").get(lang),
                          M("Explanation").get(lang), t("round2", lang),
                          M("Round 2 note").get(lang), M("Round 2 by").get(lang),
                          t("final", lang), t("difference", lang), t("why", lang)], rows,
                [10, 20, 7, 28, 7, 7, 7, 7, 20, 14, 20, 7, 20, 14, 7, 8, 36], filters=True,
                lines=[t("changes", lang)])

    s = book.sheet(M("Gaps").get(lang))
    rows = []
    for a in result.agencies:
        for f in a.findings:
            waiver = a.waived_findings.get(f"{f.rule}|{f.subject}")
            rows.append([a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang),
                         pick(SEVERITIES, f.severity.value, lang), f.rule,
                         f.title.get(lang), f.subject, f.message.get(lang), f.count,
                         "; ".join(b.get(lang) for b in f.legal_basis), f.remediation.get(lang),
                         f"{waiver.id}: {waiver.justification}" if waiver else ""])
    write_table(book, s, [t("code", lang), t("agency", lang), t("unit_type", lang), M("Severity").get(lang),
                          M("Rule").get(lang), M("Gap").get(lang), M("Subject").get(lang),
                          M("What is wrong").get(lang), M("Count").get(lang),
                          M("Legal basis").get(lang), M("What to do").get(lang),
                          M("Waiver").get(lang)], rows, [10, 20, 11, 10, 20, 26, 14, 40, 7, 32, 32, 24],
                filters=True, lines=[M("GAPS OF THE AGENCIES").get(lang)])

    s = book.sheet(M("Bonus - Penalty").get(lang))
    rows = [[a.agency_code, a.agency_name, ("thưởng" if x.kind == "bonus" else "trừ") if vi else x.kind, x.points,
             x.reason, "; ".join(x.evidence), x.by, x.explanation] for a in result.agencies for x in a.adjustments]
    write_table(book, s, [t("code", lang), t("agency", lang), t("kind", lang), t("points", lang), t("reason", lang),
                          t("evidence", lang), M("By").get(lang), M("Explanation").get(lang)],
                rows, [12, 30, 9, 8, 50, 40, 24, 40], lines=[t("adjustments", lang)])

    s = book.sheet(M("Round issues").get(lang))
    rows = [[pick(ISSUE_LEVELS, i.severity, lang), pick(ISSUE_KINDS, i.kind, lang), text(i.subject, lang),
             i.message.get(lang)] for i in result.issues]
    rows += [[pick(ISSUE_LEVELS, "error", lang), pick(ISSUE_KINDS, "unreadable_submission", lang), f.path, f.text(lang)]
             for f in result.failed]
    write_table(book, s, [MC("issue", "Level").get(lang), M("Kind").get(lang), M("Subject").get(lang),
                          M("Message").get(lang)], rows, [10, 22, 40, 100], filters=True,
                lines=[t("issues", lang)])
    book.save(path)


# -- the appraisal workbook -----------------------------------------------------------------------------



def write_appraisal_workbook(result: RoundResult, path: str | Path, lang: str = "vi") -> None:
    """The sheet the council fills in: one row per agency and applicable, non-waived sub-criterion.

    Points already appraised (an appraisal file given to the round) are carried in; the caps and
    date go on the settings sheet. Read back with :func:`compliance.round.appraisal_xlsx.read_appraisal_xlsx`.
    The cyclic garbage collector is paused meanwhile (as for :func:`write_council_workbook`).
    """
    check_writable(path)
    with cyclic_gc_paused():
        _write_appraisal_workbook(result, path, lang)


def _write_appraisal_workbook(result: RoundResult, path: str | Path, lang: str) -> None:
    i = 1 if lang == "en" else 0
    book = Book(lang, header=(f"{t('round', lang)}: {result.round_id}", ITEM_SHEET[i]), write_only=True, kind="appraisal")
    ws = book.sheet(ITEM_SHEET[i])
    rows = []
    editions: dict[str, object] = {}  # edition id -> the edition (None: not found), looked up once
    for a in sorted(result.agencies, key=lambda a: a.agency_code):
        for r in a.rows:
            if r.leaf and r.applicable and r.state.value != "waived":
                rows.append([a.agency_code, a.agency_name, r.id, r.name.get(lang), r.max_points,
                             _min_of(a.edition.id, r.id, editions),
                             r.self_score, r.computed, r.round1, r.round1_note, r.round1_by, r.explanation, r.round2,
                             r.round2_note, r.round2_by])
    # headers on row 1: the reader finds its columns there
    write_table(book, ws, [c[1 + i] for c in ITEM_COLUMNS], rows, [12, 24, 9, 44, 8, 8, 8, 8, 9, 26, 18, 26, 9, 26, 18],
                filters=True, freeze_col=5)
    adj = book.sheet(ADJ_SHEET[i])
    arows = [[a.agency_code, (("thưởng" if x.kind == "bonus" else "trừ") if i == 0 else x.kind), x.points, x.reason,
              "; ".join(x.evidence), x.by, x.explanation] for a in result.agencies for x in a.adjustments]
    write_table(book, adj, [c[1 + i] for c in ADJ_COLUMNS], arows, [12, 16, 8, 50, 40, 24, 40])
    info = book.sheet(INFO_SHEET[i], landscape=False)
    caps = next(iter(result.agencies), None)
    appraised_on = dt.date.fromisoformat(result.as_of) if result.as_of_source.startswith("appraised_on") else None
    values = {"round": result.round_id, "council": result.council, "appraised_on": appraised_on,
              "bonus_cap": caps.totals.bonus_cap if caps else None, "penalty_cap": caps.totals.penalty_cap if caps else None}
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 50
    for n, (key, vi_label, en_label) in enumerate(INFO_KEYS, 1):
        value = values[key]
        height = row_height([(vi_label, en_label)[i], value], [24, 50])
        if height:
            info.row_dimensions[n].height = height
        info.append([out_cell(info, (vi_label, en_label)[i], style="label"),
                     out_cell(info, value, book.fmt.for_value(value), "body" if isinstance(value, str) else "number")])
    book.save(path)


def _min_of(edition_id: str, node_id: str, editions: dict) -> float:
    """The least points of ``node_id`` in the edition ``edition_id`` (0 when either is not found);
    ``editions`` keeps each edition found (finding one checks the criteria folders: 1.7 ms)."""
    from compliance.catalog import find_edition

    if edition_id not in editions:
        try:
            editions[edition_id] = find_edition(edition_id)
        except InputError:
            editions[edition_id] = None
    node = editions[edition_id].node(node_id) if editions[edition_id] is not None else None
    return node.min_points if node else 0.0


__all__ = ["write_council_workbook", "write_appraisal_workbook"]
