"""The condition language of rule files: what a condition means, and its three backends.

The syntax (leaves, field-to-field comparisons, ``all``/``any``/``not``) and its parser are in
:mod:`compliance.model.conditions`; this package gives it meaning:

- :mod:`.values`: fact values as every backend expects them; day numbers for date arithmetic;
- :mod:`.normal`: the normal form (``not`` pushed down) every backend compiles from;
- :mod:`.python`: :func:`evaluate`, the reference semantics;
- :mod:`.durable`: :func:`to_durable`, the durable_rules pattern;
- :mod:`.sql`: :func:`to_sql` and :func:`install_sql_calendar` (DuckDB);
- :mod:`.describe`: :func:`describe`, one line in Vietnamese or English.

A new backend is one more module here that compiles the normal form, checked against
:func:`evaluate` by the differential test (tests/test_conditions.py).

Layer: engine. May import the foundation (``compliance.model``, ``compliance.calendar``), io and the
engine; nothing above.

Semantics (identical in :func:`evaluate`, :func:`to_durable` and :func:`to_sql`; the differential test
tests/test_conditions.py checks this on random conditions and records):

- **Absent values.** A field that is missing or ``None`` is *absent*. Every comparison involving an
  absent field is false, including ``ne`` and ``not_in``; only ``exists: false`` is true for it.
- **not** is applied by pushing it down to the leaves (De Morgan; ``not lt`` → ``gte``, ``not eq`` →
  ``ne``, ``not in`` → ``not_in``, ``not exists: true`` → ``exists: false``). So ``not {a < 5}`` means
  ``a >= 5`` and is also false when ``a`` is absent. This is SQL's three-valued logic with the unknowns
  finally counted as false, and it is what durable_rules does natively.
- **Types are strict.** Values are of one of three types: number (int or float; ``bool`` is *not* a
  number), text, boolean. Comparing values of different types (``'0.9' >= 0.3``, ``True == 1``) is an
  error (:class:`ConditionTypeError`), never a silent match or mismatch. durable_rules would compare
  ``"abc" >= 0.3`` as true and ``True == 1 == "1"``; the runner checks types before asserting.
  Numbers are compared as numbers (int and float mix freely); integers must stay within ±2**53.
- **Text** is compared by Unicode code point after NFC normalisation (= UTF-8 byte order, which is
  what durable_rules and DuckDB use). Ordering (``gt gte lt lte``) of text is limited to ASCII text
  (codes, ISO dates): durable_rules 2.0.28 puts a non-ASCII text after its own prefix
  (``'Sở' > 'Sở Nội vụ'``, found by the differential test), so a non-ASCII literal is refused and a
  non-ASCII value in an ordering comparison raises :class:`ConditionTypeError` (the runner: a
  ``FactError``). DuckDB alone would answer correctly; SQL does not raise.
- **Dates** are ISO text ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM:SS``) in facts and records; plain
  comparisons compare that text. With ``unit``, both sides are read as dates (their first ten
  characters) and compared as dates: ``{field: a, lte_field: b, offset: 5, unit: working_days}`` means
  "a is on or before the 5th working day after b" (:func:`compliance.calendar.add_working_days`);
  a negative offset counts back; offset 0 compares the two dates. Working days follow
  compliance/calendar.py (Vietnam's holidays and swaps, 1970–2100).

How dates are compiled: durable_rules cannot do date arithmetic, so the fact normaliser adds integer
fields for each date field used with a ``unit`` (see :func:`~.values.derived_values`): ``<f>__day``
(days since 1970-01-01), ``<f>__wday`` (working-day index: working days strictly before the date; a day off shares
the next working day's index) and ``<f>__wday_prev`` (a day off shares the previous working day's
index). With X = the N-th working day after b, X's index is ``b__wday_prev + N`` (N > 0) or
``b__wday + N`` (N < 0), and ``a < X`` ⇔ ``a__wday_prev < x``, ``a <= X`` ⇔ ``a__wday <= x``,
``a > X`` ⇔ ``a__wday > x``, ``a >= X`` ⇔ ``a__wday_prev >= x``, ``a == X`` ⇔ both equal x.

SQL (DuckDB): the table's columns are the canonical field names; numbers as INTEGER/BIGINT/DOUBLE,
text as VARCHAR, booleans as BOOLEAN, dates as ISO VARCHAR (DATE columns also work). NULL is absent.
Date arithmetic reads the calendar table that :func:`install_sql_calendar` creates
(``compliance_workdays``). NaN must not occur in SQL tables (DuckDB orders NaN above every number).
"""

from compliance.engine.conditions.describe import describe
from compliance.engine.conditions.durable import to_durable
from compliance.engine.conditions.normal import date_fields, fields, normal_form
from compliance.engine.conditions.python import evaluate
from compliance.engine.conditions.sql import SQL_CALENDAR, install_sql_calendar, to_sql
from compliance.engine.conditions.values import (
    DERIVED_SUFFIXES,
    ConditionTypeError,
    as_date,
    derived_values,
    normalize_value,
)
from compliance.model.conditions import Condition, parse_condition, value_type

__all__ = ["DERIVED_SUFFIXES", "SQL_CALENDAR", "Condition", "ConditionTypeError", "as_date", "date_fields",
           "derived_values", "describe", "evaluate", "fields", "install_sql_calendar", "normal_form",
           "normalize_value", "parse_condition", "to_durable", "to_sql", "value_type"]
