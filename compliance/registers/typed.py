"""Typing a register's text cells in DuckDB SQL, inside the one statement that reads the file
(:func:`compliance.registers.reader.load_table`): dates the way :mod:`compliance.io.vnparse` reads
them (day first, ISO, "ngày … tháng … năm", Excel serials), whole numbers, coded values (channel,
level, status, online level) through their spellings, text trimmed.

Every value is typed by SQL, row by row in DuckDB's vectorised engine; no value goes through Python.
The usual forms come first with cheap exact tests, the general reading after them for the rest:

- a date written ``dd/mm/yyyy`` is read by ``strptime`` behind a ``LIKE`` of its shape, in a projection of
  its own (:func:`typed_select`), and kept when its year is 1000 or later; any other cell by ``vn_date``:
  ``yyyy-mm-dd`` and the shapes with a time by ``strptime`` behind a ``GLOB``, the rest by the regular
  expressions of :data:`DATE_MACRO`. All give the day :func:`compliance.io.vnparse.parse_date` gives
  (tests/test_register_typing.py);
- a coded value written as one of its spellings (as listed, lower case, capitalised or upper case) is
  found in an ``ENUM`` (a hash look-up); any other text by :data:`compliance.io.vnparse.SQL_NORMALIZE_KEY`
  (accents, case and punctuation ignored), the reading of :func:`compliance.io.vnparse.normalize_key`;
- a count (``int``) is up to six digits, or such digits with one or two zero decimals ("1.0", :data:`WHOLE`);
- text is stripped of whitespace (what ``str.strip()`` strips) only where it begins or ends with some.

Measured on a million rows (docs/performance.md): 4 date columns cost 0.13 s of CPU more than their text
behind the ``LIKE``, 0.33 s through ``vn_date``'s ``GLOB`` branches, 0.9 s through the regular expressions; 3 coded columns 0.05 s instead of 1.2 s; 10 text columns 0.15 s
instead of 0.8 s (``trim`` on every cell).
"""

from __future__ import annotations

import unicodedata

from compliance.io import vnparse
from compliance.registers.schema import CODES, Field, code_keys

__all__ = ["DATE_MACRO", "FAST_DATES", "WHITESPACE", "CODED", "sql_str", "setup_sql", "spellings", "typed_expr",
           "typed_select", "text_expr", "nonblank", "WHOLE"]

#: the field kinds typed through their spellings (:data:`compliance.registers.schema.CODES`)
CODED = ("channel", "level", "status", "online_level")

#: what Python's ``str.strip()`` removes (``str.isspace``), as code points: cells are trimmed of these
#: at both ends, as :mod:`compliance.io.vnparse` trims what it reads (tests/test_register_typing.py
#: compares the list with ``str.isspace``)
WHITESPACE = (*range(9, 14), *range(28, 33), 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239, 8287, 12288)
# comparisons, not an IN list: DuckDB plans a long IN list as a join, one per use
_WS_TEST = ("(u <= 32 AND (u >= 28 OR (u >= 9 AND u <= 13))) OR (u >= 133 AND ("
            + " OR ".join(f"u = {c}" for c in WHITESPACE if c >= 133 and not 8192 <= c <= 8202)
            + " OR (u >= 8192 AND u <= 8202)))")
_WS_CLASS = "[" + "".join(f"\\x{{{c:x}}}" for c in WHITESPACE) + "]"

_D2 = "[0-9][0-9]"
_DMY = f"{_D2}/{_D2}/{_D2}{_D2}"
_ISO = f"{_D2}{_D2}-{_D2}-{_D2}"
#: the usual shapes of a date cell (digits only, tested with GLOB) and the strptime format reading each;
#: a day-first shape's year is at 7–10, an ISO one's at 1–4 (year 0 is no year: left to the general reading)
FAST_DATES = (
    (_DMY, "%d/%m/%Y", 7),
    (f"{_DMY} {_D2}:{_D2}", "%d/%m/%Y %H:%M", 7),
    (f"{_DMY} {_D2}:{_D2}:{_D2}", "%d/%m/%Y %H:%M:%S", 7),
    (_ISO, "%Y-%m-%d", 1),
    (f"{_ISO} {_D2}:{_D2}:{_D2}", "%Y-%m-%d %H:%M:%S", 1),
)

_FAST = "\n".join(
    f"    WHEN x GLOB '{shape}' AND substr(x, {at}, 4) <> '0000' THEN CAST(try_strptime(x, '{fmt}') AS DATE)"
    for shape, fmt, at in FAST_DATES)

