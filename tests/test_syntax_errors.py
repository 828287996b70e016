"""A YAML or JSON file broken the way people break them by hand, said in plain words in the user's
language (compliance.io.syntax): the seed submission, an appraisal and a criteria file, each with one
slip (a tab to indent, a colon missing, a value holding ': ', Word's curly quotes, a quote or bracket
left open, a line out of step, a '*' at the start of a value; a trailing comma, a decimal comma, a
curly quote in JSON…). Each line is checked whole, in Vietnamese and in English, with libyaml's parser
and with PyYAML's own (their English differs; what the user reads does not). A problem the tables do
not know keeps the parser's words, said to be the parser's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from compliance.io import syntax, yamlio

sys.path.insert(0, str(Path(__file__).parent))
from clirun import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "samples" / "daknong-vpubnd-2020" / "submission.yaml").read_text(encoding="utf-8")
APPRAISAL_TEXT = (ROOT / "samples" / "round" / "appraisal.yaml").read_text(encoding="utf-8")
CRITERIA_TEXT = (ROOT / "samples" / "criteria" / "bo-tieu-chi-mau-2023.yaml").read_text(encoding="utf-8")


def _broken(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old  # the slip lands where the test says
    return text.replace(old, new)


def _said(tmp_path: Path, args: list, text: str, name: str) -> tuple[str, str]:
    """(Vietnamese line, English line) of ``compliance ARGS`` on ``text`` written as ``name`` (exit 2, one line)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    lines = []
    for lang in ("vi", "en"):
        run = main(*[path if a is None else a for a in args], "--lang", lang)
        assert run.code == 2 and run.clean, run.err
        assert run.err.count("\n") == 1, run.err
        lines.append(run.err.strip().replace(str(path), name))
    return lines[0], lines[1]


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request, monkeypatch):
    """Both YAML parsers: libyaml's (the one used when installed) and PyYAML's own (without libyaml)."""
    if request.param == "pyyaml":
        monkeypatch.setattr(yamlio, "_SAFE_LOADER", yaml.SafeLoader)
    return request.param


