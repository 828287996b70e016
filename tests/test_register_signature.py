"""The end of a register as Vietnamese forms end (QA4 #2): a totals row written in one cell ("Tổng cộng: 3
hồ sơ"), then the signature block (place and date, who drew up the form and who signs, "(Ký, ghi rõ họ
tên)", the names). Those rows are left out and said, never read as dossiers; a row with a dossier code
and dates is never left out, and a row under a "Ghi chú" note is no signature block. ``dossiers
summarize`` (which reads only the columns it counts, and the suspect rows again whole) and ``dossiers
check`` read the same dossiers and say the same notes. Files are built with openpyxl (title block, a
two-row merged header, two sheets, dates written "ngày 05 tháng 12 năm 2026") and as CSV text."""

import csv
import datetime as dt
import re

import duckdb
import openpyxl
import pytest

from compliance.io.table import (SIGNATURE_RES, SQL_FOLD, SQL_TOTALS, Column, fold, is_signature_text, is_totals_text,
                                 read_table, totals_number)
from compliance.registers.check import check_register, summarize_register
from compliance.registers.reader import RegisterInputError, connect, load_table

WIDTH = 10  # STT, Mã hồ sơ, Mã | Tên thủ tục, Người nộp, Cơ quan, Hình thức nộp, Tiếp nhận | Hẹn trả | Có kết quả


def title_and_header(ws) -> int:
    """The usual heading (agency, motto, the register's name, merged across), then a two-row merged header
    ("Thủ tục hành chính" over Mã | Tên, "Thời gian" over the three dates); returns the first data row."""
    ws["A1"] = "UBND XÃ NAM BAN"
    ws.merge_cells("A1:D1")
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("E1:J1")
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("E2:J2")
    ws["A4"] = "SỔ THEO DÕI HỒ SƠ NĂM 2026"
    ws.merge_cells("A4:J4")
    for c, h in ((1, "STT"), (2, "Mã hồ sơ"), (5, "Người nộp"), (6, "Cơ quan giải quyết"), (7, "Hình thức nộp")):
        ws.cell(row=6, column=c, value=h)
        ws.merge_cells(start_row=6, start_column=c, end_row=7, end_column=c)
    ws["C6"] = "Thủ tục hành chính"
    ws.merge_cells("C6:D6")
    ws["C7"], ws["D7"] = "Mã", "Tên"
    ws["H6"] = "Thời gian"
    ws.merge_cells("H6:J6")
    ws["H7"], ws["I7"], ws["J7"] = "Tiếp nhận", "Hẹn trả", "Có kết quả"
    return 8


def dossier(i: int, code: str, applicant: str = "Lê Văn Tâm", month: int = 1) -> list:
    """A dossier received on the 5th, due on the 19th, resolved on the 15th; the receipt written in words."""
    return [i, code, "1.004037", "Cấp Phiếu lý lịch tư pháp", applicant, "UBND xã Nam Ban",
            "Trực tuyến" if i % 2 else "Trực tiếp", f"ngày 05 tháng {month:02d} năm 2026",
            dt.datetime(2026, month, 19), dt.datetime(2026, month, 15)]


def write_rows(ws, first: int, rows: list[list]) -> None:
    """``rows`` written from sheet row ``first`` down, a value a cell from column A."""
    for i, row in enumerate(rows):
        for c, v in enumerate(row, 1):
            ws.cell(row=first + i, column=c, value=v)


def put(ws, row: int, cells: dict[str, object]) -> None:
    for col, value in cells.items():
        ws[f"{col}{row}"] = value


