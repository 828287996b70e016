"""What the register commands (``dossiers summarize`` and ``dossiers check``) say about the rows they leave
out and the dates they write, on exports as one-stop software writes them (a title block, a two-row merged
header, a totals row, the signature block; several sheets; a template numbered in advance):

- every date of a command's output is written one way per language (Vietnamese 05/4/2026 and 05/01/2026,
  English 05/04/2026: :func:`compliance.i18n.date`), on the terminal and in the workbook;
- a totals row's count is read one way (:func:`compliance.io.table.totals_number`): "Tổng số:" before,
  thousands with a dot, the unit after;
- a row holding only its number (STT) is said as such, apart from the rows with nothing written;
- a signature block with dossiers after it is said where it is (its rows, and where the reading goes on),
  never as the end of the form, and the rows of every block are said without "cuối biểu".
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from clirun import main
from compliance.io.table import totals_number
from compliance.registers.check import check_register, summarize_register
from test_register_signature import (SIGNED_CSV, dossier, put, qa_dossier, qa_register, signed_workbook, title_and_header,
                                     write_rows)


def _en(notices) -> list[str]:
    return [n.get("en") if hasattr(n, "get") else str(n) for n in notices]


def _vi(notices) -> list[str]:
    return [n.get("vi") if hasattr(n, "get") else str(n) for n in notices]


def first_quarter(title: str):
    """A workbook whose sheet ``title`` has the title block, the two-row merged header and three dossiers of
    January (rows 8–10, the second applicant named Nguyễn Thị Hoa as the form's drafter is)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    write_rows(ws, title_and_header(ws), [dossier(1, "HS-2026-0001"), dossier(2, "HS-2026-0002", "Nguyễn Thị Hoa"),
                                          dossier(3, "HS-2026-0003")])
    return wb, ws


def _both(path, period="2026"):
    """The reading's notices of summarize and of check (the totals row that disagrees goes with the table)."""
    summary, loaded = summarize_register(path, period=period)
    checked = check_register(path, period=period)
    return summary, loaded, checked


# ------------------------------------------------------------------------------------------- the dates

def spring_register(path):
    """QA5's export shape (a workbook "Sổ hồ sơ": two title rows, a blank row, the 19 columns, dates written as
    text) received 09/02/2026 to 05/4/2026: a dossier of March resolved late on 20/3/2026 (due 16/3/2026)
    without an apology letter, one received 05/4/2026 and resolved after it (22/4/2026), one of February
    resolved early."""

    def received(i: int, dates: tuple[str, str, str]) -> list[str]:
        row = qa_dossier(i, channel="Trực tuyến" if i % 2 else "Trực tiếp")
        row[8], row[9], row[11] = dates
        row[10], row[12] = dates[0], dates[2]  # moved on the day it came, returned on the day it was resolved
        return row

    return qa_register(path, [received(1, ("02/03/2026", "16/03/2026", "20/03/2026")),
                              received(2, ("05/04/2026", "19/04/2026", "22/04/2026")),
                              received(3, ("09/02/2026", "23/02/2026", "20/02/2026"))])


def test_the_default_period_and_its_notes_write_one_date_style(tmp_path):
    p = spring_register(tmp_path / "so.xlsx")
    out = tmp_path / "bang.xlsx"
    run = main("dossiers", "summarize", p, "--lang", "vi", "--xlsx", out)
    assert run.code == 0 and run.clean
    assert "Kỳ báo cáo: 09/02/2026–05/4/2026 (theo ngày tiếp nhận trong sổ)" in run.out
    assert "- không có --period: dùng khoảng ngày tiếp nhận trong sổ 09/02/2026–05/4/2026" in run.out
    assert "- 1 hồ sơ tiếp nhận trong khoảng đó có kết quả sau ngày 05/4/2026:" in run.out
    assert "05/04/2026" not in run.out + run.err
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row
             if isinstance(c, str)]
    assert any(c.startswith("Kỳ báo cáo: 09/02/2026–05/4/2026 (theo ngày tiếp nhận trong sổ)") for c in cells)
    assert "không có --period: dùng khoảng ngày tiếp nhận trong sổ 09/02/2026–05/4/2026" in cells
    assert not any("05/04/2026" in c for c in cells)
    run = main("dossiers", "summarize", p, "--lang", "en")
    assert "Period: 09/02/2026–05/04/2026 (the register's receipt dates)" in run.out
    assert "- no --period given: the register's receipt dates 09/02/2026–05/04/2026 are used" in run.out
    assert "their result after 05/04/2026" in run.out and "05/4/2026" not in run.out


