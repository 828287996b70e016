"""``criteria check``, scoring pass: the bands of a leaf cover its input range with no gap and no overlap,
bands and choices give points within the node's, formulas parse and use declared inputs, inputs are
metrics declared in ``rules/``."""

from __future__ import annotations

import math

from compliance import formula as formulas
from compliance.criteria_lib.problems import EPS, Collector, num
from compliance.model.criteria import Band, BandsScoring, Node

def _intervals_text(lo: float, lo_incl: bool, hi: float, hi_incl: bool, lang: str) -> str:
    return f"{'[' if lo_incl else '('}{num(lo, lang)}; {num(hi, lang)}{']' if hi_incl else ')'}"


def _band_bounds(b: Band) -> tuple[float, bool, float, bool]:
    lo = -math.inf if b.min is None else b.min
    hi = math.inf if b.max is None else b.max
    return lo, (b.min_inclusive if b.min is not None else False), hi, (b.max_inclusive if b.max is not None else False)


def band_gaps_and_overlaps(scoring: BandsScoring) -> tuple[list[tuple], list[tuple]]:
    """Gaps and overlaps of ``scoring.bands`` over ``scoring.range``.

    Returns (gaps, overlaps): a gap is (lo, lo_inclusive, hi, hi_inclusive), an interval of the range
    that no band contains; an overlap is (i, j, lo, lo_inclusive, hi, hi_inclusive): bands i and j
    (0-based) both contain that interval. The range is [range[0], range[1]] with both ends included
    (``range[1]`` None = no upper bound).
    """
    r_lo = scoring.range[0]
    r_hi = math.inf if scoring.range[1] is None else scoring.range[1]
    r_hi_incl = scoring.range[1] is not None
    clipped = []
    for i, b in enumerate(scoring.bands):
        lo, lo_i, hi, hi_i = _band_bounds(b)
        if lo < r_lo:
            lo, lo_i = r_lo, True
        if hi > r_hi:
            hi, hi_i = r_hi, r_hi_incl
        if lo < hi or (lo == hi and lo_i and hi_i):
            clipped.append((lo, lo_i, hi, hi_i, i))
    overlaps = []
    for x in range(len(clipped)):
        for y in range(x + 1, len(clipped)):
            a, b = clipped[x], clipped[y]
            lo, lo_i = max((a[0], not a[1]), (b[0], not b[1]))
            lo_i = not lo_i
            hi, hi_i = min((a[2], a[3]), (b[2], b[3]))
            if lo < hi or (lo == hi and lo_i and hi_i):
                overlaps.append((a[4], b[4], lo, lo_i, hi, hi_i))
    gaps = []
    cursor, cursor_incl = r_lo, False  # covered up to cursor (cursor itself covered when cursor_incl)
    for lo, lo_i, hi, hi_i, _ in sorted(clipped, key=lambda c: (c[0], not c[1])):
        starts_after = lo > cursor or (lo == cursor and not cursor_incl and not lo_i)
        if starts_after:
            gaps.append((cursor, not cursor_incl, lo, not lo_i))
        if hi > cursor or (hi == cursor and hi_i):
            cursor, cursor_incl = hi, hi_i
    if cursor < r_hi or (cursor == r_hi and r_hi_incl and not cursor_incl):
        gaps.append((cursor, not cursor_incl, r_hi, r_hi_incl))
    return gaps, overlaps


