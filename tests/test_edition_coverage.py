"""Which criteria edition scores a submission: by unit type and period, only an edition in force over the
whole period fits (the 2025 commune set starts on 01/7/2025, when today's communes, wards and special zones
were formed); an edition chosen by name is scored and every output says it does not cover the period.
Every "no edition" error names the submission file and the key, with its line."""

from __future__ import annotations

import json
import re
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
    assert ("Lưu ý: bộ tiêu chí có hiệu lực 01/07/2025–31/12/2025, không bao trùm cả kỳ đánh giá 01/01/2025–31/12/2025: "
            "phần kỳ ngoài thời gian hiệu lực vẫn được chấm theo bộ tiêu chí này") in header_lines(card, "vi")
    assert any(line.startswith("Note: the criteria edition is in force 01/07/2025–31/12/2025, not over the whole "
                               "period 01/01/2025–31/12/2025") for line in header_lines(card, "en"))
    out = subprocess.run([sys.executable, "-m", "compliance", "check", str(folder), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert json.loads(out.stdout)["edition"]["covers_period"] is False


def test_the_2026_ward_is_covered(tmp_path):
    card = check_submission(load_submission(WARD))
    assert card.edition.covers_period is True
    assert not [line for line in header_lines(card, "vi") if "không bao trùm" in line]