def test_a_period_cutting_the_register_says_its_dates_as_the_table_does(tmp_path):
    p = spring_register(tmp_path / "so.xlsx")
    run = main("dossiers", "summarize", p, "--period", "2026-03", "--lang", "vi")
    assert "Kỳ báo cáo: 01/3/2026–31/3/2026 (2026-03)" in run.out
    assert "- 1 hồ sơ tiếp nhận sau ngày 31/3/2026 nằm ngoài kỳ" in run.out
    assert "- 1 hồ sơ đã giải quyết xong trước ngày 01/3/2026 nằm ngoài kỳ" in run.out
    run = main("dossiers", "summarize", p, "--period", "2026-03", "--lang", "en")
    assert "- 1 dossier(s) received after 31/03/2026 are outside the period" in run.out
    assert "- 1 dossier(s) finished before 01/03/2026 are outside the period" in run.out


def test_the_findings_write_their_dates_as_the_notes_do(tmp_path):
    """The late dossier's finding, in the JSON and on the findings sheet: "hẹn trả 16/3/2026" in Vietnamese,
    "due 16/03/2026" in English, as the period line above it."""
    p = spring_register(tmp_path / "so.xlsx")
    found, book = tmp_path / "phat-hien.json", tmp_path / "kiem-tra.xlsx"
    run = main("dossiers", "check", p, "--lang", "vi", "--json", found, "--xlsx", book)
    assert run.code == 0 and run.clean
    late = [f for f in json.loads(found.read_text(encoding="utf-8"))["findings"]
            if f["rule"] == "onestop.dossier.late_without_apology"]
    assert [f["message"] for f in late] == [{
        "vi": "Hồ sơ HS-2026-0001 (Sở Tư pháp) quá hạn (hẹn trả 16/3/2026) nhưng không có văn bản xin lỗi người nộp hồ sơ",
        "en": "Dossier HS-2026-0001 (Sở Tư pháp) is late (due 16/03/2026) but has no apology letter to the applicant"}]
    cells = [c for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert late[0]["message"]["vi"] in cells
    assert any(c.startswith("Kỳ báo cáo: 09/02/2026–05/4/2026") for c in cells)
    assert not any(d in c for c in cells for d in ("16/03/2026", "05/04/2026"))


# ------------------------------------------------------------------------------ the count a totals row states

@pytest.mark.parametrize("text, count", [
    ("Tổng cộng: 3 hồ sơ", 3), ("Tổng số: 1.234 hồ sơ", 1234), ("TỔNG SỐ:28.044", 28044), ("Cộng 12", 12),
    ("Tổng cộng (1.234 hồ sơ)", 1234), ("9 hồ sơ", 9), ("1.234 hồ sơ", 1234), ("28.044 HS", 28044), ("28.044", 28044),
    ("28 044", 28044), ("12", 12), (12, 12), (1234.0, 1234),
    ("Tổng cộng", None), ("TỔNG SỐ:", None), ("hồ sơ", None), ("05/01/2026", None), ("HS-2026-0001", None),
    ("47,26 %", None), (None, None), (True, None)])
def test_a_totals_count_is_read_as_vietnamese_write_it(text, count):
    assert totals_number(text) == count


def totals_workbook(path, label: str, second: str | None):
    """Sheet "Quý I": three dossiers, then the totals row: ``label`` in the STT column (merged over the code
    columns) and ``second`` in the code column's neighbour, as a software export writes "Tổng số:" | "3 hồ sơ"."""
    wb, ws = first_quarter("Quý I")
    put(ws, 11, {"A": label, **({"E": second} if second else {})})
    ws.merge_cells("A11:D11")
    wb.save(path)
    return path


@pytest.mark.parametrize("label, second, said", [
    ("Tổng số:", "3 hồ sơ", "it states 3, the rows read are 3"),
    ("Tổng cộng: 1.234 hồ sơ", None, "it states 1,234, the rows read are 3 (difference +1,231)"),
    ("TỔNG CỘNG", "1.234 HS", "it states 1,234, the rows read are 3 (difference +1,231)"),
])
def test_the_totals_row_of_an_export_states_its_count(tmp_path, label, second, said):
    p = totals_workbook(tmp_path / "so.xlsx", label, second)
    summary, loaded, checked = _both(p)
    expected = f"sheet Quý I, row 11: the totals row ('{label}') is not a dossier: left out; {said}"
    for notices in (loaded.notices + summary.notices, checked.notices):
        assert [n for n in _en(notices) if "totals row" in n] == [expected]


# ------------------------------------------------------------------------------- rows numbered in advance

def numbered_template(path):
    """The register's template numbered 1–30 in advance (sheet "Quý I"): three dossiers (rows 8–10), a row left
    blank (row 11), then rows 12–38 holding only their STT 4…30 (numbers, as Excel's fill writes them)."""
    wb, ws = first_quarter("Quý I")
    for k in range(4, 31):
        ws.cell(row=8 + k, column=1, value=k)
    wb.save(path)
    return path


def test_rows_holding_only_their_stt_are_said_apart_from_empty_rows(tmp_path):
    p = numbered_template(tmp_path / "mau-so.xlsx")
    summary, loaded, checked = _both(p)
    assert loaded.rows == checked.rows == 3 and summary.total.counts["received_total"] == 3
    first = ", ".join(f"sheet Quý I, row {r}" for r in range(12, 32))
    expected_en = ["1 empty row(s) left out: sheet Quý I, row 11",
                   f"27 row(s) holding only their number (STT), every other cell empty, left out: {first} and 7 more"]
    assert [n for n in _en(loaded.notices) if "left out" in n] == [n for n in _en(checked.notices) if "left out" in n] \
        == expected_en
    first_vi = ", ".join(f"dòng {r} (trang 'Quý I')" for r in range(12, 32))
    assert [n for n in _vi(loaded.notices) if "đã bỏ qua" in n] == [
        "đã bỏ qua 1 dòng không có dữ liệu: dòng 11 (trang 'Quý I')",
        f"đã bỏ qua 27 dòng chỉ ghi số thứ tự (STT), các ô khác để trống: {first_vi} và 7 dòng khác"]


# ------------------------------------------------------------------------- a signature block mid-sheet

def two_forms_in_one_sheet(path):
    """One sheet "Sổ 2026" holding the first quarter's form and, pasted under it, the second's dossiers:
    three dossiers of January (rows 8–10), "Tổng cộng: 3 hồ sơ" (row 11), a blank row, the place and date,
    who drew it up beside the deputy chairman, their marks, a blank row, their names (rows 13–18); a blank
    row; two dossiers of April (rows 20–21), the head of the unit signing under them (rows 23–25)."""
    wb, ws = first_quarter("Sổ 2026")
    put(ws, 11, {"A": "Tổng cộng: 3 hồ sơ"})
    ws.merge_cells("A11:D11")
    put(ws, 13, {"H": "Lâm Đồng, ngày 31 tháng 3 năm 2026"})
    ws.merge_cells("H13:J13")
    put(ws, 14, {"B": "Người lập biểu", "H": "KT. CHỦ TỊCH"})
    put(ws, 15, {"H": "PHÓ CHỦ TỊCH"})
    put(ws, 16, {"B": "(Ký, ghi rõ họ tên)", "H": "(Ký tên, đóng dấu)"})
    put(ws, 18, {"B": "Nguyễn Thị Hoa", "H": "Trần Văn Nam"})
    write_rows(ws, 20, [dossier(4, "HS-2026-0101", month=4), dossier(5, "HS-2026-0102", month=4)])
    put(ws, 23, {"G": "THỦ TRƯỞNG ĐƠN VỊ"})
    put(ws, 24, {"G": "(Ký, đóng dấu)"})
    put(ws, 25, {"G": "Phạm Minh Đức"})
    wb.save(path)
    return path


MIDDLE_EN = ("sheet Sổ 2026, rows 13–18: a signature block in the middle of the register, not at its end: the rows "
             "after it, from sheet Sổ 2026, row 20, are read as dossiers")
MIDDLE_VI = ("các dòng 13–18 (trang 'Sổ 2026'): phần ký tên nằm giữa sổ, không phải ở cuối sổ: các dòng sau nó, "
             "từ dòng 20 (trang 'Sổ 2026'), vẫn được đọc là hồ sơ")


def test_a_signature_block_with_dossiers_under_it_is_said_where_it_is(tmp_path):
    p = two_forms_in_one_sheet(tmp_path / "so-2026.xlsx")
    summary, loaded, checked = _both(p)
    assert loaded.rows == checked.rows == 5
    assert summary.total.counts["received_total"] == 5
    for notices in (loaded.notices, checked.notices):
        en = _en(notices)
        block = [n for n in en if "signature block" in n]
        assert block == [
            "sheet Sổ 2026, row 13 skipped (signature block, not a dossier): Lâm Đồng, ngày 31 tháng 3 năm 2026",
            "sheet Sổ 2026, row 14 skipped (signature block, not a dossier): Người lập biểu KT. CHỦ TỊCH",
            "sheet Sổ 2026, row 15 skipped (signature block, not a dossier): PHÓ CHỦ TỊCH",
            "sheet Sổ 2026, row 16 skipped (signature block, not a dossier): (Ký, ghi rõ họ tên) (Ký tên, đóng dấu)",
            "sheet Sổ 2026, row 18 skipped (signature block, not a dossier): Nguyễn Thị Hoa Trần Văn Nam",
            MIDDLE_EN,  # right after its block's rows; the block at the foot of the sheet is the end: no such note
            "sheet Sổ 2026, row 23 skipped (signature block, not a dossier): THỦ TRƯỞNG ĐƠN VỊ",
            "sheet Sổ 2026, row 24 skipped (signature block, not a dossier): (Ký, đóng dấu)",
            "sheet Sổ 2026, row 25 skipped (signature block, not a dossier): Phạm Minh Đức"]
        vi = _vi(notices)
        assert MIDDLE_VI in vi
        assert "dòng 18 (trang 'Sổ 2026'): bỏ qua (phần ký tên, không phải hồ sơ): Nguyễn Thị Hoa Trần Văn Nam" in vi
        assert not any("cuối biểu" in n for n in vi)
    # the totals row of the first form counts its own three dossiers, not the sheet's five: said with the table
    assert _en(summary.notices)[0] == ("sheet Sổ 2026, row 11: the totals row ('Tổng cộng: 3 hồ sơ') is not a dossier: "
                                       "left out; it states 3, the rows read are 5 (difference −2)")


def test_the_middle_block_is_printed_in_vietnamese_by_both_commands(tmp_path):
    p = two_forms_in_one_sheet(tmp_path / "so-2026.xlsx")
    for command in ("summarize", "check"):
        run = main("dossiers", command, p, "--period", "2026", "--lang", "vi")
        assert run.code == 0 and run.clean
        assert f"ghi chú: {MIDDLE_VI}" in run.err.splitlines()
        assert "cuối biểu" not in run.err + run.out


def test_a_block_at_the_end_of_each_sheet_is_no_middle_block(tmp_path):
    """The first sheet's block is followed by the second sheet's dossiers in the reading, but it ends its own
    sheet: each block is only said row by row."""
    p = signed_workbook(tmp_path / "so-2026.xlsx")
    _summary, loaded, checked = _both(p)
    for notices in (loaded.notices, checked.notices):
        assert not any("middle" in n for n in _en(notices))
        assert len([n for n in _en(notices) if "(signature block, not a dossier)" in n]) == 8


def test_a_csv_block_followed_by_dossiers_names_its_lines(tmp_path):
    """QA4's CSV shape with two more dossiers after the block (lines 10–11)."""
    p = tmp_path / "so.csv"
    p.write_text(SIGNED_CSV + "4,HS-2026-0004,1.004037,Lê Văn Tâm,Sở Tư pháp,Trực tuyến,07/01/2026,21/01/2026,"
                 "16/01/2026\n5,HS-2026-0005,1.004037,Đỗ Thị Lan,Sở Tư pháp,Trực tiếp,08/01/2026,22/01/2026,\n",
                 encoding="utf-8")
    _summary, loaded, checked = _both(p)
    assert loaded.rows == checked.rows == 5
    middle = "rows 6–9: a signature block in the middle of the register, not at its end: the rows after it, from " \
             "row 10, are read as dossiers"
    assert [n for n in _en(loaded.notices) if "middle" in n] == [n for n in _en(checked.notices) if "middle" in n] \
        == [middle]
    assert ("các dòng 6–9: phần ký tên nằm giữa sổ, không phải ở cuối sổ: các dòng sau nó, từ dòng 10, vẫn được đọc "
            "là hồ sơ") in _vi(loaded.notices)
