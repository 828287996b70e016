"""Prints what a round's outputs cost: the council and appraisal workbooks, and `round run --format json`
against the standard library's encoder in the same run (a measurement script: no assertion on time).

Generates a province of N agencies (samples/province/generate.py, seed 7, as bench/round.py), runs the
round once in this process, then, best of --repeat runs each:

- the council workbook (``write_council_workbook``) and the appraisal workbook (``round export-appraisal``),
  written through openpyxl's write-only cells (the product's one writer, compliance/io/workbook.py);
- the round's JSON text (``render_json``): the product (orjson, compliance/io/jsontext.py) against the
  baseline ``json.dumps(indent=2, sort_keys=True)``; the texts are compared byte for byte;
- ``compliance round run --format json --no-history`` as a command (CPU of the whole process from
  wait4), and the share of it the JSON text takes (the product's in-process CPU for ``model_dump`` and
  the encoder over the command's CPU) — with the baseline encoder, the share it would take.

Targets: the council workbook of 700 agencies under 4 s; the JSON output under 10 % of `round run`.
CPU seconds are the figures to compare on a shared machine (wall time moves with the load).

Run: .venv/bin/python bench/round_outputs.py [--agencies 700] [--repeat 2] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "samples" / "province"))

from generate import generate  # noqa: E402
from registers import compile_package, measure  # noqa: E402

from compliance.round.run import run_round  # noqa: E402
from compliance.round.text import render_json  # noqa: E402
from compliance.round.workbook import write_appraisal_workbook, write_council_workbook  # noqa: E402

PY = sys.executable


def timed(fn, repeat: int):
    """(best CPU s, best wall s, last result) of ``repeat`` calls of ``fn``."""
    cpu, wall, out = [], [], None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), min(wall), out


def line(what: str, product: tuple, base: tuple, base_name: str) -> None:
    print(f"{what:<34} {product[1]:>7.2f} {product[0]:>6.2f}   {base[1]:>7.2f} {base[0]:>6.2f}   "
          f"× {product[0] / base[0]:>5.2f}  ({base_name})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agencies", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    compile_package()
    base_dir = Path(tempfile.mkdtemp(prefix="bench-round-outputs-"))
    try:
        generate(base_dir, args.agencies, args.seed)
        subs, appraisal, waivers = base_dir / "submissions", base_dir / "appraisal.yaml", base_dir / "waivers.yaml"
        c0 = time.process_time()
        result = run_round(subs, appraisal=appraisal, waivers=waivers)
        round_cpu = time.process_time() - c0
        print(f"{args.agencies} agencies (seed {args.seed}): the round {round_cpu:.2f} s CPU in this process; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(f"{'what':<34} {'wall s':>7} {'CPU s':>6}   {'base s':>7} {'CPU s':>6}   CPU ×")

        for name, write in (("council workbook", write_council_workbook), ("appraisal workbook", write_appraisal_workbook)):
            path = base_dir / f"{name.split()[0]}.xlsx"
            cpu, wall, _ = timed(lambda: write(result, path), args.repeat)
            print(f"{name:<34} {wall:>7.2f} {cpu:>6.2f}   {path.stat().st_size / 2**20:.1f} MB"
                  + (f"; target under 4 s: {'met' if cpu < 4 else 'not met'}" if name.startswith("council") else ""))

        dump = timed(lambda: result.model_dump(mode="json"), args.repeat)
        data = dump[2]
        product = timed(lambda: render_json(result), args.repeat)
        base = timed(lambda: json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", args.repeat)
        line("round JSON text (model_dump + encoder)", product, (base[0] + dump[0], base[1] + dump[1], None),
             "json.dumps indent=2")
        print(f"  {len(product[2].encode()) / 2**20:.1f} MB; the same text byte for byte: "
              f"{'yes' if product[2] == base[2] else 'NO'}")

        cmd = [PY, "-m", "compliance", "round", "run", str(subs), "--appraisal", str(appraisal), "--waivers",
               str(waivers), "--no-history", "--format", "json"]
        runs = [measure(cmd, args.agencies) for _ in range(args.repeat)]
        cli = min(runs, key=lambda r: r["cpu"])
        if cli["exit"] not in (0, 1):
            print(f"round run --format json failed (exit {cli['exit']}): {cli['stderr'][-300:]}")
            return 1
        share, before = product[0] / cli["cpu"], (base[0] + dump[0]) / (cli["cpu"] - product[0] + base[0] + dump[0])
        print(f"round run --format json (command)  {cli['wall']:>7.2f} {cli['cpu']:>6.2f}   peak {cli['peak_mb']:.0f} MB; "
              f"JSON text {share:.1%} of its CPU (with json.dumps it would be {before:.1%}); "
              f"target under 10 %: {'met' if share < 0.10 else 'not met'}")
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
