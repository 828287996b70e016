"""papi verify: a file with seeded errors yields exactly the seeded findings; clean data yields none."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.papi import papi
from compliance.papi.scores import score_file
from compliance.papi.verify import verify_file

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "papi"
DATA = SHARED / "papi-2011-2013.csv"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="../shared/data/papi not present")


def published_2013() -> tuple[list[str], list[list[str]]]:
    """The 2013 rows of the shared file with rank and group on aggregate rows (from the scores)."""
    ys = score_file(DATA, year=2013).years[2013]
    agg = ys.placements["aggregate"]
    rows = []
    with DATA.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["year"] != "2013":
                continue
            rank = group = ""
            if r["level"] == "aggregate":
                rank, group = str(agg[r["province"]].rank), agg[r["province"]].group
            rows.append([r["year"], r["province"], r["level"], r["dimension"], r["subdimension"], r["score"], rank, group])
    return ["year", "province", "level", "dimension", "subdimension", "score", "rank", "group"], rows


def find(rows, prov, level, dim="", sub=""):
    for i, r in enumerate(rows):
        if r[1] == prov and r[2] == level and r[3] == dim and r[4] == sub:
            return i
    raise KeyError((prov, level, dim, sub))


def write(tmp_path: Path, header, rows) -> Path:
    path = tmp_path / "published.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def line_of(rows, i) -> str:
    return f"line {i + 2}"  # header is line 1


def test_clean_published_data_has_no_findings():
    res = verify_file(DATA)
    assert res.findings == []
    assert res.checked["sum"] == 3 * 63 * 7  # 6 dimensions + the aggregate per province-year
    assert res.not_checked == []


def test_seeded_errors_are_found_and_nothing_else(tmp_path):
    header, rows = published_2013()
    # 1. transposed digits in an aggregate: Hà Nội 37.162662 → 37.126662
    i_hn = find(rows, "ha-noi", "aggregate")
    assert rows[i_hn][5] == "37.162662"
    rows[i_hn][5] = "37.126662"
    # 2. a dimension that is not the sum of its parts: Lào Cai transparency 5.346524 → 5.436524
    #    (the aggregate stays right, so only the dimension is reported)
    i_lc = find(rows, "lao-cai", "dimension", "transparency")
    assert rows[i_lc][5] == "5.346524"
    rows[i_lc][5] = "5.436524"
    # 3. a value out of range with consistent sums: Đà Nẵng civic knowledge set to 2.600000 (max 2.5 for
    #    4 sub-dimensions), opportunities lowered by the same amount so the dimension still adds up
    i_ck = find(rows, "da-nang", "subdimension", "participation", "civic_knowledge")
    i_op = find(rows, "da-nang", "subdimension", "participation", "opportunities_for_participation")
    delta = 2.6 - float(rows[i_ck][5])
    rows[i_ck][5] = "2.600000"
    rows[i_op][5] = f"{float(rows[i_op][5]) - delta:.6f}"
    assert 0.25 <= float(rows[i_op][5]) <= 2.5
    # 4. a rank that contradicts the scores: Hà Tĩnh (5th, 39.292675) published as 9th, group still best
    i_ht = find(rows, "ha-tinh", "aggregate")
    assert rows[i_ht][6] == "5"
    rows[i_ht][6] = "9"
    # 5. press truncation, NOT an error: Đắk Nông 36.948524 written "36.94" (rounding would give 36.95),
    #    and its transparency 6.239406 written "6.23"
    rows[find(rows, "dak-nong", "aggregate")][5] = "36.94"
    rows[find(rows, "dak-nong", "dimension", "transparency")][5] = "6.23"
    path = write(tmp_path, header, rows)

    res = verify_file(path, lang="en")
    got = sorted((f.kind, f.province, f.measure, f.where) for f in res.findings)
    assert got == sorted([
        ("sum", "ha-noi", "aggregate", line_of(rows, i_hn)),
        ("sum", "lao-cai", "transparency", line_of(rows, i_lc)),
        ("range", "da-nang", "civic_knowledge", line_of(rows, i_ck)),
        ("rank", "ha-tinh", "aggregate", line_of(rows, i_ht)),
    ])
    texts = {f.province: f.text for f in res.findings}
    # the arithmetic is shown: Hà Nội's six dimensions add up to 37.162662
    assert ("published 37.126662 ≠ sum of 6 dimensions 5.456780 + 6.329407 + 5.943764 + 5.640414 + 6.846432 "
            "+ 6.945865 = 37.162662; difference -0.036000") in texts["ha-noi"]
    assert "2.600000 is outside the sub-dimension (1/4–10/4) range 0.25–2.5 points" in texts["da-nang"]
    assert "rank 9 contradicts the scores: 4 of 63 listed provinces score higher than 39.292676, so its rank is 5" \
        in texts["ha-tinh"]

    cli = CliRunner().invoke(papi, ["verify", str(path), "--lang", "en"])
    assert cli.exit_code == 1
    lines = [x for x in cli.output.splitlines() if x.startswith(str(path))]
    assert len(lines) == 4
    assert cli.output.splitlines()[-1].startswith("4 finding(s); checked 441 sums")


def test_group_that_contradicts_the_rank(tmp_path):
    header, rows = published_2013()
    i = find(rows, "dak-nong", "aggregate")  # rank 32 of 63 → high_average (ranks 17–32)
    rows[i][7] = "low_average"
    res = verify_file(write(tmp_path, header, rows), lang="en")
    assert [(f.kind, f.province) for f in res.findings] == [("group", "dak-nong")]
    assert "group Low average contradicts the scores: its scores place it at rank 32 of 63, which is in group " \
           "High average" in res.findings[0].text


def test_press_list_partial_ranks_and_truncation(tmp_path):
    # A press top-5 with two decimals, truncated (39.748782 → 39.74, 39.735554 → 39.73); Thái Bình and
    # Hà Tĩnh swapped: both ranks are wrong.
    path = tmp_path / "press.csv"
    path.write_text(
        "năm,tỉnh,nội dung,nội dung thành phần,điểm,hạng\n"
        "2013,Quảng Bình,,,\"41,71\",1\n"
        "2013,Quảng Trị,,,\"39,74\",2\n"
        "2013,Long An,,,\"39,73\",3\n"
        "2013,Hà Tĩnh,,,\"39,29\",4\n"
        "2013,Thái Bình,,,\"39,31\",5\n", encoding="utf-8")
    res = verify_file(path, lang="en")
    assert sorted((f.kind, f.province, f.where) for f in res.findings) == [
        ("rank", "ha-tinh", "line 5"), ("rank", "thai-binh", "line 6")]
    assert any("decimal comma" in a for a in res.assumptions)


def test_partial_list_with_a_gap_uses_order(tmp_path):
    # Only three provinces, ranks 1, 2, 40 (a press excerpt): ranks beyond the list are not judged,
    # but a province ranked above one that certainly scores more is out of order.
    path = tmp_path / "press.csv"
    path.write_text(
        "year,province,dimension,subdimension,score,rank\n"
        "2013,quang-binh,,,41.72,1\n"
        "2013,long-an,,,39.74,40\n"
        "2013,ha-noi,,,37.16,2\n", encoding="utf-8")
    res = verify_file(path, lang="en")
    assert [(f.kind, f.province) for f in res.findings] == [("rank", "ha-noi")]
    assert "rank 2" in res.findings[0].text
