"""The province generator: seedable, every generated submission is read and scored."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples" / "province"))

from generate import agency_list, generate  # noqa: E402

from compliance.round.run import run_round  # noqa: E402


def test_same_seed_same_files(tmp_path):
    a, b = generate(tmp_path / "a", 12, seed=3), generate(tmp_path / "b", 12, seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 14  # 12 submissions (one of them a folder) + appraisal + waivers
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_generated_round_is_read_and_ranked(tmp_path):
    out = generate(tmp_path, 21, seed=2020)
    r = run_round(out / "submissions", appraisal=out / "appraisal.yaml", waivers=out / "waivers.yaml")
    assert len(r.agencies) == 21 and not r.failed
    # 21 = the office + 2 departments (department set) + 1 district + 17 communes (local set): ranked per set
    assert {a.ranked_among for a in r.agencies} == {3, 18}
    assert sorted(a.rank for a in r.agencies)[:2] == [1, 1]
    assert [i.kind for i in r.issues if i.severity != "info"] == ["expired_waiver", "unmatched_waiver"]
    assert r.agency("MH-VPUBND").totals.applicable_max == 98  # 4.5 applies to departments only


def test_a_whole_province_by_default():
    kinds = [unit for _, _, unit in agency_list(181)]
    assert (kinds.count("provincial_office"), kinds.count("department"), kinds.count("district"),
            kinds.count("commune")) == (1, 20, 10, 150)


def test_each_unit_type_gets_its_applicable_criteria(tmp_path):
    out = generate(tmp_path, 21, seed=2020)
    r = run_round(out / "submissions")
    commune = next(a for a in r.agencies if a.unit_type == "commune")
    district = next(a for a in r.agencies if a.unit_type == "district")
    # a commune inspects no subordinate units (1.3, 2 points), issues no legal documents (2.1, 2) and has no
    # delegated tasks (4.5, 2) in the local model set: 100 − 6 = 94; a district keeps them all
    assert commune.totals.applicable_max == 94 and district.totals.applicable_max == 100


def test_agency_codes_stay_unique_beyond_the_name_list():
    codes = [code for code, _, _ in agency_list(700)]
    assert len(set(codes)) == 700 and codes[0] == "MH-VPUBND" and "MH-SYT-3" in codes
