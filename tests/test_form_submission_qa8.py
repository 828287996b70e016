"""QA8 F1–F5, F11: what an agency enters is never silently lost or scored on the wrong terms.

The forms are the seed form ``samples/forms/daknong-vpubnd-2020.xlsx`` (the 2020 report of Văn phòng UBND
tỉnh Đắk Nông filled in: 39,97 % = 39,175 / 98) and the ward's form that ``compliance template --from
samples/phuong-bac-gia-nghia-2026`` writes, changed the way a clerk changes them in Excel: a header
retyped shorter, a column deleted, last year's form reused with this year's dates, a self-score typed
without its evidence, a province written as it was before 01/7/2025.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compliance import api
from compliance.check import check_submission
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from tests.clirun import main
from tests.test_xlsx_bad import edited  # the seed form changed as Excel saves it

ROOT = Path(__file__).resolve().parent.parent
SEED_FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
WARD = ROOT / "samples" / "phuong-bac-gia-nghia-2026"
REPORT_PDF = ROOT / "samples" / "reports" / "so-tu-phap-2025-libreoffice.pdf"


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        check_submission(load_submission(path))
    assert err.value.path == str(path)
    return err.value


def ward_yaml(tmp_path: Path, **lines: str) -> Path:
    """The 2026 ward sample with whole lines replaced (``province="  province: Đắk Nông"``)."""
    text = (WARD / "submission.yaml").read_text(encoding="utf-8")
    for key, line in lines.items():
        text, n = re.subn(rf"(?m)^\s*{key}:.*$", line, text, count=1)
        assert n == 1, key
    path = tmp_path / "submission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- F1: every column (and key-value row) of the form is there, under its own name ----------------------

def test_the_seed_form_untouched_gives_the_seed_index():
    card = check_submission(load_submission(SEED_FORM))
    assert (card.totals.index_percent, card.totals.points, card.totals.applicable_max) == (39.97, 39.175, 98)


def test_a_retyped_header_is_refused_naming_the_cell_and_what_it_reads(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Hồ sơ TTHC"].__setitem__("E4", "Tổng"))  # was "Tổng số", 28.044 below
    err = refused(form)
    assert err.line("vi") == (
        f"{form}: ô E4 (trang 'Hồ sơ TTHC'): không thấy cột 'Số hồ sơ nhận giải quyết / Tổng số': ô E4 ghi 'Tổng', "
        "không phải tên cột của biểu mẫu; hãy trả lại tên 'Tổng số' (biểu mẫu đọc các cột theo tên; chỉ được thêm cột "
        "khác khi vẫn giữ đủ các cột của biểu mẫu)")
    assert err.line("en").endswith("no column 'Dossiers received / Total': E4 reads 'Tổng', which is not one of the "
                                   "form's columns; give it back its name 'Tổng số' (the form's columns are read by "
                                   "their names; other columns may be added only beside all of the form's own)")


def test_the_command_exits_2_and_writes_nothing(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Hồ sơ TTHC"].__setitem__("E4", "Tổng"))
    out = tmp_path / "ket-qua.xlsx"
    run = main("check", form, "--xlsx", out)
    assert run.code == 2 and run.clean and run.out == "" and not out.exists()
    assert run.err.strip() == (f"error: {form}: sheet Hồ sơ TTHC, cell E4: no column 'Dossiers received / Total': E4 "
                               "reads 'Tổng', which is not one of the form's columns; give it back its name 'Tổng số' "
                               "(the form's columns are read by their names; other columns may be added only beside "
                               "all of the form's own)")


def test_a_deleted_column_is_named_where_the_form_had_it(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Hồ sơ trễ hạn"].delete_cols(5))  # Số hồ sơ (required), beside Thủ tục
    assert refused(form).line("vi") == (
        f"{form}: trang 'Hồ sơ trễ hạn': không thấy cột 'Số hồ sơ' (biểu mẫu đặt ở ô E3): đã bị xoá? hãy thêm lại với "
        "đúng tên đó (xem biểu mẫu mới lập bằng 'compliance template')")
    # an optional one (Lý do) is a form made before it was added: read as empty and said (QA9 N5)
    card = check_submission(load_submission(edited(tmp_path, lambda wb: wb["Hồ sơ trễ hạn"].delete_cols(9), name="ly-do.xlsx")))
    assert [n.vi for n in card.notices] == [
        "trang 'Hồ sơ trễ hạn' của biểu mẫu không có cột 'Lý do' (biểu mẫu được lập trước khi có cột này?): cột được "
        "đọc là để trống, không báo cáo; biểu mẫu mới lập bằng 'compliance template' có cột này"]


def test_a_renamed_header_beside_a_moved_one_is_listed(tmp_path):
    def change(wb):
        ws = wb["Số liệu"]
        ws.move_range("C1:C60", cols=8)  # Giá trị moved to the far right …
        ws["K3"] = "Số"                  # … and retyped
    form = edited(tmp_path, change)
    assert refused(form).line("vi") == (
        f"{form}: trang 'Số liệu': không thấy cột 'Giá trị' (biểu mẫu đặt ở ô C3); trang có cột không thuộc biểu mẫu: "
        "'Số' (K3): nếu một trong số đó là 'Giá trị' bị đổi tên, hãy trả lại đúng tên")


def test_every_sheet_is_held_to_its_columns(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Tự đánh giá"].__setitem__("E3", "Tài liệu"))
    assert "ô E3 (trang 'Tự đánh giá'): không thấy cột 'Tài liệu kiểm chứng': ô E3 ghi 'Tài liệu'" in refused(form).line("vi")
    form = edited(tmp_path, lambda wb: wb["Văn bản"].delete_cols(5), name="van-ban.xlsx")  # Trích yếu, required
    assert refused(form).message.startswith("no column 'Title' (the form has it at E3): was it deleted?")


def test_a_renamed_or_deleted_row_of_the_agency_sheet_is_refused(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Cơ quan"].__setitem__("A8", "Tỉnh"))  # 'Tỉnh, thành phố': Đắk Nông
    assert refused(form).line("vi") == (
        f"{form}: ô A8 (trang 'Cơ quan'): không thấy dòng 'Tỉnh, thành phố': ô A8 ghi 'Tỉnh', không phải tên dòng của "
        "biểu mẫu; hãy trả lại tên 'Tỉnh, thành phố' (biểu mẫu đọc các dòng theo tên; chỉ được thêm dòng khác khi vẫn "
        "giữ đủ các dòng của biểu mẫu)")
    form = edited(tmp_path, lambda wb: wb["Cơ quan"].delete_rows(13), name="xoa-dong.xlsx")  # Bộ tiêu chí
    assert refused(form).line("vi").endswith(
        "trang 'Cơ quan': không thấy dòng 'Bộ tiêu chí' (biểu mẫu đặt ở ô A13): đã bị xoá? hãy thêm lại với đúng tên "
        "đó (xem biểu mẫu mới lập bằng 'compliance template')")


def test_added_and_reordered_columns_are_still_read(tmp_path):
    def change(wb):
        ws = wb["Hồ sơ trễ hạn"]
        ws["N3"], ws["N4"] = "Ghi chú của đơn vị", "đã gọi điện xin lỗi"  # a column of the agency's own
        ws.move_range("H3:H30", cols=7)  # Bước trễ hạn and Lý do swapped
        ws.move_range("I3:I30", cols=-1)
        ws.move_range("O3:O30", cols=-6)
        assert (ws["H3"].value, ws["I3"].value, ws["I4"].value) == ("Lý do", "Bước trễ hạn", "Sở KH&ĐT; Sở TN&MT")
    loaded = load_submission(edited(tmp_path, change))
    assert loaded.submission.late_dossiers[0].late_steps == ["Sở KH&ĐT", "Sở TN&MT"]
    assert check_submission(loaded).totals.index_percent == 39.97


# -- F2: a form of another period's edition ------------------------------------------------------------

def test_last_years_form_with_this_years_dates_is_refused_with_the_command_to_run(tmp_path):
    def to_2026(wb):
        wb["Cơ quan"]["B10"], wb["Cơ quan"]["B11"] = "01/01/2026", "31/12/2026"
    form = edited(tmp_path, to_2026, name="bieu-mau-2020.xlsx")
    # the office of Đắk Nông reusing its 2020 form: its province went first (Lâm Đồng since 01/7/2025)
    assert refused(form).where == "sheet Cơ quan, cell B8"

    def to_2026_in_lam_dong(wb):
        to_2026(wb)
        wb["Cơ quan"]["B8"] = "Lâm Đồng"
    form = edited(tmp_path, to_2026_in_lam_dong, name="bieu-mau-2020.xlsx")
    err = refused(form)
    assert err.where == "sheet Cơ quan, cell B13"
    assert err.line("vi") == (
        f"{form}: ô B13 (trang 'Cơ quan'): bộ tiêu chí 'par-dept-model-2020' có hiệu lực 01/01/2020–31/12/2020, không "
        "trùng ngày nào của kỳ đánh giá 01/01/2026–31/12/2026 (biểu mẫu hoặc tệp lập cho kỳ khác?): không chấm theo bộ "
        "này; hãy lập biểu mẫu của kỳ này từ biểu mẫu đang có bằng lệnh: compliance template --criteria "
        f"par-dept-model-2026 --from {form} -o bieu-mau-2020-par-dept-model-2026.xlsx")


def test_the_wards_2025_form_reused_for_2026_and_the_command_that_mends_it(tmp_path):
    half = ward_yaml(tmp_path, period="period: {from: 2025-07-01, to: 2025-12-31}")
    form_2025 = tmp_path / "phuong-2025.xlsx"
    assert api.write_template(form_2025, from_path=half) == "par-commune-model-2025"

    def to_2026(wb):
        wb["Cơ quan"]["B10"], wb["Cơ quan"]["B11"] = "01/01/2026", "31/12/2026"
    reused = edited(tmp_path, to_2026, name="phuong-2026.xlsx", form=form_2025)
    run = main("check", reused)
    assert run.code == 2 and run.clean and run.out == ""
    assert run.err.strip() == (
        f"error: {reused}: sheet Cơ quan, cell B13: criteria edition 'par-commune-model-2025' is in force "
        "01/07/2025–31/12/2025, not on any day of the period 01/01/2026–31/12/2026 (a form or file made for another "
        "period?): nothing is scored on it; write the period's form from this one with: compliance template --criteria "
        f"par-commune-model-2026 --from {reused} -o phuong-2026-par-commune-model-2026.xlsx")
    mended = tmp_path / "phuong-2026-par-commune-model-2026.xlsx"
    assert main("template", "--criteria", "par-commune-model-2026", "--from", reused, "-o", mended).code == 0
    assert load_workbook(mended)["Cơ quan"]["B13"].value == "par-commune-model-2026"  # the form's own edition
    card = check_submission(load_submission(mended))
    assert (card.edition.id, card.totals.index_percent) == ("par-commune-model-2026", 63.85)  # as the 2026 sample


def test_template_refuses_an_edition_outside_the_period_and_warns_for_a_part(tmp_path):
    run = main("template", "--criteria", "par-commune-model-2025", "--from", WARD, "-o", tmp_path / "f.xlsx")
    assert run.code == 2 and not (tmp_path / "f.xlsx").exists()
    assert run.err.strip() == (
        f"error: {WARD / 'submission.yaml'}: --criteria: criteria edition 'par-commune-model-2025' is in force "
        "01/07/2025–31/12/2025, not on any day of the period 01/01/2026–31/12/2026 (a form or file made for another "
        "period?): nothing is scored on it; use --criteria par-commune-model-2026 (or leave the option out: the edition "
        "is then chosen by the period)")
    year = ward_yaml(tmp_path, period="period: {from: 2025-01-01, to: 2025-12-31}")
    run = main("template", "--criteria", "par-commune-model-2025", "--from", year, "-o", tmp_path / "g.xlsx",
               "--lang", "vi")
    assert run.code == 0 and (tmp_path / "g.xlsx").exists()
    assert run.err.splitlines()[-1] == (
        "Lưu ý: bộ tiêu chí có hiệu lực 01/7/2025–31/12/2025; các ngày 01/01/2025–30/6/2025 của kỳ đánh giá "
        "01/01/2025–31/12/2025 nằm ngoài thời gian hiệu lực đó nhưng vẫn được chấm theo bộ tiêu chí này")


def test_a_criteria_line_outside_the_period_in_yaml(tmp_path):
    path = ward_yaml(tmp_path, period="period: {from: 2026-01-01, to: 2026-12-31}\ncriteria: par-commune-model-2025")
    assert refused(path).line("vi").endswith(
        "dòng 17, khoá criteria: bộ tiêu chí 'par-commune-model-2025' có hiệu lực 01/7/2025–31/12/2025, không trùng "
        "ngày nào của kỳ đánh giá 01/01/2026–31/12/2026 (biểu mẫu hoặc tệp lập cho kỳ khác?): không chấm theo bộ này; "
        "hãy ghi criteria: par-commune-model-2026 (hoặc xoá dòng này: bộ tiêu chí khi đó được chọn theo kỳ đánh giá)")


# -- F3: a self-score without evidence -------------------------------------------------------------------

def test_a_self_score_without_evidence_is_said_with_its_cell(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Tự đánh giá"].__setitem__("D7", "1,5"))  # 1.1.2, evidence E7 left empty
    card = check_submission(load_submission(form))
    assert card.totals.index_percent == 39.97  # said, nothing changed: the score is computed from the data
    assert [n.vi for n in card.notices] == [
        "điểm tự đánh giá không kèm tài liệu kiểm chứng hay giải trình: 1.1.2 (Mức độ hoàn thành kế hoạch CCHC năm): tự "
        "đánh giá 1,5 điểm, ô E7 (trang 'Tự đánh giá') để trống; điểm tự đánh giá nào cũng phải kèm tài liệu kiểm "
        "chứng, hội đồng thẩm định sẽ không công nhận điểm thiếu tài liệu: hãy bổ sung tài liệu, hoặc giải trình vì "
        "sao không có"]
    run = main("check", form, "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["notices"][0]["en"].startswith(
        "self-assessed points without evidence documents or an explanation: 1.1.2 (Completion of the annual PAR plan): "
        "self-assessed 1.5, sheet Tự đánh giá, cell E7 empty;")
    assert run.err.startswith("warning: self-assessed points without evidence documents")


def test_evidence_or_an_explanation_silences_it(tmp_path):
    def with_evidence(wb):
        wb["Tự đánh giá"]["D7"], wb["Tự đánh giá"]["E7"] = 1.5, "Báo cáo 1239/BC-VPUBND"
    assert check_submission(load_submission(edited(tmp_path, with_evidence))).notices == []

    def explained(wb):
        wb["Tự đánh giá"]["D7"], wb["Tự đánh giá"]["F7"] = 1.5, "Kết quả tự theo dõi, chưa có văn bản"
    assert check_submission(load_submission(edited(tmp_path, explained, name="gt.xlsx"))).notices == []


# -- F4: numbers in a points error -----------------------------------------------------------------------

def test_a_self_score_out_of_range_is_written_the_vietnamese_way_and_says_the_penalty(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Tự đánh giá"].__setitem__("D6", "1,5"))  # 1.1.1: −1 (no plan) … 1
    err = refused(form)
    assert err.line("vi") == (f"{form}: ô D6 (trang 'Tự đánh giá'): 1,5 điểm của '1.1.1' nằm ngoài khoảng từ −1 (điểm "
                              "trừ: tiêu chí này có trừ điểm) đến 1")
    assert err.line("en").endswith("1.5 points for '1.1.1' is outside the range from −1 (points taken off, a penalty "
                                   "this criterion gives) to 1")
    form = edited(tmp_path, lambda wb: wb["Tự đánh giá"].__setitem__("D7", 2.5), name="d7.xlsx")  # 1.1.2: 0 … 2
    assert refused(form).line("vi").endswith("ô D7 (trang 'Tự đánh giá'): 2,5 điểm của '1.1.2' nằm ngoài khoảng 0–2")


# -- F5: a report given to check --------------------------------------------------------------------------

@pytest.mark.parametrize("report", [REPORT_PDF, ROOT / "samples" / "reports" / "papi-2023.txt"])
def test_check_of_a_report_points_to_lint(report):
    run = main("check", report, "--lang", "vi")
    assert run.code == 2 and run.clean
    assert run.err.strip() == (
        f"lỗi: {report}: đây là báo cáo, không phải hồ sơ đánh giá (một thư mục, một tệp .yaml/.json hoặc biểu mẫu "
        f".xlsx): kiểm tra báo cáo bằng 'compliance lint {report}'; lập hồ sơ từ báo cáo bằng 'compliance lint "
        f"{report} --extract -o draft.yaml', điền các giá trị CẦN-ĐIỀN, rồi chạy 'compliance check draft.yaml'")


# -- F11: the province in force for the period ------------------------------------------------------------

def test_a_2026_ward_in_a_province_merged_on_1_7_2025_is_refused(tmp_path):
    path = ward_yaml(tmp_path, province="  province: Đắk Nông")
    err = refused(path)
    assert err.line("vi") == (
        f"{path}: dòng 15, khoá agency.province: tỉnh Đắk Nông đã hợp nhất vào Lâm Đồng từ ngày 01/7/2025 (Nghị quyết "
        "202/2025/QH15 ngày 12/6/2025): kỳ đánh giá kết thúc ngày 31/12/2026, cơ quan thuộc Lâm Đồng; hãy ghi tỉnh là "
        "'Lâm Đồng'")


def test_the_same_in_the_wards_form_names_the_cell(tmp_path):
    form = tmp_path / "phuong.xlsx"
    api.write_template(form, from_path=WARD)
    changed = edited(tmp_path, lambda wb: wb["Cơ quan"].__setitem__("B8", "tỉnh Đắk Nông"), form=form, name="p2.xlsx")
    assert refused(changed).line("vi").startswith(f"{changed}: ô B8 (trang 'Cơ quan'): tỉnh Đắk Nông đã hợp nhất vào "
                                                  "Lâm Đồng từ ngày 01/7/2025")


def test_a_province_in_no_list_is_a_warning_and_the_header_shows_the_province(tmp_path):
    card = check_submission(load_submission(ward_yaml(tmp_path, province="  province: Hà Tây")))
    assert card.totals.index_percent == 63.85
    assert [n.vi for n in card.notices] == [
        "dòng 15, khoá agency.province: tỉnh 'Hà Tây' không thuộc 34 tỉnh, thành phố đang có vào ngày 31/12/2026 (Nghị "
        "quyết 202/2025/QH15 ngày 12/6/2025); hãy kiểm tra lại tên tỉnh cơ quan đã ghi"]
    ward = check_submission(load_submission(WARD))
    assert ward.notices == [] and ward.province == "Lâm Đồng"
    assert api.render_scorecard(ward, "table", "vi").splitlines()[0] == (
        "Cơ quan: UBND phường Bắc Gia Nghĩa (LD-PBGN; Loại đơn vị: UBND cấp xã (xã, phường, đặc khu); Tỉnh, thành "
        "phố: Lâm Đồng)")


def test_the_seed_in_2020_keeps_dak_nong():
    card = check_submission(load_submission(ROOT / "samples" / "daknong-vpubnd-2020"))
    assert card.province == "Đắk Nông" and card.notices == []


def test_no_edition_for_a_commune_names_the_unit_type_in_vietnamese(tmp_path):
    path = ward_yaml(tmp_path, period="period: {from: 2025-01-01, to: 2025-12-31}")
    assert refused(path).line("vi").endswith(
        "dòng 16, khoá period.from: không có bộ tiêu chí nào cho loại đơn vị UBND cấp xã (xã, phường, đặc khu) có hiệu "
        "lực trong cả kỳ 01/01/2025–31/12/2025: par-commune-model-2025 (01/7/2025–31/12/2025); hãy đặt kỳ nằm trong "
        "thời gian hiệu lực của một bộ, hoặc chọn một bộ bằng --criteria (vẫn chấm, kèm ghi chú rằng bộ không bao trùm "
        "cả kỳ)")
