"""A located register (:func:`compliance.io.table.locate`) as DuckDB reads it: its text cells, never a
table of them.

CSV: DuckDB reads the file itself from its first data line (``skip``); a file that is not UTF-8, holds
decomposed Vietnamese (:func:`scan`), or whose lines above the data hold quotes, is first copied
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

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from compliance.i18n import M, Message, Num, Signed, join
from compliance.io import vnparse
from compliance.io.table import (NOTE_WORDS, SIGNATURE_CELLS, SIGNATURE_OPENS, SIGNATURE_RES, SQL_FOLD, SQL_TOTALS,
                                  Layout, is_signature_text, is_totals_text, totals_number)
from compliance.registers.raw_input import (ZERO_WIDTH, ZW_CLASS, Rejected, RowLocator, blank_lines, cell_counts, copy_from,
                                             csv_error, csv_input, line_count, pad_short_totals_copy, record_lines, rejected_lines, scan,
                                             stream_sheets)
from compliance.registers.schema import IGNORED
from compliance.registers.typed import sql_str



@dataclass
class Raw:
    """The located register as DuckDB reads it: :meth:`cells` is a SELECT of its text columns ``c0``…
    (zero-width characters removed where there are any), one row per record in file order.
    ``slots``: what each column is (a declared key, or ``None`` for an undeclared one, see ``headers``);
    ``headers``: column index → header as written; ``locator`` (for a CSV completed by :func:`finish`
    once the rows are counted); ``left_out``: record numbers of totals and notes rows; ``notices``;
    ``read``: the ``read_csv`` of ``csv_path`` (from line ``skip + 1``, separated by ``delim``);
    ``shift``: lines to add to the CSV reader's line numbers; ``differences``: the notices of totals rows
    that disagree with the rows read (among ``notices`` too); ``pending``: the :func:`scan` of ``scanned``
    (the CSV itself) running beside DuckDB's first read (:meth:`rescan`); ``rejects``: the name of the table
    where DuckDB stores the lines of the wrong number of cells it leaves out, once one was found
    (:meth:`keep_rejects`); ``rejected``: those lines (:func:`finish`; ``rejected_total`` counts them
    where DuckDB stored only the first :data:`REJECTS_LIMIT`)."""

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
    pending: Future | None = None
    scanned: Path | None = None
    left_out: list[int] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)
    differences: list[Message] = field(default_factory=list)
    rejects: str | None = None
    rejected: list[Rejected] = field(default_factory=list)
    rejected_total: int = 0
    padded: bool = False

    def col(self, key: str) -> int | None:
        return self.slots.index(key) if key in self.slots else None

    def pad_short_totals(self, exc: Exception, tmpdir: str) -> bool:
        """After DuckDB refused ``exc`` (a line of another number of cells than the header): read instead a copy
        in which every short line that is a totals row is filled out to the header's width
        (``pad_short_totals_copy``); False when the error is another one, or no short line is a totals row (once:
        a line still refused is then left out and named, :meth:`keep_rejects`)."""
        if self.kind != "csv" or self.padded or cell_counts(exc) is None:
            return False
        self.padded = True
        padded = pad_short_totals_copy(self.csv_path, self.skip, self.delim, len(self.slots), Path(tmpdir) / "padded.csv")
        if padded is None:
            return False
        self.csv_path, self.shift, self.skip = padded, self.shift + self.skip, 0  # the copy starts at the first data line
        self.read = _read_sql(padded, 0, self.delim, len(self.slots), self.rejects)
        return True

    def keep_rejects(self, exc: Exception) -> bool:
        """After DuckDB refused a line of another number of cells than the header (``exc``): read the file again
        leaving out every such line and storing it in the table ``rejects`` (DuckDB's ``store_rejects``), so that
        each is named (:func:`finish`) beside the errors of the lines read. False for any other error, or when
        the lines are already left out. Only after a refusal: a clean file is read as before."""
        if self.kind != "csv" or self.rejects is not None or cell_counts(exc) is None:
            return False
        self.rejects = f"csv_rejects_{id(self):x}"
        self.read = _read_sql(self.csv_path, self.skip, self.delim, len(self.slots), self.rejects)
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
        even = copy_from(self.csv_path, "utf-8-sig", self.skip, Path(tmpdir) / "even.csv", even_line_ends=True)
        self.csv_path, self.shift, self.skip = even, self.shift + self.skip, 0
        self.read = _read_sql(even, 0, self.delim, len(self.slots), self.rejects)
        return True

    def rescan(self, con, tmpdir: str) -> bool:
        """After DuckDB's first read of a CSV taken as it is: what the scan running beside it found. Decomposed
        Vietnamese: the reading is moved to a UTF-8 NFC copy of the file; zero-width characters: the columns
        holding them are found and cleaned. True when the file must be read again (either found)."""
        if self.pending is None:
            return False
        found = self.pending.result()
        if found.decomposed:
            skip = self.shift + self.skip  # the lines above the data (a padded copy holds none: they are its shift)
            self.csv_path = copy_from(self.scanned, "utf-8-sig", skip, Path(tmpdir) / "data.csv")
            self.skip, self.shift, self.pending = 0, skip, None
            self.read = _read_sql(self.csv_path, 0, self.delim, len(self.slots), self.rejects)
            if scan(self.csv_path).zero_width:
                run(con, self, tmpdir, lambda: _find_zero_width(con, self))
            return True
        if found.zero_width and not self.zero_width:
            run(con, self, tmpdir, lambda: _find_zero_width(con, self))
            return bool(self.zero_width)
        return False

    def cells(self, only: list[int] | None = None, *, numbered: bool = False) -> str:
        """SELECT of the text columns (``only`` these, by index), zero-width characters removed from the
        columns holding any; ``numbered``: with the record number ``rn`` first (1-based, in file order)."""
        cols = [f"regexp_replace(c{i}, '{ZW_CLASS}', '', 'g') AS c{i}" if i in self.zero_width else f"c{i}"
                for i in (range(len(self.slots)) if only is None else only)]
        if numbered:
            return f"SELECT ordinality AS rn, {', '.join(cols)} FROM {self.read} WITH ORDINALITY"
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


#: the lines DuckDB stores in a rejects table at most (each with its text): enough to name every line a
#: user fixes by hand; beyond it the lines are counted (:func:`finish`)
REJECTS_LIMIT = 10_000


def _read_sql(csv_path: Path, skip: int, delim: str, width: int, rejects: str | None = None) -> str:
    """DuckDB's ``read_csv`` of the register's cells as text columns ``c0``…, strict (a line with another
    number of cells is an error naming it); with ``rejects``, such lines are left out and stored in the
    table of that name (and their scans in ``<rejects>_scan``)."""
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    errors = (f"store_rejects=true, rejects_table={sql_str(rejects)}, rejects_scan={sql_str(rejects + '_scan')}, "
              f"rejects_limit={REJECTS_LIMIT}") if rejects else "ignore_errors=false"
    return (f"read_csv({sql_str(str(csv_path))}, header=false, skip={skip}, delim={sql_str(delim)}, quote='\"', "
            f"escape='\"', auto_detect=false, columns={cols}, encoding='utf-8', strict_mode=true, "
            f"null_padding=false, {errors})")


def open_raw(con, layout: Layout, tmpdir: str) -> Raw:
    """The located register as a :class:`Raw` (see module doc): an XLSX streamed to a CSV file, a CSV
    copied only when DuckDB cannot read it as it is; zero-width characters looked for. InputError for
    a CSV that does not parse (naming the line)."""
    slots, headers, maps = _slots(layout)
    rewritten: list[tuple[int, str, str]] = []
    if layout.kind == "xlsx":
        codes = {i for i, name in enumerate(slots) if name in ("procedure_code", "code")}
        csv_path, locator, rewritten, numeric = stream_sheets(layout, maps, len(slots), Path(tmpdir) / "sheets.csv", codes)
        delim, skip, shift, pending = ",", 0, 0, None
    else:
        csv_path, skip, shift, pending = csv_input(layout, Path(tmpdir) / "data.csv")
        delim, locator = layout.csv.delimiter, None
    raw = Raw(layout.path, slots, headers, locator, _read_sql(csv_path, skip, delim, len(slots)), csv_path, skip, shift,
              delim=delim, kind=layout.kind, pending=pending, scanned=csv_path if pending else None)
    if rewritten:
        rn, shown, code = rewritten[0]
        raw.notices.append(M("{n} procedure code(s) stored as numbers (Excel's General format drops trailing zeros; "
                             "{changed} of them had lost some), read in the six-decimal form of the national database, "
                             "e.g. {place}: {value} read as {code}", n=Num(numeric), changed=Num(len(rewritten)),
                             place=locator.where(rn), value=shown, code=code))
    if pending is None and scan(csv_path).zero_width:
        run(con, raw, tmpdir, lambda: _find_zero_width(con, raw))
    return raw


def run(con, raw: Raw, tmpdir: str, step):
    """``step()`` (statements reading ``raw.read``), again on a copy with even line ends when DuckDB could not
    tell the layout (:meth:`Raw.even_line_ends`), on a padded copy when it refused a short totals line
    (:meth:`Raw.pad_short_totals`), and leaving out the lines of a wrong number of cells when it refused one
    (:meth:`Raw.keep_rejects`: each is named afterwards); any other CSV error is an InputError naming its line."""
    for attempt in range(4):
        try:
            return step()
        except duckdb.Error as exc:
            if attempt == 3 or not (raw.even_line_ends(exc, tmpdir) or raw.pad_short_totals(exc, tmpdir)
                                    or raw.keep_rejects(exc)):
                raise csv_error(raw.path, exc, raw.shift) from None


def count_lines(raw: Raw) -> Future | None:
    """Start counting a CSV's lines in a thread (None for a workbook, or for the CSV the pending
    :func:`scan` counts): it runs while DuckDB reads the file, which releases the GIL (0.2 s of a million
    rows' read)."""
    if raw.locator is not None or (raw.pending is not None and raw.csv_path == raw.scanned):
        return None
    pool = ThreadPoolExecutor(1)
    future = pool.submit(line_count, raw.csv_path)
    pool.shutdown(wait=False)
    return future


def finish(con, raw: Raw, n: int, lines: Future | None = None) -> None:
    """Once DuckDB has read the ``n`` records: the lines it left out for their number of cells collected
    (``raw.rejected``, :meth:`Raw.keep_rejects`); a CSV's locator completed (blank lines, which the CSV
    reader skips, and those lines accounted for; places exact unless cells hold line breaks) from ``lines``
    (see :func:`count_lines`), and the removal of zero-width characters said."""
    if raw.rejects is not None:
        raw.rejected = rejected_lines(con, raw.rejects, raw.csv_path, raw.delim)
        raw.rejected_total = len(raw.rejected)
    if raw.locator is None:
        total = lines.result() if lines is not None else \
            raw.pending.result().lines if raw.pending is not None and raw.csv_path == raw.scanned else line_count(raw.csv_path)
        blanks = [b for b in blank_lines(raw.csv_path) if b > raw.skip] if total != n + raw.skip else []
        if raw.rejected:
            if len(raw.rejected) >= REJECTS_LIMIT:  # DuckDB stored no more: the lines neither read nor blank
                raw.rejected_total = max(total - raw.skip - n - len(blanks), len(raw.rejected))
            blanks = sorted({*blanks, *(r.line for r in raw.rejected)})
        raw.locator = RowLocator(blanks, exact=total == n + raw.skip + len(blanks), base=raw.skip, shift=raw.shift)
        if raw.rejected and not raw.locator.exact:  # cells hold line breaks: DuckDB's numbers count records
            starts = record_lines(raw.csv_path, raw.skip, raw.delim, {r.line for r in raw.rejected})
            raw.rejected = [replace(r, line=starts.get(r.line, r.line)) for r in raw.rejected]
        raw.rejected = [replace(r, line=r.line + raw.shift) for r in raw.rejected]  # the file's own lines
    notice = _zero_width_notice(raw)
    if notice is not None:
        raw.notices.append(notice)


# ---------------------------------------------------------------------------------- cleaning in SQL

def _find_zero_width(con, raw: Raw) -> None:
    """Find the columns holding :data:`ZERO_WIDTH` characters, which :meth:`Raw.cells` then removes
    (``raw.zero_width``), and where they are (said by :func:`finish`).

    They are invisible in Excel, so "HS-001" and "HS-0\u200b01" look the same but would count as two
    dossiers (and escape the duplicate-code check). One scan of the file, only when the byte search
    (:func:`scan`) found one.
    """
    cols = [f"c{i}" for i in range(len(raw.slots))]
    hits = " OR ".join(f"regexp_matches({c}, '{ZW_CLASS}')" for c in cols)
    counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE regexp_matches({c}, '{ZW_CLASS}'))"
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
    """SQL over the text columns: the row has no cell but spaces, a bare row number (STT) aside: an empty row,
    left out and said (a template numbers its rows in advance: "3,,,,,," is an empty row, not a dossier
    without a code; "Tổng cộng" in the STT column is no number)."""
    numbers = {c.key for c in IGNORED}
    return " AND ".join(f"(NOT {_filled(f'c{i}')} OR regexp_full_match(trim(c{i}), '[0-9]+'))" if slot in numbers
                        else f"NOT {_filled(f'c{i}')}" for i, slot in enumerate(raw.slots))


