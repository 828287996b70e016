"""Command-line interface (click). Commands only: parsing options, calling the library, printing.

Exit codes: 0 success; 1 a gap at or above ``--fail-on`` exists; 2 unusable input; 3 internal error.
"""

from __future__ import annotations

import os
import sys

import click

from compliance.errors import EXIT_INPUT, EXIT_INTERNAL, InputError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compliance")
def cli() -> None:
    """Check an agency's administrative-reform work against the PAR INDEX and PAPI."""


def main() -> None:
    """Entry point: runs the CLI; bad input → one line on stderr and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except InputError as exc:
        click.echo(f"error: {exc.line()}", err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for the user
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set COMPLIANCE_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_INTERNAL)
