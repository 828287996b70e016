"""Every test case written next to a rule (rules/**/*.yaml, key ``tests``) runs here, through the same
durable_rules ruleset the engine uses, and through the Python evaluator of the condition language."""

from __future__ import annotations

import pytest

from compliance.catalog import rulebook
from compliance.check import compile_rules
from compliance.engine.conditions import evaluate
from compliance.engine.runner import RuleRunner

CASES = [(rule.id, i) for rule in rulebook().rules.values() for i in range(len(rule.tests))]


@pytest.fixture(scope="module")
def runners():
    made = {}
    yield made
    for runner in made.values():
        runner.close()


def test_there_are_cases_for_every_rule():
    book = rulebook()
    assert len(book.rules) >= 9
    assert all(rule.tests for rule in book.rules.values())


@pytest.mark.parametrize("rule_id,index", CASES, ids=[f"{r}[{i}]" for r, i in CASES])
def test_rule_case(rule_id, index, runners):
    rule = rulebook().rules[rule_id]
    case = rule.tests[index]
    if rule_id not in runners:
        runners[rule_id] = RuleRunner(compile_rules([rule]))
    fact = dict(case.fact)
    matches = runners[rule_id].evaluate(f"case-{index}", [fact])
    expected = case.expect == "match"
    assert bool(matches) is expected, f"{case.name}: durable_rules"
    record = {k: v for k, v in fact.items() if k != "kind"}
    assert (fact.get("kind") == rule.fact and evaluate(rule.when, record)) is expected, f"{case.name}: evaluator"