def empty_notices(con, raw: Raw, suspects: str) -> list[Message]:
    """Say the empty rows left out (``__kind`` 1 in ``suspects``, the view of the rows the cheap test let
    through: ``rn``, ``__kind``, ``__cells``), each with its place, the first 20 of a kind: the rows with no
    cell filled ("empty rows"), then apart from them the rows holding only their number (STT), as a template
    numbered in advance leaves them ("3,,,,,,"), which are no more a dossier than an empty row but are not
    without anything written."""
    numbers = {c.key for c in IGNORED}
    numbered = " OR ".join(_filled(f"__cells[{i + 1}]") for i, slot in enumerate(raw.slots) if slot in numbers) or "false"
    found: dict[bool, tuple[int, list[int]]] = {}
    for is_numbered, rn, n in con.execute(
            f"SELECT numbered, rn, n FROM (SELECT rn, {numbered} AS numbered, count(*) OVER (PARTITION BY numbered) AS n, "
            f"row_number() OVER (PARTITION BY numbered ORDER BY rn) AS k FROM {suspects} WHERE __kind = 1) "
            "WHERE k <= 20 ORDER BY numbered, rn").fetchall():
        found.setdefault(is_numbered, (n, []))[1].append(rn)
    out: list[Message] = []
    for is_numbered, (n, first) in found.items():
        rows, more = join([raw.locator.where(rn) for rn in first], ", "), n - len(first)
        if is_numbered:
            out.append(M("{n} row(s) holding only their number (STT), every other cell empty, left out: {rows} and "
                         "{more} more", n=n, rows=rows, more=more) if more > 0 else
                       M("{n} row(s) holding only their number (STT), every other cell empty, left out: {rows}", n=n,
                         rows=rows))
        else:
            out.append(M("{n} empty row(s) left out: {rows} and {more} more", n=n, rows=rows, more=more)
                       if more > 0 else M("{n} empty row(s) left out: {rows}", n=n, rows=rows))
    return out


