"""``criteria diff A B``: what changed between two editions of a criteria set.

Nodes are matched in four passes, each only over nodes not matched yet:
1. same id and same name (names compared without case, diacritics or punctuation);
2. same name under another id (the node was renumbered or moved), when the name is unique on both sides;
3. same id, another name (the node was renamed);
4. similar names (difflib ratio ≥ 0.75), best pairs first (renamed and renumbered at once).
Whatever is left is removed (in A only) or added (in B only).

For each matched pair the change kinds are: ``renamed`` (Vietnamese name), ``moved`` (its parent is not
the match of its old parent), ``renumbered`` (same parent, other number; not reported when only implied
by a renumbered parent), ``points_changed`` (max points), ``bands_changed`` (band bounds, points or range),
``scoring_changed`` (another method, or other choices, formula, inputs, penalty), ``other_changed``
(min points, applies_to, evidence, confidence, counts, notes, band wording). Edition data (dates,
decision, scale, classes…) is compared separately.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from compliance.criteria_lib.problems import num
from compliance.i18n import M
from compliance.io.vnparse import normalize_key
from compliance.model.criteria import Edition, Node

KIND_ORDER = ["removed", "added", "moved", "renumbered", "renamed", "points_changed", "bands_changed",
              "scoring_changed", "other_changed"]
KIND_LABELS = {
    "removed": M("removed"), "added": M("added"), "moved": M("moved"),
    "renumbered": M("renumbered"), "renamed": M("renamed"),
    "points_changed": M("points changed"), "bands_changed": M("bands changed"),
    "scoring_changed": M("scoring changed"), "other_changed": M("other change"),
}
EDITION_KEYS = ("id", "title", "level", "unit_types", "valid_from", "valid_to", "model_set", "decision", "source",
                "confidence", "scale", "stated_total", "survey_points", "bonus_cap", "penalty_cap", "classes",
                "modelled_on", "notes", "listed_only", "known_counts")
SIMILAR = 0.75


@dataclass
class Change:
    """One change: ``kind`` (see :data:`KIND_ORDER`), ``old_id``/``new_id`` (None when added/removed),
    ``name`` (the node's Vietnamese name, new one when it exists), ``old``/``new`` (the values that
    changed, as text), ``detail`` (which keys, for other_changed)."""

    kind: str
    old_id: str | None
    new_id: str | None
    name: str
    old: str | None = None
    new: str | None = None
    detail: str | None = None


@dataclass
class EditionDiff:
    """Changes from edition ``a`` to edition ``b``: ``edition`` (key, old, new) and node ``changes``."""

    a: str
    b: str
    edition: list[tuple[str, str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"from": self.a, "to": self.b,
                "edition": [{"key": k, "old": o, "new": n} for k, o, n in self.edition],
                "changes": [asdict(c) for c in self.changes]}

    @property
    def empty(self) -> bool:
        return not self.edition and not self.changes


def _key(name: str) -> str:
    return normalize_key(name)


def _index(edition: Edition) -> tuple[dict[str, Node], dict[str, str | None]]:
    nodes: dict[str, Node] = {}
    parents: dict[str, str | None] = {}

    def walk(node: Node, parent: str | None) -> None:
        nodes[node.id] = node
        parents[node.id] = parent
        for child in node.children:
            walk(child, node.id)

    for f in edition.fields:
        walk(f, None)
    return nodes, parents


def match_nodes(a: Edition, b: Edition) -> dict[str, str]:
    """Old id → new id for every node matched (see the module doc for the four passes)."""
    na, _ = _index(a)
    nb, _ = _index(b)
    pairs: dict[str, str] = {}
    used_b: set[str] = set()

    def free_a():
        return [i for i in na if i not in pairs]

    def free_b():
        return [i for i in nb if i not in used_b]

    for i in free_a():
        if i in nb and i not in used_b and _key(na[i].name.vi) == _key(nb[i].name.vi):
            pairs[i], _ = i, used_b.add(i)
    by_name_a: dict[str, list[str]] = {}
    by_name_b: dict[str, list[str]] = {}
    for i in free_a():
        by_name_a.setdefault(_key(na[i].name.vi), []).append(i)
    for j in free_b():
        by_name_b.setdefault(_key(nb[j].name.vi), []).append(j)
    for name, ids in by_name_a.items():
        if len(ids) == 1 and len(by_name_b.get(name, [])) == 1:
            pairs[ids[0]] = by_name_b[name][0]
            used_b.add(by_name_b[name][0])
    for i in free_a():
        if i in nb and i not in used_b:
            pairs[i] = i
            used_b.add(i)
    scored = []
    for i in free_a():
        for j in free_b():
            ratio = difflib.SequenceMatcher(None, _key(na[i].name.vi), _key(nb[j].name.vi)).ratio()
            if ratio >= SIMILAR:
                scored.append((-ratio, i, j))
    for _, i, j in sorted(scored):
        if i not in pairs and j not in used_b:
            pairs[i] = j
            used_b.add(j)
    return pairs


def _bands_text(scoring) -> str:
    rng = f" [{num(scoring.range[0])}; {num(scoring.range[1]) if scoring.range[1] is not None else '∞'}]"
    return "; ".join(b.describe() for b in scoring.bands) + rng


def _bands_key(scoring) -> tuple:
    return (tuple(scoring.range), tuple((b.min, b.min_inclusive, b.max, b.max_inclusive, b.points) for b in scoring.bands))


def _scoring_text(scoring) -> str:
    """A short description of a scoring method for the diff table."""
    if scoring is None:
        return "(không có)"
    m = scoring.method
    if m == "bands":
        return f"{scoring.input}: " + _bands_text(scoring)
    if m == "choice":
        return f"{scoring.input}: " + "; ".join(f"{k} → {num(v)}" for k, v in scoring.choices.items())
    if m == "formula":
        zero = f"; mẫu số 0 → {num(scoring.when_zero)}" if scoring.when_zero is not None else ""
        return f"{scoring.formula} ({', '.join(f'{k} = {v}' for k, v in scoring.inputs.items())}){zero}"
    if m == "per_item":
        return f"{scoring.input}: −{num(scoring.penalty)} mỗi trường hợp, thấp nhất {num(scoring.floor)}"
    if m == "survey":
        return "điều tra XHH" + (f" ({scoring.input})" if scoring.input else "")
    return "tự đánh giá" + (f": {scoring.text}" if scoring.text else "")


def _comparable(scoring, node_id: str):
    """The scoring as data, with importer placeholder inputs (``input_<id>…``) blanked: they follow the id,
    so a renumbered node would otherwise look re-scored."""
    if scoring is None:
        return None
    data = scoring.model_dump(mode="json")
    stem = "input_" + node_id.replace(".", "_")
    if isinstance(data.get("input"), str) and data["input"] == stem:
        data["input"] = "<placeholder>"
    if isinstance(data.get("inputs"), dict):
        data["inputs"] = {k: ("<placeholder>" if v == f"{stem}_{k}" else v) for k, v in data["inputs"].items()}
    return data


OTHER_KEYS = ("min_points", "applies_to", "evidence", "confidence", "known_counts", "note", "source", "modelled_on")


def diff_editions(a: Edition, b: Edition) -> EditionDiff:
    """Every change from ``a`` to ``b``, ordered by kind then id."""
    result = EditionDiff(a.id, b.id)
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    for key in EDITION_KEYS:
        if da.get(key) != db.get(key):
            result.edition.append((key, _show(da.get(key)), _show(db.get(key))))
    na, pa = _index(a)
    nb, pb = _index(b)
    pairs = match_nodes(a, b)
    matched_b = set(pairs.values())
    changes: list[Change] = []
    for i, node in na.items():
        if i not in pairs:
            changes.append(Change("removed", i, None, node.name.vi, old=num(node.max_points)))
    for j, node in nb.items():
        if j not in matched_b:
            changes.append(Change("added", None, j, node.name.vi, new=num(node.max_points)))
    for i, j in pairs.items():
        x, y = na[i], nb[j]
        old_parent, new_parent = pa[i], pb[j]
        if x.name.vi != y.name.vi:
            changes.append(Change("renamed", i, j, y.name.vi, old=x.name.vi, new=y.name.vi))
        if (pairs.get(old_parent) if old_parent else None) != new_parent:
            changes.append(Change("moved", i, j, y.name.vi, old=old_parent or "(gốc)", new=new_parent or "(gốc)"))
        elif i != j:
            implied = old_parent is not None and pairs.get(old_parent) != old_parent and i.rsplit(".", 1)[-1] == j.rsplit(".", 1)[-1]
            if not implied:
                changes.append(Change("renumbered", i, j, y.name.vi, old=i, new=j))
        if x.max_points != y.max_points:
            changes.append(Change("points_changed", i, j, y.name.vi, old=num(x.max_points), new=num(y.max_points)))
        sx, sy = x.scoring, y.scoring
        cx, cy = _comparable(sx, i), _comparable(sy, j)
        if sx is not None and sy is not None and sx.method == sy.method == "bands" and cx["input"] == cy["input"]:
            if _bands_key(sx) != _bands_key(sy):
                changes.append(Change("bands_changed", i, j, y.name.vi, old=_bands_text(sx), new=_bands_text(sy)))
            elif [b.label for b in sx.bands] != [b.label for b in sy.bands]:
                changes.append(Change("other_changed", i, j, y.name.vi, old="; ".join(str(b.label) for b in sx.bands),
                                      new="; ".join(str(b.label) for b in sy.bands), detail="band wording"))
        elif cx != cy:
            changes.append(Change("scoring_changed", i, j, y.name.vi, old=_scoring_text(sx), new=_scoring_text(sy)))
        xd, yd = x.model_dump(mode="json"), y.model_dump(mode="json")
        keys = [k for k in OTHER_KEYS if xd.get(k) != yd.get(k)]
        if x.name.en != y.name.en:
            keys.insert(0, "name.en")
        if keys:
            changes.append(Change("other_changed", i, j, y.name.vi, old="; ".join(f"{k}={_show(_get(xd, k))}" for k in keys),
                                  new="; ".join(f"{k}={_show(_get(yd, k))}" for k in keys), detail=", ".join(keys)))
    order = {k: n for n, k in enumerate(KIND_ORDER)}
    changes.sort(key=lambda c: (order[c.kind], _sort_id(c.old_id or c.new_id)))
    result.changes = changes
    return result


def _get(data: dict, key: str):
    if key == "name.en":
        return data["name"].get("en")
    return data.get(key)


def _sort_id(node_id: str | None) -> tuple:
    return tuple(int(p) for p in node_id.split(".")) if node_id else ()


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return num(value)
    if isinstance(value, dict) and set(value) <= {"vi", "en"}:
        return value.get("vi") or ""
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value) or "(trống)"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items() if v is not None)
    return str(value)


def diff_table(d: EditionDiff, lang: str = "vi") -> str:
    """The diff as a text table (tabulate): edition changes first, then node changes."""
    from compliance.report.tables import tabulate

    en = lang == "en"
    out = [f"{M('From').get(lang)} {d.a} {M('to').get(lang)} {d.b}"]
    if d.edition:
        out.append(tabulate([[k, o, n] for k, o, n in d.edition],
                            headers=[M("Edition key").get(lang), M("Old").get(lang), M("New").get(lang)],
                            maxcolwidths=[None, 50, 50]))
    if d.changes:
        rows = [[KIND_LABELS[c.kind].get('en' if en else 'vi'), c.old_id or "", c.new_id or "", c.name, c.old or "", c.new or ""] for c in d.changes]
        heads = (["Change", "Old id", "New id", "Name", "Old", "New"] if en
                 else ["Thay đổi", "Mã cũ", "Mã mới", "Tên", "Cũ", "Mới"])
        out.append(tabulate(rows, headers=heads, maxcolwidths=[None, None, None, 40, 40, 40]))
    if d.empty:
        out.append(M("No changes").get(lang))
    counts = {}
    for c in d.changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    if counts:
        out.append(", ".join(f"{KIND_LABELS[k].get('en' if en else 'vi')}: {counts[k]}" for k in KIND_ORDER if k in counts))
    return "\n\n".join(out)
