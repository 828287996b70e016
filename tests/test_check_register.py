"""`compliance check` on a submission that comes with its dossier register (issue 4 inside check):
the register's rules run over every dossier, its rates are scored (and the score says so), and the
reported table is compared with it. The sample is generated data (samples/demo-centre-2020-register)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.check import check_submission
from compliance.intake.submission import load_submission
from compliance.registers.check import check_register

DEMO = Path(__file__).resolve().parent.parent / "samples" / "demo-centre-2020-register"


@pytest.fixture(scope="module")
def card():
    return check_submission(load_submission(DEMO))


def test_rates_are_scored_from_the_register_and_say_so(card):
    row = next(r for r in card.rows if r.id == "3.3.1")
    # register: early 146 + on time 599 = 745 of 768 resolved = 97.005 % → band 95–<98 → 3 points
    # (the reported table says on time 609 and late 13, which would give 98.31 % and 4 points)
    assert row.computed == 3 and "register.csv" in row.reason.vi and "97,01" in row.reason.vi and "97.01" in row.reason.en
    online = next(r for r in card.rows if r.id == "3.3.3")
    assert online.computed == 1 and "sổ theo dõi" in online.reason.vi  # 357 / 760 = 46.97 %


def test_report_is_compared_with_the_register_cell_by_cell(card):
    counts = [f.message.vi for f in card.findings if f.rule == "onestop.summary.count_differs_from_register"]
    # the report hides 10 late dossiers and counts them on time: 609 − 599 = 10, 13 − 23 = −10
    assert sorted(counts) == ["Quá hạn: báo cáo ghi 13, sổ theo dõi hồ sơ cho 23 (chênh -10)",
                              "Đúng hạn: báo cáo ghi 609, sổ theo dõi hồ sơ cho 599 (chênh 10)"]
    rates = [f.message.vi for f in card.findings if f.rule == "onestop.summary.rate_differs_from_register"]
    # late share 13/768 = 1.69 % vs 23/768 = 2.99 %; on time 609/768 = 79.3 % vs 599/768 = 77.99 %
    assert sorted(rates) == ["Tỷ lệ quá hạn: báo cáo ghi 1,69 %, sổ theo dõi hồ sơ cho 2,99 %",
                             "Tỷ lệ đúng hạn: báo cáo ghi 79,3 %, sổ theo dõi hồ sơ cho 77,99 %"]
    assert "Late share: the report states 1.69 %, the register gives 2.99 %" in [
        f.message.en for f in card.findings if f.rule == "onestop.summary.rate_differs_from_register"]
    # the reported table itself adds up
    checks = {c.id: c for c in card.checks}
    assert checks["received_breakdown"].ok and checks["resolved_breakdown"].ok and checks["in_progress_breakdown"].ok


def test_register_findings_are_those_of_dossiers_check(card):
    direct = check_register(DEMO / "register.csv", DEMO / "catalogue.csv", period="2020", full=False)
    expected = {}
    for g in direct.groups:
        expected[g.rule_id] = expected.get(g.rule_id, 0) + g.count
    got = {}
    for f in card.findings:
        if f.rule.startswith("onestop.dossier.") or f.rule.startswith("onestop.procedure."):
            got[f.rule] = got.get(f.rule, 0) + f.count
    assert got == expected and got["onestop.dossier.late_without_apology"] > 0
    assert all(f.legal_basis for f in card.findings if f.rule in got)
