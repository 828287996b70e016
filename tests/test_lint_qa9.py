"""`compliance lint` and `--extract` on QA9 N4: the wordings near QA8 F6's apology sentence after a list of
late dossiers by unit. The report is a Sở Tư pháp's, as QA9's /tmp/qa9/files/rep/t.txt: "… quá hạn 160 hồ
sơ. / Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp, 10 hồ sơ của Phòng Bổ trợ tư pháp. <sentence>".

- "Trong đó 100 hồ sơ đã có văn bản xin lỗi, 60 hồ sơ chưa có." is the split of the 160 (100 with a letter,
  60 without): no sum finding, never 220 late.
- "Sở đã gửi 100 văn bản xin lỗi." / "Đã xin lỗi 100 trường hợp." are the apologised count, as QA8's
  wording: a unit's name stops at its sentence's end, the letters go on no single unit.
- "… xin lỗi đối với 200 hồ sơ" of 160 late is a part above its total.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.lint import extract_draft, lint_report

LIST = "Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp, 10 hồ sơ của Phòng Bổ trợ tư pháp."


def _report(tmp_path: Path, sentence: str, late_list: str = LIST) -> Path:
    """A Sở Tư pháp's report as QA9's t.txt: its late total, the list of late dossiers by unit, ``sentence``."""
    path = tmp_path / "stp-2025.txt"
    path.write_text("UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP\nSố: 413/BC-STP\nLâm Đồng, ngày 10 tháng 12 năm 2025\nBÁO CÁO\n"
                    "Kết quả CCHC năm 2025\nI. KẾT QUẢ\n"
                    "Đã giải quyết 8.900 hồ sơ, trong đó: trước hạn 3.000 hồ sơ, đúng hạn 5.740 hồ sơ, quá hạn 160 hồ sơ.\n"
                    f"{late_list} {sentence}\n", encoding="utf-8")
    return path


def _groups(path: Path) -> list[tuple[str, int, str]]:
    return [(g["agency"], g["count"], g["apology_letter"]) for g in extract_draft(path).data["late_dossiers"]]


def test_n4_letters_with_and_without_are_the_split_of_the_late_total(tmp_path):
    path = _report(tmp_path, "Trong đó 100 hồ sơ đã có văn bản xin lỗi, 60 hồ sơ chưa có.")
    assert lint_report(path).findings == []  # 150 + 10 = 160; 100 + 60 = 160: all said, no "220 ≠ 160", no "100 > 10"
    assert _groups(path) == [("Sở Tư pháp", 100, "yes"), ("Sở Tư pháp", 60, "no")]


@pytest.mark.parametrize("sentence", ["Sở đã gửi 100 văn bản xin lỗi.", "Đã xin lỗi 100 trường hợp."])
def test_n4_a_count_of_letters_or_cases_is_the_apologised_part(tmp_path, sentence):
    path = _report(tmp_path, sentence)
    [gap] = lint_report(path).findings
    assert (gap.kind, gap.quote) == ("apology_not_stated", sentence)
    assert gap.message.vi == ("60 trong 160 hồ sơ trễ hạn được kê không nêu có văn bản xin lỗi người nộp hồ sơ hay không "
                              "(báo cáo nêu 100 hồ sơ đã có văn bản xin lỗi)")
    assert (gap.arithmetic.vi, gap.arithmetic.en) == ("160 − 100 = 60", "160 − 100 = 60")
    groups = _groups(path)
    assert groups == [("Sở Tư pháp", 100, "yes"), ("Sở Tư pháp", 60, "not_stated")]  # no "Phòng …. Sở đã gửi …" agency


def test_n4_a_unit_name_stops_at_its_sentence_end(tmp_path):
    path = _report(tmp_path, "Nguyên nhân do hồ sơ phức tạp.",
                   "Số hồ sơ quá hạn: 150 hồ sơ của Phòng Hành chính tư pháp, 10 hồ sơ của Phòng Bổ trợ tư pháp.")
    assert _groups(path) == [("Phòng Hành chính tư pháp", 150, "not_stated"), ("Phòng Bổ trợ tư pháp", 10, "not_stated")]
    whos = [f.message.vi for f in lint_report(path).findings if f.kind == "apology_not_stated"]
    assert whos == ["150 hồ sơ trễ hạn (Phòng Hành chính tư pháp) không nêu có văn bản xin lỗi người nộp hồ sơ hay không",
                    "10 hồ sơ trễ hạn (Phòng Bổ trợ tư pháp) không nêu có văn bản xin lỗi người nộp hồ sơ hay không"]


def test_n4_letters_for_more_dossiers_than_are_late(tmp_path):
    path = _report(tmp_path, "Sở đã gửi văn bản xin lỗi đối với 200 hồ sơ.")
    [over] = lint_report(path).findings
    assert (over.kind, over.quote) == ("part_exceeds_total", "Sở đã gửi văn bản xin lỗi đối với 200 hồ sơ.")
    assert over.message.vi == "Báo cáo nêu văn bản xin lỗi cho 200 hồ sơ, nhiều hơn số hồ sơ trễ hạn được kê (160)"
    assert over.message.en == "The report speaks of apology letters for 200 dossiers, more than the 160 late dossiers listed"
    assert (over.arithmetic.vi, over.arithmetic.en) == ("200 > 160", "200 > 160")
    assert _groups(path) == [("Sở Tư pháp", 160, "yes")]  # never 200 late in the draft


def test_n4_letters_above_a_late_total_without_a_list(tmp_path):
    path = _report(tmp_path, "Sở đã gửi văn bản xin lỗi đối với 1.100 hồ sơ; 80 hồ sơ chưa có văn bản xin lỗi.", late_list="")
    [over] = lint_report(path).findings
    assert over.kind == "part_exceeds_total"
    assert over.message.vi == "Báo cáo nêu văn bản xin lỗi cho 1.180 hồ sơ, nhiều hơn số hồ sơ trễ hạn (160)"
    assert over.message.en == "The report speaks of apology letters for 1,180 dossiers, more than the 160 late dossiers"
    assert (over.arithmetic.vi, over.arithmetic.en) == ("1.100 + 80 = 1.180 > 160", "1,100 + 80 = 1,180 > 160")
    assert _groups(path) == [("Sở Tư pháp", 160, "yes")]
