"""Prints the cost of the rule engine core (no assertion on time: this is a measurement script).

1. durable_rules through RuleRunner: one runner (one Host), 700 sids (agencies) × 60 facts, 40 rules
   compiled from the condition language, including working-day date comparisons;
2. the same kind of conditions compiled to DuckDB SQL over a generated register (default 1,000,000 rows).

Run: .venv/bin/python bench/engine_bench.py [--sids 700] [--facts 60] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compliance.engine.conditions import install_sql_calendar, to_durable, to_sql  # noqa: E402
from compliance.engine.runner import RuleRunner  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


CONDITIONS = [
    {"all": [{"field": "late", "gt": 0}, {"field": "apology_letter", "eq": "no"}]},
    {"field": "result_at", "gt_field": "due_at", "offset": 0, "unit": "working_days"},
    {"field": "apology_at", "gt_field": "due_at", "offset": -1, "unit": "days"},
    {"field": "published_at", "gt_field": "decided_at", "offset": 5, "unit": "working_days"},
    {"not": {"field": "channel", "in": ["online", "post"]}},
    {"any": [{"field": "rate", "lt": 0.3}, {"field": "evidence", "exists": False}]},
]


def make_rules(n_rules: int, sparse: bool = False) -> dict:
    """Dense: the CONDITIONS above (≈ 8 matches per fact with 40 rules). Sparse: gap-like rules that
    each match ≈ 1 % of facts (a rate below a threshold, plus the same kinds of tests)."""
    rules = {}
    for i in range(n_rules):
        cond = CONDITIONS[i % len(CONDITIONS)]
        if sparse:
            cond = {"all": [cond, {"field": "rate", "lt": 0.02 + i / 100_000}]}
        elif i >= len(CONDITIONS):
            cond = {"all": [cond, {"field": "level", "gte": i % 4 + 1}]}
        rules[f"r{i:03d}"] = {"all": [{"m": to_durable(cond, "dossier")}]}
    return {"bench": rules}


def make_fact(rng: random.Random, n: int) -> dict:
    received = dt.date(2020, 1, 2) + dt.timedelta(days=rng.randrange(330))
    due = received + dt.timedelta(days=rng.randrange(1, 20))
    fact = {
        "kind": "dossier", "code": f"D{n:06d}", "level": rng.randrange(1, 5), "late": rng.choice([0, 0, 0, 1]),
        "apology_letter": rng.choice(["yes", "no"]), "received_at": received.isoformat(),
        "due_at": due.isoformat(), "result_at": (due + dt.timedelta(days=rng.randrange(-5, 4))).isoformat(),
        "decided_at": received.isoformat(),
        "published_at": (received + dt.timedelta(days=rng.randrange(0, 12))).isoformat(),
        "channel": rng.choice(["online", "in_person", "post"]), "rate": round(rng.random(), 3),
    }
    if rng.random() < 0.5:
        fact["apology_at"] = (due - dt.timedelta(days=rng.randrange(-2, 3))).isoformat()
    if rng.random() < 0.7:
        fact["evidence"] = "QĐ số 12/QĐ-UBND"
    return fact


def bench_engine(n_sids: int, n_facts: int, n_rules: int, sparse: bool = False) -> None:
    rng = random.Random(2020)
    data = {f"agency{s:03d}": [make_fact(rng, s * n_facts + i) for i in range(n_facts)] for s in range(n_sids)}
    threads, rss0 = threading.active_count(), rss_mb()
    t0 = time.perf_counter()
    runner = RuleRunner(make_rules(n_rules, sparse))
    t_load = time.perf_counter() - t0
    matches = 0
    t1 = time.perf_counter()
    for sid, facts in data.items():
        matches += len(runner.evaluate(sid, facts))
    t_eval = time.perf_counter() - t1
    runner.close()
    total = n_sids * n_facts
    print(f"durable_rules via RuleRunner ({'sparse' if sparse else 'dense'} matches): {n_rules} rules, "
          f"{n_sids} sids × {n_facts} facts = {total:,} facts")
    print(f"  load {t_load * 1000:.1f} ms; evaluate {t_eval:.2f} s = {total / t_eval:,.0f} facts/s, "
          f"{t_eval / n_sids * 1000:.2f} ms per sid; {matches:,} matches")
    print(f"  RSS +{rss_mb() - rss0:.1f} MB; threads {threads} → {threading.active_count()}")


def bench_sql(n_rows: int) -> None:
    import duckdb

    con = duckdb.connect()
    t0 = time.perf_counter()
    install_sql_calendar(con)
    t_cal = time.perf_counter() - t0
    con.execute(f"""
        CREATE TABLE register AS
        SELECT i AS row,
               CAST(DATE '2020-01-02' + CAST(i % 330 AS INTEGER) AS VARCHAR) AS received_at,
               CAST(DATE '2020-01-02' + CAST(i % 330 + 1 + i % 19 AS INTEGER) AS VARCHAR) AS due_at,
               CAST(DATE '2020-01-02' + CAST(i % 330 + i % 23 AS INTEGER) AS VARCHAR) AS result_at,
               CASE WHEN i % 2 = 0 THEN NULL
                    ELSE CAST(DATE '2020-01-02' + CAST(i % 330 + i % 17 AS INTEGER) AS VARCHAR) END AS apology_at,
               CAST(i % 4 = 0 AS INTEGER) AS late,
               CASE WHEN i % 3 = 0 THEN 'no' ELSE 'yes' END AS apology_letter
        FROM range({n_rows}) t(i)
    """)
    print(f"DuckDB SQL from to_sql: {n_rows:,} generated rows (calendar table {t_cal * 1000:.0f} ms)")
    for cond in CONDITIONS[:3]:
        sql, params = to_sql(cond)
        t = time.perf_counter()
        count = con.execute(f"SELECT count(*) FROM register WHERE {sql}", params).fetchone()[0]
        took = time.perf_counter() - t
        print(f"  {took:6.2f} s  {n_rows / took:>12,.0f} rows/s  {count:>9,} rows  {cond}")
    print(f"  peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sids", type=int, default=700)
    p.add_argument("--facts", type=int, default=60)
    p.add_argument("--rules", type=int, default=40)
    p.add_argument("--rows", type=int, default=1_000_000)
    a = p.parse_args()
    bench_engine(a.sids, a.facts, a.rules, sparse=True)
    bench_engine(a.sids, a.facts, a.rules)
    bench_sql(a.rows)


if __name__ == "__main__":
    main()
