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
skipped and said; notes rows ("Ghi chú: …", "Người lập biểu") are skipped and said; a totals row
("Tổng cộng", "Tổng số", "Cộng") is never a record: it is checked against the sums of the caller's
columns (the difference is said) or refused; every sheet is reported, and when several sheets hold the
table they are read together (each row keeps its sheet) or refused naming them, as the caller chooses.

Errors: :class:`compliance.errors.InputError` naming the file and the place (sheet and cell, or line).

Layer: io.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from compliance.errors import InputError
from compliance.io.table_header import SCAN_ROWS, Column, Header, find_header, is_title, keys, missing
from compliance.io.table_source import CsvSource, Grid, csv_rows, sheet_grid, sniff_csv, stream_grid
from compliance.io.vnparse import VnParseError, normalize_key, parse_number

__all__ = ["Column", "Layout", "SheetLayout", "Table", "Row", "Totals", "Note", "locate", "locate_sheet", "read_table",
           "read_sheet",
           "cell_name", "place", "is_totals_text", "is_title", "keys", "TOTAL_WORDS", "NOTE_WORDS", "SQL_TOTALS"]

Several = Literal["concat", "refuse"]
TotalsMode = Literal["check", "refuse"]

TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong", "tong diem", "tong so diem", "total", "grand total", "sum")
"""A cell holding one of these (as a key) marks a totals row."""
NOTE_WORDS = ("ghi chu", "luu y", "chu thich", "nguoi lap", "nguoi lap bieu", "nguoi ghi so", "thu truong don vi",
              "xac nhan", "note", "notes", "nguon so lieu")
"""How a notes row below (or inside) a table begins."""
SQL_TOTALS = ("trim(regexp_replace(replace(strip_accents(lower(coalesce({x}, ''))), 'đ', 'd'), '[^a-z0-9]+', ' ', 'g')) "
              "IN (" + ", ".join(f"'{w}'" for w in TOTAL_WORDS) + ")")
"""DuckDB SQL true when column ``{x}`` holds a totals word (format with ``x=<column>``)."""


class Note(str):
    """A note for the user: the English text (the ``str`` value) with its Vietnamese text in ``vi``;
    ``get(lang)`` picks one."""

    vi: str

    def __new__(cls, en: str, vi: str) -> "Note":
        obj = super().__new__(cls, en)
        obj.vi = vi
        return obj

    def get(self, lang: str) -> str:
        return str.__str__(self) if lang == "en" else self.vi


def place(sheet: str | None, row: int, col: int | None = None, lang: str = "en") -> str:
    """"sheet S, cell C7" / "sheet S, row 7" / "line 7" (``lang="vi"``: "trang tính S, ô C7" …)."""
    vi = lang == "vi"
    if sheet is None:
        return f"dòng {row}" if vi else f"line {row}"
    if col:
        return f"trang tính {sheet}, ô {cell_name(col, row)}" if vi else f"sheet {sheet}, cell {cell_name(col, row)}"
    return f"trang tính {sheet}, dòng {row}" if vi else f"sheet {sheet}, row {row}"


