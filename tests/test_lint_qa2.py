"""`compliance lint` and `--extract` on the phrasings the second new-user QA found missed (QA2 #13, #14, #4):
the QA's own two Word reports (tests/data/lint/QA2-*.docx) and reports built the same way with python-docx,
each new check beside a clean control (the same sentence with the figures right) that must give no finding.

Hand arithmetic: 12 / 15 = 80 % (85 % written); 18 / 20 = 90 %; 85,12 − 82,78 = 2,34 points, 2,34 / 82,78 =
2,83 % relative; 82,78 − 80,00 = 2,78 points, 2,78 / 82,78 = 3,36 % relative; (300 + 880) / 1.200 = 98,33 %.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.lint import extract_draft, lint_report, render, write_draft

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from lint_drafts import filled  # noqa: E402
DATA = Path(__file__).resolve().parent / "data" / "lint"
WARD = DATA / "QA2-bao-cao-cchc-2026.docx"
STP = DATA / "QA2-bao-cao-stp-2025.docx"


def _report(path: Path, *sentences: str) -> Path:
    """A department's report as the QA wrote it: agency line, number, date, title, section I with its sentences."""
    import docx

    document = docx.Document()
    for text in ("SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", "Số: 412/BC-STP", "Lâm Đồng, ngày 05 tháng 01 năm 2026",
                 "BÁO CÁO\nKết quả công tác cải cách hành chính năm 2025", "I. KẾT QUẢ THỰC HIỆN", "1. Kết quả"):
        document.add_paragraph(text)
    for text in sentences:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _found(path: Path, kind: str) -> list:
    return [f for f in lint_report(path).findings if f.kind == kind]


# ------------------------------------------------------------------------------ shares of a fraction

def test_a_share_written_after_its_fraction_is_checked():
    [f] = [f for f in _found(STP, "percent_mismatch")]
    assert f.place.paragraph == 10 and f.quote == "Tổ chức 5 đoàn kiểm tra tại 12/15 đơn vị (đạt 85%)."
    assert f.arithmetic.vi == "12 / 15 × 100 = 80,0000 → 80 ≠ 85"
    assert f.arithmetic.en == "12 / 15 × 100 = 80.0000 → 80 ≠ 85"
    assert f.message.vi == "Tỷ lệ 85% không khớp với 12/15 đơn vị" and f.legal_basis == []  # units, not dossiers


@pytest.mark.parametrize("sentence, flagged", [
    ("Tổ chức 5 đoàn kiểm tra tại 12/15 đơn vị (đạt 85%).", "12 / 15 × 100 = 80,0000 → 80 ≠ 85"),
    ("Tổ chức 5 đoàn kiểm tra tại 12/15 đơn vị (đạt 80%).", None),
    ("Kiểm tra 12/15 đơn vị, đạt tỷ lệ 80,0%.", None),
    ("Hoàn thành 18/20 nhiệm vụ của kế hoạch, đạt 85%.", "18 / 20 × 100 = 90,0000 → 90 ≠ 85"),
    ("Hoàn thành 18/20 nhiệm vụ của kế hoạch, đạt 90%.", None),
    ("Giải quyết đúng hạn 1.180/1.200 hồ sơ (chiếm 98,33%).", None),
    ("Giải quyết đúng hạn 1.180/1.200 hồ sơ (chiếm 98,5%).", "1.180 / 1.200 × 100 = 98,3333 → 98,3 ≠ 98,5"),
    ("Kiểm tra 12/15 đơn vị; tỷ lệ hồ sơ trực tuyến đạt 85%.", None),  # another share, not this fraction's
    ("Kiểm tra 12/15 đơn vị và 20 hồ sơ, trong đó 85% hồ sơ đạt yêu cầu.", None),  # the share is of something else
])
def test_a_fraction_and_its_share_with_clean_controls(tmp_path, sentence, flagged):
    got = [f.arithmetic.vi for f in _found(_report(tmp_path / "bc.docx", sentence), "percent_mismatch")]
    assert got == ([flagged] if flagged else [])


