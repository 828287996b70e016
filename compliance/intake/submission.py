"""Read a submission: a folder with ``submission.yaml`` (the manifest), or one YAML/JSON/XLSX file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


from compliance.errors import InputError
from compliance.io.yamlio import Locator, load_located
from compliance.model.submission import Submission
from compliance.vocab import unit_type_period_problem

MANIFEST = "submission.yaml"


@dataclass
class LoadedSubmission:
    """A validated submission and where it came from (for "inputs with their source")."""

    submission: Submission
    path: Path
    folder: Path
    locator: Locator | None = None
    sources: dict[tuple, str] = field(default_factory=dict)

    def source_of(self, loc: tuple) -> str:
        """"submission.yaml:57" for a data path (file and line), the form's sheet and cell, or the file name."""
        name = self.path.name
        if self.locator is not None:
            line = self.locator.line_of(loc)
            if line is not None:
                return f"{name}:{line}"
        if loc in self.sources:
            return self.sources[loc]
        return name

    def where(self, loc: tuple) -> str:
        """The place of a data path for an error message: "line 57, survey.8.1" or the form's sheet and cell."""
        if self.locator is not None:
            return self.locator.where(loc)
        return self.sources.get(loc) or ".".join(str(p) for p in loc)

    def extra_file(self, key: str) -> Path | None:
        """The further file the manifest names under ``files.<key>``; InputError when it is missing."""
        name = self.submission.files.get(key)
        if not name:
            return None
        path = (self.folder / name).resolve()
        if not path.is_file():
            raise InputError(self.path, f"names a {key} file '{name}' that does not exist", f"files.{key}")
        return path


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
        from compliance.intake.xlsx_form import read_form  # the Excel form reader

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
