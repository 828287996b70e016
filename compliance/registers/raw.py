"""A located register (:func:`compliance.io.table.locate`) as DuckDB reads it: its text cells, never a
table of them.

CSV: DuckDB reads the file itself from its first data line (``skip``); a file that is not UTF-8, holds
decomposed Vietnamese (:func:`_scan`), or whose lines above the data hold quotes, is first copied
from its first data line to a UTF-8 file in NFC form. XLSX: every sheet holding the register is
streamed (openpyxl read-only) into one UTF-8 CSV, each sheet's columns put in the first sheet's order.
Rows never become Python objects past that stream.

:class:`Raw` gives the ``read_csv`` of that file (:meth:`Raw.cells`), which the reader types in one
statement (:func:`compliance.registers.reader.load_table`): zero-width characters removed from the
columns holding any (:data:`ZERO_WIDTH`), and the SQL that tells empty rows (:func:`empty_sql`) and
totals and notes rows ("Tổng cộng", "Ghi chú: …": :func:`left_out_sql`), which are left out and said
(:func:`left_out_notices`). :class:`RowLocator` gives each record (1-based number in file order) the
place a user sees: "row 12" (the CSV line) or "sheet Sổ 2, row 12".
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import re
import unicodedata
from array import array
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from compliance.errors import InputError
from compliance.i18n import M, Message, Num, Signed, join, places
from compliance.io import vnparse
from compliance.io.table import NOTE_WORDS, SQL_TOTALS, Layout, is_totals_text
from compliance.registers.typed import sql_str

#: invisible characters that make two equal-looking codes differ; removed from every cell when reading
ZERO_WIDTH = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060", "\ufeff": "U+FEFF"}
_ZW_CLASS = "[" + "".join(ZERO_WIDTH) + "]"
_ZW_BYTES = re.compile(b"|".join(re.escape(ch.encode("utf-8")) for ch in ZERO_WIDTH))


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


@dataclass
class Raw:
    """The located register as DuckDB reads it: :meth:`cells` is a SELECT of its text columns ``c0``…
    (zero-width characters removed where there are any), one row per record in file order.
    ``slots``: what each column is (a declared key, or ``None`` for an undeclared one, see ``headers``);
    ``headers``: column index → header as written; ``locator`` (for a CSV completed by :func:`finish`
    once the rows are counted); ``left_out``: record numbers of totals and notes rows; ``notices``;
    ``read``: the ``read_csv`` of ``csv_path`` (from line ``skip + 1``, separated by ``delim``);
    ``shift``: lines to add to the CSV reader's line numbers."""

    path: Path
    slots: list[str | None]
    headers: list[str]
    locator: RowLocator | None
    read: str
    csv_path: Path
    skip: int = 0
    shift: int = 0
    delim: str = ","
    kind: str = "csv"
    zero_width: list[int] = field(default_factory=list)
    _zero_width_found: tuple = ((), ())
    left_out: list[int] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)

    def col(self, key: str) -> int | None:
        return self.slots.index(key) if key in self.slots else None

    def pad_short_totals(self, exc: Exception, tmpdir: str) -> bool:
        """After DuckDB refused ``exc`` (a line shorter than the header): read instead a copy in which
        every short line is a totals row filled out to the header's width (``_pad_short_totals``); False
        when the error is another one or a short line is not a totals row."""
        if self.kind != "csv" or not _short_row(exc):
            return False
        padded = _pad_short_totals(self.csv_path, self.skip, self.delim, len(self.slots), Path(tmpdir) / "padded.csv")
        if padded is None:
            return False
        self.csv_path, self.shift, self.skip = padded, self.shift + self.skip, 0  # the copy starts at the first data line
        self.read = _read_sql(padded, 0, self.delim, len(self.slots))
        return True

    def even_line_ends(self, exc: Exception, tmpdir: str) -> bool:
        """After DuckDB could not read a CSV whose lines end in CR LF (``exc``: its sniffer gave up or its
        parser reached an invalid state, as on a file whose last line ends in LF alone, an export edited by
        hand): read instead a copy from the first data line with every line ended by LF. False for any other
        error or file."""
        text = str(exc)
        if self.kind != "csv" or not ("sniffing" in text or "invalid state" in text):
            return False
        with open(self.csv_path, "rb") as fh:
            if b"\r" not in fh.read(1 << 16):  # line ends of one kind: the error is another one
                return False
        even = Path(tmpdir) / "even.csv"
        with open(self.csv_path, encoding="utf-8-sig", newline=None) as fin, \
                open(even, "w", encoding="utf-8", newline="\n") as fout:
            for _ in range(self.skip):
                fin.readline()
            while block := fin.readlines(1 << 20):
                fout.writelines(block)
        self.csv_path, self.shift, self.skip = even, self.shift + self.skip, 0
        self.read = _read_sql(even, 0, self.delim, len(self.slots))
        return True

    def cells(self) -> str:
        """SELECT of the text columns, zero-width characters removed from the columns holding any."""
        cols = [f"regexp_replace(c{i}, '{_ZW_CLASS}', '', 'g') AS c{i}" if i in self.zero_width else f"c{i}"
                for i in range(len(self.slots))]
        return f"SELECT {', '.join(cols)} FROM {self.read}"


