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
    assert sorted(a.rank for a in r.agencies)[0] == 1 and {a.ranked_among for a in r.agencies} == {21}
    assert [i.kind for i in r.issues if i.severity != "info"] == ["expired_waiver", "unmatched_waiver"]
    assert r.agency("MH-VPUBND").totals.applicable_max == 98  # 4.5 applies to departments only


def test_agency_codes_stay_unique_beyond_the_name_list():
    codes = [code for code, _, _ in agency_list(700)]
    assert len(set(codes)) == 700 and codes[0] == "MH-VPUBND" and "MH-SYT-3" in codes