def signed_workbook(path):
    """Sheet "Quý I": three dossiers (one applicant named Nguyễn Thị Hoa), "Tổng cộng: 3 hồ sơ" in one cell,
    the place-and-date line, two signers with the deputy's title, their marks, a blank row, their names.
    Sheet "Quý II": two dossiers, "Tổng số: 3" (one more than the rows), the head of the unit signing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Quý I"
    r = title_and_header(ws)
    write_rows(ws, r, [dossier(1, "HS-2026-0001"), dossier(2, "HS-2026-0002", "Nguyễn Thị Hoa"), dossier(3, "HS-2026-0003")])
    put(ws, 11, {"A": "Tổng cộng: 3 hồ sơ"})                                   # row 11
    ws.merge_cells("A11:D11")
    put(ws, 13, {"H": "Lâm Đồng, ngày 05 tháng 12 năm 2026"})                  # row 12 blank
    ws.merge_cells("H13:J13")
    put(ws, 14, {"B": "Người lập biểu", "H": "KT. CHỦ TỊCH"})
    put(ws, 15, {"H": "PHÓ CHỦ TỊCH"})
    put(ws, 16, {"B": "(Ký, ghi rõ họ tên)", "H": "(Ký tên, đóng dấu)"})
    put(ws, 18, {"B": "Nguyễn Thị Hoa", "H": "Trần Văn Nam"})                  # row 17 blank
    ws2 = wb.create_sheet("Quý II")
    r = title_and_header(ws2)
    write_rows(ws2, r, [dossier(1, "HS-2026-0101", month=4), dossier(2, "HS-2026-0102", month=4)])
    put(ws2, 10, {"A": "Tổng số: 3"})
    put(ws2, 12, {"G": "THỦ TRƯỞNG ĐƠN VỊ"})                                   # row 11 blank
    put(ws2, 13, {"G": "(Ký, đóng dấu)"})
    put(ws2, 14, {"G": "Phạm Minh Đức"})
    wb.save(path)
    return path


SIGNED_NOTES = [
    "sheet Quý I, row 11: the totals row ('Tổng cộng: 3 hồ sơ') is not a dossier: left out; it states 3, the rows "
    "read are 3",
    "sheet Quý I, row 13 skipped (signature block, not a dossier): Lâm Đồng, ngày 05 tháng 12 năm 2026",
    "sheet Quý I, row 14 skipped (signature block, not a dossier): Người lập biểu KT. CHỦ TỊCH",
    "sheet Quý I, row 15 skipped (signature block, not a dossier): PHÓ CHỦ TỊCH",
    "sheet Quý I, row 16 skipped (signature block, not a dossier): (Ký, ghi rõ họ tên) (Ký tên, đóng dấu)",
    "sheet Quý I, row 18 skipped (signature block, not a dossier): Nguyễn Thị Hoa Trần Văn Nam",
    "sheet Quý II, row 10: the totals row ('Tổng số: 3') is not a dossier: left out; it states 3, the rows read "
    "are 2 (difference +1)",
    "sheet Quý II, row 12 skipped (signature block, not a dossier): THỦ TRƯỞNG ĐƠN VỊ",
    "sheet Quý II, row 13 skipped (signature block, not a dossier): (Ký, đóng dấu)",
    "sheet Quý II, row 14 skipped (signature block, not a dossier): Phạm Minh Đức",
]


def _en(notices) -> list[str]:
    return [n.get("en") if hasattr(n, "get") else str(n) for n in notices]


def _left_out(notices) -> list[str]:
    return [n for n in _en(notices) if re.search(r"skipped \((a note|signature)|totals row|empty row", n)]


def _refused(path, summarize: bool) -> list[str]:
    """The lines of the error ``dossiers summarize`` (``summarize``) or ``dossiers check`` stops with on
    ``path`` (the first names the file, the others begin "error: ")."""
    with pytest.raises(RegisterInputError) as e:
        summarize_register(path, period="2026") if summarize else check_register(path, period="2026")
    return e.value.line().splitlines()


def _records(path, summarize: bool) -> list[tuple]:
    """(rn, code, applicant or None) of every record, read as ``summarize`` reads (only the columns it counts,
    the suspect rows read again whole) or as ``check`` reads (every cell)."""
    con = connect()
    if summarize:
        load_table(con, path, keep=set(), check_all=False)
        return con.execute("SELECT rn, dossier_code, NULL FROM dossiers ORDER BY rn").fetchall()
    load_table(con, path)
    return con.execute("SELECT rn, dossier_code, applicant FROM dossiers ORDER BY rn").fetchall()


def test_a_workbook_signed_at_the_end_of_each_sheet_reads_only_its_dossiers(tmp_path):
    p = signed_workbook(tmp_path / "so-2026.xlsx")
    summary, loaded = summarize_register(p, period="2026")
    checked = check_register(p, period="2026")
    assert loaded.rows == checked.rows == 5
    assert summary.total.counts["received_total"] == checked.summary.total.counts["received_total"] == 5
    # a totals row that disagrees with the rows is said with the table (summary.notices), the others with the reading
    notes = _left_out(loaded.notices + summary.notices)
    assert sorted(notes) == sorted(_left_out(checked.notices)) == sorted(
        ["3 empty row(s) left out: sheet Quý I, row 12, sheet Quý I, row 17, sheet Quý II, row 11", *SIGNED_NOTES])
    assert _left_out(loaded.notices) == [
        "3 empty row(s) left out: sheet Quý I, row 12, sheet Quý I, row 17, sheet Quý II, row 11",
        *SIGNED_NOTES[:6], *SIGNED_NOTES[7:]]
    assert _left_out(summary.notices) == [SIGNED_NOTES[6]]
    assert [c for _rn, c, _a in _records(p, True)] == [c for _rn, c, _a in _records(p, False)] == \
        ["HS-2026-0001", "HS-2026-0002", "HS-2026-0003", "HS-2026-0101", "HS-2026-0102"]
    assert _records(p, False)[1][2] == "Nguyễn Thị Hoa"  # the applicant of that name is a dossier's


SIGNED_CSV = (
    "STT,Mã hồ sơ,Mã thủ tục,Người nộp,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    "1,HS-2026-0001,1.004037,Nguyễn Thị Hoa,Sở Tư pháp,Trực tuyến,05/01/2026,19/01/2026,15/01/2026\n"
    "2,HS-2026-0002,1.004037,Trần Văn Nam,Sở Tư pháp,Trực tiếp,\"ngày 05 tháng 01 năm 2026\",19/01/2026,15/01/2026\n"
    "3,HS-2026-0003,1.004037,Lê Thị Mai,Sở Tư pháp,Trực tuyến,06/01/2026,20/01/2026,\n"
    ",,,,,,,,\n"
    ",Người lập biểu,,,,,,Thủ trưởng đơn vị,\n"
    ",\"(Ký, ghi rõ họ tên)\",,,,,,\"(Ký tên, đóng dấu)\",\n"
    ",,,,,,,,\n"
    ",Nguyễn Thị Hoa,,,,,,Trần Văn Nam,\n")


def test_a_csv_with_the_signature_block_of_qa4_is_read(tmp_path):
    """The shape of QA4's reg_signature_block.csv: the block under the dossier code and on the right."""
    p = tmp_path / "so.csv"
    p.write_text(SIGNED_CSV, encoding="utf-8")
    summary, loaded = summarize_register(p, period="2026")
    checked = check_register(p, period="2026")
    expected = ["2 empty row(s) left out: row 5, row 8",
                "row 6 skipped (signature block, not a dossier): Người lập biểu Thủ trưởng đơn vị",
                "row 7 skipped (signature block, not a dossier): (Ký, ghi rõ họ tên) (Ký tên, đóng dấu)",
                "row 9 skipped (signature block, not a dossier): Nguyễn Thị Hoa Trần Văn Nam"]
    assert _left_out(loaded.notices) == _left_out(checked.notices) == expected
    assert loaded.rows == checked.rows == 3
    assert summary.total.counts["received_total"] == 3 and summary.total.counts["resolved_total"] == 2
    assert [r[:2] for r in _records(p, True)] == [r[:2] for r in _records(p, False)] == \
        [(1, "HS-2026-0001"), (2, "HS-2026-0002"), (3, "HS-2026-0003")]
    # the Vietnamese notes, as printed
    assert "dòng 9: bỏ qua (phần ký tên, không phải hồ sơ): Nguyễn Thị Hoa Trần Văn Nam" in \
        [n.get("vi") for n in loaded.notices if hasattr(n, "get")]


