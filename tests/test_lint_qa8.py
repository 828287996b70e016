"""`compliance lint` and `--extract` on the Word report of QA8 (F6, F7): a Sở Tư pháp's 2025 report as
offices write it — the header block as a borderless table, numbered headings, a table with a merged
two-row header and a "Tổng cộng" row, "PHỤ LỤC" with two annex tables. Built here the way QA8's script
built it (python-docx), with its planted slips.

- F6: "Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp, 10 hồ sơ của Phòng Bổ trợ tư pháp. Sở đã gửi
  văn bản xin lỗi đối với 100 hồ sơ." — the 100 are the apologised part of the 160 late, not 100 more.
- F7: an annex row dated after the report; a rate's change in "%" whose rate is in the sentence before;
  annex tables placed under "Phụ lục I/II", not under the last numbered section.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from compliance.lint import extract_draft, lint_report, write_draft

ROOT = Path(__file__).resolve().parent.parent
LATE = ("Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp, 10 hồ sơ của Phòng Bổ trợ tư pháp. "
        "Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ.")


def _report(path: Path, late: str = LATE) -> Path:
    """The QA8 report (/tmp/qa8/files/make_docx.py's shape), its late-dossier paragraph ``late``."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.name, d.styles["Normal"].font.size = "Times New Roman", Pt(13)
    head = d.add_table(rows=3, cols=2)  # the header block, borderless
    head.cell(0, 0).text = "UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text, head.cell(1, 1).text = "Số: 412/BC-STP", "Lâm Đồng, ngày 10 tháng 12 năm 2025"
    d.add_paragraph("BÁO CÁO").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("Kết quả thực hiện công tác cải cách hành chính năm 2025").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("Kính gửi: Sở Nội vụ tỉnh Lâm Đồng.",
                 "Thực hiện Kế hoạch số 46/KH-UBND ngày 15/01/2025 của UBND tỉnh về cải cách hành chính năm 2025; "
                 "Sở Tư pháp báo cáo kết quả như sau:",
                 "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "1. Kế hoạch cải cách hành chính",
                 "Sở đã ban hành Quyết định số 05/QĐ-STP ngày 08/01/2025 về Kế hoạch CCHC năm 2025. Kết quả thực hiện: "
                 "hoàn thành 18/20 nhiệm vụ, đạt 95%.",
                 "2. Công tác kiểm tra",
                 "Tổ chức kiểm tra tại 12/15 đơn vị trực thuộc (đạt 80%). Tổ chức 04 hình thức tuyên truyền.",
                 "2. Công tác tuyên truyền",
                 "Thực hiện Nghị định 118/2025 và Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ.",
                 "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "1. Kết quả giải quyết hồ sơ",
                 "Tổng số hồ sơ tiếp nhận là 9.020 hồ sơ, trong đó: trực tuyến 6.100 hồ sơ (chiếm 67,63%), trực tiếp "
                 "2.800 hồ sơ, kỳ trước chuyển qua 120 hồ sơ. Đã giải quyết 8.900 hồ sơ, trong đó: trước hạn 3.000 hồ sơ "
                 "(chiếm 33,71%), đúng hạn 5.750 hồ sơ (chiếm 64,61%), quá hạn 160 hồ sơ (chiếm 1,80%). Tỷ lệ hồ sơ trực "
                 "tuyến tăng 5,2% so với năm 2024 (62,43%).",
                 late,
                 "Mức độ hài lòng của người dân đạt 96,8%, không hài lòng 3,4%.",
                 "Bảng 1. Kết quả giải quyết hồ sơ theo lĩnh vực"):
        d.add_paragraph(text)
    t = d.add_table(rows=6, cols=6)
    t.style = "Table Grid"
    for i, h in enumerate(["STT", "Lĩnh vực", "Số hồ sơ đã giải quyết", "", "", ""]):
        t.cell(0, i).text = h
    t.cell(0, 2).merge(t.cell(0, 5)).text = "Số hồ sơ đã giải quyết"
    for i, h in enumerate(["", "", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]):
        t.cell(1, i).text = h
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    for r, row in enumerate([["1", "Lý lịch tư pháp", "5.200", "1.500", "3.550", "150"],
                             ["2", "Hộ tịch", "2.700", "1.000", "1.690", "10"],
                             ["3", "Công chứng", "1.000", "500", "510", "0"],
                             ["", "Tổng cộng", "8.900", "3.000", "5.750", "160"]]):
        for c, v in enumerate(row):
            t.cell(r + 2, c).text = v
    for text in ("", "III. KẾT LUẬN",
                 "Năm 2025 Sở hoàn thành cơ bản các nhiệm vụ CCHC. Báo cáo này thay thế Báo cáo số 300/BC-STP ngày "
                 "31/02/2025.",
                 "PHỤ LỤC", "Phụ lục I. Danh mục văn bản ban hành năm 2025"):
        d.add_paragraph(text)
    for rows, after in (([["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"],
                          ["1", "05/QĐ-STP", "08/01/2025", "Kế hoạch CCHC năm 2025"],
                          ["2", "Kế hoạch số 07/QĐ-STP", "12/02/2025", "Kế hoạch tuyên truyền CCHC"],
                          ["4", "20/KH-STP", "30/6/2026", "Kế hoạch kiểm tra CCHC"]],
                         "Phụ lục II. Số liệu hồ sơ trễ hạn theo cơ quan"),
                        ([["STT", "Đơn vị", "Số hồ sơ quá hạn", "Đã gửi văn bản xin lỗi"],
                          ["1", "Phòng Hành chính tư pháp", "150", "90"], ["2", "Phòng Bổ trợ tư pháp", "10", "10"],
                          ["", "Tổng cộng", "170", "100"]], None)):
        t = d.add_table(rows=len(rows), cols=4)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
        if after:
            d.add_paragraph(after)
    d.save(path)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("qa8") / "stp-2025-office.docx")


