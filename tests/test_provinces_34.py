"""The 63 provinces until 30/6/2025 and the 34 from 01/7/2025 (Nghị quyết 202/2025/QH15), in PAPI.

Scores here are a made-up file (not PAPI's): every sub-dimension of the i-th province of a year's list
is d/k, d = base + 0.05 × i (base 4 in 2024, 5 in 2025), so each dimension is d and the aggregate 8 × d.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from compliance.cli.papi import papi
from compliance.errors import InputError
from compliance.papi.profile import build_profile
from compliance.papi.provinces import find_province, predecessors, province_lists, provinces, resolve_province
from compliance.papi.scores import score_file
from compliance.papi.structure import load_structure


def _write_scores(path, rows=None):
    structure = load_structure(2024)
    lines = ["year,province,level,dimension,subdimension,score"]
    for year, base in ((2024, 4.0), (2025, 5.0)):
        for i, slug in enumerate(provinces(year)):
            name = (rows or {}).get((year, slug), slug)
            dim = base + 0.05 * i
            for d in structure.dimensions:
                for sub in d.subdimensions:
                    lines.append(f"{year},{name},subdimension,{d.key},{sub.key},{dim / len(d.subdimensions):.6f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_lists_by_year():
    assert [len(provinces(y)) for y in (2011, 2024, 2025, 2026)] == [63, 63, 34, 34]
    old, new = province_lists()
    assert (old.valid_to.isoformat(), new.valid_from.isoformat()) == ("2025-06-30", "2025-07-01")
    assert "202/2025/QH15" in new.source
    # 11 units unchanged, 23 formed from 52: 11 + 52 = 63 former provinces, each held once
    merged = [p for p in new.provinces if p.merged]
    assert (len(new.provinces) - len(merged), len(merged), sum(len(p.formed_from) for p in merged)) == (11, 23, 52)
    held = sorted(s for p in new.provinces for s in p.formed_from)
    assert held == sorted(provinces(2024))


@pytest.mark.parametrize("unit, former", [
    ("lam-dong", ["lam-dong", "dak-nong", "binh-thuan"]),
    ("ho-chi-minh-city", ["ho-chi-minh-city", "binh-duong", "ba-ria-vung-tau"]),
    ("ninh-binh", ["ninh-binh", "ha-nam", "nam-dinh"]),
    ("an-giang", ["an-giang", "kien-giang"]),
    ("hue", ["thua-thien-hue"]),
    ("ha-noi", ["ha-noi"]),
])
def test_what_each_unit_holds(unit, former):
    assert predecessors(unit, 2025, 2024) == former
    assert predecessors(unit, 2026, 2025) == [unit]


def test_names_resolve_in_the_year_of_the_file():
    assert find_province("Huế", 2025) == "hue" and find_province("Huế", 2024) == "thua-thien-hue"
    assert resolve_province("Đắk Nông", None, None, 2024) == "dak-nong"
    with pytest.raises(InputError, match=r"'Đắk Nông' is not a province in 2025: since 01/7/2025 it is part of "
                                         r"Lâm Đồng \(lam-dong\) under Nghị quyết 202/2025/QH15"):
        resolve_province("Đắk Nông", "scores.csv", "row 7", 2025)


def test_a_2025_file_naming_a_former_province_is_refused_at_its_row(tmp_path):
    path = _write_scores(tmp_path / "s.csv", {(2025, "lam-dong"): "Bình Thuận"})
    with pytest.raises(InputError) as err:
        score_file(path)
    # header + 63 × 28 rows of 2024 = line 1765; Lâm Đồng is the 25th unit of 2025: 1765 + 24 × 28 + 1 = 2438
    assert err.value.where == "line 2438" and "'Bình Thuận' is not a province in 2025" in err.value.message


def test_2025_ranks_and_groups_are_among_34(tmp_path):
    ss = score_file(_write_scores(tmp_path / "s.csv"))
    y24, y25 = ss.years[2024], ss.years[2025]
    assert (y24.n_ranked, y25.n_ranked, y24.absent, y25.absent) == (63, 34, [], [])
    # 34 ranked: groups end at ranks round-half-up(8.5) = 9, 17, round-half-up(25.5) = 26, 34
    assert y25.actual_group_sizes() == [9, 8, 9, 8]
    # Lâm Đồng is at index 24 of the 2025 list: 5 + 0.05 × 24 = 6.2 per dimension, × 8 = 49.6; rank 34 − 24 = 10
    lam = y25.placements["aggregate"]["lam-dong"]
    assert (round(lam.score, 4), lam.rank, lam.n) == (49.6, 10, 34)  # sub-scores written to 6 decimals


def test_a_merged_province_shows_each_former_province_and_no_change(tmp_path):
    prof = build_profile("Lâm Đồng", 2025, _write_scores(tmp_path / "s.csv"))
    assert all(r.change is None and r.why_not == "merged" for r in prof.rows)
    formers = [(f.slug, round(f.placements["aggregate"].score, 4), f.placements["aggregate"].rank)
               for f in prof.merger.formers]
    # 2024 list positions: lam-dong 43, dak-nong 42, binh-thuan 38 → 8 × (4 + 0.05 i); rank 63 − i
    assert formers == [("lam-dong", 49.2, 20), ("dak-nong", 48.8, 21), ("binh-thuan", 47.2, 25)]
    text = CliRunner().invoke(papi, ["profile", "lam-dong", "--year", "2025", "--scores", str(tmp_path / "s.csv")]).output
    assert "Điểm 2024 theo từng tỉnh cũ của Lâm Đồng" in text and "không lấy trung bình" in text
    assert "Đắk Nông    48.80            21/63" in text
    data = json.loads(CliRunner().invoke(papi, ["profile", "lam-dong", "--year", "2025", "--scores",
                                                str(tmp_path / "s.csv"), "--format", "json"]).output)
    assert (data["merger"]["averaged"], data["merger"]["change_computed"]) == (False, False)
    assert [f["province"] for f in data["merger"]["former_provinces"]] == ["lam-dong", "dak-nong", "binh-thuan"]


def test_an_unchanged_province_is_compared_on_scores_not_ranks(tmp_path):
    path = _write_scores(tmp_path / "s.csv")
    hanoi = build_profile("ha-noi", 2025, path)
    # Hà Nội: index 0 in both lists, 8 × 5 − 8 × 4 = +8
    assert (hanoi.row("aggregate").change, hanoi.merger) == (pytest.approx(8.0), None)
    hue = build_profile("Huế", 2025, path)
    # Huế (index 1 in 2025: 8 × 5.05 = 40.4) vs Thừa Thiên Huế (index 30 in 2024: 8 × 5.5 = 44): −3.6
    assert hue.row("aggregate").change == pytest.approx(-3.6)
    out = CliRunner().invoke(papi, ["profile", "ha-noi", "--year", "2025", "--scores", str(path), "--lang", "en"]).output
    assert "2024 ranks are among 63 provinces, 2025 ranks among 34" in out


def test_a_fall_is_placed_among_the_unmerged_provinces_only(tmp_path):
    prof = build_profile("hue", 2025, _write_scores(tmp_path / "s.csv"))
    agg = prof.row("aggregate")
    # only the 11 units with one predecessor are compared across 01/7/2025
    assert agg.fall_n == 11


def test_verify_checks_2025_groups_among_34(tmp_path):
    from compliance.papi.verify import verify_file

    path = tmp_path / "press.csv"
    path.write_text("year,province,dimension,subdimension,score,rank,group\n"
                    "2025,An Giang,,,53.2,1,best\n2025,Lâm Đồng,,,49.6,10,best\n", encoding="utf-8")
    res = verify_file(path, lang="en")
    # 34 ranked: best ends at rank round-half-up(34 / 4 = 8.5) = 9, so rank 10 is high average
    assert [(f.kind, f.province, f.where) for f in res.findings] == [("group", "lam-dong", "line 3")]
    assert "its rank is 10 of 34, which is in group High average" in res.findings[0].text
    assert any("groups checked for 34 ranked provinces" in a for a in res.assumptions)


def test_the_group_rule_text_is_said_for_the_year_s_n(tmp_path):
    """The rule's text comes from the rule for the n ranked that year: 34 → 9/8/9/8 (last ranks 9, 17, 26,
    34), not a fixed list of 63 and 60."""
    from compliance.papi.report import year_notes
    from compliance.papi.scores import group_rule

    assert group_rule(34, "vi") == (
        "Chia nhóm theo thứ hạng: nhóm k (k = 1…4) kết thúc ở hạng làm tròn(k × n / 4) (làm tròn nửa lên), "
        "n = số tỉnh được xếp hạng; 34 tỉnh → 9/8/9/8 (kết thúc ở hạng 9, 17, 26, 34). "
        "Tỉnh đồng hạng ở ranh giới được xếp cùng nhóm với hạng của mình.")
    assert "; 63 → 16/16/15/16 (last ranks 16, 32, 47, 63)." in group_rule(63, "en")
    path = _write_scores(tmp_path / "s.csv")
    ss = score_file(path)
    rule_2025 = next(n for n in year_notes(ss.years[2025], "vi") if n.startswith("Quy tắc chia nhóm"))
    assert "34 tỉnh → 9/8/9/8" in rule_2025 and "63" not in rule_2025
    assert "63 tỉnh → 16/16/15/16" in next(n for n in year_notes(ss.years[2024], "vi") if n.startswith("Quy tắc chia nhóm"))
    data = json.loads(CliRunner().invoke(papi, ["profile", "lam-dong", "--year", "2025", "--scores", str(path),
                                                "--format", "json"]).output)
    assert "; 34 → 9/8/9/8 (last ranks 9, 17, 26, 34)." in data["group_rule"] and "63" not in data["group_rule"]
    text = CliRunner().invoke(papi, ["profile", "lam-dong", "--year", "2025", "--scores", str(path)]).output
    assert "34 tỉnh → 9/8/9/8 (kết thúc ở hạng 9, 17, 26, 34)" in text and "63 tỉnh →" not in text
