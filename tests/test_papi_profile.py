"""papi profile, plan files, structure checks, dimension names, Excel output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.errors import InputError
from compliance.papi import all_structures, check_structure, dimension_key_from_name, load_structure
from compliance.cli.papi import papi
from compliance.papi.plan import load_plan
from compliance.papi.profile import build_profile
from compliance.papi.provinces import find_province

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "samples" / "papi" / "daknong-2020-plan.yaml"


# -- structure ----------------------------------------------------------------------------------------

def test_every_shipped_era_passes_papi_rules():
    eras = all_structures()
    assert [s.id for s in eras] == ["papi-2011-2015", "papi-2016-2017", "papi-2018", "papi-2019-2020", "papi-2021"]
    assert [(s.n_dimensions, s.n_subdimensions) for s in eras] == [(6, 22), (6, 22), (8, 28), (8, 29), (8, 28)]
    for s in eras:
        assert check_structure(s) == [], s.id


def test_era_by_year():
    assert load_structure(2013).id == "papi-2011-2015"
    assert load_structure(2016).id == "papi-2016-2017"
    assert load_structure(2020).aggregate_range == (8, 80)
    with pytest.raises(InputError, match="no PAPI structure is known for year 2010"):
        load_structure(2010)


def test_check_structure_finds_broken_rules():
    s = load_structure(2013).model_copy(deep=True)
    d = s.dimensions[1]  # transparency, 3 sub-dimensions → 0.3333–3.3333
    d.subdimension_range = (0.25, 2.5)
    d.subdimensions[0].name.en = ""
    s.dimensions[0].subdimensions.pop()  # participation now 3 sub-dimensions but range still 0.25–2.5
    problems = check_structure(s)
    assert "papi-2011-2015: dimension transparency: sub-dimension range 0.25–2.5 ≠ 1/3–10/3 = 0.3333–3.3333 " \
           "for 3 sub-dimensions" in problems
    assert "papi-2011-2015: dimension transparency, sub-dimension poverty_lists: name missing in Vietnamese " \
           "or English" in problems
    assert any(p.startswith("papi-2011-2015: dimension participation: sub-dimension range") for p in problems)
    assert len(problems) == 3


def test_unverified_vietnamese_names_are_marked():
    s = load_structure(2020)
    sub = s.subdimension("transparency", "access_to_information")
    assert sub.name_vi_unverified
    assert sub.label("vi") == "Tiếp cận thông tin (tên dịch, chưa kiểm chứng)"
    assert s.subdimension("environmental_governance", "air_quality").name_vi_unverified is False


@pytest.mark.parametrize("text, year, key", [
    ("Trách nhiệm giải trình với nhân dân", 2020, "vertical_accountability"),
    ("Thủ tục hành chính công", 2020, "public_administrative_procedures"),
    ("Quản trị điện tử - Mức độ sẵn có và sử dụng dịch vụ công trực tuyến do chính quyền cung cấp", 2020, "e_governance"),
    ("Quản trị điện tử", 2016, None),  # no E-Governance before 2018
    ("quan tri moi truong", None, "environmental_governance"),
    ("Control of Corruption in the Public Sector", 2013, "control_of_corruption"),
    ("e_governance", None, "e_governance"),
    ("Thủ tục", 2020, None),
    ("", 2020, None),
])
def test_dimension_key_from_name(text, year, key):
    assert dimension_key_from_name(text, year) == key


@pytest.mark.parametrize("text", ["Đắk Nông", "dak-nong", "Dak Nong", "ĐẮK NÔNG", "tỉnh Đắk Nông", "67"])
def test_province_spellings(text):
    assert find_province(text) == "dak-nong"


def test_hcmc_spellings():
    assert find_province("TP. Hồ Chí Minh") == find_province("Thành phố Hồ Chí Minh") == "ho-chi-minh-city"


# -- profile ------------------------------------------------------------------------------------------

def test_dak_nong_2016_profile_matches_the_press():
    # Đắk Nông's site reported 2016: 35.89 points, rank 31, high-average group.
    prof = build_profile("Đắk Nông", 2016)
    agg = prof.row("aggregate")
    assert round(agg.score, 2) == 35.89 and agg.rank == 31 and agg.group == "high_average"
    # 2016 rebuilt the structure: the aggregate and Participation are not compared, Transparency is
    assert agg.change is None and agg.why_not == "not_comparable"
    assert prof.row("participation").why_not == "not_comparable"
    tr = prof.row("transparency")
    assert tr.comparable and tr.change == pytest.approx(tr.score - tr.previous)
    # PAP 6.7764 rank 59 of 63 → poor (ranks 48–63); no plan given → nothing about tasks
    assert prof.row("public_administrative_procedures").group == "poor"
    assert [r.measure for r in prof.poor][:2] == ["land_use_plans_price_frames", "public_administrative_procedures"]
    # the largest fall among comparable measures: Willingness to Fight Corruption −0.1816
    assert prof.falls[0].measure == "willingness_to_fight_corruption"
    assert prof.falls[0].change == pytest.approx(-0.1816, abs=5e-5)


def test_same_era_compares_everything():
    prof = build_profile("dak-nong", 2013)
    agg = prof.row("aggregate")
    assert agg.comparable
    # 2013 36.948524 − 2012 35.652024 = +1.296500 (aggregates from the file, see test_papi_score)
    assert agg.change == pytest.approx(1.2965, abs=2e-6)


def test_profile_with_plan_maps_tasks_and_uncovered_poor_dimensions():
    plan = load_plan(PLAN)
    assert len(plan.tasks) == 8
    assert [t.state.value for t in plan.tasks].count("not_done") == 2
    prof = build_profile("dak-nong", 2016, plan=plan)
    assert sorted(prof.tasks_by_dimension) == ["public_administrative_procedures", "vertical_accountability"]
    assert [t.id for t in prof.tasks_outside] == ["papi-4", "papi-5", "papi-6", "papi-7", "papi-8"]
    assert prof.uncovered_poor == []  # PAP is poor and has tasks papi-2, papi-3
    prof15 = build_profile("dak-nong", 2015, plan=plan)
    poor_dims = [r.measure for r in prof15.rows if r.level == "dimension" and r.group == "poor"]
    assert prof15.uncovered_poor == [d for d in poor_dims if d not in ("public_administrative_procedures",
                                                                      "vertical_accountability")]


def test_profile_cli_json_and_xlsx(tmp_path):
    out = tmp_path / "dn.xlsx"
    r = CliRunner().invoke(papi, ["profile", "Dak Nong", "--year", "2016", "--plan", str(PLAN), "--format", "json",
                                  "--xlsx", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output.split("xlsx:")[0])
    assert data["aggregate"]["rank"] == 31
    assert data["plan"]["tasks"][3]["in_structure"] is False
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Hồ sơ PAPI 2016", "Nội dung — trung vị toàn quốc", "Xếp hạng PAPI tổng 2016"]
    assert wb.sheetnames[-1] == "Biểu đồ"
    median = wb["Nội dung — trung vị toàn quốc"]  # title, blank row, header, then one row per dimension
    assert median["A4"].value == "1. Tham gia của người dân ở cấp cơ sở"
    assert median["B4"].value == pytest.approx(5.4293, abs=5e-5)
    assert median["B4"].number_format == "[$-42A]#,##0.0000"
    # the dimensions against the median and the ranking: two bar charts on the charts sheet
    assert [type(c).__name__ for c in wb["Biểu đồ"]._charts] == ["BarChart", "BarChart"]
    assert wb["Xếp hạng PAPI tổng 2016"]["B34"].value == "Đắk Nông"  # rank 31 on row 34
    assert not list(tmp_path.glob(".*.tmp"))


def test_score_xlsx(tmp_path):
    out = tmp_path / "s.xlsx"
    r = CliRunner().invoke(papi, ["score", str(REPO / "samples" / "papi" / "papi-2011-2016.csv"), "--year", "2013",
                                  "--xlsx", str(out)])
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Xếp hạng PAPI tổng 2013", "Nội dung 2013", "Nội dung thành phần 2013", "Ghi chú", "Biểu đồ"]
    ws = wb["Xếp hạng PAPI tổng 2013"]
    assert (ws["A4"].value, ws["C4"].value) == (1, "quang-binh")
    assert ws["D4"].value == pytest.approx(41.718745, abs=2e-6)


def test_failed_xlsx_leaves_no_file(tmp_path, monkeypatch):
    import compliance.papi.xlsx as x

    out = tmp_path / "s.xlsx"

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(__import__("openpyxl").Workbook, "save", boom)
    with pytest.raises(RuntimeError):
        x.write_score_workbook(__import__("compliance.papi.scores", fromlist=["x"]).score_file(
            REPO / "samples" / "papi" / "papi-2011-2016.csv", 2013), out)
    assert list(tmp_path.iterdir()) == []


# -- bad input ----------------------------------------------------------------------------------------

def test_unknown_province_for_profile():
    with pytest.raises(InputError, match="unknown province 'Atlantis'"):
        build_profile("Atlantis", 2016)


def test_province_not_ranked_that_year():
    with pytest.raises(InputError, match=r"Bắc Giang \(bac-giang\) is not ranked in 2014: no data in the file"):
        build_profile("Bắc Giang", 2014)


def test_year_not_in_scores():
    with pytest.raises(InputError, match="no scores for 2019 in the file"):
        build_profile("dak-nong", 2019)


def write_plan(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_plan_dimension_written_as_a_name_gets_a_hint(tmp_path):
    p = write_plan(tmp_path, "tasks:\n  - id: a\n    dimension: Thủ tục hành chính công\n    task: x\n    state: done\n")
    with pytest.raises(InputError) as exc:
        load_plan(p)
    assert "'Thủ tục hành chính công' names the dimension 'public_administrative_procedures'" in exc.value.message
    assert "tasks[0].dimension" in exc.value.where


def test_plan_misspelt_key_and_bad_state(tmp_path):
    p = write_plan(tmp_path, "tasks:\n  - id: a\n    dimension: e_governance\n    task: x\n    stat: done\n")
    with pytest.raises(InputError) as exc:
        load_plan(p)
    # the misspelt key is named (the shared loader reports it before the missing 'state')
    assert "unknown key 'stat'" in exc.value.message
    assert exc.value.where == "line 5, tasks[0].stat"
    p = write_plan(tmp_path, "tasks:\n  - id: a\n    dimension: e_governance\n    task: x\n    state: finished\n")
    with pytest.raises(InputError, match="done"):
        load_plan(p)


def test_plan_duplicate_task_id(tmp_path):
    body = "  - id: a\n    dimension: e_governance\n    task: x\n    state: done\n"
    p = write_plan(tmp_path, "tasks:\n" + body + body)
    with pytest.raises(InputError, match="task id 'a' is given twice"):
        load_plan(p)


def test_structure_command_lists_keys_and_rule_result():
    r = CliRunner().invoke(papi, ["structure", "--year", "2018", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "8.2  internet_access" in r.output
    assert "Access to the Internet" in r.output and "0.5–5" in r.output
    assert "structure check: no problems" in r.output


# -- fixes from the new-user test ---------------------------------------------------------------------

def test_plan_for_another_province_is_refused(tmp_path):
    p = write_plan(tmp_path, "year: 2020\nprovince: ha-noi\ntasks:\n  - id: a\n    dimension: e_governance\n"
                             "    task: x\n    state: done\n")
    plan = load_plan(p)
    with pytest.raises(InputError, match=r"line 2, province: the plan is for Hà Nội \(ha-noi\), not for Đắk Nông") as e:
        build_profile("dak-nong", 2016, plan=plan)
    assert e.value.path == str(p)
    out = tmp_path / "x.xlsx"
    r = CliRunner().invoke(papi, ["profile", "dak-nong", "--year", "2016", "--plan", str(p), "--xlsx", str(out)])
    assert isinstance(r.exception, InputError) and not out.exists()
    # the same plan is fine for its own province, and a plan without province: for any
    assert build_profile("Hà Nội", 2016, plan=plan).plan is plan
    p2 = write_plan(tmp_path, "tasks:\n  - id: a\n    dimension: e_governance\n    task: x\n    state: done\n")
    assert build_profile("dak-nong", 2016, plan=load_plan(p2)).plan is not None


def test_fall_position_bottom_decile_rule():
    from compliance.papi.profile import fall_position

    # 20 provinces: sharp when fewer than 2 (10 % of 20) fell further → the 2 lowest changes
    changes = [-0.9, -0.03, -0.02, -0.01] + [0.1] * 16
    assert fall_position(-0.9, changes) == (1, True)
    assert fall_position(-0.03, changes) == (2, True)  # a small fall, but only one province fell further
    assert fall_position(-0.02, changes) == (3, False)
    # the same −0.03 when most provinces fell more is not sharp
    assert fall_position(-0.03, [-1.0] * 10 + [-0.03] + [0.2] * 9) == (11, False)
    # equal changes share a position; a rise is never a sharp fall
    assert fall_position(-0.5, [-0.5, -0.5] + [0.0] * 18) == (1, True)
    assert fall_position(0.1, [0.1] * 20) == (1, False)


def test_dak_nong_2016_only_the_bottom_decile_fall_is_called_sharp():
    # Willingness to Fight Corruption 2015→2016: −0.181608; 6 provinces fell further (Quảng Ngãi −0.432847,
    # An Giang, Kiên Giang, Bắc Giang, Quảng Nam, Bình Thuận −0.182829): position 7 of 63, 6 < 6.3 → sharp.
    prof = build_profile("dak-nong", 2016)
    f = {r.measure: r for r in prof.falls}
    w = f["willingness_to_fight_corruption"]
    assert (w.fall_position, w.fall_n, w.sharp_fall) == (7, 63, True)
    # Equity in State Employment −0.0344 and Basic Infrastructure −0.0315: listed, not sharp
    assert f["equity_in_state_employment"].sharp_fall is False
    assert f["basic_infrastructure"].sharp_fall is False and f["basic_infrastructure"].change == pytest.approx(-0.0315, abs=5e-5)
    r = CliRunner().invoke(papi, ["profile", "dak-nong", "--year", "2016"])
    assert r.exit_code == 0, r.output
    assert "Giảm mạnh so với năm trước: 4.4 Quyết tâm chống tham nhũng" in r.output
    assert "Giảm so với năm trước: 6.3 Cơ sở hạ tầng căn bản — 1.8582 → 1.8267 (-0.0315; thứ 36/63" in r.output
    assert r.output.count("Giảm mạnh so với") == 1
    assert "2.1213 so với 2.7655 (Bắc Ninh)" in r.output and " vs " not in r.output
    data = json.loads(CliRunner().invoke(papi, ["profile", "dak-nong", "--year", "2016", "--format", "json"]).output)
    assert data["gaps"]["sharp_falls"] == ["willingness_to_fight_corruption"]
    assert len(data["gaps"]["largest_falls"]) == 3


def test_structure_command_vietnamese_labels():
    r = CliRunner().invoke(papi, ["structure", "--year", "2021"])
    assert r.exit_code == 0, r.output
    head = r.output.splitlines()[2]
    assert "mã" in head and "độ tin cậy" in head and "key" not in head and "confidence" not in head
    words = {line.split()[-1] for line in r.output.splitlines() if line[:1].isdigit() and "." in line.split()[0]}
    assert words and words <= {"cao", "thấp", "bình"} and not words & {"high", "medium", "low"}
    en = CliRunner().invoke(papi, ["structure", "--year", "2021", "--lang", "en"]).output
    assert "confidence" in en.splitlines()[2] and " high" in en
