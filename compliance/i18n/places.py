"""Places inside a file, as an error or a note names them, in both languages (catalogue messages).

| place | English | Vietnamese |
|---|---|---|
| :func:`cell` | sheet Hồ sơ, cell C7 | ô C7 (trang 'Hồ sơ') |
| :func:`row` | sheet Hồ sơ, row 7 | dòng 7 (trang 'Hồ sơ') |
| :func:`sheet` | sheet Hồ sơ | trang 'Hồ sơ' |
| :func:`line` | line 12, received.total | dòng 12, khoá received.total |
| :func:`record` | record 7 (a register's row that is no line of its file) | bản ghi 7 |

A hidden sheet (:class:`SheetName` with ``hidden``, which the user cannot see in Excel) is said as such wherever it is
named: "sheet Nháp (hidden sheet), row 5" / "dòng 5 (trang 'Nháp', trang ẩn)", "trang 'Nháp' (trang ẩn)";
:func:`shown` gives the name for a list ("Quý I-II, Quý III-IV (trang ẩn)").

A place stored as a message (:data:`compliance.model.base.Said`) is said by each output in its own
language. A place that was made as text by a faster path (a register's findings, where DuckDB writes
"row 1605" for millions of rows; a fact that went through the rule engine as JSON) is read back by
:func:`parse`, which knows the English each function above writes; :func:`said` says either kind.

Layer: foundation.
"""

from __future__ import annotations

import re

from compliance.i18n import M, Message, compose, text


class SheetName(str):
    """A sheet's name (the ``str``, compared and looked up as the name) and whether the sheet is ``hidden`` (hidden
    or "very hidden" in the workbook: the user does not see its tab)."""

    hidden: bool

    def __new__(cls, name: str, hidden: bool = False) -> "SheetName":
        obj = super().__new__(cls, name)
        obj.hidden = hidden
        return obj

    def __reduce__(self):
        return (SheetName, (str(self), self.hidden))


def _hidden(sheet) -> bool:
    return bool(getattr(sheet, "hidden", False))


def shown(name: str):
    """A sheet's name as a list of sheets shows it: the name, followed by "(hidden sheet)" for a hidden one."""
    return M("{sheet} (hidden sheet)", sheet=str(name)) if _hidden(name) else name


def cell(sheet: str | None, ref: str) -> Message:
    """Cell ``ref`` ("C7") of ``sheet`` (None: a file without sheets)."""
    if sheet is None:
        return M("cell {cell}", cell=ref)
    if _hidden(sheet):
        return M("sheet {sheet} (hidden sheet), cell {cell}", sheet=str(sheet), cell=ref)
    return M("sheet {sheet}, cell {cell}", sheet=sheet, cell=ref)


def row(sheet: str | None, number: int) -> Message:
    """Row ``number`` of ``sheet`` (None: line ``number`` of a text file)."""
    if sheet is None:
        return line(number)
    if _hidden(sheet):
        return M("sheet {sheet} (hidden sheet), row {row}", sheet=str(sheet), row=number)
    return M("sheet {sheet}, row {row}", sheet=sheet, row=number)


def sheet(name: str) -> Message:
    """A whole sheet."""
    return M("sheet {sheet} (hidden sheet)", sheet=str(name)) if _hidden(name) else M("sheet {sheet}", sheet=name)


def line(number: int | None, key: str | None = None, column: str | int | None = None) -> Message | str:
    """Line ``number`` of a text file, with the key path inside it (YAML/JSON) or its column (CSV,
    a header's text or a column number); without a line, the key path alone."""
    if number is None:
        return key if key else M("(top level)")
    if key:
        return M("line {line}, {key}", line=number, key=key)
    if isinstance(column, int):
        return M("line {line}, column {column}", line=number, column=column)
    if column:
        return M("line {line}, column '{column}'", line=number, column=column)
    return M("line {line}", line=number)


def record(number: int) -> Message:
    """Record ``number`` of a register (a CSV with line breaks inside cells, or a converted register)."""
    return M("record {n}", n=number)


_PATTERNS = (
    (re.compile(r"sheet (?P<sheet>.+?) \(hidden sheet\), cell (?P<cell>[A-Z]{1,3}\d+)"),
     lambda m: cell(SheetName(m["sheet"], True), m["cell"])),
    (re.compile(r"sheet (?P<sheet>.+?) \(hidden sheet\), row (?P<row>\d+)"),
     lambda m: row(SheetName(m["sheet"], True), int(m["row"]))),
    (re.compile(r"sheet (?P<sheet>.+?), cell (?P<cell>[A-Z]{1,3}\d+)"), lambda m: cell(m["sheet"], m["cell"])),
    (re.compile(r"sheet (?P<sheet>.+?), row (?P<row>\d+)"), lambda m: row(m["sheet"], int(m["row"]))),
    (re.compile(r"cell (?P<cell>[A-Z]{1,3}\d+)"), lambda m: cell(None, m["cell"])),
    (re.compile(r"row (?P<row>\d+)"), lambda m: M("row {row}", row=int(m["row"]))),
    (re.compile(r"(?P<where>[^,]+), record (?P<n>\d+)"), lambda m: compose("{where}, {record}", where=m["where"],
                                                                            record=record(int(m["n"])))),
    (re.compile(r"record (?P<n>\d+)"), lambda m: record(int(m["n"]))),
    (re.compile(r"line (?P<line>\d+), (?P<key>[\w.\[\]-]+)"), lambda m: line(int(m["line"]), m["key"])),
    (re.compile(r"line (?P<line>\d+)"), lambda m: line(int(m["line"]))),
)
_TRAILER = re.compile(r"(?P<place>.+?) \((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def parse(value: str | None):
    """A place written as English text by the functions above (or by SQL that writes the same words)
    read back as the message that says it in either language: "sheet Văn bản, row 5" → :func:`row` (and
    "sheet Nháp (hidden sheet), row 5" of a hidden sheet),
    "row 1605", "record 7", "DNO, record 198", "line 12, received.total"; a place followed by a note
    in brackets keeps its note. A message, or text that is no such place, is returned unchanged."""
    if value is None or hasattr(value, "get") or not isinstance(value, str):
        return value
    for pattern, make in _PATTERNS:
        found = pattern.fullmatch(value)
        if found:
            return make(found)
    trailer = _TRAILER.fullmatch(value)
    if trailer:
        place = parse(trailer["place"])
        if place is not trailer["place"]:
            return compose("{place} ({note})", place=place, note=trailer["note"])
    return value


def said(value, lang: str | None) -> str:
    """A place in ``lang``: a message said, text read by :func:`parse` first; "" for None."""
    return text(parse(value), lang)
