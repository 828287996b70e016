"""A round folder that holds the tool's own output (the council workbook written into it by an earlier
run, an appraisal workbook, a scored workbook): every workbook the tool writes carries a marker in its
properties (creator, keywords "compliance:<kind>"), and such a workbook is skipped with a note, not
counted as an unreadable submission. The fill-in form carries "compliance:form" and is still read."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from compliance.io.workbook import CREATOR, written_kind
from compliance.round.run import run_round

ROOT = Path(__file__).resolve().parent.parent
SUBS = ROOT / "samples" / "round" / "submissions"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COMPLIANCE_LANG": "en"})  # the English lines


def test_the_council_workbook_in_the_folder_is_skipped_on_the_second_run(tmp_path):
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder)
    council = folder / "council.xlsx"
    first = _cli("round", "run", str(folder), "--xlsx", str(council), "--no-history")
    assert first.returncode == 0, first.stderr
    assert written_kind(council) == "council"
    # (writing over it again is refused by the output guard; the workbook of this run goes elsewhere)
    second = _cli("round", "run", str(folder), "--xlsx", str(tmp_path / "council-2.xlsx"), "--no-history", "--lang", "vi")
    assert second.returncode == 0, second.stderr
    assert "Đã chấm: 5; Không đọc được: 0" in second.stdout
    assert (f"[thông tin] {council}: Bảng tính do công cụ này ghi (bảng tính hội đồng), không phải hồ sơ đánh giá: "
            "bỏ qua") in second.stdout
    r = run_round(folder)
    assert r.failed == [] and not r.partial and len(r.agencies) == 5
    assert [(i.kind, Path(i.subject).name, i.message.en) for i in r.issues if i.kind == "own_output"] == [
        ("own_output", "council.xlsx", "A workbook this tool wrote (council workbook), not a submission: skipped")]


def test_the_mark_survives_a_save_and_every_output_carries_it(tmp_path):
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder)
    assert _cli("round", "export-appraisal", str(folder), "-o", str(folder / "tham-dinh.xlsx")).returncode == 0
    assert _cli("check", str(SUBS / "so-tu-phap.yaml"), "--xlsx", str(folder / "so-tu-phap-diem.xlsx")).returncode in (0, 1)
    wb = openpyxl.load_workbook(folder / "so-tu-phap-diem.xlsx")  # opened and saved again, as in Excel
    assert wb.properties.creator == CREATOR
    wb.save(folder / "so-tu-phap-diem.xlsx")
    assert (written_kind(folder / "tham-dinh.xlsx"), written_kind(folder / "so-tu-phap-diem.xlsx")) == ("appraisal", "scorecard")
    r = run_round(folder)
    assert r.failed == [] and len(r.agencies) == 5
    assert sorted((Path(i.subject).name, i.message.en) for i in r.issues if i.kind == "own_output") == [
        ("so-tu-phap-diem.xlsx", "A workbook this tool wrote (scored workbook), not a submission: skipped"),
        ("tham-dinh.xlsx", "A workbook this tool wrote (appraisal workbook), not a submission: skipped")]


def test_the_fill_in_form_is_still_a_submission(tmp_path):
    form = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
    assert written_kind(form) == "form"
    assert written_kind(ROOT / "samples" / "registers" / "demo-2025-register.xlsx") is None  # another creator
    assert written_kind(ROOT / "README.md") is None


def test_check_of_a_council_workbook_says_what_it_is(tmp_path):
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder)
    assert _cli("round", "run", str(folder), "--xlsx", str(tmp_path / "council.xlsx"), "--no-history").returncode == 0
    out = _cli("check", str(tmp_path / "council.xlsx"))
    assert out.returncode == 2
    assert out.stderr.strip() == (f"error: {tmp_path / 'council.xlsx'}: a council workbook this tool wrote, not a "
                                  "submission: the fill-in form is written by 'compliance template'")