def _slots(layout: Layout) -> tuple[list[str | None], list[str], list[dict[int, int]]]:
    """Columns of the raw table in the first sheet's order, and per sheet: its column → raw column."""
    slots: list[str | None] = []
    headers: list[str] = []
    maps: list[dict[int, int]] = []
    by_name: dict[str, int] = {}
    for s in layout.sheets:
        own = {c: k for k, c in s.columns.items()} | {c: "\x00" + h for h, c in s.extra.items()}
        width = s.width if layout.kind == "csv" else max([s.width, *own])
        m: dict[int, int] = {}
        for c in range(1, width + 1):
            name = own.get(c)
            if name is None and layout.kind != "csv":
                continue
            if name is not None and name in by_name:
                m[c] = by_name[name]
                continue
            m[c] = len(slots)
            if name is not None:
                by_name[name] = len(slots)
            slots.append(None if name is None or name.startswith("\x00") else name)
            headers.append(s.headers.get(name, "") if name and not name.startswith("\x00") else (name or "")[1:])
        maps.append(m)
    return slots, headers, maps


def _read_sql(csv_path: Path, skip: int, delim: str, width: int) -> str:
    """DuckDB's ``read_csv`` of the register's cells as text columns ``c0``…, strict (a line with another
    number of cells is an error naming it)."""
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (f"read_csv({sql_str(str(csv_path))}, header=false, skip={skip}, delim={sql_str(delim)}, quote='\"', "
            f"escape='\"', auto_detect=false, columns={cols}, encoding='utf-8', strict_mode=true, "
            f"null_padding=false, ignore_errors=false)")


def open_raw(con, layout: Layout, tmpdir: str) -> Raw:
    """The located register as a :class:`Raw` (see module doc): an XLSX streamed to a CSV file, a CSV
    copied only when DuckDB cannot read it as it is; zero-width characters looked for. InputError for
    a CSV that does not parse (naming the line)."""
    slots, headers, maps = _slots(layout)
    if layout.kind == "xlsx":
        csv_path, locator = _stream_sheets(layout, maps, len(slots), Path(tmpdir) / "sheets.csv")
        delim, skip, shift, zero_width = ",", 0, 0, None
    else:
        csv_path, skip, shift, zero_width = _csv_input(layout, Path(tmpdir) / "data.csv")
        delim, locator = layout.csv.delimiter, None
    raw = Raw(layout.path, slots, headers, locator, _read_sql(csv_path, skip, delim, len(slots)), csv_path, skip, shift,
              delim=delim, kind=layout.kind)
    if zero_width if layout.kind == "csv" and zero_width is not None else _scan(csv_path)[1]:
        run(con, raw, tmpdir, lambda: _find_zero_width(con, raw))
    return raw


def run(con, raw: Raw, tmpdir: str, step):
    """``step()`` (statements reading ``raw.read``), again on a copy with even line ends when DuckDB could not
    tell the layout (:meth:`Raw.even_line_ends`) and on a padded copy when it refused a short totals line
    (:meth:`Raw.pad_short_totals`); any other CSV error is an InputError naming its line."""
    for attempt in range(3):
        try:
            return step()
        except duckdb.Error as exc:
            if attempt == 2 or not (raw.even_line_ends(exc, tmpdir) or raw.pad_short_totals(exc, tmpdir)):
                raise csv_error(raw.path, exc, raw.shift) from None


