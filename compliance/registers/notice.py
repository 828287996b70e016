"""Notices of register reading and checking in both languages.

A notice is a catalogue message (:class:`compliance.i18n.Message`: the English text as a ``str``, so
JSON output and ``"…" in notices`` tests see the English); :func:`notice_text` picks the language for
output (Vietnamese by default, English with ``--lang en``). Plain strings pass through unchanged.
"""

from __future__ import annotations

from compliance.i18n import M, MC, text

__all__ = ["notice_text", "note_prefix", "period_label", "PERIOD_LABELS", "UNIT_WORDS"]


def notice_text(notice: str, lang: str) -> str:
    """``notice`` in ``lang`` when it is a :class:`Notice`, else as written."""
    return text(notice, lang)


def note_prefix(lang: str) -> str:
    """The prefix of a notice line on the terminal: "ghi chú: " (vi) or "note: " (en)."""
    return M("note: ").get(lang)


#: how a rule's deadline is counted (``CompiledRule.unit``), in words
UNIT_WORDS = {"days": M("days"), "working_days": M("working days")}

PERIOD_LABELS = {"register": MC("period", "the register's receipt dates")}


def period_label(label: str, lang: str) -> str:
    """A period's label for output: the user's own text (``2020-Q1``) or the words for a default."""
    return PERIOD_LABELS[label].get(lang) if label in PERIOD_LABELS else label