@pytest.mark.parametrize("summarize", [True, False])
def test_a_dossier_under_the_signers_row_is_never_left_out(tmp_path, summarize):
    """A row with a dossier code and dates right under "Người lập biểu" is a dossier: its blank channel is an
    error, in both commands; the name row after it (the block is broken) is an error too."""
    p = tmp_path / "so.csv"
    p.write_text(SIGNED_CSV.replace(",\"(Ký, ghi rõ họ tên)\",,,,,,\"(Ký tên, đóng dấu)\",\n",
                                    "4,HS-2026-0004,1.004037,Nguyễn Thị Hoa,Sở Tư pháp,,07/01/2026,21/01/2026,\n"),
                 encoding="utf-8")
    lines = _refused(p, summarize)
    assert lines[0] == f"{p}: row 7: column 'Hình thức nộp' is empty; it is required"
    assert f"error: {p}: row 9: column 'Hình thức nộp' is empty; it is required" in lines


@pytest.mark.parametrize("summarize", [True, False])
def test_rows_under_a_note_are_no_signature_block(tmp_path, summarize):
    """"Ghi chú: …" is left out as a note; a row of names under it is read (an error), not left out."""
    p = tmp_path / "so.csv"
    p.write_text(SIGNED_CSV.split(",,,,,,,,\n")[0] + "Ghi chú: số liệu đến 31/12/2026,,,,,,,,\n"
                 ",Nguyễn Thị Hoa,,,,,,Trần Văn Nam,\n", encoding="utf-8")
    lines = _refused(p, summarize)
    assert lines[0].startswith(f"{p}: row 6: column ") and all(" row 6: " in line for line in lines)
    assert f"{p}: row 6: column 'Hình thức nộp' is empty; it is required" in "\n".join(lines)
    p.write_text(SIGNED_CSV.split(",,,,,,,,\n")[0] + "Ghi chú: số liệu đến 31/12/2026,,,,,,,,\n", encoding="utf-8")
    notes = _left_out(summarize_register(p, period="2026")[1].notices if summarize else
                      check_register(p, period="2026").notices)
    assert notes == ["row 5 skipped (a note, not a dossier): Ghi chú: số liệu đến 31/12/2026"]


