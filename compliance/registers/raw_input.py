"""The register's file before DuckDB reads it (:mod:`compliance.registers.raw`): which file DuckDB reads (a CSV
itself, or a UTF-8 NFC copy; every sheet of a workbook streamed into one CSV), the byte scans (decomposed
Vietnamese, zero-width characters, lines, blank lines), the copies made when DuckDB refuses a file (short
totals lines padded), DuckDB's CSV errors as one line, and :class:`RowLocator`, the place a user sees for
each record ("row 12", "sheet Sổ 2, row 12")."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
import unicodedata
from array import array
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, Message, places
from compliance.io.table import Layout, is_totals_text

#: invisible characters that make two equal-looking codes differ; removed from every cell when reading
ZERO_WIDTH = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060", "\ufeff": "U+FEFF"}
ZW_CLASS = "[" + "".join(ZERO_WIDTH) + "]"
ZW_BYTES = re.compile(b"|".join(re.escape(ch.encode("utf-8")) for ch in ZERO_WIDTH))


class RowLocator:
    """Maps a record number (1-based, data rows in file order, as DuckDB reads them) to the row the
    user sees. CSV: ``base`` lines of the read file come before the data (title, header), blank
    lines that the CSV reader skips are accounted for, ``shift`` is added (lines left out of a
    copied file); when cells contain line breaks the mapping is not exact and places are given as
    "record N". XLSX: ``rows`` holds the sheet row of each record, ``sheets`` (first record, name)."""

    def __init__(self, blank_lines: list[int] | None = None, exact: bool = True, base: int = 1, shift: int = 0,
                 rows: array | None = None, sheets: list[tuple[int, str]] | None = None):
        self.blank = [b for b in (blank_lines or []) if b > base]
        self.exact = exact
        self.base, self.shift = base, shift
        self.rows = rows
        self.sheets = sheets or []

    def sheet(self, rn: int) -> str | None:
        if not self.sheets:
            return None
        i = bisect.bisect_right([s[0] for s in self.sheets], rn) - 1
        return self.sheets[max(i, 0)][1]

    def row(self, rn: int) -> int | None:
        if self.rows is not None:
            return self.rows[rn - 1] if 0 < rn <= len(self.rows) else None
        if not self.exact:
            return None
        line = self.base + rn
        k = 0  # each blank line at or before the candidate line pushes the record one line further
        while True:
            n = bisect.bisect_right(self.blank, line + k)
            if n == k:
                return line + k + self.shift
            k = n

    def where(self, rn: int) -> Message:
        """"row N" (or "sheet S, row N", "record N"), a catalogue message."""
        r, sheet = self.row(rn), self.sheet(rn)
        if r is None:
            return M("record {n}", n=rn)
        return places.row(sheet, r) if sheet else M("row {row}", row=r)

    def span(self, first: int, last: int) -> Message:
        """Records ``first`` to ``last`` of one sheet: "rows 11–13" (or "sheet S, rows 11–13", "records 11–13");
        :meth:`where` of ``first`` when they are one record."""
        if first == last:
            return self.where(first)
        a, b, sheet = self.row(first), self.row(last), self.sheet(first)
        if a is None or b is None:
            return M("records {first}–{last}", first=first, last=last)
        return M("sheet {sheet}, rows {first}–{last}", sheet=sheet, first=a, last=b) if sheet else \
            M("rows {first}–{last}", first=a, last=b)


def csv_input(layout: Layout, out: Path) -> tuple[Path, int, int, Future | None]:
    """(file DuckDB reads, lines it skips, lines to add to its line numbers, the :func:`scan` of that file
    running in a thread or None): the file itself when it is UTF-8 without quotes above the data, scanned
    while DuckDB reads it (the reader reads it again as a copy if the scan finds decomposed Vietnamese,
    :meth:`compliance.registers.raw.Raw.rescan`); else a UTF-8 copy in NFC form from its first data line."""
    src, skip = layout.csv, layout.sheets[0].skip_lines
    if src.utf8:
        with open(src.path, "rb") as fh:
            head = b"".join(fh.readline() for _ in range(skip))
        if b'"' not in head:
            pool = ThreadPoolExecutor(1)
            pending = pool.submit(scan, src.path)
            pool.shutdown(wait=False)
            return src.path, skip, 0, pending
    return copy_from(src.path, src.encoding, skip, out), 0, skip, None


def copy_from(path: Path, encoding: str, skip: int, out: Path, *, even_line_ends: bool = False) -> Path:
    """``out``: a UTF-8 copy of the CSV at ``path`` from its first data line (``skip`` lines left out), in NFC
    form; with ``even_line_ends`` every line ended by LF (CR LF and CR read as line ends)."""
    with open(path, encoding=encoding, newline=None if even_line_ends else "") as fin, \
            open(out, "w", encoding="utf-8", newline="\n" if even_line_ends else "") as fout:
        for _ in range(skip):
            fin.readline()
        while block := fin.readlines(1 << 20):
            fout.write(unicodedata.normalize("NFC", "".join(block)))
    return out


@dataclass(frozen=True)
class Scan:
    """What one pass over a UTF-8 file's bytes found (:func:`scan`)."""

    decomposed: bool
    zero_width: bool
    lines: int


