"""Two submissions naming one agency in a round (new-user pass): both files were read, so the round says
what it is — several submissions for one agency, each named — never "could not be read".

Identical copies (a form downloaded twice, "so-noi-vu (1).json") are scored once. Submissions that differ
(a corrected version beside the first, or another agency's form with a wrong code) are not scored at all:
the round cannot tell which one counts, and a rank taken from whichever file sorts first is not one an
inspector can defend before the council. The round is then incomplete (exit 2, stored as incomplete, so
the corrected run supersedes it without --replace).

The folder is the hand-built 2020 round (samples/round-2020, figures in tests/test_round.py) with
MH-STP's form sent again corrected (500 → 650 of 1,250 dossiers received online, 3.3.3 from 1 to 2
points) and MH-SNV's copied. Without
the appraisal: MH-SNV (91.25 − 14.5)/95 = 80.79 % rank 1/2, MH-SXD (64.625 − 12.5)/95 = 54.87 % rank 2/2;
with it, 95.43 % and 67.50 %.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compliance.round import history
from compliance.round.run import run_round

sys.path.insert(0, str(Path(__file__).parent))
from clirun import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round-2020"

DIFFER_EN = ("MH-STP: 2 submissions name this agency (so-tu-phap-bo-sung.yaml, so-tu-phap.yaml) and they differ: none "
             "of them is scored and the agency is not ranked, as the round cannot tell which one counts; keep only that "
             "one in the folder (or correct the agency code of a submission that is another agency's) and run the "
             "round again")
DIFFER_VI = ("MH-STP: 2 hồ sơ cùng ghi mã của cơ quan này (so-tu-phap-bo-sung.yaml, so-tu-phap.yaml) nhưng khác nhau: "
             "không hồ sơ nào được chấm và cơ quan không được xếp hạng, vì vòng đánh giá không biết hồ sơ nào là hồ sơ "
             "được tính; hãy chỉ giữ lại hồ sơ đó trong thư mục (hoặc sửa mã cơ quan của hồ sơ thuộc cơ quan khác) "
             "rồi chạy lại vòng đánh giá")
SAME_VI = ("MH-SNV: 2 hồ sơ cùng ghi mã của cơ quan này (so-noi-vu (1).json, so-noi-vu.json) và giống hệt nhau: chỉ "
           "chấm một lần, theo so-noi-vu (1).json; hãy xoá các bản trùng khỏi thư mục")


@pytest.fixture()
def folder(tmp_path) -> Path:
    """The 2020 round's submissions (so-thong-tin.yaml unreadable, as shipped) with MH-STP's corrected form
    beside its first one and MH-SNV's form downloaded twice."""
    subs = tmp_path / "ho-so"
    shutil.copytree(SAMPLE / "submissions", subs)
    first = (subs / "so-tu-phap.yaml").read_text(encoding="utf-8")
    corrected = first.replace("received: {total: 1250, online: 500}", "received: {total: 1250, online: 650}")
    assert corrected != first
    (subs / "so-tu-phap-bo-sung.yaml").write_text(corrected, encoding="utf-8")
    shutil.copy(subs / "so-noi-vu.json", subs / "so-noi-vu (1).json")
    return subs


def _issue_lines(result, lang: str) -> list[str]:
    return [f"{i.severity} {i.subject}: {i.message.get(lang)}" for i in result.issues if i.kind == "duplicate_agency"]


def test_differing_submissions_are_not_scored_and_identical_copies_once(folder):
    result = run_round(folder)
    assert [(a.agency_code, a.rank, a.ranked_among, a.totals.index_percent) for a in result.agencies] == [
        ("MH-SNV", 1, 2, 80.79), ("MH-SXD", 2, 2, 54.87)]
    assert result.partial
    assert [Path(f.path).name for f in result.failed] == ["so-thong-tin.yaml"]  # only the file that does not read
    assert _issue_lines(result, "en") == [
        DIFFER_EN.replace("MH-STP: ", "error MH-STP: "),
        "warning MH-SNV: 2 submissions name this agency (so-noi-vu (1).json, so-noi-vu.json) and are identical "
        "copies: scored once, from so-noi-vu (1).json; remove the copies from the folder"]
    assert result.incomplete("vi")[1:] == [DIFFER_VI]
    assert result.agency("MH-SNV").source.endswith("so-noi-vu (1).json")


