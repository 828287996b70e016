"""Checking published PAPI figures: sums, ranges, ranks and groups.

Each published value is read with the decimals it was written with (unit u = 10^-decimals). Its true
value may have been rounded (±u/2) or, as the press often does, truncated (+0…u): so a published v
stands for any true value in [v − u/2, v + u]. A total is flagged only when no choice of true values
inside those intervals makes it equal the sum of its parts, i.e. when

    published − Σ parts  ∉  [ −Σ u_i/2 − u_total ,  Σ u_i + u_total/2 ]

Ranges (points): sub-dimension [1/k, 10/k] for k sub-dimensions, dimension [1, 10], aggregate
[n, 10n] for n dimensions (PAPI reports; see criteria/papi/).

Ranks (1 = highest) and groups are checked against the scores: when a year's list is complete (it
lists every place from 1 to the number of provinces listed) each rank must lie between 1 + the number
of provinces certainly above and the number of provinces possibly at or above; otherwise a rank must
not be better than 1 + the provinces certainly above, and a province must not score certainly higher
than one ranked above it. When a published total contradicts its parts the sum of the parts is used
for ranking. Groups follow :func:`compliance.papi.scores.group_rule` for n ranked provinces (the
number listed when at most 3 of the year's provinces are missing, else the year's number: 63 until 2024,
34 from 2025; or ``--ranked N``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compliance.i18n import M, Num
from compliance.papi.labels import group_label
from compliance.papi.provinces import province_label, provinces
from compliance.papi.readers import Cell, read_scores
from compliance.papi.scores import AGGREGATE, GROUPS, group_of_rank
from compliance.papi.structure import Structure, load_structure

EXACT_DECIMALS = 6  # a value with unknown decimals is taken as exact to 6 decimals


@dataclass
class Finding:
    """One contradiction: ``kind`` (sum, range, rank, group), the place in the file, the arithmetic."""

    kind: str
    where: str
    year: int
    province: str
    measure: str
    text: str

    def line(self, path: Path) -> str:
        return f"{path}: {self.where}: {self.kind}: {self.text}"


@dataclass
class Verification:
    """All findings plus what was checked and what could not be."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=lambda: {"sum": 0, "range": 0, "rank": 0, "group": 0})
    not_checked: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


def _unit(c: Cell) -> float:
    d = c.number.decimals if c.number and c.number.decimals is not None else EXACT_DECIMALS
    return 10.0 ** -d


def _interval(c: Cell) -> tuple[float, float]:
    u = _unit(c)
    return c.value - u / 2, c.value + u


def _fmt(c: Cell) -> str:
    return c.number.text if c.number else "?"


def _decimals_of(values: list[Cell]) -> int:
    return max((c.number.decimals if c.number and c.number.decimals is not None else EXACT_DECIMALS) for c in values)


def _measure_label(s: Structure, dim: str | None, sub: str | None, lang: str) -> str:
    if dim is None:
        return M("aggregate").get(lang)
    if sub is None:
        return s.dimension(dim).label(lang)
    return f"{s.dimension(dim).label(lang)} › {s.subdimension(dim, sub).label(lang)}"


def _check_sum(total: Cell, parts: list[tuple[str, float, float, float, str]], what: str,
               lang: str = "en") -> tuple[bool, str]:
    """``parts``: (shown text, value, u_lo, u_hi, name). Returns (ok, arithmetic text)."""
    s = sum(p[1] for p in parts)
    u_t = _unit(total)
    diff = total.value - s
    lo = -sum(p[2] for p in parts) - u_t
    hi = sum(p[3] for p in parts) + u_t / 2
    ok = lo - 1e-12 <= diff <= hi + 1e-12
    dec = max(_decimals_of([total]), 2)
    terms = " + ".join(p[0] for p in parts)
    if lang == "en":
        text = (f"published {_fmt(total)} ≠ sum of {len(parts)} {what} {terms} = {s:.{dec}f}; difference "
                f"{diff:+.{dec}f} is outside the allowed {lo:+.{dec}f}…{hi:+.{dec}f} "
                "(each value rounded ±½ unit of its last decimal or truncated)")
    else:
        text = (f"công bố {_fmt(total)} ≠ tổng {len(parts)} {what} {terms} = {s:.{dec}f}; chênh lệch "
                f"{diff:+.{dec}f} nằm ngoài mức cho phép {lo:+.{dec}f}…{hi:+.{dec}f} "
                "(mỗi giá trị làm tròn ±½ đơn vị chữ số cuối hoặc cắt bớt)")
    return ok, text


