"""Issue 15: one message catalogue, errors in plain Vietnamese, one number format per language, tables
wrapped on word boundaries, and no word of the other language in an output.

- The catalogue (compliance/i18n/locale/vi/LC_MESSAGES/compliance.po) holds a Vietnamese text for every
  message of the code and nothing else; places in a Vietnamese text are those of its English.
- Bad input says what is wrong in Vietnamese, naming the sheet and cell or the line and key (the
  issue's three examples), and in English with ``--lang en``.
- Numbers: 39,97 % / 39.97%, 28.044 / 28,044, dates 05/3/2023; JSON keeps plain numbers; the
  workbook's number formats come from the same table.
- Every command, on the samples and on bad input, in Vietnamese mode prints no English word of the
  catalogue (the rule in tests/i18n_words.py); in English mode no Vietnamese phrase of it.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from compliance.errors import InputError
from compliance.i18n import M, Num, Pct, count, date, percent, points
from compliance.i18n.catalogue import PO_FILE, vietnamese
from compliance.i18n.extract import calls, help_texts
from compliance.i18n.validation import explain

sys.path.insert(0, str(Path(__file__).parent))
from i18n_outputs import ROOT, SEED, outputs  # noqa: E402
from i18n_words import english_in, vietnamese_in  # noqa: E402

PACKAGE = ROOT / "compliance"


def _code_messages() -> dict[tuple[str | None, str], str]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for line, context, msgid in calls(source):
            found.setdefault((context, msgid), f"{path.relative_to(ROOT)}:{line}")
        for line, msgid in help_texts(source):  # the command line's help (compliance/cli/help.py)
            found.setdefault((None, msgid), f"{path.relative_to(ROOT)}:{line}")
    return found


# ------------------------------------------------------------------------------------------ catalogue

def test_every_message_of_the_code_has_its_vietnamese_and_the_catalogue_nothing_else():
    from babel.messages.pofile import read_po

    used = _code_messages()
    assert ("", None) not in {(m, c) for c, m in used}, [w for (c, m), w in used.items() if not m][:5]  # literal texts only
    with PO_FILE.open("rb") as fh:
        catalog = read_po(fh)
    entries = {(m.context, m.id): m for m in catalog if m.id}
    missing = [f"{where}: {msgid!r}" for (ctx, msgid), where in used.items() if not msgid or (ctx, msgid) not in entries]
    assert not missing, missing[:10]
    untranslated = [m.id for m in entries.values() if not m.string or m.fuzzy]
    assert not untranslated, untranslated[:10]
    unused = [k for k in entries if k not in used]
    assert not unused, unused[:10]
    assert len(used) > 900  # labels, errors, notes, page words: the whole product's text


def test_the_compiled_catalogue_is_the_po_file():
    """Commands read the compiled ``.mo`` (``make messages`` writes it beside the ``.po``): it must hold
    exactly the ``.po``'s translations, or a text edited in the ``.po`` would never be shown."""
    from compliance.i18n.catalogue import MO_FILE, po_messages

    assert MO_FILE.exists(), "run make messages"
    assert vietnamese() == po_messages(), "the .mo is older than the .po: run make messages"
    assert vietnamese()[("dossier", "On time")] == "Đúng hạn"


def test_a_vietnamese_text_uses_only_the_places_of_its_english():
    for (_ctx, msgid), vi in vietnamese().items():
        places = set(re.findall(r"\{(\w+)", vi))
        assert places <= set(re.findall(r"\{(\w+)", msgid)), (msgid, vi)
        assert vi == vi.strip() or msgid != msgid.strip()


def test_input_errors_are_catalogue_messages_not_bare_text():
    """Every ``InputError(path, message, …)`` of the code passes a message (M(…) or a value holding one),
    never a string literal or an f-string, so that it can be said in both languages."""
    bare = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "InputError":
                message = node.args[1] if len(node.args) > 1 else None
                if isinstance(message, (ast.JoinedStr, ast.BinOp)) or (isinstance(message, ast.Constant)
                                                                       and isinstance(message.value, str)):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bare, bare


def test_a_message_is_english_as_a_string_and_vietnamese_when_asked():
    m = M("file not found")
    assert m == "file not found" and m.get("en") == "file not found" and m.get("vi") == "không tìm thấy tệp"
    err = InputError("a.xlsx", M("file not found"))
    assert str(err) == "a.xlsx: file not found" and err.line("vi") == "a.xlsx: không tìm thấy tệp"


# ------------------------------------------------------------------------ errors in plain Vietnamese

class _Figures(BaseModel):
    total: int


