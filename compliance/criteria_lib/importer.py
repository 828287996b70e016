"""``criteria import``: a criteria table in a workbook → a criteria edition (YAML).

The table is the annex shape provinces publish: one row per node, columns STT | lĩnh vực / tiêu chí /
tiêu chí thành phần | điểm tối đa | cách chấm | tài liệu kiểm chứng (more columns are read when present:
see :data:`COLUMNS`). The header row is found by its words (within the first 30 rows); a row of column
numbers "(1) (2) (3)" under it is skipped.

Hierarchy, in this order of preference:
- a level column ("Cấp": 1/2/3 or lĩnh vực/tiêu chí/tiêu chí thành phần), ids from STT when given,
  else numbered in order;
- the STT numbering: "1", "1.1", "1.1.1" (trailing dots ignored), or Roman numerals "I", "II" for the
  fields with "1", "2" for their criteria and "1.1" or "a)" for sub-criteria (ids become "1.1", "1.1.1");
- indentation of the name cell (Excel indent or leading spaces) when there is no STT at all.

Rows without STT under a node (in STT mode) are lines of that node's scoring text, with the points
cell as their points: "- Thực hiện trên 90% kế hoạch | 2" reads as "Thực hiện trên 90% kế hoạch: 2".
Merged cells: the value of a vertical merge is repeated down the text columns (scoring, evidence, …);
elsewhere only the top-left cell counts. "nt" / "như trên" in a text column repeats the cell above.
A "TỔNG CỘNG" row gives the stated total. Edition data (id, dates, decision…) comes from a "Thông tin"
sheet (as written by ``criteria export``) and/or the command's options.

Bad workbooks raise :class:`WorkbookError` (an InputError) naming the sheet and cell: no header row,
a points cell with text, a numbering gap, children whose points exceed (or fall short of) their
parent's, a TỔNG CỘNG row that differs from the fields, .xlsm (macros), a file over 20 MB or that
unpacks to over 200 MB, a corrupt file. All unreadable rows are listed, not only the first. Scoring
texts in no known shape are kept as text and the node is scored manually; each is reported as a note.
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
from compliance.errors import InputError
from compliance.io.vnparse import VnParseError, normalize_key, parse_number
from compliance.model.criteria import ClassBand, Edition, KnownCounts, Node
from compliance.vocab import Confidence, UnitType
from compliance.io.safety import open_untrusted

META_SHEET = "Thông tin"
CLASS_SHEET = "Xếp loại"

#: column key → header wordings (compared without diacritics, case or punctuation); first match wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "so tt", "tt", "so thu tu", "ma so", "ma"),
    "level": ("cap", "cap do", "cap chi tieu"),
    "name_en": ("ten tieng anh", "tieng anh", "english name", "english"),
    "min_points": ("diem toi thieu",),
    "points": ("diem toi da", "diem chuan", "thang diem", "diem", "so diem"),
    "scoring": ("cach cham", "cach cham diem", "cach tinh diem", "huong dan cham", "huong dan cham diem",
                "phuong phap cham", "phuong phap cham diem", "tieu chuan cham diem", "cach thuc cham diem"),
    "inputs": ("du lieu dau vao", "ma du lieu", "chi so du lieu"),
    "evidence": ("tai lieu kiem chung", "tai lieu kiem chung can co"),
    "applies": ("ap dung cho", "doi tuong ap dung", "ap dung"),
    "confidence": ("muc tin cay", "do tin cay"),
    "modelled_on": ("mo phong theo", "can cu mau"),
    "source": ("nguon",),
    "note": ("ghi chu",),
    "known_counts": ("so luong da biet",),
    "name": ("linh vuc tieu chi tieu chi thanh phan", "noi dung", "ten tieu chi", "tieu chi", "linh vuc",
             "ten linh vuc tieu chi", "noi dung tieu chi", "ten"),
}
TEXT_COLUMNS = ("scoring", "evidence", "applies", "inputs", "note", "modelled_on", "source")
DITTO = {"nt", "nhu tren", "n t"}
TOTAL_WORDS = ("tong cong", "tong so diem", "tong diem", "tong")
LEVEL_WORDS = {"1": 0, "2": 1, "3": 2, "4": 3, "linh vuc": 0, "lv": 0, "tieu chi": 1, "tc": 1,
               "tieu chi thanh phan": 2, "tctp": 2, "field": 0, "criterion": 1, "sub criterion": 2}
ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
APPLIES_NONE = "—"


class WorkbookError(InputError):
    """A workbook that cannot be imported. ``problems``: every (where, message) found, first one shown."""

    def __init__(self, path: Path, problems: list[tuple[str, str]]):
        self.problems = problems
        where, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(path, message + more, where)


@dataclass
class ImportResult:
    """The edition read, the sheet it came from, and the notes (where, message) to show the user."""

    edition: Edition
    sheet: str
    notes: list[tuple[str, str]] = field(default_factory=list)


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


def open_workbook(path: Path):
    """Open a workbook safely through :func:`compliance.io.safety.open_untrusted` (no macros, size and
    cell caps, zip-bomb guard, XML read through defusedxml), with the importer's own words for .xlsm/.xls."""
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise InputError(path, "workbooks with macros (.xlsm) are refused: save the sheet as .xlsx and import that")
    if suffix == ".xls":
        raise InputError(path, "old .xls format: save the sheet as .xlsx and import that")
    if suffix not in (".xlsx", ".xltx"):
        raise InputError(path, f"not an Excel workbook (.xlsx): '{path.suffix}'")
    if not path.exists():
        raise InputError(path, "file not found")
    return open_untrusted(path)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return unicodedata.normalize("NFC", str(value)).strip()


