"""`compliance lint` leftovers of the December 2026 new-user pass, each on a report as offices write them:
a .txt saved in windows-1258 (tone marks as combining characters), a PDF cut short while copied, a total
of 37 digits, a PDF whose header comes out as one column (and a date line cut in two), and a .docx cut short.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.lint import lint_report
from compliance.lint.numbers import convention, numbers
from compliance.lint.reader import read_document
from compliance.lint.structure import date_line

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "samples" / "reports"
DATA = Path(__file__).resolve().parent / "data" / "lint"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _lint(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", "lint", str(path), *args], capture_output=True, text=True,
                          cwd=ROOT)


def _windows_1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows software saves it: windows-1258 holds â, ê, ô, ă, ơ, ư, đ precomposed and
    writes the five tone marks as combining characters after the letter ("ệ" = "ê" + dot below)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


def _said(report) -> list[tuple]:
    return [(f.kind, f.place.key(), f.quote, f.message.vi, f.arithmetic.vi if f.arithmetic else None)
            for f in report.findings]


# ----------------------------------------------------------------------------------- 1. windows-1258

def test_a_report_saved_in_windows_1258_reads_as_its_utf8_copy(tmp_path):
    source = REPORTS / "motcua-theo-cap-2024.txt"
    data = _windows_1258(source.read_text(encoding="utf-8"))
    assert b"\xd2" in data and "ệ".encode("utf-8") not in data  # a combining hook above, as the code page writes it
    path = tmp_path / "bao-cao-cp1258.txt"
    path.write_bytes(data)
    report, utf8 = lint_report(path), lint_report(source)
    assert len(report.findings) == 24 and _said(report) == _said(utf8)
    assert report.report_date.isoformat() == "2024-12-16"
    quote = next(f.quote for f in report.findings if "hồ sơ" in f.quote)
    assert unicodedata.is_normalized("NFC", quote)
    [note] = [a for a in report.assumptions if a.kind == "encoding"]
    assert "windows-1258" in note.message.vi and "bảng mã" in note.message.vi and "windows-1258" in note.message.en
    assert [a.kind for a in report.assumptions if a.kind != "encoding"] == [a.kind for a in utf8.assumptions]


def test_a_few_bytes_in_no_telling_encoding_are_still_refused(tmp_path):
    path = tmp_path / "ngan.txt"
    path.write_bytes(_windows_1258("Báo cáo năm 2020"))  # too short to tell: a detector guesses Big5
    with pytest.raises(InputError, match="not UTF-8"):
        lint_report(path)


# ------------------------------------------------------------------------------ 2. a PDF cut short

@pytest.mark.parametrize("share", [0.3, 0.99])
def test_a_pdf_cut_short_is_said_in_the_user_s_language(tmp_path, share):
    whole = (DATA / "B-ttpvhcc-2025.pdf").read_bytes()
    path = tmp_path / "bao-cao-chep-do.pdf"
    path.write_bytes(whole[: int(len(whole) * share)])
    vi, en = _lint(path), _lint(path, "--lang", "en")
    assert vi.returncode == en.returncode == 2 and vi.stdout == en.stdout == ""
    assert vi.stderr == f"lỗi: {path}: tệp PDF bị hỏng hoặc chưa tải/chép hết (thiếu phần cuối của tệp); hãy tải hoặc chép lại\n"
    assert en.stderr == (f"error: {path}: the PDF is damaged or was not completely downloaded or copied (its end is missing); "
                         "download or copy it again\n")


def test_a_pdf_damaged_inside_is_not_called_cut_short(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 100 + b"\n%%EOF\n")  # whole to its end mark, nothing readable
    out = _lint(path, "--lang", "en")
    assert out.returncode == 2 and out.stderr == (f"error: {path}: the PDF is damaged and cannot be read; download or "
                                                  "copy it again, or save it as PDF again\n")


# ------------------------------------------------------------------------------ 3. every digit kept

BIG = "1.234.567.890.123.456.789.012.345.678.901.234.567"  # 37 digits


def test_a_37_digit_total_keeps_its_digits():
    [n] = numbers(f"tiếp nhận {BIG} hồ sơ", convention([]))
    assert n.value == 1234567890123456789012345678901234567 and isinstance(n.value, int)
    [d] = numbers("đạt 1.234.567.890.123.456.789,25 điểm", convention(["47,26"]))
    assert d.value == Decimal("1234567890123456789.25") and d.decimals == 2


def test_a_sum_off_by_one_in_37_digits_is_found_with_every_digit(tmp_path):
    early = "1.234.567.890.123.456.789.012.345.678.901.000.000"
    path = tmp_path / "so-lon.txt"
    path.write_text("ỦY BAN NHÂN DÂN TỈNH HÒA SƠN\nSố: 512/BC-UBND\nHòa Sơn, ngày 16 tháng 12 năm 2024\n\nBÁO CÁO\n"
                    "Tình hình giải quyết thủ tục hành chính năm 2024\n\nI. KẾT QUẢ\n\n"
                    f"Đã giải quyết {BIG} hồ sơ, trong đó: trước hạn {early} hồ sơ, đúng hạn 234.566 hồ sơ, "
                    "quá hạn 0 hồ sơ.\n", encoding="utf-8")
    [f] = lint_report(path).findings  # 1 short of the total: a float saw no difference at all
    assert f.kind == "sum_mismatch"
    assert f.message.vi == f"Tổng {BIG} hồ sơ không bằng tổng các phần liệt kê (1.234.567.890.123.456.789.012.345.678.901.234.566)"
    assert f.arithmetic.en == (f"{BIG.replace('.', ',')} ≠ {early.replace('.', ',')} + 234,566 + 0 = "
                               "1,234,567,890,123,456,789,012,345,678,901,234,566")


def test_a_part_of_a_37_digit_total_is_not_taken_for_the_whole(tmp_path):
    path = tmp_path / "so-lon.txt"
    path.write_text("BÁO CÁO\nTình hình giải quyết thủ tục hành chính năm 2024\n\nI. KẾT QUẢ\n\n"
                    f"Tổng số hồ sơ tiếp nhận là {BIG} hồ sơ, trong đó: trực tuyến "
                    "1.234.567.890.123.456.789.012.345.678.901.234.000 hồ sơ, trực tiếp 500 hồ sơ.\n", encoding="utf-8")
    report = lint_report(path)
    assert report.findings == []  # through a float the parts "exceeded" the total by 500
    [rest] = [a for a in report.assumptions if a.kind == "received_rest"]
    assert rest.message.vi.startswith("67 hồ sơ còn lại")


# ---------------------------------------------------------------------- 5. the date in the first lines

def test_the_date_of_a_pdf_whose_header_came_out_as_one_column():
    path = REPORTS / "so-tu-phap-2025-libreoffice.pdf"
    line = date_line(read_document(path))
    assert line.date.isoformat() == "2026-01-05" and "Lâm Đồng, ngày 05 tháng 01 năm 2026" in line.text
    assert line.para.table == 1 and line.para.row == 1  # the header lines, as one column, head a table
    report = lint_report(path)
    assert report.report_date.isoformat() == "2026-01-05"
    docx = lint_report(DATA / "QA2-bao-cao-stp-2025.docx")
    assert [(f.kind, f.message.vi) for f in report.findings] == [(f.kind, f.message.vi) for f in docx.findings]
    assert not any(a.kind == "report_year" for a in report.assumptions)


def test_a_date_line_cut_in_two_paragraphs_is_read_whole(tmp_path):
    import docx

    document = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "SỞ TƯ PHÁP", "Số: 215/BC-STP", "Lâm Đồng, ngày 15 tháng 12", "năm 2025",
                 "BÁO CÁO", "Kết quả công tác cải cách hành chính năm 2025", "I. KẾT QUẢ THỰC HIỆN",
                 "Năm 2025, Sở tiếp nhận 1.250 hồ sơ."):
        document.add_paragraph(text)
    path = tmp_path / "ngay-hai-dong.docx"
    document.save(str(path))
    line = date_line(read_document(path))
    assert line.date.isoformat() == "2025-12-15" and line.para.paragraph == 4


# ------------------------------------------------------------------------------ 6. the file's kind

def test_a_docx_cut_short_is_said_as_one(tmp_path):
    whole = (DATA / "A-so-tu-phap-2025.docx").read_bytes()
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(whole[: len(whole) // 2])
    out = _lint(path)
    assert out.returncode == 2 and out.stderr == (f"lỗi: {path}: tệp bị hỏng hoặc chưa tải/chép hết (không mở được gói zip "
                                                  "của tệp); hãy tải hoặc chép lại\n")


def test_the_kind_is_told_in_one_place():
    source = (ROOT / "compliance" / "lint" / "sniff.py").read_text(encoding="utf-8")
    assert "archive.kind(" in source and "%PDF" not in source and "PK\\x03" not in source and "zipfile" not in source


# --------------------------------------------------------------------------- 4. a repeated "1."

def test_two_sections_numbered_1_are_a_repeated_number(tmp_path):
    path = tmp_path / "lap-so.txt"
    path.write_text("BÁO CÁO\nKết quả công tác cải cách hành chính năm 2025\n\nI. KẾT QUẢ THỰC HIỆN\n\n"
                    "1. Công tác chỉ đạo, điều hành\n\nSở đã ban hành kế hoạch năm 2025.\n\n"
                    "1. Cải cách thủ tục hành chính\n\nSở đã rà soát các thủ tục hành chính.\n\n"
                    "2. Cải cách tổ chức bộ máy\n\nSở đã sắp xếp các phòng.\n", encoding="utf-8")
    [f] = lint_report(path).findings
    assert f.kind == "numbering" and f.quote.startswith("1. Cải cách thủ tục") and f.place.paragraph == 6
    assert f.message.vi == 'Số mục "1" lặp lại (mục trước là 1)'


# ------------------------------------------------------------- 4. two late totals in a row

HEAD = "BÁO CÁO\nTình hình giải quyết thủ tục hành chính năm 2024\n\nI. KẾT QUẢ\n\n"
RESOLVED = "Đã giải quyết 140.250 hồ sơ, trong đó: trước hạn 96.300 hồ sơ, đúng hạn 42.050 hồ sơ, quá hạn 1.900 hồ sơ."


def _late(tmp_path: Path, text: str) -> list:
    path = tmp_path / "qua-han.txt"
    path.write_text(HEAD + text + "\n", encoding="utf-8")
    return [f for f in lint_report(path).findings if f.kind == "late_total_differs"]


def test_two_late_totals_in_consecutive_sentences(tmp_path):
    [f] = _late(tmp_path, RESOLVED + " Tổng số hồ sơ quá hạn trong năm là 2.100 hồ sơ, các cơ quan đã gửi văn bản xin lỗi.")
    assert f.place.paragraph == 4 and f.quote.startswith("Tổng số hồ sơ quá hạn trong năm là 2.100")
    assert f.message.vi == "Số hồ sơ quá hạn ở đây là 2.100, câu liền trước ghi 1.900 (đoạn 4 (dòng 6), mục I)"
    assert f.arithmetic.en == "2,100 ≠ 1,900"
    [g] = _late(tmp_path, RESOLVED + "\n\nSố hồ sơ quá hạn là 2.100 hồ sơ, đã có văn bản xin lỗi.")  # the next paragraph
    assert g.place.paragraph == 5


@pytest.mark.parametrize("after", [
    " Tổng số hồ sơ quá hạn là 1.900 hồ sơ, đã có văn bản xin lỗi.",              # the same total again
    " Trong đó, Sở Xây dựng quá hạn 640 hồ sơ, đã có văn bản xin lỗi.",          # one agency's part
    " Riêng quý IV, số hồ sơ quá hạn là 300 hồ sơ, đã có văn bản xin lỗi.",      # a shorter period
    " Tỷ lệ đạt 98,65%. Tổng số hồ sơ quá hạn là 2.100 hồ sơ, đã có văn bản xin lỗi.",  # a sentence between
    " Quá hạn 820 hồ sơ của Sở Tài nguyên và Môi trường, đã có văn bản xin lỗi.",  # whose dossiers
])
def test_late_figures_that_are_not_a_second_total(tmp_path, after):
    assert _late(tmp_path, RESOLVED + after) == []


def test_a_rate_written_with_thirty_decimals_is_compared_not_an_internal_error():
    """QA7 Q10: a rate pasted with its full precision (29 decimals) stopped lint with exit 3 (the decimal
    context's 28 digits, in round_half_up); it is compared as any rate: 98.120 / 152.400 is 64,3832… %, not
    64,3846… %, and 64,38 % agrees."""
    from compliance.lint.checks import rate_agrees
    from compliance.vocab import round_half_up

    assert round_half_up(64.38320209973753, 29) == 64.38320209973753
    assert rate_agrees(64.38461538461538461538461538461, 29, 98120, 152400)[0] is False
    assert rate_agrees(64.38, 2, 98120, 152400)[0] is True
    assert round_half_up(2.175) == 2.18
