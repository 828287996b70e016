"""Rendering PAPI results: terminal table (tabulate), Markdown and stable JSON.

A view is a list of :class:`Section` (title, header, rows, notes); table and Markdown differ only in the
tabulate format. JSON is built from the results directly (sorted keys, scores rounded to 6 decimals).
Tables show 4 decimals; JSON and Excel keep 6.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tabulate import tabulate

from compliance.papi.labels import group_label, t
from compliance.papi.provinces import province_label
from compliance.papi.scores import AGGREGATE, GROUP_RULE, GROUPS, ScoreSet, YearScores, group_sizes

SHOW_DECIMALS = 4


@dataclass
class Section:
    """One printed block: ``title``, ``headers`` + ``rows`` (may be empty), ``notes`` printed below."""

    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fmt(x: float | None, decimals: int = SHOW_DECIMALS) -> str:
    return "" if x is None else f"{x:.{decimals}f}"


def render(sections: list[Section], form: str) -> str:
    """Sections → text; ``form`` 'table' (plain columns) or 'markdown' (pipe tables, # headings)."""
    out: list[str] = []
    for s in sections:
        if form == "markdown":
            out.append(f"## {s.title}\n")
        else:
            out.append(s.title)
            out.append("=" * min(len(s.title), 100))
        if s.rows:
            out.append(tabulate(s.rows, headers=s.headers, tablefmt="pipe" if form == "markdown" else "simple",
                                disable_numparse=True))
        if s.notes:
            out.append("")
            for n in s.notes:
                out.append(f"- {n}" if form == "markdown" else f"  {n}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, UTF-8 text kept, two-space indent, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def r6(x: float) -> float:
    return round(x, 6)


# -- papi score -----------------------------------------------------------------------------------

def year_notes(ys: YearScores, lang: str) -> list[str]:
    """Group rule, sizes, excluded/absent provinces, formula, and the structure used."""
    s = ys.structure
    nominal = group_sizes(ys.n_ranked) if ys.n_ranked else []
    notes = [
        f"{t('structure', lang)}: {s.id} ({s.n_dimensions} {t('dimension', lang).lower()}, {s.n_subdimensions} "
        f"{t('subdimension', lang).lower()}; {s.aggregate_range[0]:g}–{s.aggregate_range[1]:g})",
        f"{t('formula', lang)}: {t('formula_text', lang)}",
        f"{t('group_rule', lang)}: {GROUP_RULE['en' if lang == 'en' else 'vi']}",
    ]
    if ys.n_ranked:
        actual = ys.actual_group_sizes()
        text = f"{t('group_sizes', lang)} (n = {ys.n_ranked}): {'/'.join(map(str, nominal))}"
        if actual != nominal:
            text += (f"; thực tế do đồng hạng: {'/'.join(map(str, actual))}" if lang != "en"
                     else f"; actual, because of ties: {'/'.join(map(str, actual))}")
        notes.append(text)
    for p, why in sorted(ys.excluded.items()):
        notes.append(f"{t('excluded', lang)}: {province_label(p, lang)} ({p}): {why}")
    if ys.absent:
        notes.append(f"{t('absent', lang)}: " + ", ".join(f"{province_label(p, lang)} ({p})" for p in ys.absent))
    return notes


def score_sections(ss: ScoreSet, lang: str) -> list[Section]:
    """Views of ``papi score``: per year, the aggregate ranking and the per-dimension placements."""
    sections: list[Section] = []
    for year, ys in ss.years.items():
        dims = ys.structure.dimensions
        short = t("dim_short", lang)
        agg = ys.placements.get(AGGREGATE, {})
        order = sorted(agg, key=lambda p: (agg[p].rank, p))
        rows = []
        for p in order:
            pl = agg[p]
            ps = ys.provinces[p]
            rows.append([pl.rank, province_label(p, lang), fmt(pl.score), group_label(pl.group, lang)]
                        + [fmt(ps.dimensions[d.key]) for d in dims])
        headers = [t("rank", lang), t("province", lang), t("aggregate", lang), t("group", lang)] + \
                  [f"{short}{d.number}" for d in dims]
        legend = f"{t('legend', lang)}: " + "; ".join(f"{short}{d.number} = {d.label(lang)}" for d in dims)
        sections.append(Section(f"{t('ranking_title', lang)} {year}", headers, rows,
                                year_notes(ys, lang) + [legend]))
        drows = []
        for p in order:
            row = [province_label(p, lang)]
            for d in dims:
                pl = ys.placements[d.key][p]
                row.append(f"{fmt(pl.score)} ({pl.rank}, {group_label(pl.group, lang)})")
            drows.append(row)
        dheaders = [t("province", lang)] + [f"{short}{d.number}" for d in dims]
        rule = "điểm (hạng, nhóm)" if lang != "en" else "score (rank, group)"
        sections.append(Section(f"{t('dimensions_title', lang)} {year}: {rule}", dheaders, drows))
    general = [f"{t('assumption', lang)}: {a}" for a in ss.assumptions] + [f"{t('note', lang)}: {n}" for n in ss.notes]
    if general:
        sections.append(Section(t("note", lang), notes=general))
    return sections


def placement_json(pl) -> dict:
    return {"score": r6(pl.score), "rank": pl.rank, "group": pl.group}


def score_json(ss: ScoreSet) -> dict:
    """Stable JSON of ``papi score`` (keys sorted on output; provinces keyed by slug)."""
    years = []
    for year, ys in ss.years.items():
        provs = {}
        for p in ys.provinces:
            dims = {}
            for d in ys.structure.dimensions:
                entry = placement_json(ys.placements[d.key][p])
                entry["subdimensions"] = {s.key: placement_json(ys.placements[s.key][p]) for s in d.subdimensions}
                dims[d.key] = entry
            provs[p] = {"name": province_label(p, "vi"), "aggregate": placement_json(ys.placements[AGGREGATE][p]),
                        "dimensions": dims}
        years.append({
            "year": year, "structure": ys.structure.id, "n_ranked": ys.n_ranked,
            "group_rule": GROUP_RULE["en"], "group_sizes": dict(zip(GROUPS, group_sizes(ys.n_ranked))) if ys.n_ranked else {},
            "group_sizes_actual": dict(zip(GROUPS, ys.actual_group_sizes())) if ys.n_ranked else {},
            "excluded": dict(sorted(ys.excluded.items())), "absent": sorted(ys.absent),
            "medians": {m: r6(ys.median(m)) for m in ys.measures()} if ys.n_ranked else {},
            "provinces": provs,
        })
    return {"file": str(ss.path), "assumptions": ss.assumptions, "notes": ss.notes, "years": years}


# -- papi verify ----------------------------------------------------------------------------------

def verify_text(res, form: str, lang: str) -> str:
    """One line per finding (file: place: kind: arithmetic), then a summary and assumptions."""
    lines = []
    for f in res.findings:
        line = f.line(res.path)
        lines.append(f"- {line}" if form == "markdown" else line)
    c = res.checked
    if lang == "en":
        summary = (f"{len(res.findings)} finding(s); checked {c['sum']} sums, {c['range']} ranges, "
                   f"{c['rank']} ranks, {c['group']} groups")
    else:
        summary = (f"{len(res.findings)} phát hiện; đã kiểm tra {c['sum']} phép cộng, {c['range']} khoảng giá trị, "
                   f"{c['rank']} thứ hạng, {c['group']} nhóm")
    tail = [summary]
    tail += [f"{t('note', lang)}: {n}" for n in res.not_checked]
    tail += [f"{t('assumption', lang)}: {a}" for a in res.assumptions]
    if form == "markdown":
        head = [f"## {t('findings', lang)}: {res.path}", ""]
        return "\n".join(head + lines + [""] + [f"- {x}" for x in tail]) + "\n"
    return "\n".join(lines + tail) + "\n"


def verify_json(res) -> dict:
    return {
        "file": str(res.path),
        "findings": [{"kind": f.kind, "where": f.where, "year": f.year, "province": f.province,
                      "measure": f.measure, "text": f.text} for f in res.findings],
        "checked": res.checked, "not_checked": res.not_checked, "assumptions": res.assumptions,
    }
