"""The province generator: today's shape (one of the 34, office, departments, communes), seedable, every
generated submission read and scored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples" / "province"))

from generate import agency_list, generate, province  # noqa: E402

from compliance.papi.provinces import provinces  # noqa: E402
from compliance.intake.submission import load_submission  # noqa: E402
from compliance.round.run import run_round  # noqa: E402


def test_same_seed_same_files(tmp_path):
    a, b = generate(tmp_path / "a", 12, seed=3), generate(tmp_path / "b", 12, seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 14  # 12 submissions (one of them a folder) + appraisal + waivers
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_a_whole_province_by_default_is_lam_dong_as_it_is():
    data = province()
    assert data["province"]["slug"] in provinces(2025)  # one of the 34
    kinds = [unit for _, _, unit in agency_list(139)]
    assert (kinds.count("provincial_office"), kinds.count("department"), kinds.count("commune"),
            kinds.count("district")) == (1, 14, 124, 0)
    communes = [name for _, name, unit in agency_list(139) if unit == "commune"]
    # 124 = 103 xã + 20 phường + 1 đặc khu, with their public names
    assert [sum(n.startswith(w) for n in communes) for w in ("Xã ", "Phường ", "Đặc khu ")] == [103, 20, 1]
    assert "Phường Xuân Hương - Đà Lạt" in communes and "Đặc khu Phú Quý" in communes


def test_generated_round_is_read_and_ranked(tmp_path):
    out = generate(tmp_path, 21, seed=2025)
    r = run_round(out / "submissions", appraisal=out / "appraisal.yaml", waivers=out / "waivers.yaml")
    assert len(r.agencies) == 21 and not r.failed and r.round_id == "2025"
    # 21 = the office + round(20 × 14 / 138) = 2 departments (department set) + 18 communes (commune set)
    assert {a.ranked_among for a in r.agencies} == {3, 18}
    assert {a.edition.id for a in r.agencies} == {"par-dept-model-2025", "par-commune-model-2025"}
    assert [i.kind for i in r.issues if i.severity != "info" and i.kind != "form_changed"] == [
        "expired_waiver", "unmatched_waiver"]
    # the generator leaves some self-scores without evidence: each such agency is warned, naming its nodes
    subs = [load_submission(p).submission for p in sorted((out / "submissions").iterdir())]
    unproven = sorted(s.agency.code for s in subs
                      if any(own.points > 0 and not own.evidence and not own.explanation for own in s.self_assessment.values()))
    warned = sorted(a.agency_code for a in r.agencies if any("without evidence" in n.en for n in a.notices))
    assert warned == unproven and len(unproven) > 0
    assert [i.kind for i in r.issues if i.severity == "warning" and i.kind == "form_changed"] == ["form_changed"] * len(unproven)
    # the office: 4.4 (2 points, departments only) drops out of 100
    assert r.agency("LD-VPUBND").totals.applicable_max == 98


def test_each_unit_type_gets_its_applicable_criteria(tmp_path):
    out = generate(tmp_path, 21, seed=2025)
    r = run_round(out / "submissions")
    dept = next(a for a in r.agencies if a.unit_type == "department")
    commune = next(a for a in r.agencies if a.unit_type == "commune")
    # a department: 7.4 (3 points, the provincial office's centre) drops out: 97; a commune's set applies whole
    assert (dept.totals.applicable_max, commune.totals.applicable_max) == (97, 100)
    # communes of 2025 are assessed from the day they were formed
    assert commune.period == "01/07/2025–31/12/2025" and dept.period == "01/01/2025–31/12/2025"


def test_2026_uses_the_2026_sets(tmp_path):
    out = generate(tmp_path, 8, seed=1, year=2026)
    r = run_round(out / "submissions")
    assert {a.edition.id for a in r.agencies} == {"par-dept-model-2026", "par-commune-model-2026"}


def test_agency_codes_stay_unique_and_generated_names_say_so():
    agencies = agency_list(700)
    codes = [code for code, _, _ in agencies]
    assert len(set(codes)) == 700 and codes[0] == "LD-VPUBND" and "LD-SYT-3" in codes
    names = [name for _, name, _ in agencies]
    assert "Xã mẫu 125 (tên giả định)" in names and not any("huyện" in n.lower() for n in names)


def test_the_generator_refuses_the_old_shape(tmp_path):
    with pytest.raises(ValueError, match="samples/round-2020"):
        generate(tmp_path, 5, year=2020)


def test_a_small_province_still_has_a_department_and_a_commune():
    """5 agencies: the office, 1 department (round(4 × 14 / 138) would give none) and 3 communes; 3 is the least."""
    assert [unit for _, _, unit in agency_list(5)] == ["provincial_office", "department", "commune", "commune", "commune"]
    assert [unit for _, _, unit in agency_list(3)] == ["provincial_office", "department", "commune"]


@pytest.mark.parametrize("kwargs, message", [
    ({"agencies": 2}, "at least 3 agencies (the provincial office, a department and a commune), not 2"),
    ({"json_share": 1.5}, "--json-share is a share between 0 and 1, not 1.5"),
    ({"year": 2027}, "no model criteria set for 2027 (par-dept-model-2027, par-commune-model-2027)"),
])
def test_the_generator_refuses_what_it_cannot_make_before_writing(tmp_path, kwargs, message):
    with pytest.raises(ValueError) as exc:
        generate(tmp_path / "out", **kwargs)
    assert message in str(exc.value)
    assert not (tmp_path / "out").exists()


def test_the_script_says_a_bad_option_in_one_line(tmp_path):
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "samples" / "province" / "generate.py"), "--out", str(tmp_path / "o"),
                          "--agencies", "0"], capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        "generate.py: error: at least 3 agencies (the provincial office, a department and a commune), not 0")
    assert not (tmp_path / "o").exists()
