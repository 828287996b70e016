"""Read a dossier register or a procedure catalogue (CSV or XLSX) into a typed DuckDB table.

Why DuckDB: a province's register is about a million rows a year. DuckDB (already a dependency)
reads CSV in parallel into a columnar table, parses and checks every cell with vectorised SQL, and
spills to disk when memory is short; the rows never become Python objects. Polars would do the
per-record work as fast, but it is not a dependency, and SQL is the natural target for compiling the
rule conditions (``compliance.engine.conditions.to_sql``).

Pipeline (:func:`load_table`):

1. guards: the file exists, is not larger than ``settings.max_file_bytes``, is CSV (UTF-8 with or
   without BOM, UTF-16, or an encoding detected such as windows-1258; delimiter ``,`` ``;`` or tab)
   or XLSX (macro-enabled workbooks and .xls refused as :mod:`compliance.io.safety` refuses them);
2. the table is located from its first rows by the product's one tabular reader
   (:func:`compliance.io.table.locate`): the header found by the names of the canonical fields
   (:mod:`compliance.registers.schema`), with or without diacritics, under a title block, over two
   merged rows; every sheet holding the register header is read (``settings.sheet`` reads one);
   unmatched columns are kept (as ``extra_<n>``) and reported; what was skipped is said;
3. the rows go into DuckDB as text (:mod:`compliance.registers.raw`): zero-width characters removed,
   totals rows ("Tổng cộng") and notes rows left out and said; then each cell is typed
   (:mod:`compliance.registers.typed`) into ``<name>``, keeping ``<name>_raw``;
4. every bad cell is an error naming the row and the column (:mod:`compliance.registers.validate`);
   required values missing, unknown coded values, due date before receipt, result before receipt
   and duplicate dossier codes are errors too. Empty rows are not errors: they are left out and
   listed in ``notices`` with their row numbers. Errors are collected (counted in full, the first
   ``settings.max_errors`` kept) and raised together as :class:`RegisterInputError`.

Rows are numbered as a spreadsheet shows them: a CSV's "row" is its line (the same number when no
cell holds a line break); a workbook's is "sheet S, row N".
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from compliance.errors import InputError
from compliance.i18n import M, join
from compliance.io.table import locate
from compliance.registers.raw import RowLocator, load_raw
from compliance.registers.schema import CATALOGUE_FIELDS, REGISTER_FIELDS, columns_of
from compliance.registers.typed import DATE_MACRO, typed_column
from compliance.registers.validate import RegisterInputError, validate

__all__ = ["GIB", "Settings", "LoadedTable", "RegisterInputError", "RowLocator", "connect", "load_table"]

GIB = 1024**3



@dataclass
class Settings:
    """Settings of register reading and checking.

    ``max_file_bytes``: refuse larger files (default 2 GiB); ``max_errors``: keep at most this many
    error lines (all are counted); ``sheet``: XLSX sheet name (default every sheet holding the table);
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



