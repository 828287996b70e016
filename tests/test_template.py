"""The fill-in form `compliance template`: sheets, headers with English comments, validation, protection."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.errors import InputError
from compliance.cli.template import template


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "form.xlsx"
    result = CliRunner().invoke(template, ["--criteria", "par-dept-model-2020", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def validations(ws) -> list:
    return list(ws.data_validations.dataValidation)


def covering(ws, coord: str):
    return [dv for dv in validations(ws) if coord in dv.sqref]


def test_sheets(blank):
    wb = load_workbook(blank)
    assert wb.sheetnames == ["Hướng dẫn", "Cơ quan", "Văn bản", "Hồ sơ TTHC", "Hồ sơ trễ hạn", "Số liệu", "Đào tạo",
                             "Kế hoạch", "Nhiệm vụ", "Tự đánh giá", "Ghi chú", "Danh mục"]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb["Hướng dẫn"]["A2"].value == "Bộ tiêu chí: par-dept-model-2020 — Bộ chỉ số CCHC cấp sở (bộ mẫu của dự án, năm 2020)"


def test_headers_vietnamese_with_english_comments_frozen_and_protected(blank):
    ws = load_workbook(blank)["Hồ sơ trễ hạn"]
    assert [ws.cell(row=3, column=c).value for c in range(1, 8)] == [
        "Mã nhóm", "Cơ quan giải quyết", "Mã cơ quan giải quyết", "Thủ tục hành chính", "Số hồ sơ", "Loại trễ hạn",
        "Văn bản xin lỗi"]
    assert ws["G3"].comment.text == "Văn bản xin lỗi\nApology letter sent"  # Vietnamese, then English
    assert ws.freeze_panes == "A4"
    assert ws.protection.sheet is True
    assert ws["G3"].protection.locked is True
    # every cell typed below the header takes its column's style: unlocked, formatted
    assert ws.column_dimensions["G"].protection.locked is False
    assert ws.column_dimensions["E"].number_format == "[$-42A]#,##0"  # 28.044
    assert ws["E3"].protection.locked is True
    assert ws.protection.insertColumns is False  # adding a column of one's own stays possible


def test_dossier_table_has_the_periodic_report_layout(blank):
    ws = load_workbook(blank)["Hồ sơ TTHC"]
    assert ws["E3"].value == "Số hồ sơ nhận giải quyết" and "E3:H3" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["I3"].value == "Số hồ sơ đã giải quyết" and [ws.cell(row=4, column=c).value for c in range(9, 13)] == [
        "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]
    assert ws["I4"].comment.text == "Số hồ sơ đã giải quyết: Tổng số\nDossiers resolved: Total"
    assert ws.freeze_panes == "A5"


def test_data_validation(blank):
    wb = load_workbook(blank)
    late = wb["Hồ sơ trễ hạn"]
    (apology,) = covering(late, "G4")
    assert apology.type == "list" and apology.formula1 == "'Danh mục'!$D$2:$D$5"
    lists = wb["Danh mục"]
    assert [lists.cell(row=r, column=4).value for r in range(2, 6)] == ["Có", "Không", "Báo cáo không nêu", "Không áp dụng"]
    (count,) = covering(late, "E10")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "1")
    (rate,) = covering(wb["Hồ sơ TTHC"], "P5")
    assert (rate.type, rate.formula1, rate.formula2) == ("decimal", "0", "100")
    (day,) = covering(wb["Cơ quan"], "B10")
    assert day.type == "date" and (day.formula1, day.formula2) == ("36526", "73415")  # 2000-01-01 … 2100-12-31
    (state,) = covering(wb["Nhiệm vụ"], "H4")
    assert state.formula1 == "'Danh mục'!$I$2:$I$5"
    assert [lists.cell(row=r, column=9).value for r in range(2, 6)] == ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không rõ"]


def test_text_columns_are_text_formatted(blank):
    ws = load_workbook(blank)["Nhiệm vụ"]
    assert ws.column_dimensions["F"].number_format == "@"  # "- Rà soát …" stays text when typed
    assert ws.column_dimensions["B"].number_format == "@"  # task id "1.1" stays "1.1"


def test_self_assessment_lists_the_edition(blank):
    ws = load_workbook(blank)["Tự đánh giá"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    assert len(rows) == 62
    r = rows["1.1.1"]
    assert ws.cell(row=r, column=3).value == 1 and ws.row_dimensions[r].outline_level == 2
    assert ws.cell(row=r, column=1).protection.locked is True and ws.cell(row=r, column=4).protection.locked is False
    (points,) = covering(ws, f"D{r}")
    assert (points.formula1, points.formula2) == ("-1", "1")  # on time 1 … not issued −1
    # survey points are the appraising body's: locked on every node, survey nodes too, with no input validation
    assert covering(ws, f"G{rows['8.1']}") == []
    assert ws.cell(row=rows["8.1"], column=7).protection.locked is True
    assert ws.cell(row=rows["1.1.1"], column=7).protection.locked is True


def test_figures_the_criteria_read_are_listed(blank):
    ws = load_workbook(blank)["Số liệu"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    r = rows["units_inspected_rate"]
    assert ws.cell(row=r, column=2).value == "Tỷ lệ đơn vị trực thuộc được kiểm tra CCHC"
    assert ws.cell(row=r, column=4).value == "Tỷ lệ %"
    assert ws.cell(row=r, column=3).value is None


def test_template_needs_an_edition(tmp_path):
    result = CliRunner().invoke(template, ["-o", str(tmp_path / "x.xlsx")])
    assert isinstance(result.exception, InputError)
    assert result.exception.message == "give --criteria ID (or --from a submission)"
    result = CliRunner().invoke(template, ["--criteria", "no-such-edition", "-o", str(tmp_path / "x.xlsx")])
    assert isinstance(result.exception, InputError) and "no criteria edition 'no-such-edition'" in result.exception.message
    assert not (tmp_path / "x.xlsx").exists()


def test_template_refuses_a_macro_name(tmp_path):
    result = CliRunner().invoke(template, ["--criteria", "par-dept-model-2020", "-o", str(tmp_path / "x.xlsm")])
    assert isinstance(result.exception, InputError)
    assert result.exception.message == "the form is written as .xlsx"


def test_nodes_without_points_get_a_floor_only(tmp_path):
    """par-province-qd1149-2020 gives no points for its fields: the form is still written, their cells ≥ 0."""
    path = tmp_path / "province.xlsx"
    result = CliRunner().invoke(template, ["--criteria", "par-province-qd1149-2020", "-o", str(path)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(path)["Tự đánh giá"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    (floor,) = covering(ws, f"D{rows['1']}")
    assert (floor.operator, floor.formula1, floor.formula2) == ("greaterThanOrEqual", "0", None)


def test_instructions_say_how_figure_codes_are_read(blank):
    ws = load_workbook(blank)["Hướng dẫn"]
    text = " ".join(str(ws.cell(row=r, column=2).value) for r in range(1, ws.max_row + 1))
    assert "a code close to a listed code whose row is blank (e.g. satisfacton_rate) is taken for a typo and refused" in text


def test_a_submission_and_its_form_score_the_same_with_an_early_or_on_time_share(tmp_path):
    """The share "trước hạn và đúng hạn" a report states goes into the form and is checked from it as from
    the YAML (the form had no column for it: 3.3.1 was scored from the form and refused from the YAML)."""
    from compliance import api

    sample = Path(__file__).resolve().parent.parent / "samples" / "phuong-bac-gia-nghia-2026"
    text = (sample / "submission.yaml").read_text(encoding="utf-8")
    old = "stated_rates: {online: 56.62, on_time: 65.5, late: 2}"
    assert old in text
    (tmp_path / "submission.yaml").write_text(text.replace(old, old[:-1] + ", early_on_time: 97.5}"), encoding="utf-8")
    form = tmp_path / "form.xlsx"
    api.write_template(form, from_path=tmp_path / "submission.yaml")
    from_yaml, from_form = api.check(tmp_path / "submission.yaml"), api.check(form)
    row = {c.id: c for c in from_form.rows}["3.3.1"]  # 3920 / 4000 = 98 %, stated 97.5: not scored
    assert row.state.value == "error" and row.computed is None
    assert from_form.totals.index_percent == from_yaml.totals.index_percent == 59.85  # 63.85 − 4
