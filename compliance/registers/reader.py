"""Read a dossier register or a procedure catalogue (CSV or XLSX) into a typed DuckDB table.

Why DuckDB: a province's register is about a million rows a year. DuckDB (already a dependency)
reads CSV in parallel into a columnar table, parses and checks every cell with vectorised SQL, and
spills to disk when memory is short; the rows never become Python objects. Polars would do the
per-record work as fast, but it is not a dependency, and SQL is the natural target for compiling the
rule conditions (``compliance.engine.conditions.to_sql``).

Pipeline (:func:`load_table`):

1. guards: the file exists, is not larger than ``settings.max_file_bytes``, is CSV (UTF-8, with or
   without BOM; delimiter ``,`` ``;`` or tab) or XLSX (first sheet, or ``settings.sheet``; macro-enabled
   workbooks and .xls refused as :mod:`compliance.io.safety` refuses them);
2. the header row is matched to canonical fields (:func:`compliance.registers.schema.match_headers`);
   unmatched columns are kept (as ``extra_<n>``) and reported;
3. every cell is read as text; zero-width characters (:data:`ZERO_WIDTH`) are removed from every
   cell (and said in ``notices``), so codes differing only by them are one code; then each cell goes into ``<name>_raw``, then typed into ``<name>`` with SQL that follows
   :mod:`compliance.io.vnparse` (dates day-first, ISO, ``ngày … tháng … năm``, Excel serials);
4. every bad cell is an error naming the row and the column (its reason is given by ``vnparse``);
   required values missing, unknown coded values, due date before receipt, result before receipt
   and duplicate dossier codes are errors too. Empty rows are not errors: they are left out and
   listed in ``notices`` with their row numbers. Errors are collected (counted in full, the first
   ``settings.max_errors`` kept) and raised together as :class:`RegisterInputError`.

Rows are numbered as a spreadsheet shows them: the header is row 1 (for CSV, "line" is the same
number when no cell holds a line break).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import mmap
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from compliance.errors import InputError
from compliance.io import vnparse
from compliance.registers.notice import Notice
from compliance.io.safety import MACRO_SUFFIXES, check_package, open_streaming
from compliance.registers.schema import (
    CATALOGUE_FIELDS,
    REGISTER_FIELDS,
    Field,
    HeaderError,
    code_keys,
    match_headers,
)

GIB = 1024**3

#: invisible characters that make two equal-looking codes differ; removed from every cell when reading
ZERO_WIDTH = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060", "\ufeff": "U+FEFF"}
_ZW_CLASS = "[" + "".join(ZERO_WIDTH) + "]"


@dataclass
class Settings:
    """Settings of register reading and checking.

    ``max_file_bytes``: refuse larger files (default 2 GiB); ``max_errors``: keep at most this many
    error lines (all are counted); ``sheet``: XLSX sheet name (default the first);
    ``apology_unit``: how "one day before the due date" of ND 61/2018 is counted, ``"days"`` (the
    text says "ngày"; default) or ``"working_days"``; ``publication_unit``: same for the "05 ngày"
    of ND 63/2010 Art. 15; ``first_codes``: dossier codes shown per finding group;
    ``progress``: show a progress bar (None = only on a terminal); ``memory_limit``: DuckDB memory
    limit (DuckDB spills to disk beyond it); ``confirm_limit``: how many records SQL flagged are
    re-checked by durable_rules (the first of each rule, in file order; ~0.3 ms each).
    """

    max_file_bytes: int = 2 * GIB
    max_errors: int = 20
    sheet: str | None = None
    apology_unit: str = "days"
    publication_unit: str = "days"
    first_codes: int = 5
    progress: bool | None = None
    memory_limit: str = "1GB"
    confirm_limit: int = 2000
    threads: int | None = None


class RegisterInputError(InputError):
    """Several bad-input errors in one file. ``errors``: list of ``(where, message)`` (at most
    ``max_errors``); ``total``: how many there are in all. ``line()`` gives one line per error (the
    first without the "error: " prefix, which the CLI adds) and a last line with the count left out."""

    def __init__(self, path, errors: list[tuple[str, str]], total: int):
        self.errors = errors
        self.total = total
        where, message = errors[0]
        super().__init__(path, message, where)

    def line(self) -> str:
        lines = []
        for i, (where, message) in enumerate(self.errors):
            text = ": ".join(p for p in (self.path, where, message) if p)
            lines.append(text if i == 0 else "error: " + text)
        if self.total > len(self.errors):
            lines.append(f"error: {self.path}: {self.total - len(self.errors)} more errors not shown "
                         f"({self.total} in all; raise --max-errors to see more)")
        return "\n".join(lines)


@dataclass
class LoadedTable:
    """A register or catalogue read into DuckDB table ``table``.

    ``rows``: data rows kept (empty rows left out); ``columns``: canonical field → header as written;
    ``extra``: unmatched headers kept (header → SQL column name); ``notices``: what was assumed or
    left out, one line each (empty rows, extra columns, date order); ``locate(rn)`` → "row N" text
    for record number ``rn`` (1-based, in file order)."""

    path: Path
    table: str
    rows: int
    columns: dict[str, str]
    extra: dict[str, str]
    notices: list[str] = field(default_factory=list)
    row_of: "RowLocator | None" = None

    def locate(self, rn: int) -> str:
        return self.row_of.where(rn) if self.row_of else f"record {rn}"

    def has(self, name: str) -> bool:
        return name in self.columns


class RowLocator:
    """Maps a record number (1-based, data rows in file order, as DuckDB reads them) to the row the
    user sees. CSV: header = row 1; blank lines that the CSV reader skips are accounted for. When
    cells contain line breaks the mapping is not exact and places are given as "record N"."""

    def __init__(self, blank_lines: list[int] | None = None, exact: bool = True, sheet: str | None = None,
                 row_numbers: bool = False):
        self.blank = blank_lines or []
        self.exact = exact
        self.sheet = sheet
        self.row_numbers = row_numbers  # rn already is the sheet row (XLSX path)

    def row(self, rn: int) -> int | None:
        if self.row_numbers:
            return rn
        if not self.exact:
            return None
        line = rn + 1
        # each blank line at or before the candidate line pushes the record one line further
        k = 0
        while True:
            n = bisect.bisect_right(self.blank, line + k)
            if n == k:
                return line + k
            k = n

    def where(self, rn: int, lang: str = "en") -> str:
        """"row N" (or "sheet S, row N", "record N"); Vietnamese words with ``lang="vi"``."""
        vi = lang == "vi"
        r = self.row(rn)
        if r is None:
            return f"bản ghi {rn}" if vi else f"record {rn}"
        if vi:
            return f"trang tính {self.sheet}, dòng {r}" if self.sheet else f"dòng {r}"
        return f"sheet {self.sheet}, row {r}" if self.sheet else f"row {r}"


# ------------------------------------------------------------------------------------- SQL pieces

def _nk(x: str) -> str:
    return vnparse.SQL_NORMALIZE_KEY.format(x=x)


_DATE_MACRO = r"""
CREATE OR REPLACE MACRO vn_date(x) AS (
  CASE
    WHEN x IS NULL OR trim(x) = '' THEN NULL
    WHEN regexp_full_match(trim(x), '(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})([ T,]+([01]?\d|2[0-3])[:h][0-5]\d(:[0-5]\d)?)?')
      THEN try(make_date(CAST(regexp_extract(trim(x), '^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})', 1) AS INTEGER),
                         CAST(regexp_extract(trim(x), '^\d{1,2}[/.\-](\d{1,2})', 1) AS INTEGER),
                         CAST(regexp_extract(trim(x), '^(\d{1,2})', 1) AS INTEGER)))
    WHEN regexp_full_match(trim(x), '\d{4}-\d{2}-\d{2}([ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?')
      THEN try(make_date(CAST(substr(trim(x), 1, 4) AS INTEGER), CAST(substr(trim(x), 6, 2) AS INTEGER),
                         CAST(substr(trim(x), 9, 2) AS INTEGER)))
    WHEN regexp_full_match(lower(trim(x)), '(ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})')
      THEN try(make_date(CAST(regexp_extract(lower(trim(x)), 'năm\s+(\d{4})', 1) AS INTEGER),
                         CAST(regexp_extract(lower(trim(x)), 'tháng\s+(\d{1,2})', 1) AS INTEGER),
                         CAST(regexp_extract(lower(trim(x)), '^(?:ngày\s+)?(\d{1,2})', 1) AS INTEGER)))
    WHEN regexp_full_match(trim(x), '\d{4,6}(\.\d+)?')
         AND CAST(trim(x) AS DOUBLE) >= {smin} AND CAST(trim(x) AS DOUBLE) < {smax}
      THEN DATE '1899-12-30' + CAST(floor(CAST(trim(x) AS DOUBLE)) AS INTEGER)
    ELSE NULL
  END)