def _match_header(cell_text: str) -> str | None:
    key = normalize_key(cell_text)
    if not key:
        return None
    for column, words in COLUMNS.items():
        if key in words:
            return column
    for column, words in COLUMNS.items():  # looser: the cell starts with a known wording
        if column in ("stt", "points", "name", "level", "source"):
            continue
        if any(key.startswith(w + " ") for w in words):
            return column
    if key.startswith("diem toi da"):
        return "points"
    if key.startswith("linh vuc") or key.startswith("noi dung") or key.startswith("tieu chi"):
        return "name"
    return None


class _Sheet:
    """A worksheet as a grid of values with merged cells resolved (see module doc)."""

    def __init__(self, ws):
        self.ws = ws
        self.title = ws.title
        self.merged_top: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        self.merged_top[(r, c)] = (rng.min_row, rng.min_col)

    def raw(self, r: int, c: int) -> Any:
        return self.ws.cell(row=r, column=c).value

    def value(self, r: int, c: int, fill_down: bool) -> Any:
        top = self.merged_top.get((r, c))
        if top is None:
            return self.raw(r, c)
        if fill_down and top[1] == c:
            return self.raw(*top)
        return None

    def indent(self, r: int, c: int) -> float:
        cell = self.ws.cell(row=r, column=c)
        value = cell.value if isinstance(cell.value, str) else ""
        spaces = len(value) - len(value.lstrip(" "))
        return (cell.alignment.indent or 0) + spaces / 4


def where(sheet: str, col: int | None, row: int) -> str:
    """"sheet Bảng 1, cell D7" (or "sheet Bảng 1, row 7")."""
    from openpyxl.utils import get_column_letter

    return f"sheet {sheet}, cell {get_column_letter(col)}{row}" if col else f"sheet {sheet}, row {row}"


def find_header(sheet: _Sheet, max_scan: int = 30) -> tuple[int, dict[str, int]] | None:
    """(header row, column key → column index) of the first row naming a name and a points column."""
    for r in range(1, min(sheet.ws.max_row, max_scan) + 1):
        columns: dict[str, int] = {}
        for c in range(1, sheet.ws.max_column + 1):
            text = _text(sheet.value(r, c, False))
            below = _text(sheet.value(r + 1, c, False)) if r < sheet.ws.max_row else ""
            key = _match_header(text)
            if key is None and below and r in {t[0] for t in sheet.merged_top.values()}:
                key = _match_header(f"{text} {below}")
            if key and key not in columns:
                columns[key] = c
        if "name" in columns and "points" in columns:
            return r, columns
    return None


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


