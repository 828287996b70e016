"""Command-line interface (click). Commands only: parsing options, calling the library, printing.

Layer: surface (the top). Each command group lives in its own module here (``criteria``, ``papi``,
``dossiers``, ``round``, ``template``); nothing below this package imports it.

Exit codes: 0 success; 1 a gap at or above ``--fail-on`` exists; 2 unusable input; 3 internal error;
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from compliance.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, InputError
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
    from compliance.check import check_submission
    from compliance.intake.submission import load_submission
    from compliance.report.text import render_json, render_table

    card = check_submission(load_submission(path), criteria=criteria_id)
    if xlsx_path:
        from compliance.report.xlsx import write_xlsx

        write_xlsx(card, xlsx_path, lang)
    click.echo(render_json(card) if fmt == "json" else render_table(card, lang, fmt), nl=False)
    if xlsx_path:
        click.echo(("Đã ghi bảng tính: " if lang == "vi" else "Workbook written: ") + str(xlsx_path), err=True)
    if fail_on and any(f.severity.at_least(Severity(fail_on)) for f in card.findings):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@LANG
def validate(path: Path, lang: str) -> None:
    """Check that a submission can be read (schema, numbers, files it names) without scoring it."""
    from compliance.intake.submission import load_submission

    loaded = load_submission(path)
    for key in loaded.submission.files:
        loaded.extra_file(key)
    sub = loaded.submission
    if lang == "en":
        click.echo(f"{loaded.path}: valid — {sub.agency.name} ({sub.agency.code}), "
                   f"{sub.period.from_:%d/%m/%Y}–{sub.period.to:%d/%m/%Y}, {len(sub.documents)} documents, "
                   f"{len(sub.late_dossiers)} late-dossier groups, {len(sub.figures)} figures, "
                   f"{sum(len(p.tasks) for p in sub.plans)} plan tasks")
    else:
        click.echo(f"{loaded.path}: hợp lệ — {sub.agency.name} ({sub.agency.code}), "
                   f"{sub.period.from_:%d/%m/%Y}–{sub.period.to:%d/%m/%Y}, {len(sub.documents)} văn bản, "
                   f"{len(sub.late_dossiers)} nhóm hồ sơ trễ hạn, {len(sub.figures)} số liệu, "
                   f"{sum(len(p.tasks) for p in sub.plans)} nhiệm vụ kế hoạch")


@cli.group()
def rules() -> None:
    """Browse the loaded rules (rules/**/*.yaml)."""


@rules.command("list")
@LANG
def rules_list(lang: str) -> None:
    """Every gap rule: id, version, fact kind, severity, title."""
    from tabulate import tabulate

    from compliance.catalog import rulebook

    book = rulebook()
    rows = [[r.id, r.version, r.fact, r.gap.severity.value, r.title.get(lang), book.origin["rule:" + r.id].name]
            for r in sorted(book.rules.values(), key=lambda r: r.id)]
    click.echo(tabulate(rows, headers=["id", "v", "fact", "severity", "title", "file"]))
    click.echo(f"\n{len(book.metrics)} metrics, {len(book.checks)} checks, {len(book.rules)} rules")


@rules.command("show")
@click.argument("rule_id")
@LANG
def rules_show(rule_id: str, lang: str) -> None:
    """One rule: condition, gap, legal basis with dates, remediation, test cases."""
    from compliance.catalog import rulebook
    from compliance.engine.conditions import describe

    book = rulebook()
    rule = book.rules.get(rule_id)
    if rule is None:
        raise InputError(None, f"no rule '{rule_id}' (see: compliance rules list)", "RULE_ID")
    w = (lambda vi, en: en if lang == "en" else vi)
    lines = [f"{rule.id} (v{rule.version}) — {rule.title.get(lang)}", f"{w('tệp', 'file')}: {book.origin['rule:' + rule.id]}",
             f"{w('loại dữ kiện', 'fact')}: {rule.fact}", f"{w('điều kiện', 'when')}: {describe(rule.when, lang)}",
             f"{w('tồn tại', 'gap')}: {rule.gap.severity.value}, {w('đối tượng', 'subject')} {rule.gap.subject}"
             + (f" ({rule.gap.subject_field})" if rule.gap.subject_field else ""),
             f"{w('nội dung', 'message')}: {rule.gap.message.get(lang)}", f"{w('căn cứ pháp lý', 'legal basis')}:"]
    for b in rule.legal_basis:
        span = f"{b.applies_from or '…'} → {b.applies_to or '…'}"
        lines.append(f"  - {b.cite(lang)} [{span}]" + (f" — {b.note}" if b.note else ""))
    lines.append(f"{w('việc cần làm', 'remediation')}: {rule.remediation.get(lang)}")
    lines.append(f"{w('ca kiểm thử', 'tests')}: " + ", ".join(f"{t.name} → {t.expect}" for t in rule.tests))
    click.echo("\n".join(lines))


def main() -> None:
    """Entry point: runs the CLI; bad input → one line on stderr and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except InputError as exc:
        click.echo(f"error: {exc.line()}", err=True)
        sys.exit(EXIT_INPUT)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("đã dừng / interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:  # a bad option or argument: one line, like every other bad input
        click.echo(f"error: {exc.format_message()} (see --help)", err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for the user
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        if isinstance(exc, RuntimeError) and "interrupt" in str(exc).lower():  # DuckDB turns Ctrl-C into this
            click.echo("đã dừng / interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set COMPLIANCE_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_INTERNAL)


def _register() -> None:
    """Command groups that live beside their own code."""
    from compliance.cli.criteria import criteria_group
    from compliance.cli.papi import papi
    from compliance.cli.dossiers import dossiers
    from compliance.cli.round import round_group
    from compliance.cli.template import template

    cli.add_command(criteria_group)
    cli.add_command(papi)
    cli.add_command(dossiers)
    cli.add_command(template)
    cli.add_command(round_group)


_register()
