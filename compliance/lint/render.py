"""The lint result as a terminal table, JSON or Markdown, in Vietnamese or English."""

from __future__ import annotations

from compliance.i18n import M, Num, Words
from compliance.i18n import date as day
from compliance.report.tables import tabulate

from compliance.lint.kinds import KINDS
from compliance.lint.model import LintReport

_SEVERITY_VI = {"critical": "nghiêm trọng", "high": "cao", "medium": "trung bình", "low": "thấp", "info": "thông tin"}


def _omitted(key: str, n: int):
    """"8.252 more findings 'Blank date'", said for a kind of finding, of assumption, or the outline."""
    if key == "outline":
        return M("{n} more outline entries", n=Num(n))
    if key.startswith("assumption:"):
        return M("{n} more assumptions '{kind}'", n=Num(n), kind=key.split(":", 1)[1])
    _, vi, en, _ = KINDS.get(key, (None, key, key, None))
    return M("{n} more findings '{kind}'", n=Num(n), kind=Words(vi, en))


def _many(n: int, what: str, lang: str) -> str:
    """"1 table" / "2 tables" in English; Vietnamese has one form ("1 bảng", "2 bảng")."""
    k = Num(n)
    one, many = {"paragraph": (M("{n} paragraph", n=k), M("{n} paragraphs", n=k)), "table": (M("{n} table", n=k), M("{n} tables", n=k)),
                 "finding": (M("{n} finding", n=k), M("{n} findings", n=k)),
                 "assumption": (M("{n} assumption", n=k), M("{n} assumptions", n=k))}[what]
    return (one if n == 1 else many).get(lang)


def period_label(report: LintReport, lang: str) -> str | None:
    """The period the report's title names, in ``lang`` (the report's own words in Vietnamese)."""
    return report.period_label_en if lang == "en" and report.period_label_en else report.period_label


def render(report: LintReport, fmt: str = "table", lang: str = "vi") -> str:
    """``fmt``: table (tabulate), json (the model, stable key order) or markdown; ``lang``: vi or en."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    md = fmt == "markdown"
    lines = []
    head = M("Report").get(lang) + f": {report.path} ({report.file_format}; " + _many(report.paragraphs, "paragraph", lang) \
        + ", " + _many(report.tables, "table", lang) + ")"
    period = period_label(report, lang)
    date = day(report.report_date, lang) if report.report_date else M("none").get(lang)
    lines += [("# " if md else "") + head, "",
              M("Report date").get(lang) + f": {date}"
              + (f" ({report.report_date_source_vi if lang != 'en' and report.report_date_source_vi else report.report_date_source})"
                 if report.report_date_source else "")
              + (f"; {M('period').get(lang)}: {period}" if period else ""), ""]
    if report.findings:
        rows = []
        for f in report.findings:
            sev = _SEVERITY_VI.get(f.severity.value, f.severity.value) if lang != "en" else f.severity.value
            arithmetic = f.arithmetic.get(lang) if f.arithmetic else ""
            what = f.message.get(lang) + (f"\n= {arithmetic}" if arithmetic and not md else "")
            rows.append([sev, f.place.label(lang), what, f"“{f.quote}”"]
                        + ([arithmetic] if md else []) + ["; ".join(b.get(lang) for b in f.legal_basis)])
        headers = [M("severity").get(lang), M("place").get(lang), M("finding").get(lang),
                   M("sentence").get(lang)] + ([M("arithmetic").get(lang)] if md else []) \
            + [M("legal basis").get(lang)]
        if md:
            rows = [[str(c).replace("|", "\\|").replace("\n", " ") for c in r] for r in rows]
        lines.append((f"## {M('Findings').get(lang)} ({len(report.findings)})\n" if md else "")
                     + tabulate(rows, headers=headers, tablefmt="github" if md else "simple",
                                maxcolwidths=None if md else [10, 24, 48, 60, 30]))
    else:
        lines.append(M("No findings.").get(lang))
    if report.assumptions:
        lines += ["", ("## " if md else "") + M("Assumptions made in reading").get(lang)
                  + f" ({len(report.assumptions)})"]
        for a in report.assumptions:
            where = a.place.label(lang) if a.place else ""
            lines.append(f"- {where}{': ' if where else ''}{a.message.get(lang)}")
    if report.omitted:
        lines += ["", M("Not all listed").get(lang) + ": "
                  + "; ".join(_omitted(key, n).get(lang) for key, n in report.omitted.items())]
    counts = {}
    for f in report.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    summary = ", ".join(f"{n} {(_SEVERITY_VI.get(k, k) if lang != 'en' else k)}" for k, n in counts.items())
    more = sum(n for k, n in report.omitted.items() if k in KINDS)
    lines += ["", M("Total").get(lang) + ": " + _many(len(report.findings), "finding", lang)
              + (f" ({summary})" if summary else "")
              + (", " + M("{n} more not listed", n=Num(more)).get(lang) if more else "")
              + ", " + _many(len(report.assumptions), "assumption", lang)]
    return "\n".join(lines) + "\n"
