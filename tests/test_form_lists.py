"""The fill-in form's lists follow its criteria edition: the figure rows are those a submission scored on
the edition is read for (its leaves, the checks on them, the plan-target bases of its dates); online
services in the terms of its dates (levels 3 and 4 in 2020; "toàn trình" and "một phần" under Nghị định
42/2022/NĐ-CP); the documents' topics and the tasks' target bases as lists of Vietnamese words read back
to their codes; the unit types the edition applies to on its dates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from compliance.api import write_template
from compliance.errors import InputError
from compliance.intake.submission import load_submission

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "daknong-vpubnd-2020"


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    d = tmp_path_factory.mktemp("forms")
    out = {}
    for eid in ("par-commune-model-2026", "par-dept-model-2025", "par-dept-model-2020", "par-local-model-2020",
                "par-dept-model-2026"):
        write_template(d / f"{eid}.xlsx", eid)
        out[eid] = d / f"{eid}.xlsx"
    write_template(d / "seed.xlsx", from_path=SEED)
    out["seed"] = d / "seed.xlsx"
    return out


def figure_rows(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Số liệu"]
    return [ws.cell(r, 1).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value]


def offered(path: Path, sheet: str, header: str) -> list[str]:
    """The words of the drop-down list on ``sheet``'s column ``header`` — or, on the Cơ quan sheet, the
    row labelled ``header`` — read from the hidden list sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    if sheet == "Cơ quan":
        row = next(r for r in range(4, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith(header))
        dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"B{row}")
    else:
        head = next(r for r in range(1, 8) if any(c.value == header for c in ws[r]))
        letter = next(c.column_letter for c in ws[head] if c.value == header)
        dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{letter}{head + 1}:"))
    sheet_name, cells = dv.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    lists = wb[sheet_name.strip("'")]
    return [c.value for row in lists[first:last] for c in row]


def test_the_commune_2026_form_lists_only_the_figures_its_set_reads(forms):
    assert figure_rows(forms["par-commune-model-2026"]) == [
        "satisfaction_rate", "dissatisfaction_rate", "procedures_publicised_rate", "discipline_rate",
        "par_plan_completion_rate", "propaganda_channels", "reports_late_or_missing", "feedback_on_time_rate",
        "internal_process_rate", "training_plan_completion_rate", "digital_signature_rate_own",
        "digitised_results_rate", "online_services_full", "online_services_partial"]
    # none of the department set's inspection, publication or database figures
    assert not {"units_inspected_rate", "inspection_issues_found", "published_on_time_rate",
                "national_db_on_time_rate"} & set(figure_rows(forms["par-commune-model-2026"]))


def test_online_services_in_the_terms_of_the_edition_s_dates(forms):
    for eid in ("par-dept-model-2025", "par-commune-model-2026"):
        rows = figure_rows(forms[eid])
        assert {"online_services_full", "online_services_partial"} <= set(rows)
        assert not {"online_services_level_3", "online_services_level_4"} & set(rows)
        assert offered(forms[eid], "Nhiệm vụ", "Chỉ tiêu tính trên") == ["Số dịch vụ công trực tuyến toàn trình và một phần"]
    rows = figure_rows(forms["par-dept-model-2020"])
    assert {"online_services_level_3", "online_services_level_4"} <= set(rows)
    assert not {"online_services_full", "online_services_partial"} & set(rows)
    assert offered(forms["par-dept-model-2020"], "Nhiệm vụ", "Chỉ tiêu tính trên") == ["Số dịch vụ công trực tuyến mức độ 3, 4"]


def test_unit_types_the_edition_applies_to_on_its_dates(forms):
    assert offered(forms["par-commune-model-2026"], "Cơ quan", "Loại đơn vị") == ["UBND xã, phường, đặc khu"]
    assert offered(forms["par-dept-model-2026"], "Cơ quan", "Loại đơn vị") == ["Sở, ban, ngành", "Văn phòng UBND tỉnh"]
    assert offered(forms["par-local-model-2020"], "Cơ quan", "Loại đơn vị") == ["UBND huyện", "UBND xã, phường, đặc khu"]


def test_topics_are_offered_as_words(forms):
    words = offered(forms["par-dept-model-2020"], "Văn bản", "Chủ đề")
    assert words[:3] == ["Kế hoạch CCHC năm của cơ quan", "Kế hoạch ứng dụng CNTT năm", "Kế hoạch kiểm soát TTHC năm"]
    assert "Quy hoạch chức danh lãnh đạo được phê duyệt" in words and "Văn bản QPPL được tham mưu ban hành trong năm" in words
    # the commune set looks for no leadership planning or legal documents
    commune = offered(forms["par-commune-model-2026"], "Văn bản", "Chủ đề")
    assert "Quy hoạch chức danh lãnh đạo được phê duyệt" not in commune and "Kế hoạch CCHC năm của cơ quan" in commune


def _set(path: Path, sheet: str, header: str, value, row_offset: int = 1) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    head = next(r for r in range(1, 8) if any(c.value == header for c in ws[r]))
    col = next(c.column for c in ws[head] if c.value == header)
    ws.cell(head + row_offset, col).value = value
    wb.save(path)
    return path


def test_the_seed_form_shows_words_and_reads_back_the_codes(forms, tmp_path, seed_loaded):
    seed = seed_loaded.submission
    again = load_submission(forms["seed"]).submission
    assert [d.topics for d in again.documents] == [d.topics for d in seed.documents]
    assert [t.target for p in again.plans for t in p.tasks] == [t.target for p in seed.plans for t in p.tasks]
    wb = openpyxl.load_workbook(forms["seed"])
    ws = wb["Văn bản"]
    topics = [ws.cell(r, 7).value for r in range(4, ws.max_row + 1) if ws.cell(r, 7).value]
    assert "Kế hoạch CCHC năm của cơ quan" in topics and "par_direction" in topics  # the agency's own code kept
    tasks = wb["Nhiệm vụ"]
    col = next(c.column for c in tasks[3] if c.value == "Chỉ tiêu tính trên")
    assert "Số dịch vụ công trực tuyến mức độ 3, 4" in [tasks.cell(r, col).value for r in range(4, tasks.max_row + 1)]


def test_a_typed_list_of_words_and_codes(forms, tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(forms["seed"].read_bytes())
    _set(path, "Văn bản", "Chủ đề", "Kế hoạch CCHC năm của cơ quan; ke hoach ung dung cntt nam; iso_plan")
    assert load_submission(path).submission.documents[0].topics == ["par_plan", "it_plan", "iso_plan"]
    _set(path, "Văn bản", "Chủ đề", "Kế hoạch gì đó")
    with pytest.raises(InputError) as err:
        load_submission(path)
    assert err.value.where == "sheet Văn bản, cell G4"
    assert err.value.message.startswith("'Kế hoạch gì đó' is neither a word of the list (Kế hoạch CCHC năm của cơ quan;")


def test_the_words_offices_write_for_a_unit_type():
    from compliance.intake.form_layout import choice_code

    assert [choice_code("unit_type", w) for w in ("Sở", "UBND phường", "Đặc khu", "ubnd xa", "UBND cấp huyện")] == [
        "department", "commune", "commune", "commune", "district"]
    assert choice_code("unit_type", "Chi cục") is None
