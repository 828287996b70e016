"""Layout for the workbook writer (:mod:`compliance.io.workbook`): print setup, column widths, row
heights that fit wrapped text, and bar charts.

Print setup (:func:`print_setup`, applied by :meth:`Book.sheet` to every sheet): A4, landscape or
portrait, fitted to the page width (``fitToWidth`` 1, ``fitToHeight`` 0: as many pages down as the
table needs), margins, the header rows repeated on every page (:func:`print_titles`), the agency
(or round) on the left of the page header and the period on the right, "Trang 1/3" ("Page 1 of 3")
in the footer.

Row heights (:func:`row_height`, :func:`fit_rows`): LibreOffice does not grow a row for wrapped text
it imports, so the writer sets each row's height from its longest wrapped cell: lines = the text's
length over the characters a column's width holds (Calibri 11: about 1.15 characters per unit of
width, less in bold), 15 points a line.

Layer: io.
"""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.utils import get_column_letter

LINE_POINTS = 15.0
"""Height of one line of Calibri 11, in points."""
CHARS_PER_WIDTH = 1.15
"""Characters of ordinary text one unit of column width holds (a unit is the width of '0')."""
MAX_ROW_POINTS = 409.0
"""Excel's largest row height."""
PAPER_A4 = 9
"""The paper-size code of A4 in SpreadsheetML."""
PAGE_WORDS = {"vi": "Trang &P/&N", "en": "Page &P of &N"}


def _hf_text(text: str, limit: int = 100) -> str:
    """Text for a page header: '&' doubled (it starts a code), cut to ``limit`` characters (Excel
    refuses a header over 255 characters in all)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


def print_setup(ws, lang: str, header: tuple[str, str] = ("", ""), landscape: bool = True,
                fit_width: bool = True) -> None:
    """Print setup of a sheet (see the module docstring). ``header``: (left, right) page-header text."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.6, 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.75, 0.6
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    left, right = header
    if left:
        ws.oddHeader.left.text = _hf_text(left)
        ws.oddHeader.left.size = 9
    if right:
        ws.oddHeader.right.text = _hf_text(right, 90)
        ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = PAGE_WORDS["en" if lang == "en" else "vi"]
    ws.oddFooter.center.size = 9


def print_titles(ws, first: int, last: int | None = None) -> None:
    """Repeat rows ``first``..``last`` (the table's header) at the top of every printed page."""
    ws.print_title_rows = f"{first}:{last or first}"


def set_widths(ws, widths: list[float]) -> None:
    """Column widths (in units of the width of '0'), from column A on."""
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _lines(value, width: float, bold: bool = False) -> int:
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1.0, (width - 1.2) * CHARS_PER_WIDTH * (0.9 if bold else 1.0))
    if len(value) <= per_line and "\n" not in value:  # most cells: one line, without splitting
        return 1
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def row_height(values: list, widths: list[float], bold: bool = False, indents: list[int] | None = None) -> float | None:
    """The height in points a row of ``values`` needs when its text wraps in columns of ``widths``
    (None when one line is enough). ``indents``: the indent level of each cell (3 characters a level)."""
    lines = 1
    for i, value in enumerate(values):
        width = widths[i] if i < len(widths) else 8.43
        width -= 1.5 * (indents[i] if indents and i < len(indents) else 0)
        lines = max(lines, _lines(value, width, bold))
    if lines == 1:
        return None
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + 3)


def fit_rows(ws, first: int, last: int | None = None) -> None:
    """Set the heights of rows ``first``..``last`` of an ordinary sheet from their wrapped text
    (:func:`row_height`), using the sheet's column widths; rows whose height is already larger stay."""
    last = last or ws.max_row
    ncols = ws.max_column
    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ncols + 1)]
    spans = {(m.min_row, m.min_col): sum(widths[m.min_col - 1:m.max_col]) for m in ws.merged_cells.ranges
             if m.min_row == m.max_row}  # a cell merged across columns wraps in their joint width
    for r in range(first, last + 1):
        values, indents, bold = [], [], False
        row_widths = [spans.get((r, c), widths[c - 1]) for c in range(1, ncols + 1)]
        for c in range(1, ncols + 1):
            target = ws._cells.get((r, c))  # noqa: SLF001 - only the stored cells, without creating any
            wraps = (target is not None and target.data_type == "s" and target.alignment is not None
                     and target.alignment.wrap_text)
            values.append(target.value if wraps and isinstance(target.value, str) else None)
            indents.append(int(target.alignment.indent or 0) if wraps else 0)
            bold = bold or bool(wraps and target.font is not None and target.font.b)
        height = row_height(values, row_widths, bold, indents)
        current = ws.row_dimensions[r].height if r in ws.row_dimensions else None
        if height and (current is None or current < height):
            ws.row_dimensions[r].height = height


