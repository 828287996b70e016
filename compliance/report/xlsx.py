"""The scored workbook for the council, through the product's one writer (:mod:`compliance.io.workbook`),
written atomically.

Sheets (Vietnamese names by default, English with ``lang="en"``):

- Tổng hợp (Summary): agency, period, edition and its source, the index % and the class as live
  formulas over the scorecard's appraised total, the formula and the denominator, gap counts, and
  the points by field against their applicable maxima (live over the scorecard);
- Bảng điểm (Scorecard): :mod:`compliance.report.xlsx_scorecard`;
- Tồn tại (Gaps): one row per finding, autofilter, severity colours, subject, count, legal basis,
  remediation, rule and source;
- Căn cứ chấm điểm (Scoring basis): for each scored leaf, the method, the thresholds and one row per
  input with its value and where it came from;
- Kiểm tra số liệu (Checks) and Số liệu tham khảo (Informational figures);
- Biểu đồ (Charts): points by field against their maxima (a native bar chart).

Units: points with two decimals (39,18 / 39.18); rates as spreadsheet percentages (47.26 % is stored
as 0.4726 and shown 47,26 % / 47.26%). Text from a submission is always stored as text (never a
formula). Each sheet prints on A4, fitted to the page width, with its header rows repeated, the
agency and the period in the page header and page numbers in the footer.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import PatternFill

from compliance.i18n import M, MC, places, text
from compliance.io.workbook import Book, font, put, put_formula, write_table
from compliance.io.workbook_layout import bar_chart, fit_rows, set_widths
from compliance.model.results import PROVISIONAL, Scorecard
from compliance.report.labels import label
from compliance.i18n.words import CONFIDENCES, SCOPES, SEVERITIES, STATES, pick
from compliance.report.text import check_rows, formula_lines, header_lines, notice_lines, shortfall_rows
from compliance.report.xlsx_scorecard import field_maxima, method_word, scorecard_sheet

SEVERITY_COLOURS = {"critical": "C00000", "high": "FF6F6F", "medium": "FFC000", "low": "FFF2A8", "info": "DDEBF7"}

SHEETS = {
    "summary": M("Summary"),
    "scores": M("Scorecard"),
    "gaps": M("Gaps"),
    "basis": M("Scoring basis"),
    "checks": M("Checks"),
    "info": M("Informational"),
    "charts": M("Charts"),
}

WORDS = {
    "title": M("ADMINISTRATIVE REFORM INDEX: SCORING RESULT"),
    "basis_title": M("SCORING BASIS"),
    "confidence": MC("scorecard", "Confidence"),
    "method": M("Method"),
    "thresholds": M("Thresholds"),
    "input": M("Input"),
    "metric": M("Metric"),
    "value": M("Value"),
    "unit": M("Unit"),
    "source": MC("figure", "Source"),
    "points": M("Points"),
    "evidence": M("Evidence expected"),
    "modelled_on": M("Modelled on (model value)"),
    "applicable_max": M("Applicable maximum (denominator)"),
    "appraised_total": M("Appraised total (survey points included)"),
    "computed_total": M("The tool's computed total"),
    "self_total": M("Self-assessed total"),
    "index_live": M("Index (%) from the appraised points"),
    "index_tool": M("Index (%) as the tool computed it"),
    "class_live": M("Class from the appraised points"),
    "gap_counts": M("Gaps by severity"),
    "by_field": M("Points by field (appraised against the applicable maximum)"),
    "field": M("Field"),
    "field_max": M("Applicable maximum"),
    "field_points": M("Appraised points"),
    "field_share": M("Share obtained"),
    "no": M("No."),
    "label": M("What"),
    "scope": M("Scope"),
    "file": M("Submission"),
    "qualifier": M("Qualifier"),
}

UNIT_WORDS = {"percent": M("%"), "count": M("count"), "state": M("state"),
              "number": M("number"), "points": M("points")}


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang)


def _sheet_name(key: str, lang: str) -> str:
    return SHEETS[key].get(lang)


def _percent(value):
    """A rate in percent points (47.26) as a spreadsheet percentage (0.4726)."""
    return None if value is None else round(value / 100, 10)


# -------------------------------------------------------------------------------------------- summary

def _summary(book: Book, ws, card: Scorecard, refs: dict, gaps_sheet: str) -> int:
    """Write the summary; returns the header row of the points-by-field table."""
    lang, fmt = book.lang, book.fmt
    t = card.totals
    set_widths(ws, [46, 16, 16, 14, 60])
    put(ws, 1, 1, _w("title", lang), style="title")
    ws.merge_cells("A1:E1")
    row = 3

    def line(key: str, value, style: str = "body", number_format: str | None = None, formula: bool = False):
        nonlocal row
        put(ws, row, 1, key, style="label")
        if formula:
            put_formula(ws, row, 2, value, number_format)
        else:
            put(ws, row, 2, value, number_format, style="body" if isinstance(value, str) else None)
        if isinstance(value, str) and not formula:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        row += 1
        return ws.cell(row=row - 1, column=2)

    notices = notice_lines(card, lang)
    for head in header_lines(card, lang):
        key, sep, rest = head.partition(": ")
        cell = line(key if sep else head, rest if sep else None)
        if head in notices:  # a row deleted from the form: said in the summary's warning style, on print too
            cell.style = "warning"
    if card.submission_source:
        line(_w("file", lang), card.submission_source)
    row += 1
    cells = {"applicable_max": f"B{row}"}
    line(_w("applicable_max", lang), t.applicable_max, number_format=fmt.points)
    for key in ("computed", "appraised") + (("self",) if refs.get("self") else ()):
        cells[f"{key}_total"] = f"B{row}"
        line(_w(f"{key}_total", lang), f"={refs[key]}", number_format=fmt.points, formula=True)
    cells["index_live"] = f"B{row}"
    line(_w("index_live", lang), f"=IF({cells['applicable_max']}>0,ROUND({cells['appraised_total']}/"
                                 f"{cells['applicable_max']}*100,2)/100,0)", number_format=fmt.percent,
         formula=True).font = font(bold=True, size=12)
    line(_w("index_tool", lang), _percent(t.index_percent), number_format=fmt.percent)
    classes = _classes(card, lang)
    if classes:
        mark = f" ({PROVISIONAL.get(lang)})" if t.provisional else ""
        line(_w("class_live", lang), _class_formula(cells["index_live"], classes, mark), formula=True).font = \
            font(bold=True, size=12)
    row += 1
    for formula_line in formula_lines(card, lang):
        key, _, rest = formula_line.partition(": ")
        line(key, rest)
    row += 1
    put(ws, row, 1, _w("gap_counts", lang), style="label")
    row += 1
    sheet = gaps_sheet.replace("'", "''")
    for sev in SEVERITIES:
        word = pick(SEVERITIES, sev, lang)
        put(ws, row, 1, word, style="body")
        put_formula(ws, row, 2, f"=COUNTIF('{sheet}'!B:B,\"{word}\")", fmt.count, style="number")
        row += 1
    row += 1
    head = row + 1
    put(ws, row, 1, _w("by_field", lang), style="label")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    for c, title in enumerate([_w("field", lang), _w("field_max", lang), _w("field_points", lang),
                               _w("field_share", lang)], 1):
        put(ws, head, c, title, style="header")
    maxima = field_maxima(card)
    letter, scores = refs["letter"], refs["sheet"]
    n = head
    for r in card.rows:
        if "." in r.id or not r.applicable:
            continue
        n += 1
        put(ws, n, 1, f"{r.id}. {r.name.get(lang)}", style="body")
        put(ws, n, 2, maxima.get(r.id, r.max_points), fmt.points, style="number")
        put_formula(ws, n, 3, f"='{scores}'!{letter['appraised']}{refs['fields'][r.id]}", fmt.points, style="number")
        put_formula(ws, n, 4, f"=IF(B{n}>0,C{n}/B{n},0)", fmt.percent, style="number")
    put(ws, n + 2, 1, label("model_note", lang), style="note")
    fit_rows(ws, 3, n + 2)
    return head


def _classes(card: Scorecard, lang: str) -> list[tuple[float, str]]:
    """(min %, class name) from the highest threshold down, taken from the classification the tool used."""
    from compliance.catalog import find_edition

    try:
        edition = find_edition(card.edition.id)
    except Exception:  # noqa: BLE001 - an edition given as a file path that moved: no live class formula
        return []
    return sorted(((c.min, c.name.get(lang)) for c in edition.classes), reverse=True)


def _class_formula(index_cell: str, classes: list[tuple[float, str]], mark: str = "") -> str:
    """The class of the live index; ``mark`` (" (tạm tính)") follows it while the index is provisional."""
    expr = '""'
    for minimum, name in reversed(classes):
        safe = (name + mark).replace('"', '""')
        expr = f'IF({index_cell}*100>={minimum:g},"{safe}",{expr})'
    return "=" + expr


def _field_chart(book: Book, ws, head: int, n_fields: int, card: Scorecard):
    """Clustered bars: each field's applicable maximum and its appraised points."""
    title = _w("by_field", book.lang) + f" — {card.agency_name}"
    return bar_chart(ws, categories=(1, head + 1, head + n_fields), series=[2, 3], titles=head, title=title,
                     horizontal=True, value_title=_w("points", book.lang), number_format="0", value_min=0, width=25.0)


