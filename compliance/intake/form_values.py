"""Reading one cell of the fill-in form as the value its column's kind asks for: numbers written the
Vietnamese or English way or typed as numbers, percentages in points (a spreadsheet percentage
``0.4726`` is 47.26), dates kept as written or read day-first, choices by their word or code, lists;
a formula with no saved result is an error naming the cell, because its value is unknown."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import InputError
from compliance.i18n import Day, M, Num, Words, places
from compliance.intake.form_layout import Col, choice_code, choice_table
from compliance.io.table import cell_name
from compliance.io.vnparse import VnParseError, parse_date, parse_number


def cell_place(ws, row: int, col: int | None = None) -> str:
    return places.cell(ws.title, cell_name(col, row)) if col else places.row(ws.title, row)


def is_percent_format(fmt: str | None) -> bool:
    """True when a number format really scales by 100 (``0.00%``), not when "%" is quoted text."""
    if not fmt:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", fmt)
    return "%" in bare


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _day_text(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass
class FormCells:
    """The cells of an opened form: ``wb`` (values: formulas' saved results), ``fwb`` (the same workbook
    with formulas, None when no sheet holds one); ``notes``: (sheet, row, column) → the convention a
    value was read with. Every error is an InputError naming the sheet and cell."""

    path: Path
    wb: Any
    fwb: Any
    notes: dict[tuple, str] = field(default_factory=dict)

    def fail(self, message: str, where: str | None = None):
        raise InputError(self.path, message, where)

    def raw(self, ws, row: int, col: int):
        """The value of a cell (a formula's saved result); InputError for a formula with no saved result."""
        value = ws.cell(row=row, column=col).value
        if value is None and self.fwb is not None:
            fcell = self.fwb[ws.title].cell(row=row, column=col)
            if fcell.data_type == "f" or (isinstance(fcell.value, str) and fcell.data_type == "f"):
                self.fail(M("the formula {value} has no saved result; open the file in Excel or LibreOffice and save it, or type the value", value=str(fcell.value)[:60]), cell_place(ws, row, col))
        if isinstance(value, str):
            value = _nfc(value)
            if not value.strip():
                return None
        return value


    def convert(self, ws, row: int, col_no: int, col: Col):
        value = self.raw(ws, row, col_no)
        if value is None:
            return None
        where = cell_place(ws, row, col_no)
        kind = col.kind
        try:
            if kind in ("text", "id"):
                if isinstance(value, bool):
                    self.fail(M("expected text, found {value}", value=value), where)
                if isinstance(value, dt.datetime | dt.date):
                    value = _day_text(value if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
                                      else value.date())
                elif isinstance(value, float):
                    value = str(int(value)) if value.is_integer() else repr(value)
                elif not isinstance(value, str):
                    value = str(value)
                if kind == "id" and col.choices:  # a word of the list stands for its code
                    return choice_code(col.choices, value) or value.strip()
                return value.strip() if kind == "id" else value
            if kind == "datetext":
                if isinstance(value, str):
                    return value
                return _day_text(parse_date(value).date)
            if kind == "date":
                return parse_date(value).date.isoformat()
            if kind in ("count", "number", "percent", "points"):
                return self.number(ws, row, col_no, col, value, where)
            if kind == "choice":
                code = choice_code(col.choices, str(value))
                if code is not None:
                    return code
                allowed = "; ".join(vi for vi, _ in choice_table(col.choices).values())
                self.fail(M("'{value}' is not one of: {allowed}", value=value, allowed=allowed), where)
            if kind == "list":
                parts = [p.strip() for p in re.split(r"[;\n]", str(value)) if p.strip()]
                return [self.list_code(col, p, where) for p in parts] if col.choices else parts
            if kind == "lines":
                return [p.strip() for p in str(value).splitlines() if p.strip()]
        except VnParseError as exc:
            self.fail(exc.args[0], where)
        raise AssertionError(f"unknown column kind {kind}")

    def list_code(self, col: Col, item: str, where: str) -> str:
        """One item of a list column with a word list (a document's topics): a word of the list → its
        code; a code of the agency's own (``par_direction``) kept; any other text refused, naming the list."""
        code = choice_code(col.choices, item)
        if code is not None:
            return code
        if re.fullmatch(r"[a-z][a-z0-9_]*", item):
            return item
        allowed = "; ".join(vi for vi, _ in choice_table(col.choices).values())
        self.fail(M("'{item}' is neither a word of the list ({allowed}) nor a code such as par_plan", item=item, allowed=allowed), where)

    def number(self, ws, row, col_no, col: Col, value, where):
        if isinstance(value, dt.datetime | dt.date):
            self.fail(M("expected a number, found the date {value}", value=Day(value)), where)
        try:
            parsed = parse_number(value)
        except VnParseError:
            if col.kind != "points":
                raise
            self.fail(M("'{value}' is not a number of points; enter a number such as 1,5", value=value), where)
        number = parsed.value
        note = parsed.note
        if col.kind in ("percent", "number") and isinstance(value, (int, float)) and \
                is_percent_format(ws.cell(row=row, column=col_no).number_format):
            number = round(number * 100, 10)
            number = int(number) if float(number).is_integer() else number
            note = "a spreadsheet percentage, read in percent points"
        if col.kind == "count":
            if parsed.percent:
                self.fail(M("expected a count, found the percentage {value!r}", value=value), where)
            if isinstance(number, float):
                self.fail(M("expected a whole number of {what}, found {value}", what=Words(col.vi.lower(), col.en.lower()), value=value), where)
            if number < (col.min if col.min is not None else 0):
                self.fail(M("expected a count ≥ {least}, found {number}", least=Num(col.min or 0), number=Num(number)), where)
        if col.kind == "percent" and not 0 <= number <= 100:
            self.fail(M("expected a percentage between 0 and 100, found {value!r}", value=value), where)
        if note:
            self.notes[(ws.title, row, col_no)] = note
        return number
