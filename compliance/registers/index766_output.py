"""Output of ``compliance dossiers index766``: terminal table, Markdown and XLSX (labels vi by default, en).

Every score is shown with what the scorecard shows for a criterion: its counts (numerator and
denominator, with what each counts), the rate, the points rule and threshold, the zero-denominator
rule, the points, the confidence and the sources; every indicator that is not computed is listed with
why. The workbook goes through the product's one writer (:mod:`compliance.io.workbook`), atomically.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from compliance.report.tables import tabulate

from compliance.i18n import M, MC, count, number
from compliance.vocab import round_half_up
from compliance.registers.index766 import IndexResult, UnitResult, formula_text
from compliance.registers.notice import notice_text, period_label
from compliance.io.workbook import Book, cell, write_table
from compliance.model.rules import legal_date
from compliance.i18n.words import CONFIDENCES, pick
from compliance.report.text import _md  # Markdown cells: "|" escaped, no line breaks (one place for it)

_W = {
    "title": M("Service index for citizens and businesses"),
    "period": MC("index766", "Period"),
    "province": MC("index766", "Province"),
    "agency": M("Agency"),
    "ind": M("Indicator"),
    "num": M("Numerator"),
    "den": M("Denominator"),
    "rate": M("Rate (%)"),
    "thr": M("Threshold (%)"),
    "points": M("Points"),
    "max": MC("registers", "Max"),
    "conf": MC("registers", "Confidence"),
    "why": MC("index766", "Explanation"),
    "total": MC("index766", "Total"),
    "of": M("out of"),
    "computable": M("points computable"),
    "full": M("full index"),
    "not_computed": M("Indicators a register and a catalogue cannot give"),
    "reason": M("Why"),
    "by_agency": M("By resolving agency"),
    "notes": M("Notes"),
    "sources": M("Sources"),
    "rule": M("Points rule"),
    "zero": M("Zero denominator"),
    "approx": M("Differs from the portal's data"),
    "details": M("Each indicator explained"),
}
STATE = {"scored": ("đã tính", "scored"), "zero": ("mẫu số 0", "zero denominator"),
         "not_applicable": ("không xét", "not applicable"), "province_only": ("chỉ toàn tỉnh", "province only"),
         "missing": ("thiếu cột", "missing column"), "not_in_catalogue": ("không có trong danh mục", "not in the catalogue")}
ZERO = {"zero": ("0 điểm", "0 points"), "full": ("đủ điểm", "full points"),
        "not_applicable": ("không xét", "not applicable")}


def w(key: str, lang: str) -> str:
    return _W[key].get(lang)


def _pick(pair, lang: str) -> str:
    """A catalogue message, or a (vi, en) pair the index file gives, in ``lang``."""
    if hasattr(pair, "get"):
        return pair.get(lang)
    return pair[1] if lang == "en" else pair[0]


def _n(value, lang: str) -> str:
    if value is None:
        return "–"
    return count(value, lang) if isinstance(value, int) else number(round_half_up(value, 2), lang)


def _rate(value: float, lang: str) -> str:
    return number(value, lang, 2)


def _unit_name(unit: UnitResult, lang: str) -> str:
    return unit.unit or w("province", lang)


def header(result: IndexResult, lang: str) -> list[str]:
    ix = result.index
    issued = legal_date(ix.issued)
    decision = M("Decision {decision} of {issued}", decision=ix.decision, issued=issued).get(lang)
    return [f"{w('title', lang)} ({decision}) · "
            f"{w('period', lang)} {result.period.show(lang)} ({period_label(result.period.label, lang)})",
            ix.version_note.get(lang), ix.disclaimer.get(lang)]


def score_rows(result: IndexResult, unit: UnitResult, lang: str) -> list[list]:
    """One row per indicator with a formula: counts, rate, threshold, points, confidence, explanation."""
    rows = []
    for s in unit.scores:
        ind = next(i for i in result.index.indicators if i.id == s.indicator)
        points = _n(s.points, lang) if s.counted else _pick(STATE[s.state], lang)
        rate = "–" if s.rate is None else _rate(s.rate, lang)
        rows.append([ind.id, ind.name.get(lang), _n(s.numerator, lang), _n(s.denominator, lang), rate,
                     _n(ind.formula.threshold, lang), points, _n(s.max_points, lang), pick(CONFIDENCES, ind.confidence, lang),
                     _pick(s.reason, lang)])
    return rows


def score_headers(lang: str) -> list[str]:
    return ["ID"] + [w(k, lang) for k in ("ind", "num", "den", "rate", "thr", "points", "max", "conf", "why")]


def agency_rows(result: IndexResult, lang: str) -> list[list]:
    rows = []
    for unit in [result.province, *result.agencies]:
        groups = [_n(unit.group_points(result.index, g.id)[0], lang) for g in result.index.groups]  # "–": none counted
        rows.append([_unit_name(unit, lang), *groups, _n(unit.total, lang), _n(unit.max_points, lang)])
    return rows


def agency_headers(result: IndexResult, lang: str) -> list[str]:
    return [w("agency", lang), *[f"{g.id}. {g.name.get(lang)} (/{_n(g.max_points, lang)})" for g in result.index.groups],
            w("total", lang), w("max", lang)]


def not_computed_rows(result: IndexResult, lang: str) -> list[list]:
    rows = []
    for ind in result.index.indicators:
        if ind.id in result.not_computed:
            rows.append([ind.id, ind.name.get(lang), _n(ind.max_points, lang), pick(CONFIDENCES, ind.confidence, lang),
                         _pick(result.not_computed[ind.id], lang)])
    return rows


def explanation_lines(result: IndexResult, unit: UnitResult, lang: str) -> list[str]:
    """Per indicator: its counts with their meaning, the points rule, zero rule, confidence, sources."""
    out = []
    for s in unit.scores:
        ind = next(i for i in result.index.indicators if i.id == s.indicator)
        f = ind.formula
        pts = f"{_n(s.points, lang)} / {_n(s.max_points, lang)}" if s.counted else _pick(STATE[s.state], lang)
        out.append(f"{ind.id} {ind.name.get(lang)}: {pts} [{pick(CONFIDENCES, ind.confidence, lang)}]")
        if s.state in ("scored", "zero", "not_applicable"):
            out.append(f"    {w('den', lang)} = {_n(s.counts.get('den'), lang)}: {f.denominator_label.get(lang)}")
            if f.kind == "rate":
                out.append(f"    {w('num', lang)} = {_n(s.counts.get('num'), lang)}: {f.numerator_label.get(lang)}")
            else:
                out.append(f"    {w('num', lang)}: {f.numerator_label.get(lang)}")
                out.extend(f"      − {_n(s.counts.get(f'sub{j}'), lang)}: {label.get(lang)}"
                           for j, label in enumerate(f.subtract_labels))
        out.append(f"    {_pick(s.reason, lang)}")
        out.append(f"    {w('rule', lang)}: {formula_text(ind, lang)}; {w('zero', lang)}: {_pick(ZERO[f.when_zero], lang)}")
        out.append(f"    {w('conf', lang)}: {pick(CONFIDENCES, ind.confidence, lang)} — {ind.confidence_note.get(lang)}")
        if ind.approximation:
            out.append(f"    {w('approx', lang)}: {ind.approximation.get(lang)}")
        out.append(f"    {w('sources', lang)}: " + ", ".join(ind.sources))
    return out


def source_lines(result: IndexResult, lang: str) -> list[str]:
    """Each source: id, kind, citation, what was read (and where)."""
    kinds = {"decision": M("legal text"), "implementation": M("implementation"),
             "portal": M("national portal"), "press": M("press, local portals")}
    return [f"{s.id} ({_pick(kinds[s.kind], lang)}): {s.cite}" + (f" <{s.url}>" if s.url else "") + f" — {s.read}"
            for s in result.index.sources]


def render(result: IndexResult, lang: str = "vi", fmt: str = "table") -> str:
    """The report: header, the province's scores, the agencies' group points, each indicator of the
    province explained, the indicators not computed and the notes. ``fmt``: table or markdown (which
    also explains each agency's scores)."""
    md = fmt == "markdown"
    tf = "pipe" if md else "simple"
    cells = _md if md else (lambda rows: rows)
    h = "## " if md else ""
    p = result.province
    out = [_pick(result.empty_message, lang)] if result.empty_message else []  # first: every table below is empty
    out += [("\n\n" if md else "\n").join(("# " if md else "") + line if i == 0 else line
                                           for i, line in enumerate(header(result, lang)))]
    out.append(f"{h}{w('province', lang)}: {_n(p.total, lang)} {w('of', lang)} {_n(p.max_points, lang)} "
               f"{w('computable', lang)} ({w('full', lang)}: {_n(result.index.total_points, lang)})")
    wrap = {} if md else {"maxcolwidths": [None, 34, None, None, None, None, None, None, None, 50]}
    out.append(tabulate(cells(score_rows(result, p, lang)), headers=score_headers(lang), tablefmt=tf,
                        disable_numparse=True, **wrap))
    if result.agencies:
        out.append(h + w("by_agency", lang) + "\n" + tabulate(cells(agency_rows(result, lang)), headers=agency_headers(result, lang),
                                                         tablefmt=tf, disable_numparse=True,
                                                         **({} if md else {"maxheadercolwidths": 14, "maxcolwidths": 40})))
    units = [p, *result.agencies] if md else [p]
    for unit in units:
        lines = explanation_lines(result, unit, lang)
        title = f"{h}{w('details', lang)} — {_unit_name(unit, lang)}"
        out.append(title + "\n" + ("\n".join(f"- {x.strip()}" if not x.startswith("    ") else f"    - {x.strip()}" for x in lines)
                                    if md else "\n".join(lines)))
    nc = not_computed_rows(result, lang)
    if nc:
        out.append(h + w("not_computed", lang) + "\n" + tabulate(
            cells(nc), headers=["ID", w("ind", lang), w("max", lang), w("conf", lang), w("reason", lang)],
            tablefmt=tf, disable_numparse=True, **({} if md else {"maxcolwidths": [None, 40, None, None, 70]})))
    out.append(h + w("sources", lang) + "\n" + "\n".join(f"- {line}" for line in source_lines(result, lang)))
    if result.notices:
        out.append(h + w("notes", lang) + "\n" + "\n".join(f"- {notice_text(n, lang)}" for n in result.notices))
    return "\n\n".join(out) + "\n"


def write_workbook(result: IndexResult, path: Path, lang: str = "vi") -> None:
    """Sheets: the agencies' group points (after the empty-period message when no dossier falls in the
    period, and followed by the notes), every score explained (one row per unit and indicator), the
    indicators not computed, the indicator set (rules, confidence, sources). Written through the
    product's one writer (text stays text; print setup; language number formats), atomically."""
    head = header(result, lang)
    book = Book(lang, header=(w("title", lang), f"{w('period', lang)} {result.period.show(lang)}"))
    fmt = book.fmt
    ws = book.sheet(w("by_agency", lang))
    groups = agency_headers(result, lang)
    if result.empty_message:  # first, as in the text: every figure below is over no dossier
        ws.append([cell(ws, _pick(result.empty_message, lang), style="warning")])
        ws.merged_cells.add(f"A1:{get_column_letter(len(groups))}1")
    write_table(book, ws, groups, [[_unit_name(unit, lang), *[unit.group_points(result.index, g.id)[0]
                                                              for g in result.index.groups], unit.total, unit.max_points]
                                   for unit in [result.province, *result.agencies]],
                [40] + [11] * (len(groups) - 1), lines=[head[0], head[2]], start=2 if result.empty_message else 1)
    if result.notices:  # what was assumed or left out, under the table it concerns
        ws.append([])
        ws.append([cell(ws, w("notes", lang), style="header")])
        for n in result.notices:
            ws.append([cell(ws, notice_text(n, lang), style="note")])
    ws = book.sheet(w("details", lang))
    rows = []
    for unit in [result.province, *result.agencies]:
        for s in unit.scores:
            ind = next(i for i in result.index.indicators if i.id == s.indicator)
            rows.append([_unit_name(unit, lang), ind.id, ind.name.get(lang), s.numerator, s.denominator, s.rate,
                         ind.formula.threshold, s.points, s.max_points, _pick(STATE[s.state], lang), pick(CONFIDENCES, ind.confidence, lang),
                         _pick(s.reason, lang)])
    write_table(book, ws, [w("agency", lang), "ID", w("ind", lang), w("num", lang), w("den", lang), w("rate", lang),
                           w("thr", lang), w("points", lang), w("max", lang), "state", w("conf", lang), w("why", lang)],
                rows, [26, 7, 36, 9, 9, 9, 9, 8, 7, 12, 10, 50], lines=[w("details", lang)], freeze_col=3,
                formats=[None] * 3 + [fmt.count, fmt.count, fmt.points, fmt.points], filters=True)
    ws = book.sheet(w("not_computed", lang))
    write_table(book, ws, ["ID", w("ind", lang), w("max", lang), w("conf", lang), w("reason", lang)],
                [row[:2] + [next(i.max_points for i in result.index.indicators if i.id == row[0])] + row[3:]
                 for row in not_computed_rows(result, lang)], [8, 44, 8, 12, 70], lines=[w("not_computed", lang)])
    ws = book.sheet(w("sources", lang))
    write_table(book, ws, ["ID", w("ind", lang), w("max", lang), w("rule", lang), w("zero", lang), w("conf", lang),
                           w("why", lang), w("approx", lang), w("sources", lang)],
                [[ind.id, ind.name.get(lang), ind.max_points, formula_text(ind, lang) if ind.formula else None,
                  _pick(ZERO[ind.formula.when_zero], lang) if ind.formula else None, pick(CONFIDENCES, ind.confidence, lang),
                  ind.confidence_note.get(lang), ind.approximation.get(lang) if ind.approximation else None,
                  "; ".join(result.index.source(s).cite for s in ind.sources)] for ind in result.index.indicators],
                [7, 32, 7, 34, 12, 10, 34, 26, 40], lines=[w("sources", lang)])
    book.save(path)
