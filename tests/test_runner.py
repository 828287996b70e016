"""The hardened durable_rules wrapper: one test (at least) per point of DESIGN.md's list, each of which
fails without the guard it tests."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
import threading
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.engine.conditions import to_durable
from compliance.engine.runner import (
    ActionError,
    DuplicateFactError,
    EngineError,
    FactError,
    Match,
    RuleRunner,
    RulesetError,
    run,
)

ROOT = Path(__file__).resolve().parents[1]


def ruleset(**conds) -> dict:
    """{"t": {rule: {"all": [{"m": to_durable(cond, kind)}]}}} from rule=(kind, cond)."""
    return {"t": {name: {"all": [{"m": to_durable(cond, kind)}]} for name, (kind, cond) in conds.items()}}


def rules_matched(rs: dict, facts: list[dict], sid: str = "a1") -> list[str]:
    with RuleRunner(rs) as r:
        return [m.rule for m in r.evaluate(sid, facts)]


# -- 1. facts are validated and normalised first -----------------------------------------------------

def test_nfd_text_matches_an_nfc_rule():
    rs = ruleset(home_affairs=("agency", {"field": "name", "eq": "Sở Nội vụ"}))
    nfd = "So\u031b\u0309 Nô\u0323i vu\u0323"  # decomposed: durable_rules alone would not match it
    assert rules_matched(rs, [{"kind": "agency", "name": nfd}]) == ["home_affairs"]


def test_dates_decimals_become_json_values():
    rs = ruleset(late=("dossier", {"all": [{"field": "received_at", "gte": "2020-01-01"},
                                         {"field": "fee", "gt": 1.5}]}))
    fact = {"kind": "dossier", "received_at": dt.date(2020, 3, 2), "fee": Decimal("2.5")}
    assert rules_matched(rs, [fact]) == ["late"]


@pytest.mark.parametrize("value", ["0.9", "abc", True])
def test_strict_numbers_a_string_or_bool_for_a_numeric_field_is_an_error(value):
    # durable_rules alone: "abc" >= 0.3 and "0.9" >= 0.3 are true, True == 1
    rs = ruleset(rate_ok=("criterion", {"field": "rate", "gte": 0.3}))
    with pytest.raises(FactError) as exc:
        rules_matched(rs, [{"kind": "criterion", "rate": 0.5}, {"kind": "criterion", "rate": value}], sid="dn")
    assert exc.value.fact_id == "dn:criterion:1"
    assert exc.value.field == "rate"
    assert "dn:criterion:1" in str(exc.value) and "'rate'" in str(exc.value)


def test_strict_types_also_for_text_and_between_fields():
    rs = ruleset(no_letter=("dossier", {"field": "apology_letter", "eq": "no"}))
    with pytest.raises(FactError, match="apology_letter"):
        rules_matched(rs, [{"kind": "dossier", "apology_letter": 0}])
    rs = ruleset(over=("dossier", {"field": "late", "gt_field": "resolved"}))
    with pytest.raises(FactError, match="types differ"):
        rules_matched(rs, [{"kind": "dossier", "late": 5, "resolved": "4"}])


def test_type_rules_are_per_kind():
    # 'code' is a number for procedures and text for agencies: no clash
    rs = ruleset(p=("procedure", {"field": "code", "eq": 1}), a=("agency", {"field": "code", "eq": "VP"}))
    assert rules_matched(rs, [{"kind": "procedure", "code": 1}, {"kind": "agency", "code": "VP"}]) == ["a", "p"]


@pytest.mark.parametrize("value, message", [(float("nan"), "not a usable number"),
                                            (float("inf"), "not a usable number"),
                                            ({1, 2}, "type set")])
def test_nan_inf_and_non_json_values_are_refused(value, message):
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    with pytest.raises(FactError, match=message):
        rules_matched(rs, [{"kind": "k", "a": value}])


def test_too_many_properties_is_refused_before_the_engine():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    fact = {"kind": "k", "a": 1, "extra": {f"p{i}": i for i in range(260)}}  # nested keys count
    with pytest.raises(FactError, match="at most 250"):
        rules_matched(rs, [fact])
    ok = {"kind": "k", "a": 1, "extra": {f"p{i}": i for i in range(200)}}
    assert rules_matched(rs, [ok]) == ["x"]


def test_none_is_absent():
    rs = ruleset(no_evidence=("submission", {"field": "evidence", "exists": False}))
    assert rules_matched(rs, [{"kind": "submission", "evidence": None}]) == ["no_evidence"]


def test_reserved_keys_and_bad_dates_are_refused():
    rs = ruleset(late=("dossier", {"field": "result_at", "gt_field": "due_at", "offset": 0, "unit": "days"}))
    with pytest.raises(FactError, match="'id' is reserved"):
        rules_matched(rs, [{"kind": "dossier", "id": 7}])
    with pytest.raises(FactError, match="ISO date") as exc:
        rules_matched(rs, [{"kind": "dossier", "result_at": "31/12/2020", "due_at": "2020-12-30"}])
    assert exc.value.field == "result_at"
    with pytest.raises(FactError, match="outside the working-day calendar"):
        rules_matched(rs, [{"kind": "dossier", "result_at": "2202-05-01", "due_at": "2020-12-30"}])


def test_nothing_is_asserted_when_a_later_fact_is_bad():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    with RuleRunner(rs) as r:
        with pytest.raises(FactError):
            r.evaluate("s", [{"kind": "k", "a": 1}, {"kind": "k", "a": "1"}])
        assert r.evaluate("s", [{"kind": "k", "a": 1}]) == [Match("x", {"kind": "k", "a": 1})]


def test_working_day_comparison_through_the_engine():
    # result due 1 working day after Wed 22/01/2020; Tết 23–29/01 → due Thu 30/01
    rs = ruleset(late=("dossier", {"field": "result_at", "gt_field": "received_at", "offset": 1,
                                   "unit": "working_days"}))
    facts = [{"kind": "dossier", "received_at": "2020-01-22", "result_at": "2020-01-30"},
             {"kind": "dossier", "received_at": "2020-01-22", "result_at": "2020-01-31"}]
    with RuleRunner(rs) as r:
        assert [m.fact is facts[1] for m in r.evaluate("s", facts)] == [True]


# -- 2. definitions deep-copied, actions bound by name -----------------------------------------------

def test_the_same_definition_dict_can_be_loaded_twice_and_is_not_mutated():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    rs["t"]["x"]["run"] = "whatever"
    before = copy.deepcopy(rs)
    assert rules_matched(rs, [{"kind": "k", "a": 1}]) == ["x"]
    assert rules_matched(rs, [{"kind": "k", "a": 1}]) == ["x"]  # durable alone: KeyError 'run'
    assert rs == before


def test_non_json_definitions_are_refused():
    with pytest.raises(RulesetError, match="plain JSON"):
        RuleRunner({"t": {"x": {"all": [{"m": {"kind": "k", "when": dt.date(2020, 1, 1)}}]}}})


# -- 3. unique ids, small sids, duplicates are errors -----------------------------------------------

def test_facts_whose_automatic_ids_collide_are_both_evaluated():
    # these two facts get the same 32-bit id hash when durable_rules makes the id itself
    rs = ruleset(sub=("submission", {"field": "sub", "gt": 0}))
    facts = [{"kind": "submission", "sub": 35532, "agency_id": 532},
             {"kind": "submission", "sub": 75187, "agency_id": 187}]
    with RuleRunner(rs) as r:
        assert [m.fact["sub"] for m in r.evaluate("s", facts)] == [35532, 75187]


def test_identical_facts_are_two_facts():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    assert rules_matched(rs, [{"kind": "k", "a": 1}, {"kind": "k", "a": 1}]) == ["x", "x"]


def test_an_engine_duplicate_is_an_error_not_ignored(monkeypatch):
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    prepare = RuleRunner._prepare

    def same_id(self, sid, n, fact):
        out, kind = prepare(self, sid, n, fact)
        out["id"] = f"{sid}:k:0"
        return out, kind

    monkeypatch.setattr(RuleRunner, "_prepare", same_id)
    with pytest.raises(DuplicateFactError, match="already been observed"):
        rules_matched(rs, [{"kind": "k", "a": 1}, {"kind": "k", "a": 2}])


def test_a_fact_matching_no_rule_is_normal():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    assert rules_matched(rs, [{"kind": "k", "a": 0}, {"kind": "other"}, {"no": "kind"}]) == []


@pytest.mark.parametrize("sid", ["", "a:b", 5, "x" * 101])
def test_bad_sid(sid):
    with RuleRunner(ruleset(x=("k", {"field": "a", "gt": 0}))) as r:
        with pytest.raises(EngineError, match="sid"):
            r.evaluate(sid, [])


# -- 4. actions only record; action errors surface ---------------------------------------------------

def test_an_action_error_is_raised(monkeypatch):
    def broken(self, rule_name, message):
        raise RuntimeError("cannot record")

    monkeypatch.setattr(RuleRunner, "_record", broken)
    with pytest.raises(ActionError, match="cannot record"):
        rules_matched(ruleset(x=("k", {"field": "a", "gt": 0})), [{"kind": "k", "a": 1}])


def test_an_error_noted_in_the_engine_state_is_raised():
    r = RuleRunner(ruleset(x=("k", {"field": "a", "gt": 0})))
    with pytest.raises(ActionError, match="boom"):
        r._check({"sid": "s", "exception": "exception caught boom"}, "t", "s:k:0")
    r.close()


# -- 5. no negation-only rule; aliases ------------------------------------------------------------------

@pytest.mark.parametrize("pattern", [
    {"$nex": {"evidence": 1}},
    {"$neq": {"kind": "x"}},
    {"$or": [{"kind": "a"}, {"$nex": {"b": 1}}]},
    {"$and": [{"$nex": {"b": 1}}, {"sid": "s1"}]},
])
def test_negation_only_rules_are_refused(pattern):
    # loaded into durable_rules, the first one loops for ever (the sid's own state message matches it)
    with pytest.raises(RulesetError, match="positive equality"):
        RuleRunner({"t": {"x": {"all": [{"m": pattern}]}}})


@pytest.mark.parametrize("rule, message", [
    ({"all": [{"a": {"kind": "x"}}, {"a": {"kind": "y"}}]}, "not a unique identifier"),
    ({"all": [{"a": {"kind": "x"}, "b": {"kind": "y"}}]}, "one-key mapping"),
    ({"all": []}, "non-empty list"),
    ({"all": [{"m": {"kind": "x"}}], "then": 1}, "unknown key"),
    ({"all": [{"m": {"kind": "x", "$xx": 1}}]}, "positive equality"),
])
def test_malformed_rules_are_refused(rule, message):
    with pytest.raises(RulesetError, match=message):
        RuleRunner({"t": {"x": rule}})


def test_rule_names_unique_across_rulesets():
    with pytest.raises(RulesetError, match="also used"):
        RuleRunner({"a": {"x": {"all": [{"m": {"kind": "k"}}]}}, "b": {"x": {"all": [{"m": {"kind": "k"}}]}}})


def test_multi_pattern_rule_returns_facts_by_alias():
    rs = {"j": {"dossier_of_agency": {"all": [
        {"agency": {"kind": "agency"}},
        {"dossier": {"$and": [{"kind": "dossier"}, {"agency_code": {"agency": "code"}}]}},
    ]}}}
    agency, d1, d2 = {"kind": "agency", "code": "VP"}, {"kind": "dossier", "agency_code": "VP"}, \
        {"kind": "dossier", "agency_code": "STP"}
    with RuleRunner(rs) as r:
        matches = r.evaluate("s", [d1, agency, d2])
    assert matches == [Match("dossier_of_agency", {"agency": agency, "dossier": d1})]
    assert matches[0].fact["dossier"] is d1


# -- ordering, reuse, run() -----------------------------------------------------------------------------

def test_matches_are_sorted_and_sids_are_independent():
    rs = ruleset(b_rule=("k", {"field": "a", "gt": 0}), a_rule=("k", {"field": "a", "gt": 1}))
    facts = [{"kind": "k", "a": 2}, {"kind": "k", "a": 1}]
    with RuleRunner(rs) as r:
        first = r.evaluate("s1", facts)
        assert [(m.rule, m.fact["a"]) for m in first] == [("a_rule", 2), ("b_rule", 2), ("b_rule", 1)]
        assert r.evaluate("s1", facts) == first  # the sid's state was deleted: same answer again
        assert r.evaluate("s2", facts[1:]) == [Match("b_rule", facts[1])]


def test_run_many_sids():
    rs = ruleset(x=("k", {"field": "a", "gt": 0}))
    out = run(rs, {"b": [{"kind": "k", "a": 1}], "a": [{"kind": "k", "a": 0}]})
    assert list(out) == ["a", "b"]
    assert out == {"a": [], "b": [Match("x", {"kind": "k", "a": 1})]}


def test_closed_runner():
    r = RuleRunner(ruleset(x=("k", {"field": "a", "gt": 0})))
    r.close()
    r.close()
    with pytest.raises(EngineError, match="closed"):
        r.evaluate("s", [])


# -- 6. disposal: threads, memory, and the delete_state crash ------------------------------------------

def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_100_evaluations_keep_threads_and_memory_flat():
    # Measured: ~4 MB growth with disposal; without deleting each sid's state ~410 MB, and durable's
    # own Host starts 2 timer threads per runner that never stop (200 here).
    rs = {"t": {f"r{i}": {"all": [{"m": to_durable({"field": "score", "gte": i * 10}, "crit")}]}
                for i in range(10)}}
    facts = [{"kind": "crit", "score": n % 100, "code": f"c{n}", "note": "Sở Nội vụ " * 5} for n in range(500)]
    for _ in range(3):  # warm-up: allocator pools, imports
        run(rs, {"a": facts})
    threads, rss = threading.active_count(), _rss_mb()
    for i in range(100):
        out = run(rs, {f"agency{i}": facts})
        assert len(out[f"agency{i}"]) == sum(min(10, n % 100 // 10 + 1) for n in range(500))
    assert threading.active_count() == threads
    assert _rss_mb() - rss < 40


CRASH_SCRIPT = """
import duckdb  # changes the heap layout so that durable's uninitialised pointer is not NULL
from compliance.engine.runner import RuleRunner
for i in range(300):
    with RuleRunner({"t": {"r": {"all": [{"m": {"$and": [{"kind": "rec"}, {"n1": 0}]}}]}}}) as r:
        assert r.evaluate("s", [{"kind": "rec", "row": 0}]) == []
