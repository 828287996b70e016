"""QA9 N5 and N3: a form made by an earlier build of the same edition, and a group header unmerged.

N5: a form handed out before an optional column was added (this afternoon's form lacked tonight's 'Tỷ lệ ghi
trong báo cáo (%) / Trước hạn và đúng hạn') is read, that column as empty, with one notice naming it; a required
column absent, or any column absent beside a header the form does not know (QA8 F1: "Tổng số" retyped "Tổng"),
is still refused. N3: a group header no longer merged over its columns is said as such, with the range to merge.
The forms are the seed form ``samples/forms/daknong-vpubnd-2020.xlsx`` (39,97 %) changed with openpyxl.
"""

from __future__ import annotations

import json

from openpyxl import load_workbook

from compliance.check import check_submission
from compliance.intake.submission import load_submission
from tests.clirun import main
from tests.test_form_submission_qa8 import refused
from tests.test_xlsx_bad import edited

COLUMN_S = 19  # 'Tỷ lệ ghi trong báo cáo (%) / Trước hạn và đúng hạn' on the Hồ sơ TTHC sheet (S4), blank in the seed
NOTICE_VI = ("trang 'Hồ sơ TTHC' của biểu mẫu không có cột 'Tỷ lệ ghi trong báo cáo (%) / Trước hạn và đúng hạn' "
             "(biểu mẫu được lập trước khi có cột này?): cột được đọc là để trống, không báo cáo; biểu mẫu mới lập "
             "bằng 'compliance template' có cột này")
NOTICE_EN = ("the form's sheet 'Hồ sơ TTHC' has no column 'Rates as the report states them (%) / Early or on time' "
             "(the form was made before it was added?): it is read as empty, not reported; a new form from "
             "'compliance template' has it")


def older_form(tmp_path, name="truoc-cot-moi.xlsx"):
    """The seed form as a build before the column existed wrote it: S3:S4 gone, the group merged over P3:S3."""
    def change(wb):
        ws = wb["Hồ sơ TTHC"]
        ws.unmerge_cells("P3:T3")
        ws.delete_cols(COLUMN_S)
        ws.merge_cells("P3:S3")
        assert (ws["P3"].value, ws["S4"].value, ws["T4"].value) == ("Tỷ lệ ghi trong báo cáo (%)", "Quá hạn", "Nguồn")
    return edited(tmp_path, change, name=name)


def test_a_form_made_before_an_optional_column_is_read_with_one_notice(tmp_path):
    form = older_form(tmp_path)
    loaded = load_submission(form)
    assert loaded.submission.dossiers.stated_rates.early_on_time is None
    assert loaded.submission.dossiers.stated_rates.late == 0.38  # the column after it, read by its name
    card = check_submission(loaded)
    assert (card.totals.index_percent, card.totals.points, card.totals.applicable_max) == (39.97, 39.175, 98)  # as the seed
    assert [(n.vi, n.en) for n in card.notices] == [(NOTICE_VI, NOTICE_EN)]


def test_the_command_says_it_under_the_header_and_in_json(tmp_path):
    form = older_form(tmp_path)
    run = main("check", form, "--lang", "vi")
    assert run.code == 0 and f"Cảnh báo: {NOTICE_VI}" in run.out.splitlines()
    run = main("check", form, "--format", "json", "--lang", "en")
    assert run.code == 0 and json.loads(run.out)["notices"] == [{"vi": NOTICE_VI, "en": NOTICE_EN}]


def test_template_from_an_older_form_writes_the_current_one(tmp_path):
    form, new = older_form(tmp_path), tmp_path / "moi.xlsx"
    assert main("template", "--from", form, "-o", new).code == 0
    assert load_workbook(new)["Hồ sơ TTHC"]["S4"].value == "Trước hạn và đúng hạn"
    card = check_submission(load_submission(new))
    assert (card.totals.index_percent, card.notices) == (39.97, [])


def test_a_retyped_header_is_still_refused(tmp_path):  # QA8 F1, unchanged
    form = edited(tmp_path, lambda wb: wb["Hồ sơ TTHC"].__setitem__("E4", "Tổng"))
    assert refused(form).line("vi").endswith(
        "không thấy cột 'Số hồ sơ nhận giải quyết / Tổng số': ô E4 ghi 'Tổng', không phải tên cột của biểu mẫu; hãy "
        "trả lại tên 'Tổng số' (biểu mẫu đọc các cột theo tên; chỉ được thêm cột khác khi vẫn giữ đủ các cột của biểu mẫu)")


def test_an_optional_column_retyped_is_refused_not_read_as_empty(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Hồ sơ TTHC"].__setitem__("S4", "Trước/đúng hạn"))
    assert refused(form).line("vi").endswith(
        "không thấy cột 'Tỷ lệ ghi trong báo cáo (%) / Trước hạn và đúng hạn': ô S4 ghi 'Trước/đúng hạn', không phải "
        "tên cột của biểu mẫu; hãy trả lại tên 'Trước hạn và đúng hạn' (biểu mẫu đọc các cột theo tên; chỉ được thêm "
        "cột khác khi vẫn giữ đủ các cột của biểu mẫu)")


def test_an_older_form_with_a_retyped_header_is_refused(tmp_path):
    def change(wb):
        ws = wb["Hồ sơ TTHC"]
        ws.delete_cols(COLUMN_S)
        ws["E4"] = "Tổng"
    error = refused(edited(tmp_path, change))
    assert "ô E4 ghi 'Tổng', không phải tên cột của biểu mẫu" in error.line("vi")
    assert "(và 1 cột nữa: 'Tỷ lệ ghi trong báo cáo (%) / Trước hạn và đúng hạn')" in error.line("vi")


def test_a_required_column_deleted_is_refused(tmp_path):
    form = edited(tmp_path, lambda wb: wb["Hồ sơ trễ hạn"].delete_cols(5))  # Số hồ sơ
    assert refused(form).line("vi") == (
        f"{form}: trang 'Hồ sơ trễ hạn': không thấy cột 'Số hồ sơ' (biểu mẫu đặt ở ô E3): đã bị xoá? hãy thêm lại với "
        "đúng tên đó (xem biểu mẫu mới lập bằng 'compliance template')")


def test_an_unmerged_group_header_names_the_merge_to_restore(tmp_path):  # N3
    form = edited(tmp_path, lambda wb: wb["Hồ sơ TTHC"].unmerge_cells("E3:H3"))
    error = refused(form)
    assert error.line("vi") == (
        f"{form}: ô F4 (trang 'Hồ sơ TTHC'): không thấy cột 'Số hồ sơ nhận giải quyết / Trực tuyến' (và 2 cột nữa: "
        "'Số hồ sơ nhận giải quyết / Trực tiếp, qua bưu chính', 'Số hồ sơ nhận giải quyết / Từ kỳ trước chuyển qua'): "
        "ô F4 ghi 'Trực tuyến' nhưng tiêu đề nhóm 'Số hồ sơ nhận giải quyết' không còn được gộp trên E3:H3 (đã bỏ gộp "
        "để sắp xếp hay dán?) nên ô phía trên trống; hãy gộp lại E3:H3")
    assert error.line("en").endswith(  # every name in English (QA9 N3: the further columns were Vietnamese)
        "no column 'Dossiers received / Online' (and 2 more columns: 'Dossiers received / In person or by post', "
        "'Dossiers received / Carried over'): F4 reads 'Trực tuyến', but the group header 'Dossiers received' is no "
        "longer merged over E3:H3 (unmerged to sort or paste?), so the cell above it is empty; merge E3:H3 again")