SUBMISSION_SLIPS = {
    "tab": (("  code: DNO-VPUBND\n", "\tcode: DNO-VPUBND\n"), "dòng 9, cột 1",
            "có ký tự Tab ở đây: YAML chỉ dùng dấu cách để thụt lề và ngăn cách (hãy thay Tab bằng dấu cách)",
            "line 9, column 1",
            "a tab character here: YAML indents and separates with spaces only (replace the tab with spaces)"),
    "colon missing, last key of its block": (
        ("  name_en: Office of the People's", "  name_en Office of the People's"), "dòng 12, cột 3",
        "tên khoá ở dòng 11 thiếu dấu hai chấm (:) phía sau",
        "line 12, column 3", "the key on line 11 has no colon (:) after it"),
    "colon missing, a key below": (
        ("  code: DNO-VPUBND\n", "  code DNO-VPUBND\n"), "dòng 10, cột 7",
        "không thể bắt đầu một khoá ở đây: có thể dòng phía trên thiếu dấu hai chấm (:) sau tên khoá, hoặc dòng "
        "này thụt lề sâu hơn dòng phía trên",
        "line 10, column 7", "a key cannot begin here: the line above may lack the colon (:) after its key, or this "
        "line is indented more than the line above"),
    "a colon inside a value": (
        ("  label: Năm 2020\n", "  label: Năm 2020: cả năm\n"), "dòng 18, cột 18",
        "giá trị của 'label' có dấu hai chấm kèm dấu cách, YAML hiểu đó là một khoá mới: hãy đặt cả giá trị trong "
        'dấu ngoặc kép ("…")',
        "line 18, column 18", "the value of 'label' holds a colon followed by a space, which YAML reads as a new "
        'key: put the whole value in double quotes ("…")'),
    "Word's curly quotes": (
        ("  title: Báo cáo kết quả thực hiện công tác CCHC, PAPI, PAR INDEX năm 2020\n",
         "  title: “Báo cáo kết quả: CCHC, PAPI, PAR INDEX năm 2020”\n"), "dòng 23, cột 26",
        'dấu ngoặc kép cong (“ ” do Word tự đổi) không được coi là dấu ngoặc ở đây: hãy gõ lại bằng dấu ngoặc kép '
        'thẳng ("…")',
        "line 23, column 26",
        'curly quotes (“ ” from a word processor) are not quotes here: type straight double quotes ("…")'),
    "a quote left open": (
        ("  name: Văn phòng UBND tỉnh Đắk Nông\n", '  name: "Văn phòng UBND tỉnh Đắk Nông\n'), "dòng 31, cột 15",
        'dấu ngoặc " mở ở dòng 10, cột 9 không được đóng trên dòng đó: YAML đọc tiếp tới dấu " kế tiếp, ở đây',
        "line 31, column 15",
        'the quote " opened on line 10, column 9 is not closed on that line: YAML reads on to the next ", here'),
    "a bracket left open": (
        ("  code: DNO-VPUBND\n", "  code: [DNO-VPUBND\n"), "dòng 10, cột 7",
        "dấu ngoặc '[' mở ở dòng 9, cột 9 chưa được đóng bằng ']', hoặc thiếu dấu phẩy giữa các mục bên trong",
        "line 10, column 7",
        "the bracket '[' opened on line 9, column 9 is not closed with ']', or a comma is missing between its items"),
    "a line out of step": (
        ("  province: Đắk Nông\n", " province: Đắk Nông\n"), "dòng 13, cột 2",
        "dòng này thụt lề không khớp với các dòng phía trên: các khoá cùng cấp phải bắt đầu ở cùng một cột (thụt "
        "lề bằng dấu cách), và mục danh sách '-' phải nằm dưới khoá của nó",
        "line 13, column 2",
        "this line is not indented like the lines above it: keys of one level start in the same column (indent "
        "with spaces), and a list item '-' sits under its key"),
    "text after a closing quote": (
        ("  name: Văn phòng UBND tỉnh Đắk Nông\n", '  name: "Văn phòng UBND" tỉnh Đắk Nông\n'), "dòng 10, cột 26",
        "có chữ nằm sau dấu đóng \": cả giá trị phải nằm trong một cặp dấu ngoặc, và dấu ngoặc bên trong giá trị "
        "phải khác loại với cặp bao ngoài (' bên trong \"…\", \" bên trong '…')",
        "line 10, column 26",
        "text follows the closing \": the whole value must be inside one pair of quotes, and a quote inside the "
        "value must be of the other kind (' inside \"…\", \" inside '…')"),
    "a value starting with '*'": (
        ("  label: Năm 2020\n", "  label: *chua-xac-minh\n"), "dòng 18, cột 10",
        "'*chua-xac-minh' là lời gọi lại giá trị được đánh dấu '&chua-xac-minh', nhưng không có giá trị nào được "
        "đánh dấu như vậy: nếu '*' là một phần của nội dung, hãy đặt cả giá trị trong dấu ngoặc kép (\"…\")",
        "line 18, column 10",
        "'*chua-xac-minh' repeats a value marked '&chua-xac-minh', and no value is marked so: if '*' belongs to "
        "the text, put the whole value in double quotes (\"…\")"),
    "a value starting with '@'": (
        ("  label: Năm 2020\n", "  label: @Năm 2020\n"), "dòng 18, cột 10",
        "giá trị không được bắt đầu bằng ký tự '@' (ký tự này có nghĩa riêng trong YAML): hãy đặt cả giá trị trong "
        "dấu ngoặc kép (\"…\")",
        "line 18, column 10",
        "a value cannot begin with '@', which has a meaning of its own in YAML: put the whole value in double "
        "quotes (\"…\")"),
}


@pytest.mark.parametrize("slip", list(SUBMISSION_SLIPS))
def test_a_broken_submission_is_said_in_plain_words(tmp_path, parser, slip):
    (old, new), vi_place, vi_words, en_place, en_words = SUBMISSION_SLIPS[slip]
    vi, en = _said(tmp_path, ["check", None], _broken(SEED_TEXT, old, new), "submission.yaml")
    assert vi == f"lỗi: submission.yaml: {vi_place}: lỗi cú pháp YAML: {vi_words}"
    assert en == f"error: submission.yaml: {en_place}: YAML syntax error: {en_words}"


