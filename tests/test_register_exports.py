"""Registers as the one-stop software and people export them (issue 11 item 8, issue 12 part 3): a title
block above the header (CSV and XLSX), a two-row merged header, a totals row, several sheets, headers
without diacritics or with synonyms, a CSV in windows-1258. Files are built here with openpyxl with
real merged cells, Vietnamese numbers and day-first dates."""

import datetime as dt
import unicodedata

import openpyxl
import pytest

from compliance.errors import InputError
from compliance.registers.check import summarize_register
from compliance.registers.reader import Settings, connect, load_table

COLS = ["STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Cơ quan giải quyết", "Hình thức nộp", "Ngày tiếp nhận",
        "Ngày hẹn trả", "Ngày có kết quả"]


def dossier(i: int, agency: str = "Sở Tư pháp") -> list:
    """Dossier ``i``: received day-first text "05/3/2023", due 5 days later, resolved early or late."""
    day = 1 + i % 27
    late = i % 10 == 0
    return [i, f"HS-{i:05d}", "1.001", "Cấp phiếu lý lịch tư pháp", agency, "Trực tuyến" if i % 2 else "Trực tiếp",
            f"{day:02d}/3/2023", f"{day + 1:02d}/3/2023", f"{day + (3 if late else 0):02d}/3/2023"]


def title_block(ws, width: int = 9) -> int:
    """The usual heading of a register: agency and motto merged, the register's name; returns the next row."""
    last = openpyxl.utils.get_column_letter(width)
    ws["A1"] = "UBND TỈNH ĐẮK NÔNG"
    ws.merge_cells("A1:D1")
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells(f"E1:{last}1")
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells(f"E2:{last}2")
    ws["A4"] = "SỔ THEO DÕI HỒ SƠ"
    ws.merge_cells(f"A4:{last}4")
    ws["A5"] = "(Kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018)"
    ws.merge_cells(f"A5:{last}5")
    return 7


def register_sheet(ws, first: int, count: int, agency: str = "Sở Tư pháp", title: bool = True, totals: int | None = None):
    r = title_block(ws) if title else 1
    for c, h in enumerate(COLS, 1):
        ws.cell(row=r, column=c, value=h)
    for i in range(first, first + count):
        ws.append(dossier(i, agency))
    if totals is not None:
        ws.append(["Tổng cộng", None, None, None, None, None, None, None, None])
        ws.cell(row=ws.max_row, column=2, value=f"{totals:,}".replace(",", "."))
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=1)
    return ws


def load(path, **kw):
    con = connect()
    return con, load_table(con, path, settings=Settings(**kw))


def test_xlsx_register_with_a_title_block(tmp_path):
    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 40)
    wb.active.title = "Sổ"
    p = tmp_path / "so.xlsx"
    wb.save(p)
    con, t = load(p)
    assert t.rows == 40
    assert con.execute("SELECT dossier_code, received_at FROM dossiers ORDER BY rn LIMIT 1").fetchone() == (
        "HS-00001", dt.date(2023, 3, 2))
    assert "sheet Sổ, row 1 skipped (above the data): UBND TỈNH ĐẮK NÔNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t.notices
    assert "sheet Sổ, row 4 skipped (above the data): SỔ THEO DÕI HỒ SƠ" in t.notices
    assert t.locate(1) == "sheet Sổ, row 8"


def test_csv_register_with_title_lines_and_semicolons(tmp_path):
    lines = ["UBND TỈNH ĐẮK NÔNG;;;;;;;;", "SỔ THEO DÕI HỒ SƠ;;;;;;;;", "Từ ngày 01/3/2023 đến ngày 31/3/2023;;;;;;;;", "",
             ";".join(COLS)] + [";".join(str(v) for v in dossier(i)) for i in range(1, 31)]
    p = tmp_path / "so.csv"
    p.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    s, t = summarize_register(p, period="2023")
    assert t.rows == 30 and s.total.counts["received_total"] == 30
    assert s.total.counts["resolved_late"] == 3  # dossiers 10, 20, 30
    assert "line 2 skipped (above the data): SỔ THEO DÕI HỒ SƠ" in t.notices
    # places are the lines of the file: the header is line 5, the first dossier line 6
    bad = p.read_text(encoding="utf-8-sig").replace("HS-00002;1.001", "HS-00002;", 1)
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.errors[0] == ("row 7", "column 'Mã thủ tục' is empty; it is required")


