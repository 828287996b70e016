"""A register CSV whose lines do not all hold the header's cells (QA7 Q8, Q9), counts written "1.0" (QA6 F10),
and the notes that named fields by their ids. The files are the demo 2026 register as an export gives it: a
title block above the header, procedure names with commas in quotes, a short "Tổng cộng" line at the end; then
the slips a person makes editing it by hand (a name with a comma left unquoted, a cell deleted)."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from compliance.registers.check import check_register, summarize_register
from compliance.registers.reader import RegisterInputError, Settings

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "samples/registers/demo-2026-catalogue.csv"
TITLE = ["UBND TỈNH LÂM ĐỒNG", "SỔ THEO DÕI HỒ SƠ NĂM 2026", ""]  # lines 1–3; the header is line 4


def demo() -> list[list[str]]:
    """The header and the 2,000 dossiers of the demo register, as cells."""
    return list(csv.reader(io.StringIO((ROOT / "samples/registers/demo-2026-register.csv").read_text(encoding="utf-8"))))


def written(cells: list[str], bare: set[int] = frozenset()) -> str:
    """One CSV line as a program writes it (a cell holding a comma in quotes), except the cells ``bare``, written
    as a person typing them leaves them (no quotes)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    if not bare:
        return out.getvalue()
    quoted = []
    for i, c in enumerate(cells):
        one = io.StringIO()
        csv.writer(one, lineterminator="").writerow([c])
        quoted.append(c if i in bare else one.getvalue())
    return ",".join(quoted)


def register(tmp_path, edits: dict[int, str], totals: bool = True) -> Path:
    """The demo register under a title block, with a totals line at the end; ``edits``: dossier number (its STT,
    1–2000) → the line written instead. File line of dossier ``n`` = n + 4."""
    rows = demo()
    lines = TITLE + [written(rows[0])]
    lines += [edits.get(n, written(r)) for n, r in enumerate(rows[1:], start=1)]
    if totals:
        lines.append("Tổng cộng,2000")
    p = tmp_path / "so-theo-doi-2026.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def slips() -> dict[int, str]:
    """Four lines broken as QA7 found them (extra2.csv), at dossiers 20, 30, 40 and 50 (lines 24, 34, 44, 54)."""
    rows = demo()
    a = list(rows[20])
    a[4] = "Lê Thị Hạnh, Jr"  # one comma in Người nộp, the last cell empty: DuckDB reads it as 24 shifted cells
    b = list(rows[30])
    b[5] = "Sở Văn hóa, Thể thao và Du lịch"  # in Cơ quan giải quyết, the last cell filled: DuckDB refuses the line
    c = list(rows[40])
    c[4] = "Trần, Thị, B"  # two commas: 26 cells
    d = list(rows[50])
    del d[16]  # a cell deleted: 23
    return {20: written(a, {4}), 30: written(b, {5}), 40: written(c, {4}), 50: written(d)}


def said(err: RegisterInputError, lang: str) -> list[tuple[str, str]]:
    return [(where.get(lang), message.get(lang)) for where, message in err.errors]


VI = [
    ("dòng 24", "dòng có 25 ô trong khi dòng tiêu đề có 24: dấu phân cách ',' nằm trong ô của cột 'Người nộp' "
                "('Lê Thị Hạnh, Jr') mà không đặt trong ngoặc kép; hãy đặt ô đó trong ngoặc kép (\"…\")"),
    ("dòng 34", "dòng có 25 ô trong khi dòng tiêu đề có 24: dấu phân cách ',' nằm trong ô của cột 'Cơ quan giải quyết' "
                "('Sở Văn hóa, Thể thao và Du lịch') mà không đặt trong ngoặc kép; hãy đặt ô đó trong ngoặc kép (\"…\")"),
    ("dòng 44", "dòng có 26 ô trong khi dòng tiêu đề có 24: dấu phân cách ',' nằm trong ô của cột 'Người nộp' "
                "('Trần, Thị, B') mà không đặt trong ngoặc kép; hãy đặt ô đó trong ngoặc kép (\"…\")"),
    ("dòng 54", "cần 24 ô như dòng tiêu đề, nhưng gặp 23"),
]


