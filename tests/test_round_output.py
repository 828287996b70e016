"""What a new user of ``compliance round`` meets: unknown appraised agencies, an empty folder, Markdown,
output names, where the history is, words instead of codes, and points that add up.

Figures of the hand-built round (samples/round-2020/README.md): MH-SXD appraised 52.625, survey 12.5,
penalty 1, applicable maximum 95: (52.625 + 12.5 + 0 − 1) / 95 × 100 = 64.125 / 0.95 = 67.50. Printed
at two decimals, 52.63 + 12.5 − 1 = 64.13 would give 67.51; the points are printed as 52.625.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from compliance.errors import InputError
from compliance.round import history, history_text
from compliance.cli.round import round_group
from compliance.round.run import run_round
from compliance.round.text import render_round
from compliance.i18n import points
from compliance.round.words import as_of_text, md_cell
from compliance.round.workbook import write_appraisal_workbook, write_council_workbook

ROOT = Path(__file__).resolve().parent.parent
SUBS = ROOT / "samples" / "round-2020" / "submissions"
APPRAISAL = ROOT / "samples" / "round-2020" / "appraisal.yaml"
WAIVERS = ROOT / "samples" / "round-2020" / "waivers.yaml"
UNKNOWN = ("agencies:\n  - agency: MH-STP\n    items:\n      - {criterion: '2.2', round1: {points: 1}}\n"
           "  - agency: MH-XXX\n    items:\n      - {criterion: '2.2', round1: {points: 1}}\n")


@pytest.fixture(scope="module")
def sample_round():
    return run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS)


# -- 1. an appraised agency that is not in the round ------------------------------------------------


def test_appraised_agency_not_in_the_round_is_an_error_of_the_appraisal_file(tmp_path):
    path = tmp_path / "appraisal.yaml"
    path.write_text(UNKNOWN, encoding="utf-8")
    db, xlsx = tmp_path / "h.sqlite", tmp_path / "c.xlsx"
    # the unreadable so-thong-tin.yaml names MH-STTTT, not MH-XXX: this is a typo of the appraisal file
    result = CliRunner().invoke(round_group, ["run", str(SUBS), "--appraisal", str(path), "--db", str(db),
                                              "--xlsx", str(xlsx)])
    err = result.exception
    assert isinstance(err, InputError) and err.path == str(path) and err.where == "line 5"
    assert err.message == ("agency MH-XXX of the appraisal file has no submission in submissions: its file is missing, "
                           "or its code is misspelt here (read: MH-SNV, MH-STP, MH-SXD)")
    assert not db.exists() and not xlsx.exists()


def test_appraised_agency_not_in_the_round_names_the_workbook_row(tmp_path):
    path = tmp_path / "appraisal.xlsx"
    write_appraisal_workbook(run_round(SUBS), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    ws["A2"], ws["I2"] = "MH-XXX", 1  # first row: MH-SNV 1.1 becomes an unknown agency's
    wb.save(path)
    with pytest.raises(InputError) as err:
        run_round(SUBS, appraisal=path)
    assert err.value.where == "sheet Thẩm định, row 2" and "agency MH-XXX of the appraisal file" in err.value.message


def test_appraised_agency_whose_submission_is_unreadable_stays_a_warning(sample_round, tmp_path):
    # the sample appraisal names MH-STTTT, whose submission (so-thong-tin.yaml) has a misspelt key
    unmatched = [i for i in sample_round.issues if i.kind == "appraisal_unmatched"]
    assert [(i.severity, i.subject) for i in unmatched] == [("warning", "MH-STTTT")]
    assert unmatched[0].message.vi == ("Tệp thẩm định có cơ quan MH-STTTT nhưng không đọc được hồ sơ của cơ quan "
                                       "này (hồ sơ lỗi: so-thong-tin.yaml)")
    # a submission so broken that its code cannot be read may be the appraised agency's: still a warning
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder, ignore=shutil.ignore_patterns("so-thong-tin.yaml"))
    (folder / "hong.yaml").write_text("agency: [\n", encoding="utf-8")
    path = tmp_path / "appraisal.yaml"
    path.write_text(UNKNOWN, encoding="utf-8")
    r = run_round(folder, appraisal=path)
    assert [(i.severity, i.subject) for i in r.issues if i.kind == "appraisal_unmatched"] == [("warning", "MH-XXX")]


# -- 2. an empty folder ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--round", "2020"]])
def test_empty_folder_is_an_error(tmp_path, extra):
    folder = tmp_path / "empty"
    folder.mkdir()
    result = CliRunner().invoke(round_group, ["run", str(folder)] + extra)
    err = result.exception
    assert isinstance(err, InputError) and err.path == str(folder) and err.where is None
    assert err.message.startswith(f"no submissions in {folder}: expected a sub-folder with submission.yaml")
    assert list(folder.iterdir()) == []  # no history database stored


def test_folder_with_only_other_files_says_what_was_ignored(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"no submissions in .*\(1 other file\(s\) ignored: ghi-chu.txt\)"):
        run_round(tmp_path)


# -- 3. Markdown -------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_escapes_pipes_and_never_wraps(sample_round):
    out = render_round(sample_round, "vi", "markdown")
    tables = [block for block in out.split("\n\n") if "\n|" in block]
    assert len(tables) == 4  # ranking, changes, bonus/penalty, waivers
    for block in tables:
        rows = [line for line in block.splitlines() if line.startswith("|")]
        assert len({len(_cells(line)) for line in rows}) == 1, block
    changes = next(b for b in tables if "ĐIỂM THAY ĐỔI" in b)
    body = [line for line in changes.splitlines() if line.startswith("| MH-")]
    assert len(body) == 12  # one line per appraised (survey points included) or recomputed sub-criterion, none wrapped
    assert _cells(body[2])[-1].strip() == (
        "Thẩm định vòng 2 (Hội đồng thẩm định): 2,5 điểm — Chấp nhận một phần giải trình \\| giải trình: Đơn vị "
        "bổ sung số liệu gửi, nhận văn bản điện tử cả năm 2020")
    assert md_cell("a|b\nc") == "a\\|b<br>c"


def test_terminal_table_still_wraps_long_reasons(sample_round):
    out = render_round(sample_round, "vi", "table")
    assert "| giải trình:" in out and "\\|" not in out


# -- 4. output names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["export-appraisal", str(SUBS), "-o"], ["run", str(SUBS), "--no-history", "--xlsx"]])
def test_workbook_output_must_be_named_xlsx(tmp_path, args):
    out = tmp_path / "e.csv"
    result = CliRunner().invoke(round_group, args + [str(out)])
    err = result.exception
    assert isinstance(err, InputError) and err.path == str(out)
    assert err.message == "a workbook is written as an Excel .xlsx file: give it the .xlsx extension (e.g. e.xlsx)"
    assert not out.exists()


# -- 5. where the history is -------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["history", "MH-SXD"], ["compare", "2019", "2020"]])
def test_missing_history_database_says_where_it_looked(tmp_path, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(round_group, args)
    err = result.exception
    assert isinstance(err, InputError) and err.path == "rounds.sqlite"
    assert err.message == (f"no history database at {tmp_path / 'rounds.sqlite'}: 'round run' stores rounds in "
                           "rounds.sqlite in the folder it is run from, unless given --db; point at it with --db")


def test_the_default_history_is_where_history_looks_not_in_the_submissions(tmp_path, monkeypatch):
    """Without --db a round is stored in ./rounds.sqlite, where 'round history' reads by default; the folder
    of submissions (an input, copied and sent as it is) gets no database (QA2 #3)."""
    monkeypatch.chdir(tmp_path)
    subs = tmp_path / "nop"
    shutil.copytree(Path(__file__).resolve().parent.parent / "samples" / "round" / "submissions", subs)
    result = CliRunner().invoke(round_group, ["run", str(subs), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rounds.sqlite").is_file() and not (subs / "rounds.sqlite").exists()
    history = CliRunner().invoke(round_group, ["history", "LD-STP", "--lang", "en"])
    assert history.exit_code == 0 and "LD-STP" in history.output


# -- 6. words, not codes -----------------------------------------------------------------------------


def test_unit_types_and_reference_date_in_words(sample_round, tmp_path):
    vi = render_round(sample_round, "vi").splitlines()
    assert vi[0].startswith("Vòng đánh giá: 2020 — Ngày tham chiếu: 25/02/2021 (theo ngày thẩm định trong "
                            "appraisal.yaml) — ")
    row = next(line for line in vi if "MH-SXD" in line and "3/3" in line)
    assert "sở, ban, ngành" in row and "department" not in row
    en = render_round(sample_round, "en").splitlines()
    assert en[0].startswith("Round: 2020 — Reference date: 25/02/2021 (the appraisal date in appraisal.yaml) — ")
    assert "department" in next(line for line in en if "MH-SXD" in line and "3/3" in line)
    assert as_of_text("2024-05-01", "today", "vi") == "01/5/2024 (hôm nay)"  # month 5 without a zero (NĐ 30/2020)
    assert as_of_text("2024-05-01", "today", "en") == "01/05/2024 (today)"
    assert as_of_text("2021-01-01", "--as-of", "vi") == "01/01/2021 (theo --as-of)"

    path = tmp_path / "c.xlsx"
    write_council_workbook(sample_round, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Xếp hạng"]
    assert ws["A1"].value.startswith("Vòng đánh giá: 2020 — Ngày tham chiếu: 25/02/2021 (theo ngày thẩm định")
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Hạng")
    assert ws.cell(header, 5).value == "Loại đơn vị"  # the word every output uses
    assert [ws.cell(r, 5).value for r in range(header + 1, header + 4)] == ["sở, ban, ngành"] * 3
    assert wb["MH-SXD"]["A1"].value == "Sở Xây dựng tỉnh Minh Hòa (MH-SXD) — sở, ban, ngành — 01/01/2020–31/12/2020"
    path = tmp_path / "t.xlsx"
    write_council_workbook(sample_round, path, sheets="unit_type")
    assert "sở, ban, ngành" in openpyxl.load_workbook(path).sheetnames


def test_compare_shows_states_in_words(tmp_path):
    db = tmp_path / "h.sqlite"
    history.store_round(db, run_round(SUBS, round_id="2019"))
    history.store_round(db, run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS))
    data = history.compare_rounds(db, "2019", "2020")

    def row(text: str, code: str, node: str) -> list[str]:
        line = next(x for x in text.splitlines() if x.startswith(code) and f" {node} " in x)
        return line.split()

    vi = history_text.render_compare(data, "vi")
    assert row(vi, "MH-SNV", "4.5")[-3:] == ["2", "miễn", "trừ"]  # 2 points in 2019, waived in 2020
    sxd = " ".join(row(vi, "MH-SXD", "2.3"))
    assert sxd.endswith("chưa chấm 1")  # not checked in 2019 (no evidence), 1 point after appraisal
    en = history_text.render_compare(data, "en")
    assert " ".join(row(en, "MH-SNV", "4.5")).endswith("2 waived")
    assert " ".join(row(en, "MH-SXD", "2.3")).endswith("not checked 1")
    md = history_text.render_compare(data, "vi", "markdown")
    assert all(len(_cells(line)) in (9, 6) for line in md.splitlines() if line.startswith("|"))


# -- 7. points that add up ---------------------------------------------------------------------------


def test_points_keep_three_decimals_so_the_index_can_be_recomputed(sample_round):
    assert [points(v, "vi") for v in (52.625, 12.5, 95.0, -0.5, 1 / 3, 0.0, None, -0.0001)] == [
        "52,625", "12,5", "95", "−0,5", "0,333", "0", "", "0"]
    assert points(52.625, "en") == "52.625"
    out = render_round(sample_round, "vi")  # one number format: Vietnamese decimals in a Vietnamese output
    row = next(line for line in out.splitlines() if "MH-SXD" in line and "3/3" in line).split()
    assert row[-7:] == ["52,625", "12,5", "0", "1", "95", "67,50", "Yếu"]
    assert ("MH-SXD: Chỉ số (%) = (điểm thẩm định 52,625 + điểm điều tra XHH 12,5 + điểm thưởng 0 − điểm trừ 1) / "
            "điểm tối đa áp dụng 95 × 100 = 67,50 %") in out
    en = render_round(sample_round, "en")
    assert "(appraised 52.625 + survey 12.5 + bonus 0 − penalty 1) / applicable maximum 95 × 100 = 67.50%" in en
    assert round((52.625 + 12.5 + 0 - 1) / 95 * 100, 2) == 67.5  # the printed figures give the printed index
