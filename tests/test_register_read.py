"""Reading registers (compliance/registers/reader.py): headers, dates, every bad-input case, and the
periodic report table computed from the generated seed register."""

import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.errors import InputError
from compliance.registers.check import summarize_register
from compliance.cli.dossiers import dossiers
from compliance.registers.reader import RegisterInputError, Settings, connect, load_table
from compliance.io.table import locate
from compliance.registers.schema import REGISTER_FIELDS, columns_of

ROOT = Path(__file__).resolve().parents[1]

HEAD = "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Ngày văn bản xin lỗi\n"


def write(tmp_path, text, name="r.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def load(path, **kw):
    con = connect()
    return con, load_table(con, path, settings=Settings(**kw))


def generator():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "samples" / "registers" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen"] = mod
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------ headers

def test_headers_with_and_without_diacritics_and_english(tmp_path):
    p = write(tmp_path, "MA HO SO,ma thu tuc,Don vi giai quyet,channel,Received at,NGÀY HẸN TRẢ,Ghi chú\n")
    m = locate(p, columns_of(REGISTER_FIELDS)).sheets[0]
    assert m.columns == {"dossier_code": 1, "procedure_code": 2, "resolving_agency": 3, "channel": 4,
                         "received_at": 5, "due_at": 6}
    assert m.extra == {"Ghi chú": 7}


def test_missing_required_column_is_named(tmp_path):
    p = write(tmp_path, "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả kq\nA,1,X,Trực tiếp,01/02/2020,03/02/2020\n")
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.where == "line 1 (header)"
    assert "'Ngày hẹn trả' / due_at" in e.value.message
    assert "closest header: 'Ngày hẹn trả kq'" in e.value.message


def test_two_columns_for_one_field(tmp_path):
    p = write(tmp_path, "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Due date\n")
    with pytest.raises(InputError, match="columns 'Ngày hẹn trả' and 'Due date' both mean field 'due_at'"):
        load(p)


def test_no_spelling_maps_to_two_fields():
    seen = {}
    for f in REGISTER_FIELDS:
        for k in f.keys():
            assert seen.setdefault(k, f.name) == f.name, k


def test_unknown_columns_are_kept_and_reported(tmp_path):
    p = write(tmp_path, "Người nhập," + HEAD.strip() + ",Ghi chú\nAn,A,1.001,Sở X,Trực tuyến,01/02/2020,05/02/2020,04/02/2020,,xem lại\n")
    con, t = load(p)
    assert t.extra == {"Người nhập": "extra_1", "Ghi chú": "extra_2"}
    assert any("'Người nhập', 'Ghi chú'" in n for n in t.notices)
    assert con.execute("SELECT extra_2 FROM dossiers").fetchone()[0] == "xem lại"


def test_the_row_number_column_is_known_and_left_out(tmp_path):
    p = write(tmp_path, "STT," + HEAD.strip() + "\n1,A,1.001,Sở X,Trực tuyến,01/02/2020,05/02/2020,04/02/2020,\n")
    con, t = load(p)
    assert t.extra == {} and not [n for n in t.notices if "not matched" in n]
    assert "row_number" not in [r[0] for r in con.execute("DESCRIBE dossiers").fetchall()]


# ------------------------------------------------------------------------------------------- values

def test_date_formats_in_one_file(tmp_path):
    p = write(tmp_path, HEAD
              + "A,1.001,Sở X,Trực tuyến,01/02/2020,2020-02-05,43866,\n"      # serial 43866 = 2020-02-05
              + "B,1.001,Sở X,trực tiếp,3-2-2020 08:15,ngày 10 tháng 2 năm 2020,,\n"
              + "C,1.001,Sở X,BCCI,2020-02-03T09:00:00,10.02.2020,,07/02/2020\n")
    con, t = load(p)
    rows = con.execute("SELECT dossier_code, channel, received_at, due_at, result_at, apology_letter_at FROM dossiers ORDER BY rn").fetchall()
    assert rows == [
        ("A", "online", dt.date(2020, 2, 1), dt.date(2020, 2, 5), dt.date(2020, 2, 5), None),
        ("B", "in_person", dt.date(2020, 2, 3), dt.date(2020, 2, 10), None, None),
        ("C", "post", dt.date(2020, 2, 3), dt.date(2020, 2, 10), None, dt.date(2020, 2, 7)),
    ]


def test_bad_date_names_row_column_and_reason(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\nB,1,X,Trực tuyến,02/13/2020,05/03/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    assert e.value.errors == [("row 3", "column 'Ngày tiếp nhận': '02/13/2020' looks month-first (month 13 is impossible); "
                                         "write dates day-first (dd/mm/yyyy)")]


def test_due_before_receipt(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,10/02/2020,05/02/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    assert e.value.errors == [("row 2", "due date 05/02/2020 (column 'Ngày hẹn trả') is before the receipt date "
                                         "10/02/2020 (column 'Ngày tiếp nhận')")]


def test_duplicate_dossier_codes(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\nB,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n"
              "A,1,X,Trực tuyến,02/02/2020,06/02/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    assert e.value.total == 1
    assert e.value.errors == [("row 4", "Mã hồ sơ 'A' appears 2 times (also at row 2)")]


def test_unknown_channel_and_missing_required_value(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,fax,01/02/2020,05/02/2020,,\nB,,X,Trực tuyến,01/02/2020,05/02/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    (w1, m1), (w2, m2) = e.value.errors
    assert w1 == "row 2" and "'fax' is not a known channel value" in m1 and "in_person (trực tiếp)" in m1
    assert w2 == "row 3" and m2 == "column 'Mã thủ tục' is empty; it is required"


def test_empty_rows_and_blank_lines_are_reported_and_rows_stay_right(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n,,,,,,,\n\nB,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n"
              "\n\nC,1,X,Trực tuyến,11/02/2020,05/02/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    # line 8 of the file: header, A, empty cells, blank, B, blank, blank, C
    assert e.value.errors[0][0] == "row 8"


def test_empty_rows_notice(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n,,,,,,,\n\nB,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n")
    con, t = load(p)
    assert t.rows == 2
    assert "1 empty row(s) left out: row 3" in t.notices
    assert "1 blank line(s) left out: line(s) 4" in t.notices


def test_ragged_row_names_the_line(tmp_path):
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\nB,1,X\n")
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.where == "line 3"
    assert e.value.message == "expected 8 cells as in the header, found 3"


def test_not_utf8_without_a_header_is_refused_saying_the_encoding(tmp_path):
    p = tmp_path / "r.csv"
    p.write_bytes(HEAD.encode("cp1258", errors="replace"))  # '?' for every letter cp1258 cannot hold
    with pytest.raises(InputError, match=r"no header row: .* \(the file is not UTF-8 text: read as cp12"):
        load(p)


def test_size_limit_guard_with_sparse_file(tmp_path):
    p = tmp_path / "huge.csv"
    with open(p, "wb") as fh:
        fh.write(HEAD.encode())
        fh.truncate(3 * 1024**3)  # sparse: 3 GiB apparent size, nothing written
    with pytest.raises(InputError) as e:
        load(p)
    assert e.value.message == "file is 3.00 GiB, larger than the limit of 2.00 GiB (a larger limit: --max-size-gb)"
    assert e.value.message.get("vi") == "tệp có 3,00 GiB, vượt giới hạn 2,00 GiB (đặt giới hạn lớn hơn: --max-size-gb)"
    with pytest.raises(InputError, match="limit of 1.00 GiB"):
        load(p, max_file_bytes=1024**3)


def test_max_errors_caps_the_report_and_counts_all(tmp_path):
    rows = "".join(f"D{i},1,X,Trực tuyến,10/02/2020,05/02/2020,,\n" for i in range(30))
    p = write(tmp_path, HEAD + rows)
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--max-errors", "5"])
    assert isinstance(r.exception, RegisterInputError)
    e = r.exception
    assert [w for w, _ in e.errors] == ["row 2", "row 3", "row 4", "row 5", "row 6"] and e.total == 30
    lines = e.line().splitlines()
    assert len(lines) == 6
    assert lines[-1] == f"error: {p}: 25 more errors not shown (30 in all; raise --max-errors to see more)"


def test_xlsx_register_with_real_dates(tmp_path):
    import openpyxl

    wb2 = openpyxl.Workbook()
    ws = wb2.active
    ws.title = "Sổ theo dõi"
    ws.append(HEAD.strip().split(","))
    ws.append(["A", "1.001", "Sở X", "Trực tuyến", dt.datetime(2020, 2, 1, 8, 30), dt.date(2020, 2, 5), 43866, None])
    ws.append([None] * 8)
    ws.append(["B", "1.001", "Sở X", "Trực tiếp", "03/02/2020", dt.date(2020, 1, 5), None, None])
    p = tmp_path / "r.xlsx"
    wb2.save(p)
    with pytest.raises(RegisterInputError) as e:
        load(p)
    assert e.value.errors[0][0] == "sheet Sổ theo dõi, row 4"
    ws["F4"] = dt.date(2020, 2, 7)  # the due date after the receipt
    for row in range(5, 9):  # rows below the table that only have a border: the sheet ends with the table
        ws.cell(row, 1).border = openpyxl.styles.Border(bottom=openpyxl.styles.Side(style="thin"))
    wb2.save(p)
    con, t = load(p)
    assert con.execute("SELECT received_at, due_at, result_at FROM dossiers").fetchall() == [
        (dt.date(2020, 2, 1), dt.date(2020, 2, 5), dt.date(2020, 2, 5)), (dt.date(2020, 2, 3), dt.date(2020, 2, 7), None)]
    assert t.rows == 2 and t.notices == ["1 empty row(s) left out: sheet Sổ theo dõi, row 3"]


def test_missing_file_and_wrong_type(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load(tmp_path / "nope.csv")
    p = write(tmp_path, "x", "r.pdf")
    with pytest.raises(InputError, match="unsupported file type"):
        load(p)


# ------------------------------------------------------------------------------------------ summary

def test_summary_hand_counted(tmp_path):
    # period 2020: C carried over (received 2019, resolved 2020 late), D received after the period,
    # E finished before it; A early, B on time, F in progress within time, G overdue at 31/12/2020
    p = write(tmp_path, HEAD
              + "A,1,Sở X,Trực tuyến,01/02/2020,05/02/2020,04/02/2020,\n"
              + "B,1,Sở X,Trực tiếp,01/02/2020,05/02/2020,05/02/2020,\n"
              + "C,2,Sở Y,Bưu chính,20/12/2019,02/01/2020,06/01/2020,\n"
              + "D,2,Sở Y,Trực tuyến,02/01/2021,05/01/2021,,\n"
              + "E,2,Sở Y,Trực tuyến,02/12/2019,05/12/2019,05/12/2019,\n"
              + "F,2,Sở Y,Trực tuyến,30/12/2020,05/01/2021,,\n"
              + "G,2,Sở Y,Trực tiếp,01/12/2020,10/12/2020,,\n")
    s, _ = summarize_register(p, period="2020", by="agency")
    assert s.total.counts == {"received_total": 5, "received_online": 2, "received_in_person_post": 2, "carried_over": 1,
                              "resolved_total": 3, "resolved_early": 1, "resolved_on_time": 1, "resolved_late": 1,
                              "in_progress_total": 2, "in_progress_within": 1, "in_progress_overdue": 1}
    assert [(r.label, r.counts["received_total"]) for r in s.rows] == [("Sở X", 2), ("Sở Y", 3)]
    assert s.outside_period == {"received_after_period": 1, "finished_before_period": 1}
    m = s.metric("on_time_rate")
    assert (m.numerator, m.denominator, m.value) == (2, 3, 66.67)


def test_seed_report_2020_totals_from_generated_register(tmp_path):
    gen = generator()
    g = gen.Generator(gen.daknong_2020(), seed=1)
    p = tmp_path / "dn.csv"
    assert gen.write_register(g, p) == 28044
    s, t = summarize_register(p, period="2020")
    c = s.total.counts
    assert (c["received_total"], c["received_online"]) == (28044, 13253)
    assert (c["resolved_total"], c["resolved_early"], c["resolved_on_time"], c["resolved_late"]) == (27010, 5072, 21836, 102)
    assert [(m.id, m.value) for m in s.metrics] == [("on_time_rate", 99.62), ("early_share", 18.78), ("on_time_share", 80.84),
                                                    ("late_share", 0.38), ("online_rate", 47.26)]


def test_summarize_cli_json_and_xlsx(tmp_path):
    import json
    import openpyxl

    p = write(tmp_path, HEAD + "A,1,Sở X,Trực tuyến,01/02/2020,05/02/2020,04/02/2020,\n")
    out = tmp_path / "s.xlsx"
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--period", "2020", "--format", "json", "--xlsx", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["total"]["resolved_early"] == 1 and data["period"]["start"] == "2020-01-01"
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    # title, period, blank row, the form's two header rows, then the total (no --by: no group rows)
    assert ws["A6"].value == "Tổng cộng" and ws["B6"].value == 1 and ws["F6"].value == 1


# -------------------------------------------------------------------------- fixes from the new-user test

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("zw", ZW)
def test_zero_width_characters_are_removed_so_duplicate_codes_are_seen(tmp_path, zw):
    # "A" and "A<zw>" look the same in Excel: without stripping they would be two dossiers
    p = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n"
                              f"B,1,X,Trực tuyến,01/02/2020,05/02/2020,,\nA{zw},1,X,Trực tuyến,02/02/2020,06/02/2020,,\n")
    with pytest.raises(RegisterInputError) as e:
        load(p)
    assert e.value.errors == [("row 4", "Mã hồ sơ 'A' appears 2 times (also at row 2)")]


def test_zero_width_removal_is_noticed_in_both_languages(tmp_path):
    p = write(tmp_path, HEAD + "A\u200b,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n"
                              "B,1,Sở\u2060 X,Trực tuyến,01/02/2020,05/02/2020,,\nC,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n")
    con, t = load(p)
    assert con.execute("SELECT dossier_code, resolving_agency FROM dossiers ORDER BY rn").fetchall() == [
        ("A", "X"), ("B", "Sở X"), ("C", "X")]
    assert con.execute("SELECT rn FROM dossiers ORDER BY rn").fetchall() == [(1,), (2,), (3,)]
    (n,) = [n for n in t.notices if "zero-width" in n]
    assert n == ("zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) removed from 2 cell(s) in "
                 "column(s) 'Mã hồ sơ' (1), 'Cơ quan giải quyết' (1): row 2, row 3")
    assert n.get("vi") == ("đã xoá ký tự vô hình (U+200B, U+200C, U+200D, U+2060, U+FEFF) trong 2 ô ở cột "
                           "'Mã hồ sơ' (1), 'Cơ quan giải quyết' (1): dòng 2, dòng 3")
    clean = write(tmp_path, HEAD + "A,1,X,Trực tuyến,01/02/2020,05/02/2020,,\n", "clean.csv")
    assert not [n for n in load(clean)[1].notices if "zero-width" in n]


def test_zero_width_in_an_xlsx_register(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD.strip().split(","))
    ws.append(["HS-001", "1.001", "Sở X", "Trực tuyến", "01/02/2020", "05/02/2020", None, None])
    ws.append(["HS-0\u200d01", "1.001", "Sở X", "Trực tuyến", "01/02/2020", "05/02/2020", None, None])
    p = tmp_path / "r.xlsx"
    wb.save(p)
    with pytest.raises(RegisterInputError, match="'HS-001' appears 2 times"):
        load(p)


def test_empty_period_says_so_first_in_vietnamese_and_english(tmp_path):
    p = write(tmp_path, "Người nhập," + HEAD.strip() + "\nAn,A,1,Sở X,Trực tuyến,01/02/2020,05/02/2020,04/02/2020,\n")
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--period", "1990"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("Không có hồ sơ nào thuộc kỳ 01/01/1990–31/12/1990")
    assert "ghi chú: cột không khớp với trường nào đã biết, giữ nguyên: 'Người nhập'" in lines
    assert "- 1 hồ sơ tiếp nhận sau ngày 31/12/1990 nằm ngoài kỳ" in lines
    assert "received after" not in r.output and "note:" not in r.output
    assert r.output.count("Không có hồ sơ nào") == 1
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--period", "1990", "--lang", "en"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].startswith("No dossier falls in the period 01/01/1990–31/12/1990")
    assert "note: columns not matched to a known field, kept as they are: 'Người nhập'" in lines
    assert "- 1 dossier(s) received after 31/12/1990 are outside the period" in lines
    # a period with dossiers has no such line; the default period is named in words of the language
    r = CliRunner().invoke(dossiers, ["summarize", str(p)])
    assert "Không có hồ sơ" not in r.output and "(theo ngày tiếp nhận trong sổ)" in r.output
    assert "- không có --period: dùng khoảng ngày tiếp nhận trong sổ 01/02/2020–01/02/2020" in r.output
    # the one dossier, received on the range's only day, resolved on 04/02: in progress in that range, said so
    assert ("- 1 hồ sơ tiếp nhận trong khoảng đó có kết quả sau ngày 01/02/2020: chúng được tính là đang giải quyết, "
            "hồ sơ trễ hạn trong số đó không thành phát hiện; hãy cho --period để tính chúng vào kỳ đã giải quyết") in r.output
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--lang", "en"])
    assert "(the register's receipt dates)" in r.output
    assert "- 1 dossier(s) received in that range have their result after 01/02/2020: they are counted" in r.output
    r = CliRunner().invoke(dossiers, ["summarize", str(p), "--period", "2020"])
    assert "kết quả sau" not in r.output  # a period given: nothing to say
    summary, _ = summarize_register(p, period="1990")
    assert summary.empty and summary.to_dict()["empty_period"] is True


def _macro_workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(HEAD.strip().split(","))
    wb.active.append(["A", "1.001", "Sở X", "Trực tuyến", "01/02/2020", "05/02/2020", None, None])
    wb.save(path)
    return path


@pytest.mark.parametrize("command", ["summarize", "check"])
def test_macro_enabled_workbook_is_refused(tmp_path, command):
    p = _macro_workbook(tmp_path / "r.xlsm")
    r = CliRunner().invoke(dossiers, [command, str(p)])
    assert isinstance(r.exception, InputError)
    assert r.exception.message == "macro-enabled workbooks are refused; save the form as .xlsx (Excel Workbook)"
    assert r.exception.path == str(p)


def test_xlsx_holding_macros_is_refused(tmp_path):
    import zipfile

    p = _macro_workbook(tmp_path / "r.xlsx")
    with zipfile.ZipFile(p, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(InputError, match=r"contains macros \(vbaProject.bin\)"):
        load(p)
    with pytest.raises(InputError, match="old .xls format"):
        load(write(tmp_path, "x", "r.xls"))


def test_crlf_lines_with_a_last_line_ended_by_lf_alone(tmp_path):
    """An export with CR LF line ends whose last line was added by hand (LF alone): DuckDB's parser gives up
    on it; it is read from a copy with even line ends, the same 800 dossiers as the register itself. A real
    quote slip in a CR LF file is still named at its line."""
    demo = ROOT / "samples" / "demo-centre-2020-register" / "register.csv"
    text = demo.read_text(encoding="utf-8")
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(text.rstrip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n\n")
    s, _ = summarize_register(mixed, period="2020")
    expected, _ = summarize_register(demo, period="2020")
    assert s.total.counts == expected.total.counts and s.total.counts["received_total"] > 700
    lines = text.split("\n")
    lines[5] = lines[5].replace(",", ',"', 1)
    (tmp_path / "quote.csv").write_text("\r\n".join(lines), encoding="utf-8", newline="")
    with pytest.raises(InputError) as err:
        summarize_register(tmp_path / "quote.csv", period="2020")
    assert err.value.where == "line 6" and "quote" in err.value.message
