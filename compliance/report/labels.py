"""The scorecard's labels, states, severities and scopes: keys → catalogue messages (compliance.i18n;
the Vietnamese is in the catalogue)."""

from __future__ import annotations

from compliance.i18n import M, MC, Message

LABELS: dict[str, Message] = {
    "agency": M("Agency"),
    "unit_type": M("Unit type"),
    "period": MC("scorecard", "Period"),
    "edition": M("Criteria edition"),
    "edition_source": MC("edition", "Source"),
    "confidence": MC("scorecard", "Confidence"),
    "chosen_by": M("chosen by"),
    "index": M("Index"),
    "class": M("Class"),
    "formula": MC("scorecard", "Formula"),
    "denominator": M("Denominator"),
    "scorecard": M("SCORECARD"),
    "gaps": M("GAPS"),
    "checks": M("CONSISTENCY CHECKS"),
    "informational": M("INFORMATIONAL FIGURES (not scored)"),
    "total": MC("scorecard", "TOTAL"),
    "stt": M("No."),
    "name": M("Field / criterion / sub-criterion"),
    "max": MC("scorecard", "Max"),
    "computed": MC("scorecard", "Computed"),
    "self": MC("scorecard", "Self"),
    "difference": M("Difference"),
    "state": MC("scorecard", "State"),
    "reason": M("Reason"),
    "severity": M("Severity"),
    "subject": M("Subject"),
    "what": M("What is wrong"),
    "count": MC("scorecard", "Count"),
    "legal_basis": MC("scorecard", "Legal basis"),
    "remediation": M("What to do"),
    "rule": M("Rule"),
    "check": M("Check"),
    "result": M("Result"),
    "arithmetic": M("Arithmetic"),
    "value": M("Value"),
    "scope": M("Scope"),
    "source": MC("figure", "Source"),
    "model_note": M("(*) model value, not an official text"),
    "model_set": M("model set, no issuing decision"),
    "incomplete": M("incomplete: unknown nodes are not scored"),
    "provisional": M("Provisional: {n} points could not be checked (no data or no survey) and count 0"),
    "outside_validity": M("Note: the criteria edition is in force {span}, not over the whole period {period}: the part of "
                          "the period outside it is scored on this edition all the same"),
    "figure": M("Figure"),
    "no_gaps": M("No gaps found."),
    "not_applicable_note": M("{n} points do not apply to this unit type and are left out of the denominator"),
    "yes": M("ok"),
    "no": M("mismatch"),
    "not_checked": M("not enough data"),
}

STATES: dict[str, Message] = {
    "pass": M("pass"),
    "partial": M("partial"),
    "fail": M("fail"),
    "not_applicable": M("not_applicable"),
    "not_checked": M("not_checked"),
    "error": M("error"),
    "waived": M("waived"),
}

SEVERITIES: dict[str, Message] = {
    "critical": M("critical"),
    "high": M("high"),
    "medium": M("medium"),
    "low": M("low"),
    "info": M("info"),
}

CONFIDENCES: dict[str, Message] = {
    "verified": MC("confidence", "verified"),
    "model": MC("confidence", "model"),
    "unknown": MC("confidence", "unknown"),
}

SCOPES: dict[str, Message] = {
    "province": M("province-wide"),
    "other_agency": M("other agency"),
    "own": M("own"),
}


def label(key: str, lang: str, **values) -> str:
    """The label for ``key`` in ``lang`` ("vi" or "en"), with ``{name}`` values filled in."""
    return LABELS[key].get(lang).format(**values)


def pick(table: dict[str, Message], key: str, lang: str) -> str:
    """The word for ``key`` of ``table`` in ``lang``; the key itself when the table has none."""
    return table[key].get(lang) if key in table else key