""".replace("{smin}", str(vnparse.EXCEL_SERIAL_MIN)).replace("{smax}", str(vnparse.EXCEL_SERIAL_MAX + 1))


def connect(settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection with the register macros defined."""
    settings = settings or Settings()
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{settings.memory_limit}'")
    if settings.threads:
        con.execute(f"SET threads = {int(settings.threads)}")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    con.execute(_DATE_MACRO)
    return con


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _typed_expr(f: Field, raw: str) -> str:
    if f.kind == "text":
        return f"nfc_normalize(NULLIF(trim({raw}), ''))"
    if f.kind == "date":
        return f"vn_date({raw})"
    if f.kind == "int":
        return f"CASE WHEN regexp_full_match(trim({raw}), '\\d{{1,6}}') THEN CAST(trim({raw}) AS INTEGER) END"
    # coded value: CASE over the normalized key
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in sorted(code_keys(f.kind).items()))
    return f"CASE {_nk(raw)} {cases} END"


#: columns with at most this many distinct values are typed in Python, value by value, with
#: :mod:`compliance.io.vnparse` (the reference reading), and joined back; larger ones use the SQL
#: reading above (tests/test_vnparse.py proves both agree)
DISTINCT_MAX = 50_000


def _python_value(f: Field, text: str | None, codes: dict | None):
    if text is None or not text.strip():
        return None
    if f.kind == "date":
        try:
            return vnparse.parse_date(text).date.isoformat()
        except vnparse.VnParseError:
            return None
    if f.kind == "int":
        t = text.strip()
        return t if re.fullmatch(r"\d{1,6}", t) else None
    if f.kind == "text":
        return unicodedata.normalize("NFC", text.strip())
    return codes.get(vnparse.normalize_key(text))