def left_out_sql(raw: Raw) -> str:
    """SQL over the text columns: a totals row ("Tổng cộng" in one of the first four columns, alone or
    followed by ":" or a number: "Tổng cộng: 3 hồ sơ") or a notes row (at most two cells, the first
    beginning "Ghi chú", "Người lập biểu"…). Asked only of rows that are not complete dossiers (see
    :func:`compliance.registers.reader.load_table`); the signature block is told by :func:`marks_sql`."""
    cols = [f"c{i}" for i in range(len(raw.slots))]
    # CASE, not AND: DuckDB then computes the costly test (accents stripped, a regular expression) only
    # on the rows the cheap one lets through (short, beginning as a totals word does)
    totals = " OR ".join(f"CASE WHEN length({c}) <= 60 AND lower(left(ltrim({c}), 3)) IN ({_TOTALS_STARTS}) "
                         f"THEN {SQL_TOTALS.format(x=c)} ELSE false END" for c in cols[:4])
    first = "coalesce(" + ", ".join(f"NULLIF(trim({c}), '')" for c in cols) + ")" if len(cols) > 1 else cols[0]
    few = f"NOT ({' AND '.join(_filled(c) for c in cols[:3])})" if len(cols) >= 3 else "true"  # ≤ 2 filled
    notes = (f"CASE WHEN {few} THEN (CASE WHEN ({_count_filled(cols)}) <= 2 THEN regexp_matches("
             f"{vnparse.SQL_NORMALIZE_KEY.format(x=first)}, '^({'|'.join(NOTE_WORDS)})( |$)') ELSE false END) "
             "ELSE false END")
    return f"coalesce(({totals}) OR ({notes}), false)"


