"""The council workbook's comparison and charts (written through :mod:`compliance.io.workbook`).

- :func:`field_comparison_sheet`: one row per agency (in ranking order) with its index and, per field
  (lĩnh vực), the share of the field's applicable maximum it obtained in final points (%); below it, per
  field, the round's average, highest and lowest share. Final points of a field over the field's
  applicable maximum (its applicable, non-waived sub-criteria) × 100; survey fields count like the others.
- :func:`ranking_chart` and :func:`field_chart`: native bar charts over those tables, for the charts sheet.
"""

from __future__ import annotations

from compliance.i18n import M
from compliance.io.workbook import Book, Table, write_table
from compliance.io.workbook_layout import bar_chart
from compliance.round.model import RoundResult
from compliance.round.text import t

CHART_AGENCIES = 60
"""Agencies drawn in the ranking chart at most (the first in the ranking)."""

_W = {
    "comparison": M("Comparison by field"),
    "comparison_title": M("Share of each field's applicable maximum obtained (%)"),
    "field": M("Field"),
    "average": M("Average"),
    "highest": M("Highest"),
    "lowest": M("Lowest"),
    "ranking_chart": M("Reform index by agency (in ranking order, within each criteria edition)"),
    "field_chart": M("Share obtained by field: the round's average, highest and lowest"),
    "first_n": M(" — the first {n} agencies"),
}


def w(key: str, lang: str) -> str:
    return _W[key].get(lang)


def field_shares(agency) -> dict[str, float | None]:
    """Field id → final points over the field's applicable maximum × 100 (None when nothing applies)."""
    leaves: dict[str, list] = {r.id: [] for r in agency.rows if r.level == "field"}
    for r in agency.rows:  # one pass: a leaf counts in each field its id begins with ("3" for "3.3.1")
        if r.leaf and r.applicable and r.state.value != "waived":
            for dot in (i for i, ch in enumerate(r.id) if ch == "."):
                if r.id[:dot] in leaves:
                    leaves[r.id[:dot]].append(r)
    out: dict[str, float | None] = {}
    for field_id, rows in leaves.items():
        maximum = sum(r.max_points for r in rows)
        points = sum(r.final or 0 for r in rows)
        out[field_id] = round(points / maximum * 100, 2) if maximum else None
    return out


def _fields(result: RoundResult, lang: str) -> list[tuple[str, str]]:
    """(field id, "id. name") in the order first met across the round's agencies."""
    seen: dict[str, str] = {}
    for a in result.agencies:
        for r in a.rows:
            if r.level == "field" and r.id not in seen:
                seen[r.id] = f"{r.id}. {r.name.get(lang)}"
    return list(seen.items())


def field_comparison_sheet(book: Book, result: RoundResult) -> tuple[object, Table, int, int] | None:
    """Write the comparison sheet: a row per agency, then the round's average, highest and lowest
    (index and each field). Returns (sheet, table, row of the average, number of fields), None
    without agencies."""
    lang, fmt = book.lang, book.fmt
    fields = _fields(result, lang)
    if not result.agencies or not fields:
        return None
    ws = book.sheet(w("comparison", lang))
    rows = []
    for a in result.agencies:
        shares = field_shares(a)
        rows.append([a.rank, a.agency_code, a.agency_name, a.totals.index_percent] + [shares.get(f) for f, _ in fields])
    stats = {"average": lambda v: round(sum(v) / len(v), 2), "highest": max, "lowest": min}
    footer = []
    for key, how in stats.items():
        columns = [[r[c] for r in rows if r[c] is not None] for c in range(3, 4 + len(fields))]
        footer.append([None, None, w(key, lang)] + [how(v) if v else None for v in columns])
    headers = [t("rank", lang), t("code", lang), t("agency", lang), t("index", lang)] + [name for _, name in fields]
    widths = [6, 11, 30, 9] + [13] * len(fields)
    formats = [None, None, None, fmt.percent_points] + [fmt.percent_points] * len(fields)
    table = write_table(book, ws, headers, rows + footer, widths, formats, lines=[w("comparison_title", lang)],
                        freeze_col=4, styles=[None] * len(rows) + ["total"] * len(footer))
    _colour_scale(ws, Table(table.header_row, table.first, table.first + len(rows) - 1), len(fields))
    return ws, table, table.first + len(rows), len(fields)


def _colour_scale(ws, table: Table, n_fields: int) -> None:
    """Red (0 %) to yellow to green (100 %) behind the field shares."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    if table.last < table.first:
        return
    ref = f"E{table.first}:{get_column_letter(4 + n_fields)}{table.last}"
    ws.conditional_formatting.add(ref, ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                                                      mid_type="num", mid_value=70, mid_color="FFEB84",
                                                      end_type="num", end_value=100, end_color="63BE7B"))


def ranking_chart(book: Book, ranking_ws, table: Table, n: int):
    """Bar chart of the index by agency, in ranking order (at most :data:`CHART_AGENCIES`)."""
    lang = book.lang
    shown = min(n, CHART_AGENCIES)
    title = w("ranking_chart", lang) + (w("first_n", lang).format(n=shown) if n > shown else "")
    return bar_chart(ranking_ws, categories=(4, table.first, table.first + shown - 1), series=[12],
                     titles=table.header_row, title=title, horizontal=True, value_title=t("index", lang),
                     number_format="0", value_min=0, value_max=100, width=25.0)


def field_chart(book: Book, ws, table: Table, average_row: int, n_fields: int):
    """Clustered bars per field: the round's average, highest and lowest share of the field's maximum."""
    return bar_chart(ws, categories=(table.header_row, 5, 4 + n_fields), series=[average_row, average_row + 1,
                                                                                 average_row + 2],
                     titles=3, by_rows=True, title=w("field_chart", book.lang), horizontal=True,
                     number_format="0", value_min=0, value_max=100, width=25.0)