# ------------------------------------------------------------------ percentage points, rate by rate

def test_the_qa_s_sentence_with_both_rates_before_the_change():
    [f] = _found(STP, "percentage_points")
    assert f.place.paragraph == 7
    assert f.arithmetic.vi == "85,12 − 82,78 = 2,34 điểm %; 2,34 / 82,78 × 100 = 2,83%"
    assert f.arithmetic.en == "85.12 − 82.78 = 2.34 percentage points; 2.34 / 82.78 × 100 = 2.83%"


@pytest.mark.parametrize("sentence, flagged", [
    ("Tỷ lệ hồ sơ trực tuyến năm 2025 đạt 85,12%, năm 2024 đạt 82,78%, tăng 2,34% so với năm 2024.",
     "85,12 − 82,78 = 2,34 điểm %; 2,34 / 82,78 × 100 = 2,83%"),
    ("Tỷ lệ hồ sơ trực tuyến năm 2025 đạt 85,12%, năm 2024 đạt 82,78%, tăng 2,34 điểm phần trăm so với năm 2024.", None),
    ("Tỷ lệ hồ sơ trực tuyến năm 2025 đạt 85,12%, năm 2024 đạt 82,78%, tăng 2,83% so với năm 2024.", None),  # relative, right
    ("Tỷ lệ hồ sơ trực tuyến năm 2025 đạt 80,00%, cùng kỳ năm 2024 đạt 82,78%, giảm 2,78%.",
     "82,78 − 80,00 = 2,78 điểm %; 2,78 / 82,78 × 100 = 3,36%"),
    ("Tỷ lệ hồ sơ trực tuyến năm 2025 đạt 80,00%, cùng kỳ năm 2024 đạt 82,78%, giảm 3,36%.", None),
    ("Tỷ lệ trực tuyến đạt 85,12%, tỷ lệ đúng hạn đạt 82,78%, tăng 2,34%.", None),  # two measures, no second period
])
def test_a_change_between_two_periods_rates_with_clean_controls(tmp_path, sentence, flagged):
    got = [f.arithmetic.vi for f in _found(_report(tmp_path / "bc.docx", sentence), "percentage_points")]
    assert got == ([flagged] if flagged else [])


# ------------------------------------------------------------------------------- English arithmetic