def test_a_broken_appraisal_and_a_broken_criteria_file(tmp_path, parser):
    """The same words wherever the file is read: an appraisal (``round run --appraisal``), a criteria file."""
    text = _broken(APPRAISAL_TEXT, '{points: 12.5, by: Sở Nội vụ (kết quả điều tra XHH)}}',
                   '{points: 12.5, by: Sở Nội vụ (kết quả điều tra XHH)}')
    vi, en = _said(tmp_path, ["round", "run", ROOT / "samples" / "round" / "submissions", "--appraisal", None,
                              "--db", tmp_path / "h.sqlite"], text, "appraisal.yaml")
    assert vi == ("lỗi: appraisal.yaml: dòng 16, cột 7: lỗi cú pháp YAML: dấu ngoặc '{' mở ở dòng 15, cột 9 chưa "
                  "được đóng bằng '}', hoặc thiếu dấu phẩy giữa các mục bên trong")
    assert en == ("error: appraisal.yaml: line 16, column 7: YAML syntax error: the bracket '{' opened on line 15, "
                  "column 9 is not closed with '}', or a comma is missing between its items")
    assert not (tmp_path / "h.sqlite").exists()

    text = _broken(CRITERIA_TEXT, "fields:\n- id: '1'\n  name:\n", "fields:\n- id: '1'\n\tname:\n")
    vi, en = _said(tmp_path, ["criteria", "check", None], text, "bo-tieu-chi.yaml")
    assert vi == ("lỗi: bo-tieu-chi.yaml: dòng 18, cột 1: lỗi cú pháp YAML: có ký tự Tab ở đây: YAML chỉ dùng dấu "
                  "cách để thụt lề và ngăn cách (hãy thay Tab bằng dấu cách)")
    assert en.startswith("error: bo-tieu-chi.yaml: line 18, column 1: YAML syntax error: a tab character here")


def test_a_problem_the_table_does_not_know_keeps_the_parsers_words(tmp_path, parser):
    text = _broken(SEED_TEXT, "  code: DNO-VPUBND\n", "  code: {a: 1,, b: 2}\n")
    vi, en = _said(tmp_path, ["check", None], text, "submission.yaml")
    words = {"libyaml": "did not find expected node content",
             "pyyaml": "expected the node content, but found ','"}[parser]
    assert vi == f"lỗi: submission.yaml: dòng 9, cột 15: lỗi cú pháp YAML (bộ phân tích báo: {words})"
    assert en == f"error: submission.yaml: line 9, column 15: YAML syntax error (the parser says: {words})"


def test_a_control_character_pasted_into_yaml(tmp_path):
    text = _broken(SEED_TEXT, "  label: Năm 2020\n", "  label: Năm\x0b2020\n")
    vi, en = _said(tmp_path, ["check", None], text, "submission.yaml")
    assert vi == ("lỗi: submission.yaml: dòng 18: lỗi cú pháp YAML: không được có ký tự điều khiển vô hình U+000B ở "
                  "đây (thường do dán từ chương trình khác): hãy xoá ký tự này")
    assert en == ("error: submission.yaml: line 18: YAML syntax error: the invisible control character U+000B is not "
                  "allowed here (it is often pasted from another program): delete it")


# -- JSON -----------------------------------------------------------------------------------------------

SEED_JSON = json.dumps(yaml.safe_load(SEED_TEXT), ensure_ascii=False, indent=2, default=str)

