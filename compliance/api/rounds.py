"""An inspection round: many agencies scored, appraised, waived, ranked, stored; its history."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.i18n.validation import explain
from compliance.io.files import publish_together
from compliance.round import history, history_text
from compliance.round.model import RoundResult
from compliance.round.run import default_db, other_file
from compliance.round.run import run_round as _run
from compliance.round.text import render_json, render_round

PathLike = str | os.PathLike
__all__ = ["RoundResult", "appraisal_data", "other_file", "appraisal_with", "compare_rounds", "stored_rounds", "default_db", "export_appraisal", "render_compare", "render_history",
           "render_round", "round_history", "round_json", "run_round", "write_appraisal_workbook",
           "write_council_workbook"]


def _xlsx_output(path: Path | None, option: str) -> None:
    """An output workbook must be named .xlsx (openpyxl writes an .xlsx whatever the name says)."""
    if path is not None and path.suffix.lower() != ".xlsx":
        raise InputError(path, M("a workbook is written as an Excel .xlsx file: give it the .xlsx extension (e.g. {name})", name=path.with_suffix('.xlsx').name), option)


def run_round(folder: PathLike, criteria: str | None = None, appraisal: PathLike | None = None,
              waivers: PathLike | None = None, round_id: str | None = None, as_of: dt.date | None = None, *,
              db: PathLike | None = None, replace: bool = False, workbook: PathLike | None = None,
              sheets: str = "auto", lang: str = "vi", workers: int = 1) -> RoundResult:
    """Score every submission in ``folder``, apply the appraisal and waivers, rank, and write what is asked.

    ``db``: store the round in this history database (None: not stored; the CLI's default is
    :func:`default_db`); a round id already stored there is refused unless ``replace``, which keeps the
    stored one as a superseded version (:func:`compliance.round.history.store_round`), or unless the
    stored one is marked incomplete: then this run supersedes it as ``replace`` would, and
    ``result.stored.note()`` is the line to say so; ``workbook``:
    write the council workbook (.xlsx) here, ``sheets`` ``auto``, ``agency`` or ``unit_type``. The round
    is stored with its workbook or neither is (one transaction, committed with the workbook's rename,
    Ctrl-C held: :func:`compliance.io.files.publish_together`). Other arguments as
    :func:`compliance.round.run.run_round`. A submission that cannot be read is listed in
    ``result.failed`` and the round is ``partial``; the others are still scored, written and stored.
    Raises InputError for a bad folder, appraisal or waivers file, a workbook not named .xlsx, or a
    round id already stored complete without ``replace`` (nothing written).
    """
    workbook = Path(workbook) if workbook is not None else None
    _xlsx_output(workbook, "--xlsx")
    skip = (Path(db),) if db is not None else ()
    result = _run(folder, criteria=criteria, appraisal=appraisal, waivers=waivers, round_id=round_id, as_of=as_of,
                  skip=skip, workers=workers)
    with publish_together():  # the store first: it may refuse the round id before the workbook is built
        if db is not None:
            history.store_round(Path(db), result, replace=replace)
        if workbook is not None:
            write_council_workbook(result, workbook, lang=lang, sheets=sheets)
    return result


def export_appraisal(folder: PathLike, output: PathLike, criteria: str | None = None,
                     appraisal: PathLike | None = None, round_id: str | None = None, lang: str = "vi") -> RoundResult:
    """Write the appraisal workbook for ``folder`` (one row per agency and sub-criterion to fill in,
    carrying an appraisal so far); returns the round as scored. InputError when ``output`` is not .xlsx."""
    output = Path(output)
    _xlsx_output(output, "-o/--output")
    result = _run(folder, criteria=criteria, appraisal=appraisal, round_id=round_id)
    write_appraisal_workbook(result, output, lang=lang)
    return result


def round_history(db: PathLike, agency: str) -> list[dict]:
    """An agency's index, rank and class in every stored round (InputError when it is in none)."""
    return history.agency_history(db, agency)


def render_history(agency: str, rows: list[dict], lang: str = "vi", fmt: str = "table") -> str:
    """:func:`round_history` as a table or Markdown."""
    return history_text.render_history(agency, rows, lang, fmt)


def compare_rounds(db: PathLike, round_a: str, round_b: str) -> dict:
    """What moved between two stored rounds: index, rank and class per agency, and sub-criteria."""
    return history.compare_rounds(db, round_a, round_b)


def render_compare(data: dict, lang: str = "vi", fmt: str = "table") -> str:
    """:func:`compare_rounds` as a table or Markdown."""
    return history_text.render_compare(data, lang, fmt)


def round_json(result: RoundResult) -> str:
    """The round as stable JSON."""
    return render_json(result)


def write_council_workbook(result: RoundResult, path: PathLike, lang: str = "vi", sheets: str = "auto") -> None:
    """The council workbook of a round (ranking, a sheet per agency or unit type, differences, gaps,
    bonus and penalty, errors), written atomically; ``sheets`` ``auto``, ``agency`` or ``unit_type``."""
    from compliance.round.workbook import write_council_workbook as write

    write(result, Path(path), lang=lang, sheets=sheets)


def write_appraisal_workbook(result: RoundResult, path: PathLike, lang: str = "vi") -> None:
    """The appraisal workbook of a round (one row per agency and sub-criterion to fill in), atomically."""
    from compliance.round.workbook import write_appraisal_workbook as write

    write(result, Path(path), lang=lang)


def stored_rounds(db: PathLike) -> list[str]:
    """The round ids stored in the history database ``db``, in order (InputError when it is not one)."""
    return history.stored_rounds(db)


def appraisal_data(path: PathLike) -> dict:
    """An appraisal file (.yaml/.json, or the .xlsx of :func:`export_appraisal`) read and checked as
    :func:`run_round` reads it, returned as plain data in the appraisal file's shape (``round``,
    ``appraised_on``, caps, ``agencies: [{agency, items, bonus, penalty}]``), so a surface can change it
    and hand it back as a file. InputError naming the line, or sheet and cell, as for ``--appraisal``."""
    from compliance.round.appraisal import load_appraisal

    return load_appraisal(path).data.model_dump(mode="json", exclude_none=True)


def appraisal_with(data: dict | None, agency: str, items: list[dict], bonus: list[dict] = (),
                   penalty: list[dict] = ()) -> dict:
    """The appraisal ``data`` (:func:`appraisal_data`'s shape; None for none yet) with ``agency``'s entry
    replaced by ``items`` (``{criterion, round1: {points, note, by}, explanation, round2: {…}}``, a
    sub-criterion's stages as the appraisal file writes them), ``bonus`` and ``penalty``
    (``{points, reason, evidence, by}``); an agency left with nothing is removed. The result is checked
    as an appraisal file is (one stage at least per item, points > 0 for bonus and penalty, no criterion
    twice): InputError naming the agency and the item otherwise. ``data`` itself is not changed."""
    from pydantic import ValidationError

    from compliance.io.yamlio import dotted_path
    from compliance.round.model import AppraisalFile

    out = dict(data or {})
    agencies = [a for a in out.get("agencies", []) if a.get("agency") != agency]
    entry = {"agency": agency, "items": list(items), "bonus": list(bonus), "penalty": list(penalty)}
    if entry["items"] or entry["bonus"] or entry["penalty"]:
        agencies.append(entry)
    out["agencies"] = agencies
    try:
        AppraisalFile.model_validate(out)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = dotted_path(first["loc"][2:]) if first["loc"][:2] == ("agencies", len(agencies) - 1) else None
        raise InputError(None, explain(first), f"{agency}" + (f", {where}" if where else "")) from None
    return out
