"""Finding a table's header by the names its columns are declared with (the one header finder of the
product; :mod:`compliance.io.table` is its public face).

A caller declares each column as a :class:`Column`: a canonical key, the names it goes by (Vietnamese,
English, synonyms) and, for a column under a merged header cell, the names of that parent cell. Names
are compared with :func:`compliance.io.vnparse.normalize_key` (no case, no diacritics, punctuation such
as "(*)" and line breaks as spaces); a trailing parenthesis ("Ngày hẹn trả (dd/mm/yyyy)") may be left
out.

The header is searched in the first :data:`SCAN_ROWS` rows. For each candidate bottom row the header
block grows upwards over the rows tied to it (merged cells reaching down into it, a merged cell
spanning columns named below it, or a row naming a declared parent), never over a title row. Each
column's label is the texts of its block, a merged cell's text covering every column of the range.
The block naming the most declared columns (required ones first) wins; a block that contains an
equally good one is preferred to it, so a two-row header is read as two rows.

Layer: io.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from compliance.i18n import M, Message, join
from compliance.io.table_source import Grid
from compliance.io.vnparse import normalize_key

SCAN_ROWS = 30
"""Rows searched for the header."""
MAX_DEPTH = 3
"""Rows a merged header may span."""
TITLE_WORDS = ("ubnd", "uy ban nhan dan", "cong hoa xa hoi chu nghia", "doc lap tu do", "so theo doi", "bo chi so",
               "kem theo", "bao cao", "bieu", "phu luc", "danh sach", "danh muc", "don vi tinh", "ky bao cao",
               "tu ngay", "so lieu", "tong hop", "bang tong hop", "mau so", "ban hanh kem theo")
"""How a title row begins (compared as keys): administrative headings, the table's name, its annex line."""


@dataclass(frozen=True)
class Column:
    """A column a caller looks for.

    ``key``: canonical name in the caller's code; ``names``: header wordings (Vietnamese, English,
    synonyms); ``required``: the header is refused without it; ``parents``: names of a merged header
    cell above the column; ``children``: names under one of ``parents`` (when given, the column is
    found by ``names`` alone too; when not, a column with ``parents`` is found only under one of them,
    by ``names``); ``prefix``: a label that begins with one of the names (then a space) matches.
    """

    key: str
    names: tuple[str, ...]
    required: bool = False
    parents: tuple[str, ...] = ()
    children: tuple[str, ...] | None = None
    prefix: bool = False

    @property
    def label(self) -> str:
        """How messages name the column: its first name (under its first parent when it needs one)."""
        if self.parents and self.children is None:
            return f"{self.parents[0]} / {self.names[0]}"
        return self.names[0]


def keys(text: Any) -> set[str]:
    """Comparison keys of a header text: the whole text, and the text without a trailing parenthesis."""
    if text is None:
        return set()
    text = unicodedata.normalize("NFC", str(text)).strip()
    out = {normalize_key(text)}
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    if bare and bare != text:
        out.add(normalize_key(bare))
    out.discard("")
    return out


def is_title(text: Any) -> bool:
    """True for a title-block text: "UBND TỈNH …", "CỘNG HÒA XÃ HỘI …", "SỔ THEO DÕI …", "BỘ CHỈ SỐ …",
    "(Kèm theo Quyết định số …)", "Biểu số 06", "Đơn vị tính: hồ sơ"…"""
    key = normalize_key(text) if isinstance(text, str) else ""
    return bool(key) and any(key == w or key.startswith(w + " ") for w in TITLE_WORDS)


