"""The QĐ 766/QĐ-TTg index of a small register, checked indicator by indicator against values worked
out by hand (the arithmetic is written beside each assertion).

The register (October 2026, no public holiday in the month) has two agencies:
Sở Tư pháp (procedures P1: fee, paper result, full online; P2: no fee, paper result, partial online)
and UBND phường Hòa Bình (P3: fee, no paper result, no online service). The catalogue adds P4 (Sở Tư
pháp, full online but not published on the portal, fee exempt, decided 26/10) and P5 (abolished
01/09/2026, so not in force in October).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.registers.index766 import _points, compute_index
from compliance.registers.index766_flags import flag_value
from compliance.registers.index766_model import load_index

ROOT = Path(__file__).resolve().parent.parent
TP, HB = "Sở Tư pháp", "UBND phường Hòa Bình"

REG_HEAD = ["Mã hồ sơ", "Mã thủ tục", "Cơ quan giải quyết", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
            "Ngày có kết quả", "Trạng thái", "Số lần yêu cầu bổ sung", "Thanh toán trực tuyến", "Số hóa hồ sơ",
            "Kết quả điện tử", "Tái sử dụng dữ liệu số hóa", "Mức độ hài lòng"]
REGISTER = [
    # code, proc, agency, channel, received, due, result, status, supplements, paid, digitised, e-result, reused, rating
    ["D01", "P1", TP, "Trực tuyến", "01/10/2026", "08/10/2026", "05/10/2026", "", "", "Có", "Có", "Có", "Có", "Rất hài lòng"],
    ["D02", "P1", TP, "Trực tuyến", "01/10/2026", "08/10/2026", "08/10/2026", "", "", "Có", "Có", "Có", "Không", "Hài lòng"],
    ["D03", "P1", TP, "Trực tiếp", "02/10/2026", "09/10/2026", "12/10/2026", "", "", "Không", "Có", "Không", "Không", "Không hài lòng"],
    ["D04", "P1", TP, "Trực tiếp", "05/10/2026", "12/10/2026", "09/10/2026", "", "", "Miễn phí", "Không", "Có", "Không", ""],
    ["D05", "P2", TP, "Trực tuyến", "05/10/2026", "15/10/2026", "14/10/2026", "", "", "", "Có", "Có", "Có", "Hài lòng"],
    ["D06", "P2", TP, "Trực tiếp", "06/10/2026", "28/10/2026", "", "Đang xử lý", "", "", "Không", "", "", ""],
    ["D07", "P2", TP, "Trực tuyến", "26/10/2026", "09/11/2026", "", "Chờ bổ sung", "2", "", "Có", "", "Có", ""],
    ["D08", "P1", TP, "Trực tuyến", "25/09/2026", "02/10/2026", "02/10/2026", "", "", "Có", "Có", "Có", "Không", ""],
    ["D09", "P1", TP, "Trực tuyến", "15/09/2026", "22/09/2026", "20/09/2026", "", "", "Có", "Có", "Có", "Không", ""],
    ["D10", "P1", TP, "Trực tuyến", "03/11/2026", "10/11/2026", "06/11/2026", "", "", "Có", "Có", "Có", "Không", ""],
    ["H01", "P3", HB, "Trực tuyến", "07/10/2026", "09/10/2026", "09/10/2026", "", "", "Có", "Có", "Không", "Không", "Hài lòng"],
    ["H02", "P3", HB, "Trực tiếp", "07/10/2026", "09/10/2026", "13/10/2026", "", "", "Không", "Không", "Không", "Không", ""],
]
CAT_HEAD = ["Mã thủ tục", "Tên thủ tục", "Cơ quan thực hiện", "Quyết định công bố", "Ngày quyết định công bố",
            "Ngày văn bản quy phạm có hiệu lực", "Ngày công khai trên CSDL quốc gia", "Mức độ dịch vụ công trực tuyến",
            "Công khai trên Cổng DVC", "Phí, lệ phí", "Kết quả bằng văn bản giấy", "Ngày bãi bỏ"]
CATALOGUE = [
    ["P1", "Cấp Phiếu lý lịch tư pháp", TP, "101/QĐ-UBND", "01/10/2026", "15/10/2026", "07/10/2026", "Toàn trình", "Có", "50.000 đồng", "Có", ""],
    ["P2", "Chứng thực bản sao", TP, "102/QĐ-UBND", "12/10/2026", "15/10/2026", "20/10/2026", "Một phần", "Có", "Không", "Có", ""],
    ["P3", "Đăng ký khai sinh", HB, "90/QĐ-UBND", "02/09/2026", "20/09/2026", "03/09/2026", "Mức độ 2", "", "20.000", "Không", ""],
    ["P4", "Cấp lại Thẻ công chứng viên", TP, "103/QĐ-UBND", "26/10/2026", "01/12/2026", "", "Toàn trình", "Chưa công khai", "Miễn phí", "Có", ""],
    ["P5", "Thủ tục đã bãi bỏ", TP, "50/QĐ-UBND", "05/01/2026", "20/01/2026", "06/01/2026", "Toàn trình", "Có", "10.000", "Có", "01/09/2026"],
]


def write_csv(path: Path, head: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("i766")
    return write_csv(d / "so-theo-doi.csv", REG_HEAD, REGISTER), write_csv(d / "danh-muc.csv", CAT_HEAD, CATALOGUE)


@pytest.fixture(scope="module")
def october(files):
    return compute_index(*files, period="2026-10")


def scores(result, iid):
    """(province, Sở Tư pháp, UBND phường Hòa Bình) scores of one indicator."""
    by = {a.unit: a for a in result.agencies}
    return result.province.score(iid), by[TP].score(iid), by[HB].score(iid)


# ----------------------------------------------------------------------------------- per indicator

def test_1_1_published_on_time_province_only(october):
    prov, tp, _ = scores(october, "1.1")
    # decided in October: P1 (01/10 ≤ 15/10 − 5 wd = 08/10: on time), P2 (12/10 > 08/10: late),
    # P4 (26/10 ≤ 01/12 − 5 wd = 24/11: on time) → 2 / 3 = 66.67 % → 6 × 66.67 % = 4.0002 → 4.0
    assert (prov.numerator, prov.denominator, prov.rate, prov.points) == (2, 3, 66.67, 4.0)
    assert tp.state == "province_only" and tp.points is None


def test_1_2_national_database_on_time_and_an_entry_not_yet_due(october):
    prov, _, _ = scores(october, "1.2")
    # P1: 07/10 ≤ 01/10 + 5 wd = 08/10 → on time; P2: 20/10 > 12/10 + 5 wd = 19/10 → late;
    # P4 (no database date) is due 26/10 + 5 wd = 02/11, after 31/10 → not yet counted
    # → 1 / 2 = 50 % → 4 × 50 % = 2
    assert (prov.numerator, prov.denominator, prov.rate, prov.points) == (1, 2, 50.0, 2.0)


def test_2_1_on_time_rate_with_the_supplement_rule(october):
    prov, tp, hb = scores(october, "2.1")
    # handled in October: D01–D07, D08 (carried over), H01, H02 = 10 (D09 finished in September, D10
    # received in November). On time: D01, D02, D04, D05 (early), D08, H01 (on time) = 6; D03, H02 late,
    # D06 overdue, D07 within time but awaiting a supplement asked for twice → late.
    # 6 / 10 = 60 % → 20 × 60 % = 12
    assert (prov.numerator, prov.denominator, prov.points) == (6, 10, 12.0)
    assert (tp.numerator, tp.denominator, tp.rate, tp.points) == (5, 8, 62.5, 12.5)  # 20 × 62.5 % = 12.5
    assert (hb.numerator, hb.denominator, hb.points) == (1, 2, 10.0)  # 20 × 50 % = 10


def test_3_1_online_services_with_an_unpublished_catalogue_entry(october):
    prov, tp, hb = scores(october, "3.1")
    # in force: P1–P4 (P5 abolished 01/09). Online and published on the portal: P1, P2; P3 has none;
    # P4 is full online but 'Chưa công khai' → 2 / 4 = 50 % < 80 % → 2 × 50 ÷ 80 = 1.25
    assert (prov.numerator, prov.denominator, prov.points) == (2, 4, 1.25)
    # Sở Tư pháp: P1, P2 of P1, P2, P4 → 66.67 % → 2 × 66.67 ÷ 80 = 1.666… → 1.67
    assert (tp.numerator, tp.denominator, tp.rate, tp.points) == (2, 3, 66.67, 1.67)
    assert (hb.numerator, hb.denominator, hb.points) == (0, 1, 0.0)


def test_3_2_online_services_with_a_dossier_and_a_zero_denominator(october):
    prov, tp, hb = scores(october, "3.2")
    # published online services P1 (D01, D02 online in October), P2 (D05, D07) → 2 / 2 = 100 % → 4
    assert (prov.numerator, prov.denominator, prov.points) == (2, 2, 4.0)
    assert tp.points == 4.0
    # Hòa Bình offers no online service: denominator 0 → the rule 'zero' gives 0 points, counted in its maximum
    assert (hb.state, hb.denominator, hb.points, hb.counted) == ("zero", 0, 0.0, True)


def test_3_3_online_dossiers_below_and_at_the_threshold(october):
    prov, tp, hb = scores(october, "3.3")
    # received in October: 9. Online: D01, D02, D05, D07, H01; D07's procedure issues a paper result and
    # it has no electronic result → 4 / 9 = 44.44 % < 50 % → 6 × 44.44 ÷ 50 = 5.3328 → 5.33
    assert (prov.numerator, prov.denominator, prov.rate, prov.points) == (4, 9, 44.44, 5.33)
    # Sở Tư pháp 3 / 7 = 42.86 % → 6 × 42.86 ÷ 50 = 5.1432 → 5.14
    assert (tp.numerator, tp.denominator, tp.rate, tp.points) == (3, 7, 42.86, 5.14)
    # Hòa Bình 1 / 2 = 50 %: at the threshold → full 6
    assert (hb.rate, hb.points) == (50.0, 6.0)
    assert "≥ ngưỡng 50 %" in hb.reason[0]


def test_3_5b_fee_procedures_paid_online(october):
    prov, tp, hb = scores(october, "3.5b")
    # fee-bearing in force: P1 (50.000 đồng), P3 (20.000); P4 'Miễn phí' has none, P5 abolished.
    # Both had a dossier paid online in October (D01, H01) → 2 / 2 = 100 % ≥ 80 % → 2
    assert (prov.numerator, prov.denominator, prov.points) == (2, 2, 2.0)
    assert (tp.denominator, tp.points, hb.denominator, hb.points) == (1, 2.0, 1, 2.0)


def test_3_6_dossiers_paid_online_exempt_left_out(october):
    prov, tp, hb = scores(october, "3.6")
    # received in October under fee-bearing P1/P3: D01, D02, D03, D04, H01, H02; D04 is exempt → 5.
    # Paid online: D01, D02, H01 → 3 / 5 = 60 % → 6 × 60 % = 3.6
    assert (prov.numerator, prov.denominator, prov.rate, prov.points) == (3, 5, 60.0, 3.6)
    assert (tp.numerator, tp.denominator, tp.points) == (2, 3, 4.0)  # 66.67 % × 6 = 4.0002 → 4.0
    assert (hb.numerator, hb.denominator, hb.points) == (1, 2, 3.0)


def test_4_1_electronic_results_and_not_applicable(october):
    prov, tp, hb = scores(october, "4.1")
    # received under paper-result procedures P1/P2: D01–D07 = 7; electronic result: D01, D02, D04, D05
    # → 4 / 7 = 57.14 % → 6 × 57.14 % = 3.4284 → 3.43
    assert (prov.numerator, prov.denominator, prov.rate, prov.points) == (4, 7, 57.14, 3.43)
    assert tp.points == 3.43
    # Hòa Bình's P3 issues no paper result: denominator 0 → not applicable, out of its total and maximum
    assert (hb.state, hb.points, hb.counted) == ("not_applicable", None, False)


def test_4_2_digitised_dossiers(october):
    prov, tp, hb = scores(october, "4.2")
    # digitised and (no paper result or an electronic result): D01, D02, D05, H01 → 4 / 9 = 44.44 %
    # → 4 × 44.44 % = 1.7776 → 1.78
    assert (prov.numerator, prov.denominator, prov.points) == (4, 9, 1.78)
    assert (tp.numerator, tp.denominator, tp.points) == (3, 7, 1.71)  # 4 × 42.86 % = 1.7144
    assert (hb.numerator, hb.denominator, hb.points) == (1, 2, 2.0)


def test_4_3_reused_data_threshold_80(october):
    prov, tp, hb = scores(october, "4.3")
    # reused: D01, D05, D07 → 3 / 9 = 33.33 % < 80 % → 2 × 33.33 ÷ 80 = 0.833 → 0.83
    assert (prov.numerator, prov.denominator, prov.points) == (3, 9, 0.83)
    assert tp.points == 1.07  # 3 / 7 = 42.86 % → 2 × 42.86 ÷ 80 = 1.0715
    assert hb.points == 0.0


def test_5_4_satisfaction_complement(october):
    prov, tp, hb = scores(october, "5.4")
    # handled 10; late: D03, H02 (resolved late), D06 (overdue) = 3; rated dissatisfied: D03 = 1
    # → 100 % − (3 + 1) / 10 = 60 % < 90 % → 6 × 60 ÷ 90 = 4
    assert prov.counts == {"den": 10, "sub0": 3, "sub1": 1}
    assert (prov.rate, prov.points) == (60.0, 4.0)
    assert (tp.rate, tp.points) == (62.5, 4.17)  # (8 − 2 − 1) / 8; 6 × 62.5 ÷ 90 = 4.1667
    assert (hb.rate, hb.points) == (50.0, 3.33)  # (2 − 1) / 2; 6 × 50 ÷ 90 = 3.333


def test_indicators_a_register_cannot_give_are_listed_with_why(october):
    assert sorted(october.not_computed) == ["1.3", "1.4", "2.2", "3.5a", "4.4", "4.5a", "4.5b", "4.6", "5.2", "5.3"]
    assert "PAKN" in october.not_computed["5.2"][0] and "feedback" in october.not_computed["5.2"][1]


# ------------------------------------------------------------------------------------------ totals

def test_province_and_agency_totals(october):
    # 4.0 + 2 + 12 + 1.25 + 4 + 5.33 + 2 + 3.6 + 3.43 + 1.78 + 0.83 + 4 = 44.22 of 68
    assert (october.province.total, october.province.max_points) == (44.22, 68.0)
    by = {a.unit: a for a in october.agencies}
    # 12.5 + 1.67 + 4 + 5.14 + 2 + 4.0 + 3.43 + 1.71 + 1.07 + 4.17 = 39.69 of 58 (no 1.1, 1.2)
    assert (by[TP].total, by[TP].max_points) == (39.69, 58.0)
    # 10 + 0 + 0 + 6 + 2 + 3 + 2 + 0 + 3.33 = 26.33 of 52 (4.1 not applicable: 58 − 6)
    assert (by[HB].total, by[HB].max_points) == (26.33, 52.0)
    assert october.province.group_points(october.index, "1") == (6.0, 10.0)
    assert by[TP].group_points(october.index, "1") == (None, 0.0)


# --------------------------------------------------------------------------------------- the period

def test_period_month_filters_the_dossiers(files):
    sept = compute_index(*files, period="2026-09")
    # September: D08 (received 25/09, due 02/10, unfinished on 30/09 → within time) and D09 (early)
    s = sept.province.score("2.1")
    assert (s.numerator, s.denominator, s.points) == (2, 2, 20.0)
    # both online with an electronic result → 3.3: 2 / 2 = 100 % ≥ 50 % → 6
    assert (sept.province.score("3.3").numerator, sept.province.score("3.3").points) == (2, 6.0)
    nov = compute_index(*files, period="2026-11")
    # November: D06 (due 28/10) and D07 (due 09/11) still open → overdue; D10 early → 1 / 3 → 20 × 33.33 % = 6.67
    s = nov.province.score("2.1")
    assert (s.numerator, s.denominator, s.points) == (1, 3, 6.67)
    # no procedure decided in November → 1.1 denominator 0 → rule 'zero': 0 points, counted
    assert (nov.province.score("1.1").state, nov.province.score("1.1").points) == ("zero", 0.0)


def test_without_a_period_the_receipt_dates_are_used_and_said(files):
    result = compute_index(*files)
    assert (result.period.start.isoformat(), result.period.end.isoformat()) == ("2026-09-15", "2026-11-03")
    assert any("no --period given" in n for n in result.notices)


# ------------------------------------------------------------------------------ points and zero rules

@pytest.mark.parametrize("num,den,expected", [
    (40, 100, 4.8),   # below 50 %: 6 × 40 ÷ 50 = 4.8
    (50, 100, 6.0),   # at 50 %: full
    (60, 100, 6.0),   # above 50 %: capped at the maximum
    (1, 3, 4.0),      # 33.33 % → 6 × 33.33 ÷ 50 = 3.9996 → 4.0 (the rate is rounded to two decimals first)
])
def test_threshold_rule_of_3_3(num, den, expected):
    ind = next(i for i in load_index().indicators if i.id == "3.3")
    assert _points(ind, {"den": den, "num": num}).points == expected


def test_zero_denominator_rules_of_the_file():
    ix = {i.id: i for i in load_index().indicators}
    assert _points(ix["5.4"], {"den": 0, "sub0": 0, "sub1": 0}).points == 0.0       # 5.4: 0 points
    assert _points(ix["2.1"], {"den": 0, "num": 0}).state == "not_applicable"       # 2.1: left out
    assert _points(ix["3.6"], {"den": 0, "num": 0}).points == 0.0                   # 3.6: ratio 0


def test_the_indicator_set_adds_up_to_100_and_marks_what_is_inferred():
    ix = load_index()
    assert ix.total_points == 100 and sum(i.max_points for i in ix.indicators) == 100
    assert {g.id: g.max_points for g in ix.groups} == {"1": 18, "2": 20, "3a": 12, "3b": 10, "4": 22, "5": 18}
    # nothing is read in the decision's annex yet (the disclaimer says so): every indicator is a model value
    assert {i.confidence for i in ix.indicators} == {"model"}


def test_verified_needs_the_decision_among_the_sources(tmp_path):
    """'verified' is kept for what was read in the decision itself (a source of kind 'decision'): an
    indicator marked verified on the portal's figures and the formula description alone is refused."""
    text = (ROOT / "criteria" / "index766" / "indicators.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "indicators.yaml"
    head, tail = text.split('  - id: "3.6"\n', 1)
    bad.write_text(head + '  - id: "3.6"\n' + tail.replace("    confidence: model\n", "    confidence: verified\n", 1),
                   encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_index(bad)
    assert "indicator 3.6: 'verified' needs a source of kind 'decision' (read in the decision itself)" in exc.value.line()


def test_flag_words():
    assert flag_value("yes_no", "Đã số hóa") is True and flag_value("yes_no", "chưa") is False
    assert flag_value("payment", "MIỄN PHÍ") == "exempt" and flag_value("payment", "Trực tuyến") == "yes"
    assert flag_value("rating", "Không hài lòng") == "dissatisfied"
    assert flag_value("fee", "50.000 đồng/hồ sơ") is True and flag_value("fee", "0 đồng") is False


# --------------------------------------------------------------------------------------- bad input

def test_unknown_flag_value_names_the_file_row_and_column(tmp_path):
    rows = [list(r) for r in REGISTER]
    rows[2][9] = "Có lẽ"
    reg = write_csv(tmp_path / "r.csv", REG_HEAD, rows)
    cat = write_csv(tmp_path / "c.csv", CAT_HEAD, CATALOGUE)
    with pytest.raises(InputError) as exc:
        compute_index(reg, cat, period="2026-10")
    assert exc.value.line() == (f"{reg}: row 4: column 'Thanh toán trực tuyến': 'Có lẽ' is not a known value "
                                "(known values — paid online: có, x, 1, yes; not paid online: không, 0, no, n; "
                                "exempt from fees: miễn, miễn phí, miễn lệ phí, không thu phí)")


def test_missing_columns_leave_indicators_not_computed_and_assumptions_said(tmp_path):
    keep = [i for i, h in enumerate(REG_HEAD) if h not in ("Mức độ hài lòng", "Kết quả điện tử")]
    reg = write_csv(tmp_path / "r.csv", [REG_HEAD[i] for i in keep], [[r[i] for i in keep] for r in REGISTER])
    ckeep = [i for i, h in enumerate(CAT_HEAD) if h != "Công khai trên Cổng DVC"]
    cat = write_csv(tmp_path / "c.csv", [CAT_HEAD[i] for i in ckeep], [[r[i] for i in ckeep] for r in CATALOGUE])
    result = compute_index(reg, cat, period="2026-10")
    assert {"4.1", "4.2", "5.4"} <= set(result.not_computed)
    assert "'Mức độ hài lòng' (satisfaction_rating)" in result.not_computed["5.4"][1]
    # without the portal column every online procedure counts as published: P1, P2, P4 of 4 → 75 %
    s = result.province.score("3.1")
    assert (s.numerator, s.denominator, s.points) == (3, 4, 1.88)  # 2 × 75 ÷ 80 = 1.875
    # without the electronic-result column every online dossier counts for 3.3: 5 / 9 = 55.56 % → 6
    assert result.province.score("3.3").numerator == 5
    assert any("Công khai trên Cổng DVC" in n for n in result.notices)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, encoding="utf-8")


def test_cli_outputs_table_json_markdown_and_workbook(files, tmp_path):
    reg, cat = files
    out = run("dossiers", "index766", str(reg), "--procedures", str(cat), "--period", "2026-10", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "Province: 44.22 out of 68 points computable (full index: 100)" in out.stdout
    assert "1 / 2 = 50.00 % → 4 × 50.00 % = 2 points" in out.stdout
    data = json.loads(run("dossiers", "index766", str(reg), "--procedures", str(cat), "--period", "2026-10",
                          "--format", "json").stdout)
    assert data["province"]["total"] == 44.22 and data["agencies"][0]["unit"] == TP
    md = run("dossiers", "index766", str(reg), "--procedures", str(cat), "--period", "2026-10", "--format", "markdown",
             "--xlsx", str(tmp_path / "i766.xlsx"))
    assert md.returncode == 0 and "## Toàn tỉnh: 44,22 trên 68" in md.stdout and f"— {HB}" in md.stdout
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "i766.xlsx")
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[5]][-2:] == [44.22, 68.0]  # two title lines, a blank row, the header, the province