print("ok")
"""


def test_deleting_a_state_where_no_rule_fired_does_not_crash():
    # durable_rules 2.0.28 frees an uninitialised pointer in delete_state when no action ever ran in
    # that sid (exit 139 without the closing '__end__' fact); run in a child process.
    proc = subprocess.run([sys.executable, "-c", CRASH_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"


def test_reserved_names():
    with pytest.raises(RulesetError, match="reserved"):
        RuleRunner({"t": {"__end__": {"all": [{"m": {"kind": "k"}}]}}})
    with RuleRunner(ruleset(x=("k", {"field": "a", "gt": 0}))) as r:
        with pytest.raises(FactError, match="reserved"):
            r.evaluate("s", [{"kind": "__end__"}])


# -- 7. Python pinned ---------------------------------------------------------------------------------------

def test_python_is_pinned_to_3_11_3_12():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["requires-python"] == ">=3.11,<3.13"
    assert (3, 11) <= sys.version_info[:2] <= (3, 12)


def test_big_rulesets_are_split_so_the_engine_does_not_overflow(monkeypatch):
    # 160 rules that all match one fact: one durable ruleset fails with "error code: 303" (measured:
    # 64 such rules pass, 70 fail)
    rs = {"big": {f"r{i:03d}": {"all": [{"m": to_durable({"all": [{"field": "score", "gte": i},
                                                                  {"field": "c", "in": [0, 1, 2]}]},
                                                         "dossier")}]} for i in range(160)}}
    fact = {"kind": "dossier", "score": 1000, "c": 0}
    assert len(rules_matched(rs, [fact])) == 160
    from compliance.engine import runner as runner_module
    monkeypatch.setattr(runner_module, "CHUNK", 10_000)
    with pytest.raises(EngineError, match="303"):
        rules_matched(rs, [fact])