def test_pydantic_errors_in_plain_words():
    with pytest.raises(ValidationError) as exc:
        _Figures.model_validate({"total": "hai mươi nghìn"})
    said = explain(exc.value.errors()[0])
    assert said.get("vi") == "'hai mươi nghìn' không phải là số; hãy nhập số, ví dụ 20000"
    assert said.get("en") == "'hai mươi nghìn' is not a number; enter a number, e.g. 20000"
    with pytest.raises(ValidationError) as exc:
        _Figures.model_validate({})
    assert explain(exc.value.errors()[0]).get("vi") == "thiếu khoá bắt buộc 'total'"


def _cli(*args: str) -> tuple[int, str]:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True)
    return done.returncode, done.stderr.strip()


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    from i18n_outputs import bad_inputs

    return bad_inputs(tmp_path_factory.mktemp("bad"))


def test_text_in_a_number_cell_names_the_cell_and_asks_for_a_number(bad):
    code, err = _cli("check", str(bad["text-number.xlsx"]))
    # D6 is a self-assessed points cell: the example is a number of points
    assert code == 2 and err == (f"lỗi: {bad['text-number.xlsx']}: ô D6 (trang 'Tự đánh giá'): 'hai mươi nghìn' không "
                                 "phải là số điểm; hãy nhập số, ví dụ 1,5")
    code, err = _cli("check", str(bad["text-number.xlsx"]), "--lang", "en")
    assert err.endswith("sheet Tự đánh giá, cell D6: 'hai mươi nghìn' is not a number of points; enter a number such as 1,5")


def test_a_day_that_does_not_exist_is_said_so(bad):
    code, err = _cli("check", str(bad["bad-date.yaml"]))
    assert code == 2 and err == (f"lỗi: {bad['bad-date.yaml']}: dòng 16, khoá period.from: ngày '31/02/2020' không có "
                                 "thật: tháng 2 năm 2020 chỉ có 29 ngày")
    code, err = _cli("check", str(bad["bad-date.xlsx"]))
    assert code == 2 and "ô B10 (trang 'Cơ quan'): ngày '31/02/2020' không có thật" in err
    code, err = _cli("check", str(bad["bad-date.yaml"]), "--lang", "en")
    assert err.endswith("line 16, period.from: the date '31/02/2020' does not exist: February 2020 has 29 days")


def test_a_required_row_left_empty_names_its_sheet_and_row(bad):
    code, err = _cli("check", str(bad["no-role.xlsx"]))
    assert code == 2 and err == (f"lỗi: {bad['no-role.xlsx']}: ô B19 (trang 'Cơ quan'): 'Vai trò đối với báo cáo' là "
                                 "thông tin bắt buộc: hãy điền giá trị")
    assert "report/role" not in err and "Field required" not in err


def test_a_register_value_names_its_column_and_kind_in_vietnamese(tmp_path):
    from clirun import main

    lines = (ROOT / "samples" / "registers" / "demo-2025-register.csv").read_text(encoding="utf-8").splitlines()[:4]
    assert lines[2].endswith(",Đúng hạn,")
    register = tmp_path / "so-tiep-nhan.csv"
    register.write_text("\n".join(lines[:2] + [lines[2].replace(",Đúng hạn,", ",Xong rồi,")] + lines[3:]) + "\n", encoding="utf-8")
    vi = main("dossiers", "check", register, "--lang", "vi").err
    assert vi.startswith(f"lỗi: {register}: dòng 3: cột 'Trạng thái': 'Xong rồi' không phải giá trị tình trạng đã biết "
                         "(các giá trị đã biết: received (mới tiếp nhận), ")
    assert main("dossiers", "check", register, "--lang", "en").err.startswith(
        f"error: {register}: row 3: column 'Trạng thái': 'Xong rồi' is not a known status value (known: ")


def test_a_bad_option_is_said_in_the_output_language():
    code, err = _cli("check", str(SEED), "--format", "pdf")
    assert code == 2 and err == "lỗi: giá trị không hợp lệ cho '--format': hãy chọn một trong table, json, markdown (xem --help)"
    code, err = _cli("check", str(SEED), "--format", "pdf", "--lang", "en")
    assert err == "error: invalid value for '--format': choose one of table, json, markdown (see --help)"


# ------------------------------------------------------------------------------------------- numbers