def test_a_totals_cell_with_its_number_is_compared_with_the_rows(tmp_path):
    """"Tổng cộng: 28.044 hồ sơ" states 28,044 (a Vietnamese number); the rows read are 3."""
    p = tmp_path / "so.csv"
    p.write_text(SIGNED_CSV.split(",,,,,,,,\n")[0] + "\"Tổng cộng: 28.044 hồ sơ\",,,,,,,,\n", encoding="utf-8")
    summary, loaded = summarize_register(p, period="2026")
    for notices in (loaded.notices + summary.notices, check_register(p, period="2026").notices):
        assert _left_out(notices) == ["row 5: the totals row ('Tổng cộng: 28.044 hồ sơ') is not a dossier: left out; "
                                      "it states 28,044, the rows read are 3 (difference +28,041)"]


TEXTS = ["Tổng cộng: 3 hồ sơ", "Tổng cộng", "TỔNG SỐ:", "Cộng 12", "Tổng số:28.044", "TỔNG CỘNG (100 điểm)",
         "Công nhận", "Cộng hòa", "Tổng hợp", "Nguyễn Thị Hoa", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)",
         "Người lập biểu", "Thủ trưởng đơn vị", "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "PHÓ GIÁM ĐỐC",
         "Lâm Đồng, ngày 05 tháng 12 năm 2026", "ngày … tháng … năm 20…", "HS-2026-0001", "05/01/2026",
         "ngày 05/01/2026", "Ghi chú: số liệu đến 31/12", "Giám đốc Sở Tư pháp",
         # the "Nơi nhận:" list and the head's confirmation (QA5 #2), and texts of dossiers that look like them
         "Nơi nhận:", "NƠI NHẬN", "Nơi nhận: - Như trên;", "- UBND tỉnh;", "- Như trên;", "- Lưu: VT.",
         "- Lưu VT, VP (2b).", "– CT, các PCT UBND tỉnh;", "Lưu: VT.", "Xác nhận của thủ trưởng đơn vị",
         "XÁC NHẬN CỦA LÃNH ĐẠO", "Lưu Văn Nhận", "Lưu Văn Thu", "Xác nhận tình trạng hôn nhân", "Nơi nhận hồ sơ",
         "-5", "- 05/01/2026"]