#: how a totals word begins (three letters, lower case, with or without accents)
_TOTALS_STARTS = "'tổn', 'ton', 'cộn', 'con', 'tot', 'sum', 'gra'"


def _count_filled(cols: list[str]) -> str:
    return " + ".join(f"{_filled(c)}::INT" for c in cols)


def _signature_sql(raw: Raw, guard: str) -> str:
    """SQL over the text columns: 0 the row is no part of a signature block (``guard`` true, or else), 1 it may
    belong to one (one to :data:`compliance.io.table.SIGNATURE_CELLS` cells filled, each a signature text of
    :data:`compliance.io.table.SIGNATURE_RES`), 2 it opens one (a cell names who signs, is a place-and-date
    line or the "Nơi nhận:" heading: :data:`compliance.io.table.SIGNATURE_OPENS`). One expression of nested
    CASEs: DuckDB would compute a part shared by two expressions (the count of filled cells) on every row,
    whatever the CASE around it."""
    cols = [f"c{i}" for i in range(len(raw.slots))]
    any_text = "|".join(f"(?:{r})" for r in SIGNATURE_RES.values())
    opens = "|".join(f"(?:{SIGNATURE_RES[k]})" for k in SIGNATURE_OPENS)
    each = " AND ".join(f"(NOT {_filled(c)} OR regexp_matches({SQL_FOLD.format(x=c)}, '{any_text}'))" for c in cols)
    start = " OR ".join(f"({_filled(c)} AND regexp_matches({SQL_FOLD.format(x=c)}, '{opens}'))" for c in cols)
    return (f"CASE WHEN {guard} THEN 0 WHEN NOT (({_count_filled(cols)}) BETWEEN 1 AND {SIGNATURE_CELLS}) THEN 0 "
            f"WHEN NOT ({each}) THEN 0 WHEN {start} THEN 2 ELSE 1 END")


