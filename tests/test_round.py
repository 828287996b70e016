"""Acceptance tests of issue 7 on the hand-built round in samples/round-2020/ (fictional agencies, MODEL set).

Hand arithmetic (par-dept-model-2020; a department's applicable maximum is 100 − 5 = 95, since 7.3
applies to the provincial office only). Points per sub-criterion are in the submissions' comments.
Survey points (field 8) come from the appraisal file; the ones the agencies wrote are their own
estimates and do not count (issue 11): the figures below with "survey" are the appraisal's, which
equal the estimates in this sample.

MH-STP (Sở Tư pháp): computed 92.5 (fields 12 + 6 + 19 + 8 + 12 + 8 + 13 + survey 14.5).
  appraisal: 2.2 round 1 → 1.5 (−0.5); 7.2.2 round 1 → 1.5, round 2 → 2.5 (−0.5); bonus 1.5 (cap 2).
  final 92.5 − 0.5 − 0.5 = 91.5 (appraised 77 + survey 14.5); (91.5 + 1.5) / 95 × 100 = 97.894… → 97.89, Tốt.
MH-SNV (Sở Nội vụ): computed 91.25 (11.25 + 6 + 20 + 8 + 12 + 7.5 + 12 + 14.5).
  waiver W-2021-01 on 4.5 (2 points, self 2): 91.25 − 2 = 89.25 over 95 − 2 = 93;
  appraisal 7.5 round 1 → 1, round 2 → 1.5 (−0.5): 88.75 (appraised 74.25 + survey 14.5);
  88.75 / 93 × 100 = 95.430… → 95.43, Tốt.
MH-SXD (Sở Xây dựng): computed 64.625 (6.625 + 2 + 14 + 6 + 9.5 + 7.5 + 6.5 + 12.5).
  appraisal 2.3 (not checked, no evidence) round 1 → 0, round 2 → 1 (+1); 6.3 round 1 → 1 (−0.5); penalty 1.
  final 64.625 + 1 − 0.5 = 65.125 (appraised 52.625 + survey 12.5); (65.125 − 1) / 95 × 100 = 67.50, Yếu.
  The expired waiver W-2020-07 (7.4, expired 31/12/2020, reference 25/02/2021) is not applied: 7.4 stays 0.
Ranks: 97.89 → 1, 95.43 → 2, 67.50 → 3. Without the appraisal and waivers no survey point counts:
(92.5 − 14.5)/95 = 82.11, (91.25 − 14.5)/95 = 80.79, (64.625 − 12.5)/95 = 54.87.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.check import check_submission
from compliance.catalog import find_edition
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.round import history
from compliance.cli.round import round_group
from compliance.round.ranking import competition_ranks, rank_by_group
from compliance.round.run import run_round
from compliance.round.settle import settle
from compliance.round.text import render_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round-2020"
SUBS = SAMPLE / "submissions"
APPRAISAL = SAMPLE / "appraisal.yaml"
WAIVERS = SAMPLE / "waivers.yaml"


@pytest.fixture(scope="module")
def sample_round():
    return run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS)


def _row(agency, node_id):
    return next(r for r in agency.rows if r.id == node_id)


# -- the hand-built round ---------------------------------------------------------------------------


def test_ranks_classes_and_totals(sample_round):
    r = sample_round
    got = [(a.agency_code, a.rank, a.ranked_among, a.totals.index_percent, a.totals.class_name.vi) for a in r.agencies]
    assert got == [("MH-STP", 1, 3, 97.89, "Tốt"), ("MH-SNV", 2, 3, 95.43, "Tốt"), ("MH-SXD", 3, 3, 67.5, "Yếu")]
    stp, snv, sxd = r.agencies
    assert (stp.totals.appraised, stp.totals.survey, stp.totals.bonus, stp.totals.penalty, stp.totals.applicable_max) \
        == (77.0, 14.5, 1.5, 0.0, 95.0)
    assert (snv.totals.appraised, snv.totals.survey, snv.totals.applicable_max, snv.totals.waived_max) \
        == (74.25, 14.5, 93.0, 2.0)
    assert (sxd.totals.appraised, sxd.totals.survey, sxd.totals.bonus, sxd.totals.penalty) == (52.625, 12.5, 0.0, 1.0)
    assert "(điểm thẩm định 52,625 + điểm điều tra XHH 12,5 + điểm thưởng 0 − điểm trừ 1) / điểm tối đa áp dụng 95 " \
           "× 100 = 67,50 %" in sxd.totals.formula.vi
    assert "(appraised 52.625 + survey 12.5 + bonus 0 − penalty 1) / applicable maximum 95 × 100 = 67.50%" \
        in sxd.totals.formula.en
    assert r.round_id == "2020" and r.as_of == "2021-02-25" and r.partial


def test_both_appraisal_rounds_and_the_reasons(sample_round):
    stp = sample_round.agency("MH-STP")
    row = _row(stp, "7.2.2")
    assert (row.self_score, row.computed, row.round1, row.round2, row.final, row.difference) == (3, 3, 1.5, 2.5, 2.5, -0.5)
    assert row.explanation == "Đơn vị bổ sung số liệu gửi, nhận văn bản điện tử cả năm 2020"
    assert row.change.vi.startswith("Thẩm định vòng 2 (Hội đồng thẩm định): 2,5 điểm — Chấp nhận một phần giải trình")
    assert _row(stp, "7.2").final == 5.5 and _row(stp, "7").final == 12.5  # parents re-summed: 3 + 2.5; 1 + 5.5 + 2 + 2 + 2
    # every change from the self-score is listed: the appraised items (the survey points among them) and one
    # computed difference (3.3.3)
    assert [c.id for c in stp.changes()] == ["2.2", "3.3.3", "7.2.2", "8.1", "8.2"]
    survey = _row(stp, "8.2")
    assert (survey.self_score, survey.computed, survey.round1, survey.final) == (7.5, None, 7.5, 7.5)
    assert _row(stp, "3.3.3").change.vi.startswith("Điểm chấm theo số liệu: Tỷ lệ hồ sơ tiếp nhận trực tuyến = 40")
    sxd = sample_round.agency("MH-SXD")
    row = _row(sxd, "2.3")
    assert (row.computed, row.round1, row.round2, row.final, row.state.value) == (None, 0, 1, 1, "pass")


def test_waivers_applied_expired_and_unmatched(sample_round):
    snv = sample_round.agency("MH-SNV")
    row = _row(snv, "4.5")
    assert row.state.value == "waived" and row.final is None and row.waiver.id == "W-2021-01"
    assert "phân cấp quản lý ngành nội vụ" in row.reason.vi
    assert _row(snv, "4").reason.vi == "6 / 6 điểm; 2 điểm được miễn trừ"
    assert list(snv.waived_findings) == ["plan.task_in_progress|par-index-2020/3"]
    sxd = sample_round.agency("MH-SXD")
    assert _row(sxd, "7.4").state.value == "fail" and _row(sxd, "7.4").final == 0  # expired: scored as without it
    kinds = [(i.severity, i.kind, i.subject.split(" ")[0]) for i in sample_round.issues]
    assert kinds == [("error", "expired_waiver", "W-2020-07"), ("warning", "appraisal_unmatched", "MH-STTTT"),
                     ("warning", "form_changed", str(SUBS / "so-tu-phap.yaml")),
                     ("warning", "form_changed", str(SUBS / "so-xay-dung" / "submission.yaml")),
                     ("warning", "unmatched_waiver", "W-2021-03")]
    # the two self-scores the samples give without evidence (QA8 F3), named with their lines
    assert ": 3.3.3 (Tỷ lệ hồ sơ tiếp nhận trực tuyến): tự đánh giá 2 điểm, không có tài liệu kiểm chứng (dòng 65, khoá " \
           "self_assessment.3.3.3)" in sample_round.issues[2].message.vi
    assert ": 2.3 (Theo dõi tình hình thi hành pháp luật): tự đánh giá 1 điểm, không có tài liệu kiểm chứng (" in sample_round.issues[3].message.vi
    assert "waivers.yaml:17" in sample_round.issues[0].subject


def test_unreadable_submission_is_listed_with_its_line(sample_round):
    assert [Path(f.path).name for f in sample_round.failed] == ["so-thong-tin.yaml"]
    assert "line 6, agency.unit_tpye: unknown key 'unit_tpye'" in sample_round.failed[0].error


def test_without_appraisal_and_waivers_the_index_is_checks():
    r = run_round(SUBS)
    assert [(a.agency_code, a.totals.index_percent) for a in r.agencies] == [
        ("MH-STP", 82.11), ("MH-SNV", 80.79), ("MH-SXD", 54.87)]
    assert [check_submission(load_submission(p)).totals.index_percent
            for p in (SUBS / "so-tu-phap.yaml", SUBS / "so-noi-vu.json", SUBS / "so-xay-dung")] == [82.11, 80.79, 54.87]


def test_settle_keeps_the_seed_index():
    card = check_submission(load_submission(ROOT / "samples" / "daknong-vpubnd-2020"))
    result = settle(card, find_edition(card.edition.id))
    assert card.totals.index_percent == result.totals.index_percent == 39.97
    assert [r.final for r in result.rows] == [r.computed for r in card.rows]


# -- ranking ----------------------------------------------------------------------------------------


def test_ties_share_a_rank_and_the_next_is_skipped():
    assert competition_ranks([("a", 90.0), ("b", 85.0), ("c", 85.0), ("d", 80.0)]) == {"a": 1, "b": 2, "c": 2, "d": 4}
    # equal at the published precision: 85.004 and 85.001 both show 85.00; 85.005 shows 85.01 (half up)
    assert competition_ranks([("a", 85.004), ("b", 85.001), ("c", 85.005)]) == {"c": 1, "a": 2, "b": 2}
    assert rank_by_group([("x", "dept", 70.0), ("y", "commune", 60.0), ("z", "dept", 70.0)]) == {
        "x": (1, 2), "z": (1, 2), "y": (1, 1)}


def test_tie_in_a_round(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(SUBS / "so-tu-phap.yaml", folder / "a.yaml")
    text = (SUBS / "so-tu-phap.yaml").read_text(encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("MH-STP", "MH-STP2"), encoding="utf-8")
    shutil.copytree(SUBS / "so-xay-dung", folder / "c")
    (folder / "d.yaml").write_text(text.replace("MH-STP", "MH-STP3").replace('"8.2": 7.5', '"8.2": 8'), encoding="utf-8")
    r = run_round(folder)
    # d wrote a higher survey estimate (8.2: 8), which does not count: a, b and d tie at 78 / 95 = 82.11 → 1, 1, 1;
    # c 54.87 → 4
    assert [(a.agency_code, a.rank, a.totals.index_percent) for a in r.agencies] == [
        ("MH-STP", 1, 82.11), ("MH-STP2", 1, 82.11), ("MH-STP3", 1, 82.11), ("MH-SXD", 4, 54.87)]


# -- caps, bad input --------------------------------------------------------------------------------


def _appraisal(tmp_path, body: str) -> Path:
    path = tmp_path / "appraisal.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_bonus_over_the_cap_is_capped_and_warned(tmp_path):
    path = _appraisal(tmp_path, """\
        appraised_on: 2021-02-25
        bonus_cap: 1
        agencies:
          - agency: MH-STP
            bonus:
              - {points: 1.5, reason: Sáng kiến}
              - {points: 1, reason: Giải thưởng}
        """)
    r = run_round(SUBS, appraisal=path)
    stp = r.agency("MH-STP")
    # (78 + 1) / 95 = 83.157… → 83.16 (no survey point without one in the appraisal); penalty cap from the edition (0)
    assert (stp.totals.bonus_raw, stp.totals.bonus, stp.totals.index_percent) == (2.5, 1.0, 83.16)
    assert "bonus cap 1, penalty cap 0: bonus: appraisal file appraisal.yaml; penalty: edition par-dept-model-2020" \
        in stp.totals.formula.en
    capped = next(i for i in r.issues if i.kind == "bonus_capped")
    assert capped.subject == "MH-STP"  # the agency is said once, as the issue's subject ("MH-STP: điểm thưởng …")
    assert capped.message.vi == ("điểm thưởng 2,5 vượt trần 1 (điểm thưởng: tệp thẩm định appraisal.yaml; "
                                 "điểm trừ: bộ tiêu chí par-dept-model-2020): tính 1")
    assert capped.message.en.startswith("bonus points 2.5 exceed the cap 1 (")
    assert render_round(r).count("MH-STP: MH-STP") == 0 and "MH-STP: điểm thưởng 2,5 vượt trần 1" in render_round(r)


def test_the_model_set_states_no_cap_so_bonus_counts_zero(tmp_path):
    path = _appraisal(tmp_path, """\
        agencies:
          - agency: MH-STP
            bonus: [{points: 1, reason: Sáng kiến}]
        """)
    r = run_round(SUBS, appraisal=path, as_of=dt.date(2021, 1, 1))
    assert r.agency("MH-STP").totals.bonus == 0 and r.agency("MH-STP").totals.index_percent == 82.11
    assert r.as_of_source == "--as-of"


@pytest.mark.parametrize("body, where, message", [
    ("agencies:\n  - agency: MH-STP\n    items:\n      - {criterion: '9.9', round1: {points: 1}}\n",
     "line 4", "edition par-dept-model-2020 has no criterion '9.9'"),
    ("agencies:\n  - agency: MH-STP\n    items:\n      - {criterion: '7.2', round1: {points: 1}}\n",
     "line 4", "'7.2' is not a sub-criterion"),
    ("agencies:\n  - agency: MH-STP\n    items:\n      - {criterion: '7.3.1', round1: {points: 1}}\n",
     "line 4", "does not apply to unit type department"),
    ("agencies:\n  - agency: MH-STP\n    items:\n      - criterion: '2.2'\n        round2: {points: 3}\n",
     "line 5", "round 2 points 3 for 2.2 are outside [0, 2]"),
    ("agencies:\n  - agency: MH-STP\n    items:\n      - {criterion: '2.2'}\n", "line 4", "give round1 or round2"),
    ("agencies:\n  - agency: MH-STP\n    bonus: [{points: 1, reson: x}]\n", "line 3", "unknown key 'reson'"),
    ("agencies:\n  - agency: MH-STP\n  - agency: MH-STP\n", "line 1", "agency 'MH-STP' is listed twice"),
    ("agencies:\n  - agency: MH-STP\n    penalty: [{points: -1, reason: x}]\n", "line 3", "must be more than 0"),
])
def test_bad_appraisal_file(tmp_path, body, where, message):
    path = _appraisal(tmp_path, body)
    with pytest.raises(InputError) as err:
        run_round(SUBS, appraisal=path)
    assert err.value.path == str(path) and err.value.where.startswith(where) and message in err.value.message


@pytest.mark.parametrize("body, where, message", [
    ("waivers:\n  - {agency: MH-STP, criterion: '2.2', approver: X, expires: 2021-12-31}\n", "line 2",
     "required key 'justification' is missing"),
    ("waivers:\n  - {agency: MH-STP, criterion: '2.2', rule: r, justification: j, approver: X, expires: 2021-12-31}\n",
     "line 2", "exactly one of 'criterion' or 'rule'"),
    ("waivers:\n  - {agency: MH-STP, criterion: '2.2', justification: j, approver: X, expires: 31/12/2021}\n",
     "line 2", "is written day first: write the date as 2021-12-31"),
    ("waivers:\n  - {agency: MH-STP, criterion: '2.2', justification: j, approver: X, expires: 2021-12-31, run: false}\n",
     "line 2", "unknown key 'run'"),
    ("waivers: [\n", "line 2", "YAML syntax error"),
])
def test_malformed_waiver_file_stops_the_round(tmp_path, body, where, message):
    path = tmp_path / "waivers.yaml"
    path.write_text(body, encoding="utf-8")
    db = tmp_path / "h.sqlite"
    result = CliRunner().invoke(round_group, ["run", str(SUBS), "--waivers", str(path), "--db", str(db)])
    assert isinstance(result.exception, InputError)
    assert result.exception.where.startswith(where) and message in result.exception.message
    assert not db.exists()


# -- the command ------------------------------------------------------------------------------------


def test_run_command_partial_exits_2_and_prints_the_formula(tmp_path):
    db = tmp_path / "h.sqlite"
    xlsx = tmp_path / "council.xlsx"
    result = CliRunner().invoke(round_group, ["run", str(SUBS), "--appraisal", str(APPRAISAL), "--waivers",
                                              str(WAIVERS), "--db", str(db), "--xlsx", str(xlsx)])
    assert result.exit_code == 2, result.output
    out = result.output
    assert "Chỉ số (%) = (điểm thẩm định + điểm điều tra XHH + điểm thưởng − điểm trừ) / điểm tối đa áp dụng × 100" in out
    assert "1/3     MH-STP" in out and "97,89" in out and "3/3     MH-SXD" in out
    assert "CHƯA ĐỦ" in out and "so-thong-tin.yaml: dòng 6, khoá agency.unit_tpye" in out
    assert db.exists() and xlsx.exists()


def _readable_copy(tmp_path) -> Path:
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder, ignore=shutil.ignore_patterns("so-thong-tin.yaml"))
    return folder


def test_fail_on_counts_unwaived_gaps_only(tmp_path):
    folder = _readable_copy(tmp_path)
    runner = CliRunner()
    base = ["run", str(folder), "--waivers", str(WAIVERS), "--no-history", "--as-of", "2021-02-25"]
    assert runner.invoke(round_group, base).exit_code == 0
    assert runner.invoke(round_group, base + ["--fail-on", "high"]).exit_code == 1  # MH-SXD: late without apology
    (folder / "so-tu-phap.yaml").unlink()
    shutil.rmtree(folder / "so-xay-dung")
    # MH-SNV alone: its only gap (a task in progress, low) is waived by W-2021-02
    assert runner.invoke(round_group, base + ["--fail-on", "low"]).exit_code == 0
    assert runner.invoke(round_group, base + ["--fail-on", "low", "--as-of", "2021-07-01"]).exit_code == 1


# -- history ----------------------------------------------------------------------------------------


@pytest.fixture()
def two_rounds(tmp_path):
    db = tmp_path / "h.sqlite"
    history.store_round(db, run_round(SUBS, round_id="2019"))
    history.store_round(db, run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS))
    return db


def test_history_and_compare(two_rounds):
    runner = CliRunner()
    out = runner.invoke(round_group, ["history", "MH-SXD", "--db", str(two_rounds)]).output
    lines = out.splitlines()
    assert lines[0] == "Lịch sử: Sở Xây dựng tỉnh Minh Hòa (MH-SXD)"
    assert lines[3].split() == ["2019", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "54,87", "3/3", "Yếu",
                                "(tạm", "tính)", "0", "0", "vòng", "chưa", "đủ", "hồ", "sơ"]
    assert lines[4].split()[:9] == ["2020", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "67,50", "3/3", "Yếu",
                                    "0", "1"]
    out = runner.invoke(round_group, ["compare", "2019", "2020", "--db", str(two_rounds), "--lang", "en"]).output
    first_table = out.split("\n\n")[0]
    rows = {line.split()[0]: line.split() for line in first_table.splitlines() if line.startswith("MH-")}
    assert "SUB-CRITERIA THAT MOVED" in out
    # 2019 was run without the appraisal, so without survey points: 82.11 → 97.89 is +15.78, and so on
    # (its classes provisional: survey points not given); beside the change, the 2019 round said provisional
    # with its 16 survey points not checked (QA8 F27)
    said = " ".join(["(round", "2019", "provisional:", "16", "points", "not", "checked)"])
    assert " ".join(rows["MH-STP"][-16:]) == f"82.11 97.89 +15.78 {said} 1/3 1/3 Khá (tạm tính) Tốt"
    assert " ".join(rows["MH-SNV"][-16:]) == f"80.79 95.43 +14.64 {said} 2/3 2/3 Khá (tạm tính) Tốt"
    # MH-SXD's 2.3 had no figures in 2019 either (the council gave it 1 point in 2020): 17 points
    assert " ".join(rows["MH-SXD"][-16:]) == f"54.87 67.50 +12.63 {said.replace('16', '17')} 3/3 3/3 Yếu (tạm tính) Yếu"
    moved = history.compare_rounds(two_rounds, "2019", "2020")["scores"]
    assert [(s["agency_code"], s["node_id"], s["final_a"], s["final_b"]) for s in moved] == [
        ("MH-SNV", "4.5", 2.0, None), ("MH-SNV", "7.5", 2.0, 1.5), ("MH-SNV", "8.1", None, 7.5),
        ("MH-SNV", "8.2", None, 7.0), ("MH-STP", "2.2", 2.0, 1.5), ("MH-STP", "7.2.2", 3.0, 2.5),
        ("MH-STP", "8.1", None, 7.0), ("MH-STP", "8.2", None, 7.5), ("MH-SXD", "2.3", None, 1.0),
        ("MH-SXD", "6.3", 1.5, 1.0), ("MH-SXD", "8.1", None, 6.0), ("MH-SXD", "8.2", None, 6.5)]
    bad = runner.invoke(round_group, ["compare", "2019", "2031", "--db", str(two_rounds)])
    assert isinstance(bad.exception, InputError) and "no stored round '2031' (stored: 2019, 2020)" in bad.exception.message


def _snapshot(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in history.TABLES}


def test_rerun_is_refused_unless_replace_and_then_keeps_the_old_version(two_rounds, tmp_path):
    # the stored 2020 is incomplete (so-thong-tin.yaml unreadable): its correction needs no replace
    complete = tmp_path / "subs"
    shutil.copytree(SUBS, complete)
    fixed = complete / "so-thong-tin.yaml"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("unit_tpye:", "unit_type:"), encoding="utf-8")
    before = _snapshot(two_rounds)
    corrected = run_round(complete, appraisal=APPRAISAL, waivers=WAIVERS)
    assert history.store_round(two_rounds, corrected) == 2
    stored = corrected.stored
    assert (stored.version, stored.superseded, stored.superseded_failed, stored.superseded_incomplete) == (2, 1, 1, True)
    after = _snapshot(two_rounds)
    assert len(after["results"]) == len(before["results"]) + 4 == 10  # version 1 of 2020 is kept
    old = [r[2:] for r in before["scores"] if r[0] == "2020"]
    new = [r[2:] for r in after["scores"] if r[0] == "2020" and r[1] == 2 and r[2] != "MH-STTTT"]
    assert old == new and len(new) > 100  # the same figures for the three read before, as version 2
    # complete now: it holds its id, refused without replace and nothing changed
    with pytest.raises(InputError, match="round '2020' is already stored"):
        history.store_round(two_rounds, run_round(complete, appraisal=APPRAISAL, waivers=WAIVERS))
    assert _snapshot(two_rounds) == after
    again = run_round(complete, appraisal=APPRAISAL, waivers=WAIVERS)
    assert history.store_round(two_rounds, again, replace=True) == 3
    assert again.stored.superseded == 2 and again.stored.note() is None  # a complete version replaced: no line


@pytest.mark.parametrize("stage", ["superseded", "results", "scores", "commit"])
def test_injected_failure_leaves_the_previous_state(two_rounds, monkeypatch, stage):
    before = _snapshot(two_rounds)
    changed = run_round(SUBS, appraisal=APPRAISAL)  # no waivers: different results for round 2020

    def boom(at):
        if at == stage:
            raise RuntimeError("disk full")

    monkeypatch.setattr(history, "_checkpoint", boom)
    with pytest.raises(RuntimeError):
        history.store_round(two_rounds, changed, replace=True)
    assert _snapshot(two_rounds) == before


def test_killed_process_leaves_the_previous_state(two_rounds, tmp_path):
    before = _snapshot(two_rounds)
    script = textwrap.dedent(f"""
        import os
        from compliance.round import history
        from compliance.round.run import run_round
        result = run_round({str(SUBS)!r}, appraisal={str(APPRAISAL)!r})
        history._checkpoint = lambda at: os._exit(9) if at == "scores" else None
        history.store_round({str(two_rounds)!r}, result, replace=True)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 9
    assert _snapshot(two_rounds) == before


def test_worker_processes_give_the_same_round(sample_round):
    parallel = run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS, workers=2)
    assert parallel.model_dump(exclude={"inputs"}) == sample_round.model_dump(exclude={"inputs"})


def test_mixed_folder_with_an_excel_form(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(SUBS, folder, ignore=shutil.ignore_patterns("so-thong-tin.yaml"))
    shutil.copy(ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx", folder / "vpubnd.xlsx")
    (folder / "hong.xlsx").write_bytes(b"not a workbook")
    (folder / "ghi-chu.txt").write_text("notes", encoding="utf-8")
    r = run_round(folder, as_of=dt.date(2021, 2, 25))
    assert [(a.agency_code, a.rank, a.totals.index_percent) for a in r.agencies] == [
        ("MH-STP", 1, 82.11), ("MH-SNV", 2, 80.79), ("MH-SXD", 3, 54.87), ("DNO-VPUBND", 4, 39.97)]
    assert [Path(f.path).name for f in r.failed] == ["hong.xlsx"] and r.partial
    assert [(i.kind, Path(i.subject).name) for i in r.issues] == [
        ("form_changed", "so-tu-phap.yaml"), ("form_changed", "submission.yaml"), ("ignored_file", "ghi-chu.txt")]
