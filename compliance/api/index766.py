"""The QĐ 766/QĐ-TTg service index from a dossier register and a procedure catalogue, and its outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.files import check_writable
from compliance.registers.index766 import IndexResult, compute_index
from compliance.registers.index766_output import render, write_workbook
from compliance.registers.reader import Settings
from compliance.registers.summary import Period

PathLike = str | os.PathLike
__all__ = ["IndexResult", "index766_json", "score_index766", "render_index766", "write_index766_workbook"]


def score_index766(register: PathLike, procedures: PathLike, period: str | Period | None = None,
             settings: Settings | None = None, *, workbook: PathLike | None = None, lang: str = "vi") -> IndexResult:
    """Score every indicator of the QĐ 766/QĐ-TTg index that ``register`` and ``procedures`` (CSV or
    XLSX) can give, per resolving agency and for the province, for ``period`` (``2026-10``, ``2026-Q3``,
    ``2026``…; None: the register's receipt dates); list the others as not computed, with why.

    ``workbook``: also write the scores and their explanations there (.xlsx, atomically; its place is
    checked before anything is computed). Raises InputError for bad input (a file, a header, a cell, an
    unknown yes/no value, the indicator file) or a workbook not named .xlsx.
    """
    if workbook is not None:
        path = Path(workbook)
        if path.suffix.lower() != ".xlsx":
            raise InputError(path, M("a workbook is written as an Excel .xlsx file: give it the .xlsx extension"), "--xlsx")
        check_writable(path)
    result = compute_index(register, procedures, period=period, settings=settings)
    if workbook is not None:
        write_workbook(result, Path(workbook), lang)
    return result


def render_index766(result: IndexResult, lang: str = "vi", fmt: str = "table") -> str:
    """The index as text: ``fmt`` ``table`` (terminal) or ``markdown`` (every agency explained)."""
    return render(result, lang, fmt)


def index766_json(result: IndexResult) -> str:
    """The index as JSON text (UTF-8, indented): every score with its counts, rule and reason."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)


def write_index766_workbook(result: IndexResult, path: PathLike, lang: str = "vi") -> None:
    """The index as a workbook (agencies' group points, every score explained, not computed, sources)."""
    write_workbook(result, Path(path), lang)
