"""Checking a register's typed rows: every bad cell, every missing required value, due date or result
before receipt, duplicate codes; all collected (counted in full, the first ``max_errors`` kept) and
raised together as :class:`RegisterInputError`, each naming its row and column. The checks themselves
run in the statement that reads the file (:func:`compliance.registers.reader.load_table`); here their
marks are read back and explained."""

from __future__ import annotations

from compliance.errors import InputError
from compliance.i18n import MC, Day, M, Message, Num, join, text
from compliance.io import vnparse
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



def validate(con, loaded, suspects: str | None, checks, n_bad: int, kind: str, settings,
             wide: dict[int, tuple[int, str]] | None = None) -> None:
    """Collect every row error; raise :class:`RegisterInputError` when there is at least one.

    ``suspects``: the view of the rows of :func:`compliance.registers.reader.load_table` that may hold an
    error (None: none), each with its record number ``rn``, its ``__bad`` mask (bit ``k`` set when
    ``checks[k]`` failed) and its text ``__cells``; ``n_bad``: the failed checks counted over all rows.
    Duplicate codes are looked for here. ``wide``: rows whose line holds more cells than the header (record
    number → its cells and the separator), told as that one error instead of the wrong values it shifts into the next columns."""
    cap = max(settings.max_errors, 1)
    errors: list[tuple[int, int, Message]] = []  # (rn, order, message)
    total = n_bad
    if n_bad:
        rows = con.execute(f"SELECT rn, __bad, __cells FROM {suspects} WHERE __kind = 0 AND __bad <> 0 "
                           f"ORDER BY 1 LIMIT {cap}").fetchall()
        for rn, bad, cells in rows:
            if rn in (wide or {}):
                total -= bin(bad).count("1") - 1
                n, delim = wide[rn]
                errors.append((rn, 0, M("the line holds {n} cells where the header has {width}: a cell holds the "
                                        "separator {delim!r} without quotes around it; put that cell in double "
                                        "quotes (\"…\")", n=n, width=len(cells), delim=delim)))
                continue
            for k, check in enumerate(checks):
                if bad >> k & 1:
                    errors.append((rn, k, _explain(loaded, check, cells)))
    t = loaded.table
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
                others = [r for r in rns if r != rns[1]]  # the error stands at the second; the others are named
                at = join([loaded.locate(r) for r in others[:5]] + (["…"] if len(others) > 5 else []), ", ")
                errors.append((rns[1], 999, M("{column} {code!r} appears {n} times (also at {places})", column=label,
                                              code=code, n=n, places=at)))
    total += dup_total
    if total:
        errors.sort(key=lambda e: (e[0], e[1]))
        errors = errors[:cap]
        raise RegisterInputError(loaded.path, [(loaded.locate(rn), msg) for rn, _o, msg in errors], total)


def _explain(loaded, check, cells: list[str | None]) -> Message:
    name, ekind = check.field, check.kind
    header = loaded.columns.get(name, name)
    if ekind == "required":
        return M("column {header!r} ({name}) is empty; it is required", header=header, name=name)
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
        return M("column {header!r}: {value!r} is not a whole number of times", header=header, value=value)
    known = ", ".join(f"{code} ({next((x for x in spell if not x.isascii()), spell[-1])})" for code, spell in _codes(ekind))
    return M("column {header!r}: {value!r} is not a known {kind} value (known: {known})", header=header, value=value,
             kind=KIND_WORDS.get(ekind, ekind), known=known)


KIND_WORDS = {"channel": MC("register code", "channel"), "level": MC("register code", "level"),
              "status": MC("register code", "status"), "online_level": MC("register code", "online level")}
"""The coded columns' kinds as a message names them ("not a known status value")."""


def _codes(kind: str):
    return list(CODES[kind].items())
