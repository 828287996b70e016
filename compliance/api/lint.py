"""The report linter (issue 12): check a narrative report, draft a submission from it.

Wraps the domain package :mod:`compliance.lint`; every function raises
:class:`compliance.errors.InputError` for a report that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from compliance.lint import Draft, LintReport, extract_draft, lint_report, render, write_draft
from compliance.lint.draft import draft_yaml


def render_lint(report: LintReport, fmt: str = "table", lang: str = "vi") -> str:
    """``compliance lint``'s output: a table, JSON or Markdown, in Vietnamese or English."""
    return render(report, fmt, lang)


def draft_text(draft: Draft, source_name: str) -> str:
    """The draft submission as commented YAML (what ``--extract`` prints without ``-o``)."""
    return draft_yaml(draft, source_name)


def write_lint_draft(draft: Draft, path: str | Path, source_name: str) -> None:
    """Write the draft submission's YAML to ``path`` atomically."""
    write_draft(draft, path, source_name)


__all__ = ["Draft", "LintReport", "draft_text", "extract_draft", "lint_report", "render_lint", "write_lint_draft"]
