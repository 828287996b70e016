"""Guards found by the new-user test: what `compliance check` must refuse or must not score."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compliance.check import check_submission
from compliance.errors import InputError
from compliance.intake.submission import load_submission

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "daknong-vpubnd-2020"
SEED_TEXT = (SAMPLE / "submission.yaml").read_text(encoding="utf-8")


def variant(tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    assert old in SEED_TEXT
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "submission.yaml").write_text(SEED_TEXT.replace(old, new, 1) + extra, encoding="utf-8")
    return folder


def card_of(folder: Path):
    return check_submission(load_submission(folder))


@pytest.mark.parametrize("extra,message", [
    ('survey: {"8.1": 70}\n', "70 points for '8.1' is outside 0–8"),
    ('survey: {"8.1": -7}\n', "−7 points for '8.1' is outside 0–8"),
    ('survey: {"9.1": 5}\n', "names '9.1', which edition par-dept-model-2020 does not have"),
    ('survey: {"3.2": 1}\n', "'3.2' is not scored by the survey"),
    ('self_assessment: {"2.2": {points: 50, evidence: [x]}}\n', "50 points for '2.2' is outside 0–2"),
    ('self_assessment: {"1.1.1": {points: -2}}\n', "−2 points for '1.1.1' is outside the range from −1 (points taken off, a penalty this criterion gives) to 1"),
    ('self_assessment: {"9.9": {points: 1}}\n', "names '9.9'"),
])
def test_own_points_must_fit_the_edition(tmp_path, extra, message):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "submission.yaml").write_text(SEED_TEXT + extra, encoding="utf-8")
    with pytest.raises(InputError) as err:
        card_of(folder)
    assert message in err.value.line() and "line " in err.value.line()


def test_self_score_of_a_negative_node_within_its_range_is_accepted(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "submission.yaml").write_text(SEED_TEXT + 'self_assessment: {"1.1.1": {points: -1}}\n', encoding="utf-8")
    row = next(r for r in card_of(folder).rows if r.id == "1.1.1")
    assert row.self_score == -1 and row.difference == -2


def test_an_edition_for_another_unit_type_is_refused():
    with pytest.raises(InputError, match="is for province, not for unit type provincial office"):
        check_submission(load_submission(SAMPLE), criteria="par-province-qd2948-2017")


def test_a_rate_above_100_is_an_error_not_a_pass(tmp_path):
    card = card_of(variant(tmp_path, "received: {total: 28044, online: 13253}", "received: {total: 100, online: 13253}"))
    row = next(r for r in card.rows if r.id == "3.3.3")
    # 13253 / 100 = 13253 %: the figures are wrong; the stated 47.26 % disagrees too, so the row is not scored
    assert row.state.value == "error" and row.computed is None


def test_figures_that_disagree_are_not_scored(tmp_path):
    card = card_of(variant(tmp_path, "resolved: {total: 27010,", "resolved: {total: 99999,"))
    row = next(r for r in card.rows if r.id == "3.3.1")
    assert row.state.value == "error" and row.computed is None
    assert "99.999" in row.reason.vi and "không khớp" in row.reason.vi and "99,999" in row.reason.en
    gap = next(f for f in card.findings if f.rule == "consistency.figures_disagree" and "trước hạn ghi" in f.message.vi)
    assert gap.message.vi.startswith("Số liệu không khớp — Tỷ lệ trước hạn ghi trong báo cáo so với số hồ sơ: ")
    assert gap.message.en.startswith("Figures disagree — Stated early share against the counts: ")
    gap = next(f for f in card.findings if f.rule == "consistency.figures_disagree" and "trước hạn ghi" in f.message.vi)
    assert gap.message.vi.endswith(": 5.072 / 99.999 × 100 = 5,0721 → 5,07 ≠ 18,78")  # each language's numbers
    assert gap.message.en.endswith(": 5,072 / 99,999 × 100 = 5.0721 → 5.07 ≠ 18.78")
    # the other scores stand; the index counts the row as 0 out of its 4 points
    assert next(r for r in card.rows if r.id == "3.3.3").computed == 1


def test_parent_self_score_only_when_every_child_has_one(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "submission.yaml").write_text(
        SEED_TEXT + 'self_assessment: {"1.1.1": {points: 1}, "1.1.2": {points: 2}, "1.2": {points: 1.5}}\n', encoding="utf-8")
    rows = {r.id: r for r in card_of(folder).rows}
    assert rows["1.1"].self_score == 3          # both of its sub-criteria self-scored
    assert rows["1"].self_score is None         # 1.3, 1.4, 1.5 were not
    assert card_of(folder).totals.self_points is None


def run(*args):
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, encoding="utf-8")


def test_impossible_iso_date_is_one_line(tmp_path):
    folder = variant(tmp_path, "  from: 2020-01-01\n", "  from: 2020-02-31\n")
    out = run("check", str(folder))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "dòng 16: ngày '2020-02-31' không có thật: tháng 2 năm 2020 chỉ có 29 ngày" in out.stderr
    out = run("check", str(folder), "--lang", "en")
    assert "line 16: the date '2020-02-31' does not exist: February 2020 has 29 days" in out.stderr


def test_zero_width_characters_are_dropped(tmp_path):
    card = card_of(variant(tmp_path, "code: DNO-VPUBND", "code: DNO-\u200bVPUBND"))
    assert card.agency_code == "DNO-VPUBND"


@pytest.mark.parametrize("target,message", [("afile/x.xlsx", "is a file, not a folder"), (".", "is a folder")])
def test_unwritable_output_is_one_line(tmp_path, target, message):
    (tmp_path / "afile").write_text("x")
    out = run("check", str(SAMPLE), "--xlsx", str(tmp_path / target), "--lang", "en")
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_markdown_cells_are_escaped(tmp_path):
    folder = variant(tmp_path, 'text: "02 hồ sơ trễ bước Sở KH&ĐT, không có thư xin lỗi"', 'text: "02 hồ sơ | trễ bước"')
    out = run("check", str(folder), "--format", "markdown")
    line = next(l for l in out.stdout.splitlines() if "02 hồ sơ" in l)
    assert "02 hồ sơ \\| trễ bước" in line


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys):
    import compliance.check as check_module
    from compliance import cli

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(check_module, "check_submission", interrupted)
    monkeypatch.setattr(sys, "argv", ["compliance", "check", str(SAMPLE)])
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "đã dừng\n"  # compliance.errors.INTERRUPTED in the command's language, alone


def test_a_mistyped_figure_code_is_refused(tmp_path):
    folder = variant(tmp_path, "  satisfaction_rate: {", "  satisfacton_rate: {")
    with pytest.raises(InputError) as err:
        card_of(folder)
    assert "did you mean 'satisfaction_rate'?" in err.value.line() and "figures.satisfacton_rate" in err.value.line()


def test_figures_of_the_agencys_own_are_kept(seed_card):
    assert any(i.id == "bhxh_procedures_at_centre" for i in seed_card.informational)


def test_a_criteria_file_that_fails_its_check_is_not_scored(tmp_path):
    source = (Path(__file__).resolve().parent.parent / "criteria" / "par-index" / "dept-model-2020.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(source.replace("                - {min: 50, points: 2}\n", "                - {min: 50, points: 7}\n", 1),
                      encoding="utf-8")
    with pytest.raises(InputError) as err:
        check_submission(load_submission(SAMPLE), criteria=str(broken))
    assert "band 1 gives 7 points, outside [0; 2]" in err.value.line() and "line " in err.value.line()


def test_a_bad_option_is_one_line():
    out = run("check")
    assert out.returncode == 2 and out.stderr.strip().splitlines() == ["lỗi: thiếu tham số 'PATH' (xem --help)"]
    out = run("check", "--lang", "en")
    assert out.returncode == 2 and out.stderr.strip().splitlines() == ["error: missing argument 'PATH' (see --help)"]


def test_round_workbook_into_a_file_path_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("x")
    subs = Path(__file__).resolve().parent.parent / "samples" / "round-2020" / "submissions"
    out = run("round", "run", str(subs), "--no-history", "--xlsx", str(tmp_path / "afile" / "x.xlsx"), "--lang", "en")
    assert out.returncode == 2
    assert "is a file, not a folder" in out.stderr and "Exception ignored" not in out.stderr and "Traceback" not in out.stderr
