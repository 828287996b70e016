"""``criteria check``: verify a criteria file the way a decision-table tool verifies its tables.

Every problem is one :class:`Problem`: its kind (see :data:`KINDS`), the YAML path of the node or key at
fault (with the line when the file was read from disk), the node id, and a message that shows the
arithmetic ("children's max points 1 + 0.5 = 1.5 ≠ 2"). Severity ``error`` makes the file wrong;
``warning`` is something to look at (a source whose own counts disagree, an unused formula input).

What is checked on a PAR INDEX edition (compliance.model.criteria.Edition):

- ids are STT numbering, unique, extend their parent's id by one number, and siblings run 1, 2, 3… in order;
- children's max points add up to their parent's; the fields add up to the declared ``scale``; a stated
  total row ("TỔNG CỘNG", ``stated_total``) equals the sum of the fields; survey leaves add up to
  ``survey_points``;
- the bands of each leaf cover the whole input range with no gap and no overlap, and give points inside
  [min_points, max_points]; choices give points inside that range; the best band or choice reaches the
  node's max (warning otherwise);
- formulas parse in the formula language and use only declared inputs; every input names a metric
  declared in ``rules/`` (when a rule book is given);
- every leaf has a scoring method and an evidence list (survey leaves need no evidence; ``unknown`` nodes
  and nodes whose children are only counted are skipped: they are not scored);
- ``applies_to`` names known unit types, within the edition's unit types and the parent's;
- classification thresholds are strictly ordered and the lowest class starts at 0 %;
- counts a source states (``known_counts``) agree with each other and with the encoded nodes.

PAPI structure files (``criteria/papi/papi-*.yaml``) are checked by PAPI's own rules
(:func:`compliance.papi.structure.check_structure`), not by these.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from compliance import formula as formulas
from compliance.errors import InputError
from compliance.io.yamlio import Locator, dotted_path, load_data
from compliance.model.criteria import NODE_ID, Band, BandsScoring, Edition, Node
from compliance.vocab import UnitType

#: kind → (Vietnamese, English) description; one test per kind in tests/test_criteria_check.py.
KINDS: dict[str, tuple[str, str]] = {
    "schema": ("sai cấu trúc tệp tiêu chí", "does not match the criteria file schema"),
    "id_format": ("mã không theo số thứ tự (STT) như '3', '3.2', '3.2.1'", "id is not STT numbering such as '3', '3.2', '3.2.1'"),
    "id_duplicate": ("mã trùng", "id used twice"),
    "id_parent": ("mã không nối tiếp mã của nút cha", "id does not extend its parent's id"),
    "id_sequence": ("số thứ tự không liên tục (thiếu hoặc sai thứ tự)", "siblings not numbered 1, 2, 3… in order"),
    "children_sum": ("tổng điểm các nút con khác điểm nút cha", "children's max points do not add up to the parent's"),
    "scale": ("tổng điểm các lĩnh vực khác thang điểm", "fields do not add up to the scale"),
    "stated_total": ("dòng TỔNG CỘNG khác tổng các lĩnh vực", "stated total differs from the sum of the fields"),
    "survey_points": ("tổng điểm điều tra XHH khác survey_points", "survey leaves do not add up to survey_points"),
    "min_points": ("điểm tối thiểu lớn hơn điểm tối đa", "min_points above max_points"),
    "band_gap": ("các mức chấm để hở khoảng giá trị", "bands leave a gap"),
    "band_overlap": ("các mức chấm chồng lên nhau", "bands overlap"),
    "band_range": ("mức chấm nằm ngoài phạm vi giá trị", "band lies outside the input range"),
    "band_points": ("điểm của mức chấm ngoài [điểm tối thiểu, điểm tối đa]", "band points outside [min_points, max_points]"),
    "choice_points": ("điểm lựa chọn ngoài [điểm tối thiểu, điểm tối đa]", "choice points outside [min_points, max_points]"),
    "max_unreachable": ("không mức nào đạt điểm tối đa", "no band or choice reaches the max points"),
    "formula_syntax": ("công thức không đọc được", "formula cannot be read"),
    "formula_input": ("công thức dùng đại lượng chưa khai báo", "formula uses an undeclared input"),
    "formula_unused": ("đại lượng khai báo nhưng công thức không dùng", "declared input not used by the formula"),
    "input_undeclared": ("dữ liệu đầu vào chưa khai báo trong rules/", "input is not a metric declared in rules/"),
    "no_scoring": ("tiêu chí không có cách chấm", "leaf has no scoring method"),
    "no_evidence": ("tiêu chí không có tài liệu kiểm chứng", "leaf has no evidence list"),
    "unit_type": ("loại đơn vị không có trong danh mục", "unknown unit type"),
    "unit_type_outside": ("loại đơn vị áp dụng ngoài phạm vi của bộ hoặc nút cha", "applies_to outside the edition's or parent's unit types"),
    "class_order": ("ngưỡng xếp loại không theo thứ tự", "classification thresholds not ordered"),
    "counts": ("số lượng nút theo nguồn không khớp", "node counts stated by the source disagree"),
    "papi": ("vi phạm quy tắc cấu trúc PAPI", "breaks a PAPI structure rule"),
}

EPS = 1e-6


def num(value: float | None, lang: str = "vi") -> str:
    """A number as a person writes it: ``1.5`` → "1,5" in Vietnamese, "1.5" in English; None → "?"."""
    if value is None:
        return "?"
    if value in (math.inf, -math.inf):
        return "∞" if value > 0 else "−∞"
    text = f"{round(value, 6):g}" if abs(value) < 1e15 else repr(value)
    return text.replace(".", ",") if lang == "vi" else text


def _sum_text(parts: list[float], lang: str) -> str:
    return " + ".join(num(p, lang) for p in parts) if parts else "0"


@dataclass(frozen=True)
class Problem:
    """One finding: ``kind`` (a key of :data:`KINDS`), ``path`` (YAML path, e.g. ``fields[0].children[1]``),
    ``node`` (the node id, if any), ``vi``/``en`` (the message with its arithmetic), ``severity``
    (``error`` or ``warning``) and ``line`` (1-based, when known)."""

    kind: str
    path: str
    vi: str
    en: str
    severity: str = "error"
    node: str | None = None
    line: int | None = None

    def text(self, lang: str = "vi") -> str:
        """One line: ``line 12, fields[0].children[1] (1.2): error children_sum: …``."""
        where = (f"line {self.line}, " if self.line else "") + (self.path or "(top level)")
        if self.node:
            where += f" ({self.node})"
        label = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning")}[self.severity][lang == "en"]
        return f"{where}: {label} {self.kind}: {self.en if lang == 'en' else self.vi}"


@dataclass
class CheckResult:
    """What ``check_file`` found: ``problems`` and ``notes`` (what could not be checked and why, vi/en)."""

    path: str | None
    kind: str  # "par_index" or "papi"
    edition_id: str | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def to_json(self) -> dict:
        return {"file": self.path, "kind": self.kind, "edition": self.edition_id,
                "errors": len(self.errors), "warnings": len(self.problems) - len(self.errors),
                "problems": [asdict(p) for p in self.problems],
                "notes": [{"vi": vi, "en": en} for vi, en in self.notes]}


class _Collector:
    def __init__(self, locator: Locator | None):
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, kind: str, loc: tuple, vi: str, en: str, severity: str = "error", node: str | None = None) -> None:
        line = self.locator.line_of(loc) if self.locator else None
        self.problems.append(Problem(kind, dotted_path(loc), vi, en, severity, node, line))


# -- raw pass: ids and unit types, before the schema (so a bad id is a finding, not a load failure) ----

def _raw_nodes(data: Any) -> Iterable[tuple[tuple, dict, tuple | None, dict | None]]:
    """(loc, node dict, parent loc, parent dict) for every node dict in raw data, depth first."""

    def walk(items, loc, parent_loc, parent):
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, dict):
                here = loc + (i,)
                yield here, item, parent_loc, parent
                yield from walk(item.get("children"), here + ("children",), here, item)

    if isinstance(data, dict):
        yield from walk(data.get("fields"), ("fields",), None, None)


def _raw_checks(data: Any, out: _Collector) -> None:
    seen: dict[str, tuple] = {}
    siblings: dict[tuple | None, list[tuple[tuple, str]]] = {}
    for loc, node, parent_loc, parent in _raw_nodes(data):
        raw_id = node.get("id")
        node_id = "" if raw_id is None else str(raw_id)
        if raw_id is None:
            continue  # the schema pass reports a missing id
        if not isinstance(raw_id, str) or not NODE_ID.match(node_id):
            out.add("id_format", loc + ("id",), f"mã '{node_id}' không theo số thứ tự (STT) như '3', '3.2', '3.2.1'"
                    + (" (viết trong dấu nháy: \"1\")" if not isinstance(raw_id, str) else ""),
                    f"id '{node_id}' is not STT numbering such as '3', '3.2', '3.2.1'"
                    + (" (quote it: \"1\")" if not isinstance(raw_id, str) else ""), node=node_id)
            continue
        if node_id in seen:
            out.add("id_duplicate", loc + ("id",), f"mã {node_id} đã dùng tại {dotted_path(seen[node_id])}",
                    f"id {node_id} is already used at {dotted_path(seen[node_id])}", node=node_id)
            continue
        seen[node_id] = loc
        parent_id = str(parent.get("id")) if parent is not None else None
        expected_prefix = parent_id + "." if parent_id else ""
        depth_ok = node_id.count(".") == (0 if parent_id is None else parent_id.count(".") + 1)
        if parent_id is not None and NODE_ID.match(parent_id) and not (node_id.startswith(expected_prefix) and depth_ok):
            out.add("id_parent", loc + ("id",), f"mã {node_id} nằm dưới {parent_id} nên phải có dạng {parent_id}.n",
                    f"id {node_id} sits under {parent_id}, so it must read {parent_id}.n", node=node_id)
            continue
        if parent_id is None and not depth_ok:
            out.add("id_parent", loc + ("id",), f"lĩnh vực phải có mã một số (như '3'), không phải {node_id}",
                    f"a field's id is one number (such as '3'), not {node_id}", node=node_id)
            continue
        siblings.setdefault(parent_loc, []).append((loc, node_id))
    for group in siblings.values():
        for expected, (loc, node_id) in enumerate(group, start=1):
            last = int(node_id.rsplit(".", 1)[-1])
            if last != expected:
                prev = group[expected - 2][1] if expected > 1 else None
                vi = (f"sau {prev} phải là số {expected}, gặp {node_id}" if prev else f"nút đầu tiên phải là số 1, gặp {node_id}")
                en = (f"after {prev} comes number {expected}, found {node_id}" if prev else f"the first node must be number 1, found {node_id}")
                out.add("id_sequence", loc + ("id",), vi, en, node=node_id)
                break
    known = {u.value for u in UnitType}
    for loc, node, _, _ in _raw_nodes(data):
        applies = node.get("applies_to")
        if isinstance(applies, list):
            for j, name in enumerate(applies):
                if str(name) not in known:
                    out.add("unit_type", loc + ("applies_to", j), f"loại đơn vị '{name}' không có (có: {', '.join(sorted(known))})",
                            f"unknown unit type '{name}' (known: {', '.join(sorted(known))})", node=str(node.get("id")))
    if isinstance(data, dict) and isinstance(data.get("unit_types"), list):
        for j, name in enumerate(data["unit_types"]):
            if str(name) not in known:
                out.add("unit_type", ("unit_types", j), f"loại đơn vị '{name}' không có (có: {', '.join(sorted(known))})",
                        f"unknown unit type '{name}' (known: {', '.join(sorted(known))})")


def _sanitised(data: dict) -> dict:
    """A copy whose bad ids and unknown unit types are replaced, so the tree checks can still run."""
    known = {u.value for u in UnitType}
    counter = iter(range(900000, 10**9))

    def fix(items):
        out = []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                out.append(item)
                continue
            item = dict(item)
            if "id" in item and not (isinstance(item["id"], str) and NODE_ID.match(item["id"])):
                item["id"] = str(next(counter))
            if isinstance(item.get("applies_to"), list):
                item["applies_to"] = [u for u in item["applies_to"] if str(u) in known]
            if "children" in item:
                item["children"] = fix(item["children"])
            out.append(item)
        return out

    data = dict(data)
    if "fields" in data:
        data["fields"] = fix(data["fields"])
    if isinstance(data.get("unit_types"), list):
        data["unit_types"] = [u for u in data["unit_types"] if str(u) in known] or data["unit_types"]
    return data


# -- tree pass on the validated edition -------------------------------------------------------------

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


def _check_node(node: Node, loc: tuple, parent: Node | None, edition: Edition, metrics: set[str] | None,
                out: _Collector) -> None:
    nid = node.id
    if node.max_points is not None and node.min_points > node.max_points + EPS:
        out.add("min_points", loc + ("min_points",), f"điểm tối thiểu {num(node.min_points)} > điểm tối đa {num(node.max_points)}",
                f"min_points {num(node.min_points, 'en')} > max_points {num(node.max_points, 'en')}", node=nid)
    if node.applies_to is not None:
        outside_edition = [u.value for u in node.applies_to if u not in edition.unit_types]
        parent_types = parent.applies_to if parent is not None else None
        outside_parent = [u.value for u in node.applies_to if parent_types is not None and u not in parent_types]
        if outside_edition:
            out.add("unit_type_outside", loc + ("applies_to",),
                    f"áp dụng cho {', '.join(outside_edition)} nhưng bộ tiêu chí chỉ dành cho {', '.join(u.value for u in edition.unit_types)}",
                    f"applies to {', '.join(outside_edition)} but the edition is for {', '.join(u.value for u in edition.unit_types)}",
                    "warning", nid)
        elif outside_parent:
            out.add("unit_type_outside", loc + ("applies_to",),
                    f"áp dụng cho {', '.join(outside_parent)} nhưng nút cha {parent.id} chỉ áp dụng cho {', '.join(u.value for u in parent_types)}",
                    f"applies to {', '.join(outside_parent)} but parent {parent.id} applies only to {', '.join(u.value for u in parent_types)}",
                    "warning", nid)
    if node.children:
        parts = [c.max_points for c in node.children]
        if node.max_points is not None and all(p is not None for p in parts):
            total = sum(parts)
            if abs(total - node.max_points) > EPS:
                out.add("children_sum", loc + ("max_points",),
                        f"điểm tối đa các nút con {_sum_text(parts, 'vi')} = {num(total)} ≠ {num(node.max_points)} của {nid}",
                        f"children's max points {_sum_text(parts, 'en')} = {num(total, 'en')} ≠ {num(node.max_points, 'en')} of {nid}",
                        node=nid)
        if node.known_counts is not None:
            _counts_against_nodes(node.known_counts, [node], loc + ("known_counts",), out, nid, relative=node)
        for i, child in enumerate(node.children):
            _check_node(child, loc + ("children", i), node, edition, metrics, out)
    if node.content_unknown:
        return
    if node.is_leaf:
        _check_leaf(node, loc, metrics, out)
    elif node.scoring is not None:
        _check_scoring(node, loc, metrics, out)


def _check_leaf(node: Node, loc: tuple, metrics: set[str] | None, out: _Collector) -> None:
    nid = node.id
    if node.scoring is None:
        out.add("no_scoring", loc, f"tiêu chí {nid} không có cách chấm (scoring)", f"leaf {nid} has no scoring method", node=nid)
        return
    if not node.evidence and node.scoring.method != "survey":
        out.add("no_evidence", loc, f"tiêu chí {nid} không có danh sách tài liệu kiểm chứng (evidence)",
                f"leaf {nid} has no evidence list", node=nid)
    _check_scoring(node, loc, metrics, out)


def _check_scoring(node: Node, loc: tuple, metrics: set[str] | None, out: _Collector) -> None:
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
                    f"mức {i + 1} ({s.bands[i].describe()}) và mức {j + 1} ({s.bands[j].describe()}) cùng chứa {_intervals_text(*iv, 'vi')}",
                    f"band {i + 1} ({s.bands[i].describe()}) and band {j + 1} ({s.bands[j].describe()}) both contain {_intervals_text(*iv, 'en')}",
                    node=nid)
        r_hi = math.inf if s.range[1] is None else s.range[1]
        for i, b in enumerate(s.bands):
            blo, blo_i, bhi, bhi_i = _band_bounds(b)
            outside = bhi < s.range[0] or (bhi == s.range[0] and not bhi_i) or blo > r_hi or (blo == r_hi and not blo_i)
            if outside:
                out.add("band_range", sloc + ("bands", i),
                        f"mức {i + 1} ({b.describe()}) nằm ngoài phạm vi {rng_vi}",
                        f"band {i + 1} ({b.describe()}) lies outside the range {rng_en}", node=nid)
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


def _level_counts(nodes: Iterable[Node], relative: Node | None = None) -> dict[str, int]:
    """How many nodes of each level lie in the subtrees ``nodes`` (``relative`` itself not counted)."""
    counts = {"fields": 0, "criteria": 0, "sub_criteria": 0}
    for top in nodes:
        for n in top.walk():
            if n is not relative:
                counts[("fields", "criteria", "sub_criteria")[min(n.id.count("."), 2)]] += 1
    return counts


def _counts_against_nodes(counts, tops: list[Node], loc: tuple, out: _Collector, nid: str | None,
                          relative: Node | None = None) -> None:
    """Stated counts vs encoded nodes, for a subtree that is fully encoded."""
    if any(n.content_unknown for top in tops for n in top.walk()):
        return
    actual = _level_counts(tops, relative)
    for key, vi_name in (("fields", "lĩnh vực"), ("criteria", "tiêu chí"), ("sub_criteria", "tiêu chí thành phần")):
        stated = getattr(counts, key)
        if stated is not None and stated != actual[key]:
            out.add("counts", loc + (key,), f"nguồn ghi {stated} {vi_name} nhưng tệp có {actual[key]}",
                    f"the source states {stated} {key.replace('_', '-')} but the file encodes {actual[key]}", node=nid)


def _check_counts(edition: Edition, out: _Collector) -> None:
    counts = edition.known_counts
    if counts is None:
        return
    if counts.fields is not None and edition.fields and counts.fields != len(edition.fields):
        out.add("counts", ("known_counts", "fields"), f"nguồn ghi {counts.fields} lĩnh vực nhưng tệp có {len(edition.fields)}",
                f"the source states {counts.fields} fields but the file encodes {len(edition.fields)}")
    for key, vi_name in (("criteria", "tiêu chí"), ("sub_criteria", "tiêu chí thành phần")):
        stated = getattr(counts, key)
        if stated is None or not edition.fields:
            continue
        parts: list[int] = []
        for f in edition.fields:
            if f.known_counts is not None and not f.children and getattr(f.known_counts, key) is not None:
                parts.append(getattr(f.known_counts, key))
            elif f.children and not any(n.content_unknown for n in f.walk()):
                parts.append(_level_counts([f])[key])
            else:
                parts = []
                break
        if parts and sum(parts) != stated:
            out.add("counts", ("known_counts", key),
                    f"nguồn ghi {stated} {vi_name}; cộng theo từng lĩnh vực {_sum_text(parts, 'vi')} = {sum(parts)}",
                    f"the source states {stated} {key.replace('_', '-')}; by field {_sum_text(parts, 'en')} = {sum(parts)}",
                    "warning")


def _check_classes(edition: Edition, out: _Collector) -> None:
    mins = [c.min for c in edition.classes]
    if not mins:
        return
    descending = all(a > b for a, b in zip(mins, mins[1:]))
    ascending = all(a < b for a, b in zip(mins, mins[1:]))
    shown_vi = ", ".join(f"{c.name.vi} ≥ {num(c.min)}" for c in edition.classes)
    shown_en = ", ".join(f"{c.name.get('en')} ≥ {num(c.min, 'en')}" for c in edition.classes)
    if not (descending or ascending):
        out.add("class_order", ("classes",), f"ngưỡng xếp loại không tăng hoặc giảm đều: {shown_vi}",
                f"thresholds neither strictly descending nor ascending: {shown_en}")
    if min(mins) > EPS:
        out.add("class_order", ("classes",), f"loại thấp nhất bắt đầu từ {num(min(mins))}%: chỉ số dưới mức đó không được xếp loại",
                f"the lowest class starts at {num(min(mins), 'en')}%: an index below it gets no class")


def check_edition(edition: Edition, locator: Locator | None = None, metrics: set[str] | None = None,
                  raw: Any = None) -> list[Problem]:
    """Every problem of a validated edition (tree, arithmetic, bands, formulas, evidence, classes, counts).

    ``raw``: the file's data, for the id checks (if None, it is rebuilt from the edition); ``metrics``: the
    metric ids declared in ``rules/`` (None skips the ``input_undeclared`` check).
    """
    out = _Collector(locator)
    _raw_checks(raw if raw is not None else edition.model_dump(mode="json"), out)
    _tree_checks(edition, metrics, out)
    return out.problems


def _tree_checks(edition: Edition, metrics: set[str] | None, out: _Collector) -> None:
    if edition.listed_only:
        return
    for i, f in enumerate(edition.fields):
        _check_node(f, ("fields", i), None, edition, metrics, out)
    tops = [f.max_points for f in edition.fields]
    if all(p is not None for p in tops):
        total = sum(tops)
        if abs(total - edition.scale) > EPS:
            out.add("scale", ("scale",), f"các lĩnh vực {_sum_text(tops, 'vi')} = {num(total)} ≠ thang điểm {num(edition.scale)}",
                    f"fields {_sum_text(tops, 'en')} = {num(total, 'en')} ≠ scale {num(edition.scale, 'en')}")
        if edition.stated_total is not None and abs(total - edition.stated_total) > EPS:
            out.add("stated_total", ("stated_total",),
                    f"dòng TỔNG CỘNG ghi {num(edition.stated_total)} nhưng các lĩnh vực {_sum_text(tops, 'vi')} = {num(total)}",
                    f"the TỔNG CỘNG row states {num(edition.stated_total, 'en')} but the fields add up {_sum_text(tops, 'en')} = {num(total, 'en')}")
    survey = [n.max_points for n in edition.nodes() if n.is_leaf and n.scoring is not None and n.scoring.method == "survey"]
    if all(p is not None for p in survey) and abs(sum(survey) - edition.survey_points) > EPS:
        out.add("survey_points", ("survey_points",),
                f"các tiêu chí điều tra XHH {_sum_text(survey, 'vi')} = {num(sum(survey))} ≠ survey_points {num(edition.survey_points)}",
                f"survey leaves {_sum_text(survey, 'en')} = {num(sum(survey), 'en')} ≠ survey_points {num(edition.survey_points, 'en')}")
    _check_counts(edition, out)
    _check_classes(edition, out)


def _notes(edition: Edition) -> list[tuple[str, str]]:
    notes = []
    if edition.listed_only:
        notes.append(("bộ tiêu chí chỉ được liệt kê (số, ngày), chưa có nội dung: không có gì để kiểm tra",
                      "edition listed by number and date with no content: nothing to check"))
    unknown_pts = [n.id for n in edition.nodes() if n.max_points is None]
    if unknown_pts:
        notes.append((f"chưa rõ điểm tối đa của {', '.join(unknown_pts)}: không kiểm tra được tổng điểm",
                      f"max points unknown for {', '.join(unknown_pts)}: sums not checked"))
    counted = [n.id for n in edition.nodes() if n.content_unknown and n.max_points is not None]
    if counted:
        notes.append((f"nội dung bên dưới {', '.join(counted)} chưa rõ (unknown): không chấm, không kiểm tra",
                      f"content below {', '.join(counted)} unknown: not scored, not checked"))
    return notes


def declared_metrics() -> set[str] | None:
    """Metric ids declared in ``rules/`` (None when the rule book cannot be loaded)."""
    try:
        from compliance.catalog import rulebook
        return set(rulebook().metrics)
    except InputError:
        return None


def check_file(path: str | Path, metrics: set[str] | None | bool = True) -> CheckResult:
    """Check one criteria file: a PAR INDEX edition, or a PAPI structure file (by PAPI's rules).

    ``metrics``: True (default) checks inputs against the metrics declared in ``rules/``; a set uses those
    ids; None/False skips that check. Raises :class:`InputError` when the file cannot be read as YAML/JSON
    or is neither kind of criteria file; schema violations are findings (kind ``schema``), not errors.
    """
    path = Path(path)
    data, locator = load_data(path)
    if not isinstance(data, dict):
        raise InputError(path, "not a criteria file: expected a mapping with 'fields' (PAR INDEX) or 'dimensions' (PAPI)")
    if "dimensions" in data:
        return _check_papi(path)
    if "fields" not in data and "listed_only" not in data:
        raise InputError(path, "not a criteria file: expected 'fields' (PAR INDEX edition) or 'dimensions' (PAPI structure)")
    out = _Collector(locator)
    _raw_checks(data, out)
    flagged = {(p.path) for p in out.problems}
    try:
        edition = Edition.model_validate(_sanitised(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            if dotted_path(loc) in flagged or (loc and loc[-1] == "id") or "applies_to" in loc or "unit_types" in loc:
                continue
            message = err["msg"]
            if err["type"] == "extra_forbidden":
                message = f"unknown key '{loc[-1]}' (misspelt?)"
            elif err["type"] == "missing":
                message = f"required key '{loc[-1]}' is missing"
            out.add("schema", loc, f"sai cấu trúc: {message}", message)
        return CheckResult(shown(path), "par_index", data.get("id"), out.problems,
                           [("tệp không khớp cấu trúc nên chưa kiểm tra cây điểm", "the file does not match the schema: tree checks not run")])
    if metrics is True:
        metrics = declared_metrics()
    _tree_checks(edition, metrics or None, out)
    return CheckResult(shown(path), "par_index", edition.id, out.problems, _notes(edition))


def shown(path: Path) -> str:
    from compliance.criteria_lib.files import shown as _shown

    return _shown(path)


def _check_papi(path: Path) -> CheckResult:
    from compliance.papi.structure import check_structure, load_structure_file

    structure = load_structure_file(path)
    problems = [Problem("papi", "", text, text) for text in check_structure(structure)]
    return CheckResult(shown(path), "papi", structure.id, problems)
