"""QA2 #11: a row deleted from the form's Tự đánh giá sheet is said, never silently read as "no self-score".

The form is the one ``compliance template --from samples/phuong-bac-gia-nghia-2026`` writes (the ward's
self-assessment: 1.1.2 self-assessed 2 points, 2.2 self-assessed 1,5 points with evidence, which the
tool takes as its points since 2.2 is scored on evidence); a user then deletes rows the way Excel does
(``ws.delete_rows``: the rows below move up). The scorecard says which rows are missing, in its header
(every format, the scored workbook's summary, the web page) and on stderr; a round says it among its
warnings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compliance import api
from compliance.check import check_submission
from compliance.intake.submission import load_submission

ROOT = Path(__file__).resolve().parent.parent
WARD = ROOT / "samples" / "phuong-bac-gia-nghia-2026"
SHEET = "Tự đánh giá"


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("form") / "phuong-bac-gia-nghia.xlsx"
    assert api.write_template(path, from_path=WARD) == "par-commune-model-2026"
    return path


def without_rows(form: Path, folder: Path, *ids: str, name: str = "bieu-mau-da-sua.xlsx") -> Path:
    """The form with the Tự đánh giá rows of ``ids`` deleted as a user deletes them in Excel."""
    wb = load_workbook(form)
    ws = wb[SHEET]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for node in sorted(ids, key=lambda i: rows[i], reverse=True):
        ws.delete_rows(rows[node])
    out = folder / name
    wb.save(out)
    return out


def compliance(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, capture_output=True, text=True)


def row_of(card, node: str):
    return next(r for r in card.rows if r.id == node)


def test_the_untouched_form_has_every_row_and_no_notice(form):
    loaded = load_submission(form)
    sheet, present = loaded.self_rows
    assert sheet == SHEET and {"1", "1.1", "1.1.2", "2.2", "3.3.1"} <= set(present)
    card = check_submission(loaded)
    assert card.notices == []
    assert row_of(card, "1.1.2").self_score == 2 and row_of(card, "2.2").computed == 1.5


def test_a_yaml_submission_has_no_form_rows_to_miss():
    card = check_submission(load_submission(WARD))
    assert load_submission(WARD).self_rows is None and card.notices == []


def test_a_deleted_row_is_named_with_its_sheet_in_both_languages(form, tmp_path):
    before = check_submission(load_submission(form))
    card = check_submission(load_submission(without_rows(form, tmp_path, "1.1.2")))
    assert row_of(card, "1.1.2").self_score is None  # what the user lost: its 2 self-assessed points
    assert (row_of(before, "1.1").self_score, row_of(card, "1.1").self_score) == (3, None)  # 1 + 2; then not summed
    assert [n.vi for n in card.notices] == [
        "trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1.1.2 (Mức độ hoàn thành kế hoạch CCHC năm): biểu mẫu "
        "đã bị sửa (xoá dòng?), nên bảng điểm không có điểm tự đánh giá ở đó; hãy thêm lại các dòng này (hoặc "
        "điền biểu mẫu mới lập bằng 'compliance template') rồi chấm lại"]
    assert card.notices[0].en.startswith("the form's sheet 'Tự đánh giá' lacks the row(s) of 1.1.2 (")
    assert "the form was changed (a row deleted?)" in card.notices[0].en


def test_a_deleted_row_scored_on_evidence_lowers_the_index_and_is_said(form, tmp_path):
    """2.2 is scored from the self-assessment with evidence (1,5 points): without its row the tool has
    nothing to score it on; the notice is what tells the inspector why."""
    before = check_submission(load_submission(form))
    card = check_submission(load_submission(without_rows(form, tmp_path, "2.2")))
    assert row_of(card, "2.2").computed is None and row_of(card, "2.2").state.value == "not_checked"
    assert card.totals.points == pytest.approx(before.totals.points - 1.5)
    assert "thiếu dòng của 2.2 (" in card.notices[0].vi


def test_a_deleted_block_lists_ids_and_a_long_one_is_counted(form, tmp_path):
    card = check_submission(load_submission(without_rows(form, tmp_path, "2.1", "2.2", "2.3", "2.4")))
    assert "thiếu dòng của 2.1, 2.2, 2.3, 2.4: biểu mẫu đã bị sửa" in card.notices[0].vi
    edition_ids = [r.id for r in card.rows]
    many = [i for i in edition_ids if i.startswith(("3.", "4."))]
    assert len(many) > 12
    card = check_submission(load_submission(without_rows(form, tmp_path, *many, name="nhieu.xlsx")))
    assert f"thiếu dòng của {', '.join(many[:12])} … (tất cả {len(many)} dòng): " in card.notices[0].vi
    assert f"lacks the row(s) of {', '.join(many[:12])} … ({len(many)} rows in all): " in card.notices[0].en


def test_check_says_it_in_the_output_on_stderr_in_json_and_in_the_workbook(form, tmp_path):
    edited = without_rows(form, tmp_path, "1.1.2")
    done = compliance("check", edited.name, "--xlsx", "ket-qua.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    header = done.stdout.split("\n\n")[0].splitlines()
    assert header[-1].startswith("Cảnh báo: trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1.1.2 (Mức độ hoàn thành")
    assert done.stderr.splitlines()[0] == "c" + header[-1][1:]  # "cảnh báo: …", the same words
    summary = load_workbook(tmp_path / "ket-qua.xlsx").worksheets[0]
    cells = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2) for r in range(1, 20)}
    assert cells["Cảnh báo"].value == header[-1].partition(": ")[2] and cells["Cảnh báo"].style == "warning"

    en = compliance("check", edited.name, "--lang", "en", "--format", "markdown", cwd=tmp_path)
    assert "- Warning: the form's sheet 'Tự đánh giá' lacks the row(s) of 1.1.2 (Completion of the annual PAR plan)" in en.stdout
    assert en.stderr.startswith("warning: the form's sheet 'Tự đánh giá' lacks the row(s) of 1.1.2")

    data = json.loads(compliance("check", edited.name, "--format", "json", cwd=tmp_path).stdout)
    assert [n["vi"][:49] for n in data["notices"]] == ["trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1.1.2"[:49]]

    valid = compliance("validate", edited.name, cwd=tmp_path)
    assert valid.returncode == 0 and "thiếu dòng của 1.1.2" in valid.stderr


def test_the_untouched_form_prints_no_warning(form, tmp_path):
    done = compliance("check", str(form), cwd=tmp_path)
    assert done.returncode == 0 and "Cảnh báo" not in done.stdout and done.stderr == ""


def test_a_round_lists_the_changed_form_among_its_warnings(form, tmp_path):
    folder = tmp_path / "nop"
    folder.mkdir()
    without_rows(form, folder, "1.1.2", name="phuong-bac-gia-nghia.xlsx")
    result = api.run_round(folder)
    issues = [i for i in result.issues if i.kind == "form_changed"]
    assert len(issues) == 1 and issues[0].severity == "warning"
    assert issues[0].subject.endswith("phuong-bac-gia-nghia.xlsx") and "thiếu dòng của 1.1.2 (" in issues[0].message.vi
    agency = result.agency("LD-PBGN")
    assert [n.vi for n in agency.notices] == [issues[0].message.vi]  # beside its points, for the appraisers
    assert next(r for r in agency.rows if r.id == "1.1.2").self_score is None
    done = compliance("round", "run", "nop", "--db", "r.sqlite", "--xlsx", "hoi-dong.xlsx", cwd=tmp_path)
    assert re.search(r"- \[cảnh báo\] nop/phuong-bac-gia-nghia\.xlsx: trang 'Tự đánh giá' của biểu mẫu thiếu dòng "
                     r"của 1\.1\.2 \(", done.stdout), done.stdout
    council = load_workbook(tmp_path / "hoi-dong.xlsx")
    head = [council["LD-PBGN"].cell(row=r, column=1).value for r in range(1, 8)]
    assert "Cảnh báo: " + issues[0].message.vi in head  # the agency's own sheet, where its points are compared
    said = [[c for c in row if c] for row in council["Lỗi vòng"].iter_rows(values_only=True)]
    assert ["cảnh báo", "lưu ý về hồ sơ đánh giá", "nop/phuong-bac-gia-nghia.xlsx", issues[0].message.vi] in said