def scan(path: Path) -> Scan:
    """One pass over the UTF-8 file's bytes: whether it holds a combining diacritical mark, whether it
    holds a :data:`ZERO_WIDTH` character (a leading BOM aside), and its number of lines (a last line
    without a line break counts).

    A combining mark (U+0300–U+036F) is Vietnamese written decomposed (a letter, then its marks), as
    macOS and some input methods write it: such a file is copied in NFC (composed) form, so that "Sở"
    written either way is one agency and codes compare equal; the cells of a file without these marks
    are taken as written (Windows and Excel write Vietnamese composed). Their UTF-8 forms begin with
    bytes CC or CD, which composed Vietnamese (C3–C6, E1 BA/BB) never holds. A zero-width character's
    form begins with E2 or EF, rare in Vietnamese text: those bytes are found and the two after them
    looked at. Byte searches (memchr) and a count of line breaks, 0.14 s of CPU on 250 MB, run while
    DuckDB reads the file (they release no lock DuckDB needs); a clean register costs no SQL scan."""
    decomposed = zero_width = False
    breaks, last = 0, b""
    for at, chunk in chunks(path, overlap=2):
        # the line breaks: the piece less its copy without them (twice as fast as bytes.count), less those of
        # the first two bytes, which came with the previous piece
        breaks += len(chunk) - len(chunk.replace(b"\n", b"")) - (chunk.count(b"\n", 0, 2) if at else 0)
        last = chunk[-1:]
        decomposed = decomposed or b"\xcc" in chunk or b"\xcd" in chunk
        if not zero_width:
            start = 3 if at == 0 and chunk[:3] == b"\xef\xbb\xbf" else 0
            for lead in (b"\xe2", b"\xef"):
                pos = chunk.find(lead, start)
                while pos != -1 and not zero_width:
                    zero_width = ZW_BYTES.match(chunk, pos) is not None
                    pos = chunk.find(lead, pos + 1)
    return Scan(decomposed, zero_width, breaks + (0 if last == b"\n" else 1))


def procedure_code_text(v: float) -> str | None:
    """The procedure code a number stands for, when Excel turned a code typed as "1.004740" into the number
    1.00474 (a cell of General format keeps no trailing zero): the national database of administrative
    procedures numbers them with one digit, a point and six digits, so the number is written back with six
    decimals ("1.004740"). None when ``v`` cannot be such a code (not between 1 and 10, or more than six
    decimals)."""
    if not 1 <= v < 10:
        return None
    text = f"{v:.6f}"
    return text if float(text) == v else None


