"""``compliance criteria …``: the click group ``criteria_group`` (commands only; logic in the library).

list · show ID · tree ID · check [FILE|ID …] · import FORM.xlsx -o FILE · export ID -o FILE.xlsx · diff A B

Exit codes: 0 done (``check``: no error found; warnings allowed); 1 ``check`` found errors or ``diff`` found
changes with ``--exit-code``; 2 unusable input (InputError, printed as one line by the caller).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance import api
from compliance.cli.options import LANG
from compliance.errors import EXIT_FINDINGS, InputError
from compliance.i18n import M
from compliance.io.files import finish_outputs, plan_outputs, shown

FORMAT = click.option("--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _echo(text: str) -> None:
    click.echo(text)


@click.group("criteria")
def criteria_group() -> None:
    """PAR INDEX criteria editions: list, show, tree, check, import/export Excel, diff."""


@criteria_group.command("list")
@LANG
@FORMAT
def list_cmd(lang: str, form: str) -> None:
    """Every shipped edition: id, title, level, valid from/to, decision, confidence, complete or not."""
    _echo(api.render_editions(lang, form))


@criteria_group.command("show")
@click.argument("ref", metavar="ID|FILE")
@LANG
def show_cmd(ref: str, lang: str) -> None:
    """An edition's header (dates, decision, source, confidence, completeness) and its tree."""
    _echo(api.render_edition(ref, lang))


@criteria_group.command("tree")
@click.argument("ref", metavar="ID|FILE")
@LANG
def tree_cmd(ref: str, lang: str) -> None:
    """The tree with points, indented, for a quick look."""
    _echo(api.render_tree_of(ref, lang))


@criteria_group.command("check")
@click.argument("refs", nargs=-1, metavar="[FILE|ID]…")
@LANG
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-metrics", is_flag=True, help="Do not check scoring inputs against the metrics declared in rules/.")
def check_cmd(refs: tuple[str, ...], lang: str, form: str, no_metrics: bool) -> None:
    """Check criteria files (all shipped ones when none is named): ids, sums, bands, formulas, evidence,
    unit types, classes, counts; PAPI structure files by PAPI's rules. One line per problem."""
    results = api.check_criteria(refs, metrics=not no_metrics)
    _echo(api.render_criteria_check(results, form, lang))
    if any(r.errors for r in results):
        sys.exit(EXIT_FINDINGS)


@criteria_group.command("import")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The criteria YAML file to write.")
@click.option("--sheet", help="Sheet holding the table (default: the one sheet with a criteria table; two are refused, naming them).")
@click.option("--id", "edition_id", help="Edition id, e.g. par-dept-dak-nong-2023 (else from the 'Thông tin' sheet).")
@click.option("--title", help="Edition title (Vietnamese).")
@click.option("--level", type=click.Choice(["province", "ministry", "department", "district", "commune"]))
@click.option("--unit-type", "unit_types", multiple=True, help="Unit type the set applies to (repeatable).")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), help="First day of the evaluation periods it applies to.")
@click.option("--valid-to", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]))
@click.option("--decision", help="Issuing decision, e.g. '1234/QĐ-UBND, 05/3/2023'.")
@click.option("--model-set", is_flag=True, default=None, help="A model set made by the project (no issuing decision).")
@click.option("--source", help="Where the table comes from.")
@click.option("--confidence", type=click.Choice(["verified", "model", "unknown"]))
@LANG
def import_cmd(workbook: Path, output: Path, sheet: str | None, edition_id, title, level, unit_types, valid_from, valid_to,
               decision, model_set, source, confidence, lang: str) -> None:
    """Read a criteria table from WORKBOOK (.xlsx) into a criteria YAML file (written atomically)."""
    overrides = {"id": edition_id, "title": title, "level": level, "unit_types": list(unit_types) or None,
                 "valid_from": valid_from.date() if valid_from else None, "valid_to": valid_to.date() if valid_to else None,
                 "decision": decision, "model_set": model_set, "source": source, "confidence": confidence}
    plan_outputs({"-o/--output": output}, [workbook])
    try:
        imported = api.import_criteria(workbook, output, sheet, overrides)
    except api.WorkbookError as exc:
        for line in exc.lines(lang):
            click.echo(M("error: {line}", line=line).get(lang), err=True)
        raise InputError(workbook, M("{n} problem(s) listed above; nothing written", n=len(exc.problems)), exc.problems[0][0]) from None
    for where, message in imported.notes:
        click.echo(f"{M('note').get(lang)}: {InputError(workbook, message, where or None).line(lang)}", err=True)
    if imported.blocking:
        for p in imported.blocking:
            click.echo(M("error: {line}", line=f"{workbook}: {p.text(lang)}").get(lang), err=True)
        raise InputError(workbook, M("{n} problem(s) listed above (criteria check); nothing written", n=len(imported.blocking)))
    api.write_imported(imported, output)
    finish_outputs()
    edition, problems = imported.edition, imported.problems
    errors = sum(p.severity == "error" for p in problems)
    nodes = sum(1 for _ in edition.nodes())
    _echo(M("imported {nodes} nodes ({n} fields) from sheet {sheet} → {value}; {n2} notes; criteria check: {errors} errors, {value2} warnings", nodes=nodes, n=len(edition.fields), sheet=imported.sheet, value=shown(output), n2=len(imported.notes), errors=errors, value2=len(problems) - errors).get(lang))


@criteria_group.command("export")
@click.argument("ref", metavar="ID|FILE")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx workbook to write.")
def export_cmd(ref: str, output: Path) -> None:
    """Write an edition to an Excel workbook that 'criteria import' reads back unchanged."""
    plan_outputs({"-o/--output": output}, [ref])
    edition = api.export_criteria(ref, output)
    finish_outputs()
    _echo(f"{edition.id} → {shown(output)}")


@criteria_group.command("diff")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@LANG
@FORMAT
@click.option("--exit-code", is_flag=True, help="Exit 1 when the editions differ.")
def diff_cmd(a: str, b: str, lang: str, form: str, exit_code: bool) -> None:
    """What changed from edition A to edition B (ids or YAML files): added, removed, renamed, moved,
    renumbered, points, bands and scoring changed."""
    result = api.diff_criteria(a, b)
    _echo(api.render_diff(result, form, lang))
    if exit_code and not result.empty:
        sys.exit(EXIT_FINDINGS)


__all__ = ["criteria_group", "InputError"]