def _typed_column(con, raw: str, f: Field, c: str, joins: list[str]) -> str:
    """SQL giving the typed value of raw column ``c``: through a value map built in Python when the
    column has few distinct values (dates, codes, agency names), else with SQL; may append a JOIN."""
    values = con.execute(f"SELECT DISTINCT {c} FROM {raw} WHERE {c} IS NOT NULL LIMIT {DISTINCT_MAX + 1}").fetchall()
    if len(values) > DISTINCT_MAX:
        if f.kind == "text":  # NFC only where a combining mark shows decomposed text
            return (f"CASE WHEN regexp_matches({raw}.{c}, '[\u0300-\u036f]') THEN nfc_normalize(NULLIF(trim({raw}.{c}), '')) "
                    f"ELSE NULLIF(trim({raw}.{c}), '') END")
        return _typed_expr(f, f"{raw}.{c}")
    codes = code_keys(f.kind) if f.kind in ("channel", "level", "status", "online_level") else None
    raws = [v[0] for v in values]
    mapped = [_python_value(f, v, codes) for v in raws]
    sql_type = {"date": "DATE", "int": "INTEGER"}.get(f.kind, "VARCHAR")
    m = f"{raw}__map{len(joins)}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {m} AS SELECT unnest(?::VARCHAR[]) AS raw, "
                f"CAST(unnest(?::VARCHAR[]) AS {sql_type}) AS val", [raws, mapped])
    joins.append(f"LEFT JOIN {m} ON {m}.raw = {raw}.{c}")
    return f"{m}.val"


# ------------------------------------------------------------------------------------------ input

