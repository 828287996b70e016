"""``criteria export``: a criteria edition → an Excel workbook that ``criteria import`` reads back unchanged.

Sheets:
- "Bộ tiêu chí": title rows, then the table (STT | tên | tên tiếng Anh | điểm tối đa | điểm tối thiểu |
  cách chấm | dữ liệu đầu vào | tài liệu kiểm chứng | áp dụng cho | mức tin cậy | mô phỏng theo | nguồn |
  ghi chú | số lượng đã biết), one row per node, and a "TỔNG CỘNG" row when the edition states a total;
- "Thông tin": the edition's data as key / value rows (a list repeats its key);
- "Xếp loại": the classification thresholds.

STT is written as text (so "1.10" stays "1.10"); points as numbers; the scoring text in the canonical
wording of :mod:`compliance.criteria_lib.scoring_text`. Text starting with "=" is written as text, never
as a formula. The file is written atomically.
"""

from __future__ import annotations

import io
from pathlib import Path

from compliance.criteria_lib.importer import APPLIES_NONE, CLASS_SHEET, META_SHEET
from compliance.criteria_lib.scoring_text import render_scoring
from compliance.io.files import atomic_write
from compliance.model.criteria import Edition, Node

TABLE_SHEET = "Bộ tiêu chí"
HEADERS = [("stt", "STT", 8), ("name", "Lĩnh vực / tiêu chí / tiêu chí thành phần", 48), ("name_en", "Tên tiếng Anh", 30),
           ("points", "Điểm tối đa", 10), ("min_points", "Điểm tối thiểu", 10), ("scoring", "Cách chấm", 44),
           ("inputs", "Dữ liệu đầu vào", 24), ("evidence", "Tài liệu kiểm chứng", 36), ("applies", "Áp dụng cho", 16),
           ("confidence", "Mức tin cậy", 11), ("modelled_on", "Mô phỏng theo", 30), ("source", "Nguồn", 20),
           ("note", "Ghi chú", 24), ("known_counts", "Số lượng đã biết", 20)]


def _set(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _counts_text(counts) -> str:
    if counts is None:
        return ""
    parts = [f"{k}={getattr(counts, k)}" for k in ("fields", "criteria", "sub_criteria") if getattr(counts, k) is not None]
    if counts.source is not None:
        parts.append(f"source={counts.source}")
    return "; ".join(parts)


def _row(node: Node) -> dict:
    text, inputs = render_scoring(node.scoring)
    applies = "" if node.applies_to is None else (", ".join(u.value for u in node.applies_to) or APPLIES_NONE)
    return {"stt": node.id, "name": node.name.vi, "name_en": node.name.en or "", "points": node.max_points,
            "min_points": node.min_points, "scoring": text, "inputs": inputs or "", "evidence": "\n".join(node.evidence),
            "applies": applies, "confidence": node.confidence.value, "modelled_on": node.modelled_on or "",
            "source": node.source or "", "note": node.note or "", "known_counts": _counts_text(node.known_counts)}


def build_workbook(edition: Edition):
    """The openpyxl Workbook for ``edition`` (not saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = TABLE_SHEET
    last_col = get_column_letter(len(HEADERS))
    _set(ws.cell(row=1, column=1), edition.title.vi)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last_col}1")
    basis = ("Bộ mẫu của dự án (không có quyết định ban hành)" if edition.model_set
             else f"Quyết định {edition.decision}" if edition.decision else "")
    _set(ws.cell(row=2, column=1), f"Mã: {edition.id}. {basis}".strip())
    ws.merge_cells(f"A2:{last_col}2")
    header_row = 4
    for c, (_, title, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header_row, column=c, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    r = header_row + 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for node in edition.nodes():
        values = _row(node)
        depth = node.id.count(".")
        for c, (key, _, _) in enumerate(HEADERS, start=1):
            cell = ws.cell(row=r, column=c)
            _set(cell, values[key] if values[key] != "" else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=depth if key == "name" else 0) if key == "name" else wrap
            if key == "stt":
                cell.number_format = "@"
            if depth == 0 and key in ("stt", "name", "points"):
                cell.font = Font(bold=True)
        r += 1
    if edition.stated_total is not None:
        ws.cell(row=r, column=2, value="TỔNG CỘNG").font = Font(bold=True)
        ws.cell(row=r, column=4, value=edition.stated_total).font = Font(bold=True)

    meta = wb.create_sheet(META_SHEET)
    meta.append(["Khoá (key)", "Giá trị", "Ý nghĩa"])
    rows = [("id", edition.id, "Mã bộ tiêu chí"), ("title_vi", edition.title.vi, "Tên (tiếng Việt)"),
            ("title_en", edition.title.en, "Tên (tiếng Anh)"), ("level", edition.level, "Cấp: province, ministry, department, district, commune"),
            ("unit_types", ", ".join(u.value for u in edition.unit_types), "Loại đơn vị áp dụng"),
            ("valid_from", edition.valid_from.isoformat(), "Áp dụng từ ngày (YYYY-MM-DD)"),
            ("valid_to", edition.valid_to.isoformat() if edition.valid_to else None, "Áp dụng đến ngày"),
            ("model_set", edition.model_set, "Bộ mẫu của dự án (TRUE/FALSE)"), ("decision", edition.decision, "Quyết định ban hành"),
            ("source", edition.source, "Nguồn"), ("confidence", edition.confidence.value, "Mức tin cậy: verified, model, unknown"),
            ("scale", edition.scale, "Thang điểm"), ("survey_points", edition.survey_points, "Điểm điều tra xã hội học"),
            ("bonus_cap", edition.bonus_cap, "Điểm thưởng tối đa"), ("penalty_cap", edition.penalty_cap, "Điểm trừ tối đa"),
            ("listed_only", edition.listed_only, "Chỉ liệt kê, chưa có nội dung")]
    rows += [("modelled_on", m, "Mô phỏng theo") for m in edition.modelled_on]
    rows += [("notes", n, "Ghi chú") for n in edition.notes]
    if edition.known_counts is not None:
        for k in ("fields", "criteria", "sub_criteria", "source"):
            value = getattr(edition.known_counts, k)
            if value is not None:
                rows.append((f"known_counts.{k}", value, "Số lượng theo nguồn"))
    for key, value, meaning in rows:
        meta.append([key, None, meaning])
        _set(meta.cell(row=meta.max_row, column=2), value)
    meta.column_dimensions["A"].width = 24
    meta.column_dimensions["B"].width = 70
    meta.column_dimensions["C"].width = 40

    classes = wb.create_sheet(CLASS_SHEET)
    classes.append(["Xếp loại", "Tên tiếng Anh", "Chỉ số từ (%)"])
    for c in edition.classes:
        classes.append([None, None, c.min])
        _set(classes.cell(row=classes.max_row, column=1), c.name.vi)
        _set(classes.cell(row=classes.max_row, column=2), c.name.en)
    return wb


def export_edition(edition: Edition, out: str | Path) -> Path:
    """Write ``edition`` to ``out`` (.xlsx), atomically. Returns the path."""
    out = Path(out)
    buffer = io.BytesIO()
    build_workbook(edition).save(buffer)
    with atomic_write(out, "wb") as fh:
        fh.write(buffer.getvalue())
    return out
