"""Places inside a file, as an error or a note names them, in both languages (catalogue messages).

| place | English | Vietnamese |
|---|---|---|
| :func:`cell` | sheet Hồ sơ, cell C7 | ô C7 (trang 'Hồ sơ') |
| :func:`row` | sheet Hồ sơ, row 7 | dòng 7 (trang 'Hồ sơ') |
| :func:`sheet` | sheet Hồ sơ | trang 'Hồ sơ' |
| :func:`line` | line 12, received.total | dòng 12, khoá received.total |

Layer: foundation.
"""

from __future__ import annotations

from compliance.i18n import M, Message


def cell(sheet: str | None, ref: str) -> Message:
    """Cell ``ref`` ("C7") of ``sheet`` (None: a file without sheets)."""
    return M("sheet {sheet}, cell {cell}", sheet=sheet, cell=ref) if sheet is not None else M("cell {cell}", cell=ref)


def row(sheet: str | None, number: int) -> Message:
    """Row ``number`` of ``sheet`` (None: line ``number`` of a text file)."""
    return M("sheet {sheet}, row {row}", sheet=sheet, row=number) if sheet is not None else line(number)


def sheet(name: str) -> Message:
    """A whole sheet."""
    return M("sheet {sheet}", sheet=name)


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
