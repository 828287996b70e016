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
   totals rows ("Tổng cộng"), notes rows and the signature block left out and said; then each cell is typed
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

import atexit
import bisect
import csv
import os
import shutil
import tempfile
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from compliance import SCRATCH, remove_scratch
from compliance.errors import InputError
from compliance.i18n import M, Num
from compliance.io.table import locate, refuse_uncomputed
from compliance.registers.raw import count_lines, empty_notices, finish, left_out_notices, marks_sql, open_raw, run
from compliance.registers.raw_input import RowLocator
from compliance.registers.schema import CATALOGUE_FIELDS, REGISTER_FIELDS, columns_of
from compliance.registers.typed import nonblank, setup_sql, sql_str, typed_select
from compliance.registers.validate import Lines, RegisterInputError, unquoted_cells, validate

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
    ``progress``: show a progress bar (None = only on a terminal); ``memory_limit``: DuckDB's memory
    limit (beyond it DuckDB spills to the connection's temporary folder; the rows themselves are stored
    there, so this bounds only the working memory: 384 MB keeps a million-row check under 400 MB of
    peak memory in all, docs/performance.md); ``confirm_limit``: how many records SQL flagged are
    re-checked by durable_rules (the first of each rule, in file order; ~0.3 ms each).
    """

    max_file_bytes: int = 2 * GIB
    max_errors: int = 20
    sheet: str | None = None
    apology_unit: str = "days"
    publication_unit: str = "days"
    first_codes: int = 5
    progress: bool | None = None
    memory_limit: str = "384MB"
    confirm_limit: int = 2000
    threads: int | None = None



@dataclass
class LoadedTable:
    """A register or catalogue read into DuckDB table ``table``.

    ``rows``: data rows kept (empty rows left out); ``columns``: canonical field → header as written;
    ``extra``: unmatched headers kept (header → SQL column name); ``notices``: what was assumed or
    left out, one line each (empty rows, extra columns, date order); ``differences``: those of ``notices``
    that say a totals row disagrees with the rows read; ``locate(rn)`` → "row N" text for record number
    ``rn`` (1-based, in file order)."""

    path: Path
    table: str
    rows: int
    columns: dict[str, str]
    extra: dict[str, str]
    notices: list[str] = field(default_factory=list)
    row_of: "RowLocator | None" = None
    differences: list = field(default_factory=list)

    def locate(self, rn: int) -> str:
        return self.row_of.where(rn) if self.row_of else f"record {rn}"

    def has(self, name: str) -> bool:
        return name in self.columns



atexit.register(remove_scratch)


def _remove(folder: str) -> None:
    """Remove the temporary ``folder`` and all it holds; again, a few times over a second, while a file
    lands in it as it is removed (a DuckDB or byte-scan thread ending its write as a stopped command
    unwinds): a stopped command leaves no folder behind (QA6 F3)."""
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            SCRATCH.discard(folder)
            return
        time.sleep(0.05)


def _new_folder() -> str:
    """A new temporary folder, listed in :data:`compliance.SCRATCH` until :func:`_remove` removes it (whatever
    is left there is removed as the process ends)."""
    folder = tempfile.mkdtemp(prefix="compliance-reg-")
    SCRATCH.add(folder)
    return folder


@contextmanager
def _scratch_folder():
    """A new temporary folder for one read (an NFC copy of the file, DuckDB's rejects), removed by
    :func:`_remove` however the read ends."""
    folder = _new_folder()
    try:
        yield folder
    finally:
        _remove(folder)


def connect(settings: Settings | None = None, *, in_memory: bool = False) -> duckdb.DuckDBPyConnection:
    """A fresh DuckDB connection for reading and checking registers, with the typing macros defined.

    Its database is a file in a new temporary folder (removed with the connection): a register's rows
    are stored there compressed (a million rows take ~20 MB instead of ~250 MB as an in-memory table)
    and read back through DuckDB's buffer pool, within ``settings.memory_limit``; DuckDB spills to the
    same folder beyond it. Temporary tables stay in memory. ``in_memory``: the database in memory, for
    a command that keeps a few narrow columns (``dossiers summarize``: six, ~40 MB a million rows;
    writing them to the file cost 0.2 s of a million rows' 1.4 s)."""
    settings = settings or Settings()
    folder = _new_folder()
    try:  # a signal landing as the connection is made (its first call takes a while) leaves no folder
        con = duckdb.connect(":memory:" if in_memory else os.path.join(folder, "register.duckdb"))
        weakref.finalize(con, _remove, folder)
    except BaseException:
        _remove(folder)
        raise
    if in_memory:
        con.execute(f"SET temp_directory = {sql_str(folder)}")
    con.execute(f"SET memory_limit = '{settings.memory_limit}'")
    if settings.threads:
        con.execute(f"SET threads = {int(settings.threads)}")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET checkpoint_threshold = '1TB'")  # the file is thrown away: no checkpoint while working
    con.execute("BEGIN")  # one commit for the macros and types: each commit of a file database syncs it to disk
    for statement in setup_sql():
        con.execute(statement)
    con.execute("COMMIT")
    return con


def _check_file(path: Path, settings: Settings) -> None:
    if not path.exists():
        raise InputError(path, M("file not found"))
    if path.is_dir():
        raise InputError(path, M("is a folder, a file was expected"))
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(path, M("file is {value} GiB, larger than the limit of {value2} GiB (a larger limit: --max-size-gb)",
                                 value=Num(size / GIB, 2), value2=Num(settings.max_file_bytes / GIB, 2)))
    if size == 0:
        raise InputError(path, M("file is empty"))



#: fields always stored, whatever ``keep`` says: the duplicate check's key and what the summary counts
ALWAYS_KEPT = {"register": {"dossier_code", "received_at", "due_at", "result_at", "returned_at", "channel"},
               "catalogue": {"code"}}


@dataclass
class Check:
    """One row check, a bit of the stored ``__bad`` mask: ``sql`` over the typed values (``v_<field>``)
    and the text cells (``c<i>``), the ``field`` named in its message, and its ``kind`` (``required``, a
    field kind for a value that cannot be read, ``due_before_receipt``, ``result_before_receipt``)."""

    sql: str
    field: str
    kind: str
    col: int
    received: int | None = None


def _checks(fields, raw, kind: str) -> tuple[list[Check], list[str]]:
    """The row checks in message order (each a bit), and the cheap tests that let a row through them
    (a row passing every one of those has no error and is neither empty, nor a totals or notes row)."""
    checks: list[Check] = []
    quick: list[str] = []
    for f in fields:
        i = raw.col(f.name)
        if i is None:
            continue
        v, c = f"v_{f.name}", f"c{i}"
        if f.required:
            checks.append(Check(f"{v} IS NULL" if f.kind == "text" else f"{v} IS NULL AND NOT {nonblank(c)}",
                                f.name, "required", i))
            quick.append(f"{v} IS NULL")
        if f.kind != "text":
            checks.append(Check(f"{v} IS NULL AND {nonblank(c)}", f.name, f.kind, i))
            if not f.required:
                quick.append(f"({v} IS NULL AND {c} IS NOT NULL)")
    if kind == "register" and raw.col("due_at") is not None and raw.col("received_at") is not None:
        checks.append(Check("v_due_at < v_received_at", "due_at", "due_before_receipt", raw.col("due_at"),
                            raw.col("received_at")))
        quick.append(checks[-1].sql)
        if raw.col("result_at") is not None:
            checks.append(Check("v_result_at < v_received_at", "result_at", "result_before_receipt",
                                raw.col("result_at"), raw.col("received_at")))
            quick.append(checks[-1].sql)
    if len(checks) > 63:
        raise ValueError("more than 63 row checks do not fit the error mask")
    return checks, quick


def _surely_a_record(raw, typed, kind: str) -> str:
    """SQL true for a row with a code and a readable date among the fields both commands type (so that
    ``dossiers summarize`` and ``dossiers check`` read the same records): never left out as a row of a
    signature block (:func:`compliance.registers.raw.marks_sql`)."""
    code = raw.col("dossier_code" if kind == "register" else "code")
    dated = [f"v_{f.name} IS NOT NULL" for f in typed if f.kind == "date" and f.name in ALWAYS_KEPT[kind]]
    if code is None or not dated:
        return "false"
    return f"({nonblank(f'c{code}')} AND ({' OR '.join(dated)}))"


def _suspects(con, raw, table: str, rows_table: str, whole: bool) -> str:
    """The view ``<table>__suspects`` of the rows the cheap test let through: record number ``rn``, ``__kind``,
    ``__bad`` and their text ``__cells``. ``whole``: the stored rows hold their cells; else (only some
    columns were read, ``check_all`` False) those rows are read again whole from the file, one more scan
    only for a register holding rows that are empty, totals, notes or wrong, so that such a row is told,
    left out and explained on all its cells, as ``dossiers check`` tells it."""
    view = f"{table}__suspects"
    if whole:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT rowid + 1 AS rn, __kind, __bad, __cells "
                    f"FROM {rows_table} WHERE __suspect")
        return view
    cells = ", ".join(f"c{i}" for i in range(len(raw.slots)))
    # DuckDB guesses a CSV's rows at a few dozen and would build the join's hash table on the file's side: every
    # line with all its cells (443 MB to refuse a 500k-row register, QA6 F15); the suspects' side is the small one
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table}__whole AS SELECT rn, [{cells}] AS cells FROM "
                    f"({raw.cells(numbered=True)}) WHERE rn IN (SELECT rowid + 1 FROM {rows_table} WHERE __suspect)")
    finally:
        con.execute("RESET disabled_optimizers")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT r.rowid + 1 AS rn, r.__kind, r.__bad, w.cells AS __cells "
                f"FROM {rows_table} r JOIN {table}__whole w ON r.rowid + 1 = w.rn WHERE r.__suspect")
    return view


