"""Options several command groups share (``--lang``), declared once."""

from __future__ import annotations

import click

from compliance.i18n import LANG_ENV

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, envvar=LANG_ENV,
                    help="Language of the output.")
"""``--lang vi|en`` (Vietnamese by default; ``COMPLIANCE_LANG`` when not given)."""
