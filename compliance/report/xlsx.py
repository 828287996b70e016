"""The scored workbook for the council (openpyxl), written atomically.

Sheets (Vietnamese names by default, English with ``lang="en"``):

- Tổng hợp (Summary): agency, period, edition and its source, the index % and the class as live
  formulas over the scorecard's appraised total, the formula and the denominator, gap counts;
- Bảng điểm (Scorecard): the criteria tree with row outline levels (fields fold and unfold), columns
  max, self, computed, appraised (an input the inspector may change) and difference, state (with
  conditional formatting), reason and basis. Every parent row and the total are live SUM formulas
  over their children, so changing an appraised cell moves the totals;
- Tồn tại (Gaps): one row per finding, autofilter, severity colours, subject, count, legal basis,
  remediation, rule and source;
- Căn cứ chấm điểm (Scoring basis): for each scored leaf, the method, the thresholds and one row per
  input with its value and where it came from;
- Kiểm tra số liệu (Checks) and Số liệu tham khảo (Informational figures).

Units: points with two decimals (``0.00``); rates as spreadsheet percentages (47.26 % is stored as
0.4726 with a ``0.00%`` format). Text from a submission is always stored as text (never a formula).
Each sheet prints on A4 landscape, fitted to the page width, with its header rows repeated.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance.io.files import atomic_write
from compliance.model.results import Scorecard
from compliance.report.labels import SCOPES, SEVERITIES, STATES, label, pick
from compliance.report.text import check_rows, formula_lines, header_lines
from compliance.io.workbook import put, put_formula

POINTS = "0.00"
PERCENT = "0.00%"
COUNT = "#,##0"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
FIELD_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

STATE_COLOURS = {"pass": "C6EFCE", "partial": "FFEB9C", "fail": "FFC7CE", "not_applicable": "D9D9D9",
                 "not_checked": "EDEDED", "error": "F4B084", "waived": "BDD7EE"}
SEVERITY_COLOURS = {"critical": "C00000", "high": "FF6F6F", "medium": "FFC000", "low": "FFF2A8", "info": "DDEBF7"}

SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "scores": ("Bảng điểm", "Scorecard"),
    "gaps": ("Tồn tại", "Gaps"),
    "basis": ("Căn cứ chấm điểm", "Scoring basis"),
    "checks": ("Kiểm tra số liệu", "Checks"),
    "info": ("Số liệu tham khảo", "Informational"),
}

WORDS = {
    "appraised": ("Điểm thẩm định", "Appraised"),
    "basis_col": ("Cách chấm / căn cứ", "Method / basis"),
    "level": ("Cấp", "Level"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "method": ("Cách chấm", "Method"),
    "thresholds": ("Mức điểm (ngưỡng)", "Thresholds"),
    "input": ("Đầu vào", "Input"),
    "metric": ("Chỉ số đo", "Metric"),
    "value": ("Giá trị", "Value"),
    "unit": ("Đơn vị", "Unit"),
    "source": ("Nguồn số liệu", "Source"),
    "points": ("Điểm", "Points"),
    "evidence": ("Tài liệu kiểm chứng cần có", "Evidence expected"),
    "modelled_on": ("Mô phỏng theo (giá trị mẫu)", "Modelled on (model value)"),
    "applicable_max": ("Điểm tối đa áp dụng (mẫu số)", "Applicable maximum (denominator)"),
    "appraised_total": ("Tổng điểm thẩm định (kể cả điểm điều tra XHH)", "Appraised total (survey points included)"),
    "computed_total": ("Tổng điểm chấm của công cụ", "The tool's computed total"),
    "self_total": ("Tổng điểm tự đánh giá", "Self-assessed total"),
    "index_live": ("Chỉ số (%) theo điểm thẩm định", "Index (%) from the appraised points"),
    "index_tool": ("Chỉ số (%) công cụ tính", "Index (%) as the tool computed it"),
    "class_live": ("Xếp loại theo điểm thẩm định", "Class from the appraised points"),
    "gap_counts": ("Số tồn tại theo mức độ", "Gaps by severity"),
    "how": ("Cách dùng: sửa cột «Điểm thẩm định» ở sheet Bảng điểm; tổng và chỉ số tự tính lại.",
            "How to use: change the Appraised column on the Scorecard sheet; totals and the index recompute."),
    "no": ("STT", "No."),
    "label": ("Nội dung", "What"),
    "scope": ("Phạm vi", "Scope"),
    "file": ("Hồ sơ đánh giá", "Submission"),
    "rule_version": ("Phiên bản", "Version"),
    "qualifier": ("Mức", "Qualifier"),
}

UNIT_WORDS = {"percent": ("%", "%"), "count": ("số lượng", "count"), "state": ("trạng thái", "state"),
              "number": ("số", "number"), "points": ("điểm", "points")}
METHOD_WORDS = {"bands": ("theo mức (ngưỡng)", "bands"), "choice": ("theo lựa chọn", "choice"),
                "formula": ("theo công thức", "formula"), "per_item": ("trừ điểm theo trường hợp", "per item"),
                "manual": ("theo tài liệu kiểm chứng", "on evidence"), "survey": ("điều tra xã hội học", "survey")}


def _w(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return en if lang == "en" else vi


def _sheet_name(key: str, lang: str) -> str:
    vi, en = SHEETS[key]
    return en if lang == "en" else vi


def _print_setup(ws: Worksheet, header_rows: str | None = None) -> None:
    """A4 landscape, fitted to one page wide, header rows repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    if header_rows:
        ws.print_title_rows = header_rows


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _header(ws: Worksheet, row: int, titles: list[str]) -> None:
    for c, title in enumerate(titles, 1):
        cell = put(ws, row, c, title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEAD_FILL, CENTER, BOX
    ws.row_dimensions[row].height = 32


def _percent(value):
    """A rate in percent points (47.26) as a spreadsheet percentage (0.4726)."""
    return None if value is None else round(value / 100, 10)


# ------------------------------------------------------------------------------------------ scorecard

SC_HEAD_ROW = 3
SC = {"id": 1, "name": 2, "max": 3, "self": 4, "computed": 5, "appraised": 6, "difference": 7, "state": 8,
      "reason": 9, "basis": 10}


def _scorecard(ws: Worksheet, card: Scorecard, lang: str) -> dict:
    """Write the scorecard; returns the cells the summary refers to."""
    put(ws, 1, 1, f"{label('scorecard', lang)} — {card.agency_name} — {card.period}").font = TITLE
    _header(ws, SC_HEAD_ROW, [label("stt", lang), label("name", lang), label("max", lang), label("self", lang),
                              label("computed", lang), _w("appraised", lang), label("difference", lang),
                              label("state", lang), label("reason", lang), _w("basis_col", lang)])
    ws.sheet_properties.outlinePr.summaryBelow = False
    first = SC_HEAD_ROW + 1
    row_of = {r.id: first + i for i, r in enumerate(card.rows)}
    children: dict[str, list[str]] = {}
    for r in card.rows:
        if "." in r.id:
            children.setdefault(r.id.rsplit(".", 1)[0], []).append(r.id)
    letter = {k: get_column_letter(v) for k, v in SC.items()}

    for r in card.rows:
        n = row_of[r.id]
        depth = r.id.count(".")
        kids = children.get(r.id, [])
        put(ws, n, SC["id"], r.id)
        name = r.name.get(lang) + (" (*)" if r.confidence.value == "model" and r.level == "field" else "")
        put(ws, n, SC["name"], name).alignment = Alignment(wrap_text=True, vertical="top", indent=depth * 2)
        put(ws, n, SC["max"], r.max_points, POINTS)
        for key in ("computed", "appraised", "self"):
            col = SC[key]
            value = r.self_score if key == "self" else r.computed
            kids_with = [k for k in kids if _row(card, k).applicable]
            if kids and r.applicable and (key != "self" or _self_sums(card, r.id, kids)):
                refs = ",".join(f"{letter[key]}{row_of[k]}" for k in kids_with) or "0"
                put_formula(ws, n, col, f"=SUM({refs})", POINTS)
            elif value is not None and r.applicable:
                put(ws, n, col, value, POINTS)
        if not kids and r.applicable:
            ws.cell(row=n, column=SC["appraised"]).fill = INPUT_FILL
        if r.difference is not None:
            put_formula(ws, n, SC["difference"], f"={letter['self']}{n}-{letter['computed']}{n}", POINTS)
        put(ws, n, SC["state"], pick(STATES, r.state.value, lang))
        put(ws, n, SC["reason"], r.reason.get(lang))
        basis = METHOD_WORDS.get(r.method or "", ("", ""))[1 if lang == "en" else 0]
        if r.modelled_on:
            basis = (basis + "; " if basis else "") + f"{_w('modelled_on', lang)}: {r.modelled_on}"
        if basis:
            put(ws, n, SC["basis"], basis)
        for c in range(1, len(SC) + 1):
            cell = ws.cell(row=n, column=c)
            cell.border = BOX
            if c not in (SC["name"],):
                cell.alignment = WRAP
            if r.level == "field":
                cell.font = BOLD
                if c != SC["appraised"]:
                    cell.fill = FIELD_FILL
        if depth:
            ws.row_dimensions[n].outline_level = min(depth, 7)

    total = first + len(card.rows)
    fields = [r.id for r in card.rows if "." not in r.id]
    put(ws, total, SC["name"], label("total", lang)).font = BOLD
    put(ws, total, SC["max"], card.totals.applicable_max, POINTS).font = BOLD
    for key in ("self", "computed", "appraised"):
        if key == "self" and card.totals.self_points is None:
            continue
        refs = ",".join(f"{letter[key]}{row_of[f]}" for f in fields if _row(card, f).applicable) or "0"
        put_formula(ws, total, SC[key], f"=SUM({refs})", POINTS).font = BOLD
    for c in range(1, len(SC) + 1):
        ws.cell(row=total, column=c).border = BOX
    put(ws, total + 1, SC["name"], label("model_note", lang)).font = Font(italic=True)
    put(ws, total + 2, SC["name"], _w("how", lang)).font = Font(italic=True)

    state_range = f"{letter['state']}{first}:{letter['state']}{total - 1}"
    for state, colour in STATE_COLOURS.items():
        word = pick(STATES, state, lang).replace('"', '""')
        ws.conditional_formatting.add(state_range, CellIsRule(operator="equal", formula=[f'"{word}"'],
                                                              fill=PatternFill("solid", bgColor=colour)))
    diff_range = f"{letter['difference']}{first}:{letter['difference']}{total - 1}"
    ws.conditional_formatting.add(diff_range, FormulaRule(
        formula=[f"AND(ISNUMBER({letter['difference']}{first}),ABS({letter['difference']}{first})>0.0001)"],
        font=Font(bold=True, color="C00000")))
    appraised_range = f"{letter['appraised']}{first}:{letter['appraised']}{total - 1}"
    ws.conditional_formatting.add(appraised_range, FormulaRule(
        formula=[f"AND(ISNUMBER({letter['appraised']}{first}),ISNUMBER({letter['computed']}{first}),"
                 f"ABS({letter['appraised']}{first}-{letter['computed']}{first})>0.0001)"],
        font=Font(bold=True, color="1F4E79"), fill=PatternFill("solid", bgColor="BDD7EE")))

    _widths(ws, [8, 56, 10, 11, 11, 12, 11, 14, 60, 44])
    ws.freeze_panes = ws.cell(row=first, column=SC["max"])
    ws.auto_filter.ref = None
    _print_setup(ws, f"{SC_HEAD_ROW}:{SC_HEAD_ROW}")
    sheet = ws.title.replace("'", "''")
    return {"appraised": f"'{sheet}'!{letter['appraised']}{total}", "computed": f"'{sheet}'!{letter['computed']}{total}",
            "self": f"'{sheet}'!{letter['self']}{total}" if card.totals.self_points is not None else None,
            "total_row": total}


def _row(card: Scorecard, node_id: str):
    return next(r for r in card.rows if r.id == node_id)


def _self_sums(card: Scorecard, node_id: str, kids: list[str]) -> bool:
    """True when the parent's self score is the sum of its children's (so a SUM formula shows it)."""
    parent = _row(card, node_id).self_score
    if parent is None:
        return False
    values = [_row(card, k).self_score for k in kids if _row(card, k).applicable]
    return abs(sum(v for v in values if v is not None) - parent) < 1e-9 and any(v is not None for v in values)


# -------------------------------------------------------------------------------------------- summary

def _summary(ws: Worksheet, card: Scorecard, lang: str, refs: dict, gaps_sheet: str) -> None:
    t = card.totals
    put(ws, 1, 1, ("KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH" if lang == "vi"
                   else "ADMINISTRATIVE REFORM INDEX: SCORING RESULT")).font = TITLE
    row = 3
    for line in header_lines(card, lang):
        key, sep, rest = line.partition(": ")
        put(ws, row, 1, key if sep else line).font = BOLD
        if sep:
            put(ws, row, 2, rest).alignment = WRAP
        row += 1
    if card.submission_source:
        put(ws, row, 1, _w("file", lang)).font = BOLD
        put(ws, row, 2, card.submission_source)
        row += 1
    row += 1
    numbers_at = row
    lines = [
        ("applicable_max", t.applicable_max, POINTS, False),
        ("computed_total", f"={refs['computed']}", POINTS, True),
        ("appraised_total", f"={refs['appraised']}", POINTS, True),
    ]
    if refs.get("self"):
        lines.append(("self_total", f"={refs['self']}", POINTS, True))
    cells = {}
    for key, value, fmt, formula in lines:
        put(ws, row, 1, _w(key, lang)).font = BOLD
        (put_formula if formula else put)(ws, row, 2, value, fmt)
        cells[key] = f"B{row}"
        row += 1
    put(ws, row, 1, _w("index_live", lang)).font = BOLD
    idx = put_formula(ws, row, 2, f"=IF({cells['applicable_max']}>0,ROUND({cells['appraised_total']}/"
                                  f"{cells['applicable_max']}*100,2)/100,0)", PERCENT)
    idx.font = Font(bold=True, size=12)
    cells["index_live"] = f"B{row}"
    row += 1
    put(ws, row, 1, _w("index_tool", lang)).font = BOLD
    put(ws, row, 2, _percent(t.index_percent), PERCENT)
    row += 1
    put(ws, row, 1, _w("class_live", lang)).font = BOLD
    classes = _classes(card, lang)
    if classes:
        put_formula(ws, row, 2, _class_formula(cells["index_live"], classes)).font = Font(bold=True, size=12)
    row += 2
    for line in formula_lines(card, lang):
        key, _, rest = line.partition(": ")
        put(ws, row, 1, key).font = BOLD
        put(ws, row, 2, rest).alignment = WRAP
        row += 1
    row += 1
    put(ws, row, 1, _w("gap_counts", lang)).font = BOLD
    row += 1
    sheet = gaps_sheet.replace("'", "''")
    for sev in SEVERITIES:
        word = pick(SEVERITIES, sev, lang)
        put(ws, row, 1, word)
        put_formula(ws, row, 2, f"=COUNTIF('{sheet}'!B:B,\"{word}\")", COUNT)
        row += 1
    put(ws, row + 1, 1, _w("how", lang)).font = Font(italic=True)
    for r in range(numbers_at, numbers_at + len(lines) + 3):
        ws.cell(row=r, column=2).alignment = Alignment(horizontal="left")
    _widths(ws, [44, 110])
    _print_setup(ws)


def _classes(card: Scorecard, lang: str) -> list[tuple[float, str]]:
    """(min %, class name) from the highest threshold down, taken from the classification the tool used."""
    from compliance.catalog import find_edition

    try:
        edition = find_edition(card.edition.id)
    except Exception:  # noqa: BLE001 - an edition given as a file path that moved: no live class formula
        return []
    return sorted(((c.min, c.name.get(lang)) for c in edition.classes), reverse=True)


def _class_formula(index_cell: str, classes: list[tuple[float, str]]) -> str:
    expr = '""'
    for minimum, name in reversed(classes):
        safe = name.replace('"', '""')
        expr = f'IF({index_cell}*100>={minimum:g},"{safe}",{expr})'
    return "=" + expr


# ----------------------------------------------------------------------------------------------- gaps

def _gaps(ws: Worksheet, card: Scorecard, lang: str) -> None:
    heads = [_w("no", lang), label("severity", lang), label("subject", lang), label("what", lang), label("count", lang),
             label("legal_basis", lang), label("remediation", lang), label("rule", lang), _w("source", lang)]
    put(ws, 1, 1, label("gaps", lang) + f" — {card.agency_name}").font = TITLE
    _header(ws, 3, heads)
    for i, f in enumerate(card.findings, 1):
        n = 3 + i
        values = [i, pick(SEVERITIES, f.severity.value, lang), f.subject, f.message.get(lang), f.count,
                  "\n".join(b.get(lang) for b in f.legal_basis), f.remediation.get(lang),
                  f"{f.rule} (v{f.rule_version})", f.source or ""]
        for c, value in enumerate(values, 1):
            cell = put(ws, n, c, value)
            cell.alignment, cell.border = WRAP, BOX
        ws.cell(row=n, column=5).number_format = COUNT
        colour = SEVERITY_COLOURS[f.severity.value]
        sev = ws.cell(row=n, column=2)
        sev.fill = PatternFill("solid", fgColor=colour)
        if f.severity.value in ("critical",):
            sev.font = Font(bold=True, color="FFFFFF")
    last = 3 + max(len(card.findings), 1)
    ws.auto_filter.ref = f"A3:{get_column_letter(len(heads))}{last}"
    if not card.findings:
        put(ws, 4, 4, label("no_gaps", lang))
    _widths(ws, [6, 13, 28, 60, 9, 46, 50, 26, 22])
    ws.freeze_panes = "A4"
    _print_setup(ws, "3:3")


# ---------------------------------------------------------------------------------------------- basis

def _basis(ws: Worksheet, card: Scorecard, lang: str) -> None:
    heads = [label("stt", lang), label("name", lang), _w("method", lang), _w("thresholds", lang), _w("input", lang),
             _w("metric", lang), _w("value", lang), _w("unit", lang), _w("source", lang), _w("points", lang),
             label("state", lang), label("reason", lang), _w("confidence", lang), _w("modelled_on", lang),
             _w("evidence", lang)]
    put(ws, 1, 1, ("CĂN CỨ CHẤM ĐIỂM" if lang == "vi" else "SCORING BASIS") + f" — {card.agency_name}").font = TITLE
    _header(ws, 3, heads)
    n = 4
    for r in card.rows:
        if r.level != "sub_criterion" and any(o.id.startswith(r.id + ".") for o in card.rows):
            continue
        inputs = r.inputs or [None]
        for inp in inputs:
            unit = inp.unit if inp else None
            value = inp.value if inp else None
            if unit == "percent" and isinstance(value, (int, float)):
                value_cell, fmt = _percent(value), PERCENT
            elif unit == "state" and value is not None:
                from compliance.vocab import value_word
                value_cell, fmt = value_word(value, lang), None
            else:
                value_cell, fmt = value, (COUNT if isinstance(value, int) else None)
            row = [r.id, r.name.get(lang), METHOD_WORDS.get(r.method or "", ("", ""))[1 if lang == "en" else 0],
                   r.thresholds or "", inp.name if inp else "", (inp.metric or "") if inp else "", value_cell,
                   UNIT_WORDS.get(unit or "", (unit or "", unit or ""))[1 if lang == "en" else 0],
                   (inp.source or "") if inp else "", r.computed, pick(STATES, r.state.value, lang), r.reason.get(lang),
                   r.confidence.value, r.modelled_on or "", "\n".join(r.evidence)]
            for c, value in enumerate(row, 1):
                cell = put(ws, n, c, value, POINTS if c == 10 else (fmt if c == 7 else None))
                cell.alignment, cell.border = WRAP, BOX
            n += 1
    ws.auto_filter.ref = f"A3:{get_column_letter(len(heads))}{max(n - 1, 4)}"
    _widths(ws, [8, 40, 16, 34, 8, 26, 12, 10, 26, 8, 12, 50, 10, 40, 40])
    ws.freeze_panes = "C4"
    _print_setup(ws, "3:3")


# ------------------------------------------------------------------------------------ checks and info

def _checks(ws: Worksheet, card: Scorecard, lang: str) -> None:
    put(ws, 1, 1, label("checks", lang)).font = TITLE
    _header(ws, 3, [label("check", lang), label("result", lang), label("arithmetic", lang)])
    for i, row in enumerate(check_rows(card, lang), 4):
        for c, value in enumerate(row, 1):
            cell = put(ws, i, c, value)
            cell.alignment, cell.border = WRAP, BOX
    _widths(ws, [60, 18, 70])
    ws.freeze_panes = "A4"
    _print_setup(ws, "3:3")


def _info(ws: Worksheet, card: Scorecard, lang: str) -> None:
    put(ws, 1, 1, label("informational", lang)).font = TITLE
    _header(ws, 3, [_w("label", lang), _w("value", lang), _w("unit", lang), _w("scope", lang), _w("qualifier", lang),
                    _w("source", lang)])
    for i, f in enumerate(card.informational, 4):
        pct = f.unit == "percent"
        row = [f.label, _percent(f.value) if pct else f.value,
               UNIT_WORDS.get(f.unit, (f.unit, f.unit))[1 if lang == "en" else 0],
               pick(SCOPES, f.scope, lang) + (f" ({f.agency})" if f.agency else ""), f.qualifier, f.source or ""]
        for c, value in enumerate(row, 1):
            cell = put(ws, i, c, value, (PERCENT if pct else (COUNT if isinstance(f.value, int) else "0.##")) if c == 2 else None)
            cell.alignment, cell.border = WRAP, BOX
    _widths(ws, [70, 14, 10, 30, 10, 26])
    ws.freeze_panes = "A4"
    _print_setup(ws, "3:3")


def write_xlsx(card: Scorecard, path: str | Path, lang: str = "vi") -> None:
    """Write the scored workbook for ``card`` to ``path`` (a temporary file beside it, then a rename:
    a failure leaves any older file untouched). ``lang``: "vi" (default) or "en" for labels."""
    wb = Workbook()
    summary = wb.active
    summary.title = _sheet_name("summary", lang)
    scores = wb.create_sheet(_sheet_name("scores", lang))
    gaps = wb.create_sheet(_sheet_name("gaps", lang))
    refs = _scorecard(scores, card, lang)
    _gaps(gaps, card, lang)
    _summary(summary, card, lang, refs, gaps.title)
    _basis(wb.create_sheet(_sheet_name("basis", lang)), card, lang)
    _checks(wb.create_sheet(_sheet_name("checks", lang)), card, lang)
    if card.informational:
        _info(wb.create_sheet(_sheet_name("info", lang)), card, lang)
    wb.calculation.fullCalcOnLoad = True
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
