"""The pipeline API: the example of docs/api.md runs as written, and validate says what check says."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from compliance import api
from compliance.cli import cli
from compliance.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "daknong-vpubnd-2020"
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
CENTRE = ROOT / "samples" / "demo-centre-2020-register"


def test_the_documented_example_runs_on_the_sample():
    code = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.S).group(1)
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "docs/api.md", "exec"), {})  # noqa: S102 - our own documentation, run as a user would
    finally:
        os.chdir(cwd)
    lines = out.getvalue().splitlines()
    assert lines[0] == "par-dept-model-2020 manifest"
    assert lines[1] == "39.97 % Yếu (tạm tính)"  # the seed report's index, as README shows it (provisional)
    assert lines[2] == "98.0 0.0"  # 100 − 2 not applicable; survey points are not the agency's to give
    assert lines[3].startswith("Sở Tư pháp 64 Nghị định 61/2018/NĐ-CP ngày 23/4/2018, điểm d khoản 3 Điều 19")
    assert lines[4] == "DNO-VPUBND par-dept-model-2020 37"
    assert lines[5] == "refused: samples/no-such-folder: not found"


def test_validate_reads_what_check_reads():
    v = api.validate(CENTRE)
    assert (v.agency_code, v.edition.id, v.edition.chosen_by, v.register_rows) == (
        api.check(CENTRE).agency_code, "par-dept-model-2020", "manifest", 800)


def _refused_alike(path: Path, message: str) -> None:
    with pytest.raises(InputError) as by_check:
        api.check(path)
    with pytest.raises(InputError) as by_validate:
        api.validate(path)
    assert by_validate.value.line() == by_check.value.line()
    assert message in by_validate.value.line()
    r = CliRunner().invoke(cli, ["validate", str(path)])
    assert isinstance(r.exception, InputError) and r.output == ""  # main() prints its line and exits 2


def test_validate_refuses_a_form_scoring_itself_above_the_maximum(tmp_path):
    form = tmp_path / "form.xlsx"
    shutil.copy(FORM, form)
    wb = openpyxl.load_workbook(form)
    ws = wb["Tự đánh giá"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1.2")
    assert ws.cell(row, 3).value == 2  # max points of 1.1.2
    ws.cell(row, 4).value = 7
    wb.save(form)
    _refused_alike(form, "7 points for '1.1.2' is outside 0–2")


def test_validate_refuses_a_register_with_bad_headers(tmp_path):
    folder = tmp_path / "centre"
    shutil.copytree(CENTRE, folder)
    register = folder / "register.csv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("Ngày tiếp nhận", "Ngay nhan").replace("Mã hồ sơ", "Ma")
    register.write_text("".join(lines), encoding="utf-8")
    _refused_alike(folder, "register.csv")


def test_validate_refuses_a_named_file_that_is_missing(tmp_path):
    folder = tmp_path / "centre"
    shutil.copytree(CENTRE, folder)
    (folder / "catalogue.csv").unlink()
    _refused_alike(folder, "names a procedures file 'catalogue.csv' that does not exist")


def test_validate_on_the_command_line_exits_2_with_one_line(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "s"
    folder.mkdir()
    text = (SEED / "submission.yaml").read_text(encoding="utf-8")
    (folder / "submission.yaml").write_text(text + 'self_assessment: {"2.2": {points: 50, evidence: [x]}}\n',
                                            encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "compliance", "validate", str(folder)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "50 điểm của '2.2' nằm ngoài khoảng 0–2" in r.stderr