def _check_file(path: Path, settings: Settings) -> None:
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a folder, a file was expected")
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(path, f"file is {size / GIB:.2f} GiB, larger than the limit of "
                               f"{settings.max_file_bytes / GIB:.2f} GiB (setting max_file_bytes)")
    if size == 0:
        raise InputError(path, "file is empty")


def _csv_header(path: Path) -> tuple[list[str], str, bool]:
    """Header cells, delimiter and whether the file starts with a UTF-8 BOM."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    bom = head.startswith(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "is UTF-16 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')", "line 1")
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if bom:
        first = first[3:]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')", "line 1") from None
    delim = max([",", ";", "\t"], key=text.count)
    header = next(csv.reader([text], delimiter=delim))
    return header, delim, bom


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


def _has_zero_width(path: Path) -> bool:
    """Whether the UTF-8 file holds a :data:`ZERO_WIDTH` character (a leading BOM aside): a byte search,
    so a clean register (the usual case) costs no SQL scan."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        start = 3 if mm[:3] == b"\xef\xbb\xbf" else 0
        return any(mm.find(ch.encode("utf-8"), start) != -1 for ch in ZERO_WIDTH)


def _strip_zero_width(con, raw: str, ncols: int, headers: list[str], locator, row_col: bool) -> Notice | None:
    """Remove :data:`ZERO_WIDTH` characters from every cell of raw table ``raw`` (columns c0…).

    They are invisible in Excel, so "HS-001" and "HS-0\u200b01" look the same but would count as two
    dossiers (and escape the duplicate-code check). Returns the notice saying where they were removed
    (columns, cell counts, first rows), or None when there were none. One scan; an UPDATE only of the
    columns that hold one.
    """
    cols = [f"c{i}" for i in range(ncols)]
    counts = con.execute("SELECT " + ", ".join(
        f"count(*) FILTER (WHERE regexp_matches({c}, '{_ZW_CLASS}'))" for c in cols) + f" FROM {raw}").fetchone()
    hit = [(c, h, n) for c, h, n in zip(cols, headers, counts) if n]
    if not hit:
        return None
    rn = "CAST(__row AS BIGINT)" if row_col else "rowid + 1"
    where = " OR ".join(f"regexp_matches({c}, '{_ZW_CLASS}')" for c, _h, _n in hit)
    first = [r[0] for r in con.execute(f"SELECT {rn} FROM {raw} WHERE {where} ORDER BY 1 LIMIT 5").fetchall()]
    con.execute(f"UPDATE {raw} SET " + ", ".join(f"{c} = regexp_replace({c}, '{_ZW_CLASS}', '', 'g')"
                                                 for c, _h, _n in hit) + f" WHERE {where}")
    total = sum(n for _c, _h, n in hit)
    cols_en = ", ".join(f"{h!r} ({n})" for _c, h, n in hit)
    more = total > len(first)

    def places(lang: str) -> str:
        shown = ", ".join(locator.where(r, lang) if locator else (f"dòng {r}" if lang == "vi" else f"row {r}")
                          for r in first)
        return shown + (" …" if more else "")

    codes = ", ".join(ZERO_WIDTH.values())
    return Notice(f"zero-width characters ({codes}) removed from {total} cell(s) in column(s) {cols_en}: "
                  f"{places('en')}",
                  f"đã xoá ký tự vô hình ({codes}) trong {total} ô ở cột {cols_en}: {places('vi')}")


def _xlsx_to_csv(path: Path, settings: Settings, tmpdir: str) -> tuple[Path, list[str], str]:
    """Stream the sheet to a UTF-8 CSV whose first column is the sheet row number.

    Dates become ISO text, numbers their plain decimal text; the header is the first non-empty row."""
    # the project's guard for outside workbooks, without its unpacked-size cap: a register is streamed
    # row by row and a province's year unpacks to far more; its file size is capped by Settings instead
    wb = open_streaming(path, max_unpacked=None)
    try:
        if settings.sheet:
            if settings.sheet not in wb.sheetnames:
                raise InputError(path, f"no sheet named {settings.sheet!r} (sheets: {', '.join(wb.sheetnames)})")
            ws = wb[settings.sheet]
        else:
            ws = wb[wb.sheetnames[0]]
        out = Path(tmpdir) / "sheet.csv"
        header: list[str] | None = None
        with open(out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else _cell_text(v) for v in row]
                if header is None:
                    if any(c.strip() for c in cells):
                        header = cells
                        w.writerow(["__row"] + [f"c{i}" for i in range(len(header))])
                    continue
                cells = (cells + [""] * len(header))[: len(header)] if len(cells) != len(header) else cells
                w.writerow([r] + cells)
        if header is None:
            raise InputError(path, "the sheet is empty", f"sheet {ws.title}")
        return out, header, ws.title
    finally:
        wb.close()


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


