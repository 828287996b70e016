"""The flag columns of the QĐ 766 index (yes/no, online payment, satisfaction, fee): their words and types.

One-stop software exports these as words ("Có", "Đã số hóa", "Miễn phí", "Không hài lòng") or as 1/0.
Each column has few distinct values, so they are typed in Python through a value map (``raw → typed``)
that DuckDB joins back; a value no word list knows is an error naming its first row.
"""

from __future__ import annotations

import re

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.vnparse import normalize_key
from compliance.registers.reader import LoadedTable

#: value words of each kind of flag column (matched with normalize_key: case and diacritics ignored)
FLAG_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "yes_no": {
        "true": ("có", "x", "1", "yes", "y", "true", "đã", "rồi", "đạt", "đã số hóa", "có số hóa", "đã công khai",
                 "công khai", "có kết quả điện tử", "đã tái sử dụng", "có tái sử dụng"),
        "false": ("không", "0", "no", "n", "false", "chưa", "chưa số hóa", "không số hóa", "chưa công khai",
                  "không công khai", "không có", "chưa có"),
    },
    "payment": {
        "yes": ("có", "x", "1", "yes", "đã thanh toán", "đã thanh toán trực tuyến", "thanh toán trực tuyến", "trực tuyến",
                "online"),
        "no": ("không", "0", "no", "chưa", "chưa thanh toán", "trực tiếp", "tiền mặt", "tại quầy", "thanh toán trực tiếp"),
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
KIND_WORDS = {"yes_no": "a yes/no", "payment": "an online-payment", "rating": "a satisfaction", "fee": "a fee"}
_LOOKUP = {k: {normalize_key(w): v for v, ws in words.items() for w in ws} for k, words in FLAG_WORDS.items()}
_UNKNOWN = object()

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


def typed_flags(con, loaded: LoadedTable, names: tuple[str, ...]) -> dict[str, str]:
    """Create a value map per flag column present (``i766_map_<name>``: raw → typed) and return the SQL
    join clauses by name. Raises InputError naming the first row of a value no word list knows."""
    joins = {}
    for name in names:
        if not loaded.has(name):
            continue
        kind = FLAG_KIND.get(name, "yes_no")
        raws = [r[0] for r in con.execute(f"SELECT DISTINCT {name} FROM {loaded.table} WHERE {name} IS NOT NULL "
                                          "LIMIT 1001").fetchall()]
        header = loaded.columns[name]
        if len(raws) > 1000:
            raise InputError(loaded.path, M("column {header!r} has more than 1000 different values; {value} column was expected", header=header, value=KIND_WORDS[kind]))
        typed = []
        for raw in raws:
            value = flag_value(kind, raw)
            if value is _UNKNOWN:
                rn = con.execute(f"SELECT min(rn) FROM {loaded.table} WHERE {name} = ?", [raw]).fetchone()[0]
                known = "; ".join(f"{v}: {', '.join(ws[:4])}" for v, ws in FLAG_WORDS["yes_no" if kind == "fee" else kind].items())
                extra = " or an amount" if kind == "fee" else ""
                raise InputError(loaded.path, M("column {header!r}: {raw!r} is not {value} value (known: {known}{extra})", header=header, raw=raw, value=KIND_WORDS[kind], known=known, extra=extra), loaded.locate(rn))
            typed.append(value)
        sql_type = "VARCHAR" if kind in ("payment", "rating") else "BOOLEAN"
        con.execute(f"CREATE OR REPLACE TEMP TABLE i766_map_{name} AS SELECT unnest(?::VARCHAR[]) AS raw, "
                    f"unnest(?::{sql_type}[]) AS val", [raws, typed])
        joins[name] = f"LEFT JOIN i766_map_{name} ON i766_map_{name}.raw = x.{name}"
    return joins


def flag_select(names, joins: dict, assumed: dict, present) -> str:
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