def test_the_appraisal_of_an_agency_not_scored_is_a_warning(folder):
    """The council's appraisal names MH-STP: the round still runs (its file is right), says the appraisal
    was not applied, and the others are appraised as in the shipped round."""
    result = run_round(folder, appraisal=SAMPLE / "appraisal.yaml", waivers=SAMPLE / "waivers.yaml")
    assert [(a.agency_code, a.rank, a.totals.index_percent) for a in result.agencies] == [
        ("MH-SNV", 1, 95.43), ("MH-SXD", 2, 67.5)]
    said = [i.message.en for i in result.issues if i.kind == "appraisal_unmatched" and i.subject == "MH-STP"]
    assert said == ["The appraisal file names agency MH-STP, whose submissions differ and were not scored "
                    "(so-tu-phap-bo-sung.yaml, so-tu-phap.yaml): its appraisal is not applied"]


def test_the_command_says_it_in_the_terminal_json_and_workbook(folder, tmp_path):
    book = tmp_path / "hoi-dong.xlsx"
    run = main("round", "run", folder, "--no-history", "--xlsx", book, "--lang", "vi")
    assert run.code == 2 and run.clean
    # stderr: why the round is incomplete, one line each; the unreadable file is still the only one so called
    lines = run.err.splitlines()
    assert f"lỗi: {DIFFER_VI}" in lines and sum(line.startswith("lỗi: ") for line in lines) == 2
    out = run.out
    assert "Đã chấm: 2; Không đọc được: 1 — CHƯA ĐỦ (có hồ sơ không đọc được hoặc không được chấm: xem bên dưới)" in out
    issues = out.split("LỖI VÀ CẢNH BÁO CỦA VÒNG")[1].split("HỒ SƠ KHÔNG ĐỌC ĐƯỢC")
    assert f"- [lỗi] {DIFFER_VI}" in issues[0] and f"- [cảnh báo] {SAME_VI}" in issues[0]
    unreadable = [line for line in issues[1].splitlines() if line.startswith("- ")]
    assert len(unreadable) == 1 and "so-thong-tin.yaml: dòng 6" in unreadable[0]
    # the council workbook's issues sheet: the kind in words, the agency, the files
    ws = load_workbook(book)["Lỗi vòng"]
    rows = [[c.value for c in row] for row in ws.iter_rows() if row[1].value == "nhiều hồ sơ của một cơ quan"]
    assert rows == [["lỗi", "nhiều hồ sơ của một cơ quan", "MH-STP", DIFFER_VI.removeprefix("MH-STP: ")],
                    ["cảnh báo", "nhiều hồ sơ của một cơ quan", "MH-SNV", SAME_VI.removeprefix("MH-SNV: ")]]
    # JSON: the issues with their kind, nothing of them among the failed
    data = json.loads(main("round", "run", folder, "--no-history", "--format", "json").out)
    assert data["partial"] is True and [Path(f["path"]).name for f in data["failed"]] == ["so-thong-tin.yaml"]
    dup = [(i["severity"], i["subject"], i["message"]["en"]) for i in data["issues"] if i["kind"] == "duplicate_agency"]
    assert dup[0] == ("error", "MH-STP", DIFFER_EN.removeprefix("MH-STP: "))
    assert dup[1][:2] == ("warning", "MH-SNV") and len(dup) == 2