def _swallowed_lines(con, raw) -> None:
    """A CSV whose cells hold line breaks: refuse it when a cell holds whole lines of the file (a line break
    and at least as many separators as a line has), as when a quote opened in one cell is closed only lines
    later (an export that does not double the quotes inside a name): the reader then takes those lines, each a
    dossier, as the rest of that one cell, and they would be lost without a word. One more scan, only for a
    CSV whose lines outnumber its records."""
    width = len(raw.slots)
    if width < 3:
        return
    sep = sql_str(raw.delim)
    tests = [f"CASE WHEN contains(c{i}, chr(10)) AND length(c{i}) - length(replace(c{i}, {sep}, '')) >= {width - 1} "
             f"THEN {i} END" for i in range(width)]
    code = raw.col("dossier_code")
    found = con.execute(f"SELECT rn, coalesce({', '.join(tests)}) AS col, {'c' + str(code) if code is not None else 'NULL'} "
                        f"FROM ({raw.cells(numbered=True)}) WHERE col IS NOT NULL ORDER BY rn LIMIT 1").fetchone()
    if found is None:
        return
    rn, col, shown = found
    raise InputError(raw.path, M("the cell of column {column!r} holds whole lines of the file (a line break and "
                                 "{n} separators): a quote (\") opened in it is closed only lines later, so the "
                                 "dossiers on those lines were read as part of this cell; close or remove the "
                                 "quote", column=raw.headers[col], n=width - 1),
                     M("record {n} ({code})", n=rn, code=shown) if shown else M("record {n}", n=rn))