# --------------------------------------------------------------------------------- the other sheets

def _gaps(book: Book, ws, card: Scorecard) -> None:
    lang = book.lang
    heads = [_w("no", lang), label("severity", lang), label("subject", lang), label("what", lang), label("count", lang),
             label("legal_basis", lang), label("remediation", lang), label("rule", lang), _w("source", lang)]
    rows = [[i, pick(SEVERITIES, f.severity.value, lang), f.subject, f.message.get(lang), f.count,
             "\n".join(b.get(lang) for b in f.legal_basis), f.remediation.get(lang),
             f"{f.rule} (v{f.rule_version})", places.said(f.source, lang)] for i, f in enumerate(card.findings, 1)]
    rows += [[len(rows) + i, *row[:3], None, *row[4:6], None, None]  # the failed criteria, as the text lists them
             for i, row in enumerate(shortfall_rows(card, lang), 1)]
    if not rows:
        rows = [[None, None, None, label("no_gaps", lang)] + [None] * 5]
    table = write_table(book, ws, heads, rows, [6, 12, 24, 52, 8, 40, 44, 24, 20],
                        lines=[label("gaps", lang) + f" — {card.agency_name}"], filters=True)
    for n, f in enumerate(card.findings, table.first):
        sev = ws.cell(row=n, column=2)
        sev.fill = PatternFill("solid", fgColor=SEVERITY_COLOURS[f.severity.value])
        if f.severity.value == "critical":
            sev.font = font(bold=True, color="FFFFFF")


