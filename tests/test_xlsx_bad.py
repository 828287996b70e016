"""Bad workbooks: each gives one clear error naming the file and the sheet and cell (exit 2), or is handled safely."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.cli import cli
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.io.safety import MAX_UNPACKED, open_untrusted
from compliance.io.workbook import put

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
REFUSED_XML = ("không đọc được bảng tính: XML của tệp khai báo thực thể hoặc DTD (bị từ chối: không cho phép mở rộng "
               "thực thể và thực thể bên ngoài)")
"""The refusal of XML declaring entities or a DTD, in Vietnamese only (no English class name, QA7 Q7)."""


def edited(tmp_path: Path, change, name: str = "bad.xlsx", form: Path = FORM) -> Path:
    """``form`` (the seed form) changed by ``change(workbook)`` and saved under ``name``, as Excel saves it."""
    wb = load_workbook(form)
    change(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        load_submission(path)
    assert err.value.path == str(path)
    return err.value


def test_missing_sheet(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: wb.remove(wb["Hồ sơ trễ hạn"])))
    assert err.message.startswith("no sheet 'Hồ sơ trễ hạn' (Late dossiers); the workbook has: Hướng dẫn, Cơ quan")


def test_renamed_header(tmp_path):
    def rename(wb):
        put(wb["Hồ sơ trễ hạn"], 3, 5, "Số lượng hồ sơ")
    err = error_of(edited(tmp_path, rename))
    assert err.where == "sheet Hồ sơ trễ hạn, cell E3"
    assert err.message == ("no column 'Number of dossiers': E3 reads 'Số lượng hồ sơ', which is not one of the form's "
                           "columns; give it back its name 'Số hồ sơ' (the form's columns are read by their names; other "
                           "columns may be added only beside all of the form's own)")


def test_duplicate_header(tmp_path):
    def duplicate(wb):
        put(wb["Hồ sơ trễ hạn"], 3, 12, "Số hồ sơ")
    err = error_of(edited(tmp_path, duplicate))
    assert err.message == "two columns are headed 'Số hồ sơ' (E3, L3); keep one"


def test_text_in_a_number_cell(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Hồ sơ trễ hạn"], 5, 5, "nhiều")))
    assert err.where == "sheet Hồ sơ trễ hạn, cell E5"
    assert err.message == "'nhiều' is not a number; enter a number, e.g. 20000"
    assert err.line("vi").endswith("ô E5 (trang 'Hồ sơ trễ hạn'): 'nhiều' không phải là số; hãy nhập số, ví dụ 20000")


def test_a_fraction_in_a_count(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Hồ sơ TTHC"], 5, 9, 27010.5)))
    assert err.where == "sheet Hồ sơ TTHC, cell I5"
    assert err.message == "expected a whole number of total, found 27010.5"


def test_a_word_outside_the_list(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Hồ sơ trễ hạn"], 4, 7, "có lẽ")))
    assert err.where == "sheet Hồ sơ trễ hạn, cell G4"
    assert err.message == "'có lẽ' is not one of: Có; Không; Báo cáo không nêu; Không áp dụng"


def test_an_impossible_period_date(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Cơ quan"], 10, 2, "31/02/2020")))
    assert err.where == "sheet Cơ quan, cell B10"
    assert err.message == "the date '31/02/2020' does not exist: February 2020 has 29 days"


def test_schema_errors_name_the_cell(tmp_path):
    """A software-only late dossier with an apology status is refused by the model, at its row."""
    err = error_of(edited(tmp_path, lambda wb: put(wb["Hồ sơ trễ hạn"], 15, 7, "Có")))
    assert err.where == "sheet Hồ sơ trễ hạn, row 15"
    assert "needs no apology letter" in err.message


def test_merged_cells_across_data(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: wb["Nhiệm vụ"].merge_cells("F4:G5")))
    assert err.where == "sheet Nhiệm vụ"
    assert err.message == "cells F4:G5 are merged across the data; unmerge them so each value has its own cell"


def test_task_of_an_unknown_plan(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Nhiệm vụ"], 4, 1, "papi-2021")))
    assert err.where == "sheet Nhiệm vụ, cell A4"
    assert err.message == "plan 'papi-2021' is not on the Kế hoạch sheet (plans: papi-2020, par-index-2020)"


def test_macro_enabled_file_is_refused(tmp_path):
    path = tmp_path / "form.xlsm"
    shutil.copy(FORM, path)
    err = error_of(path)
    assert err.message.startswith("macro-enabled workbooks are refused")


def test_macros_inside_an_xlsx_are_refused(tmp_path):
    path = tmp_path / "form.xlsx"
    shutil.copy(FORM, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert "contains macros" in error_of(path).message


def test_zip_bomb_is_refused_quickly(tmp_path):
    """A part declaring more than the cap once unpacked: refused before any XML is parsed."""
    path = tmp_path / "bomb.xlsx"
    shutil.copy(FORM, path)
    chunk = b"<row/>" * (1 << 20)  # 6 MB of highly compressible XML
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/worksheets/sheet99.xml", "w", force_zip64=True) as fh:
            for _ in range(MAX_UNPACKED // len(chunk) + 2):
                fh.write(chunk)
    err = error_of(path)
    assert "zip bomb" in err.message


def test_not_a_workbook(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("Mã cơ quan;Tên cơ quan\n", encoding="utf-8")
    assert error_of(path).message == "this is a CSV text file, not an .xlsx workbook (rename it .csv)"


def test_old_xls_is_refused(tmp_path):
    path = tmp_path / "form.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    assert error_of(path).message.startswith("the old .xls format is not read")


def test_xml_is_parsed_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def laughs(tmp_path: Path) -> Path:
    """The seed form with a billion-laughs entity declared in its workbook.xml."""
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(FORM) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + data
            dst.writestr(info, data)
    return path


def test_entity_expansion_is_refused(tmp_path):
    """A billion-laughs entity in workbook.xml: defusedxml refuses it; the user gets one line."""
    path = laughs(tmp_path)
    with pytest.raises(InputError) as err:
        open_untrusted(path)
    assert err.value.message.get("vi") == REFUSED_XML


def test_streaming_reader_refuses_entities_too(tmp_path):
    """Registers are streamed (openpyxl read-only): the same entity is refused there, not expanded."""
    from compliance.io.safety import open_streaming

    path = laughs(tmp_path)
    with pytest.raises(InputError) as err:
        open_streaming(path)
    assert err.value.message.get("vi") == REFUSED_XML


def test_register_rows_refuse_entities_too(tmp_path):
    """A register's rows are read by python-calamine (io/safety.open_rows), which expands no entity: a DTD in
    any part is refused all the same, before any row is read, in workbook.xml or in the sheet itself."""
    from compliance.io.safety import open_rows

    with pytest.raises(InputError) as err:
        open_rows(laughs(tmp_path))
    assert err.value.message.get("vi") == REFUSED_XML
    register = tmp_path / "so-theo-doi.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Mã hồ sơ", "Mã thủ tục", "Cơ quan giải quyết", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả"])
    wb.active.append(["HS-1", "1.001", "Sở Tư pháp", "Trực tuyến", "02/01/2025", "09/01/2025"])
    wb.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as src, zipfile.ZipFile(register, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert not data.startswith(b"<?xml")
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data
            dst.writestr(info, data)
    assert CliRunner().invoke(cli, ["dossiers", "summarize", str(tmp_path / "plain.xlsx")]).exit_code == 0
    result = CliRunner().invoke(cli, ["dossiers", "summarize", str(register), "--lang", "en"])
    assert isinstance(result.exception, InputError)  # main() prints it as one line and exits 2
    assert result.exception.message.get("vi") == REFUSED_XML


def test_openpyxl_loaded_with_lxml_first_is_refused_not_used(tmp_path):
    """A program that imports openpyxl (with lxml on, as python-docx brings it) before compliance: the
    untrusted workbook is refused with one line, never parsed by lxml's entity-expanding path."""
    code = ("import os; os.environ['OPENPYXL_LXML'] = 'True'; import openpyxl; "
            "from compliance.errors import InputError; from compliance.io.safety import open_untrusted\n"
            "try:\n    open_untrusted(%r)\nexcept InputError as e:\n    print(e.message)\n" % str(FORM))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "openpyxl was loaded with lxml" in run.stdout