def test_python_and_duckdb_read_the_totals_and_signature_texts_alike():
    """The tests are written once (regular expressions on the folded text) and read by two engines: the SQL
    marking rows and the Python saying them must agree on every text."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[t] for t in TEXTS])
    kinds = ", ".join(f"regexp_matches({SQL_FOLD.format(x='x')}, '{r}')" for r in SIGNATURE_RES.values())
    rows = dict((r[0], r[1:]) for r in con.execute(
        f"SELECT x, {SQL_FOLD.format(x='x')}, {SQL_TOTALS.format(x='x')}, {kinds} FROM t").fetchall())
    for text in TEXTS:
        folded, totals, *sig = rows[text]
        assert folded == fold(text), text
        assert sig == [is_signature_text(text, k) for k in SIGNATURE_RES], text
        assert totals == is_totals_text(text), text
    totals = [t for t in TEXTS if rows[t][1]]
    assert totals == ["Tổng cộng: 3 hồ sơ", "Tổng cộng", "TỔNG SỐ:", "Cộng 12", "Tổng số:28.044", "TỔNG CỘNG (100 điểm)"]
    assert [totals_number(t) for t in totals] == [3, None, None, 12, 28044, 100]
    assert [t for t in TEXTS if is_signature_text(t, "signer")] == [
        "Người lập biểu", "Thủ trưởng đơn vị", "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "PHÓ GIÁM ĐỐC",
        "Xác nhận của thủ trưởng đơn vị", "XÁC NHẬN CỦA LÃNH ĐẠO"]
    assert [t for t in TEXTS if is_signature_text(t, "recipients")] == ["Nơi nhận:", "NƠI NHẬN", "Nơi nhận: - Như trên;"]
    assert [t for t in TEXTS if is_signature_text(t, "recipient")] == [
        "- UBND tỉnh;", "- Như trên;", "- Lưu: VT.", "- Lưu VT, VP (2b).", "– CT, các PCT UBND tỉnh;", "Lưu: VT."]
    # a person's name is a name (it belongs to a block only under a row that opens one), never the filing line
    assert [k for k in SIGNATURE_RES if is_signature_text("Lưu Văn Nhận", k)] == ["name"]
    assert not any(is_signature_text(t) for t in ("-5", "- 05/01/2026"))
    assert [t for t in TEXTS if is_signature_text(t, "date_line")] == [
        "Lâm Đồng, ngày 05 tháng 12 năm 2026", "ngày … tháng … năm 20…"]
    assert [t for t in TEXTS if is_signature_text(t, "mark")] == ["(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"]
    assert not any(is_signature_text(t) for t in ("HS-2026-0001", "05/01/2026", "ngày 05/01/2026", "Tổng số:28.044"))


def test_the_tabular_reader_leaves_out_the_signature_block_too(tmp_path):
    """The product's one tabular reader (PAPI score files, appraisal tables) tells the block as the register
    reader does: a province named like a person under the signers is left out only inside the block."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG ĐIỂM PAPI"])
    ws.append([])
    ws.append(["Tỉnh", "Điểm"])
    for row in (["Lâm Đồng", 43.1], ["Gia Lai", 42.5], ["Tổng cộng: 2 tỉnh"], [], ["Hà Nội, ngày 05 tháng 12 năm 2026"],
                ["Người lập biểu", "Thủ trưởng đơn vị"], ["(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"], [],
                ["Nguyễn Thị Hoa", "Trần Văn Nam"], ["Ghi chú: điểm tạm tính"], ["Đắk Lắk"]):
        ws.append(row)
    p = tmp_path / "papi.xlsx"
    wb.save(p)
    t = read_table(p, (Column("province", ("tỉnh",), True), Column("score", ("điểm",))), totals="check",
                   what="PAPI score")
    assert [r["province"] for r in t.rows] == ["Lâm Đồng", "Gia Lai", "Đắk Lắk"]  # Đắk Lắk: after a note, read
    assert [str(n) for n in t.notes if "above the data" not in str(n)] == [
        "sheet Sheet, row 8 skipped (signature block, not a PAPI score record): Hà Nội, ngày 05 tháng 12 năm 2026",
        "sheet Sheet, row 9 skipped (signature block, not a PAPI score record): Người lập biểu Thủ trưởng đơn vị",
        "sheet Sheet, row 10 skipped (signature block, not a PAPI score record): (Ký, ghi rõ họ tên) (Ký tên, đóng dấu)",
        "sheet Sheet, row 12 skipped (signature block, not a PAPI score record): Nguyễn Thị Hoa Trần Văn Nam",
        "sheet Sheet, row 13 skipped (a note, not a PAPI score record): Ghi chú: điểm tạm tính",
        "sheet Sheet, row 6: the totals row ('Tổng cộng: 2 tỉnh') is left out of the records"]


