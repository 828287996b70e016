"""The one workbook writer and every exporter on it: hostile text stays text, every sheet is set up for
print, numbers are formatted by language (issue 10's writer, issue 11 item 1, issue 15's workbooks).

Each exporter is fed text that spreadsheet applications would run ("=HYPERLINK(…)", "=cmd|…", "+1+1",
"-2", "@SUM(1)", a tab or CR before "=", spaces before "="): every cell is read back, each hostile text
must come back as a string equal to what went in (control characters dropped, CR made LF; where a
reader trims the input, as trimmed), and no cell holds a formula made from data.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.io.workbook import Book, Formats, clean_text, csv_safe, put, put_formula, write_csv, write_table
from compliance.model.base import Text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ['=HYPERLINK("http://evil.example","bấm vào")', "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(1)", "\t=1+1",
           "\r=1", "  =1"]
PAYLOAD = ("HYPERLINK", "cmd|", "1+1", "SUM(1)", "calc")
"""Pieces of the hostile texts that no formula of the product contains."""


def cells(path: Path):
    """Every stored cell of every sheet: (sheet, cell)."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws.title, c


def assert_hostile_text_is_text(path: Path, expected: list[str]) -> None:
    """No formula holds data; each expected text is a string cell somewhere, exactly."""
    texts = set()
    for sheet, c in cells(path):
        if c.data_type == "f":
            assert not any(p in c.value for p in PAYLOAD), f"{sheet}!{c.coordinate} is a formula from data: {c.value!r}"
        elif isinstance(c.value, str):
            assert c.data_type == "s"
            texts.add(c.value)
    missing = [e for e in expected if e not in texts]
    assert not missing, f"{path.name}: not found as text cells: {missing}"


# ------------------------------------------------------------------------------------ the writer itself

def test_put_stores_text_as_text_and_drops_what_xml_cannot_hold(tmp_path):
    book = Book()
    ws = book.sheet("T")
    for r, text in enumerate(HOSTILE + ["a\x00b\x1fc", "x\r\ny"], 1):
        put(ws, r, 1, text)
    put_formula(ws, 20, 1, "=SUM(1,2)")
    with pytest.raises(ValueError):
        put_formula(ws, 21, 1, "SUM(1,2)")
    book.save(tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["T"]
    got = [ws.cell(row=r, column=1).value for r in range(1, len(HOSTILE) + 3)]
    assert got == [t.replace("\r", "\n") for t in HOSTILE] + ["abc", "x\ny"]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(1, len(HOSTILE) + 3))
    assert ws["A20"].data_type == "f" and ws["A20"].value == "=SUM(1,2)"
    assert clean_text("\r=1") == "\n=1"


def test_csv_output_goes_through_the_same_guard(tmp_path):
    assert [csv_safe(t) for t in HOSTILE] == ["'" + t for t in HOSTILE]
    assert csv_safe("Sở Tư pháp") == "Sở Tư pháp" and csv_safe(-2) == -2 and csv_safe("a-2") == "a-2"
    write_csv(tmp_path / "o.csv", ["agency", "count"], [[t, 1] for t in HOSTILE])
    text = (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()[:2]))
    assert rows == [["agency", "count"], ["'" + HOSTILE[0], "1"]]


def test_number_formats_by_language():
    vi, en = Formats("vi"), Formats("en")
    assert (vi.count, vi.points, vi.percent, vi.date) == ("[$-42A]#,##0", "[$-42A]#,##0.00#", "[$-42A]0.00\\ %",
                                                          "[$-42A]dd/m/yyyy")  # 05/3/2023
    assert vi.for_value(dt.date(2023, 1, 5)) == "[$-42A]dd/mm/yyyy" and en.date == "[$-409]dd/mm/yyyy"  # 05/01/2023
    assert (en.count, en.points, en.percent) == ("[$-409]#,##0", "[$-409]#,##0.00#", "[$-409]0.00%")
    assert vi.for_value(28044) == vi.count and vi.for_value(39.18) == vi.points
    assert vi.for_value(dt.date(2023, 3, 5)) == vi.date and vi.for_value("x") is None and vi.for_value(True) is None


def test_a_table_in_a_write_only_book(tmp_path):
    book = Book("vi", header=("Sở Tư pháp & Sở Nội vụ", "2023"), write_only=True)
    ws = book.sheet("Bảng: thử/1")  # characters Excel refuses in a sheet name are replaced
    table = write_table(book, ws, ["Cơ quan", "Số hồ sơ", "Tỷ lệ"], [[t, 28044, 39.97] for t in HOSTILE],
                        [30, 12, 12], formats=[None, None, book.fmt.percent_points], lines=["Tiêu đề"], filters=True)
    assert (table.header_row, table.first, table.last) == (3, 4, 3 + len(HOSTILE))
    book.save(tmp_path / "w.xlsx")
    ws = load_workbook(tmp_path / "w.xlsx")["Bảng- thử-1"]
    assert [ws.cell(row=r, column=1).value for r in range(4, 4 + len(HOSTILE))] == [t.replace("\r", "\n") for t in HOSTILE]
    assert ws["B4"].number_format == "[$-42A]#,##0" and ws["C4"].number_format == '[$-42A]0.00" %"'
    assert ws.print_title_rows == "$3:$3" and ws.auto_filter.ref == f"A3:C{3 + len(HOSTILE)}"
    assert ws.oddHeader.left.text == "Sở Tư pháp && Sở Nội vụ" and ws.oddFooter.center.text == "Trang &P/&N"