def verify_file(path: str | Path, year: int | None = None, ranked: int | None = None, lang: str = "vi") -> Verification:
    """Check every published value in ``path`` (any mix of sub-dimension, dimension, aggregate, rank, group).

    Raises :class:`compliance.errors.InputError` for unreadable input (unknown province, dimension,
    era, text in a score cell, duplicate value). Contradictions are findings, not errors.
    """
    path = Path(path)
    read = read_scores(path, year)
    result = Verification(path, assumptions=list(read.assumptions))
    cells: dict[tuple, Cell] = {}
    from compliance.errors import InputError

    for c in read.cells:
        if c.key in cells:
            prev = cells[c.key]
            if c.number is not None and prev.number is not None:
                raise InputError(path, M("duplicate value for {province} {year} {value} (also at {where})", province=c.province, year=c.year, value=c.subdimension or c.dimension or AGGREGATE, where=prev.where), c.where)
            # a rank-only row beside a score row (wide layout): merge
            prev.rank = prev.rank or c.rank
            prev.rank_where = prev.rank_where or c.rank_where
            prev.group = prev.group or c.group
            prev.group_where = prev.group_where or c.group_where
            if prev.number is None:
                prev.number, prev.where = c.number, c.where
            continue
        cells[c.key] = c
    years = sorted({k[0] for k in cells})
    for y in years:
        _verify_year(y, {k: v for k, v in cells.items() if k[0] == y}, result, ranked, lang)
    return result


