"""``compliance lint REPORT``: check a narrative report before it is sent; ``--extract -o draft.yaml``
maps its figures to a draft submission. Registered in compliance/cli/__init__.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.errors import EXIT_FINDINGS, InputError
from compliance.cli.options import LANG
from compliance.i18n import M
from compliance.io.files import finish_outputs, plan_outputs
from compliance.vocab import Severity


def _day(value: str | None):
    if value is None:
        return None
    from compliance.io.vnparse import VnParseError, parse_date

    try:
        return parse_date(value).date
    except VnParseError as exc:
        raise InputError(None, M("not a date: {exc}", exc=exc), "--report-date") from None


@click.command("lint")
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@LANG
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
              help="Exit 1 when a finding at or above this severity exists.")
@click.option("--report-date", metavar="DD/MM/YYYY", help="The report's own date (default: its '…, ngày … tháng … năm …' line).")
@click.option("--extract", is_flag=True, help="Map the report's figures to a draft submission (YAML).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="With --extract: write the draft here (default: print it).")
def lint(report: Path, fmt: str, lang: str, fail_on: str | None, report_date: str | None, extract: bool,
         output: Path | None) -> None:
    """Check a narrative report (.docx, .pdf with a text layer, .txt, .md) before it is sent: figures that
    do not add up, shares that do not match their counts, impossible dates, citations out of format,
    numbering, late dossiers without a word on apology letters. Each finding names its place."""
    from compliance import api

    day = _day(report_date)
    if output and not extract:
        raise InputError(None, M("-o/--output is for --extract (the draft submission)"), "-o")
    plan_outputs({"-o/--output": output}, [report])
    result = api.lint_report(report, report_date=day)
    if extract:
        draft = api.extract_draft(report, report_date=day)
        if output:
            api.write_lint_draft(draft, output, report.name)
            finish_outputs()
            click.echo(M("Draft written: {output} ({n} values with their source sentence, {n2} fields to fill, {n3} sentences not mapped); review it, then run: compliance check {output}", output=output, n=len(draft.sources), n2=len(draft.to_fill), n3=len(draft.unmapped)).get(lang), err=True)
        else:
            click.echo(api.draft_text(draft, report.name), nl=False)
    if not (extract and not output):
        click.echo(api.render_lint(result, fmt, lang), nl=False)
    if fail_on and result.at_least(Severity(fail_on)):
        sys.exit(EXIT_FINDINGS)