def test_csv_register_with_a_ragged_line_under_a_title_names_the_line(tmp_path):
    p = tmp_path / "so.csv"
    p.write_text("SỔ THEO DÕI HỒ SƠ\n" + ",".join(COLS) + "\n" + ",".join(str(v) for v in dossier(1)) + "\nHS-2,1.001\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(p)
    assert (e.value.where, e.value.message) == ("line 4", "expected 9 cells as in the header, found 2")


def two_row_header(ws, row: int) -> int:
    """STT and Mã hồ sơ merged over two rows; "Thủ tục hành chính" over Mã | Tên; "Thời gian" over the dates."""
    for c, h in ((1, "STT"), (2, "Mã hồ sơ"), (5, "Cơ quan giải quyết"), (6, "Hình thức nộp")):
        ws.cell(row=row, column=c, value=h)
        ws.merge_cells(start_row=row, start_column=c, end_row=row + 1, end_column=c)
    ws.cell(row=row, column=3, value="Thủ tục hành chính")
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
    ws.cell(row=row + 1, column=3, value="Mã")
    ws.cell(row=row + 1, column=4, value="Tên")
    ws.cell(row=row, column=7, value="Thời gian")
    ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=9)
    for c, h in ((7, "Tiếp nhận"), (8, "Hẹn trả"), (9, "Có kết quả")):
        ws.cell(row=row + 1, column=c, value=h)
    return row + 2


def test_two_row_merged_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    start = two_row_header(ws, title_block(ws))
    for i in range(1, 21):
        for c, v in enumerate(dossier(i), 1):
            ws.cell(row=start + i - 1, column=c, value=v)
    p = tmp_path / "so.xlsx"
    wb.save(p)
    con, t = load(p)
    assert t.rows == 20
    assert t.columns["procedure_code"] == "Thủ tục hành chính / Mã"
    assert t.columns["due_at"] == "Thời gian / Hẹn trả"
    assert con.execute("SELECT procedure_code, procedure_name, due_at FROM dossiers WHERE rn = 1").fetchone() == (
        "1.001", "Cấp phiếu lý lịch tư pháp", dt.date(2023, 3, 3))
    assert t.locate(1) == "sheet Sheet, row 9"


def test_merged_header_cell_without_its_columns_named_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, h in enumerate(COLS[:7], 1):
        ws.cell(row=1, column=c, value=h)
    ws.cell(row=1, column=8, value="Ngày hẹn trả")
    ws.merge_cells("H1:I1")  # one header over two columns: which one is the due date?
    ws.append(dossier(1))
    p = tmp_path / "so.xlsx"
    wb.save(p)
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.where == "sheet Sheet, cells H1:I1"
    assert "merged header cell 'Ngày hẹn trả' covers 2 columns" in e.value.message


def test_totals_row_at_the_bottom_is_not_a_dossier(tmp_path):
    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 50, totals=50)
    p = tmp_path / "so.xlsx"
    wb.save(p)
    con, t = load(p)
    assert t.rows == 50
    assert ("sheet Sheet, row 58: the totals row ('Tổng cộng') is not a dossier: left out; it states 50, "
            "the rows read are 50") in t.notices
    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 50, totals=28044)
    wb.save(p)
    con, t = load(p)
    assert t.rows == 50
    assert any(n.endswith("it states 28,044, the rows read are 50 (difference +27,994)") for n in t.notices)


def test_six_hundred_dossiers_on_two_sheets_are_all_read(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Quý I"
    register_sheet(wb.active, 1, 300)
    register_sheet(wb.create_sheet("Quý II"), 301, 300, agency="Sở Nội vụ", title=False)
    wb.create_sheet("Ghi chú").append(["Sổ xuất từ phần mềm một cửa"])
    p = tmp_path / "so.xlsx"
    wb.save(p)
    con, t = load(p)
    assert t.rows == 600
    assert con.execute("SELECT count(DISTINCT dossier_code) FROM dossiers").fetchone()[0] == 600
    assert "2 sheets hold the dossier register and are read together: Quý I, Quý II" in t.notices
    assert "sheet Ghi chú: no dossier register header, not read" in t.notices
    said = [n.get("vi") for n in t.notices]  # the register named in the output language
    assert "2 trang có cùng sổ theo dõi hồ sơ, được đọc cùng nhau: Quý I, Quý II" in said
    assert (t.locate(1), t.locate(300), t.locate(301), t.locate(600)) == (
        "sheet Quý I, row 8", "sheet Quý I, row 307", "sheet Quý II, row 2", "sheet Quý II, row 301")
    s, _ = summarize_register(p, period="2023", by="agency")
    assert [(r.label, r.counts["received_total"]) for r in s.rows] == [("Sở Nội vụ", 300), ("Sở Tư pháp", 300)]
    # one sheet when asked for
    con, t = load(p, sheet="Quý II")
    assert t.rows == 300


def test_a_duplicate_code_across_sheets_names_both_places(tmp_path):
    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 5, title=False)
    register_sheet(wb.create_sheet("Tiếp"), 5, 2, title=False)
    p = tmp_path / "so.xlsx"
    wb.save(p)
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.errors[0] == ("sheet Tiếp, row 2", "Mã hồ sơ 'HS-00005' appears 2 times "
                                                      "(also at sheet Sheet, row 6)")


