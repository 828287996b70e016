"""Issue 11 item 3: a stored round is never replaced silently.

``round run`` under a round id the history database already holds is refused (exit 2, one line with
the stored round's date, agencies and folder; nothing written) unless ``--replace``; a replaced round
stays in the database as a superseded version, shown by ``round history`` and reachable by
``round compare ID@vN``. A stored round marked incomplete (a submission unreadable: exit 2, stored) does
not hold its id: the corrected run under it is stored as the next version without ``--replace``, the
incomplete one kept as superseded, and one line says so (QA2 #2, #3). The default round id names the folder, so two folders of one year are two
rounds. Figures: the sample round (samples/round-2020/README.md) with its appraisal: MH-SXD 67.50; without
appraisal and waivers (so without survey points): MH-SXD 54.87 (tests/test_round.py).
"""

from __future__ import annotations

import datetime as dt

import shutil
import sqlite3
from pathlib import Path

import pytest

from clirun import main
from compliance.round import history
from compliance.round.run import run_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round-2020"
SUBS = SAMPLE / "submissions"


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture()
def subs(tmp_path) -> Path:
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder, ignore=shutil.ignore_patterns("so-thong-tin.yaml"))  # all three readable
    return folder


def test_a_second_run_under_the_same_id_is_refused_and_writes_nothing(subs, tmp_path):
    db = tmp_path / "h.sqlite"
    first = main("round", "run", subs, "--round", "2020", "--db", db, "--format", "json")
    assert first.code == 0, first.err
    before = db.read_bytes()
    # the slip of issue 11: a rerun on a folder holding one agency would have turned 3 results into 1
    (subs / "so-tu-phap.yaml").unlink()
    shutil.rmtree(subs / "so-xay-dung")
    again = main("round", "run", subs, "--round", "2020", "--db", db, "--xlsx", tmp_path / "council.xlsx")
    assert again.code == 2 and again.clean
    (line,) = again.err.splitlines()
    stored = dt.datetime.fromisoformat(_rows(db, "SELECT stored_at FROM rounds")[0][0])
    stored_at = f"{stored:%d/%m/%Y %H:%M}"  # a moment: dd/mm/yyyy hh:mm
    assert line == (f"error: {db}: --round: round '2020' is already stored (on {stored_at}: 3 agencies, 0 unreadable "
                    f"from {subs}): give --replace to store this run as version 2 and keep the stored one as "
                    "superseded, or name this run with --round")
    assert db.read_bytes() == before and not (tmp_path / "council.xlsx").exists()


def test_replace_keeps_the_old_version_and_history_shows_both(tmp_path):
    db = tmp_path / "h.sqlite"
    assert main("round", "run", SUBS, "--round", "2020", "--db", db).code == 2  # partial: so-thong-tin.yaml
    run = main("round", "run", SUBS, "--round", "2020", "--db", db, "--replace", "--appraisal",
               SAMPLE / "appraisal.yaml", "--waivers", SAMPLE / "waivers.yaml")
    assert run.code == 2 and run.clean, run.err
    assert "Round stored in: " in run.err  # English: tests/clirun.py runs with COMPLIANCE_LANG=en
    versions = _rows(db, "SELECT round_id, version, agencies, superseded_at IS NOT NULL FROM rounds ORDER BY version")
    assert versions == [("2020", 1, 3, 1), ("2020", 2, 3, 0)]
    assert _rows(db, "SELECT version, COUNT(*) FROM results GROUP BY version") == [(1, 3), (2, 3)]
    out = main("round", "history", "MH-SXD", "--db", db, "--lang", "vi").out.splitlines()
    assert out[3].split()[:6] == ["2020@v1", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "54,87", "3/3"]
    assert "vòng chưa đủ hồ sơ; đã được thay thế lúc " in out[3]
    assert out[4].split()[:6] == ["2020@v2", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "67,50", "3/3"]
    assert "thay thế" not in out[4]
    # the current version is what the other commands read; the old one stays reachable
    assert history.stored_rounds(db) == ["2020"]
    moved = history.compare_rounds(db, "2020@v1", "2020")
    sxd = next(a for a in moved["agencies"] if a["agency_code"] == "MH-SXD")
    assert (sxd["index_a"], sxd["index_b"], sxd["change"]) == (54.87, 67.5, 12.63)
    bad = main("round", "compare", "2020@v3", "2020", "--db", db)
    assert bad.code == 2 and "no stored round '2020@v3' (stored: 2020@v1, 2020)" in bad.err


