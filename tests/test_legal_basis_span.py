"""The legal basis of late dossiers over a period across 01/7/2025: dossiers received until 30/6/2025 fall
under Nghị định 61/2018/NĐ-CP (and its form, TT 01/2018/TT-VPCP), those received from 01/7/2025 under
Nghị định 118/2025/NĐ-CP (and, from 15/9/2025, TT 03/2025/TT-VPCP). Without receipt dates the period's
texts are all cited, each with its dates; with them, each group cites the texts of its own dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from compliance.catalog import rulebook
from compliance.check import check_submission
from compliance.intake.submission import load_submission

ROOT = Path(__file__).resolve().parent.parent
SO_TU_PHAP = ROOT / "samples" / "round" / "submissions" / "so-tu-phap.yaml"

ND61 = "Nghị định 61/2018/NĐ-CP ngày 23/4/2018, điểm d khoản 3 Điều 19, điều khoản chưa được xác minh"
TT01 = "Thông tư 01/2018/TT-VPCP ngày 23/11/2018, Mẫu số 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả)"
ND118 = "Nghị định 118/2025/NĐ-CP ngày 09/6/2025, chưa xác định điều khoản"
TT03 = "Thông tư 03/2025/TT-VPCP ngày 15/9/2025, Mẫu số 04 (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết)"


def _late(card):
    return [f for f in card.findings if f.rule == "onestop.late_without_apology"]


def test_a_year_across_the_change_without_receipt_dates_cites_both_texts_with_their_dates():
    # so-tu-phap.yaml covers 01/01–31/12/2025 and says nothing of when its 2 late dossiers were received
    (gap,) = _late(check_submission(load_submission(SO_TU_PHAP)))
    assert gap.count == 2
    assert [b.vi for b in gap.legal_basis] == [
        ND61 + " (áp dụng từ 21/6/2018 đến 30/6/2025)", TT01 + " (áp dụng từ 06/01/2019 đến 30/6/2025)",
        ND118 + " (áp dụng từ 01/7/2025)", TT03 + " (áp dụng từ 15/9/2025)"]
    assert gap.legal_basis[2].en == "Nghị định 118/2025/NĐ-CP of 09/6/2025, article not identified (applies from 01/7/2025)"


def _with_groups(tmp_path, groups) -> Path:
    data = yaml.safe_load(SO_TU_PHAP.read_text(encoding="utf-8"))
    data["late_dossiers"] = groups
    path = tmp_path / "so-tu-phap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_groups_with_receipt_dates_cite_the_text_of_their_own_dates(tmp_path):
    path = _with_groups(tmp_path, [
        {"id": "q1", "agency": "Sở Tư pháp", "count": 1, "apology_letter": "no", "text": "01 hồ sơ quý I",
         "received": {"from": dt.date(2025, 3, 1), "to": dt.date(2025, 3, 31)}},
        {"id": "aug", "agency": "Sở Tư pháp", "count": 3, "apology_letter": "no", "text": "03 hồ sơ tháng 8",
         "received": {"from": dt.date(2025, 8, 1), "to": dt.date(2025, 8, 31)}},
        {"id": "one-day", "agency": "Sở Tư pháp", "count": 2, "apology_letter": "no", "text": "02 hồ sơ tháng 8",
         "received": {"from": dt.date(2025, 8, 14), "to": dt.date(2025, 8, 14)}},
    ])
    gaps = _late(check_submission(load_submission(path)))
    by_basis: dict[tuple, int] = {}
    for g in gaps:
        key = tuple(b.vi for b in g.legal_basis)
        by_basis[key] = by_basis.get(key, 0) + g.count
    assert by_basis == {(ND61, TT01): 1, (ND118,): 3 + 2}  # one text a group: no dates beside it


def test_a_group_received_across_the_change_cites_both(tmp_path):
    path = _with_groups(tmp_path, [
        {"id": "jun-jul", "agency": "Sở Tư pháp", "count": 4, "apology_letter": "no", "text": "04 hồ sơ",
         "received": {"from": dt.date(2025, 6, 20), "to": dt.date(2025, 7, 10)}}])
    (gap,) = _late(check_submission(load_submission(path)))
    assert [b.vi for b in gap.legal_basis] == [ND61 + " (áp dụng từ 21/6/2018 đến 30/6/2025)",
                                              TT01 + " (áp dụng từ 06/01/2019 đến 30/6/2025)",
                                              ND118 + " (áp dụng từ 01/7/2025)"]


def test_a_period_on_one_side_cites_without_dates():
    rule = rulebook().rules["onestop.late_without_apology"]
    assert [t.vi for t in rule.citations(dt.date(2020, 1, 1), dt.date(2020, 12, 31))] == [ND61, TT01]
    assert [t.vi for t in rule.citations(dt.date(2026, 1, 1), dt.date(2026, 12, 31))] == [ND118, TT03]


def test_the_form_reads_the_receipt_dates(tmp_path):
    from compliance.api import write_template

    path = _with_groups(tmp_path, [
        {"id": "aug", "agency": "Sở Tư pháp", "count": 3, "apology_letter": "no", "text": "03 hồ sơ tháng 8",
         "received": {"from": dt.date(2025, 8, 1), "to": dt.date(2025, 8, 31)}}])
    form = tmp_path / "form.xlsx"
    write_template(form, from_path=path)
    group = load_submission(form).submission.late_dossiers[0]
    assert (group.received.from_, group.received.to) == (dt.date(2025, 8, 1), dt.date(2025, 8, 31))
