"""The scorecard's labels: keys → catalogue messages (compliance.i18n; the Vietnamese is in the
catalogue). The words every output shares, and the states, severities, confidences and scopes, are
:mod:`compliance.i18n.words`."""

from __future__ import annotations

from compliance.i18n import M, MC, Message
from compliance.i18n.words import WORDS

LABELS: dict[str, Message] = {
    "agency": WORDS["agency"],
    "unit_type": WORDS["unit_type"],
    "province": MC("agency's province", "Province"),
    "period": WORDS["period"],
    "edition": WORDS["edition"],
    "edition_source": MC("edition", "Source"),
    "confidence": MC("scorecard", "Confidence"),
    "chosen_by": M("chosen by"),
    "index": M("Index"),
    "class": WORDS["class"],
    "formula": WORDS["formula"],
    "denominator": M("Denominator"),
    "scorecard": M("SCORECARD"),
    "gaps": M("GAPS"),
    "checks": M("CONSISTENCY CHECKS"),
    "informational": M("INFORMATIONAL FIGURES (not scored)"),
    "total": MC("scorecard", "TOTAL"),
    "stt": M("No."),
    "name": M("Field / criterion / sub-criterion"),
    "max": WORDS["max"],
    "computed": WORDS["computed"],
    "self": WORDS["self"],
    "difference": WORDS["difference"],
    "state": WORDS["state"],
    "reason": WORDS["reason"],
    "severity": WORDS["severity"],
    "subject": M("Subject"),
    "what": M("What is wrong"),
    "count": WORDS["count"],
    "legal_basis": WORDS["legal_basis"],
    "remediation": M("What to do"),
    "rule": WORDS["rule"],
    "check": M("Check"),
    "result": WORDS["result"],
    "arithmetic": M("Arithmetic"),
    "value": M("Value"),
    "scope": M("Scope"),
    "source": WORDS["source"],
    "model_note": M("(*) model value, not an official text"),
    "model_set": M("model set, no issuing decision"),
    "incomplete": M("incomplete: unknown nodes are not scored"),
    "provisional": M("Provisional: {n} points could not be checked (no data or no survey) and count 0"),
    "notice": WORDS["notice"],
    "figure": M("Figure"),
    "no_gaps": M("No gaps found."),
    "not_applicable_note": M("{n} points do not apply to this unit type and are left out of the denominator"),
    "yes": M("ok"),
    "no": M("mismatch"),
    "not_checked": M("not enough data"),
}

def label(key: str, lang: str, **values) -> str:
    """The label for ``key`` in ``lang`` ("vi" or "en"), with ``{name}`` values filled in."""
    return LABELS[key].get(lang).format(**values)