JSON_SLIPS = {
    "a trailing comma": (('    "province": "Đắk Nông"\n  },', '    "province": "Đắk Nông",\n  },'), "dòng 8, cột 3",
                         "có dấu phẩy thừa ngay trước '}': hãy xoá dấu phẩy cuối cùng", "line 8, column 3",
                         "a comma before '}' with nothing after it: delete the last comma"),
    "Word's curly quotes": (('"label": "Năm 2020"', '"label": “Năm 2020”'), "dòng 12, cột 14",
                            'dấu ngoặc kép cong (“ ” do Word tự đổi) không được coi là dấu ngoặc ở đây: hãy gõ lại '
                            'bằng dấu ngoặc kép thẳng ("…")', "line 12, column 14",
                            'curly quotes (“ ” from a word processor) are not quotes here: type straight double '
                            'quotes ("…")'),
    "single quotes": (('"label": "Năm 2020"', "'label': \"Năm 2020\""), "dòng 12, cột 5",
                      'trong JSON, chữ phải đặt trong dấu ngoặc kép ("…"), không dùng dấu nháy đơn', "line 12, column 5",
                      'text goes in double quotes ("…") in JSON, not in single quotes'),
    "a thousands separator": (('"total": 28044,', '"total": 28,044,'), None,
                              "trong JSON, số viết liền, không có dấu phân cách hàng nghìn, phần thập phân sau dấu "
                              "chấm (28044, 1.5): không bao giờ dùng dấu phẩy trong số", None,
                              "a number in JSON has no thousands separator and a point before its decimals (28044, "
                              "1.5): never a comma"),
    "a decimal comma": (('"value": 4,', '"value": 4,5,'), None,
                        "trong JSON, số viết liền, không có dấu phân cách hàng nghìn, phần thập phân sau dấu chấm "
                        "(28044, 1.5): không bao giờ dùng dấu phẩy trong số", None,
                        "a number in JSON has no thousands separator and a point before its decimals (28044, 1.5): "
                        "never a comma"),
    "a comma missing": (('"code": "DNO-VPUBND",', '"code": "DNO-VPUBND"'), "dòng 4, cột 5",
                        "thiếu dấu phẩy (,) trước mục này, hoặc thiếu dấu ngoặc đóng", "line 4, column 5",
                        "a comma (,) is missing before this item, or a closing bracket"),
    "a closing bracket too many": (('    "province": "Đắk Nông"\n  },', '    "province": "Đắk Nông"\n  }},'),
                                   "dòng 8, cột 5",
                                   "dữ liệu đã kết thúc nhưng tệp vẫn còn nội dung phía sau: hãy xoá phần thừa (thường "
                                   "là một dấu ngoặc đóng bị thừa)", "line 8, column 5",
                                   "the data has ended, yet the file goes on: delete what follows (often one closing "
                                   "bracket too many)"),
    "a text left open": (('"label": "Năm 2020"', '"label": "Năm 2020'), "dòng 12, cột 23",
                         "đoạn chữ kéo sang dòng sau: hãy đóng dấu ngoặc kép ngay trên dòng đó (muốn xuống dòng trong "
                         "đoạn chữ thì viết \\n)", "line 12, column 23",
                         "a text runs on to the next line: close its double quote on the same line (a line break "
                         "inside a text is written \\n)"),
    "a key without quotes": (('"label": "Năm 2020"', 'label: "Năm 2020"'), "dòng 12, cột 5",
                             'tên khoá phải đặt trong dấu ngoặc kép ("name": …)', "line 12, column 5",
                             'a key is written in double quotes ("name": …)'),
    "a comment": (('"label": "Năm 2020"', '"label": "Năm 2020" // cả năm'), "dòng 12, cột 25",
                  "JSON không cho phép ghi chú (// … hoặc # …): hãy xoá các ghi chú", "line 12, column 25",
                  "JSON allows no comments (// … or # …): delete them"),
    "a Windows path": (('"label": "Năm 2020"', '"label": "C:\\Bao cao\\2020"'), "dòng 12, cột 17",
                       "dấu gạch chéo ngược (\\) trong đoạn chữ phải viết hai lần (\\\\)", "line 12, column 17",
                       "a backslash (\\) inside a text is written twice (\\\\)"),
}


@pytest.mark.parametrize("slip", list(JSON_SLIPS))
def test_a_broken_json_submission_is_said_in_plain_words(tmp_path, slip):
    (old, new), vi_place, vi_words, en_place, en_words = JSON_SLIPS[slip]
    text = _broken(SEED_JSON, old, new)
    if vi_place is None:  # the place is where json stops: found here, not written down twice
        err = pytest.raises(json.JSONDecodeError, json.loads, text).value
        vi_place, en_place = f"dòng {err.lineno}, cột {err.colno}", f"line {err.lineno}, column {err.colno}"
    vi, en = _said(tmp_path, ["check", None], text, "submission.json")
    assert vi == f"lỗi: submission.json: {vi_place}: lỗi cú pháp JSON: {vi_words}"
    assert en == f"error: submission.json: {en_place}: JSON syntax error: {en_words}"


