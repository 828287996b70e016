"""Dates in legal citations as Nghị định 30/2020/NĐ-CP (Phụ lục I) writes a document's date: a day below 10
and the months 1 and 2 with a leading zero, the other months without ("09/6/2025", "05/01/2018"), one
function for every citation: the rules' legal bases, the lint findings, the QĐ 766 index header."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.catalog import rulebook
from compliance.lint import lint_report
from compliance.model.rules import legal_date

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("day, shown", [
    (dt.date(2025, 6, 9), "09/6/2025"),     # Nghị định 118/2025/NĐ-CP
    (dt.date(2018, 1, 5), "05/01/2018"),    # month 1: leading zero
    (dt.date(2020, 2, 29), "29/02/2020"),   # month 2: leading zero
    (dt.date(2018, 4, 23), "23/4/2018"),    # Nghị định 61/2018/NĐ-CP
    (dt.date(2025, 7, 1), "01/7/2025"),
    (dt.date(2019, 12, 15), "15/12/2019"),
    (dt.date(2021, 10, 21), "21/10/2021"),
])
def test_legal_date(day, shown):
    assert legal_date(day) == shown


def test_rule_citations_use_it():
    basis = next(b for b in rulebook().rules["onestop.late_without_apology"].legal_basis if b.document == "118/2025/NĐ-CP")
    assert basis.cite("vi") == "Nghị định 118/2025/NĐ-CP ngày 09/6/2025, chưa xác định điều khoản"
    assert basis.cite("en") == "Nghị định 118/2025/NĐ-CP of 09/6/2025, article not identified"


def test_the_ward_sample_cites_09_6_2025():
    out = subprocess.run([sys.executable, "-m", "compliance", "check", "samples/phuong-bac-gia-nghia-2026", "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    cited = {b["vi"] for f in json.loads(out.stdout)["findings"] for b in f["legal_basis"]}
    assert "Nghị định 118/2025/NĐ-CP ngày 09/6/2025, chưa xác định điều khoản" in cited
    assert not [c for c in cited if "ngày 9/6/2025" in c]


def test_lint_findings_write_the_report_date_the_same_way():
    # the plan 45/KH-UBND of 20/12/2024 is after a report dated 05/9/2024
    report = lint_report(ROOT / "samples" / "reports" / "motcua-theo-cap-2024.txt", report_date=dt.date(2024, 9, 5))
    after = [f.message for f in report.findings if f.kind == "date_after_report" and "45/KH-UBND" in f.message.vi]
    assert [m.vi for m in after] == ["Kế hoạch 45/KH-UBND ngày 20/12/2024: sau ngày của báo cáo 05/9/2024"]
    assert after[0].en == "Kế hoạch 45/KH-UBND of 20/12/2024: after the report's date 05/9/2024"
    from compliance.lint.render import render

    assert "Ngày báo cáo: 05/9/2024 (--report-date)" in render(report)


def test_index766_header_writes_the_decision_date_the_same_way(tmp_path):
    from compliance.registers.index766 import compute_index
    from compliance.registers.index766_output import header

    result = compute_index(ROOT / "samples/registers/demo-2026-register.csv", ROOT / "samples/registers/demo-2026-catalogue.csv",
                           period="2026-10")
    assert "(Quyết định 766/QĐ-TTg ngày 23/6/2022)" in header(result, "vi")[0]
    result.index = result.index.model_copy(update={"issued": dt.date(2022, 6, 3)})  # a day below 10
    assert "(Quyết định 766/QĐ-TTg ngày 03/6/2022)" in header(result, "vi")[0]
    assert "(Decision 766/QĐ-TTg of 03/6/2022)" in header(result, "en")[0]
