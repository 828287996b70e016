"""The flag columns of the QĐ 766 index (yes/no, online payment, satisfaction, fee): their words and types.

One-stop software exports these as words ("Có", "Đã số hóa", "Miễn phí", "Không hài lòng") or as 1/0.
Each column has few distinct values, so they are typed in Python through a value map (``raw → typed``)
that DuckDB joins back; a value no word list knows is an error naming its first row.
"""

from __future__ import annotations

import re

from compliance.errors import InputError
from compliance.i18n import MC, M, Message, Words, compose, join
from compliance.io.vnparse import BOOLEAN_CELL_KEYS, NO_WORDS, YES_WORDS, normalize_key
from compliance.registers.reader import LoadedTable
from compliance.registers.schema import CATALOGUE_FIELDS, REGISTER_FIELDS

#: value words of each kind of flag column (matched with normalize_key: case and diacritics ignored); every
#: yes/no column (yes_no, payment's yes and no, fee) takes THE yes and no words of compliance.io.vnparse
#: (TRUE/FALSE cells among them) before its own
FLAG_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "yes_no": {
        "true": (*YES_WORDS, "đã", "rồi", "đạt", "đã số hóa", "có số hóa", "đã công khai", "công khai",
                 "có kết quả điện tử", "đã tái sử dụng", "có tái sử dụng"),
        "false": (*NO_WORDS, "chưa", "chưa số hóa", "không số hóa", "chưa công khai", "không công khai", "không có",
                  "chưa có"),
    },
    "payment": {
        "yes": (*YES_WORDS, "đã thanh toán", "đã thanh toán trực tuyến", "thanh toán trực tuyến", "trực tuyến", "online"),
        "no": (*NO_WORDS, "chưa", "chưa thanh toán", "trực tiếp", "tiền mặt", "tại quầy", "thanh toán trực tiếp"),
        "exempt": ("miễn", "miễn phí", "miễn lệ phí", "không thu phí", "không phải nộp", "không có phí",
                   "không phát sinh phí", "0 đồng", "miễn, giảm"),
    },
    "rating": {
        "satisfied": ("rất hài lòng", "hài lòng", "like", "thích"),
        "neutral": ("bình thường", "chấp nhận được", "chấp nhận"),
        "dissatisfied": ("không hài lòng", "chưa hài lòng", "rất không hài lòng", "dislike", "không thích"),
    },
}
FLAG_KIND = {"online_payment": "payment", "satisfaction_rating": "rating", "fee_required": "fee"}
#: each value's name in a message listing the known words ("đã thanh toán trực tuyến: có, x, 1, yes")
VALUE_LABELS = {
    "yes_no": {"true": MC("flag value", "yes"), "false": MC("flag value", "no")},
    "payment": {"yes": MC("flag value", "paid online"), "no": MC("flag value", "not paid online"),
                "exempt": MC("flag value", "exempt from fees")},
    "rating": {"satisfied": MC("flag value", "satisfied"), "neutral": MC("flag value", "neutral"),
               "dissatisfied": MC("flag value", "dissatisfied")},
}
_LOOKUP = {k: {normalize_key(w): v for v, ws in words.items() for w in ws} for k, words in FLAG_WORDS.items()}
_UNKNOWN = object()
_FIELDS = {f.name: f for f in (*REGISTER_FIELDS, *CATALOGUE_FIELDS)}


def flag_value(kind: str, text: str):
    """The typed value of one flag cell: True/False (yes_no, fee), 'yes'/'no'/'exempt' (payment),
    'satisfied'/'neutral'/'dissatisfied' (rating); a fee column also takes an amount ("50.000 đồng":
    True, "0": False). Unknown text gives the module's ``_UNKNOWN`` marker."""
    key = normalize_key(text)
    if kind == "fee":
        if key in _LOOKUP["yes_no"]:
            return _LOOKUP["yes_no"][key] == "true"
        if key in _LOOKUP["payment"] and _LOOKUP["payment"][key] == "exempt":
            return False
        if re.search(r"\d", text):
            return int(re.sub(r"\D", "", text)[:15] or "0") > 0
        return _UNKNOWN
    value = _LOOKUP[kind].get(key, _UNKNOWN)
    return (value == "true") if kind == "yes_no" and value is not _UNKNOWN else value


