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
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.round import round_group
from compliance.errors import InputError
from compliance.round.run import _code_of_unreadable, run_round
from compliance.round.text import render_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round"
SUBS, APPRAISAL, WAIVERS = SAMPLE / "submissions", SAMPLE / "appraisal.yaml", SAMPLE / "waivers.yaml"
WARD = SUBS / "phuong-xuan-huong.json"
MISSING_VI = ("cơ quan LD-XNB trong tệp thẩm định không có hồ sơ trong thư mục {folder}: thiếu tệp hồ sơ của cơ quan "
              "này, hoặc mã cơ quan ở đây viết sai (đã đọc: {read})")


def _folder(tmp_path: Path, name: str, cut: int | None) -> Path:
    """The sample's submissions without LD-XNB's file, the ward's JSON cut at ``cut`` bytes (None: whole)."""
    folder = tmp_path / name
    shutil.copytree(SUBS, folder, ignore=shutil.ignore_patterns("xa-nam-ban.yaml"))
    if cut is not None:
        (folder / WARD.name).write_bytes(WARD.read_bytes()[:cut])
    return folder


def _run(folder: Path, tmp_path: Path, *extra: str):
    db, xlsx = tmp_path / f"{folder.name}.sqlite", tmp_path / f"{folder.name}.xlsx"
    result = CliRunner().invoke(round_group, ["run", str(folder), "--appraisal", str(APPRAISAL), "--waivers", str(WAIVERS),
                                              "--db", str(db), "--xlsx", str(xlsx), *extra])
    return result, db, xlsx


@pytest.mark.parametrize("cut", [None, 300])
def test_f8_a_missing_agency_is_named_missing_with_or_without_a_cut_file_beside_it(tmp_path, cut):
    folder = _folder(tmp_path, "subs", cut)
    result, db, xlsx = _run(folder, tmp_path)
    err = result.exception
    assert isinstance(err, InputError) and err.path == str(APPRAISAL) and err.where == "line 43"
    read = "LD-DKPQ, LD-PXH, LD-SNNMT, LD-STP" if cut is None else "LD-DKPQ, LD-SNNMT, LD-STP"
    assert err.message.get("vi") == MISSING_VI.format(folder="subs", read=read)
    assert "phuong-xuan-huong.json" not in err.message.get("vi")  # the ward's file is the ward's (LD-PXH), read from its text
    assert not db.exists() and not xlsx.exists()


def test_f8_the_code_of_a_file_cut_short_is_read_from_what_is_left(tmp_path):
    cut = tmp_path / "phuong.json"
    cut.write_bytes(WARD.read_bytes()[:300])  # ends at '"notes": '
    assert _code_of_unreadable(cut) == "LD-PXH"
    yaml_cut = tmp_path / "so-tu-phap.yaml"
    text = (SUBS / "so-tu-phap.yaml").read_text(encoding="utf-8")
    yaml_cut.write_text(text[:text.index("documents:") + 40], encoding="utf-8")
    assert _code_of_unreadable(yaml_cut) == "LD-STP"
    cut.write_bytes(WARD.read_bytes()[:20])  # '{\n "agency": {\n  "co': no code left
    assert _code_of_unreadable(cut) is None


def test_f8_a_cut_file_without_its_code_is_only_possibly_the_missing_agencys(tmp_path):
    folder = _folder(tmp_path, "subsE", 20)
    r = run_round(folder, appraisal=APPRAISAL, waivers=WAIVERS)
    said = {i.subject: i.message.vi for i in r.issues if i.kind == "appraisal_unmatched"}
    assert said == {
        code: f"Tệp thẩm định có cơ quan {code} nhưng trong thư mục không có hồ sơ của cơ quan này; có 1 hồ sơ không đọc "
              "được mã cơ quan, có thể là của cơ quan này: phuong-xuan-huong.json" for code in ("LD-PXH", "LD-XNB")}
    assert sorted(a.agency_code for a in r.agencies) == ["LD-DKPQ", "LD-SNNMT", "LD-STP"]  # stored incomplete
    assert r.partial
    [failed] = r.failed
    assert failed.text("vi").endswith("dòng 3, cột 3: lỗi cú pháp JSON: tệp kết thúc giữa chừng (có thể chưa tải/chép "
                                      "hết): thiếu một giá trị hoặc dấu ngoặc đóng")


def test_f9_a_json_cut_mid_value_is_said_to_end_mid_way(tmp_path):
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder)
    (folder / WARD.name).write_bytes(WARD.read_bytes()[:300])
    r = run_round(folder, appraisal=APPRAISAL, waivers=WAIVERS)
    [failed] = r.failed
    assert failed.text("vi") == (f"{folder / WARD.name}: dòng 14, cột 11: lỗi cú pháp JSON: tệp kết thúc giữa chừng (có "
                                 "thể chưa tải/chép hết): thiếu một giá trị hoặc dấu ngoặc đóng")
    assert failed.text("en").endswith("line 14, column 11: JSON syntax error: the file ends mid-way (perhaps not fully "
                                      "downloaded or copied): a value or a closing bracket is missing")
    assert "dấu phẩy" not in failed.text("vi")
    said = {i.subject: i.message.vi for i in r.issues if i.kind == "appraisal_unmatched"}
    assert said == {"LD-PXH": "Tệp thẩm định có cơ quan LD-PXH nhưng không đọc được hồ sơ của cơ quan này (hồ sơ lỗi: "
                              "phuong-xuan-huong.json)"}


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
