"""A submission once read: the validated model and where each of its values came from (a line of the
YAML, or a sheet and cell of the form), for error messages and for "inputs with their source"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, Words, compose
from compliance.io.files import note_input
from compliance.io.yamlio import Locator
from compliance.model.submission import Submission


@dataclass
class LoadedSubmission:
    """A validated submission and where it came from (for "inputs with their source"). ``readings``: data
    path → how a value written as text was read when it could be taken another way, said beside its
    source. ``self_rows``: for the Excel form, the title of its Tự đánh giá sheet and, for each node id
    that sheet has a row for (filled or blank), the criterion's name as the row writes it and that
    cell's place; None for YAML and JSON, where a node left out is simply not self-assessed.
    ``absent_columns``: for the Excel form, its optional columns not on it, read as
    empty (a form made before they were added): (sheet title, the column's name in both languages)."""

    submission: Submission
    path: Path
    folder: Path
    locator: Locator | None = None
    sources: dict[tuple, str] = field(default_factory=dict)
    readings: dict[tuple, str] = field(default_factory=dict)
    self_rows: tuple[str, dict[str, tuple[str, str]]] | None = None
    absent_columns: list[tuple[str, Words]] = field(default_factory=list)

    def source_of(self, loc: tuple) -> str:
        """"submission.yaml:57" for a data path (file and line), the form's sheet and cell, or the file name;
        with how its value was read when that could be taken another way ("submission.yaml:57 ('28.044'
        read as 28044 ('.' as the Vietnamese thousands separator); …)")."""
        name = self.path.name
        reading = next((self.readings[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in self.readings), None)
        if self.locator is not None:
            line = self.locator.line_of(loc)
            if line is not None:
                return compose("{place} ({note})", place=f"{name}:{line}", note=reading) if reading else f"{name}:{line}"
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
            raise InputError(self.path, M("names a {key} file '{name}' that does not exist", key=key, name=name), f"files.{key}")
        note_input(path)  # an input of the command: no output may replace it
        return path