@pytest.fixture(scope="module")
def findings(report):
    return lint_report(report).findings


def test_f6_the_apologised_dossiers_are_a_part_of_the_late_ones_not_more(findings):
    assert not [f for f in findings if f.kind == "agency_list_mismatch"]  # 150 + 10 = 160, as the report says
    [gap] = [f for f in findings if f.kind == "apology_not_stated"]
    assert gap.place.label("vi") == "đoạn 19, mục II.1"
    assert gap.quote == "Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ."
    assert gap.message.vi == ("60 trong 160 hồ sơ trễ hạn được kê không nêu có văn bản xin lỗi người nộp hồ sơ hay không "
                              "(báo cáo nêu 100 hồ sơ đã có văn bản xin lỗi)")
    assert gap.message.en == ("60 of the 160 late dossiers listed: the report does not say whether an apology letter was "
                              "sent (it says 100 had a letter)")
    assert (gap.arithmetic.vi, gap.arithmetic.en) == ("160 − 100 = 60", "160 − 100 = 60")
    assert not [f for f in findings if "(?)" in f.message.vi or "(?)" in f.message.en]


def test_f6_the_draft_holds_160_late_of_which_100_with_a_letter(report, tmp_path):
    target = tmp_path / "draft.yaml"
    write_draft(extract_draft(report), target, report.name)
    text = target.read_text(encoding="utf-8")
    groups = [(g["agency"], g["count"], g["apology_letter"]) for g in yaml.safe_load(text)["late_dossiers"]]
    assert groups == [("Sở Tư pháp", 100, "yes"), ("Sở Tư pháp", 60, "not_stated")]  # the Phòng are the Sở's own
    assert ("báo cáo kê 150 hồ sơ của Phòng Hành chính tư pháp; 10 hồ sơ của Phòng Bổ trợ tư pháp (160 hồ sơ) và nêu 100 "
            "hồ sơ đã có văn bản xin lỗi nhưng không nói của đơn vị nào") in text


def test_f6_letters_for_and_against_across_other_agencies_are_left_to_a_person(tmp_path):
    late = ("Số hồ sơ quá hạn: 150 hồ sơ của Sở Xây dựng, 10 hồ sơ của Sở Y tế; đã gửi văn bản xin lỗi 120 hồ sơ, "
            "40 hồ sơ chưa có văn bản xin lỗi.")
    path = _report(tmp_path / "lien-so.docx", late)
    said = [f for f in lint_report(path).findings if f.kind in ("agency_list_mismatch", "apology_not_stated")]
    assert said == []  # 150 + 10 = 160 = 120 with a letter + 40 without: every late dossier is accounted for
    draft = extract_draft(path)
    assert [(g["agency"], g["count"], g["apology_letter"]) for g in draft.data["late_dossiers"]] == [
        ("CẦN-ĐIỀN", 120, "yes"), ("CẦN-ĐIỀN", 40, "no")]  # which Sở had the letters the report does not say


