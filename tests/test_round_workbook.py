"""The council workbook and the appraisal workbook (export, fill in, read back) of a round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from compliance.errors import InputError
from compliance.round.appraisal import load_appraisal
from compliance.cli.round import round_group
from compliance.round.run import run_round
from compliance.round.workbook import write_appraisal_workbook, write_council_workbook

ROOT = Path(__file__).resolve().parent.parent
SUBS = ROOT / "samples" / "round-2020" / "submissions"
APPRAISAL = ROOT / "samples" / "round-2020" / "appraisal.yaml"
WAIVERS = ROOT / "samples" / "round-2020" / "waivers.yaml"


@pytest.fixture(scope="module")
def result():
    return run_round(SUBS, appraisal=APPRAISAL, waivers=WAIVERS)


def test_council_workbook(result, tmp_path):
    path = tmp_path / "council.xlsx"
    write_council_workbook(result, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Xếp hạng", "So sánh theo lĩnh vực", "Biểu đồ", "MH-STP", "MH-SNV", "MH-SXD", "Chênh lệch",
                             "Tồn tại", "Thưởng - Trừ", "Lỗi vòng"]
    ws = wb["Xếp hạng"]
    assert ws["A3"].value.startswith("Công thức: Chỉ số (%) = (điểm thẩm định + điểm điều tra XHH + điểm thưởng − điểm trừ)")
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Hạng")
    ranking = [[ws.cell(r, c).value for c in (1, 3, 7, 8, 9, 10, 11, 12, 13)] for r in range(header + 1, header + 4)]
    assert ranking == [[1, "MH-STP", 77, 14.5, 1.5, 0, 95, 97.89, "Tốt"],
                       [2, "MH-SNV", 74.25, 14.5, 0, 0, 93, 95.43, "Tốt"],
                       [3, "MH-SXD", 52.625, 12.5, 0, 1, 95, 67.5, "Yếu"]]
    diffs = wb["Chênh lệch"]
    rows = [[c.value for c in row] for row in diffs.iter_rows(min_row=4)]  # title, blank row, header
    # the survey points (8.1, 8.2) come from the appraisal: listed, beside the agency's own estimate
    assert [(r[0], r[2], r[5], r[7], r[11], r[14]) for r in rows] == [
        ("MH-STP", "2.2", 2, 1.5, None, 1.5), ("MH-STP", "3.3.3", 2, None, None, 1),
        ("MH-STP", "7.2.2", 3, 1.5, 2.5, 2.5), ("MH-STP", "8.1", 7, 7, None, 7), ("MH-STP", "8.2", 7.5, 7.5, None, 7.5),
        ("MH-SNV", "7.5", 2, 1, 1.5, 1.5), ("MH-SNV", "8.1", 7.5, 7.5, None, 7.5), ("MH-SNV", "8.2", 7, 7, None, 7),
        ("MH-SXD", "2.3", 1, 0, 1, 1), ("MH-SXD", "6.3", 1.5, 1, None, 1), ("MH-SXD", "8.1", 6, 6, None, 6),
        ("MH-SXD", "8.2", 6.5, 6.5, None, 6.5)]
    assert diffs.auto_filter.ref == "A3:Q15"
    gaps = wb["Tồn tại"]
    assert gaps.auto_filter.ref.startswith("A3:L")
    gap_rows = [[c.value for c in row] for row in gaps.iter_rows(min_row=4)]
    waived = [r for r in gap_rows if r[11]]
    assert [(r[0], r[4]) for r in waived] == [("MH-SNV", "plan.task_in_progress")]
    assert {r[4] for r in gap_rows if r[0] == "MH-SXD"} == {"onestop.late_without_apology", "plan.task_not_done",
                                                             "plan.task_in_progress"}
    issues = [[c.value for c in row] for row in wb["Lỗi vòng"].iter_rows(min_row=4)]
    assert [r[1] for r in issues] == ["miễn trừ đã hết hạn", "thẩm định cơ quan không đọc được hồ sơ",
                                      "lưu ý về hồ sơ đánh giá", "lưu ý về hồ sơ đánh giá",  # self-scores without evidence
                                      "miễn trừ không khớp với mục nào", "hồ sơ không đọc được"]  # the kinds in words


def test_per_unit_type_sheets(result, tmp_path):
    path = tmp_path / "council.xlsx"
    write_council_workbook(result, path, lang="en", sheets="unit_type")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Ranking", "Comparison by field", "Charts", "department", "Differences", "Gaps",
                             "Bonus - Penalty", "Round issues"]
    codes = {row[0].value for row in wb["department"].iter_rows(min_row=4)}
    assert codes == {"MH-STP", "MH-SNV", "MH-SXD"}


def test_text_never_becomes_a_formula(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("agencies:\n  - agency: MH-STP\n    items:\n      - criterion: '2.2'\n"
                    "        round1: {points: 1, note: '=HYPERLINK(\"http://x\")'}\n", encoding="utf-8")
    r = run_round(SUBS, appraisal=path)
    out = tmp_path / "c.xlsx"
    write_council_workbook(r, out)
    ws = openpyxl.load_workbook(out)["MH-STP"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=HYPER"))
    assert cell.data_type == "s"


def test_appraisal_workbook_round_trip(result, tmp_path):
    path = tmp_path / "appraisal.xlsx"
    write_appraisal_workbook(result, path)
    loaded = load_appraisal(path)
    assert loaded.data.round == "2020" and loaded.data.appraised_on == dt.date(2021, 2, 25)
    assert (loaded.data.bonus_cap, loaded.data.penalty_cap) == (2, 2)
    again = run_round(SUBS, appraisal=path, waivers=WAIVERS)
    assert [(a.agency_code, a.totals.index_percent) for a in again.agencies] == [
        ("MH-STP", 97.89), ("MH-SNV", 95.43), ("MH-SXD", 67.5)]
    # applicable leaves of a department: 7 + 4 + 10 + 5 + 6 + 4 + 6 (7.3.x apply to the office only) + 2 = 44; MH-SNV 43 (4.5 waived)
    ws = openpyxl.load_workbook(path)["Thẩm định"]
    codes = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert (codes.count("MH-STP"), codes.count("MH-SNV"), codes.count("MH-SXD")) == (44, 43, 44)


def _fill(path: Path, row_of, column: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if row_of(r))
    ws[f"{column}{row}"] = value
    wb.save(path)


def test_filled_appraisal_workbook_is_read(tmp_path):
    blank = run_round(SUBS)
    path = tmp_path / "appraisal.xlsx"
    write_appraisal_workbook(blank, path)
    _fill(path, lambda r: r[0].value == "MH-SXD" and r[2].value == "6.3", "I", "1,5")  # Vietnamese decimal comma
    _fill(path, lambda r: r[0].value == "MH-SXD" and r[2].value == "6.3", "M", 0.5)
    r = run_round(SUBS, appraisal=path, as_of=dt.date(2021, 1, 1))
    row = next(x for x in r.agency("MH-SXD").rows if x.id == "6.3")
    assert (row.round1, row.round2, row.final) == (1.5, 0.5, 0.5)
    # no survey points in this appraisal: 64.625 − 12.5 − 1 = 51.125; / 95 = 53.815… → 53.82
    assert r.agency("MH-SXD").totals.index_percent == 53.82


@pytest.mark.parametrize("column, value, where, message", [
    ("I", "một", "cell I", "points must be a number"),
    ("J", "ghi chú không có điểm", "cell J", "'Round 1 note' is filled but no points are given"),
    ("I", 5, "row", "round 1 points 5 for 6.3 are outside [0, 2]"),
])
def test_bad_appraisal_workbook(tmp_path, column, value, where, message):
    path = tmp_path / "appraisal.xlsx"
    write_appraisal_workbook(run_round(SUBS), path)
    _fill(path, lambda r: r[0].value == "MH-SXD" and r[2].value == "6.3", column, value)
    with pytest.raises(InputError) as err:
        run_round(SUBS, appraisal=path)
    assert err.value.where.startswith(f"sheet Thẩm định, {where}") and message in err.value.message


def test_not_an_appraisal_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="no sheet 'Thẩm định'"):
        load_appraisal(path)
    (tmp_path / "y.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        load_appraisal(tmp_path / "y.xlsx")


def test_export_command(tmp_path):
    out = tmp_path / "a.xlsx"
    result = CliRunner().invoke(round_group, ["export-appraisal", str(SUBS), "-o", str(out)])
    assert result.exit_code == 2 and out.exists()  # the unreadable submission is reported; the rest exported


def test_a_formula_without_a_saved_result_is_refused(tmp_path):
    """The council types =1-0.25 in a round-1 cell and saves with openpyxl (no calculation): refused, cell named."""
    import subprocess
    import sys

    path = tmp_path / "ea.xlsx"
    # the sample folder holds one unreadable submission on purpose: the command exits 2 but writes the workbook
    subprocess.run([sys.executable, "-m", "compliance", "round", "export-appraisal", str(SUBS), "-o", str(path)],
                   capture_output=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    ws["I2"] = "=1-0.25"
    wb.save(path)
    with pytest.raises(InputError, match="has no saved result") as err:
        load_appraisal(path)
    assert "sheet Thẩm định, cell I2" in err.value.line()


def test_survey_points_are_appraised_within_their_maximum(tmp_path):
    """Survey points count only from the appraisal (issue 11): there, like any item, within [0, max]."""
    text = APPRAISAL.read_text(encoding="utf-8")
    bad = tmp_path / "appraisal.yaml"
    bad.write_text(text.replace('{criterion: "8.1", round1: {points: 7,', '{criterion: "8.1", round1: {points: 9,', 1),
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"MH-STP: round 1 points 9 for 8.1 are outside \[0, 8\]") as err:
        run_round(SUBS, appraisal=bad)
    assert err.value.where == "line 16"


ROUND_2025 = ROOT / "samples" / "round"


@pytest.fixture(scope="module")
def exported_2025(tmp_path_factory):
    """The 2025 sample round's appraisal workbook, carrying its appraisal (LD-STP 2.2: round 1 = 1,5)."""
    path = tmp_path_factory.mktemp("appraisal") / "tham-dinh.xlsx"
    write_appraisal_workbook(run_round(ROUND_2025 / "submissions", appraisal=ROUND_2025 / "appraisal.yaml"), path)
    return path


