"""Every workbook printed through LibreOffice (→ PDF): A4 pages, a sensible page count, every table's
columns on one page width, header rows repeated, nothing overlapping (issue 15's print-ready workbooks).

Needs LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext); ``make test`` installs them when
missing and run as root. Without them the tests are skipped, except under CI (``CI=true``), where they
fail.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

A4 = (595.3, 841.9)
PRINTABLE_WIDTH_IN = {"landscape": 11.69 - 1.0, "portrait": 8.27 - 1.0}
"""Inches across an A4 page inside the writer's margins (0.6 + 0.4 inch)."""
SMALLEST_SCALE = 0.5
"""No table is shrunk below half size to fit the page width (it would not be legible)."""
PAGES = {"scored": (10, 18), "scored_en": (10, 18), "council": (12, 22), "appraisal": (5, 12), "summary": (5, 9),
         "check": (6, 11), "papi_profile": (8, 13), "papi_score": (32, 44), "form": (12, 18), "criteria": (4, 8),
         "index766": (12, 26)}
"""Pages each workbook prints on (LibreOffice 7.4, fonts-crosextra-carlito), as measured, with a margin."""


def tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{name} is required in CI (make test installs libreoffice-calc-nogui and poppler-utils)")
    pytest.skip(f"{name} is not installed here (apt-get install libreoffice-calc-nogui poppler-utils)")


@pytest.fixture(scope="module")
def pdfs(workbooks, tmp_path_factory) -> dict[str, Path]:
    soffice = tool("soffice")
    tool("pdfinfo")
    tool("pdftotext")
    out = tmp_path_factory.mktemp("pdf")
    profile = (out / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(out)] + [str(p) for p in workbooks.values()], check=True, capture_output=True, timeout=600)
    return {name: out / (path.stem + ".pdf") for name, path in workbooks.items()}


def pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """(width, height, words) per page; a word is (xMin, yMin, xMax, yMax, text) in points."""
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page.group(3))]
        out.append((float(page.group(1)), float(page.group(2)), words))
    return out


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other: most of their heights shared and a third of the narrower
    one's width (neighbouring lines share a little height through the diacritics; that is not overlap)."""
    bad = []
    words = sorted(words)
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[0] >= a[2]:
                break
            ix = min(a[2], b[2]) - max(a[0], b[0])
            iy = min(a[3], b[3]) - max(a[1], b[1])
            if iy > 0.6 * min(a[3] - a[1], b[3] - b[1]) and ix > 0.3 * min(a[2] - a[0], b[2] - b[0]):
                bad.append((a[4], b[4]))
    return bad


def test_pages_are_a4_with_a_sensible_count(pdfs):
    for name, pdf in pdfs.items():
        got = pages(pdf)
        low, high = PAGES[name]
        assert low <= len(got) <= high, f"{name}: {len(got)} pages"
        for width, height, _ in got:
            assert sorted((round(width, 1), round(height, 1))) == [A4[0], A4[1]], name


def test_nothing_overlaps_on_any_page(pdfs):
    for name, pdf in pdfs.items():
        for n, (_, _, words) in enumerate(pages(pdf), 1):
            assert not overlapping(words), f"{name}, page {n}: {overlapping(words)[:5]}"


def test_every_word_is_inside_the_page(pdfs):
    for name, pdf in pdfs.items():
        for n, (width, height, words) in enumerate(pages(pdf), 1):
            assert all(0 <= w[0] and w[2] <= width and 0 <= w[1] and w[3] <= height for w in words), f"{name} p{n}"


def test_every_table_fits_one_page_width_at_a_legible_scale(workbooks):
    """fitToWidth 1 makes LibreOffice shrink a sheet to the page width; no sheet needs less than half size."""
    for name, path in workbooks.items():
        for ws in load_workbook(path).worksheets:
            if ws._charts or ws.sheet_state == "hidden":
                continue
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
            used = max((c.column for row in ws.iter_rows() for c in row if c.value is not None), default=1)
            width_in = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) * 7 + 5
                           for c in range(1, used + 1)) / 96
            scale = PRINTABLE_WIDTH_IN[ws.page_setup.orientation] / width_in
            assert scale >= SMALLEST_SCALE, f"{name}: sheet {ws.title} would print at {scale:.0%}"


def phrase_pages(pdf: Path, phrase: str) -> list[int]:
    """The pages (1-based) on which ``phrase`` is printed as consecutive words."""
    target = phrase.split()
    found = []
    for n, (_, _, words) in enumerate(pages(pdf), 1):
        texts = [w[4] for w in words]
        if any(texts[i:i + len(target)] == target for i in range(len(texts))):
            found.append(n)
    return found


@pytest.mark.parametrize("name, first, last, at_least", [
    ("scored", "Tiêu chí thành phần", "Cách chấm / căn cứ", 3),  # the scorecard: its second and last column headers
    ("scored_en", "sub-criterion", "Method / basis", 3),
    ("council", "Lý do (ai, vì sao)", "Tiêu chí", 3),  # every agency's scorecard
    ("council", "Trong số", "Công thức", 1),  # the ranking
    ("summary", "Cơ quan giải quyết", "Trong hạn", 1),  # the periodic report form
])
def test_a_tables_columns_print_together_on_every_page(pdfs, name, first, last, at_least):
    """The header row is repeated on each page of the table, and every page showing the last column's
    header shows the first column's too: no table is cut into a page of left and a page of right columns."""
    with_first, with_last = phrase_pages(pdfs[name], first), phrase_pages(pdfs[name], last)
    assert len(with_last) >= at_least, (name, last, with_last)
    assert set(with_last) <= set(with_first), (name, with_first, with_last)  # no page of right-hand columns alone


def test_title_and_agency_name_do_not_overlap(pdfs, workbooks):
    """The council workbook's first agency sheet: its title (the agency's name) ends above the next line."""
    ws = load_workbook(workbooks["council"]).worksheets[3]
    code = f"({ws.title})"
    edition = ws["A2"].value.split(": ")[1].split()[0]
    page = next(p for p in pages(pdfs["council"]) if any(w[4] == code for w in p[2]))
    title = next(w for w in page[2] if w[4] == code)
    below = next(w for w in page[2] if w[4] == edition)
    assert title[3] <= below[1], "the agency line runs into the edition line"


def test_numbers_print_in_the_languages_format(pdfs):
    vi = subprocess.run(["pdftotext", "-l", "1", str(pdfs["scored"]), "-"], capture_output=True, text=True).stdout
    en = subprocess.run(["pdftotext", "-l", "1", str(pdfs["scored_en"]), "-"], capture_output=True, text=True).stdout
    assert "39,97 %" in vi and "98,00" in vi
    assert "39.97%" in en and "98.00" in en