def _column_numbers(row: int, columns: dict[str, int], texts: dict[str, str]) -> bool:
    """True for the "(1) (2) (3)" row under a header: at least 3 cells, each the number of its place."""
    by_col = sorted((columns[k], t) for k, t in texts.items() if t)
    if len(by_col) < 3:
        return False
    numbers = [re.fullmatch(r"\(?(\d+)\)?", t) for _, t in by_col]
    if not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def _normalise_stt(stt: str) -> str:
    stt = stt.strip().rstrip(".").strip()
    stt = re.sub(r"\s*\.\s*", ".", stt)
    return stt


class _Reader:
    def __init__(self, path: Path, sheet: _Sheet, header_row: int, columns: dict[str, int], defaults: dict):
        self.path, self.sheet, self.header_row, self.columns = path, sheet, header_row, columns
        self.errors: list[tuple[str, str]] = []
        self.notes: list[tuple[str, str]] = []
        self.defaults = defaults
        self.stated_total: float | None = None
        self.total_row: int | None = None

    def at(self, key: str, row: int) -> str:
        return where(self.sheet.title, self.columns.get(key), row)

    def rows(self) -> list[_Row]:
        out: list[_Row] = []
        above: dict[str, Any] = {}
        r = self.header_row + 1
        last = self.sheet.ws.max_row
        first = True
        while r <= last:
            cells = {key: self.sheet.value(r, c, key in TEXT_COLUMNS) for key, c in self.columns.items()}
            texts = {k: _text(v) for k, v in cells.items()}
            if not any(texts.values()):
                r += 1
                continue
            if first and _column_numbers(r, self.columns, texts):
                first = False  # the "(1) (2) (3)" column-number row
                r += 1
                continue
            first = False
            for key in TEXT_COLUMNS:
                if key in texts and normalize_key(texts[key]) in DITTO:
                    cells[key] = above.get(key)
                    texts[key] = _text(cells[key])
            above.update({k: cells[k] for k in TEXT_COLUMNS if k in cells})
            out.append(_Row(r, texts.get("stt", ""), texts.get("level", ""), texts.get("name", ""), cells.get("points"),
                            cells, self.sheet.indent(r, self.columns["name"]) if "name" in self.columns else 0))
            r += 1
        return out

    def points(self, value: Any, row: int, required: bool) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors.append((self.at("points", row), "points cell is empty: write the max points (a number such as 1,5)"))
            return None
        if isinstance(value, bool):
            self.errors.append((self.at("points", row), f"points cell holds {value!r}, not a number"))
            return None
        if isinstance(value, (int, float)):
            return float(value)
        text = _text(value)
        cleaned = re.sub(r"(?i)\s*(điểm|đ)$", "", text)
        try:
            parsed = parse_number(cleaned)
        except (VnParseError, ValueError):
            self.errors.append((self.at("points", row), f"points cell holds text '{text}', not a number such as 1,5"))
            return None
        if parsed.note and re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
            self.errors.append((self.at("points", row), f"points '{text}' is ambiguous ({parsed.note}): write it with a comma, e.g. 1,5"))
            return None
        return float(parsed.value)

    # -- hierarchy ----------------------------------------------------------------------------

    def build(self, rows: list[_Row]) -> list[_Draft]:
        body = []
        for row in rows:
            labels = (normalize_key(row.stt),) if row.stt else (normalize_key(row.name),)
            if any(lab in ("tong", "cong") or any(lab.startswith(w) for w in TOTAL_WORDS[:3]) for lab in labels if lab):
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
                                f"'{draft.id}' has no parent row above it (level {depth + 1} without level {depth})"))
            return False
        parent = stack[depth - 1]
        parent.children.append(draft)
        stack[:] = stack[:depth] + [draft]
        return True

    def _scoring_line(self, stack: list[_Draft], row: _Row) -> None:
        if not stack:
            self.errors.append((self.at("name", row.row), f"row has no STT and no node above it: '{row.name[:60]}'"))
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
                self.notes.append((self.at("stt", row.row), f"STT written as the number {raw!r}: read as '{raw!r}' "
                                   "(write it as text to keep '1.10')"))
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
                self.errors.append((self.at("stt", row.row), f"STT '{row.stt}' is not numbering such as 1, 1.1, 1.1.1, I, a)"))
                continue
            if node_id.count(".") > 3:
                self.errors.append((self.at("stt", row.row), f"STT '{row.stt}' is nested deeper than 4 levels"))
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
            self.errors.append((self.at("stt", row.row), f"'{node_id}' has no parent row above it"))
            return False
        parent_id = node_id.rsplit(".", 1)[0] if depth else ""
        if depth and stack[depth - 1].id != parent_id:
            self.errors.append((self.at("stt", row.row), f"'{node_id}' comes under '{stack[depth - 1].id}': numbering out of order"))
            return False
        number = int(node_id.rsplit(".", 1)[-1])
        expected = len(siblings) + 1
        if number != expected:
            prev = siblings[-1].id if siblings else None
            gap = (f"numbering gap: after {prev} comes {node_id.rsplit('.', 1)[0] + '.' if depth else ''}{expected}, found {node_id}"
                   if prev else f"numbering gap: the first item here is {(parent_id + '.') if depth else ''}1, found {node_id}")
            self.errors.append((self.at("stt", row.row), gap))
            return False
        return True

    def _by_level(self, rows: list[_Row]) -> list[_Draft]:
        roots: list[_Draft] = []
        stack: list[_Draft] = []
        for row in rows:
            if not row.level:
                if row.stt:
                    self.errors.append((self.at("level", row.row), "level cell is empty on a numbered row"))
                else:
                    self._scoring_line(stack, row)
                continue
            depth = LEVEL_WORDS.get(normalize_key(row.level))
            if depth is None:
                self.errors.append((self.at("level", row.row), f"level '{row.level}' is not 1/2/3 or lĩnh vực/tiêu chí/tiêu chí thành phần"))
                continue
            siblings = roots if depth == 0 else (stack[depth - 1].children if len(stack) >= depth else None)
            if siblings is None:
                self.errors.append((self.at("level", row.row), f"level {depth + 1} without a level {depth} row above it"))
                continue
            node_id = (f"{stack[depth - 1].id}." if depth else "") + str(len(siblings) + 1)
            stt = _normalise_stt(row.stt)
            if stt and stt != node_id:
                self.errors.append((self.at("stt", row.row), f"STT '{row.stt}' does not match its place in the levels ({node_id})"))
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
                self.errors.append((self.at("name", row.row), f"indentation level {depth + 1} without a parent row above it"))
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
            self.errors.append((self.at("confidence", d.row), f"confidence '{confidence}' is not verified, model or unknown"))
            confidence = Confidence.model
        max_points = self.points(d.points_cell, d.row, confidence != Confidence.unknown)
        min_points = self.points(cells.get("min_points"), d.row, False) if text.get("min_points") else 0.0
        children = [c for c in (self.node(x) for x in d.children) if c is not None]
        scoring_text = "\n".join(t for t in [text.get("scoring", "")] + d.scoring_lines if t)
        parsed = parse_scoring(scoring_text, d.id, text.get("inputs"))
        if parsed.note:
            self.notes.append((self.at("scoring", d.row), f"{d.id}: {parsed.note}"))
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
                        self.errors.append((self.at("applies", d.row), f"unit type '{part}' is not one of "
                                            f"{', '.join(u.value for u in UnitType)}"))
        evidence = [line.strip() for line in text.get("evidence", "").split("\n") if line.strip()]
        known = None
        if text.get("known_counts"):
            known = self._known_counts(text["known_counts"], d.row)
        name_vi = d.name
        if not name_vi:
            self.errors.append((self.at("name", d.row), f"{d.id} has no name"))
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
            err = exc.errors()[0]
            self.errors.append((where(self.sheet.title, None, d.row), f"{d.id}: {err['msg']}"))
            return None

    def _known_counts(self, text: str, row: int) -> KnownCounts | None:
        values: dict[str, Any] = {}
        for part in text.split(";"):
            if "=" not in part:
                self.errors.append((self.at("known_counts", row), f"'{text}' is not 'criteria=6; sub_criteria=6'"))
                return None
            k, v = (s.strip() for s in part.split("=", 1))
            values[k] = v if k == "source" else int(v) if v.isdigit() else v
        try:
            return KnownCounts(**values)
        except ValidationError as exc:
            self.errors.append((self.at("known_counts", row), f"known counts: {exc.errors()[0]['msg']}"))
            return None

    def check_sums(self, nodes: list[Node], drafts: list[_Draft]) -> None:
        by_id = {}

        def index(ds):
            for d in ds:
                by_id[d.id] = d
                index(d.children)

        index(drafts)

        def walk(n: Node):
            if n.children and n.max_points is not None and all(c.max_points is not None for c in n.children):
                total = sum(c.max_points for c in n.children)
                if abs(total - n.max_points) > 1e-6:
                    from compliance.criteria_lib.check import num
                    word = "exceed" if total > n.max_points else "fall short of"
                    self.errors.append((self.at("points", by_id[n.id].row),
                                        f"the children of {n.id} {word} it: {' + '.join(num(c.max_points, 'en') for c in n.children)} = "
                                        f"{num(total, 'en')} ≠ {num(n.max_points, 'en')}"))
            for c in n.children:
                walk(c)

        for n in nodes:
            walk(n)


