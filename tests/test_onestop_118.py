"""Nghị định 118/2025/NĐ-CP (09/6/2025, in force 01/7/2025) in the one-stop rules: the text in force on
a dossier's receipt date is cited, on both sides of 01/7/2025, and the form of Thông tư 03/2025/TT-VPCP
only from that circular's date; unverified articles print as such."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.catalog import rulebook
from compliance.registers.check import check_register

APOLOGY_RULES = ["onestop.dossier.late_without_apology", "onestop.dossier.apology_late",
                 "onestop.dossier.rescheduled_more_than_once", "onestop.dossier.result_after_rescheduled_date",
                 "onestop.late_without_apology"]


def documents(rule_id: str, day: dt.date) -> list[str]:
    return [b.document for b in rulebook().rules[rule_id].bases_for(day)]


@pytest.mark.parametrize("rule_id", APOLOGY_RULES)
def test_the_decree_in_force_on_the_receipt_date_is_cited(rule_id):
    assert documents(rule_id, dt.date(2025, 6, 30)) == ["61/2018/NĐ-CP", "01/2018/TT-VPCP"]
    assert documents(rule_id, dt.date(2025, 7, 1)) == ["118/2025/NĐ-CP"]       # no form yet: TT 01/2018 ended with ND 61
    assert documents(rule_id, dt.date(2025, 9, 14)) == ["118/2025/NĐ-CP"]
    assert documents(rule_id, dt.date(2025, 9, 15)) == ["118/2025/NĐ-CP", "03/2025/TT-VPCP"]


def test_the_118_basis_says_what_is_not_verified():
    basis = next(b for b in rulebook().rules["onestop.dossier.late_without_apology"].legal_basis
                 if b.document == "118/2025/NĐ-CP")
    assert (basis.article, basis.article_verified, basis.applies_from) == (None, False, dt.date(2025, 7, 1))
    assert basis.cite("en") == "Nghị định 118/2025/NĐ-CP of 09/6/2025, article not identified"
    assert "one-day deadline and the one-reschedule limit of ND 61 remain is not verified" in basis.note
    art16 = next(b for b in rulebook().rules["onestop.dossier.procedure_not_published"].legal_basis
                 if b.document == "118/2025/NĐ-CP")
    assert art16.cite("vi") == "Nghị định 118/2025/NĐ-CP ngày 09/6/2025, khoản 1 Điều 16, điều khoản chưa được xác minh"
    assert documents("onestop.dossier.procedure_not_published", dt.date(2025, 6, 30)) == ["63/2010/NĐ-CP"]


def test_findings_of_a_register_across_the_change(tmp_path):
    reg = tmp_path / "so.csv"
    reg.write_text(
        "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Ngày văn bản xin lỗi\n"
        "L1,P1,Sở Tư pháp,Trực tiếp,30/06/2025,14/07/2025,16/07/2025,\n"
        "L2,P1,Sở Tư pháp,Trực tiếp,01/07/2025,15/07/2025,17/07/2025,\n"
        "L3,P1,Sở Tư pháp,Trực tiếp,16/09/2025,30/09/2025,02/10/2025,\n"
        "L4,P1,Sở Tư pháp,Trực tiếp,01/07/2025,15/07/2025,17/07/2025,14/07/2025\n", encoding="utf-8")
    result = check_register(reg, period="2025")
    late = {f["code"]: f["legal_basis"] for f in result.findings if f["rule"] == "onestop.dossier.late_without_apology"}
    assert late == {
        "L1": ["Nghị định 61/2018/NĐ-CP ngày 23/4/2018, điểm d khoản 3 Điều 19, điều khoản chưa được xác minh",
               "Thông tư 01/2018/TT-VPCP ngày 23/11/2018, Mẫu số 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả)"],
        "L2": ["Nghị định 118/2025/NĐ-CP ngày 09/6/2025, chưa xác định điều khoản"],
        "L3": ["Nghị định 118/2025/NĐ-CP ngày 09/6/2025, chưa xác định điều khoản",
               "Thông tư 03/2025/TT-VPCP ngày 15/9/2025, Mẫu số 04 (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết)"],
    }
    # L4 has its letter one day before the due date: no finding on either apology rule, under ND 118 as under ND 61
    assert not any(f["code"] == "L4" for f in result.findings)