def load_table(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, *, kind: str = "register",
               table: str | None = None, settings: Settings | None = None) -> LoadedTable:
    """Read ``path`` (CSV or XLSX) into DuckDB table ``table`` with canonical typed columns.

    ``kind``: ``"register"`` (fields :data:`REGISTER_FIELDS`, table ``dossiers``) or
    ``"catalogue"`` (:data:`CATALOGUE_FIELDS`, table ``procedures``). The table has ``rn`` (record
    number, 1-based), one column per canonical field present (DATE for dates, INTEGER for counts,
    canonical codes for coded values, NFC text otherwise), ``<field>_raw`` for date columns, and the
    extra columns as text.

    Raises :class:`InputError` (file problems, header problems) or :class:`RegisterInputError`
    (row problems: every bad cell named by row and column).
    """
    settings = settings or Settings()
    path = Path(path)
    fields = REGISTER_FIELDS if kind == "register" else CATALOGUE_FIELDS
    table = table or ("dossiers" if kind == "register" else "procedures")
    _check_file(path, settings)
    suffix = path.suffix.lower()
    with tempfile.TemporaryDirectory(prefix="compliance-reg-") as tmpdir:
        if suffix in MACRO_SUFFIXES or suffix == ".xls":
            check_package(path)  # refused with the project's words
        if suffix == ".xlsx":
            csv_path, header, sheet = _xlsx_to_csv(path, settings, tmpdir)
            delim, row_col = ",", True
            locator = RowLocator(sheet=sheet, row_numbers=True)
        elif suffix in (".csv", ".txt", ".tsv"):
            csv_path = path
            header, delim, _bom = _csv_header(path)
            row_col, sheet = False, None
            locator = None
        else:
            raise InputError(path, f"unsupported file type '{suffix}' (a register is .csv or .xlsx)")
        try:
            match = match_headers(header, fields)
        except HeaderError as exc:
            raise InputError(path, str(exc), f"sheet {sheet}, header row" if sheet else "line 1 (header)") from None
        names = (["__row"] if row_col else []) + [f"c{i}" for i in range(len(header))]
        columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
        quote = '"'
        read = (f"read_csv({_sql_str(str(csv_path))}, header=true, delim={_sql_str(delim)}, quote='{quote}', "
                f"escape='{quote}', auto_detect=false, columns={columns}, encoding='utf-8', "
                f"strict_mode=true, null_padding=false, ignore_errors=false)")
        raw = f"{table}__raw"
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM {read}")
        except duckdb.Error as exc:
            raise _csv_error(path, exc) from None
        if locator is None:
            n_records = con.execute(f"SELECT count(*) FROM {raw}").fetchone()[0]
            line_count = _line_count(path)
            blanks = _blank_lines(path) if line_count != n_records + 1 else []
            exact = line_count == n_records + 1 + len(blanks)
            locator = RowLocator(blanks, exact=exact)
        zero_width = (_strip_zero_width(con, raw, len(header), header, locator, row_col)
                      if _has_zero_width(csv_path) else None)
        rn_expr = f"CAST({raw}.__row AS BIGINT)" if row_col else f"{raw}.rowid + 1"
        select = [f"{rn_expr} AS rn"]
        joins: list[str] = []
        cols_shown: dict[str, str] = {}
        for f in fields:
            if f.name not in match.columns:
                continue
            c = f"c{match.columns[f.name]}"
            cols_shown[f.name] = match.headers[match.columns[f.name]]
            select.append(f"{_typed_column(con, raw, f, c, joins)} AS {f.name}")
            if f.kind != "text":
                select.append(f"{raw}.{c} AS {f.name}_raw")
        extra: dict[str, str] = {}
        for i, (h, idx) in enumerate(match.extra.items()):
            extra[h] = f"extra_{i + 1}"
            select.append(f"{raw}.c{idx} AS extra_{i + 1}")
        all_cells = " AND ".join(f"({raw}.c{i} IS NULL OR trim({raw}.c{i}) = '')" for i in range(len(header)))
        rn_only = "CAST(__row AS BIGINT)" if row_col else "rowid + 1"
        empty = [r[0] for r in con.execute(f"SELECT {rn_only} FROM {raw} WHERE {all_cells.replace(raw + '.', '')} "
                                           f"ORDER BY 1 LIMIT 20").fetchall()]
        n_empty = con.execute(f"SELECT count(*) FROM {raw} WHERE {all_cells.replace(raw + '.', '')}").fetchone()[0]
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(select)} FROM {raw} {' '.join(joins)} "
                    f"WHERE NOT ({all_cells})")
        con.execute(f"DROP TABLE {raw}")
        for j in range(len(joins)):
            con.execute(f"DROP TABLE IF EXISTS {raw}__map{j}")
    loaded = LoadedTable(path, table, 0, cols_shown, extra, [], locator)
    if n_empty:
        more = n_empty - len(empty)
        loaded.notices.append(Notice(
            f"{n_empty} empty row(s) left out: {', '.join(locator.where(rn) for rn in empty)}"
            + (f" and {more} more" if more > 0 else ""),
            f"đã bỏ qua {n_empty} dòng không có dữ liệu: {', '.join(locator.where(rn, 'vi') for rn in empty)}"
            + (f" và {more} dòng khác" if more > 0 else "")))
    if isinstance(locator, RowLocator) and locator.blank:
        b = locator.blank
        lines = ", ".join(map(str, b[:20]))
        loaded.notices.append(Notice(
            f"{len(b)} blank line(s) left out: line(s) {lines}" + (f" and {len(b) - 20} more" if len(b) > 20 else ""),
            f"đã bỏ qua {len(b)} dòng trắng: dòng {lines}" + (f" và {len(b) - 20} dòng khác" if len(b) > 20 else "")))
    if isinstance(locator, RowLocator) and not locator.exact and not locator.row_numbers:
        loaded.notices.append(Notice(
            "some cells contain line breaks: places are given as record numbers (data rows in order)",
            "một số ô có xuống dòng: vị trí được ghi theo số thứ tự bản ghi (các dòng dữ liệu theo thứ tự)"))
    if zero_width is not None:
        loaded.notices.append(zero_width)
    if extra:
        names = ", ".join(repr(h) for h in extra)
        loaded.notices.append(Notice(f"columns not matched to a known field, kept as they are: {names}",
                                     f"cột không khớp với trường nào đã biết, giữ nguyên: {names}"))
    loaded.rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    _validate(con, loaded, fields, kind, settings)
    return loaded


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _csv_error(path: Path, exc: Exception) -> InputError:
    text = str(exc)
    m = re.search(r"CSV Error on Line: (\d+)", text)
    where = f"line {m.group(1)}" if m else None
    m2 = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if m2:
        return InputError(path, f"expected {m2.group(1)} cells as in the header, found {m2.group(2)}", where)
    if "unicode" in text.lower() or "utf-8" in text.lower() or "utf8" in text.lower():
        return InputError(path, "is not valid UTF-8 text; save the CSV as UTF-8 (Excel: 'CSV UTF-8')", where)
    if "quote" in text.lower():
        return InputError(path, "unterminated or misplaced quote (\")", where)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return InputError(path, f"cannot be read as CSV ({first[:160]})", where)


