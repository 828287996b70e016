"""`compliance check` and `compliance validate` as a user runs them: output, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "daknong-vpubnd-2020"

SEED_TEXT = (SAMPLE / "submission.yaml").read_text(encoding="utf-8")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real entry point in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, cwd=cwd,
                          encoding="utf-8")


def test_check_prints_header_scorecard_gaps_and_formula():
    out = run("check", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Văn phòng UBND tỉnh Đắk Nông" in text and "01/01/2020–31/12/2020" in text
    assert "par-dept-model-2020" in text and "bộ mẫu, không có quyết định ban hành" in text
    assert "Chỉ số: 39,97 % — Xếp loại: Yếu" in text  # numbers as Vietnamese writes them (issue 15)
    assert "BẢNG ĐIỂM" in text and "TỒN TẠI, HẠN CHẾ" in text
    assert "64 hồ sơ trễ hạn của Sở Tư pháp" in text
    assert "Công thức: Chỉ số (%) = (điểm chấm 39,175 + điểm điều tra XHH 0) / điểm tối đa áp dụng 98 × 100 = 39,97 %" in text


def test_check_in_english():
    out = run("check", str(SAMPLE), "--lang", "en")
    assert out.returncode == 0
    assert "Index: 39.97% — Class: Weak" in out.stdout
    assert "64 late dossier(s) of Sở Tư pháp without an" in out.stdout


def test_json_is_byte_identical_across_runs_and_follows_the_model():
    first, second = run("check", str(SAMPLE), "--format", "json"), run("check", str(SAMPLE), "--format", "json")
    assert first.returncode == 0 and first.stdout == second.stdout
    from compliance.model.results import Scorecard

    card = Scorecard.model_validate(json.loads(first.stdout))
    assert card.totals.index_percent == 39.97
    assert list(json.loads(first.stdout)) == sorted(json.loads(first.stdout))


def test_markdown_has_pipe_tables():
    out = run("check", str(SAMPLE), "--format", "markdown")
    assert out.returncode == 0
    assert "| STT" in out.stdout and "## BẢNG ĐIỂM" in out.stdout


def test_fail_on_severity():
    assert run("check", str(SAMPLE), "--fail-on", "high").returncode == 1  # 70 dossiers without a letter
    assert run("check", str(SAMPLE), "--fail-on", "critical").returncode == 0


def test_xlsx_is_written(tmp_path):
    target = tmp_path / "out" / "card.xlsx"
    out = run("check", str(SAMPLE), "--xlsx", str(target))
    assert out.returncode == 0 and target.is_file()
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert len(wb.sheetnames) >= 3


def test_validate():
    out = run("validate", str(SAMPLE))
    assert out.returncode == 0
    assert "hợp lệ" in out.stdout and "20 nhóm hồ sơ trễ hạn" in out.stdout


def test_rules_list_and_show():
    out = run("rules", "list")
    assert out.returncode == 0 and "onestop.late_without_apology" in out.stdout
    shown = run("rules", "show", "onestop.late_without_apology")
    assert shown.returncode == 0
    assert "61/2018/NĐ-CP" in shown.stdout and "118/2025/NĐ-CP" in shown.stdout
    assert "điều khoản chưa được xác minh" in shown.stdout
    missing = run("rules", "show", "no.such_rule")
    assert missing.returncode == 2 and "không có quy tắc 'no.such_rule'" in missing.stderr


# --- bad input: one clear line naming the file and the place, exit 2, no traceback ---------------------

def _bad(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "submission.yaml").write_text(text, encoding="utf-8")
    return run("check", str(folder), "--lang", "en")  # the English line (the Vietnamese one: tests/test_i18n.py)


def _assert_one_line(out: subprocess.CompletedProcess, *fragments: str) -> None:
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_missing_path(tmp_path):
    _assert_one_line(run("check", str(tmp_path / "nowhere"), "--lang", "en"), "nowhere", "not found")


def test_folder_without_manifest(tmp_path):
    _assert_one_line(run("check", str(tmp_path), "--lang", "en"), "no submission.yaml")


def test_yaml_syntax_error(tmp_path):
    text = SEED_TEXT.replace("  code: DNO-VPUBND\n", "  code: [DNO-VPUBND\n", 1)
    _assert_one_line(_bad(tmp_path, text), "submission.yaml", "YAML syntax error", "line ")


def test_unknown_key(tmp_path):
    text = SEED_TEXT.replace("  unit_type: provincial_office", "  unit_typ: provincial_office", 1)
    _assert_one_line(_bad(tmp_path, text), "submission.yaml", "line 12", "unknown key 'unit_typ'")


def test_negative_count(tmp_path):
    text = SEED_TEXT.replace("received: {total: 28044,", "received: {total: -28044,", 1)
    _assert_one_line(_bad(tmp_path, text), "line 82", "dossiers.received.total", "must be at least 0, found −28,044")


def test_percentage_over_100(tmp_path):
    text = SEED_TEXT.replace("stated_rates: {online: 47.26,", "stated_rates: {online: 147.26,", 1)
    _assert_one_line(_bad(tmp_path, text), "dossiers.stated_rates.online", "must be at most 100, found 147.26")


def test_figure_percentage_over_100(tmp_path):
    text = SEED_TEXT.replace("satisfaction_rate: {value: 98.8,", "satisfaction_rate: {value: 198.8,", 1)
    _assert_one_line(_bad(tmp_path, text), "figures.satisfaction_rate", "between 0 and 100")


def test_count_given_as_text(tmp_path):
    text = SEED_TEXT.replace("resolved: {total: 27010,", 'resolved: {total: "27.010",', 1)
    _assert_one_line(_bad(tmp_path, text), "dossiers.resolved.total", "'27.010' is written as text", "e.g. 27010")


def test_unknown_criteria_edition():
    _assert_one_line(run("check", str(SAMPLE), "--criteria", "no-such-edition", "--lang", "en"), "--criteria",
                     "no criteria edition 'no-such-edition'")


def test_empty_file(tmp_path):
    _assert_one_line(_bad(tmp_path, ""), "submission.yaml", "file is empty")


def test_yaml_tags_are_refused(tmp_path):
    text = SEED_TEXT.replace("  name: Văn phòng UBND tỉnh Đắk Nông\n", "  name: !!python/object/apply:os.system [echo hi]\n", 1)
    _assert_one_line(_bad(tmp_path, text), "submission.yaml", "line 10")


def test_validate_reports_the_same_errors(tmp_path):
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "submission.yaml").write_text(SEED_TEXT.replace("count: 64", "count: -64", 1), encoding="utf-8")
    _assert_one_line(run("validate", str(folder)), "late_dossiers[10].count")


def test_no_half_written_workbook(tmp_path):
    target = tmp_path / "card.xlsx"
    target.write_bytes(b"old")
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "submission.yaml").write_text(SEED_TEXT.replace("count: 64", "count: -64", 1), encoding="utf-8")
    out = run("check", str(folder), "--xlsx", str(target))
    assert out.returncode == 2 and target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
