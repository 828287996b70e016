"""The check's workbook with every finding streamed into it (``dossiers check --xlsx``): the same
workbook as the one written from the findings in memory, findings beyond one sheet's rows on further
sheets (said, none left out), text never a formula, nothing half-written, memory flat."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from compliance import api
from compliance.cli.dossiers import dossiers
from compliance.io.workbook import Book, write_table
from compliance.io.workbook_layout import row_height
from compliance.registers import workbook as reg_workbook

from test_register_check import CATALOGUE, EXPECTED, REGISTER, files

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "registers"
STAMP = re.compile(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>")


def parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook's package, its creation and modification times left out."""
    with zipfile.ZipFile(path) as z:
        return {n: STAMP.sub(b"", z.read(n)) for n in z.namelist()}


def check_cli(*args) -> None:
    run = CliRunner().invoke(dossiers, ["check", *map(str, args)])
    assert run.exit_code in (0, 1), run.output


@pytest.mark.parametrize("lang, window", [("vi", 100_000), ("en", 100_000), ("vi", 7)])
def test_streamed_workbook_is_the_one_written_from_the_findings_in_memory(tmp_path, monkeypatch, lang, window):
    """The 2026 demo register (wards under the province, 600 dossiers): the CLI streams the findings
    from DuckDB into the workbook (each rule's findings sorted a window of records at a time; windows of
    about 7 findings here too); a program that kept them (``full=True``) writes the same package, part
    for part, byte for byte."""
    from compliance.registers import findings as findings_mod

    monkeypatch.setattr(findings_mod, "WINDOW", window)
    register, catalogue = SAMPLES / "demo-2026-register.csv", SAMPLES / "demo-2026-catalogue.csv"
    streamed, kept = tmp_path / "streamed.xlsx", tmp_path / "kept.xlsx"
    check_cli(register, "--procedures", catalogue, "--xlsx", streamed, "--lang", lang)
    result = api.check_register(register, catalogue, full=True)
    api.write_check_workbook(result, kept, lang)
    assert parts(streamed) == parts(kept)
    ws = openpyxl.load_workbook(streamed)["Findings" if lang == "en" else "Chi tiết"]
    assert ws.max_row == 3 + len(result.findings) and len(result.findings) > 100
    first = result.findings[0]
    assert [c.value for c in ws[4]][1:3] == [first["rule"], first["code"]]
    assert ws["G4"].value == first["message"][lang]


def test_findings_beyond_a_sheet_go_on_in_the_next_sheet_and_are_said(tmp_path, monkeypatch):
    """Twelve findings and sheets of 10 rows (title, the part's line, blank row, header: 6 findings a
    sheet): two sheets, each saying which findings it holds and where they go on, all twelve kept in
    the order of the JSON output."""
    monkeypatch.setattr(reg_workbook, "SHEET_ROWS", 10)
    reg, cat = files(tmp_path)
    out, out_json = tmp_path / "kq.xlsx", tmp_path / "kq.json"
    check_cli(reg, "--procedures", cat, "--period", "2024", "--xlsx", out, "--json", out_json)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Quy tắc", "Nhóm", "Phát hiện theo cơ quan", "Chi tiết", "Chi tiết (2)",
                             "Biểu đồ"]
    one, two = wb["Chi tiết"], wb["Chi tiết (2)"]
    assert one["A1"].value == two["A1"].value == "Từng phát hiện"
    assert one["A2"].value == "Phát hiện 1–6 trên tổng số 12; tiếp theo ở trang 'Chi tiết (2)'"
    assert two["A2"].value == "Phát hiện 7–12 trên tổng số 12"
    assert one.max_row == two.max_row == 10
    assert one["A4"].value == "Mức độ" and one.auto_filter.ref == "A4:H10" and one.print_title_rows == "$4:$4"
    rows = [(r[1], r[2]) for ws in (one, two) for r in ws.iter_rows(min_row=5, values_only=True)]
    import json

    listed = [(f["rule"], f["code"]) for f in json.loads(out_json.read_text(encoding="utf-8"))["findings"]]
    assert rows == listed and set(rows) == EXPECTED


@pytest.mark.parametrize("sheet_rows, sheets", [(15, 1), (14, 2)])
def test_a_sheet_holds_exactly_its_rows(tmp_path, monkeypatch, sheet_rows, sheets):
    """Title, blank row and header take 3 rows: twelve findings fit in 15 rows and need a second sheet
    at 14 (a split sheet has one line more, so 10 findings then 2)."""
    monkeypatch.setattr(reg_workbook, "SHEET_ROWS", sheet_rows)
    reg, cat = files(tmp_path)
    out = tmp_path / "kq.xlsx"
    check_cli(reg, "--procedures", cat, "--period", "2024", "--xlsx", out, "--lang", "en")
    wb = openpyxl.load_workbook(out)
    found = [n for n in wb.sheetnames if n.startswith("Findings") and n != "Findings by agency"]
    assert len(found) == sheets
    assert [wb[n].max_row for n in found] == ([15] if sheets == 1 else [14, 6])
    if sheets == 2:
        assert wb["Findings"]["A2"].value == "Findings 1–10 of 12; continued on sheet 'Findings (2)'"
        assert wb["Findings (2)"]["A2"].value == "Findings 11–12 of 12"


