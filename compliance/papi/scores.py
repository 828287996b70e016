"""PAPI scores: dimension and aggregate from sub-dimensions, ranks with ties, performance groups.

Arithmetic (PAPI reports): dimension = sum of its sub-dimension scores (points, 1–10); aggregate =
unweighted sum of the dimension scores (6–60 until 2017, 8–80 from 2018).

Ranks: competition ranking on the score rounded to 6 decimals (the precision PAPI data carries):
equal scores share a rank and the next rank is skipped (1, 2, 2, 4).

Performance groups (nhóm): PAPI splits the ranked provinces into four groups by rank — best (nhóm đạt
điểm cao nhất), high_average (trung bình cao), low_average (trung bình thấp), poor (thấp nhất):
16/16/15/16 when 63 provinces are ranked, 15 each when 60 are (PAPI 2017–2021 reports and press).
One rule gives both, and is used for every count (:func:`group_rule` says it for the year's n; 34
provinces from 2025 give 9/8/9/8): group k (k = 1…4) ends at rank round-half-up(k × n / 4). A province belongs to the group that contains its rank, so provinces tied
across a boundary stay together (the sizes printed are then the actual ones).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.papi.labels import Msg
from compliance.papi.provinces import provinces
from compliance.papi.readers import Cell, ReadResult, read_scores
from compliance.papi.structure import Structure, load_structure

GROUPS = ("best", "high_average", "low_average", "poor")
AGGREGATE = "aggregate"
TIE_DECIMALS = 6
GIVEN_TOLERANCE = 1e-5

def group_rule(n: int | None, lang: str = "vi") -> str:
    """The grouping rule in words, with the sizes and last ranks it gives for the ``n`` provinces ranked
    that year (34 → 9/8/9/8, ending at ranks 9, 17, 26, 34; 63 → 16/16/15/16); without ``n`` (no
    province ranked) the rule alone. ``lang``: "vi" or "en"."""
    if lang == "en":
        text = ("Groups by rank: group k (k = 1..4) ends at rank round-half-up(k × n / 4), n = number of ranked "
                "provinces")
        if n:
            text += (f"; {n} → {'/'.join(map(str, group_sizes(n)))} "
                     f"(last ranks {', '.join(map(str, group_bounds(n)))})")
        return text + ". Provinces tied across a boundary go to the group that holds their shared rank."
    text = ("Chia nhóm theo thứ hạng: nhóm k (k = 1…4) kết thúc ở hạng làm tròn(k × n / 4) (làm tròn nửa lên), "
            "n = số tỉnh được xếp hạng")
    if n:
        text += (f"; {n} tỉnh → {'/'.join(map(str, group_sizes(n)))} "
                 f"(kết thúc ở hạng {', '.join(map(str, group_bounds(n)))})")
    return text + ". Tỉnh đồng hạng ở ranh giới được xếp cùng nhóm với hạng của mình."


def group_bounds(n: int) -> list[int]:
    """Last rank of each of the four groups for ``n`` ranked provinces (see :func:`group_rule`).

    ``group_bounds(63) == [16, 32, 47, 63]``; ``group_bounds(60) == [15, 30, 45, 60]``.
    """
    return [math.floor(k * n / 4 + 0.5) for k in (1, 2, 3, 4)]


def group_sizes(n: int) -> list[int]:
    """Nominal group sizes for ``n`` ranked provinces: 63 → [16, 16, 15, 16]; 60 → [15, 15, 15, 15]."""
    b = group_bounds(n)
    return [b[0], b[1] - b[0], b[2] - b[1], b[3] - b[2]]


def group_of_rank(rank: int, n: int) -> str:
    """Group key for ``rank`` (1 = best) among ``n`` ranked provinces."""
    for g, last in zip(GROUPS, group_bounds(n)):
        if rank <= last:
            return g
    raise ValueError(f"rank {rank} outside 1..{n}")


def competition_ranks(values: dict[str, float]) -> dict[str, int]:
    """Rank (1 = highest) per key; ties (equal after rounding to 6 decimals) share a rank: 1, 2, 2, 4."""
    rounded = {k: round(v, TIE_DECIMALS) for k, v in values.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first_pos: dict[float, int] = {}
    for i, v in enumerate(ordered, start=1):
        first_pos.setdefault(v, i)
    return {k: first_pos[v] for k, v in rounded.items()}


@dataclass
class Placement:
    """Score (points), rank among ``n`` ranked provinces, and group for one province on one measure."""

    score: float
    rank: int
    group: str
    n: int


@dataclass
class ProvinceScores:
    """One province-year: sub-dimension and dimension scores and the aggregate (points)."""

    province: str
    subdimensions: dict[str, float]
    dimensions: dict[str, float]
    aggregate: float
    where: str  # where its first value was read


@dataclass
class YearScores:
    """A year's scored provinces, with ranks and groups for the aggregate, every dimension and sub-dimension.

    ``placements[measure][province]`` where measure is ``"aggregate"``, a dimension key or a sub-dimension
    key. ``excluded``: province → reason (not ranked); ``absent``: provinces with no row that year.
    """

    year: int
    structure: Structure
    provinces: dict[str, ProvinceScores]
    excluded: dict[str, str] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    placements: dict[str, dict[str, Placement]] = field(default_factory=dict)

    @property
    def n_ranked(self) -> int:
        return len(self.provinces)

    def values(self, measure: str) -> dict[str, float]:
        """province → score for ``measure`` (aggregate, dimension key or sub-dimension key)."""
        if measure == AGGREGATE:
            return {p: s.aggregate for p, s in self.provinces.items()}
        if self.structure.has_dimension(measure):
            return {p: s.dimensions[measure] for p, s in self.provinces.items()}
        return {p: s.subdimensions[measure] for p, s in self.provinces.items()}

    def median(self, measure: str) -> float:
        """National median (points) over ranked provinces."""
        return statistics.median(self.values(measure).values())

    def best(self, measure: str) -> tuple[float, list[str]]:
        """Highest score and the province(s) holding it."""
        vals = self.values(measure)
        top = max(round(v, TIE_DECIMALS) for v in vals.values())
        return max(vals.values()), sorted(p for p, v in vals.items() if round(v, TIE_DECIMALS) == top)

    def measures(self) -> list[str]:
        out = [AGGREGATE]
        for d in self.structure.dimensions:
            out.append(d.key)
            out.extend(s.key for s in d.subdimensions)
        return out

    def actual_group_sizes(self, measure: str = AGGREGATE) -> list[int]:
        pl = self.placements[measure].values()
        return [sum(1 for p in pl if p.group == g) for g in GROUPS]


@dataclass
class ScoreSet:
    """Everything ``papi score`` computed from one file: per-year results and the reader's statements."""

    path: Path
    years: dict[int, YearScores]
    assumptions: list[Msg]
    notes: list[Msg]