# ----------------------------------------------------------------------------------- every exporter

def _scored(seed_card, path: Path, lang: str = "vi") -> list[str]:
    from compliance.report.xlsx import write_xlsx

    card = seed_card.model_copy(deep=True)
    card.agency_name = HOSTILE[0]
    for f, text in zip(card.findings, HOSTILE):
        f.subject = text
    for r, text in zip(card.rows[1:], HOSTILE):
        r.reason = Text(vi=text, en=text)
    write_xlsx(card, path, lang)
    return [clean_text(t) for t in HOSTILE]


def _round(tmp_path: Path):
    from compliance.round.run import run_round

    sample = ROOT / "samples" / "round"
    result = run_round(sample / "submissions", appraisal=sample / "appraisal.yaml", waivers=sample / "waivers.yaml")
    result = result.model_copy(deep=True)
    for a, text in zip(result.agencies, HOSTILE):
        a.agency_name = text
    leaves = [r for a in result.agencies for r in a.rows if r.leaf and r.applicable]
    for r, text in zip(leaves, HOSTILE[3:]):
        r.round1, r.round1_note, r.explanation = 0.5, text, text
    return result, [clean_text(t) for t in HOSTILE[:3]] + [clean_text(t) for t in HOSTILE[3:]]


def _register(tmp_path: Path) -> Path:
    rows = list(csv.reader((ROOT / "samples" / "registers" / "demo-2025-register.csv").read_text(encoding="utf-8").splitlines()))
    head, body = rows[0], rows[1:200]
    agency, procedure = head.index("Cơ quan giải quyết"), head.index("Tên thủ tục")
    for i, row in enumerate(body):
        row[agency] = HOSTILE[i % len(HOSTILE)]
        row[procedure] = HOSTILE[(i + 1) % len(HOSTILE)]
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([head] + body)
    return path


def _register_texts() -> list[str]:
    """The hostile agency names as the register reader hands them on (trimmed)."""
    return sorted({clean_text(t).strip() for t in HOSTILE})


def test_scored_workbook_keeps_hostile_text(seed_card, tmp_path):
    expected = _scored(seed_card, tmp_path / "s.xlsx")
    assert_hostile_text_is_text(tmp_path / "s.xlsx", expected)


def test_council_and_appraisal_workbooks_keep_hostile_text(tmp_path):
    from compliance.round.workbook import write_appraisal_workbook, write_council_workbook

    result, expected = _round(tmp_path)
    write_council_workbook(result, tmp_path / "c.xlsx")
    assert_hostile_text_is_text(tmp_path / "c.xlsx", expected)
    write_appraisal_workbook(result, tmp_path / "a.xlsx")
    assert_hostile_text_is_text(tmp_path / "a.xlsx", expected)


@pytest.mark.parametrize("command", ["summarize", "check"])
def test_register_workbooks_keep_hostile_text(tmp_path, command):
    from compliance.cli.dossiers import dossiers

    out = tmp_path / f"{command}.xlsx"
    catalogue = ["--procedures", str(ROOT / "samples" / "registers" / "demo-2025-catalogue.csv")]
    args = [command, str(_register(tmp_path)), "--xlsx", str(out)] + (["--by", "agency"] if command == "summarize"
                                                                        else catalogue)
    if command == "check":
        args += ["--json", str(tmp_path / "f.json")]
    result = CliRunner().invoke(dossiers, args)
    assert result.exit_code in (0, 1) and out.exists(), result.output
    expected = _register_texts()
    if command == "check":  # the agencies that have findings
        import json

        found = {f["agency"] for f in json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["findings"]}
        expected = [e for e in expected if e in found]
        assert len(expected) >= 2
    assert_hostile_text_is_text(out, expected)


def test_index766_workbook_keeps_hostile_agency_names(tmp_path):
    from compliance.cli.dossiers import dossiers

    rows = list(csv.reader((ROOT / "samples" / "registers" / "demo-2026-register.csv").read_text(encoding="utf-8").splitlines()))
    head, body = rows[0], rows[1:]
    agency = head.index("Cơ quan giải quyết")
    for i, row in enumerate(body):
        row[agency] = HOSTILE[i % len(HOSTILE)]
    register = tmp_path / "register.csv"
    with register.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([head] + body)
    out = tmp_path / "i766.xlsx"
    result = CliRunner().invoke(dossiers, ["index766", str(register), "--procedures",
                                           str(ROOT / "samples" / "registers" / "demo-2026-catalogue.csv"),
                                           "--xlsx", str(out)])
    assert result.exit_code == 0 and out.exists(), result.output
    assert_hostile_text_is_text(out, _register_texts())


