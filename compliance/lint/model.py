"""What ``compliance lint`` returns: findings, assumptions and the places they point to.

A :class:`Place` says where a thing is in the report the way a person finds it again: the paragraph
(counted from 1 over the non-empty paragraphs outside tables, after a paragraph cut by a page break is
joined again), the line of a text file or the page of a PDF, the table (counted from 1), its row and
column (from 1, the header row is row 1), and the numbered section it sits under ("III.2").
"""

from __future__ import annotations

import datetime as dt

from compliance.i18n import M
from compliance.model.base import Strict, Text
from compliance.vocab import Severity


class Place(Strict):
    """Where a paragraph, a table cell or a finding is. Every field is optional; ``paragraph`` and
    ``table``/``row``/``column`` are the same whatever the file format, ``line`` and ``page`` are not."""

    paragraph: int | None = None
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    column_name: str | None = None
    section: str | None = None

    def label(self, lang: str = "vi") -> str:
        """"đoạn 38 (dòng 113), mục III" / "table 2, row 5, column Kết quả (line 142), section V"."""
        parts = []
        if self.table is not None:
            cell = [f"{M('table').get(lang)} {self.table}"]
            if self.row is not None:
                cell.append(f"{M('row').get(lang)} {self.row}")
            if self.column is not None:
                cell.append(f"{M('column').get(lang)} {self.column_name or self.column}")
            parts.append(", ".join(cell))
        elif self.paragraph is not None:
            parts.append(f"{M('paragraph').get(lang)} {self.paragraph}")
        where = []
        if self.line is not None:
            where.append(f"{M('line').get(lang)} {self.line}")
        if self.page is not None:
            where.append(f"{M('page').get(lang)} {self.page}")
        if where:
            parts[-1:] = [(parts[-1] + " " if parts else "") + "(" + ", ".join(where) + ")"]
        if self.section and self.section.startswith("Phụ lục"):  # an annex: "phụ lục I" / "annex I"
            parts.append(M("annex").get(lang) + self.section.removeprefix("Phụ lục"))
        elif self.section:
            parts.append(f"{M('section').get(lang)} {self.section}")
        return ", ".join(parts)

    def key(self) -> tuple:
        """The place without line and page: equal for the same report saved as .txt, .docx or .pdf."""
        return (self.paragraph, self.table, self.row, self.column, self.section)


PLACE_FIELDS = tuple(Place.model_fields)
"""The fields of a place, in order (a paragraph of the reader keeps them flat)."""


class LintFinding(Strict):
    """A defect of the report: ``kind`` (see :data:`compliance.lint.kinds.KINDS`), its place, the
    sentence quoted, the arithmetic shown (vi/en, each with its language's numbers: "1.180 / 1.200" /
    "1,180 / 1,200"; None for a defect that is not a sum), a severity, and for a legal gap the legal
    basis in force on the report's period (vi/en)."""

    kind: str
    severity: Severity
    place: Place
    quote: str
    message: Text
    arithmetic: Text | None = None
    legal_basis: list[Text] = []


class Assumption(Strict):
    """A reading that depends on a guess ("28.044" read as 28044; a rate taken over the new dossiers),
    said so a person can check it. Not a defect."""

    kind: str
    place: Place | None = None
    quote: str | None = None
    message: Text


class Outline(Strict):
    """A numbered heading or a table of the report, with its place: the report's table of contents."""

    kind: str  # "heading" or "table"
    number: str | None = None
    text: str
    place: Place


class LintReport(Strict):
    """The result of :func:`compliance.lint.lint_report`.

    ``report_date``: the date the report is dated (from ``--report-date`` or its "…, ngày … tháng …
    năm …" line), None when neither gives one; ``report_date_source`` says which; ``period_label`` the
    period its title names as written ("năm 2020"), ``period_label_en`` in English ("year 2020"); ``findings`` sorted by place; ``assumptions`` every guess;
    ``places`` the outline (headings and tables) read; ``omitted`` how many more findings of a kind (or
    assumptions, keyed "assumption:<kind>") there were past the first
    :data:`compliance.lint.kinds.CAP` listed.
    """

    path: str
    file_format: str
    report_date: dt.date | None = None
    report_date_source: str | None = None
    report_date_source_vi: str | None = None
    period_label: str | None = None
    period_label_en: str | None = None
    paragraphs: int = 0
    tables: int = 0
    findings: list[LintFinding] = []
    assumptions: list[Assumption] = []
    places: list[Outline] = []
    omitted: dict[str, int] = {}

    def at_least(self, severity: Severity) -> list[LintFinding]:
        """The findings as serious as ``severity`` or more."""
        return [f for f in self.findings if f.severity.at_least(severity)]
