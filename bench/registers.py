"""Benchmark: `compliance dossiers check` and `dossiers summarize` on generated registers of 100k and
1M rows (CSV), against a plain DuckDB script computing the same summary and late-without-apology list.

Usage: .venv/bin/python bench/registers.py [--sizes 100000 1000000] [--data DIR] [--repeat 1]

For each size it prints wall time, peak memory (max RSS of the process, from wait4) and rows per
second of each whole process, and the ratio to the plain script. Targets (issue 4): 1M rows checked
in under 15 s and under 1.5 GB peak on a 2-core machine. Registers are generated once (seeded) into
--data (default /tmp/compliance-bench) and reused.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

PLAIN = r'''
import sys, duckdb
path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
d = "CAST(try_strptime(NULLIF({c}, ''), '%d/%m/%Y') AS DATE)"
con.execute(f"""CREATE TABLE r AS SELECT "Mã hồ sơ" AS code, "Cơ quan giải quyết" AS agency, "Hình thức nộp" AS channel,
  {d.format(c='"Ngày tiếp nhận"')} AS received, {d.format(c='"Ngày hẹn trả"')} AS due,
  {d.format(c='"Ngày có kết quả"')} AS result, {d.format(c='"Ngày văn bản xin lỗi"')} AS apology,
  {d.format(c='"Ngày kết quả bản giấy"')} AS paper
  FROM read_csv('{path}', header=true, all_varchar=true)""")
s, e = "DATE '2024-01-01'", "DATE '2024-12-31'"
con.execute(f"""CREATE VIEW f AS SELECT *, CASE WHEN result IS NOT NULL AND result <= {e} THEN
    CASE WHEN result < due THEN 'early' WHEN result = due THEN 'on_time' ELSE 'late' END
  WHEN due < {e} THEN 'overdue' ELSE 'in_progress' END AS outcome
  FROM r WHERE received <= {e} AND (result IS NULL OR result >= {s})""")
print(con.execute(f"""SELECT count(*), count(*) FILTER (WHERE received >= {s} AND channel = 'Trực tuyến'),
  count(*) FILTER (WHERE received < {s}), count(*) FILTER (WHERE outcome IN ('early','on_time','late')),
  count(*) FILTER (WHERE outcome = 'early'), count(*) FILTER (WHERE outcome = 'on_time'), count(*) FILTER (WHERE outcome = 'late'),
  count(*) FILTER (WHERE outcome = 'in_progress'), count(*) FILTER (WHERE outcome = 'overdue') FROM f""").fetchone())
con.execute(f"""COPY (SELECT code, agency, due FROM f WHERE outcome IN ('late', 'overdue') AND apology IS NULL
  AND (paper IS NULL OR paper > due) ORDER BY code) TO '{out}' (HEADER)""")
'''


#: the children run as an installed product runs: Python's bytecode cache written and read (a sandbox may set
#: PYTHONDONTWRITEBYTECODE, which makes every run compile the project's modules again: ~0.2 s)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    """Write the bytecode cache of the package (as ``pip install`` does for an installed one)."""
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "compliance")], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)

PLAIN_TYPED = r'''
import sys, duckdb
path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
d = "CAST(try_strptime(NULLIF({c}, ''), '%d/%m/%Y') AS DATE)"
cols = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_csv('{path}', header=true, all_varchar=true)").fetchall()]
dates = [c for c in cols if c.startswith("Ngày")]
ints = [c for c in cols if c.startswith("Số lần")]
sel = ", ".join(d.format(c=f'"{c}"') + f' AS "{c}"' if c in dates else f'TRY_CAST("{c}" AS INTEGER) AS "{c}"' if c in ints
                else f'"{c}"' for c in cols)
con.execute(f"CREATE TABLE t AS SELECT {sel} FROM read_csv('{path}', header=true, all_varchar=true)")
con.execute("""CREATE VIEW r AS SELECT "Mã hồ sơ" AS code, "Cơ quan giải quyết" AS agency, "Hình thức nộp" AS channel,
  "Ngày tiếp nhận" AS received, "Ngày hẹn trả" AS due, "Ngày có kết quả" AS result, "Ngày văn bản xin lỗi" AS apology,
  "Ngày kết quả bản giấy" AS paper FROM t""")
''' + PLAIN[PLAIN.index("s, e = "):]
"""The plain script with the reading the product does: every column read, every date and count typed
(no check of any cell, no duplicate codes, no places): the floor of any reader that types the whole
register."""


PLAIN_KEPT = r'''
import sys, tempfile, duckdb
path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute("SET memory_limit = '384MB'")
con.execute(f"SET temp_directory = '{tempfile.mkdtemp()}'")
d = "CAST(try_strptime(NULLIF({c}, ''), '%d/%m/%Y') AS DATE)"
kept = ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Cơ quan giải quyết", "Cấp giải quyết", "Hình thức nộp", "Ngày tiếp nhận",
        "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả", "Ngày văn bản xin lỗi", "Ngày hẹn trả lại", "Số lần gia hạn",
        "Trạng thái", "Ngày kết quả bản giấy"]
sel = ", ".join(d.format(c=f'"{c}"') + f' AS "{c}"' if c.startswith("Ngày") else f'TRY_CAST("{c}" AS INTEGER) AS "{c}"'
                if c.startswith("Số lần") else f'"{c}"' for c in kept)
con.execute(f"CREATE TABLE t AS SELECT {sel} FROM read_csv('{path}', header=true, all_varchar=true)")
con.execute('SELECT count(*) FROM (SELECT "Mã hồ sơ" FROM t GROUP BY 1 HAVING count(*) > 1)').fetchone()
con.execute("""CREATE VIEW r AS SELECT "Mã hồ sơ" AS code, "Cơ quan giải quyết" AS agency, "Hình thức nộp" AS channel,
  "Ngày tiếp nhận" AS received, "Ngày hẹn trả" AS due, "Ngày có kết quả" AS result, "Ngày văn bản xin lỗi" AS apology,
  "Ngày kết quả bản giấy" AS paper FROM t""")
''' + PLAIN[PLAIN.index("s, e = "):]
"""What any check must do at least, within the memory target: the fifteen fields ``dossiers check`` keeps for its
rules read and typed (no cell checked), kept in a database limited to 384 MB as the product's is, duplicate codes
counted, then the plain script's summary and late list. No rule, no place, no message, no rule engine: the floor
of a check that keeps what its rules read under the 400 MB target."""


def machine_lines() -> None:
    """Print the machine (CPUs, Python) and the load before the run: wall times move with the load."""
    print(f"machine: {os.cpu_count()} CPU(s); python {sys.version.split()[0]}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes slow the wall time; CPU s is steadier)")


def measure(cmd: list[str], rows: int) -> dict:
    """Run ``cmd`` (stdout to /dev/null); wall time, peak RSS of the child, exit status."""
    t = time.perf_counter()
    with open(os.devnull, "w") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)
        _, status, usage = os.wait4(p.pid, 0)
        err = p.stderr.read().decode("utf-8", "replace")
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "rows_s": rows / wall, "exit": code, "stderr": err}


def ensure_data(rows: int, data: Path) -> tuple[Path, Path]:
    reg, cat = data / f"register-{rows}.csv", data / f"catalogue-{rows}.csv"
    if not reg.exists():
        data.mkdir(parents=True, exist_ok=True)
        print(f"generating {reg} …", file=sys.stderr)
        subprocess.run([PY, str(ROOT / "samples/registers/generate.py"), "--rows", str(rows), "--year", "2024",
                        "--seed", "7", "--out", str(reg), "--catalogue", str(cat)], check=True)
    return reg, cat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--data", type=Path, default=Path("/tmp/compliance-bench"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per command; the best wall time is kept")
    args = ap.parse_args()
    compile_package()
    machine_lines()
    print(f"{'rows':>9}  {'command':<24} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'rows/s':>10} {'× plain':>8}")
    for rows in args.sizes:
        reg, cat = ensure_data(rows, args.data)
        out = args.data / f"late-{rows}.csv"
        cmds = {
            "plain DuckDB script": [PY, "-c", PLAIN, str(reg), str(out)],
            "dossiers summarize": [PY, "-m", "compliance", "dossiers", "summarize", str(reg), "--period", "2024"],
            "dossiers check": [PY, "-m", "compliance", "dossiers", "check", str(reg), "--procedures", str(cat), "--period", "2024"],
            "dossiers check --json": [PY, "-m", "compliance", "dossiers", "check", str(reg), "--procedures", str(cat),
                                      "--period", "2024", "--json", str(args.data / f"findings-{rows}.json")],
        }
        plain = None
        for name, cmd in cmds.items():
            runs = [measure(cmd, rows) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall"])
            if best["exit"] not in (0, 1):
                print(f"{rows:>9}  {name:<24} failed (exit {best['exit']}): {best['stderr'][-400:]}")
                continue
            plain = plain or best["wall"]
            ratio = best["wall"] / plain
            print(f"{rows:>9,}  {name:<24} {best['wall']:>7.2f} {best['cpu']:>6.1f} {best['peak_mb']:>8.0f} {best['rows_s']:>10,.0f} {ratio:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