def _without_rows(source: Path, target: Path, drop) -> Path:
    """``source`` with the rows of its 'Thẩm định' sheet for which ``drop(agency, criterion)`` deleted, as
    an inspector deletes rows in Excel (the rows below move up)."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Thẩm định"]
    for row in reversed([r[0].row for r in ws.iter_rows(min_row=2) if drop(r[0].value, r[2].value)]):
        ws.delete_rows(row)
    wb.save(target)
    return target


def test_a_row_deleted_from_the_appraisal_workbook_is_named(exported_2025, tmp_path):
    """QA8 F18: the row LD-STP 2.2 (the council's 1,5 "Báo cáo rà soát chưa có danh mục …") deleted: its
    adjustment is gone (93,92 → 94,43 %, the agency's 2 points), and a warning of the round names the
    row with its criterion, as a deleted row of an agency's form is named; with all of LD-XNB's rows
    deleted, that agency is said to have none. The untouched workbook gives no such warning."""
    whole = run_round(ROUND_2025 / "submissions", appraisal=exported_2025)
    assert whole.agency("LD-STP").totals.index_percent == 93.92
    assert not [i for i in whole.issues if i.kind == "appraisal_rows_deleted"]
    path = _without_rows(exported_2025, tmp_path / "xoa-dong.xlsx",
                         lambda code, crit: (code, crit) == ("LD-STP", "2.2") or code == "LD-XNB")
    result = run_round(ROUND_2025 / "submissions", appraisal=path)
    assert result.agency("LD-STP").totals.index_percent == 94.43
    said = {i.subject: i.message.vi for i in result.issues if i.kind == "appraisal_rows_deleted"}
    assert said == {
        "LD-STP": "trang 'Thẩm định' của bảng tính thẩm định xoa-dong.xlsx thiếu dòng của 2.2 (Rà soát văn bản QPPL "
                  "của các tỉnh trước sắp xếp thuộc lĩnh vực quản lý (xác định văn bản còn hiệu lực)) mà 'round "
                  "export-appraisal' đã xuất: bảng tính đã bị sửa (xoá dòng?), nên điểm thẩm định của Hội đồng ở các "
                  "dòng đó (nếu có) không được đọc; hãy thêm lại các dòng này (muốn bỏ điểm thì xoá điểm trong ô, "
                  "đừng xoá dòng) rồi chạy lại",
        "LD-XNB": "bảng tính thẩm định xoa-dong.xlsx không có dòng nào của cơ quan này (các dòng đã bị xoá, hoặc bảng "
                  "tính được xuất trước khi có hồ sơ của cơ quan): điểm thẩm định của cơ quan trong đó (nếu có) không "
                  "được đọc"}
    # in the council workbook's round issues too, and on the command line (exit 0: a warning)
    write_council_workbook(result, tmp_path / "council.xlsx")
    issues = [r for r in openpyxl.load_workbook(tmp_path / "council.xlsx")["Lỗi vòng"].iter_rows(values_only=True)
              if r[1] == "dòng bị xoá khỏi bảng tính thẩm định"]
    assert [(r[0], r[2]) for r in issues] == [("cảnh báo", "LD-STP"), ("cảnh báo", "LD-XNB")]


def test_merged_agency_cells_in_the_appraisal_workbook_are_refused(exported_2025, tmp_path):
    """QA8 F18: the agency code merged over its rows (as a council tidies a sheet): the code is on the
    first row only, so the rows below would be read as no one's; refused naming the cells, as the form
    refuses merged data cells."""
    wb = openpyxl.load_workbook(exported_2025)
    ws = wb["Thẩm định"]
    rows = [r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "LD-DKPQ"]
    for row in rows[1:]:
        ws.cell(row, 1).value = None
    ws.merge_cells(f"A{rows[0]}:A{rows[-1]}")
    wb.save(tmp_path / "gop.xlsx")
    with pytest.raises(InputError) as err:
        load_appraisal(tmp_path / "gop.xlsx")
    assert err.value.line("vi") == (f"{tmp_path / 'gop.xlsx'}: trang 'Thẩm định': các ô A{rows[0]}:A{rows[-1]} được gộp "
                                    "trên vùng dữ liệu; hãy bỏ gộp để mỗi giá trị nằm trong một ô")


def test_appraisal_date_is_a_date_cell(exported_2025, tmp_path):
    """QA8 F18: 'Thông tin'!B3 (Ngày thẩm định) is a date cell shown dd/mm/yyyy, not the text "2026-02-25",
    and it is read back as the appraisal's date."""
    cell = openpyxl.load_workbook(exported_2025)["Thông tin"]["B3"]
    assert cell.is_date and cell.value == dt.datetime(2026, 2, 25) and cell.number_format.endswith("dd/mm/yyyy")
    assert load_appraisal(exported_2025).data.appraised_on == dt.date(2026, 2, 25)


def test_an_incomplete_round_says_so_on_every_printed_page(result, tmp_path):
    """QA8 F29: the 2020 sample round holds one unreadable submission on purpose: every sheet's page header
    says "(chưa đủ hồ sơ)" (the ranking sheet's cell alone did not reach the agency sheets and the field
    comparison, printed apart); the 2025 round, complete, says nothing of it. An agency sheet writes its
    index as the rest of the workbook does: 97,89 in Vietnamese, 97.89 in English."""
    assert result.partial
    write_council_workbook(result, tmp_path / "vi.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "vi.xlsx")
    heads = {ws.title: ws.oddHeader.left.text for ws in wb.worksheets}
    assert heads["Xếp hạng"].startswith("Vòng đánh giá: 2020 (chưa đủ hồ sơ) — ")
    assert all("(chưa đủ hồ sơ)" in h for h in heads.values()), heads
    assert heads["MH-STP"].endswith(" (chưa đủ hồ sơ)") and heads["MH-STP"].startswith(result.agency("MH-STP").agency_name)
    assert wb["MH-STP"]["A3"].value == "Hạng: 1/3 — Chỉ số %: 97,89 — Tốt"
    write_council_workbook(result, tmp_path / "en.xlsx", lang="en")
    en = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert all("(incomplete: not every submission was read or scored)" in ws.oddHeader.left.text for ws in en.worksheets)
    assert "Index %: 97.89" in en["MH-STP"]["A3"].value
    complete = run_round(ROUND_2025 / "submissions", appraisal=ROUND_2025 / "appraisal.yaml")
    write_council_workbook(complete, tmp_path / "complete.xlsx")
    assert not [ws.title for ws in openpyxl.load_workbook(tmp_path / "complete.xlsx").worksheets
                if "chưa đủ" in ws.oddHeader.left.text]