def _check_range(cell: Cell, lo: float, hi: float, what: str, path: Path) -> None:
    """Out-of-range value → InputError; half a unit of the written decimals is allowed for rounding."""
    v = cell.value
    slack = 0.5 * 10 ** -(cell.number.decimals) if cell.number and cell.number.decimals is not None else 1e-9
    if v < lo - slack or v > hi + slack:
        raise InputError(path, M("score {text} is outside the {what} range {lo:.4g}–{hi:.4g} points ('compliance papi verify' lists every such value)", text=cell.number.text, what=what, lo=lo, hi=hi), cell.where)


def rank_year(ys: YearScores) -> None:
    """Fill ``ys.placements`` for the aggregate, every dimension and every sub-dimension."""
    n = ys.n_ranked
    ys.placements = {}
    if n == 0:
        return
    for measure in ys.measures():
        vals = ys.values(measure)
        ranks = competition_ranks(vals)
        ys.placements[measure] = {p: Placement(vals[p], r, group_of_rank(r, n), n) for p, r in ranks.items()}


def build_year(year: int, cells: list[Cell], path: Path) -> tuple[YearScores, list[Msg]]:
    """Score one year from its cells. Returns the result and notes to print.

    Raises :class:`InputError` for a duplicate value, a province with missing sub-dimensions, or a value
    out of range. A province whose sub-dimension scores are all 0 (or that has only an aggregate of 0)
    is the workbook's way of saying "not surveyed": it is excluded from ranking and the notes say so.
    """
    structure = load_structure(year, path)
    notes: list[Msg] = []
    seen: dict[tuple, Cell] = {}
    for c in cells:
        if c.key in seen and c.number is not None and seen[c.key].number is not None:
            raise InputError(path, M("duplicate value for {province} {year} {value} (also at {where})", province=c.province, year=year, value=c.subdimension or c.dimension or AGGREGATE, where=seen[c.key].where), c.where)
        seen.setdefault(c.key, c)
    by_prov: dict[str, list[Cell]] = {}
    for c in cells:
        by_prov.setdefault(c.province, []).append(c)
    ys = YearScores(year, structure, {})
    given_upper = 0
    for prov, pcells in by_prov.items():
        subs = {c.subdimension: c for c in pcells if c.subdimension is not None and c.number is not None}
        uppers = [c for c in pcells if c.subdimension is None and c.number is not None]
        given_upper += len(uppers)
        if (not subs and uppers and all(c.value == 0 for c in uppers)) or (subs and all(c.value == 0 for c in subs.values())):
            ys.excluded[prov] = "all scores are 0 (not surveyed / not ranked that year)"
            continue
        missing = [s.key for d in structure.dimensions for s in d.subdimensions if s.key not in subs]
        if missing:
            first = pcells[0].where
            raise InputError(path, M("{prov} {year}: {n} of {n_subdimensions} sub-dimensions missing: {items} (a dimension is the sum of all its sub-dimensions)", prov=prov, year=year, n=len(missing), n_subdimensions=structure.n_subdimensions, items=', '.join(missing)), first)
        dims: dict[str, float] = {}
        for d in structure.dimensions:
            k = len(d.subdimensions)
            lo, hi = d.range[0] / k, d.range[1] / k
            total = 0.0
            for s in d.subdimensions:
                cell = subs[s.key]
                _check_range(cell, lo, hi, f"sub-dimension ({d.key}, {k} sub-dimensions)", path)
                total += cell.value
            dims[d.key] = total
        ys.provinces[prov] = ProvinceScores(prov, {k: c.value for k, c in subs.items()}, dims,
                                            sum(dims.values()), pcells[0].where)
    ys.absent = [p for p in provinces(year) if p not in by_prov]
    rank_year(ys)
    if given_upper:
        differ = []
        for c in cells:
            if c.subdimension is None and c.number is not None and c.province in ys.provinces:
                ps = ys.provinces[c.province]
                computed = ps.aggregate if c.dimension is None else ps.dimensions[c.dimension]
                if abs(computed - c.value) > GIVEN_TOLERANCE:
                    differ.append((abs(computed - c.value), c, computed))
        vi = (f"{year}: {given_upper} giá trị nội dung/tổng hợp có trong tệp không được dùng (điểm được tính từ "
              "các nội dung thành phần); ")
        en = (f"{year}: {given_upper} dimension/aggregate value(s) given in the file are not used (scores are "
              "computed from the sub-dimensions); ")
        if differ:
            d, c, computed = max(differ, key=lambda t: t[0])
            vi += (f"{len(differ)} giá trị lệch so với điểm tính được quá {GIVEN_TOLERANCE:g}, lớn nhất "
                   f"{c.number.text} so với {computed:.6f} ở {c.where}; lệnh 'compliance papi verify' kiểm tra có tính làm tròn")
            en += (f"{len(differ)} differ from the computed value by more than {GIVEN_TOLERANCE:g}, the largest "
                   f"{c.number.text} vs {computed:.6f} at {c.where}; 'compliance papi verify' checks them with rounding")
        else:
            vi += f"tất cả khớp với điểm tính được trong phạm vi {GIVEN_TOLERANCE:g}"
            en += f"all agree with the computed values within {GIVEN_TOLERANCE:g}"
        text = Msg(vi, en)
        notes.append(text)
    return ys, notes


def score_file(path: str | Path, year: int | None = None) -> ScoreSet:
    """Read a score file and compute every year in it (or only ``year``). Errors: :class:`InputError`."""
    path = Path(path)
    read: ReadResult = read_scores(path, year)
    by_year: dict[int, list[Cell]] = {}
    for c in read.cells:
        by_year.setdefault(c.year, []).append(c)
    years: dict[int, YearScores] = {}
    notes: list[Msg] = []
    for y in sorted(by_year):
        ys, n = build_year(y, by_year[y], path)
        years[y] = ys
        notes.extend(n)
    if read.ignored_columns:
        cols = ", ".join(read.ignored_columns)
        notes.append(M("columns not used: {cols}", cols=cols))
    return ScoreSet(path, years, read.assumptions, notes)