def test_papi_profile_workbook_keeps_hostile_plan_text(tmp_path):
    from compliance.cli.papi import papi

    plan = tmp_path / "plan.yaml"
    plan.write_text("tasks:\n" + "".join(
        f"  - id: t{i}\n    dimension: vertical_accountability\n    task: \"{_yaml(text)}\"\n    result: \"{_yaml(text)}\"\n"
        f"    state: done\n" for i, text in enumerate(HOSTILE)), encoding="utf-8")
    out = tmp_path / "p.xlsx"
    result = CliRunner().invoke(papi, ["profile", "dak-nong", "--year", "2016", "--plan", str(plan), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    assert_hostile_text_is_text(out, [clean_text(t) for t in HOSTILE if t.strip() == t])


def _yaml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")


def test_template_keeps_hostile_submission_text(seed_loaded, tmp_path):
    from compliance.catalog import find_edition
    from compliance.template import write_template

    sub = seed_loaded.submission.model_copy(deep=True)
    sub.notes = list(HOSTILE)
    sub.agency.name = HOSTILE[0]
    write_template(tmp_path / "f.xlsx", find_edition("par-dept-model-2020"), sub)
    assert_hostile_text_is_text(tmp_path / "f.xlsx", [clean_text(t) for t in HOSTILE])


def test_criteria_export_keeps_hostile_names(tmp_path):
    from compliance.catalog import find_edition
    from compliance.criteria_lib.exporter import export_edition

    edition = find_edition("par-dept-model-2020").model_copy(deep=True)
    for node, text in zip(list(edition.nodes())[1:], HOSTILE):
        node.name = Text(vi=text, en=text)
    export_edition(edition, tmp_path / "e.xlsx")
    assert_hostile_text_is_text(tmp_path / "e.xlsx", [clean_text(t) for t in HOSTILE])


# ------------------------------------------------------------------------------------ print setup

def test_every_sheet_of_every_workbook_is_set_up_for_print(workbooks):
    for name, path in workbooks.items():
        wb = load_workbook(path)
        for ws in wb.worksheets:
            where = f"{name}: {ws.title}"
            assert int(ws.page_setup.paperSize) == 9, where  # A4
            assert ws.page_setup.orientation in ("landscape", "portrait"), where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), where
            assert ws.page_margins.left >= 0.4 and ws.page_margins.top >= 0.5, where
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, where
            assert ws.oddHeader.left.text and ws.oddHeader.right.text, where
            header_rows = {c.row for row in ws.iter_rows(max_row=8) for c in row if c.style == "header"}
            if header_rows:  # a table: its header row is repeated on every printed page
                assert ws.print_title_rows, where
                first, last = (int(x.strip("$")) for x in ws.print_title_rows.split(":"))
                assert min(header_rows) in range(first, last + 1), where  # the first table's header


def test_page_header_names_the_agency_and_period(workbooks, seed_card):
    ws = load_workbook(workbooks["scored"])["Bảng điểm"]
    assert ws.oddHeader.left.text == seed_card.agency_name and ws.oddHeader.right.text == seed_card.period
    assert load_workbook(workbooks["scored_en"])["Scorecard"].oddFooter.center.text == "Page &P of &N"
    ws = load_workbook(workbooks["council"])["Xếp hạng"]
    assert ws.oddHeader.left.text.startswith("Vòng đánh giá: ") and ws.oddHeader.right.text.startswith("Ngày tham chiếu: ")


def test_workbook_number_formats_follow_the_language(workbooks):
    vi, en = load_workbook(workbooks["scored"]), load_workbook(workbooks["scored_en"])
    find = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2)
            for ws in (vi["Tổng hợp"], en["Summary"]) for r in range(1, ws.max_row + 1)}
    assert find["Chỉ số (%) công cụ tính"].number_format == "[$-42A]0.00\\ %"
    assert find["Index (%) as the tool computed it"].number_format == "[$-409]0.00%"
    assert find["Điểm tối đa áp dụng (mẫu số)"].number_format == "[$-42A]#,##0.00#"
    assert find["Applicable maximum (denominator)"].number_format == "[$-409]#,##0.00#"
    ws = load_workbook(workbooks["summary"])["Tổng hợp"]
    counts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int) and not isinstance(c.value, bool)]
    assert counts and all(c.number_format == "[$-42A]#,##0" for c in counts)


def test_charts_where_people_would_rather_look(workbooks):
    def charts(name: str) -> dict[str, int]:
        return {ws.title: len(ws._charts) for ws in load_workbook(workbooks[name]).worksheets if ws._charts}

    assert charts("scored") == {"Biểu đồ": 1}  # points by field against their maxima
    assert charts("council") == {"Biểu đồ": 2}  # the ranking; the fields' average, highest, lowest
    assert charts("papi_profile") == {"Biểu đồ": 2}  # the dimensions against the national median; the ranking
    assert charts("summary") == {"Biểu đồ": 1}  # lateness by agency
    assert charts("check") == {"Biểu đồ": 1}  # findings by agency
