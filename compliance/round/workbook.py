"""Workbooks of a round (openpyxl), each written atomically (temporary file, then rename).

- The council workbook (:func:`write_council_workbook`): ranking with the formula; a sheet per agency
  (or per unit type for big rounds); every difference between self and final points with who and
  why; every gap across agencies (with filters); bonus and penalty items; the round's errors.
- The appraisal workbook (:func:`write_appraisal_workbook`): one row per agency and applicable
  sub-criterion with self and computed points and empty round-1/round-2 columns for the council,
  a bonus/penalty sheet and a settings sheet. :func:`read_appraisal_xlsx` reads it back (headers are
  found by name, Vietnamese or English; errors name the sheet and cell).

Text from submissions and appraisal files is always stored as text: a value that begins with "="
never becomes a formula.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from compliance.errors import InputError
from compliance.io.files import atomic_write, check_writable
from compliance.io.vnparse import VnParseError, normalize_key, parse_date, parse_number
from compliance.report.labels import SEVERITIES, STATES, pick
from compliance.round.model import AppraisalFile, RoundResult
from compliance.round.text import t
from compliance.io.safety import open_streaming
from compliance.round.words import as_of_text, unit_type_text

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
PER_AGENCY_LIMIT = 60


def _cell(ws, value, bold: bool = False):
    """A value for a write-only row: text that begins with "=" stays text; long text wraps."""
    if isinstance(value, str) and (bold or value.startswith("=") or len(value) > 40):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # never a formula, whatever the text begins with
        if bold:
            cell.font = BOLD
        elif len(value) > 40:
            cell.alignment = WRAP
        return cell
    return value


def _table(ws, headers: list[str], rows: list[list], widths: list[int] | None = None, filters: bool = False,
           lines: list[str] = ()) -> None:
    """Optional title lines, a blank row, then bold headers and the rows (write-only sheet)."""
    start = len(lines) + 2 if lines else 1
    if widths:
        for c, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"A{start + 1}"
    if filters:
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(headers))}{start + max(len(rows), 1)}"
    for line in lines:
        ws.append([_cell(ws, line)])
    if lines:
        ws.append([])
    ws.append([_cell(ws, h, bold=True) for h in headers])
    for row in rows:
        ws.append([_cell(ws, v) for v in row])


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _ranking_rows(result: RoundResult, lang: str) -> list[list]:
    return [[a.rank, a.ranked_among, a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang), a.edition.id
             + (" (*)" if a.edition.model_set else ""), a.totals.appraised, a.totals.survey, a.totals.bonus,
             a.totals.penalty, a.totals.applicable_max, a.totals.index_percent,
             a.totals.class_name.get(lang) if a.totals.class_name else "", a.totals.formula.get(lang)]
            for a in result.agencies]


def _score_headers(lang: str) -> list[str]:
    return [t("criterion", lang), "Tên" if lang == "vi" else "Name", t("node_max", lang), t("self", lang),
            t("computed", lang), t("round1", lang), ("Ghi chú vòng 1" if lang == "vi" else "Round 1 note"),
            ("Giải trình" if lang == "vi" else "Explanation"), t("round2", lang),
            ("Ghi chú vòng 2" if lang == "vi" else "Round 2 note"), t("final", lang), t("difference", lang),
            ("Trạng thái" if lang == "vi" else "State"), t("why", lang)]


def _score_rows(agency, lang: str) -> list[list]:
    return [[r.id, ("  " * r.id.count(".")) + r.name.get(lang), r.max_points, r.self_score, r.computed, r.round1,
             r.round1_note, r.explanation, r.round2, r.round2_note, r.final, r.difference,
             pick(STATES, r.state.value, lang), r.change.get(lang) if r.change else r.reason.get(lang)]
            for r in agency.rows]


SCORE_WIDTHS = [8, 50, 8, 8, 8, 8, 30, 30, 8, 30, 8, 9, 13, 60]


def write_council_workbook(result: RoundResult, path: str | Path, lang: str = "vi", sheets: str = "auto") -> None:
    """Write the council workbook for ``result`` to ``path``.

    ``sheets``: ``agency`` (a sheet per agency), ``unit_type`` (one per unit type, agencies stacked
    with their code in the first column) or ``auto`` (per agency up to 60 agencies).
    """
    check_writable(path)  # before the write-only sheets exist: they complain when dropped unsaved
    vi = lang == "vi"
    wb = Workbook(write_only=True)
    used: set[str] = set()
    ws = wb.create_sheet(_sheet_name("Xếp hạng" if vi else "Ranking", used))
    head = [f"{t('round', lang)}: {result.round_id} — {t('as_of', lang)}: "
            f"{as_of_text(result.as_of, result.as_of_source, lang)}",
            f"{t('read', lang)}: {len(result.agencies)}; {t('failed', lang)}: {len(result.failed)}"
            + (f" — {t('partial', lang)}" if result.partial else ""),
            f"{t('formula', lang)}: {result.formula.get(lang)}"]
    if any(a.edition.model_set for a in result.agencies):
        head.append(t("model", lang))
    _table(ws, [t("rank", lang), "Trong số" if vi else "Of", t("code", lang), t("agency", lang),
                                t("unit_type", lang), t("edition", lang), t("appraised", lang), t("survey", lang),
                                t("bonus", lang), t("penalty", lang), t("max", lang), t("index", lang),
                                t("class", lang), t("formula", lang)],
           _ranking_rows(result, lang), [6, 7, 12, 36, 16, 24, 10, 10, 8, 8, 10, 9, 12, 100], filters=True, lines=head)

    per_agency = sheets == "agency" or (sheets == "auto" and len(result.agencies) <= PER_AGENCY_LIMIT)
    if per_agency:
        for a in result.agencies:
            s = wb.create_sheet(_sheet_name(a.agency_code, used))
            lines = [f"{a.agency_name} ({a.agency_code}) — {unit_type_text(a.unit_type, lang)} — {a.period}",
                     f"{t('edition', lang)}: {a.edition.id}" + (" (*)" if a.edition.model_set else ""),
                     f"{t('rank', lang)}: {a.rank}/{a.ranked_among} — {t('index', lang)}: {a.totals.index_percent:.2f}"
                     + (f" — {a.totals.class_name.get(lang)}" if a.totals.class_name else ""),
                     a.totals.formula.get(lang)]
            _table(s, _score_headers(lang), _score_rows(a, lang), SCORE_WIDTHS, lines=lines)
    else:
        by_type: dict[str, list] = {}
        for a in result.agencies:
            by_type.setdefault(a.unit_type, []).append(a)
        for unit_type, members in sorted(by_type.items()):
            s = wb.create_sheet(_sheet_name(unit_type_text(unit_type, lang), used))
            rows = [[a.agency_code] + row for a in members for row in _score_rows(a, lang)]
            _table(s, [t("code", lang)] + _score_headers(lang), rows, [12] + SCORE_WIDTHS, filters=True)

    s = wb.create_sheet(_sheet_name("Chênh lệch" if vi else "Differences", used))
    rows = []
    for a in result.agencies:
        for r in a.changes():
            rows.append([a.agency_code, a.agency_name, r.id, r.name.get(lang), r.max_points, r.self_score, r.computed,
                         r.round1, r.round1_note, r.round1_by, r.explanation, r.round2, r.round2_note, r.round2_by,
                         r.final, r.difference, r.change.get(lang) if r.change else ""])
    _table(s, [t("code", lang), t("agency", lang), t("criterion", lang), "Tên" if vi else "Name", t("node_max", lang),
                  t("self", lang), t("computed", lang), t("round1", lang), "Ghi chú vòng 1" if vi else "Round 1 note",
                  "Người thẩm định vòng 1" if vi else "Round 1 by", "Giải trình" if vi else "Explanation",
                  t("round2", lang), "Ghi chú vòng 2" if vi else "Round 2 note",
                  "Người thẩm định vòng 2" if vi else "Round 2 by", t("final", lang), t("difference", lang),
                  t("why", lang)], rows, [12, 30, 8, 40, 8, 8, 8, 8, 30, 20, 30, 8, 30, 20, 8, 9, 60], filters=True)

    s = wb.create_sheet(_sheet_name("Tồn tại" if vi else "Gaps", used))
    rows = []
    for a in result.agencies:
        for f in a.findings:
            waiver = a.waived_findings.get(f"{f.rule}|{f.subject}")
            rows.append([a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang),
                         pick(SEVERITIES, f.severity.value, lang), f.rule,
                         f.title.get(lang), f.subject, f.message.get(lang), f.count,
                         "; ".join(b.get(lang) for b in f.legal_basis), f.remediation.get(lang),
                         f"{waiver.id}: {waiver.justification}" if waiver else ""])
    _table(s, [t("code", lang), t("agency", lang), t("unit_type", lang), "Mức độ" if vi else "Severity",
                  "Quy tắc" if vi else "Rule", "Tồn tại" if vi else "Gap", "Đối tượng" if vi else "Subject",
                  "Nội dung" if vi else "What is wrong", "Số lượng" if vi else "Count",
                  "Căn cứ pháp lý" if vi else "Legal basis", "Việc cần làm" if vi else "What to do",
                  "Miễn trừ" if vi else "Waiver"], rows, [12, 30, 14, 11, 28, 40, 18, 60, 8, 50, 50, 40], filters=True)

    s = wb.create_sheet(_sheet_name("Thưởng - Trừ" if vi else "Bonus - Penalty", used))
    rows = [[a.agency_code, a.agency_name, ("thưởng" if x.kind == "bonus" else "trừ") if vi else x.kind, x.points,
             x.reason, "; ".join(x.evidence), x.by, x.explanation] for a in result.agencies for x in a.adjustments]
    _table(s, [t("code", lang), t("agency", lang), t("kind", lang), t("points", lang), t("reason", lang),
                  t("evidence", lang), "Người quyết định" if vi else "By", "Giải trình" if vi else "Explanation"], rows,
           [12, 30, 9, 8, 50, 40, 24, 40])

    s = wb.create_sheet(_sheet_name("Lỗi vòng" if vi else "Round issues", used))
    rows = [[i.severity, i.kind, i.subject, i.message.get(lang)] for i in result.issues]
    rows += [["error", "unreadable_submission", f.path, f.error] for f in result.failed]
    _table(s, ["Mức" if vi else "Level", "Loại" if vi else "Kind", "Đối tượng" if vi else "Subject",
                  "Nội dung" if vi else "Message"], rows, [10, 22, 40, 100], filters=True)

    with atomic_write(path, "wb") as fh:
        wb.save(fh)


# -- the appraisal workbook -----------------------------------------------------------------------------

ITEM_SHEET = ("Thẩm định", "Appraisal")
ADJ_SHEET = ("Thưởng - Trừ", "Bonus - Penalty")
INFO_SHEET = ("Thông tin", "Settings")
ITEM_COLUMNS = [  # key, vi, en; columns marked * are read back
    ("agency", "Mã cơ quan", "Agency code"), ("agency_name", "Tên cơ quan", "Agency name"),
    ("criterion", "Tiêu chí", "Criterion"), ("name", "Tên tiêu chí", "Name"), ("max", "Điểm tối đa", "Max"),
    ("min", "Điểm tối thiểu", "Min"), ("self", "Tự chấm", "Self"), ("computed", "Máy chấm", "Computed"),
    ("round1", "Vòng 1 - điểm", "Round 1 points"), ("round1_note", "Vòng 1 - ghi chú", "Round 1 note"),
    ("round1_by", "Vòng 1 - người thẩm định", "Round 1 by"), ("explanation", "Giải trình", "Explanation"),
    ("round2", "Vòng 2 - điểm", "Round 2 points"), ("round2_note", "Vòng 2 - ghi chú", "Round 2 note"),
    ("round2_by", "Vòng 2 - người thẩm định", "Round 2 by")]
ADJ_COLUMNS = [("agency", "Mã cơ quan", "Agency code"), ("kind", "Loại (thưởng/trừ)", "Kind (bonus/penalty)"),
               ("points", "Điểm", "Points"), ("reason", "Lý do", "Reason"),
               ("evidence", "Tài liệu kiểm chứng (cách nhau bằng ;)", "Evidence (separated by ;)"),
               ("by", "Người quyết định", "By"), ("explanation", "Giải trình", "Explanation")]
INFO_KEYS = [("round", "Vòng đánh giá", "Round"), ("council", "Hội đồng thẩm định", "Council"),
             ("appraised_on", "Ngày thẩm định", "Appraised on"), ("bonus_cap", "Trần điểm thưởng", "Bonus cap"),
             ("penalty_cap", "Trần điểm trừ", "Penalty cap")]
KINDS = {"thuong": "bonus", "bonus": "bonus", "tru": "penalty", "penalty": "penalty"}


def write_appraisal_workbook(result: RoundResult, path: str | Path, lang: str = "vi") -> None:
    """The sheet the council fills in: one row per agency and applicable, non-waived sub-criterion.

    Points already appraised (an appraisal file given to the round) are carried in; the caps and
    date go on the settings sheet. Read back with :func:`read_appraisal_xlsx`.
    """
    i = 1 if lang == "en" else 0
    check_writable(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ITEM_SHEET[i])
    rows = []
    for a in sorted(result.agencies, key=lambda a: a.agency_code):
        for r in a.rows:
            if r.leaf and r.applicable and r.state.value != "waived":
                rows.append([a.agency_code, a.agency_name, r.id, r.name.get(lang), r.max_points, _min_of(a, r),
                             r.self_score, r.computed, r.round1, r.round1_note, r.round1_by, r.explanation, r.round2,
                             r.round2_note, r.round2_by])
    _table(ws, [c[1 + i] for c in ITEM_COLUMNS], rows, [12, 30, 9, 50, 8, 8, 8, 8, 9, 30, 20, 30, 9, 30, 20],
           filters=True)
    adj = wb.create_sheet(ADJ_SHEET[i])
    arows = [[a.agency_code, (("thưởng" if x.kind == "bonus" else "trừ") if i == 0 else x.kind), x.points, x.reason,
              "; ".join(x.evidence), x.by, x.explanation] for a in result.agencies for x in a.adjustments]
    _table(adj, [c[1 + i] for c in ADJ_COLUMNS], arows, [12, 16, 8, 50, 40, 24, 40])
    info = wb.create_sheet(INFO_SHEET[i])
    caps = next(iter(result.agencies), None)
    appraised_on = result.as_of if result.as_of_source.startswith("appraised_on") else None
    values = {"round": result.round_id, "council": result.council, "appraised_on": appraised_on,
              "bonus_cap": caps.totals.bonus_cap if caps else None, "penalty_cap": caps.totals.penalty_cap if caps else None}
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 50
    for key, vi_label, en_label in INFO_KEYS:
        info.append([_cell(info, (vi_label, en_label)[i], bold=True), _cell(info, values[key])])
    with atomic_write(path, "wb") as fh:
        wb.save(fh)


def _min_of(agency, row) -> float:
    from compliance.catalog import find_edition

    try:
        node = find_edition(agency.edition.id).node(row.id)
    except InputError:
        return 0.0
    return node.min_points if node else 0.0


def _sheet(wb, names: tuple[str, str], path: Path, required: bool = True):
    for ws in wb.worksheets:
        if normalize_key(ws.title) in (normalize_key(names[0]), normalize_key(names[1])):
            return ws
    if required:
        raise InputError(path, f"no sheet '{names[0]}' (or '{names[1]}'): this is not a workbook from "
                         "'round export-appraisal'")
    return None


def _columns(ws, spec, path: Path) -> dict[str, int]:
    found = {}
    labels = {normalize_key(vi): key for key, vi, _ in spec} | {normalize_key(en): key for key, _, en in spec}
    for cell in ws[1]:
        if isinstance(cell.value, str) and normalize_key(cell.value) in labels:
            found[labels[normalize_key(cell.value)]] = cell.column
    return found


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value, path: Path, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(path, "points must be a number", where)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(parse_number(value, strict=True).value)
    except VnParseError as exc:
        raise InputError(path, f"points must be a number ({exc})", where) from None


def read_appraisal_xlsx(path: str | Path):
    """Read the appraisal workbook back as a :class:`~compliance.round.appraisal.LoadedAppraisal`.

    A row counts when it has round-1 or round-2 points; a note, appraiser or explanation without any
    points is an error (it would be lost otherwise). Errors name the sheet and the cell.
    """
    from compliance.round.appraisal import LoadedAppraisal

    path = Path(path)
    wb = open_streaming(path)
    try:
        _no_formula_without_result(path, wb)
        return _read(wb, path, LoadedAppraisal)
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
                            raise InputError(path, f"the formula {cell.value} has no saved result: open the workbook "
                                             "in Excel or LibreOffice and save it, or type the number",
                                             f"sheet {ws.title}, cell {cell.coordinate}")
    finally:
        formulas_wb.close()


def _read(wb, path: Path, loaded_cls):
    items_ws = _sheet(wb, ITEM_SHEET, path)
    cols = _columns(items_ws, ITEM_COLUMNS, path)
    for key in ("agency", "criterion", "round1", "round2"):
        if key not in cols:
            label = next(vi for k, vi, _ in ITEM_COLUMNS if k == key)
            raise InputError(path, f"no column '{label}'", f"sheet {items_ws.title}, row 1")
    places: dict[tuple, str] = {}
    agencies: dict[str, dict] = {}
    order: list[str] = []

    def agency_entry(code: str) -> tuple[int, dict]:
        if code not in agencies:
            agencies[code] = {"agency": code, "items": [], "bonus": [], "penalty": []}
            order.append(code)
        return order.index(code), agencies[code]

    for rownum, row in enumerate(items_ws.iter_rows(min_row=2), 2):
        value = {key: row[col - 1].value for key, col in cols.items() if col - 1 < len(row)}
        if all(v is None for v in value.values()):
            continue
        where = f"sheet {items_ws.title}, row {rownum}"

        def cell(key: str) -> str:
            return f"{get_column_letter(cols[key])}{rownum}" if key in cols else "?"

        r1 = _number(value.get("round1"), path, f"sheet {items_ws.title}, cell {cell('round1')}")
        r2 = _number(value.get("round2"), path, f"sheet {items_ws.title}, cell {cell('round2')}")
        words = {k: _text(value.get(k)) for k in ("round1_note", "round1_by", "explanation", "round2_note", "round2_by")}
        if r1 is None and r2 is None:
            stray = next((k for k, v in words.items() if v), None)
            if stray:
                raise InputError(path, f"'{stray}' is filled but no points are given", f"{where} ({cell(stray)})")
            continue
        code, criterion = _text(value.get("agency")), _text(value.get("criterion"))
        if not code or not criterion:
            raise InputError(path, "points without an agency code or a criterion", where)
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
        acols = _columns(adj_ws, ADJ_COLUMNS, path)
        for rownum, row in enumerate(adj_ws.iter_rows(min_row=2), 2):
            value = {key: row[col - 1].value for key, col in acols.items() if col - 1 < len(row)}
            if all(v is None for v in value.values()):
                continue
            where = f"sheet {adj_ws.title}, row {rownum}"
            kind = KINDS.get(normalize_key(_text(value.get("kind")) or ""))
            if kind is None:
                raise InputError(path, f"kind must be thưởng/bonus or trừ/penalty (got {value.get('kind')!r})", where)
            code = _text(value.get("agency"))
            if not code:
                raise InputError(path, "no agency code", where)
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
            where = f"sheet {info_ws.title}, cell B{rownum}"
            places[(key,)] = where
            if key == "appraised_on":
                try:
                    data[key] = parse_date(cell.value).date.isoformat()
                except VnParseError as exc:
                    raise InputError(path, f"not a date ({exc})", where) from None
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
        raise InputError(path, f"{field}: {err['msg']}", where or "sheet " + ITEM_SHEET[0]) from None
    return loaded_cls(path=path, data=parsed, places=places)


__all__ = ["write_council_workbook", "write_appraisal_workbook", "read_appraisal_xlsx"]