def check_scoring(node: Node, loc: tuple, metrics: set[str] | None, out: Collector) -> None:
    nid, s = node.id, node.scoring
    sloc = loc + ("scoring",)
    lo_pts, hi_pts = node.min_points, node.max_points
    used_inputs: list[tuple[str, tuple]] = []
    if s.method == "bands":
        used_inputs.append((s.input, sloc + ("input",)))
        gaps, overlaps = band_gaps_and_overlaps(s)
        rng_vi = _intervals_text(s.range[0], True, math.inf if s.range[1] is None else s.range[1], s.range[1] is not None, "vi")
        rng_en = _intervals_text(s.range[0], True, math.inf if s.range[1] is None else s.range[1], s.range[1] is not None, "en")
        for g in gaps:
            out.add("band_gap", sloc + ("bands",),
                    f"không mức nào chứa các giá trị {_intervals_text(*g, 'vi')} trong phạm vi {rng_vi}",
                    f"no band contains the values {_intervals_text(*g, 'en')} of the range {rng_en}", node=nid)
        for i, j, *iv in overlaps:
            out.add("band_overlap", sloc + ("bands", j),
                    f"mức {i + 1} ({s.bands[i].describe('vi')}) và mức {j + 1} ({s.bands[j].describe('vi')}) cùng chứa {_intervals_text(*iv, 'vi')}",
                    f"band {i + 1} ({s.bands[i].describe('en')}) and band {j + 1} ({s.bands[j].describe('en')}) both contain {_intervals_text(*iv, 'en')}",
                    node=nid)
        r_hi = math.inf if s.range[1] is None else s.range[1]
        for i, b in enumerate(s.bands):
            blo, blo_i, bhi, bhi_i = _band_bounds(b)
            outside = bhi < s.range[0] or (bhi == s.range[0] and not bhi_i) or blo > r_hi or (blo == r_hi and not blo_i)
            if outside:
                out.add("band_range", sloc + ("bands", i),
                        f"mức {i + 1} ({b.describe('vi')}) nằm ngoài phạm vi {rng_vi}",
                        f"band {i + 1} ({b.describe('en')}) lies outside the range {rng_en}", node=nid)
            if hi_pts is not None and not (lo_pts - EPS <= b.points <= hi_pts + EPS):
                out.add("band_points", sloc + ("bands", i, "points"),
                        f"mức {i + 1} cho {num(b.points)} điểm, ngoài [{num(lo_pts)}; {num(hi_pts)}]",
                        f"band {i + 1} gives {num(b.points, 'en')} points, outside [{num(lo_pts, 'en')}; {num(hi_pts, 'en')}]", node=nid)
        best = max(b.points for b in s.bands)
        if hi_pts is not None and best < hi_pts - EPS:
            out.add("max_unreachable", sloc + ("bands",), f"mức cao nhất cho {num(best)} < điểm tối đa {num(hi_pts)}",
                    f"the best band gives {num(best, 'en')} < max points {num(hi_pts, 'en')}", "warning", nid)
    elif s.method == "choice":
        used_inputs.append((s.input, sloc + ("input",)))
        for key, pts in s.choices.items():
            if hi_pts is not None and not (lo_pts - EPS <= pts <= hi_pts + EPS):
                out.add("choice_points", sloc + ("choices", key),
                        f"lựa chọn '{key}' cho {num(pts)} điểm, ngoài [{num(lo_pts)}; {num(hi_pts)}]",
                        f"choice '{key}' gives {num(pts, 'en')} points, outside [{num(lo_pts, 'en')}; {num(hi_pts, 'en')}]", node=nid)
        best = max(s.choices.values())
        if hi_pts is not None and best < hi_pts - EPS:
            out.add("max_unreachable", sloc + ("choices",), f"lựa chọn cao nhất cho {num(best)} < điểm tối đa {num(hi_pts)}",
                    f"the best choice gives {num(best, 'en')} < max points {num(hi_pts, 'en')}", "warning", nid)
    elif s.method == "formula":
        try:
            names = formulas.names(s.formula)
        except formulas.FormulaError as exc:
            out.add("formula_syntax", sloc + ("formula",), f"công thức không đọc được: {exc}", f"formula cannot be read: {exc}", node=nid)
            names = None
        if names is not None:
            undeclared = sorted(names - set(s.inputs))
            unused = sorted(set(s.inputs) - names)
            if undeclared:
                out.add("formula_input", sloc + ("formula",),
                        f"công thức {s.formula} dùng {', '.join(undeclared)} nhưng inputs chỉ khai báo {', '.join(sorted(s.inputs))}",
                        f"formula {s.formula} uses {', '.join(undeclared)} but inputs declare only {', '.join(sorted(s.inputs))}", node=nid)
            if unused:
                out.add("formula_unused", sloc + ("inputs",), f"inputs khai báo {', '.join(unused)} nhưng công thức {s.formula} không dùng",
                        f"inputs declare {', '.join(unused)} but formula {s.formula} does not use them", "warning", nid)
        used_inputs += [(metric, sloc + ("inputs", name)) for name, metric in s.inputs.items()]
    elif s.method == "per_item":
        used_inputs.append((s.input, sloc + ("input",)))
    elif s.method == "survey" and s.input:
        used_inputs.append((s.input, sloc + ("input",)))
    if metrics is not None:
        for metric, mloc in used_inputs:
            if metric not in metrics:
                out.add("input_undeclared", mloc, f"dữ liệu '{metric}' chưa được khai báo là metric trong rules/",
                        f"input '{metric}' is not a metric declared in rules/", node=nid)
