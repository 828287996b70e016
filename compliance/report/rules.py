"""The loaded rules as text: the list (``rules list``) and one rule in full (``rules show``)."""

from __future__ import annotations

from compliance.catalog import RuleBook
from compliance.engine.conditions import describe
from compliance.i18n import M, MC, Message
from compliance.model.rules import Rule
from compliance.i18n.words import SEVERITIES, pick
from compliance.report.tables import tabulate


def rules_table(book: RuleBook, lang: str = "vi") -> str:
    """Every gap rule (id, version, fact kind, severity, title, file), then the counts of metrics,
    checks and rules."""
    rows = [[r.id, r.version, r.fact, pick(SEVERITIES, r.gap.severity.value, lang), r.title.get(lang),
             book.origin["rule:" + r.id].name] for r in sorted(book.rules.values(), key=lambda r: r.id)]
    headers = [m.get(lang) for m in (M("Rule"), M("Version"), M("Fact kind"), M("Severity"), M("Title"), M("File"))]
    return (tabulate(rows, headers=headers, maxcolwidths=[None, None, None, None, 70, None])
            + "\n\n" + M("{metrics} metrics, {checks} checks, {rules} rules", metrics=len(book.metrics),
                           checks=len(book.checks), rules=len(book.rules)).get(lang))


def rule_text(book: RuleBook, rule: Rule, lang: str = "vi") -> str:
    """One rule in full: file, fact kind, condition read aloud, gap, legal basis with the dates each text
    applies, remediation, test cases."""
    def w(word: Message) -> str:
        return word.get(lang)

    lines = [f"{rule.id} (v{rule.version}) — {rule.title.get(lang)}",
             f"{w(MC('rule', 'file'))}: {book.origin['rule:' + rule.id]}",
             f"{w(MC('rule', 'fact'))}: {rule.fact}", f"{w(MC('rule', 'when'))}: {describe(rule.when, lang)}",
             f"{w(MC('rule', 'gap'))}: {pick(SEVERITIES, rule.gap.severity.value, lang)}, {w(MC('rule', 'subject'))} "
             f"{rule.gap.subject}" + (f" ({rule.gap.subject_field})" if rule.gap.subject_field else ""),
             f"{w(MC('rule', 'message'))}: {rule.gap.message.get(lang)}", f"{w(MC('rule', 'legal basis'))}:"]
    for b in rule.legal_basis:
        lines.append(f"  - {b.cite(lang, dated=True)}" + (f" — {b.note}" if b.note else ""))
    lines.append(f"{w(MC('rule', 'remediation'))}: {rule.remediation.get(lang)}")
    lines.append(f"{w(MC('rule', 'tests'))}: " + ", ".join(f"{t.name} → {t.expect}" for t in rule.tests))
    return "\n".join(lines)
