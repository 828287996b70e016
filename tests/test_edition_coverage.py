"""Which criteria edition scores a submission: by unit type and period, only an edition in force over the
whole period fits (the 2025 commune set starts on 01/7/2025, when today's communes, wards and special zones
were formed); an edition chosen by name is scored and every output says it does not cover the period.
Every "no edition" error names the submission file and the key, with its line."""

from __future__ import annotations

import datetime as dt
import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.catalog import select_edition
from compliance.check import check_submission
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.model.submission import Submission
from compliance.report.text import header_lines

ROOT = Path(__file__).resolve().parent.parent
WARD = ROOT / "samples" / "phuong-bac-gia-nghia-2026"


def _sub(unit: str, start: str, end: str) -> Submission:
    return Submission.model_validate({"agency": {"code": "X", "name": "x", "unit_type": unit},
                                      "period": {"from": start, "to": end}})


def _ward(tmp_path: Path, period: str, extra: str = "", unit: str | None = None) -> Path:
    """The ward sample with its period line (line 16) replaced, ``extra`` lines after it."""
    text = (WARD / "submission.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^period:.*$", lambda _m: f"period: {period}" + (f"\n{extra}" if extra else ""), text)
    if unit:
        text = text.replace("unit_type: commune", f"unit_type: {unit}")
    folder = tmp_path / "ward"
    folder.mkdir()
    (folder / "submission.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_ward_over_all_of_2025_is_refused_by_period():
    with pytest.raises(InputError) as err:
        select_edition(_sub("commune", "2025-01-01", "2025-12-31"), None)
    assert ("no criteria edition for unit type commune is in force over the whole period 01/01/2025–31/12/2025: "
            "par-commune-model-2025 (01/07/2025–31/12/2025)") in err.value.message


def test_a_period_across_two_years_names_both_editions():
    with pytest.raises(InputError) as err:
        select_edition(_sub("department", "2025-07-01", "2026-06-30"), None)
    assert "par-dept-model-2025 (01/01/2025–31/12/2025), par-dept-model-2026 (01/01/2026–31/12/2026)" in err.value.message


def test_the_second_half_of_2025_picks_the_commune_set():
    edition, how = select_edition(_sub("commune", "2025-07-01", "2025-12-31"), None)
    assert (edition.id, how) == ("par-commune-model-2025", "unit type and period")


def test_an_edition_named_for_a_longer_period_is_scored_and_the_header_says_so(tmp_path):
    folder = _ward(tmp_path, "{from: 2025-01-01, to: 2025-12-31}", "criteria: par-commune-model-2025")
    card = check_submission(load_submission(folder))
    assert card.edition.id == "par-commune-model-2025" and card.edition.covers_period is False
    assert ("Lưu ý: bộ tiêu chí có hiệu lực 01/7/2025–31/12/2025; các ngày 01/01/2025–30/6/2025 của kỳ đánh giá "
            "01/01/2025–31/12/2025 nằm ngoài thời gian hiệu lực đó nhưng vẫn được chấm theo bộ tiêu chí này") in header_lines(card, "vi")
    assert ("Note: the criteria edition is in force 01/07/2025–31/12/2025; the days 01/01/2025–30/06/2025 of the period "
            "01/01/2025–31/12/2025 lie outside it and are scored on this edition all the same") in header_lines(card, "en")
    out = subprocess.run([sys.executable, "-m", "compliance", "check", str(folder), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert json.loads(out.stdout)["edition"]["covers_period"] is False


def test_the_2026_ward_is_covered(tmp_path):
    card = check_submission(load_submission(WARD))
    assert card.edition.covers_period is True
    assert not [line for line in header_lines(card, "vi") if "không bao trùm" in line]


# --- item 4: the file and the key of every "no edition" error ----------------------------------------

def _error(*args) -> str:
    out = subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "COMPLIANCE_LANG": "en"})  # the English line (Vietnamese: test_i18n.py)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    return out.stderr.strip()


def test_a_district_of_2025_names_the_file_and_agency_unit_type(tmp_path):
    folder = _ward(tmp_path, "{from: 2025-01-01, to: 2025-06-30}", unit="district")
    assert _error("check", str(folder)) == (
        f"error: {folder / 'submission.yaml'}: line 14, agency.unit_type: no criteria edition covers unit type "
        "district for the period 01/01/2025–30/06/2025; choose one with --criteria")


def test_a_period_no_edition_covers_names_the_period_line(tmp_path):
    folder = _ward(tmp_path, "{from: 2025-01-01, to: 2025-12-31}")
    assert _error("check", str(folder)).startswith(
        f"error: {folder / 'submission.yaml'}: line 16, period.from: no criteria edition for unit type commune is in force")


@pytest.mark.parametrize("criteria, message", [
    ("par-nope", "no criteria edition 'par-nope' (known: "),
    ("par-dept-model-2026", "criteria edition 'par-dept-model-2026' is for department, provincial office, not for unit type "
                            "commune (commune, ward, special zone)"),
    ("par-province-qd1187-2025", "criteria edition 'par-province-qd1187-2025' (1187/QĐ-BNV, 15/10/2025) is listed with no content"),
])
def test_the_manifest_criteria_line(tmp_path, criteria, message):
    folder = _ward(tmp_path, "{from: 2026-01-01, to: 2026-12-31}", f"criteria: {criteria}")
    assert _error("check", str(folder)).startswith(f"error: {folder / 'submission.yaml'}: line 17, criteria: {message}")


def test_the_criteria_option_names_the_submission_too(tmp_path):
    assert _error("check", str(WARD), "--criteria", "par-dept-model-2026") == (
        f"error: {WARD / 'submission.yaml'}: --criteria: criteria edition 'par-dept-model-2026' is for department, "
        "provincial office, not for unit type commune (commune, ward, special zone)")


def test_the_template_from_a_submission_and_the_round_name_it_too(tmp_path):
    folder = _ward(tmp_path, "{from: 2025-01-01, to: 2025-06-30}", unit="district")
    assert f"{folder / 'submission.yaml'}: line 14, agency.unit_type: no criteria edition" in _error(
        "template", "--from", str(folder), "-o", str(tmp_path / "form.xlsx"))
    assert not (tmp_path / "form.xlsx").exists()


def test_the_form_names_its_sheet_and_cell(tmp_path):
    from compliance.api import write_template

    form = tmp_path / "form.xlsx"
    write_template(form, from_path=WARD)
    import openpyxl

    wb = openpyxl.load_workbook(form)
    ws = wb["Cơ quan"]
    rows = {str(ws.cell(r, 1).value).removesuffix(" (*)"): r for r in range(4, ws.max_row + 1)}
    ws.cell(rows["Kỳ đánh giá từ ngày"], 2).value = dt.date(2025, 1, 1)
    ws.cell(rows["Kỳ đánh giá đến ngày"], 2).value = dt.date(2025, 12, 31)
    ws.cell(rows["Bộ tiêu chí"], 2).value = None
    wb.save(form)
    with pytest.raises(InputError) as err:
        check_submission(load_submission(form))
    assert (err.value.path, err.value.where) == (str(form), f"sheet Cơ quan, cell B{rows['Kỳ đánh giá từ ngày']}")
    assert "par-commune-model-2025 (01/07/2025–31/12/2025)" in err.value.message
