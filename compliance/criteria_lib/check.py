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
  declared in ``rules/`` (when the caller gives the declared ids, e.g.
  :func:`compliance.catalog.declared_metrics`);
- every leaf has a scoring method and an evidence list (survey leaves need no evidence; ``unknown`` nodes
  and nodes whose children are only counted are skipped: they are not scored);
- ``applies_to`` names known unit types, within the edition's unit types and the parent's;
- classification thresholds are strictly ordered and the lowest class starts at 0 %;
- counts a source states (``known_counts``) agree with each other and with the encoded nodes.

PAPI structure files (``criteria/papi/papi-*.yaml``) are checked by PAPI's own rules
(:func:`compliance.papi.structure.check_structure`), not by these.

The passes live apart: :mod:`.problems` (what a finding is), :mod:`.check_ids` (ids and unit types
before the schema), :mod:`.check_scoring` (bands, choices, formulas, inputs); this module walks the
tree (sums, evidence, counts, classes) and reads the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from compliance.criteria_lib.check_ids import raw_checks, sanitised
from compliance.criteria_lib.check_scoring import check_scoring
from compliance.criteria_lib.problems import EPS, CheckResult, Collector, Problem, num, sum_text
from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.files import shown
from compliance.io.yamlio import Locator, dotted_path, load_data
from compliance.model.criteria import Edition, Node

__all__ = ["check_edition", "check_file", "num"]


def _check_node(node: Node, loc: tuple, parent: Node | None, edition: Edition, metrics: set[str] | None,
                out: Collector) -> None:
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
                        f"điểm tối đa các nút con {sum_text(parts, 'vi')} = {num(total)} ≠ {num(node.max_points)} của {nid}",
                        f"children's max points {sum_text(parts, 'en')} = {num(total, 'en')} ≠ {num(node.max_points, 'en')} of {nid}",
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
        check_scoring(node, loc, metrics, out)


def _check_leaf(node: Node, loc: tuple, metrics: set[str] | None, out: Collector) -> None:
    nid = node.id
    if node.scoring is None:
        out.add("no_scoring", loc, f"tiêu chí {nid} không có cách chấm (scoring)", f"leaf {nid} has no scoring method", node=nid)
        return
    if not node.evidence and node.scoring.method != "survey":
        out.add("no_evidence", loc, f"tiêu chí {nid} không có danh sách tài liệu kiểm chứng (evidence)",
                f"leaf {nid} has no evidence list", node=nid)
    check_scoring(node, loc, metrics, out)


def _level_counts(nodes: Iterable[Node], relative: Node | None = None) -> dict[str, int]:
    """How many nodes of each level lie in the subtrees ``nodes`` (``relative`` itself not counted)."""
    counts = {"fields": 0, "criteria": 0, "sub_criteria": 0}
    for top in nodes:
        for n in top.walk():
            if n is not relative:
                counts[("fields", "criteria", "sub_criteria")[min(n.id.count("."), 2)]] += 1
    return counts


def _counts_against_nodes(counts, tops: list[Node], loc: tuple, out: Collector, nid: str | None,
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


def _check_counts(edition: Edition, out: Collector) -> None:
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
                    f"nguồn ghi {stated} {vi_name}; cộng theo từng lĩnh vực {sum_text(parts, 'vi')} = {sum(parts)}",
                    f"the source states {stated} {key.replace('_', '-')}; by field {sum_text(parts, 'en')} = {sum(parts)}",
                    "warning")


def _check_classes(edition: Edition, out: Collector) -> None:
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
    out = Collector(locator)
    raw_checks(raw if raw is not None else edition.model_dump(mode="json"), out)
    _tree_checks(edition, metrics, out)
    return out.problems


