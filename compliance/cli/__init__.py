"""Command-line interface (click). Commands only: parsing options, calling the library, printing.

Layer: surface (the top). Each command group lives in its own module here (``criteria``, ``papi``,
``dossiers``, ``round``, ``template``); nothing below this package imports it. A command parses its
options, calls :mod:`compliance.api` and prints; it imports only the api, the foundation
(``compliance.errors``, ``compliance.vocab``, ``compliance.model``) and ``compliance.io``, never the
domain. ``compliance.api`` loads what a command needs on first use, so ``compliance --help`` imports
none of DuckDB, openpyxl or durable_rules.

Exit codes: 0 success; 1 a gap at or above ``--fail-on`` exists; 2 unusable input; 3 internal error;
130 interrupted (Ctrl-C); 143 and 129 stopped by SIGTERM or SIGHUP (:data:`compliance.errors.STOP_SIGNALS`).
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

import click

from compliance import api, command_lang
from compliance.errors import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, INTERRUPTED, InputError,
                               interrupt_seen, interrupts_held, interrupts_ignored, interrupts_outside_imports, printable,
                               stop_code)
from compliance.cli.options import LANG
from compliance.i18n import M, Num, date
from compliance.io.files import command_scope, finish_outputs, plan_outputs
from compliance.vocab import Severity

SEVERITIES = [s.value for s in Severity]


class _Stopped(BaseException):
    """Ctrl-C on its way out of click: click's ``main()`` answers a KeyboardInterrupt by writing an empty
    line on stderr before its Abort, and the command's one line (:data:`INTERRUPTED`) is all it says."""


