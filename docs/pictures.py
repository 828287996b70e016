"""Render the README's pictures: the scored workbook's first page and the council's ranking chart.

    make pictures        # or: .venv/bin/python docs/pictures.py

Writes the 2026 sample's scored workbook and the sample round's council workbook (through the product's own
writers), prints them to PDF with headless LibreOffice, and turns the wanted pages into PNG with
pdftoppm (poppler-utils): docs/img/scored-workbook-page1.png (the 2026 ward of `make demo`) and docs/img/council-ranking-chart.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"


def _pdf(xlsx: Path, work: Path) -> Path:
    soffice = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui")
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(xlsx)], check=True, capture_output=True, timeout=300)
    return work / (xlsx.stem + ".pdf")


def _page_with(pdf: Path, text: str) -> int:
    """The first page (1-based) whose text holds ``text``."""
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                   check=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    for n in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        if text in page:
            return n
    raise SystemExit(f"{pdf.name}: no page holds {text!r}")


def _png(pdf: Path, page: int, target: Path) -> None:
    shutil.which("pdftoppm") or sys.exit("pdftoppm is needed: apt-get install poppler-utils")
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "80", "-png", "-singlefile", str(pdf), str(stem)],
                   check=True)
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from compliance.check import check_submission
    from compliance.intake.submission import load_submission
    from compliance.report.xlsx import write_xlsx
    from compliance.round.run import run_round
    from compliance.round.workbook import write_council_workbook

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        scored = work / "scored.xlsx"
        os.chdir(ROOT)  # the workbook names its submission as given: samples/…, not this machine's folders
        write_xlsx(check_submission(load_submission(Path("samples") / "phuong-bac-gia-nghia-2026")), scored)
        _png(_pdf(scored, work), 1, OUT / "scored-workbook-page1.png")
        sample = ROOT / "samples" / "round"
        council = work / "council.xlsx"
        write_council_workbook(run_round(sample / "submissions", appraisal=sample / "appraisal.yaml",
                                         waivers=sample / "waivers.yaml"), council)
        pdf = _pdf(council, work)
        _png(pdf, _page_with(pdf, "Chỉ số CCHC theo cơ quan"), OUT / "council-ranking-chart.png")


if __name__ == "__main__":
    main()
