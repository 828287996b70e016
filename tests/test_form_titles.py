"""The fill-in form and the appraisal workbook as people hand them back: a title block added above each
table (an agency's heading, "CỘNG HÒA …", the report's name and its "(Kèm theo …)" line, merged across
the sheet). They are still read, with the same values, and each value keeps its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from compliance.intake.submission import load_submission

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
HEADING = ["UBND TỈNH ĐẮK NÔNG", "VĂN PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", None,
           "Số: 123/BC-VP", "Đắk Nông, ngày 05 tháng 3 năm 2023", None, "BÁO CÁO TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
           "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 05/3/2023 của UBND tỉnh Đắk Nông)", None]


def add_heading(ws, lines: list) -> None:
    """Insert ``lines`` above everything on ``ws``, moving merged ranges with their cells (openpyxl does
    not), each heading line merged across the sheet's width as a printed heading is."""
    n = len(lines)
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(r))
    width = max(ws.max_column, 3)
    ws.insert_rows(1, n)
    for r1, c1, r2, c2 in ranges:
        ws.merge_cells(start_row=r1 + n, start_column=c1, end_row=r2 + n, end_column=c2)
    for i, text in enumerate(lines, 1):
        if text is not None:
            ws.cell(row=i, column=1, value=text)
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)


@pytest.mark.parametrize("lines", [HEADING[:1], HEADING], ids=["one title row", "a full heading"])
def test_form_with_a_title_block_reads_the_same(tmp_path, seed_loaded, lines):
    reference = load_submission(FORM)
    wb = load_workbook(FORM)
    for ws in wb.worksheets[1:]:  # every sheet but the instructions
        add_heading(ws, lines)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    loaded = load_submission(path)
    assert loaded.submission.model_dump() == reference.submission.model_dump()
    n = len(lines)
    assert loaded.source_of(("dossiers", "resolved", "total")) == f"sheet Hồ sơ TTHC, cell I{5 + n}"
    assert loaded.source_of(("late_dossiers", 0)) == f"sheet Hồ sơ trễ hạn, row {4 + n}"


def test_appraisal_workbook_with_a_title_row_reads_the_same(tmp_path):
    from compliance.round.appraisal import load_appraisal
    from compliance.round.run import run_round
    from compliance.round.workbook import write_appraisal_workbook

    subs = ROOT / "samples" / "round" / "submissions"
    result = run_round(subs, appraisal=ROOT / "samples" / "round" / "appraisal.yaml")
    path = tmp_path / "appraisal.xlsx"
    write_appraisal_workbook(result, path)
    reference = load_appraisal(path)
    wb = load_workbook(path)
    for name in ("Thẩm định", "Thưởng - Trừ"):
        add_heading(wb[name], ["HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2020", None])
    wb.save(path)
    loaded = load_appraisal(path)
    assert loaded.data == reference.data
    first = reference.where("agencies", 0, "items", 0)
    row = int(first.rsplit(" ", 1)[1])
    assert loaded.where("agencies", 0, "items", 0) == f"sheet Thẩm định, row {row + 2}"  # the rows as the user sees them
    again = run_round(subs, appraisal=path)
    assert [(a.agency_code, a.totals.index_percent) for a in again.agencies] == [
        (a.agency_code, a.totals.index_percent) for a in result.agencies]
