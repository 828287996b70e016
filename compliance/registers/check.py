"""Entry points for registers: :func:`summarize_register` and :func:`check_register`.

These are the functions other parts of the project call (``compliance check`` on a submission folder
that includes a register). Both read the register into DuckDB (see :mod:`compliance.registers.reader`
for why DuckDB), never holding its rows as Python objects.
"""

from __future__ import annotations

import os
from pathlib import Path

from compliance.registers.reader import LoadedTable, Settings, connect, load_table
from compliance.registers.summary import Period, RegisterSummary, create_facts_view, parse_period, register_period, summarize


def _period(con, period) -> Period:
    if period is None:
        return register_period(con)
    if isinstance(period, Period):
        return period
    return parse_period(str(period))


def summarize_register(path: str | os.PathLike, period: str | Period | None = None, by: str | None = None,
                       settings: Settings | None = None) -> tuple[RegisterSummary, LoadedTable]:
    """Read ``path`` and compute the periodic report table (see :mod:`compliance.registers.summary`).

    ``period``: text as for ``--period`` or a :class:`Period`; None = first to last receipt date.
    Returns the summary and the loaded-table description (columns matched, notices). Raises
    :class:`compliance.errors.InputError` (or its subclass ``RegisterInputError`` with every bad row).
    """
    settings = settings or Settings()
    con = connect(settings)
    try:
        loaded = load_table(con, Path(path), settings=settings)
        p = _period(con, period)
        create_facts_view(con, p)
        summary = summarize(con, p, by=by)
        if p.label == "register":
            summary.notices.insert(0, f"no --period given: the register's receipt dates {p.show()} are used")
        return summary, loaded
    finally:
        con.close()