def test_every_json_problem_in_the_table_is_one_json_says():
    """The table's keys are json's own words (a key json never says would be dead)."""
    produced = set()
    for text in ['{"a": 1,}', '{"a": 1 "b": 2}', '{"a" 1}', '{"a": 1}}', '{"a": "b', '{"a": "b\n"}',
                 '{"a": "\\p"}', '{"a": "\\u12"}', '{"a": }']:
        produced.add(pytest.raises(json.JSONDecodeError, json.loads, text).value.msg)
    assert produced == set(syntax.JSON_RULES)


def test_an_unknown_json_problem_keeps_the_parsers_words():
    err = json.JSONDecodeError("Illegal trailing comma before end of object", '{"a": 1,}', 7)  # a later Python's
    said = syntax.json_problem(err, '{"a": 1,}')
    assert said.get("vi") == "lỗi cú pháp JSON (bộ phân tích báo: Illegal trailing comma before end of object)"
    assert said.get("en") == "JSON syntax error (the parser says: Illegal trailing comma before end of object)"


def test_an_empty_json_file_is_said_to_be_empty(tmp_path):
    vi, en = _said(tmp_path, ["check", None], "  \n", "submission.json")
    assert (vi, en) == ("lỗi: submission.json: tệp trống", "error: submission.json: file is empty")


@pytest.mark.parametrize("value, vi_words, en_words", [
    ("!!bool có", "không đọc được 'có' theo kiểu YAML '!!bool'", "'có' cannot be read as the YAML type '!!bool'"),
    ("!!timestamp 31/12/2020", "không đọc được '31/12/2020' theo kiểu YAML '!!timestamp'",
     "'31/12/2020' cannot be read as the YAML type '!!timestamp'"),
    ("!!int hai mươi", "không đọc được 'hai mươi' theo kiểu YAML '!!int'", "'hai mươi' cannot be read as the YAML type '!!int'"),
    ("!!binary SGVsbG8=", "không được dùng thẻ YAML '!!binary' (tệp chỉ chứa dữ liệu)",
     "YAML tag '!!binary' is not allowed (data only)"),
])
def test_a_value_with_a_yaml_type_that_does_not_fit(tmp_path, value, vi_words, en_words):
    """A tagged value the tag does not fit was an internal error ('!!bool có': KeyError, exit 3) or said with
    Python's words ("invalid literal for int()", "could not determine a constructor for the tag")."""
    text = _broken(SEED_TEXT, "  label: Năm 2020\n", f"  label: {value}\n")
    vi, en = _said(tmp_path, ["check", None], text, "submission.yaml")
    assert (vi, en) == (f"lỗi: submission.yaml: dòng 18: {vi_words}", f"error: submission.yaml: line 18: {en_words}")


def test_a_csv_cell_past_the_readers_limit_is_said_in_words(tmp_path):
    """A register whose quote opens and never closes swallows the lines after it into one cell, past the
    CSV reader's limit (131,072 characters): said in words, in either language, at the line it starts."""
    from clirun import main

    reg = tmp_path / "so.csv"
    rows = "".join(f"HS-{i:05d},1.001,Sở Tư pháp,Trực tuyến,05/01/2026,15/01/2026,10/01/2026\n" for i in range(3000))
    reg.write_text("Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
                   'HS-X,1.001,"Sở Tư pháp,Trực tuyến,05/01/2026,15/01/2026,10/01/2026\n' + rows, encoding="utf-8")
    vi = main("dossiers", "summarize", reg, "--lang", "vi")
    assert vi.code == 2 and vi.err.strip() == (
        f"lỗi: {reg}: dòng 2: lỗi cú pháp CSV: có ô dài quá 131.072 ký tự (Excel giữ tối đa 32.767 ký tự trong một ô): "
        "một dấu ngoặc kép (\") mở mà không đóng đã gộp cả các dòng sau vào một ô, hoặc tệp không phải một bảng lưu "
        "dưới dạng CSV")
    assert "a cell is longer than 131,072 characters" in main("dossiers", "check", reg, "--lang", "en").err


