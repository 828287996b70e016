"""The loaded rules as text: the list (``rules list``) and one rule in full (``rules show``)."""

from __future__ import annotations

from tabulate import tabulate

from compliance.catalog import RuleBook
from compliance.engine.conditions import describe
from compliance.model.rules import Rule


def rules_table(book: RuleBook, lang: str = "vi") -> str:
    """Every gap rule (id, version, fact kind, severity, title, file), then the counts of metrics,
    checks and rules."""
    rows = [[r.id, r.version, r.fact, r.gap.severity.value, r.title.get(lang), book.origin["rule:" + r.id].name]
            for r in sorted(book.rules.values(), key=lambda r: r.id)]
    return (tabulate(rows, headers=["id", "v", "fact", "severity", "title", "file"])
            + f"\n\n{len(book.metrics)} metrics, {len(book.checks)} checks, {len(book.rules)} rules")


def rule_text(book: RuleBook, rule: Rule, lang: str = "vi") -> str:
    """One rule in full: file, fact kind, condition read aloud, gap, legal basis with the dates each text
    applies, remediation, test cases."""
    w = (lambda vi, en: en if lang == "en" else vi)
    lines = [f"{rule.id} (v{rule.version}) — {rule.title.get(lang)}", f"{w('tệp', 'file')}: {book.origin['rule:' + rule.id]}",
             f"{w('loại dữ kiện', 'fact')}: {rule.fact}", f"{w('điều kiện', 'when')}: {describe(rule.when, lang)}",
             f"{w('tồn tại', 'gap')}: {rule.gap.severity.value}, {w('đối tượng', 'subject')} {rule.gap.subject}"
             + (f" ({rule.gap.subject_field})" if rule.gap.subject_field else ""),
             f"{w('nội dung', 'message')}: {rule.gap.message.get(lang)}", f"{w('căn cứ pháp lý', 'legal basis')}:"]
    for b in rule.legal_basis:
        lines.append(f"  - {b.cite(lang, dated=True)}" + (f" — {b.note}" if b.note else ""))
    lines.append(f"{w('việc cần làm', 'remediation')}: {rule.remediation.get(lang)}")
    lines.append(f"{w('ca kiểm thử', 'tests')}: " + ", ".join(f"{t.name} → {t.expect}" for t in rule.tests))
    return "\n".join(lines)