def test_under_lang_en_the_arithmetic_is_english_and_the_quotes_stay_as_written():
    report = lint_report(WARD)
    md = render(report, "markdown", "en")
    assert "1,180 / 1,200 (resolved) × 100 = 98.3333 → 98.3 ≠ 98.5" in md
    assert "đã giải quyết" not in md and "98,3333" not in md
    assert "“Tỷ lệ giải quyết trước hạn và đúng hạn đạt 98,5 %.”" in md  # the report's words, quoted
    vi = render(report, "markdown", "vi")
    assert "1.180 / 1.200 (đã giải quyết) × 100 = 98,3333 → 98,3 ≠ 98,5" in vi
    table = render(report, "table", "en")  # the header and the totals in English words and counts (QA2 #13)
    assert "(docx; 29 paragraphs, 1 table)" in table and "period: year 2026" in table
    assert "Total: 5 findings (2 medium, 3 low), 1 assumption\n" in table
    assert "(docx; 29 đoạn, 1 bảng)" in render(report, "table", "vi") and "kỳ: năm 2026" in render(report, "table", "vi")
    out = subprocess.run([sys.executable, "-m", "compliance", "lint", str(WARD), "--lang", "en", "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    finding = next(f for f in json.loads(out.stdout)["findings"] if f["kind"] == "percent_mismatch")
    assert finding["arithmetic"] == {"vi": "1.180 / 1.200 (đã giải quyết) × 100 = 98,3333 → 98,3 ≠ 98,5",
                                     "en": "1,180 / 1,200 (resolved) × 100 = 98.3333 → 98.3 ≠ 98.5"}


# -------------------------------------------------------------------------------------- extraction

def _draft(tmp_path: Path, path: Path) -> tuple[dict, Path]:
    import yaml

    target = tmp_path / (path.stem + ".yaml")
    write_draft(extract_draft(path), target, path.name)
    return yaml.safe_load(target.read_text(encoding="utf-8")), target


def test_the_ward_s_plan_completion_ways_of_promotion_and_a_letter_s_issuer(tmp_path):
    data, path = _draft(tmp_path, WARD)
    figures = data["figures"]
    assert figures["par_plan_completion_rate"]["value"] == 90 and figures["par_plan_completion_rate"]["unit"] == "percent"
    assert figures["propaganda_channels"]["value"] == 4 and figures["propaganda_channels"]["unit"] == "count"
    docs = {d["number"]: d for d in data["documents"]}
    # "15/CV-UBND": CV is a type code written by mistake, the issuer is the UBND; "Thực hiện …" with no issuer
    # named and the symbol every People's Committee uses: cited, for a person to confirm
    assert (docs["15/CV-UBND"]["issuer"], docs["15/CV-UBND"]["role"]) == ("UBND", "cited")
    assert docs["03/KH-UBND"]["title"] == "cải cách hành chính năm 2026"  # the completion is no longer in the title
    text = path.read_text(encoding="utf-8")
    assert "18/20 nhiệm vụ" not in text.split("# CHƯA ÁNH XẠ")[1]
    done_path = path.with_name("filled.yaml")
    done_path.write_text(filled(text, "LD-01"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "compliance", "check", str(done_path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT)
    rows = {r["id"]: r for r in json.loads(done.stdout)["rows"]}
    assert rows["1.1.2"]["computed"] == 1  # 90 % is in the band "từ 70% - 90%" of par-commune-model-2026
    assert rows["1.3"]["computed"] == 1  # 4 ways, "từ 3 hình thức trở lên"


def test_the_department_s_province_and_its_plan_issued_by_decision(tmp_path):
    data, path = _draft(tmp_path, STP)
    assert (data["agency"]["name"], data["agency"]["province"]) == ("Sở Tư pháp", "Lâm Đồng")
    plan = next(d for d in data["documents"] if d["number"] == "5/QĐ-STP")
    assert (plan["role"], plan["topics"]) == ("issued", ["par_plan"])
    asked = [d for d in data["documents"] if d["number"] == "CẦN-ĐIỀN"]
    assert "par_plan" not in {t for d in asked for t in d["topics"]}  # the draft no longer asks for the plan
    # "kiểm tra tại 12/15 đơn vị (đạt 85%)": the share disagrees with its fraction, the draft takes 12/15 = 80, said
    assert data["figures"]["units_inspected_rate"]["value"] == 80
    assert any("báo cáo ghi 85% nhưng 12/15 = 80%" in n for n in data["notes"])


def test_ways_of_promotion_and_plan_tasks_only_where_the_words_say_so(tmp_path):
    path = _report(tmp_path / "bc.docx", "Tổ chức 04 hình thức khen thưởng cho tập thể.",
                   "Hoàn thành 18/20 nhiệm vụ của kế hoạch đào tạo, bồi dưỡng năm 2025, đạt 90%.",
                   "Tổ chức 03 hình thức tuyên truyền về cải cách hành chính.")
    draft = extract_draft(path)
    assert draft.data["figures"]["propaganda_channels"]["value"] == 3
    assert "par_plan_completion_rate" not in draft.data["figures"]  # the training plan's tasks
    assert any("04 hình thức khen thưởng" in clause for clause, _ in draft.unmapped)
    plan = extract_draft(_report(tmp_path / "kh.docx", "Kế hoạch CCHC năm 2025 hoàn thành 18/20 nhiệm vụ, đạt 85%."))
    assert plan.data["figures"]["par_plan_completion_rate"]["value"] == 90  # 18/20, not the 85 % written
