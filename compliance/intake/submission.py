"""Read a submission: a folder with ``submission.yaml`` (the manifest), or one YAML/JSON/XLSX file."""

from __future__ import annotations

from pathlib import Path

from compliance.errors import InputError
from compliance.intake.loaded import LoadedSubmission
from compliance.intake.xlsx_form import read_form
from compliance.io.workbook import output_words, written_kind
from compliance.io.yamlio import load_located
from compliance.model.submission import Submission
from compliance.vocab import unit_type_period_problem

__all__ = ["MANIFEST", "LoadedSubmission", "load_submission"]

MANIFEST = "submission.yaml"


def load_submission(path: str | Path) -> LoadedSubmission:
    """Load and validate a submission from a folder or a file.

    Raises InputError for a missing path, a folder without ``submission.yaml``, an unknown file type,
    a syntax error, an unknown key, a value of the wrong kind (with the line and the key path), or a
    unit type that did not exist in the period (a district for a period ending after 30/6/2025).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "not found")
    if path.is_dir():
        manifest = path / MANIFEST
        if not manifest.is_file():
            raise InputError(path, f"this folder has no {MANIFEST} (the manifest of a submission)")
        path = manifest
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        kind = written_kind(path)
        if kind is not None and kind != "form":
            raise InputError(path, f"a {output_words(kind)[1]} this tool wrote, not a submission: the fill-in form "
                             "is written by 'compliance template'")
        return _dated_unit(read_form(path))
    if suffix not in (".yaml", ".yml", ".json"):
        raise InputError(path, "a submission is a folder, a .yaml/.json file or an .xlsx form")
    submission, locator = load_located(path, Submission, "a submission is a mapping of keys (agency, period, …)")
    return _dated_unit(LoadedSubmission(submission=submission, path=path, folder=path.parent, locator=locator))


def _dated_unit(loaded: LoadedSubmission) -> LoadedSubmission:
    """The submission, unless its unit type did not exist in its period (a district after 30/6/2025)."""
    sub = loaded.submission
    problem = unit_type_period_problem(sub.agency.unit_type, sub.period.to)
    if problem:
        raise InputError(loaded.path, problem, loaded.where(("agency", "unit_type")))
    return loaded