def stream_sheets(layout: Layout, maps: list[dict[int, int]], width: int, out: Path,
                  codes: set[int] = frozenset()) -> tuple[Path, RowLocator, list[tuple[int, str, str]], int]:
    """Stream every sheet holding the register to ``out`` (UTF-8 CSV, columns in raw order). ``codes``: the
    raw columns holding procedure codes, whose number cells are written in the code's form
    (:func:`procedure_code_text`); returns, beside the file and the row locator, each such cell whose text
    changed (record number, the number as Excel shows it, the code read: those that had lost a trailing
    zero) and how many such cells were numbers standing for a code (changed or not)."""
    book = layout.workbook  # a compliance.io.safety.StreamedBook
    book.let_go({s.name for s in layout.sheets})
    rows = array("I")
    sheets: list[tuple[int, str]] = []
    rewritten: list[tuple[int, str, str]] = []
    numeric = 0
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            for s, m in zip(layout.sheets, maps):
                sheets.append((len(rows) + 1, s.name))
                for r, row in book.rows(s.name, s.data_start):
                    cells = [""] * width
                    for c, v in enumerate(row, start=1):
                        if v is not None and c in m:
                            cells[m[c]] = unicodedata.normalize("NFC", v) if isinstance(v, str) else _cell_text(v)
                            if m[c] in codes and isinstance(v, float) and (code := procedure_code_text(v)):
                                numeric += 1
                                if code != cells[m[c]]:
                                    rewritten.append((len(rows) + 1, cells[m[c]], code))
                                    cells[m[c]] = code
                    w.writerow(cells)
                    rows.append(r)
    finally:
        book.close()
    return out, RowLocator(rows=rows, sheets=sheets), rewritten, numeric


def _cell_text(v) -> str:
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ") if v.time() != dt.time(0) else v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return repr(int(v)) if v.is_integer() else repr(v)
    return str(v)


def line_count(path: Path) -> int:
    """Number of lines (a last line without a line break counts)."""
    breaks, last = 0, b""
    for _at, chunk in chunks(path):
        breaks += chunk.count(b"\n")
        last = chunk[-1:]
    return breaks + (0 if last == b"\n" else 1)


def blank_lines(path: Path) -> list[int]:
    """Line numbers (1-based) of empty lines, which the CSV reader skips."""
    blank: list[int] = []
    line = 1  # the line at the start of the chunk
    for at, chunk in chunks(path, overlap=2):
        body = len(chunk) if at + len(chunk) >= path.stat().st_size else len(chunk) - 2  # the tail comes again
        offsets = []
        for pat in (b"\n\n", b"\n\r\n"):
            pos = chunk.find(pat)
            while pos != -1 and pos < body:
                offsets.append(pos + 1)  # the blank line starts after the first break
                pos = chunk.find(pat, pos + 1)
        prev = 0
        for off in sorted(offsets):
            line += chunk.count(b"\n", prev, off)
            prev = off
            blank.append(line)
        line += chunk.count(b"\n", prev, body)
    return blank


def cell_counts(exc: Exception) -> tuple[int, int] | None:
    """(cells the header has, cells found) when DuckDB refused a line for its number of cells, else None."""
    m = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", str(exc))
    return (int(m.group(1)), int(m.group(2))) if m else None


