"""Dossier figures as reports write them: totals with their "trong đó" breakdowns, shares, levels.

A *breakdown* is a total followed by "trong đó" and its parts, at the top level of a sentence ("Đã
giải quyết 27.010 hồ sơ, trong đó: trước hạn 5.072 hồ sơ …") or nested in brackets after a count
("03 hồ sơ của Sở Kế hoạch và Đầu tư (trong đó: 01 hồ sơ …; 02 hồ sơ …)"). Each part is named by the
words around it (:func:`measure`): early / on_time / late, online / in_person_post / carried_over,
resolved / pending, the level (cấp tỉnh / huyện / xã), satisfied / dissatisfied.

A *figure* is one dossier count the report states for the whole report or for one level
(received, online, resolved, early, on_time, late, pending…), with its place: the checks of
:mod:`compliance.lint.checks` compare them and :mod:`compliance.lint.extract` maps them to a
submission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from compliance.io.vnparse import normalize_key
from compliance.lint.numbers import Convention, Num, numbers
from compliance.lint.reader import Doc, Para

#: measure → phrases (without diacritics) that name it; the first match in this order wins
MEASURES: list[tuple[str, tuple[str, ...]]] = [
    ("early_on_time", ("truoc han va dung han", "dung han va truoc han", "truoc va dung han", "dung va truoc han")),
    ("early", ("truoc han",)),
    ("on_time", ("dung han", "dung thoi han")),
    ("within", ("trong han", "chua den han", "con han")),
    ("late", ("qua han", "tre han", "tre hen", "cham tra")),
    ("online", ("truc tuyen",)),
    ("in_person_post", ("truc tiep", "buu chinh")),
    ("carried_over", ("ky truoc chuyen", "ton ky truoc", "ton tu ky truoc", "chuyen sang", "chuyen qua")),
    ("new", ("moi tiep nhan", "tiep nhan moi", "moi trong ky")),
    ("pending", ("dang giai quyet", "chua giai quyet", "dang xu ly")),
    ("resolved", ("da giai quyet", "giai quyet xong", "da xu ly")),
    ("received", ("tiep nhan", "nhan giai quyet", "tong so ho so", "can xu ly")),
    ("not_done", ("chua thuc hien", "chua hoan thanh", "chua trien khai")),
    ("doing", ("dang thuc hien", "dang trien khai")),
    ("done", ("da hoan thanh", "hoan thanh")),
    ("very_satisfied", ("rat hai long",)),
    ("dissatisfied", ("khong hai long", "chua hai long")),
    ("satisfied", ("hai long",)),
]
LEVELS: list[tuple[str, tuple[str, ...]]] = [
    ("province", ("cap tinh",)), ("district", ("cap huyen",)), ("commune", ("cap xa",)),
    ("special_zone", ("dac khu",)),  # from 01/7/2025 beside the communes and wards ("cấp xã" is read first)
]
LEVEL_KEYS = tuple(key for key, _ in LEVELS)
#: sets of parts that make up their whole exactly (partitions); the key is the whole's measure
PARTITIONS: list[frozenset[str]] = [
    frozenset({"early", "on_time", "late"}), frozenset({"early_on_time", "late"}), frozenset({"within", "late"}),
    frozenset({"online", "in_person_post", "carried_over"}), frozenset({"new", "carried_over"}),
    frozenset({"resolved", "pending"}), frozenset({"province", "district", "commune"}),
    frozenset({"satisfied", "dissatisfied"}), frozenset({"very_satisfied", "satisfied", "dissatisfied"}),
    frozenset({"done", "doing", "not_done"}),
]
#: the whole a share of each measure is taken of
WHOLE_OF = {"online": "received", "in_person_post": "received", "carried_over": "received", "new": "received",
            "early": "resolved", "on_time": "resolved", "early_on_time": "resolved", "late": "resolved",
            "within": "pending"}

_IN_WHICH = re.compile(r"trong\s+đó\s*:?", re.IGNORECASE)
_REGION_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")
_SEP = re.compile(r"[,;:(]")


def _first(text: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    key = f" {normalize_key(text)} "
    for name, phrases in table:
        if any(f" {p} " in key for p in phrases):
            return name
    return None


def measure(text: str) -> str | None:
    """The dossier measure ``text`` names ("trước hạn" → early; "hồ sơ trực tuyến" → online), or None."""
    return _first(text, MEASURES)


def level(text: str) -> str | None:
    """The level of government ``text`` names (province / district / commune / special_zone), or None."""
    return _first(text, LEVELS)


@lru_cache(maxsize=256)
def depths(text: str) -> tuple[int, ...]:
    """Bracket depth at every character of ``text`` (the opening bracket is inside, the closing one too)."""
    out, d = [], 0
    for ch in text:
        if ch == "(":
            d += 1
        out.append(d)
        if ch == ")" and d:
            d -= 1
    return tuple(out)


@dataclass
class Part:
    """One part of a breakdown: the number, the words naming it, its measure or level key."""

    num: Num
    label: str
    key: str | None


@dataclass
class Breakdown:
    """A total and the parts "trong đó" lists; ``owner`` is the words before a nested breakdown's bracket."""

    unit: Para
    total: Num
    total_label: str
    parts: list[Part]
    nested: bool
    owner: str = ""


@dataclass
class Figure:
    """A dossier count the report states: ``measure`` for ``scope`` ("all" or a level)."""

    measure: str
    scope: str
    num: Num
    unit: Para
    label: str
    block: int = -1  # index of the paragraph or table in the document's blocks


