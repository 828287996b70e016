"""Excel workbooks for ``papi score`` and ``papi profile``, through the product's one writer
(:mod:`compliance.io.workbook`; native charts, no images).

Score workbook: per year a ranking sheet (with a bar chart of the aggregate ranking), a dimension sheet
and a sub-dimension sheet (one row per measure and province: score, rank, group; long tables print
legibly); a notes sheet (formula, group rule,
excluded provinces, assumptions). Profile workbook: the profile table; the province's dimensions
against the national median and best, with a bar chart; the aggregate ranking with a bar chart (the
province's bar highlighted); the gaps, the plan tasks and the notes. Each table has its title above
it; scores are written at full precision with a 4-decimal display format in the output language
(5,4293 / 5.4293). Files are written atomically (no half-written workbook on failure).
"""

from __future__ import annotations

from pathlib import Path

from compliance.io.workbook import Book, cell, write_table
from compliance.io.workbook_layout import bar_chart, row_height
from compliance.papi.labels import group_label, t
from compliance.papi.provinces import province_label
from compliance.papi.report import _change_text, _measure_name, profile_sections, year_notes
from compliance.papi.scores import AGGREGATE, ScoreSet, YearScores

CHARTS = ("Biểu đồ", "Charts")
NOTES_WIDTH = 92
"""Width of a notes sheet's one column: a portrait A4 page's printable width."""


def _formats(book: Book, rows: list[list]) -> list:
    """Per column: the 4-decimal format where the column holds scores (floats), else None."""
    width = max((len(r) for r in rows), default=0)
    return [book.fmt.decimals(4) if any(isinstance(r[c], float) for r in rows if c < len(r)) else None
            for c in range(width)]


def _notes(book: Book, title: str, lines: list[str]) -> None:
    ws = book.sheet(title, landscape=False)
    ws.column_dimensions["A"].width = NOTES_WIDTH
    ws.append([cell(ws, title, style="title")])
    for n, line in enumerate(lines, 2):
        height = row_height([line], [NOTES_WIDTH])
        if height:
            ws.row_dimensions[n].height = height
        ws.append([cell(ws, line, style="body")])


def _ranking_sheet(book: Book, ys: YearScores, highlight: str | None = None):
    """The aggregate ranking of ``ys``; returns its bar chart (None without ranked provinces)."""
    lang = book.lang
    ws = book.sheet(f"{t('ranking_title', lang)[:18]} {ys.year}")
    agg = ys.placements[AGGREGATE]
    order = sorted(agg, key=lambda p: (agg[p].rank, p))
    dims = ys.structure.dimensions
    headers = [t("rank", lang), t("province", lang), "slug", t("aggregate", lang), t("group", lang)] + \
              [f"{t('dim_short', lang)}{d.number} {d.label(lang)}" for d in dims]
    rows = [[agg[p].rank, province_label(p, lang), p, agg[p].score, group_label(agg[p].group, lang)]
            + [ys.provinces[p].dimensions[d.key] for d in dims] for p in order]
    title = f"{t('ranking_title', lang)} {ys.year}"
    table = write_table(book, ws, headers, rows, [7, 20, 14, 11, 16] + [13] * len(dims), _formats(book, rows),
                        lines=[title], freeze_col=3)
    if rows:
        lo = ys.structure.aggregate_range[0]
        chart = bar_chart(ws, categories=(2, table.first, table.last), series=[4], titles=table.header_row,
                          title=title, horizontal=True, value_title=t("aggregate", lang), number_format="0",
                          highlight=order.index(highlight) if highlight in order else None,
                          value_min=max(lo, int(min(r[3] for r in rows)) - 1), width=25.0)
        return chart
    return None


def _dimension_sheets(book: Book, ys: YearScores) -> None:
    lang = book.lang
    agg = ys.placements[AGGREGATE]
    order = sorted(agg, key=lambda p: (agg[p].rank, p))
    for level, title, items in (
        ("dimension", f"{t('dimension', lang)} {ys.year}", [(d.key, f"{d.number} {d.label(lang)}") for d in ys.structure.dimensions]),
        ("subdimension", f"{t('subdimension', lang)[:20]} {ys.year}",
         [(s.key, f"{s.number} {s.label(lang)}") for d in ys.structure.dimensions for s in d.subdimensions]),
    ):
        ws = book.sheet(title, landscape=False)
        # one row per measure and province (ranking order): a long table prints legibly and filters
        rows = []
        for key, name in items:
            placements = ys.placements[key]
            for p in sorted(order, key=lambda p: (placements[p].rank, p)):
                pl = placements[p]
                rows.append([name, province_label(p, lang), p, pl.score, pl.rank, group_label(pl.group, lang)])
        write_table(book, ws, [t(level, lang), t("province", lang), "slug", t("score", lang), t("rank", lang),
                               t("group", lang)], rows, [46, 20, 14, 11, 7, 16], _formats(book, rows),
                    lines=[title], filters=True, freeze_col=3)


