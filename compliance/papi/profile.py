"""One province's PAPI profile: scores, ranks, groups, national median and best, change, gaps, plan.

Change from the previous year is given only where the two years are comparable: same era, or the
measures the newer era's ``previous_era`` block lists as comparable (2016: only Transparency, Control
of Corruption and Public Service Delivery, as the PAPI 2016 report compares them; 2018: nothing, the
8-dimension index is not comparable with 2017). Elsewhere the structure change is stated instead.

Gaps flagged: the dimensions and sub-dimensions in the poor group; the largest falls (up to
:data:`TOP_N`, comparable measures only), each called *sharp* (giảm mạnh) only when it lies in the
bottom decile of all provinces' changes of that measure (see :func:`fall_position`); the largest distances to the best province (sub-dimensions,
points). With a plan: tasks per dimension with their state, tasks on dimensions outside the year's
structure, and the poor-group dimensions no task addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.papi.merger import MergerView, comparable_pairs, merger_view
from compliance.papi.plan import Plan, PlanTask, check_plan_province
from compliance.papi.provinces import province_label, resolve_province
from compliance.papi.scores import AGGREGATE, ScoreSet, YearScores, score_file
from compliance.papi.structure import SAMPLES_DIR, Structure

DEFAULT_SCORES = SAMPLES_DIR / "papi-2011-2016.csv"
TOP_N = 3
SHARP_FALL_SHARE = 0.10  # a fall is sharp when fewer than this share of the compared provinces fell further


@dataclass
class Row:
    """One measure of the profile (aggregate, dimension or sub-dimension); scores in points."""

    measure: str
    level: str  # aggregate / dimension / subdimension
    dimension: str | None
    score: float
    rank: int
    n: int
    group: str
    median: float
    best: float
    best_provinces: list[str]
    previous: float | None = None
    change: float | None = None
    comparable: bool = False
    why_not: str | None = None
    fall_position: int | None = None  # 1 = the largest fall (lowest change) among the provinces compared
    fall_n: int | None = None  # provinces with the measure in both years
    sharp_fall: bool = False


@dataclass
class Profile:
    """The profile of ``province`` in ``year`` (see module doc)."""

    province: str
    year: int
    structure: Structure
    rows: list[Row]
    previous_year: int | None
    comparison_note: dict[str, str] | None
    poor: list[Row] = field(default_factory=list)
    falls: list[Row] = field(default_factory=list)
    distances: list[Row] = field(default_factory=list)
    plan: Plan | None = None
    tasks_by_dimension: dict[str, list[PlanTask]] = field(default_factory=dict)
    tasks_outside: list[PlanTask] = field(default_factory=list)
    uncovered_poor: list[str] = field(default_factory=list)
    scores_path: Path | None = None
    year_scores: YearScores | None = None
    merger: MergerView | None = None  # a unit formed on 01/7/2025 from several: the former provinces' figures

    def row(self, measure: str) -> Row:
        return next(r for r in self.rows if r.measure == measure)


def comparability(cur: Structure, prev: Structure) -> tuple[bool, set[str], dict[str, str] | None]:
    """(aggregate comparable, comparable dimension keys, note vi/en) between consecutive years' eras."""
    if cur.id == prev.id:
        return True, {d.key for d in cur.dimensions}, None
    note = {"vi": cur.note.vi, "en": cur.note.en or cur.note.vi}
    if cur.previous_era is not None and cur.previous_era.id == prev.id:
        return cur.previous_era.aggregate_comparable, set(cur.previous_era.comparable_dimensions), note
    return False, set(), note


def fall_position(change: float, changes: list[float]) -> tuple[int, bool]:
    """(position, sharp) of ``change`` (points) among ``changes``, every compared province's change.

    Position 1 is the lowest change (largest fall); equal changes (rounded to 6 decimals) share a
    position. A fall is *sharp* when ``change < 0`` and fewer than :data:`SHARP_FALL_SHARE` (10 %) of the
    compared provinces have a lower change, i.e. it lies in the bottom decile: with 63 provinces the 7
    lowest changes (6 lower < 6.3), with 60 the 6 lowest. A scale-free rule, so the same for dimensions
    (1–10 points) and sub-dimensions (whose range depends on the era). The project's rule, not PAPI's.
    """
    key = round(change, 6)
    lower = sum(1 for c in changes if round(c, 6) < key)
    return lower + 1, change < 0 and lower < SHARP_FALL_SHARE * len(changes)


