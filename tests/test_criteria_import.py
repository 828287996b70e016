"""criteria import: the sample annex workbooks, band wording, layouts, and each kind of bad workbook (exit 2)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment

from compliance.cli.criteria import criteria_group
from compliance.criteria_lib.importer import WorkbookError, import_workbook
from compliance.criteria_lib.scoring_text import parse_condition, parse_scoring
from compliance.errors import InputError
from compliance.io.yamlio import load_model
from compliance.model.criteria import Edition

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "criteria"
META = dict(id="t", level="department", valid_from="2023-01-01")


def run_main(args: list[str]) -> int:
    """Run the real entry point (compliance.cli.main) with this group registered, as the lead will wire it."""
    from compliance import cli as lead_cli

    lead_cli.cli.add_command(criteria_group, "criteria")
    old = sys.argv
    sys.argv = ["compliance", "criteria", *args]
    try:
        lead_cli.main()
    except SystemExit as exc:
        return exc.code or 0
    finally:
        sys.argv = old
    return 0


# -- wording -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, bounds", [
    ("trên 90%", (90, False, None, True)),                       # strictly above
    ("Dưới 70% kế hoạch", (None, True, 70, False)),               # strictly below
    ("từ 20% đến dưới 30%", (20, True, 30, False)),              # a included, b excluded
    ("Thực hiện từ 70% - 90% kế hoạch", (70, True, 90, True)),  # both included
    ("từ 70% – 90%", (70, True, 90, True)),                      # en dash
    ("Từ 3 hình thức trở lên", (3, True, None, True)),
    ("trên 50 đến 80", (50, False, 80, True)),
    ("Đạt 100%", (100, True, 100, True)),
    ("từ 0,5 đến dưới 1,5", (0.5, True, 1.5, False)),
    ("≥ 20% và < 30%", (20, True, 30, False)),
    ("Không ban hành", None),
])
def test_band_wording(text, bounds):
    assert parse_condition(text) == bounds


def test_points_written_with_comma_and_unreadable_text_kept():
    bands = parse_scoring("Trên 90%: 2 điểm; từ 70% đến dưới 90%: 0,5 điểm; dưới 70%: 0", "1.1", "plan_rate").scoring
    assert [(b.min, b.max, b.points) for b in bands.bands] == [(90, None, 2), (70, 90, 0.5), (None, 70, 0)]
    assert bands.range == (0, 100) and bands.input == "plan_rate"
    kept = parse_scoring("Căn cứ mức độ công khai để chấm", "2.3")
    assert kept.scoring.method == "manual" and kept.scoring.text == "Căn cứ mức độ công khai để chấm"
    assert "kept as text" in kept.note
    mixed = parse_scoring("Trên 90%: 2; không thực hiện: 0", "1.1")
    assert mixed.scoring.method == "manual" and "some items read as bands" in mixed.note


# -- the sample annex workbooks ----------------------------------------------------------------

def test_sample_2023_values():
    result = import_workbook(SAMPLES / "bo-tieu-chi-mau-2023.xlsx", overrides=META)
    e = result.edition
    assert result.sheet == "Phụ lục I"
    assert [f.max_points for f in e.fields] == [6, 8, 6] and e.stated_total == 20 and e.scale == 20
    assert e.title.vi == "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH"
    plan = e.node("1.1.1").scoring
    assert plan.method == "choice" and plan.choices == {"Ban hành kịp thời": 1, "Ban hành không kịp thời": 0.5, "Không ban hành": 0}
    rows = e.node("1.1.2").scoring     # band sub-rows under the sub-criterion, points in the points column
    assert [(b.min, b.min_inclusive, b.max, b.max_inclusive, b.points) for b in rows.bands] == [
        (90, False, None, True, 2), (70, True, 90, True, 1), (None, True, 70, False, 0)]
    assert e.node("1.1.2").evidence == ["Kế hoạch CCHC năm và báo cáo kết quả thực hiện"]   # vertical merge
    assert e.node("1.2").max_points == 1.5                                                  # "1,5" as text
    assert (e.node("1.2").scoring.method, e.node("1.2").scoring.penalty) == ("per_item", 0.25)
    assert e.node("2.2").scoring.formula == "(b/a)*2" and e.node("2.2").scoring.when_zero == 2
    assert e.node("2.2").evidence == e.node("2.1").evidence == ["Báo cáo tình hình giải quyết hồ sơ (phần mềm một cửa)"]  # "nt"
    assert e.node("2.3").scoring.method == "manual"
    assert e.node("3.1.2").evidence == e.node("3.1.1").evidence
    notes = dict(result.notes)
    assert notes["sheet Phụ lục I, cell D19"].startswith("2.3: scoring text is not in a known shape")
    assert notes["sheet Phụ lục I, cell D10"] == "1.1.2: no input named (column 'Dữ liệu đầu vào'): set to 'input_1_1_2'"
    assert len([w for w, _ in result.notes if ", cell " in w]) == 9   # every scoring cell that needed a note, none dropped
    assert notes["sheet Phụ lục I, row 1"] == "skipped (above the data): PHỤ LỤC I"   # the title rows are said


def test_shipped_sample_yaml_matches_a_fresh_import():
    for year in (2023, 2024):
        shipped = load_model(SAMPLES / f"bo-tieu-chi-mau-{year}.yaml", Edition)
        fresh = import_workbook(SAMPLES / f"bo-tieu-chi-mau-{year}.xlsx", overrides=dict(
            id=shipped.id, level="department", valid_from=shipped.valid_from, valid_to=shipped.valid_to, model_set=True,
            source=shipped.source)).edition
        assert fresh == shipped


def test_roman_numerals_and_letters():
    e = import_workbook(SAMPLES / "bo-tieu-chi-la-ma.xlsx", overrides=META).edition
    assert [n.id for n in e.nodes()] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
    assert e.node("1.1.2").name.vi == "Tỷ lệ hoàn thành" and e.stated_total == 5
    assert [(b.min, b.max, b.points) for b in e.node("1.1.2").scoring.bands] == [(90, None, 1), (70, 90, 0.5), (None, 70, 0)]
    assert e.node("2.1").scoring.penalty == 0.5


def _write(path: Path, rows, header=("STT", "Nội dung", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng"), indents=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng"
    ws.append(list(header))
    for i, row in enumerate(rows):
        ws.append(list(row))
        if indents:
            ws.cell(row=i + 2, column=header.index("Nội dung") + 1).alignment = Alignment(indent=indents[i])
    wb.save(path)
    return path


def test_level_column(tmp_path):
    path = _write(tmp_path / "cap.xlsx", [("Lĩnh vực", "", "Chỉ đạo", 2, None, None), ("Tiêu chí", "", "Kế hoạch", 2, None, None),
                                          ("Tiêu chí thành phần", "", "Ban hành", 1, "Tự đánh giá", "Kế hoạch"),
                                          ("TCTP", "", "Thực hiện", 1, "Tự đánh giá", "Báo cáo")],
                  header=("Cấp", "STT", "Nội dung", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng"))
    e = import_workbook(path, overrides=META).edition
    assert [n.id for n in e.nodes()] == ["1", "1.1", "1.1.1", "1.1.2"]


def test_indentation(tmp_path):
    path = _write(tmp_path / "indent.xlsx", [("", "Chỉ đạo", 3, None, None), ("", "Kế hoạch", 1, "Tự đánh giá", "KH"),
                                             ("", "Báo cáo", 2, None, None), ("", "Quý", 1, "Tự đánh giá", "BC"),
                                             ("", "Năm", 1, "Tự đánh giá", "BC"), ("", "Cải cách TTHC", 1, "Tự đánh giá", "QĐ")],
                  indents=[0, 1, 1, 2, 2, 0])
    e = import_workbook(path, overrides=META).edition
    assert [(n.id, n.name.vi) for n in e.nodes()] == [("1", "Chỉ đạo"), ("1.1", "Kế hoạch"), ("1.2", "Báo cáo"), ("1.2.1", "Quý"),
                                                      ("1.2.2", "Năm"), ("2", "Cải cách TTHC")]


def test_cli_import_writes_yaml(tmp_path, capsys):
    out = tmp_path / "out.yaml"
    code = run_main(["import", str(SAMPLES / "bo-tieu-chi-la-ma.xlsx"), "-o", str(out), "--id", "la-ma", "--level", "department",
                     "--valid-from", "01/01/2023", "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "imported 7 nodes (2 fields) from sheet Bảng 1" in captured.out
    assert "note: " in captured.err and "cell D6" in captured.err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["id"] == "la-ma" and data["valid_from"] == "2023-01-01" and data["model_set"] is True


# -- bad workbooks: a clear message naming sheet and cell, exit 2, nothing written -------------

def _bad(tmp_path, path, capsys, expected: str):
    out = tmp_path / "never.yaml"
    code = run_main(["import", str(path), "-o", str(out), "--id", "x", "--level", "department", "--valid-from", "2023-01-01",
                     "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err, err
    assert not out.exists()
    return err


def test_bad_no_header_row(tmp_path, capsys):
    path = _write(tmp_path / "noheader.xlsx", [("1", "abc", 2)], header=("Số", "Việc", "Giá"))
    _bad(tmp_path, path, capsys, "sheet Bảng, rows 1–30: no header row: expected columns such as 'STT'")


def test_bad_points_cell_with_text(tmp_path, capsys):
    path = _write(tmp_path / "text.xlsx", [("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", "hai điểm", "Tự đánh giá", "KH"),
                                           ("1.2", "Báo cáo", 0, "Tự đánh giá", "BC")])
    _bad(tmp_path, path, capsys, "sheet Bảng, cell C3: points cell holds text 'hai điểm', not a number such as 1.5")


def test_bad_numbering_gap(tmp_path, capsys):
    path = _write(tmp_path / "gap.xlsx", [("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", 1, "Tự đánh giá", "KH"),
                                          ("1.3", "Báo cáo", 1, "Tự đánh giá", "BC")])
    _bad(tmp_path, path, capsys, "sheet Bảng, cell A4: numbering gap: after 1.1 comes 1.2, found 1.3")


def test_bad_children_exceed_parent(tmp_path, capsys):
    path = _write(tmp_path / "exceed.xlsx", [("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", "1,5", "Tự đánh giá", "KH"),
                                             ("1.2", "Báo cáo", 1, "Tự đánh giá", "BC")])
    _bad(tmp_path, path, capsys, "sheet Bảng, cell C2: the children of 1 exceed it: 1.5 + 1 = 2.5 ≠ 2")


def test_bad_xlsm(tmp_path, capsys):
    path = _write(tmp_path / "macro.xlsm", [("1", "Chỉ đạo", 2, None, None)])
    _bad(tmp_path, path, capsys, "macro.xlsm: workbooks with macros (.xlsm) are refused")


def test_bad_corrupt_file(tmp_path, capsys):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    _bad(tmp_path, path, capsys, "broken.xlsx: the file is damaged or was not completely downloaded or copied (its zip "
                                 "package cannot be opened); download or copy it again")


def test_every_bad_row_is_listed(tmp_path):
    path = _write(tmp_path / "many.xlsx", [("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", "x", "Tự đánh giá", "KH"),
                                           ("1.2", "Báo cáo", "y", "Tự đánh giá", "BC"), ("1.4", "Khác", 1, "Tự đánh giá", "BC")])
    with pytest.raises(WorkbookError) as info:
        import_workbook(path, overrides=META)
    assert [w for w, _ in info.value.problems] == ["sheet Bảng, cell A5", "sheet Bảng, cell C3", "sheet Bảng, cell C4"]


def test_total_row_must_match(tmp_path):
    path = _write(tmp_path / "total.xlsx", [("1", "Chỉ đạo", 2, "Tự đánh giá", "KH"), ("", "TỔNG CỘNG", 3, None, None)])
    with pytest.raises(WorkbookError, match="the TỔNG CỘNG row states 3 but the fields add up 2 = 2"):
        import_workbook(path, overrides=META)


def test_missing_edition_data(tmp_path):
    path = _write(tmp_path / "meta.xlsx", [("1", "Chỉ đạo", 2, "Tự đánh giá", "KH")])
    with pytest.raises(InputError, match="edition id, valid_from not given"):
        import_workbook(path, overrides={"level": "department"})


def test_a_set_that_fails_its_check_is_not_written(tmp_path, capsys):
    """Classes out of order (Tốt ≥ 90, Khá ≥ 95) would class 97 % as Khá: the import stops, nothing written."""
    from openpyxl import load_workbook

    from compliance.cli import main

    exported = tmp_path / "set.xlsx"
    _run_main(["criteria", "export", "par-dept-model-2020", "-o", str(exported)])
    wb = load_workbook(exported)
    wb["Xếp loại"]["C3"] = 95
    wb.save(exported)
    target = tmp_path / "set.yaml"
    with pytest.raises(SystemExit) as exit_:
        _run_main(["criteria", "import", str(exported), "-o", str(target)], main)
    assert exit_.value.code == 2 and not target.exists()
    assert "không ghi tệp nào" in capsys.readouterr().err  # nothing written


def _run_main(args, main=None):
    import sys

    from compliance.cli import main as entry

    old = sys.argv
    sys.argv = ["compliance", *args]
    try:
        (main or entry)()
    finally:
        sys.argv = old