def test_curly_quotes_around_a_whole_value_in_a_flow_mapping_are_refused(tmp_path):
    """Word retypes `date: "08/07/2025"` inside `{…}` as `date: “08/07/2025”`, which YAML reads as a plain value
    with the quotes as letters: the date would not be a date and the plan would lose its points as "date
    unknown" in a file said valid (QA5 #4). It is refused at the value, with the curly-quotes words."""
    src = (Path(__file__).resolve().parents[1] / "samples/round/submissions/so-tu-phap.yaml").read_text(encoding="utf-8")
    assert 'date: "08/07/2025"' in src
    p = tmp_path / "so-tu-phap.yaml"
    p.write_text(src.replace('date: "08/07/2025"', "date: “08/07/2025”"), encoding="utf-8")
    line = next(i for i, t in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "“08/07/2025”" in t)
    column = p.read_text(encoding="utf-8").splitlines()[line - 1].index("“") + 1
    for command in ("check", "validate"):
        run = main(command, p, "--lang", "vi")
        assert run.code == 2 and run.err.strip() == (
            f"lỗi: {p}: dòng {line}, cột {column}: lỗi cú pháp YAML: dấu ngoặc kép cong (“ ” do Word tự đổi) không được "
            "coi là dấu ngoặc ở đây: hãy gõ lại bằng dấu ngoặc kép thẳng (\"…\")")
    p.write_text(src.replace("title: Kế hoạch CCHC năm 2025", "title: Kế hoạch “CCHC” năm 2025"), encoding="utf-8")
    assert main("check", p, "--lang", "vi").code == 0  # quotes inside a value are the value's own


# -- a file cut short while downloaded or copied (QA8 F9) ---------------------------------------------

MIDWAY_VI = "tệp kết thúc giữa chừng (có thể chưa tải/chép hết): thiếu một giá trị hoặc dấu ngoặc đóng"
MIDWAY_EN = "the file ends mid-way (perhaps not fully downloaded or copied): a value or a closing bracket is missing"


@pytest.mark.parametrize("cut_after, vi_place, en_place", [
    ('"criteria": ', "dòng 14, cột 15", "line 14, column 15"),          # mid-value: was "delete the last comma"
    ('"label": "Năm 2020"\n  },', "dòng 13, cột 5", "line 13, column 5"),  # after a comma: was the same
    ('"name": "Văn phòng UBND', "dòng 4, cột 13", "line 4, column 13"),  # inside a text
    ('"province": "Đắk Nông"\n', "dòng 8, cột 1", "line 8, column 1"),   # between items
])
def test_a_json_file_cut_short_is_said_to_end_mid_way(tmp_path, cut_after, vi_place, en_place):
    text = SEED_JSON[:SEED_JSON.index(cut_after) + len(cut_after)]
    vi, en = _said(tmp_path, ["check", None], text, "submission.json")
    assert vi == f"lỗi: submission.json: {vi_place}: lỗi cú pháp JSON: {MIDWAY_VI}"
    assert en == f"error: submission.json: {en_place}: JSON syntax error: {MIDWAY_EN}"


def test_a_trailing_comma_is_still_a_trailing_comma():
    said = syntax.json_problem(pytest.raises(json.JSONDecodeError, json.loads, '{"a": [1,]}').value, '{"a": [1,]}')
    assert said.get("vi") == "lỗi cú pháp JSON: có dấu phẩy thừa ngay trước ']': hãy xoá dấu phẩy cuối cùng"


@pytest.mark.parametrize("cut_after, opened", [
    ('  - {number: "25/KH-VPUBND", date: "08/01/', 'dấu ngoặc " mở ở dòng 32, cột 36 chưa được đóng lại'),
    ('  - {number: "25/KH-VPUBND", date: "08/01/2020", kind: "Kế hoạch", issuer: "Văn phòng UBND tỉnh", role: "issued", '
     'topics: [par_plan', "dấu ngoặc '[' mở ở dòng 32, cột 123 chưa được đóng bằng ']', hoặc thiếu dấu phẩy giữa các mục "
                          "bên trong"),
])
def test_a_yaml_file_cut_inside_an_open_quote_or_bracket_says_it_ends_mid_way(tmp_path, parser, cut_after, opened):
    text = SEED_TEXT[:SEED_TEXT.index(cut_after) + len(cut_after)]
    vi, _ = _said(tmp_path, ["check", None], text, "submission.yaml")
    assert vi.startswith("lỗi: submission.yaml: dòng 3")  # the parsers stop at the end: line 32 or 33 by parser
    assert vi.endswith(f"lỗi cú pháp YAML: {MIDWAY_VI}; {opened}")
