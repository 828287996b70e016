"""A located register (:func:`compliance.io.table.locate`) into a raw DuckDB table of text cells.

CSV: DuckDB reads the file itself from its first data line (``skip``); a file that is not UTF-8, or
whose lines above the data hold quotes, is first copied from its first data line to a UTF-8 file.
XLSX: every sheet holding the register is streamed (openpyxl read-only) into one UTF-8 CSV, each
sheet's columns put in the first sheet's order. Rows never become Python objects past that stream.

Then, in SQL: zero-width characters removed from every cell (:data:`ZERO_WIDTH`), totals rows
("Tổng cộng") and notes rows ("Ghi chú: …") found, left out and said. :class:`RowLocator` gives each
record (1-based number in file order) the place a user sees: "row 12" (the CSV line) or
"sheet Sổ 2, row 12".
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import mmap
import re
import unicodedata
from array import array
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
    """The raw table ``name``: text columns ``c0``…; ``slots``: what each column is (a declared key,
    or ``None`` for an undeclared one, see ``headers``); ``headers``: column index → header as
    written; ``locator``; ``left_out``: record numbers of totals and notes rows; ``notices``."""

    name: str
    slots: list[str | None]
    headers: list[str]
    locator: RowLocator
    left_out: list[int] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)

    def col(self, key: str) -> int | None:
        return self.slots.index(key) if key in self.slots else None


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


def load_raw(con, layout: Layout, name: str, tmpdir: str) -> Raw:
    """Read the located register into raw table ``name`` (see module doc). InputError for a CSV that
    does not parse (naming the line)."""
    slots, headers, maps = _slots(layout)
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(slots))) + "}"
    if layout.kind == "xlsx":
        csv_path, locator = _stream_sheets(layout, maps, len(slots), Path(tmpdir) / "sheets.csv")
        delim, skip, shift = ",", 0, 0
    else:
        csv_path, skip, shift = _csv_input(layout, Path(tmpdir) / "data.csv")
        delim, locator = layout.csv.delimiter, None

    def read() -> None:
        source = (f"read_csv({sql_str(str(csv_path))}, header=false, skip={skip}, delim={sql_str(delim)}, quote='\"', "
                  f"escape='\"', auto_detect=false, columns={cols}, encoding='utf-8', strict_mode=true, "
                  f"null_padding=false, ignore_errors=false)")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {source}")

    try:
        read()
    except duckdb.Error as exc:
        padded = _pad_short_totals(csv_path, skip, delim, len(slots), Path(tmpdir) / "padded.csv") \
            if layout.kind == "csv" and _short_row(exc) else None
        if padded is None:
            raise _csv_error(layout.path, exc, shift) from None
        csv_path, skip, shift = padded, 0, shift + skip  # the copy starts at the first data line
        try:
            read()
        except duckdb.Error as again:
            raise _csv_error(layout.path, again, shift) from None
    if locator is None:
        n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        total = _line_count(csv_path)
        blanks = [b for b in _blank_lines(csv_path) if b > skip] if total != n + skip else []
        locator = RowLocator(blanks, exact=total == n + skip + len(blanks), base=skip, shift=shift)
    raw = Raw(name, slots, headers, locator)
    if _has_zero_width(csv_path):
        notice = _strip_zero_width(con, raw)
        if notice is not None:
            raw.notices.append(notice)
    _totals_and_notes(con, raw)
    return raw


# ------------------------------------------------------------------------------------------- input

def _csv_input(layout: Layout, out: Path) -> tuple[Path, int, int]:
    """(file DuckDB reads, lines it skips, lines to add to its line numbers)."""
    src, skip = layout.csv, layout.sheets[0].skip_lines
    if src.utf8:
        with open(src.path, "rb") as fh:
            head = b"".join(fh.readline() for _ in range(skip))
        if b'"' not in head:
            return src.path, skip, 0
    with open(src.path, encoding=src.encoding, newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        for _ in range(skip):
            fin.readline()
        while block := fin.readlines(1 << 20):
            fout.write(unicodedata.normalize("NFC", "".join(block)))
    return out, 0, skip


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
                            cells[m[c]] = _cell_text(v)
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
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        size = len(mm)
        breaks = sum(mm[start:start + (1 << 24)].count(b"\n") for start in range(0, size, 1 << 24))
        return breaks + (0 if size and mm[size - 1:size] == b"\n" else 1)


def _blank_lines(path: Path) -> list[int]:
    """Line numbers (1-based) of empty lines, which the CSV reader skips."""
    blank: list[int] = []
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        offsets = []
        for pat in (b"\n\n", b"\n\r\n"):
            pos = mm.find(pat)
            while pos != -1:
                offsets.append(pos + 1)  # the blank line starts after the first break
                pos = mm.find(pat, pos + 1)
        line, prev = 1, 0
        for off in sorted(offsets):
            line += mm[prev:off].count(b"\n")
            prev = off
            blank.append(line)
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


def _csv_error(path: Path, exc: Exception, shift: int) -> InputError:
    text = str(exc)
    m = re.search(r"CSV Error on Line: (\d+)", text)
    where = places.line(int(m.group(1)) + shift) if m else None
    m2 = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if m2:
        return InputError(path, M("expected {value} cells as in the header, found {value2}", value=m2.group(1), value2=m2.group(2)), where)
    if "unicode" in text.lower() or "utf-8" in text.lower() or "utf8" in text.lower():
        return InputError(path, M("is not valid UTF-8 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')"), where)
    if "quote" in text.lower():
        return InputError(path, M("unterminated or misplaced quote (\")"), where)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return InputError(path, M("cannot be read as CSV ({value})", value=first[:160]), where)


# ---------------------------------------------------------------------------------- cleaning in SQL

def _has_zero_width(path: Path) -> bool:
    """Whether the UTF-8 file holds a :data:`ZERO_WIDTH` character (a leading BOM aside): a byte search,
    so a clean register (the usual case) costs no SQL scan."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        start = 3 if mm[:3] == b"\xef\xbb\xbf" else 0
        # each character's UTF-8 form starts with byte E2 or EF, rare in Vietnamese text (its letters
        # are C3/C4/C6/E1 …): find those bytes (memchr, several GB/s) and look at the two after
        for lead in (b"\xe2", b"\xef"):
            pos = mm.find(lead, start)
            while pos != -1:
                if _ZW_BYTES.match(mm, pos):
                    return True
                pos = mm.find(lead, pos + 1)
        return False


