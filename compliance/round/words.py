"""How a round says its numbers and coded values to people (Vietnamese by default, ``lang='en'``).

- :func:`unit_type_text`: a unit type in words ("sở, ban, ngành");
- :func:`as_of_text`: the reference date as dd/mm/yyyy and where it came from, in words;
- :func:`md_cell`: a cell that cannot break a Markdown table.
"""

from __future__ import annotations

import datetime as dt

from compliance.i18n import M, date
from compliance.vocab import unit_type_word


def unit_type_text(value: object, lang: str) -> str:
    """A unit type in words ("department" → "sở, ban, ngành" / "department")."""
    return unit_type_word(value, lang)


def as_of_text(as_of: str, source: str, lang: str) -> str:
    """The round's reference date (ISO ``as_of``) as dd/mm/yyyy and its source in words.

    ``source`` is the stored code: ``--as-of``, ``today`` or ``appraised_on (<file name>)``.
    Example: ("2021-02-25", "appraised_on (appraisal.yaml)", "vi") →
    "25/02/2021 (theo ngày thẩm định trong appraisal.yaml)".
    """
    try:
        shown = date(dt.date.fromisoformat(as_of), lang)
    except ValueError:
        shown = as_of
    if source == "today":
        words = M("today").get(lang)
    elif source == "--as-of":
        words = M("from --as-of").get(lang)
    elif source.startswith("appraised_on"):
        name = source[len("appraised_on"):].strip().strip("()")
        words = (M("the appraisal date in {name}", name=name).get(lang)) if name else (
            M("the appraisal date").get(lang))
    else:
        words = source
    return f"{shown} ({words})"


def md_cell(value: object) -> object:
    """A Markdown table cell: "|" escaped, line breaks as <br> (other values unchanged)."""
    if not isinstance(value, str):
        return value
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def md_rows(rows: list[list]) -> list[list]:
    """Every cell of ``rows`` through :func:`md_cell`."""
    return [[md_cell(v) for v in row] for row in rows]