# ------------------------------------------------------------------------------------- validation

def _validate(con, loaded: LoadedTable, fields: tuple[Field, ...], kind: str, settings: Settings) -> None:
    """Collect every row error; raise :class:`RegisterInputError` when there is at least one."""
    t = loaded.table
    checks: list[tuple[str, str, str]] = []  # (sql predicate, column header, error kind)
    for f in fields:
        if f.name not in loaded.columns:
            continue
        if f.required:
            checks.append((f"{f.name} IS NULL AND ({f.name}_raw IS NULL OR trim({f.name}_raw) = '')"
                           if f.kind != "text" else f"{f.name} IS NULL", f.name, "required"))
        if f.kind != "text":
            checks.append((f"{f.name} IS NULL AND {f.name}_raw IS NOT NULL AND trim({f.name}_raw) <> ''", f.name, f.kind))
    if kind == "register":
        checks.append(("due_at < received_at", "due_at", "due_before_receipt"))
        if loaded.has("result_at"):
            checks.append(("result_at < received_at", "result_at", "result_before_receipt"))
    cap = max(settings.max_errors, 1)
    union = " UNION ALL ".join(
        f"SELECT rn, {i} AS chk FROM {t} WHERE {pred}" for i, (pred, _c, _k) in enumerate(checks))
    errors: list[tuple[int, int, str]] = []  # (rn, order, message)
    total = 0
    if union:
        total = con.execute(f"SELECT count(*) FROM ({union})").fetchone()[0]
        if total:
            rows = con.execute(f"SELECT rn, chk FROM ({union}) ORDER BY rn, chk LIMIT {cap}").fetchall()
            for rn, chk in rows:
                _pred, name, ekind = checks[chk]
                errors.append((rn, chk, _explain(con, loaded, rn, name, ekind)))
    dup_total = 0
    if kind in ("register", "catalogue"):
        key = "dossier_code" if kind == "register" else "code"
        dup_total = con.execute(f"SELECT count(*) FROM (SELECT {key} FROM {t} WHERE {key} IS NOT NULL "
                                f"GROUP BY {key} HAVING count(*) > 1)").fetchone()[0]
        if dup_total:
            dups = con.execute(
                f"SELECT {key}, list(rn ORDER BY rn) AS rns, count(*) FROM {t} WHERE {key} IS NOT NULL "
                f"GROUP BY {key} HAVING count(*) > 1 ORDER BY min(rn) LIMIT {cap}").fetchall()
            label = loaded.columns[key]
            for code, rns, n in dups:
                places = ", ".join(loaded.locate(r) for r in rns[:5]) + (" …" if n > 5 else "")
                errors.append((rns[1], 999, f"{label} {code!r} appears {n} times (also at {places})"))
    total += dup_total
    if total:
        errors.sort(key=lambda e: (e[0], e[1]))
        errors = errors[:cap]
        raise RegisterInputError(loaded.path, [(loaded.locate(rn), msg) for rn, _o, msg in errors], total)