def _strip_zero_width(con, raw: Raw) -> Message | None:
    """Remove :data:`ZERO_WIDTH` characters from every cell of the raw table.

    They are invisible in Excel, so "HS-001" and "HS-0\u200b01" look the same but would count as two
    dossiers (and escape the duplicate-code check). Returns the notice saying where they were removed
    (columns, cell counts, first rows), or None when there were none. One scan; an UPDATE only of the
    columns that hold one.
    """
    cols = [f"c{i}" for i in range(len(raw.slots))]
    counts = con.execute("SELECT " + ", ".join(
        f"count(*) FILTER (WHERE regexp_matches({c}, '{_ZW_CLASS}'))" for c in cols) + f" FROM {raw.name}").fetchone()
    hit = [(c, h, n) for c, h, n in zip(cols, raw.headers, counts) if n]
    if not hit:
        return None
    where = " OR ".join(f"regexp_matches({c}, '{_ZW_CLASS}')" for c, _h, _n in hit)
    first = [r[0] for r in con.execute(f"SELECT rowid + 1 FROM {raw.name} WHERE {where} ORDER BY 1 LIMIT 5").fetchall()]
    con.execute(f"UPDATE {raw.name} SET " + ", ".join(f"{c} = regexp_replace({c}, '{_ZW_CLASS}', '', 'g')"
                                                      for c, _h, _n in hit) + f" WHERE {where}")
    total = sum(n for _c, _h, n in hit)
    cols_en = ", ".join(f"{h!r} ({n})" for _c, h, n in hit)
    more = total > len(first)

    codes = ", ".join(ZERO_WIDTH.values())
    return M("zero-width characters ({codes}) removed from {total} cell(s) in column(s) {columns}: {rows}", codes=codes,
             total=total, columns=cols_en, rows=join([raw.locator.where(r) for r in first] + (["…"] if more else []), ", "))


def _filled(c: str) -> str:
    return f"({c} IS NOT NULL AND trim({c}) <> '')"


def _totals_and_notes(con, raw: Raw) -> None:
    """Find totals rows ("Tổng cộng" in one of the first four columns) and notes rows (at most two
    cells, the first beginning "Ghi chú", "Người lập biểu"…): left out of the records, each said."""
    cols = [f"c{i}" for i in range(len(raw.slots))]
    # CASE, not AND: DuckDB then computes the costly test (accents stripped, a regular expression) only
    # on the rows the cheap one lets through; a dossier row (a code, a procedure and an agency filled)
    # never reaches it (3.2 s → 0.3 s on a million rows)
    totals = " OR ".join(f"CASE WHEN length(trim({c})) <= 14 AND lower({c}) <> upper({c}) "  # short, with letters
                         f"THEN {SQL_TOTALS.format(x=c)} ELSE false END" for c in cols[:4])
    filled = " + ".join(f"{_filled(c)}::INT" for c in cols)
    first = "coalesce(" + ", ".join(f"NULLIF(trim({c}), '')" for c in cols) + ")" if len(cols) > 1 else cols[0]
    few = f"NOT ({' AND '.join(_filled(c) for c in cols[:3])})" if len(cols) >= 3 else "true"  # ≤ 2 filled
    notes = (f"CASE WHEN {few} THEN (CASE WHEN ({filled}) <= 2 THEN regexp_matches("
             f"{vnparse.SQL_NORMALIZE_KEY.format(x=first)}, '^({'|'.join(NOTE_WORDS)})( |$)') ELSE false END) "
             "ELSE false END")
    found = con.execute(f"SELECT rowid + 1, {', '.join(cols)} FROM {raw.name} WHERE ({totals}) OR ({notes}) "
                        f"ORDER BY 1 LIMIT 1000").fetchall()
    raw.left_out.extend(r[0] for r in found)
    for rn, *cells in found:
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
            n = _records_of_sheet(con, raw, rn)
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


def _records_of_sheet(con, raw: Raw, rn: int) -> int:
    """Non-empty records of the sheet holding record ``rn`` (of the file for a CSV), totals and notes aside."""
    lo, hi = 1, None
    if raw.locator.sheets:
        starts = [s[0] for s in raw.locator.sheets]
        i = bisect.bisect_right(starts, rn) - 1
        lo, hi = starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else None)
    any_cell = " OR ".join(_filled(f"c{i}") for i in range(len(raw.slots)))
    bound = f"AND rowid + 1 <= {hi}" if hi else ""
    left = f"AND rowid + 1 NOT IN ({', '.join(map(str, raw.left_out))})" if raw.left_out else ""
    return con.execute(f"SELECT count(*) FROM {raw.name} WHERE rowid + 1 >= {lo} {bound} {left} AND ({any_cell})").fetchone()[0]