def _verify_year(year: int, cells: dict[tuple, Cell], res: Verification, ranked: int | None, lang: str) -> None:
    s = load_structure(year, res.path)
    provs = sorted({k[1] for k in cells})
    # value used for ranking per (province, measure): published, or the parts' sum when it contradicts them
    effective: dict[tuple[str, str | None, str | None], tuple[float, float]] = {}
    for prov in provs:
        name = province_label(prov, lang)
        get = lambda d, sub: cells.get((year, prov, d, sub))  # noqa: E731
        # ranges
        for (yy, pp, d, sub), c in cells.items():
            if pp != prov or c.number is None:
                continue
            if d is None:
                lo, hi, what = s.aggregate_range[0], s.aggregate_range[1], M("aggregate")
            elif sub is None:
                lo, hi, what = s.dimension(d).range[0], s.dimension(d).range[1], M("dimension")
            else:
                k = len(s.dimension(d).subdimensions)
                lo, hi = s.dimension(d).range[0] / k, s.dimension(d).range[1] / k
                what = M("sub-dimension (1/{k}–10/{k})", k=k)
            res.checked["range"] += 1
            vlo, vhi = _interval(c)
            if vhi < lo or vlo > hi:
                res.findings.append(Finding("range", c.where, year, prov, sub or d or AGGREGATE,
                                            f"{name} {year} {_measure_label(s, d, sub, lang)}: " + M(
                                                "{value} is outside the {what} range {lo}–{hi} points", value=_fmt(c),
                                                what=what, lo=Num(round(lo, 4)), hi=Num(round(hi, 4))).get(lang)))
        # dimension = Σ sub-dimensions
        dim_parts_sum: dict[str, tuple[float, float, float, str]] = {}
        flagged_dims: set[str] = set()
        for d in s.dimensions:
            subs = [get(d.key, x.key) for x in d.subdimensions]
            if any(x is None or x.number is None for x in subs):
                continue
            parts = [(x.number.text, x.value, _unit(x) / 2, _unit(x), x.key) for x in subs]
            dim_parts_sum[d.key] = (sum(p[1] for p in parts), sum(p[2] for p in parts), sum(p[3] for p in parts),
                                    f"({' + '.join(p[0] for p in parts)})")
            dc = get(d.key, None)
            if dc is None or dc.number is None:
                continue
            res.checked["sum"] += 1
            ok, text = _check_sum(dc, parts, M("sub-dimensions").get(lang), lang)
            if not ok:
                flagged_dims.add(d.key)
                res.findings.append(Finding("sum", dc.where, year, prov, d.key,
                                            f"{name} {year} {d.label(lang)}: {text}"))
                effective[(prov, d.key, None)] = (dim_parts_sum[d.key][0] - dim_parts_sum[d.key][1],
                                                  dim_parts_sum[d.key][0] + dim_parts_sum[d.key][2])
        # aggregate = Σ dimensions (published dimension, else the sum of its published parts)
        ac = get(None, None)
        if ac is not None and ac.number is not None:
            def build(use_parts_for: set[str]):
                parts = []
                for d in s.dimensions:
                    dc = get(d.key, None)
                    if d.key not in use_parts_for and dc is not None and dc.number is not None:
                        parts.append((dc.number.text, dc.value, _unit(dc) / 2, _unit(dc), d.key))
                    elif d.key in dim_parts_sum:
                        v, ulo, uhi, shown = dim_parts_sum[d.key]
                        parts.append((shown, v, ulo, uhi, d.key))
                    else:
                        return None
                return parts
            parts = build(set())
            if parts is None:
                res.not_checked.append(f"{name} {year} ({_fmt(ac)})")
            else:
                res.checked["sum"] += 1
                ok, text = _check_sum(ac, parts, M("dimensions").get(lang), lang)
                if not ok and flagged_dims:
                    alt = build(flagged_dims)
                    ok = alt is not None and _check_sum(ac, alt, "", lang)[0]
                if not ok:
                    res.findings.append(Finding("sum", ac.where, year, prov, AGGREGATE,
                                                f"{name} {year} {_measure_label(s, None, None, lang)}: {text}"))
                    total = sum(p[1] for p in parts)
                    effective[(prov, None, None)] = (total - sum(p[2] for p in parts), total + sum(p[3] for p in parts))
    _check_ranks(year, s, cells, effective, res, ranked, lang)