def _explain(con, loaded: LoadedTable, rn: int, name: str, ekind: str) -> str:
    t = loaded.table
    header = loaded.columns.get(name, name)
    if ekind == "required":
        return f"column {header!r} ({name}) is empty; it is required"
    if ekind in ("due_before_receipt", "result_before_receipt"):
        other = "due_at" if ekind == "due_before_receipt" else "result_at"
        a, b = con.execute(f"SELECT {other}, received_at FROM {t} WHERE rn = ?", [rn]).fetchone()
        what = "due date" if other == "due_at" else "result date"
        return (f"{what} {a:%d/%m/%Y} (column {loaded.columns[other]!r}) is before the receipt date "
                f"{b:%d/%m/%Y} (column {loaded.columns['received_at']!r})")
    value = con.execute(f"SELECT {name}_raw FROM {t} WHERE rn = ?", [rn]).fetchone()[0]
    if ekind == "date":
        try:
            vnparse.parse_date(value)
            reason = "not a date this reader accepts"
        except vnparse.VnParseError as exc:
            reason = str(exc)
        return f"column {header!r}: {reason}"
    if ekind == "int":
        return f"column {header!r}: {value!r} is not a whole number of times"
    known = ", ".join(f"{code} ({next((x for x in spell if not x.isascii()), spell[-1])})" for code, spell in _codes(ekind))
    return f"column {header!r}: {value!r} is not a known {ekind} value (known: {known})"


def _codes(kind: str):
    from compliance.registers.schema import CODES
    return list(CODES[kind].items())
