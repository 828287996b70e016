"""Typing a register's raw text cells in DuckDB: dates the way :mod:`compliance.io.vnparse` reads them
(day first, ISO, "ngày … tháng … năm", Excel serials), whole numbers, coded values (channel, level,
status) through their spellings, NFC text.

Columns with few distinct values are typed in Python, value by value, with :mod:`compliance.io.vnparse`
(the reference reading) and joined back; larger ones with the SQL below (tests/test_vnparse.py proves
both agree).
"""

from __future__ import annotations

import re
import unicodedata

from compliance.io import vnparse
from compliance.registers.schema import Field, code_keys


def _nk(x: str) -> str:
    return vnparse.SQL_NORMALIZE_KEY.format(x=x)


DATE_MACRO = r"""
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


def typed_column(con, raw: str, f: Field, c: str, joins: list[str]) -> str:
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




def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"