def _meta(wb, path: Path) -> tuple[dict[str, list[Any]], list[ClassBand] | None, list[tuple[str, str]]]:
    """Key → values from the "Thông tin" sheet, and the classes from "Xếp loại" (None without that sheet)."""
    errors: list[tuple[str, str]] = []
    meta: dict[str, list[Any]] = {}
    if META_SHEET in wb.sheetnames:
        ws = wb[META_SHEET]
        for r in range(2, ws.max_row + 1):
            key = _text(ws.cell(row=r, column=1).value)
            if key:
                meta.setdefault(key, []).append(ws.cell(row=r, column=2).value)
    classes = None
    if CLASS_SHEET in wb.sheetnames:
        ws = wb[CLASS_SHEET]
        classes = []
        for r in range(2, ws.max_row + 1):
            vi, en, low = (ws.cell(row=r, column=c).value for c in (1, 2, 3))
            if not _text(vi) and low is None:
                continue
            try:
                classes.append(ClassBand(name={"vi": _text(vi), "en": _text(en) or None}, min=float(low)))
            except (TypeError, ValueError, ValidationError):
                errors.append((where(CLASS_SHEET, 3, r), f"class threshold '{low}' is not a number from 0 to 100"))
    return meta, classes, errors


def _first(meta: dict[str, list[Any]], key: str) -> Any:
    values = meta.get(key)
    return values[0] if values else None


