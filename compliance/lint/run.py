"""``lint_report``: read a report, run every check, return a :class:`compliance.lint.model.LintReport`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from compliance.io.periods import NamedPeriod, find_period
from compliance.lint.checks import Context, run_figure_checks
from compliance.lint.figures import Figures, read_figures
from compliance.lint.kinds import Collector
from compliance.lint.late import LateList, late_list, resolve_elsewhere
from compliance.lint.model import LintReport, Outline, Place
from compliance.lint.numbers import Convention, convention
from compliance.lint.reader import Doc, Para, read_document
from compliance.lint.tables import check_tables
from compliance.lint.structure import Heading, date_line, outline, title
from compliance.lint.textchecks import (check_citations, check_dates, check_numbering, check_period, check_table_dates,
                                       check_table_items)
from compliance.vocab import TWO_LEVEL_FROM

OUTLINE_CAP = 1000
"""Headings (and tables) kept in the outline; a longer one is counted in ``omitted["outline"]``."""


@dataclass
class Reading:
    """Everything read from a report, shared by the checks and by :func:`compliance.lint.extract_draft`."""

    doc: Doc
    heads: list[Heading]
    title: Para | None
    period: NamedPeriod | None
    report_date: dt.date | None
    report_date_source: str | None
    report_date_source_vi: str | None
    conv: Convention
    figures: Figures
    late_lists: list[LateList]
    out: Collector


def read_report(path: str | Path, report_date: dt.date | None = None) -> Reading:
    """Read ``path`` and everything the checks need; InputError when the file cannot be read."""
    doc = read_document(path)
    heads = outline(doc)
    head = title(doc)
    period = find_period(head.text) if head else None
    source = source_vi = "--report-date" if report_date else None
    line = date_line(doc)
    if report_date is None and line and line.date:
        report_date, source, source_vi = line.date, line.para.place.label("en"), line.para.place.label("vi")
    conv = convention(u.text for u in doc.units())
    figures = read_figures(doc, conv)
    units = doc.units()
    lists = [ll for u in units if (ll := late_list(u, figures.nums.get(id(u), [])))]
    for item in (it for ll in lists for top in ll.items for it in top.children or [top]):
        if item.lateness == "late" and item.apology == "not_stated":
            resolve_elsewhere(item, units)
    days = [period.start, period.end] if period else ([report_date] if report_date else [])
    out = Collector(basis_days=days)
    return Reading(doc, heads, head, period, report_date, source, source_vi, conv, figures, lists, out)


def lint_report(path: str | Path, *, report_date: dt.date | None = None) -> LintReport:
    """Check a narrative report (.docx, .pdf with a text layer, .txt, .md) before it is sent.

    ``report_date``: the report's own date (else read from its "…, ngày … tháng … năm …" line; else the
    year after the period its title names is the reference for "a year after the report", said as an
    assumption). Returns the findings (each with its place, the sentence, the arithmetic, a severity and,
    for a legal gap, the legal basis in force for the period), the assumptions, and the outline.
    Raises :class:`compliance.errors.InputError` for a file that cannot be read (exit 2 in the CLI).
    """
    r = read_report(path, report_date)
    out = r.out
    for kind, note in r.doc.notes:
        out.assume(kind, None, None, note.get("vi"), note.get("en"))
    line = date_line(r.doc)
    ref_year = r.report_date.year if r.report_date else (r.period.year + 1 if r.period else None)
    if r.report_date is None and ref_year:
        out.assume("report_year", line.para.place if line else None, line.text if line else None,
                   f"Báo cáo không ghi ngày: văn bản trích dẫn được so với năm {ref_year} (năm sau kỳ \"{r.period.label}\" của tiêu đề)",
                   f"The report carries no date: cited documents are compared with {ref_year} "
                   f"(the year after the title's period \"{r.period.label}\")")
    cells: dict[int, list] = {}  # table → (cell, number) read by a guess: said once per table
    for unit in r.doc.units():
        for n in r.figures.nums.get(id(unit), []):
            if n.note and unit.table is not None:
                cells.setdefault(unit.table, []).append((unit, n))
            elif n.note:
                out.assume("number_reading", unit.place, unit.text[max(0, n.start - 60):n.end + 40].strip(),
                           f"Số {n.note[0]}", f"Number {n.note[1]}")
    for table, read in cells.items():
        unit, n = read[0]
        place = Place(table=table, section=unit.section, page=unit.page, line=unit.line)
        out.assume("number_reading", place, None,
                   f"Bảng {table}: {len(read)} ô số đọc theo cùng một quy ước, ví dụ số {n.note[0]}",
                   f"Table {table}: {len(read)} cells read by one convention, e.g. number {n.note[1]}")
    two_levels = bool(r.period and r.period.end >= TWO_LEVEL_FROM)
    no_district = bool(r.period and r.period.start >= TWO_LEVEL_FROM)
    run_figure_checks(Context(r.doc, r.figures, out, r.late_lists, two_levels, no_district,
                              r.period.label if r.period else ""))
    check_tables(r.doc, r.figures, out)
    check_dates(r.doc, out, r.report_date)
    check_table_dates(r.doc, out, r.report_date)
    check_citations(r.doc, out, r.report_date, ref_year)
    check_numbering(r.heads, out)
    check_table_items(r.doc, out)
    check_period(r.doc, out, r.period)
    order = _order(r.doc)
    out.findings.sort(key=lambda f: (order(f.place), f.kind, f.quote))
    heads, tables = r.heads[:OUTLINE_CAP], r.doc.tables[:OUTLINE_CAP]
    if len(r.heads) + len(r.doc.tables) > len(heads) + len(tables):
        out.omitted["outline"] = len(r.heads) + len(r.doc.tables) - len(heads) - len(tables)
    places = [Outline(kind="heading", number=h.number, text=h.text[:120], place=h.para.place) for h in heads]
    places += [Outline(kind="table", text=" | ".join(t.header)[:120], place=t.place.model_copy()) for t in tables]
    return LintReport(
        path=str(path), file_format=r.doc.file_format, report_date=r.report_date, report_date_source=r.report_date_source,
        report_date_source_vi=r.report_date_source_vi,
        period_label=r.period.label if r.period else None, period_label_en=r.period.said("en") if r.period else None,
        paragraphs=len(r.doc.paragraphs), tables=len(r.doc.tables),
        findings=out.findings, assumptions=out.assumptions, places=sorted(places, key=lambda o: order(o.place)),
        omitted=out.omitted)


def _order(doc: Doc):
    index = {}
    for i, b in enumerate(doc.blocks):
        index[("p", b.paragraph) if isinstance(b, Para) else ("t", b.number)] = i

    def key(place: Place) -> tuple:
        block = index.get(("t", place.table) if place.table is not None else ("p", place.paragraph), 0)
        return (block, place.row or 0, place.column or 0)

    return key
