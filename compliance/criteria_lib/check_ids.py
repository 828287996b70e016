"""``criteria check``, raw pass: ids and unit types, read before the schema so that a bad id is a
finding (:class:`~compliance.criteria_lib.problems.Problem`), not a load failure."""

from __future__ import annotations

from typing import Any, Iterable

from compliance.criteria_lib.problems import Collector
from compliance.io.yamlio import dotted_path
from compliance.model.criteria import NODE_ID
from compliance.vocab import UnitType

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


def raw_checks(data: Any, out: Collector) -> None:
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


def sanitised(data: dict) -> dict:
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