def _basis(book: Book, ws, card: Scorecard) -> None:
    lang, fmt = book.lang, book.fmt
    heads = [label("stt", lang), label("name", lang), _w("method", lang), _w("thresholds", lang), _w("input", lang),
             _w("metric", lang), _w("value", lang), _w("unit", lang), _w("source", lang), _w("points", lang),
             label("state", lang), label("reason", lang), _w("confidence", lang), _w("modelled_on", lang),
             _w("evidence", lang)]
    rows, value_formats = [], []
    for r in card.rows:
        if r.level != "sub_criterion" and any(o.id.startswith(r.id + ".") for o in card.rows):
            continue
        for inp in r.inputs or [None]:
            unit = inp.unit if inp else None
            value = inp.value if inp else None
            if unit == "percent" and isinstance(value, (int, float)):
                value, value_format = _percent(value), fmt.percent
            elif unit == "state" and value is not None:
                from compliance.vocab import value_word
                value, value_format = value_word(value, lang), None
            else:
                value_format = fmt.for_value(value)
            value_formats.append(value_format)
            rows.append([r.id, r.name.get(lang), method_word(r.method, lang), text(r.thresholds, lang),
                         inp.name if inp else "", (inp.metric or "") if inp else "", value,
                         text(UNIT_WORDS.get(unit or "", unit or ""), lang),
                         places.said(inp.source, lang) if inp else "", r.computed, pick(STATES, r.state.value, lang),
                         r.reason.get(lang), pick(CONFIDENCES, r.confidence.value, lang), r.modelled_on or "",
                         "\n".join(r.evidence)])
    table = write_table(book, ws, heads, rows, [7, 30, 12, 24, 7, 18, 10, 8, 18, 7, 11, 36, 9, 24, 26],
                        formats=[None] * 9 + [fmt.points],
                        lines=[_w("basis_title", lang) + f" — {card.agency_name}"], filters=True, freeze_col=3)
    for n, value_format in enumerate(value_formats, table.first):  # each input's own format (a rate, a count)
        if value_format:
            ws.cell(row=n, column=7).number_format = value_format