def test_f6_an_item_with_its_own_letter_words_keeps_them(tmp_path):
    late = ("Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp (đã có văn bản xin lỗi), 10 hồ sơ của Phòng Bổ "
            "trợ tư pháp.")
    [gap] = [f for f in lint_report(_report(tmp_path / "r.docx", late)).findings if f.kind == "apology_not_stated"]
    assert gap.message.vi == ("10 hồ sơ trễ hạn (Phòng Bổ trợ tư pháp) không nêu có văn bản xin lỗi người nộp hồ sơ hay "
                              "không")


def test_f7_an_annex_row_dated_after_the_report(findings):
    [after] = [f for f in findings if f.kind == "date_after_report"]
    assert after.place.label("vi") == "bảng 2, hàng 4, cột Ngày ban hành, phụ lục I"
    assert after.place.label("en") == "table 2, row 4, column Ngày ban hành, annex I"
    assert after.message.vi == "Văn bản 20/KH-STP ngày 30/6/2026: sau ngày của báo cáo 10/12/2025"
    assert after.quote == "4 | 20/KH-STP | 30/6/2026 | Kế hoạch kiểm tra CCHC"
    # the row's "Ngày ban hành" dates the plan its number cell cites: no "cited without a date"
    assert not [f for f in findings if f.kind == "citation_no_year"]


def test_f7_a_rate_change_in_percent_whose_rate_is_in_the_sentence_before(findings):
    [pp] = [f for f in findings if f.kind == "percentage_points"]
    assert pp.place.label("vi") == "đoạn 18, mục II.1"
    assert pp.quote == "Tỷ lệ hồ sơ trực tuyến tăng 5,2% so với năm 2024 (62,43%)."
    assert pp.arithmetic.vi == "67,63 − 62,43 = 5,2 điểm %; 5,2 / 62,43 × 100 = 8,33%"


def test_the_whole_report_is_said_as_a_council_would(findings):
    assert [(f.kind, f.place.label("vi")) for f in findings] == [
        ("percent_mismatch", "đoạn 11, mục I.1"),
        ("numbering", "đoạn 14, mục I.2"),
        ("citation_format", "đoạn 15, mục I.2"),
        ("percentage_points", "đoạn 18, mục II.1"),
        ("sum_mismatch", "đoạn 18, mục II.1"),
        ("apology_not_stated", "đoạn 19, mục II.1"),
        ("percent_sum", "đoạn 20, mục II.1"),
        ("sum_mismatch", "bảng 1, hàng 5, cột Tổng số, mục II.1"),
        ("sum_mismatch", "bảng 1, hàng 6, cột Tổng số, mục II.1"),
        ("date_impossible", "đoạn 23, mục III"),
        ("citation_format", "bảng 2, hàng 3, cột Số, ký hiệu, phụ lục I"),
        ("table_items", "bảng 2, hàng 4, cột STT, phụ lục I"),
        ("date_after_report", "bảng 2, hàng 4, cột Ngày ban hành, phụ lục I"),
        ("table_total_mismatch", "bảng 3, hàng 4, cột Số hồ sơ quá hạn, phụ lục II"),
    ]


def test_the_command_says_the_same_in_json(report):
    run = subprocess.run([sys.executable, "-m", "compliance", "lint", str(report), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    kinds = [f["kind"] for f in json.loads(run.stdout)["findings"]]
    assert kinds.count("apology_not_stated") == 1 and "agency_list_mismatch" not in kinds and "date_after_report" in kinds


def test_f6_letters_for_a_part_of_a_late_total_without_an_agency_list(tmp_path):
    path = tmp_path / "so-xay-dung.txt"
    path.write_text("Lâm Đồng, ngày 15 tháng 12 năm 2025\n\nBÁO CÁO năm 2025\n\nI. KẾT QUẢ\n\nSở Xây dựng báo cáo như sau:\n\n"
                    "Đã giải quyết 5.210 hồ sơ, trong đó: trước hạn 3.800 hồ sơ, đúng hạn 1.250 hồ sơ, quá hạn 160 hồ sơ. "
                    "Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ.\n", encoding="utf-8")
    [gap] = [f for f in lint_report(path).findings if f.kind == "apology_not_stated"]
    assert (gap.message.vi, gap.arithmetic.vi) == (
        "60 trong 160 hồ sơ trễ hạn không nêu có văn bản xin lỗi người nộp hồ sơ hay không (báo cáo nêu 100 hồ sơ đã có "
        "văn bản xin lỗi)", "160 − 100 = 60")
    groups = [(g["agency"], g["count"], g["apology_letter"]) for g in extract_draft(path).data["late_dossiers"]]
    assert groups == [("Sở Xây dựng", 100, "yes"), ("Sở Xây dựng", 60, "not_stated")]  # 160 late, as the report says
