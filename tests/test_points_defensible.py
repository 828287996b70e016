"""Every point defensible before a council (QA8 F16, F21, F22, F30, F23, F19): a score is given only on
figures the agency reported, its reason never contradicts its band, a self-score is taken only for the
criterion its row names, a failed criterion is listed among the tồn tại, the appraisal column takes only
points in range, and a Vietnamese decimal in YAML is explained in the user's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.check import check_submission
from compliance.cli.template import template
from compliance.intake.submission import load_submission
from compliance.io.workbook import put

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "daknong-vpubnd-2020"
SEED_FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
WARD = ROOT / "samples" / "phuong-bac-gia-nghia-2026"


def blank_form(tmp_path: Path, edition: str = "par-dept-model-2026", agency=("LD-SNV", "Sở Nội vụ tỉnh Lâm Đồng"),
               unit: str = "Sở, ban, ngành", period=("01/01/2026", "31/12/2026")) -> Path:
    """The edition's blank form with only the five required cells of 'Cơ quan' typed in (as an agency
    that has not yet filled anything else)."""
    path = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(template, ["--criteria", edition, "-o", str(path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    ag = wb["Cơ quan"]
    for row, value in ((4, agency[0]), (5, agency[1]), (7, unit), (10, period[0]), (11, period[1])):
        put(ag, row, 2, value)
    out = tmp_path / "minimal.xlsx"
    wb.save(out)
    return out


# --- F16: the apology criterion needs dossier figures ----------------------------------------------


def test_no_dossier_figures_leave_the_apology_criterion_unscored(tmp_path):
    """Empty 'Hồ sơ TTHC' and 'Hồ sơ trễ hạn' sheets: 3.3.2 is "chưa chấm" like 3.3.1, not 2 / 2."""
    card = check_submission(load_submission(blank_form(tmp_path)))
    rows = {r.id: r for r in card.rows}
    assert rows["3.3.2"].state.value == "not_checked" and rows["3.3.2"].computed is None
    assert rows["3.3.2"].reason.vi == "Báo cáo không có số liệu: Số hồ sơ trễ hạn do chính cơ quan giải quyết"
    assert rows["3.3.1"].state.value == "not_checked"
    # the index is what the failed plans give: 1.1.1 −1 and 7.1 −1 over the 97 applicable points
    assert card.totals.points == -2.0 and card.totals.applicable_max == 97.0
    assert card.totals.index_percent == -2.06  # −2 / 97 × 100 = −2,0619 → −2,06
    assert card.totals.class_name.vi.startswith("Yếu")  # the lowest class takes an index below 0 too


def test_resolved_dossiers_without_late_ones_are_no_late_dossiers(tmp_path):
    """The agency reports 1.200 resolved dossiers, none late, and lists none: 3.3.2 gets its 2 points,
    and its reason names what is 0."""
    path = blank_form(tmp_path)
    wb = load_workbook(path)
    ws = wb["Hồ sơ TTHC"]
    heads3 = {ws.cell(row=3, column=c).value: c for c in range(1, ws.max_column + 1)}
    resolved = heads3["Số hồ sơ đã giải quyết"]
    put(ws, 5, 1, "agency")
    for offset, value in enumerate(("1.200", "300", "900", "0")):  # Tổng số, Trước hạn, Đúng hạn, Quá hạn
        put(ws, 5, resolved + offset, value)
    wb.save(path)
    card = check_submission(load_submission(path))
    row = next(r for r in card.rows if r.id == "3.3.2")
    assert (row.computed, row.state.value) == (2.0, "pass")
    assert row.reason.vi == ("Mẫu số bằng 0: Số hồ sơ trễ hạn do chính cơ quan giải quyết = 0 (a = 0, b = 0): "
                             "theo cách chấm được 2 điểm")


def test_the_seed_keeps_its_points_and_says_whose_late_dossiers_they_are(seed_card):
    """The seed: 102 late dossiers at the centre, each attributed by the report to a department (77 really
    late + 25 late only in the software); none is the office's own, so 3.3.2 keeps 2 points (2020 model
    set: another department's late dossiers are that department's gap) and the reason says so."""
    row = next(r for r in seed_card.rows if r.id == "3.3.2")
    assert row.computed == 2.0
    assert row.reason.vi.startswith("Mẫu số bằng 0: Số hồ sơ trễ hạn do chính cơ quan giải quyết = 0")
    metrics = {m.id: m.value for m in seed_card.metrics}
    assert (metrics["late_listed"], metrics["late_real"], metrics["own_late"]) == (102, 77, 0)
    assert seed_card.totals.index_percent == 39.97


# --- F21: the printed rate never contradicts its band ----------------------------------------------

WARD_TEXT = (WARD / "submission.yaml").read_text(encoding="utf-8")


def ward_with(tmp_path: Path, resolved: str, received: str, extra_late: int) -> Path:
    """The 2026 ward sample with other dossier counts (stated rates dropped so the checks pass, one late
    group added so the itemised late dossiers still add up to the late total)."""
    text = WARD_TEXT.replace("resolved: {total: 4000, early: 1300, on_time: 2620, late: 80}", resolved, 1)
    text = text.replace("received: {total: 4200, online: 2310, in_person_post: 1770, carried_over: 120}", received, 1)
    text = text.replace("stated_rates: {online: 56.62, on_time: 65.5, late: 2}", "stated_rates: {}", 1)
    text = text.replace("late_dossiers:\n", "late_dossiers:\n  - {id: other-late, agency: UBND phường Bắc Gia Nghĩa, "
                        f"agency_code: LD-PBGN, procedure: Khác, count: {extra_late}, apology_letter: \"yes\", text: "
                        f"\"{extra_late} hồ sơ khác\"}}\n", 1) if extra_late else text
    assert text.count("stated_rates: {}") == 1
    path = tmp_path / "submission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("early_on_time,points,shown", [
    (48999, 3, "97,998"),  # 97,998 %: below the edge 98, printed with the decimal that says so
    (49000, 4, "98"),      # 98 % exactly: on the edge, band ≥ 98
    (49003, 4, "98,01"),   # 98,006 %: above it, two decimals suffice
])
def test_a_rate_at_a_band_edge_is_printed_on_its_side(tmp_path, early_on_time, points, shown):
    late = 50000 - early_on_time
    path = ward_with(tmp_path, f"resolved: {{total: 50000, early: 1300, on_time: {early_on_time - 1300}, late: {late}}}",
                     "received: {total: 50200, online: 2310, in_person_post: 47770, carried_over: 120}", late - 80)
    row = next(r for r in check_submission(load_submission(path)).rows if r.id == "3.3.1")
    band = "≥ 98 → 4" if points == 4 else "≥ 95 và < 98 → 3"
    assert row.computed == points
    assert row.reason.vi == (f"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn = {shown} (theo báo cáo: "
                             f"{early_on_time // 1000}.{early_on_time % 1000:03d} / 50.000) → mức {band}")


def test_a_rate_on_an_edge_is_the_edge_exactly(tmp_path):
    """1.450 of 2.500 received online is 58 % exactly (not 57,99999999999999: the rate is × 100 before ÷),
    so a band edge at 58 would be met."""
    from compliance.metrics import MetricContext
    from compliance.check import rulebook

    path = ward_with(tmp_path, "resolved: {total: 4000, early: 1300, on_time: 2620, late: 80}",
                     "received: {total: 2500, online: 1450, in_person_post: 1050}", 0)
    ctx = MetricContext(load_submission(path), rulebook().metrics)
    assert ctx.value("online_rate") == 58.0
    assert 29 / 50 * 100 != 58.0  # what ÷ then × 100 gave


def test_band_places_rule():
    from compliance.catalog import find_edition

    leaf = next(n for n in find_edition("par-commune-model-2026").nodes() if n.id == "3.3.1")
    assert leaf.scoring.places(97.998) == 3
    assert leaf.scoring.places(97.9999) == 4
    assert leaf.scoring.places(98.0) == 2
    assert leaf.scoring.places(94.996) == 3  # 95,00 would read as the edge 95
    assert leaf.scoring.places(56.6176) == 2


# --- F22: a self-score counts only for the criterion its row names ---------------------------------


def seed_form_with_7_6(tmp_path: Path, period_to_2026: bool = True) -> Path:
    """The seed's form (edition par-dept-model-2020) with 1 point and its evidence on row 62, "7.6 Tỷ lệ hồ
    sơ có kết quả giải quyết điện tử", and its period moved to 2026 so the 2026 set fits it (its province
    then Lâm Đồng, which Đắk Nông became on 01/7/2025)."""
    wb = load_workbook(SEED_FORM)
    ws = wb["Tự đánh giá"]
    assert (ws["A62"].value, ws["B62"].value) == ("7.6", "Tỷ lệ hồ sơ có kết quả giải quyết điện tử")
    put(ws, 62, 4, 1)
    put(ws, 62, 5, "Báo cáo số hóa kết quả năm 2026")
    if period_to_2026:
        put(wb["Cơ quan"], 10, 2, "01/01/2026")
        put(wb["Cơ quan"], 11, 2, "31/12/2026")
        put(wb["Cơ quan"], 8, 2, "Lâm Đồng")  # Đắk Nông merged into Lâm Đồng on 01/7/2025
    path = tmp_path / "self76.xlsx"
    wb.save(path)
    return path


def test_a_self_score_is_not_moved_by_number_onto_another_edition(tmp_path):
    """2020's 7.6 (e-results) is 2026's 7.6 (the agency's website): refused at B62, exit 2, naming both
    editions and the command that makes the right form; English under --lang en."""
    from clirun import main

    path = seed_form_with_7_6(tmp_path)
    out = main("check", path, "--criteria", "par-dept-model-2026", "--lang", "vi")
    assert out.code == 2 and out.out == ""
    assert out.err == (
        f"lỗi: {path}: ô B62 (trang 'Tự đánh giá'): biểu mẫu lập theo bộ tiêu chí par-dept-model-2020 nhưng đang "
        "được chấm theo bộ par-dept-model-2026: dòng 7.6 ghi 'Tỷ lệ hồ sơ có kết quả giải quyết điện tử', còn tiêu "
        "chí 7.6 của bộ par-dept-model-2026 là 'Cung cấp thông tin trên trang thông tin điện tử của cơ quan' (1 dòng "
        "có điểm khác tên như vậy); điểm tự đánh giá không được chuyển theo số thứ tự sang tiêu chí khác: hãy lập "
        "biểu mẫu theo bộ par-dept-model-2026 (compliance template --criteria par-dept-model-2026 --from self76.xlsx "
        "-o self76-par-dept-model-2026.xlsx; các dòng khác tên sẽ để trống để tự đánh giá lại) rồi chấm lại\n")
    en = main("check", path, "--criteria", "par-dept-model-2026", "--lang", "en")
    assert en.code == 2 and "sheet Tự đánh giá, cell B62: the form was made for criteria edition par-dept-model-2020" \
        in en.err
    # the row's Vietnamese text is compared with the criterion's Vietnamese name, in English too (QA9 N1)
    assert "row 7.6 is 'Tỷ lệ hồ sơ có kết quả giải quyết điện tử', criterion 7.6 of par-dept-model-2026 is 'Cung " \
        "cấp thông tin trên trang thông tin điện tử của cơ quan'" in en.err and "website" not in en.err
    # on its own edition the same form is scored, its 7.6 row self-scored 1
    card = check_submission(load_submission(seed_form_with_7_6(tmp_path, period_to_2026=False)))
    assert next(r for r in card.rows if r.id == "7.6").self_score == 1.0


def test_the_suggested_form_carries_only_the_rows_of_the_same_criterion(tmp_path):
    """`template --criteria par-dept-model-2026 --from` the 2020 form: 7.6's point is not carried (2026's 7.6
    is another criterion), the form names its own edition, and it is checked without a word."""
    from compliance.api import write_template

    old = seed_form_with_7_6(tmp_path)
    new = tmp_path / "self76-par-dept-model-2026.xlsx"
    assert write_template(new, criteria="par-dept-model-2026", from_path=old) == "par-dept-model-2026"
    loaded = load_submission(new)
    assert loaded.submission.criteria == "par-dept-model-2026" and "7.6" not in loaded.submission.self_assessment
    assert loaded.self_rows[1]["7.6"][0] == "Cung cấp thông tin trên trang thông tin điện tử của cơ quan"
    card = check_submission(loaded)
    assert card.edition.id == "par-dept-model-2026" and next(r for r in card.rows if r.id == "7.6").self_score is None


def test_names_compare_without_unicode_form_or_spacing(tmp_path):
    """The row's name retyped in decomposed Unicode with doubled spaces is the same criterion; one word
    changed is not (the same edition: "the row was changed")."""
    import unicodedata

    from compliance.errors import InputError

    wb = load_workbook(seed_form_with_7_6(tmp_path, period_to_2026=False))
    ws = wb["Tự đánh giá"]
    ws["B62"].value = "  " + unicodedata.normalize("NFD", "Tỷ lệ hồ sơ có kết quả  giải quyết điện tử") + " "
    wb.save(tmp_path / "nfd.xlsx")
    assert check_submission(load_submission(tmp_path / "nfd.xlsx")).rows
    ws["B62"].value = "Tỷ lệ hồ sơ có kết quả giải quyết trực tuyến"
    wb.save(tmp_path / "changed.xlsx")
    with pytest.raises(InputError) as err:
        check_submission(load_submission(tmp_path / "changed.xlsx"))
    assert err.value.where == "sheet Tự đánh giá, cell B62"
    assert err.value.message.get("vi").startswith(
        "dòng 7.6 ghi 'Tỷ lệ hồ sơ có kết quả giải quyết trực tuyến', nhưng tiêu chí 7.6 của bộ par-dept-model-2020 là "
        "'Tỷ lệ hồ sơ có kết quả giải quyết điện tử' (1 dòng có điểm khác tên như vậy)")


def seed_form_with_1_1_2(tmp_path: Path, name: str) -> Path:
    """The seed's form with 1,5 points and evidence on row 7 (1.1.2, "Mức độ hoàn thành kế hoạch CCHC năm")
    and the row's name retyped as ``name`` (QA9 N1's forms)."""
    wb = load_workbook(SEED_FORM)
    ws = wb["Tự đánh giá"]
    assert (ws["A7"].value, ws["B7"].value) == ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC năm")
    put(ws, 7, 2, name)
    put(ws, 7, 4, 1.5)
    put(ws, 7, 5, "Báo cáo 12/BC-VPUBND")
    path = tmp_path / "self112.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("name", ["Mức độ hoàn thành kế hoạch CCHC năm", "mức độ hoàn thành kế hoạch CCHC năm",
                                  "Mức độ hoàn thành kế hoạch CCHC năm.",
                                  "Mức độ hoàn thành kế hoạch cải cách hành chính năm",
                                  "MỨC ĐỘ HOÀN THÀNH KẾ HOẠCH CCHC NĂM 2020"])
def test_a_row_name_spelt_otherwise_is_the_same_criterion(tmp_path, name):
    """QA9 N1: a lowercase first letter, a final full stop, "CCHC" written out, capitals and the year are
    the same criterion: the form is scored, the row keeps its 1,5 self-assessed points."""
    card = check_submission(load_submission(seed_form_with_1_1_2(tmp_path, name)))
    row = next(r for r in card.rows if r.id == "1.1.2")
    assert (row.self_score, row.computed, row.difference) == (1.5, 2.0, -0.5)


def test_old_tone_placement_is_the_same_name(tmp_path):
    """QA9 N1: "hệ thống hoá" (tone on the o, as Unikey types it by default) is "hệ thống hóa": 2.2 is
    self-scored 1 either way, and the names compare alike however they are written."""
    from compliance.check import SAME_NAME_RATIO, name_key, same_name

    wb = load_workbook(SEED_FORM)
    ws = wb["Tự đánh giá"]
    r = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "2.2")
    assert ws.cell(r, 2).value == "Rà soát, hệ thống hóa văn bản QPPL"
    put(ws, r, 2, "Rà soát, hệ thống hoá văn bản QPPL")
    put(ws, r, 4, 1)
    put(ws, r, 5, "Quyết định công bố kết quả rà soát")
    wb.save(tmp_path / "hoa.xlsx")
    card = check_submission(load_submission(tmp_path / "hoa.xlsx"))
    assert next(x for x in card.rows if x.id == "2.2").self_score == 1.0
    assert name_key("Rà soát, hệ thống hoá văn bản QPPL.") == "ra soat he thong hoa van ban qppl"
    assert name_key("Kế hoạch CCHC") == name_key("kế hoạch cải cách hành chính") == "ke hoach cai cach hanh chinh"
    assert SAME_NAME_RATIO == 0.9
    assert not same_name("Tỷ lệ hồ sơ có kết quả giải quyết điện tử",
                         "Cung cấp thông tin trên trang thông tin điện tử của cơ quan")  # QA8's 7.6: ratio 0.32


def test_template_from_says_which_self_scores_it_leaves_behind(tmp_path):
    """QA9 N2: `template --criteria par-dept-model-2026 --from` the 2020 form with 1.1.2 ("CCHC" written
    out) and 7.6 self-scored: 1.1.2's 1,5 is carried, 7.6 (another criterion in 2026) is not, and stderr
    says so naming 7.6 and its old row name, in Vietnamese and in English."""
    from clirun import main

    old = seed_form_with_7_6(tmp_path)
    wb = load_workbook(old)
    put(wb["Tự đánh giá"], 7, 2, "Mức độ hoàn thành kế hoạch cải cách hành chính năm")
    put(wb["Tự đánh giá"], 7, 4, 1.5)
    wb.save(old)
    new = tmp_path / "new.xlsx"
    out = main("template", "--criteria", "par-dept-model-2026", "--from", old, "-o", new, "--lang", "vi")
    assert out.code == 0, out.err
    assert out.err == (
        f"Đã ghi biểu mẫu: {new} (par-dept-model-2026)\n"
        "Cảnh báo: điểm tự đánh giá (cùng tài liệu kiểm chứng) của 1 dòng trong self76.xlsx không được chuyển sang "
        "biểu mẫu theo bộ par-dept-model-2026, vì tiêu chí cùng số thứ tự của bộ par-dept-model-2026 có tên khác: "
        "7.6 ('Tỷ lệ hồ sơ có kết quả giải quyết điện tử'); hãy tự đánh giá lại các dòng này trên biểu mẫu mới\n")
    sub = load_submission(new).submission
    assert sub.self_assessment["1.1.2"].points == 1.5 and "7.6" not in sub.self_assessment
    en = main("template", "--criteria", "par-dept-model-2026", "--from", old, "-o", tmp_path / "en.xlsx", "--lang", "en")
    assert en.code == 0 and "Warning: the self-scores (with their evidence) of 1 row(s) of self76.xlsx were not " \
        "carried into the form of par-dept-model-2026" in en.err \
        and "7.6 ('Tỷ lệ hồ sơ có kết quả giải quyết điện tử')" in en.err


# --- F30: a failed criterion is a tồn tại --------------------------------------------------------------


def test_failed_criteria_are_listed_among_the_gaps_in_text_json_and_workbook(tmp_path):
    """The 2026 ward: 7.1's digital-transformation plan issued 05/02/2026, after 31/01 → 0 of 1 (không đạt);
    3.5's procedures plan 20/02/2026 → 1 of 2 (đạt một phần). Both are tồn tại with their reason, the
    criterion as basis and what to do — in the terminal table, the JSON and the workbook's 'Tồn tại' sheet."""
    import json

    from compliance.api import check, render_scorecard, write_scored_workbook

    card = check(WARD)
    by_id = {s.id: s for s in card.shortfalls}
    assert [s.id for s in card.shortfalls] == ["1.2", "1.4", "2.2", "3.3.2", "3.3.4", "3.3.5", "3.5", "7.1", "7.5"]
    s71 = by_id["7.1"]
    assert (s71.state.value, s71.points, s71.max_points) == ("fail", 0.0, 1.0)
    assert s71.reason.vi == ("Kế hoạch ứng dụng CNTT năm (hạn 31/01): chậm (21/KH-UBND (05/02/2026), submission.yaml:24 "
                             "> 31/01/2026) → 0 điểm")
    assert s71.basis.vi.startswith("tiêu chí 7.1 của bộ par-commune-model-2026 (bộ mẫu; mô phỏng theo: ")
    assert s71.remediation.vi == ("Khắc phục trong kỳ tới; tài liệu kiểm chứng tiêu chí yêu cầu: Kế hoạch chuyển đổi số "
                                  "năm 2026 của UBND xã")
    assert (by_id["3.5"].state.value, by_id["3.5"].points) == ("partial", 1.0)

    table = render_scorecard(card, "table", "vi")
    gaps = table[table.index("TỒN TẠI, HẠN CHẾ"):table.index("KIỂM TRA SỐ LIỆU")]
    assert "không Tiêu chí 7.1" in " ".join(gaps.split())  # "không đạt" wraps in the 8-wide state column
    assert "Không phát hiện tồn tại" not in gaps and " ".join(gaps.split()).count("Tiêu chí ") == 9

    data = json.loads(render_scorecard(card, "json"))
    assert [s["id"] for s in data["shortfalls"]] == [s.id for s in card.shortfalls]
    assert data["shortfalls"][-2]["reason"]["vi"] == s71.reason.vi

    out = tmp_path / "ward.xlsx"
    write_scored_workbook(card, out)
    ws = load_workbook(out)["Tồn tại"]
    texts = [[c.value for c in row] for row in ws.iter_rows()]
    row71 = next(r for r in texts if r[2] == "Tiêu chí 7.1")
    assert row71[1] == "không đạt"
    assert row71[3] == f"Ban hành kế hoạch chuyển đổi số năm kịp thời (hạn 31/01): 0 / 1 điểm ({s71.reason.vi})"
    assert row71[5] == s71.basis.vi and row71[6] == s71.remediation.vi
    assert sum(1 for r in texts if isinstance(r[2], str) and r[2].startswith("Tiêu chí ")) == 9


