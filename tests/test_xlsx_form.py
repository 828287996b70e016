"""Reading the Excel form: the round trip to the same scorecard, Vietnamese formats, formulas, headers by name."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.check import check_submission
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.cli.template import template
from compliance.io.workbook import put

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
SOURCE = re.compile(r"submission\.yaml(?::| line )\d+|sheet [^,()]+, (cell [A-Z]+\d+|row \d+)( \([^)]*\))?"
                    r"|(ô [A-Z]+\d+|dòng \d+) \(trang '[^']+'\)( \([^)]*\))?")


def comparable(card) -> dict:
    """The scorecard without where its figures came from (file lines vs sheet cells)."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("source", "submission_source")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return SOURCE.sub("<source>", x) if isinstance(x, str) else x
    return strip(card.model_dump(mode="json"))


@pytest.fixture(scope="module")
def seed_form(tmp_path_factory) -> Path:
    """The template for the seed's edition, filled with the seed report's figures by `compliance template --from`."""
    path = tmp_path_factory.mktemp("form") / "seed.xlsx"
    result = CliRunner().invoke(template, ["--from", str(ROOT / "samples" / "daknong-vpubnd-2020"), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def header_cols(ws, row: int) -> dict[str, int]:
    return {ws.cell(row=row, column=c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row=row, column=c).value}


def save(wb, tmp_path: Path, name: str = "edited.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


def test_round_trip_gives_the_yaml_scorecard(seed_form, seed_loaded, seed_card):
    loaded = load_submission(seed_form)
    assert loaded.submission == seed_loaded.submission
    card = check_submission(loaded)
    assert comparable(card) == comparable(seed_card)
    assert card.totals.index_percent == 39.97 and card.totals.points == 39.175


def test_the_committed_sample_form_is_current(seed_loaded, seed_card):
    loaded = load_submission(SAMPLE_FORM)
    assert loaded.submission == seed_loaded.submission
    assert comparable(check_submission(loaded)) == comparable(seed_card)


def test_scores_name_the_sheet_and_cell(seed_form):
    loaded = load_submission(seed_form)
    assert loaded.source_of(("dossiers", "resolved", "total")) == "sheet Hồ sơ TTHC, cell I5"
    assert loaded.source_of(("late_dossiers", 0)) == "sheet Hồ sơ trễ hạn, row 4"
    card = check_submission(loaded)
    row = next(r for r in card.rows if r.id == "3.3.4")
    ws = load_workbook(seed_form)["Số liệu"]
    line = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value == "satisfaction_rate")
    assert row.inputs[0].source == f"sheet Số liệu, cell C{line}"
    assert row.inputs[0].value == 98.8


def test_vietnamese_text_numbers_dates_and_serials(seed_form, seed_card, tmp_path):
    """Typed the Vietnamese way: "28.044", "47,26 %", dates as text and as an Excel serial."""
    wb = load_workbook(seed_form)
    ws = wb["Hồ sơ TTHC"]
    typed = {"E": "28.044", "F": "13.253", "I": "27.010", "J": "5.072", "K": "21.836", "L": "102",
             "P": "47,26 %", "Q": "18,78", "R": "80,84 %", "T": "0,38"}  # S: the early-or-on-time share, not stated
    for col, text in typed.items():
        put(ws, 5, ws[f"{col}5"].column, text)
    ws["B5"].value, ws["C5"].value = "16/11/2019", 44143  # 44143 = 08/11/2020
    agency = wb["Cơ quan"]
    agency["B10"].value = "01/01/2020"
    agency["B11"].value = dt.datetime(2020, 12, 31)
    loaded = load_submission(save(wb, tmp_path))
    d = loaded.submission.dossiers
    assert (d.received.total, d.received.online, d.resolved.total, d.resolved.early) == (28044, 13253, 27010, 5072)
    assert d.stated_rates.online == 47.26 and d.stated_rates.late == 0.38
    assert (d.period.from_, d.period.to) == (dt.date(2019, 11, 16), dt.date(2020, 11, 8))
    assert loaded.submission.period.from_ == dt.date(2020, 1, 1)
    # the assumption behind "28.044" is said next to the source
    assert "read as 28044" in loaded.source_of(("dossiers", "received", "total"))
    assert comparable(check_submission(loaded)) == comparable(seed_card)


def test_a_spreadsheet_percentage_is_read_in_points(seed_form, tmp_path):
    wb = load_workbook(seed_form)
    ws = wb["Số liệu"]
    line = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value == "satisfaction_rate")
    ws.cell(row=line, column=3).value = 0.988
    ws.cell(row=line, column=3).number_format = "0.00%"
    ws2 = wb["Hồ sơ TTHC"]
    ws2["P5"].value, ws2["P5"].number_format = 0.4726, "0.00%"
    sub = load_submission(save(wb, tmp_path)).submission
    assert sub.figures["satisfaction_rate"].value == 98.8
    assert sub.dossiers.stated_rates.online == 47.26


def test_moved_sheets_and_added_columns_do_not_break_reading(seed_form, seed_loaded, tmp_path):
    wb = load_workbook(seed_form)
    wb._sheets.reverse()  # noqa: SLF001 - move every sheet
    for name in ("Nhiệm vụ", "Hồ sơ trễ hạn", "Số liệu"):
        ws = wb[name]
        head = 3
        ws.insert_cols(2)
        put(ws, head, 2, "Ghi chú riêng của đơn vị")
        put(ws, head + 1, 2, "cột thêm vào")
    ws = wb["Văn bản"]  # swap two columns, headers and values
    cols = header_cols(ws, 3)
    a, b = cols["Trích yếu"], cols["Số, ký hiệu"]
    for r in range(3, ws.max_row + 1):
        x, y = ws.cell(row=r, column=a), ws.cell(row=r, column=b)
        xv, yv = x.value, y.value
        x.value, y.value = None, None
        if yv is not None:
            put(ws, r, a, yv)
        if xv is not None:
            put(ws, r, b, xv)
    loaded = load_submission(save(wb, tmp_path))
    assert loaded.submission == seed_loaded.submission


def test_headers_are_matched_without_diacritics_or_in_english(seed_form, seed_loaded, tmp_path):
    wb = load_workbook(seed_form)
    ws = wb["Hồ sơ trễ hạn"]
    cols = header_cols(ws, 3)
    put(ws, 3, cols["Số hồ sơ"], "so ho so")
    put(ws, 3, cols["Văn bản xin lỗi"], "Apology letter sent")
    wb["Hồ sơ trễ hạn"].title = "Ho so tre han"
    assert load_submission(save(wb, tmp_path)).submission == seed_loaded.submission


TEXTS = ["- Đồng bộ hóa 283 TTHC", "=1+1", "+84 123", "@ghi chú", "=HYPERLINK(\"http://x\",\"y\")", "-5"]


def _with_texts(seed_form):
    wb = load_workbook(seed_form)
    ws = wb["Nhiệm vụ"]
    cols = header_cols(ws, 3)
    for i, text in enumerate(TEXTS):
        put(ws, 4 + i, cols["Nhiệm vụ"], text)
        put(ws, 4 + i, cols["Kết quả thực hiện"], text)
    return wb


def test_text_that_looks_like_a_formula_reads_back_as_written(seed_form, tmp_path):
    sub = load_submission(save(_with_texts(seed_form), tmp_path)).submission
    tasks = sub.plans[0].tasks
    assert [t.task for t in tasks[:len(TEXTS)]] == TEXTS
    assert [t.result for t in tasks[:len(TEXTS)]] == TEXTS


def test_text_survives_a_spreadsheet_application(seed_form, tmp_path):
    """LibreOffice opens and re-saves the form: the texts are still texts, character for character."""
    from test_xlsx_report import recalc

    path = save(_with_texts(seed_form), tmp_path)
    sub = load_submission(recalc(path, tmp_path)).submission
    assert [t.task for t in sub.plans[0].tasks[:len(TEXTS)]] == TEXTS


def test_a_formula_is_read_by_its_saved_result(seed_form, seed_loaded, tmp_path):
    """Formulas for totals (saved by LibreOffice with their results) are read as the numbers they show."""
    from test_xlsx_report import recalc

    wb = load_workbook(seed_form)
    ws = wb["Hồ sơ TTHC"]
    ws["I5"].value = "=J5+K5+L5"  # 5072 + 21836 + 102 = 27010
    ws["E5"].value = "=13253+14791"  # 28044
    path = save(wb, tmp_path)
    with pytest.raises(InputError) as err:
        load_submission(path)  # written by openpyxl: no saved result yet
    assert err.value.where == "sheet Hồ sơ TTHC, cell E5"
    assert "no saved result" in err.value.message
    loaded = load_submission(recalc(path, tmp_path))
    assert loaded.submission.dossiers.resolved.total == 27010
    assert loaded.submission.dossiers.received.total == 28044
    assert loaded.submission == seed_loaded.submission


def test_blank_template_needs_the_agency(tmp_path):
    path = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(template, ["--criteria", "par-dept-model-2020", "-o", str(path)])
    assert result.exit_code == 0, result.output
    with pytest.raises(InputError) as err:
        load_submission(path)
    assert err.value.where == "sheet Cơ quan, cell B4"
    assert "'Mã cơ quan' (Agency code) is required" in err.value.message


def test_a_blank_template_filled_by_hand_is_scored(tmp_path):
    """Only the agency sheet and two figures typed in: the rest is not reported, and says so."""
    path = tmp_path / "blank.xlsx"
    CliRunner().invoke(template, ["--criteria", "par-dept-model-2020", "-o", str(path)])
    wb = load_workbook(path)
    ag = wb["Cơ quan"]
    for row, value in ((4, "TEST-SO"), (5, "Sở Thử nghiệm"), (7, "Sở, ban, ngành"), (10, "01/01/2020"), (11, "31/12/2020")):
        put(ag, row, 2, value)
    ws = wb["Số liệu"]
    lines = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    put(ws, lines["propaganda_channels"], 3, "2")
    put(ws, lines["discipline_rate"], 3, "91,5 %")
    card = check_submission(load_submission(save(wb, tmp_path, "filled.xlsx")))
    by_id = {r.id: r for r in card.rows}
    assert by_id["1.4"].computed == 1.0  # 2 channels: band ≥ 2 and < 3 → 1 point
    assert by_id["5.2"].computed == 2.0  # 91.5 %: band ≥ 90 and < 95 → 2 points
    assert by_id["1.1.1"].computed == -1.0  # no annual PAR plan in the documents: not issued → −1
    assert card.unit_type == "department"


def test_figures_of_the_agencys_own_are_kept(tmp_path):
    """A new row under a code of its own is read as a figure; so are near codes whose criteria row is reported."""
    wb = load_workbook(SAMPLE_FORM)
    ws = wb["Số liệu"]
    last = ws.max_row + 1
    for col, value in enumerate(("zalo_shares", "Lượt chia sẻ trên Zalo", "2.345", "Số lượng"), 1):
        put(ws, last, col, value)
    loaded = load_submission(save(wb, tmp_path))
    assert loaded.submission.figures["zalo_shares"].value == 2345
    assert loaded.source_of(("figures", "zalo_shares", "value")).startswith(f"sheet Số liệu, cell C{last}")
    # the sample's own: 0.92 alike to online_services_level_3 (reported), 0.88 to digital_signature_rate_own
    assert loaded.submission.figures["online_services_level_1_2"].value == 1234
    assert loaded.submission.figures["digital_signature_rate_province"].scope == "province"


def test_misspelt_figure_decision():
    from compliance.intake.form_layout import criteria_figures, misspelt_figure

    known = [code for code, _title, _unit in criteria_figures()]
    assert "satisfaction_rate" in known and "online_services_level_3" in known
    assert misspelt_figure("satisfacton_rate", known, set()) == "satisfaction_rate"
    assert misspelt_figure("satisfacton_rate", known, {"satisfaction_rate"}) is None  # a figure of its own
    assert misspelt_figure("Satisfaction-Rate", known, {"satisfaction_rate"}) == "satisfaction_rate"
    assert misspelt_figure("online_services_level_5", known, {"online_services_level_3", "online_services_level_4"}) is None
    assert misspelt_figure("online_services_level_5", known, set()) in ("online_services_level_3", "online_services_level_4")
    assert misspelt_figure("digital_signature_rate_province", known, set()) is None
    assert misspelt_figure("zalo_followers", known, set()) is None
    assert misspelt_figure("satisfaction_rate", known, set()) is None


def test_self_and_survey_points_name_their_cells(tmp_path):
    """The sample form with 1.1.1 self-assessed (D6) and survey points for 8.1: both sources name the cell."""
    wb = load_workbook(SAMPLE_FORM)
    ws = wb["Tự đánh giá"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    assert rows["1.1.1"] == 6
    put(ws, 6, 4, 1)
    put(ws, 6, 5, "25/KH-VPUBND")
    put(ws, rows["8.1"], 7, "6,5")
    loaded = load_submission(save(wb, tmp_path))
    assert loaded.submission.self_assessment["1.1.1"].points == 1
    assert loaded.submission.survey["8.1"] == 6.5
    assert loaded.source_of(("self_assessment", "1.1.1")) == "sheet Tự đánh giá, cell D6"
    assert loaded.source_of(("survey", "8.1")).startswith(f"sheet Tự đánh giá, cell G{rows['8.1']}")


def test_self_points_out_of_range_name_the_cell(tmp_path):
    """5 points for 1.1.1 (worth −1 … 1): the check of every submission refuses it at D6."""
    wb = load_workbook(SAMPLE_FORM)
    put(wb["Tự đánh giá"], 6, 4, 5)
    put(wb["Tự đánh giá"], 6, 5, "25/KH-VPUBND")
    loaded = load_submission(save(wb, tmp_path))
    with pytest.raises(InputError) as err:
        check_submission(loaded)
    assert err.value.where == "sheet Tự đánh giá, cell D6"
