"""Opening untrusted workbooks safely (writing is :mod:`compliance.io.workbook`'s).

A workbook from outside the tool is untrusted. :func:`open_untrusted` refuses macro-enabled
files (.xlsm/.xltm, or any package holding a ``vbaProject.bin``) and the old binary .xls, checks the
package before openpyxl parses it (at most :data:`MAX_MEMBERS` parts, at most :data:`MAX_UNPACKED`
bytes once unpacked, no part inflating more than :data:`MAX_RATIO` times: a zip bomb is an error, not
a hung process), refuses to parse at all unless openpyxl uses defusedxml (no entity expansion, no
external entities), and caps the number of cells at :data:`MAX_CELLS`. Every refusal is an
:class:`compliance.errors.InputError` naming the file.
"""

from __future__ import annotations

import html
import re
import warnings
import zipfile
from pathlib import Path
from typing import Iterator

from compliance.errors import InputError
from compliance.i18n import M, Message, places
from compliance.io import archive
from compliance.io.files import note_input

# openpyxl warns in English on stderr, with its own file path, about what it reads oddly ("Cell C5 is marked as a
# date but the serial value … is outside the limits for dates. The cell will be treated as an error"): the cell
# then holds an error value, which the readers here name by sheet and cell in the user's language where it
# matters; the warning itself would only be a line of English and a path in the middle of the output
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")

MAX_UNPACKED = 64 * 1024 * 1024
"""Bytes: the sum of the declared sizes of every part once unpacked (zipfile never reads past them)."""
MAX_MEMBERS = 2000
"""Parts in the package."""
MAX_RATIO = 200
"""Largest unpacked/packed ratio for a part over 1 MB (ordinary sheets compress 5–20 times)."""
MAX_CELLS = 500_000
"""Cells holding a value, over every sheet."""

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")


