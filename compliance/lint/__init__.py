"""``compliance lint``: check a narrative report before it is sent, and draft a submission from it.

Layer: domain. May import the foundation, io and other domain modules (``catalog`` for the rule
files' legal bases, ``papi`` for PAPI dimension names) without circles; the API (``compliance.api.lint``)
wraps it for the surfaces. Public API:

- :func:`lint_report` ``(path, *, report_date=None) -> LintReport``: findings (totals against parts,
  agency lists and levels against the overall figure, received − resolved against pending, shares
  against their counts at their stated precision, "%" used for percentage points, impossible,
  implausible, blank or late dates, a period in the body other than the title's, citations breaking
  the format of Nghị định 30/2020/NĐ-CP, section numbering repeated or skipped, table items missing,
  late dossiers without a word on apology letters), assumptions (every guess made to read the text),
  and the outline;
- :func:`extract_draft` ``(path, *, report_date=None) -> Draft``: the figures found, mapped to the
  fields of a submission (:class:`compliance.model.submission.Submission`), each with the sentence it
  came from, and what could not be mapped; :func:`write_draft` writes it as commented YAML, atomically;
- :func:`render` ``(report, fmt, lang) -> str``: the result as a table, JSON or Markdown.

Readers: .docx (python-docx), .pdf with a text layer (pdfplumber), .txt, .md. An unreadable file raises
:class:`compliance.errors.InputError` (one line naming the file).
"""

from compliance.lint.draft import Draft, write_draft
from compliance.lint.extract import extract_draft
from compliance.lint.model import Assumption, LintFinding, LintReport, Outline, Place
from compliance.lint.render import render
from compliance.lint.run import lint_report

__all__ = ["Assumption", "Draft", "LintFinding", "LintReport", "Outline", "Place", "extract_draft", "lint_report",
           "render", "write_draft"]