def import_workbook(path: str | Path, sheet_name: str | None = None, overrides: dict | None = None) -> ImportResult:
    """Read the criteria table of ``path`` into an :class:`Edition`.

    ``overrides``: edition keys from the command line (id, title, level, unit_types, valid_from, valid_to,
    decision, model_set, source, confidence, scale); they win over the "Thông tin" sheet. Raises
    :class:`WorkbookError` listing every unreadable row, or InputError for an unusable file.
    """
    path = Path(path)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    wb = open_workbook(path)
    meta, classes, errors = _meta(wb, path)
    names = [sheet_name] if sheet_name else [n for n in wb.sheetnames if n not in (META_SHEET, CLASS_SHEET)]
    if sheet_name and sheet_name not in wb.sheetnames:
        raise InputError(path, f"no sheet '{sheet_name}' (sheets: {', '.join(wb.sheetnames)})", "--sheet")
    found = None
    for name in names:
        sheet = _Sheet(wb[name])
        header = find_header(sheet)
        if header:
            found = (sheet, header)
            break
    if found is None:
        shown = ", ".join(names) or "none"
        raise WorkbookError(path, [(f"sheet {names[0] if names else '?'}, rows 1–30",
                                    "no header row: expected columns such as 'STT', 'Lĩnh vực / tiêu chí', 'Điểm tối đa', "
                                    f"'Cách chấm' (sheets searched: {shown})")])
    sheet, (header_row, columns) = found
    edition_meta = _edition_meta(meta, overrides, path, sheet)
    node_confidence = edition_meta["confidence"] if edition_meta.get("confidence") in ("verified", "model") else "model"
    reader = _Reader(path, sheet, header_row, columns, {"confidence": _first(meta, "node_confidence") or node_confidence})
    drafts = reader.build(reader.rows())
    nodes = [n for n in (reader.node(d) for d in drafts) if n is not None]
    reader.check_sums(nodes, drafts)
    if reader.stated_total is not None and nodes and all(n.max_points is not None for n in nodes):
        total = sum(n.max_points for n in nodes)
        if abs(total - reader.stated_total) > 1e-6:
            from compliance.criteria_lib.check import num
            reader.errors.append((reader.at("points", reader.total_row),
                                  f"the TỔNG CỘNG row states {num(reader.stated_total, 'en')} but the fields add up "
                                  f"{' + '.join(num(n.max_points, 'en') for n in nodes)} = {num(total, 'en')}"))
    errors += reader.errors
    if not drafts and not errors:
        errors.append((where(sheet.title, None, header_row + 1), "no criteria rows under the header"))
    if errors:
        raise WorkbookError(path, errors)
    data = dict(edition_meta)
    data["stated_total"] = reader.stated_total
    if classes is not None:
        data["classes"] = classes
    data["fields"] = nodes
    if "scale" not in data and nodes and all(n.max_points is not None for n in nodes):
        data["scale"] = reader.stated_total if reader.stated_total is not None else sum(n.max_points for n in nodes)
    try:
        edition = Edition(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(path, f"edition data: {loc}: {err['msg']} (give it in the '{META_SHEET}' sheet or as an option)",
                         f"sheet {META_SHEET}") from None
    return ImportResult(edition, sheet.title, reader.notes)


def _edition_meta(meta: dict[str, list[Any]], overrides: dict, path: Path, sheet: _Sheet) -> dict:
    scalar_keys = ("id", "level", "valid_from", "valid_to", "decision", "source", "confidence", "scale",
                   "survey_points", "bonus_cap", "penalty_cap", "model_set", "listed_only")
    out: dict[str, Any] = {}
    for key in scalar_keys:
        value = _first(meta, key)
        if value is not None and _text(value) != "":
            out[key] = value
    for key in ("valid_from", "valid_to"):
        if isinstance(out.get(key), dt.datetime):
            out[key] = out[key].date()
    for key in ("model_set", "listed_only"):
        if key in out and isinstance(out[key], str):
            out[key] = normalize_key(out[key]) in ("true", "co", "yes", "1")
    if _first(meta, "title_vi"):
        out["title"] = {"vi": _text(_first(meta, "title_vi")), "en": _text(_first(meta, "title_en")) or None}
    if _first(meta, "unit_types"):
        out["unit_types"] = [u.strip() for u in _text(_first(meta, "unit_types")).split(",") if u.strip()]
    out["modelled_on"] = [_text(v) for v in meta.get("modelled_on", []) if _text(v)]
    out["notes"] = [_text(v) for v in meta.get("notes", []) if _text(v)]
    counts = {k: _first(meta, f"known_counts.{k}") for k in ("fields", "criteria", "sub_criteria", "source")}
    if any(v is not None for v in counts.values()):
        out["known_counts"] = {k: (v if k == "source" else int(v)) for k, v in counts.items() if v is not None}
    for key, value in overrides.items():
        if key == "title":
            out["title"] = {"vi": value, "en": None}
        else:
            out[key] = value
    if "title" not in out:
        out["title"] = {"vi": _title_above(sheet) or sheet.title}
    if "source" not in out:
        out["source"] = f"Nhập từ tệp {path.name}, trang tính {sheet.title}"
    if "confidence" not in out:
        out["confidence"] = "verified" if out.get("decision") else "model"
    if "level" in out and "unit_types" not in out:
        out["unit_types"] = {"province": ["province"], "ministry": ["province"], "department": ["department"],
                             "district": ["district"], "commune": ["commune"]}.get(out["level"], ["department"])
    if not out.get("decision") and "model_set" not in out:
        out["model_set"] = True
    missing = [k for k in ("id", "level", "valid_from") if k not in out]
    if missing:
        raise InputError(path, f"edition {', '.join(missing)} not given: add a '{META_SHEET}' sheet or the options "
                         + ", ".join(f"--{m.replace('_', '-')}" for m in missing))
    return out


def _title_above(sheet: _Sheet) -> str | None:
    for r in range(1, 6):
        for c in range(1, min(sheet.ws.max_column, 6) + 1):
            text = _text(sheet.raw(r, c))
            if len(text) > 10 and not _match_header(text):
                return text
    return None