def connect(settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection with the register macros defined."""
    settings = settings or Settings()
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{settings.memory_limit}'")
    if settings.threads:
        con.execute(f"SET threads = {int(settings.threads)}")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    con.execute(DATE_MACRO)
    return con


def _check_file(path: Path, settings: Settings) -> None:
    if not path.exists():
        raise InputError(path, M("file not found"))
    if path.is_dir():
        raise InputError(path, M("is a folder, a file was expected"))
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(path, M("file is {value:.2f} GiB, larger than the limit of {value2:.2f} GiB (setting max_file_bytes)", value=size / GIB, value2=settings.max_file_bytes / GIB))
    if size == 0:
        raise InputError(path, M("file is empty"))



def load_table(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, *, kind: str = "register",
               table: str | None = None, settings: Settings | None = None) -> LoadedTable:
    """Read ``path`` (CSV or XLSX) into DuckDB table ``table`` with canonical typed columns.

    ``kind``: ``"register"`` (fields :data:`REGISTER_FIELDS`, table ``dossiers``) or
    ``"catalogue"`` (:data:`CATALOGUE_FIELDS`, table ``procedures``). The table has ``rn`` (record
    number, 1-based, in file order across sheets), one column per canonical field present (DATE for
    dates, INTEGER for counts, canonical codes for coded values, NFC text otherwise), ``<field>_raw``
    for typed columns, and the extra columns as text.

    Raises :class:`InputError` (file problems, header problems, naming the line or sheet and row) or
    :class:`RegisterInputError` (row problems: every bad cell named by row and column).
    """
    settings = settings or Settings()
    path = Path(path)
    fields = REGISTER_FIELDS if kind == "register" else CATALOGUE_FIELDS
    table = table or ("dossiers" if kind == "register" else "procedures")
    _check_file(path, settings)
    what = "register" if kind == "register" else "procedure catalogue"
    layout = locate(path, columns_of(fields), sheet=settings.sheet, several="concat", what=what, stream=True)
    raw_name = f"{table}__raw"
    with tempfile.TemporaryDirectory(prefix="compliance-reg-") as tmpdir:
        raw = load_raw(con, layout, raw_name, tmpdir)
    r = raw_name
    locator = raw.locator
    select = [f"{r}.rowid + 1 AS rn"]
    joins: list[str] = []
    cols_shown: dict[str, str] = {}
    for f in fields:
        i = raw.col(f.name)
        if i is None:
            continue
        cols_shown[f.name] = raw.headers[i]
        select.append(f"{typed_column(con, r, f, f'c{i}', joins)} AS {f.name}")
        if f.kind != "text":
            select.append(f"{r}.c{i} AS {f.name}_raw")
    extra: dict[str, str] = {}
    for i, slot in enumerate(raw.slots):
        if slot is None and raw.headers[i]:
            extra[raw.headers[i]] = f"extra_{len(extra) + 1}"
            select.append(f"{r}.c{i} AS {extra[raw.headers[i]]}")
    def blank(q: str) -> str:
        return " AND ".join(f"({q}c{i} IS NULL OR trim({q}c{i}) = '')" for i in range(len(raw.slots)))

    def left_out(q: str) -> str:
        return f"{q}rowid + 1 IN ({', '.join(map(str, raw.left_out))})" if raw.left_out else "false"

    empty_where = f"({blank('')}) AND NOT ({left_out('')})"
    empty = [x[0] for x in con.execute(f"SELECT rowid + 1 FROM {r} WHERE {empty_where} ORDER BY 1 LIMIT 20").fetchall()]
    n_empty = con.execute(f"SELECT count(*) FROM {r} WHERE {empty_where}").fetchone()[0]
    keep = f"NOT ({blank(r + '.')}) AND NOT ({left_out(r + '.')})"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(select)} FROM {r} {' '.join(joins)} "
                f"WHERE {keep}")
    con.execute(f"DROP TABLE {r}")
    for j in range(len(joins)):
        con.execute(f"DROP TABLE IF EXISTS {r}__map{j}")
    loaded = LoadedTable(path, table, 0, cols_shown, extra, [], locator)
    loaded.notices.extend(layout.notes)
    if n_empty:
        more = n_empty - len(empty)
        rows = join([locator.where(rn) for rn in empty], ", ")
        loaded.notices.append(M("{n} empty row(s) left out: {rows} and {more} more", n=n_empty, rows=rows, more=more)
                              if more > 0 else M("{n} empty row(s) left out: {rows}", n=n_empty, rows=rows))
    if locator.blank:
        b = [locator.shift + x for x in locator.blank]
        lines = ", ".join(map(str, b[:20]))
        loaded.notices.append(M("{n} blank line(s) left out: line(s) {lines} and {more} more", n=len(b), lines=lines,
                                more=len(b) - 20) if len(b) > 20 else
                              M("{n} blank line(s) left out: line(s) {lines}", n=len(b), lines=lines))
    if locator.rows is None and not locator.exact:
        loaded.notices.append(M("some cells contain line breaks: places are given as record numbers (data rows in order)"))
    loaded.notices.extend(raw.notices)
    if extra:
        names = ", ".join(repr(h) for h in extra)
        loaded.notices.append(M("columns not matched to a known field, kept as they are: {names}", names=names))
    loaded.rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    validate(con, loaded, fields, kind, settings)
    return loaded
