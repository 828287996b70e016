"""Read a submission: a folder with ``submission.yaml`` (the manifest), or one YAML/JSON/XLSX file."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, join
from compliance.intake.loaded import LoadedSubmission
from compliance.io.vnparse import VnParseError, parse_number
from compliance.io.yamlio import load_located
from compliance.model.submission import TO_FILL, Submission
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
        raise InputError(path, M("not found"))
    if path.is_dir():
        manifest = path / MANIFEST
        if not manifest.is_file():
            raise InputError(path, M("this folder has no {manifest} (the manifest of a submission)", manifest=MANIFEST))
        path = manifest
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):  # the form's reader brings openpyxl (55 ms): only for a form
        from compliance.intake.xlsx_form import read_form
        from compliance.io.workbook import output_words, written_kind

        kind = written_kind(path)
        if kind is not None and kind != "form":
            raise InputError(path, M("a {value} this tool wrote, not a submission: the fill-in form is written by 'compliance template'", value=output_words(kind)))
        return _dated_unit(read_form(path))
    if suffix not in (".yaml", ".yml", ".json"):
        from compliance.lint.reader import SUFFIXES as REPORTS  # only on this error path: lint is not loaded by check

        if suffix in REPORTS:  # a narrative report: the linter reads it and drafts its submission
            raise InputError(path, M("this is a report, not a submission (a folder, a .yaml/.json file or an .xlsx form): "
                                     "check the report with 'compliance lint {name}'; draft its submission with "
                                     "'compliance lint {name} --extract -o draft.yaml', fill its CẦN-ĐIỀN values, then "
                                     "'compliance check draft.yaml'", name=shlex.quote(str(path))))
        raise InputError(path, M("a submission is a folder, a .yaml/.json file or an .xlsx form"))
    readings: dict[tuple, str] = {}
    submission, locator = load_located(path, Submission, M("a submission is a mapping of keys (agency, period, …)"),
                                       prepare=lambda data, locator: _vn_numbers(_unfilled(data, locator, path), locator,
                                                                                  path, readings))
    return _dated_unit(LoadedSubmission(submission=submission, path=path, folder=path.parent, locator=locator,
                                        readings=readings))


def _unfilled(data: dict, locator, path: Path) -> dict:
    """InputError naming every place still holding the placeholder :data:`TO_FILL` ("CẦN-ĐIỀN", left by
    ``compliance lint --extract`` for a person to fill): a draft is never scored with a value nobody gave."""
    found: list[tuple] = []

    def walk(value, loc: tuple) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, loc + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, loc + (i,))
        elif isinstance(value, str) and TO_FILL in value:
            found.append(loc)

    walk(data, ())
    if found:
        entries: dict[tuple, list[str]] = {}
        for loc in found:
            entries.setdefault(loc[:-1], []).append(str(loc[-1]))
        shown = [locator.where(parent + (keys[0],)) if len(keys) == 1 else
                 M("{place} ({keys})", place=locator.where(parent), keys=", ".join(keys)) for parent, keys in list(entries.items())[:8]]
        raise InputError(path, M("{n} value(s) still to fill ({mark}): {places} — fill each one, or delete the entry when "
                                 "the report has nothing to give (a document not issued), then run check again",
                                 n=len(found), mark=TO_FILL, places=join(shown, "; ") if len(entries) <= 8 else
                                 M("{shown}; and {n} more", shown=join(shown, "; "), n=len(entries) - 8)))
    return data


def _flow_commas(data, locator, path: Path, loc: tuple = ()) -> None:
    """InputError for a Vietnamese decimal comma inside a YAML flow mapping: ``{online: 47,26, …}`` reads
    as ``online: 47`` and a key ``26`` without a value (pydantic would say "Keys should be strings" at
    a key path "[26]"). Said at the line of the number, with what to write instead."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            _flow_commas(item, locator, path, loc + (i,))
        return
    if not isinstance(data, dict):
        return
    before = None
    for key, value in data.items():
        if isinstance(key, int) and not isinstance(key, bool) and value is None and before is not None \
                and isinstance(data[before], (int, float)) and not isinstance(data[before], bool):
            whole = data[before]
            line = locator.line_of(loc + (before,))
            text = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[line - 1] if line else ""
            written = re.search(rf"(?<![\d.]){re.escape(str(whole))}\s*,\s*(\d+)", text)
            decimals = written.group(1) if written else str(key)
            raise InputError(path, M("'{whole},{decimals}': in YAML a comma between braces separates items (read as {whole} "
                                     "and a key {decimals}); write {whole}.{decimals}, or \"{whole},{decimals} %\" in quotes",
                                     whole=whole, decimals=decimals), locator.where(loc + (before,)))
        if isinstance(key, str):
            before = key
            _flow_commas(value, locator, path, loc + (key,))


def _vn_numbers(data: dict, locator, path: Path, readings: dict[tuple, str]) -> dict:
    """Figures and stated rates written as text the Vietnamese way ("29,99", "47,26 %", "28.044"; YAML reads
    an unquoted 29,99 as text too) read as numbers, as the fill-in form reads them
    (:func:`compliance.io.vnparse.parse_number`); a reading that could be taken another way ("28.044":
    twenty-eight thousand and forty-four, not 28.044) is noted in ``readings`` under its place, and
    said beside the value's source, as the form says it beside its cell. Text that is no number is an
    InputError naming the line and key."""
    _flow_commas(data, locator, path)
    places = []
    figures = data.get("figures")
    if isinstance(figures, dict):
        places += [(figures[k], "value", ("figures", k, "value")) for k in figures if isinstance(figures[k], dict)]
    dossiers = data.get("dossiers")
    rates = dossiers.get("stated_rates") if isinstance(dossiers, dict) else None
    if isinstance(rates, dict):
        places += [(rates, k, ("dossiers", "stated_rates", k)) for k in rates]
    for holder, key, loc in places:
        text = holder.get(key)
        if not isinstance(text, str):
            continue
        try:
            parsed = parse_number(text)
        except VnParseError:
            raise InputError(path, M("'{text}' is not a number (write 29,99 or 28.044 as in the report)", text=text),
                             locator.where(loc)) from None
        holder[key] = parsed.value
        if parsed.note:
            readings[loc] = parsed.note
    return data


def _dated_unit(loaded: LoadedSubmission) -> LoadedSubmission:
    """The submission, unless its unit type did not exist in its period (a district after 30/6/2025) or
    its province had been merged into another by the end of it (Đắk Nông for 2026: part of Lâm Đồng
    since 01/7/2025, :func:`compliance.papi.provinces.province_problem`; a name in no list is a warning
    of ``check``, :func:`compliance.check.input_notices`)."""
    from compliance.papi.provinces import province_problem

    sub = loaded.submission
    problem = unit_type_period_problem(sub.agency.unit_type, sub.period.to)
    if problem:
        raise InputError(loaded.path, problem, loaded.where(("agency", "unit_type")))
    province = province_problem(sub.agency.province, sub.period.to) if sub.agency.province else None
    if province is not None and province[0]:
        raise InputError(loaded.path, province[1], loaded.where(("agency", "province")))
    return loaded
