"""The ``compliance papi`` command group: score, verify, profile, structure.

Registered in compliance/cli/__init__.py with ``cli.add_command(papi)``. Commands only parse options, call the
library and print; bad input raises :class:`compliance.errors.InputError` (printed by ``main()``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.cli.options import LANG

from compliance import api
from compliance.errors import EXIT_FINDINGS
from compliance.io.files import finish_outputs, plan_outputs

FORMATS = click.Choice(["table", "json", "markdown"])


@click.group(name="papi")
def papi() -> None:
    """PAPI: scores, ranks and groups; checks of published figures; a province's profile."""


@papi.command("score")
@click.argument("scores", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Only this year (or the year of a file without a year column).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write an Excel workbook.")
@LANG
def score_cmd(scores: Path, year: int | None, form: str, xlsx_path: Path | None, lang: str) -> None:
    """Compute dimension and aggregate scores, ranks and groups from sub-dimension SCORES (CSV or XLSX)."""
    plan_outputs({"--xlsx": xlsx_path}, [scores])
    ss = api.papi_score(scores, year)
    if xlsx_path is not None:
        api.write_score_workbook(ss, xlsx_path, lang)
    finish_outputs()
    click.echo(api.render_score(ss, form, lang), nl=False)
    if xlsx_path is not None:
        click.echo(f"xlsx: {xlsx_path}", err=True)


@papi.command("verify")
@click.argument("published", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Only this year (or the year of a file without a year column).")
@click.option("--ranked", type=click.IntRange(1, 100), help="Number of ranked provinces for group checks "
              "(default: the number listed, or the year's number of provinces when more than 3 are missing: 63 until 2024, 34 from 2025).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@LANG
def verify_cmd(published: Path, year: int | None, ranked: int | None, form: str, lang: str) -> None:
    """Check PUBLISHED figures: sums within rounding or truncation, ranges, ranks and groups.

    One line per finding with the arithmetic. Exit code 1 when there are findings, 0 when none.
    """
    res = api.papi_verify(published, year, ranked, lang)
    click.echo(api.render_verify(res, form, lang), nl=False)
    if res.findings:
        sys.exit(EXIT_FINDINGS)  # as `compliance check` does: 1 = findings


@papi.command("profile")
@click.argument("province")
@click.option("--year", type=int, help="Year to profile (default: the latest year with scores).")
@click.option("--scores", type=click.Path(dir_okay=False, path_type=Path),
              help="Score file (default: the shipped 2011–2016 scores, samples/papi/papi-2011-2016.csv).")
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Improvement plan YAML (tasks per dimension with their state).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write an Excel workbook.")
@LANG
def profile_cmd(province: str, year: int | None, scores: Path | None, plan_path: Path | None, form: str,
                xlsx_path: Path | None, lang: str) -> None:
    """Profile PROVINCE (slug or name, e.g. dak-nong, "Đắk Nông", "Dak Nong"): scores, ranks, groups,
    national median and best, change, gaps, and plan tasks."""
    plan_outputs({"--xlsx": xlsx_path}, [scores, plan_path])
    prof = api.papi_profile(province, year, scores, plan_path)
    if xlsx_path is not None:
        api.write_profile_workbook(prof, xlsx_path, lang)
    finish_outputs()
    click.echo(api.render_profile(prof, form, lang), nl=False)
    if xlsx_path is not None:
        click.echo(f"xlsx: {xlsx_path}", err=True)


@papi.command("structure")
@click.option("--year", type=int, help="Show the era in force for this year (default: every era).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@LANG
def structure_cmd(year: int | None, form: str, lang: str) -> None:
    """List dimensions and sub-dimensions (keys for score files and plans), ranges and confidence,
    and the result of PAPI's structure rules for each era."""
    click.echo(api.render_structure(api.papi_structure(year), form, lang), nl=False)