def _checks(book: Book, ws, card: Scorecard) -> None:
    lang = book.lang
    write_table(book, ws, [label("check", lang), label("result", lang), label("arithmetic", lang)],
                check_rows(card, lang), [56, 16, 66], lines=[label("checks", lang)])


def _info(book: Book, ws, card: Scorecard) -> None:
    lang, fmt = book.lang, book.fmt
    rows, formats = [], []
    for f in card.informational:
        pct = f.unit == "percent"
        rows.append([f.label, _percent(f.value) if pct else f.value,
                     text(UNIT_WORDS.get(f.unit, f.unit), lang),
                     pick(SCOPES, f.scope, lang) + (f" ({f.agency})" if f.agency else ""), f.qualifier, places.said(f.source, lang)])
        formats.append(fmt.percent if pct else (fmt.count if isinstance(f.value, int) else fmt.decimals(2)))
    table = write_table(book, ws, [_w("label", lang), _w("value", lang), _w("unit", lang), _w("scope", lang),
                                   _w("qualifier", lang), _w("source", lang)], rows, [64, 14, 10, 28, 10, 24],
                        lines=[label("informational", lang)])
    for n, value_format in enumerate(formats, table.first):
        ws.cell(row=n, column=2).number_format = value_format


def write_xlsx(card: Scorecard, path: str | Path, lang: str = "vi") -> None:
    """Write the scored workbook for ``card`` to ``path`` (a temporary file beside it, then a rename:
    a failure leaves any older file untouched). ``lang``: "vi" (default) or "en" for labels."""
    book = Book(lang, header=(card.agency_name, card.period), kind="scorecard")
    summary = book.sheet(_sheet_name("summary", lang))
    scores = book.sheet(_sheet_name("scores", lang))
    gaps = book.sheet(_sheet_name("gaps", lang))
    refs = scorecard_sheet(book, scores, card)
    _gaps(book, gaps, card)
    head = _summary(book, summary, card, refs, gaps.title)
    _basis(book, book.sheet(_sheet_name("basis", lang)), card)
    _checks(book, book.sheet(_sheet_name("checks", lang)), card)
    if card.informational:
        _info(book, book.sheet(_sheet_name("info", lang)), card)
    n_fields = sum(1 for r in card.rows if "." not in r.id and r.applicable)
    if n_fields:
        book.chart_sheet(_sheet_name("charts", lang), [_field_chart(book, summary, head, n_fields, card)])
    book.wb.calculation.fullCalcOnLoad = True
    book.save(path)
