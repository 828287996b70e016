"""The one tabular reader of the product: a table in a CSV file or a workbook, found by the names of
its columns, each value with its place.

What a caller gives: the file, and its columns as :class:`Column` (key, Vietnamese and English
names, synonyms, the names of a merged header cell above). What it gets:

- :func:`locate` → :class:`Layout`: where the table is, from the first rows only (encoding and
  delimiter of a CSV; for each sheet the header rows, the first data row, the column of each key, the
  columns nobody declared), and notes saying what was skipped or assumed. A register of a million rows
  is located this way and read by DuckDB (:mod:`compliance.registers.reader`); the rows never become
  Python objects.
- :func:`read_table` / :func:`read_sheet` → :class:`Table`: the rows as :class:`Row` (each value with
  its place: file, sheet and cell "C7", or CSV line and column), totals rows apart, and the notes.

Rules every caller gets: the header is found in the first 30 rows (see
:mod:`compliance.io.table_header`), title blocks ("UBND TỈNH …", "SỔ THEO DÕI …", "(Kèm theo Quyết
định số …)") and rows above the header are skipped and said; a two-row merged header is read with its
merged cells covering their columns; a row of column numbers "(1) (2) (3)" under the header is
skipped and said; notes rows ("Ghi chú: …") and the signature block at the foot of a form (a row naming who
signs or a place-and-date line, and the rows under it holding only "(Ký …)", names and titles:
:func:`signature_row`) are skipped and said; a totals row ("Tổng cộng", "Tổng số", "Cộng", or "Tổng cộng: 3")
is never a record: it is checked against the sums of the caller's
columns (the difference is said) or refused; every sheet is reported, and when several sheets hold the
table they are read together (each row keeps its sheet) or refused naming them, as the caller chooses.

Errors: :class:`compliance.errors.InputError` naming the file and the place (sheet and cell, or line).

Layer: io.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from compliance.errors import InputError
from compliance.i18n import M, Num, Signed, join
from compliance.io.table_header import Column, is_title, keys
from compliance.io.table_layout import (Layout, Several, SheetLayout, skipped_notes, text_of, cell_name, locate,
                                        locate_sheet, place, refuse_uncomputed)
from compliance.io.vnparse import VnParseError, normalize_key, parse_number

__all__ = ["Column", "Layout", "SheetLayout", "Table", "Row", "Totals", "locate", "locate_sheet", "refuse_uncomputed",
           "read_table",
           "read_sheet",
           "cell_name", "place", "is_totals_text", "totals_number", "COUNT_UNITS", "is_title", "keys", "fold", "is_signature_text",
           "TOTAL_WORDS", "NOTE_WORDS", "SQL_TOTALS", "SIGNATURE_WORDS", "SIGNATURE_TITLES", "SIGNATURE_RES",
           "SIGNATURE_OPENS", "SIGNATURE_CELLS", "SQL_FOLD", "signature_row"]

TotalsMode = Literal["check", "refuse"]

TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong", "tong diem", "tong so diem", "total", "grand total", "sum")
"""A cell holding one of these (as a key) marks a totals row."""
NOTE_WORDS = ("ghi chu", "luu y", "chu thich", "nguoi lap", "nguoi lap bieu", "nguoi ghi so", "thu truong don vi",
              "xac nhan", "note", "notes", "nguon so lieu")
"""How a notes row below (or inside) a table begins."""
SQL_FOLD = "trim(replace(strip_accents(lower(coalesce({x}, ''))), 'đ', 'd'))"
"""DuckDB SQL of :func:`fold` (format with ``x=<column>``)."""
TOTALS_LEAD = r"^(tong cong|tong so|cong|tong|total)\s*(:|\(|[0-9])"
"""A cell that begins with a totals word followed by ":", "(" or a number ("Tổng cộng: 3 hồ sơ", "Cộng 12"), on
the :func:`fold` of the cell (a regular expression both Python and DuckDB read alike)."""
SQL_TOTALS = ("(trim(regexp_replace(replace(strip_accents(lower(coalesce({x}, ''))), 'đ', 'd'), '[^a-z0-9]+', ' ', 'g')) "
              "IN (" + ", ".join(f"'{w}'" for w in TOTAL_WORDS) + ") OR regexp_matches(" + SQL_FOLD + ", '"
              + TOTALS_LEAD + "'))")
"""DuckDB SQL true when column ``{x}`` holds a totals word, alone or followed by ":" or a number (format
with ``x=<column>``)."""

SIGNATURE_WORDS = ("nguoi lap bieu", "nguoi lap", "nguoi ghi so", "nguoi ky", "nguoi duyet", "nguoi kiem tra",
                   "thu truong don vi", "thu truong co quan", "thu truong", "lanh dao", "ke toan truong",
                   "xac nhan cua")
"""How a cell naming who signs at the foot of a Vietnamese form begins (as a key)."""
SIGNATURE_TITLES = ("chu tich", "giam doc", "truong phong", "chanh van phong")
"""A title that, alone in its cell ("GIÁM ĐỐC", "PHÓ CHỦ TỊCH"), names who signs."""
SIGNATURE_RES = {
    # who signs: the words above; a title alone; an authority "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "TL.", "TUQ."
    "signer": r"^((" + "|".join(SIGNATURE_WORDS) + r")( |$|[^a-z0-9])|(pho )?(" + "|".join(SIGNATURE_TITLES)
              + r")$|(kt|tm|tl|tuq)\s*\.)",
    # the heading of who an administrative document is sent to (Nghị định 30/2020/NĐ-CP of 05/3/2020, Art. 8
    # and Phụ lục I), alone or with its first line: "Nơi nhận:", "NƠI NHẬN"
    "recipients": r"^noi nhan *(:|$)",
    # a line of that list: "- UBND tỉnh;", "- Như trên;", "- Lưu: VT.", "- Lưu VT, VP (2b)."; the filing line
    # without its dash too ("Lưu: VT.")
    "recipient": r"^([-–+•] *[a-z][a-z0-9 .,:;()/&+-]{0,78}|luu *:? *vt([^a-z].*)?)$",
    # "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "(đóng dấu)"
    "mark": r"^\(.*(ky|dong dau|ho ten).*\)$",
    # "Lâm Đồng, ngày 05 tháng 12 năm 2026", "ngày … tháng … năm 20…"
    "date_line": r"(^|[^a-z])ngay[^a-z]*thang[^a-z]*nam[^a-z]*$",
    # a name or a title: letters, spaces and dots only, one to six words ("Nguyễn Thị Hoa", "PHÓ GIÁM ĐỐC")
    "name": r"^[a-z]+\.?( +[a-z]+\.?){0,5}$",
}
"""The texts a cell of a signature block holds, as regular expressions on its :func:`fold` (read alike by
Python and DuckDB). A row under a signer's row whose every cell is one of them is part of the block."""
SIGNATURE_OPENS = ("signer", "date_line", "recipients")
"""The kinds of :data:`SIGNATURE_RES` that open a signature block: who signs, the place-and-date line, the
"Nơi nhận:" heading (a list's line, a mark or a name only belongs to a block opened above it)."""


