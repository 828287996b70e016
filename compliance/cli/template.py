"""``compliance template``: the Excel fill-in form for an agency (a surface over :mod:`compliance.template`)."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.template import write_template


@click.command("template")
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file (default: the --from "
              "submission's edition).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx form to write.")
@click.option("--from", "from_path", type=click.Path(path_type=Path),
              help="Pre-fill from a submission (folder, YAML/JSON file or another form).")
def template(criteria_id: str | None, output: Path, from_path: Path | None) -> None:
    """Write the Excel fill-in form for an agency (blank, or pre-filled from a submission)."""
    from compliance.catalog import find_edition, select_edition
    from compliance.errors import InputError

    submission = None
    if from_path is not None:
        from compliance.intake.submission import load_submission

        submission = load_submission(from_path).submission
        edition, _ = select_edition(submission, criteria_id)
    elif criteria_id:
        edition = find_edition(criteria_id)
    else:
        raise InputError(None, "give --criteria ID (or --from a submission)", "--criteria")
    if output.suffix.lower() != ".xlsx":
        raise InputError(output, "the form is written as .xlsx", "-o")
    write_template(output, edition, submission)
    click.echo(f"Đã ghi biểu mẫu / form written: {output} ({edition.id})", err=True)
