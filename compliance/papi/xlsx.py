"""Excel workbooks for ``papi score`` and ``papi profile`` (openpyxl; native charts, no images).

Score workbook: per year a ranking sheet (with a bar chart of the aggregate ranking), a dimension sheet
(score, rank, group per dimension) and a sub-dimension sheet; a notes sheet (formula, group rule,
excluded provinces, assumptions). Profile workbook: the profile table, a radar chart of the province's
dimensions against the national median and best, the aggregate ranking with a bar chart (the province's
bar highlighted), the gaps, the plan tasks and the notes. Scores are written at full precision with a
4-decimal display format. Files are written atomically (no half-written workbook on failure).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from compliance.io.files import atomic_write
from compliance.papi.labels import group_label, t
from compliance.papi.provinces import province_label
from compliance.papi.report import _change_text, _measure_name, profile_sections, year_notes
from compliance.papi.scores import AGGREGATE, ScoreSet, YearScores

NUM = "0.0000"
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
HIGHLIGHT = "C00000"


def _sheet(wb: Workbook, title: str):
    bad = '[]:*?/\\'
    title = "".join("-" if c in bad else c for c in title)[:31]
    if wb.worksheets and wb.worksheets[0].max_row == 1 and wb.worksheets[0].title == "Sheet":
        ws = wb.worksheets[0]
        ws.title = title
        return ws
    return wb.create_sheet(title)


def _table(ws, headers: list[str], rows: list[list], start_row: int = 1, widths: dict[int, int] | None = None) -> None:
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=start_row, column=j, value=h)
        c.font, c.fill = HEAD_FONT, HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=start_row + 1):
        for j, v in enumerate(row, start=1):
            c = ws.cell(row=i, column=j, value=v)
            if isinstance(v, float):
                c.number_format = NUM
            elif isinstance(v, str) and len(v) > 40:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    for j in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = (widths or {}).get(j, 14)


def _notes(ws, lines: list[str]) -> None:
    ws.column_dimensions["A"].width = 140
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")


def _ranking_sheet(wb: Workbook, ys: YearScores, lang: str, highlight: str | None = None) -> None:
    ws = _sheet(wb, f"{t('ranking_title', lang)[:18]} {ys.year}")
    agg = ys.placements[AGGREGATE]
    order = sorted(agg, key=lambda p: (agg[p].rank, p))
    dims = ys.structure.dimensions
    headers = [t("rank", lang), t("province", lang), "slug", t("aggregate", lang), t("group", lang)] + \
              [f"{t('dim_short', lang)}{d.number} {d.label(lang)}" for d in dims]
    rows = [[agg[p].rank, province_label(p, lang), p, agg[p].score, group_label(agg[p].group, lang)]
            + [ys.provinces[p].dimensions[d.key] for d in dims] for p in order]
    _table(ws, headers, rows, widths={2: 20, 5: 16})
    n = len(rows)
    if n:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"{t('ranking_title', lang)} {ys.year}"
        chart.y_axis.title = t("aggregate", lang)
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
        data = Reference(ws, min_col=4, min_row=1, max_row=n + 1)
        cats = Reference(ws, min_col=2, min_row=2, max_row=n + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.legend = None
        chart.x_axis.delete = False  # recent Excel hides openpyxl axes unless told otherwise
        chart.y_axis.delete = False
        chart.y_axis.number_format = "0"
        chart.height, chart.width = max(8.0, 0.45 * n), 18.0
        lo = ys.structure.aggregate_range[0]
        chart.y_axis.scaling.min = max(lo, int(min(r[3] for r in rows)) - 1)
        if highlight is not None and highlight in order:
            pt = DataPoint(idx=order.index(highlight))
            pt.graphicalProperties.solidFill = HIGHLIGHT
            chart.series[0].dPt.append(pt)
        ws.add_chart(chart, f"{get_column_letter(len(headers) + 2)}2")


def _dimension_sheets(wb: Workbook, ys: YearScores, lang: str) -> None:
    agg = ys.placements[AGGREGATE]
    order = sorted(agg, key=lambda p: (agg[p].rank, p))
    for level, title, items in (
        ("dimension", f"{t('dimension', lang)} {ys.year}", [(d.key, f"{d.number} {d.label(lang)}") for d in ys.structure.dimensions]),
        ("subdimension", f"{t('subdimension', lang)[:20]} {ys.year}",
         [(s.key, f"{s.number} {s.label(lang)}") for d in ys.structure.dimensions for s in d.subdimensions]),
    ):
        ws = _sheet(wb, title)
        headers = [t("province", lang), "slug"]
        for _, name in items:
            headers += [f"{name}: {t('score', lang)}", t("rank", lang), t("group", lang)]
        rows = []
        for p in order:
            row = [province_label(p, lang), p]
            for key, _ in items:
                pl = ys.placements[key][p]
                row += [pl.score, pl.rank, group_label(pl.group, lang)]
            rows.append(row)
        _table(ws, headers, rows, widths={1: 20})


def _save(wb: Workbook, path: str | Path) -> None:
    with atomic_write(path, "wb") as fh:
        wb.save(fh)


def write_score_workbook(ss: ScoreSet, path: str | Path, lang: str = "vi") -> None:
    """Workbook of ``papi score`` at ``path`` (atomic)."""
    wb = Workbook()
    notes: list[str] = []
    for year, ys in ss.years.items():
        if ys.n_ranked:
            _ranking_sheet(wb, ys, lang)
            _dimension_sheets(wb, ys, lang)
        notes.append(str(year))
        notes += [f"  {n}" for n in year_notes(ys, lang)]
    notes += [f"{t('assumption', lang)}: {a.get(lang)}" for a in ss.assumptions]
    notes += [f"{t('note', lang)}: {n.get(lang)}" for n in ss.notes]
    _notes(_sheet(wb, t("note", lang)), notes)
    _save(wb, path)


def write_profile_workbook(prof, path: str | Path, lang: str = "vi") -> None:
    """Workbook of ``papi profile`` at ``path`` (atomic), with the radar and ranking charts."""
    wb = Workbook()
    ys = prof.year_scores
    name = province_label(prof.province, lang)
    # profile table
    ws = _sheet(wb, f"{t('profile_title', lang)} {prof.year}")
    headers = [t("dimension", lang) + " / " + t("subdimension", lang).lower(), t("score", lang), t("rank", lang),
               "n", t("group", lang), t("median", lang), t("best", lang), t("best_province", lang), t("change", lang)]
    rows = []
    for r in prof.rows:
        change = r.change if r.change is not None else _change_text(prof, r, lang)
        rows.append([_measure_name(prof, r, lang), r.score, r.rank, r.n, group_label(r.group, lang), r.median, r.best,
                     ", ".join(province_label(p, lang) for p in r.best_provinces), change])
    _table(ws, [f"{name} {prof.year}"] + headers[1:], rows, widths={1: 55, 8: 20, 9: 22})
    # radar
    ws = _sheet(wb, "Radar")
    dims = prof.structure.dimensions
    rrows = [[f"{d.number}. {d.label(lang)}", prof.row(d.key).score, prof.row(d.key).median, prof.row(d.key).best]
             for d in dims]
    _table(ws, [t("dimension", lang), name, t("median", lang), t("best", lang)], rrows, widths={1: 50})
    radar = RadarChart()
    radar.type = "marker"
    radar.style = 26
    radar.title = f"{name} {prof.year}: {t('dimension', lang).lower()} — {t('median', lang).lower()}, {t('best', lang).lower()}"
    radar.add_data(Reference(ws, min_col=2, max_col=4, min_row=1, max_row=len(dims) + 1), titles_from_data=True)
    radar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(dims) + 1))
    radar.y_axis.scaling.min = 0
    radar.y_axis.scaling.max = 10
    radar.y_axis.delete = False
    radar.x_axis.delete = False
    radar.height, radar.width = 12.0, 18.0
    ws.add_chart(radar, "F2")
    # ranking with bar chart
    _ranking_sheet(wb, ys, lang, highlight=prof.province)
    # gaps, plan, notes: the same text as the terminal views
    sections = profile_sections(prof, lang)
    gaps = next(s for s in sections if s.title == t("gaps", lang))
    _notes(_sheet(wb, t("gaps", lang)), gaps.notes)
    if prof.plan is not None:
        plan = sections[-1]
        ws = _sheet(wb, t("plan", lang))
        _table(ws, plan.headers, plan.rows, widths={2: 30, 3: 60, 4: 60, 6: 40})
        base = len(plan.rows) + 3
        for i, line in enumerate(plan.notes):
            ws.cell(row=base + i, column=1, value=line)
    _notes(_sheet(wb, t("note", lang)), sections[0].notes)
    _save(wb, path)
