"""Terminal tables: tabulate, with long cells and headers wrapped on word boundaries.

tabulate's own ``maxcolwidths`` cuts words in two ("Compute d"); :func:`tabulate` here takes the same
arguments but wraps each cell and header with :mod:`textwrap` first, between words only (a word longer
than its column keeps the column wider), in both languages.
"""

from __future__ import annotations

import textwrap

from tabulate import tabulate as _tabulate


def wrap_cell(value, width: int | None):
    """``value`` wrapped to ``width`` characters on word boundaries (its own line breaks kept); numbers,
    None and cells without a width pass unchanged."""
    if width is None or not isinstance(value, str) or len(value) <= width:
        return value
    return "\n".join("\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)) or ""
                     for line in value.split("\n"))


def _widths(widths, n: int) -> list:
    if widths is None:
        return [None] * n
    if isinstance(widths, int):
        return [widths] * n
    return list(widths) + [None] * (n - len(widths))


def tabulate(rows, headers=(), maxcolwidths=None, maxheadercolwidths=None, **kwargs) -> str:
    """:func:`tabulate.tabulate` with ``maxcolwidths``/``maxheadercolwidths`` applied on word boundaries."""
    rows = [list(r) for r in rows]
    n = max([len(r) for r in rows] + [len(headers) if isinstance(headers, (list, tuple)) else 0])
    if maxcolwidths is not None:
        w = _widths(maxcolwidths, n)
        rows = [[wrap_cell(v, w[i]) for i, v in enumerate(r)] for r in rows]
    if isinstance(headers, (list, tuple)) and (maxheadercolwidths is not None or maxcolwidths is not None):
        w = _widths(maxheadercolwidths if maxheadercolwidths is not None else maxcolwidths, n)
        headers = [wrap_cell(h, w[i]) for i, h in enumerate(headers)]
    return _tabulate(rows, headers=headers, **kwargs)