# QA5 #2: the administrative document's ending ("Nơi nhận:" and its "- …;" lines beside "TM. ỦY BAN NHÂN DÂN",
# "KT. CHỦ TỊCH") and the head's confirmation ("Xác nhận của thủ trưởng đơn vị"), on QA5's register shape: the
# 19 columns of an export, the block in the second column and in the fifteenth ("Ngày hẹn trả lại"); the
# workbook has two title rows and a blank row above the header (so its rows are the CSV's lines + 3)
QA_HEADER = ["STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Người nộp", "Cơ quan giải quyết", "Cấp giải quyết",
             "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày chuyển xử lý", "Ngày có kết quả", "Ngày trả kết quả",
             "Ngày văn bản xin lỗi", "Ngày hẹn trả lại", "Số lần gia hạn", "Số lần yêu cầu bổ sung", "Trạng thái",
             "Ngày kết quả bản giấy"]


def qa_dossier(i: int, applicant: str = "Nguyễn Văn Bình", procedure: str = "Cấp Phiếu lý lịch tư pháp",
               channel: str = "Trực tuyến") -> list[str]:
    """Received 05/01/2026, due 19/01, resolved and returned 15/01 (on time)."""
    return [str(i), f"HS-2026-{i:04d}", "1.004037", procedure, applicant, "Sở Tư pháp", "Cấp tỉnh", channel,
            "05/01/2026", "19/01/2026", "05/01/2026", "15/01/2026", "15/01/2026", "", "", "", "", "", ""]


def at(cells: dict[int, str] | None = None) -> list[str]:
    """A row of the block: ``cells`` by column index (0 = STT), the others blank."""
    row = [""] * len(QA_HEADER)
    for c, v in (cells or {}).items():
        row[c] = v
    return row


#: eight dossiers, one applicant named like the filing line's word ("Lưu") and the list's ("Nhận"), one
#: procedure beginning "Xác nhận"; then a blank row
QA_DOSSIERS = [qa_dossier(i, applicant="Lưu Văn Nhận" if i == 3 else "Nguyễn Văn Bình",
                          procedure="Xác nhận tình trạng hôn nhân" if i == 5 else "Cấp Phiếu lý lịch tư pháp")
               for i in range(1, 9)] + [at()]
