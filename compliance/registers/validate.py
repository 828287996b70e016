"""Checking a register's typed rows: every bad cell, every missing required value, due date or result
before receipt, duplicate codes; all collected (counted in full, the first ``max_errors`` kept) and
raised together as :class:`RegisterInputError`, each naming its row and column. The checks themselves
run in the statement that reads the file (:func:`compliance.registers.reader.load_table`); here their
marks are read back and explained."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Callable

from compliance.errors import InputError
from compliance.i18n import MC, Day, M, Message, Num, join, places, text
from compliance.io import vnparse
from compliance.registers.raw_input import csv_fault
from compliance.registers.schema import CODES


class RegisterInputError(InputError):
    """Several bad-input errors in one file. ``errors``: list of ``(where, message)`` (at most
    ``max_errors``); ``total``: how many there are in all. ``line()`` gives one line per error (the
    first without the "error: " prefix, which the CLI adds) and a last line with the count left out."""

    def __init__(self, path, errors: list[tuple[str, str]], total: int):
        self.errors = errors
        self.total = total
        where, message = errors[0]
        super().__init__(path, message, where)

    def line(self, lang: str = "en") -> str:
        """One line per error in ``lang``; every line after the first carries the "error: " prefix."""
        lines = []
        for i, (where, message) in enumerate(self.errors):
            line = ": ".join(p for p in (self.path, text(where, lang) if where else None, text(message, lang)) if p)
            lines.append(line if i == 0 else M("error: {line}", line=line).get(lang))
        if self.total > len(self.errors):
            more = M("{path}: {n} more errors not shown ({total} in all; raise --max-errors to see more)", path=self.path,
                     n=Num(self.total - len(self.errors)), total=Num(self.total))
            lines.append(M("error: {line}", line=more).get(lang))
        return "\n".join(lines)



@dataclass
class Lines:
    """A CSV's lines of another number of cells than the header (``width`` cells, separated by ``delim``).
    ``wide``: rows read whose line holds more cells (record number → the line's cells: DuckDB reads a line
    ending in one separator too many as a row of the header's width); ``rejected``: the lines DuckDB left out
    (:class:`compliance.registers.raw_input.Rejected`), ``rejected_total`` of them in all; ``split``:
    :func:`unquoted_cells` bound to the register's checks (lines → the columns where a separator stands
    unquoted, as (header, cell))."""

    width: int
    delim: str = ","
    wide: dict[int, list[str]] = field(default_factory=dict)
    rejected: list = field(default_factory=list)
    rejected_total: int = 0
    split: Callable[[dict], dict] | None = None


def validate(con, loaded, suspects: str | None, checks, n_bad: int, kind: str, settings,
             lines: Lines | None = None) -> None:
    """Collect every row error; raise :class:`RegisterInputError` when there is at least one.

    ``suspects``: the view of the rows of :func:`compliance.registers.reader.load_table` that may hold an
    error (None: none), each with its record number ``rn``, its ``__bad`` mask (bit ``k`` set when
    ``checks[k]`` failed) and its text ``__cells``; ``n_bad``: the failed checks counted over all rows.
    Duplicate codes are looked for here. ``lines`` (a CSV's lines of a wrong number of cells, :class:`Lines`):
    a row read whose line holds more cells than the header is told as that one error instead of the wrong
    values it shifts into the next columns, naming the column where the separator stands unquoted when
    that can be told; each line left out is one error at its line (the first ``max_errors``), in line order
    among the others."""
    cap = max(settings.max_errors, 1)
    errors: list[tuple[int, int, object, Message]] = []  # (order key, order, place, message)
    lines = lines or Lines(0)
    wide, rejected = lines.wide, lines.rejected[:cap]
    total = n_bad + lines.rejected_total
    lines_of = loaded.row_of.row if rejected and loaded.row_of is not None else None
    bad_rows = con.execute(f"SELECT rn, __bad, __cells FROM {suspects} WHERE __kind = 0 AND __bad <> 0 "
                           f"ORDER BY 1 LIMIT {cap}").fetchall() if n_bad else []
    long = {("rn", rn): wide[rn] for rn, _b, _c in bad_rows if rn in wide}
    long |= {("line", r.line): r.cells for r in rejected if r.error == "cells"}
    cols = lines.split(long) if lines.split and long else {}

    def key(rn: int) -> int:
        """Records and left-out lines in one order: by line when lines were left out."""
        return (lines_of(rn) or rn) if lines_of else rn

    for rn, bad, cells in bad_rows:
        if rn in wide:
            total -= bin(bad).count("1") - 1
            errors.append((key(rn), 0, loaded.locate(rn), _too_many(wide[rn], lines, cols.get(("rn", rn)))))
            continue
        for k, check in enumerate(checks):
            if bad >> k & 1:
                errors.append((key(rn), k, loaded.locate(rn), _explain(loaded, check, cells)))
    for r in rejected:
        if r.error != "cells":
            msg = csv_fault(r.error)
        elif len(r.cells) > lines.width:
            msg = _too_many(r.cells, lines, cols.get(("line", r.line)))
        else:
            msg = M("expected {value} cells as in the header, found {value2}", value=lines.width, value2=len(r.cells))
        errors.append((r.line, 0, places.line(r.line), msg))  # a line of the file, not read as a row
    t = loaded.table
    dup_total = 0
    if kind in ("register", "catalogue"):
        key_field = "dossier_code" if kind == "register" else "code"
        dup_total = con.execute(f"SELECT count(*) FROM (SELECT {key_field} FROM {t} WHERE {key_field} IS NOT NULL "
                                f"GROUP BY {key_field} HAVING count(*) > 1)").fetchone()[0]
        if dup_total:
            dups = con.execute(
                f"SELECT {key_field}, list(rn ORDER BY rn) AS rns, count(*) FROM {t} WHERE {key_field} IS NOT NULL "
                f"GROUP BY {key_field} HAVING count(*) > 1 ORDER BY min(rn) LIMIT {cap}").fetchall()
            label = loaded.columns[key_field]
            for code, rns, n in dups:
                others = [r for r in rns if r != rns[1]]  # the error stands at the second; the others are named
                at = join([loaded.locate(r) for r in others[:5]] + (["…"] if len(others) > 5 else []), ", ")
                errors.append((key(rns[1]), 999, loaded.locate(rns[1]),
                               M("{column} {code!r} appears {n} times (also at {places})", column=label, code=code, n=n,
                                 places=at)))
    total += dup_total
    if total:
        errors.sort(key=lambda e: (e[0], e[1]))
        errors = errors[:cap]
        raise RegisterInputError(loaded.path, [(where, msg) for _k, _o, where, msg in errors], total)


def _too_many(cells: list[str], lines: Lines, split: list[tuple[str, str]] | None) -> Message:
    """The error of a line holding more cells than the header: a cell holds the separator without quotes;
    ``split``: the columns (header, the cell as meant) where, when :func:`unquoted_cells` could tell."""
    width, delim = lines.width, lines.delim
    if split:
        where = join([M("column {column!r} ({value!r})", column=h, value=v) for h, v in split], ", ")
        return M("the line holds {n} cells where the header has {width}: the separator {delim!r} stands in {cells} "
                 "without quotes around it; put that cell in double quotes (\"…\")", n=len(cells), width=width,
                 delim=delim, cells=where)
    return M("the line holds {n} cells where the header has {width}: a cell holds the separator {delim!r} without "
             "quotes around it; put that cell in double quotes (\"…\")", n=len(cells), width=width, delim=delim)


def unquoted_cells(con, lines: dict, headers: list[str], delim: str, failed: Callable[[str], str]) -> dict:
    """Where the separator stands unquoted in each line of more cells than the header (``lines``: key → the
    line's cells; ``headers``: the header's cells): key → [(header, the cell as meant)], for the lines where
    it can be told. The line is put back together at each place the extra cells can have come from (one or
    two extra cells: every choice of one or two separators read as text), and each way is typed and checked
    as a row is (``failed(source)``: SQL giving ``key``, ``way`` and the failed-check mask ``bad`` of the rows of
    ``source``, a SELECT of ``key``, ``way`` and the text cells ``c0``…). A way that passes every check is a
    reading; of several, the one whose every extra cell begins with a space (as "Sở Văn hóa, Thể thao và Du
    lịch" is split, where a program writing CSV puts no space after its separators). Nothing for a line of
    more than two extra cells, or where no single reading stands out."""
    width = len(headers)
    keys, ways, rows, joins_of = [], [], [], {}
    for k, (name, cells) in enumerate(lines.items()):
        extra = len(cells) - width
        if not 1 <= extra <= 2:
            continue
        for w, joins in enumerate(itertools.combinations(range(len(cells) - 1), extra)):
            merged: list[str] = []
            for i, c in enumerate(cells):
                if i - 1 in joins:
                    merged[-1] += delim + c
                else:
                    merged.append(c)
            keys.append(k)
            ways.append(w)
            rows.append(merged)
            joins_of[(k, w)] = joins, merged
    if not rows:
        return {}
    source = ("SELECT key, way, " + ", ".join(f"cells[{i + 1}] AS c{i}" for i in range(width))
              + " FROM (SELECT unnest(?::INTEGER[]) AS key, unnest(?::INTEGER[]) AS way, unnest(?::VARCHAR[][]) AS cells)")
    passing: dict[int, list[int]] = {}
    for k, w in con.execute(f"SELECT key, way FROM ({failed(source)}) WHERE bad = 0 ORDER BY 1, 2",
                            [keys, ways, rows]).fetchall():
        passing.setdefault(k, []).append(w)
    out = {}
    names = list(lines)
    for k, ws in passing.items():
        cells = lines[names[k]]
        spaced = [w for w in ws if all(cells[b + 1][:1].isspace() for b in joins_of[(k, w)][0])]
        pick = spaced if len(spaced) == 1 else ws if len(ws) == 1 else []
        if not pick:
            continue
        joins, merged = joins_of[(k, pick[0])]
        cols = dict.fromkeys(b - n for n, b in enumerate(joins))  # the joins before one merged that many cells
        out[names[k]] = [(headers[c], merged[c].strip()) for c in cols]
    return out


def _explain(loaded, check, cells: list[str | None]) -> Message:
    name, ekind = check.field, check.kind
    header = loaded.columns.get(name, name)
    if ekind == "required":
        return M("column {header!r} is empty; it is required", header=header)
    if ekind in ("due_before_receipt", "result_before_receipt"):
        other = "due_at" if ekind == "due_before_receipt" else "result_at"
        # the days as the SQL typed them: vnparse is the reading it equals (tests/test_register_typing.py)
        a, b = (vnparse.parse_date(cells[i]).date for i in (check.col, check.received))
        what = M("due date") if other == "due_at" else M("result date")
        return M("{what} {day} (column {column!r}) is before the receipt date {received} (column {received_column!r})",
                 what=what, day=Day(a), column=loaded.columns[other], received=Day(b),
                 received_column=loaded.columns["received_at"])
    value = cells[check.col]
    if ekind == "date":
        try:
            vnparse.parse_date(value)
            reason = M("not a date this reader accepts")
        except vnparse.VnParseError as exc:
            reason = exc.args[0]
        return M("column {header!r}: {reason}", header=header, reason=reason)
    if ekind == "int":
        written = (value or "").strip()
        if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", written):
            digits = re.sub(r"[.,]", "", written)
            return M("column {header!r}: {value!r} is a number with a thousands separator ({digits}) or a decimal, not a "
                     "count of times: write the count in digits alone ({digits} if that is meant)", header=header,
                     value=value, digits=digits)
        if re.fullmatch(r"[0-9]+[.,][0-9]+", written):
            return M("column {header!r}: {value!r} has a fraction: a count of times is a whole number (e.g. 2)",
                     header=header, value=value)
        return M("column {header!r}: {value!r} is not a whole number of times", header=header, value=value)
    known = ", ".join(f"{code} ({next((x for x in spell if not x.isascii()), spell[-1])})" for code, spell in _codes(ekind))
    return M("column {header!r}: {value!r} is not a known {kind} value (known: {known})", header=header, value=value,
             kind=KIND_WORDS.get(ekind, ekind), known=known)


KIND_WORDS = {"channel": MC("register code", "channel"), "level": MC("register code", "level"),
              "status": MC("register code", "status"), "online_level": MC("register code", "online level")}
"""The coded columns' kinds as a message names them ("not a known status value")."""


def _codes(kind: str):
    return list(CODES[kind].items())
