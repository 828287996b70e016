"""The scored workbook (openpyxl): summary, scorecard, gaps. Written atomically.

Text from a submission is always stored as text: a value that begins with "=" never becomes a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from compliance.errors import atomic_write
from compliance.model.results import Scorecard
from compliance.report.text import (check_rows, formula_lines, gap_headers, gap_rows, header_lines, score_headers,
                                    score_rows)


def _put(ws, row: int, col: int, value):
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
    return cell


def _table(ws, start: int, headers: list[str], rows: list[list]) -> int:
    for c, head in enumerate(headers, 1):
        _put(ws, start, c, head).font = Font(bold=True)
    for r, row in enumerate(rows, start + 1):
        for c, value in enumerate(row, 1):
            _put(ws, r, c, value).alignment = Alignment(wrap_text=True, vertical="top")
    return start + len(rows) + 1


def write_xlsx(card: Scorecard, path: str | Path, lang: str = "vi") -> None:
    """Write the scorecard workbook to ``path`` (temporary file, then rename)."""
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp" if lang == "vi" else "Summary"
    for r, line in enumerate(header_lines(card, lang) + [""] + formula_lines(card, lang), 1):
        _put(summary, r, 1, line)
    summary.column_dimensions["A"].width = 120

    scores = wb.create_sheet("Bảng điểm" if lang == "vi" else "Scorecard")
    _table(scores, 1, score_headers(lang), score_rows(card, lang))
    for col, width in zip("ABCDEFGH", (8, 60, 10, 10, 10, 10, 14, 70)):
        scores.column_dimensions[col].width = width
    scores.freeze_panes = "A2"

    gaps = wb.create_sheet("Tồn tại" if lang == "vi" else "Gaps")
    end = _table(gaps, 1, gap_headers(lang), gap_rows(card, lang))
    gaps.auto_filter.ref = f"A1:G{max(end - 1, 1)}"
    for col, width in zip("ABCDEFG", (12, 30, 70, 8, 50, 50, 30)):
        gaps.column_dimensions[col].width = width

    checks = wb.create_sheet("Kiểm tra số liệu" if lang == "vi" else "Checks")
    _table(checks, 1, ["Kiểm tra" if lang == "vi" else "Check", "Kết quả" if lang == "vi" else "Result",
                       "Phép tính" if lang == "vi" else "Arithmetic"], check_rows(card, lang))
    for col, width in zip("ABC", (60, 16, 60)):
        checks.column_dimensions[col].width = width

    with atomic_write(path, "wb") as fh:
        wb.save(fh)
