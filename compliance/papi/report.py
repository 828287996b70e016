"""Rendering PAPI results: terminal table (tabulate), Markdown and stable JSON.

A view is a list of :class:`Section` (title, header, rows, notes); table and Markdown differ only in the
tabulate format. JSON is built from the results directly (sorted keys, scores rounded to 6 decimals).
Tables show 4 decimals; JSON and Excel keep 6.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from compliance.report.tables import tabulate

from compliance.i18n import M
from compliance.papi.labels import group_label, t
from compliance.papi.merger import list_change_note, merger_json, merger_table
from compliance.papi.provinces import province_label
from compliance.papi.scores import AGGREGATE, GROUPS, ScoreSet, YearScores, group_rule, group_sizes

SHOW_DECIMALS = 4


@dataclass
class Section:
    """One printed block: ``title``, ``headers`` + ``rows`` (may be empty), ``notes`` printed below."""

    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    maxwidths: list[int | None] | None = None


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
            widths = s.maxwidths if form != "markdown" else None
            rows = s.rows
            if form == "markdown":  # a '|' or a line break inside a cell would break the pipe table
                rows = [[str(v).replace("|", "\\|").replace("\n", " ") for v in r] for r in rows]
            out.append(tabulate(rows, headers=s.headers, tablefmt="pipe" if form == "markdown" else "simple",
                                disable_numparse=True, maxcolwidths=widths))
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
        f"{t('group_rule', lang)}: {group_rule(ys.n_ranked, lang)}",
    ]
    if ys.n_ranked:
        actual = ys.actual_group_sizes()
        text = f"{t('group_sizes', lang)} (n = {ys.n_ranked}): {'/'.join(map(str, nominal))}"
        if actual != nominal:
            text += (M("; actual, because of ties: {items}", items='/'.join(map(str, actual))).get(lang))
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
        rule = M("score (rank, group)").get(lang)
        sections.append(Section(f"{t('dimensions_title', lang)} {year}: {rule}", dheaders, drows))
    general = [f"{t('assumption', lang)}: {a.get(lang)}" for a in ss.assumptions] + \
              [f"{t('note', lang)}: {n.get(lang)}" for n in ss.notes]
    if general:
        sections.append(Section(t("note", lang), notes=general))
    return sections


def placement_json(pl) -> dict:
    return {"score": r6(pl.score), "rank": pl.rank, "group": pl.group}


def score_json(ss: ScoreSet, lang: str = "vi") -> dict:
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
            "group_rule": group_rule(ys.n_ranked, "en"), "group_sizes": dict(zip(GROUPS, group_sizes(ys.n_ranked))) if ys.n_ranked else {},
            "group_sizes_actual": dict(zip(GROUPS, ys.actual_group_sizes())) if ys.n_ranked else {},
            "excluded": dict(sorted(ys.excluded.items())), "absent": sorted(ys.absent),
            "medians": {m: r6(ys.median(m)) for m in ys.measures()} if ys.n_ranked else {},
            "provinces": provs,
        })
    return {"file": str(ss.path), "assumptions": [a.get(lang) for a in ss.assumptions],
            "notes": [n.get(lang) for n in ss.notes], "years": years}


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
    if res.not_checked:
        tail.append(f"{t('note', lang)}: " + (
            M("{n} aggregate value(s) without their dimensions, sum not checked: ", n=len(res.not_checked)).get(lang))
            + ", ".join(res.not_checked))
    tail += [f"{t('assumption', lang)}: {a.get(lang) if hasattr(a, 'get') else a}" for a in res.assumptions]
    if form == "markdown":
        head = [f"## {t('findings', lang)}: {res.path}", ""]
        return "\n".join(head + lines + [""] + [f"- {x}" for x in tail]) + "\n"
    return "\n".join(lines + tail) + "\n"


def verify_json(res, lang: str = "vi") -> dict:
    return {
        "file": str(res.path),
        "findings": [{"kind": f.kind, "where": f.where, "year": f.year, "province": f.province,
                      "measure": f.measure, "text": f.text} for f in res.findings],
        "checked": res.checked, "not_checked": res.not_checked,
        "assumptions": [a.get(lang) if hasattr(a, "get") else a for a in res.assumptions],
    }


# -- papi profile ---------------------------------------------------------------------------------

def _measure_name(prof, r, lang: str) -> str:
    s = prof.structure
    if r.level == "aggregate":
        return t("aggregate", lang)
    if r.level == "dimension":
        d = s.dimension(r.measure)
        return f"{d.number}. {d.label(lang)}"
    sub = s.subdimension(r.dimension, r.measure)
    return f"   {sub.number} {sub.label(lang)}"


def _change_text(prof, r, lang: str) -> str:
    if r.change is not None:
        return f"{r.change:+.{SHOW_DECIMALS}f}"
    if r.why_not in ("no_previous", "merged"):
        return t(r.why_not, lang)
    return t("not_comparable", lang)


def _best_text(r, lang: str) -> str:
    who = ", ".join(province_label(p, lang) for p in r.best_provinces)
    return f"{fmt(r.best)} ({who})"


def profile_sections(prof, lang: str) -> list[Section]:
    """Views of ``papi profile``: scores table, gaps, plan tasks, notes."""
    name = province_label(prof.province, lang)
    ys = prof.year_scores
    agg = prof.row(AGGREGATE)
    headers = [t("dimension", lang) + " / " + t("subdimension", lang).lower(), t("score", lang), t("rank", lang),
               t("group", lang), t("median", lang), t("best", lang), t("change", lang)]
    rows = [[_measure_name(prof, r, lang), fmt(r.score), f"{r.rank}/{r.n}", group_label(r.group, lang),
             fmt(r.median), _best_text(r, lang), _change_text(prof, r, lang)] for r in prof.rows]
    notes = [f"{t('structure', lang)}: {prof.structure.id}; {t('group_rule', lang)}: "
             f"{group_rule(ys.n_ranked, lang)}"]
    if prof.previous_year is not None and prof.comparison_note:
        lead = (M("Against {previous_year}: the structure changed; only comparable measures are compared. ", previous_year=prof.previous_year).get(lang))
        notes.append(lead + prof.comparison_note["en" if lang == "en" else "vi"])
    if prof.previous_year is not None and prof.merger is None:
        notes.extend(n for n in [list_change_note(prof.year, prof.previous_year, lang)] if n)
    if ys.excluded or ys.absent:
        notes.append(f"{t('excluded', lang)} ({prof.year}): " + ", ".join(
            province_label(p, lang) for p in sorted(set(ys.excluded) | set(ys.absent))))
    title = (f"{t('profile_title', lang)}: {name} {prof.year} — {t('aggregate', lang).lower()} {fmt(agg.score)}, "
             f"{t('rank', lang).lower()} {agg.rank}/{agg.n}, {group_label(agg.group, lang).lower()}")
    sections = [Section(title, headers, rows, notes)]
    if prof.merger is not None:
        sections.append(Section(*merger_table(prof.merger, lang)))

    gaps: list[str] = []
    for r in prof.poor:
        key = "gap.poor_dim" if r.level == "dimension" else "gap.poor"
        gaps.append(f"{t(key, lang)}: {_measure_name(prof, r, lang).strip()} — {fmt(r.score)}, "
                    f"{t('rank', lang).lower()} {r.rank}/{r.n}")
    for r in prof.falls:
        where = (M("{fall_position} of {fall_n} provinces by change, 1 = largest fall", fall_position=r.fall_position, fall_n=r.fall_n).get(lang))
        gaps.append(f"{t('gap.fall' if r.sharp_fall else 'gap.fall_other', lang)}: "
                    f"{_measure_name(prof, r, lang).strip()} — {fmt(r.previous)} → "
                    f"{fmt(r.score)} ({r.change:+.{SHOW_DECIMALS}f}; {where})")
    for r in prof.distances:
        gaps.append(f"{t('gap.distance', lang)}: {_measure_name(prof, r, lang).strip()} — {fmt(r.score)} "
                    f"{t('vs', lang)} {_best_text(r, lang)}: {r.best - r.score:.{SHOW_DECIMALS}f}")
    if prof.falls:
        gaps.append(t("fall_rule", lang))
    sections.append(Section(t("gaps", lang), notes=gaps or [t("none", lang)]))

    if prof.plan is not None:
        prow = []
        for d in prof.structure.dimensions:
            for task in prof.tasks_by_dimension.get(d.key, []):
                prow.append([task.id, f"{d.number}. {d.label(lang)}", task.task, task.result or "",
                             t(f"state.{task.state.value}", lang), task.reason or ""])
        pnotes = []
        plan_title = prof.plan.title or ""
        if prof.plan.year is not None and prof.plan.year != prof.year:
            pnotes.append(M("Plan year {year}, PAPI scores of {year2}", year=prof.plan.year, year2=prof.year).get(lang))
        for task in prof.tasks_outside:
            pnotes.append(f"{task.id} ({task.dimension}): {t('not_in_era', lang)} {prof.year} "
                          f"({prof.structure.id}) — {task.task} [{t(f'state.{task.state.value}', lang)}]")
        uncovered = ", ".join(f"{prof.structure.dimension(k).number}. {prof.structure.dimension(k).label(lang)}"
                              for k in prof.uncovered_poor) or t("none", lang)
        pnotes.append(f"{t('uncovered', lang)}: {uncovered}")
        sections.append(Section(f"{t('plan', lang)} {plan_title}".strip(),
                                ["id", t("dimension", lang), t("task", lang), t("result", lang), t("state", lang),
                                 t("reason", lang)], prow, pnotes, [None, 24, 40, 40, None, 30]))
    return sections


def _row_json(r) -> dict:
    return {"score": r6(r.score), "rank": r.rank, "n_ranked": r.n, "group": r.group, "median": r6(r.median),
            "best": r6(r.best), "best_provinces": r.best_provinces,
            "previous": None if r.previous is None else r6(r.previous),
            "change": None if r.change is None else r6(r.change),
            "not_compared": r.why_not, "fall_position": r.fall_position, "provinces_compared": r.fall_n,
            "sharp_fall": r.sharp_fall}


def profile_json(prof) -> dict:
    dims = {}
    for d in prof.structure.dimensions:
        entry = _row_json(prof.row(d.key))
        entry["subdimensions"] = {s.key: _row_json(prof.row(s.key)) for s in d.subdimensions}
        dims[d.key] = entry
    out = {
        "province": prof.province, "name": province_label(prof.province, "vi"), "year": prof.year,
        "structure": prof.structure.id, "scores_file": str(prof.scores_path),
        "aggregate": _row_json(prof.row(AGGREGATE)), "dimensions": dims,
        "previous_year": prof.previous_year, "comparison_note": prof.comparison_note,
        "gaps": {"poor": [r.measure for r in prof.poor], "largest_falls": [r.measure for r in prof.falls],
                 "sharp_falls": [r.measure for r in prof.falls if r.sharp_fall],
                 "largest_distances_to_best": [r.measure for r in prof.distances]},
        "group_rule": group_rule(prof.year_scores.n_ranked, "en"),
    }
    if prof.merger is not None:
        out["merger"] = merger_json(prof.merger)
    if prof.plan is not None:
        out["plan"] = {
            "title": prof.plan.title, "year": prof.plan.year,
            "tasks": [{"id": x.id, "dimension": x.dimension, "task": x.task, "result": x.result,
                       "state": x.state.value, "reason": x.reason,
                       "in_structure": prof.structure.has_dimension(x.dimension)} for x in prof.plan.tasks],
            "poor_dimensions_without_task": prof.uncovered_poor,
        }
    return out


def structure_sections(eras, lang: str = "vi") -> list[Section]:
    """``papi structure``: per era, its dimensions and sub-dimensions (keys, names, ranges, confidence),
    then its note, its aggregate range and the result of PAPI's structure rules."""
    from compliance.papi.structure import check_structure

    sections = []
    for s in eras:
        rows = []
        for d in s.dimensions:
            rows.append([str(d.number), d.key, d.label(lang), f"{d.range[0]:g}–{d.range[1]:g}", ""])
            for sub in d.subdimensions:
                rows.append([sub.number, sub.key, sub.label(lang),
                             f"{d.subdimension_range[0]:.5g}–{d.subdimension_range[1]:.5g}",
                             t(f"confidence.{sub.confidence.value}", lang)])
        problems = check_structure(s)
        notes = [s.note.get(lang),
                 (M("aggregate {value:g}–{value2:g} points", value=s.aggregate_range[0], value2=s.aggregate_range[1]).get(lang))]
        notes += problems or [M("structure check: no problems").get(lang)]
        sections.append(Section(f"{s.title.get(lang)} ({s.id})", ["#", t("key", lang),
                                                                   M("name").get(lang),
                                                                   M("points").get(lang),
                                                                   t("confidence", lang)], rows, notes))
    return sections


def structure_json(eras) -> dict:
    """``papi structure --format json``: every era as stored, with the problems PAPI's rules find."""
    from compliance.papi.structure import check_structure

    return {"eras": [dict(s.model_dump(mode="json", by_alias=True), problems=check_structure(s)) for s in eras]}
