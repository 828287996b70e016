"""Criteria for 2025 and 2026: the model sets for departments and for communes (xã, phường, đặc khu), picked
by period and unit type; the 2020 sets still picked for the 2020 seed."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.catalog import CRITERIA_DIR, find_edition, rulebook, select_edition
from compliance.criteria_lib.check import check_file
from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.model.submission import Submission

ROOT = Path(__file__).resolve().parent.parent
NEW = ["par-dept-model-2025", "par-dept-model-2026", "par-commune-model-2025", "par-commune-model-2026"]
FILES = ["dept-model-2025.yaml", "dept-model-2026.yaml", "commune-model-2025.yaml", "commune-model-2026.yaml"]
DOCUMENT = re.compile(r"(QĐ|Nghị định|KH|Quyết định) \d+/")


@pytest.mark.parametrize("name", FILES)
def test_each_new_file_passes_its_check_and_cites_its_models(name):
    result = check_file(CRITERIA_DIR / name)
    assert result.problems == []
    edition = find_edition("par-" + name.removesuffix(".yaml"))
    assert edition.model_set and edition.decision is None and edition.confidence.value == "model"
    # every node says what it was modelled on; every field cites a document by number and date
    assert all(n.modelled_on for n in edition.nodes())
    assert all(DOCUMENT.search(f.modelled_on) and re.search(r"\d{1,2}/\d{1,2}/20\d\d", f.modelled_on)
               for f in edition.fields)
    assert sum(f.max_points for f in edition.fields) == 100 and edition.survey_points == 30


@pytest.mark.parametrize("eid, unit, excluded", [
    ("par-dept-model-2026", "department", 3),          # 7.4, the provincial office's centre
    ("par-dept-model-2026", "provincial_office", 2),   # 4.4, guidance to communes in a sector
    ("par-commune-model-2025", "commune", 0),
])
def test_applicable_maximum_per_unit_type(eid, unit, excluded):
    from compliance.vocab import UnitType

    edition = find_edition(eid)
    dropped = sum(n.max_points for n in edition.nodes() if not n.applies(UnitType(unit)))
    assert dropped == excluded


def test_the_metrics_a_submission_or_register_gives_are_wired():
    inputs = set()
    for eid in NEW:
        for leaf in find_edition(eid).leaves():
            s = leaf.scoring
            inputs |= set(s.inputs.values()) if s.method == "formula" else {getattr(s, "input", None)}
    # the one-stop figures, from the register when the submission names one, else from the report
    assert {"on_time_rate_scored", "online_rate_scored", "own_late", "own_late_with_apology", "satisfaction_rate",
            "digitised_results_rate", "procedures_publicised_rate", "internal_process_rate",
            "feedback_on_time_rate"} <= inputs
    assert {"par_plan_issued", "it_plan_issued", "procedure_control_plan_issued", "par_plan_state"} <= inputs
    assert (inputs - {None}) <= set(rulebook().metrics)


def _sub(unit: str, start: str, end: str) -> Submission:
    return Submission.model_validate({"agency": {"code": "X", "name": "x", "unit_type": unit},
                                      "period": {"from": start, "to": end}})


@pytest.mark.parametrize("unit, start, end, expected", [
    ("department", "2026-01-01", "2026-12-31", "par-dept-model-2026"),
    ("provincial_office", "2025-01-01", "2025-12-31", "par-dept-model-2025"),
    ("commune", "2025-07-01", "2025-12-31", "par-commune-model-2025"),
    ("commune", "2026-01-01", "2026-12-31", "par-commune-model-2026"),
    ("provincial_office", "2020-01-01", "2020-12-31", "par-dept-model-2020"),
    ("district", "2020-01-01", "2020-12-31", "par-local-model-2020"),
])
def test_check_picks_the_set_by_period(unit, start, end, expected):
    edition, how = select_edition(_sub(unit, start, end), None)
    assert (edition.id, how) == (expected, "unit type and period")


def test_the_2020_seed_still_picks_the_2020_set():
    loaded = load_submission(ROOT / "samples" / "daknong-vpubnd-2020")
    edition, how = select_edition(loaded.submission, None)
    assert (edition.id, how) == ("par-dept-model-2020", "manifest")


def test_a_commune_of_the_first_half_of_2025_has_no_set():
    # the old communes of 1/1–30/6/2025: no set is shipped for them (the 2025 commune set starts on 01/7/2025)
    with pytest.raises(InputError, match="no criteria edition covers unit type commune for the period 01/01/2025–30/06/2025"):
        select_edition(_sub("commune", "2025-01-01", "2025-06-30"), None)


def test_the_provincial_set_of_2025_cannot_be_scored():
    # province: QĐ 892 (structure only) and QĐ 1187 (listed only) both cover 2025, neither has points
    with pytest.raises(InputError, match="cannot be scored|listed with no content"):
        select_edition(_sub("province", "2025-01-01", "2025-12-31"), None)


def test_criteria_check_of_every_shipped_file_exits_0():
    out = subprocess.run([sys.executable, "-m", "compliance", "criteria", "check"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "survey_points 32: các tiêu chí điều tra XHH chưa được mã hóa hết" in out.stdout
    assert dt.date(2025, 7, 1) == find_edition("par-commune-model-2025").valid_from


@pytest.mark.parametrize("eid, node", [("par-dept-model-2025", "1.5"), ("par-dept-model-2026", "1.5"),
                                       ("par-commune-model-2025", "1.4"), ("par-commune-model-2026", "1.4")])
def test_the_improvement_plan_criterion_cites_the_plans_it_names(eid, node):
    """The criterion scores tasks of the province's PAR INDEX, PAPI and SIPAS plans; Lai Châu's KH 1331/KH-UBND
    (31/3/2025) is its PAPI plan only, its PAR INDEX and SIPAS plan is KH 2039/KH-UBND (12/5/2025)."""
    text = next(n for n in find_edition(eid).nodes() if n.id == node).modelled_on
    assert "KH 1331/KH-UBND ngày 31/3/2025 (PAPI)" in text
    assert "KH 2039/KH-UBND ngày 12/5/2025 (PAR INDEX, SIPAS)" in text
