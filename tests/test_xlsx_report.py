"""The scored workbook: layout, live formulas, text safety, atomic writing, and LibreOffice recalculation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compliance.model.base import Text
from compliance.report.xlsx import write_xlsx


def soffice() -> str:
    """The LibreOffice binary; the test is skipped without it, except in CI (CI=true), where it fails."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("LibreOffice (soffice) is required in CI: apt-get install -y --no-install-recommends libreoffice-calc-nogui")
    pytest.skip("LibreOffice (soffice) is not installed here")


def recalc(path: Path, tmp_path: Path) -> Path:
    """Convert ``path`` with headless LibreOffice (which recalculates every formula); returns the copy."""
    binary = soffice()
    out = tmp_path / "recalc"
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir",
                    str(out), str(path)], check=True, capture_output=True, timeout=180)
    result = out / path.name
    assert result.is_file(), "LibreOffice wrote no file"
    return result


def rows_by_id(ws) -> dict[str, int]:
    return {str(ws.cell(row=r, column=1).value): r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value}


@pytest.fixture(scope="module")
def workbook(seed_card, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "scored.xlsx"
    write_xlsx(seed_card, path)
    return path


def test_sheets_and_layout(workbook, seed_card):
    wb = load_workbook(workbook)
    assert wb.sheetnames == ["Tổng hợp", "Bảng điểm", "Tồn tại", "Căn cứ chấm điểm", "Kiểm tra số liệu", "Số liệu tham khảo",
                             "Biểu đồ"]
    ws = wb["Bảng điểm"]
    rows = rows_by_id(ws)
    assert [ws.cell(row=3, column=c).value for c in range(1, 9)] == [
        "STT", "Lĩnh vực / Tiêu chí / Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá", "Điểm chấm",
        "Điểm thẩm định", "Chênh lệch", "Trạng thái"]
    # outline: fields at level 0, criteria 1, sub-criteria 2, summary rows above their details
    assert ws.row_dimensions[rows["1"]].outline_level == 0
    assert ws.row_dimensions[rows["1.1"]].outline_level == 1
    assert ws.row_dimensions[rows["1.1.1"]].outline_level == 2
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    # subtotals are live sums over the children; leaves are values
    assert ws.cell(row=rows["1.1"], column=5).value == f"=SUM(E{rows['1.1.1']},E{rows['1.1.2']})"
    assert ws.cell(row=rows["1.1"], column=6).value == f"=SUM(F{rows['1.1.1']},F{rows['1.1.2']})"
    assert ws.cell(row=rows["1.5"], column=5).value == 2.175
    assert ws.cell(row=rows["1.5"], column=5).number_format == "[$-42A]#,##0.00#"  # 2,175 in Vietnamese (not 2,18)
    # the not-applicable 4.5 is left out of its field's sum
    assert "F" + str(rows["4.5"]) not in ws.cell(row=rows["4"], column=6).value
    assert ws.cell(row=rows["4.5"], column=6).value is None
    total = max(rows.values()) + 1
    assert ws.cell(row=total, column=2).value == "TỔNG"
    assert ws.cell(row=total, column=3).value == 98
    assert ws.cell(row=total, column=6).value.startswith("=SUM(F4,")
    assert ws.freeze_panes == "C4"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$3:$3"
    ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert f"H4:H{total - 1}" in ranges

    gaps = wb["Tồn tại"]
    assert gaps.auto_filter.ref == f"A3:I{3 + len(seed_card.findings) + len(seed_card.shortfalls)}"  # failed criteria after the findings
    assert len(seed_card.shortfalls) == 4 and gaps.cell(row=4 + len(seed_card.findings), column=3).value == "Tiêu chí 1.5"
    first = seed_card.findings[0]
    assert gaps["B4"].value == "cao" and first.severity.value == "high"
    assert gaps["B4"].fill.fgColor.rgb.endswith("FF6F6F")
    assert gaps["C4"].value == first.subject

    summary = wb["Tổng hợp"]
    labels = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2) for r in range(1, summary.max_row + 1)}
    assert labels["Chỉ số (%) công cụ tính"].value == pytest.approx(0.3997)
    assert labels["Chỉ số (%) công cụ tính"].number_format == "[$-42A]0.00\\ %"  # 39,97 %
    assert labels["Tổng điểm thẩm định (kể cả điểm điều tra XHH)"].value == f"='Bảng điểm'!F{total}"
    assert labels["Mẫu số"].value == "98 = 100 − 2 (không áp dụng)"

    basis = wb["Căn cứ chấm điểm"]
    by_id = {basis.cell(row=r, column=1).value: r for r in range(4, basis.max_row + 1)}
    online = by_id["3.3.3"]
    assert basis.cell(row=online, column=7).value == pytest.approx(0.472579)  # 13 253 / 28 044
    assert basis.cell(row=online, column=7).number_format == "[$-42A]0.00\\ %"
    assert basis.cell(row=online, column=9).value == "13.253 / 28.044"  # the reported counts, as Vietnamese writes them
    satisfaction = by_id["3.3.4"]
    assert basis.cell(row=satisfaction, column=7).value == pytest.approx(0.988)
    assert basis.cell(row=satisfaction, column=9).value.startswith("submission.yaml:")