BLOCKS = {
    # QA5's sig_tm_kt: the list on the left, the authority signing on the right, two blank rows, the name
    "tm_kt": ([at({1: "Nơi nhận:", 14: "TM. ỦY BAN NHÂN DÂN"}), at({1: "- UBND tỉnh;", 14: "KT. CHỦ TỊCH"}),
               at({1: "- Lưu: VT.", 14: "PHÓ CHỦ TỊCH"}), at(), at(), at({14: "Nguyễn Văn Nam"})],
              [10, 14, 15], ["Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- UBND tỉnh; KT. CHỦ TỊCH", "- Lưu: VT. PHÓ CHỦ TỊCH",
                             None, None, "Nguyễn Văn Nam"]),
    # QA5's sig_upper: the head's confirmation, upper case, beside who drew up the form
    "upper": ([at({1: "NGƯỜI LẬP BIỂU", 14: "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ"}),
               at({1: "(Ký, họ tên)", 14: "(Ký, họ tên, đóng dấu)"}), at({1: "Lê Thị Mai", 14: "Phạm Quốc Khánh"})],
              [10], ["NGƯỜI LẬP BIỂU XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", "(Ký, họ tên) (Ký, họ tên, đóng dấu)",
                     "Lê Thị Mai Phạm Quốc Khánh"]),
    # "Nơi nhận:" alone in its row opens the block; its lines "- Như trên;", "- Lưu VT, VP."; a blank row; then who
    # drew up the form beside the head's confirmation; the signer named "Lưu Văn Nhận" as the applicant above
    "alone": ([at({1: "Nơi nhận:"}), at({1: "- Như trên;"}), at({1: "- Lưu VT, VP."}), at(),
               at({1: "Người lập biểu", 14: "Xác nhận của thủ trưởng đơn vị"}),
               at({1: "(Ký, ghi rõ họ tên)", 14: "(Ký tên, đóng dấu)"}), at({1: "Lưu Văn Nhận", 14: "Phạm Quốc Khánh"})],
              [10, 14], ["Nơi nhận:", "- Như trên;", "- Lưu VT, VP.", None,
                         "Người lập biểu Xác nhận của thủ trưởng đơn vị", "(Ký, ghi rõ họ tên) (Ký tên, đóng dấu)",
                         "Lưu Văn Nhận Phạm Quốc Khánh"]),
}


def qa_register(path, rows: list[list[str]]):
    """``rows`` under QA_HEADER as QA5 writes them: CSV with csv.writer, or a workbook "Sổ hồ sơ" with two title
    rows, a blank row, then the header (numbers under 1000 written as numbers, blanks as empty cells)."""
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([QA_HEADER, *rows])
        return path
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ hồ sơ"
    ws.append(["UBND TỈNH LÂM ĐỒNG"])
    ws.append(["SỔ THEO DÕI HỒ SƠ NĂM 2026"])
    ws.append([])
    ws.append(QA_HEADER)
    for row in rows:
        ws.append([None if c == "" else (int(c) if c.isdigit() and len(c) < 4 else c) for c in row])
    wb.save(path)
    return path


def _place(path, line: int) -> str:
    return f"row {line}" if path.suffix == ".csv" else f"sheet Sổ hồ sơ, row {line + 3}"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_the_recipients_list_and_the_heads_confirmation_are_a_signature_block(tmp_path, block, suffix):
    """QA5 #2: each block's rows are left out and said in the same words by summarize and check; the eight
    dossiers (an applicant "Lưu Văn Nhận", a procedure "Xác nhận tình trạng hôn nhân") are all read."""
    rows, empty, said = BLOCKS[block]
    p = qa_register(tmp_path / f"so{suffix}", QA_DOSSIERS + rows)
    summary, loaded = summarize_register(p, period="2026")
    checked = check_register(p, period="2026")
    expected = [f"{len(empty)} empty row(s) left out: " + ", ".join(_place(p, n) for n in empty)] + [
        f"{_place(p, 11 + i)} skipped (signature block, not a dossier): {text}" for i, text in enumerate(said) if text]
    assert _left_out(loaded.notices) == _left_out(checked.notices) == expected
    assert _left_out(summary.notices) == []
    assert loaded.rows == checked.rows == 8
    assert summary.total.counts["received_total"] == checked.summary.total.counts["received_total"] == 8
    assert [c for _rn, c, _a in _records(p, True)] == [c for _rn, c, _a in _records(p, False)] == \
        [f"HS-2026-{i:04d}" for i in range(1, 9)]
    assert _records(p, False)[2][2] == "Lưu Văn Nhận"