def test_numbers_are_written_as_babel_writes_them_with_the_languages_separators():
    """Numbers are rounded half up and written with the separators Babel gives each language; the
    formatting itself is Python's (Babel's pattern engine cost a 700-agency round 5 s). Babel's
    ``format_decimal`` is the oracle, over generated values and the edges of rounding and sign."""
    import decimal
    import random

    from babel.numbers import format_decimal

    from compliance.i18n import numbers

    rng = random.Random(7)
    values = [0, -0.0, 0.0004, -0.0004, 0.0005, 2.175, 2.1755, -2.1755, 28044, 28044.5, 39.175, 0.1 + 0.2, 99.995,
              1 / 3, 1e9 + 0.125, -1234567.891]
    values += [rng.uniform(-1e7, 1e7) for _ in range(300)] + [round(rng.uniform(0, 100), rng.randint(0, 5)) for _ in range(300)]
    for value in values:
        for lang in ("vi", "en"):
            for places in (None, 0, 2, 3):
                pattern = "#,##0.###" if places is None else "#,##0." + "0" * places if places else "#,##0"
                rounded = numbers._rounded(value, 3 if places is None else places)
                with decimal.localcontext() as ctx:
                    ctx.rounding = decimal.ROUND_HALF_UP
                    want = format_decimal(abs(rounded) if rounded == 0 else rounded, format=pattern, locale=lang,
                                          group_separator=True).replace("-", numbers.MINUS)
                assert numbers.number(value, lang, places) == want, (value, lang, places)
    assert (numbers.number(28044.5, "vi"), numbers.number(-2.1755, "en", 3)) == ("28.044,5", "\u22122.176")
    # more digits than the decimal context's 28 (a 26-digit count in a submission stopped check with exit 3)
    assert numbers.number(10**26 - 1, "vi") == "99.999.999.999.999.999.999.999.999"
    assert numbers.number(-(10**40), "en", 2) == "\u2212" + "10" + ",000" * 13 + ".00"
    assert numbers.number(1e300, "vi", 0) == "1" + ".000" * 100  # the float as Python writes it (1e+300)
    assert numbers.percent(float("nan"), "en") == "NaN%"


def test_one_number_and_date_format_per_language():
    assert (percent(39.97, "vi"), percent(39.97, "en")) == ("39,97 %", "39.97%")
    assert (count(28044, "vi"), count(28044, "en")) == ("28.044", "28,044")
    assert (points(2.175, "vi"), points(2.175, "en"), points(-0.5, "vi"), points(4.0, "vi")) == ("2,175", "2.175", "−0,5", "4")
    assert (date(dt.date(2023, 3, 5), "vi"), date(dt.date(2020, 1, 1), "vi"), date(dt.date(2023, 3, 5), "en")) == \
        ("05/3/2023", "01/01/2020", "05/03/2023")
    assert M("{n} of {share}", n=Num(28044), share=Pct(47.26)).get("vi") == "28.044 of 47,26 %"  # no catalogue text
    assert points(2.1755, "vi") == "2,176"  # half up, as councils round


def test_the_seed_index_in_every_surface(tmp_path):
    from openpyxl import load_workbook
    from compliance import api
    from compliance.io.workbook import Formats

    card = api.check(SEED)
    assert card.totals.index_percent == 39.97
    vi, en = api.render_scorecard(card, "table", "vi"), api.render_scorecard(card, "table", "en")
    assert "Chỉ số: 39,97 % — Xếp loại: Yếu" in vi and "Index: 39.97% — Class: Weak" in en
    assert "= 39,97 %" in vi.splitlines()[-2] and "= 39.97%" in en.splitlines()[-2]
    assert "Chỉ số: 39,97 %" in api.render_scorecard(card, "markdown", "vi")
    assert json.loads(api.render_scorecard(card, "json", "vi"))["totals"]["index_percent"] == 39.97  # plain numbers
    api.write_scored_workbook(card, tmp_path / "vi.xlsx", "vi")
    formats = {c.number_format for ws in load_workbook(tmp_path / "vi.xlsx") for row in ws.iter_rows() for c in row}
    assert Formats("vi").percent in formats and Formats("vi").percent == "[$-42A]0.00\\ %"
    assert Formats("en").percent == "[$-409]0.00%" and Formats("vi").date_of(dt.date(2023, 3, 5)) == "[$-42A]dd/m/yyyy"


def test_registers_and_the_page_write_numbers_the_same_way():
    from compliance.web.text import num

    assert (num(39.97, "vi", 2), num(28044, "vi", 0), num(28044, "en", 0)) == ("39,97", "28.044", "28,044")
    code, _ = 0, None
    from click.testing import CliRunner
    from compliance.cli import cli

    out = CliRunner().invoke(cli, ["dossiers", "summarize", str(ROOT / "samples" / "registers" / "demo-2025-register.csv")]).output
    assert re.search(r"\d+,\d\d %", out) and not re.search(r"\d+\.\d\d ?%", out)
    out = CliRunner().invoke(cli, ["dossiers", "summarize", str(ROOT / "samples" / "registers" / "demo-2025-register.csv"),
                                   "--lang", "en"]).output
    assert re.search(r"\d+\.\d\d%", out) and not re.search(r"\d+,\d\d ?%", out)


# -------------------------------------------------------------------------------------- wrapping

