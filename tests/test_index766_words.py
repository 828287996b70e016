"""The QĐ 766 index reads the yes/no columns alike and says an unknown value in Vietnamese (QA7 Q11).

The register and catalogue of ``test_index766`` are written as an agency's workbook would hold them:
a title block over merged cells, the header, the dossiers, and a second sheet of notes; every "Có" /
"Không" of the yes/no columns is an Excel boolean cell (TRUE/FALSE, as a check-box column or a
``=X>0`` formula leaves it) while "Miễn phí" stays text. The index must come out exactly as from the
CSV (the hand-worked figures of ``test_index766``), with one note naming the columns read that way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_index766 import CAT_HEAD, CATALOGUE, REG_HEAD, REGISTER, write_csv  # noqa: E402

from compliance.errors import InputError  # noqa: E402
from compliance.io.vnparse import yes_no  # noqa: E402
from compliance.registers.index766 import compute_index  # noqa: E402
from compliance.registers.index766_flags import flag_value  # noqa: E402

REG_FLAGS = ("Thanh toán trực tuyến", "Số hóa hồ sơ", "Kết quả điện tử", "Tái sử dụng dữ liệu số hóa")
CAT_FLAGS = ("Công khai trên Cổng DVC", "Kết quả bằng văn bản giấy")
BOOL = {"Có": True, "Không": False}


def workbook(path: Path, title: str, head: list[str], rows: list[list[str]], flags: tuple[str, ...]) -> Path:
    """``rows`` under a two-line title block merged across the table, the yes/no cells of ``flags`` as booleans."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ 10-2026"
    ws["A1"] = "UBND TỈNH LÂM ĐỒNG"
    ws["A2"] = title
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(head))
    ws.append([])
    ws.append(head)
    cols = {head.index(h) for h in flags}
    for row in rows:
        ws.append([BOOL.get(v, v) if i in cols else v for i, v in enumerate(row)])
    notes = wb.create_sheet("Ghi chú")
    notes["A1"] = "Số liệu trích từ phần mềm một cửa ngày 03/11/2026"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def booleans(tmp_path_factory):
    d = tmp_path_factory.mktemp("i766b")
    reg = workbook(d / "so-theo-doi.xlsx", "SỔ THEO DÕI HỒ SƠ THÁNG 10/2026", REG_HEAD, REGISTER, REG_FLAGS)
    cat = workbook(d / "danh-muc.xlsx", "DANH MỤC THỦ TỤC HÀNH CHÍNH", CAT_HEAD, CATALOGUE, CAT_FLAGS)
    return reg, cat


def test_boolean_cells_count_as_yes_and_no_in_every_yes_no_column(booleans):
    reg, cat = booleans
    sheet = openpyxl.load_workbook(reg)["Sổ 10-2026"]
    assert sheet["J5"].value is True and sheet["J7"].value is False and sheet["J8"].value == "Miễn phí"
    result = compute_index(reg, cat, period="2026-10")
    p = result.province
    # the figures worked out by hand in test_index766, from the same dossiers written "Có"/"Không":
    # 3.6 paid online (payment column): D01, D02, H01 of 5 fee-bearing non-exempt → 60 % → 3.6
    assert (p.score("3.6").numerator, p.score("3.6").denominator, p.score("3.6").points) == (3, 5, 3.6)
    # 3.5b fee procedures with a dossier paid online: P1, P3 → 2 / 2 → 2
    assert (p.score("3.5b").numerator, p.score("3.5b").denominator) == (2, 2)
    # 4.1 electronic results under paper-result procedures (catalogue booleans): 4 / 7 → 3.43
    assert (p.score("4.1").numerator, p.score("4.1").denominator, p.score("4.1").points) == (4, 7, 3.43)
    # 4.2 digitised: 4 / 9 → 1.78; 4.3 reused: 3 / 9 → 0.83; 3.1 in force and published on the portal
    # (a TRUE cell): P1, P2 of P1–P4 (P4 'Chưa công khai' stays text) → 2 / 4 → 1.25
    assert (p.score("4.2").numerator, p.score("4.2").points) == (4, 1.78)
    assert (p.score("4.3").numerator, p.score("4.3").points) == (3, 0.83)
    assert (p.score("3.1").numerator, p.score("3.1").denominator, p.score("3.1").points) == (2, 4, 1.25)
    notes = [n for n in result.notices if "TRUE/FALSE" in n]
    assert len(notes) == 1
    assert notes[0].get("vi") == ("ô TRUE/FALSE (ô đánh dấu hoặc công thức đúng/sai của Excel) được đọc là có/không "
                                  "trong các cột 'Thanh toán trực tuyến', 'Số hóa hồ sơ', 'Kết quả điện tử', "
                                  "'Tái sử dụng dữ liệu số hóa', 'Công khai trên Cổng DVC', 'Kết quả bằng văn bản giấy'")