def cell_name(col: int, row: int) -> str:
    """"C7" for column 3, row 7."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def is_totals_text(text: Any) -> bool:
    """True for "Tổng cộng", "TỔNG SỐ", "Cộng", "Tổng", "Total", "TỔNG CỘNG (100 điểm)"… (a whole cell)."""
    if not isinstance(text, str):
        return False
    key = normalize_key(text)
    return key in TOTAL_WORDS or key.startswith("tong cong ")


def _is_note(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    if not filled or len(filled) > 2:
        return False
    key = normalize_key(filled[0])
    return any(key == w or key.startswith(w + " ") for w in NOTE_WORDS) or filled[0].lstrip().startswith("(*)")


def _column_numbers(texts: list[str]) -> bool:
    """The "(1) (2) (3)" row under a header: at least 3 cells, each the next number."""
    import re

    filled = [t for t in texts if t]
    numbers = [re.fullmatch(r"\(?(\d+)\)?", t) for t in filled]
    if len(filled) < 3 or not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers]
    return values == list(range(values[0], values[0] + len(values)))


# ------------------------------------------------------------------------------------------- layout

@dataclass
class SheetLayout:
    """Where the table is in one sheet (or in the CSV file, ``name`` None).

    ``header_top``/``header_row``: the header's first and last row (sheet rows; CSV lines);
    ``data_start``: the first row after the header (and after a column-number row); ``skip_lines``:
    CSV only, the physical lines before the first data line; ``columns``: key → column (1-based);
    ``headers``: key → the header as written; ``extra``: undeclared header → column; ``width``: columns
    in the header; ``skipped``: (row, text) of rows above the data that were skipped."""

    name: str | None
    header_top: int
    header_row: int
    data_start: int
    columns: dict[str, int]
    headers: dict[str, str]
    extra: dict[str, int]
    width: int
    skip_lines: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    grid: Grid | None = None
    problems: list = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def place(self, row: int, col: int | None = None, header: str | None = None, lang: str = "en") -> str:
        """"sheet S, cell C7" / "sheet S, row 7" / "line 7, column 'Ngày hẹn trả'" / "line 7"."""
        if self.name is None and header:
            return place(None, row, lang=lang) + (f", cột {header!r}" if lang == "vi" else f", column {header!r}")
        return place(self.name, row, col, lang)


@dataclass
class Layout:
    """A located table: ``path``, ``kind`` ("csv" or "xlsx"), ``csv`` (encoding and delimiter),
    ``sheets`` holding the table (one for a CSV), ``all_sheets`` (every sheet name of a workbook),
    ``notes`` (what was skipped or assumed, one line each, for the caller to print)."""

    path: Path
    kind: str
    sheets: list[SheetLayout]
    all_sheets: list[str]
    csv: CsvSource | None = None
    notes: list[str] = field(default_factory=list)
    workbook: Any = None

    @property
    def keys(self) -> list[str]:
        """The declared keys found, in the order of the first sheet's columns."""
        seen: dict[str, None] = {}
        for s in self.sheets:
            for k, _c in sorted(s.columns.items(), key=lambda kv: kv[1]):
                seen.setdefault(k)
        return list(seen)

    def header(self, key: str) -> str:
        """The header of ``key`` as written (in the first sheet holding it)."""
        return next(s.headers[key] for s in self.sheets if key in s.headers)


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
    where_vi: str = ""
    differences_vi: list[str] = field(default_factory=list)


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


# ------------------------------------------------------------------------------------------ opening