def test_an_empty_form_never_reads_no_gaps(tmp_path):
    """The blank 2026 department form: PAR plan, IT plan, working rules… not issued (11+ criteria không đạt)."""
    from compliance.api import render_scorecard

    card = check_submission(load_submission(blank_form(tmp_path)))
    assert card.findings == [] and len(card.shortfalls) == 12
    assert {"1.1.1", "4.2", "7.1"} <= {s.id for s in card.shortfalls}
    for lang, none in (("vi", "Không phát hiện tồn tại"), ("en", "No gaps found")):
        assert none not in render_scorecard(card, "table", lang)
    assert "Criterion 1.1.1" in render_scorecard(card, "markdown", "en")


# --- F23: the appraisal column takes only points in range -------------------------------------------


def _validation_of(ws, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, cell
    return found[0]


@pytest.mark.parametrize("lang,sheet,error,prompt", [
    ("vi", "Bảng điểm", "Hãy nhập số điểm từ 0 đến 2 (số thập phân, ví dụ 1,5), không nhập chữ",
     "Điểm thẩm định của tiêu chí này: từ 0 đến 2"),
    ("en", "Scorecard", "Type a number of points from 0 to 2 (a decimal such as 1.5), not text",
     "The appraised points of this criterion: from 0 to 2"),
])
def test_each_appraised_cell_is_validated_between_its_rows_points(seed_card, tmp_path, lang, sheet, error, prompt):
    """The seed's scored workbook: F28 (3.3.3, 0–2 points), F6 (1.1.1, −1…1), F64 (8.1, survey 0–8) take a
    decimal in their row's range; a field's sum (F4) and the parents' formulas are not inputs."""
    from compliance.report.xlsx import write_xlsx

    out = tmp_path / f"seed-{lang}.xlsx"
    write_xlsx(seed_card, out, lang)
    ws = load_workbook(out)[sheet]
    assert (ws["A28"].value, ws["A6"].value, ws["A64"].value, ws["A4"].value) == ("3.3.3", "1.1.1", "8.1", "1")
    dv = _validation_of(ws, "F28")
    assert (dv.type, dv.operator, dv.formula1, dv.formula2, dv.allow_blank) == ("decimal", "between", "0", "2", True)
    assert dv.showErrorMessage and dv.error == error and dv.prompt == prompt
    assert dv.errorTitle == ("Điểm thẩm định" if lang == "vi" else "Appraised points")
    assert (_validation_of(ws, "F6").formula1, _validation_of(ws, "F6").formula2) == ("-1", "1")
    assert _validation_of(ws, "F64").formula2 == "8"
    assert not [dv for dv in ws.data_validations.dataValidation if "F4" in dv.sqref or "F5" in dv.sqref]


# --- F19: Vietnamese decimals in YAML, said in the user's words ------------------------------------

SEED_TEXT = (SEED / "submission.yaml").read_text(encoding="utf-8")


def seed_variant(tmp_path: Path, old: str, new: str, encoding: str = "utf-8") -> tuple[Path, int]:
    """The seed YAML with one slip, and the line it is on."""
    assert SEED_TEXT.count(old) == 1
    line = SEED_TEXT[:SEED_TEXT.index(old)].count("\n") + 1
    path = tmp_path / "submission.yaml"
    path.write_text(SEED_TEXT.replace(old, new), encoding=encoding)
    return path, line


def _error(path: Path, lang: str = "vi") -> str:
    from compliance.errors import InputError

    with pytest.raises(InputError) as err:
        load_submission(path)
    return err.value.line(lang)


def test_a_decimal_comma_in_a_yaml_mapping_is_said_as_written(tmp_path):
    """`stated_rates: {online: 47,26, …}`: YAML splits it into 47 and a key 26; the line says so."""
    path, line = seed_variant(tmp_path, "stated_rates: {online: 47.26,", "stated_rates: {online: 47,26,")
    assert line == 84
    assert _error(path) == (f"{path}: dòng 84, khoá dossiers.stated_rates.online: '47,26': trong YAML, dấu phẩy trong cặp "
                            "ngoặc nhọn tách các mục (bị đọc thành 47 và một khoá 26); hãy ghi 47.26, hoặc \"47,26 %\" "
                            "trong dấu nháy")
    assert _error(path, "en").endswith("'47,26': in YAML a comma between braces separates items (read as 47 and a key 26); "
                                       "write 47.26, or \"47,26 %\" in quotes")
    # the leading zero of the decimals is kept from the line as written (0,05 is not 0.5)
    path, _ = seed_variant(tmp_path, "late: 0.38}", "late: 0,05}")
    assert "'0,05'" in _error(path) and "hãy ghi 0.05" in _error(path)
    # written in quotes it is read, as the clerk meant it
    path, _ = seed_variant(tmp_path, "stated_rates: {online: 47.26,", 'stated_rates: {online: "47,26 %",')
    assert load_submission(path).submission.dossiers.stated_rates.online == 47.26


def test_a_thousands_dot_in_a_yaml_count_is_said_as_a_decimal(tmp_path):
    path, line = seed_variant(tmp_path, "received: {total: 28044,", "received: {total: 28.044,")
    assert _error(path) == (f"{path}: dòng {line}, khoá dossiers.received.total: 28.044 được đọc là số thập phân (ở đây "
                            "dấu chấm là dấu thập phân): hãy ghi số lượng không có dấu chấm hàng nghìn, 28044")
    # a plain decimal in a count is still "not a whole number"
    path, _ = seed_variant(tmp_path, "received: {total: 28044,", "received: {total: 28.5,")
    assert "'28.5' không phải là số nguyên" in _error(path)


def test_a_utf16_yaml_with_its_bom_is_read(seed_card, tmp_path):
    """Saved by Windows Notepad as "Unicode" (UTF-16 LE with a BOM): the same scorecard as the seed."""
    path = tmp_path / "submission.yaml"
    path.write_bytes(b"\xff\xfe" + SEED_TEXT.encode("utf-16-le"))
    card = check_submission(load_submission(path))
    assert card.totals.index_percent == 39.97 == seed_card.totals.index_percent
    assert next(m for m in card.metrics if m.id == "received_total").value == 28044


def test_a_year_added_to_a_short_row_name_is_the_same_criterion():
    """QA10 A1: "năm 2025" appended to a short name ("Quy chế làm việc của cơ quan", 4.2) fell under the 0.9
    ratio and refused the whole form, where a long name with the same suffix passed; a year named is left out of
    the key. Another criterion's name under the number is still another criterion."""
    from compliance.check import name_key, same_name

    assert name_key("Quy chế làm việc của cơ quan năm 2025") == name_key("Quy chế làm việc của cơ quan")
    assert same_name("Kiểm tra, xử lý văn bản năm 2025", "Kiểm tra, xử lý văn bản")
    assert name_key("Kế hoạch năm") == "ke hoach nam"  # "năm" without a year stays
    assert not same_name("Tỷ lệ hồ sơ có kết quả giải quyết điện tử",
                         "Cung cấp thông tin trên trang thông tin điện tử của cơ quan")
    assert not same_name("Ban hành kế hoạch kiểm soát TTHC năm 2025", "Ban hành kế hoạch CCHC năm 2025")