def build_profile(province: str, year: int | None = None, scores: str | Path | None = None,
                  plan: Plan | None = None) -> Profile:
    """Profile ``province`` (slug or name) in ``year`` (default: the latest year it has scores).

    ``scores``: a score file as for ``papi score`` (default: the shipped 2011–2016 scores). Raises
    :class:`InputError` for an unknown province, a year not in the file, or a province not ranked that year.
    """
    path = Path(scores) if scores else DEFAULT_SCORES
    slug = resolve_province(province, None, "PROVINCE", year)
    if plan is not None:
        check_plan_province(plan, slug)
    ss: ScoreSet = score_file(path)
    years_with = [y for y, ys in ss.years.items() if slug in ys.provinces]
    if year is None:
        if not years_with:
            raise InputError(path, M("{value} ({slug}) has no scores in the file", value=province_label(slug, 'vi'), slug=slug))
        year = max(years_with)
    if year not in ss.years:
        raise InputError(path, M("no scores for {year} in the file (years: {items})", year=year, items=', '.join(map(str, ss.years))))
    ys = ss.years[year]
    if slug not in ys.provinces:
        why = ys.excluded.get(slug, "no data in the file")
        raise InputError(path, M("{value} ({slug}) is not ranked in {year}: {why}; years with scores: {value2}", value=province_label(slug, 'vi'), slug=slug, year=year, why=why, value2=', '.join(map(str, years_with)) or 'none'))
    prev_ys = ss.years.get(year - 1)
    agg_ok, dims_ok, note = (False, set(), None)
    why_prev = None
    # across 01/7/2025 a province is compared only with the same territory (merged units: per former province)
    pairs = comparable_pairs(year, year - 1, ys.provinces) if prev_ys is not None else {}
    prev_slug = pairs.get(slug)
    merger = merger_view(slug, year, ss)
    if merger is not None:
        why_prev = "merged"
    elif prev_ys is None or prev_slug not in prev_ys.provinces:
        why_prev = "no_previous"
    else:
        agg_ok, dims_ok, note = comparability(ys.structure, prev_ys.structure)

    rows: list[Row] = []

    def add(measure: str, level: str, dim: str | None, comparable: bool) -> Row:
        pl = ys.placements[measure][slug]
        best, who = ys.best(measure)
        r = Row(measure, level, dim, pl.score, pl.rank, pl.n, pl.group, ys.median(measure), best, who)
        if why_prev:
            r.why_not = why_prev
        elif comparable and measure in prev_ys.placements:
            r.previous = prev_ys.placements[measure][prev_slug].score
            r.change = r.score - r.previous
            r.comparable = True
            if r.change < 0:
                cur, old = ys.placements[measure], prev_ys.placements[measure]
                changes = [cur[p].score - old[pairs[p]].score for p in cur if pairs.get(p) in old]
                r.fall_position, r.sharp_fall = fall_position(r.change, changes)
                r.fall_n = len(changes)
        else:
            r.why_not = "not_comparable"
        rows.append(r)
        return r

    add(AGGREGATE, "aggregate", None, agg_ok)
    for d in ys.structure.dimensions:
        add(d.key, "dimension", d.key, d.key in dims_ok)
        for s in d.subdimensions:
            add(s.key, "subdimension", d.key, d.key in dims_ok)
    prof = Profile(slug, year, ys.structure, rows, year - 1 if prev_ys else None, note, scores_path=path,
                   year_scores=ys, merger=merger)
    prof.poor = [r for r in rows if r.level != "aggregate" and r.group == "poor"]
    prof.falls = sorted((r for r in rows if r.level != "aggregate" and r.change is not None and r.change < 0),
                        key=lambda r: (r.change, r.measure))[:TOP_N]
    prof.distances = sorted((r for r in rows if r.level == "subdimension" and r.best - r.score > 0),
                            key=lambda r: (-(r.best - r.score), r.measure))[:TOP_N]
    if plan is not None:
        prof.plan = plan
        for t in plan.tasks:
            if ys.structure.has_dimension(t.dimension):
                prof.tasks_by_dimension.setdefault(t.dimension, []).append(t)
            else:
                prof.tasks_outside.append(t)
        prof.uncovered_poor = [r.measure for r in rows if r.level == "dimension" and r.group == "poor"
                               and r.measure not in prof.tasks_by_dimension]
    return prof
