"""``criteria export``: a criteria edition → an Excel workbook that ``criteria import`` reads back unchanged.

Sheets:
- "Bộ tiêu chí": title rows, then the table (STT | tên | tên tiếng Anh | điểm tối đa | điểm tối thiểu |
  cách chấm | dữ liệu đầu vào | tài liệu kiểm chứng | áp dụng cho | mức tin cậy | mô phỏng theo | nguồn |
  ghi chú | số lượng đã biết), one row per node, and a "TỔNG CỘNG" row when the edition states a total;
- "Thông tin": the edition's data as key / value rows (a list repeats its key);
- "Xếp loại": the classification thresholds.

STT is written as text (so "1.10" stays "1.10"); points as numbers; the scoring text in the canonical
wording of :mod:`compliance.criteria_lib.scoring_text`. Written through the product's one writer
(:mod:`compliance.io.workbook`): text, whatever it starts with, is written as text, never as a formula;
each sheet has its print setup; the file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from compliance.criteria_lib.importer import APPLIES_NONE, CLASS_SHEET, META_SHEET
from compliance.criteria_lib.scoring_text import render_scoring
from compliance.io.workbook import Book, put, write_table
from compliance.io.workbook_layout import fit_rows, print_titles
from compliance.model.criteria import Edition, Node

TABLE_SHEET = "Bộ tiêu chí"
HEADERS = [("stt", "STT", 7), ("name", "Lĩnh vực / tiêu chí / tiêu chí thành phần", 40), ("name_en", "Tên tiếng Anh", 24),
           ("points", "Điểm tối đa", 9), ("min_points", "Điểm tối thiểu", 9), ("scoring", "Cách chấm", 36),
           ("inputs", "Dữ liệu đầu vào", 18), ("evidence", "Tài liệu kiểm chứng", 28), ("applies", "Áp dụng cho", 12),
           ("confidence", "Mức tin cậy", 10), ("modelled_on", "Mô phỏng theo", 22), ("source", "Nguồn", 16),
           ("note", "Ghi chú", 18), ("known_counts", "Số lượng đã biết", 16)]


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


def build_workbook(edition: Edition) -> Book:
    """The workbook for ``edition`` (a :class:`~compliance.io.workbook.Book`, not saved)."""
    book = Book("vi", header=(edition.title.vi, f"Mã: {edition.id}"))
    fmt = book.fmt
    ws = book.sheet(TABLE_SHEET)
    last_col = get_column_letter(len(HEADERS))
    put(ws, 1, 1, edition.title.vi, style="title")
    ws.merge_cells(f"A1:{last_col}1")
    basis = ("Bộ mẫu của dự án (không có quyết định ban hành)" if edition.model_set
             else f"Quyết định {edition.decision}" if edition.decision else "")
    put(ws, 2, 1, f"Mã: {edition.id}. {basis}".strip(), style="subtitle")
    ws.merge_cells(f"A2:{last_col}2")
    header_row = 4
    for c, (_, title, width) in enumerate(HEADERS, start=1):
        put(ws, header_row, c, title, style="header")
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    print_titles(ws, header_row)
    r = header_row + 1
    for node in edition.nodes():
        values = _row(node)
        depth = node.id.count(".")
        for c, (key, _, _) in enumerate(HEADERS, start=1):
            value = values[key] if values[key] != "" else None
            style = "total" if depth == 0 else ("body" if value is None or isinstance(value, str) else "number")
            cell = put(ws, r, c, value, fmt.points if key in ("points", "min_points") else None, style=style)
            if key == "name":
                cell.alignment = Alignment(wrap_text=True, vertical="top", indent=depth)
            if key == "stt":
                cell.number_format = "@"
        r += 1
    if edition.stated_total is not None:
        put(ws, r, 2, "TỔNG CỘNG", style="total")
        put(ws, r, 4, edition.stated_total, fmt.points, style="total")
    fit_rows(ws, 1, r)

    meta = book.sheet(META_SHEET, landscape=False)
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
    # key / value rows from row 1 on, as the importer reads them
    write_table(book, meta, ["Khoá (key)", "Giá trị", "Ý nghĩa"], [list(row) for row in rows], [24, 70, 40],
                formats=[None, "General", None])

    classes = book.sheet(CLASS_SHEET, landscape=False)
    write_table(book, classes, ["Xếp loại", "Tên tiếng Anh", "Chỉ số từ (%)"],
                [[c.name.vi, c.name.en, c.min] for c in edition.classes], [24, 24, 14], formats=[None, None, "General"])
    return book


def export_edition(edition: Edition, out: str | Path) -> Path:
    """Write ``edition`` to ``out`` (.xlsx), atomically. Returns the path."""
    out = Path(out)
    build_workbook(edition).save(out)
    return out
