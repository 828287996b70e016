"""The rows of a criteria annex table, once located (:func:`compliance.criteria_lib.importer.import_workbook`):
a tree of nodes built from the level column, the STT numbering or the indentation, scoring lines
under a node, ditto marks, the TỔNG CỘNG row, and every problem named by its sheet and cell.

Merged cells: the value of a vertical merge is repeated down the text columns (scoring, evidence, …);
elsewhere only the top-left cell counts. "nt" / "như trên" in a text column repeats the cell above.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compliance.criteria_lib.scoring_text import parse_scoring
from compliance.i18n import M, Message, Num, join, places
from compliance.i18n.validation import explain
from compliance.io.table import cell_name, is_totals_text
from compliance.io.table_source import Grid
from compliance.io.vnparse import VnParseError, normalize_key, parse_number
from compliance.model.criteria import KnownCounts, Node
from compliance.vocab import Confidence, UnitType

TEXT_COLUMNS = ("scoring", "evidence", "applies", "inputs", "note", "modelled_on", "source")
DITTO = {"nt", "nhu tren", "n t"}
LEVEL_WORDS = {"1": 0, "2": 1, "3": 2, "4": 3, "linh vuc": 0, "lv": 0, "tieu chi": 1, "tc": 1,
               "tieu chi thanh phan": 2, "tctp": 2, "field": 0, "criterion": 1, "sub criterion": 2}
ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
APPLIES_NONE = "—"


def _roman(text: str) -> int | None:
    if not text or not ROMAN.match(text):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return unicodedata.normalize("NFC", str(value)).strip()


def _shown(grid: Grid, r: int, c: int, fill_down: bool) -> Any:
    """The value of (r, c) for the rows (see module doc): a merge's top-left cell counts, and in a text
    column (``fill_down``) a vertical merge repeats it down its own column."""
    merge = grid.merge_of(r, c)
    if merge is None or (merge[0], merge[1]) == (r, c):
        return grid.raw(r, c)
    return grid.raw(merge[0], merge[1]) if fill_down and merge[1] == c else None


def _indent(grid: Grid, r: int, c: int) -> float:
    """Indentation of (r, c) in levels: the cell's indent plus leading spaces, four to a level."""
    cell = grid.ws.cell(row=r, column=c)
    value = cell.value if isinstance(cell.value, str) else ""
    return (cell.alignment.indent or 0) + (len(value) - len(value.lstrip(" "))) / 4


EXAMPLE = Num(1.5)
"""The number a message gives as an example of points (1,5 / 1.5)."""


def sum_of(parts: list[float]) -> Message:
    """Points added up, in the language a message is asked in: "1,5 + 1" / "1.5 + 1"."""
    return join([Num(p) for p in parts], " + ")


def where(sheet: str, col: int | None, row: int) -> str:
    """"sheet Bảng 1, cell D7" (or "sheet Bảng 1, row 7")."""
    return places.cell(sheet, cell_name(col, row)) if col else places.row(sheet, row)


@dataclass
class _Row:
    row: int
    stt: str
    level: str
    name: str
    points: Any
    cells: dict[str, Any]
    indent: float = 0.0


@dataclass
class _Draft:
    id: str
    row: int
    name: str
    points_cell: Any
    cells: dict[str, Any]
    scoring_lines: list[str] = field(default_factory=list)
    children: list["_Draft"] = field(default_factory=list)


def _normalise_stt(stt: str) -> str:
    stt = stt.strip().rstrip(".").strip()
    stt = re.sub(r"\s*\.\s*", ".", stt)
    return stt


