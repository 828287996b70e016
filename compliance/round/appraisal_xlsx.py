"""Reading the appraisal workbook back (the council's points, bonus and penalty items, the settings).

Its tables are found by the product's tabular reader (:func:`compliance.io.table.locate`): headers by
name, Vietnamese or English, under any title rows a council added; the workbook is streamed (a round of
700 agencies holds more cells than a workbook opened whole may). The layout is
:mod:`compliance.round.appraisal_sheets`. Every error names the sheet and the cell (or row).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from compliance.errors import InputError
from compliance.i18n import M, Words, places as at
from compliance.io.safety import open_streaming
from compliance.io.table import Column, SheetLayout, locate
from compliance.io.table_source import merged_ranges
from compliance.io.vnparse import VnParseError, normalize_key, parse_date, parse_number
from compliance.round.appraisal_sheets import ADJ_COLUMNS, ADJ_SHEET, INFO_KEYS, INFO_SHEET, ITEM_COLUMNS, ITEM_SHEET, KINDS
from compliance.round.model import AppraisalFile


def _located(wb, ws, spec, path: Path, required: tuple[str, ...]) -> SheetLayout:
    """The table of sheet ``ws`` found by its headers (``spec``: key, Vietnamese, English)."""
    columns = tuple(Column(key, (vi, en), key in required) for key, vi, en in spec)
    return locate(path, columns, sheet=ws.title, stream=True, workbook=wb, what=M("appraisal table")).sheets[0]


def _sheet(wb, names: tuple[str, str], path: Path, required: bool = True):
    for ws in wb.worksheets:
        if normalize_key(ws.title) in (normalize_key(names[0]), normalize_key(names[1])):
            return ws
    if required:
        raise InputError(path, M("no sheet '{value}' (or '{value2}'): this is not a workbook from 'round export-appraisal'", value=names[0], value2=names[1]))
    return None


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value, path: Path, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(path, M("points must be a number"), where)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(parse_number(value, strict=True).value)
    except VnParseError as exc:
        raise InputError(path, M("points must be a number ({exc})", exc=exc), where) from None


def read_appraisal_xlsx(path: str | Path) -> tuple[AppraisalFile, dict[tuple, str], dict[str, set[str]]]:
    """Read the appraisal workbook (from ``round export-appraisal``, possibly with title rows added
    above its tables): the validated :class:`AppraisalFile`, the place of each part of it (data path
    → "sheet Thẩm định, row 7"), for :class:`compliance.round.appraisal.LoadedAppraisal`, and the rows
    its 'Thẩm định' sheet still has (agency code → its sub-criteria, with points or not), so that a row
    deleted from it can be said (:func:`compliance.round.appraisal.deleted_rows`).

    A row counts when it has round-1 or round-2 points; a note, appraiser or explanation without any
    points is an error (it would be lost otherwise), named by its column's header; so are cells merged
    across the table's rows (an agency code written once over its rows is read on its first row only).
    Errors name the sheet and the cell.
    """
    path = Path(path)
    wb = open_streaming(path)
    try:
        _no_formula_without_result(path, wb)
        return _read(wb, path)
    finally:
        wb.close()


def _no_formula_without_result(path: Path, values_wb) -> None:
    """A formula typed by the council (=1-0.25) that no spreadsheet application has calculated has no saved
    result: openpyxl reads it as empty and the points would be lost. InputError naming the cell."""
    formulas_wb = load_workbook(path, read_only=True, data_only=False)
    try:
        for ws in formulas_wb.worksheets:
            values = values_wb[ws.title].iter_rows()
            for row in ws.iter_rows():
                saved = next(values, ())
                for i, cell in enumerate(row):
                    if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f":
                        if i >= len(saved) or saved[i].value is None:
                            raise InputError(path, M("the formula {value} has no saved result: open the workbook in Excel or LibreOffice and save it, or type the number", value=cell.value),
                                             at.cell(ws.title, cell.coordinate))
    finally:
        formulas_wb.close()


def _read(wb, path: Path) -> tuple[AppraisalFile, dict[tuple, str], dict[str, set[str]]]:
    items_ws = _sheet(wb, ITEM_SHEET, path)
    items = _located(wb, items_ws, ITEM_COLUMNS, path, required=("agency", "criterion", "round1", "round2"))
    cols = items.columns
    for r1, c1, r2, c2 in merged_ranges(wb, items_ws, path):
        if r2 >= items.data_start and r2 > r1:
            coord = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
            raise InputError(path, M("cells {coord} are merged across the data; unmerge them so each value has its own cell",
                                     coord=coord), at.sheet(items_ws.title))
    places: dict[tuple, str] = {}
    agencies: dict[str, dict] = {}
    order: list[str] = []
    present: dict[str, set[str]] = {}
    headers = {key: Words(vi, en) for key, vi, en in ITEM_COLUMNS}

    def agency_entry(code: str) -> tuple[int, dict]:
        if code not in agencies:
            agencies[code] = {"agency": code, "items": [], "bonus": [], "penalty": []}
            order.append(code)
        return order.index(code), agencies[code]

    for rownum, row in enumerate(items_ws.iter_rows(min_row=items.data_start), items.data_start):
        value = {key: row[col - 1].value for key, col in cols.items() if col - 1 < len(row)}
        if all(v is None for v in value.values()):
            continue
        where = at.row(items_ws.title, rownum)

        def cell(key: str) -> str:
            return f"{get_column_letter(cols[key])}{rownum}" if key in cols else "?"

        r1 = _number(value.get("round1"), path, at.cell(items_ws.title, cell('round1')))
        r2 = _number(value.get("round2"), path, at.cell(items_ws.title, cell('round2')))
        words = {k: _text(value.get(k)) for k in ("round1_note", "round1_by", "explanation", "round2_note", "round2_by")}
        code, criterion = _text(value.get("agency")), _text(value.get("criterion"))
        if code and criterion:
            present.setdefault(code, set()).add(criterion)
        if r1 is None and r2 is None:
            stray = next((k for k, v in words.items() if v), None)
            if stray:
                raise InputError(path, M("'{stray}' is filled but no points are given", stray=headers[stray]),
                                 at.cell(items_ws.title, cell(stray)))
            continue
        if not code or not criterion:
            raise InputError(path, M("points without an agency code or a criterion"), where)
        a, entry = agency_entry(code)
        item = {"criterion": criterion}
        if r1 is not None:
            item["round1"] = {"points": r1, "note": words["round1_note"], "by": words["round1_by"]}
        if words["explanation"]:
            item["explanation"] = words["explanation"]
        if r2 is not None:
            item["round2"] = {"points": r2, "note": words["round2_note"], "by": words["round2_by"]}
        places[("agencies", a, "items", len(entry["items"]))] = where
        entry["items"].append(item)

    adj_ws = _sheet(wb, ADJ_SHEET, path, required=False)
    if adj_ws is not None:
        adj = _located(wb, adj_ws, ADJ_COLUMNS, path, required=("agency", "kind", "points"))
        acols = adj.columns
        for rownum, row in enumerate(adj_ws.iter_rows(min_row=adj.data_start), adj.data_start):
            value = {key: row[col - 1].value for key, col in acols.items() if col - 1 < len(row)}
            if all(v is None for v in value.values()):
                continue
            where = at.row(adj_ws.title, rownum)
            kind = KINDS.get(normalize_key(_text(value.get("kind")) or ""))
            if kind is None:
                raise InputError(path, M("kind must be thưởng/bonus or trừ/penalty (got {value!r})", value=value.get('kind')), where)
            code = _text(value.get("agency"))
            if not code:
                raise InputError(path, M("no agency code"), where)
            a, entry = agency_entry(code)
            evidence = [e.strip() for e in (_text(value.get("evidence")) or "").split(";") if e.strip()]
            places[("agencies", a, kind, len(entry[kind]))] = where
            entry[kind].append({"points": _number(value.get("points"), path, where), "reason": _text(value.get("reason")),
                                "evidence": evidence, "by": _text(value.get("by")),
                                "explanation": _text(value.get("explanation"))})

    data: dict = {"agencies": [agencies[c] for c in order]}
    info_ws = _sheet(wb, INFO_SHEET, path, required=False)
    if info_ws is not None:
        keys = {normalize_key(vi): k for k, vi, _ in INFO_KEYS} | {normalize_key(en): k for k, _, en in INFO_KEYS}
        for rownum, row in enumerate(info_ws.iter_rows(min_row=1, max_col=2), 1):
            label = _text(row[0].value) if row else None
            if not label or len(row) < 2 or normalize_key(label) not in keys or row[1].value is None:
                continue
            key, cell = keys[normalize_key(label)], row[1]
            where = at.cell(info_ws.title, f"B{rownum}")
            places[(key,)] = where
            if key == "appraised_on":
                try:
                    data[key] = parse_date(cell.value).date.isoformat()
                except VnParseError as exc:
                    raise InputError(path, M("not a date ({exc})", exc=exc), where) from None
            elif key in ("bonus_cap", "penalty_cap"):
                data[key] = _number(cell.value, path, where)
            else:
                data[key] = _text(cell.value)
    for entry in data["agencies"]:
        for item in entry["items"]:
            for stage in ("round1", "round2"):
                if stage in item:
                    item[stage] = {k: v for k, v in item[stage].items() if v is not None}
        for kind in ("bonus", "penalty"):
            entry[kind] = [{k: v for k, v in x.items() if v is not None and v != []} for x in entry[kind]]
    try:
        parsed = AppraisalFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        where = None
        probe = loc
        while probe and where is None:
            where = places.get(probe)
            probe = probe[:-1]
        field = ".".join(str(p) for p in loc)
        raise InputError(path, M("{field}: {msg}", field=field, msg=err['msg']), where or at.sheet(ITEM_SHEET[0])) from None
    return parsed, places, present


__all__ = ["read_appraisal_xlsx"]