def test_a_cell_starting_with_equals_is_text_all_the_way(tmp_path):
    """"=HYPERLINK(…)" typed as text in a late-dossier text: read as text, written to the scored workbook as text."""
    formula_text = '=HYPERLINK("http://example.invalid","bấm vào đây")'
    path = edited(tmp_path, lambda wb: put(wb["Hồ sơ trễ hạn"], 5, 10, formula_text))
    out = tmp_path / "scored.xlsx"
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(path), "--xlsx", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    loaded = load_submission(path)
    assert loaded.submission.late_dossiers[1].text == formula_text
    gaps = load_workbook(out)["Tồn tại"]
    cells = [c for row in gaps.iter_rows() for c in row if isinstance(c.value, str) and formula_text in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_cli_prints_one_line_and_exits_2(tmp_path):
    path = edited(tmp_path, lambda wb: put(wb["Hồ sơ trễ hạn"], 5, 5, "nhiều"))
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stderr == f"lỗi: {path}: ô E5 (trang 'Hồ sơ trễ hạn'): 'nhiều' không phải là số; hãy nhập số, ví dụ 20000\n"
    assert run.stdout == ""


def figure_rows(wb) -> dict[str, int]:
    ws = wb["Số liệu"]
    return {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}


def test_a_misspelt_figure_code_is_refused_with_the_code_meant(tmp_path):
    """satisfacton_rate in A4 would drop 3.3.4 from the scoring without a word (index 39.97 → 38.95)."""
    err = error_of(edited(tmp_path, lambda wb: put(wb["Số liệu"], 4, 1, "satisfacton_rate")))
    assert err.where == "sheet Số liệu, cell A4"
    assert err.message == ("figure code 'satisfacton_rate' is not one the criteria read; did you mean "
                           "'satisfaction_rate'? (a figure of your own needs a code unlike the criteria's)")


def test_a_criteria_figure_typed_on_a_new_row_under_a_slip_is_refused(tmp_path):
    """The listed row is left blank and the value typed on a new row under a near code."""
    def change(wb):
        ws = wb["Số liệu"]
        line = figure_rows(wb)["units_inspected_rate"]
        assert ws.cell(row=line, column=3).value is None
        last = ws.max_row + 1
        for col, value in enumerate(("units_inspectd_rate", "Tỷ lệ đơn vị được kiểm tra", 80, "Tỷ lệ %"), 1):
            put(ws, last, col, value)
    path = edited(tmp_path, change)
    err = error_of(path)
    assert err.where == f"sheet Số liệu, cell A{load_workbook(path)['Số liệu'].max_row}"
    assert "did you mean 'units_inspected_rate'?" in err.message


def test_a_criteria_code_in_other_case_is_refused(tmp_path):
    err = error_of(edited(tmp_path, lambda wb: put(wb["Số liệu"], 5, 1, "Dissatisfaction Rate")))
    assert err.where == "sheet Số liệu, cell A5"
    assert "did you mean 'dissatisfaction_rate'?" in err.message


def test_cli_exits_2_on_a_misspelt_figure_code(tmp_path):
    path = edited(tmp_path, lambda wb: put(wb["Số liệu"], 4, 1, "satisfacton_rate"))
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stderr.startswith(f"lỗi: {path}: ô A4 (trang 'Số liệu'): mã số liệu 'satisfacton_rate' không phải mã")
    assert run.stdout == ""


def test_every_missing_required_value_of_the_agency_sheet_at_once(tmp_path):
    """The report described but its title and role left blank: both named with their cells in one run."""
    def blank(wb):
        wb["Cơ quan"]["B14"].value = None
        wb["Cơ quan"]["B19"].value = None
    err = error_of(edited(tmp_path, blank))
    assert err.where == "sheet Cơ quan, cell B14"
    assert err.message.get("vi") == ("thông tin bắt buộc, hãy điền giá trị: 'Tên báo cáo' (B14); "
                                     "'Vai trò đối với báo cáo' (B19)")
    one = error_of(edited(tmp_path, lambda wb: setattr(wb["Cơ quan"]["B19"], "value", None), "one.xlsx"))
    assert (one.where, one.message) == ("sheet Cơ quan, cell B19", "'Vai trò đối với báo cáo' is required: fill in its value")


def test_an_empty_file_is_said_empty(tmp_path):
    empty = tmp_path / "bieu-mau.xlsx"
    empty.write_bytes(b"")
    err = error_of(empty)
    assert err.message.get("vi") == "tệp trống" and err.message == "the file is empty"


def test_a_date_cell_outside_excels_dates_is_named_without_openpyxls_english_warning(tmp_path):
    """A date-formatted cell holding a serial no date has (-999999999999999): openpyxl warns in English on
    stderr, with its own file path; the user sees only the one line naming the sheet and cell (a real
    process: the warning is printed by Python's warnings machinery, which pytest would capture)."""
    form = tmp_path / "bieu-mau.xlsx"
    subprocess.run([sys.executable, "-m", "compliance", "template", "--from", "samples/phuong-bac-gia-nghia-2026",
                    "-o", str(form)], check=True, capture_output=True, cwd=Path(__file__).resolve().parents[1])
    wb = load_workbook(form)
    wb["Cơ quan"]["B10"].value = -999999999999999
    wb["Cơ quan"]["B10"].number_format = "dd/mm/yyyy"
    wb.save(form)
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(form)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 2
    assert run.stderr == (f"lỗi: {form}: ô B10 (trang 'Cơ quan'): '#VALUE!' không phải là ngày (cần dd/mm/yyyy, "
                          "yyyy-mm-dd hoặc ngày của Excel)\n")
