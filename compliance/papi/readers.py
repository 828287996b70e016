"""Reading PAPI score files (CSV or XLSX; long or wide layout) into located cells.

Long layout: one value per row, columns ``year, province, [level], dimension, subdimension, score``
(optional ``rank``, ``group``; Vietnamese headers năm, tỉnh, cấp, nội dung, nội dung thành phần, điểm,
hạng, nhóm are accepted). A blank sub-dimension means a dimension value; a blank dimension means the
aggregate.

Wide layout: one row per province (and year), columns ``year, province`` then one column per
sub-dimension (key, number such as ``1.1`` or name), optionally dimension columns and an
``aggregate`` column (tổng hợp / tổng điểm).

Numbers: a dot is the decimal mark ("5.762480"); a single comma with no dot is read as a Vietnamese
decimal comma ("5,76" → 5.76) and the command says so (PAPI scores are below 100, so a comma can never
be a thousands separator here). Anything else in a score cell ("n/a", "5.1.2", "1.234,5") is an error
naming the cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.table import Column, read_table as read_located
from compliance.papi.labels import Msg
from compliance.papi.provinces import resolve_province
from compliance.papi.structure import Structure, all_structures, dimension_key_from_name, fold, load_structure

MAX_BYTES = 50 * 1024 * 1024

#: the columns of a score file, as the tabular reader looks for them; the wide layout's score columns
#: (one per sub-dimension or dimension) are the columns none of these names
COLUMNS: tuple[Column, ...] = (
    Column("year", ("year", "năm")),
    Column("province", ("province", "tỉnh", "tỉnh thành", "tỉnh, thành phố", "slug", "province slug"), True),
    Column("level", ("level", "cấp", "cấp độ")),
    Column("dimension", ("dimension", "nội dung", "chỉ số nội dung")),
    Column("subdimension", ("subdimension", "sub dimension", "sub-dimension", "nội dung thành phần")),
    Column("score", ("score", "điểm", "value", "giá trị", "điểm số")),
    Column("rank", ("rank", "hạng", "xếp hạng", "thứ hạng")),
    Column("group", ("group", "nhóm", "nhóm xếp hạng")),
)
IGNORED_HEADERS = {"source", "source url", "nguon", "note", "ghi chu", "url"}
AGGREGATE_HEADERS = {"aggregate", "papi", "tong hop", "tong diem", "diem tong hop", "total", "chi so papi"}
LEVEL_WORDS = {
    "aggregate": "aggregate", "tong hop": "aggregate", "total": "aggregate",
    "dimension": "dimension", "noi dung": "dimension",
    "subdimension": "subdimension", "sub dimension": "subdimension", "noi dung thanh phan": "subdimension",
}
GROUP_WORDS = {
    "best": "best", "cao nhat": "best", "nhom cao nhat": "best", "nhom dat diem cao nhat": "best", "dat diem cao nhat": "best",
    "high average": "high_average", "trung binh cao": "high_average", "nhom trung binh cao": "high_average", "tb cao": "high_average",
    "low average": "low_average", "trung binh thap": "low_average", "nhom trung binh thap": "low_average", "tb thap": "low_average",
    "poor": "poor", "thap nhat": "poor", "nhom thap nhat": "poor", "nhom dat diem thap nhat": "poor", "dat diem thap nhat": "poor",
}

_NUM_DOT = re.compile(r"^[+-]?\d+(\.\d+)?$")
_NUM_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass
class Number:
    """A score as written: ``value`` (points), ``text`` as in the file, ``decimals`` written (None: unknown)."""

    value: float
    text: str
    decimals: int | None
    comma: bool = False


@dataclass
class Cell:
    """One located value: ``dimension`` None = aggregate; ``subdimension`` None = dimension level."""

    year: int
    province: str
    dimension: str | None
    subdimension: str | None
    number: Number | None
    where: str
    rank: int | None = None
    rank_where: str | None = None
    group: str | None = None
    group_where: str | None = None

    @property
    def key(self) -> tuple:
        return (self.year, self.province, self.dimension, self.subdimension)

    @property
    def value(self) -> float:
        return self.number.value if self.number else math.nan


@dataclass
class ReadResult:
    """Cells read from a file plus what the reader assumed (stated to the user)."""

    path: Path
    cells: list[Cell]
    layout: str
    assumptions: list[Msg] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def parse_number(raw: Any, path: Path, where: str) -> Number | None:
    """A score cell → :class:`Number`; blank → None; text that is not a number → :class:`InputError`."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InputError(path, M("a score was expected, found {raw!r}", raw=raw), where)
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise InputError(path, M("a score was expected, found {raw!r}", raw=raw), where)
        text = repr(float(raw)) if isinstance(raw, float) else str(raw)
        if isinstance(raw, float):
            # an Excel number carries no written decimals: take those of its shortest repr, at most 6
            frac = text.split(".")[1] if "." in text and "e" not in text else ""
            return Number(float(raw), text, min(len(frac), 6) if frac != "0" else 0)
        return Number(float(raw), text, 0)
    text = str(raw).strip().replace("\u00a0", "")
    if text == "":
        return None
    if _NUM_DOT.match(text):
        dec = len(text.split(".")[1]) if "." in text else 0
        return Number(float(text), text, dec)
    if _NUM_COMMA.match(text):
        dec = len(text.split(",")[1])
        return Number(float(text.replace(",", ".")), text, dec, comma=True)
    raise InputError(path, M("a score was expected, found '{text}' (write points with a decimal dot or comma, e.g. 5.76 or 5,76)", text=text), where)