def test_headers_without_diacritics_and_with_synonyms(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["So TT", "SO BIEN NHAN (*)", "Ma TTHC", "Ten TTHC", "Don vi xu ly", "Kenh nop",
               "Ngay nhan\nho so", "Hen tra ket qua (dd/mm/yyyy)", "Ngày hoàn thành (*)"])
    for i in range(1, 11):
        ws.append(dossier(i))
    p = tmp_path / "so.xlsx"
    wb.save(p)
    con, t = load(p)
    assert t.rows == 10
    assert set(t.columns) >= {"dossier_code", "procedure_code", "procedure_name", "resolving_agency", "channel",
                              "received_at", "due_at", "result_at"}
    assert t.extra == {}  # "So TT", the row number, is a known column left out (registers.schema.IGNORED)


def _cp1258(text: str) -> bytes:
    """Vietnamese text as windows-1258 writes it: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", "".join(m for m in d if m not in tones)).encode("cp1258")
            out += "".join(m for m in d if m in tones).encode("cp1258")
    return out


def test_csv_in_windows_1258_is_read_and_said(tmp_path):
    text = "SỔ THEO DÕI HỒ SƠ\n" + ",".join(COLS) + "\n" + "".join(",".join(map(str, dossier(i))) + "\n" for i in range(1, 21))
    p = tmp_path / "so.csv"
    p.write_bytes(_cp1258(text))
    con, t = load(p)
    assert t.rows == 20
    assert con.execute("SELECT resolving_agency, procedure_name FROM dossiers WHERE rn = 1").fetchone() == (
        "Sở Tư pháp", "Cấp phiếu lý lịch tư pháp")
    assert any("is not UTF-8 text: read as cp1258" in n for n in t.notices)
    assert t.locate(1) == "row 3"


def test_csv_in_utf16_is_read(tmp_path):
    text = ",".join(COLS) + "\n" + "".join(",".join(map(str, dossier(i))) + "\n" for i in range(1, 6))
    p = tmp_path / "so.csv"
    p.write_bytes(text.encode("utf-16"))
    con, t = load(p)
    assert t.rows == 5
    assert con.execute("SELECT resolving_agency FROM dossiers WHERE rn = 5").fetchone() == ("Sở Tư pháp",)


# --- a short totals row in a CSV and the STT column (read like the workbook's) -------------------------

def _csv_with_totals(tmp_path, totals_line: str, n: int = 40, encoding: str = "utf-8") -> object:
    """An export: a title line, the header (STT first), ``n`` dossiers, then ``totals_line`` (CRLF lines)."""
    lines = ["SỔ THEO DÕI HỒ SƠ;;;;;;;;", ";".join(COLS)] + [";".join(str(v) for v in dossier(i)) for i in range(1, n + 1)]
    p = tmp_path / "so.csv"
    text = "\r\n".join(lines + [totals_line]) + "\r\n"
    p.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode("utf-8"))
    return p


def test_a_short_totals_row_in_a_csv_is_left_out_and_checked(tmp_path):
    # line 1 title, line 2 header, lines 3–42 the dossiers, line 43 "Tổng cộng;40" (2 cells of 9)
    con, t = load(_csv_with_totals(tmp_path, "Tổng cộng;40"))
    assert t.rows == 40
    assert "row 43: the totals row ('Tổng cộng') is not a dossier: left out; it states 40, the rows read are 40" in t.notices
    assert t.locate(40) == "row 42"
    con, t = load(_csv_with_totals(tmp_path, "TỔNG CỘNG;28.044"))
    assert any(n.endswith("it states 28,044, the rows read are 40 (difference +28,004)") for n in t.notices)
    con, t = load(_csv_with_totals(tmp_path, "Tổng cộng"))  # the label alone: nothing to check
    assert "row 43: the totals row ('Tổng cộng') is not a dossier: left out" in t.notices


def test_a_short_totals_row_in_a_re_encoded_csv(tmp_path):
    con, t = load(_csv_with_totals(tmp_path, "Tổng cộng;40", encoding="cp1258"))
    assert t.rows == 40
    assert "row 43: the totals row ('Tổng cộng') is not a dossier: left out; it states 40, the rows read are 40" in t.notices


def test_a_short_row_that_is_no_totals_row_is_still_refused_at_its_line(tmp_path):
    p = _csv_with_totals(tmp_path, "Tổng cộng;40")
    text = p.read_bytes().decode("utf-8").replace(";".join(str(v) for v in dossier(7)), "HS-00007;1.001", 1)
    p.write_bytes(text.encode("utf-8"))
    with pytest.raises(InputError) as e:
        load(p)
    assert (e.value.where, e.value.message) == ("line 9", "expected 9 cells as in the header, found 2")


def test_stt_is_a_known_column_and_not_reported(tmp_path):
    con, t = load(_csv_with_totals(tmp_path, "Tổng cộng;40"))
    assert t.extra == {}
    assert not [n for n in t.notices if "not matched" in n]


def test_places_of_findings_are_said_in_the_output_language(tmp_path):
    """The first dossiers of a group and the place of every finding are said in the output language, in
    the terminal table and in the workbook an inspector prints ("dòng 3 (trang 'Quý II')"; "sheet Quý II,
    row 3" only under --lang en), and the detail sheet's headers are Vietnamese words (QA4 #1)."""
    from clirun import main

    head = ["Mã hồ sơ", "Mã thủ tục", "Cơ quan giải quyết", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
            "Ngày có kết quả", "Ngày văn bản xin lỗi"]
    wb = openpyxl.Workbook()
    wb.active.title = "Quý I"
    wb.active.append(head)
    wb.active.append(["HS-01", "1.001", "UBND xã Nam Ban", "Trực tuyến", "05/01/2026", "15/01/2026", "10/01/2026", None])
    q2 = wb.create_sheet("Quý II")
    q2.append(head)
    q2.append(["HS-02", "1.001", "UBND xã Nam Ban", "Trực tiếp", "01/04/2026", "10/04/2026", "09/04/2026", None])
    q2.append(["HS-03", "1.001", "UBND xã Nam Ban", "Trực tiếp", "01/04/2026", "10/04/2026", "20/04/2026", None])
    p, out = tmp_path / "so.xlsx", tmp_path / "kq.xlsx"
    wb.save(p)
    vi = main("dossiers", "check", p, "--period", "2026", "--xlsx", out, "--lang", "vi").out
    assert "HS-03: dòng 3 (trang 'Quý II')" in vi and "sheet Quý II" not in vi
    assert "HS-03: sheet Quý II, row 3" in main("dossiers", "check", p, "--period", "2026", "--lang", "en").out
    book = openpyxl.load_workbook(out)
    groups = [r for r in book["Nhóm"].iter_rows(values_only=True) if r[1] == "onestop.dossier.late_without_apology"]
    assert groups[0][6] == "HS-03: dòng 3 (trang 'Quý II')"
    rows = list(book["Chi tiết"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Mức độ")
    assert header[:4] == ("Mức độ", "Quy tắc", "Mã", "Vị trí")
    assert [r[3] for r in rows if r[2] == "HS-03"] == ["dòng 3 (trang 'Quý II')"]


def test_a_totals_row_that_disagrees_is_printed_with_the_table_and_in_the_workbook(tmp_path):
    """A totals row stating more dossiers than the rows read (rows lost in the export) is said under the
    printed table and on the workbook's summary sheet, not only on the error stream (QA4 #3); a totals
    row that agrees stays a note on the error stream."""
    from clirun import main

    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 50, totals=52)
    p, out = tmp_path / "so.xlsx", tmp_path / "bang.xlsx"
    wb.save(p)
    said = ("dòng 58 (trang 'Sheet'): dòng tổng ('Tổng cộng') không phải một hồ sơ: không tính; dòng tổng ghi 52, "
            "số dòng đọc được 50 (chênh lệch +2)")
    run = main("dossiers", "summarize", p, "--period", "2023", "--xlsx", out, "--lang", "vi")
    assert f"Ghi chú:\n- {said}" in run.out and said not in run.err
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert said in cells
    assert said in main("dossiers", "check", p, "--period", "2023", "--lang", "vi").out
    wb = openpyxl.Workbook()
    register_sheet(wb.active, 1, 50, totals=50)
    wb.save(p)
    run = main("dossiers", "summarize", p, "--period", "2023", "--lang", "vi")
    assert "dòng tổng ghi 50, số dòng đọc được 50" in run.err and "dòng tổng ghi 50" not in run.out


def test_rows_holding_only_their_row_number_are_empty_rows(tmp_path):
    """A template numbers its rows in advance: "3,,,,,," under the dossiers is an empty row, left out and
    said as a row holding only its number (not as a row without data), in summarize and check alike (QA4 #2), while a numbered row with a code and no dates is still a
    dossier with its required values missing."""
    from compliance.registers.check import check_register
    from compliance.registers.reader import RegisterInputError

    head = "STT,Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    rows = "".join(f"{i},HS-{i},1.001,Sở X,Trực tuyến,05/01/2026,15/01/2026,10/01/2026\n" for i in (1, 2))
    p = tmp_path / "so.csv"
    p.write_text(head + rows + "3,,,,,,,\n4,,,,,,,\n", encoding="utf-8")
    summary, loaded = summarize_register(p, period="2026")
    assert loaded.rows == 2 and summary.total.counts["received_total"] == 2
    assert [n.get("en") for n in loaded.notices] == [
        "2 row(s) holding only their number (STT), every other cell empty, left out: row 4, row 5"]
    assert [n.get("vi") for n in loaded.notices] == [
        "đã bỏ qua 2 dòng chỉ ghi số thứ tự (STT), các ô khác để trống: dòng 4, dòng 5"]
    assert check_register(p, period="2026").summary.total.counts["received_total"] == 2
    p.write_text(head + rows + "3,HS-3,,,,,,\n", encoding="utf-8")
    with pytest.raises(RegisterInputError) as e:
        summarize_register(p, period="2026")
    assert e.value.errors[0] == ("row 4", "column 'Hình thức nộp' is empty; it is required")


def test_a_totals_rows_count_written_with_its_unit_in_the_next_cell_is_compared(tmp_path):
    """"Tổng cộng" │ "9 hồ sơ" states 9 as "Tổng cộng: 9 hồ sơ" in one cell does (QA5 #3)."""
    head = "STT,Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    rows = "".join(f"{i},HS-{i},1.001,Sở X,Trực tuyến,05/01/2026,15/01/2026,10/01/2026\n" for i in range(1, 9))
    p = tmp_path / "so.csv"
    for cell in ("9 hồ sơ", "09 HS", "9 hồ sơ."):
        p.write_text(head + rows + f"Tổng cộng,{cell},,,,,,\n", encoding="utf-8")
        summary, _ = summarize_register(p, period="2026")
        assert [n.get("vi") for n in summary.notices] == [
            "dòng 10: dòng tổng ('Tổng cộng') không phải một hồ sơ: không tính; dòng tổng ghi 9, số dòng đọc được 8 "
            "(chênh lệch +1)"], cell


def test_a_quote_closed_lines_later_is_refused_not_read_as_one_cell(tmp_path):
    """An export that does not double the quotes inside a name: '"Nguyễn Văn Bình' opens a quote on one
    line and 'Nguyễn Văn Bình"' closes it two lines later; the reader takes the lines between as the rest of
    that cell, so two dossiers would vanish with no error. It is refused, naming the record, its code and the
    column (QA5 #1); a cell with a real line break (an address on two lines) is read, with its note."""
    from clirun import main

    head = "Mã hồ sơ,Mã thủ tục,Người nộp,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    row = "HS-{i},1.001,{name},Sở X,Trực tuyến,05/01/2026,15/01/2026,10/01/2026\n"
    names = {3: '"Nguyễn Văn Bình', 5: 'Nguyễn Văn Bình"'}
    p = tmp_path / "so.csv"
    p.write_text(head + "".join(row.format(i=i, name=names.get(i, "Lê Thị Hoa")) for i in range(1, 9)), encoding="utf-8")
    run = main("dossiers", "summarize", p, "--period", "2026", "--lang", "vi")
    assert run.code == 2 and run.err.strip() == (
        f"lỗi: {p}: bản ghi 3 (HS-3): ô của cột 'Người nộp' chứa nguyên các dòng của tệp (có xuống dòng và 7 dấu phân "
        "cách): một dấu ngoặc kép (\") mở trong ô này chỉ được đóng ở các dòng sau, nên các hồ sơ trên những dòng đó bị "
        "đọc thành một phần của ô; hãy đóng hoặc bỏ dấu ngoặc kép")
    assert main("dossiers", "check", p, "--period", "2026", "--lang", "en").code == 2
    p.write_text(head + "".join(row.format(i=i, name='"Lê Thị Hoa\nthôn 2, xã Nam Ban"' if i == 3 else "Lê Thị Hoa")
                                for i in range(1, 9)), encoding="utf-8")
    summary, loaded = summarize_register(p, period="2026")
    assert loaded.rows == 8 and summary.total.counts["received_total"] == 8
