"""The hand-built 2025 round of Lâm Đồng (samples/round/: public names, invented figures, MODEL sets), and
what a round may hold since 01/7/2025.

Hand arithmetic (points per sub-criterion are in the submissions' comments and samples/round/README.md):

LD-STP (department, par-dept-model-2025; applicable 100 − 3 = 97, 7.4 being the provincial office's):
  fields 9.5 + 6 + 17.1 + 7 + 10 + 6 + 9.5 = 65.1, survey 12.5 + 13 = 25.5, computed 90.6
  (1.2: 2 − 1 × 0.25 = 1.75; 1.5: 2 × (3 + 0.5 × 1) / 4 = 1.75; 3.3.2: 2 × 8/10 = 1.6; 3.3.4: 72 % → 0.5).
  Council: 2.2 2 → 1.5; 7.3 2.5 → 2 → 2.5 (round 2): 90.1; bonus 1 → (90.1 + 1) / 97 = 93.917… → 93.92, Tốt.
LD-SNNMT (department): fields 4.325 + 4.5 + 10.75 + 5.5 + 7 + 5.5 + 7 = 44.575, survey 10 + 11 = 21: 65.575
  (1.1.1 no plan −1; 1.3.2 (2/4) × 1 + (1/4) × 0.5 = 0.625; 3.1.1 undated 0.5; 3.3.2 2 × 90/144 = 1.25; 2.3
  without evidence not checked 0). Council: 2.3 0 → 1 (+1); 6.3 1 → 0.5 (−0.5); waiver W-2026-01 on 4.4
  (self 1.5 of 2): 65.575 + 1 − 0.5 − 1.5 = 64.575 over 97 − 2 = 95; penalty 1 → 63.575 / 95 = 66.921… → 66.92.
LD-PXH (ward, par-commune-model-2025, applicable 100): 10 + 5 + 22 + 6 + 9 + 6 + 11.5 + 26 = 95.5 → 95.50, Tốt.
LD-DKPQ (special zone): 9 + 5 + 20 + 6 + 9 + 6 + 12 + 24.5 = 91.5; 7.5 2 → 1 → 1.5: 91 → 91.00, Tốt
  (band edges: online 246/820 = 30 % → 2 of 3; satisfaction 95 → 2; training 90 → 2; signatures 90 → 3).
LD-XNB (commune): 7 + 4 + 13.1 + 4 + 5.5 + 5 + 6 + 21 = 65.6 (7.1 no plan −1; 3.3.2 2 × 36/45 = 1.6;
  1.4 2 × (2 + 0.5) / 4 = 1.25); 6.2 1.5 → 1: 65.1; bonus 1.5 → 66.6 → 66.60, Yếu.
Ranks per set: departments 93.92 → 1, 66.92 → 2; communes 95.50 → 1, 91.00 → 2, 66.60 → 3.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.intake.submission import load_submission
from compliance.round import history, history_text
from compliance.round.run import run_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round"
SUBS, APPRAISAL, WAIVERS = SAMPLE / "submissions", SAMPLE / "appraisal.yaml", SAMPLE / "waivers.yaml"
OLD = ROOT / "samples" / "round-2020" / "submissions"


@pytest.fixture(scope="module")
def round_2025():
    return run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS)


def _row(agency, node_id):
    return next(r for r in agency.rows if r.id == node_id)


def test_ranks_classes_and_totals(round_2025):
    r = round_2025
    got = [(a.agency_code, a.edition.id, a.rank, a.ranked_among, a.totals.index_percent, a.totals.class_name.vi)
           for a in r.agencies]
    assert got == [("LD-PXH", "par-commune-model-2025", 1, 3, 95.5, "Tốt"),
                   ("LD-DKPQ", "par-commune-model-2025", 2, 3, 91.0, "Tốt"),
                   ("LD-XNB", "par-commune-model-2025", 3, 3, 66.6, "Yếu"),
                   ("LD-STP", "par-dept-model-2025", 1, 2, 93.92, "Tốt"),
                   ("LD-SNNMT", "par-dept-model-2025", 2, 2, 66.92, "Yếu")]
    stp, snnmt = r.agency("LD-STP").totals, r.agency("LD-SNNMT").totals
    assert (stp.appraised, stp.survey, stp.bonus, stp.applicable_max) == (64.6, 25.5, 1.0, 97.0)
    assert (snnmt.appraised, snnmt.survey, snnmt.penalty, snnmt.applicable_max, snnmt.waived_max) \
        == (43.575, 21.0, 1.0, 95.0, 2.0)
    assert r.round_id == "2025" and r.as_of == "2026-02-25" and not r.partial and not r.failed


def test_points_on_the_arithmetic_and_band_edges(round_2025):
    r = round_2025
    stp, snnmt = r.agency("LD-STP"), r.agency("LD-SNNMT")
    dkpq, xnb = r.agency("LD-DKPQ"), r.agency("LD-XNB")
    assert (_row(stp, "3.3.2").final, _row(stp, "1.5").final, _row(stp, "1.2").final) == (1.6, 1.75, 1.75)
    assert (_row(snnmt, "1.3.2").final, _row(snnmt, "3.1.1").final, _row(snnmt, "1.1.1").final) == (0.625, 0.5, -1.0)
    assert _row(snnmt, "4.4").state.value == "waived"
    assert [_row(dkpq, n).final for n in ("3.3.3", "3.3.5", "5.1.2", "7.2")] == [2.0, 2.0, 2.0, 3.0]
    assert (_row(xnb, "7.1").final, _row(xnb, "3.3.2").final, _row(xnb, "1.4").final) == (-1.0, 1.6, 1.25)


def test_the_rounds_errors_and_warnings(round_2025):
    issues = [(i.severity, i.kind, i.subject) for i in round_2025.issues if i.severity != "info"]
    assert issues == [("error", "expired_waiver", "W-2025-07 (waivers.yaml:11)"),
                      ("warning", "form_changed", str(SUBS / "so-nong-nghiep-moi-truong" / "submission.yaml")),
                      ("warning", "unmatched_waiver", "W-2026-02 (waivers.yaml:17)")]
    # 2.3 self-assessed without evidence (the sample leaves it to the council's round 2): said, not refused
    assert round_2025.issues[1].message.en.startswith(
        "self-assessed points without evidence documents or an explanation: 2.3 (Monitoring of law enforcement): self-assessed 1, "
        "no evidence (line 63, self_assessment.2.3)")


def test_round_run_end_to_end(tmp_path):
    out = subprocess.run([sys.executable, "-m", "compliance", "round", "run", str(SUBS), "--appraisal", str(APPRAISAL),
                          "--waivers", str(WAIVERS), "--db", str(tmp_path / "h.sqlite"), "--lang", "en"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "1/2     LD-STP" in out.stdout and "3/3     LD-XNB" in out.stdout
    assert history.stored_rounds(tmp_path / "h.sqlite") == ["2025"]


# -- what one round may hold ------------------------------------------------------------------------


def test_a_round_straddling_the_reform_is_refused(tmp_path):
    shutil.copy(OLD / "so-tu-phap.yaml", tmp_path / "2020.yaml")
    shutil.copy(SUBS / "so-tu-phap.yaml", tmp_path / "2025.yaml")
    with pytest.raises(InputError) as err:
        run_round(tmp_path, round_id="mixed")
    assert str(err.value).startswith(f"{tmp_path}: the round straddles 01/7/2025")
    assert "the periods of MH-STP end by 30/06/2025 (e.g. 31/12/2020), those of LD-STP after it (e.g. 31/12/2025)" \
        in str(err.value)


def test_a_round_mixing_editions_of_two_years_is_refused(tmp_path):
    shutil.copy(SUBS / "so-tu-phap.yaml", tmp_path / "a.yaml")
    text = (SUBS / "xa-nam-ban.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("2025-07-01", "2026-01-01").replace("2025-12-31", "2026-12-31")
                                     .replace("par-commune-model-2025", "par-commune-model-2026"), encoding="utf-8")
    with pytest.raises(InputError, match=r"mixes criteria editions never in force on the same day: par-dept-model-2025 "
                                         r"\(01/01/2025–31/12/2025; LD-STP\) and par-commune-model-2026 "
                                         r"\(01/01/2026–31/12/2026; LD-XNB\)"):
        run_round(tmp_path, round_id="mixed")


def test_a_district_after_the_reform_is_refused_at_its_field(tmp_path):
    text = (SUBS / "xa-nam-ban.yaml").read_text(encoding="utf-8").replace("unit_type: commune", "unit_type: district")
    (tmp_path / "huyen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_submission(tmp_path / "huyen.yaml")
    assert err.value.where == "line 7, agency.unit_type"
    assert err.value.message.startswith("unit type 'district' does not exist for a period ending 31/12/2025")
    # the same district for the first half of 2025 is still a district
    (tmp_path / "h1.yaml").write_text(text.replace("2025-07-01", "2025-01-01").replace("2025-12-31", "2025-06-30"),
                                      encoding="utf-8")
    assert load_submission(tmp_path / "h1.yaml").submission.agency.unit_type.value == "district"


# -- history across the merger ----------------------------------------------------------------------


def test_compare_and_history_say_how_they_were_made(tmp_path):
    old = tmp_path / "2020"
    old.mkdir()
    # the 2020 Sở Tư pháp stored under the code the 2025 one uses: one agency in both rounds
    (old / "stp.yaml").write_text((OLD / "so-tu-phap.yaml").read_text(encoding="utf-8").replace("MH-STP", "LD-STP"),
                                  encoding="utf-8")
    shutil.copy(OLD / "so-noi-vu.json", old / "snv.json")
    db = tmp_path / "h.sqlite"
    history.store_round(db, run_round(old))
    history.store_round(db, run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS))
    data = history.compare_rounds(db, "2020", "2025")
    assert [n["en"] for n in data["notes"]] == [
        "Rounds 2020 and 2025 lie on two sides of 01/7/2025 (two-level local government, 34 provinces): agencies are "
        "matched by code; 1 agency is in round 2020 only, 4 in round 2025 only (0 of them district governments, "
        "which ended on 30/6/2025); no figure is combined or averaged.",
        "1 agency was scored on different criteria sets (par-dept-model-2020 → par-dept-model-2025): the index "
        "change of LD-STP compares two sets, not one measure."]
    assert "- Vòng 2020 và vòng 2025 ở hai phía ngày 01/7/2025" in history_text.render_compare(data)
    text = history_text.render_history("LD-STP", history.agency_history(db, "LD-STP"), "en")
    assert "Rounds before and after 01/7/2025" in text and "par-dept-model-2020 → par-dept-model-2025" in text


def test_compare_with_a_provisional_round_says_what_was_not_checked(tmp_path):
    """QA8 F27: the 2025 round (appraised: survey points given) against a 2026 round of the same two
    communes before its appraisal (the 30 survey points of par-commune-model-2026 not checked, counted
    0): LD-XNB 66,60 → 44,60, and beside the −22,00 the 2026 round is said provisional with its 30
    points not checked, one note under the table saying what that means. The sub-criteria keep "chưa chấm"."""
    new = tmp_path / "2026"
    new.mkdir()
    for name in ("xa-nam-ban.yaml", "dac-khu-phu-quy.yaml"):
        text = (SUBS / name).read_text(encoding="utf-8")
        text = text.replace("period: {from: 2025-07-01, to: 2025-12-31, label: 6 tháng cuối năm 2025}",
                            "period: {from: 2026-01-01, to: 2026-12-31, label: Năm 2026}")
        text = text.replace("criteria: par-commune-model-2025", "criteria: par-commune-model-2026")
        assert "2026-12-31" in text and "par-commune-model-2026" in text
        (new / name).write_text(text, encoding="utf-8")
    db = tmp_path / "h.sqlite"
    history.store_round(db, run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS))
    history.store_round(db, run_round(new, round_id="2026"))
    data = history.compare_rounds(db, "2025", "2026")
    xnb = next(r for r in data["agencies"] if r["agency_code"] == "LD-XNB")
    assert (xnb["index_a"], xnb["index_b"], xnb["change"], xnb["unchecked_a"], xnb["unchecked_b"]) == (66.6, 44.6, -22.0, 0.0, 30.0)
    vi = history_text.render_compare(data, "vi")
    assert "−22,00 (vòng 2026 tạm tính: 30 điểm chưa chấm)" in vi
    assert ("- Vòng tạm tính tính 0 cho các điểm chưa chấm được (điểm điều tra XHH khi chưa thẩm định, số liệu còn "
            "thiếu): thay đổi chỉ số có ghi chú này chủ yếu do các điểm đó") in vi
    assert "−22.00 (round 2026 provisional: 30 points not checked)" in history_text.render_compare(data, "en")
    moved = vi.split("TIÊU CHÍ THÀNH PHẦN THAY ĐỔI")[1]
    assert [line.split()[:2] for line in moved.splitlines() if "chưa chấm" in line][:2] == [["LD-DKPQ", "8.1"], ["LD-DKPQ", "8.2"]]
    stp = next(r for r in data["agencies"] if r["agency_code"] == "LD-STP")  # in 2025 only: no change, no mark
    assert stp["change"] is None and stp["unchecked_b"] is None
    # two complete rounds: no mark, no note
    same = history.compare_rounds(db, "2025", "2025")
    assert "tạm tính:" not in history_text.render_compare(same, "vi") and "Vòng tạm tính" not in history_text.render_compare(same, "vi")