def check_package(path: str | Path, max_unpacked: int | None = MAX_UNPACKED) -> None:
    """Check an .xlsx package before parsing it. Raises InputError for a macro-enabled file, an .xls,
    a file that is not a zip package (an .xls that is in fact a web page or a workbook with a password is said as
    such), too many parts, too large once unpacked (``max_unpacked`` bytes;
    None for no cap: a register is streamed row by row and capped by its file size instead), or a part
    that inflates suspiciously (a zip bomb). A file that is not an .xlsx package is said as what it is
    (:func:`not_a_workbook`: damaged or cut short, a CSV, a Word document…)."""
    path = Path(path)
    note_input(path)
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise InputError(path, M("macro-enabled workbooks are refused; save the form as .xlsx (Excel Workbook)"))
    if path.is_file() and path.stat().st_size == 0:
        raise InputError(path, M("the file is empty"))
    if suffix == ".xls":
        found = archive.kind(path) if path.is_file() else "ole"
        if found in ("html", "encrypted"):
            raise InputError(path, not_a_workbook(path, found))
        raise InputError(path, M("the old .xls format is not read; save the form as .xlsx (Excel Workbook)"))
    if not zipfile.is_zipfile(path):
        raise InputError(path, not_a_workbook(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError(path, M("the workbook has {n} parts (at most {max_members} are read)", n=len(infos), max_members=MAX_MEMBERS))
            total = 0
            for info in infos:
                name = info.filename.lower()
                if name.endswith("vbaproject.bin"):
                    raise InputError(path, M("the workbook contains macros (vbaProject.bin); save it as .xlsx without macros"))
                total += info.file_size
                if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError(path, M("part {filename} inflates {value} times (a zip bomb?); refused", filename=archive.entry_name(info), value=info.file_size // max(info.compress_size, 1)))
            if max_unpacked is not None and total > max_unpacked:
                raise InputError(path, M("the workbook unpacks to {value} MB (at most {value2} MB are read)", value=total // (1024 * 1024), value2=max_unpacked // (1024 * 1024)))
            if archive.zip_kind(zf.namelist()) == "docx":
                raise InputError(path, not_a_workbook(path, "docx"))
            try:
                types = zf.read("[Content_Types].xml")
            except KeyError:
                raise InputError(path, M("not an .xlsx workbook ([Content_Types].xml is missing)")) from None
            if b"macroEnabled" in types:
                raise InputError(path, M("macro-enabled workbooks are refused; save the form as .xlsx (Excel Workbook)"))
    except zipfile.BadZipFile:
        raise InputError(path, not_a_workbook(path, "damaged-zip")) from None


def not_a_workbook(path: Path, found: str | None = None) -> Message:
    """Why the file at ``path``, named as a workbook, is not one, by what it really is
    (:func:`compliance.io.archive.kind`; ``found`` when the caller knows it already), with what to do:
    a zip cut short or damaged is to be downloaded or copied again, a CSV renamed .csv, a Word document
    or a PDF named as what it is, an old .xls saved as .xlsx, a workbook with a password opened and saved without
    it, a web page (HTML table) saved as .xlsx from Excel or exported as CSV."""
    try:
        found = found or archive.kind(path)
    except OSError:
        found = "binary"
    workbook = M("an .xlsx workbook")
    if found == "damaged-zip":
        return M("the file is damaged or was not completely downloaded or copied (its zip package cannot be opened); download or copy it again")
    if found == "csv":
        return M("this is a CSV text file, not {kind} (rename it .csv)", kind=workbook)
    if found == "text":
        return M("this is a text file, not {kind}", kind=workbook)
    if found == "docx":
        return M("this is a Word document, not {kind} (rename it .docx)", kind=workbook)
    if found == "pdf":
        return M("this is a PDF, not {kind} (rename it .pdf)", kind=workbook)
    if found == "encrypted":
        return M("the workbook is protected by a password (encrypted), so it cannot be read: open it in Excel, remove "
                 "the password (File → Info → Protect Workbook → Encrypt with Password, clear the box) and save it again")
    if found == "html":
        return M("this is a web page (HTML, a table exported by a program), not {kind}: open it in Excel and save it "
                 "as .xlsx (Excel Workbook), or export the table as CSV", kind=workbook)
    if found == "ole":
        return M("this is an old Excel (.xls) or Word (.doc) file, not {kind}: open it and save it as .xlsx (Excel Workbook)", kind=workbook)
    return M("not an .xlsx workbook (the file is not a zip package)")


def require_safe_parser(path: str | Path) -> None:
    """InputError unless openpyxl parses through defusedxml: defusedxml installed, and openpyxl not
    loaded with lxml (its lxml path expands XML entities). ``compliance/__init__`` sets
    ``OPENPYXL_LXML=False`` before anything imports openpyxl; a program that imported openpyxl first
    gets this refusal instead of an unsafe parse."""
    from openpyxl.xml import DEFUSEDXML, LXML

    if not DEFUSEDXML:
        raise InputError(path, M("refusing to parse a workbook without defusedxml installed (pip install defusedxml)"))
    if LXML:
        raise InputError(path, M("refusing to parse a workbook: openpyxl was loaded with lxml, which expands XML entities (import compliance before openpyxl, or set OPENPYXL_LXML=False)"))


def open_untrusted(path: str | Path):
    """Open an untrusted .xlsx for reading (formulas' cached values, merged ranges, number formats).

    Returns an openpyxl Workbook opened with ``data_only=True``. Raises InputError as
    :func:`check_package` does, when defusedxml is missing, when the file cannot be parsed, and
    when it holds more than :data:`MAX_CELLS` cells.
    """
    from openpyxl import load_workbook

    path = Path(path)
    require_safe_parser(path)
    check_package(path)
    try:
        wb = load_workbook(path, data_only=True, keep_vba=False, keep_links=False, rich_text=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
        raise unreadable(path, exc) from None
    cells = sum(len(ws._cells) for ws in wb.worksheets)  # noqa: SLF001 - no public count of stored cells
    if cells > MAX_CELLS:
        raise InputError(path, M("the workbook holds {cells} cells (at most {max_cells} are read)", cells=cells, max_cells=MAX_CELLS))
    return wb


def open_streaming(path: str | Path, max_unpacked: int | None = MAX_UNPACKED):
    """Open an untrusted .xlsx to stream its rows (openpyxl read-only, cached values) after
    :func:`check_package`; a file openpyxl cannot parse is an InputError (:func:`unreadable`).
    ``max_unpacked``: as for :func:`check_package` (None for registers, which are streamed)."""
    from openpyxl import load_workbook

    path = Path(path)
    require_safe_parser(path)
    check_package(path, max_unpacked=max_unpacked)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
        raise unreadable(path, exc) from None


class StreamedBook:
    """An .xlsx read for its rows only (a register of up to a million rows): the sheets' cells by
    python-calamine (Rust; pandas' "calamine" engine), ten times as fast as openpyxl's read-only rows and
    without its whole-sheet parse of a sheet that declares no dimension (docs/performance.md). Made by
    :func:`open_rows`; a sheet is parsed once, kept until :meth:`rows` has given it, and held in memory
    meanwhile (about 1.5 KB a row of 24 columns). ``sheet_names``: the worksheets, in order
    (:class:`compliance.i18n.places.SheetName`, saying which are hidden); ``chart_sheets``: the
    sheets without cells (a chart on a tab of its own); ``uncomputed``: sheet → (row, column) → the formula of each
    cell holding one without its value (a workbook a program wrote and no spreadsheet calculated), for the sheets
    read so far. Values: None for an empty cell, numbers as float, dates as
    ``datetime.date``/``datetime.datetime``, text as str. Errors reading are :class:`InputError`."""

    def __init__(self, path: Path, book):
        self.path = path
        self._book = book
        self._sheets: dict[str, object] = {}
        self._errors: dict[str, dict[tuple[int, int], str]] = {}
        self.uncomputed: dict[str, dict[tuple[int, int], str]] = {}
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        self.sheet_names = [places.SheetName(m.name, m.visible != SheetVisibleEnum.Visible)
                            for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        self.chart_sheets = [m.name for m in book.sheets_metadata if m.typ != SheetTypeEnum.WorkSheet]
        self._parts = _sheet_parts(path)

    def _sheet(self, name: str):
        if name not in self._sheets:
            # calamine holds a sheet as the whole rectangle from its first to its last cell, and gives an error
            # value (#N/A…) as an empty string: the sheet's XML is looked through first
            self._errors[name], self.uncomputed[name] = _survey(self.path, self._parts.get(name), name)
            try:
                self._sheets[name] = self._book.get_sheet_by_name(name)
            except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
                raise unreadable(self.path, exc) from None
        return self._sheets[name]

    def first_rows(self, name: str, limit: int) -> tuple[list[list], list[tuple[int, int, int, int]]]:
        """Rows 1 … ``limit`` of sheet ``name`` (lists of values from column A) and its merged ranges
        (first row, first column, last row, last column; 1-based)."""
        sheet = self._sheet(name)
        top = sheet.start[0] if sheet.start is not None else 0
        rows = [[] for _ in range(min(top, limit))]
        for _, row in zip(range(limit - len(rows)), self._values(sheet)):
            rows.append(row)
        merges = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        return rows, merges

    def rows(self, name: str, min_row: int = 1, keep: bool = False) -> Iterator[tuple[int, list]]:
        """``(row number, values from column A)`` of sheet ``name`` from row ``min_row`` (1-based) to its
        last row holding something, a range merged down over rows from ``min_row`` on giving its value to every row
        it covers (:func:`compliance.io.table_source.downward`: an agency merged over its dossiers); the sheet is
        let go once given, unless ``keep`` (it is to be read again)."""
        sheet = self._sheet(name)
        if not keep:
            self._sheets.pop(name, None)
        top = sheet.start[0] if sheet.start is not None else 0
        for i, row in enumerate(self._values(sheet, min_row)):
            if top + 1 + i >= min_row:
                yield top + 1 + i, row

    def let_go(self, keep: set[str]) -> None:
        """Forget the parsed sheets other than ``keep``."""
        for name in [n for n in self._sheets if n not in keep]:
            del self._sheets[name]

    def _values(self, sheet, carry_from: int | None = None) -> Iterator[list]:
        """The sheet's rows as lists of values from column A; from row ``carry_from`` on, the value of a range merged
        down over rows (:func:`compliance.io.table_source.downward`) in every row it covers."""
        from compliance.io.table_source import downward

        top, left = sheet.start if sheet.start is not None else (0, 0)
        lead = [None] * left
        errors: dict[int, list[tuple[int, str]]] = {}
        for (r, c), text in self._errors.get(sheet.name, {}).items():
            errors.setdefault(r, []).append((c, text))
        downs: dict[int, list[tuple[int, int]]] = {}  # first row of a range → (its column, its last row)
        if carry_from is not None:
            merges = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
            for r1, c1, r2, _c2 in downward(merges, carry_from):
                downs.setdefault(r1, []).append((c1, r2))
        carried: list[tuple[int, int, object]] = []  # (column, last row, value) of the ranges being carried down
        try:
            for i, row in enumerate(sheet.iter_rows()):
                values = lead + [None if v == "" else v for v in row]
                for c, text in errors.get(top + 1 + i, ()):  # the error's text where calamine gives "", as openpyxl gave it
                    if c <= len(values):
                        values[c - 1] = text
                if downs:
                    r = top + 1 + i
                    for c, last, value in carried:
                        if c <= len(values) and values[c - 1] is None:
                            values[c - 1] = value
                    carried = [k for k in carried if k[1] > r]
                    for c, last in downs.get(r, ()):
                        if c <= len(values) and values[c - 1] is not None:
                            carried.append((c, last, values[c - 1]))
                yield values
        except Exception as exc:  # noqa: BLE001
            raise unreadable(self.path, exc) from None

    def close(self) -> None:
        self._sheets.clear()
        self._book.close()


MAX_AREA = 50_000_000
"""Cells of the rectangle from a sheet's first to its last cell that a register's reading holds at most (about
40 bytes each): a cell left far outside the table (XFD1048576) would have it ask for hundreds of gigabytes."""

#: what follows a cell's start tag when the cell holds something: before its end, a value or a text not empty
#: (a cell only formatted, "<c r="XFD9" s="2"/>" or "<c …></c>", or holding "", is nothing to calamine either)
_HOLDS = rb'(?=(?:(?!</(?:\w+:)?c>).){0,400}?<(?:\w+:)?[vt](?: [^>]*)?>[^<])'
_FILLED = re.compile(rb'<(?:\w+:)?c r="[A-Z]{1,3}(\d+)"[^>/]*>' + _HOLDS, re.S)
_WIDE = re.compile(rb'<(?:\w+:)?c r="([A-Z]{2,3})(\d+)"[^>/]*>' + _HOLDS, re.S)
_UNCOMPUTED = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"([^>]*)>\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?f>)'
                         rb'\s*(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_ERROR = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="e"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)<',
                    re.S)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _survey(path: Path, part: str | None, name: str) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Look through a sheet's XML before calamine reads it: InputError when its last cell holding something lies
    so far from the table that the rectangle would pass :data:`MAX_AREA` (a cell only formatted holds nothing and
    does not count); else the error values of its cells ((row, column) → "#N/A"…), which calamine gives as empty
    strings, and its formulas without a value ((row, column) → "=H5+14"; "=" alone for a shared formula's
    cell), which calamine gives as empty cells too (a text formula whose value is the empty text, ``t="str"``
    with an empty ``<v>``, is calculated)."""
    if part is None:
        return {}, {}
    last_row, far, errors, uncomputed, formulas = 0, (0, 0), {}, {}, False
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        tail = b""
        while chunk := fh.read(1 << 22):
            data = tail + chunk
            cut = data.rfind(b"<")
            cut = cut if cut > len(data) - 4096 else len(data)
            block, tail = data[:cut], data[cut:]
            rows = _FILLED.findall(block[-65536:]) or _FILLED.findall(block)  # rows come in order: the last is the last
            if rows:
                last_row = max(last_row, int(rows[-1]))
            for letters, row in _WIDE.findall(block):
                col = _column(letters)
                if col > far[0]:
                    far = (col, int(row))
            for letters, row, text in _ERROR.findall(block):
                errors[(int(row), _column(letters))] = text.decode("utf-8", "replace")
            formulas = formulas or b"f>" in block  # a formula's end tag (</f>, </x:f>): most sheets hold none
            if formulas:
                for letters, row, attrs, text, value in _UNCOMPUTED.findall(block):
                    if value and b't="str"' in attrs:  # calculated, to the empty text (=IF(L5="","",…))
                        continue
                    uncomputed[(int(row), _column(letters))] = "=" + html.unescape(text.decode("utf-8", "replace"))
    width = max(far[0], 26)
    if last_row * width > MAX_AREA:
        raise InputError(path, M("sheet {sheet!r} reaches row {row} and column {col}, far outside its table: delete the "
                                 "rows and columns past the table (in Excel, Ctrl+End goes to the last cell) and save "
                                 "again", sheet=name, row=last_row, col=width))
    return errors, uncomputed


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → its part in the package (xl/workbook.xml and its relationships)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(path) as zf:
            book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(rel), "")
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def open_rows(path: str | Path) -> StreamedBook:
    """Open an untrusted .xlsx to read a large table's rows (:class:`StreamedBook`), after
    :func:`check_package` (no cap on the unpacked size: a register's is its file size's) and the refusal of
    XML that declares a DTD or entities (as defusedxml refuses them for openpyxl; calamine expands none
    either). Raises InputError."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_package(path, max_unpacked=None)
    _refuse_doctype(path)
    try:
        return StreamedBook(path, CalamineWorkbook.from_path(str(path)))
    except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
        raise unreadable(path, exc) from None


def _refuse_doctype(path: Path) -> None:
    """InputError when an XML part of the package declares a DTD (``<!DOCTYPE``, where entities are
    declared): it can only stand before the part's root element, in its first bytes."""
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputError(path, _REFUSED_XML)


_REFUSED_XML = M("cannot read the workbook: its XML declares entities or a DTD (refused: entity expansion and external "
                 "entities are not allowed)")


def unreadable(path: str | Path, exc: BaseException) -> InputError:
    """One-line InputError for a workbook openpyxl could not parse, naming the root cause (an XML
    entity or DTD refused by defusedxml is said to be refused, not just invalid)."""
    root = exc
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__
    name = type(root).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
        return InputError(path, _REFUSED_XML)
    text = " ".join(str(root).split())[:200]
    return InputError(path, M("cannot read the workbook: {name}: {text}", name=name, text=text))
