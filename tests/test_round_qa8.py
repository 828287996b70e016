"""What QA8 met running Lâm Đồng's 2025 round (samples/round/) the way an inspector's folder goes wrong
(F8, F9, F10):

- F8: one agency's file missing (xa-nam-ban.yaml, LD-XNB) and another's cut short while copied
  (phuong-xuan-huong.json at 300 bytes): the missing agency is named as missing — never blamed on the other
  agency's file — whether or not a cut file sits beside it; a cut file whose agency code can no longer be
  read is offered only as a possibility ("có thể là của cơ quan này").
- F9: a JSON submission cut mid-value is said to end mid-way, never "delete the last comma".
- F10: appraisal points written "1,5" read as the page and the workbook read them; the file's own
  errors in the user's language; a capped bonus names its agency once.

The sample's figures (tests/test_round_2025.py): LD-STP 2.2 appraised 1,5 → index 93,92; its bonus of 1
within the cap 2 (the appraisal file's ``bonus_cap``); 5 is capped at 2: (90,1 + 2) / 97 = 94,948… → 94,95.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.round.run import run_round
from compliance.round.text import render_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round"
SUBS, APPRAISAL, WAIVERS = SAMPLE / "submissions", SAMPLE / "appraisal.yaml", SAMPLE / "waivers.yaml"


def _appraisal(tmp_path: Path, old: str, new: str) -> Path:
    text = APPRAISAL.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "appraisal.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new", [
    ("round1: {points: 1.5, note: Báo cáo rà soát", "round1: {points: '1,5', note: Báo cáo rà soát"),
    ("round1: {points: 1.5, note: Báo cáo rà soát", 'round1: {points: "1,5", note: Báo cáo rà soát'),
    ("round1: {points: 1.5, note: Báo cáo rà soát chưa có danh mục văn bản của tỉnh Bình Thuận cũ, by: Tổ thẩm định liên ngành}",
     "round1:\n          points: 1,5\n          note: Báo cáo rà soát\n"),  # block style, as QA8's file: YAML reads text
])
def test_f10_points_with_a_decimal_comma_read_as_the_page_reads_them(tmp_path, old, new):
    stp = run_round(SUBS, appraisal=_appraisal(tmp_path, old, new), waivers=WAIVERS).agency("LD-STP")
    assert stp.totals.index_percent == 93.92  # (90,1 + 1) / 97, 2.2 appraised 1,5 as in the sample
    assert [(row.round1, row.final) for row in stp.rows if row.id == "2.2"] == [(1.5, 1.5)]


def test_f10_points_that_are_no_number_are_said_with_a_points_example(tmp_path):
    path = _appraisal(tmp_path, "round1: {points: 1.5, note: Báo cáo rà soát", "round1: {points: 'một rưỡi', note: Báo cáo rà soát")
    err = pytest.raises(InputError, run_round, SUBS, appraisal=path, waivers=WAIVERS).value
    assert err.line("vi").endswith("'một rưỡi' không phải là số điểm; hãy nhập số, ví dụ 1,5")
    assert err.line("en").endswith("'một rưỡi' is not a number of points; write a number, e.g. 1,5")


def test_f10_a_criterion_appraised_twice_is_said_in_vietnamese(tmp_path):
    path = _appraisal(tmp_path, "      - criterion: \"7.3\"\n", "      - {criterion: \"2.2\", round1: {points: 1}}\n"
                      "      - criterion: \"7.3\"\n")
    err = pytest.raises(InputError, run_round, SUBS, appraisal=path, waivers=WAIVERS).value
    assert err.line("vi") == (f"{path}: dòng 13, khoá agencies[0]: tiêu chí '2.2' của LD-STP được thẩm định hai "
                              "lần: hãy giữ một mục")
    assert err.line("en").endswith("criterion '2.2' is appraised twice for LD-STP")


def test_f10_a_capped_bonus_names_its_agency_once(tmp_path):
    path = _appraisal(tmp_path, "    bonus:\n      - points: 1\n", "    bonus:\n      - points: 5\n")
    r = run_round(SUBS, appraisal=path, waivers=WAIVERS)
    assert r.agency("LD-STP").totals.index_percent == 94.95  # (90,1 + 2) / 97
    text = render_round(r)
    assert "- [cảnh báo] LD-STP: điểm thưởng 5 vượt trần 2 (tệp thẩm định appraisal.yaml): tính 2" in text
    assert "LD-STP: LD-STP" not in text and "LD-STP: LD-STP" not in render_round(r, "en")
    assert json.loads(r.model_dump_json())["issues"]  # the JSON keeps the subject apart from the words
