"""The ``compliance papi`` command group: score, verify, profile, structure.

Registered in compliance/cli/__init__.py with ``cli.add_command(papi)``. Commands only parse options, call the
library and print; bad input raises :class:`compliance.errors.InputError` (printed by ``main()``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.errors import EXIT_FINDINGS

from compliance.papi.report import dumps, render, score_json, score_sections

FORMATS = click.Choice(["table", "json", "markdown"])
LANGS = click.Choice(["vi", "en"])


@click.group(name="papi")
def papi() -> None:
    """PAPI: scores, ranks and groups; checks of published figures; a province's profile."""


@papi.command("score")
@click.argument("scores", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Only this year (or the year of a file without a year column).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write an Excel workbook.")
@click.option("--lang", type=LANGS, default="vi", show_default=True)
def score_cmd(scores: Path, year: int | None, form: str, xlsx_path: Path | None, lang: str) -> None:
    """Compute dimension and aggregate scores, ranks and groups from sub-dimension SCORES (CSV or XLSX)."""
    from compliance.papi.scores import score_file

    ss = score_file(scores, year)
    if xlsx_path is not None:
        from compliance.papi.xlsx import write_score_workbook

        write_score_workbook(ss, xlsx_path, lang)
    if form == "json":
        click.echo(dumps(score_json(ss, lang)), nl=False)
    else:
        click.echo(render(score_sections(ss, lang), form), nl=False)
    if xlsx_path is not None:
        click.echo(f"xlsx: {xlsx_path}", err=True)


@papi.command("verify")
@click.argument("published", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Only this year (or the year of a file without a year column).")
@click.option("--ranked", type=click.IntRange(1, 100), help="Number of ranked provinces for group checks "
              "(default: the number listed when 60 or more, else 63).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@click.option("--lang", type=LANGS, default="vi", show_default=True)
def verify_cmd(published: Path, year: int | None, ranked: int | None, form: str, lang: str) -> None:
    """Check PUBLISHED figures: sums within rounding or truncation, ranges, ranks and groups.

    One line per finding with the arithmetic. Exit code 1 when there are findings, 0 when none.
    """
    from compliance.papi.report import verify_json, verify_text
    from compliance.papi.verify import verify_file

    res = verify_file(published, year, ranked, lang)
    if form == "json":
        click.echo(dumps(verify_json(res, lang)), nl=False)
    else:
        click.echo(verify_text(res, form, lang), nl=False)
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
@click.option("--lang", type=LANGS, default="vi", show_default=True)
def profile_cmd(province: str, year: int | None, scores: Path | None, plan_path: Path | None, form: str,
                xlsx_path: Path | None, lang: str) -> None:
    """Profile PROVINCE (slug or name, e.g. dak-nong, "Đắk Nông", "Dak Nong"): scores, ranks, groups,
    national median and best, change, gaps, and plan tasks."""
    from compliance.papi.plan import load_plan
    from compliance.papi.profile import build_profile
    from compliance.papi.report import profile_json, profile_sections

    plan = load_plan(plan_path) if plan_path else None
    prof = build_profile(province, year, scores, plan)
    if xlsx_path is not None:
        from compliance.papi.xlsx import write_profile_workbook

        write_profile_workbook(prof, xlsx_path, lang)
    if form == "json":
        click.echo(dumps(profile_json(prof)), nl=False)
    else:
        click.echo(render(profile_sections(prof, lang), form), nl=False)
    if xlsx_path is not None:
        click.echo(f"xlsx: {xlsx_path}", err=True)


@papi.command("structure")
@click.option("--year", type=int, help="Show the era in force for this year (default: every era).")
@click.option("--format", "form", type=FORMATS, default="table", show_default=True)
@click.option("--lang", type=LANGS, default="vi", show_default=True)
def structure_cmd(year: int | None, form: str, lang: str) -> None:
    """List dimensions and sub-dimensions (keys for score files and plans), ranges and confidence,
    and the result of PAPI's structure rules for each era."""
    from compliance.papi.labels import t
    from compliance.papi.report import Section
    from compliance.papi.structure import all_structures, check_structure, load_structure

    eras = [load_structure(year)] if year is not None else list(all_structures())
    if form == "json":
        click.echo(dumps({"eras": [dict(s.model_dump(mode="json", by_alias=True), problems=check_structure(s))
                                   for s in eras]}), nl=False)
        return
    sections = []
    for s in eras:
        rows = []
        for d in s.dimensions:
            rows.append([str(d.number), d.key, d.label(lang), f"{d.range[0]:g}–{d.range[1]:g}", ""])
            for sub in d.subdimensions:
                rows.append([sub.number, sub.key, sub.label(lang),
                             f"{d.subdimension_range[0]:.5g}–{d.subdimension_range[1]:.5g}",
                             t(f"confidence.{sub.confidence.value}", lang)])
        problems = check_structure(s)
        notes = [s.note.get(lang),
                 (f"tổng hợp {s.aggregate_range[0]:g}–{s.aggregate_range[1]:g} điểm" if lang != "en"
                  else f"aggregate {s.aggregate_range[0]:g}–{s.aggregate_range[1]:g} points")]
        notes += problems or ["kiểm tra cấu trúc: không có lỗi" if lang != "en" else "structure check: no problems"]
        sections.append(Section(f"{s.title.get(lang)} ({s.id})", ["#", t("key", lang),
                                                                   "tên" if lang != "en" else "name",
                                                                   "điểm" if lang != "en" else "points",
                                                                   t("confidence", lang)], rows, notes))
    click.echo(render(sections, form), nl=False)
