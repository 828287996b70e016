"""The PAR INDEX criteria editions: list, show, tree, check, import from Excel, export, diff."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from compliance.catalog import declared_metrics
from compliance.criteria_lib.check import CheckResult, check_edition, check_file
from compliance.criteria_lib.diff import EditionDiff, diff_editions, diff_table
from compliance.criteria_lib.files import load_edition, locate, shipped_files
from compliance.criteria_lib.importer import WorkbookError, import_workbook
from compliance.criteria_lib.problems import Problem
from compliance.criteria_lib.show import check_lines, edition_rows, editions_table, header_lines
from compliance.criteria_lib.tree import render_tree
from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.files import atomic_write, shown
from compliance.model.criteria import Edition

PathLike = str | os.PathLike
__all__ = ["CriteriaImport", "WorkbookError", "assessment_year", "check_criteria", "diff_criteria", "edition", "editions", "editions_for",
           "export_criteria", "import_criteria", "render_criteria_check", "render_diff", "render_edition",
           "render_editions", "render_tree_of", "write_imported"]


def editions(lang: str = "vi") -> list[dict]:
    """Every shipped edition: id, title, level, valid_from/valid_to (ISO), decision, confidence, status
    (complete, incomplete or listed only), file."""
    return edition_rows(lang)


def assessment_year(today=None) -> int:
    """The year a unit self-assesses on ``today`` (a date; default today): the current year from March
    on, the year before in January and February (:func:`compliance.calendar.assessment_year`)."""
    from compliance.calendar import assessment_year as year

    return year(today)


def editions_for(unit_type: str, year: int, lang: str = "vi") -> list[dict]:
    """The editions an agency of ``unit_type`` (a :class:`~compliance.vocab.UnitType` value) can fill in
    for the year ``year``: those made for its unit type and in force on 31/12 of that year (the day
    ``check`` chooses by), as :func:`editions` rows plus ``scorable`` (False for a listed-only edition or
    unknown points: no form to fill), ``model_set`` and ``warning`` (the sentence every output prints for
    a model set or an incomplete edition, None otherwise). InputError for an unknown unit type."""
    import datetime as dt

    from compliance.criteria_lib.files import shipped_editions
    from compliance.report.labels import label
    from compliance.vocab import UnitType

    try:
        unit = UnitType(unit_type)
    except ValueError:
        raise InputError(None, M("unknown unit type '{unit_type}' (known: {items})", unit_type=unit_type, items=', '.join(u.value for u in UnitType)),
                         "unit_type") from None
    day = dt.date(year, 12, 31)
    rows = {r["id"]: r for r in edition_rows(lang)}
    out = []
    for e, _ in shipped_editions():
        if unit in e.unit_types and e.covers(day):
            warning = label("model_set", lang) if e.model_set else (label("incomplete", lang) if e.incomplete else None)
            out.append({**rows[e.id], "scorable": e.scorable and not e.listed_only, "model_set": e.model_set,
                        "warning": warning})
    return out


def render_editions(lang: str = "vi", fmt: str = "table") -> str:
    """``criteria list``: a table, or JSON (``fmt="json"``)."""
    rows = editions(lang)
    return json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else editions_table(rows, lang)


def edition(ref: str) -> tuple[Edition, Path]:
    """A PAR INDEX edition by id or YAML path, with its file; InputError when it is not one."""
    return load_edition(ref)


def render_edition(ref: str, lang: str = "vi") -> str:
    """``criteria show``: the edition's header (dates, decision, source, confidence, completeness), a blank
    line, and its tree."""
    found, path = load_edition(ref)
    return "\n".join(header_lines(found, path, lang)) + "\n\n" + render_tree(found, lang)


def render_tree_of(ref: str, lang: str = "vi") -> str:
    """``criteria tree``: the tree with points, indented."""
    return render_tree(load_edition(ref)[0], lang)


def check_criteria(refs: tuple[str, ...] | list[str] = (), metrics: bool = True) -> list[CheckResult]:
    """Check criteria files (ids or paths; every shipped one when ``refs`` is empty): ids, sums, bands,
    formulas, evidence, unit types, classes, counts; PAPI structure files by PAPI's rules. ``metrics``:
    also check scoring inputs against the metrics declared in ``rules/``."""
    paths = [locate(r) for r in refs] if refs else shipped_files()
    declared = declared_metrics() if metrics else None
    return [check_file(p, metrics=declared) for p in paths]


def render_criteria_check(results: list[CheckResult], fmt: str = "text", lang: str = "vi") -> str:
    """``criteria check``: one line per problem and note and the counts, or JSON (``fmt="json"``)."""
    if fmt == "json":
        return json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2)
    return "\n".join(check_lines(results, lang))


@dataclass
class CriteriaImport:
    """A criteria table read from a workbook and checked, not yet written.

    ``edition``: the edition read; ``sheet``: the sheet it came from; ``notes``: (where, message) of what
    was assumed; ``problems``: what ``criteria check`` finds in it; ``blocking``: the errors among them
    that stop the import (leaves that read a placeholder input do not)."""

    workbook: Path
    edition: Edition
    sheet: str
    notes: list[tuple[str, str]]
    problems: list[Problem]
    blocking: list[Problem]


def import_criteria(workbook: PathLike, output: PathLike, sheet: str | None = None,
                    overrides: dict | None = None) -> CriteriaImport:
    """Read a criteria table from ``workbook`` (.xlsx) for the YAML file ``output``, and check it.

    ``overrides``: edition fields given by the caller (id, title, level, unit_types, valid_from, …; None
    values are ignored). Raises InputError when ``output`` is not ``.yaml``/``.yml``, and
    :class:`WorkbookError` (an InputError with every ``(where, message)``) when the table cannot be read.
    Nothing is written: see :func:`write_imported`.
    """
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(output, M("the output must be a .yaml file"), "-o")
    result = import_workbook(Path(workbook), sheet, overrides or {})
    problems = check_edition(result.edition, metrics=declared_metrics())
    blocking = [p for p in problems if p.severity == "error" and p.kind != "input_undeclared"]
    return CriteriaImport(Path(workbook), result.edition, result.sheet, list(result.notes), problems, blocking)


def write_imported(imported: CriteriaImport, output: PathLike) -> None:
    """Write an imported edition as criteria YAML, atomically, with a header saying where it came from."""
    import yaml

    output = Path(output)
    header = [f"Imported by `compliance criteria import` from {imported.workbook.name}, sheet {imported.sheet}.",
              f"Check it with: compliance criteria check {shown(output)}"]
    data = imported.edition.model_dump(mode="json", exclude_defaults=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    with atomic_write(output, "w") as fh:
        fh.write("".join(f"# {line}\n" for line in header) + body)


def export_criteria(ref: str, output: PathLike) -> Edition:
    """Write edition ``ref`` to an Excel workbook that :func:`import_criteria` reads back unchanged;
    InputError when ``output`` is not ``.xlsx``. Returns the edition."""
    from compliance.criteria_lib.exporter import export_edition

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise InputError(output, M("the output must be an .xlsx workbook"), "-o")
    found, _ = load_edition(ref)
    export_edition(found, output)
    return found


def diff_criteria(a: str, b: str) -> EditionDiff:
    """What changed from edition ``a`` to edition ``b`` (ids or YAML files): added, removed, renamed,
    moved, renumbered, points, bands and scoring changed."""
    return diff_editions(load_edition(a)[0], load_edition(b)[0])


def render_diff(diff: EditionDiff, fmt: str = "table", lang: str = "vi") -> str:
    """A diff as a table, or JSON (``fmt="json"``)."""
    return json.dumps(diff.to_json(), ensure_ascii=False, indent=2) if fmt == "json" else diff_table(diff, lang)
