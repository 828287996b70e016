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