def count_lines(raw: Raw) -> Future | None:
    """Start counting a CSV's lines in a thread (None for a workbook): it runs while DuckDB reads the
    file, which releases the GIL (0.2 s of a million rows' read)."""
    if raw.locator is not None:
        return None
    pool = ThreadPoolExecutor(1)
    future = pool.submit(_line_count, raw.csv_path)
    pool.shutdown(wait=False)
    return future


def finish(raw: Raw, n: int, lines: Future | None = None) -> None:
    """Once DuckDB has read the ``n`` records: a CSV's locator completed (blank lines, which the CSV
    reader skips, accounted for; places exact unless cells hold line breaks) from ``lines`` (see
    :func:`count_lines`), and the removal of zero-width characters said."""
    if raw.locator is None:
        total = lines.result() if lines is not None else _line_count(raw.csv_path)
        blanks = [b for b in _blank_lines(raw.csv_path) if b > raw.skip] if total != n + raw.skip else []
        raw.locator = RowLocator(blanks, exact=total == n + raw.skip + len(blanks), base=raw.skip, shift=raw.shift)
    notice = _zero_width_notice(raw)
    if notice is not None:
        raw.notices.append(notice)


# ------------------------------------------------------------------------------------------- input

def _csv_input(layout: Layout, out: Path) -> tuple[Path, int, int, bool | None]:
    """(file DuckDB reads, lines it skips, lines to add to its line numbers, whether it holds zero-width
    characters when that is known): the file itself when it is UTF-8, composed (:func:`_scan`) and
    without quotes above the data; else a UTF-8 copy in NFC form from its first data line."""
    src, skip = layout.csv, layout.sheets[0].skip_lines
    if src.utf8:
        with open(src.path, "rb") as fh:
            head = b"".join(fh.readline() for _ in range(skip))
        if b'"' not in head:
            decomposed, zero_width = _scan(src.path)
            if not decomposed:
                return src.path, skip, 0, zero_width
    with open(src.path, encoding=src.encoding, newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        for _ in range(skip):
            fin.readline()
        while block := fin.readlines(1 << 20):
            fout.write(unicodedata.normalize("NFC", "".join(block)))
    return out, 0, skip, None


def _scan(path: Path) -> tuple[bool, bool]:
    """One pass over the UTF-8 file's bytes: (whether it holds a combining diacritical mark, whether it
    holds a :data:`ZERO_WIDTH` character, a leading BOM aside).

    A combining mark (U+0300–U+036F) is Vietnamese written decomposed (a letter, then its marks), as
    macOS and some input methods write it: such a file is copied in NFC (composed) form, so that "Sở"
    written either way is one agency and codes compare equal; the cells of a file without these marks
    are taken as written (Windows and Excel write Vietnamese composed). Their UTF-8 forms begin with
    bytes CC or CD, which composed Vietnamese (C3–C6, E1 BA/BB) never holds. A zero-width character's
    form begins with E2 or EF, rare in Vietnamese text: those bytes are found and the two after them
    looked at. Byte searches (memchr), 0.1 s on 250 MB; a clean register costs no SQL scan."""
    decomposed = zero_width = False
    for at, chunk in _chunks(path, overlap=2):
        decomposed = decomposed or b"\xcc" in chunk or b"\xcd" in chunk
        if not zero_width:
            start = 3 if at == 0 and chunk[:3] == b"\xef\xbb\xbf" else 0
            for lead in (b"\xe2", b"\xef"):
                pos = chunk.find(lead, start)
                while pos != -1 and not zero_width:
                    zero_width = _ZW_BYTES.match(chunk, pos) is not None
                    pos = chunk.find(lead, pos + 1)
        if decomposed and zero_width:
            break
    return decomposed, zero_width


def _stream_sheets(layout: Layout, maps: list[dict[int, int]], width: int, out: Path) -> tuple[Path, RowLocator]:
    """Stream every sheet holding the register to ``out`` (UTF-8 CSV, columns in raw order)."""
    wb = layout.workbook
    rows = array("I")
    sheets: list[tuple[int, str]] = []
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            for s, m in zip(layout.sheets, maps):
                sheets.append((len(rows) + 1, s.name))
                for r, row in enumerate(wb[s.name].iter_rows(min_row=s.data_start, values_only=True), start=s.data_start):
                    cells = [""] * width
                    for c, v in enumerate(row, start=1):
                        if v is not None and c in m:
                            cells[m[c]] = unicodedata.normalize("NFC", v) if isinstance(v, str) else _cell_text(v)
                    w.writerow(cells)
                    rows.append(r)
    finally:
        wb.close()
    return out, RowLocator(rows=rows, sheets=sheets)


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


def _line_count(path: Path) -> int:
    """Number of lines (a last line without a line break counts)."""
    breaks, last = 0, b""
    for _at, chunk in _chunks(path):
        breaks += chunk.count(b"\n")
        last = chunk[-1:]
    return breaks + (0 if last == b"\n" else 1)


def _blank_lines(path: Path) -> list[int]:
    """Line numbers (1-based) of empty lines, which the CSV reader skips."""
    blank: list[int] = []
    line = 1  # the line at the start of the chunk
    for at, chunk in _chunks(path, overlap=2):
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


def _short_row(exc: Exception) -> bool:
    """Whether DuckDB refused a line for having fewer cells than the header."""
    m = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", str(exc))
    return bool(m) and int(m.group(2)) < int(m.group(1))


def _pad_short_totals(path: Path, skip: int, delim: str, width: int, out: Path) -> Path | None:
    """A copy of the CSV from its first data line with every line shorter than the header that is a totals
    row ("Tổng cộng" in one of its first four cells, as an export writes "Tổng cộng,2000") filled out to
    ``width`` cells, so it is read, left out and checked like a totals row of a workbook; None when a
    short line is not a totals row (then it is an error naming its line). One pass, only after DuckDB
    refused a short line."""
    padded = 0
    with open(path, encoding="utf-8-sig", newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        for _ in range(skip):
            fin.readline()
        writer = csv.writer(fout, delimiter=delim, quotechar='"', lineterminator="\n")
        for row in csv.reader(fin, delimiter=delim, quotechar='"'):
            if row and len(row) < width:
                if not any(is_totals_text(c.strip()) for c in row[:4] if c.strip()):
                    return None
                row = row + [""] * (width - len(row))
                padded += 1
            writer.writerow(row)
    return out if padded else None


def csv_error(path: Path, exc: Exception, shift: int) -> InputError:
    """The one-line InputError for DuckDB's error reading the CSV (the line named, shifted to the file's own)."""
    text = str(exc)
    m = re.search(r"CSV Error on Line: (\d+)", text)
    where = places.line(int(m.group(1)) + shift) if m else None
    m2 = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if m2:
        return InputError(path, M("expected {value} cells as in the header, found {value2}", value=m2.group(1), value2=m2.group(2)), where)
    if "unicode" in text.lower() or "utf-8" in text.lower() or "utf8" in text.lower():
        return InputError(path, M("is not valid UTF-8 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')"), where)
    if "sniffing" in text:
        return InputError(path, M("cannot tell how the CSV is laid out (separator, quotes, line ends); save it again "
                                  "from Excel as 'CSV UTF-8'"), where)
    if "quote" in text.lower():
        return InputError(path, M("unterminated or misplaced quote (\")"), where)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return InputError(path, M("cannot be read as CSV ({value})", value=first[:160]), where)


# ---------------------------------------------------------------------------------- cleaning in SQL

def _chunks(path: Path, size: int = 1 << 24, overlap: int = 0):
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


def _find_zero_width(con, raw: Raw) -> None:
    """Find the columns holding :data:`ZERO_WIDTH` characters, which :meth:`Raw.cells` then removes
    (``raw.zero_width``), and where they are (said by :func:`finish`).

    They are invisible in Excel, so "HS-001" and "HS-0\u200b01" look the same but would count as two
    dossiers (and escape the duplicate-code check). One scan of the file, only when the byte search
    (:func:`_scan`) found one.
    """
    cols = [f"c{i}" for i in range(len(raw.slots))]
    hits = " OR ".join(f"regexp_matches({c}, '{_ZW_CLASS}')" for c in cols)
    counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE regexp_matches({c}, '{_ZW_CLASS}'))"
                                               for c in cols) + f" FROM {raw.read}").fetchone()
    first = [r[0] for r in con.execute(f"SELECT rn FROM (SELECT row_number() OVER () AS rn, {', '.join(cols)} "
                                       f"FROM {raw.read}) WHERE {hits} ORDER BY 1 LIMIT 5").fetchall()]
    raw.zero_width = [i for i, n in enumerate(counts) if n]
    raw._zero_width_found = ([(raw.headers[i], counts[i]) for i in raw.zero_width], first)


