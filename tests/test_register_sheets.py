"""Register workbooks as offices lay them out (QA7 Q1, Q2, Q4, Q5, Q12–Q14): the demo 2026 register (2,000 dossiers)
exported as one-stop software and clerks make it — a title block, a two-row header with "Thời gian" merged over the
date columns, a totals row and a signature block under the rows, several sheets — and read against its CSV twin:
what is read must give the CSV's Biểu 06 and findings, and what cannot be read must be refused in one line that
says what to do."""

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.cell_range import CellRange

from compliance.errors import InputError
from compliance.io import archive
from compliance.registers.check import check_register, summarize_register
from compliance.registers.reader import RegisterInputError, Settings

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "samples/registers/demo-2026-register.csv"
CATALOGUE = ROOT / "samples/registers/demo-2026-catalogue.csv"
with open(REGISTER, encoding="utf-8", newline="") as _fh:
    HEAD, *BODY = list(csv.reader(_fh))
TITLE = ["UBND TỈNH LÂM ĐỒNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "SỔ THEO DÕI HỒ SƠ NĂM 2026"]
TIME = [i for i, h in enumerate(HEAD) if h.startswith("Ngày")][:7]  # Ngày tiếp nhận … Ngày hẹn trả lại, side by side
FIRST = len(TITLE) + 4  # the first data row: the title, a blank row, the two header rows
AGENCY = HEAD.index("Cơ quan giải quyết")


def cells(row: list[str]) -> list:
    """A CSV row as the workbook's cells: dates as dates, STT and counts as numbers, the rest as text."""
    out = []
    for h, text in zip(HEAD, row):
        if not text:
            out.append(None)
        elif h.startswith("Ngày"):
            d, m, y = text.split("/")
            out.append(dt.date(int(y), int(m), int(d)))
        elif h == "STT" or h.startswith("Số lần"):
            out.append(int(text))
        else:
            out.append(text)
    return out


def register_sheet(ws, rows: list[list[str]]) -> None:
    """The register's sheet as exported: the title, the two-row header, the rows, a totals row, the signatures."""
    for text in TITLE:
        ws.append([text])
    ws.append([])
    ws.append([h if i not in TIME else ("Thời gian" if i == TIME[0] else None) for i, h in enumerate(HEAD)])
    ws.append([h if i in TIME else None for i, h in enumerate(HEAD)])
    top = len(TITLE) + 2
    ws.merge_cells(start_row=top, end_row=top, start_column=TIME[0] + 1, end_column=TIME[-1] + 1)
    for i in range(len(HEAD)):
        if i not in TIME:
            ws.merge_cells(start_row=top, end_row=top + 1, start_column=i + 1, end_column=i + 1)
    for row in rows:
        ws.append(cells(row))
    ws.append([f"Tổng cộng: {len(rows):,} hồ sơ".replace(",", ".")])
    ws.append([])
    ws.append(["Người lập biểu", None, None, None, None, "Thủ trưởng đơn vị"])
    ws.append(["(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký tên, đóng dấu)"])


def export(path: Path, rows: list[list[str]] = BODY, *, then=None) -> Path:
    """The workbook: sheet "Sổ 2026" holding ``rows``; ``then(wb)`` adds or changes what a clerk did next."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ 2026"
    register_sheet(ws, rows)
    if then is not None:
        then(wb)
    wb.save(path)
    return path


def twin(path: Path, rows: list[list[str]] = BODY) -> Path:
    """The same rows as the plain CSV export."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return path


def table(path: Path, by: str | None = None, **kw) -> dict:
    summary, _ = summarize_register(path, period="2026", by=by, **kw)
    d = summary.to_dict()
    return {"rows": d["rows"], "total": summary.total.counts}


@pytest.fixture(scope="module")
def csv_table(tmp_path_factory) -> dict:
    return table(twin(tmp_path_factory.mktemp("twin") / "so.csv"))


def refused(reg: Path, **kw) -> InputError:
    """The InputError ``summarize_register`` raises for ``reg`` (fails when it reads it)."""
    with pytest.raises(InputError) as err:
        summarize_register(reg, period="2026", **kw)
    return err.value


def vi_notes(loaded) -> list[str]:
    return [n.get("vi") for n in loaded.notices]


# ----------------------------------------------------------- QA7 Q1: a continuation sheet shifted or cut short

@pytest.mark.parametrize("pasted", ["without STT", "column A blank", "without dates"])
def test_a_continuation_sheet_shifted_a_column_or_without_dates_is_refused(tmp_path, pasted):
    """500 dossiers pasted onto "Sheet2" without their header: one column to the left (no STT), one to the right
    (column A left blank) or only their first eight columns (no dates). They were passed over with a note and
    lost from Biểu 06; the dossier codes of the register's form on the sheet refuse it now."""
    shift = {"without STT": lambda r: cells(r)[1:], "column A blank": lambda r: [None] + cells(r),
             "without dates": lambda r: cells(r)[:8]}[pasted]

    def go_on(wb):
        ws = wb.create_sheet("Sheet2")
        for row in BODY[1500:]:
            ws.append(shift(row))

    reg = export(tmp_path / "so.xlsx", BODY[:1500], then=go_on)
    err = refused(reg)
    assert err.message.get("vi") == (
        "trang 'Sheet2' không có dòng tiêu đề của sổ theo dõi hồ sơ, nhưng có các giá trị cùng dạng với cột 'Mã hồ sơ' "
        "của trang 'Sổ 2026' (1260921-0001501…): để chỉ đọc sổ theo dõi hồ sơ, hãy chọn trang đó (--sheet 'Sổ 2026'); "
        "nếu đó là phần tiếp của sổ theo dõi hồ sơ, hãy chép dòng tiêu đề sang")
    assert err.where.get("vi") == "dòng 1 (trang 'Sheet2')"
    assert BODY[1500][1] == "1260921-0001501"
    # what the advice says reads the register's sheet, as its CSV twin
    assert table(reg, settings=Settings(sheet="Sổ 2026")) == table(twin(tmp_path / "so.csv", BODY[:1500]))


@pytest.mark.parametrize("beside", ["Biểu 06", "Danh mục TTHC", "header only"])
def test_sheets_that_are_no_part_of_the_register_are_still_passed_over(tmp_path, csv_table, beside):
    """A Biểu 06 summary (numbers per agency), the procedure catalogue pasted as a sheet (its codes are procedure
    codes, not dossier codes) and a copy of the header alone hold no dossier: noted, and the figures are the CSV's."""

    def add(wb):
        ws = wb.create_sheet(beside)
        if beside == "Biểu 06":
            ws.append(["BIỂU SỐ 06: TÌNH HÌNH GIẢI QUYẾT HỒ SƠ"])
            ws.append(["STT", "Cơ quan", "Tổng số", "Trực tuyến", "Trực tiếp", "Trước hạn", "Đúng hạn", "Quá hạn"])
            ws.append([1, "Sở Y tế", 312, 120, 192, 40, 260, 12])
        elif beside == "Danh mục TTHC":
            with open(CATALOGUE, encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    ws.append(row)
        else:
            register_sheet(ws, [])
            ws.delete_rows(FIRST, 10)

    reg = export(tmp_path / "so.xlsx", then=add)
    summary, loaded = summarize_register(reg, period="2026")
    assert {"rows": summary.to_dict()["rows"], "total": summary.total.counts} == csv_table
    assert summary.total.counts["received_total"] == 2000
    if beside == "header only":  # a register sheet without rows: read with the other, adding nothing
        assert "2 trang có cùng sổ theo dõi hồ sơ, được đọc cùng nhau: Sổ 2026, header only" in vi_notes(loaded)
    else:
        assert any(n.startswith(f"trang '{beside}'") and n.endswith("không đọc") for n in vi_notes(loaded))


# ------------------------------------------------------------------ QA7 Q2: a list of late dossiers beside the register

def late_list(codes: list[str]):
    """A "Hồ sơ trễ hạn" sheet a clerk copies from the register for the report: its title, a header without
    "Hình thức nộp", one row per dossier of ``codes``."""
    by_code = {r[1]: r for r in BODY}

    def add(wb):
        ws = wb.create_sheet("Hồ sơ trễ hạn")
        ws.append(["DANH SÁCH HỒ SƠ TRỄ HẠN NĂM 2026"])
        keep = ["STT", "Mã hồ sơ", "Mã thủ tục", "Cơ quan giải quyết", "Ngày tiếp nhận", "Ngày hẹn trả",
                "Ngày có kết quả"]
        ws.append(keep)
        for n, code in enumerate(codes, start=1):
            row = dict(zip(HEAD, cells(by_code.get(code, by_code[codes[0]]))))
            ws.append([n, code] + [row[h] for h in keep[2:]])

    return add


LATE = [r[1] for r in BODY if r[11] and r[9] and dt.datetime.strptime(r[11], "%d/%m/%Y") > dt.datetime.strptime(r[9], "%d/%m/%Y")][:5]


def test_a_list_of_late_dossiers_copied_from_the_register_is_an_extract_passed_over(tmp_path, csv_table):
    assert LATE == ["2251230-0000045", "2260102-0000101", "1260106-0000122", "2260107-0000136", "2260121-0000200"]
    reg = export(tmp_path / "so.xlsx", then=late_list(LATE))
    summary, loaded = summarize_register(reg, period="2026")
    assert {"rows": summary.to_dict()["rows"], "total": summary.total.counts} == csv_table  # not counted twice
    assert ("trang 'Hồ sơ trễ hạn': cả 5 giá trị ở cột 'Mã hồ sơ' đều có trong các trang của sổ theo dõi hồ sơ: đây "
            "là bản trích từ sổ theo dõi hồ sơ, không đọc (không tính hai lần)") in vi_notes(loaded)


def test_a_list_holding_a_dossier_not_on_the_register_is_refused_naming_the_sheet_to_read(tmp_path):
    reg = export(tmp_path / "so.xlsx", then=late_list(LATE[:4] + ["1251224-0099999"]))
    err = refused(reg)
    assert err.message.get("vi") == (
        "trang 'Hồ sơ trễ hạn': thiếu cột bắt buộc: 'Hình thức nộp' / channel, trong khi các trang khác có đủ sổ theo "
        "dõi hồ sơ: để chỉ đọc sổ theo dõi hồ sơ, hãy chọn trang đó (--sheet 'Sổ 2026'); nếu trang này là một phần "
        "của sổ theo dõi hồ sơ, hãy thêm cột vào trang này")
    assert err.where.get("vi") == "dòng 2 (trang 'Hồ sơ trễ hạn')"


# ------------------------------------------------------------- QA7 Q4: the agency merged down over its dossiers

def test_an_agency_merged_down_over_its_rows_is_read_for_every_row_as_its_csv_twin(tmp_path):
    """Sorted by agency and "Cơ quan giải quyết" merged over each agency's run for printing: every row but the
    first of a run was "để trống". The merged value stands for each row it covers: Biểu 06 by agency and the
    findings are the CSV twin's, with one note naming the column."""
    rows = sorted(BODY, key=lambda r: (r[AGENCY], int(r[0])))
    runs = []
    for i, row in enumerate(rows):
        if i and row[AGENCY] == rows[i - 1][AGENCY]:
            runs[-1][1] = i
        else:
            runs.append([i, i])

    def merge(wb):
        ws = wb["Sổ 2026"]
        for a, b in runs:
            if b > a:
                ws.merge_cells(start_row=FIRST + a, end_row=FIRST + b, start_column=AGENCY + 1, end_column=AGENCY + 1)

    reg = export(tmp_path / "so.xlsx", rows, then=merge)
    assert openpyxl.load_workbook(reg)["Sổ 2026"].cell(FIRST + 1, AGENCY + 1).value is None  # as Excel keeps it
    plain = twin(tmp_path / "so.csv", rows)
    assert table(reg, by="agency") == table(plain, by="agency")
    merged = check_register(reg, CATALOGUE, period="2026")
    flat = check_register(plain, CATALOGUE, period="2026")
    assert [(g.rule_id, g.agency, g.procedure_code, g.count) for g in merged.groups] == \
        [(g.rule_id, g.agency, g.procedure_code, g.count) for g in flat.groups]
    assert sum(g.count for g in flat.groups) == 666
    merged_runs = sum(b > a for a, b in runs)
    assert merged_runs == 22
    assert ("trang 'Sổ 2026': cột 'Cơ quan giải quyết' có 22 vùng ô gộp qua nhiều dòng: giá trị của mỗi vùng được "
            "đọc cho mọi dòng mà vùng đó phủ") in [n.get("vi") for n in merged.notices]


def test_a_totals_label_merged_across_its_row_is_not_carried_into_the_columns(tmp_path, csv_table):
    """A range within one row (the "Tổng cộng" label spread over A:E) is no value of the columns it covers."""

    def merge(wb):
        ws = wb["Sổ 2026"]
        total = FIRST + len(BODY)
        assert str(ws.cell(total, 1).value).startswith("Tổng cộng")
        ws.merge_cells(start_row=total, end_row=total, start_column=1, end_column=5)

    assert table(export(tmp_path / "so.xlsx", then=merge)) == csv_table


# ------------------------------------------------------------------- QA7 Q5: formulas a spreadsheet never calculated

def test_formulas_never_calculated_are_said_as_such_not_as_empty_cells(tmp_path):
    """A register written by a program with formulas (STT =ROW()-7, the due date = the receipt date + the days)
    and never opened in a spreadsheet holds no values for them: said per column with its count and first cell."""
    received, due = HEAD.index("Ngày tiếp nhận"), HEAD.index("Ngày hẹn trả")

    def formulas(wb):
        ws = wb["Sổ 2026"]
        for r in range(FIRST, FIRST + 50):
            ws.cell(r, 1).value = f"=ROW()-{FIRST - 1}"
            days = (ws.cell(r, due + 1).value - ws.cell(r, received + 1).value).days
            ws.cell(r, due + 1).value = f"=I{r}+{days}"

    reg = export(tmp_path / "so.xlsx", BODY[:50], then=formulas)
    err = refused(reg)
    assert err.message.get("vi") == (
        "ô có công thức chưa được tính giá trị (tệp do phần mềm ghi ra): cột 'Thời gian / Ngày hẹn trả': 50 ô (J7: =I7+43…): "
        "hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại")
    assert err.where.get("vi") == "ô J7 (trang 'Sổ 2026')"


def test_a_row_number_formula_never_calculated_does_not_stop_the_reading(tmp_path):
    """STT carries nothing counted: its formulas without values are no reason to refuse the register."""

    def numbers(wb):
        for r in range(FIRST, FIRST + 50):
            wb["Sổ 2026"].cell(r, 1).value = f"=ROW()-{FIRST - 1}"

    reg = export(tmp_path / "so.xlsx", BODY[:50], then=numbers)
    assert table(reg) == table(twin(tmp_path / "so.csv", BODY[:50]))


# ------------------------------------------------------------- QA7 Q12–Q14: a chart sheet, a password, a web page

def test_a_chart_sheet_given_to_read_is_said_to_be_one(tmp_path):
    def chart(wb):
        sheet = wb.create_chartsheet("Biểu đồ")
        bars = BarChart()
        bars.add_data(Reference(wb["Sổ 2026"], min_col=1, min_row=FIRST, max_row=FIRST + 20))
        sheet.add_chart(bars)

    reg = export(tmp_path / "so.xlsx", BODY[:30], then=chart)
    err = refused(reg, settings=Settings(sheet="Biểu đồ"))
    assert err.message.get("vi") == ("trang 'Biểu đồ' là trang biểu đồ, không có ô dữ liệu (các trang dữ liệu: "
                                           "Sổ 2026)")


def compound_file(streams: list[str]) -> bytes:
    """The start of an OLE compound file (the signature, a 512-byte header) and a directory sector naming
    ``streams`` (64-byte entries, names in UTF-16 LE), as Excel's "Encrypt with Password" writes an .xlsx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entries = b"".join((name.encode("utf-16-le") + bytes(2)).ljust(64, b"\0") for name in ["Root Entry", *streams])
    return header + entries.ljust(512, b"\0")


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_workbook_with_a_password_is_said_to_have_one(tmp_path, suffix):
    reg = tmp_path / f"so{suffix}"
    reg.write_bytes(compound_file(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]))
    assert archive.kind(reg) == "encrypted"
    err = refused(reg)
    assert err.message.get("vi") == (
        "bảng tính được đặt mật khẩu (mã hoá) nên không đọc được: hãy mở bằng Excel, gỡ mật khẩu (Tệp → Thông tin → "
        "Bảo vệ sổ làm việc → Mã hoá bằng mật khẩu, xoá trống ô mật khẩu) rồi lưu lại")


def test_an_old_binary_workbook_is_still_said_to_be_one(tmp_path):
    reg = tmp_path / "so.xlsx"
    reg.write_bytes(compound_file(["Workbook", "\x05SummaryInformation"]))
    assert archive.kind(reg) == "ole"
    err = refused(reg)
    assert err.message.get("vi").startswith("đây là tệp Excel (.xls) hoặc Word (.doc) định dạng cũ")


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_web_page_saved_as_a_workbook_gets_what_to_do(tmp_path, suffix):
    """The "Xuất Excel" of many one-stop systems writes an HTML table and names it .xls or .xlsx."""
    reg = tmp_path / f"so{suffix}"
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in [HEAD, *BODY[:20]])
    reg.write_text(f'<html><head><meta charset="utf-8"></head><body><table>{rows}</table></body></html>',
                   encoding="utf-8")
    assert archive.kind(reg) == "html"
    err = refused(reg)
    assert err.message.get("vi") == (
        "đây là trang HTML (bảng do phần mềm xuất ra), không phải bảng tính .xlsx: hãy mở bằng Excel rồi lưu lại dạng "
        ".xlsx (Excel Workbook), hoặc xuất bảng dạng CSV")


# ------------------------------------------------------------------------ QA7 Q6: a hidden sheet is said to be hidden

def hide(name: str, rows: list[list[str]]):
    def add(wb):
        ws = wb.create_sheet(name)
        register_sheet(ws, rows)
        ws.sheet_state = "hidden"

    return add


def test_a_hidden_sheet_is_read_and_said_hidden_wherever_it_is_named(tmp_path, csv_table):
    """The second half of the year on a hidden sheet is read (the CSV's figures), and every note naming it says it is
    hidden: the user does not see its tab in Excel."""
    reg = export(tmp_path / "so.xlsx", BODY[:1000], then=hide("Quý III-IV", BODY[1000:]))
    summary, loaded = summarize_register(reg, period="2026")
    assert {"rows": summary.to_dict()["rows"], "total": summary.total.counts} == csv_table
    notes = vi_notes(loaded)
    assert "2 trang có cùng sổ theo dõi hồ sơ, được đọc cùng nhau: Sổ 2026, Quý III-IV (trang ẩn)" in notes
    assert "dòng 1 (trang 'Quý III-IV', trang ẩn): bỏ qua (phía trên dữ liệu): UBND TỈNH LÂM ĐỒNG" in notes
    assert ("2 sheets hold the dossier register and are read together: Sổ 2026, Quý III-IV (hidden sheet)"
            in [n.get("en") for n in loaded.notices])


def test_an_error_on_a_hidden_scratch_sheet_names_it_hidden(tmp_path):
    """An older copy of 100 rows kept on a hidden sheet "Nháp": 100 duplicate codes the user could not find."""
    reg = export(tmp_path / "so.xlsx", then=hide("Nháp", BODY[:100]))
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026")
    where, message = err.value.errors[0]
    assert (where.get("vi"), message.get("vi")) == (
        "dòng 7 (trang 'Nháp', trang ẩn)",
        "Mã hồ sơ '1251211-0000001' xuất hiện 2 lần (cũng có ở dòng 7 (trang 'Sổ 2026'))")
    assert where.get("en") == "sheet Nháp (hidden sheet), row 7"
    assert err.value.total == 100


def test_a_place_on_a_hidden_sheet_written_as_text_is_read_back_hidden():
    """A finding's place goes through JSON as English text and is said again in Vietnamese."""
    from compliance.i18n import places

    assert places.said("sheet Nháp (hidden sheet), row 7", "vi") == "dòng 7 (trang 'Nháp', trang ẩn)"
    assert places.said("sheet Nháp (hidden sheet), cell C7", "vi") == "ô C7 (trang 'Nháp', trang ẩn)"
    assert places.said("sheet Nháp, row 7", "vi") == "dòng 7 (trang 'Nháp')"


def test_a_formula_excel_calculated_to_the_empty_text_is_an_empty_cell(tmp_path):
    """=IF(L7="","",L7+1) in "Ngày trả kết quả", saved by Excel for a dossier without a result: a text formula
    whose value is the empty text (t="str", an empty <v>) is calculated, read as the empty cell it shows."""
    returned = HEAD.index("Ngày trả kết quả") + 1
    rows = [r[:12] + [""] + r[13:] for r in BODY[:50]]

    def formulas(wb):
        for r in range(FIRST, FIRST + 50):
            wb["Sổ 2026"].cell(r, returned).value = f'=IF(L{r}="","",L{r}+1)'

    reg = export(tmp_path / "so.xlsx", rows, then=formulas)
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(reg) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    assert len(re.findall(rb'<c r="M7"[^>]*><f>IF\(L7="","",L7\+1\)</f>(?:<v></v>|<v ?/>)</c>', parts[part])) == 1  # no value
    parts[part] = re.sub(rb'<c r="(M\d+)"([^>]*)><f>', rb'<c r="\1"\2 t="str"><f>', parts[part])
    with zipfile.ZipFile(reg, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert table(reg) == table(twin(tmp_path / "so.csv", rows))
