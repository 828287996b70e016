"""``--period`` reads the period as an office writes it in a report (QA6 F11): each form gives its exact
first and last day; what could be read two ways is refused with the list of forms; ``lint`` finds the
same words in a report's title with the same grammar (``compliance/io/periods.py``)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_index766 import CAT_HEAD, CATALOGUE, REG_HEAD, REGISTER, write_csv  # noqa: E402

from compliance.errors import InputError  # noqa: E402
from compliance.io.periods import find_period  # noqa: E402
from compliance.registers.index766 import compute_index  # noqa: E402
from compliance.registers.summary import parse_period  # noqa: E402

D = dt.date


@pytest.mark.parametrize("text,first,last", [
    ("năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("Năm 2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("quý 1/2024", D(2024, 1, 1), D(2024, 3, 31)),
    ("quý 2/2024", D(2024, 4, 1), D(2024, 6, 30)),
    ("Quý II/2024", D(2024, 4, 1), D(2024, 6, 30)),
    ("Quý III năm 2024", D(2024, 7, 1), D(2024, 9, 30)),
    ("quý IV - 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("quy 4 nam 2024", D(2024, 10, 1), D(2024, 12, 31)),       # typed without diacritics
    ("Q3/2024", D(2024, 7, 1), D(2024, 9, 30)),
    ("2024-Q2", D(2024, 4, 1), D(2024, 6, 30)),
    ("6 tháng đầu năm 2024", D(2024, 1, 1), D(2024, 6, 30)),
    ("6 tháng năm 2024", D(2024, 1, 1), D(2024, 6, 30)),
    ("Sáu tháng đầu năm 2024", D(2024, 1, 1), D(2024, 6, 30)),
    ("6 tháng cuối năm 2024", D(2024, 7, 1), D(2024, 12, 31)),
    ("9 tháng năm 2024", D(2024, 1, 1), D(2024, 9, 30)),
    ("9 tháng đầu năm 2024", D(2024, 1, 1), D(2024, 9, 30)),
    ("2024-H1", D(2024, 1, 1), D(2024, 6, 30)),
    ("2024-H2", D(2024, 7, 1), D(2024, 12, 31)),
    ("tháng 3/2024", D(2024, 3, 1), D(2024, 3, 31)),
    ("Tháng 11 năm 2024", D(2024, 11, 1), D(2024, 11, 30)),
    ("tháng 02/2024", D(2024, 2, 1), D(2024, 2, 29)),           # the 2024 leap day
    ("02/2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2/2023", D(2023, 2, 1), D(2023, 2, 28)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("tháng 12/2024", D(2024, 12, 1), D(2024, 12, 31)),
    ("01/01/2024-29/02/2024", D(2024, 1, 1), D(2024, 2, 29)),
    ("01/7/2025 – 31/12/2025", D(2025, 7, 1), D(2025, 12, 31)),
    ("2024-01-01..2024-06-30", D(2024, 1, 1), D(2024, 6, 30)),
])
def test_each_form_gives_its_first_and_last_day(text, first, last):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (first, last, text)


@pytest.mark.parametrize("text", ["quý 5/2024", "quý 0/2024", "Q5/2024", "2024-Q5", "quý 2", "tháng 3", "6 tháng",
                                  "tháng 13/2024", "13/2024", "2024-13", "II/2024", "9 tháng cuối năm 2024",
                                  "05/3/2024", "quý 2 và quý 3 năm 2024", "2024-2025", ""])
def test_what_could_be_read_two_ways_or_not_at_all_is_refused_with_the_forms(text):
    with pytest.raises(InputError) as exc:
        parse_period(text)
    assert exc.value.line("vi") == (
        f"--period: không hiểu kỳ '{text}'; hãy viết theo một trong các dạng: năm 2024 hoặc 2024; quý 2/2024, "
        "quý II/2024 hoặc 2024-Q2; 6 tháng đầu năm 2024, 9 tháng năm 2024, 6 tháng cuối năm 2024 hoặc 2024-H1, "
        "2024-H2; tháng 3/2024, 03/2024 hoặc 2024-03; 01/01/2024-30/6/2024 hoặc 2024-01-01..2024-06-30")


def test_a_vietnamese_period_scores_the_index_as_its_short_form(tmp_path):
    reg = write_csv(tmp_path / "so-theo-doi.csv", REG_HEAD, REGISTER)
    cat = write_csv(tmp_path / "danh-muc.csv", CAT_HEAD, CATALOGUE)
    short, words = compute_index(reg, cat, period="2026-10"), compute_index(reg, cat, period="tháng 10/2026")
    assert (words.period.start, words.period.end) == (D(2026, 10, 1), D(2026, 10, 31))
    assert words.province.total == short.province.total == 44.22  # the hand-worked October of test_index766
    quarter = compute_index(reg, cat, period="quý IV/2026")
    # the quarter adds D10 (received 03/11): 3.3 online received 6 → 7 of 10 dossiers in the quarter
    assert quarter.province.score("3.3").denominator == short.province.score("3.3").denominator + 1


def test_the_cli_refuses_quarter_5_in_one_line_exit_2(tmp_path):
    reg = write_csv(tmp_path / "so-theo-doi.csv", REG_HEAD, REGISTER)
    out = subprocess.run([sys.executable, "-m", "compliance", "dossiers", "summarize", str(reg), "--period", "quý 5/2024"],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("lỗi: --period: không hiểu kỳ 'quý 5/2024'; hãy viết")


def test_the_cli_takes_a_half_year_in_words(tmp_path):
    reg = write_csv(tmp_path / "so-theo-doi.csv", REG_HEAD, REGISTER)
    out = subprocess.run([sys.executable, "-m", "compliance", "dossiers", "summarize", str(reg), "--period",
                          "6 tháng cuối năm 2026", "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert '"start": "2026-07-01"' in out.stdout and '"end": "2026-12-31"' in out.stdout


def test_lint_reads_a_second_half_year_as_july_to_december_not_the_year():
    p = find_period("BÁO CÁO Kết quả công tác cải cách hành chính 6 tháng cuối năm 2024")
    assert (p.start, p.end, p.label, p.said("en")) == (D(2024, 7, 1), D(2024, 12, 31), "6 tháng cuối năm 2024",
                                                      "second half of 2024")
    assert find_period("Thông tư số 01/2024/TT-VPCP ngày 05/4/2024") is None  # a document number is no month
    q = find_period("Báo cáo tình hình giải quyết TTHC quý 2/2024 như sau")
    assert (q.start, q.end) == (D(2024, 4, 1), D(2024, 6, 30))
