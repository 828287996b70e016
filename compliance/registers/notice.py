"""Notices of register reading and checking in both languages.

A :class:`Notice` is the English text (a ``str``, so JSON output and ``"…" in notices`` tests see the
English) that also carries its Vietnamese text; :func:`notice_text` picks the language for output
(Vietnamese by default, English with ``--lang en``). Plain strings pass through unchanged.
"""

from __future__ import annotations

from compliance.io.table import Note as Notice  # the one bilingual note of the product (io.table's)

__all__ = ["Notice", "notice_text", "note_prefix", "period_label", "PERIOD_LABELS"]


def notice_text(notice: str, lang: str) -> str:
    """``notice`` in ``lang`` when it is a :class:`Notice`, else as written."""
    return notice.get(lang) if isinstance(notice, Notice) else str(notice)


def note_prefix(lang: str) -> str:
    """The prefix of a notice line on the terminal: "ghi chú: " (vi) or "note: " (en)."""
    return "note: " if lang == "en" else "ghi chú: "


PERIOD_LABELS = {"register": ("theo ngày tiếp nhận trong sổ", "the register's receipt dates")}


def period_label(label: str, lang: str) -> str:
    """A period's label for output: the user's own text (``2020-Q1``) or the words for a default."""
    if label in PERIOD_LABELS:
        vi, en = PERIOD_LABELS[label]
        return en if lang == "en" else vi
    return label