def _check_file(path: Path, max_bytes: int | None) -> str:
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a folder, a file was expected")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(path, f"file is larger than {max_bytes // (1024 * 1024)} MB")
    if size == 0:
        raise InputError(path, "file is empty")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm", ".xltm", ".xlam", ".xls"):
        return "xlsx"
    raise InputError(path, f"unsupported file type '{suffix}' (a table is .csv or .xlsx)")


def _csv_grid(src: CsvSource, limit: int | None) -> Grid:
    rows, numbers, ends = [], [], []
    for first, last, cells in csv_rows(src, limit):
        rows.append(cells)
        numbers.append(first)
        ends.append(last)
    grid = Grid(None, rows, numbers=numbers, complete=limit is None or len(rows) < limit)
    grid.ends = ends  # type: ignore[attr-defined]  - last physical line of each record
    return grid


def _grids(path: Path, kind: str, stream: bool, workbook=None) -> tuple[list[Grid], CsvSource | None, Any]:
    if kind == "csv":
        src = sniff_csv(path)
        return [_csv_grid(src, SCAN_ROWS + 2 if stream else None)], src, None
    from compliance.io.safety import open_streaming, open_untrusted

    if stream:
        wb = workbook if workbook is not None else open_streaming(path, max_unpacked=None)
        return [stream_grid(wb, ws, path, SCAN_ROWS + 2) for ws in wb.worksheets], None, wb
    wb = workbook if workbook is not None else open_untrusted(path)
    return [sheet_grid(ws) for ws in wb.worksheets], None, wb


# ----------------------------------------------------------------------------------------- locating

def _sheet_layout(path: Path, grid: Grid, header: Header, columns: tuple[Column, ...]) -> SheetLayout:
    line = grid.line
    width = max(header.labels) if header.labels else 0
    start = header.bottom + 1
    skipped = []
    for r in range(1, header.top):
        texts = [str(v).strip() for v in grid.rows[r - 1] if v is not None and str(v).strip()]
        if texts:
            skipped.append((line(r), " | ".join(texts)[:80]))
    if start <= len(grid.rows) and _column_numbers([_str(v) for v in grid.rows[start - 1]]):
        skipped.append((line(start), "(1) (2) (3) … column numbers"))
        start += 1
    ends = getattr(grid, "ends", None)
    skip_lines = ends[start - 2] if ends and start >= 2 else 0
    data_start = line(start) if start <= len(grid.rows) else (skip_lines + 1 if ends else start)
    return SheetLayout(grid.title, line(header.top), line(header.bottom), data_start,
                       dict(header.columns), {k: header.labels[c] for k, c in header.columns.items()},
                       dict(header.extra), width, skip_lines, skipped, grid)


def _str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def locate(path: str | Path, columns: tuple[Column, ...], *, sheet: str | None = None, several: Several = "concat",
           ignore_sheets: tuple[str, ...] = (), what: str = "table", stream: bool = False,
           max_bytes: int | None = None, workbook=None, expected: str | None = None) -> Layout:
    """Find the table of ``columns`` in ``path`` (CSV or .xlsx) from its first rows.

    ``sheet``: read only this sheet; else every sheet whose header names every required column holds
    the table, and ``several`` says what to do when there are more than one: ``"concat"`` reads them
    all (in order), ``"refuse"`` raises InputError naming them. ``ignore_sheets``: sheets never
    searched (a caller's own settings sheets). ``what``: the table's name in messages ("register").
    ``stream``: open a workbook read-only (only the first rows are looked at; for registers).
    ``workbook``: an already opened openpyxl workbook to use. ``expected``: the columns named when no
    header is found (default the required ones).

    Raises InputError: file missing, empty, too large (``max_bytes``) or of another type; a refused
    workbook (:mod:`compliance.io.safety`); no sheet named ``sheet``; no header naming the required
    columns (the message names them and the closest header); two columns for one key, or a merged
    header cell over several columns with nothing below it naming them (naming the cells); several
    sheets with ``several="refuse"``.
    """
    path = Path(path)
    kind = _check_file(path, max_bytes)
    grids, src, wb = _grids(path, kind, stream, workbook)
    names = [g.title for g in grids] if kind == "xlsx" else []
    if sheet is not None:
        if kind == "csv":
            raise InputError(path, "a CSV file has no sheets", "--sheet")
        if sheet not in names:
            raise InputError(path, f"no sheet named {sheet!r} (sheets: {', '.join(names)})")
        grids = [g for g in grids if g.title == sheet]
    notes: list[str] = []
    if src is not None and src.note:
        notes.append(Note(src.note, src.note_vi))
    found: list[tuple[Grid, Header]] = []
    partial: list[tuple[Grid, Header | None]] = []
    for grid in grids:
        if grid.title in ignore_sheets:
            continue
        if not grid.rows:
            notes.append(Note(f"sheet {grid.title} is empty: not read", f"trang tính {grid.title} trống: không đọc"))
            continue
        header = find_header(grid, columns)
        if header is not None and missing(header, columns) is None:
            found.append((grid, header))
        else:
            partial.append((grid, header))
    if not found:
        try:
            _refuse_missing(path, partial, columns, what, expected)
        except InputError as exc:
            if src is not None and src.note:  # a guessed encoding may be why no header was found
                exc = InputError(path, f"{exc.message} ({src.note})", exc.where)
            raise exc from None
    for grid, header in found:
        if header.problems:
            raise InputError(path, header.problems[0].message, _at(grid, header.problems[0].cells))
    for grid, header in partial:
        if grid.title is not None:
            has = ", ".join(sorted(header.columns)) if header else ""
            notes.append(Note(f"sheet {grid.title}: no {what} header" + (f" (only {has})" if has else "") + ", not read",
                              f"trang tính {grid.title}: không có dòng tiêu đề của bảng" + (f" (chỉ có {has})" if has else "")
                              + ", không đọc"))
    if len(found) > 1 and several == "refuse":
        raise InputError(path, f"{len(found)} sheets hold a {what}: {', '.join(g.title for g, _ in found)}; "
                         "give the sheet to read (--sheet)")
    sheets = [_sheet_layout(path, g, h, columns) for g, h in found]
    for s in sheets:
        notes.extend(_skipped_notes(s))
    if len(sheets) > 1:
        names_read = ", ".join(str(s.name) for s in sheets)
        notes.append(Note(f"{len(sheets)} sheets hold the {what} and are read together: {names_read}",
                          f"{len(sheets)} trang tính có cùng bảng, được đọc cùng nhau: {names_read}"))
    return Layout(path, kind, sheets, names, src, notes, wb)


def _skipped_notes(s: SheetLayout) -> list[Note]:
    return [Note(f"{place(s.name, line)} skipped (above the data): {text}",
                 f"{place(s.name, line, lang='vi')}: bỏ qua (phía trên dữ liệu): {text}") for line, text in s.skipped]


def _at(grid: Grid, cells: str) -> str:
    return f"sheet {grid.title}, {cells}" if grid.title is not None else f"header, {cells}"


def _refuse_missing(path: Path, partial: list[tuple[Grid, Header | None]], columns: tuple[Column, ...], what: str,
                    expected: str | None = None):
    if not partial:
        raise InputError(path, f"no {what} found: the workbook has no sheet to read")
    grid, header = max(partial, key=lambda gh: len(gh[1].columns) if gh[1] else -1)
    message = missing(header, columns)
    if header is None:
        wanted = expected or ", ".join(repr(c.names[0]) for c in columns if c.required) or repr(columns[0].names[0])
        searched = f" (sheets searched: {', '.join(str(g.title) for g, _ in partial)})" if grid.title is not None else ""
        if grid.title is not None:
            place = f"sheet {grid.title}, rows 1–{SCAN_ROWS}"
        else:
            place = f"lines 1–{grid.line(min(len(grid.rows), SCAN_ROWS)) if grid.rows else 1}"
        raise InputError(path, f"no header row: expected columns such as {wanted}{searched}", place)
    row = grid.line(header.bottom)
    place = f"line {row} (header)" if grid.title is None else f"sheet {grid.title}, row {row} (header)"
    raise InputError(path, message, place)


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


def locate_sheet(path: str | Path, ws, columns: tuple[Column, ...], *, what: str = "table", expected: str | None = None,
                 strict: bool = True) -> SheetLayout | None:
    """Locate the table of ``columns`` in one worksheet ``ws`` of an opened workbook (a form's sheet).

    ``strict``: raise InputError for missing required columns or columns that cannot be told apart
    (as :func:`locate`); with ``strict=False`` the layout is returned as found (None when no row names
    any column), its ``problems`` and ``missing`` listing what is wrong, for a caller with its own words.
    """
    path = Path(path)
    grid = sheet_grid(ws)
    header = find_header(grid, columns)
    if strict:
        if header is None or missing(header, columns):
            _refuse_missing(path, [(grid, header)], columns, what, expected)
        if header.problems:
            raise InputError(path, header.problems[0].message, _at(grid, header.problems[0].cells))
    if header is None:
        return None
    s = _sheet_layout(path, grid, header, columns)
    s.problems = list(header.problems)
    s.missing = [c.key for c in columns if c.required and c.key not in header.columns]
    return s


def read_sheet(path: str | Path, ws, columns: tuple[Column, ...], *, totals: TotalsMode = "refuse",
               sum_keys: tuple[str, ...] = (), what: str = "table", skip_notes: bool = True,
               expected: str | None = None) -> Table:
    """Read the table of ``columns`` in one worksheet ``ws`` of an opened workbook (see :func:`read_table`)."""
    path = Path(path)
    s = locate_sheet(path, ws, columns, what=what, expected=expected)
    layout = Layout(path, "xlsx", [s], [ws.title])
    table = Table(path, layout, [], [], _skipped_notes(s))
    _read_rows(table, s, totals, sum_keys, what, skip_notes)
    return table


def _read_rows(table: Table, s: SheetLayout, totals: TotalsMode, sum_keys: tuple[str, ...], what: str,
               skip_notes: bool = True) -> None:
    grid = s.grid
    first = next((i for i in range(len(grid.rows)) if grid.line(i + 1) >= s.data_start), len(grid.rows))
    rows: list[Row] = []
    found: list[Totals] = []
    for i in range(first, len(grid.rows)):
        cells = grid.rows[i]
        texts = [_str(v) for v in cells]
        if not any(texts):
            continue
        number = grid.line(i + 1)
        values = {k: (cells[c - 1] if c - 1 < len(cells) else None) for k, c in s.columns.items()}
        values = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in values.items()}
        where = s.place(number)
        label = next((t for t in texts[:4] if t and is_totals_text(t)), None)
        if label is not None:
            if totals == "refuse":
                raise InputError(table.path, f"a totals row ('{label}') is not a {what} record; delete it", where)
            found.append(Totals(where, label, values, where_vi=s.place(number, lang="vi")))
            continue
        if skip_notes and _is_note(texts):
            text = " ".join(t for t in texts if t)[:80]
            table.notes.append(Note(f"{where} skipped (a note, not a {what} record): {text}",
                                    f"{s.place(number, lang='vi')}: bỏ qua (ghi chú, không phải dữ liệu): {text}"))
            continue
        rows.append(Row(s.name, number, values, cells, s))
    for t in found:
        _check_totals(t, rows, sum_keys, s)
        table.notes.append(Note(f"{t.where}: the totals row ('{t.label}') is left out of the records"
                                + ("" if not t.differences else "; " + "; ".join(t.differences)),
                                f"{t.where_vi}: dòng tổng ('{t.label}') không tính là một bản ghi"
                                + ("" if not t.differences else "; " + "; ".join(t.differences_vi))))
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
            t.differences.append(f"column {s.headers[key]!r}: it states {stated:g}, the rows add up to {total:g} "
                                 f"(difference {stated - total:+g})")
            t.differences_vi.append(f"cột {s.headers[key]!r}: dòng tổng ghi {stated:g}, cộng các dòng được {total:g} "
                                    f"(chênh lệch {stated - total:+g})")


