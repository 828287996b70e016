"""How long `compliance lint` takes on the seed report and on 5 and 20 MB of report text, and the peak
memory (prints the figures; findings past the first 100 of a kind are counted, not listed).

Run: .venv/bin/python bench/lint.py
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from compliance.lint import lint_report

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "000_f535a25cdda1826c.txt"


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    start = time.perf_counter()
    report = lint_report(SEED)
    print(f"seed ({SEED.stat().st_size / 1024:.0f} KB): {time.perf_counter() - start:.2f} s, {len(report.findings)} findings")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (5_000_000, 20_000_000):
            big = Path(tmp) / "big.txt"
            big.write_text(text * (size // len(text.encode("utf-8")) + 1), encoding="utf-8")
            start = time.perf_counter()
            report = lint_report(big)
            print(f"{big.stat().st_size / 1e6:.1f} MB: {time.perf_counter() - start:.2f} s, {len(report.findings)} findings "
                  f"listed, {sum(report.omitted.values())} counted, {report.paragraphs} paragraphs; peak memory so far "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
