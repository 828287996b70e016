"""Where a table's cells come from: a CSV file (its encoding and delimiter) or a worksheet (its cells
and merged ranges), read the same way for :mod:`compliance.io.table`.

CSV: the encoding is the byte-order mark's (UTF-8, UTF-16 LE/BE), else UTF-8 when the bytes are valid
UTF-8, else what charset-normalizer detects (windows-1258 for Vietnamese text saved by older software);
a detected encoding is said in a note. The delimiter is the one of ``,`` ``;`` and tab that splits the
first lines most evenly. Rows keep their physical line numbers (a quoted cell may span lines).

Worksheets: :class:`Grid` holds the first rows of a sheet (or all of them) as values with the
sheet's merged ranges. A workbook opened in full (:func:`compliance.io.safety.open_untrusted`) gives
its merged ranges directly; a streamed one (openpyxl read-only, for registers of a million rows) does
not, so :func:`merged_ranges` finds them in the sheet's XML with a byte scan.

Layer: io (imports only the foundation and io).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from compliance.errors import InputError
from compliance.i18n import M, Message, places
from compliance.io.syntax import csv_problem

HEAD_BYTES = 1 << 16
"""Bytes read to detect a CSV's encoding and delimiter and to find its header."""
DELIMITERS = (",", ";", "\t")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class CsvSource:
    """How to read a CSV file: ``encoding`` (a Python codec name), ``bom`` (bytes of a byte-order mark
    at the start), ``delimiter``, and ``note`` (the encoding when it was detected, not declared)."""

    path: Path
    encoding: str
    bom: int
    delimiter: str
    note: Message | None = None

    @property
    def utf8(self) -> bool:
        """True when the bytes are UTF-8 (with or without BOM): DuckDB reads them as they are."""
        return self.encoding in ("utf-8", "utf-8-sig")


def detect_encoding(path: Path, head: bytes) -> tuple[str, int, Message | None]:
    """(codec, BOM length, note) for the bytes ``head`` of ``path``;
    InputError when no encoding fits."""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec, len(bom), None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", 0, None
    except UnicodeDecodeError:
        pass
    sample = head[:4096]
    if sample and sample.count(0) > len(sample) // 4:  # UTF-16 without a BOM: every other byte is zero
        codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return codec, 0, M("no byte-order mark: read as {codec}", codec=codec.upper())
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        raise InputError(path, M("is not UTF-8 text and its encoding cannot be told; save the CSV as UTF-8 (Excel: 'CSV UTF-8')"), places.line(1))
    codec = codecs.lookup(best.encoding).name
    return codec, 0, M("the file is not UTF-8 text: read as {codec} (detected; save it as 'CSV UTF-8' to be sure)", codec=codec)


def sniff_csv(path: Path) -> CsvSource:
    """Encoding and delimiter of a CSV file (see module doc). InputError for an empty or unreadable file."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head.strip():
        raise InputError(path, M("file is empty"))
    codec, bom, note = detect_encoding(path, head)
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head)  # the codec drops its BOM
    lines = [ln for ln in text.splitlines()[:40] if ln.strip()]
    delimiter = max(DELIMITERS, key=lambda d: (sorted(ln.count(d) for ln in lines)[len(lines) // 2] if lines else 0,
                                               sum(ln.count(d) for ln in lines)))
    return CsvSource(path, codec, bom, delimiter, note)


def csv_rows(src: CsvSource, limit: int | None = None) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each record, in order; ``limit`` stops after so many records.
    InputError naming the line for bytes the encoding cannot decode or a CSV syntax error."""
    with open(src.path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=src.encoding, newline="")
        reader = csv.reader(text, delimiter=src.delimiter)
        start, count = 1, 0
        try:
            for rec in reader:
                yield start, reader.line_num, rec
                start = reader.line_num + 1
                count += 1
                if limit is not None and count >= limit:
                    return
        except UnicodeDecodeError:
            raise InputError(src.path, M("is not valid {encoding} text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')", encoding=src.encoding),
                             places.line(reader.line_num + 1)) from None
        except csv.Error as exc:
            raise InputError(src.path, csv_problem(exc), places.line(start)) from None  # where the record began


# --------------------------------------------------------------------------------------- worksheets