def read_table(path: str | Path) -> tuple[list[str], dict[str, int], list[tuple[str, list[Any], int]], Any]:
    """The score table of a CSV or XLSX file, located by the product's tabular reader
    (:func:`compliance.io.table.read_table`: header by its names under any title rows, notes rows left out,
    a totals row refused, two sheets with a score table refused naming them).

    Returns (header as written, one per column; canonical column → index; rows as (place "line N" /
    "sheet S, row N", cells, row number); the sheet's layout). Missing/oversized/unknown type → :class:`InputError`.
    """
    table = read_located(path, COLUMNS, several="refuse", totals="refuse", what=M("PAPI score table"),
                         max_bytes=MAX_BYTES)
    s = table.layout.sheets[0]
    header = [""] * s.width
    for key, c in s.columns.items():
        header[c - 1] = s.headers[key]
    for label, c in s.extra.items():
        if c <= s.width:
            header[c - 1] = label
    cols = {key: c - 1 for key, c in s.columns.items()}
    return header, cols, [(row.where(), list(row.cells) + [None] * (s.width - len(row.cells)), row.number)
                          for row in table.rows], s


def _subdimension_key(token: str, dim: str | None, structure: Structure) -> str | None:
    """Sub-dimension key for a key, number ('2.1') or name (vi/en, diacritics optional)."""
    return _subdimension_key_cached(token.strip(), dim, structure.id)


@lru_cache(maxsize=4096)
def _subdimension_key_cached(token: str, dim: str | None, era_id: str) -> str | None:
    structure = next(s for s in all_structures() if s.id == era_id)
    ftoken = fold(token)
    for d in structure.dimensions:
        if dim is not None and d.key != dim:
            continue
        for s in d.subdimensions:
            if token == s.key or token == s.number or ftoken in (fold(s.name.vi), fold(s.name.en or ""), fold(s.key)):
                return s.key
    return None


def _parse_year(raw: Any, path: Path, where: str) -> int:
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise InputError(path, M("a year such as 2016 was expected, found '{text}'", text=text), where)


def _parse_rank(raw: Any, path: Path, where: str) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    m = re.fullmatch(r"(\d+)(\s*/\s*\d+)?", text)
    if not m or int(m.group(1)) < 1:
        raise InputError(path, M("a rank such as 12 was expected, found '{text}'", text=text), where)
    return int(m.group(1))


def _parse_group(raw: Any, path: Path, where: str) -> str | None:
    if raw is None or str(raw).strip() == "":
        return None
    g = GROUP_WORDS.get(fold(str(raw)).replace("_", " "))
    if g is None:
        raise InputError(path, M("unknown group '{raw}' (one of best, high_average, low_average, poor; or Vietnamese: cao nhất, trung bình cao, trung bình thấp, thấp nhất)", raw=raw), where)
    return g


