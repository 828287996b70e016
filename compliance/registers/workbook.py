"""The register workbooks, through the product's one writer (:mod:`compliance.io.workbook`).

- ``dossiers summarize --xlsx`` (:func:`write_summary_workbook`): the periodic report table (Biểu
  06/VPCP/KSTT: two header rows as on the paper form), the rates with their counts, the notes; when
  the table has a row per agency (or level, or procedure), a sheet of lateness by that group with a
  bar chart (late among the resolved, overdue among those in progress).
- ``dossiers check --xlsx`` (:func:`write_check_workbook`): the same summary, the rules and how each
  ran, the finding groups, the findings by agency with a bar chart, and every finding (one row each,
  streamed from the engine; beyond one sheet's rows they go on in further sheets, none left out).

Counts are numbers with the language's format (28.044 / 28,044), rates numbers in percent points
(47,26 % / 47.26%); text from the register is always stored as text. Written atomically.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import Iterator

from compliance.i18n import M, MC, count, places, text
from compliance.i18n.words import WORDS
from compliance.io.workbook import Book, cell, write_table
from compliance.io.workbook_layout import bar_chart, print_titles, row_height, set_widths
from compliance.registers.notice import notice_text, period_label
from compliance.registers.output import empty_message, row_label, t
from compliance.registers.report import UNIT, _sev, first_dossiers, w
from compliance.registers.summary import COLUMNS, GROUP_LABELS, RegisterSummary

SHEET_ROWS = 1_048_576
"""Rows of a sheet (Excel's limit). Findings that do not fit in one sheet go on in the next ("Chi tiết (2)"
…), each sheet saying which findings it holds and where they go on: none is left out."""
CHART_ROWS = 30
"""Groups shown in a chart at most (the largest first)."""

_X = {
    "title": M("HANDLING OF ADMINISTRATIVE PROCEDURES"),
    "lateness": M("Lateness"),
    "late_title": M("Late and overdue dossiers by {group}"),
    "resolved": M("Resolved"),
    "late": M("Resolved late"),
    "late_share": M("Late share"),
    "in_progress": MC("registers", "In progress"),
    "overdue": M("In progress, overdue"),
    "by_agency": M("Findings by agency"),
    "findings": MC("registers", "Findings"),
    "no_agency": M("(no agency)"),
    "groups_title": M("Findings by group (rule × agency × procedure)"),
    "rules_title": M("One-stop rules and how each ran"),
    "detail_title": M("Every finding"),
    "register": M("Dossier register"),
    "charts": M("Charts"),
    "part": M("Findings {first}–{last} of {total}; continued on sheet '{sheet}'"),
    "last_part": M("Findings {first}–{last} of {total}"),
}
GROUPS = [("Số hồ sơ nhận giải quyết", "Received", 2, 5), ("Số hồ sơ đã giải quyết", "Resolved", 6, 9),
          ("Số hồ sơ đang giải quyết", "In progress", 10, 12)]
SUMMARY_WIDTHS = [44] + [12] * len(COLUMNS)


def _x(key: str, lang: str) -> str:
    return _X[key].get(lang)


def _book(summary: RegisterSummary, lang: str) -> Book:
    header = (_x("register", lang), f"{t('period', lang)}: {summary.period.show(lang)}")
    return Book(lang, header=header, write_only=True)


def summary_sheet(book: Book, summary: RegisterSummary) -> None:
    """The form as a sheet: title, period, two header rows (merged groups), a row per group, the total,
    the rates (percent points with their numerator and denominator) and the notes."""
    lang, fmt = book.lang, book.fmt
    ws = book.sheet(M("Summary").get(lang))
    set_widths(ws, SUMMARY_WIDTHS)
    ws.freeze_panes = "B6"
    lines = [f"{t('period', lang)}: {summary.period.show(lang)} ({period_label(summary.period.label, lang)}) · "
             f"{t('form', lang)} · {t('source', lang)}"]
    empty = empty_message(summary, lang)
    ws.append([cell(ws, _x("title", lang), style="title")])
    ws.merged_cells.add("A1:L1")
    for n, line in enumerate(lines + ([empty] if empty else []), 2):
        ws.row_dimensions[n].height = row_height([line], [sum(SUMMARY_WIDTHS)])
        ws.append([cell(ws, line, style="warning" if line == empty else "subtitle")])
        ws.merged_cells.add(f"A{n}:L{n}")
    head = 3 + (1 if empty else 0) + 1
    ws.append([])
    row = [cell(ws, GROUP_LABELS[summary.by].get(lang), style="header")] + [None] * len(COLUMNS)
    for vi, en, first, last in GROUPS:
        row[first - 1] = cell(ws, en if lang == "en" else vi, style="header")
        for c in range(first, last):
            row[c] = cell(ws, None, style="header")
        ws.merged_cells.add(f"{_col(first)}{head}:{_col(last)}{head}")
    ws.append(row)
    ws.row_dimensions[head + 1].height = 32
    ws.append([cell(ws, None, style="header")] + [
        cell(ws, (M("Total").get(lang)) if c[0].endswith("_total") else c[1].get(lang), style="header")
        for c in COLUMNS])
    ws.merged_cells.add(f"A{head}:A{head + 1}")
    print_titles(ws, head, head + 1)
    for n, r in enumerate(summary.rows, head + 2):
        label = row_label(summary, r, lang)
        ws.row_dimensions[n].height = row_height([label], SUMMARY_WIDTHS)
        ws.append([cell(ws, label, style="body")] + [cell(ws, r.counts[c[0]], fmt.count, "number") for c in COLUMNS])
    ws.append([cell(ws, t("total", lang), style="total")]
              + [cell(ws, summary.total.counts[c[0]], fmt.count, "total") for c in COLUMNS])
    ws.append([])
    n = head + 2 + len(summary.rows) + 2  # the rates' header row
    widths = SUMMARY_WIDTHS[:4] + [sum(SUMMARY_WIDTHS[4:])]  # the formula spans columns E to L
    ws.append([cell(ws, h, style="header") for h in (t("rates", lang), t("rate", lang), t("num", lang), t("den", lang),
                                                     t("formula", lang))] + [cell(ws, None, style="header")] * 7)
    ws.merged_cells.add(f"E{n}:L{n}")
    for n, m in enumerate(summary.metrics, n + 1):
        ws.row_dimensions[n].height = row_height([m.label(lang), None, None, None, m.formula_in(lang)], widths)
        ws.append([cell(ws, m.label(lang), style="body"), cell(ws, m.value, fmt.percent_points, "number"),
                   cell(ws, m.numerator, fmt.count, "number"), cell(ws, m.denominator, fmt.count, "number"),
                   cell(ws, m.formula_in(lang), style="body")] + [cell(ws, None, style="body")] * 7)
        ws.merged_cells.add(f"E{n}:L{n}")
    for n in summary.notices:
        ws.append([cell(ws, notice_text(n, lang), style="note")])


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def lateness_sheet(book: Book, summary: RegisterSummary):
    """Late and overdue dossiers per row of a grouped summary (the largest first); returns their bar
    chart (None when no row)."""
    lang, fmt = book.lang, book.fmt
    group = GROUP_LABELS[summary.by].get(lang)
    ws = book.sheet(_x("lateness", lang))
    rows = sorted(summary.rows, key=lambda r: (-(r.counts["resolved_late"] + r.counts["in_progress_overdue"]),
                                               row_label(summary, r, lang)))
    data = [[row_label(summary, r, lang), r.counts["resolved_total"], r.counts["resolved_late"],
             r.counts["resolved_late"] / r.counts["resolved_total"] * 100 if r.counts["resolved_total"] else None,
             r.counts["in_progress_total"], r.counts["in_progress_overdue"]] for r in rows]
    title = _x("late_title", lang).format(group=group.lower())
    table = write_table(book, ws, [group, _x("resolved", lang), _x("late", lang), _x("late_share", lang),
                                   _x("in_progress", lang), _x("overdue", lang)], data, [40, 13, 13, 12, 13, 13],
                        formats=[None, fmt.count, fmt.count, fmt.percent_points, fmt.count, fmt.count],
                        lines=[title, f"{t('period', lang)}: {summary.period.show(lang)}"])
    if data:
        last = table.first + min(len(data), CHART_ROWS) - 1
        return bar_chart(ws, categories=(1, table.first, last), series=[3, 6], titles=table.header_row,
                         title=title, horizontal=True, number_format=fmt.count, width=25.0)
    return None


def write_summary_workbook(summary: RegisterSummary, path: str | Path, lang: str = "vi") -> None:
    """``dossiers summarize --xlsx``: the summary sheet, and the lateness sheet when the table is grouped."""
    with _book(summary, lang) as book:
        summary_sheet(book, summary)
        if summary.by is not None and summary.rows:
            chart = lateness_sheet(book, summary)
            if chart is not None:
                book.chart_sheet(_x("charts", lang), [chart])
        book.save(path)


_NUMBERS = re.compile(r"\d+")
_SHAPES: dict[tuple[str, str], list[str] | None] = {}


def place_said(place, lang: str) -> str:
    """:func:`compliance.i18n.places.said`, for the many places of a register's findings ("row 1605",
    "sheet Quý II, row 7"): each shape of place (its numbers aside) is said once, and a place's own
    numbers are put where the words said for its shape hold them. A shape whose words do not hold its
    numbers as they are (a number with a leading zero, a number said otherwise) is said every time."""
    numbers = _NUMBERS.findall(place) if isinstance(place, str) else None
    if not numbers or any(n != "0" and n.startswith("0") for n in numbers):
        return places.said(place, lang)
    key = (_NUMBERS.sub("#", place), lang)
    pieces = _SHAPES.get(key, ())
    if pieces == ():
        marks = [str(7_000_000_001 + k) for k in range(len(numbers))]
        marked = iter(marks)
        said = places.said(_NUMBERS.sub(lambda _m: next(marked), place), lang)
        pieces, at = [], 0
        for mark in marks:  # the words between the numbers, when each number stands once, in order
            found = said.find(mark, at)
            if found < 0 or said.count(mark) != 1:
                pieces = None
                break
            pieces.append(said[at:found])
            at = found + len(mark)
        else:
            pieces.append(said[at:])
        if len(_SHAPES) < 10_000:
            _SHAPES[key] = pieces
    if pieces is None:
        return places.said(place, lang)
    return "".join(piece + number for piece, number in zip(pieces, numbers)) + pieces[-1]


def finding_row(found: tuple, lang: str) -> list:
    """A finding's row in the workbook: severity, rule, code, place (in ``lang``), agency, procedure,
    message (in ``lang``), legal bases. ``found``: a tuple of
    :data:`compliance.registers.findings.FINDING_COLUMNS`."""
    rule, severity, code, place, agency, procedure, message, basis = found
    return [_sev(severity, lang), rule, code, place_said(place, lang), agency, procedure,
            message["en" if lang == "en" else "vi"], "; ".join(basis)]


def findings_sheets(book: Book, findings: Iterator[tuple], total: int) -> None:
    """Every finding, one row each, streamed from ``findings`` (tuples as :func:`finding_row` takes,
    ``total`` of them) into one sheet, or into as many as :data:`SHEET_ROWS` requires, each saying which
    findings it holds and on which sheet they go on. RuntimeError if ``findings`` holds more or fewer
    than ``total`` (the count said would be wrong)."""
    lang = book.lang
    title = _x("detail_title", lang)
    split = total > SHEET_ROWS - 3  # title, blank row, header
    per_sheet = SHEET_ROWS - 4 if split else SHEET_ROWS - 3  # a split sheet has a line saying which part
    parts = max(1, -(-total // per_sheet))
    sheets = [book.sheet(M("Findings").get(lang) + (f" ({k + 1})" if k else "")) for k in range(parts)]
    headers = [w("sev", lang), WORDS["rule"].get(lang), WORDS["code"].get(lang), M("Place").get(lang),
               w("agency", lang), w("proc", lang), M("Finding").get(lang), w("basis", lang)]
    for k, ws in enumerate(sheets):
        lines = [title]
        first, last = k * per_sheet + 1, min(total, (k + 1) * per_sheet)
        if split:
            said = {"first": count(first, lang), "last": count(last, lang), "total": count(total, lang)}
            lines.append(_x("part", lang).format(sheet=sheets[k + 1].title, **said) if k + 1 < parts
                         else _x("last_part", lang).format(**said))
        rows = (finding_row(found, lang) for found in islice(findings, last - first + 1))
        table = write_table(book, ws, headers, rows, [11, 30, 18, 18, 24, 11, 50, 40], lines=lines, filters=True)
        if table.last - table.first + 1 != max(0, last - first + 1):
            raise RuntimeError(f"fewer findings than the {total} counted")
    if next(findings, None) is not None:
        raise RuntimeError(f"more findings than the {total} counted")


def write_check_workbook(result, path: str | Path, lang: str = "vi",
                         findings: tuple[Iterator[tuple], int] | None = None) -> None:
    """``dossiers check --xlsx``: the summary, the rules, the groups, findings by agency (with a bar
    chart) and every finding (:func:`findings_sheets`), written atomically. ``findings``: (an iterator
    of findings, their number) as :func:`compliance.registers.findings.stream_findings` gives them while
    the check's engine is open; None: ``result.findings`` (the dicts of a check run with ``full``), or
    no sheet of findings when the check kept none."""
    with _book(result.summary, lang) as book:
        _check_sheets(book, result, findings)
        book.save(path)


def _check_sheets(book: Book, result, findings: tuple[Iterator[tuple], int] | None) -> None:
    lang, fmt = book.lang, book.fmt
    summary_sheet(book, result.summary)
    en = lang == "en"
    ws = book.sheet(w("rules", lang))
    rows = [[r.id, r.title_en if en else r.title_vi, _sev(r.severity, lang),
             w(r.state, lang) + (f" ({text(r.reason, lang)})" if r.reason else ""), r.findings if r.state == "checked" else None,
             UNIT[r.unit].get(lang) if r.unit else None] for r in result.rules]
    write_table(book, ws, [WORDS["code"].get(lang), w("rules", lang), w("sev", lang), w("state", lang), w("count", lang), w("unit", lang)],
                rows, [34, 50, 12, 30, 10, 14], lines=[_x("rules_title", lang)], formats=[None] * 4 + [fmt.count])

    ws = book.sheet(M("Groups").get(lang))
    rows = [[_sev(g.severity.value, lang), g.rule_id, g.title_en if en else g.title_vi, g.agency, g.procedure_code,
             g.count, first_dossiers(g, lang),
             "; ".join(g.legal_basis_en if en else g.legal_basis)] for g in result.groups]
    write_table(book, ws, [w("sev", lang), WORDS["code"].get(lang), w("rules", lang), w("agency", lang), w("proc", lang), w("count", lang),
                           w("first", lang), w("basis", lang)], rows, [11, 30, 36, 24, 11, 9, 36, 44],
                lines=[_x("groups_title", lang)], filters=True)

    by_agency: dict[str, int] = {}
    for g in result.groups:
        if g.rule_id.startswith("onestop.dossier."):
            key = g.agency or _x("no_agency", lang)
            by_agency[key] = by_agency.get(key, 0) + g.count
    if by_agency:
        ws = book.sheet(_x("by_agency", lang))
        data = sorted(by_agency.items(), key=lambda kv: (-kv[1], kv[0]))
        table = write_table(book, ws, [w("agency", lang), _x("findings", lang)], [list(kv) for kv in data], [44, 14],
                            lines=[_x("by_agency", lang)])
        chart = bar_chart(ws, categories=(1, table.first, table.first + min(len(data), CHART_ROWS) - 1), series=[2],
                          titles=table.header_row, title=_x("by_agency", lang), horizontal=True,
                          number_format=fmt.count, width=25.0)

    if findings is None and result.findings is not None:
        from compliance.registers.findings import FINDING_COLUMNS

        findings = ((tuple(f[k] for k in FINDING_COLUMNS) for f in result.findings), len(result.findings))
    if findings is not None:
        findings_sheets(book, iter(findings[0]), findings[1])
    if by_agency:
        book.chart_sheet(_x("charts", lang), [chart])
