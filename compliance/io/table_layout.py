"""Locating a table (the first half of :mod:`compliance.io.table`): opening the file, finding the
header on every sheet, choosing the sheets that hold the table, and saying what was skipped. The
result is a :class:`Layout`, which the reader in :mod:`compliance.io.table` (or DuckDB, for registers)
reads from.

Layer: io.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from compliance.errors import InputError
from compliance.i18n import M, Message, Num, join, places
from compliance.io.files import note_input
from compliance.io.table_header import SCAN_ROWS, Column, Header, find_header, missing
from compliance.io.table_source import CsvSource, Grid, csv_rows, downward, sheet_grid, sniff_csv, stream_grid

Several = Literal["concat", "refuse"]


def place(sheet: str | None, row: int, col: int | None = None) -> Message:
    """"sheet S, cell C7" / "sheet S, row 7" / "line 7" (catalogue messages, :mod:`compliance.i18n.places`)."""
    if col:
        return places.cell(sheet, cell_name(col, row))
    return places.row(sheet, row)


def cell_name(col: int, row: int) -> str:
    """"C7" for column 3, row 7."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _column_numbers(texts: list[str]) -> bool:
    """The "(1) (2) (3)" row under a header: at least 3 cells, each the next number."""
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

    def place(self, row: int, col: int | None = None, header: str | None = None) -> Message:
        """"sheet S, cell C7" / "sheet S, row 7" / "line 7, column 'Ngày hẹn trả'" / "line 7"."""
        if self.name is None and header:
            return places.line(row, column=header)
        return place(self.name, row, col)


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


# ------------------------------------------------------------------------------------------ opening

