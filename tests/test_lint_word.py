"""`compliance lint` reads a Word report as Word shows it (QA8 F28): a report under review still carries
tracked changes (a figure corrected by the checker: the old one deleted, the new one inserted, a sentence
moved), and report templates put figures in content controls (fill-in fields). The documents are built
here the way Word writes them (ECMA-376 Part 1, 17.13.5: ``w:ins``/``w:del`` with their id, author and
date, ``w:delText`` inside a deletion, ``w:moveFrom``/``w:moveTo``, a deleted table row marked in its
``w:trPr``; ``w:sdt`` with its ``w:sdtPr`` — alias, tag, id — around runs, a paragraph and a cell's text).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compliance.lint import extract_draft, lint_report

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WHO = 'w:author="Nguyễn Thị Lan" w:date="2025-12-09T10:00:00Z"'


def _run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><w:rPr><w:sz w:val="26"/></w:rPr><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _ins(text: str, n: int) -> str:
    return f'<w:ins w:id="{n}" {WHO}>{_run(text)}</w:ins>'


def _del(text: str, n: int) -> str:
    return f'<w:del w:id="{n}" {WHO}>{_run(text, deleted=True)}</w:del>'


def _control(inner: str, alias: str, n: int) -> str:
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/><w:id w:val="-{n}1234"/></w:sdtPr>'
            f'<w:sdtEndPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>')


def _word(path: Path, paragraphs: list[str], tracked: bool = True) -> Path:
    """A Sở Tư pháp report: the header block as a borderless table, title, a heading, then ``paragraphs``
    (WordprocessingML of each paragraph's runs), then a table by field whose cells hold a tracked change,
    a content control and a deleted row (``tracked=False``: the same figures as plain runs, no deleted row)."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text, head.cell(1, 1).text = "Số: 415/BC-STP", "Lâm Đồng, ngày 10 tháng 12 năm 2025"
    for text in ("BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính năm 2025", "I. KẾT QUẢ GIẢI QUYẾT HỒ SƠ"):
        d.add_paragraph(text)
    body = d.element.body
    for runs in paragraphs:
        body.insert(len(body) - 1, parse_xml(f"<w:p {NS}>{runs}</w:p>"))
    d.add_paragraph("Bảng 1. Kết quả giải quyết hồ sơ theo lĩnh vực")
    rows = [("Lĩnh vực", "Tiếp nhận", "Đã giải quyết"), ("Hộ tịch", "5.000", "4.900"), ("Chứng thực", "3.900", "3.880"),
            ("Quốc tịch", "700", "690"), ("Quốc tịch", "700", "690"), ("Tổng cộng", "9.000", "8.900")]
    if not tracked:
        del rows[4]
    table = d.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    if tracked:  # Hộ tịch's received corrected 4.990 → 5.000; Chứng thực's resolved in a content control;
        tc = table.cell(1, 1)._tc  # the row "Quốc tịch" typed twice, the copy deleted by the checker
        tc.remove(tc.p_lst[0])
        tc.append(parse_xml(f'<w:p {NS}>{_del("4.990", 20)}{_ins("5.000", 21)}</w:p>'))
        tc = table.cell(2, 2)._tc
        tc.remove(tc.p_lst[0])
        tc.append(parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="Đã giải quyết"/><w:id w:val="-77"/></w:sdtPr>'
                            f'<w:sdtContent><w:p>{_run("3.880")}</w:p></w:sdtContent></w:sdt>'))
        table.rows[4]._tr.get_or_add_trPr().append(parse_xml(f'<w:del {NS} w:id="22" {WHO}/>'))
    d.add_paragraph("Nơi nhận: Sở Nội vụ.")
    d.save(str(path))
    return path


CORRECTED = [
    _run("Đã giải quyết 8.900 hồ sơ, trong đó: trước hạn ") + _del("3.000", 1) + _ins("3.010", 2)
    + _run(" hồ sơ, đúng hạn 5.740 hồ sơ, quá hạn 150 hồ sơ. Sở đã gửi văn bản xin lỗi đối với 150 hồ sơ."),
    _run("Tiếp nhận 9.000 hồ sơ, trong đó trực tuyến ") + _control(_run("6.000"), "Số hồ sơ trực tuyến", 3)
    + _run(" hồ sơ (chiếm 70%)."),
]


@pytest.fixture(scope="module")
def tracked(tmp_path_factory) -> Path:
    return _word(tmp_path_factory.mktemp("word") / "bao-cao-gop-y.docx", CORRECTED + [
        _control(_run("Tỷ lệ hài lòng đạt 96,8%, không hài lòng 3,4%."), "Hài lòng", 4),  # a control around runs only
        f'<w:moveFrom w:id="5" {WHO}>{_run("Đoạn văn được chuyển đi.")}</w:moveFrom>',
        _del("Số hồ sơ đang giải quyết là 999 hồ sơ.", 6),  # a sentence the checker deleted
    ])


