"""A provisional index has a provisional class: the ward of 2026 before its 30 survey points are given
scores 63,85 %, "Yếu" by the commune set's bands, and every output marks that class provisional
("Yếu (tạm tính)", "Weak (provisional)"): terminal, JSON, Markdown, the scored workbook, the web view, the
round. With the survey points given nothing is left unchecked and the class is final."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from compliance import api
from compliance.api.views import scorecard_view

ROOT = Path(__file__).resolve().parent.parent
WARD = ROOT / "samples" / "phuong-bac-gia-nghia-2026"


@pytest.fixture(scope="module")
def ward():
    return api.check(WARD)


def test_the_ward_before_its_survey_is_provisional(ward):
    t = ward.totals
    assert (t.not_checked_max, t.provisional, t.index_percent) == (30, True, 63.85)
    assert (t.class_name.vi, t.class_name.en) == ("Yếu (tạm tính)", "Weak (provisional)")


def test_every_output_marks_it(ward, tmp_path):
    table = api.render_scorecard(ward, "table")
    assert "Chỉ số: 63,85 % — Xếp loại: Yếu (tạm tính)" in table
    assert "Index: 63.85% — Class: Weak (provisional)" in api.render_scorecard(ward, "table", "en")
    assert "Xếp loại: Yếu (tạm tính)" in api.render_scorecard(ward, "markdown")
    data = json.loads(api.render_scorecard(ward, "json"))
    assert data["totals"]["class_name"] == {"vi": "Yếu (tạm tính)", "en": "Weak (provisional)"}
    assert data["totals"]["provisional"] is True
    assert scorecard_view(ward)["class_name"] == "Yếu (tạm tính)"
    path = tmp_path / "ward.xlsx"
    api.write_scored_workbook(ward, path)
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Tổng hợp"].iter_rows(values_only=True) if r[0]}
    assert summary["Chỉ số"] == "63,85 % — Xếp loại: Yếu (tạm tính)"
    live = openpyxl.load_workbook(path, data_only=False)["Tổng hợp"]
    formula = next(r[1].value for r in live.iter_rows() if r[0].value == "Xếp loại theo điểm thẩm định")
    assert '"Yếu (tạm tính)"' in formula and '"Yếu"' not in formula


def test_the_web_page_marks_it(tmp_path):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from compliance.web import Settings, create_app

    with TestClient(create_app(Settings(db=tmp_path / "r.sqlite")), follow_redirects=True) as client:
        page = client.get("/agency")
        import re

        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        with open(WARD / "submission.yaml", "rb") as fh:
            page = client.post("/agency/check", data={"csrf": token}, files={"file": ("submission.yaml", fh)})
    assert page.status_code == 200
    assert "Yếu (tạm tính)" in page.text


def test_with_the_survey_given_the_class_is_final(tmp_path):
    """Survey points count only from the round's appraisal: the ward's 16 + 8 given there leave nothing
    unchecked, and the class is final."""
    from compliance.round.run import run_round

    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ward.yaml").write_text((WARD / "submission.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    appraisal = tmp_path / "appraisal.yaml"
    appraisal.write_text("round: '2026'\nagencies:\n  - agency: LD-PBGN\n    items:\n"
                         "      - {criterion: '8.1', round1: {points: 16}}\n      - {criterion: '8.2', round1: {points: 8}}\n",
                         encoding="utf-8")
    (ward,) = run_round(folder, appraisal=appraisal).agencies
    t = ward.totals
    # 63.85 of 100 before; the survey adds 16 + 8 = 24 points: 87.85 %
    assert (t.not_checked_max, t.provisional, t.index_percent) == (0, False, 87.85)
    assert "tạm tính" not in t.class_name.vi and "provisional" not in t.class_name.en


def test_the_round_marks_it_too():
    from compliance.round.run import run_round

    subs = ROOT / "samples" / "round" / "submissions"
    # without the appraisal no survey points are given (the agencies' own are estimates): all provisional
    bare = run_round(subs).agencies
    assert [(a.totals.provisional, a.totals.class_name.vi.endswith(" (tạm tính)")) for a in bare] == [(True, True)] * 5
    appraised = run_round(subs, appraisal=ROOT / "samples" / "round" / "appraisal.yaml").agencies
    assert {(a.agency_code, a.totals.class_name.vi, a.totals.provisional) for a in appraised} == {
        ("LD-PXH", "Tốt", False), ("LD-DKPQ", "Tốt", False), ("LD-XNB", "Yếu", False), ("LD-STP", "Tốt", False),
        ("LD-SNNMT", "Yếu", False)}