def test_the_recipients_list_is_said_in_vietnamese(tmp_path):
    p = qa_register(tmp_path / "so.csv", QA_DOSSIERS + BLOCKS["tm_kt"][0])
    assert [n.get("vi") for n in check_register(p, period="2026").notices if hasattr(n, "get")
            and "ký tên" in n.get("vi")] == [
        "dòng 11: bỏ qua (phần ký tên, không phải hồ sơ): Nơi nhận: TM. ỦY BAN NHÂN DÂN",
        "dòng 12: bỏ qua (phần ký tên, không phải hồ sơ): - UBND tỉnh; KT. CHỦ TỊCH",
        "dòng 13: bỏ qua (phần ký tên, không phải hồ sơ): - Lưu: VT. PHÓ CHỦ TỊCH",
        "dòng 16: bỏ qua (phần ký tên, không phải hồ sơ): Nguyễn Văn Nam"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("summarize", [True, False])
def test_a_dossier_under_the_recipients_heading_is_never_left_out(tmp_path, summarize, suffix):
    """A row with a dossier code and dates right under "Nơi nhận:" (its applicant "Lưu Văn Nhận", its procedure
    "Xác nhận của …") is a dossier: its blank channel is an error; the list's line after it is no longer in a
    block (a dossier broke it) and is read, an error too."""
    rows = [at({1: "Nơi nhận:"}), qa_dossier(9, "Lưu Văn Nhận", "Xác nhận của UBND xã về nơi cư trú", channel=""),
            at({1: "- Lưu: VT."})]
    p = qa_register(tmp_path / f"so{suffix}", QA_DOSSIERS + rows)
    lines = _refused(p, summarize)
    assert lines[0] == f"{p}: {_place(p, 12)}: column 'Hình thức nộp' is empty; it is required"
    assert f"error: {p}: {_place(p, 13)}: column 'Ngày tiếp nhận' is empty; it is required" in lines


@pytest.mark.parametrize("summarize", [True, False])
def test_a_list_line_opens_no_block(tmp_path, summarize):
    """"- Như trên;", "- Lưu: VT." with no "Nơi nhận:" nor signer above them belong to no block: read, errors."""
    p = qa_register(tmp_path / "so.csv", QA_DOSSIERS + [at({1: "- Như trên;"}), at({1: "- Lưu: VT."})])
    lines = [line.removeprefix("error: ") for line in _refused(p, summarize)]
    assert lines[0].startswith(f"{p}: row 11: column ")  # summarize checks only the cells it counts
    assert {f"{p}: row {n}: column 'Hình thức nộp' is empty; it is required" for n in (11, 12)} <= set(lines)


def test_the_tabular_reader_leaves_out_the_recipients_list_too(tmp_path):
    """The one tabular reader knows "Nơi nhận:" and its lines as the register reader does."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tỉnh", "Điểm"])
    for row in (["Lâm Đồng", 43.1], ["Lưu Văn Nhận", 42.5], [], ["Nơi nhận:", "XÁC NHẬN CỦA LÃNH ĐẠO"], ["- Như trên;"],
                ["- Lưu: VT, TH."], ["Ghi chú: điểm tạm tính"], ["Đắk Lắk", 40.0]):
        ws.append(row)
    p = tmp_path / "papi.xlsx"
    wb.save(p)
    t = read_table(p, (Column("province", ("tỉnh",), True), Column("score", ("điểm",))), totals="check",
                   what="PAPI score")
    assert [r["province"] for r in t.rows] == ["Lâm Đồng", "Lưu Văn Nhận", "Đắk Lắk"]
    assert [str(n) for n in t.notes] == [
        "sheet Sheet, row 5 skipped (signature block, not a PAPI score record): Nơi nhận: XÁC NHẬN CỦA LÃNH ĐẠO",
        "sheet Sheet, row 6 skipped (signature block, not a PAPI score record): - Như trên;",
        "sheet Sheet, row 7 skipped (signature block, not a PAPI score record): - Lưu: VT, TH.",
        "sheet Sheet, row 8 skipped (a note, not a PAPI score record): Ghi chú: điểm tạm tính"]
