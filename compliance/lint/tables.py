"""Checks on a report's tables: the shape of Biểu 06 (Thông tư 01/2020/TT-VPCP) that most reports carry,
a row per field or agency, a total column and its parts, a "Tổng cộng" row.

- Rows against their total column: the columns a parent header cell spans ("Số hồ sơ đã giải quyết"
  over "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"), or, in a one-row header, a whole ("Đã giải
  quyết") and the columns that split it ("Trước hạn", "Đúng hạn", "Quá hạn"). The parts must make the
  whole when they are a known partition (:data:`compliance.lint.figures.PARTITIONS`); otherwise only a
  part larger than its whole is a finding.
- A totals row ("Tổng cộng", "Tổng số", "Cộng", "Toàn tỉnh") against its column: the rows it closes
  (those above it, or below it when it comes first), each column summed. When the rows nest (I, 1,
  1.1 …) the sum of the top-level rows or of the numbered rows is taken too, and the totals row
  agrees when any reading agrees.
- A table of indicators written one per row ("Tổng số hồ sơ đã giải quyết | 3.400", "Trong đó: trước
  hạn | 2.600", "Đúng hạn | 820", "Quá hạn | 80"): the row before "Trong đó" against the rows after it.

Places are "bảng N, hàng R, cột C", the column named by its own header cell (under a merged header the
child, "Trước hạn", not the parent). Percentage columns and the STT column are never summed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from compliance.io.vnparse import normalize_key
from compliance.lint.figures import PARTITIONS, WHOLE_OF, Figures, level, measure
from compliance.lint.kinds import Arithmetic, Collector, fmt
from compliance.lint.reader import Doc, Para, Table

_TOTAL_ROW = re.compile(r"^(?:tổng\s+cộng|tổng\s+số|tổng\s+chung|tổng|cộng|toàn\s+(?:tỉnh|ngành|huyện|sở|xã))"
                        r"\s*[:.]?\s*(?:\(.*\))?$", re.IGNORECASE)
_WHOLE_COLUMN = re.compile(r"^(?:tổng\s+số|tổng\s+cộng|tổng|cộng)\b", re.IGNORECASE)
_IN_WHICH = re.compile(r"^(?:trong do|chia ra|bao gom|gom)\b")
_EMPTY = ("", "-", "–", "0")
SHOWN = 12
"""Terms of a column sum written out in the arithmetic; more are shortened with "…"."""


@dataclass
class _Grid:
    """A table's figures: ``values[r][c]`` the number a data cell holds (None when it holds none or
    text), the numeric columns (figures only, summed down), the columns holding figures among other
    values (an indicator table's "Số lượng" column, with a share in some rows), the STT and label
    columns, the totals rows."""

    table: Table
    values: list[list[int | Decimal | None]]
    numeric: list[int]
    valued: list[int]
    stt: int | None
    label: int | None
    totals: list[int]

    def cell(self, r: int, c: int) -> Para:
        return self.table.rows[r][c]

    def row_label(self, r: int) -> str:
        return self.cell(r, self.label).text if self.label is not None else ""

    def quote(self, r: int) -> str:
        return " | ".join(c.text for c in self.table.rows[r] if c.text)[:240]


def _grid(table: Table, figures: Figures) -> _Grid:
    width = len(table.header)
    values: list[list[int | Decimal | None]] = []
    kinds = [[0, 0, 0] for _ in range(width)]  # per column: numbers, percentages, text
    for row in table.rows:
        vals: list[int | Decimal | None] = []
        for c, cell in enumerate(row):
            nums = figures.nums.get(id(cell), [])
            text = cell.text.strip()
            if len(nums) == 1 and nums[0].start == 0 and nums[0].end == len(text) and not nums[0].percent:
                vals.append(nums[0].value)
                kinds[c][0] += 1
            elif text in _EMPTY:
                vals.append(0 if text else None)
            else:
                vals.append(None)
                kinds[c][1 if nums and nums[0].percent else 2] += 1
        values.append(vals)
    stt = table.column("stt", "tt") if table.column("stt", "tt") == 0 else None
    header_pct = [bool(re.search(r"%|tỷ lệ|tỉ lệ", h, re.IGNORECASE)) for h in table.header]
    numeric = [c for c in range(width) if c != stt and kinds[c][0] and not kinds[c][1] and not header_pct[c]
               and kinds[c][2] <= 1]
    valued = [c for c in range(width) if c != stt and kinds[c][0] >= 2]
    label = next((c for c in range(width) if c != stt and c not in valued and kinds[c][2]), None)
    grid = _Grid(table, values, numeric, valued, stt, label, [])
    grid.totals = [r for r in range(len(table.rows)) if _TOTAL_ROW.match(grid.row_label(r).strip())
                   or (not grid.row_label(r) and stt is not None and _TOTAL_ROW.match(table.rows[r][stt].text.strip()))]
    return grid


def _key(name: str) -> str | None:
    return level(name) or measure(name)


def _splits(grid: _Grid) -> list[tuple[int, list[int], bool]]:
    """(whole column, part columns, exact) for every whole column the table splits."""
    t = grid.table
    names = t.header
    out = []
    used = set()
    groups: dict[str, list[int]] = {}
    for c in grid.numeric:
        if t.groups and t.groups[c]:
            groups.setdefault(t.groups[c], []).append(c)
    for parent, cols in groups.items():
        whole = next((c for c in cols if _WHOLE_COLUMN.match(names[c].strip())), None)
        if whole is None:
            before = min(cols) - 1  # "Đã giải quyết | Trong đó: Trước hạn, Đúng hạn, Quá hạn"
            if before in grid.numeric and _IN_WHICH.match(normalize_key(parent)) and not t.groups[before]:
                whole = before
        parts = [c for c in cols if c != whole]
        if whole is None or not parts:
            continue
        keys = [_key(names[c]) for c in parts]
        exact = None not in keys and len(set(keys)) == len(keys) and frozenset(keys) in PARTITIONS
        out.append((whole, parts, exact))
        used.update(cols)
    for whole in grid.numeric:
        w = measure(names[whole])
        if whole in used or w is None:
            continue
        for partition in PARTITIONS:
            if _whole_of(partition) != w:
                continue
            parts = []
            for k in partition:
                c = next((c for c in grid.numeric if c > whole and c not in used and _key(names[c]) == k), None)
                if c is None:
                    break
                parts.append(c)
            else:
                out.append((whole, sorted(parts), True))
                used.update(parts)
                break
    return out


def _whole_of(partition: frozenset[str]) -> str | None:
    """The measure a partition splits: resolved for early + on time + late, received for online + in
    person + carried over, and for resolved + pending (Biểu 06: received = resolved + pending)."""
    if partition == frozenset({"resolved", "pending"}):
        return "received"
    wholes = {WHOLE_OF.get(k) for k in partition}
    return wholes.pop() if len(wholes) == 1 else None


def _sum(total: int | Decimal, terms: list[int | Decimal]) -> Arithmetic:
    """"9.130 ≠ 6.300 + 1.400 + … = 9.140" in the language asked, at most :data:`SHOWN` terms written out."""
    return lambda lang: (f"{fmt(total, lang=lang)} ≠ " + " + ".join(fmt(v, lang=lang) for v in terms[:SHOWN])
                         + (" + …" if len(terms) > SHOWN else "") + f" = {fmt(sum(terms), lang=lang)}")


def _exceeds(part: int | Decimal, total: int | Decimal) -> Arithmetic:
    return lambda lang: f"{fmt(part, lang=lang)} > {fmt(total, lang=lang)}"


def _check_rows(grid: _Grid, out: Collector, flagged: set[int]) -> None:
    names = grid.table.header
    for whole, parts, exact in _splits(grid):
        for r, vals in enumerate(grid.values):
            total = vals[whole]
            got = [vals[c] for c in parts]
            if total is None or any(v is None for v in got) or id(grid.cell(r, whole)) in flagged:
                continue
            cell = grid.cell(r, whole)
            who = grid.row_label(r) or f"{grid.table.rows[r][0].text}"
            if exact and sum(got) != total:
                flagged.add(id(cell))
                out.add("sum_mismatch", cell.place, grid.quote(r),
                        f"Hàng \"{who}\": {names[whole]} {fmt(total)} không bằng tổng "
                        + ", ".join(names[c] for c in parts) + f" ({fmt(sum(got))})",
                        f"Row \"{who}\": {names[whole]} {fmt(total, lang='en')} does not equal the sum of "
                        + ", ".join(names[c] for c in parts) + f" ({fmt(sum(got), lang='en')})",
                        _sum(total, got))
            elif not exact and max(got) > total:
                big = parts[got.index(max(got))]
                flagged.add(id(cell))
                out.add("part_exceeds_total", cell.place, grid.quote(r),
                        f"Hàng \"{who}\": {names[big]} {fmt(max(got))} lớn hơn {names[whole]} {fmt(total)}",
                        f"Row \"{who}\": {names[big]} {fmt(max(got), lang='en')} exceeds {names[whole]} {fmt(total, lang='en')}",
                        _exceeds(max(got), total))


def _top_level(text: str) -> bool:
    return bool(re.fullmatch(r"[IVX]{1,5}\.?|[A-Z]\.?|\d{1,3}\.?", text.strip()))


def _closes(grid: _Grid, t: int) -> list[int]:
    """The rows totals row ``t`` closes: above it back to the previous totals row, or below it to the
    next one when it is the first row."""
    totals = grid.totals
    if t == 0 or all(not any(v is not None for v in grid.values[r]) for r in range(t)):
        nxt = next((x for x in totals if x > t), len(grid.values))
        return list(range(t + 1, nxt))
    prev = max((x for x in totals if x < t), default=-1)
    return list(range(prev + 1, t))


def _check_columns(grid: _Grid, out: Collector, flagged: set[int]) -> None:
    names = grid.table.header
    for t in grid.totals:
        rows = _closes(grid, t)
        if len(rows) < 2:
            continue
        readings = [rows]
        if grid.stt is not None:
            stts = {r: grid.table.rows[r][grid.stt].text for r in rows}
            readings.append([r for r in rows if _top_level(stts[r])])
            romans = [r for r in rows if re.fullmatch(r"[IVX]{1,5}\.?", stts[r].strip())]
            if romans:
                readings.append(romans)
            readings.append([r for r in rows if stts[r].strip()])
        readings = [rs for rs in readings if rs]
        for c in grid.numeric:
            total = grid.values[t][c]
            if total is None:
                continue
            sums = [sum(grid.values[r][c] or 0 for r in rs) for rs in readings]
            if total in sums:  # exact: every value keeps its digits
                continue
            cell = grid.cell(t, c)
            flagged.add(id(cell))
            terms = [grid.values[r][c] or 0 for r in readings[0]]
            out.add("table_total_mismatch", cell.place, grid.quote(t),
                    f"Dòng \"{grid.row_label(t) or 'tổng'}\", cột {names[c]}: {fmt(total)} không bằng tổng {len(readings[0])} hàng "
                    f"của cột ({fmt(sums[0])})",
                    f"Row \"{grid.row_label(t) or 'total'}\", column {names[c]}: {fmt(total, lang='en')} does not equal the "
                    f"sum of the column's {len(readings[0])} rows ({fmt(sums[0], lang='en')})",
                    _sum(total, terms))


def _check_listed(grid: _Grid, out: Collector, flagged: set[int]) -> None:
    """Indicators one per row: the row before "Trong đó" against the rows that split it."""
    if grid.label is None:
        return
    labels = [normalize_key(grid.row_label(r)) for r in range(len(grid.values))]
    for r, lab in enumerate(labels):
        if not r or not _IN_WHICH.match(lab):
            continue
        whole_row = r - 1
        w = measure(grid.row_label(whole_row))
        parts, keys = [], []
        for p in range(r, len(labels)):
            k = _key(_IN_WHICH.sub("", labels[p]))
            if k is None or k in keys or (p > r and _IN_WHICH.match(labels[p])):
                break
            parts.append(p)
            keys.append(k)
            if frozenset(keys) in PARTITIONS:
                break  # the split is complete: what follows is another indicator
        if len(parts) < 2:
            continue
        exact = frozenset(keys) in PARTITIONS and (w is None or _whole_of(frozenset(keys)) in (w, None))
        for c in grid.valued:
            total = grid.values[whole_row][c]
            got = [grid.values[p][c] for p in parts]
            cell = grid.cell(whole_row, c)
            if total is None or any(v is None for v in got) or id(cell) in flagged:
                continue
            what = grid.row_label(whole_row)
            if exact and sum(got) != total:
                flagged.add(id(cell))
                out.add("sum_mismatch", cell.place, grid.quote(whole_row),
                        f"\"{what}\" {fmt(total)} không bằng tổng các hàng \"trong đó\" bên dưới ({fmt(sum(got))})",
                        f"\"{what}\" {fmt(total, lang='en')} does not equal the sum of the rows \"trong đó\" below it "
                        f"({fmt(sum(got), lang='en')})",
                        _sum(total, got))
            elif not exact and max(got) > total:
                flagged.add(id(cell))
                out.add("part_exceeds_total", cell.place, grid.quote(whole_row),
                        f"Một phần ({fmt(max(got))}) lớn hơn \"{what}\" {fmt(total)}",
                        f"A part ({fmt(max(got), lang='en')}) exceeds \"{what}\" {fmt(total, lang='en')}", _exceeds(max(got), total))


def check_tables(doc: Doc, figures: Figures, out: Collector) -> None:
    """Every table: totals rows against their columns, rows against their total column, indicators
    listed one per row against the row they split (see the module doc)."""
    for table in doc.tables:
        if not table.rows:
            continue
        grid = _grid(table, figures)
        if not grid.valued:
            continue
        flagged: set[int] = set()
        _check_columns(grid, out, flagged)
        _check_rows(grid, out, flagged)
        _check_listed(grid, out, flagged)
