"""The rule book loaded from ``rules/``: list it, show one rule."""

from __future__ import annotations

from compliance.catalog import RuleBook
from compliance.catalog import rulebook as _loaded
from compliance.errors import InputError
from compliance.i18n import M
from compliance.model.rules import Rule
from compliance.report.rules import rule_text, rules_table


def rulebook() -> RuleBook:
    """Every metric, consistency check and gap rule of ``rules/``, with the file each came from."""
    return _loaded()


def rule(rule_id: str) -> Rule:
    """The gap rule ``rule_id``; InputError naming the id when there is none."""
    found = _loaded().rules.get(rule_id)
    if found is None:
        raise InputError(None, M("no rule '{rule_id}' (see: compliance rules list)", rule_id=rule_id), "RULE_ID")
    return found


def render_rules(lang: str = "vi") -> str:
    """``rules list``: every gap rule as a table, then the counts."""
    return rules_table(_loaded(), lang)


def render_rule(rule_id: str, lang: str = "vi") -> str:
    """``rules show``: one rule in full (condition read aloud, legal basis by date, test cases)."""
    return rule_text(_loaded(), rule(rule_id), lang)
