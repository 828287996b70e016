"""THE workbook writer: every workbook (and CSV) the product writes goes through this module.

- **Cells** (:func:`put`, :func:`put_formula`, :func:`cell`): values are written typed (numbers,
  dates, booleans); a ``str`` is always stored as text (explicit string type), whatever it begins
  with (``=``, ``+``, ``-``, ``@``, a tab, spaces), so text from an input never becomes a formula.
  Characters XML cannot hold are dropped and line ends become LF (:func:`clean_text`). A formula is
  written only by :func:`put_formula`, where the product composes one itself.
- **CSV** (:func:`csv_safe`, :func:`write_csv`): the same guard for CSV output (a leading apostrophe
  before text a spreadsheet would take for a formula, as OWASP advises against CSV injection).
- **Number formats by language** (:class:`Formats`, from :data:`compliance.i18n.numbers.EXCEL`): Vietnamese
  ``28.044``, ``39,18``, ``39,97 %``, ``05/3/2023``; English ``28,044``, ``39.18``, ``39.97%``, ``05/03/2023``. They are number formats
  (the cell holds the number), tagged with the language (``[$-42A]`` vi-VN, ``[$-409]`` en-US) so that
  LibreOffice shows the language's separators whatever the machine's locale; Excel takes separators
  from the system's settings.
- **One set of styles** (:data:`STYLES`: title, subtitle, header, body, number, label, total,
  warning, note), registered once per workbook as named styles.
- **A workbook** (:class:`Book`): sheets with safe unique names, each with its print setup from the
  start (:mod:`compliance.io.workbook_layout`), saved atomically (:func:`compliance.io.files.atomic_write`).
- **Tables, widths, row heights, print setup, charts**: :mod:`compliance.io.workbook_layout`.

Layer: io (imports the foundation and io only).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from compliance.i18n import M, Message
from compliance.i18n.numbers import EXCEL
from compliance.io.files import atomic_write
from compliance.io.workbook_layout import LINE_POINTS, print_setup, print_titles, row_height, set_widths, stack_charts

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text beginning with these (after spaces) is taken for a formula by spreadsheet applications."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# ------------------------------------------------------------------------------------------- text


def clean_text(text: str) -> str:
    """``text`` as an XML cell can hold it: control characters other than tab and line feed dropped,
    CR LF and lone CR made LF (an XML reader turns a stored CR into LF anyway)."""
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def csv_safe(value):
    """A value for a CSV cell: text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@``, tab or CR first, spaces allowed before them) gets a leading apostrophe; other values pass."""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        if value.lstrip(" ").startswith(FORMULA_START):
            return "'" + value
    return value


def write_csv(path: str | Path, header: list[str], rows: Iterable[Iterable]) -> None:
    """Write a UTF-8 CSV (with a BOM, so that Excel reads the diacritics) atomically; every cell
    through :func:`csv_safe`. ``None`` is an empty cell."""
    with atomic_write(path, "w") as fh:
        fh.write("\ufeff")
        out = csv.writer(fh)
        out.writerow([csv_safe(h) for h in header])
        for row in rows:
            out.writerow(["" if v is None else csv_safe(v) for v in row])


# --------------------------------------------------------------------------------- number formats

class Formats:
    """The number formats of one language (``lang`` "vi" or "en"), from the one table of formats by
    language (:data:`compliance.i18n.numbers.EXCEL`, which the terminal and the page follow too).

    ``count`` whole numbers with thousands (28.044 / 28,044); ``points`` two decimals, three when the
    third is not 0 (39,50 · 39,175 / 39.50 · 39.175: a council's 2,175 points never show as 2,18);
    ``percent`` for a spreadsheet fraction (0.3997 shows 39,97 % / 39.97%); ``percent_points`` for a
    rate kept in percent points (47.26 shows 47,26 % / 47.26%); ``date`` (05/3/2023 / 05/03/2023;
    Vietnamese months 1 and 2 with a zero: :meth:`date_of`); ``decimals(n)`` a number with ``n`` decimals.
    """

    def __init__(self, lang: str = "vi"):
        self.lang = "en" if lang == "en" else "vi"
        table = EXCEL[self.lang]
        tag = table["tag"]
        self.tag = tag
        self.count = tag + "#,##0"
        self.points = tag + "#,##0.00#"
        self.percent = tag + table["percent"]
        self.percent_points = tag + table["percent_points"]
        self.date = tag + table["date"]
        self._date_short_month = tag + table["date_short_month"]

    def date_of(self, value) -> str:
        """The date format for ``value``: Vietnamese writes months 1 and 2 with a zero (05/01/2023), the
        others without (05/3/2023)."""
        return self._date_short_month if getattr(value, "month", 3) <= 2 else self.date

    def decimals(self, n: int) -> str:
        """A number with ``n`` decimals and thousands separators."""
        return self.tag + "#,##0" + ("." + "0" * n if n else "")

    def for_value(self, value) -> str | None:
        """The format a bare value gets when the caller names none: counts for ints, points for
        floats, the date format for dates; None for text and booleans."""
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return None
        if isinstance(value, int):
            return self.count
        if isinstance(value, float):
            return self.points
        if isinstance(value, (dt.date, dt.datetime)):
            return self.date_of(value)
        return None


# ------------------------------------------------------------------------------------------ styles

_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_COLOUR = "DDEBF7"
FIELD_COLOUR = "F2F2F2"
INPUT_COLOUR = "FFF2CC"
WARNING_COLOUR = "FFC7CE"


TITLE_POINTS = 14
"""Size of a title's font."""
FONT = "Calibri"
"""The one font of every workbook (LibreOffice renders it with the metric-compatible Carlito)."""


def font(**kw) -> Font:
    """A font of the product's one family (:data:`FONT`), 11 points unless ``size`` says otherwise;
    other keywords as openpyxl's ``Font`` (``bold``, ``italic``, ``color``)."""
    return Font(name=FONT, size=kw.pop("size", 11), **kw)


def _styles() -> dict[str, NamedStyle]:
    top = Alignment(wrap_text=True, vertical="top")
    return {
        "title": NamedStyle("title", font=font(bold=True, size=TITLE_POINTS), alignment=top),
        "subtitle": NamedStyle("subtitle", font=font(italic=True, color="404040"), alignment=top),
        "header": NamedStyle("header", font=font(bold=True), fill=PatternFill("solid", fgColor=HEAD_COLOUR),
                             border=_BOX, alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        "body": NamedStyle("body", font=font(), border=_BOX, alignment=top),
        "number": NamedStyle("number", font=font(), border=_BOX, alignment=Alignment(vertical="top")),
        "label": NamedStyle("label", font=font(bold=True), alignment=top),
        "total": NamedStyle("total", font=font(bold=True), fill=PatternFill("solid", fgColor=FIELD_COLOUR),
                            border=_BOX, alignment=top),
        "warning": NamedStyle("warning", font=font(bold=True, color="9C0006"),
                              fill=PatternFill("solid", fgColor=WARNING_COLOUR), border=_BOX, alignment=top),
        "note": NamedStyle("note", font=font(italic=True, color="404040"), alignment=Alignment(vertical="top")),
    }


STYLES = tuple(_styles())
"""The names of the product's cell styles."""


def _assign(target, value, number_format: str | None, style: str | None):
    if style:
        target.style = style
    if isinstance(value, str):
        target.value = clean_text(value)
        target.data_type = "s"  # after the assignment: openpyxl would take "=…" for a formula
    else:
        target.value = value
    if number_format:
        target.number_format = number_format
    return target


def put(ws, row: int, col: int, value, number_format: str | None = None, style: str | None = None):
    """Write ``value`` to the cell at ``row``, ``col`` (1-based) of an ordinary worksheet and return
    the cell. A ``str`` is always stored as text (never a formula); ``style`` is one of :data:`STYLES`
    (the sheet's workbook must be a :class:`Book`'s)."""
    return _assign(ws.cell(row=row, column=col), value, number_format, style)


def put_formula(ws, row: int, col: int, formula: str, number_format: str | None = None, style: str | None = None):
    """Write a formula the product composed itself (``formula`` begins with "="). ValueError otherwise."""
    if not isinstance(formula, str) or not formula.startswith("="):
        raise ValueError("a formula begins with '='")
    target = ws.cell(row=row, column=col)
    if style:
        target.style = style
    target.value = formula
    if number_format:
        target.number_format = number_format
    return target


def cell(ws, value, number_format: str | None = None, style: str | None = None):
    """A cell for ``ws.append`` (write-only or ordinary sheet) holding ``value`` as :func:`put` would."""
    return _assign(WriteOnlyCell(ws), value, number_format, style)


# -------------------------------------------------------------------------------------------- tables

@dataclass
class Table:
    """Where a table landed: its header row and its first and last data rows (last < first when empty)."""

    header_row: int
    first: int
    last: int


def write_table(book: Book, ws, headers: list[str], rows, widths: list[float], formats: list | None = None,
                lines: list[str] = (), filters: bool = False, freeze_col: int = 1, styles: list | None = None,
                start: int = 1) -> Table:
    """Append a table to ``ws`` (write-only or ordinary; ``start`` is the row it begins on, the
    sheet holding ``start - 1`` rows already): optional
    title ``lines`` (the first in the title style) and a blank row, the header row (repeated on every
    printed page), then ``rows``. ``formats``: per column a number format or None (numbers then get
    :meth:`Formats.for_value`); ``styles``: per row a style name or None ("body"/"number" by value);
    rows get heights that fit their wrapped text. Panes are frozen below the header and left of
    ``freeze_col``; ``filters`` puts an autofilter on the header. Returns the :class:`Table`.

    ``rows`` may be any iterable (a generator streams into a write-only sheet); its length must then
    be known only for the autofilter, which is set after the rows are written. On a write-only sheet
    memory stays flat whatever the number of rows: each row is written to the sheet's file as it is
    appended, one cell per column and style is filled again for every row (instead of a styled cell
    made for each value), and a row's height is let go once the row is written.
    """
    set_widths(ws, widths)
    streaming = isinstance(ws, WriteOnlyWorksheet)
    header_row = start + (len(lines) + 1 if lines else 0)
    ws.freeze_panes = f"{get_column_letter(freeze_col)}{header_row + 1}"
    fmt = book.fmt
    last_col = get_column_letter(len(headers))
    for i, line in enumerate(lines):  # each title line spans the table's width and wraps within it
        n = start + i
        height = row_height([line], [sum(widths) * (0.8 if i == 0 else 1.0)], bold=i == 0)
        if i == 0:  # the title's 14 points need a taller line than the body's 11
            height = (height or LINE_POINTS + 3) * TITLE_POINTS / 11
        if height:
            ws.row_dimensions[n].height = height
        ws.append([cell(ws, line, style="title" if i == 0 else "subtitle")])
        if len(headers) > 1:
            ws.merged_cells.add(f"A{n}:{last_col}{n}")
    if lines:
        ws.append([])
    head_height = row_height(headers, widths, bold=True)
    if head_height:
        ws.row_dimensions[header_row].height = head_height
    ws.append([cell(ws, h, style="header") for h in headers])
    n = header_row
    reused: dict[tuple, object] = {}  # (column, style, number format) -> the cell written again (write-only sheet)
    for i, row in enumerate(rows):
        n += 1
        style = styles[i] if styles and i < len(styles) else None
        out = []
        for c, value in enumerate(row):
            number_format = (formats[c] if formats and c < len(formats) else None) or fmt.for_value(value)
            cell_style = style or ("body" if isinstance(value, str) or value is None else "number")
            if streaming:
                key = (c, cell_style, number_format)
                target = reused.get(key)
                if target is None:
                    target = reused[key] = cell(ws, None, number_format, cell_style)
                out.append(_assign(target, value, None, None))
            else:
                out.append(cell(ws, value, number_format, cell_style))
        height = row_height(row, widths, bold=style in ("total", "label", "warning"))
        if height:
            ws.row_dimensions[n].height = height
        ws.append(out)  # a write-only sheet writes the row now: its cells and height may be used again
        if streaming and height:
            del ws.row_dimensions[n]
    print_titles(ws, header_row)
    if filters:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(n, header_row + 1)}"
    return Table(header_row, header_row + 1, n)



# -------------------------------------------------------------------------------------------- books

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")

CREATOR = "compliance"
MARK = "compliance:"
"""Every workbook the product writes says so in its document properties: creator ``compliance`` and the
keywords (Excel's "Tags") ``compliance:<kind>`` — ``form`` for the fill-in form (a submission), other
kinds for outputs (``council``, ``appraisal``, ``scorecard``, ``output``…). Excel keeps both when the
file is saved again. :func:`written_kind` reads it back."""


_KIND_WORDS = {"council": M("council workbook"), "appraisal": M("appraisal workbook"),
               "scorecard": M("scored workbook"), "form": M("fill-in form")}


def output_words(kind: str) -> Message:
    """What a workbook of ``kind`` is (a catalogue message: "council workbook" / "bảng tính hội đồng")."""
    return _KIND_WORDS.get(kind, M("output workbook"))


def written_kind(path: str | Path) -> str | None:
    """The kind a workbook this product wrote carries in its properties (see :data:`MARK`), or None for
    any other file (not a workbook, no properties, another creator). Reads only ``docProps/core.xml``
    (at most 1 MB, parsed by defusedxml), so a folder of workbooks is sorted without opening them."""
    import defusedxml.ElementTree as safe_xml

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 1 << 20:
                return None
            root = safe_xml.fromstring(z.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, safe_xml.ParseError):
        return None
    except Exception:  # noqa: BLE001 - defusedxml refusing an entity or a DTD: not ours either
        return None
    for element in root.iter():
        text = (element.text or "").strip()
        if element.tag.endswith("}keywords") and text.startswith(MARK):
            return text[len(MARK):] or None
    return None


class Book:
    """One workbook being written.

    ``lang``: "vi" or "en" (number formats, page words); ``header``: (left, right) text of every
    page's header (e.g. the agency and the period; a sheet may give its own); ``write_only``: stream
    rows (openpyxl write-only mode: rows are appended in order, widths and frozen panes set before
    the first row); ``kind``: what it is, marked in its properties (:data:`MARK`; ``form`` for the
    fill-in form, which is read back as a submission). Sheets come from :meth:`sheet`, each with its
    print setup; :meth:`save` writes atomically.
    """

    def __init__(self, lang: str = "vi", header: tuple[str, str] = ("", ""), write_only: bool = False,
                 kind: str = "output"):
        self.lang = "en" if lang == "en" else "vi"
        self.fmt = Formats(self.lang)
        self.header = header
        self.write_only = write_only
        self.wb = Workbook(write_only=write_only)
        self.wb.properties.creator = CREATOR
        self.wb.properties.keywords = MARK + kind
        if not write_only:
            self.wb.remove(self.wb.active)
        for style in _styles().values():
            self.wb.add_named_style(style)
        self._names: set[str] = set()

    def sheet(self, title: str, header: tuple[str, str] | None = None, landscape: bool = True,
              fit_width: bool = True):
        """A new worksheet named ``title`` (characters Excel refuses replaced, cut to 31, made unique),
        with A4 print setup, margins, page header ``header`` (default the book's) and page numbers."""
        base = _BAD_TITLE.sub("-", title).strip("'")[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in self._names:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        self._names.add(name.lower())
        ws = self.wb.create_sheet(name)
        print_setup(ws, self.lang, header or self.header, landscape=landscape, fit_width=fit_width)
        return ws

    def chart_sheet(self, title: str, charts: list, landscape: bool = True):
        """A sheet holding only ``charts`` (over data of other sheets), one a printed page."""
        ws = self.sheet(title, landscape=landscape)
        stack_charts(ws, charts, landscape)
        return ws

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, kind, value, trace) -> None:
        if kind is not None:
            self.discard()

    def discard(self) -> None:
        """Let go of a workbook that will not be saved (an error or Ctrl-C while its rows were being
        written; ``with Book(…) as book:`` does it): each write-only sheet's rows, already in a temporary
        file, are closed and the file removed now. Otherwise openpyxl would finish them whenever they are
        collected, on a file that may be closed by then ("Exception ignored …" on stderr), and remove
        its files only when the process ends."""
        for ws in self.wb.worksheets if self.write_only else ():
            writer = getattr(ws, "_writer", None)
            if writer is None:  # no row written yet: no file
                continue
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - already closed or half-written: only its file matters now
                pass
            try:
                writer.cleanup()
            except (OSError, ValueError):
                pass

    def save(self, path: str | Path) -> None:
        """Write the workbook to ``path`` atomically (a temporary file beside it, then a rename); a
        failure or Ctrl-C leaves any older file untouched and nothing half-written. The archive is
        written straight into that file, never whole in memory (a write-only workbook once only)."""
        with atomic_write(path, "wb") as fh:
            sink = _Sink(fh)
            try:
                self.wb.save(sink)
            except BaseException:
                sink.stop()  # the unfinished archive would finish itself into fh when collected
                raise


class _Sink:
    """The output file as a zip archive writes into it, until the save fails (:meth:`stop`): from then
    on what the unfinished archive writes when it is collected goes nowhere, its positions counted,
    instead of into a file that is closed, removed or full ("Exception ignored …" on stderr)."""

    def __init__(self, fh):
        self.fh, self.open, self.pos = fh, True, 0

    def stop(self) -> None:
        self.open = False
        try:
            self.pos = self.fh.tell()
        except (OSError, ValueError):
            self.pos = 0

    def write(self, data) -> int:
        if self.open:
            return self.fh.write(data)
        self.pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self.fh.tell() if self.open else self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        if self.open:
            return self.fh.seek(offset, whence)
        self.pos = offset if whence == 0 else self.pos + offset
        return self.pos

    def flush(self) -> None:
        if self.open:
            self.fh.flush()


__all__ = ["Book", "CREATOR", "MARK", "output_words", "written_kind", "Formats", "STYLES", "FORMULA_START", "Table", "cell", "clean_text", "csv_safe", "font", "put",
           "put_formula",
           "write_csv", "write_table"]
