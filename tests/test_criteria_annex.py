"""A criteria annex as a province publishes it (issue 11 item 8, issue 12 part 3): merged title rows
("BỘ CHỈ SỐ …", "(Kèm theo Quyết định số …)") above a two-row header whose cells are merged ("Điểm" over
"Tối đa | Tối thiểu", the others over both rows), a row of column numbers, a TỔNG CỘNG row. Imported,
it must keep every node's ``applies_to``: the seed's index stays 39,97 %."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from compliance.catalog import find_edition
from compliance.check import check_submission
from compliance.cli.criteria import criteria_group
from compliance.criteria_lib.exporter import TABLE_SHEET, export_edition
from compliance.criteria_lib.importer import import_workbook
from compliance.errors import InputError


def annex(exported, out):
    """Rebuild the exported table the way an annex is typeset; the "Thông tin"/"Xếp loại" sheets are copied."""
    src = load_workbook(exported)
    table = src[TABLE_SHEET]
    header = [c.value for c in table[4]]
    width = len(header)
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = "UBND TỈNH ĐẮK NÔNG"
    ws.merge_cells("A1:C1")
    ws.cell(row=2, column=1, value="BỘ CHỈ SỐ ĐÁNH GIÁ KẾT QUẢ CẢI CÁCH HÀNH CHÍNH CẤP SỞ")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(row=3, column=1, value="(Kèm theo Quyết định số 1234/QĐ-UBND ngày 05/3/2023 của UBND tỉnh Đắk Nông)")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    points = header.index("Điểm tối đa") + 1
    for c, text in enumerate(header, 1):
        if c == points:
            ws.cell(row=5, column=c, value="Điểm")
            ws.merge_cells(start_row=5, start_column=c, end_row=5, end_column=c + 1)
            ws.cell(row=6, column=c, value="Tối đa")
            ws.cell(row=6, column=c + 1, value="Tối thiểu")
        elif c == points + 1:
            continue
        else:
            ws.cell(row=5, column=c, value=text)
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    for c in range(1, width + 1):
        ws.cell(row=7, column=c, value=f"({c})")
    for r, row in enumerate(table.iter_rows(min_row=5, values_only=True), start=8):
        for c, v in enumerate(row, 1):
            ws.cell(row=r, column=c, value=v)
    for name in ("Thông tin", "Xếp loại"):
        copy = wb.create_sheet(name)
        for row in src[name].iter_rows(values_only=True):
            copy.append(list(row))
    wb.save(out)
    return out


@pytest.fixture()
def annex_file(tmp_path):
    exported = export_edition(find_edition("par-dept-model-2020"), tmp_path / "exported.xlsx")
    return annex(exported, tmp_path / "phu-luc.xlsx")


def test_annex_with_merged_title_rows_and_header_keeps_applies_to(annex_file, tmp_path, seed_loaded):
    original = find_edition("par-dept-model-2020")
    result = import_workbook(annex_file)
    imported = result.edition
    assert result.sheet == "Phụ lục"
    assert [(n.id, n.applies_to) for n in imported.nodes()] == [(n.id, n.applies_to) for n in original.nodes()]
    assert any(n.applies_to for n in imported.nodes())  # the column really was read, not only empty everywhere
    assert [(n.id, n.max_points, n.min_points) for n in imported.nodes()] == [
        (n.id, n.max_points, n.min_points) for n in original.nodes()]
    notes = dict(result.notes)
    assert notes["sheet Phụ lục, row 7"] == "skipped (above the data): (1) (2) (3) … column numbers"
    # scored with the imported edition, the seed keeps its index
    out = tmp_path / "imported.yaml"
    r = CliRunner().invoke(criteria_group, ["import", str(annex_file), "-o", str(out)])
    assert r.exit_code == 0, r.output
    card = check_submission(seed_loaded, criteria=str(out))
    assert card.totals.index_percent == 39.97
    assert card.totals.applicable_max == 98


def test_annex_merged_header_cell_over_unnamed_columns_is_refused(annex_file):
    wb = load_workbook(annex_file)
    ws = wb["Phụ lục"]
    ws.cell(row=6, column=4).value = None   # "Điểm" over two columns, neither named below
    ws.cell(row=6, column=5).value = None
    wb.save(annex_file)
    with pytest.raises(InputError) as e:
        import_workbook(annex_file)
    assert e.value.where == "sheet Phụ lục, cells D5:E5"
    assert "the merged header cell 'Điểm' covers 2 columns" in e.value.message


def test_two_sheets_with_a_criteria_table_are_refused_naming_them(annex_file):
    wb = load_workbook(annex_file)
    copy = wb.copy_worksheet(wb["Phụ lục"])
    copy.title = "Phụ lục (2)"
    wb.save(annex_file)
    with pytest.raises(InputError, match=r"2 sheets hold a criteria table: Phụ lục, Phụ lục \(2\); give the sheet"):
        import_workbook(annex_file)
    assert import_workbook(annex_file, sheet_name="Phụ lục (2)").sheet == "Phụ lục (2)"
