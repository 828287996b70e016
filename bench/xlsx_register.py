"""Benchmark: `dossiers summarize` and `dossiers check --json` on a register exported as a workbook, the way
one-stop software exports it, against the floor of reading that workbook at all.

The workbook is made once from a generated register (bench/registers.py's data, seeded) with openpyxl's
write-only writer, as such exports come: a title block (province, centre, title, circular), a blank row, a
two-row header with "Thời gian" merged over the date columns, the rows split over two sheets ("Quý I-II",
"Quý III-IV"), dates as date cells, STT and counts as numbers, a "Tổng cộng: N hồ sơ" row and a signature
block under each sheet, and no ``<dimension>`` element (openpyxl's write-only sheets declare none, which
made openpyxl's read-only reader parse each whole sheet before its first row).

Baseline ("plain calamine read"): a script that opens the workbook with python-calamine and walks every
row of both sheets, doing nothing with them: what reading the workbook costs any program in Python. Prints
wall time, CPU and peak memory of each whole process, and the product's ratio to the baseline.

Usage: .venv/bin/python bench/xlsx_register.py [--rows 200000] [--data DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registers import PY, compile_package, ensure_data, measure  # noqa: E402

PLAIN_READ = r'''
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).iter_rows():
        n += 1
print(n)
'''

TITLE = ["UỶ BAN NHÂN DÂN TỈNH ĐẮK NÔNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
         "SỔ THEO DÕI HỒ SƠ NĂM 2024", "(Mẫu số 06, Thông tư số 01/2018/TT-VPCP ngày 23/11/2018)"]
SIGNATURE = [["Người lập biểu", None, None, None, None, "Thủ trưởng đơn vị"],
             ["(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký tên, đóng dấu)"]]


def _cell(header: str, text: str):
    if not text:
        return None
    if header.startswith("Ngày"):
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    if header == "STT" or header.startswith("Số lần"):
        return int(text)
    return text


def make_workbook(csv_path: Path, out: Path) -> Path:
    """The export-like workbook of ``csv_path`` (see the module docstring), written once."""
    if out.exists():
        return out
    from openpyxl import Workbook
    from openpyxl.worksheet.cell_range import CellRange

    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    dates = [i for i, h in enumerate(head) if h.startswith("Ngày")]
    wb = Workbook(write_only=True)
    half = len(body) // 2
    for name, part in (("Quý I-II", body[:half]), ("Quý III-IV", body[half:])):
        ws = wb.create_sheet(name)
        for text in TITLE:
            ws.append([text])
        ws.append([])
        top = [h if i not in dates else ("Thời gian" if i == dates[0] else None) for i, h in enumerate(head)]
        ws.append(top)
        ws.append([h if i in dates else None for i, h in enumerate(head)])
        first = len(TITLE) + 2
        ws.merged_cells.add(CellRange(min_row=first, max_row=first, min_col=dates[0] + 1, max_col=dates[-1] + 1))
        for i in range(len(head)):
            if i not in dates:
                ws.merged_cells.add(CellRange(min_row=first, max_row=first + 1, min_col=i + 1, max_col=i + 1))
        for r in part:
            ws.append([_cell(h, t) for h, t in zip(head, r)])
        ws.append([f"Tổng cộng: {len(part):,} hồ sơ".replace(",", ".")])
        ws.append([])
        for line in SIGNATURE:
            ws.append(line)
    wb.save(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--data", type=Path, default=Path("/tmp/compliance-bench"))
    ap.add_argument("--repeat", type=int, default=1, help="runs per command; the best wall time is kept")
    args = ap.parse_args()
    compile_package()
    reg, cat = ensure_data(args.rows, args.data)
    book = make_workbook(reg, args.data / f"register-{args.rows}.xlsx")
    cmds = {
        "plain calamine read": [PY, "-c", PLAIN_READ, str(book)],
        "dossiers summarize": [PY, "-m", "compliance", "dossiers", "summarize", str(book), "--period", "2024"],
        "dossiers check --json": [PY, "-m", "compliance", "dossiers", "check", str(book), "--procedures", str(cat),
                                  "--period", "2024", "--json", str(args.data / f"findings-{args.rows}-xlsx.json")],
    }
    print(f"{'rows':>9}  {'command':<24} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'× plain (CPU)':>14}")
    base = None
    for name, cmd in cmds.items():
        best = min((measure(cmd, args.rows) for _ in range(args.repeat)), key=lambda r: r["wall"])
        if best["exit"] not in (0, 1):
            print(f"{args.rows:>9,}  {name:<24} failed (exit {best['exit']}): {best['stderr'][-400:]}")
            continue
        base = base or best["cpu"]
        print(f"{args.rows:>9,}  {name:<24} {best['wall']:>7.2f} {best['cpu']:>6.1f} {best['peak_mb']:>8.0f} "
              f"{best['cpu'] / base:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