@pytest.mark.parametrize("command", ["check", "summarize"])
def test_every_line_of_a_wrong_cell_count_is_named_once(tmp_path, command):
    """QA7 Q8: a short line, or a line DuckDB's reader refuses, made it stop at that one line; the others were
    never named and the user fixed one line a run. Now each of the four is one error at its line, in line
    order, whichever kind it is, and the short totals line is still left out and checked (no error)."""
    reg = register(tmp_path, slips())
    with pytest.raises(RegisterInputError) as err:
        if command == "check":
            check_register(reg, CATALOGUE, period="2026")
        else:
            summarize_register(reg, period="2026")
    assert said(err.value, "vi") == VI
    assert err.value.total == 4


def test_the_lines_are_named_in_english_too(tmp_path):
    reg = register(tmp_path, slips())
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026")
    assert said(err.value, "en") == [
        ("row 24", "the line holds 25 cells where the header has 24: the separator ',' stands in column 'Người nộp' "
                   "('Lê Thị Hạnh, Jr') without quotes around it; put that cell in double quotes (\"…\")"),
        ("line 34", "the line holds 25 cells where the header has 24: the separator ',' stands in column "
                    "'Cơ quan giải quyết' ('Sở Văn hóa, Thể thao và Du lịch') without quotes around it; put that cell "
                    "in double quotes (\"…\")"),
        ("line 44", "the line holds 26 cells where the header has 24: the separator ',' stands in column 'Người nộp' "
                    "('Trần, Thị, B') without quotes around it; put that cell in double quotes (\"…\")"),
        ("line 54", "expected 24 cells as in the header, found 23"),
    ]


def test_bad_lines_and_bad_cells_are_told_together_in_line_order_and_capped(tmp_path):
    """The rows read keep their places when lines are left out (line 64's date is told at line 64), a bad cell
    and the bad lines come in one list in line order, and --max-errors cuts it while counting all."""
    rows = demo()
    edits = slips()
    e = list(rows[60])
    e[8] = "31/02/2026"
    edits[60] = written(e)
    reg = register(tmp_path, edits)
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026")
    assert [w for w, _ in said(err.value, "vi")] == ["dòng 24", "dòng 34", "dòng 44", "dòng 54", "dòng 64"]
    assert said(err.value, "vi")[4][1] == ("cột 'Ngày tiếp nhận': ngày '31/02/2026' không có thật: tháng 2 năm 2026 "
                                          "chỉ có 28 ngày")
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026", settings=Settings(max_errors=2))
    assert [w for w, _ in said(err.value, "vi")] == ["dòng 24", "dòng 34"] and err.value.total == 5
    assert err.value.line("vi").splitlines()[-1] == (
        f"lỗi: {reg}: còn 3 lỗi không hiển thị (tổng cộng 5; tăng --max-errors để xem thêm)")


def test_an_agency_with_a_comma_alone_gets_the_explanation(tmp_path):
    """QA7 Q9: the explanation came only for a line whose last cell was empty; "Sở Văn hóa, Thể thao và Du lịch",
    the most common case, got the bare count. Where the separator stands cannot be told, the line still gets it
    without a column: here "A, B" in Người nộp beside "C, D" in Cơ quan giải quyết, both text."""
    rows = demo()
    b = list(rows[30])
    b[5] = "Sở Văn hóa, Thể thao và Du lịch"
    reg = register(tmp_path, {30: written(b, {5})}, totals=False)
    with pytest.raises(RegisterInputError) as err:
        summarize_register(reg, period="2026")
    assert said(err.value, "vi") == [VI[1]]
    c = list(rows[30])
    c[4], c[5] = "Nguyễn Văn A,B", "Sở X,Y"  # no space after either comma: no reading stands out
    reg = register(tmp_path, {30: written(c, {4, 5})}, totals=False)
    with pytest.raises(RegisterInputError) as err:
        summarize_register(reg, period="2026")
    assert said(err.value, "vi") == [("dòng 34", "dòng có 26 ô trong khi dòng tiêu đề có 24: một ô chứa dấu phân cách "
                                                 "',' mà không đặt trong ngoặc kép; hãy đặt ô đó trong ngoặc kép (\"…\")")]


def test_a_clean_register_with_its_totals_line_is_read_whole(tmp_path):
    summary, loaded = summarize_register(register(tmp_path, {}), period="2026")
    assert loaded.rows == 2000
    assert any("Tổng cộng" in n.get("vi") and "2.000" in n.get("vi") for n in loaded.notices)


# ----------------------------------------------------------------------- counts written "1.0" (QA6 F10)

