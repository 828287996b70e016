"""Issue 11 item 7: an agency cannot inflate its own index with survey points.

Survey points (điểm điều tra xã hội học) are given by the appraising body, not by the agency. Typed into
an agency's own submission (YAML, JSON or the Excel form) they are shown as the agency's estimate and
never counted: the seed stays 39.97 % (was 48.14 % with 8 points typed for 8.1: (39.175 + 8) / 98).
They count only from the round's appraisal file.

Hand arithmetic for the round (par-dept-model-2020, a department's applicable maximum 95; MH-STP's
points in samples/round/submissions/so-tu-phap.yaml): computed without survey 92.5 − 14.5 = 78;
appraisal 2.2 → 1.5 (−0.5), 7.2.2 → 2.5 (−0.5): appraised 77; bonus 1.5 (cap 2).
- survey from the appraisal 8.1: 7, 8.2: 6 → (77 + 13 + 1.5) / 95 × 100 = 96.315… → 96.32 (Tốt);
- no survey in the appraisal, the submission's own 7 + 7.5 ignored → (77 + 0 + 1.5) / 95 = 82.631… → 82.63.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from clirun import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "daknong-vpubnd-2020"
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
ROUND = ROOT / "samples" / "round-2020"


def _card(*args) -> dict:
    run = main("check", *args, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _row(card: dict, node: str) -> dict:
    return next(r for r in card["rows"] if r["id"] == node)


def test_survey_points_in_a_yaml_submission_are_an_estimate(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    manifest = folder / "submission.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + '\nsurvey: {"8.1": 8}\n', encoding="utf-8")
    card = _card(folder)
    assert card["totals"]["index_percent"] == 39.97  # not 48.14
    assert card["totals"]["survey_points"] == 0
    row = _row(card, "8.1")
    assert (row["computed"], row["self_score"], row["state"]) == (None, 8, "not_checked")
    assert "ước tính của đơn vị" in row["reason"]["vi"] and "estimate" in row["reason"]["en"]
    assert "điểm điều tra XHH đơn vị tự ghi 8 không tính vào chỉ số" in card["totals"]["formula"]["vi"]


def test_survey_points_typed_into_the_form_are_an_estimate(tmp_path):
    wb = openpyxl.load_workbook(FORM)
    ws = wb["Tự đánh giá"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    ws.cell(row=rows["8.1"], column=7).value = 8
    ws.cell(row=rows["8.2"], column=7).value = 8
    path = tmp_path / "form.xlsx"
    wb.save(path)
    card = _card(path)
    assert card["totals"]["index_percent"] == 39.97  # not (39.175 + 16) / 98 = 56.30
    assert [_row(card, n)["state"] for n in ("8.1", "8.2", "8")] == ["not_checked"] * 3


def _appraisal(tmp_path: Path, survey: dict | None) -> Path:
    data = yaml.safe_load((ROUND / "appraisal.yaml").read_text(encoding="utf-8"))
    data["agencies"] = [a for a in data["agencies"] if a["agency"] == "MH-STP"]
    items = [i for i in data["agencies"][0]["items"] if not i["criterion"].startswith("8.")]
    items += [{"criterion": k, "round1": {"points": v, "by": "Sở Nội vụ (điều tra XHH)"}} for k, v in (survey or {}).items()]
    data["agencies"][0]["items"] = items
    path = tmp_path / "appraisal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture()
def one_agency(tmp_path) -> Path:
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(ROUND / "submissions" / "so-tu-phap.yaml", folder)
    return folder


@pytest.mark.parametrize("survey, totals", [
    ({"8.1": 7, "8.2": 6}, (77.0, 13.0, 1.5, 96.32)),
    (None, (77.0, 0.0, 1.5, 82.63)),
])
def test_survey_points_count_only_from_the_appraisal(tmp_path, one_agency, survey, totals):
    run = main("round", "run", one_agency, "--appraisal", _appraisal(tmp_path, survey), "--no-history",
               "--format", "json")
    assert run.code == 0, run.err
    (stp,) = json.loads(run.out)["agencies"]
    t = stp["totals"]
    assert (t["appraised"], t["survey"], t["bonus"], t["index_percent"]) == totals
    row = next(r for r in stp["rows"] if r["id"] == "8.1")
    assert row["self_score"] == 7  # the agency's own estimate, shown beside the appraisal
    assert row["final"] == (7 if survey else None)


def test_the_appraisal_workbook_carries_survey_points(tmp_path, one_agency):
    """Round trip through 'round export-appraisal': the council fills round 1 of 8.1 and 8.2 in Excel."""
    path = tmp_path / "appraisal.xlsx"
    assert main("round", "export-appraisal", one_agency, "-o", path, "--lang", "vi").code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    head = next(r for r in range(1, 12) if any(c.value == "Tiêu chí" for c in ws[r]))  # below any title rows
    names = {c.value: c.column for c in ws[head]}
    criterion, round1 = names["Tiêu chí"], names["Vòng 1 - điểm"]
    filled = 0
    for r in range(head + 1, ws.max_row + 1):
        points = {"8.1": 7, "8.2": 6}.get(ws.cell(row=r, column=criterion).value)
        if points is not None:
            ws.cell(row=r, column=round1).value = points
            filled += 1
    assert filled == 2
    wb.save(path)
    run = main("round", "run", one_agency, "--appraisal", path, "--no-history", "--round", "2020", "--format", "json")
    assert run.code == 0, run.err
    t = json.loads(run.out)["agencies"][0]["totals"]
    assert (t["appraised"], t["survey"], t["index_percent"]) == (78.0, 13.0, 95.79)  # (78 + 13) / 95 = 95.789…
