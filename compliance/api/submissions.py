"""One submission: check it (score and gaps), validate it (the same reading, no scoring), and show or
write its scorecard."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from compliance import check as pipeline
from compliance.i18n import M, Message
from compliance.intake.submission import load_submission
from compliance.model.results import Scorecard, Validation
from compliance.report.text import render_json, render_table

PathLike = str | os.PathLike


def check(path: PathLike, criteria: str | None = None) -> Scorecard:
    """Score the submission at ``path`` (a folder with ``submission.yaml``, or a YAML/JSON/XLSX file) and
    flag its gaps.

    ``criteria``: an edition id or a criteria YAML file (default: the manifest's edition, else the one
    matching the unit type and period). Returns the :class:`~compliance.model.results.Scorecard`
    (header, rows field → criterion → sub-criterion, findings, checks, metrics, totals with the formula).
    Raises :class:`compliance.errors.InputError` for unusable input (one line naming file and place).
    """
    return pipeline.check_submission(load_submission(path), criteria=criteria)


def validate(path: PathLike, criteria: str | None = None) -> Validation:
    """Read the submission at ``path`` exactly as :func:`check` reads it, then stop before scoring.

    Reads the submission, chooses the edition, checks the self-assessed and survey points against it,
    checks figure codes, finds every file the manifest names and reads the register it names. So it
    refuses what :func:`check` refuses (InputError) and accepts what it accepts. Returns a
    :class:`~compliance.model.results.Validation` (agency, period, edition, counts).
    """
    return pipeline.validation(pipeline.prepare_submission(load_submission(path), criteria))


def render_scorecard(card: Scorecard, fmt: str = "table", lang: str = "vi") -> str:
    """The scorecard as text: ``fmt`` ``table`` (terminal), ``markdown`` or ``json`` (stable keys;
    ``lang`` ignored); ends with a newline."""
    return render_json(card) if fmt == "json" else render_table(card, lang, fmt)


def warning_lines(result: Scorecard | Validation, lang: str = "vi") -> list[str]:
    """The notices on the input of a scorecard or a validation (a row deleted from the form's Tự đánh giá
    sheet) as lines for stderr ("cảnh báo: trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1.1.2 …"); the
    scorecard shows them under its header too, where a printed copy keeps them."""
    prefix = M("warning").get(lang)
    return [f"{prefix}: {n.get(lang)}" for n in result.notices]


def write_scored_workbook(card: Scorecard, path: PathLike, lang: str = "vi") -> None:
    """The scored workbook (summary, scorecard with formulas, gaps, scoring basis, checks, informational
    figures), written atomically to ``path``; InputError when it cannot be written."""
    from compliance.report.xlsx import write_xlsx

    write_xlsx(card, Path(path), lang)


def write_template(output: PathLike, criteria: str | None = None, from_path: PathLike | None = None,
                   warn: Callable[[Message], None] | None = None) -> str:
    """The Excel fill-in form for an agency, written atomically to ``output`` (.xlsx): blank for edition
    ``criteria``, or pre-filled from the submission at ``from_path`` (its edition unless ``criteria``).
    Returns the edition id. InputError when neither is given, ``output`` is not ``.xlsx``, or the edition
    is in force on no day of the submission's period (:func:`compliance.catalog.select_edition`, as
    ``check`` refuses it); when it covers only a part of the period, ``warn`` (if given) receives the
    note saying which days lie outside it, the note ``check`` prints for that form; and when a row of the
    submission names another criterion than the edition's of its number (:func:`compliance.check.same_name`),
    its self-score is not carried and ``warn`` receives the note naming each such row
    (:func:`compliance.check.own_rows_only`)."""
    from compliance.catalog import find_edition, select_edition
    from compliance.errors import InputError
    from compliance.template import write_template as write_form

    output = Path(output)
    submission = None
    if from_path is not None:
        loaded = load_submission(from_path)
        edition, _ = select_edition(loaded.submission, criteria, loaded)
        note = edition.outside(loaded.submission.period.from_, loaded.submission.period.to)
        if note is not None and warn is not None:
            warn(note)
        submission = pipeline.own_rows_only(loaded, edition, warn)  # a form of another edition: no score moved by number
        submission = submission.model_copy(update={"criteria": edition.id})  # the form names the edition it is of
    elif criteria:
        edition = find_edition(criteria)
    else:
        raise InputError(None, M("give --criteria ID (or --from a submission)"), "--criteria")
    if output.suffix.lower() != ".xlsx":
        raise InputError(output, M("the form is written as .xlsx"), "-o")
    write_form(output, edition, submission)
    return edition.id