def test_register_text_never_becomes_a_formula_in_the_streamed_sheet(tmp_path):
    """An agency, a dossier code and a procedure code that a spreadsheet would run (=, +, -, @) are
    written as text in every finding's row."""
    hostile = (REGISTER.replace("Sở A", '"=HYPERLINK(""http://x.invalid"";""bấm"")"')
               .replace("LATE1,P1", "@SUM(1+1),P1").replace("OVER1", "+84-1"))
    reg, cat = files(tmp_path, register=hostile, catalogue=CATALOGUE.replace("P3,", "-1+2,"))
    out = tmp_path / "kq.xlsx"
    check_cli(reg, "--procedures", cat, "--period", "2024", "--xlsx", out)
    ws = openpyxl.load_workbook(out)["Chi tiết"]
    cells = {c.value: c.data_type for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://x.invalid";"bấm")', "@SUM(1+1)", "+84-1", "-1+2"):
        assert cells[text] == "s", text
    assert not [v for v, t in cells.items() if t == "f"]
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_a_write_only_table_keeps_no_row_in_memory_and_keeps_every_height(tmp_path):
    """Two thousand rows of wrapped text: the sheet holds no row's height once it is written, and the
    file has every row's height."""
    book = Book("vi", write_only=True)
    ws = book.sheet("Bảng")
    text = "Hồ sơ 000.00.12.H21-240305-0001 quá hạn nhưng không có văn bản xin lỗi người nộp hồ sơ " * 2
    rows = ([f"HS-{i:05d}", text, i] for i in range(2000))
    table = write_table(book, ws, ["Mã", "Nội dung", "Số"], rows, [14, 40, 8], lines=["Bảng thử"])
    assert (table.first, table.last) == (4, 2003)
    assert len(ws.row_dimensions) <= 3  # the title's and the header's at most, not one per row
    out = tmp_path / "t.xlsx"
    book.save(out)
    back = openpyxl.load_workbook(out)["Bảng"]
    expected = row_height(["HS-00000", text, 0], [14, 40, 8])
    assert expected and all(back.row_dimensions[r].height == expected for r in (4, 1000, 2003))
    assert back["B2003"].value == text and back["C2003"].value == 1999 and back["C2003"].number_format.endswith("#,##0")


def test_ctrl_c_while_the_findings_stream_leaves_the_old_file_and_no_other(tmp_path):
    reg, cat = files(tmp_path)
    result = api.check_register(reg, cat, period="2024", full=True)
    out = tmp_path / "kq.xlsx"
    out.write_bytes(b"old")

    def findings():
        for n, f in enumerate(result.findings):
            if n == 5:
                raise KeyboardInterrupt
            yield tuple(f[k] for k in ("rule", "severity", "code", "place", "agency", "procedure_code", "message",
                                       "legal_basis"))

    with pytest.raises(KeyboardInterrupt):
        reg_workbook.write_check_workbook(result, out, "vi", findings=(findings(), len(result.findings)))
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.csv", "kq.xlsx", "register.csv"]


def test_more_findings_than_counted_is_an_error_not_a_cut(tmp_path):
    reg, cat = files(tmp_path)
    result = api.check_register(reg, cat, period="2024", full=True)
    rows = [tuple(f[k] for k in ("rule", "severity", "code", "place", "agency", "procedure_code", "message",
                                 "legal_basis")) for f in result.findings]
    with pytest.raises(RuntimeError, match="more findings than the 11 counted"):
        reg_workbook.write_check_workbook(result, tmp_path / "kq.xlsx", "vi", findings=(iter(rows), 11))
    assert not (tmp_path / "kq.xlsx").exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_places_said_by_shape_are_the_places_said_one_by_one(lang):
    """The workbook says each shape of place once and puts each place's numbers back: the same words as
    saying every place (sheet names with numbers, a leading zero, a province's records, a cell)."""
    from compliance.i18n import places

    said = ["row 1605", "row 49", "sheet Quý II, row 1234567", "sheet Quý 2, row 7", "sheet Tháng 01, row 7",
            "record 12345", "DNO, record 198", "row 5 (dòng trống phía trên)", "row 012", "sheet 2024, cell C7",
            "line 12, received.total", "row 0", "", None]
    for place in said + said:  # the second time from what was kept
        assert reg_workbook.place_said(place, lang) == places.said(place, lang), place
    assert reg_workbook.place_said("sheet Quý 2, row 7", "vi") == "dòng 7 (trang 'Quý 2')"