def test_a_round_incomplete_for_differing_submissions_is_stored_so_and_corrected(folder, tmp_path):
    """Stored as incomplete with its error among the issues; once the old form is removed the next run is
    stored as version 2 without --replace, and the line says so without a count of unreadable files."""
    (folder / "so-thong-tin.yaml").unlink()  # every file reads: incomplete only for MH-STP
    db = tmp_path / "rounds.sqlite"
    first = run_round(folder, round_id="2020")
    assert first.partial and not first.failed
    history.store_round(db, first)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version, partial, agencies, failed FROM rounds").fetchall() == [(1, 1, 2, 0)]
        assert conn.execute("SELECT severity, subject FROM issues WHERE kind = 'duplicate_agency' ORDER BY subject"
                            ).fetchall() == [("warning", "MH-SNV"), ("error", "MH-STP")]
    (folder / "so-tu-phap.yaml").unlink()  # the corrected form stays
    second = run_round(folder, round_id="2020")
    # 3.3.3: 650/1250 = 52 % online → 2 points instead of 1: (78 + 1) / 95 × 100 = 83.16
    assert not second.partial and second.agency("MH-STP").totals.index_percent == 83.16
    history.store_round(db, second)
    note = second.stored.note().get("en")
    assert re.fullmatch(r"round '2020': version 1 \(stored on .+\) was incomplete; this run is stored as version 2, "
                        r"and version 1 stays in the history as superseded", note), note


def test_the_web_round_page_says_it_with_the_names_in_the_zip_and_advice_for_a_zip(tmp_path):
    """On the page the submissions came in a .zip: their names are said as in the .zip (parentheses and
    dashes kept, QA7 item 6) and the advice speaks of the .zip and the page's Clear all, not of a folder."""
    pytest.importorskip("starlette")
    import io
    import zipfile

    from test_web import client_for, run, upload_round

    subs = ROOT / "samples" / "round" / "submissions"
    first = (subs / "so-tu-phap.yaml").read_bytes()
    corrected = first.replace(b"received: {total: 2000, online: 1300}", b"received: {total: 2000, online: 1250}")
    assert corrected != first
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w") as zf:
        for name, data in (("Vòng 2025/Sở Tư pháp.yaml", first), ("Vòng 2025/Sở Tư pháp (bản sửa).yaml", corrected),
                           ("Vòng 2025/Xã Nam Ban.yaml", (subs / "xa-nam-ban.yaml").read_bytes()),
                           ("Vòng 2025/Xã Nam Ban – bản cuối.yaml", (subs / "xa-nam-ban.yaml").read_bytes())):
            zf.writestr(name, data)
    with client_for(db=tmp_path / "rounds.sqlite", max_upload_mb=4) as client:
        upload_round(client, [("vong-2025.zip", made.getvalue())])
        assert run(client)["state"] == "done"
        page = client.get("/inspector/round").text
    import html

    page = html.unescape(page)
    assert "⚠ CHƯA ĐỦ (có hồ sơ không đọc được hoặc không được chấm: xem bên dưới)" in page
    assert ("LD-STP: 2 hồ sơ cùng ghi mã của cơ quan này (Sở Tư pháp (bản sửa).yaml, Sở Tư pháp.yaml) nhưng khác "
            "nhau: không hồ sơ nào được chấm và cơ quan không được xếp hạng, vì vòng đánh giá không biết hồ sơ nào là "
            "hồ sơ được tính; hãy chỉ giữ lại hồ sơ đó (xoá các hồ sơ kia khỏi tệp .zip, hoặc bấm Xoá hết rồi nộp lại "
            "các hồ sơ, không kèm chúng; hoặc sửa mã cơ quan của hồ sơ thuộc cơ quan khác) rồi chạy lại vòng đánh giá") in page
    assert ("LD-XNB: 2 hồ sơ cùng ghi mã của cơ quan này (Xã Nam Ban – bản cuối.yaml, Xã Nam Ban.yaml) và giống hệt "
            "nhau: chỉ chấm một lần, theo Xã Nam Ban – bản cuối.yaml; hãy xoá các bản trùng khỏi tệp .zip (hoặc bấm "
            "Xoá hết rồi nộp lại các hồ sơ, không kèm bản trùng)") in page
    assert "thư mục" not in page.split("LD-STP: 2 hồ sơ")[1].split("</li>")[0]
    assert "_bản" not in page and "HỒ SƠ KHÔNG ĐỌC ĐƯỢC" not in page and "compliance-web-" not in page
    assert re.findall(r'/inspector/agency/([^"]+)"', page) == ["LD-XNB"]