class RowReader:
    """Reads the rows of a located criteria table into a tree of drafts, then nodes; collects every
    problem as (where, message) in ``errors`` and what was assumed in ``notes``."""

    def __init__(self, path: Path, sheet: Grid, data_start: int, columns: dict[str, int], defaults: dict):
        self.path, self.sheet, self.data_start, self.columns = path, sheet, data_start, columns
        self.errors: list[tuple[str, Message]] = []
        self.notes: list[tuple[str, Message]] = []
        self.defaults = defaults
        self.stated_total: float | None = None
        self.total_row: int | None = None

    def at(self, key: str, row: int) -> str:
        return where(self.sheet.title, self.columns.get(key), row)

    def rows(self) -> list[_Row]:
        out: list[_Row] = []
        above: dict[str, Any] = {}
        r = self.data_start
        last = len(self.sheet.rows)
        while r <= last:
            cells = {key: _shown(self.sheet, r, c, key in TEXT_COLUMNS) for key, c in self.columns.items()}
            texts = {k: _text(v) for k, v in cells.items()}
            if not any(texts.values()):
                r += 1
                continue
            for key in TEXT_COLUMNS:
                if key in texts and normalize_key(texts[key]) in DITTO:
                    cells[key] = above.get(key)
                    texts[key] = _text(cells[key])
            above.update({k: cells[k] for k in TEXT_COLUMNS if k in cells})
            out.append(_Row(r, texts.get("stt", ""), texts.get("level", ""), texts.get("name", ""), cells.get("points"),
                            cells, _indent(self.sheet, r, self.columns["name"]) if "name" in self.columns else 0))
            r += 1
        return out

    def points(self, value: Any, row: int, required: bool) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors.append((self.at("points", row), M("points cell is empty: write the max points (a number such as "
                                                                "{example})", example=EXAMPLE)))
            return None
        if isinstance(value, bool):
            self.errors.append((self.at("points", row), M("points cell holds the yes/no value {value}, not a number",
                                                            value="TRUE" if value else "FALSE")))
            return None
        if isinstance(value, (int, float)):
            return float(value)
        text = _text(value)
        cleaned = re.sub(r"(?i)\s*(điểm|đ)$", "", text)
        try:
            parsed = parse_number(cleaned)
        except (VnParseError, ValueError):
            self.errors.append((self.at("points", row), M("points cell holds text '{text}', not a number such as {example}",
                                                            text=text, example=EXAMPLE)))
            return None
        if parsed.note and re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
            self.errors.append((self.at("points", row), M("points '{text}' is ambiguous: the '.' may separate thousands or mark "
                                                            "the decimals; write decimals with a comma, e.g. 1,5", text=text)))
            return None
        return float(parsed.value)

    # -- hierarchy ----------------------------------------------------------------------------

    def build(self, rows: list[_Row]) -> list[_Draft]:
        body = []
        for row in rows:
            if is_totals_text(row.stt or row.name):
                self.stated_total = self.points(row.points, row.row, True)
                self.total_row = row.row
                continue
            body.append(row)
        if "level" in self.columns and any(r.level for r in body):
            return self._by_level(body)
        if "stt" in self.columns and any(r.stt for r in body):
            return self._by_stt(body)
        return self._by_indent(body)

    def _new(self, node_id: str, row: _Row) -> _Draft:
        return _Draft(node_id, row.row, row.name, row.points, row.cells)

    def _attach(self, roots: list[_Draft], stack: list[_Draft], depth: int, draft: _Draft, row: _Row) -> bool:
        if depth == 0:
            roots.append(draft)
            stack[:] = [draft]
            return True
        if len(stack) < depth:
            self.errors.append((self.at("stt" if "stt" in self.columns else "name", row.row),
                                M("'{id}' has no parent row above it (level {level} without level {parent})", id=draft.id,
                                  level=depth + 1, parent=depth)))
            return False
        parent = stack[depth - 1]
        parent.children.append(draft)
        stack[:] = stack[:depth] + [draft]
        return True

    def _scoring_line(self, stack: list[_Draft], row: _Row) -> None:
        if not stack:
            self.errors.append((self.at("name", row.row), M("row has no STT and no node above it: '{name}'", name=row.name[:60])))
            return
        text = re.sub(r"^\s*[-+•*·–]\s*", "", row.name)
        value = row.points
        if value is not None and _text(value):
            pts = self.points(value, row.row, False)
            if pts is None:
                return
            from compliance.criteria_lib.scoring_text import fmt_number
            text = f"{text}: {fmt_number(pts)}"
        if text:
            stack[-1].scoring_lines.append(text)

    def _by_stt(self, rows: list[_Row]) -> list[_Draft]:
        roots: list[_Draft] = []
        stack: list[_Draft] = []
        roman_field: str | None = None
        for row in rows:
            raw = row.cells.get("stt")
            if isinstance(raw, float) and not raw.is_integer():
                self.notes.append((self.at("stt", row.row), M("STT written as the number {value}: read as '{value}' (write it "
                                                              "as text to keep '1.10')", value=repr(raw))))
            stt = _normalise_stt(row.stt)
            if not stt:
                self._scoring_line(stack, row)
                continue
            roman = _roman(stt)
            letter = re.fullmatch(r"([a-zđ])\)?", stt, re.IGNORECASE)
            if roman is not None:
                roman_field = str(roman)
                node_id = roman_field
            elif letter and stack:
                crit = stack[min(len(stack), 2) - 1]
                node_id = f"{crit.id}.{'abcdđeghiklmnopqrstuvxy'.index(letter.group(1).lower()) + 1}"
            elif re.fullmatch(r"\d+(\.\d+)*", stt):
                node_id = f"{roman_field}.{stt}" if roman_field else stt
            else:
                self.errors.append((self.at("stt", row.row), M("STT '{stt}' is not numbering such as 1, 1.1, 1.1.1, I, a)",
                                                               stt=row.stt)))
                continue
            if node_id.count(".") > 3:
                self.errors.append((self.at("stt", row.row), M("STT '{stt}' is nested deeper than 4 levels", stt=row.stt)))
                continue
            depth = node_id.count(".")
            draft = self._new(node_id, row)
            if not self._check_sequence(roots, stack, depth, node_id, row):
                continue
            self._attach(roots, stack, depth, draft, row)
        return roots

    def _check_sequence(self, roots: list[_Draft], stack: list[_Draft], depth: int, node_id: str, row: _Row) -> bool:
        siblings = roots if depth == 0 else (stack[depth - 1].children if len(stack) >= depth else None)
        if siblings is None:
            self.errors.append((self.at("stt", row.row), M("'{id}' has no parent row above it", id=node_id)))
            return False
        parent_id = node_id.rsplit(".", 1)[0] if depth else ""
        if depth and stack[depth - 1].id != parent_id:
            self.errors.append((self.at("stt", row.row), M("'{id}' comes under '{parent}': numbering out of order", id=node_id,
                                                           parent=stack[depth - 1].id)))
            return False
        number = int(node_id.rsplit(".", 1)[-1])
        expected = len(siblings) + 1
        if number != expected:
            prev = siblings[-1].id if siblings else None
            stem = parent_id + "." if depth else ""
            gap = (M("numbering gap: after {prev} comes {expected}, found {found}", prev=prev, expected=f"{stem}{expected}",
                     found=node_id)
                   if prev else M("numbering gap: the first item here is {expected}, found {found}", expected=f"{stem}1",
                                  found=node_id))
            self.errors.append((self.at("stt", row.row), gap))
            return False
        return True

    def _by_level(self, rows: list[_Row]) -> list[_Draft]:
        roots: list[_Draft] = []
        stack: list[_Draft] = []
        for row in rows:
            if not row.level:
                if row.stt:
                    self.errors.append((self.at("level", row.row), M("level cell is empty on a numbered row")))
                else:
                    self._scoring_line(stack, row)
                continue
            depth = LEVEL_WORDS.get(normalize_key(row.level))
            if depth is None:
                self.errors.append((self.at("level", row.row), M("level '{level}' is not 1/2/3 or lĩnh vực/tiêu chí/tiêu chí "
                                                                 "thành phần", level=row.level)))
                continue
            siblings = roots if depth == 0 else (stack[depth - 1].children if len(stack) >= depth else None)
            if siblings is None:
                self.errors.append((self.at("level", row.row), M("level {level} without a level {parent} row above it",
                                                                 level=depth + 1, parent=depth)))
                continue
            node_id = (f"{stack[depth - 1].id}." if depth else "") + str(len(siblings) + 1)
            stt = _normalise_stt(row.stt)
            if stt and stt != node_id:
                self.errors.append((self.at("stt", row.row), M("STT '{stt}' does not match its place in the levels ({id})",
                                                               stt=row.stt, id=node_id)))
                continue
            self._attach(roots, stack, depth, self._new(node_id, row), row)
        return roots

    def _by_indent(self, rows: list[_Row]) -> list[_Draft]:
        levels = sorted({round(r.indent, 2) for r in rows if r.points is not None and _text(r.points)})
        roots: list[_Draft] = []
        stack: list[_Draft] = []
        for row in rows:
            if row.points is None or not _text(row.points):
                self._scoring_line(stack, row)
                continue
            depth = levels.index(round(row.indent, 2))
            siblings = roots if depth == 0 else (stack[depth - 1].children if len(stack) >= depth else None)
            if siblings is None or depth > 3:
                self.errors.append((self.at("name", row.row), M("indentation level {level} without a parent row above it",
                                                                level=depth + 1)))
                continue
            node_id = (f"{stack[depth - 1].id}." if depth else "") + str(len(siblings) + 1)
            self._attach(roots, stack, depth, self._new(node_id, row), row)
        return roots

    # -- nodes ----------------------------------------------------------------------------------

    def node(self, d: _Draft) -> Node | None:
        cells = d.cells
        text = {k: _text(v) for k, v in cells.items()}
        confidence = text.get("confidence") or self.defaults["confidence"]
        try:
            confidence = Confidence(confidence)
        except ValueError:
            self.errors.append((self.at("confidence", d.row), M("confidence '{value}' is not verified, model or unknown",
                                                                value=confidence)))
            confidence = Confidence.model
        max_points = self.points(d.points_cell, d.row, confidence != Confidence.unknown)
        min_points = self.points(cells.get("min_points"), d.row, False) if text.get("min_points") else 0.0
        children = [c for c in (self.node(x) for x in d.children) if c is not None]
        scoring_text = "\n".join(t for t in [text.get("scoring", "")] + d.scoring_lines if t)
        parsed = parse_scoring(scoring_text, d.id, text.get("inputs"))
        if parsed.note:
            self.notes.append((self.at("scoring", d.row), join([d.id, parsed.note], ": ")))
        applies = None
        if text.get("applies"):
            if text["applies"] == APPLIES_NONE:
                applies = []
            else:
                applies = []
                for part in re.split(r"[,;\n]", text["applies"]):
                    part = part.strip()
                    if not part:
                        continue
                    try:
                        applies.append(UnitType(part))
                    except ValueError:
                        self.errors.append((self.at("applies", d.row), M("unit type '{part}' is not one of {known}", part=part,
                                                                         known=", ".join(u.value for u in UnitType))))
        evidence = [line.strip() for line in text.get("evidence", "").split("\n") if line.strip()]
        known = None
        if text.get("known_counts"):
            known = self._known_counts(text["known_counts"], d.row)
        name_vi = d.name
        if not name_vi:
            self.errors.append((self.at("name", d.row), M("{id} has no name", id=d.id)))
            return None
        if max_points is None and confidence != Confidence.unknown:
            return None
        kwargs = dict(id=d.id, name={"vi": name_vi, "en": text.get("name_en") or None}, max_points=max_points,
                      min_points=min_points or 0.0, confidence=confidence, modelled_on=text.get("modelled_on") or None,
                      source=text.get("source") or None, applies_to=applies, scoring=parsed.scoring, evidence=evidence,
                      note=text.get("note") or None, known_counts=known, children=children)
        try:
            return Node(**kwargs)
        except ValidationError as exc:
            self.errors.append((where(self.sheet.title, None, d.row), join([d.id, explain(exc.errors()[0])], ": ")))
            return None

    def _known_counts(self, text: str, row: int) -> KnownCounts | None:
        values: dict[str, Any] = {}
        for part in text.split(";"):
            if "=" not in part:
                self.errors.append((self.at("known_counts", row), M("'{text}' is not 'criteria=6; sub_criteria=6'", text=text)))
                return None
            k, v = (s.strip() for s in part.split("=", 1))
            values[k] = v if k == "source" else int(v) if v.isdigit() else v
        try:
            return KnownCounts(**values)
        except ValidationError as exc:
            self.errors.append((self.at("known_counts", row), M("known counts: {detail}", detail=explain(exc.errors()[0]))))
            return None

    def check_sums(self, nodes: list[Node], drafts: list[_Draft]) -> None:
        def flat(ds):
            for d in ds:
                yield d
                yield from flat(d.children)

        by_id = {d.id: d for d in flat(drafts)}

        def walk(n: Node):
            # a child row left out for its own error (points not a number …) leaves the sum unknown, not short
            whole = len(n.children) == len(by_id[n.id].children)
            if n.children and whole and n.max_points is not None and all(c.max_points is not None for c in n.children):
                total = sum(c.max_points for c in n.children)
                if abs(total - n.max_points) > 1e-6:
                    said = (M("the children of {id} exceed it: {parts} = {total} ≠ {max}", id=n.id,
                              parts=sum_of([c.max_points for c in n.children]), total=Num(total), max=Num(n.max_points))
                            if total > n.max_points else
                            M("the children of {id} fall short of it: {parts} = {total} ≠ {max}", id=n.id,
                              parts=sum_of([c.max_points for c in n.children]), total=Num(total), max=Num(n.max_points)))
                    self.errors.append((self.at("points", by_id[n.id].row), said))
            for c in n.children:
                walk(c)

        for n in nodes:
            walk(n)