def _zero_width_notice(raw: Raw) -> Message | None:
    """Where zero-width characters were removed (columns, cell counts, first rows), or None."""
    if not raw.zero_width:
        return None
    hit, first = raw._zero_width_found
    total = sum(n for _h, n in hit)
    cols_en = ", ".join(f"{h!r} ({n})" for h, n in hit)
    more = total > len(first)

    codes = ", ".join(ZERO_WIDTH.values())
    return M("zero-width characters ({codes}) removed from {total} cell(s) in column(s) {columns}: {rows}", codes=codes,
             total=total, columns=cols_en, rows=join([raw.locator.where(r) for r in first] + (["…"] if more else []), ", "))


def _filled(c: str) -> str:
    return f"({c} IS NOT NULL AND trim({c}) <> '')"


def empty_sql(raw: Raw) -> str:
    """SQL over the text columns: the row has no cell but spaces (an empty row, left out and said)."""
    return " AND ".join(f"NOT {_filled(f'c{i}')}" for i in range(len(raw.slots)))


def left_out_sql(raw: Raw) -> str:
    """SQL over the text columns: a totals row ("Tổng cộng" in one of the first four columns) or a notes
    row (at most two cells, the first beginning "Ghi chú", "Người lập biểu"…). Asked only of rows that
    are not complete dossiers (see :func:`compliance.registers.reader.load_table`)."""
    cols = [f"c{i}" for i in range(len(raw.slots))]
    # CASE, not AND: DuckDB then computes the costly test (accents stripped, a regular expression) only
    # on the rows the cheap one lets through
    totals = " OR ".join(f"CASE WHEN length(trim({c})) <= 14 AND lower({c}) <> upper({c}) "  # short, with letters
                         f"THEN {SQL_TOTALS.format(x=c)} ELSE false END" for c in cols[:4])
    filled = " + ".join(f"{_filled(c)}::INT" for c in cols)
    first = "coalesce(" + ", ".join(f"NULLIF(trim({c}), '')" for c in cols) + ")" if len(cols) > 1 else cols[0]
    few = f"NOT ({' AND '.join(_filled(c) for c in cols[:3])})" if len(cols) >= 3 else "true"  # ≤ 2 filled
    notes = (f"CASE WHEN {few} THEN (CASE WHEN ({filled}) <= 2 THEN regexp_matches("
             f"{vnparse.SQL_NORMALIZE_KEY.format(x=first)}, '^({'|'.join(NOTE_WORDS)})( |$)') ELSE false END) "
             "ELSE false END")
    return f"coalesce(({totals}) OR ({notes}), false)"