def test_the_csv_with_words_gives_the_same_index_and_no_note(booleans, tmp_path):
    reg = write_csv(tmp_path / "r.csv", REG_HEAD, REGISTER)
    cat = write_csv(tmp_path / "c.csv", CAT_HEAD, CATALOGUE)
    words, cells = compute_index(reg, cat, period="2026-10"), compute_index(*booleans, period="2026-10")
    assert [a.to_dict() for a in words.agencies] == [a.to_dict() for a in cells.agencies]
    assert words.province.total == cells.province.total == 44.22
    assert not any("TRUE/FALSE" in n for n in words.notices)


@pytest.mark.parametrize("kind,yes,no", [("yes_no", True, False), ("payment", "yes", "no"), ("fee", True, False)])
def test_true_and_false_are_yes_and_no_in_each_kind_of_yes_no_column(kind, yes, no):
    assert (flag_value(kind, "TRUE"), flag_value(kind, "FALSE")) == (yes, no)
    assert (flag_value(kind, "Có"), flag_value(kind, "không")) == (yes, no)
    assert (yes_no(True), yes_no("TRUE"), yes_no("x"), yes_no("Không"), yes_no(False), yes_no("Có lẽ")) == (
        True, True, True, False, False, None)


def _refused(tmp_path, head, column, value):
    rows = [list(r) for r in REGISTER]
    rows[2][REG_HEAD.index(column)] = value
    reg = write_csv(tmp_path / "r.csv", head, rows)
    cat = write_csv(tmp_path / "c.csv", CAT_HEAD, CATALOGUE)
    with pytest.raises(InputError) as exc:
        compute_index(reg, cat, period="2026-10")
    return reg, exc.value


def test_an_unknown_payment_value_is_said_in_vietnamese_with_vietnamese_labels(tmp_path):
    reg, err = _refused(tmp_path, REG_HEAD, "Thanh toán trực tuyến", "Có lẽ")
    assert err.line("vi") == (
        f"{reg}: dòng 4: cột 'Thanh toán trực tuyến': 'Có lẽ' không phải là giá trị đã biết (các giá trị đã biết — "
        "đã thanh toán trực tuyến: có, x, 1, yes; không thanh toán trực tuyến: không, 0, no, n; "
        "miễn phí, lệ phí: miễn, miễn phí, miễn lệ phí, không thu phí)")
    assert err.line("en") == (
        f"{reg}: row 4: column 'Thanh toán trực tuyến': 'Có lẽ' is not a known value (known values — "
        "paid online: có, x, 1, yes; not paid online: không, 0, no, n; "
        "exempt from fees: miễn, miễn phí, miễn lệ phí, không thu phí)")


def test_a_column_under_another_heading_is_named_by_its_field(tmp_path):
    head = [("Hình thức thanh toán" if h == "Thanh toán trực tuyến" else h) for h in REG_HEAD]
    reg, err = _refused(tmp_path, head, "Thanh toán trực tuyến", "Chuyển khoản?")
    assert err.line("vi").startswith(f"{reg}: dòng 4: cột 'Hình thức thanh toán' (được đọc là cột Thanh toán trực "
                                     "tuyến): 'Chuyển khoản?' không phải là giá trị đã biết (các giá trị đã biết — "
                                     "đã thanh toán trực tuyến: có,")
    assert "(read as Online payment)" in err.line("en")


def test_true_in_the_rating_column_is_refused_in_vietnamese(tmp_path):
    reg, err = _refused(tmp_path, REG_HEAD, "Mức độ hài lòng", "TRUE")
    assert err.line("vi") == (
        f"{reg}: dòng 4: cột 'Mức độ hài lòng': 'TRUE' không phải là giá trị đã biết (các giá trị đã biết — "
        "hài lòng: rất hài lòng, hài lòng, like, thích; bình thường: bình thường, chấp nhận được, chấp nhận; "
        "không hài lòng: không hài lòng, chưa hài lòng, rất không hài lòng, dislike)")
