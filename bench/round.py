"""Prints what an inspection round of many agencies costs (a measurement script: no assertion on time).

Generates a province of N agencies of today's shape (samples/province/generate.py, seeded: Lâm Đồng 2025,
its office, departments and communes, wards and special zone, no district; beyond the 139 real names the
names are generated), then runs the whole round
in this process several times (score with one shared RuleRunner, appraise, waive, rank), stores each
in a SQLite history and writes the council workbook once. Prints, per run: wall time of the round, of
storing it, resident memory after the round (after garbage collection) and the thread count; at the
end the peak resident memory of the process (ru_maxrss) and the growth of memory across runs.

Targets (issue 7): 700 agencies in under 20 s and under 1 GB; no growth across rounds.

CPU seconds are printed beside wall time: on a shared machine the wall time depends on the load.

Run: .venv/bin/python bench/round.py [--agencies 700] [--runs 3] [--seed 7] [--workers 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples" / "province"))

from generate import generate  # noqa: E402

from compliance.round.history import store_round  # noqa: E402
from compliance.round.run import run_round  # noqa: E402
from compliance.round.workbook import write_council_workbook  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the scoring workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=700)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--workers", type=int, default=1, help="scoring processes (1: all in this process)")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="round-bench-"))
    t0 = time.perf_counter()
    generate(base, args.agencies, args.seed)
    print(f"generated {args.agencies} agencies in {time.perf_counter() - t0:.1f} s into {base}")
    subs, appraisal, waivers = base / "submissions", base / "appraisal.yaml", base / "waivers.yaml"
    db = base / "rounds.sqlite"
    print(f"start: rss {rss_mb():.0f} MB, threads {threading.active_count()}, workers {args.workers}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    after = []
    try:
        for run in range(1, args.runs + 1):
            t0, c0 = time.perf_counter(), _cpu()
            result = run_round(subs, appraisal=appraisal, waivers=waivers, workers=args.workers)
            t_round, c_round = time.perf_counter() - t0, _cpu() - c0
            t0 = time.perf_counter()
            store_round(db, result, replace=True)  # every run stores the same round again: a new version
            t_store = time.perf_counter() - t0
            t_xlsx = None
            if run == 1:
                t0 = time.perf_counter()
                write_council_workbook(result, base / "council.xlsx")
                t_xlsx = time.perf_counter() - t0
            scored, failed = len(result.agencies), len(result.failed)
            del result
            gc.collect()
            after.append(rss_mb())
            print(f"run {run}: round {t_round:.1f} s wall, {c_round:.1f} s CPU ({scored} scored, {failed} failed), "
                  f"store {t_store:.2f} s"
                  + (f", council workbook {t_xlsx:.1f} s" if t_xlsx is not None else "")
                  + f"; rss after {after[-1]:.0f} MB, threads {threading.active_count()}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    growth = f"; from run 2 to run {args.runs}: {after[-1] - after[1]:+.0f} MB" if len(after) > 2 else ""
    print(f"peak rss {peak:.0f} MB; rss growth from run 1 to run {args.runs}: {after[-1] - after[0]:+.0f} MB{growth} "
          "(the first runs raise the allocator's high-water mark; growth after that would be a leak)")


if __name__ == "__main__":
    main()
