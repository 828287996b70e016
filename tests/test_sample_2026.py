"""The 2026 self-assessment sample (samples/phuong-bac-gia-nghia-2026: a ward of Lâm Đồng since 01/7/2025;
public name, invented figures) scored end to end on the MODEL set par-commune-model-2026.

Hand arithmetic, by field (the survey, 30 points, is the province's to fill: not checked, counted 0):
  1: 1.1.1 plan 12/01/2026 ≤ 31/01 → 1; 1.1.2 94 % > 90 → 2; 1.2 2 − 1 × 0.25 = 1.75; 1.3 3 ways → 1;
     1.4 2 × (3 + 0.5 × 1) / 5 = 1.4; 1.5 self 2 with evidence → 2.              1 + 2 + 1.75 + 1 + 1.4 + 2 = 9.15
  2: 1 + 1.5 + 1 + 1 (self-scores with evidence)                                                        = 4.5
  3: 3.1 100 % → 2; 3.2 100 % → 2; 3.3.1 (1300 + 2620) / 4000 = 98 % → ≥ 98 → 4; 3.3.2 2 × 68/80 = 1.7;
     3.3.3 2310 / (2310 + 1770) = 56.62 % → 3; 3.3.4 76 % → 1; 3.3.5 93.6 % → 1; 3.3.6 1; 3.4 100 % → 2;
     3.5 plan 20/02/2026 > 31/01 → late → 1.                     2 + 2 + 4 + 1.7 + 3 + 1 + 1 + 1 + 2 + 1 = 18.7
  4: 2 + 2 + 2 = 6;   5: 1 + 2 (100 %) + 3 (96 %) + 1.5 + 1.5 = 9;   6: 2 + 2 + 1 + 1 = 6
  7: 7.1 plan 05/02/2026 late → 0; 7.2 96 % → 3; 7.3 1; 7.4 2; 7.5 1.5; 7.6 1; 7.7 2         = 10.5
  total 9.15 + 4.5 + 18.7 + 6 + 9 + 6 + 10.5 = 63.85 over 100 → 63.85 % (provisional: survey not yet given).
Self-assessment against computed: 3.3.2 2 vs 1.7 (+0.3); 3.5 2 vs 1 (+1); 7.1 1 vs 0 (+1).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from compliance.check import check_submission
from compliance.cli import cli
from compliance.intake.submission import load_submission

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "phuong-bac-gia-nghia-2026"


def _card():
    return check_submission(load_submission(SAMPLE))


def test_scored_on_the_2026_commune_set_chosen_by_period():
    card = _card()
    assert (card.edition.id, card.unit_type, card.period) == ("par-commune-model-2026", "commune", "01/01/2026–31/12/2026")
    fields = {r.id: r.computed for r in card.rows if r.level == "field"}
    assert fields == {"1": 9.15, "2": 4.5, "3": 18.7, "4": 6, "5": 9, "6": 6, "7": 10.5, "8": 0}
    t = card.totals
    assert (t.points, t.survey_points, t.applicable_max, t.not_checked_max, t.index_percent) == (63.85, 0, 100, 30, 63.85)


def test_each_computed_point():
    rows = {r.id: r for r in _card().rows}
    assert [rows[i].computed for i in ("1.2", "1.4", "3.3.1", "3.3.2", "3.3.3", "3.5", "7.1")] \
        == [1.75, 1.4, 4, 1.7, 3, 1, 0]
    assert [(rows[i].self_score, rows[i].difference) for i in ("3.3.2", "3.5", "7.1")] \
        == [(2, 0.3), (2, 1), (1, 1)]
    assert rows["8.1"].state.value == "not_checked" and rows["8.2"].state.value == "not_checked"


def test_late_dossiers_of_2026_cite_decree_118():
    late = next(f for f in _card().findings if f.rule == "onestop.late_without_apology")
    assert (late.count, late.severity.value) == (12, "high")
    basis = " ".join(b.vi for b in late.legal_basis)
    assert "Nghị định 118/2025/NĐ-CP" in basis and "61/2018" not in basis


def test_check_end_to_end_in_english_and_json():
    runner = CliRunner()
    out = runner.invoke(cli, ["check", str(SAMPLE), "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "Criteria edition: par-commune-model-2026" in out.output and "[chosen by: unit type and period]" in out.output
    assert "Index: 63.85%" in out.output
    data = json.loads(runner.invoke(cli, ["check", str(SAMPLE), "--format", "json"]).output)
    assert data["totals"]["index_percent"] == 63.85 and data["edition"]["model_set"] is True


def test_a_blank_late_list_does_not_earn_the_apology_points(tmp_path):
    """The report states 80 late dossiers; with the itemised list left empty, 3.3.2 (apology letters,
    2 × b / a, 2 points when a = 0) must not score 2 as if there were no late dossiers: it is not scored
    (the late breakdown 80 ≠ 0 + 0 fails) and counts 0, below the honest 1.7."""
    text = (SAMPLE / "submission.yaml").read_text(encoding="utf-8")
    start = text.index("late_dossiers:")
    blank = text[:start] + "late_dossiers: []\n" + text[text.index("\nfigures:"):]
    (tmp_path / "submission.yaml").write_text(blank, encoding="utf-8")
    card = check_submission(load_submission(tmp_path / "submission.yaml"))
    row = next(r for r in card.rows if r.id == "3.3.2")
    assert row.state.value == "error" and row.computed is None
    assert "80 ≠ 0 + 0" in row.reason.vi
    assert card.totals.index_percent == 62.15  # 63.85 − 1.7: the row counts 0


def test_late_groups_named_by_the_agency_without_its_code_are_its_own(tmp_path):
    """A draft from a report (`lint --extract`) names the agency of a late group but gives no code: the groups
    are still the ward's own, so 3.3.2 is 2 × 68/80 = 1,7 as with the codes (was 2: no own late dossiers)."""
    text = (SAMPLE / "submission.yaml").read_text(encoding="utf-8").replace(" agency_code: LD-PBGN,", "")
    (tmp_path / "submission.yaml").write_text(text, encoding="utf-8")
    card = check_submission(load_submission(tmp_path / "submission.yaml"))
    row = next(r for r in card.rows if r.id == "3.3.2")
    assert row.computed == 1.7 and card.totals.index_percent == 63.85
