"""``compliance template``: the Excel fill-in form for an agency (a surface over :func:`compliance.api.write_template`)."""

from __future__ import annotations

from pathlib import Path

import click

from compliance import api
from compliance.cli.options import LANG
from compliance.i18n import M
from compliance.io.files import finish_outputs, plan_outputs


@click.command("template")
@click.option("--criteria", "criteria_id", metavar="ID", help="Criteria edition id or file (default: the --from "
              "submission's edition).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx form to write.")
@click.option("--from", "from_path", type=click.Path(path_type=Path),
              help="Pre-fill from a submission (folder, YAML/JSON file or another form).")
@LANG
def template(criteria_id: str | None, output: Path, from_path: Path | None, lang: str) -> None:
    """Write the Excel fill-in form for an agency (blank, or pre-filled from a submission)."""
    plan_outputs({"-o/--output": output}, [from_path, criteria_id])
    notes: list = []
    edition_id = api.write_template(output, criteria=criteria_id, from_path=from_path, warn=notes.append)
    finish_outputs()
    click.echo(M("Form written: {path} ({edition})", path=str(output), edition=edition_id).get(lang), err=True)
    for note in notes:  # the edition covers only a part of the submission's period
        click.echo(note.get(lang), err=True)