def fold(text: Any) -> str:
    """Lower case, accents dropped, ``đ`` → ``d``, trimmed; punctuation kept: "Tổng cộng: 3" → "tong cong: 3"."""
    text = unicodedata.normalize("NFD", str(text).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d").strip()


def is_totals_text(text: Any) -> bool:
    """True for "Tổng cộng", "TỔNG SỐ", "Cộng", "Tổng", "Total", "TỔNG CỘNG (100 điểm)", "Tổng cộng: 3 hồ sơ",
    "Cộng 12"… (a whole cell)."""
    if not isinstance(text, str):
        return False
    key = normalize_key(text)
    return key in TOTAL_WORDS or key.startswith("tong cong ") or re.match(TOTALS_LEAD, fold(text)) is not None


COUNT_UNITS = ("ho so", "hs")
"""The unit a count of dossiers is written with after its number ("9 hồ sơ", "28.044 HS"), as a key."""
_FIGURE = r"[0-9](?:[0-9.,]*[0-9])?"
_COUNT_WITH_UNIT = re.compile(rf"({_FIGURE}) *(?:{'|'.join(COUNT_UNITS)})\.?")


def totals_number(text: Any) -> float | None:
    """The count a cell of a totals row states, a number as Vietnamese write it (thousands with dots,
    decimals with a comma: :func:`compliance.io.vnparse.parse_number`), or None.

    After a totals word, the first number that follows it, whatever comes after ("Tổng cộng: 3 hồ sơ" → 3,
    "Tổng số:28.044" → 28044, "Cộng 12" → 12, "TỔNG CỘNG (100 điểm)" → 100); else the whole cell, a number
    alone or followed by its unit (:data:`COUNT_UNITS`: "12" → 12, "9 hồ sơ" → 9, "1.234 hồ sơ" → 1234,
    "28.044 HS" → 28044); a number cell of a workbook as it is. None for a totals word without a number
    ("Tổng cộng", "TỔNG SỐ:"), a percentage, a date ("05/01/2026"), a code, any other text, a yes/no value."""
    if isinstance(text, str):
        folded = fold(text)
        lead = re.match(TOTALS_LEAD, folded)
        if lead is not None:
            found = re.match(rf"[\s:(]*({_FIGURE})", folded[lead.end(1):])
            text = found.group(1) if found else ""
        else:
            unit = _COUNT_WITH_UNIT.fullmatch(folded)
            text = unit.group(1) if unit else text
    try:
        number = parse_number(text)
    except (VnParseError, TypeError):
        return None
    return None if number.percent else float(number.value)


def is_signature_text(text: Any, kind: str | None = None) -> bool:
    """Whether a cell's text is one of :data:`SIGNATURE_RES` (``kind``: only that one)."""
    if not isinstance(text, str) or not text.strip():
        return False
    folded = fold(text)
    return any(re.search(SIGNATURE_RES[k], folded) is not None for k in ([kind] if kind else SIGNATURE_RES))


#: at most this many cells filled in a row of the signature block (who drew up the form, the chief
#: accountant, the head of the unit, an approver)
SIGNATURE_CELLS = 4


def signature_row(texts: list[str]) -> tuple[bool, bool]:
    """Of a row's cell texts: (it may belong to a signature block: one to :data:`SIGNATURE_CELLS` cells
    filled, each a signature text; it opens one: a cell names who signs, is a place-and-date line or the
    "Nơi nhận:" heading, :data:`SIGNATURE_OPENS`).
    A block is a row that opens one and the rows right under it that may belong to it (blank rows
    between them too)."""
    filled = [t for t in texts if t and t.strip()]
    like = 1 <= len(filled) <= SIGNATURE_CELLS and all(is_signature_text(t) for t in filled)
    return like, like and any(is_signature_text(t, k) for t in filled for k in SIGNATURE_OPENS)


def _is_note(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    if not filled or len(filled) > 2:
        return False
    key = normalize_key(filled[0])
    return any(key == w or key.startswith(w + " ") for w in NOTE_WORDS) or filled[0].lstrip().startswith("(*)")


@dataclass
class Row:
    """One record: ``sheet`` (None for CSV), ``number`` (sheet row or CSV line), ``values`` (key →
    value as saved, None when blank), ``cells`` (every cell of the row), ``layout`` (its sheet's)."""

    sheet: str | None
    number: int
    values: dict[str, Any]
    cells: list[Any]
    layout: SheetLayout

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def col(self, key: str) -> int | None:
        """The column (1-based) of ``key`` in this row's sheet, or None when the sheet lacks it."""
        return self.layout.columns.get(key)

    def where(self, key: str | None = None) -> str:
        """The place of the row, or of its cell for ``key``: "sheet Sổ, cell C7" or "line 12, column 'Mã'"."""
        if key is None or key not in self.layout.columns:
            return self.layout.place(self.number)
        return self.layout.place(self.number, self.layout.columns[key], self.layout.headers[key])


@dataclass
class Totals:
    """A totals row left out of the records: its place, the label ("Tổng cộng"), its values by key,
    and one line per column whose stated total differs from the sum of the rows."""

    where: str
    label: str
    values: dict[str, Any]
    differences: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table read in full: ``rows`` (records only), ``totals`` rows, ``notes``, and its ``layout``."""

    path: Path
    layout: Layout
    rows: list[Row]
    totals: list[Totals] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> dict[str, str]:
        """key → header as written (first sheet holding it)."""
        return {k: self.layout.header(k) for k in self.layout.keys}


# ------------------------------------------------------------------------------------------ reading

def read_table(path: str | Path, columns: tuple[Column, ...], *, sheet: str | None = None, several: Several = "concat",
               totals: TotalsMode = "refuse", sum_keys: tuple[str, ...] = (), ignore_sheets: tuple[str, ...] = (),
               what: str = "table", max_bytes: int | None = None, workbook=None) -> Table:
    """Read the table of ``columns`` in ``path`` in full (see :func:`locate` for the arguments).

    ``totals``: ``"check"`` leaves a totals row out of the records and compares each of its numbers
    in a ``sum_keys`` column with the sum of that column over the rows of its sheet (a difference is
    said in the notes and in :attr:`Totals.differences`); ``"refuse"`` raises InputError naming it.
    Blank rows are left out; notes rows are left out and said (``read_sheet(skip_notes=False)`` keeps them).
    """
    layout = locate(path, columns, sheet=sheet, several=several, ignore_sheets=ignore_sheets, what=what,
                    max_bytes=max_bytes, workbook=workbook)
    table = Table(layout.path, layout, [], [], list(layout.notes))
    for s in layout.sheets:
        _read_rows(table, s, totals, sum_keys, what)
    return table


def read_sheet(path: str | Path, ws, columns: tuple[Column, ...], *, totals: TotalsMode = "refuse",
               sum_keys: tuple[str, ...] = (), what: str = "table", skip_notes: bool = True,
               expected: str | None = None) -> Table:
    """Read the table of ``columns`` in one worksheet ``ws`` of an opened workbook (see :func:`read_table`)."""
    path = Path(path)
    s = locate_sheet(path, ws, columns, what=what, expected=expected)
    layout = Layout(path, "xlsx", [s], [ws.title])
    table = Table(path, layout, [], [], skipped_notes(s))
    _read_rows(table, s, totals, sum_keys, what, skip_notes)
    return table


def _read_rows(table: Table, s: SheetLayout, totals: TotalsMode, sum_keys: tuple[str, ...], what: str,
               skip_notes: bool = True) -> None:
    grid = s.grid
    first = next((i for i in range(len(grid.rows)) if grid.line(i + 1) >= s.data_start), len(grid.rows))
    rows: list[Row] = []
    found: list[Totals] = []
    signed = False  # inside a signature block
    for i in range(first, len(grid.rows)):
        cells = grid.rows[i]
        texts = [text_of(v) for v in cells]
        if not any(texts):
            continue
        number = grid.line(i + 1)
        values = {k: (cells[c - 1] if c - 1 < len(cells) else None) for k, c in s.columns.items()}
        values = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in values.items()}
        where = s.place(number)
        like, opens = signature_row(texts)
        signed = skip_notes and like and (signed or opens)  # a row neither blank nor like it ends the block
        label = next((t for t in texts[:4] if t and is_totals_text(t)), None)
        if label is not None:
            if totals == "refuse":
                raise InputError(table.path, M("a totals row ('{label}') is not a {what} record; delete it", label=label, what=what), where)
            found.append(Totals(where, label, values))
            continue
        if signed:
            text = " ".join(t for t in texts if t)[:80]
            table.notes.append(M("{place} skipped (signature block, not a {what} record): {text}", place=where, what=what,
                                 text=text))
            continue
        if skip_notes and _is_note(texts):
            text = " ".join(t for t in texts if t)[:80]
            table.notes.append(M("{place} skipped (a note, not a {what} record): {text}", place=where, what=what, text=text))
            continue
        rows.append(Row(s.name, number, values, cells, s))
    for t in found:
        _check_totals(t, rows, sum_keys, s)
        note = M("{place}: the totals row ('{label}') is left out of the records", place=t.where, label=t.label)
        table.notes.append(join([note] + t.differences) if t.differences else note)
    table.rows.extend(rows)
    table.totals.extend(found)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(parse_number(value).value)
    except (VnParseError, TypeError):
        return None


def _check_totals(t: Totals, rows: list[Row], sum_keys: tuple[str, ...], s: SheetLayout) -> None:
    for key in sum_keys:
        stated = _number(t.values.get(key))
        if stated is None or key not in s.columns:
            continue
        total = sum(n for n in (_number(r.values.get(key)) for r in rows) if n is not None)
        if abs(total - stated) > 1e-9:
            t.differences.append(M("column {column!r}: it states {stated}, the rows add up to {total} (difference {diff})",
                                   column=s.headers[key], stated=Num(stated), total=Num(total),
                                   diff=Signed(stated - total)))