def test_an_incomplete_round_does_not_block_its_correction(subs, tmp_path):
    """MH-STP's form unreadable (misspelt key): the round of the other two is stored incomplete, exit 2;
    the form corrected, the same command stores version 2 (exit 0, one line says so); a third run
    under the now complete round is refused as before. Without appraisal: MH-STP 82.11, MH-SNV 80.79,
    MH-SXD 54.87 (samples/round-2020/README.md)."""
    db = tmp_path / "h.sqlite"
    form = subs / "so-tu-phap.yaml"
    good = form.read_text(encoding="utf-8")
    form.write_text(good.replace("unit_type:", "unit_tpye:"), encoding="utf-8")
    first = main("round", "run", subs, "--round", "2020", "--db", db)
    assert first.code == 2 and first.clean, first.err
    assert f"error: {form}: line 8, agency.unit_tpye: unknown key 'unit_tpye' (misspelt?)" in first.err
    assert _rows(db, "SELECT version, partial, agencies, failed, superseded_at FROM rounds") == [(1, 1, 2, 1, None)]
    stored_at = dt.datetime.fromisoformat(_rows(db, "SELECT stored_at FROM rounds")[0][0])
    assert history.stored_rounds(db) == ["2020"] and history.stored_rounds(db, holding=True) == []

    form.write_text(good, encoding="utf-8")  # the agency corrects its form
    fixed = main("round", "run", subs, "--round", "2020", "--db", db, "--lang", "vi")
    assert fixed.code == 0 and fixed.clean, fixed.err
    assert fixed.err.splitlines() == [
        f"Đã lưu vòng vào: {db}",
        f"vòng '2020': phiên bản 1 (lưu lúc {stored_at:%d/%m/%Y %H:%M}) chưa đủ hồ sơ, 1 hồ sơ không đọc được; lần "
        "chạy này được lưu thành phiên bản 2, phiên bản 1 vẫn được giữ trong lịch sử như phiên bản đã bị thay thế"]
    assert _rows(db, "SELECT version, partial, agencies, failed, superseded_at IS NOT NULL FROM rounds "
                     "ORDER BY version") == [(1, 1, 2, 1, 1), (2, 0, 3, 0, 0)]
    assert _rows(db, "SELECT version, agency_code, index_percent, rank FROM results ORDER BY version, rank") == [
        (1, "MH-SNV", 80.79, 1), (1, "MH-SXD", 54.87, 2),
        (2, "MH-STP", 82.11, 1), (2, "MH-SNV", 80.79, 2), (2, "MH-SXD", 54.87, 3)]
    out = main("round", "history", "MH-SNV", "--db", db, "--lang", "vi").out.splitlines()
    assert out[3].split()[:6] == ["2020@v1", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "80,79", "1/2"]
    assert "vòng chưa đủ hồ sơ; đã được thay thế lúc " in out[3]
    assert out[4].split()[:6] == ["2020@v2", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "80,79", "2/3"]
    assert "chưa đủ" not in out[4] and "thay thế" not in out[4] and len(out) == 5
    english = main("round", "run", subs, "--round", "2020", "--db", tmp_path / "other.sqlite")
    assert english.code == 0 and "was incomplete" not in english.err  # nothing superseded: no line

    # the round is now complete: it holds its id, as any stored round did before
    before = db.read_bytes()
    third = main("round", "run", subs, "--round", "2020", "--db", db)
    assert third.code == 2 and third.clean
    stored_at = dt.datetime.fromisoformat(_rows(db, "SELECT stored_at FROM rounds WHERE version = 2")[0][0])
    assert third.err.splitlines() == [
        f"error: {db}: --round: round '2020' is already stored (on {stored_at:%d/%m/%Y %H:%M}: 3 agencies, 0 "
        f"unreadable from {subs}): give --replace to store this run as version 3 and keep the stored one as "
        "superseded, or name this run with --round"]
    assert db.read_bytes() == before


def test_the_line_in_english_and_an_incomplete_run_superseded_by_another(tmp_path):
    """The same form still unreadable: each run supersedes the one before (never blocked), said in
    English with --lang en; the JSON of the round does not carry how it was stored."""
    db = tmp_path / "h.sqlite"
    assert main("round", "run", SUBS, "--round", "2020", "--db", db).code == 2  # so-thong-tin.yaml unreadable
    stored_at = dt.datetime.fromisoformat(_rows(db, "SELECT stored_at FROM rounds")[0][0])
    again = main("round", "run", SUBS, "--round", "2020", "--db", db, "--lang", "en", "--format", "json")
    assert again.code == 2 and again.clean
    assert (f"round '2020': version 1 (stored on {stored_at:%d/%m/%Y %H:%M}) was incomplete, 1 unreadable; this run "
            "is stored as version 2, and version 1 stays in the history as superseded") in again.err.splitlines()
    assert '"stored"' not in again.out and '"round_id": "2020"' in again.out
    assert _rows(db, "SELECT version, partial, superseded_at IS NOT NULL FROM rounds ORDER BY version") == [
        (1, 1, 1), (2, 1, 0)]


