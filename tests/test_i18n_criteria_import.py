"""Issue 15 for ``criteria import``: a criteria annex's row problems and notes in plain Vietnamese naming
the sheet and cell, points written the Vietnamese way, English with ``--lang en``, and no English word
of the catalogue in a Vietnamese-mode run (the rule of tests/i18n_words.py).

The workbook looks like a province's annex: an administrative heading, the set's title and its
decision merged across the table, a row of column numbers under the header, Vietnamese decimals
("6,5", "1,5") as text, and a TỔNG CỘNG row.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clirun import main  # noqa: E402
from i18n_outputs import ANNEX_GOOD as GOOD, annex as _annex  # noqa: E402
from i18n_words import english_in  # noqa: E402


def _import(path: Path, lang: str):
    return main("criteria", "import", path, "-o", path.with_suffix(".yaml"), "--id", "par-so-thu-2026", "--level",
                "department", "--valid-from", "2026-01-01", "--lang", lang)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    """The annex of tests/i18n_outputs.py with its four problems (rows 7, 12, 13 and 16)."""
    return _annex(tmp_path_factory.mktemp("annex") / "phu-luc.xlsx")


def test_every_row_problem_in_vietnamese_naming_sheet_and_cell(bad):
    run = _import(bad, "vi")
    assert run.code == 2 and run.clean and not bad.with_suffix(".yaml").exists()
    at = f"lỗi: {bad}: "
    assert run.err.splitlines() == [
        at + "ô A12 (trang 'Phụ lục'): đánh số bị ngắt quãng: sau 2.2 phải là 2.3, nhưng ghi 2.4",
        at + "ô C7 (trang 'Phụ lục'): ô điểm ghi chữ 'hai', không phải số; hãy ghi số, ví dụ 1,5",
        # field 3 has 4 points; its children 1,5 + 1,75 (Vietnamese decimals, from a text cell and a number cell)
        at + "ô C13 (trang 'Phụ lục'): các mục con của mục 3 cộng lại thấp hơn điểm của mục này: 1,5 + 1,75 = 3,25 ≠ 4",
        # the fields' own points 5 + 6,5 + 4 against the 16 of TỔNG CỘNG; field 1, whose child 1.1 has no
        # number, is not said to fall short of its children (3 of 5)
        at + "ô C16 (trang 'Phụ lục'): dòng TỔNG CỘNG ghi 16 nhưng các lĩnh vực cộng lại 5 + 6,5 + 4 = 15,5",
        at + "ô A12 (trang 'Phụ lục'): có 4 lỗi nêu ở trên; không ghi tệp nào",
    ]
    assert not english_in(run.err)


def test_the_same_problems_in_english(bad):
    run = _import(bad, "en")
    lines = run.err.splitlines()
    assert run.code == 2 and lines[1] == f"error: {bad}: sheet Phụ lục, cell C7: points cell holds text 'hai', not a number such as 1.5"
    assert lines[2] == f"error: {bad}: sheet Phụ lục, cell C13: the children of 3 fall short of it: 1.5 + 1.75 = 3.25 ≠ 4"
    assert lines[3] == f"error: {bad}: sheet Phụ lục, cell C16: the TỔNG CỘNG row states 16 but the fields add up 5 + 6.5 + 4 = 15.5"
    assert lines[-1] == f"error: {bad}: sheet Phụ lục, cell A12: 4 problem(s) listed above; nothing written"
    assert english_in(run.err) >= {"children", "above", "nothing"}  # the check of the Vietnamese run can fail


def test_edition_data_in_plain_vietnamese(tmp_path):
    good = _annex(tmp_path / "dung.xlsx", GOOD)
    run = main("criteria", "import", good, "-o", good.with_suffix(".yaml"), "--id", "Bộ tiêu chí sở", "--level", "department",
               "--valid-from", "2026-01-01", "--lang", "vi")
    assert run.code == 2 and run.err == (f"lỗi: {good}: trang 'Thông tin': thông tin bộ tiêu chí: id: 'Bộ tiêu chí sở' không "
                                         "đúng dạng quy định (hãy ghi ở trang 'Thông tin' hoặc bằng tuỳ chọn)\n")


def test_the_notes_of_a_good_import_in_vietnamese(tmp_path):
    path = _annex(tmp_path / "dung.xlsx", GOOD)
    run = _import(path, "vi")
    assert run.code == 0, run.err
    assert run.out.startswith("đã nhập 3 mục (1 lĩnh vực) từ trang tính Phụ lục → ")
    assert run.out.rstrip().endswith("; 5 ghi chú; kiểm tra bộ tiêu chí: 0 lỗi, 0 cảnh báo")
    notes = run.err.splitlines()
    assert f"ghi chú: {path}: dòng 1 (trang 'Phụ lục'): bỏ qua (phía trên dữ liệu): ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG" in notes
    assert f"ghi chú: {path}: dòng 5 (trang 'Phụ lục'): bỏ qua (phía trên dữ liệu): (1) (2) (3) … dòng đánh số cột" in notes
    assert (f"ghi chú: {path}: ô D7 (trang 'Phụ lục'): 1.1: có mục 'Theo mức' không theo dạng 'điều kiện: điểm': "
            "giữ nguyên văn bản, chấm điểm thủ công") in notes
    assert not english_in(run.err + run.out), sorted(english_in(run.err + run.out))
    en = _import(path, "en")
    assert (f"note: {path}: sheet Phụ lục, cell D7: 1.1: 'Theo mức' items are not all 'condition: points': kept as "
            "text, scored manually") in en.err.splitlines()
    assert f"note: {path}: sheet Phụ lục, row 5: skipped (above the data): (1) (2) (3) … column numbers" in en.err.splitlines()


@pytest.mark.parametrize("rows, line", [
    ([("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", "1.500", "Tự đánh giá", "KH")],
     "ô C7 (trang 'Phụ lục'): điểm '1.500' có thể hiểu hai cách: dấu '.' có thể là dấu phân cách hàng nghìn hoặc dấu "
     "thập phân; hãy ghi phần thập phân sau dấu phẩy, ví dụ 1,5"),
    ([("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", None, "Tự đánh giá", "KH")],
     "ô C7 (trang 'Phụ lục'): ô điểm để trống: hãy ghi điểm tối đa (một số, ví dụ 1,5)"),
    ([("1", "Chỉ đạo", 2, None, None), ("1.1.1", "Kế hoạch", 2, "Tự đánh giá", "KH")],
     "ô A7 (trang 'Phụ lục'): '1.1.1' không có dòng cấp trên ở phía trên"),
    ([("1", "Chỉ đạo", 2, None, None), ("1.1", "Kế hoạch", 2, "Tự đánh giá", "KH"), ("1.a.b", "Khác", 1, None, None)],
     "ô A8 (trang 'Phụ lục'): STT '1.a.b' không đúng cách đánh số như 1, 1.1, 1.1.1, I, a)"),
])
def test_more_row_problems_in_vietnamese(tmp_path, rows, line):
    path = _annex(tmp_path / "x.xlsx", rows)
    run = _import(path, "vi")
    assert run.code == 2 and f"lỗi: {path}: {line}" in run.err.splitlines(), run.err
    assert not english_in(run.err)
