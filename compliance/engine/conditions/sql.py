"""The SQL (DuckDB) backend: a condition → a boolean expression with ``?`` parameters, and the
working-day table its date arithmetic reads. No DuckDB import here: the caller brings the connection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from compliance import calendar
from compliance.engine.conditions.normal import normal_form

SQL_CALENDAR = "compliance_workdays"
_SQL_OPS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _q(name: str) -> str:
    return '"' + name + '"'  # names are checked against FIELD_RE, so no quote can occur


def _sql_day(field: str) -> str:
    # date_diff, not date − date: the form SQLGlot transpiles to Spark SQL (where a date difference is an interval)
    return f"date_diff('day', DATE '1970-01-01', CAST(LEFT(CAST({_q(field)} AS VARCHAR), 10) AS DATE))"


def _sql_wday(field: str, column: str) -> str:
    # max() of the one row: a correlated scalar subquery Spark accepts too (it wants it aggregated)
    return f"(SELECT max({column}) FROM {SQL_CALENDAR} WHERE day = {_sql_day(field)})"


def _sql(n: tuple, params: list) -> str:
    kind = n[0]
    if kind in ("and", "or"):
        parts = [_sql(c, params) for c in n[1]]
        return parts[0] if len(parts) == 1 else "(" + f" {kind.upper()} ".join(parts) + ")"
    if kind == "exists":
        return f"({_q(n[1])} IS {'NOT ' if n[2] else ''}NULL)"
    if kind == "cmp":
        params.append(n[3])
        return f"({_q(n[1])} {_SQL_OPS[n[2]]} ?)"
    if kind in ("in", "not_in"):
        params.extend(n[2])
        marks = ", ".join("?" for _ in n[2])
        return f"({_q(n[1])} {'NOT ' if kind == 'not_in' else ''}IN ({marks}))"
    if kind == "fcmp":
        _, a, op, b, offset, unit = n
        sym = _SQL_OPS[op]

        def plus(expr: str) -> str:
            if not offset:
                return expr
            params.append(offset)
            return f"({expr} + ?)"

        if not unit:
            return f"({_q(a)} {sym} {plus(_q(b))})"
        if unit == "days" or offset == 0:
            return f"({_sql_day(a)} {sym} {plus(_sql_day(b))})"
        rhs_col = "wday_prev" if offset > 0 else "wday"
        left = {"lt": "wday_prev", "gte": "wday_prev", "lte": "wday", "gt": "wday"}
        if op in left:
            return f"({_sql_wday(a, left[op])} {sym} {plus(_sql_wday(b, rhs_col))})"
        first = f"({_sql_wday(a, 'wday_prev')} {sym} {plus(_sql_wday(b, rhs_col))})"
        second = f"({_sql_wday(a, 'wday')} {sym} {plus(_sql_wday(b, rhs_col))})"
        return f"({first} {'AND' if op == 'eq' else 'OR'} {second})"
    raise AssertionError(n)


def to_sql(cond: Any) -> tuple[str, list]:
    """Compile a condition to a DuckDB boolean expression with ``?`` placeholders, and its parameters.

    Use it as ``con.execute(f"SELECT ... FROM t WHERE {sql}", params)``. Columns are the field names
    (double-quoted). NULL is absent; every comparison on NULL is false in a WHERE clause, which matches
    the other backends because ``not`` is pushed down before compiling. Date comparisons with a ``unit``
    need :func:`install_sql_calendar` on the connection first.
    """
    params: list = []
    return _sql(normal_form(cond), params), params


def install_sql_calendar(con, cal: calendar.WorkingCalendar | None = None) -> None:
    """Create (once per connection) the table ``compliance_workdays(day, wday, wday_prev)`` for
    1970-01-01..2100-12-31: ``day`` = days since 1970-01-01, the two working-day indexes as in
    :mod:`compliance.calendar`. A date outside the range finds no row, so its comparison is false."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [SQL_CALENDAR]
    ).fetchone()[0]
    if exists:
        return
    cal = cal or calendar.default_calendar()
    n = (calendar.LAST - calendar.FIRST).days + 1
    first = (calendar.FIRST - calendar.EPOCH).days
    wday, wprev = [], []
    for i in range(n):
        d = calendar.FIRST + dt.timedelta(days=i)
        w = cal.working_day_index(d)
        wday.append(w)
        wprev.append(w if cal.is_working_day(d) else w - 1)
    con.execute(
        f"CREATE TEMP TABLE {SQL_CALENDAR} AS SELECT unnest(?::INTEGER[]) AS day, "
        "unnest(?::INTEGER[]) AS wday, unnest(?::INTEGER[]) AS wday_prev",
        [list(range(first, first + n)), wday, wprev],
    )