def test_english_labels(seed_card, tmp_path):
    path = tmp_path / "en.xlsx"
    write_xlsx(seed_card, path, "en")
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["Summary", "Scorecard", "Gaps", "Scoring basis"]
    assert wb["Scorecard"]["F3"].value == "Appraised"
    assert wb["Gaps"]["B4"].value == "high"


DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "- Đồng bộ hóa 283 TTHC", "@SUM(A1)", "-1", "=1+1"]


def _tampered(card):
    card = card.model_copy(deep=True)
    for f, text in zip(card.findings, DANGEROUS):
        f.subject = text
    card.rows[2].reason = Text(vi=DANGEROUS[2], en=DANGEROUS[2])
    return card


def test_text_never_becomes_a_formula(seed_card, tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_tampered(seed_card), path)
    ws = load_workbook(path)["Tồn tại"]
    for row, text in enumerate(DANGEROUS, 4):
        assert ws.cell(row=row, column=3).value == text
        assert ws.cell(row=row, column=3).data_type == "s"
    assert load_workbook(path)["Bảng điểm"]["I6"].value == DANGEROUS[2]


def test_text_survives_libreoffice(seed_card, tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_tampered(seed_card), path)
    ws = load_workbook(recalc(path, tmp_path), data_only=True)["Tồn tại"]
    assert [ws.cell(row=r, column=3).value for r in range(4, 4 + len(DANGEROUS))] == DANGEROUS


def test_writing_is_atomic(seed_card, tmp_path, monkeypatch):
    path = tmp_path / "keep.xlsx"
    path.write_bytes(b"old workbook")

    def boom(self, fh):
        fh.write(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", boom)
    with pytest.raises(RuntimeError):
        write_xlsx(seed_card, path)
    assert path.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx"]


def test_libreoffice_recalculates_the_tools_totals(workbook, seed_card, tmp_path):
    wb = load_workbook(recalc(workbook, tmp_path), data_only=True)
    ws = wb["Bảng điểm"]
    rows = rows_by_id(ws)
    total = max(rows.values()) + 1
    assert ws.cell(row=total, column=5).value == pytest.approx(seed_card.totals.points)  # 39.175
    assert ws.cell(row=total, column=6).value == pytest.approx(39.175)
    for r in seed_card.rows:
        got = ws.cell(row=rows[r.id], column=5).value
        assert (got or 0) == pytest.approx(r.computed or 0), r.id
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Chỉ số (%) theo điểm thẩm định"] * 100 == pytest.approx(seed_card.totals.index_percent)  # 39.97
    assert summary["Xếp loại theo điểm thẩm định"] == "Yếu (tạm tính)"  # 54.5 points not checked: provisional
    assert summary["cao"] == sum(1 for f in seed_card.findings if f.severity.value == "high")


def test_an_inspectors_change_moves_the_totals(workbook, tmp_path):
    """Appraise 1.2 at 2 points and 5.3 at 1.5: the field, the total, the index and the class follow."""
    wb = load_workbook(workbook)
    ws = wb["Bảng điểm"]
    rows = rows_by_id(ws)
    ws.cell(row=rows["1.2"], column=6).value = 2
    ws.cell(row=rows["5.3"], column=6).value = 1.5
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    out = load_workbook(recalc(changed, tmp_path), data_only=True)
    ws = out["Bảng điểm"]
    total = max(rows.values()) + 1
    assert ws.cell(row=rows["1"], column=6).value == pytest.approx(9.175)
    assert ws.cell(row=rows["5"], column=6).value == pytest.approx(7.0)
    assert ws.cell(row=total, column=6).value == pytest.approx(42.675)
    assert ws.cell(row=total, column=5).value == pytest.approx(39.175)  # the tool's column is unchanged
    summary = {row[0]: row[1] for row in out["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Chỉ số (%) theo điểm thẩm định"] == pytest.approx(0.4355)  # 42.675 / 98 = 43.546 → 43.55 %