class _Names:
    """The declared columns as key sets, for fast matching."""

    def __init__(self, columns: tuple[Column, ...]):
        self.columns = columns
        self.flat = {c.key: {normalize_key(n) for n in c.names} for c in columns}
        self.parents = {c.key: {normalize_key(n) for n in c.parents} for c in columns}
        self.children = {c.key: {normalize_key(n) for n in (c.children if c.children is not None else c.names)}
                         for c in columns}
        self.all_parents = set().union(*self.parents.values()) if columns else set()

    def match(self, levels: list[str]) -> str | None:
        """The key of the declared column that a label (its texts top to bottom) names, or None."""
        found = self.strength(levels)
        return found[0] if found else None

    def strength(self, levels: list[str]) -> tuple[str, int] | None:
        """(key, how exactly): 2 when a whole text is a declared name (a parent + child match wins over a
        name alone, then the first declared column), 1 when only a looser reading matches (the text
        without its trailing parenthesis, or beginning with a name of a ``prefix`` column)."""
        if not levels:
            return None
        exact = [normalize_key(t) for t in levels]
        loose = [keys(t) for t in levels]
        for bottom, uppers, joined, strength in (({exact[-1]}, [{u} for u in exact[:-1]], {" ".join(exact)}, 2),
                                                 (loose[-1], loose[:-1], keys(" ".join(levels)), 1)):
            flat_hit = None
            for c in self.columns:
                if c.parents and any(u & self.parents[c.key] for u in uppers) and bottom & self.children[c.key]:
                    return c.key, strength
                if flat_hit is None and (not c.parents or c.children is not None):
                    names = self.flat[c.key]
                    if (bottom | joined) & names or (strength == 1 and c.prefix
                                                     and any(k.startswith(n + " ") for k in bottom for n in names)):
                        flat_hit = c.key
            if flat_hit is not None:
                return flat_hit, strength
        return None


class Problem(NamedTuple):
    """Columns of a header that cannot be told apart: ``cells`` ("cells H1:I1" or "cells E3, L3"),
    ``message`` (one line), ``kind`` ("merged": one merged cell over several columns nothing below
    names; "twice": two columns for one key), ``key`` and its ``columns`` (1-based)."""

    cells: str
    message: str
    kind: str
    key: str
    columns: tuple[int, ...]


@dataclass
class Header:
    """A header found in a grid: rows ``top``…``bottom`` (1-based grid rows); ``columns``: key → column
    (1-based); ``labels``: column → its label as written ("Kết quả giải quyết / Trước hạn");
    ``extra``: labels of columns no declared name matched → column; ``problems``: (cell, message)
    of columns that cannot be told apart (two columns for one key, a merged cell without its children)."""

    top: int
    bottom: int
    columns: dict[str, int]
    labels: dict[int, str]
    extra: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    def label(self, key: str) -> str:
        return self.labels[self.columns[key]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _row_texts(grid: Grid, r: int) -> list[str]:
    return [_text(grid.value(r, c)) for c in range(1, grid.width + 1)]


def _title_row(grid: Grid, r: int, names: _Names) -> bool:
    texts = [t for t in _row_texts(grid, r) if t]
    if not texts:
        return False
    if any(names.match([t]) for t in texts):
        return False
    if is_title(texts[0]):
        return True
    # one text across (nearly) the whole width: a title, not a parent of some columns
    for m in grid.merges:
        if m[0] <= r <= m[2] and m[3] - m[1] + 1 >= max(3, int(0.7 * _used(grid, r + 1))) and m[2] == r:
            return True
    return len(set(texts)) == 1 and len(_nonempty(grid, r + 1)) >= 3 and len(_nonempty(grid, r, raw=True)) == 1


def _nonempty(grid: Grid, r: int, raw: bool = False) -> list[int]:
    get = grid.raw if raw else grid.value
    return [c for c in range(1, grid.width + 1) if _text(get(r, c))]


def _used(grid: Grid, r: int) -> int:
    return len(_nonempty(grid, r))


def _tied(grid: Grid, p: int, names: _Names) -> bool:
    """Whether row ``p`` belongs to the header whose next row is ``p + 1``."""
    below = set(_nonempty(grid, p + 1, raw=True))
    for r1, c1, r2, c2 in grid.merges:
        if r1 <= p < r2:  # a merged cell running down into the next row
            return True
        if r1 == r2 == p and c2 > c1 and below & set(range(c1, c2 + 1)):
            return True
    return any(keys(t) & names.all_parents for t in _row_texts(grid, p) if t)


def _labels(grid: Grid, top: int, bottom: int) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for c in range(1, grid.width + 1):
        levels: list[str] = []
        for r in range(top, bottom + 1):
            t = _text(grid.value(r, c))
            if t and (not levels or levels[-1] != t):
                levels.append(t)
        if levels:
            out[c] = levels
    return out


def _score(names: _Names, labels: dict[int, list[str]]) -> tuple[int, int]:
    found = {names.match(levels) for levels in labels.values()} - {None}
    required = sum(1 for c in names.columns if c.required and c.key in found)
    return required, len(found)


def find_header(grid: Grid, columns: tuple[Column, ...], scan: int = SCAN_ROWS) -> Header | None:
    """The header of ``grid`` for the declared ``columns`` (see module doc), or None when no row of
    the first ``scan`` names any of them. The result may lack required columns: see :func:`missing`."""
    names = _Names(columns)
    best: tuple[tuple[int, int], int, int] | None = None  # (score, top, bottom)
    last = min(len(grid.rows), scan)
    for r in range(1, last + 1):
        if not _nonempty(grid, r):
            continue
        top = r
        while top > 1 and r - top + 1 < MAX_DEPTH and _nonempty(grid, top - 1) and _tied(grid, top - 1, names) \
                and not _title_row(grid, top - 1, names):
            top -= 1
        score = _score(names, _labels(grid, top, r))
        if score[1] == 0:
            continue
        if best is None or score > best[0] or (score == best[0] and top <= best[2]):
            best = (score, top, r)
    if best is None:
        return None
    _, top, bottom = best
    return _resolve(grid, names, top, bottom)


def _cell(grid: Grid, r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c)}{grid.line(r)}" if grid.title is not None else f"column {c}"


