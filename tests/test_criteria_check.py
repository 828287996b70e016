"""criteria check: one test per kind of defect (seeded file samples/criteria/seeded-defects.yaml), the
shipped files, PAPI structures, the CLI, and the editions added for issue 3 (listed, counted, unknown)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance.catalog import CRITERIA_DIR, declared_metrics, find_edition, select_edition
from compliance.criteria_lib.check import check_file
from compliance.criteria_lib.check_scoring import band_gaps_and_overlaps
from compliance.criteria_lib.problems import KINDS
from compliance.cli.criteria import criteria_group
from compliance.criteria_lib.files import shipped_files
from compliance.errors import InputError
from compliance.model.criteria import BandsScoring, Node

ROOT = Path(__file__).resolve().parent.parent
SEEDED = ROOT / "samples" / "criteria" / "seeded-defects.yaml"
METRICS = {"m_rate", "m_a", "m_b", "m_e", "m_state"}

# kind → (line, YAML path, node, English message): every line hand-checked against the seeded file.
EXPECTED = {
    "id_format": (83, "fields[1].children[2].id", "2.a", "id '2.a' is not STT numbering such as '3', '3.2', '3.2.1'"),
    "id_duplicate": (88, "fields[1].children[3].id", "2.1", "id 2.1 is already used at fields[1].children[0]"),
    "id_parent": (142, "fields[2].children[7].id", "4.1", "id 4.1 sits under 3, so it must read 3.n"),
    "id_sequence": (54, "fields[0].children[3].id", "1.5", "after 1.3 comes number 4, found 1.5"),
    "unit_type": (119, "fields[2].children[2].applies_to[0]", "3.3",
                  "unknown unit type 'district_office' (known: commune, department, district, one_stop_centre, province, provincial_office)"),
    "children_sum": (23, "fields[0].max_points", "1", "children's max points 2 + 2 + 2 + 2 = 8 ≠ 10 of 1"),
    "band_gap": (32, "fields[0].children[0].scoring.bands", "1.1", "no band contains the values [40; 50) of the range [0; 100]"),
    "band_overlap": (43, "fields[0].children[1].scoring.bands[1]", "1.2",
                     "band 1 (≥ 30 → 2) and band 2 (≥ 20 and ≤ 30 → 1) both contain [30; 30]"),
    "formula_input": (51, "fields[0].children[2].scoring.formula", "1.3", "formula (b / a) * 2 + d uses d but inputs declare only a, b, e"),
    "formula_unused": (52, "fields[0].children[2].scoring.inputs", "1.3", "inputs declare e but formula (b / a) * 2 + d does not use them"),
    "choice_points": (57, "fields[0].children[3].scoring.choices.not_issued", "1.5", "choice 'not_issued' gives −3 points, outside [0; 2]"),
    "band_range": (71, "fields[1].children[0].scoring.bands[1]", "2.1", "band 2 (≥ 150 → 1) lies outside the range [0; 100]"),
    "band_points": (80, "fields[1].children[1].scoring.bands[0].points", "2.2", "band 1 gives 3 points, outside [0; 2]"),
    "max_unreachable": (96, "fields[1].children[4].scoring.choices", "2.3", "the best choice gives 1 < max points 2"),
    "min_points": (101, "fields[1].children[5].min_points", "2.4", "min_points 2 > max_points 1"),
    "no_scoring": (108, "fields[2].children[0]", "3.1", "leaf 3.1 has no scoring method"),
    "no_evidence": (112, "fields[2].children[1]", "3.2", "leaf 3.2 has no evidence list"),
    "unit_type_outside": (125, "fields[2].children[3].applies_to", "3.4", "applies to commune but the edition is for department"),
    "formula_syntax": (131, "fields[2].children[4].scoring.formula", "3.5",
                       "formula cannot be read: formula 'a ** 2': 'Pow' is not allowed (only numbers, names, + - * /, min, max)"),
    "input_undeclared": (136, "fields[2].children[5].scoring.input", "3.6", "input 'm_bogus' is not a metric declared in rules/"),
    "scale": (12, "scale", None, "fields 10 + 9 + 9 = 28 ≠ scale 30"),
    "stated_total": (13, "stated_total", None, "the TỔNG CỘNG row states 27 but the fields add up 10 + 9 + 9 = 28"),
    "survey_points": (14, "survey_points", None, "survey leaves 2 = 2 ≠ survey_points 3"),
    "counts": (15, "known_counts.fields", None, "the source states 4 fields but the file encodes 3"),
    "class_order": (17, "classes", None, "thresholds neither strictly descending nor ascending: Good ≥ 90, Fair ≥ 95, Weak ≥ 10"),
}
WARNINGS = {"formula_unused", "max_unreachable", "unit_type_outside"}


@pytest.fixture(scope="module")
def seeded():
    return check_file(SEEDED, metrics=METRICS)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_seeded_defect_found(seeded, kind):
    line, path, node, message = EXPECTED[kind]
    found = [p for p in seeded.problems if p.kind == kind]
    assert found, f"{kind} not reported"
    hit = [p for p in found if p.path == path and p.en == message]
    assert len(hit) == 1, [p.text("en") for p in found]
    p = hit[0]
    assert (p.line, p.node, p.en) == (line, node, message)
    assert p.severity == ("warning" if kind in WARNINGS else "error")


def test_seeded_file_reports_nothing_else(seeded):
    # 25 kinds above, plus the second class_order problem (lowest class above 0 %)
    assert len(seeded.problems) == len(EXPECTED) + 1
    extra = [p for p in seeded.problems if p.kind == "class_order" and p.en.startswith("the lowest")]
    assert [p.en for p in extra] == ["the lowest class starts at 10%: an index below it gets no class"]
    assert {p.kind for p in seeded.problems} == set(KINDS) - {"schema", "papi"}


def test_vietnamese_message_and_line(seeded):
    p = next(p for p in seeded.problems if p.kind == "children_sum")
    assert p.vi == "điểm tối đa các nút con 2 + 2 + 2 + 2 = 8 ≠ 10 của 1"
    assert p.text("vi") == "line 23, fields[0].max_points (1): lỗi children_sum: điểm tối đa các nút con 2 + 2 + 2 + 2 = 8 ≠ 10 của 1"


def test_schema_kind(tmp_path):
    data = yaml.safe_load(SEEDED.read_text(encoding="utf-8"))
    data["fields"][0]["children"][0]["max_point"] = data["fields"][0]["children"][0].pop("max_points")
    path = tmp_path / "misspelt.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check_file(path, metrics=METRICS)
    schema = [p for p in result.problems if p.kind == "schema"]
    assert {p.en for p in schema} == {"unknown key 'max_point' (misspelt?)", "required key 'max_points' is missing"}
    assert {p.path for p in schema} == {"fields[0].children[0].max_point", "fields[0].children[0].max_points"}
    assert result.notes[0][1] == "the file does not match the schema: tree checks not run"


def test_papi_kind(tmp_path):
    src = ROOT / "criteria" / "papi" / "papi-2018.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data["aggregate_range"] = [8, 70]
    path = tmp_path / "papi-broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check_file(path)
    assert result.kind == "papi"
    assert [p.en for p in result.problems] == ["papi-2018: aggregate range 8–70 ≠ 8 dimensions × 1–10 = 8–80"]


def test_every_shipped_file_has_no_error():
    files = shipped_files()
    names = {p.name for p in files}
    assert {"dept-model-2020.yaml", "province-qd2948-2017.yaml", "province-qd1149-2020.yaml", "province-qd876-2022.yaml",
            "province-qd892-2024.yaml", "province-qd1187-2025.yaml", "papi-2018.yaml"} <= names
    for path in files:
        result = check_file(path, metrics=declared_metrics())
        assert result.errors == [], [p.text("en") for p in result.errors]
        warnings = [p.en for p in result.problems]
        if path.name == "province-qd2948-2017.yaml":  # the source page says 38 criteria; its rows add to 39
            assert warnings == ["the source states 38 criteria; by field 6 + 4 + 5 + 4 + 9 + 3 + 5 + 3 = 39"]
        else:
            assert warnings == [], (path.name, warnings)


def test_band_sweep_boundaries():
    # Cà Mau wording: trên 90% → 2; từ 70% - 90% → 1; dưới 70% → 0 covers [0, 100] exactly
    s = BandsScoring(method="bands", input="x", bands=[
        {"min": 90, "min_inclusive": False, "points": 2}, {"min": 70, "max": 90, "points": 1},
        {"max": 70, "max_inclusive": False, "points": 0}])
    assert band_gaps_and_overlaps(s) == ([], [])
    # "trên 90%" and "dưới 90%": 90 itself has no band
    s = BandsScoring(method="bands", input="x", bands=[
        {"min": 90, "min_inclusive": False, "points": 2}, {"max": 90, "max_inclusive": False, "points": 0}])
    assert band_gaps_and_overlaps(s) == ([(90, True, 90, True)], [])
    # a count with no upper bound: "từ 3 trở lên" leaves nothing open above
    s = BandsScoring(method="bands", input="x", range=(0, None), bands=[{"min": 3, "points": 2}, {"max": 3, "max_inclusive": False, "points": 0}])
    assert band_gaps_and_overlaps(s) == ([], [])
    s = BandsScoring(method="bands", input="x", range=(0, None), bands=[{"min": 3, "max": 10, "points": 2}, {"max": 3, "max_inclusive": False, "points": 0}])
    gaps, _ = band_gaps_and_overlaps(s)
    assert gaps == [(10, False, float("inf"), False)]


def test_cli_check_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(criteria_group, ["check", "par-dept-model-2020", "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip().endswith("1 files: 0 errors, 0 warnings")
    bad = runner.invoke(criteria_group, ["check", str(SEEDED), "--lang", "en", "--no-metrics"])
    assert bad.exit_code == 1
    assert "line 23, fields[0].max_points (1): error children_sum: children's max points 2 + 2 + 2 + 2 = 8 ≠ 10 of 1" in bad.output
    js = runner.invoke(criteria_group, ["check", str(SEEDED), "--format", "json", "--no-metrics"])
    data = json.loads(js.output)
    assert data[0]["edition"] == "seeded-defects" and data[0]["errors"] == 22 and data[0]["warnings"] == 3
    papi = runner.invoke(criteria_group, ["check", "papi-2021"])
    assert papi.exit_code == 0
    missing = runner.invoke(criteria_group, ["check", "no-such-edition"])
    assert isinstance(missing.exception, InputError)


def test_cli_list_and_show():
    runner = CliRunner()
    out = runner.invoke(criteria_group, ["list", "--format", "json"])
    rows = {r["id"]: r for r in json.loads(out.output)}
    assert rows["par-province-qd876-2022"]["listed_only"] and rows["par-province-qd876-2022"]["valid_from"] == "2022-01-01"
    assert rows["par-province-qd892-2024"]["decision"] == "892/QĐ-BNV, 05/12/2024"
    assert rows["par-province-qd1187-2025"]["decision"] == "1187/QĐ-BNV, 15/10/2025"
    assert rows["par-province-qd2948-2017"]["incomplete"] and not rows["par-dept-model-2020"]["incomplete"]
    show = runner.invoke(criteria_group, ["show", "par-province-qd2948-2017", "--lang", "en"])
    assert "Counts stated by the source: 8 fields, 38 criteria, 81 sub-criteria" in show.output
    line3 = next(line for line in show.output.splitlines() if line.startswith("3  "))
    assert line3.split()[1:] == ["Administrative", "procedure", "reform", "14.5", "[counts", "only:", "5", "criteria,", "16", "sub-criteria]"]
    tree = runner.invoke(criteria_group, ["tree", "par-dept-model-2020"])
    last = tree.output.strip().splitlines()[-1]
    assert last.split()[:3] == ["TỔNG", "CỘNG", "100"]


def test_new_editions_content():
    e2948 = find_edition("par-province-qd2948-2017")
    assert [f.max_points for f in e2948.fields] == [10, 10, 14.5, 11, 16, 7, 16, 15.5]
    assert sum(f.known_counts.sub_criteria for f in e2948.fields) == 81
    assert e2948.incomplete and e2948.scorable and all(f.children == [] for f in e2948.fields)
    e1149 = find_edition("par-province-qd1149-2020")
    assert len(e1149.fields) == 8 and all(f.max_points is None and f.children == [] for f in e1149.fields)
    assert (e1149.known_counts.criteria, e1149.known_counts.sub_criteria) == (43, 95)
    assert e1149.incomplete and not e1149.scorable
    for eid, day in (("par-province-qd876-2022", dt.date(2022, 11, 10)), ("par-province-qd1187-2025", dt.date(2025, 10, 15))):
        e = find_edition(eid)
        assert e.listed_only and e.fields == [] and e.incomplete and not e.scorable
        assert day.strftime("%d/%m/%Y") in e.decision
    # QĐ 892/QĐ-BNV (05/12/2024): the public 2024 structure, 8 fields of unknown name and points, 38/88, 68 + 32
    e892 = find_edition("par-province-qd892-2024")
    assert "05/12/2024" in e892.decision and not e892.listed_only
    assert len(e892.fields) == 8 and all(f.max_points is None for f in e892.fields)
    assert (e892.known_counts.fields, e892.known_counts.criteria, e892.known_counts.sub_criteria) == (8, 38, 88)
    assert (e892.scale, e892.survey_points, e892.scale - e892.survey_points) == (100, 32, 68)
    assert e892.incomplete and not e892.scorable


def test_unscorable_editions_are_refused():
    class Sub:  # the two attributes select_edition reads
        criteria = "par-province-qd876-2022"
    with pytest.raises(InputError, match="listed with no content"):
        select_edition(Sub(), None)
    with pytest.raises(InputError, match="max points unknown for 1, 2, 3, 4, 5, 6, 7, 8"):
        select_edition(Sub(), "par-province-qd1149-2020")


def test_null_points_only_on_unknown_nodes():
    with pytest.raises(ValueError, match="only on a node whose confidence is 'unknown'"):
        Node(id="1", name={"vi": "x"}, max_points=None, confidence="verified")
    assert Node(id="1", name={"vi": "x"}, max_points=None, confidence="unknown").content_unknown
