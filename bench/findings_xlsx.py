"""Benchmark: `compliance dossiers check --xlsx` (the workbook with every finding) against openpyxl's
write-only writer on the same cells, on a generated register of N rows (default 1,000,000).

Usage: .venv/bin/python bench/findings_xlsx.py [--rows 1000000] [--cases normal many] [--data DIR] [--repeat 1]

Cases: ``normal`` is the generated register and catalogue (about 4 findings per 100 dossiers);
``many`` the same register with a catalogue where the most used procedure and every third other
have no publication decision, so that about half the dossiers have a finding (the workbook of a
province whose catalogue is out of date). For each case it runs, as whole processes:

- ``check`` (no output file): what the check costs before any file;
- ``check --json``: every finding written by DuckDB's JSON writer (the reference of the issue);
- ``check --xlsx``: the product's workbook (summary, rules, groups, chart, every finding);
- ``openpyxl write_only``: a plain script streaming the same cells of the findings sheet (read line by
  line from a file made beforehand from the product's workbook, Vietnamese) into openpyxl's write-only
  sheet, no style, no row height: what writing those cells as .xlsx costs with the library the product
  uses, in the product's configuration (openpyxl without lxml, see compliance/__init__.py);
- ``openpyxl write_only + styles``: the same with each cell given its named style, as openpyxl documents.

It prints wall time, CPU seconds and peak memory (max RSS, from wait4) of each, and two ratios for
the workbook: to ``check --json``, and to its floor, ``check`` plus the plain openpyxl script (CPU).
Data are generated once (seeded) into --data (default /tmp/compliance-bench) and reused.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registers import PY, ROOT, compile_package, ensure_data, machine_lines, measure  # noqa: E402

OPENPYXL = r'''
import json, os, sys
os.environ["OPENPYXL_LXML"] = "False"  # as the product runs it
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
cells, out, styled = sys.argv[1], sys.argv[2], sys.argv[3] == "styled"
wb = Workbook(write_only=True)
ws = wb.create_sheet("Chi tiết")
if styled:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    side = Side(style="thin", color="A6A6A6")
    wb.add_named_style(NamedStyle("body", font=Font(name="Calibri", size=11), alignment=Alignment(wrap_text=True, vertical="top"),
                                  border=Border(left=side, right=side, top=side, bottom=side)))
with open(cells, encoding="utf-8") as fh:
    for line in fh:
        row = json.loads(line)
        if styled:
            out_row = []
            for value in row:
                c = WriteOnlyCell(ws, value)
                c.style = "body"
                out_row.append(c)
            row = out_row
        ws.append(row)
wb.save(out)
'''


def many_catalogue(catalogue: Path, data: Path) -> Path:
    """The catalogue with no publication decision for its most used procedure and every third other."""
    out = data / f"{catalogue.stem}-unpublished.csv"
    if not out.exists():
        with open(catalogue, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        a, b = rows[0].index("Quyết định công bố"), rows[0].index("Ngày quyết định công bố")
        for i, row in enumerate(rows[1:]):
            if i == 0 or i % 3 == 0:
                row[a] = row[b] = ""
        with open(out, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return out


CELLS = r'''
import json, sys
import compliance  # noqa: F401  (openpyxl without lxml, as the product reads)
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True)
n = 0
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    for name in wb.sheetnames:
        if name != "Chi tiết" and not name.startswith("Chi tiết ("):
            continue
        header = False
        for row in wb[name].iter_rows(values_only=True):
            if header:
                fh.write(json.dumps(list(row), ensure_ascii=False) + "\n")
                n += 1
            header = header or bool(row) and row[0] == "Mức độ"
print(n)
'''


def cells_file(workbook: Path, out: Path) -> int:
    """The cells of the findings sheets of the product's workbook (one JSON list a line), read by a child
    process (this one stays small: a child's peak memory counts the pages it is forked with); their number."""
    done = subprocess.run([PY, "-c", CELLS, str(workbook), str(out)], cwd=ROOT, check=True, capture_output=True,
                          text=True)
    return int(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cases", nargs="+", choices=["normal", "many"], default=["normal", "many"])
    ap.add_argument("--data", type=Path, default=Path("/tmp/compliance-bench"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per command; the best wall time is kept")
    args = ap.parse_args()
    compile_package()
    machine_lines()
    reg, cat = ensure_data(args.rows, args.data)
    for case in args.cases:
        catalogue = cat if case == "normal" else many_catalogue(cat, args.data)
        base = [PY, "-m", "compliance", "dossiers", "check", str(reg), "--procedures", str(catalogue), "--period", "2024"]
        stem = args.data / f"findings-xlsx-{case}-{args.rows}"
        out_json, out_xlsx, cells = stem.with_suffix(".json"), stem.with_suffix(".xlsx"), stem.with_suffix(".cells")
        results = {}

        def run(name: str, cmd: list[str]) -> None:
            runs = [measure(cmd, args.rows) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall"])
            if best["exit"] not in (0, 1):
                print(f"  {name} failed (exit {best['exit']}): {best['stderr'].strip()[:300]}")
                return
            results[name] = best

        run("check", base)
        run("check --json", base + ["--json", str(out_json)])
        run("check --xlsx", base + ["--xlsx", str(out_xlsx)])
        n = "?"
        if "check --xlsx" in results:  # the baselines write the same cells as its findings sheets
            n = f"{cells_file(out_xlsx, cells):,}"
            run("openpyxl write_only", [PY, "-c", OPENPYXL, str(cells), str(stem.with_suffix(".plain.xlsx")), "plain"])
            run("openpyxl write_only + styles", [PY, "-c", OPENPYXL, str(cells), str(stem.with_suffix(".styled.xlsx")),
                                                 "styled"])
        print(f"\n{case}: {args.rows:,} rows, {n} findings ({catalogue.name})")
        print(f"  {'command':<30} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}")
        for name, r in results.items():
            print(f"  {name:<30} {r['wall']:>7.2f} {r['cpu']:>6.1f} {r['peak_mb']:>8.0f}")
        if not {"check", "check --json", "check --xlsx", "openpyxl write_only"} <= results.keys():
            continue
        product, floor = results["check --xlsx"], results["check"]["cpu"] + results["openpyxl write_only"]["cpu"]
        print(f"  workbook {out_xlsx.stat().st_size / 1e6:.1f} MB; check --xlsx × check --json: "
              f"{product['cpu'] / results['check --json']['cpu']:.1f} CPU, {product['wall'] / results['check --json']['wall']:.1f} wall")
        print(f"  check --xlsx × floor (check + openpyxl write_only on the same cells, {floor:.1f} s CPU): "
              f"{product['cpu'] / floor:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
