"""The criteria tree as text: ``criteria tree ID`` and the body of ``criteria show ID``.

One line per node, indented two spaces per level: id, name, max points, and marks for what is not a
plain verified scored node (model value, unknown, content only counted, applies only to some unit
types, scoring method). Points are written the Vietnamese way ("14,5") unless ``lang='en'``.
"""

from __future__ import annotations

from compliance.criteria_lib.problems import num
from compliance.i18n import M, MC
from compliance.i18n.words import METHODS, pick
from compliance.model.criteria import Edition, Node
from compliance.vocab import Confidence, unit_type_word

LABELS = {
    "points": M("points"),
    "model": M("model value"),
    "unknown": MC("criteria_lib", "unknown"),
    "counted": M("counts only: {c} criteria, {s} sub-criteria"),
    "applies": M("applies only to: {u}"),
    "listed": M("edition listed with no content"),
    "total": MC("criteria_lib", "TOTAL"),
    "complete": MC("criteria_lib", "complete"),
    "incomplete": M("incomplete"),
}
"""A leaf's scoring method in words."""


def label(key: str, lang: str) -> str:
    """The label for ``key`` in ``lang`` (Vietnamese by default)."""
    return LABELS[key].get(lang)


def _marks(node: Node, edition: Edition, lang: str) -> list[str]:
    marks = []
    if node.scoring is not None:
        marks.append(pick(METHODS, node.scoring.method, lang))
    if node.confidence == Confidence.unknown:
        marks.append(label("unknown", lang))
    elif node.confidence == Confidence.model and not edition.model_set:
        marks.append(label("model", lang))
    if node.known_counts is not None and not node.children:
        c = node.known_counts
        marks.append(label("counted", lang).format(c="?" if c.criteria is None else c.criteria,
                                                    s="?" if c.sub_criteria is None else c.sub_criteria))
    if node.applies_to is not None:
        marks.append(label("applies", lang).format(u=", ".join(unit_type_word(u, lang) for u in node.applies_to)))
    return marks


def render_tree(edition: Edition, lang: str = "vi", width: int = 100) -> str:
    """The indented tree with points; the last line is the total of the fields (and the stated total)."""
    if edition.listed_only:
        return f"({label('listed', lang)})"
    rows: list[tuple[str, str, str]] = []

    def walk(node: Node, depth: int) -> None:
        name = node.name.get(lang)
        marks = _marks(node, edition, lang)
        rows.append(("  " * depth + f"{node.id}  {name}", num(node.max_points, lang), "; ".join(marks)))
        for child in node.children:
            walk(child, depth + 1)

    for field in edition.fields:
        walk(field, 0)
    tops = [f.max_points for f in edition.fields]
    total = num(sum(tops), lang) if all(t is not None for t in tops) else "?"
    stated = (f"{M('stated').get(lang)} {num(edition.stated_total, lang)}"
              if edition.stated_total is not None else "")
    rows.append((label("total", lang), total, stated))
    name_width = min(max(len(r[0]) for r in rows), width - 12)
    lines = []
    for text, points, marks in rows:
        if len(text) > name_width:
            text = text[: name_width - 1] + "…"
        line = f"{text:<{name_width}}  {points:>6}"
        lines.append(line + (f"  [{marks}]" if marks else ""))
    return "\n".join(lines)
