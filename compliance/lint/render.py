"""The lint result as a terminal table, JSON or Markdown, in Vietnamese or English."""

from __future__ import annotations

from tabulate import tabulate

from compliance.lint.kinds import KINDS, fmt
from compliance.lint.model import LintReport
from compliance.model.rules import legal_date

_SEVERITY_VI = {"critical": "nghiêm trọng", "high": "cao", "medium": "trung bình", "low": "thấp", "info": "thông tin"}


def _omitted_name(key: str, lang: str) -> str:
    if key == "outline":
        return _w(lang, "mục của mục lục", "outline entries")
    if key.startswith("assumption:"):
        return _w(lang, f"giả định \"{key[11:]}\"", f"assumptions \"{key[11:]}\"")
    title = KINDS.get(key, (None, key, key, None))
    return _w(lang, f"phát hiện \"{title[1]}\"", f"findings \"{title[2]}\"")


def _w(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def render(report: LintReport, fmt: str = "table", lang: str = "vi") -> str:
    """``fmt``: table (tabulate), json (the model, stable key order) or markdown; ``lang``: vi or en."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    md = fmt == "markdown"
    lines = []
    head = _w(lang, "Báo cáo", "Report") + f": {report.path} ({report.file_format}; {report.paragraphs} "
    head += _w(lang, f"đoạn, {report.tables} bảng)", f"paragraphs, {report.tables} tables)")
    date = legal_date(report.report_date) if report.report_date else _w(lang, "không ghi", "none")
    lines += [("# " if md else "") + head, "",
              _w(lang, "Ngày báo cáo", "Report date") + f": {date}"
              + (f" ({report.report_date_source})" if report.report_date_source else "")
              + (f"; {_w(lang, 'kỳ', 'period')}: {report.period_label}" if report.period_label else ""), ""]
    if report.findings:
        rows = []
        for f in report.findings:
            sev = _SEVERITY_VI.get(f.severity.value, f.severity.value) if lang != "en" else f.severity.value
            what = f.message.get(lang) + (f"\n= {f.arithmetic}" if f.arithmetic and not md else "")
            rows.append([sev, f.place.label(lang), what, f"“{f.quote}”"]
                        + ([f.arithmetic or ""] if md else []) + ["; ".join(b.get(lang) for b in f.legal_basis)])
        headers = [_w(lang, "mức", "severity"), _w(lang, "vị trí", "place"), _w(lang, "nội dung", "finding"),
                   _w(lang, "câu trích", "sentence")] + ([_w(lang, "phép tính", "arithmetic")] if md else []) \
            + [_w(lang, "căn cứ", "legal basis")]
        if md:
            rows = [[str(c).replace("|", "\\|").replace("\n", " ") for c in r] for r in rows]
        lines.append((f"## {_w(lang, 'Phát hiện', 'Findings')} ({len(report.findings)})\n" if md else "")
                     + tabulate(rows, headers=headers, tablefmt="github" if md else "simple",
                                maxcolwidths=None if md else [10, 24, 48, 60, 30]))
    else:
        lines.append(_w(lang, "Không có phát hiện nào.", "No findings."))
    if report.assumptions:
        lines += ["", ("## " if md else "") + _w(lang, "Giả định khi đọc", "Assumptions made in reading")
                  + f" ({len(report.assumptions)})"]
        for a in report.assumptions:
            where = a.place.label(lang) if a.place else ""
            lines.append(f"- {where}{': ' if where else ''}{a.message.get(lang)}")
    if report.omitted:
        lines += ["", _w(lang, "Không liệt kê hết", "Not all listed") + ": " + "; ".join(
            _w(lang, f"thêm {fmt(n)} {_omitted_name(k, lang)}", f"{n:,} more {_omitted_name(k, lang)}")
            for k, n in report.omitted.items())]
    counts = {}
    for f in report.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    summary = ", ".join(f"{n} {(_SEVERITY_VI.get(k, k) if lang != 'en' else k)}" for k, n in counts.items())
    more = sum(n for k, n in report.omitted.items() if k in KINDS)
    lines += ["", _w(lang, "Tổng", "Total") + f": {len(report.findings)} " + _w(lang, "phát hiện", "findings")
              + (f" ({summary})" if summary else "")
              + (_w(lang, f", thêm {fmt(more)} không liệt kê", f", {more:,} more not listed") if more else "")
              + f", {len(report.assumptions)} " + _w(lang, "giả định", "assumptions")]
    return "\n".join(lines) + "\n"
