"""``compliance round``: run an inspection round, export the appraisal sheet, show the history.

Registered in compliance/cli/__init__.py with ``from compliance.cli.round import round_group; cli.add_command(round_group)``.

Exit codes of ``round run``: 0 every submission was read; 2 some submission could not be read, or two
submissions that differ name one agency (the others are still scored, written and stored; the round is
marked partial) or an input file is
malformed, the folder holds no submission, the appraisal file names an agency that is not in the
round, a workbook is not named .xlsx, or the round id is already stored complete and --replace is not
given (nothing written; a stored round marked incomplete is superseded by the next run under its id
without --replace, said in one line); 1 with ``--fail-on`` when a gap at or above that severity, not waived,
exists in some agency.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from compliance import api
from compliance.cli.options import LANG
from compliance.errors import EXIT_FINDINGS, EXIT_INPUT, InputError
from compliance.i18n import M
from compliance.io.files import finish_outputs, plan_outputs
from compliance.vocab import Severity



def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(None, M("'{value}' is not a date (YYYY-MM-DD)", value=value), f"--{param.name.replace('_', '-')}") from None


@click.group("round")
def round_group() -> None:
    """Inspection round: score many agencies, appraise in two rounds, rank, keep the history."""


@round_group.command("run")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file for every submission "
              "(default: each submission's manifest, else by unit type and period).")
@click.option("--appraisal", type=click.Path(path_type=Path), help="Appraisal file (.yaml/.json, or the .xlsx from "
              "'round export-appraisal').")
@click.option("--waivers", type=click.Path(path_type=Path), help="Waivers file (.yaml/.json).")
@click.option("--round", "round_id", metavar="ID", help="Name of the round in the history (default: the appraisal "
              "file's 'round', else the submissions' year and the folder's name, e.g. 2020-submissions).")
@click.option("--replace", is_flag=True, help="Store the round even if its id is already in the history: the stored "
              "round is kept as a superseded version (see 'round history'). Not needed when the stored round "
              "is marked incomplete (some submission unreadable): the next run under its id supersedes it.")
@click.option("--as-of", callback=_date, metavar="YYYY-MM-DD", help="Reference date for waiver expiry (default: the "
              "appraisal date, else today).")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path), help="Write the council workbook here.")
@click.option("--sheets", type=click.Choice(["auto", "agency", "unit_type"]), default="auto", show_default=True,
              help="Workbook: a sheet per agency, per unit type, or per agency up to 60 agencies.")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="History database (default: "
              "rounds.sqlite in the current folder).")
@click.option("--no-history", is_flag=True, help="Do not store the round in the history database.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that score submissions (1: all in this process; 0: one per CPU up to 4 from 100 "
              "submissions). On this 2-CPU machine 2 workers were slower (bench/round.py).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
              help="Exit 1 when a gap at or above this severity (not waived) exists.")
@LANG
def run_cmd(folder: Path, criteria_id, appraisal, waivers, round_id, replace, as_of, xlsx_path, sheets, db_path,
            no_history, workers, fmt, fail_on, lang) -> None:
    """Score every submission in FOLDER, apply the appraisal and waivers, rank, store and report."""
    db = db_path or api.default_db(folder)
    plan_outputs({"--xlsx": xlsx_path}, [folder, appraisal, waivers, criteria_id],
                 databases={"--db": None if no_history else db})
    result = api.run_round(folder, criteria=criteria_id, appraisal=appraisal, waivers=waivers, round_id=round_id,
                           as_of=as_of, db=None if no_history else db, replace=replace, workbook=xlsx_path,
                           sheets=sheets, lang=lang, workers=workers)
    finish_outputs()  # the round stored with its workbook, or neither
    click.echo(api.round_json(result) if fmt == "json" else api.render_round(result, lang, fmt), nl=False)
    if xlsx_path:
        click.echo((M("Workbook written: ").get(lang)) + str(xlsx_path), err=True)
    if not no_history:
        click.echo((M("Round stored in: ").get(lang)) + str(db), err=True)
        note = result.stored.note() if result.stored else None
        if note is not None:
            click.echo(note.get(lang), err=True)
    for line in result.incomplete(lang):
        click.echo(M("error: {line}", line=line).get(lang), err=True)
    if result.partial:
        sys.exit(EXIT_INPUT)
    if fail_on and result.has_open_gap(Severity(fail_on)):
        sys.exit(EXIT_FINDINGS)


@round_group.command("export-appraisal")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file for every submission.")
@click.option("--appraisal", type=click.Path(path_type=Path), help="An appraisal so far (round 1 filled): its "
              "points and notes are carried into the workbook.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx to write.")
@click.option("--round", "round_id", metavar="ID", help="Name of the round.")
@LANG
def export_appraisal_cmd(folder: Path, criteria_id, appraisal, output: Path, round_id, lang) -> None:
    """Write the appraisal workbook for FOLDER: one row per agency and sub-criterion to fill in."""
    plan_outputs({"-o/--output": output}, [folder, appraisal, criteria_id])
    result = api.export_appraisal(folder, output, criteria=criteria_id, appraisal=appraisal, round_id=round_id,
                                  lang=lang)
    finish_outputs()
    click.echo((M("Appraisal workbook written: ").get(lang)) + str(output), err=True)
    for line in result.incomplete(lang):
        click.echo(M("error: {line}", line=line).get(lang), err=True)
    if result.partial:
        sys.exit(EXIT_INPUT)


@round_group.command("history")
@click.argument("agency")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=Path("rounds.sqlite"), show_default=True,
              help="History database (as 'round run' stores by default).")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True)
@LANG
def history_cmd(agency: str, db_path: Path, fmt: str, lang: str) -> None:
    """An agency's index, rank and class in every stored round."""
    click.echo(api.render_history(agency, api.round_history(db_path, agency), lang, fmt), nl=False)


@round_group.command("compare")
@click.argument("round_a")
@click.argument("round_b")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=Path("rounds.sqlite"), show_default=True,
              help="History database (as 'round run' stores by default).")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True)
@LANG
def compare_cmd(round_a: str, round_b: str, db_path: Path, fmt: str, lang: str) -> None:
    """What moved between two stored rounds: index, rank and class per agency, and sub-criteria."""
    click.echo(api.render_compare(api.compare_rounds(db_path, round_a, round_b), lang, fmt), nl=False)