@dataclass
class Figures:
    """Everything read about dossiers: breakdowns, figures by (measure, scope) (the first one stated),
    ``restated`` (a figure stated again with another value after the first one: (first, again)), every
    unit's numbers."""

    breakdowns: list[Breakdown] = field(default_factory=list)
    figures: dict[tuple[str, str], Figure] = field(default_factory=dict)
    nums: dict[int, list[Num]] = field(default_factory=dict)
    restated: list[tuple[Figure, Figure]] = field(default_factory=list)

    def get(self, name: str, scope: str = "all") -> Figure | None:
        return self.figures.get((name, scope))


def label_before(text: str, num: Num, floor: int = 0, depth: tuple[int, ...] | None = None) -> str:
    """Words before ``num`` back to the previous separator at its own depth (or ``floor``)."""
    i = num.start
    d = depth[num.start] if depth else 0
    while i > floor and text[i - 1] in " :-–\t":
        i -= 1
    while i > floor:
        ch = text[i - 1]
        if _SEP.match(ch) and (depth is None or depth[i - 1] <= d) or ch.isdigit():
            break
        i -= 1
    return text[i:num.start].strip(" :-–,;")


def label_after(text: str, num: Num) -> str:
    """Words after ``num`` (its unit included) up to the next separator or number."""
    m = re.search(r"[,;:(\d]", text[num.end:])
    return text[num.end:num.end + (m.start() if m else len(text) - num.end)].strip()


def _key(label: str) -> str | None:
    return level(label) or measure(label)


def breakdowns_of(unit: Para, nums: list[Num]) -> list[Breakdown]:
    """The "trong đó" breakdowns of one paragraph or cell."""
    text = unit.text
    depth = depths(text)
    out = []
    for m in _IN_WHICH.finditer(text):
        d = depth[m.start()]
        if d:
            opening = text.rfind("(", 0, m.start())
            end = next((i for i in range(m.end(), len(text)) if depth[i] < d or (text[i] == ")" and depth[i] == d)), len(text))
            before = [n for n in nums if n.end <= opening and depth[n.start] == d - 1 and n.unit and not n.percent]
            floor = max(text.rfind(")", 0, opening), 0)
        else:
            opening = m.start()
            nxt = _REGION_END.search(text, m.end())
            end = nxt.start() if nxt else len(text)
            before = [n for n in nums if n.end <= m.start() and depth[n.start] == 0 and n.unit and not n.percent]
            floor = 0
        if not before:
            continue
        total = before[-1]
        if floor and total.start < floor:
            continue
        parts = [n for n in nums if m.end() <= n.start < end and depth[n.start] == d and n.unit == total.unit
                 and not n.percent]
        if not parts:
            continue
        labelled = []
        prev = m.end()
        for n in parts:
            before_words = label_before(text, n, prev, depth)
            after_words = label_after(text, n)
            labelled.append(Part(n, f"{before_words} | {after_words}", _key(before_words) or _key(after_words)))
            prev = n.end
        owner = text[floor:opening].strip(" ,;") if d else ""
        out.append(Breakdown(unit, total, label_before(text, total, 0, depth), labelled, bool(d), owner))
    return out


def read_figures(doc: Doc, conv: Convention) -> Figures:
    """Breakdowns and dossier figures of every paragraph and cell of ``doc``."""
    result = Figures()
    scope = "all"
    for index, block in enumerate(doc.blocks):
        units = [block] if isinstance(block, Para) else [c for row in block.rows for c in row]
        if isinstance(block, Para) and block.section and re.match(r"^[IVX]+\.|^\d+\.|^[a-z]\)", block.text):
            scope = level(block.text[:60]) or "all"
        for unit in units:
            nums = numbers(unit.text, conv)
            result.nums[id(unit)] = nums
            found = breakdowns_of(unit, nums)
            result.breakdowns.extend(found)
            depth = depths(unit.text)
            for b in found:
                if b.nested or b.total.unit != "hồ sơ":
                    continue
                whole = measure(b.total_label) or "received"
                where = level(b.total_label) or scope
                _keep(result, Figure(whole, where, b.total, unit, b.total_label, index))
                for p in b.parts:
                    if p.key in WHOLE_OF or p.key in ("resolved", "pending"):
                        _keep(result, Figure(p.key, where, p.num, unit, p.label, index))
                    elif p.key in LEVEL_KEYS:
                        _keep(result, Figure(whole, p.key, p.num, unit, p.label, index))
            inside = {id(p.num) for b in found for p in b.parts} | {id(b.total) for b in found}
            for n in nums:
                if n.unit != "hồ sơ" or id(n) in inside or depth[n.start]:
                    continue
                words = label_before(unit.text, n, 0, depth)
                name = measure(words) or measure(label_after(unit.text, n))
                if name and not re.search(r"\bcủa\b", words):
                    clause = unit.text[max(unit.text.rfind(". ", 0, n.start), 0):n.start]
                    _keep(result, Figure(name, level(words) or level(clause) or scope, n, unit, words, index))
    return result


def _keep(result: Figures, fig: Figure) -> None:
    """Keep the first figure of each (measure, scope); a later one of another value is kept in ``restated``."""
    first = result.figures.setdefault((fig.measure, fig.scope), fig)
    if first is not fig and first.num.value != fig.num.value:
        result.restated.append((first, fig))
