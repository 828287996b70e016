"""THE words the outputs share: column names, states, severities, methods, how an edition was chosen.

Every output (the scorecard's terminal table, Markdown and workbook; the round's tables and council
workbook; the registers' tables; PAPI; the web page) names the same things with these words, so a
council reads "Tự chấm", "Máy chấm", "Điểm tối đa" in every document. An output's own table
(``compliance.report.labels.LABELS``, ``compliance.round.text.L``, ``compliance.papi.labels.LABELS``,
``compliance.registers.report``'s, ``compliance.web.text.WORDS``) takes its words from :data:`WORDS`
where it says the same thing, and keeps only what is its own (a register's "Số hồ sơ", a PAPI task's
"Tình trạng").

Coded values (a state ``not_checked``, a method ``per_item``, ``chosen_by`` ``unit type and period``)
are never shown as they are: :func:`pick` says them in words, and says an unknown code as it is.

Layer: foundation.
"""

from __future__ import annotations

from compliance.i18n import M, MC, Message

WORDS: dict[str, Message] = {
    "agency": M("Agency"),
    "code": M("Code"),
    "unit_type": M("Unit type"),
    "period": MC("scorecard", "Period"),
    "edition": M("Criteria edition"),
    "rank": M("Rank"),
    "index": M("Index %"),
    "class": M("Class"),
    "max": MC("scorecard", "Max"),
    "self": MC("scorecard", "Self"),
    "computed": MC("scorecard", "Computed"),
    "appraised": M("Appraised"),
    "survey": M("Survey"),
    "round1": M("Round 1"),
    "round2": M("Round 2"),
    "final": M("Final"),
    "difference": M("Difference"),
    "state": MC("scorecard", "State"),
    "reason": M("Reason"),
    "evidence": M("Evidence"),
    "notice": MC("scorecard", "Warning"),
    "points": M("Points"),
    "bonus": MC("web", "Bonus"),
    "penalty": MC("web", "Penalty"),
    "formula": MC("scorecard", "Formula"),
    "severity": M("Severity"),
    "count": MC("scorecard", "Count"),
    "legal_basis": MC("scorecard", "Legal basis"),
    "procedure": M("Procedure"),
    "rule": M("Rule"),
    "result": M("Result"),
    "note": M("Note"),
    "source": MC("figure", "Source"),
    "round": MC("round", "Round"),
    "kind": M("Kind"),
}
"""Column names and labels more than one output uses."""

STATES: dict[str, Message] = {
    "pass": M("pass"),
    "partial": M("partial"),
    "fail": M("fail"),
    "not_applicable": M("not_applicable"),
    "not_checked": M("not_checked"),
    "error": M("error"),
    "waived": M("waived"),
}
"""A node's score state."""

SEVERITIES: dict[str, Message] = {
    "critical": M("critical"),
    "high": M("high"),
    "medium": M("medium"),
    "low": M("low"),
    "info": M("info"),
}
"""A gap's severity."""

ISSUE_LEVELS: dict[str, Message] = {"error": M("error"), "warning": M("warning"), "info": M("info")}
"""How serious a round's issue is."""

ISSUE_KINDS: dict[str, Message] = {
    "expired_waiver": M("expired waiver"),
    "unmatched_waiver": M("waiver that matches nothing"),
    "bonus_capped": M("bonus over its cap"),
    "penalty_capped": M("penalty over its cap"),
    "appraisal_unmatched": M("appraisal of an unread agency"),
    "ignored_file": M("file that is no submission"),
    "own_output": M("workbook of this tool"),
    "form_changed": M("notice on the submission"),  # a form row deleted, a self-score without evidence…
    "appraisal_rows_deleted": M("appraisal workbook rows deleted"),
    "unreadable_submission": M("unreadable submission"),
    "duplicate_agency": M("several submissions for one agency"),
}
"""What a round's issue is about."""

KINDS: dict[str, Message] = {"bonus": M("bonus"), "penalty": M("penalty")}
"""An adjustment of the index: bonus or penalty points."""

CONFIDENCES: dict[str, Message] = {
    "verified": MC("confidence", "verified"),
    "model": MC("confidence", "model"),
    "unknown": MC("confidence", "unknown"),
}
"""How far a criterion's value is verified in an official text."""

SCOPES: dict[str, Message] = {
    "province": M("province-wide"),
    "other_agency": M("other agency"),
    "own": M("own"),
}
"""Whose figure a reported figure is."""

METHODS: dict[str, Message] = {
    "bands": MC("method", "bands"), "choice": MC("method", "choice"), "formula": MC("method", "formula"),
    "per_item": MC("method", "per item"), "manual": MC("method", "manual (evidence)"), "survey": MC("method", "survey"),
}
"""How a sub-criterion is scored."""

CHOSEN_BY: dict[str, Message] = {
    "--criteria": M("the criteria edition asked for"),
    "manifest": M("the submission's own choice"),
    "unit type and period": M("unit type and period"),
}
"""How the criteria edition of a submission was chosen (``EditionInfo.chosen_by``)."""


def pick(table: dict[str, Message], key: str | None, lang: str) -> str:
    """The word for ``key`` of ``table`` in ``lang``; the key itself when the table has none ("" for None)."""
    if key is None:
        return ""
    return table[key].get(lang) if key in table else key


def word(key: str, lang: str) -> str:
    """The shared word ``key`` of :data:`WORDS` in ``lang``."""
    return WORDS[key].get(lang)
