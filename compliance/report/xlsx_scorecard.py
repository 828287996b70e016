"""The scored workbook's scorecard sheet (Bảng điểm), through the product's one writer.

The criteria tree with row outline levels (fields fold and unfold), columns max, self, computed,
appraised (an input the inspector may change, shaded) and difference, state (with conditional
formatting), reason and basis. Every parent row and the total are live SUM formulas over their
children, so changing an appraised cell moves the totals, the summary's index and class, and the
chart of points by field.
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from compliance.i18n import M, Num, text
from compliance.io.workbook import FIELD_COLOUR, INPUT_COLOUR, Book, font, put, put_formula
from compliance.io.workbook_layout import fit_rows, print_titles, set_widths
from compliance.model.results import Scorecard
from compliance.report.labels import label
from compliance.i18n.words import METHODS, STATES, WORDS as SHARED, pick

HEAD_ROW = 3
COLUMNS = {"id": 1, "name": 2, "max": 3, "self": 4, "computed": 5, "appraised": 6, "difference": 7, "state": 8,
           "reason": 9, "basis": 10}
WIDTHS = [8, 52, 9, 10, 10, 11, 10, 13, 56, 40]
STATE_COLOURS = {"pass": "C6EFCE", "partial": "FFEB9C", "fail": "FFC7CE", "not_applicable": "D9D9D9",
                 "not_checked": "EDEDED", "error": "F4B084", "waived": "BDD7EE"}
WORDS = {
    "appraised": SHARED["appraised"],
    "basis_col": M("Method / basis"),
    "modelled_on": M("Modelled on (model value)"),
    "how": M("How to use: change the Appraised column on the Scorecard sheet; totals and the index recompute."),
}
_FIELD_FILL = PatternFill("solid", fgColor=FIELD_COLOUR)
_INPUT_FILL = PatternFill("solid", fgColor=INPUT_COLOUR)


def word(key: str, lang: str) -> str:
    """A label of the scored workbook in ``lang``."""
    return WORDS[key].get(lang)


def method_word(method: str | None, lang: str) -> str:
    """How a leaf is scored, in words."""
    return pick(METHODS, method, lang)


def scorecard_sheet(book: Book, ws, card: Scorecard) -> dict:
    """Write the scorecard on ``ws``; returns the cells the summary refers to: ``appraised``,
    ``computed``, ``self`` (sheet-qualified total cells), ``total_row``, and ``fields``: per field id
    its row (for the chart of points by field)."""
    lang, fmt = book.lang, book.fmt
    points = fmt.points
    set_widths(ws, WIDTHS)
    put(ws, 1, 1, f"{label('scorecard', lang)} — {card.agency_name} — {card.period}", style="title")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for c, title in enumerate([label("stt", lang), label("name", lang), label("max", lang), label("self", lang),
                               label("computed", lang), word("appraised", lang), label("difference", lang),
                               label("state", lang), label("reason", lang), word("basis_col", lang)], 1):
        put(ws, HEAD_ROW, c, title, style="header")
    ws.row_dimensions[HEAD_ROW].height = 32
    ws.sheet_properties.outlinePr.summaryBelow = False
    first = HEAD_ROW + 1
    row_of = {r.id: first + i for i, r in enumerate(card.rows)}
    by_id = {r.id: r for r in card.rows}
    children: dict[str, list[str]] = {}
    for r in card.rows:
        if "." in r.id:
            children.setdefault(r.id.rsplit(".", 1)[0], []).append(r.id)
    letter = {k: get_column_letter(v) for k, v in COLUMNS.items()}
    ranges: dict[tuple[float, float], list[str]] = {}

    for r in card.rows:
        n = row_of[r.id]
        depth = r.id.count(".")
        kids = children.get(r.id, [])
        style = "total" if r.level == "field" else "body"
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(row=n, column=c).style = style
        put(ws, n, COLUMNS["id"], r.id)
        name = r.name.get(lang) + (" (*)" if r.confidence.value == "model" and r.level == "field" else "")
        put(ws, n, COLUMNS["name"], name).alignment = Alignment(wrap_text=True, vertical="top", indent=depth * 2)
        put(ws, n, COLUMNS["max"], r.max_points, points)
        for key in ("computed", "appraised", "self"):
            col = COLUMNS[key]
            value = r.self_score if key == "self" else r.computed
            kids_with = [k for k in kids if by_id[k].applicable]
            if kids and r.applicable and (key != "self" or _self_sums(by_id, r.id, kids)):
                refs = ",".join(f"{letter[key]}{row_of[k]}" for k in kids_with) or "0"
                put_formula(ws, n, col, f"=SUM({refs})", points)
            elif value is not None and r.applicable:
                put(ws, n, col, value, points)
        if not kids and r.applicable:
            ws.cell(row=n, column=COLUMNS["appraised"]).fill = _INPUT_FILL
            ranges.setdefault((r.min_points, r.max_points), []).append(f"{letter['appraised']}{n}")
        if r.difference is not None:
            put_formula(ws, n, COLUMNS["difference"], f"={letter['self']}{n}-{letter['computed']}{n}", points)
        put(ws, n, COLUMNS["state"], pick(STATES, r.state.value, lang))
        put(ws, n, COLUMNS["reason"], r.reason.get(lang))
        basis = method_word(r.method, lang)
        if r.modelled_on:
            basis = (basis + "; " if basis else "") + f"{word('modelled_on', lang)}: {r.modelled_on}"
        if basis:
            put(ws, n, COLUMNS["basis"], basis)
        if r.level == "field":
            ws.cell(row=n, column=COLUMNS["appraised"]).fill = _FIELD_FILL
        if depth:
            ws.row_dimensions[n].outline_level = min(depth, 7)

    total = first + len(card.rows)
    fields = [r.id for r in card.rows if "." not in r.id]
    for c in range(1, len(COLUMNS) + 1):
        ws.cell(row=total, column=c).style = "total"
    put(ws, total, COLUMNS["name"], label("total", lang))
    put(ws, total, COLUMNS["max"], card.totals.applicable_max, points)
    for key in ("self", "computed", "appraised"):
        if key == "self" and card.totals.self_points is None:
            continue
        refs = ",".join(f"{letter[key]}{row_of[f]}" for f in fields if by_id[f].applicable) or "0"
        put_formula(ws, total, COLUMNS[key], f"=SUM({refs})", points)
    put(ws, total + 1, COLUMNS["name"], label("model_note", lang), style="note")
    put(ws, total + 2, COLUMNS["name"], word("how", lang), style="note")
    _appraised_validation(ws, ranges, lang)
    _conditional_formats(ws, letter, first, total, lang)
    fit_rows(ws, first, total + 2)
    ws.freeze_panes = ws.cell(row=first, column=COLUMNS["max"])
    print_titles(ws, HEAD_ROW)
    sheet = ws.title.replace("'", "''")
    return {"appraised": f"'{sheet}'!{letter['appraised']}{total}", "computed": f"'{sheet}'!{letter['computed']}{total}",
            "self": f"'{sheet}'!{letter['self']}{total}" if card.totals.self_points is not None else None,
            "total_row": total, "fields": {f: row_of[f] for f in fields}, "sheet": sheet, "letter": letter}


def _conditional_formats(ws, letter: dict, first: int, total: int, lang: str) -> None:
    """State colours; a difference in bold red; an appraised value unlike the computed one in blue."""
    state_range = f"{letter['state']}{first}:{letter['state']}{total - 1}"
    for state, colour in STATE_COLOURS.items():
        word_ = pick(STATES, state, lang).replace('"', '""')
        ws.conditional_formatting.add(state_range, CellIsRule(operator="equal", formula=[f'"{word_}"'],
                                                              fill=PatternFill("solid", bgColor=colour)))
    diff, appr, comp = letter["difference"], letter["appraised"], letter["computed"]
    ws.conditional_formatting.add(f"{diff}{first}:{diff}{total - 1}", FormulaRule(
        formula=[f"AND(ISNUMBER({diff}{first}),ABS({diff}{first})>0.0001)"], font=font(bold=True, color="C00000")))
    ws.conditional_formatting.add(f"{appr}{first}:{appr}{total - 1}", FormulaRule(
        formula=[f"AND(ISNUMBER({appr}{first}),ISNUMBER({comp}{first}),ABS({appr}{first}-{comp}{first})>0.0001)"],
        font=font(bold=True, color="1F4E79"), fill=PatternFill("solid", bgColor="BDD7EE")))


def _appraised_validation(ws, ranges: dict[tuple[float, float], list[str]], lang: str) -> None:
    """Each leaf's appraised cell takes only a number between its minimum and maximum points (a decimal
    data validation: text such as "1,5" stored by an English-locale Excel, or 25 on a 2-point criterion,
    is refused with a message in ``lang``; its formulas would sum text as 0)."""
    for (low, high), cells in ranges.items():
        dv = DataValidation(type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True)
        span = dict(low=Num(low), high=Num(high))
        dv.errorTitle = M("Appraised points").get(lang)[:32]
        dv.error = M("Type a number of points from {low} to {high} (a decimal such as {example}), not text",
                     example=Num(high - 0.5 if high >= 1 else high / 2 or 0.5), **span).get(lang)[:225]
        dv.promptTitle = dv.errorTitle
        dv.prompt = M("The appraised points of this criterion: from {low} to {high}", **span).get(lang)[:255]
        for ref in cells:
            dv.add(ref)
        ws.add_data_validation(dv)


def _self_sums(by_id: dict, node_id: str, kids: list[str]) -> bool:
    """True when the parent's self score is the sum of its children's (so a SUM formula shows it)."""
    parent = by_id[node_id].self_score
    if parent is None:
        return False
    values = [by_id[k].self_score for k in kids if by_id[k].applicable]
    return abs(sum(v for v in values if v is not None) - parent) < 1e-9 and any(v is not None for v in values)


def field_maxima(card: Scorecard) -> dict[str, float]:
    """Field id → its applicable maximum (the applicable leaves under it), in points."""
    parents = {r.id.rsplit(".", 1)[0] for r in card.rows if "." in r.id}
    out: dict[str, float] = {}
    for r in card.rows:
        if r.applicable and r.id not in parents and "." in r.id:
            field = r.id.split(".", 1)[0]
            out[field] = out.get(field, 0.0) + r.max_points
    for r in card.rows:
        if "." not in r.id and r.id not in parents and r.applicable:
            out[r.id] = r.max_points  # a field without children
    return out