def test_inserted_text_is_read_and_deleted_text_is_not(tracked):
    report = lint_report(tracked)
    quotes = " ".join(f.quote for f in report.findings)
    kinds = sorted((f.kind, f.place.paragraph, f.place.table, f.place.row) for f in report.findings)
    # 8.900 = 3.010 + 5.740 + 150 agrees; with the deleted 3.000 read it would be 8.890 (one finding)
    assert not any(f.kind == "sum_mismatch" for f in report.findings), kinds
    # the content control's 6.000 is read: 6.000 / 9.000 = 66,67 %, not 70 %
    shares = [f for f in report.findings if f.kind == "percent_mismatch"]
    assert len(shares) == 1 and "6.000" in shares[0].quote and shares[0].arithmetic.vi == "6.000 / 9.000 × 100 = 66,6667 → 67 ≠ 70"
    assert "999" not in quotes and "3.000" not in quotes
    # 96,8 % + 3,4 % = 100,2 %: the sentence inside a content control is read
    assert [f.kind for f in report.findings if f.kind == "percent_sum"] == ["percent_sum"]


def test_the_table_is_read_with_its_changes_accepted(tracked):
    """Received 5.000 + 3.900 + 700 = 9.600 ≠ 9.000 is the table's one slip; the deleted 4.990 and the deleted
    duplicate row are out, the resolved 3.880 in a content control is in (4.900 + 3.880 + 690 = 9.470)."""
    report = lint_report(tracked)
    rows = sorted((f.place.column_name, f.arithmetic.vi) for f in report.findings if f.kind == "table_total_mismatch")
    assert rows == [("Tiếp nhận", "9.000 ≠ 5.000 + 3.900 + 700 = 9.600"), ("Đã giải quyết", "8.900 ≠ 4.900 + 3.880 + 690 = 9.470")]


def test_tracked_changes_are_said_under_the_assumptions(tracked, tmp_path):
    report = lint_report(tracked)
    notes = [a for a in report.assumptions if a.kind == "tracked_changes"]
    assert [a.message.vi for a in notes] == [
        "tài liệu còn thay đổi chưa chấp nhận (Track Changes): đã đọc theo bản sau khi chấp nhận"]
    assert notes[0].message.en.startswith("the document still holds tracked changes")
    clean = lint_report(_word(tmp_path / "sach.docx", [_run("Đã giải quyết 8.900 hồ sơ.")], tracked=False))
    assert not [a for a in clean.assumptions if a.kind == "tracked_changes"]


def test_the_draft_takes_the_corrected_figure(tracked):
    dossiers = extract_draft(tracked).data["dossiers"]
    resolved = dossiers["resolved"]
    assert (resolved["total"], resolved["early"], resolved["on_time"], resolved["late"]) == (8900, 3010, 5740, 150)


DATA = Path(__file__).parent / "data" / "lint"


@pytest.mark.parametrize("source, name, said", [
    ("QA8-bao-cao-stp-2025.doc", "bao-cao.doc", "đây là tệp Word 97–2003 (.doc) định dạng cũ: hãy mở bằng Word và lưu lại dạng .docx"),
    ("QA8-bao-cao-stp-2025.doc", "bao-cao.docx", "đây là tệp Word 97–2003 (.doc) định dạng cũ: hãy mở bằng Word và lưu lại dạng .docx"),
    ("QA8-bao-cao-stp-2025.odt", "bao-cao.odt", "đây là tệp OpenDocument (.odt) của LibreOffice hoặc OpenOffice: hãy lưu lại dạng .docx (Word)"),
    ("QA8-bao-cao-stp-2025.odt", "bao-cao.docx", "đây là tệp OpenDocument (.odt) của LibreOffice hoặc OpenOffice: hãy lưu lại dạng .docx (Word)"),
    ("A-so-tu-phap-2025.pdf", "bao-cao.doc", "đây là tệp .pdf nhưng mang đuôi .doc: hãy đổi đuôi thành .pdf"),
])
def test_an_old_word_or_opendocument_report_is_said_by_its_name(tmp_path, source, name, said):
    """QA8 F20: a Word 97 .doc and a LibreOffice .odt got "báo cáo được đọc từ tệp .docx, .pdf, .txt hoặc .md"
    under their own names, and the helpful line only when renamed .docx."""
    path = tmp_path / name
    path.write_bytes((DATA / source).read_bytes())
    out = subprocess.run([sys.executable, "-m", "compliance", "lint", str(path)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert (out.returncode, out.stdout, out.stderr) == (2, "", f"lỗi: {path}: {said}\n")