DATE_MACRO = [
    f"CREATE OR REPLACE MACRO vn_strip(x) AS regexp_replace(x, '^{_WS_CLASS}+|{_WS_CLASS}+$', '', 'g')",
    f"CREATE OR REPLACE MACRO vn_space(u) AS ({_WS_TEST})",
    "CREATE OR REPLACE MACRO vn_padded(x) AS (vn_space(unicode(x)) OR vn_space(unicode(x[-1])))",
    r"""
CREATE OR REPLACE MACRO vn_date_text(x) AS (
  CASE
    WHEN x = '' THEN NULL
    WHEN regexp_full_match(x, '(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})([ T,]+([01]?\d|2[0-3])[:h][0-5]\d(:[0-5]\d)?)?')
      THEN try(make_date(NULLIF(CAST(regexp_extract(x, '^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})', 1) AS INTEGER), 0),
                         CAST(regexp_extract(x, '^\d{1,2}[/.\-](\d{1,2})', 1) AS INTEGER),
                         CAST(regexp_extract(x, '^(\d{1,2})', 1) AS INTEGER)))
    WHEN regexp_full_match(x, '\d{4}-\d{2}-\d{2}([ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?')
      THEN try(make_date(NULLIF(CAST(substr(x, 1, 4) AS INTEGER), 0), CAST(substr(x, 6, 2) AS INTEGER),
                         CAST(substr(x, 9, 2) AS INTEGER)))
    WHEN regexp_full_match(lower(x), '(ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})')
      THEN try(make_date(NULLIF(CAST(regexp_extract(lower(x), 'năm\s+(\d{4})', 1) AS INTEGER), 0),
                         CAST(regexp_extract(lower(x), 'tháng\s+(\d{1,2})', 1) AS INTEGER),
                         CAST(regexp_extract(lower(x), '^(?:ngày\s+)?(\d{1,2})', 1) AS INTEGER)))
    WHEN regexp_full_match(x, '\d{4,6}(\.\d+)?')
         AND CAST(x AS DOUBLE) >= {smin} AND CAST(x AS DOUBLE) < {smax}
      THEN DATE '1899-12-30' + CAST(floor(CAST(x AS DOUBLE)) AS INTEGER)
    ELSE NULL
  END)""".replace("{smin}", str(vnparse.EXCEL_SERIAL_MIN)).replace("{smax}", str(vnparse.EXCEL_SERIAL_MAX + 1)),
    f"""
CREATE OR REPLACE MACRO vn_date(x) AS (
  CASE
    WHEN x IS NULL THEN NULL
{_FAST}
    WHEN vn_padded(x) THEN vn_date_text(vn_strip(x))
    ELSE vn_date_text(x)
  END)""",
]
"""The statements defining ``vn_date(text)`` → DATE or NULL: the day :func:`compliance.io.vnparse.parse_date`
reads (NULL where it raises); the usual shapes (:data:`FAST_DATES`) by ``strptime``, the rest
(``vn_date_text``) by regular expressions on the text stripped of whitespace (``vn_strip``, only where
``vn_padded`` finds some at an end). Year 0 is no year (NULL), as in Python."""