def _check_file(path: Path, max_bytes: int | None) -> str:
    if not path.exists():
        raise InputError(path, M("file not found"))
    if path.is_dir():
        raise InputError(path, M("is a folder, a file was expected"))
    note_input(path)  # an input of the command: no output may replace it
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(path, M("file is larger than {value} MB", value=max_bytes // (1024 * 1024)))
    if size == 0:
        raise InputError(path, M("file is empty"))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm", ".xltm", ".xlam", ".xls"):
        return "xlsx"
    raise InputError(path, M("unsupported file type '{suffix}' (a table is .csv or .xlsx)", suffix=suffix))


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
    from compliance.io.safety import open_rows, open_untrusted

    if stream and workbook is not None:  # an openpyxl workbook opened read-only by the caller
        return [stream_grid(workbook, ws, path, SCAN_ROWS + 2) for ws in workbook.worksheets], None, workbook
    if stream:
        book = open_rows(path)
        grids = []
        for name in book.sheet_names:
            rows, merges = book.first_rows(name, SCAN_ROWS + 2)
            grids.append(Grid(name, rows, merges, complete=False))
        return grids, None, book
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
    if start <= len(grid.rows) and _column_numbers([text_of(v) for v in grid.rows[start - 1]]):
        skipped.append((line(start), M("(1) (2) (3) … column numbers")))
        start += 1
    ends = getattr(grid, "ends", None)
    skip_lines = ends[start - 2] if ends and start >= 2 else 0
    data_start = line(start) if start <= len(grid.rows) else (skip_lines + 1 if ends else start)
    return SheetLayout(grid.title, line(header.top), line(header.bottom), data_start,
                       dict(header.columns), {k: header.labels[c] for k, c in header.columns.items()},
                       dict(header.extra), width, skip_lines, skipped, grid)


def text_of(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def locate(path: str | Path, columns: tuple[Column, ...], *, sheet: str | None = None, several: Several = "concat",
           ignore_sheets: tuple[str, ...] = (), what: str = "table", stream: bool = False,
           max_bytes: int | None = None, workbook=None, expected: str | None = None,
           continued: str | None = None) -> Layout:
    """Find the table of ``columns`` in ``path`` (CSV or .xlsx) from its first rows.

    ``sheet``: read only this sheet; else every sheet whose header names every required column holds
    the table, and ``several`` says what to do when there are more than one: ``"concat"`` reads them
    all (in order), ``"refuse"`` raises InputError naming them. ``ignore_sheets``: sheets never
    searched (a caller's own settings sheets). ``what``: the table's name in messages ("register").
    ``stream``: open a workbook read-only (only the first rows are looked at; for registers).
    ``workbook``: an already opened openpyxl workbook to use. ``expected``: the columns named when no
    header is found (default the required ones). ``continued``: the key of the column whose values identify a
    record (a register's dossier code): a sheet that looks like a part of the table while another sheet holds it
    whole is an error, not a sheet passed over, and a sheet whose codes are all on the table's sheets is an extract
    of it, passed over with a note (:func:`_refuse_parts`; for a register, whose year may go on over several
    sheets).

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
            raise InputError(path, M("a CSV file has no sheets"), "--sheet")
        if sheet not in names:
            if sheet in _chart_sheets(wb):
                raise InputError(path, M("sheet {sheet!r} is a chart sheet, without cells (sheets holding cells: {items})",
                                         sheet=sheet, items=_names(names)))
            raise InputError(path, M("no sheet named {sheet!r} (sheets: {items})", sheet=sheet, items=_names(names)))
        grids = [g for g in grids if g.title == sheet]
    notes: list[str] = []
    if src is not None and src.note:
        notes.append(src.note)
    found: list[tuple[Grid, Header]] = []
    partial: list[tuple[Grid, Header | None]] = []
    for grid in grids:
        if grid.title in ignore_sheets:
            continue
        if not grid.rows:
            notes.append(M("{sheet} is empty: not read", sheet=places.sheet(grid.title)))
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
                exc = InputError(path, M("{message} ({note})", message=exc.message, note=src.note), exc.where)
            raise exc from None
    for grid, header in found:
        if header.problems:
            raise InputError(path, header.problems[0].message, _at(grid, header.problems[0].cells))
    extracts = _refuse_parts(path, found, partial, columns, what, continued, wb) if continued and found else {}
    for grid, header in partial:
        if grid.title in extracts:
            notes.append(extracts[grid.title])
        elif grid.title is not None:
            has = ", ".join(repr(header.label(k)) for k in sorted(header.columns, key=header.columns.get)) if header else ""
            notes.append(M("{sheet}: no {what} header (only {has}), not read", sheet=places.sheet(grid.title), what=what,
                           has=has)
                         if has else M("{sheet}: no {what} header, not read", sheet=places.sheet(grid.title), what=what))
    if len(found) > 1 and several == "refuse":
        raise InputError(path, M("{n} sheets hold a {what}: {items}; give the sheet to read (--sheet)", n=len(found), what=what, items=_names(g.title for g, _ in found)))
    sheets = [_sheet_layout(path, g, h, columns) for g, h in found]
    for s in sheets:
        notes.extend(skipped_notes(s))
        if stream and workbook is None:  # a StreamedBook, which carries merged values down (open_rows)
            notes.extend(_merged_notes(s))
    if len(sheets) > 1:
        names_read = _names(s.name for s in sheets)
        notes.append(M("{n} sheets hold the {what} and are read together: {names}", n=len(sheets), what=what,
                       names=names_read))
    return Layout(path, kind, sheets, names, src, notes, wb)


def _names(names) -> Message:
    """Sheet names as a list ("Quý I-II, Quý III-IV"), a hidden one followed by "(hidden sheet)"."""
    return join([places.shown(n) for n in names], ", ")


def _chart_sheets(wb) -> list[str]:
    """The names of the chart sheets (a tab holding a chart, no cells) of a workbook opened by :func:`_grids`."""
    if hasattr(wb, "chart_sheets"):  # compliance.io.safety.StreamedBook
        return list(wb.chart_sheets)
    return [c.title for c in getattr(wb, "chartsheets", ())]


def _kind(v: Any) -> str:
    """What a cell holds, for comparing the shape of two rows: empty, number, date or text."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return "empty"
    if isinstance(v, (dt.date, dt.datetime)) or (isinstance(v, str) and _DATE_TEXT.fullmatch(v.strip())):
        return "date"
    if isinstance(v, (int, float)):
        return "number"
    return "text"


_DATE_TEXT = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}( .*)?|\d{4}-\d{2}-\d{2}( .*)?")


def _shape(grid: Grid, first: int, width: int, n: int = 10) -> list[tuple[int, tuple[str, ...]]]:
    """(row, the kinds of its cells) of up to ``n`` rows of ``grid`` holding three cells or more, from row ``first``."""
    out = []
    for r, row in enumerate(grid.rows[first - 1:], start=first):
        kinds = tuple(_kind(row[c] if c < len(row) else None) for c in range(width))
        if sum(k != "empty" for k in kinds) >= 3:
            out.append((r, kinds))
        if len(out) == n:
            break
    return out


def _alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two rows of one shape: the same kind of cell in at least 70 % of the columns either fills."""
    used = [(x, y) for x, y in zip(a, b) if x != "empty" or y != "empty"]
    return bool(used) and sum(x == y for x, y in used) >= 0.7 * len(used)


def code_form(value: Any) -> str | None:
    """The form of an identifying code, to tell a code of one table from other values: each letter written A, each
    digit 9, the rest kept ("1251211-0000001" → "9999999-9999999", "HS-001" → "AA-999", "000.00.12.H12-240101-0001"
    → "999.99.99.A99-999999-9999"). None for a value that cannot tell a code apart: shorter than 5 characters,
    without a digit, digits alone (a count, a year) or a date."""
    text = text_of(value)
    if len(text) < 5 or text.isdigit() or _DATE_TEXT.fullmatch(text):
        return None
    form = re.sub(r"\d", "9", re.sub(r"[^\W\d_]", "A", text))
    return form if "9" in form else None


def _refuse_parts(path: Path, found: list[tuple[Grid, Header]], partial: list[tuple[Grid, Header | None]],
                  columns: tuple[Column, ...], what: str, key: str, book) -> dict[str, Message]:
    """InputError for a sheet that looks like a part of the table that another sheet holds whole (QA6 F12,
    QA7 Q1: half a year of dossiers was passed over with a note), else the notes of the sheets that are extracts
    of it (sheet → note).

    A part: a sheet whose header names every required column but one (the column named, with the closest
    header; a list of procedures naming two of a register's columns is not one, QA7 Q2); a sheet without a header
    whose rows have the shape of the table's rows (dates, numbers and text in the same columns, in most of its
    first rows), as the rows of a register Excel made go on onto a second sheet; or a sheet most of whose first
    rows hold a code of the form (:func:`code_form`) of the ``key`` column (a register's dossier codes), wherever
    they stand: rows pasted without their first column, one column to the right, or without their dates
    (QA7 Q1). An extract: a sheet holding such codes that are all on the table's sheets (a list of late dossiers
    copied from the register, QA7 Q2), passed over with a note rather than counted twice. The advice names
    the sheet to read (``--sheet``) first. A sheet of another shape (a summary table, notes, a catalogue) stays a
    note. ``book``: the opened workbook (:func:`_grids`), whose sheets are read through for an extract."""
    grid0, header0 = found[0]
    width = max(header0.labels) if header0.labels else 0
    model = [kinds for _r, kinds in _shape(grid0, header0.bottom + 1, width, 3)]
    required = [c for c in columns if c.required]
    forms = {f for g, h in found if key in h.columns
             for f in (code_form(g.raw(r, h.columns[key])) for r in range(h.bottom + 1, len(g.rows) + 1)) if f}
    if len(found) == 1:
        advice = M("to read the {what} only, give its sheet (--sheet {sheet!r})", what=what, sheet=grid0.title)
    else:
        advice = M("to read one sheet only, give the sheet to read (--sheet)")
    extracts: dict[str, Message] = {}
    for grid, header in partial:
        first = header.bottom + 1 if header is not None else 1
        codes = [(r, c) for r in range(first, len(grid.rows) + 1) for c, v in enumerate(grid.rows[r - 1], start=1)
                 if forms and code_form(v) in forms]
        filled = sum(1 for r in range(first, len(grid.rows) + 1) if any(text_of(v) for v in grid.rows[r - 1]))
        holds = 2 * len({r for r, _c in codes}) > filled > 0
        if holds:
            copied = _extract(book, grid, first, {c for _r, c in codes}, found, key, forms)
            if copied:
                extracts[grid.title] = M("{sheet}: its {n} values of column {column!r} are all on the {what}'s "
                                         "sheets: an extract of the {what}, not read (not counted twice)",
                                         sheet=places.sheet(grid.title), n=Num(copied), column=header0.label(key), what=what)
                continue
        named_key = header is not None and key in header.columns  # a header naming the code column: not a data row
        if header is not None and (holds and named_key or sum(c.key in header.columns for c in required) >= len(required) - 1 >= 1):
            raise InputError(path, M("{sheet}: {message}, while the other sheets hold the {what} whole: "
                                     "{advice}; if it is a part of the {what}, add the column(s) to it",
                                     sheet=places.sheet(grid.title), what=what, message=missing(header, columns), advice=advice),
                             place(grid.title, grid.line(header.top)))
        rows = _shape(grid, 1, width)
        alike = [r for r, kinds in rows if any(_alike(kinds, m) for m in model)]
        if model and rows and 2 * len(alike) > len(rows):
            raise InputError(path, M("{sheet} has no {what} header, but its rows have the shape of the {what}'s "
                                     "rows on {first}: {advice}; if it goes on with the {what}, copy the "
                                     "header row onto it", sheet=places.sheet(grid.title), what=what,
                                     first=places.sheet(grid0.title),
                                     advice=advice), place(grid.title, grid.line(alike[0])))
        if holds:
            r, c = codes[0]
            raise InputError(path, M("{sheet} has no {what} header, but it holds values of the form of column "
                                     "{column!r} of {first} ({value}…): {advice}; if it goes on with the "
                                     "{what}, copy the header row onto it", sheet=places.sheet(grid.title), what=what,
                                     column=header0.label(key), first=places.sheet(grid0.title), value=text_of(grid.raw(r, c)),
                                     advice=advice), place(grid.title, grid.line(r)))
    return extracts


def _extract(book, grid: Grid, first: int, cols: set[int], found: list[tuple[Grid, Header]], key: str,
             forms: set[str]) -> int:
    """How many codes of the form ``forms`` sheet ``grid`` holds in columns ``cols`` from row ``first`` (every row,
    not only the first ones), when every one of them is also in column ``key`` of the ``found`` sheets; else 0."""
    if grid.complete or book is None:
        rows = enumerate(grid.rows, start=1)
    else:
        rows = book.rows(grid.title)
    codes = {text_of(row[c - 1]) for r, row in rows if r >= first for c in cols
             if c <= len(row) and code_form(row[c - 1]) in forms}
    n = len(codes)
    for g, h in found:
        col = h.columns.get(key)
        if col is None:
            continue
        data = enumerate(g.rows, start=1) if g.complete or book is None else book.rows(g.title, h.bottom + 1, keep=True)
        for r, row in data:
            if r > h.bottom and col <= len(row):
                codes.discard(text_of(row[col - 1]))
                if not codes:
                    return n
    return 0


def refuse_uncomputed(layout: Layout, keys: set[str]) -> None:
    """InputError when a cell of a ``keys`` column in the data rows of a sheet of ``layout`` (a workbook opened by
    :func:`compliance.io.safety.open_rows`) holds a formula whose value was never calculated (a workbook a
    program wrote, never opened in a spreadsheet since): its value is not in the file, and the cell would be read
    as empty. Names each such column with its count of cells and the first cell and formula, and says what to
    do (open the file in Excel or LibreOffice and save it again). Nothing for a CSV or another workbook."""
    found = getattr(layout.workbook, "uncomputed", None)
    if not found:
        return
    for s in layout.sheets:
        cells = found.get(s.name) or {}
        if not cells:
            continue
        wanted = {c: s.headers[k] for k, c in s.columns.items() if k in keys}
        by_col: dict[int, list[tuple[int, str]]] = {}
        for (r, c), formula in cells.items():
            if c in wanted and r >= s.data_start:
                by_col.setdefault(c, []).append((r, formula))
        if not by_col:
            continue
        parts, first = [], None
        for c, hits in sorted(by_col.items()):
            r, formula = min(hits)
            first = first or (r, c)
            parts.append(M("column {column!r}: {n} cell(s) ({cell}: {formula}…)", column=wanted[c], n=Num(len(hits)),
                           cell=cell_name(c, r), formula=formula))
        raise InputError(layout.path, M("cells holding a formula whose value was never calculated (the file was "
                                        "written by a program): {columns}: open the file in Excel or LibreOffice and "
                                        "save it again", columns=join(parts)), place(s.name, first[0], first[1]))


def _merged_notes(s: SheetLayout) -> list[Message]:
    """One note per column of ``s`` holding ranges merged down over its data rows, which are read as their value in
    every row they cover (:meth:`compliance.io.safety.StreamedBook.rows`)."""
    by_col: dict[int, int] = {}
    for _r1, c1, _r2, _c2 in downward(s.grid.merges, s.data_start):
        by_col[c1] = by_col.get(c1, 0) + 1
    labels = {c: s.headers[k] for k, c in s.columns.items()} | {c: h for h, c in s.extra.items()}
    return [M("{sheet}: column {column!r} has {n} merged cell range(s) over its rows: the value of each is read for "
              "every row it covers", sheet=places.sheet(s.name), column=labels.get(c, cell_name(c, s.data_start)[:-len(str(s.data_start))]),
              n=Num(n)) for c, n in sorted(by_col.items())]


def skipped_notes(s: SheetLayout) -> list[Message]:
    return [M("{place} skipped (above the data): {text}", place=place(s.name, line), text=text) for line, text in s.skipped]


def _at(grid: Grid, cells: str) -> Message:
    return M("sheet {sheet}, {cells}", sheet=grid.title, cells=cells) if grid.title is not None else \
        M("header, {cells}", cells=cells)


def _refuse_missing(path: Path, partial: list[tuple[Grid, Header | None]], columns: tuple[Column, ...], what: str,
                    expected: str | None = None):
    if not partial:
        raise InputError(path, M("no {what} found: every sheet of the workbook is empty", what=what))
    grid, header = max(partial, key=lambda gh: len(gh[1].columns) if gh[1] else -1)
    message = missing(header, columns)
    if header is None:
        wanted = expected or ", ".join(repr(c.names[0]) for c in columns if c.required) or repr(columns[0].names[0])
        if grid.title is not None:
            sheets = _names(g.title for g, _ in partial)
            raise InputError(path, M("no header row: expected columns such as {wanted} (sheets searched: {sheets})",
                                     wanted=wanted, sheets=sheets), M("sheet {sheet}, rows 1–{last}", sheet=grid.title,
                                                                      last=SCAN_ROWS))
        last = grid.line(min(len(grid.rows), SCAN_ROWS)) if grid.rows else 1
        raise InputError(path, M("no header row: expected columns such as {wanted}", wanted=wanted),
                         M("lines 1–{last}", last=last))
    row = grid.line(header.bottom)
    place = M("line {line} (header)", line=row) if grid.title is None else M("sheet {sheet}, row {row} (header)",
                                                                              sheet=grid.title, row=row)
    raise InputError(path, message, place)


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