def _tree_checks(edition: Edition, metrics: set[str] | None, out: Collector) -> None:
    if edition.listed_only:
        return
    for i, f in enumerate(edition.fields):
        _check_node(f, ("fields", i), None, edition, metrics, out)
    tops = [f.max_points for f in edition.fields]
    if all(p is not None for p in tops):
        total = sum(tops)
        if abs(total - edition.scale) > EPS:
            out.add("scale", ("scale",), f"các lĩnh vực {sum_text(tops, 'vi')} = {num(total)} ≠ thang điểm {num(edition.scale)}",
                    f"fields {sum_text(tops, 'en')} = {num(total, 'en')} ≠ scale {num(edition.scale, 'en')}")
        if edition.stated_total is not None and abs(total - edition.stated_total) > EPS:
            out.add("stated_total", ("stated_total",),
                    f"dòng TỔNG CỘNG ghi {num(edition.stated_total)} nhưng các lĩnh vực {sum_text(tops, 'vi')} = {num(total)}",
                    f"the TỔNG CỘNG row states {num(edition.stated_total, 'en')} but the fields add up {sum_text(tops, 'en')} = {num(total, 'en')}")
    survey = [n.max_points for n in edition.nodes() if n.is_leaf and n.scoring is not None and n.scoring.method == "survey"]
    # survey leaves may sit below nodes whose content is unknown: their sum is only checked on a full tree
    if not edition.incomplete and all(p is not None for p in survey) and abs(sum(survey) - edition.survey_points) > EPS:
        out.add("survey_points", ("survey_points",),
                f"các tiêu chí điều tra XHH {sum_text(survey, 'vi')} = {num(sum(survey))} ≠ survey_points {num(edition.survey_points)}",
                f"survey leaves {sum_text(survey, 'en')} = {num(sum(survey), 'en')} ≠ survey_points {num(edition.survey_points, 'en')}")
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
    if edition.incomplete and edition.survey_points:
        notes.append((f"survey_points {num(edition.survey_points)}: các tiêu chí điều tra XHH chưa được mã hóa hết, chưa đối chiếu được",
                      f"survey_points {num(edition.survey_points, 'en')}: the survey criteria are not all encoded, not checked"))
    counted = [n.id for n in edition.nodes() if n.content_unknown and n.max_points is not None]
    if counted:
        notes.append((f"nội dung bên dưới {', '.join(counted)} chưa rõ (unknown): không chấm, không kiểm tra",
                      f"content below {', '.join(counted)} unknown: not scored, not checked"))
    return notes


def check_file(path: str | Path, metrics: set[str] | None = None) -> CheckResult:
    """Check one criteria file: a PAR INDEX edition, or a PAPI structure file (by PAPI's rules).

    ``metrics``: the metric ids declared in ``rules/`` (:func:`compliance.catalog.declared_metrics`) to
    check scoring inputs against; None skips that check. Raises :class:`InputError` when the file cannot be read as YAML/JSON
    or is neither kind of criteria file; schema violations are findings (kind ``schema``), not errors.
    """
    path = Path(path)
    data, locator = load_data(path)
    if not isinstance(data, dict):
        raise InputError(path, M("not a criteria file: expected a mapping with 'fields' (PAR INDEX) or 'dimensions' (PAPI)"))
    if "dimensions" in data:
        return _check_papi(path)
    if "fields" not in data and "listed_only" not in data:
        raise InputError(path, M("not a criteria file: expected 'fields' (PAR INDEX edition) or 'dimensions' (PAPI structure)"))
    out = Collector(locator)
    raw_checks(data, out)
    flagged = {(p.path) for p in out.problems}
    try:
        edition = Edition.model_validate(sanitised(data))
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
    _tree_checks(edition, metrics or None, out)
    return CheckResult(shown(path), "par_index", edition.id, out.problems, _notes(edition))


def _check_papi(path: Path) -> CheckResult:
    from compliance.papi.structure import check_structure, load_structure_file

    structure = load_structure_file(path)
    problems = [Problem("papi", "", text, text) for text in check_structure(structure)]
    return CheckResult(shown(path), "papi", structure.id, problems)