Range = tuple[int, int, int, int]
"""A merged range: (first row, first column, last row, last column), 1-based."""


@dataclass
class Grid:
    """Cells of one sheet (or of a CSV file): ``rows[i]`` is row ``i + 1`` as a list of values
    (``None`` for blank); ``merges``: merged ranges; ``numbers``: for CSV, the line of each row.
    ``complete``: False when only the first rows were read (a streamed register)."""

    title: str | None
    rows: list[list[Any]]
    merges: list[Range] = field(default_factory=list)
    numbers: list[int] | None = None
    complete: bool = True
    ws: Any = None

    def __post_init__(self):
        self.width = max((len(r) for r in self.rows), default=0)
        self._top: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in self.merges:
            if r1 > len(self.rows) + 1:
                continue
            for r in range(r1, min(r2, len(self.rows)) + 1):
                for c in range(c1, c2 + 1):
                    self._top[(r, c)] = (r1, c1)

    def raw(self, r: int, c: int) -> Any:
        """The value written in cell (r, c), 1-based; None outside the grid."""
        if 1 <= r <= len(self.rows) and 1 <= c <= len(self.rows[r - 1]):
            return self.rows[r - 1][c - 1]
        return None

    def value(self, r: int, c: int) -> Any:
        """The value shown in (r, c): a merged range's value covers every cell of the range."""
        top = self._top.get((r, c))
        return self.raw(*top) if top else self.raw(r, c)

    def merge_of(self, r: int, c: int) -> Range | None:
        """The merged range holding (r, c), or None."""
        top = self._top.get((r, c))
        if top is None:
            return None
        return next(m for m in self.merges if (m[0], m[1]) == top)

    def line(self, r: int) -> int:
        """The number a user sees for row ``r``: the sheet row, or the CSV line."""
        return self.numbers[r - 1] if self.numbers else r


def downward(merges: list[Range], first_row: int) -> list[Range]:
    """The merged ranges of ``merges`` whose value is carried down: spanning several rows, from ``first_row`` on
    (the data rows; a header's merged cells are the header's). Staff merge a column's cells over the rows they
    share (an agency over its dossiers) to print a register: the value stands for every row of the range. A range
    within one row (a note or a totals label spread over the columns) is not one."""
    return [m for m in merges if m[2] > m[0] and m[0] >= first_row]


def sheet_grid(ws) -> Grid:
    """A fully loaded openpyxl worksheet as a :class:`Grid` (values as saved, merged ranges)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    return Grid(sheet_name(ws), rows, merges, ws=ws)


def sheet_name(ws) -> places.SheetName:
    """The name of an openpyxl worksheet, saying whether it is hidden."""
    return places.SheetName(ws.title, getattr(ws, "sheet_state", "visible") != "visible")


def stream_grid(wb, ws, path: Path, limit: int) -> Grid:
    """The first ``limit`` rows of a streamed (read-only) worksheet, with the merged ranges of the sheet."""
    rows = []
    for row in ws.iter_rows(values_only=True, max_row=limit):
        rows.append(list(row))
    return Grid(sheet_name(ws), rows, merged_ranges(wb, ws, path), complete=False)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def merged_ranges(wb, ws, path: Path) -> list[Range]:
    """Merged ranges of a sheet of a read-only workbook, found in the sheet's XML (openpyxl's read-only
    sheets do not give them). The ranges follow the rows, so the part is scanned in chunks."""
    from openpyxl.utils import column_index_from_string as col

    out: list[Range] = []
    try:
        with zipfile.ZipFile(path) as zf, zf.open(ws._worksheet_path) as fh:  # noqa: SLF001 - no public path
            tail = b""
            while chunk := fh.read(1 << 22):
                data = tail + chunk
                cut = data.rfind(b"<")
                cut = cut if cut > len(data) - 200 else len(data)
                for m in _MERGE.finditer(data[:cut]):
                    r1, c1 = int(m.group(2)), col(m.group(1).decode())
                    r2, c2 = (int(m.group(4)), col(m.group(3).decode())) if m.group(3) else (r1, c1)
                    out.append((r1, c1, r2, c2))
                tail = data[cut:]
    except (KeyError, zipfile.BadZipFile, AttributeError):
        return []
    return out