class _Root(click.Group):
    """The root group: Ctrl-C while a command runs leaves click as :class:`_Stopped`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Stopped from exc


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="compliance")
def cli() -> None:
    """Check an agency's administrative-reform work against the PAR INDEX and PAPI.

    Exit codes: 0 done; 1 a gap at or above --fail-on; 2 unusable input; 3 internal error; 130 interrupted
    (143, 129: stopped by SIGTERM, SIGHUP).
    """
    # no output may replace what the command reads (main() opens the scope; this one serves a caller of cli itself)
    click.get_current_context().with_resource(command_scope(together=False))


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
    finish_outputs()  # the outputs in place before the command says so
    click.echo(api.render_scorecard(card, fmt, lang), nl=False)
    for line in api.warning_lines(card, lang):  # last, where the terminal leaves it; also with stdout redirected
        click.echo(line, err=True)
    if xlsx_path:
        click.echo(M("Workbook written: {path}", path=str(xlsx_path)).get(lang), err=True)
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
    click.echo(f"{v.source}: " + M("valid — {name} ({code}), {start}–{end}, {documents} documents, {groups} late-dossier "
                                   "groups, {figures} figures, {tasks} plan tasks", name=v.agency_name, code=v.agency_code,
                                   start=date(v.period_from, lang), end=date(v.period_to, lang), documents=v.documents,
                                   groups=v.late_dossier_groups, figures=v.figures, tasks=v.plan_tasks).get(lang))
    for line in api.warning_lines(v, lang):
        click.echo(line, err=True)


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


def _expected(kind: click.ParamType):
    """What a value of ``kind`` must look like, in the user's terms (click says it in English), or None."""
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        what = M("a whole number") if isinstance(kind, click.IntRange) else M("a number")
        low, high = (Num(v) if isinstance(v, float) else v for v in (kind.min, kind.max))  # ports, counts as they are
        if low is not None and high is not None:
            return M("enter {what} from {low} to {high}", what=what, low=low, high=high)
        if low is not None:
            return M("enter {what} of at least {low}", what=what, low=low)
        return M("enter {what} of at most {high}", what=what, high=high)
    if kind is click.INT:
        return M("enter a whole number")
    if kind is click.FLOAT:
        return M("enter a number")
    if isinstance(kind, click.DateTime):
        formats = [f.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD") for f in kind.formats]
        return M("enter a date as {formats}", formats=" / ".join(formats))
    return None


def _usage_message(exc: click.ClickException):
    """A bad option or argument in the user's terms (click's own text is English)."""
    if isinstance(exc, click.NoSuchOption):
        return M("no such option: {option}", option=exc.option_name)
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return M("missing {what} {name}", what=M("option") if isinstance(exc.param, click.Option) else M("argument"),
                 name=exc.param.get_error_hint(exc.ctx) if exc.ctx else exc.param.name)
    if isinstance(exc, click.BadParameter) and exc.param is not None and exc.ctx is not None:
        choices = getattr(exc.param.type, "choices", None)
        if choices:
            return M("invalid value for {name}: choose one of {choices}", name=exc.param.get_error_hint(exc.ctx),
                     choices=", ".join(map(str, choices)))
        return M("invalid value for {name}: {why}", name=exc.param.get_error_hint(exc.ctx),
                 why=_expected(exc.param.type) or exc.message)
    if isinstance(exc, click.BadOptionUsage) and "requires" in exc.message:
        return M("option {name} needs a value", name=exc.option_name)
    if isinstance(exc, click.UsageError) and exc.message.startswith("Got unexpected extra argument"):
        return M("too many arguments: {text}", text=exc.message.partition("(")[2].rstrip(")"))
    if isinstance(exc, click.UsageError) and exc.message.startswith("No such command"):
        return M("no such command: {text}", text=exc.message.partition("'")[2].rstrip(".'"))
    return exc.format_message()


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI on ``argv`` (default ``sys.argv[1:]``); bad input → one line on stderr (in
    the ``--lang`` language) and exit 2, Ctrl-C → one line and exit 130 (SIGTERM, SIGHUP: the same line,
    exit 143, 129), never a traceback."""
    lang = command_lang(sys.argv[1:] if argv is None else argv)
    outcome = None
    try:
        with interrupts_outside_imports():
            with interrupts_held():  # Python finds its temporary folder by writing a test file there: left if cut
                tempfile.gettempdir()
            outcome = _outcome(argv, lang)
            if outcome[1] not in (EXIT_OK, EXIT_FINDINGS):
                _collect_abandoned()
    except KeyboardInterrupt:  # once the outcome is decided (its outputs in place), a late Ctrl-C changes nothing
        if outcome is None:
            outcome = INTERRUPTED.get(lang), stop_code()
    line, code = outcome
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


def _outcome(argv: list[str] | None, lang: str = "vi") -> tuple[str | None, int]:
    """Run the CLI and turn how it ended into (the line for stderr or None, the exit code)."""
    try:
        try:
            with command_scope(lang):  # the command's outputs land together when it ends, or none does
                cli.main(args=argv, standalone_mode=False, lang=lang)  # lang: the help pages' (cli/help.py)
            return None, 0
        except InputError as exc:
            return M("error: {line}", line=exc.line(lang)).get(lang), EXIT_INPUT
        except (KeyboardInterrupt, _Stopped, click.exceptions.Abort):
            return INTERRUPTED.get(lang), stop_code()
        except click.exceptions.NoArgsIsHelpError as exc:  # a group without its command: its help page, no "error:"
            return exc.format_message(), EXIT_INPUT
        except click.ClickException as exc:  # a bad option or argument: one line, like every other bad input
            return M("error: {line} (see --help)", line=_usage_message(exc)).get(lang), EXIT_INPUT
        except click.exceptions.Exit as exc:
            return None, exc.exit_code
        except SystemExit as exc:  # a command's own exit code (1: gaps found; 2: a partial round), its outputs in place
            return None, exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BrokenPipeError:
            return None, 0
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for the user
            if os.environ.get("COMPLIANCE_DEBUG"):
                raise
            if isinstance(exc, RuntimeError) and "interrupt" in str(exc).lower():  # DuckDB turns Ctrl-C into this
                return INTERRUPTED.get(lang), stop_code()
            if interrupt_seen():  # a library caught the KeyboardInterrupt and raised another error in its place
                return INTERRUPTED.get(lang), stop_code()
            return M("internal error: {kind}: {detail} (set COMPLIANCE_DEBUG=1 for details)", kind=type(exc).__name__,
                     detail=str(exc)).get(lang), EXIT_INTERNAL
    except KeyboardInterrupt:  # Ctrl-C while an error above was being turned into its line
        return INTERRUPTED.get(lang), stop_code()


def _register() -> None:
    """Command groups that live beside their own code."""
    from compliance.cli.criteria import criteria_group
    from compliance.cli.papi import papi
    from compliance.cli.dossiers import dossiers
    from compliance.cli.lint import lint
    from compliance.cli.round import round_group
    from compliance.cli.serve import serve
    from compliance.cli.template import template
    from compliance.cli.help import install

    cli.add_command(lint)
    cli.add_command(criteria_group)
    cli.add_command(papi)
    cli.add_command(dossiers)
    cli.add_command(template)
    cli.add_command(round_group)
    cli.add_command(serve)
    install(cli)  # after every add_command: each command's help page in the output language


_register()