# -------------------------------------------------------------------------------------------- charts

def bar_chart(data_ws, *, categories: tuple[int, int, int], series: list[int], titles: int, title: str,
              by_rows: bool = False, horizontal: bool = False, value_title: str | None = None,
              number_format: str | None = None, highlight: int | None = None, value_min: float | None = None,
              value_max: float | None = None, width: float = 16.0, height: float | None = None) -> BarChart:
    """A native bar chart over a table of ``data_ws`` (add it with ``ws.add_chart(chart, "A20")`` or
    :meth:`Book.chart_sheet`).

    Series in columns (default): ``categories`` is (column, first row, last row) of the labels,
    ``series`` the value columns read over the same rows, each named by its cell in row ``titles``.
    Series in rows (``by_rows``): ``categories`` is (row, first column, last column), ``series`` the
    value rows over the same columns, each named by its cell in column ``titles``.
    ``horizontal`` draws bars (the first category on top) instead of columns; ``highlight``: the
    index of a category whose bar is red (one series); ``value_min``/``value_max`` fix the value
    axis, ``number_format`` its labels. ``width``/``height`` in cm (a horizontal chart's height
    grows with its categories unless given).
    """
    from openpyxl.chart import Series
    from openpyxl.chart.series import SeriesLabel, StrRef
    from openpyxl.utils import quote_sheetname

    at, first, last = categories
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.style = 10
    chart.gapWidth = 60
    sheet = quote_sheetname(data_ws.title)
    for s in series:
        if by_rows:
            values = Reference(data_ws, min_col=first, max_col=last, min_row=s, max_row=s)
            name = f"{sheet}!${get_column_letter(titles)}${s}"
        else:
            values = Reference(data_ws, min_col=s, min_row=first, max_row=last)
            name = f"{sheet}!${get_column_letter(s)}${titles}"
        item = Series(values)
        item.tx = SeriesLabel(strRef=StrRef(name))
        chart.series.append(item)
    if by_rows:
        chart.set_categories(Reference(data_ws, min_col=first, max_col=last, min_row=at, max_row=at))
    else:
        chart.set_categories(Reference(data_ws, min_col=at, min_row=first, max_row=last))
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # the first category at the top
    if value_title:
        chart.y_axis.title = value_title
    if number_format:
        chart.y_axis.number_format = number_format
        chart.y_axis.numFmt.sourceLinked = False
    if value_min is not None:
        chart.y_axis.scaling.min = value_min
    if value_max is not None:
        chart.y_axis.scaling.max = value_max
    chart.x_axis.delete = False  # recent Excel hides openpyxl's axes unless told otherwise
    chart.y_axis.delete = False
    if len(series) == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    if highlight is not None and len(series) == 1:
        point = DataPoint(idx=highlight)
        point.graphicalProperties.solidFill = "C00000"
        chart.series[0].dPt.append(point)
    count = last - first + 1
    chart.width = width
    chart.height = height or (max(7.5, 0.55 * count * max(1, len(series)) + 3) if horizontal else 9.0)
    return chart


PAGE_CM = {True: (27.1, 17.5), False: (18.5, 26.3)}
"""Printable (width, height) of an A4 page in cm with the margins of :func:`print_setup`, by landscape."""
ROW_CM = LINE_POINTS / 72 * 2.54
"""Height of a default row in cm."""


def stack_charts(ws, charts: list, landscape: bool = True) -> None:
    """Place ``charts`` down an otherwise empty sheet, one a printed page: each is made to fit the
    page (at most its printable width and height) and starts a new page (a row break before it)."""
    from openpyxl.worksheet.pagebreak import Break

    page_w, page_h = PAGE_CM[landscape]
    row = 1
    for i, chart in enumerate(charts):
        chart.width = min(chart.width, page_w - 0.5)
        chart.height = min(chart.height, page_h - 3.5)  # the page header and footer take their share
        if i:
            ws.row_breaks.append(Break(id=row - 1))
        ws.add_chart(chart, f"A{row}")
        row += math.ceil(chart.height / ROW_CM) + 1


__all__ = ["LINE_POINTS", "bar_chart", "fit_rows", "print_setup", "print_titles", "row_height", "set_widths",
           "stack_charts"]