def marks_sql(raw: Raw, source: str, guard: str, bad: str) -> str:
    """SELECT of ``rid``, ``kind`` and ``bad`` over ``source`` (the rows the cheap test let through, in file
    order: ``rid``, the text cells ``c<i>``, the typed values ``v_<field>``). ``kind``: 1 an empty row
    (:func:`empty_sql`), 2 a row left out: a totals or notes row (:func:`left_out_sql`), or a row of the
    signature block every Vietnamese form ends with: a row naming who signs ("Người lập biểu … Thủ trưởng
    đơn vị", "KT. GIÁM ĐỐC") or a place-and-date line ("Lâm Đồng, ngày 05 tháng 12 năm 2026"), and the
    rows right under it that hold only signature texts ("(Ký, ghi rõ họ tên)", "(đóng dấu)", a name, a
    title; empty rows between them), up to the first row that is none of these; 0 a record. ``guard``: SQL true for a row that is
    surely a dossier (a dossier code and dates), which is never part of a signature block. ``bad``: SQL of
    the failed checks' mask, passed through."""
    rows = (f"SELECT rid, {bad} AS bad, CASE WHEN {empty_sql(raw)} THEN 1 WHEN {left_out_sql(raw)} THEN 2 ELSE 0 END AS k, "
            f"{_signature_sql(raw, guard)} AS signed FROM ({source})")
    # the window runs over the rows that may be in a block (empty or like one) only: any other row breaks a block,
    # so a block is one run of such rows next to each other, from its first row that opens one
    runs = "SELECT rid, signed, rid - row_number() OVER (ORDER BY rid) AS run FROM marked WHERE k = 1 OR signed > 0"
    block = (f"SELECT rid FROM (SELECT rid, signed, max(signed) OVER (PARTITION BY run ORDER BY rid ROWS UNBOUNDED "
             f"PRECEDING) AS opened FROM ({runs})) WHERE signed > 0 AND opened = 2")
    return (f"WITH marked AS MATERIALIZED ({rows}) SELECT rid, CASE WHEN k > 0 THEN k WHEN rid IN ({block}) THEN 2 "
            "ELSE 0 END AS kind, bad FROM marked")