def test_counts_written_with_zero_decimals_are_read_and_said(tmp_path):
    """pandas writes an integer column holding blanks as "1.0"; Excel's 0.00 format as "2.00". Both are whole
    numbers: read (dossier 30's 1 supplement request stays 1) and said in a note naming the column."""
    rows = demo()
    assert rows[30][16] == "1"
    edits = {}
    for n, value in ((30, "1.0"), (35, "2.00")):
        r = list(rows[n])
        r[16] = value
        edits[n] = written(r)
    reg = register(tmp_path, edits)
    result = check_register(reg, CATALOGUE, period="2026")
    notes = [n.get("vi") for n in result.notices if "1.0" in n.get("vi")]
    assert notes == ["2 ô số lần ghi kèm phần thập phân bằng 0 ('1.0', dạng một chương trình xuất số nguyên) được đọc "
                     "là số nguyên, ở cột 'Số lần yêu cầu bổ sung'; ô đầu tiên ở dòng 34"]
    plain = check_register(register(tmp_path, {}), CATALOGUE, period="2026")
    assert plain.summary.total.counts == result.summary.total.counts
    assert [(g.rule_id, g.count) for g in plain.groups] != [] and \
        [(g.rule_id, g.count) for g in plain.groups] == [(g.rule_id, g.count) for g in result.groups]


@pytest.mark.parametrize("value, vi, en", [
    ("1.5", "cột 'Số lần gia hạn': '1.5' có phần thập phân: số lần phải là số nguyên (ví dụ 2)",
     "column 'Số lần gia hạn': '1.5' has a fraction: a count of times is a whole number (e.g. 2)"),
    ("1.234", "cột 'Số lần gia hạn': '1.234' là số có dấu phân cách hàng nghìn (1234) hoặc số thập phân, không phải "
              "số lần: hãy ghi số lần chỉ bằng chữ số (1234 nếu đúng là vậy)",
     "column 'Số lần gia hạn': '1.234' is a number with a thousands separator (1234) or a decimal, not a count of "
     "times: write the count in digits alone (1234 if that is meant)"),
    ("hai", "cột 'Số lần gia hạn': 'hai' không phải số lần (số nguyên)",
     "column 'Số lần gia hạn': 'hai' is not a whole number of times"),
])
def test_a_count_that_is_no_whole_number_says_what_is_wrong(tmp_path, value, vi, en):
    rows = demo()
    r = list(rows[12])
    r[15] = value
    reg = register(tmp_path, {12: written(r)})
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026")
    assert said(err.value, "vi") == [("dòng 16", vi)]
    assert said(err.value, "en") == [("row 16", en)]


# ------------------------------------------------------------------ fields named as the user wrote them

def test_a_sheet_skipped_is_said_with_its_headers_as_written(tmp_path):
    """QA6 F13 / QA7: "trang 'Tổng hợp': … (chỉ có dossier_code)" named the field's id; the sheet's own header
    ("Số hồ sơ", read as a dossier code) is named now."""
    rows = demo()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ 2026"
    ws.append(["SỔ THEO DÕI HỒ SƠ NĂM 2026"])
    ws.append(rows[0])
    for r in rows[1:101]:
        ws.append(r)
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Cơ quan", "Số hồ sơ"])
    summary.append(["Sở Y tế", 12])
    reg = tmp_path / "so.xlsx"
    wb.save(reg)
    _summary, loaded = summarize_register(reg, period="2026")
    notes = [n.get("vi") for n in loaded.notices if "Tổng hợp" in n.get("vi")]
    assert notes == ["trang 'Tổng hợp': không có dòng tiêu đề của sổ theo dõi hồ sơ (chỉ có 'Số hồ sơ'), không đọc"]


def test_a_quote_left_open_after_a_short_line_is_named_at_its_own_line(tmp_path):
    """Once a line of a wrong count is found the file is read on, so a quote left open further down is named too
    (it was never reached: the reading stopped at the first fault)."""
    rows = demo()
    d = list(rows[50])
    del d[16]
    e = list(rows[1990])
    e[4] = '"' + e[4]  # an opening quote before the applicant's name that never closes, near the end
    q = written(e, {4})
    reg = register(tmp_path, {50: written(d), 1990: q}, totals=False)
    with pytest.raises(RegisterInputError) as err:
        check_register(reg, CATALOGUE, period="2026")
    assert said(err.value, "vi") == [("dòng 54", "cần 24 ô như dòng tiêu đề, nhưng gặp 23"),
                                     ("dòng 1994", "dấu ngoặc kép (\") chưa đóng hoặc đặt sai chỗ")]