def test_tables_wrap_on_word_boundaries_in_both_languages():
    from compliance import api
    from compliance.report.tables import tabulate
    from compliance.report.text import score_headers

    table = tabulate([["a", "Computed points of the criterion"]], headers=["Computed", "Reason"], maxcolwidths=[5, 12],
                     maxheadercolwidths=[5, 12])
    assert "Computed" in table and "Compute\n" not in table and "points of the" not in table.replace("\n", " | ")
    card = api.check(SEED)
    for lang in ("en", "vi"):
        lines = api.render_scorecard(card, "table", lang).splitlines()
        top = lines.index(next(line for line in lines if line.startswith("STT") or line.startswith("No.")))
        head = " ".join(lines[top:top + 3])  # the header, wrapped over up to three lines
        for word in " ".join(score_headers(lang)).split():
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", head), (lang, word, lines[top:top + 3])
        for row in card.rows[:40]:  # every word of a criterion's name stands whole somewhere in the table
            for word in row.name.get(lang).split():
                assert word in "\n".join(lines), (lang, word)


# ------------------------------------------------------------------------- no word of the other language

@pytest.fixture(scope="module")
def vi_outputs(tmp_path_factory):
    return outputs("vi", tmp_path_factory.mktemp("vi"))


@pytest.fixture(scope="module")
def en_outputs(tmp_path_factory):
    return outputs("en", tmp_path_factory.mktemp("en"))


#: what a command prints that is not the product's words but data of its files, written in English by
#: their authors (rule test names, legal-basis notes and fact kinds in rules/, the sources of the QĐ 766
#: index file with their notes, English names in a criteria diff): left out line by line
DATA_LINES = (re.compile(r"^(ca kiểm thử|tests): "), re.compile(r"^\s+- .*— "), re.compile(r"^(loại dữ kiện|điều kiện): "),
              re.compile(r"<https?://"), re.compile(r"^- \w+ \([^)]*\): "))
#: commands whose tables are data of both languages side by side (a criteria diff shows ``name.en``
#: fields): only their last line (the count of changes) is checked
DATA_COMMANDS = ("criteria diff",)


def _checked_lines(text: str, command: str = ""):
    lines = text.splitlines()
    if command.startswith(DATA_COMMANDS):
        lines = lines[-1:]
    for line in lines:
        if not any(p.search(line) for p in DATA_LINES):
            yield line


def test_vietnamese_outputs_have_no_english_word_of_the_catalogue(vi_outputs):
    from compliance.catalog import rulebook
    from compliance.papi.provinces import provinces

    codes = {r.fact for r in rulebook().rules.values()} | {"table", "json", "markdown"}
    names = {w for p in provinces(2016).values() for w in re.findall(r"[A-Za-z]+", p.name.en or "")}
    leaks = {}
    for command, text in vi_outputs.items():
        for line in _checked_lines(text, command):
            found = {w for w in english_in(line) if w not in codes and w not in names}
            if found:
                leaks.setdefault(command, []).append((sorted(found), line.strip()[:120]))
    assert not leaks, json.dumps({k: v[:3] for k, v in leaks.items()}, ensure_ascii=False, indent=1)
    assert len(vi_outputs) >= 30


#: English mode: the commands whose output is the product's own words and figures (the others quote
#: Vietnamese data at length: criteria texts, a report's sentences, a plan's tasks, legal documents' names)
EN_CHECKED = ("check /", "validate", "rules list", "dossiers summarize", "dossiers check", "dossiers index766",
              "papi score", "papi structure", "round run", "criteria list", "criteria check")


def test_english_outputs_have_no_vietnamese_phrase_of_the_catalogue(en_outputs):
    leaks = {}
    checked = {c: t for c, t in en_outputs.items() if c.startswith(EN_CHECKED) and "--format markdown" not in c}
    assert len(checked) >= 20
    for command, text in checked.items():
        # the names of legal forms are proper titles (Mẫu số 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả))
        flat = re.sub(r"Mẫu số \d+ \([^)]*\)", " ", " ".join(" ".join(_checked_lines(text, command)).split()))
        found = vietnamese_in(flat)
        if found:
            leaks[command] = sorted(found)[:5]
    assert not leaks, json.dumps(leaks, ensure_ascii=False, indent=1)


def test_the_web_pages_words(tmp_path):
    """The page words of both languages, on the home page and the agency page with a scored form."""
    from starlette.testclient import TestClient

    from compliance.web import create_app

    client = TestClient(create_app())
    for lang, check in (("vi", lambda t: english_in(t)), ("en", lambda t: vietnamese_in(t))):
        page = client.get(f"/?lang={lang}").text + client.get(f"/agency?lang={lang}").text
        # the language switch names the other language in that language ("English" on a Vietnamese page)
        page = re.sub(r'<a class="lang"[^>]*>[^<]*</a>', " ", page)
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S))
        assert not check(text), (lang, sorted(check(text))[:10])
