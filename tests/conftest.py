"""Shared fixtures: the seed sample, loaded and scored once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import compliance  # noqa: F401 - first, so its openpyxl setting holds for every test module

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "daknong-vpubnd-2020"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_loaded():
    from compliance.intake.submission import load_submission

    return load_submission(SAMPLE)


@pytest.fixture(scope="session")
def seed_card(seed_loaded):
    from compliance.check import check_submission

    return check_submission(seed_loaded)


def all_workbooks(seed_card, seed_loaded, tmp_path: Path) -> dict[str, Path]:
    """One workbook of every exporter (and the scored one in English), written from the samples."""
    from compliance.catalog import find_edition
    from compliance.cli.dossiers import dossiers
    from compliance.cli.papi import papi
    from compliance.criteria_lib.exporter import export_edition
    from compliance.report.xlsx import write_xlsx
    from compliance.round.run import run_round
    from compliance.round.workbook import write_appraisal_workbook, write_council_workbook
    from compliance.template import write_template

    out = {name: tmp_path / f"{name}.xlsx" for name in
           ("scored", "scored_en", "council", "appraisal", "summary", "check", "papi_profile", "papi_score", "form",
            "criteria", "index766")}
    write_xlsx(seed_card, out["scored"])
    write_xlsx(seed_card, out["scored_en"], "en")
    sample = ROOT / "samples" / "round"
    result = run_round(sample / "submissions", appraisal=sample / "appraisal.yaml", waivers=sample / "waivers.yaml")
    write_council_workbook(result, out["council"])
    write_appraisal_workbook(result, out["appraisal"])
    register = ROOT / "samples" / "registers" / "demo-2025-register.csv"
    runner = CliRunner()
    runner.invoke(dossiers, ["summarize", str(register), "--by", "agency", "--xlsx", str(out["summary"])])
    runner.invoke(dossiers, ["check", str(register), "--procedures", str(ROOT / "samples" / "registers" /
                                                                          "demo-2025-catalogue.csv"),
                             "--xlsx", str(out["check"])])
    runner.invoke(papi, ["profile", "dak-nong", "--year", "2016", "--plan",
                         str(ROOT / "samples" / "papi" / "daknong-2020-plan.yaml"), "--xlsx", str(out["papi_profile"])])
    runner.invoke(papi, ["score", str(ROOT / "samples" / "papi" / "papi-2011-2016.csv"), "--year", "2016",
                         "--xlsx", str(out["papi_score"])])
    runner.invoke(dossiers, ["index766", str(ROOT / "samples" / "registers" / "demo-2026-register.csv"), "--procedures",
                             str(ROOT / "samples" / "registers" / "demo-2026-catalogue.csv"), "--xlsx", str(out["index766"])])
    write_template(out["form"], find_edition("par-dept-model-2020"), seed_loaded.submission)
    export_edition(find_edition("par-dept-model-2020"), out["criteria"])
    for name, path in out.items():
        assert path.is_file(), name
    return out


@pytest.fixture(scope="session")
def workbooks(seed_card, seed_loaded, tmp_path_factory):
    """Every exporter's workbook from the samples (see :func:`all_workbooks`), written once."""
    return all_workbooks(seed_card, seed_loaded, tmp_path_factory.mktemp("books"))