def left_out_notices(raw: Raw, found: list[tuple[int, list[str | None]]], records_of_sheet) -> None:
    """Say each totals or notes row left out (``found``: record number and cells, in file order);
    a totals row's stated number is compared with ``records_of_sheet(rn)``, the records read on its sheet."""
    raw.left_out.extend(r[0] for r in found)
    for rn, cells in found:
        texts = [c.strip() for c in cells if c and c.strip()]
        label = next((t for t in texts[:4] if is_totals_text(t)), None)
        where = raw.locator.where(rn)
        if label is None:
            text = " ".join(texts)[:80]
            raw.notices.append(M("{place} skipped (a note, not a dossier): {text}", place=where, text=text))
            continue
        stated = [_number(c) for c in cells]
        stated = [n for n in stated if n is not None]
        note = M("{place}: the totals row ('{label}') is not a dossier: left out", place=where, label=label)
        if stated:
            n = records_of_sheet(rn)
            note = M("{note}; it states {stated}, the rows read are {n}", note=note, stated=Num(stated[0]), n=n) \
                if stated[0] == n else M("{note}; it states {stated}, the rows read are {n} (difference {diff})", note=note,
                                         stated=Num(stated[0]), n=n, diff=Signed(stated[0] - n))
        raw.notices.append(note)


def _number(text: str | None) -> float | None:
    if not text or not text.strip() or is_totals_text(text):
        return None
    try:
        return float(vnparse.parse_number(text).value)
    except vnparse.VnParseError:
        return None
