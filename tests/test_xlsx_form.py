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
from compliance.template import template
from compliance.xlsx_safety import put

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
SOURCE = re.compile(r"submission\.yaml line \d+|sheet [^,()]+, (cell [A-Z]+\d+|row \d+)( \([^)]*\))?")


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
             "P": "47,26 %", "Q": "18,78", "R": "80,84 %", "S": "0,38"}
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