def known_values(kind: str) -> Message:
    """The words a flag column of ``kind`` knows, grouped under each value's name in the message's
    language ("có: có, x, 1, yes; không: không, 0, no, n"; a fee column adds "an amount")."""
    groups = FLAG_WORDS["yes_no" if kind == "fee" else kind]
    labels = VALUE_LABELS["yes_no" if kind == "fee" else kind]
    parts = [compose("{label}: {words}", label=labels[v], words=", ".join(ws[:4])) for v, ws in groups.items()]
    if kind == "fee":
        parts.append(M("an amount (such as 50.000 đồng)"))
    return join(parts)


def _unknown(loaded: LoadedTable, name: str, kind: str, raw: str, rn: int) -> InputError:
    """The error for a value no word list of the column knows: the column as the file heads it and, when
    that heading is not the field's own name, the field's name in the message's language."""
    header, f = loaded.columns[name], _FIELDS[name]
    if normalize_key(header) in (normalize_key(f.vi), normalize_key(f.en)):
        message = M("column {header!r}: {raw!r} is not a known value (known values — {known})",
                    header=header, raw=raw, known=known_values(kind))
    else:
        message = M("column {header!r} (read as {field}): {raw!r} is not a known value (known values — {known})",
                    header=header, field=Words(f.vi, f.en), raw=raw, known=known_values(kind))
    return InputError(loaded.path, message, loaded.locate(rn))


def typed_flags(con, loaded: LoadedTable, names: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """Create a value map per flag column present (``i766_map_<name>``: raw → typed) and return the SQL
    join clauses by name and the headers of the columns where TRUE/FALSE (a workbook's boolean cells)
    were read as yes/no. Raises InputError naming the first row of a value no word list knows."""
    joins, booleans = {}, []
    for name in names:
        if not loaded.has(name):
            continue
        kind = FLAG_KIND.get(name, "yes_no")
        raws = [r[0] for r in con.execute(f"SELECT DISTINCT {name} FROM {loaded.table} WHERE {name} IS NOT NULL "
                                          "LIMIT 1001").fetchall()]
        header = loaded.columns[name]
        if len(raws) > 1000:
            raise InputError(loaded.path, M("column {header!r} has more than 1000 different values; a column of "
                                            "{field} takes only these — {known}", header=header,
                                            field=Words(_FIELDS[name].vi, _FIELDS[name].en), known=known_values(kind)))
        typed = []
        for raw in raws:
            value = flag_value(kind, raw)
            if value is _UNKNOWN:
                rn = con.execute(f"SELECT min(rn) FROM {loaded.table} WHERE {name} = ?", [raw]).fetchone()[0]
                raise _unknown(loaded, name, kind, raw, rn)
            typed.append(value)
        if kind != "rating" and any(normalize_key(r) in BOOLEAN_CELL_KEYS for r in raws):
            booleans.append(header)
        sql_type = "VARCHAR" if kind in ("payment", "rating") else "BOOLEAN"
        con.execute(f"CREATE OR REPLACE TEMP TABLE i766_map_{name} AS SELECT unnest(?::VARCHAR[]) AS raw, "
                    f"unnest(?::{sql_type}[]) AS val", [raws, typed])
        joins[name] = f"LEFT JOIN i766_map_{name} ON i766_map_{name}.raw = x.{name}"
    return joins, booleans


def boolean_note(headers: list[str]) -> Message:
    """The one note saying TRUE/FALSE cells were read as yes/no, naming the columns."""
    return M("TRUE/FALSE cells (Excel's check boxes or yes/no formulas) read as yes/no in the columns {columns}",
             columns=", ".join(f"'{h}'" for h in headers))


def flag_select(names, joins: dict, assumed: dict, present) -> str:
    """The SELECT list of the flag columns: each typed through its value map, an assumed value for a column
    the files lack (the index file's assumption), else NULL."""
    out = []
    for name in names:
        kind = FLAG_KIND.get(name, "yes_no")
        null = "CAST(NULL AS VARCHAR)" if kind in ("payment", "rating") else "CAST(NULL AS BOOLEAN)"
        if name in joins:
            out.append(f"i766_map_{name}.val AS {name}")
        elif name in assumed and not present(name):
            out.append(f"{'TRUE' if assumed[name] else 'FALSE'} AS {name}")
        else:
            out.append(f"{null} AS {name}")
    return ", ".join(out)