def _resolve(grid: Grid, names: _Names, top: int, bottom: int) -> Header:
    labels = _labels(grid, top, bottom)
    found: dict[str, list[int]] = {}
    extra: dict[str, int] = {}
    shown = {c: " / ".join(levels) for c, levels in labels.items()}
    strength: dict[int, int] = {}
    for c, levels in labels.items():
        hit = names.strength(levels)
        if hit is None:
            extra.setdefault(shown[c], c)
        else:
            found.setdefault(hit[0], []).append(c)
            strength[c] = hit[1]
    for key, cols in list(found.items()):  # an exact header wins over a loose reading of another one
        best = max(strength[c] for c in cols)
        for c in [c for c in cols if strength[c] < best]:
            cols.remove(c)
            extra.setdefault(shown[c], c)
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for key, cols in found.items():
        columns[key] = cols[0]
        if len(cols) == 1:
            continue
        merge = next((m for m in (grid.merge_of(r, cols[0]) for r in range(bottom, top - 1, -1))
                      if m is not None and m[1] <= min(cols) and max(cols) <= m[3]), None)
        if merge is not None:
            r1, c1, r2, c2 = merge
            span = f"{_cell(grid, r1, c1)}:{_cell(grid, r2, c2)}"
            problems.append(Problem(f"cells {span}", f"the merged header cell '{shown[cols[0]]}' covers {len(cols)} "
                                    "columns and no row below it names them: cannot tell which column is which; "
                                    "unmerge it and name each column", "merged", key, tuple(cols)))
        else:
            problems.append(Problem(f"cells {', '.join(_cell(grid, bottom, c) for c in cols)}",
                                    f"columns {' and '.join(repr(shown[c]) for c in cols)} both mean field '{key}'",
                                    "twice", key, tuple(cols)))
    return Header(top, bottom, columns, shown, extra, problems)


def missing(header: Header | None, columns: tuple[Column, ...]) -> Message | None:
    """The message for required columns the header lacks (with the closest header written), or None."""
    absent = [c for c in columns if c.required and (header is None or c.key not in header.columns)]
    if not absent:
        return None
    extra = list(header.extra) if header else []
    parts = []
    for c in absent:
        close = difflib.get_close_matches(normalize_key(c.names[0]), [normalize_key(h) for h in extra], n=1, cutoff=0.6)
        if close:
            parts.append(M("'{label}' / {key} (closest header: {header!r})", label=c.label, key=c.key,
                           header=next(h for h in extra if normalize_key(h) == close[0])))
        else:
            parts.append(f"'{c.label}' / {c.key}")
    return M("missing required column(s): {columns}", columns=join(parts))