def read_scores(path: str | Path, year: int | None = None) -> ReadResult:
    """Read a PAPI score file (see module doc) into :class:`Cell` records, one per value.

    ``year`` filters rows of a multi-year file, or supplies the year when the file has no year column.
    Raises :class:`InputError` for: unknown layout, unknown province / dimension / sub-dimension (for
    that year's era), a year with no known era, text in a score cell, a row without a score.
    Duplicates and completeness are checked by the callers (they know what they need).
    """
    path = Path(path)
    header, cols, rows, layout = read_table(path)
    if year is not None:
        load_structure(year, path)  # a year with no known era is said as such, not as "no scores"
    ignored: list[str] = []
    wide_cols: list[tuple[int, str]] = []
    for i, h in enumerate(header):
        if i in cols.values():
            continue
        if fold(h) in IGNORED_HEADERS or fold(h) == "":
            if h:
                ignored.append(h)
        else:
            wide_cols.append((i, h))
    if "province" not in cols:
        raise InputError(path, M("no province column (tỉnh / province) in the header"), "header")
    if "year" not in cols and year is None:
        raise InputError(path, M("no year column (năm / year) in the header; give --year"), "header")
    long = "score" in cols and "dimension" in cols
    assumptions: list[Msg] = []
    comma_first: str | None = None
    comma_count = 0
    cells: list[Cell] = []

    def num(raw: Any, where: str) -> Number | None:
        nonlocal comma_first, comma_count
        n = parse_number(raw, path, where)
        if n is not None and n.comma:
            comma_count += 1
            comma_first = comma_first or where
        return n

    def get(rec: list[Any], name: str) -> Any:
        i = cols.get(name)
        return rec[i] if i is not None and i < len(rec) else None

    if long:
        if wide_cols:
            raise InputError(path, M("unknown column '{value}' in a long-layout file (columns: year, province, level, dimension, subdimension, score, rank, group)", value=wide_cols[0][1]), "header")
        for where, rec, row_no in rows:
            y = _parse_year(get(rec, "year"), path, f"{where}, column {header[cols['year']]}") if "year" in cols else year
            if year is not None and y != year:
                continue
            structure = load_structure(y, path)
            prov = resolve_province(str(get(rec, "province") or "").strip(), path, where, y)
            dim_raw = str(get(rec, "dimension") or "").strip()
            sub_raw = str(get(rec, "subdimension") or "").strip()
            level = None
            if "level" in cols and str(get(rec, "level") or "").strip():
                level = LEVEL_WORDS.get(fold(str(get(rec, "level"))))
                if level is None:
                    raise InputError(path, M("unknown level '{value}' (aggregate, dimension or subdimension)", value=get(rec, 'level')), where)
            dim = None
            if dim_raw:
                dim = dimension_key_from_name(dim_raw, y)
                if dim is None or not structure.has_dimension(dim):
                    raise InputError(path, M("unknown dimension '{dim_raw}' for {y} (era {id}: {items})", dim_raw=dim_raw, y=y, id=structure.id, items=', '.join(d.key for d in structure.dimensions)), where)
            sub = None
            if sub_raw:
                sub = _subdimension_key(sub_raw, dim, structure)
                if sub is None:
                    raise InputError(path, M("unknown sub-dimension '{sub}' of {dim} for {year} (era {era})", sub=sub_raw,
                                             dim=dim, year=y, era=structure.id) if dim else
                                     M("unknown sub-dimension '{sub}' for {year} (era {era})", sub=sub_raw, year=y,
                                       era=structure.id), where)
                if dim is None:
                    dim = structure.sub_index()[sub]
            inferred = "aggregate" if dim is None else ("dimension" if sub is None else "subdimension")
            if level is not None and level != inferred:
                raise InputError(path, M("level '{level}' does not match the row (dimension '{dim_raw}', sub-dimension '{sub_raw}' make it {inferred})", level=level, dim_raw=dim_raw, sub_raw=sub_raw, inferred=inferred), where)
            number = num(get(rec, "score"), f"{where}, column {header[cols['score']]}")
            rank = _parse_rank(get(rec, "rank"), path, where) if "rank" in cols else None
            group = _parse_group(get(rec, "group"), path, where) if "group" in cols else None
            if number is None and rank is None and group is None:
                raise InputError(path, M("row has no score"), where)
            cells.append(Cell(y, prov, dim, sub, number, f"{where}", rank, where if rank else None,
                              group, where if group else None))
        layout = "long"
    else:
        if not wide_cols:
            raise InputError(path, M("no score columns: expected a 'score' column with 'dimension' (long layout) or one column per sub-dimension (wide layout)"), "header")
        resolved: dict[tuple[str, int], tuple[str | None, str | None]] = {}
        for where, rec, row_no in rows:
            y = _parse_year(get(rec, "year"), path, f"{where}, column {header[cols['year']]}") if "year" in cols else year
            if year is not None and y != year:
                continue
            structure = load_structure(y, path)
            prov = resolve_province(str(get(rec, "province") or "").strip(), path, where, y)
            rank = _parse_rank(get(rec, "rank"), path, where) if "rank" in cols else None
            group = _parse_group(get(rec, "group"), path, where) if "group" in cols else None
            for i, h in wide_cols:
                rk = (structure.id, i)
                if rk not in resolved:
                    fh = fold(h)
                    if fh in AGGREGATE_HEADERS:
                        resolved[rk] = (None, None)
                    else:
                        sub = _subdimension_key(h, None, structure)
                        if sub is not None:
                            resolved[rk] = (structure.sub_index()[sub], sub)
                        else:
                            dim = dimension_key_from_name(h, y)
                            if dim is None or not structure.has_dimension(dim):
                                raise InputError(path, M("unknown column '{h}': not a dimension or sub-dimension of {y} (era {id}) nor 'aggregate'", h=h, y=y, id=structure.id), "header")
                            resolved[rk] = (dim, None)
                dim, sub = resolved[rk]
                raw = rec[i] if i < len(rec) else None
                cw = layout.place(row_no, i + 1, h)
                number = num(raw, cw)
                if number is None:
                    continue
                is_agg = dim is None
                cells.append(Cell(y, prov, dim, sub, number, cw,
                                  rank if is_agg else None, where if is_agg and rank else None,
                                  group if is_agg else None, where if is_agg and group else None))
            if rank is not None or group is not None:
                if not any(c.dimension is None and c.province == prov and c.year == y for c in cells[-len(wide_cols):]):
                    cells.append(Cell(y, prov, None, None, None, where, rank, where if rank else None,
                                      group, where if group else None))
        layout = "wide"
    if comma_count:
        assumptions.append(M("{comma_count} score(s) written with a decimal comma (first at {comma_first}) were read as decimals: PAPI scores are below 100, so the comma cannot separate thousands", comma_count=comma_count, comma_first=comma_first))
    if not cells:
        raise InputError(path, M("no scores found for year {year}", year=year) if year is not None else M("no scores found"))
    return ReadResult(path, cells, layout, assumptions, ignored)