def pad_short_totals_copy(path: Path, skip: int, delim: str, width: int, out: Path) -> Path | None:
    """A copy of the CSV from its first data line with every line shorter than the header that is a totals
    row ("Tổng cộng" in one of its first four cells, as an export writes "Tổng cộng,2000") filled out to
    ``width`` cells, so it is read, left out and checked like a totals row of a workbook; the other short
    lines are copied as they are (each is then an error naming its line, :meth:`Raw.keep_rejects
    <compliance.registers.raw.Raw.keep_rejects>`). None when no short line is a totals row. One pass, only
    after DuckDB refused a short line."""
    padded = 0
    with open(path, encoding="utf-8-sig", newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        for _ in range(skip):
            fin.readline()
        writer = csv.writer(fout, delimiter=delim, quotechar='"', lineterminator="\n")
        for row in csv.reader(fin, delimiter=delim, quotechar='"'):
            if row and len(row) < width and any(is_totals_text(c.strip()) for c in row[:4] if c.strip()):
                row = row + [""] * (width - len(row))
                padded += 1
            writer.writerow(row)
    return out if padded else None


@dataclass(frozen=True)
class Rejected:
    """A line DuckDB left out (:meth:`compliance.registers.raw.Raw.keep_rejects`): its ``line`` (1-based; of the
    file DuckDB read until :func:`compliance.registers.raw.finish` makes it the user's file's), its ``cells`` as
    Python's CSV reader splits it, and ``error``: ``"cells"`` (another number of cells than the header), or
    DuckDB's own words for another fault (a quote not closed, :func:`csv_fault` says them)."""

    line: int
    cells: list[str]
    error: str


def rejected_lines(con, table: str, path: Path, delim: str) -> list[Rejected]:
    """The lines of ``path`` (cells separated by ``delim``) stored in DuckDB's rejects ``table`` (and its ``<table>_scan``), one each in line
    order, whatever number of scans stored them."""
    rows = con.execute(f"SELECT e.line, list(DISTINCT e.error_type ORDER BY e.error_type), any_value(e.csv_line), "
                       f"any_value(e.error_message) FROM {table} e JOIN {table}_scan s ON e.scan_id = s.scan_id "
                       f"AND e.file_id = s.file_id WHERE s.file_path = ? GROUP BY e.line ORDER BY e.line",
                       [str(path)]).fetchall()
    out = []
    for line, kinds, text, message in rows:
        cells = next(csv.reader(io.StringIO((text or "").lstrip("\r\n")), delimiter=delim, quotechar='"'), [])
        error = "cells" if set(kinds) <= {"TOO MANY COLUMNS", "MISSING COLUMNS"} else message or kinds[0]
        out.append(Rejected(int(line), cells, error))
    return out


def record_lines(path: Path, skip: int, delim: str, records: set[int]) -> dict[int, int]:
    """The line on which each of ``records`` begins, in a CSV whose cells hold line breaks: DuckDB numbers a
    line it leaves out by the records and blank lines before it (``skip`` lines, then one a record), and a
    record holding a line break takes two lines of the file or more. One pass with Python's CSV reader, only
    when such a file has lines left out."""
    found: dict[int, int] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for _ in range(skip):
            fh.readline()
        reader = csv.reader(fh, delimiter=delim, quotechar='"')
        number, start = skip, skip + 1
        for _row in reader:
            number += 1
            if number in records:
                found[number] = start
                if len(found) == len(records):
                    break
            start = skip + reader.line_num + 1
    return found


def csv_error(path: Path, exc: Exception, shift: int) -> InputError:
    """The one-line InputError for DuckDB's error reading the CSV (the line named, shifted to the file's own)."""
    text = str(exc)
    m = re.search(r"CSV Error on Line: (\d+)", text)
    where = places.line(int(m.group(1)) + shift) if m else None
    return InputError(path, csv_fault(text or type(exc).__name__), where)


def csv_fault(text: str) -> Message:
    """What DuckDB's words ``text`` for a fault reading a CSV mean to the person who made it, one message."""
    m2 = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if m2:
        return M("expected {value} cells as in the header, found {value2}", value=m2.group(1), value2=m2.group(2))
    if "unicode" in text.lower() or "utf-8" in text.lower() or "utf8" in text.lower():
        return M("is not valid UTF-8 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')")
    if "sniffing" in text:
        return M("cannot tell how the CSV is laid out (separator, quotes, line ends); save it again from Excel as "
                 "'CSV UTF-8'")
    if "quote" in text.lower():
        return M("unterminated or misplaced quote (\")")
    first = text.strip().splitlines()[0] if text.strip() else text
    return M("cannot be read as CSV ({value})", value=first[:160])


def chunks(path: Path, size: int = 1 << 24, overlap: int = 0):
    """(offset, bytes) of the file in pieces of ``size`` bytes, each followed by the next ``overlap``
    bytes too (a pattern across two pieces is seen): read, not mapped, so that a 2 GB register does not
    count 2 GB of mapped pages in the process's memory."""
    with open(path, "rb") as fh:
        at, tail = 0, b""
        while piece := fh.read(size):
            chunk = tail + piece
            yield at, chunk
            if len(piece) < size:
                return
            at += len(chunk) - overlap
            tail = chunk[len(chunk) - overlap:] if overlap else b""
