"""Command-line interface (click). Commands only: parsing options, calling the library, printing.

Layer: surface (the top). Each command group lives in its own module here (``criteria``, ``papi``,
``dossiers``, ``round``, ``template``); nothing below this package imports it. A command parses its
options, calls :mod:`compliance.api` and prints; it imports only the api, the foundation
(``compliance.errors``, ``compliance.vocab``, ``compliance.model``) and ``compliance.io``, never the
domain. ``compliance.api`` loads what a command needs on first use, so ``compliance --help`` imports
none of DuckDB, openpyxl or durable_rules.

Exit codes: 0 success; 1 a gap at or above ``--fail-on`` exists; 2 unusable input; 3 internal error;
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from compliance import api
from compliance.errors import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, INTERRUPTED,
                               InputError, interrupts_ignored, interrupts_outside_imports, printable)
from compliance.io.files import command_scope, plan_outputs
from compliance.vocab import Severity

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                    help="Language of the output.")
SEVERITIES = [s.value for s in Severity]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="compliance")
def cli() -> None:
    """Check an agency's administrative-reform work against the PAR INDEX and PAPI.

    Exit codes: 0 done; 1 a gap at or above --fail-on; 2 unusable input; 3 internal error; 130 interrupted.
    """
    click.get_current_context().with_resource(command_scope())  # no output may replace what the command reads


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file (default: the manifest's, "
              "else the edition matching unit type and period).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path), help="Also write the scored workbook here.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Exit 1 when a gap at or above this severity exists.")
@LANG
def check(path: Path, criteria_id: str | None, fmt: str, xlsx_path: Path | None, fail_on: str | None, lang: str) -> None:
    """Score a submission (a folder with submission.yaml, or a YAML/JSON/XLSX file) and list its gaps."""
    plan_outputs({"--xlsx": xlsx_path}, [path, criteria_id])
    card = api.check(path, criteria=criteria_id)
    if xlsx_path:
        api.write_scored_workbook(card, xlsx_path, lang)
    click.echo(api.render_scorecard(card, fmt, lang), nl=False)
    if xlsx_path:
        click.echo(("Đã ghi bảng tính: " if lang == "vi" else "Workbook written: ") + str(xlsx_path), err=True)
    if fail_on and any(f.severity.at_least(Severity(fail_on)) for f in card.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file, as for check.")
@LANG
def validate(path: Path, criteria_id: str | None, lang: str) -> None:
    """Read a submission as check reads it (schema, numbers, points against the edition, the files it
    names) without scoring it: it refuses what check refuses."""
    v = api.validate(path, criteria=criteria_id)
    if lang == "en":
        click.echo(f"{v.source}: valid — {v.agency_name} ({v.agency_code}), "
                   f"{v.period_from:%d/%m/%Y}–{v.period_to:%d/%m/%Y}, {v.documents} documents, "
                   f"{v.late_dossier_groups} late-dossier groups, {v.figures} figures, {v.plan_tasks} plan tasks")
    else:
        click.echo(f"{v.source}: hợp lệ — {v.agency_name} ({v.agency_code}), "
                   f"{v.period_from:%d/%m/%Y}–{v.period_to:%d/%m/%Y}, {v.documents} văn bản, "
                   f"{v.late_dossier_groups} nhóm hồ sơ trễ hạn, {v.figures} số liệu, {v.plan_tasks} nhiệm vụ kế hoạch")


@cli.group()
def rules() -> None:
    """Browse the loaded rules (rules/**/*.yaml)."""


@rules.command("list")
@LANG
def rules_list(lang: str) -> None:
    """Every gap rule: id, version, fact kind, severity, title."""
    click.echo(api.render_rules(lang))


@rules.command("show")
@click.argument("rule_id")
@LANG
def rules_show(rule_id: str, lang: str) -> None:
    """One rule: condition, gap, legal basis with dates, remediation, test cases."""
    click.echo(api.render_rule(rule_id, lang))


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI on ``argv`` (default ``sys.argv[1:]``); bad input → one line on stderr
    and exit 2, Ctrl-C → one line and exit 130, never a traceback."""
    with interrupts_outside_imports():
        line, code = _outcome(argv)
        if code not in (EXIT_OK, EXIT_FINDINGS):
            _collect_abandoned()
    if line:
        line = "\n".join(printable(part) for part in line.split("\n"))  # a register lists one error a line
        with interrupts_ignored():  # the outcome is decided: a second Ctrl-C must not cut the last line
            click.echo(line, err=True)
    if code:
        sys.exit(code)


def _collect_abandoned() -> None:
    """Finalise now, quietly, what a command stopped part-way left behind. A workbook being built holds
    generators writing to files of its own; collected later (at exit) they would report "Exception
    ignored … I/O operation on closed file" with a traceback, which says nothing about the outcome."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _outcome(argv: list[str] | None) -> tuple[str | None, int]:
    """Run the CLI and turn how it ended into (the line for stderr or None, the exit code)."""
    try:
        try:
            cli.main(args=argv, standalone_mode=False)
            return None, 0
        except InputError as exc:
            return f"error: {exc.line()}", EXIT_INPUT
        except (KeyboardInterrupt, click.exceptions.Abort):
            return INTERRUPTED, EXIT_INTERRUPTED
        except click.ClickException as exc:  # a bad option or argument: one line, like every other bad input
            return f"error: {exc.format_message()} (see --help)", EXIT_INPUT
        except click.exceptions.Exit as exc:
            return None, exc.exit_code
        except BrokenPipeError:
            return None, 0
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for the user
            if os.environ.get("COMPLIANCE_DEBUG"):
                raise
            if isinstance(exc, RuntimeError) and "interrupt" in str(exc).lower():  # DuckDB turns Ctrl-C into this
                return INTERRUPTED, EXIT_INTERRUPTED
            return f"internal error: {type(exc).__name__}: {exc} (set COMPLIANCE_DEBUG=1 for details)", EXIT_INTERNAL
    except KeyboardInterrupt:  # Ctrl-C while an error above was being turned into its line
        return INTERRUPTED, EXIT_INTERRUPTED


def _register() -> None:
    """Command groups that live beside their own code."""
    from compliance.cli.criteria import criteria_group
    from compliance.cli.papi import papi
    from compliance.cli.dossiers import dossiers
    from compliance.cli.lint import lint
    from compliance.cli.round import round_group
    from compliance.cli.serve import serve
    from compliance.cli.template import template

    cli.add_command(lint)
    cli.add_command(criteria_group)
    cli.add_command(papi)
    cli.add_command(dossiers)
    cli.add_command(template)
    cli.add_command(round_group)
    cli.add_command(serve)


_register()