def write_score_workbook(ss: ScoreSet, path: str | Path, lang: str = "vi") -> None:
    """Workbook of ``papi score`` at ``path`` (atomic)."""
    years = ", ".join(str(y) for y in ss.years)
    book = Book(lang, header=("PAPI", years))
    notes: list[str] = []
    charts = []
    for year, ys in ss.years.items():
        if ys.n_ranked:
            charts.append(_ranking_sheet(book, ys))
            _dimension_sheets(book, ys)
        notes.append(str(year))
        notes += [f"  {n}" for n in year_notes(ys, lang)]
    notes += [f"{t('assumption', lang)}: {a.get(lang)}" for a in ss.assumptions]
    notes += [f"{t('note', lang)}: {n.get(lang)}" for n in ss.notes]
    _notes(book, t("note", lang), notes)
    if charts:
        book.chart_sheet(CHARTS[lang == "en"], charts)
    book.save(path)


def write_profile_workbook(prof, path: str | Path, lang: str = "vi") -> None:
    """Workbook of ``papi profile`` at ``path`` (atomic), with the median and ranking charts."""
    ys = prof.year_scores
    name = province_label(prof.province, lang)
    book = Book(lang, header=(f"PAPI — {name}", str(prof.year)))
    # profile table
    title = f"{t('profile_title', lang)} {prof.year}"
    ws = book.sheet(title)
    headers = [t("dimension", lang) + " / " + t("subdimension", lang).lower(), t("score", lang), t("rank", lang),
               "n", t("group", lang), t("median", lang), t("best", lang), t("best_province", lang), t("change", lang)]
    rows = []
    for r in prof.rows:
        change = r.change if r.change is not None else _change_text(prof, r, lang)
        rows.append([_measure_name(prof, r, lang), r.score, r.rank, r.n, group_label(r.group, lang), r.median, r.best,
                     ", ".join(province_label(p, lang) for p in r.best_provinces), change])
    write_table(book, ws, [f"{name} {prof.year}"] + headers[1:], rows, [55, 10, 7, 6, 16, 12, 12, 20, 22],
                _formats(book, rows), lines=[f"{title} — {name}"], freeze_col=2)
    # the dimensions against the national median (and best), with a bar chart
    against = f"{t('dimension', lang)} — {t('median', lang).lower()}"
    ws = book.sheet(against)
    dims = prof.structure.dimensions
    rows = [[f"{d.number}. {d.label(lang)}", prof.row(d.key).score, prof.row(d.key).median, prof.row(d.key).best]
            for d in dims]
    chart_title = f"{name} {prof.year}: {t('dimension', lang).lower()} — {t('median', lang).lower()}, {t('best', lang).lower()}"
    table = write_table(book, ws, [t("dimension", lang), name, t("median", lang), t("best", lang)], rows,
                        [50, 14, 14, 14], _formats(book, rows), lines=[chart_title])
    median = bar_chart(ws, categories=(1, table.first, table.last), series=[2, 3, 4], titles=table.header_row,
                       title=chart_title, horizontal=True, number_format="0", value_min=0, value_max=10, width=25.0)
    # ranking with bar chart
    ranking = _ranking_sheet(book, ys, highlight=prof.province)
    # gaps, plan, notes: the same text as the terminal views
    sections = profile_sections(prof, lang)
    gaps = next(s for s in sections if s.title == t("gaps", lang))
    _notes(book, t("gaps", lang), gaps.notes)
    if prof.plan is not None:
        plan = sections[-1]
        ws = book.sheet(t("plan", lang))
        write_table(book, ws, plan.headers, plan.rows, [8, 30, 60, 60, 14, 40][:len(plan.headers)]
                    + [14] * max(0, len(plan.headers) - 6), lines=[t("plan", lang)])
        if plan.notes:
            ws.append([])
        for line in plan.notes:
            ws.append([cell(ws, line, style="note")])
    _notes(book, t("note", lang), sections[0].notes)
    book.chart_sheet(CHARTS[lang == "en"], [c for c in (median, ranking) if c is not None])
    book.save(path)
