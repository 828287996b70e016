"""`compliance lint`: dossiers by level of government against the period (QA8 F15). From 01/7/2025 local
government has two levels (tỉnh; xã, phường, đặc khu) and no district: a report for a period wholly after
30/6/2025 that still counts "cấp huyện" (last year's template copied) is found as such, and its total is
checked against tỉnh + xã (+ đặc khu written apart); a report of 2024, or of 2025 across the day, keeps its
district line. The reports are written as a provincial one-stop report is (header, title, numbered
sections, figures in "trong đó" sentences).
"""

from __future__ import annotations

from pathlib import Path

from compliance.lint import lint_report


def _report(tmp_path: Path, year: int, body: str, day: str = "05 tháng 12") -> Path:
    path = tmp_path / f"bao-cao-{year}.txt"
    path.write_text(f"""ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Số: 512/BC-UBND
Lâm Đồng, ngày {day} năm {year}

BÁO CÁO
Tình hình, kết quả giải quyết thủ tục hành chính năm {year}

Kính gửi: Văn phòng Chính phủ

I. TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ

1. Toàn tỉnh

{body}

II. PHƯƠNG HƯỚNG NĂM {year + 1}

Tiếp tục nâng cao chất lượng giải quyết thủ tục hành chính.
""", encoding="utf-8")
    return path


OLD_TEMPLATE = "Toàn tỉnh tiếp nhận 120.000 hồ sơ, trong đó cấp tỉnh 40.000 hồ sơ, cấp huyện 10.000 hồ sơ, cấp xã 75.000 hồ sơ."


def _said(report) -> list[tuple[str, str]]:
    return [(f.kind, f.arithmetic.vi if f.arithmetic else f.message.vi) for f in report.findings]


def test_a_2026_report_counting_the_district_is_questioned_and_summed_without_it(tmp_path):
    report = lint_report(_report(tmp_path, 2026, OLD_TEMPLATE))
    kinds = [f.kind for f in report.findings]
    assert kinds == ["district_after_reform", "level_sum_mismatch"]
    district, total = report.findings
    assert district.message.vi.startswith("Báo cáo kỳ năm 2026 nêu 10.000 hồ sơ cấp huyện, nhưng từ 01/7/2025 không còn cấp huyện")
    assert district.message.en.startswith('The report for "năm 2026" gives 10,000 dossiers of a district level')
    assert "Nghị quyết 202/2025/QH15" in district.legal_basis[0].vi and "Luật Tổ chức chính quyền địa phương" in district.legal_basis[0].vi
    assert district.place.paragraph == total.place.paragraph
    assert total.arithmetic.vi == "120.000 ≠ 40.000 + 75.000 = 115.000"
    assert total.message.vi == "Tổng 120.000 hồ sơ không bằng cấp tỉnh + cấp xã (115.000; không còn cấp huyện)"


def test_a_2026_report_whose_province_and_communes_make_the_total_has_only_the_district_finding(tmp_path):
    body = "Toàn tỉnh tiếp nhận 115.000 hồ sơ, trong đó cấp tỉnh 40.000 hồ sơ, cấp huyện 0 hồ sơ, cấp xã 75.000 hồ sơ."
    assert [f.kind for f in lint_report(_report(tmp_path, 2026, body)).findings] == ["district_after_reform"]


def test_special_zones_written_apart_are_a_level_of_their_own(tmp_path):
    good = "Toàn tỉnh tiếp nhận 120.000 hồ sơ, trong đó cấp tỉnh 40.000 hồ sơ, cấp xã 75.000 hồ sơ, đặc khu 5.000 hồ sơ."
    assert lint_report(_report(tmp_path, 2026, good)).findings == []
    bad = good.replace("đặc khu 5.000", "đặc khu 4.000")
    assert _said(lint_report(_report(tmp_path, 2026, bad))) == [("sum_mismatch", "120.000 ≠ 40.000 + 75.000 + 4.000 = 119.000")]


def test_a_district_figure_said_in_a_sentence_of_its_own(tmp_path):
    body = ("Toàn tỉnh tiếp nhận 120.000 hồ sơ. Cấp tỉnh tiếp nhận 40.000 hồ sơ. Cấp huyện tiếp nhận 5.000 hồ sơ. "
            "Cấp xã tiếp nhận 80.000 hồ sơ.")
    assert [k for k, _ in _said(lint_report(_report(tmp_path, 2026, body)))] == ["district_after_reform"]


def test_before_and_across_the_reform_the_district_is_a_level(tmp_path):
    for year in (2024, 2025):  # 2024: three levels; 2025 across 01/7/2025: the district's line until 30/6/2025
        said = _said(lint_report(_report(tmp_path, year, OLD_TEMPLATE)))
        assert said == [("sum_mismatch", "120.000 ≠ 40.000 + 10.000 + 75.000 = 125.000")], (year, said)
        right = OLD_TEMPLATE.replace("120.000", "125.000")
        assert lint_report(_report(tmp_path, year, right)).findings == [], year