def test_two_folders_of_one_year_are_two_rounds(subs, tmp_path):
    db = tmp_path / "shared.sqlite"
    other = tmp_path / "dot-2"
    shutil.copytree(subs, other)
    assert main("round", "run", subs, "--db", db).code == 0
    assert main("round", "run", other, "--db", db).code == 0
    assert history.stored_rounds(db) == ["2020-dot-2", "2020-subs"]
    assert _rows(db, "SELECT round_id, COUNT(*) FROM results GROUP BY round_id") == [("2020-dot-2", 3), ("2020-subs", 3)]


def test_the_appraisal_names_the_round(subs):
    assert run_round(SUBS, appraisal=SAMPLE / "appraisal.yaml").round_id == "2020"
    assert run_round(subs).round_id == "2020-subs"


# A history database written before versions existed (schema 1): its rounds become version 1.
SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
CREATE TABLE rounds (round_id TEXT PRIMARY KEY, stored_at TEXT NOT NULL, as_of TEXT NOT NULL, as_of_source TEXT NOT NULL,
    criteria TEXT, editions TEXT NOT NULL, council TEXT, partial INTEGER NOT NULL, agencies INTEGER NOT NULL,
    failed INTEGER NOT NULL, formula TEXT NOT NULL);
CREATE TABLE inputs (round_id TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE results (round_id TEXT NOT NULL, agency_code TEXT NOT NULL, agency_name TEXT NOT NULL, unit_type TEXT NOT NULL,
    period TEXT NOT NULL, edition_id TEXT NOT NULL, model_set INTEGER NOT NULL, rank INTEGER, ranked_among INTEGER,
    index_percent REAL NOT NULL, class_name TEXT, appraised REAL NOT NULL, survey REAL NOT NULL,
    bonus REAL NOT NULL, penalty REAL NOT NULL, applicable_max REAL NOT NULL, waived_max REAL NOT NULL,
    self_points REAL, formula TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (round_id, agency_code));
CREATE TABLE scores (round_id TEXT NOT NULL, agency_code TEXT NOT NULL, node_id TEXT NOT NULL, level TEXT NOT NULL,
    leaf INTEGER NOT NULL, name TEXT NOT NULL, max_points REAL NOT NULL, state TEXT NOT NULL, self_score REAL, computed REAL,
    round1 REAL, round1_note TEXT, round1_by TEXT, explanation TEXT, round2 REAL, round2_note TEXT, round2_by TEXT,
    final REAL, difference REAL, change TEXT, waiver_id TEXT, PRIMARY KEY (round_id, agency_code, node_id));
CREATE TABLE adjustments (round_id TEXT NOT NULL, agency_code TEXT NOT NULL, kind TEXT NOT NULL, points REAL NOT NULL,
    reason TEXT NOT NULL, evidence TEXT NOT NULL, by TEXT);
CREATE TABLE findings (round_id TEXT NOT NULL, agency_code TEXT NOT NULL, rule TEXT NOT NULL, rule_version INTEGER NOT NULL,
    severity TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL, count INTEGER NOT NULL, waiver_id TEXT);
CREATE TABLE failures (round_id TEXT NOT NULL, path TEXT NOT NULL, error TEXT NOT NULL);
CREATE TABLE issues (round_id TEXT NOT NULL, severity TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    message TEXT NOT NULL);
CREATE INDEX results_agency ON results (agency_code);
INSERT INTO rounds VALUES ('2019', '2020-03-01T09:00:00', '2020-03-01', 'today', NULL, 'par-dept-model-2020', NULL, 0,
    1, 0, 'Chỉ số (%) = …');
INSERT INTO results VALUES ('2019', 'MH-SXD', 'Sở Xây dựng tỉnh Minh Hòa', 'department', '01/01/2019–31/12/2019',
    'par-dept-model-2020', 1, 1, 1, 61.25, 'Yếu', 58.19, 0, 0, 0, 95, 0, NULL, '…', 'so-xay-dung');
"""


def test_a_database_of_schema_1_is_carried_over(subs, tmp_path):
    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA_1)
    assert main("round", "run", subs, "--round", "2020", "--db", db).code == 0
    out = main("round", "history", "MH-SXD", "--db", db, "--lang", "vi").out.splitlines()
    assert [line.split()[:5] for line in out[3:5]] == [
        ["2019", "01/01/2019–31/12/2019", "par-dept-model-2020", "(*)", "61,25"],
        ["2020", "01/01/2020–31/12/2020", "par-dept-model-2020", "(*)", "54,87"]]
    assert _rows(db, "SELECT value FROM meta") == [("2",)]
    assert _rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'results_agency'") == [
        ("results_agency",)]
