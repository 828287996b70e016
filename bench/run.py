"""`make bench`: every row of issue 14's table in one run, each product figure beside its plain baseline.

For each row it prints the product's wall time, the baseline's, their ratio, CPU seconds and their
ratio, and peak memory (max RSS of each whole process, from wait4), with the load average before the
row: the machine has 2 cores shared with other work, so wall time moves with the load while the ratio of two
figures measured in the same run moves much less. Rows:

- start-up: ``compliance --help`` and ``compliance check`` on the seed, against ``python -c pass``
  (the interpreter's own start);
- round: ``compliance round run`` of N generated agencies (samples/province/generate.py, seed 7),
  against a plain script that only parses the same submission files (PyYAML's C parser, json): the
  floor any implementation pays; then the memory of 5 rounds in one process (bench/round.py);
- registers: ``dossiers summarize`` and ``dossiers check --json`` on generated registers, against a
  plain DuckDB script computing the same summary and late-without-apology list (bench/registers.py);
  beside it two floors: the plain script typing every column, and (for the check) the plain script keeping
  the fifteen fields the rules read, typed, within the product's 384 MB memory limit, with the duplicate
  codes counted (``PLAIN_KEPT``: no cell checked, no rule, no message);
- Spark: ``dossiers check --engine spark`` on the register converted to Parquet (``dossiers convert``),
  against ``--engine duckdb`` on the same folder (local mode on this machine: what a cluster changes is
  in docs/performance.md).

Usage: .venv/bin/python bench/run.py [--quick | --full] [--repeat N] [--data DIR] [--only registers] [--sizes N …]
  --quick: 100k rows, 150 agencies, 2 rounds (a short run); default: 10k, 100k and 1M rows (Spark at
  1M), 700 agencies, 5 rounds; --full adds 10M rows (both engines).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from registers import PLAIN, PLAIN_KEPT, PLAIN_TYPED, compile_package, ensure_data, measure  # noqa: E402

PY = sys.executable
PARSE_ONLY = r'''
import json, sys, yaml
from pathlib import Path
n = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.suffix in (".yaml", ".yml"):
        yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader); n += 1
    elif p.suffix == ".json":
        json.loads(p.read_text(encoding="utf-8")); n += 1
print(n)
'''


def best(cmd: list[str], repeat: int, units: int = 1) -> dict:
    runs = [measure(cmd, units) for _ in range(repeat)]
    return min(runs, key=lambda r: r["wall"])


def row(what: str, product: dict, base: dict, base_name: str) -> None:
    if product["exit"] not in (0, 1):
        print(f"{what:<44} failed (exit {product['exit']}): {product['stderr'][-300:]}")
        return
    ratio = product["wall"] / base["wall"] if base["wall"] else float("nan")
    cpu = product["cpu"] / base["cpu"] if base["cpu"] else float("nan")
    print(f"{what:<44} {product['wall']:>7.2f} {product['cpu']:>6.2f} {product['peak_mb']:>7.0f}   "
          f"{base['wall']:>7.2f} {base['cpu']:>6.2f} {base['peak_mb']:>7.0f}  × {ratio:>5.2f}  × {cpu:>5.2f}  ({base_name})")


def header(title: str) -> None:
    print(f"\n{title} — load average {os.getloadavg()[0]:.2f}")
    print(f"{'what':<44} {'wall s':>7} {'CPU s':>6} {'peak MB':>7}   {'base s':>7} {'CPU s':>6} {'peak MB':>7}  wall ×    CPU ×")


def startup(repeat: int) -> None:
    header("start-up")
    base = best([PY, "-c", "pass"], repeat)
    row("compliance --help", best([PY, "-m", "compliance", "--help"], repeat), base, "python -c pass")
    row("compliance check samples/daknong-vpubnd-2020",
        best([PY, "-m", "compliance", "check", "samples/daknong-vpubnd-2020"], repeat), base, "python -c pass")


def round_rows(agencies: int, runs: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-round-") as tmp:
        base_dir = Path(tmp)
        subprocess.run([PY, str(ROOT / "samples/province/generate.py"), "--out", str(base_dir), "--agencies",
                        str(agencies), "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
        subs = base_dir / "submissions"
        rev = subprocess.run(["git", "log", "-1", "--format=%h %cs", "--", "samples/province/generate.py"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip() or "?"
        header(f"round ({agencies} agencies, samples/province/generate.py at {rev})")
        product = best([PY, "-m", "compliance", "round", "run", str(subs), "--appraisal", str(base_dir / "appraisal.yaml"),
                        "--waivers", str(base_dir / "waivers.yaml"), "--no-history", "--format", "json"], repeat)
        base = best([PY, "-c", PARSE_ONLY, str(subs)], repeat)
        row(f"compliance round run ({agencies} agencies)", product, base, "parse the files only")
    print(f"memory over {runs} rounds in one process (bench/round.py):")
    out = subprocess.run([PY, str(BENCH / "round.py"), "--agencies", str(agencies), "--runs", str(runs)],
                         capture_output=True, text=True, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith(("run ", "peak")):
            print("  " + line)


def _register_cmds(reg: Path, cat: Path, out: Path) -> dict[str, list[str]]:
    big = ["--max-size-gb", "8"]  # 10M rows are 2.3 GB of CSV, above the default limit of 2
    return {"dossiers summarize": [PY, "-m", "compliance", "dossiers", "summarize", str(reg), "--period", "2024", *big],
            "dossiers check --json": [PY, "-m", "compliance", "dossiers", "check", str(reg), "--procedures", str(cat),
                                      "--period", "2024", "--json", str(out), *big]}


def register_rows(sizes: list[int], data: Path, repeat: int) -> None:
    """Each size: the plain script, summarize and check --json, with their ratios; beside them the plain
    script typing every column as the product does (``PLAIN_TYPED``: the floor of any reader that types
    the whole register, without checking a cell) and, for the check, ``PLAIN_KEPT`` (the rule fields kept
    within the memory target). Then the cost per row of each size, less the fixed
    cost: the same commands on an empty register (its header only), which is what start-up (Python,
    imports, DuckDB, the rule book) costs whatever the size."""
    _reg, cat = ensure_data(sizes[0], data)
    empty = data / "register-0.csv"
    empty.write_text(_reg.open(encoding="utf-8").readline(), encoding="utf-8")
    header("registers, the fixed cost: an empty register (header only)")
    fixed = {"plain DuckDB script": best([PY, "-c", PLAIN, str(empty), str(data / "late-0.csv")], repeat),
             "plain, every column typed": best([PY, "-c", PLAIN_TYPED, str(empty), str(data / "late-0.csv")], repeat),
             "plain, rule fields kept": best([PY, "-c", PLAIN_KEPT, str(empty), str(data / "late-0.csv")], repeat)}
    for name, cmd in _register_cmds(empty, cat, data / "findings-0.json").items():
        fixed[name] = best(cmd, repeat)
        row(name, fixed[name], fixed["plain DuckDB script"], "plain DuckDB script")
    per_row: dict[int, dict[str, dict]] = {}
    for rows in sizes:
        reg, cat = ensure_data(rows, data)
        header(f"registers, {rows:,} rows")
        late = str(data / f"late-{rows}.csv")
        got = {"plain DuckDB script": best([PY, "-c", PLAIN, str(reg), late], repeat, rows),
               "plain, every column typed": best([PY, "-c", PLAIN_TYPED, str(reg), late], repeat, rows),
               "plain, rule fields kept": best([PY, "-c", PLAIN_KEPT, str(reg), late], repeat, rows)}
        for name, cmd in _register_cmds(reg, cat, data / f"findings-{rows}.json").items():
            got[name] = best(cmd, repeat, rows)
            row(name, got[name], got["plain DuckDB script"], "plain DuckDB script")
            row("", got[name], got["plain, every column typed"], "plain, every column typed")
            if name.startswith("dossiers check"):
                row("", got[name], got["plain, rule fields kept"], "plain, rule fields kept")
        per_row[rows] = got
    print("\ncost per row, the fixed cost (empty register) subtracted: µs of wall (µs of CPU) per row, peak memory")
    print(f"{'rows':>12}  " + "  ".join(f"{n:>27}" for n in fixed))
    for rows, got in per_row.items():
        cells = []
        for name, f in fixed.items():
            g = got[name]
            cells.append(f"{1e6 * (g['wall'] - f['wall']) / rows:>7.2f} ({1e6 * (g['cpu'] - f['cpu']) / rows:>5.2f}) "
                         f"{g['peak_mb']:>5.0f} MB")
        print(f"{rows:>12,}  " + "  ".join(f"{c:>27}" for c in cells))


def spark_rows(sizes: list[int], data: Path, repeat: int) -> None:
    """The same check on a converted register (Parquet by province and month): Spark local mode against
    DuckDB, each a whole process (Spark's figure includes starting its JVM, 10–20 s)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("\nSpark: not measured (pyspark is not installed: pip install -e '.[spark]')")
        return
    for rows in sizes:
        reg, cat = ensure_data(rows, data)
        folder = data / f"parquet-{rows}"
        if not folder.exists():
            subprocess.run([PY, "-m", "compliance", "dossiers", "convert", str(reg), "-o", str(folder), "--province", "BEN",
                            "--max-size-gb", "8"],
                           check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        header(f"Spark local mode, {rows:,} rows converted to Parquet (province, month)")
        cmd = [PY, "-m", "compliance", "dossiers", "check", str(folder), "--procedures", str(cat), "--period", "2024",
               "--json", str(data / f"findings-parquet-{rows}.json")]
        duck = best(cmd + ["--engine", "duckdb"], repeat, rows)
        spark = best(cmd + ["--engine", "spark"], repeat, rows)
        row("dossiers check --engine spark --json", spark, duck, "--engine duckdb, same folder")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="100k rows, 150 agencies, 2 rounds")
    size.add_argument("--full", action="store_true", help="also 10M rows")
    ap.add_argument("--repeat", type=int, default=1, help="runs per command; the best wall time is kept")
    ap.add_argument("--data", type=Path, default=Path("/tmp/compliance-bench"), help="generated registers (reused)")
    ap.add_argument("--only", action="append", choices=["startup", "round", "registers", "spark"],
                    help="measure only these rows (repeatable; default all)")
    ap.add_argument("--sizes", type=int, nargs="+", help="register sizes (default as --quick / --full say)")
    args = ap.parse_args()
    only = set(args.only or ["startup", "round", "registers", "spark"])
    compile_package()
    print(f"machine: {os.cpu_count()} CPU(s), python {sys.version.split()[0]}; "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sizes = args.sizes or ([100_000] if args.quick else [10_000, 100_000, 1_000_000] + ([10_000_000] if args.full else []))
    if "startup" in only:
        startup(args.repeat)
    if "round" in only:
        round_rows(150, 2, args.repeat) if args.quick else round_rows(700, 5, args.repeat)
    if "registers" in only:
        register_rows(sizes, args.data, args.repeat)
    if "spark" in only:
        spark_rows([100_000] if args.quick else [1_000_000] + ([10_000_000] if args.full else []), args.data, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
