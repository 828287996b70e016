"""`compliance lint` on report texts in the styles of other provinces (samples/reports/): every kind of
finding, every number format, clean controls with no finding; PDFs with and without a text layer;
files that cannot be read."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.lint import lint_report
from compliance.lint.kinds import KINDS
from compliance.lint.numbers import convention, levels, numbers

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "samples" / "reports"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# (kind, paragraph or (table, row)) per report, read off each text by hand
EXPECTED = {
    "motcua-theo-cap-2024.txt": {
        ("period_mismatch", 7), ("level_sum_mismatch", 10), ("percent_mismatch", 11), ("sum_mismatch", 11),
        ("late_total_differs", 11),
        ("pending_mismatch", 12), ("agency_list_mismatch", 18), ("apology_not_stated", 18), ("sum_mismatch", 18),
        ("numbering", 19), ("percentage_points", 20), ("percent_sum", 21), ("part_exceeds_total", 22),
        ("citation_after_report", 23), ("citation_format", 23), ("citation_no_year", 23), ("date_after_report", 23),
        ("date_blank", 23), ("date_implausible", 23), ("date_impossible", 23), ("table_items", (1, 4)),
        ("table_total_mismatch", (1, 5)),
    },
    "motcua-theo-cap-2026.txt": {("district_after_reform", 15)},  # "- Cấp huyện: tiếp nhận 12.300 hồ sơ." in 2026
    "par-index-2023.md": {
        ("percentage_points", 8), ("table_items", (1, 5)), ("apology_not_stated", 11), ("percent_mismatch", 11),
        ("numbering", 12), ("citation_format", 14), ("citation_no_year", 14), ("date_impossible", 14),
        ("sum_mismatch", 16), ("period_mismatch", 17),
    },
    "papi-2023.txt": {
        ("percent_mismatch", 9), ("percentage_points", 11), ("numbering", 13), ("citation_format", 15),
    },
}


def _where(f):
    return (f.place.table, f.place.row) if f.place.table else f.place.paragraph


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defective_reports(name):
    found = {(f.kind, _where(f)) for f in lint_report(REPORTS / name).findings}
    assert found == EXPECTED[name]


def test_every_kind_of_finding_is_exercised():
    assert {k for e in EXPECTED.values() for k, _ in e} == set(KINDS)


@pytest.mark.parametrize("name", sorted(p.name for p in REPORTS.glob("*-sach.*")))
def test_clean_controls_give_no_finding(name):
    report = lint_report(REPORTS / name)
    assert report.findings == []
    assert report.paragraphs > 10


def test_number_formats_as_people_write_them():
    conv = convention(["47,26 %", "0,38%"])
    read = lambda t: [(n.value, n.percent, n.decimals, n.unit) for n in numbers(t, conv)]  # noqa: E731
    assert read("tiếp nhận 28.044 hồ sơ (chiếm 47,26 %), 05 hồ sơ") == [(28044, False, 0, "hồ sơ"), (Decimal("47.26"), True, 2, None),
                                                                       (5, False, 0, "hồ sơ")]
    assert read("dịch vụ công mức độ 3,4 và mức độ 1, 2 là 1234 dịch vụ") == [(1234, False, 0, "dịch vụ")]
    assert levels("mức độ 3,4; mức độ 1, 2; mức 3 & 4") == [[3, 4], [1, 2], [3, 4]]
    assert read("Quyết định số 61/QĐ-UBND ngày 13/01/20120, giai đoạn 2016-2021, ISO 9001:2015, COVID-19") == []
    mixed = convention(["đạt 43.83 điểm", "đạt 42,58 điểm", "tăng 1,25"])
    assert mixed.mixed and mixed.decimal_mark == ","
    got = {n.text: (n.value, n.note is not None) for n in numbers("đạt 43.83 điểm, 15.833 người, 1,500 lượt, 42,58 điểm", mixed)}
    assert got == {"43.83": (Decimal("43.83"), True), "15.833": (15833, True), "1,500": (1500, True),
                   "42,58": (Decimal("42.58"), False)}


def test_mixed_conventions_are_assumptions_not_findings():
    report = lint_report(REPORTS / "papi-2023-sach.txt")
    notes = [a.message.vi for a in report.assumptions if a.kind == "number_reading"]
    assert any("'43.83' được đọc là 43.83" in n for n in notes)
    assert any("'15.833' được đọc là 15833" in n for n in notes)
    assert any("'1,500' được đọc là 1500" in n for n in notes)


def test_ambiguous_denominator_is_an_assumption():
    report = lint_report(REPORTS / "motcua-theo-cap-2024-sach.txt")
    [note] = [a for a in report.assumptions if a.kind == "denominator"]
    assert "98.120 / 152.400" in note.message.vi and "139.200" in note.message.vi and note.place.paragraph == 10


def test_legal_basis_from_july_2025_is_decree_118(tmp_path):
    text = (REPORTS / "motcua-theo-cap-2024.txt").read_text(encoding="utf-8").replace("2024", "2025")
    path = tmp_path / "2025.txt"
    path.write_text(text, encoding="utf-8")
    gap = next(f for f in lint_report(path).findings if f.kind == "apology_not_stated")
    cited = " ".join(b.vi for b in gap.legal_basis)
    assert "61/2018/NĐ-CP" in cited and "118/2025/NĐ-CP" in cited  # a 2025 report spans both texts


def _pdf(lines: list[str], path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 5, line.replace("\t", " | ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.mark.skipif(not FONT.is_file(), reason="DejaVu Sans (fonts-dejavu-core) is needed to write Vietnamese into a PDF")
def test_pdf_with_a_text_layer(tmp_path):
    seed = ROOT.parent / "shared" / "seed" / "000_f535a25cdda1826c.txt"
    if not seed.is_file():
        pytest.skip("the seed report (../shared/seed) is not beside the project")
    path = tmp_path / "bao-cao.pdf"
    _pdf(seed.read_text(encoding="utf-8").splitlines(), path)
    report = lint_report(path)
    assert report.file_format == "pdf"
    found = {f.kind: f for f in report.findings}
    assert found["date_impossible"].place.page == 2 and "13/01/20120" in found["date_impossible"].quote
    assert "01/2029/TT-BNV" in found["citation_after_report"].message.vi
    assert found["period_mismatch"].place.page == 1


def test_pdf_without_text_is_refused_in_one_line(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="no text layer"):
        lint_report(path)
    out = subprocess.run([sys.executable, "-m", "compliance", "lint", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "scan.pdf" in out.stderr and "OCR" in out.stderr


@pytest.mark.parametrize("name, content, words", [
    ("missing.txt", None, "not found"),
    ("empty.txt", b"", "empty"),
    ("latin1.txt", "Báo cáo năm 2020".encode("cp1258"), "not UTF-8"),
    ("damaged.docx", b"PK\x03\x04 not really a zip", "zip package"),
    ("damaged.pdf", b"%PDF-1.4 garbage", "PDF"),
    ("report.doc", b"old word", ".docx, .pdf, .txt or .md"),
])
def test_unreadable_files_exit_2_naming_the_file(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = subprocess.run([sys.executable, "-m", "compliance", "lint", str(path), "--lang", "en"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 2, out.stdout
    assert out.stderr.count("\n") == 1 and name in out.stderr and words in out.stderr, out.stderr