def _check_ranks(year: int, s: Structure, cells: dict[tuple, Cell], effective: dict, res: Verification,
                 ranked: int | None, lang: str) -> None:
    measures = sorted({(k[2], k[3]) for k, c in cells.items() if c.rank is not None or c.group is not None},
                      key=lambda m: (m[0] or "", m[1] or ""))
    for dim, sub in measures:
        scored = {k[1]: c for k, c in cells.items() if (k[2], k[3]) == (dim, sub) and c.number is not None}
        iv = {p: effective.get((p, dim, sub), _interval(c)) for p, c in scored.items()}
        ranks = {k[1]: c for k, c in cells.items() if (k[2], k[3]) == (dim, sub) and c.rank is not None}
        label = _measure_label(s, dim, sub, lang)
        listed = len(scored)
        complete = bool(ranks) and max(c.rank for c in ranks.values()) <= listed and len(ranks) == listed
        whole = len(provinces(year))  # 63 until 2024, 34 from 2025
        n = ranked or (listed if listed >= whole - 3 else whole)
        has_groups = any(c.group for k, c in cells.items() if (k[2], k[3]) == (dim, sub))
        if ranked is None and listed < whole - 3 and has_groups:
            res.assumptions.append(M("{year} {label}: groups checked for {whole} ranked provinces (the file lists {listed}; give --ranked N otherwise)", year=year, label=label, whole=whole, listed=listed).get(lang))
        bounds: dict[str, tuple[int, int]] = {}
        for p in scored:
            lo_p, hi_p = iv[p]
            above = sum(1 for q in scored if q != p and iv[q][0] > hi_p)
            maybe = sum(1 for q in scored if q != p and iv[q][1] >= lo_p)
            bounds[p] = (1 + above, 1 + maybe)
        min_flagged: set[str] = set()
        for p, c in sorted(ranks.items(), key=lambda t: t[1].rank):
            if p not in scored:
                continue
            res.checked["rank"] += 1
            lo_r, hi_r = bounds[p]
            name = province_label(p, lang)
            if complete and not (lo_r <= c.rank <= hi_r):
                expect = f"{lo_r}" if lo_r == hi_r else f"{lo_r}–{hi_r}"
                res.findings.append(Finding("rank", c.rank_where or c.where, year, p, sub or dim or AGGREGATE,
                                            f"{name} {year} {label}: " + M("rank {rank} contradicts the scores: {value} of {listed} listed provinces score higher than {value2}, so its rank is {expect}", rank=c.rank, value=lo_r - 1, listed=listed, value2=_fmt(c), expect=expect).get(lang)))
                min_flagged.add(p)
            elif not complete and c.rank < lo_r:
                res.findings.append(Finding("rank", c.rank_where or c.where, year, p, sub or dim or AGGREGATE,
                                            f"{name} {year} {label}: " + M("rank {rank} contradicts the scores: {value} listed provinces score higher than {value2}, so its rank is at least {lo_r}", rank=c.rank, value=lo_r - 1, value2=_fmt(c), lo_r=lo_r).get(lang)))
                min_flagged.add(p)
        if not complete:
            pairs = []
            for p, cp in ranks.items():
                for q, cq in ranks.items():
                    if p in min_flagged or q in min_flagged or p not in scored or q not in scored:
                        continue
                    # p ranked above q (smaller number) but q certainly scores higher
                    if cp.rank < cq.rank and iv[q][0] > iv[p][1]:
                        pairs.append((p, q))
            while pairs:
                counts: dict[str, int] = {}
                for a, b in pairs:
                    counts[a] = counts.get(a, 0) + 1
                    counts[b] = counts.get(b, 0) + 1
                culprit = max(sorted(counts), key=lambda x: counts[x])
                mine = [pq for pq in pairs if culprit in pq]
                pairs = [pq for pq in pairs if culprit not in pq]
                c = ranks[culprit]
                others = ", ".join(f"{province_label(o, lang)} ({M('rank').get(lang)} {ranks[o].rank}, {_fmt(scored[o])})"
                                   for o in sorted({x for pq in mine for x in pq if x != culprit},
                                                   key=lambda o: ranks[o].rank))
                res.findings.append(Finding("rank", c.rank_where or c.where, year, culprit, sub or dim or AGGREGATE,
                                            f"{province_label(culprit, lang)} {year} {label}: " + M("rank {rank} with {value} is out of order with {others}", rank=c.rank, value=_fmt(scored[culprit]), others=others).get(lang)))
        # groups
        for (yy, p, d, sb), c in sorted(cells.items(), key=lambda t: t[0][1]):
            if (d, sb) != (dim, sub) or c.group is None:
                continue
            res.checked["group"] += 1
            if complete and p in bounds and listed == n:
                lo_r, hi_r = bounds[p]
                allowed = {group_of_rank(r, n) for r in range(lo_r, min(hi_r, n) + 1)}
                span = f"{lo_r}" + (f"–{hi_r}" if hi_r != lo_r else "")
                basis = M("its scores place it at rank {span}", span=span).get(lang)
            elif c.rank is not None and c.rank <= n:
                allowed = {group_of_rank(c.rank, n)}
                basis = M("its rank is {rank}", rank=c.rank).get(lang)
            else:
                continue
            if c.group not in allowed:
                want = M(" or ").get(lang).join(group_label(g, lang) for g in GROUPS if g in allowed)
                res.findings.append(Finding("group", c.group_where or c.where, year, p, sb or d or AGGREGATE,
                                            f"{province_label(p, lang)} {year} {label}: " + M("group {value} contradicts the scores: {basis} of {n}, which is in group {want}", value=group_label(c.group, lang), basis=basis, n=n, want=want).get(lang)))