def _too_wide(con, raw, suspects: str, cap: int) -> dict[int, list[str]]:
    """The rows in error (the first ``cap``) whose line holds more cells than the header: record number → the
    line's cells. DuckDB's reader takes a line ending in one separator too many as a line of the header's width (the
    last, empty, cell dropped), so a cell holding an unquoted separator ("Cấp phép xây dựng, sửa chữa") shifts
    the cells after it and is told as so many wrong values (QA6 F14); the line itself, read again here with
    Python's CSV reader, gives the count. Reads the file up to the last such line, only for a register in error."""
    if not raw.locator.exact:
        return {}
    rns = [r[0] for r in con.execute(f"SELECT rn FROM {suspects} WHERE __kind = 0 AND __bad <> 0 ORDER BY 1 "
                                     f"LIMIT {max(cap, 1)}").fetchall()]
    lines = {raw.locator.row(rn) - raw.locator.shift: rn for rn in rns}
    width, found = len(raw.slots), {}
    with open(raw.csv_path, encoding="utf-8-sig", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if number in lines:
                cells = next(csv.reader([line], delimiter=raw.delim, quotechar='"'), [])
                if len(cells) > width:
                    found[lines[number]] = cells
            if number >= max(lines, default=0):
                break
    return found


def load_table(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, *, kind: str = "register",
               table: str | None = None, settings: Settings | None = None,
               keep: set[str] | Callable[[], set[str]] | None = None, check_all: bool = True) -> LoadedTable:
    """Read ``path`` (CSV or XLSX) into DuckDB view ``table`` with canonical typed columns.

    ``kind``: ``"register"`` (fields :data:`REGISTER_FIELDS`, view ``dossiers``) or
    ``"catalogue"`` (:data:`CATALOGUE_FIELDS`, view ``procedures``). The view has ``rn`` (record
    number, 1-based, in file order across sheets), one column per canonical field present (DATE for
    dates, INTEGER for counts, canonical codes for coded values, text otherwise) and the extra columns
    as text (``extra_<n>``). ``keep``: store only these fields (and :data:`ALWAYS_KEPT`; no extra
    columns), or a function giving them once the file is located; every field is read and checked all
    the same, unless ``check_all`` is False: then only the stored fields are typed and checked (what
    ``dossiers summarize`` counts; ``dossiers check`` checks every cell), and DuckDB reads only their
    columns; rows that fail the cheap test (empty, totals and notes rows among them: a dossier code is
    required) are read again whole (:func:`_suspects`).

    One statement reads the file (DuckDB's CSV reader), types every cell (:mod:`compliance.registers.typed`),
    marks empty, totals and notes rows, and sets a bit per failed check (:func:`_checks`) in the rows'
    table ``<table>__rows`` (stored compressed, see :func:`connect`); the text cells are kept only for
    rows that fail a check or are left out, for their messages. The view is its records.

    Raises :class:`InputError` (file problems, header problems, naming the line or sheet and row) or
    :class:`RegisterInputError` (row problems: every bad cell named by row and column).
    """
    settings = settings or Settings()
    path = Path(path)
    fields = REGISTER_FIELDS if kind == "register" else CATALOGUE_FIELDS
    table = table or ("dossiers" if kind == "register" else "procedures")
    _check_file(path, settings)
    what = M("dossier register") if kind == "register" else M("procedure catalogue")
    layout = locate(path, columns_of(fields), sheet=settings.sheet, several="concat", what=what, stream=True,
                    continued="dossier_code" if kind == "register" else "code")
    refuse_uncomputed(layout, {f.name for f in fields})
    rows_table = f"{table}__rows"
    with _scratch_folder() as tmpdir:
        raw = open_raw(con, layout, tmpdir)
        if callable(keep):
            keep = keep()
        present = [f for f in fields if raw.col(f.name) is not None]
        stored = [f for f in present if keep is None or f.name in keep or f.name in ALWAYS_KEPT[kind]]
        checked = present if check_all else stored
        typed = [f for f in present if f in stored or (f in checked and (f.kind != "text" or f.required))]
        checks, quick = _checks(checked, raw, kind)
        cols = [f"c{i}" for i in range(len(raw.slots))]
        shown = list(range(len(raw.slots))) if check_all else sorted({raw.col(f.name) for f in typed})
        extra: dict[str, str] = {}
        out = {f.name: f"v_{f.name}" for f in stored}
        for i, slot in enumerate(raw.slots):
            if slot is None and raw.headers[i]:
                extra[raw.headers[i]] = f"extra_{len(extra) + 1}"
                if keep is None:
                    out[extra[raw.headers[i]]] = f"c{i}"
        cells = [(f, f"c{raw.col(f.name)}") for f in typed]
        bits = " | ".join(f"(CASE WHEN {ch.sql} THEN {1 << k} ELSE 0 END)" for k, ch in enumerate(checks)) or "0"
        # where only some columns are read, the suspect rows are read again whole (_suspects): building
        # their list here costs 0.1 s of CPU a million rows, even where no row is suspect
        suspect_cells = f"CASE WHEN suspect THEN [{', '.join(cols)}] END" if len(shown) == len(cols) else "NULL::VARCHAR[]"
        # innermost the cells, then each typed value, then the cheap tests; the cells are kept only for the
        # rows those let through. Their kind and failed checks are worked out afterwards, on those rows
        # only: in this statement DuckDB would compute the tests' common parts (trim of every cell…) for
        # every row, whatever the CASE around them (0.7 s of CPU on a million rows).
        con_sql = lambda: (  # noqa: E731  (raw.cells() changes when a short totals line is padded)
            f"CREATE OR REPLACE TABLE {rows_table} AS "
            f"SELECT {', '.join(f'{e} AS {n}' for n, e in out.items())}, 0::UTINYINT AS __kind, 0::BIGINT AS __bad, "
            f"{decimals} AS __dec, "
            f"suspect AS __suspect, {suspect_cells} AS __cells "
            f"FROM (SELECT *, coalesce({' OR '.join(quick) or 'false'}, false) AS suspect "
            f"FROM ({typed_select(cells, raw.cells(shown), [cols[i] for i in shown])}))")
        lines: list = [None]
        # the counts written "1.0" (a bit a column), for the note saying they were read as whole numbers
        counts = [(f, c) for f, c in cells if f.kind == "int"]
        decimals = ("(" + " | ".join(f"(CASE WHEN v_{f.name} IS NOT NULL AND contains({c}, '.') THEN {1 << k} ELSE 0 END)"
                                     for k, (f, c) in enumerate(counts)) + ")::UTINYINT") if counts else "0::UTINYINT"

        def read() -> None:
            lines[0] = count_lines(raw)  # beside DuckDB's read (again for a padded copy)
            try:
                con.execute(con_sql())
            finally:
                if lines[0] is not None:
                    lines[0].exception()  # the file goes with the folder: wait for the count

        run(con, raw, tmpdir, read)
        if raw.rescan(con, tmpdir):  # decomposed Vietnamese or zero-width characters, found beside the read
            run(con, raw, tmpdir, read)
        suspects = None
        if con.execute(f"SELECT count(*) FILTER (WHERE __suspect) FROM {rows_table}").fetchone()[0]:
            suspects = _suspects(con, raw, table, rows_table, whole=len(shown) == len(cols))
            marks = f"{table}__marks"
            source = (f"SELECT rn - 1 AS rid, {', '.join(f'__cells[{i + 1}] AS c{i}' for i in range(len(cols)))} "
                      f"FROM {suspects}")
            typed_rows = typed_select(cells, source, ["rid", *cols])
            con.execute(f"CREATE OR REPLACE TEMP TABLE {marks} AS "
                        + marks_sql(raw, typed_rows, _surely_a_record(raw, typed, kind), f"CAST({bits} AS BIGINT)"))
            con.execute(f"UPDATE {rows_table} SET __kind = m.kind, __bad = m.bad FROM {marks} m "
                        f"WHERE {rows_table}.rowid = m.rid")
            con.execute(f"DROP TABLE {marks}")
        n_all, n_empty, n_left, n_bad, n_dec, dec_cols, dec_first = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE __kind = 1), count(*) FILTER (WHERE __kind = 2), "
            f"coalesce(sum(bit_count(__bad)) FILTER (WHERE __kind = 0), 0), "
            f"coalesce(sum(bit_count(__dec)) FILTER (WHERE __kind = 0), 0), bit_or(__dec) FILTER (WHERE __kind = 0), "
            f"min(rowid) FILTER (WHERE __kind = 0 AND __dec > 0) + 1 FROM {rows_table}").fetchone()
        finish(con, raw, n_all, lines[0])
        if raw.kind == "csv" and not raw.locator.exact:
            _swallowed_lines(con, raw)
        wide = _too_wide(con, raw, suspects, settings.max_errors) if n_bad and raw.kind == "csv" else {}
        bad_lines = Lines(len(cols), raw.delim, wide, raw.rejected, raw.rejected_total, lambda found: unquoted_cells(
            con, found, raw.headers, raw.delim, lambda source: f"SELECT key, way, CAST({bits} AS BIGINT) AS bad FROM "
            f"({typed_select(cells, source, ['key', 'way', *cols])})"))
    locator = raw.locator
    if n_left:
        found = con.execute(f"SELECT rn, __cells FROM {suspects} WHERE __kind = 2 ORDER BY 1 LIMIT 1000").fetchall()

        def sheet_of(rn: int) -> tuple[int, int]:
            """The first and last record numbers of the sheet holding ``rn`` (the whole file for a CSV)."""
            if not locator.sheets:
                return 1, n_all
            starts = [s[0] for s in locator.sheets]
            i = bisect.bisect_right(starts, rn) - 1
            return starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else n_all)

        def records_of_sheet(rn: int) -> int:
            return con.execute(f"SELECT count(*) FROM {rows_table} WHERE __kind = 0 AND rowid + 1 BETWEEN ? AND ?",
                               list(sheet_of(rn))).fetchone()[0]

        not_records: list[set[int]] = []

        def next_record(rn: int) -> int | None:
            """The first record after ``rn`` on its sheet, or None: the first number after it that is no empty or
            left-out row (those are all among the suspects, read once, when a signature row first asks)."""
            if not not_records:
                not_records.append({r[0] for r in con.execute(f"SELECT rn FROM {suspects} WHERE __kind > 0").fetchall()})
            after = rn + 1
            while after in not_records[0]:
                after += 1
            return after if after <= sheet_of(rn)[1] else None

        left_out_notices(raw, found, records_of_sheet, next_record)
        if n_left > len(found):
            raw.notices.append(M("{n} more totals or notes rows left out", n=n_left - len(found)))
    con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT rowid + 1 AS rn, {', '.join(out)} "
                f"FROM {rows_table} WHERE __kind = 0")
    cols_shown = {f.name: raw.headers[raw.col(f.name)] for f in present}
    loaded = LoadedTable(path, table, n_all - n_empty - n_left, cols_shown, extra, [], locator)
    loaded.notices.extend(layout.notes)
    if n_empty:
        loaded.notices.extend(empty_notices(con, raw, suspects))
    refused = {r.line for r in raw.rejected}  # left out like the blank lines, and named as errors
    b = [locator.shift + x for x in locator.blank if locator.shift + x not in refused]
    if b:
        lines = ", ".join(map(str, b[:20]))
        loaded.notices.append(M("{n} blank line(s) left out: line(s) {lines} and {more} more", n=len(b), lines=lines,
                                more=len(b) - 20) if len(b) > 20 else
                              M("{n} blank line(s) left out: line(s) {lines}", n=len(b), lines=lines))
    if locator.rows is None and not locator.exact:
        loaded.notices.append(M("some cells contain line breaks: places are given as record numbers (data rows in order)"))
    loaded.notices.extend(raw.notices)
    loaded.differences = list(raw.differences)
    if n_dec:
        named = ", ".join(repr(raw.headers[raw.col(f.name)]) for k, (f, _c) in enumerate(counts) if dec_cols >> k & 1)
        loaded.notices.append(M("{n} count(s) written with zero decimals ('1.0', as a program's export writes a whole "
                                "number) read as whole numbers, in column(s) {columns}; the first at {place}",
                                n=Num(n_dec), columns=named, place=locator.where(dec_first)))
    if extra:
        names = ", ".join(repr(h) for h in extra)
        loaded.notices.append(M("columns not matched to a known field, kept as they are: {names}", names=names))
    validate(con, loaded, suspects, checks, n_bad, kind, settings, bad_lines)
    return loaded