def sql_str(s: str) -> str:
    """``s`` as an SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def spellings(kind: str) -> dict[str, str]:
    """The written forms of a coded kind looked up exactly (an ``ENUM``): each listed spelling of
    :data:`~compliance.registers.schema.CODES` as listed, in lower case, capitalised and in upper case
    (NFC) → its canonical code. Every form gives the code its :func:`~compliance.io.vnparse.normalize_key`
    gives, so the look-up never disagrees with the general reading."""
    keys = code_keys(kind)
    out: dict[str, str] = {}
    for code, written in CODES[kind].items():
        for s in (code, *written):
            for form in (s, s.lower(), s[:1].upper() + s[1:], s[:1].upper() + s[1:].lower(), s.upper()):
                form = unicodedata.normalize("NFC", form)
                code_of = keys.get(vnparse.normalize_key(form))
                if code_of is not None:
                    out.setdefault(form, code_of)
    return out


def setup_sql() -> list[str]:
    """The statements a register connection runs once: :data:`DATE_MACRO`, and for each coded kind an
    ``ENUM`` of its spellings and the macro ``vn_<kind>(text)`` → canonical code or NULL."""
    out = list(DATE_MACRO)
    for kind in CODED:
        forms = spellings(kind)
        cases = " ".join(f"WHEN {sql_str(k)} THEN {sql_str(v)}" for k, v in sorted(code_keys(kind).items()))
        out.append(f"CREATE TYPE vn_{kind}_spelling AS ENUM ({', '.join(sql_str(f) for f in forms)})")
        out.append(
            f"CREATE OR REPLACE MACRO vn_{kind}(x) AS coalesce("
            f"[{', '.join(sql_str(c) for c in forms.values())}][enum_code(TRY_CAST(x AS vn_{kind}_spelling)) + 1], "
            f"CASE WHEN x IS NOT NULL THEN CASE {vnparse.SQL_NORMALIZE_KEY.format(x='x')} {cases} END END)")
    return out


#: a count of times as this reader takes it: up to six digits, with one or two zero decimals after a point
#: ("1.0", "2.00": the form a program's export gives a whole number in a column that also holds blanks,
#: as pandas writes it); "1.5" has a fraction and "1.000" reads as a thousand in Vietnamese: both refused
WHOLE = r"[0-9]{1,6}(\.00?)?"


def text_expr(c: str) -> str:
    """SQL: cell ``c`` stripped of whitespace as ``str.strip()`` strips it (only where an end holds
    some: two look-ups of a code point), NULL when blank."""
    return f"(CASE WHEN vn_padded({c}) THEN NULLIF(vn_strip({c}), '') ELSE NULLIF({c}, '') END)"


def nonblank(c: str) -> str:
    """SQL: cell ``c`` holds something other than spaces."""
    return f"({text_expr(c)} IS NOT NULL)"


def usual_date(c: str) -> str:
    """SQL: cell ``c`` read as ``dd/mm/yyyy`` where it has that shape (ten characters, ``/`` third and sixth:
    a ``LIKE``, cheaper than a ``GLOB`` of digits), else NULL. ``strptime`` is lenient (spaces before the
    day, a year of fewer digits followed by spaces): :func:`typed_expr` keeps its day only from the year
    1000 on, which takes four digits, so the cell was exactly a day, a month and a year of four digits
    (spaces before the day aside, which :mod:`~compliance.io.vnparse` strips too)."""
    return f"CASE WHEN {c} LIKE '__/__/____' THEN CAST(try_strptime({c}, '%d/%m/%Y') AS DATE) END"


def typed_expr(f: Field, c: str, usual: str | None = None) -> str:
    """SQL giving the typed value of raw cell ``c`` for field ``f`` (NULL when blank or unreadable).
    ``usual``: for a date, the column holding :func:`usual_date` of ``c`` (see :func:`typed_select`)."""
    if f.kind == "text":
        return text_expr(c)
    if f.kind == "date":
        if usual is None:
            return f"vn_date({c})"
        return f"CASE WHEN {usual} >= DATE '1000-01-01' THEN {usual} WHEN {c} IS NOT NULL THEN vn_date({c}) END"
    if f.kind == "int":
        return (f"CASE WHEN {c} IS NULL THEN NULL WHEN {c} GLOB '[0-9]' OR {c} GLOB '[0-9][0-9]' THEN CAST({c} AS INTEGER) "
                f"WHEN regexp_full_match(vn_strip({c}), '{WHOLE}') THEN CAST(split_part(vn_strip({c}), '.', 1) AS INTEGER) END")
    if f.kind in CODED:
        return f"vn_{f.kind}({c})"
    raise ValueError(f"unknown field kind {f.kind!r}")


def typed_select(typed: list[tuple[Field, str]], source: str, cols: list[str]) -> str:
    """SELECT of the columns ``cols`` of ``source`` (a SELECT of the text cells) and of each typed value
    ``v_<field>`` of ``typed`` (field, its cell's column). A date's usual shape is read in a projection
    below the values (:func:`usual_date`, as ``u_<field>``): DuckDB would compute it twice in one
    expression."""
    usual = [f"{usual_date(c)} AS u_{f.name}" for f, c in typed if f.kind == "date"]
    if usual:
        source = f"SELECT {', '.join(cols + usual)} FROM ({source})"
    values = [f"{typed_expr(f, c, f'u_{f.name}' if f.kind == 'date' else None)} AS v_{f.name}" for f, c in typed]
    return f"SELECT {', '.join(cols + (values or ['0 AS v__']))} FROM ({source})"