def left_out_notices(raw: Raw, found: list[tuple[int, list[str | None]]], records_of_sheet, next_record) -> None:
    """Say each totals, notes or signature row left out (``found``: record number and cells, in file order);
    a totals row's stated number ("Tổng cộng: 3 hồ sơ", or its first figure in another cell) is compared
    with ``records_of_sheet(rn)``, the records read on its sheet. ``next_record(rn)``: the first record after
    ``rn`` on its sheet, or None; a signature block with records after it is said where it is
    (:func:`_inner_blocks`), since it is then no end of the form."""
    raw.left_out.extend(r[0] for r in found)
    signed: list[tuple[int, int]] = []  # (record number, index of its notice)
    for rn, cells in found:
        texts = [c.strip() for c in cells if c and c.strip()]
        label = next((t for t in texts[:4] if is_totals_text(t)), None)
        where = raw.locator.where(rn)
        if label is None:
            text = " ".join(texts)[:80]
            if _signature_row(texts):
                signed.append((rn, len(raw.notices)))
                raw.notices.append(M("{place} skipped (signature block, not a dossier): {text}", place=where, text=text))
            else:
                raw.notices.append(M("{place} skipped (a note, not a dossier): {text}", place=where, text=text))
            continue
        stated = next((n for n in map(totals_number, [label, *cells]) if n is not None), None)
        note = M("{place}: the totals row ('{label}') is not a dossier: left out", place=where, label=label)
        if stated is not None:
            n = records_of_sheet(rn)
            note = M("{note}; it states {stated}, the rows read are {n}", note=note, stated=Num(stated), n=Num(n)) \
                if stated == n else M("{note}; it states {stated}, the rows read are {n} (difference {diff})", note=note,
                                      stated=Num(stated), n=Num(n), diff=Signed(stated - n))
            if stated != n:
                raw.differences.append(note)
        raw.notices.append(note)
    for at, notice in reversed(_inner_blocks(raw, signed, next_record)):
        raw.notices.insert(at, notice)


def _inner_blocks(raw: Raw, signed: list[tuple[int, int]], next_record) -> list[tuple[int, Message]]:
    """Of the signature rows left out (``signed``: record number and index of its notice, in file order): for
    each block with records after it on its sheet (``next_record``), a notice saying its rows and where the
    reading goes on, and the index it goes at (after the notice of its last row). The rows of one block share
    their next record."""
    blocks: dict[int, list[tuple[int, int]]] = {}
    for rn, at in signed:
        after = next_record(rn)
        if after is not None:
            blocks.setdefault(after, []).append((rn, at))
    out = []
    for after, rows in blocks.items():
        (first, _), (last, at) = rows[0], rows[-1]
        out.append((at + 1, M("{rows}: a signature block in the middle of the register, not at its end: the rows "
                              "after it, from {next}, are read as dossiers", rows=raw.locator.span(first, last),
                              next=raw.locator.where(after))))
    return out


def _signature_row(texts: list[str]) -> bool:
    """Whether a row left out (its filled cells ``texts``) is a row of the signature block, not a note."""
    if any(is_signature_text(t, k) for t in texts for k in SIGNATURE_RES if k != "name"):
        return True
    key = vnparse.normalize_key(texts[0]) if texts else ""
    noted = any(key == w or key.startswith(w + " ") for w in NOTE_WORDS)
    return not noted and all(is_signature_text(t, "name") for t in texts)