@pytest.mark.parametrize("args,fragment", [
    (["--period", "2026-13"], "--period: period '2026-13' is not understood"),
    (["--xlsx", "out.txt"], "out.txt: --xlsx: a workbook is written as an Excel .xlsx file"),
    ([], "missing option '--procedures'"),
])
def test_cli_bad_input_one_line_exit_2(files, args, fragment):
    reg, cat = files
    base = ["dossiers", "index766", str(reg)] + (["--procedures", str(cat)] if args else [])
    out = run(*base, *args, "--lang", "en")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: ") and fragment in out.stderr


def test_cli_missing_catalogue_file(files, tmp_path):
    out = run("dossiers", "index766", str(files[0]), "--procedures", str(tmp_path / "none.csv"))
    assert out.returncode == 2 and out.stderr == f"lỗi: {tmp_path / 'none.csv'}: không tìm thấy tệp\n"


def test_a_broken_indicator_file_names_its_line(files, tmp_path):
    text = (ROOT / "criteria" / "index766" / "indicators.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "indicators.yaml"
    bad.write_text(text.replace("    max_points: 20\n", "    max_points: 21\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        compute_index(*files, period="2026-10", indicators=bad)
    assert "group 2: its indicators add up to 21 points, not 20" in exc.value.line()


# ------------------------------------------------------------------------------ generated registers

def generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen766", ROOT / "samples" / "registers" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen766"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_2026_sample_is_what_the_generator_makes(tmp_path):
    gen = generator()
    g = gen.Generator(gen.scaled(2000, 2026), seed=2026)
    gen.write_register(g, tmp_path / "r.csv")
    gen.write_catalogue(g, tmp_path / "c.csv")
    for name, made in (("demo-2026-register.csv", "r.csv"), ("demo-2026-catalogue.csv", "c.csv")):
        assert (tmp_path / made).read_bytes() == (ROOT / "samples" / "registers" / name).read_bytes(), name


def test_generated_register_against_an_independent_count(tmp_path):
    """The SQL counts of 3.3, 3.6 and 4.3 for March 2026 equal a plain Python count over the CSV rows."""
    gen = generator()
    g = gen.Generator(gen.scaled(600, 2026), seed=7)
    reg, cat = tmp_path / "r.csv", tmp_path / "c.csv"
    gen.write_register(g, reg)
    gen.write_catalogue(g, cat)
    with open(cat, encoding="utf-8") as fh:
        procs = {r["Mã thủ tục"]: r for r in csv.DictReader(fh)}
    with open(reg, encoding="utf-8") as fh:
        march = [r for r in csv.DictReader(fh) if r["Ngày tiếp nhận"].endswith("/03/2026")]
    paper = {c: r["Kết quả bằng văn bản giấy"] == "Có" for c, r in procs.items()}
    fee = {c: r["Phí, lệ phí"] != "Không" for c, r in procs.items()}
    online = sum(1 for r in march if r["Hình thức nộp"] == "Trực tuyến"
                 and (not paper[r["Mã thủ tục"]] or r["Kết quả điện tử"] == "Có"))
    fee_rows = [r for r in march if fee[r["Mã thủ tục"]] and r["Thanh toán trực tuyến"] != "Miễn phí"]
    reused = sum(1 for r in march if r["Tái sử dụng dữ liệu số hóa"] == "Có")
    result = compute_index(reg, cat, period="2026-03")
    p = result.province
    assert (p.score("3.3").numerator, p.score("3.3").denominator) == (online, len(march))
    assert (p.score("3.6").numerator, p.score("3.6").denominator) == (
        sum(1 for r in fee_rows if r["Thanh toán trực tuyến"] == "Có"), len(fee_rows))
    assert (p.score("4.3").numerator, p.score("4.3").denominator) == (reused, len(march))
    assert len(march) > 30 and 0 < online < len(march)
    # today's shape: merged departments, communes and wards, no district
    agencies = {a.unit for a in result.agencies}
    assert "Sở Tài chính" in agencies and not any("huyện" in a or "Kế hoạch" in a for a in agencies)


def test_a_period_without_dossiers_says_so_first(files):
    from compliance.registers.index766_output import render

    result = compute_index(*files, period="2025-03")
    text = render(result, "en")
    assert text.startswith("No dossier falls in the period 01/03/2025–31/03/2025")
    assert result.agencies == [] and result.province.score("3.3").state == "zero"
    assert result.to_dict()["empty_period"] is True


# ------------------------------------------------------------------------------------- the workbook

def test_workbook_says_an_empty_period_first_and_carries_the_notes(files, tmp_path):
    """The workbook is what gets passed on: it says, as the text does, that no dossier falls in the period
    (first row), and it carries the notes (here: the assumption made for a missing catalogue column)."""
    from compliance.registers.index766_output import write_workbook
    import openpyxl

    ckeep = [i for i, h in enumerate(CAT_HEAD) if h != "Công khai trên Cổng DVC"]
    cat = write_csv(tmp_path / "c.csv", [CAT_HEAD[i] for i in ckeep], [[r[i] for i in ckeep] for r in CATALOGUE])
    write_workbook(compute_index(files[0], cat, period="2026-02"), tmp_path / "feb.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "feb.xlsx").worksheets[0]
    column_a = [row[0] for row in ws.iter_rows(values_only=True)]
    assert column_a[0].startswith("Không có hồ sơ nào thuộc kỳ 01/02/2026–28/02/2026")
    assert "Ghi chú" in column_a
    assert any(isinstance(v, str) and v.startswith("danh mục không có cột 'Công khai trên Cổng DVC'") for v in column_a)
    write_workbook(compute_index(*files, period="2026-10"), tmp_path / "oct.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "oct.xlsx").worksheets[0]
    assert ws["A1"].value.startswith("Service index for citizens and businesses")  # not empty: no message first


# ------------------------------------------------------------------ register and catalogue agencies

def test_catalogue_agency_names_match_the_register_regardless_of_case_and_spaces(files, tmp_path):
    """'sở  tư pháp' in the catalogue's 'Cơ quan thực hiện' is the register's 'Sở Tư pháp': its procedure
    indicators are the same as with the exact spelling (3.1: 2 of P1, P2, P4 published online = 66.67 %
    → 2 × 66.67 ÷ 80 = 1.67; 3.2: 2 / 2 → 4; 3.5b: P1 of P1 (P4 exempt) → 2), total 39.69 of 58."""
    cat = [[" sở  tư PHÁP " if c == TP else c for c in r] for r in CATALOGUE]
    result = compute_index(files[0], write_csv(tmp_path / "c.csv", CAT_HEAD, cat), period="2026-10")
    tp = next(a for a in result.agencies if a.unit == TP)
    assert [tp.score(i).points for i in ("3.1", "3.2", "3.5b")] == [1.67, 4.0, 2.0]
    assert (tp.total, tp.max_points) == (39.69, 58.0)
    assert not any("Cơ quan thực hiện" in str(n) for n in result.notices)


def test_an_agency_the_catalogue_does_not_name_is_not_scored_zero_on_procedures(files, tmp_path):
    """The catalogue writes 'Sở Tư pháp tỉnh Lâm Đồng', the register 'Sở Tư pháp': no procedure of the
    catalogue is the register agency's. Its three procedure indicators are left out (not 0 points by the
    zero-denominator rule), its total is 39.69 − (1.67 + 4 + 2) = 32.02 of 58 − 8 = 50, and a note names
    both spellings; the province's figures do not change (44.22)."""
    other = "Sở Tư pháp tỉnh Lâm Đồng"
    cat = [[other if c == TP else c for c in r] for r in CATALOGUE]
    result = compute_index(files[0], write_csv(tmp_path / "c.csv", CAT_HEAD, cat), period="2026-10")
    tp = next(a for a in result.agencies if a.unit == TP)
    assert {tp.score(i).state for i in ("3.1", "3.2", "3.5b")} == {"not_in_catalogue"}
    assert (tp.total, tp.max_points) == (32.02, 50.0)
    assert result.province.total == 44.22
    note = next(str(n) for n in result.notices if "Cơ quan thực hiện" in str(n))
    assert f"'{TP}'" in note and f"'{other}'" in note


def test_the_not_computed_table_heads_its_id_column_id(october):
    from compliance.registers.index766_output import render

    text = render(october, "en", "markdown")
    block = text.split("## Indicators a register and a catalogue cannot give\n", 1)[1]
    assert [c.strip() for c in block.splitlines()[0].strip("|").split("|")] == ["ID", "Indicator", "Max", "Confidence", "Why"]
    assert block.splitlines()[2].startswith("| 1.3 ")
