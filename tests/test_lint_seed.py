"""`compliance lint` on the seed report (Văn phòng UBND tỉnh Đắk Nông, 2020), as .txt and as a .docx
built here from it (its tables as Word tables), and `--extract` against the hand-encoded sample.

Every expected place below was read off the seed by hand: paragraph numbers count the non-empty
paragraphs outside tables, a paragraph cut by a page break counted once (lines 15/17 and 113/115).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from compliance.lint import extract_draft, lint_report, write_draft
from compliance.lint.checks import rate_agrees
from compliance.lint.run import read_report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from lint_drafts import filled  # noqa: E402
SEED = ROOT.parent / "shared" / "seed" / "000_f535a25cdda1826c.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the seed report (../shared/seed) is not beside the project")


def build_docx(text: str, path: Path) -> None:
    """The report as a person's Word file: one paragraph per line, tab-separated lines as Word tables
    (blank lines between rows are page breaks inside one table; a row that lost its empty cells after
    the first, as PDF-to-text tools drop them, gets them back there)."""
    import docx

    document = docx.Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" not in line:
            if line.strip():
                document.add_paragraph(line)
            i += 1
            continue
        rows = []
        while i < len(lines) and ("\t" in lines[i] or (not lines[i].strip() and i + 1 < len(lines) and "\t" in lines[i + 1])):
            if lines[i].strip():
                rows.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=width)
        for r in rows:
            cells = r[:1] + [""] * (width - len(r)) + r[1:]
            row = table.add_row().cells
            for cell, value in zip(row, cells):
                cell.text = value
    document.save(str(path))


@pytest.fixture(scope="module")
def txt_report():
    return lint_report(SEED)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "bao-cao.docx"
    build_docx(SEED.read_text(encoding="utf-8"), path)
    return path


def _key(f):
    return (f.kind, f.severity.value, f.place.key(), f.quote, f.arithmetic, f.message.vi)


def test_txt_and_docx_give_the_same_findings(txt_report, docx_path):
    from_docx = lint_report(docx_path)
    assert from_docx.file_format == "docx" and from_docx.tables == 2
    assert [_key(f) for f in from_docx.findings] == [_key(f) for f in txt_report.findings]
    assert len(txt_report.findings) == 11


# (kind, paragraph or (table, row), words the finding must show): each a real defect of the seed
DEFECTS = {
    "quarter in an annual report": ("period_mismatch", 5, "quý III năm 2020"),
    "decision cited without a date": ("citation_no_year", 17, "78/QĐ-UBND"),
    "number without a symbol": ("citation_format", 18, "13/2020"),
    "five-digit year": ("date_impossible", 26, "13/01/20120"),
    "circular dated 2029": ("citation_after_report", 47, "01/2029/TT-BNV"),
    "late dossier of Sở Xây dựng silent on apology": ("apology_not_stated", 56, "Sở Xây dựng"),
    "section III starts at 2": ("numbering", 60, "thiếu 1"),
    "plan cited with a decision's symbol": ("citation_format", 65, "46/QĐ-UBND"),
    "section IV used twice": ("numbering", 67, "\"IV\" lặp lại"),
    "section V used twice": ("numbering", 75, "\"V\" lặp lại"),
    "PAR INDEX table skips field 3": ("table_items", (2, 12), "thiếu mục 3"),
}


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_seed_defect_is_found_at_its_paragraph(txt_report, name):
    kind, where, words = DEFECTS[name]
    found = [f for f in txt_report.findings if f.kind == kind and words in f.message.vi + f.quote]
    assert len(found) == 1, [f.message.vi for f in txt_report.findings if f.kind == kind]
    place = found[0].place
    if isinstance(where, tuple):
        assert (place.table, place.row, place.column_name) == (*where, "STT")
    else:
        assert place.paragraph == where


def test_legal_basis_of_the_apology_gap_follows_the_period(txt_report):
    gap = next(f for f in txt_report.findings if f.kind == "apology_not_stated")
    assert gap.severity.value == "medium"
    cited = " ".join(b.vi for b in gap.legal_basis)
    assert "61/2018/NĐ-CP" in cited and "118/2025" not in cited  # a 2020 report: before 01/7/2025


def test_consistent_figures_give_no_finding(txt_report):
    figure_kinds = {"sum_mismatch", "part_exceeds_total", "agency_list_mismatch", "level_sum_mismatch",
                    "pending_mismatch", "percent_mismatch", "percent_sum", "percentage_points"}
    assert not [f for f in txt_report.findings if f.kind in figure_kinds]
    # and the figures were really read and compared: 102 = 13 + 64 + 25, the shares of 27.010, 47,26 %
    r = read_report(SEED)
    items = r.late_lists[0].items
    real = [i.count for i in items if i.lateness == "late"]
    soft = [i.count for i in items if i.lateness == "software_only"]
    assert (sum(real) - 64, 64 in real, sum(soft)) == (13, True, 25)
    assert sum(real) + sum(soft) == r.figures.get("late").num.value == 102
    assert [p.num.value for b in r.figures.breakdowns if b.total.value == 27010 for p in b.parts] == [5072, 21836, 102]
    for stated, count in ((18.78, 5072), (80.84, 21836), (0.38, 102)):
        assert rate_agrees(stated, 2, count, 27010)[0]
    assert rate_agrees(47.26, 2, 13253, 28044)[0]
    assert not txt_report.assumptions[1:]  # one assumption only: the report has no date of its own


def test_a_changed_figure_is_found(tmp_path):
    """The same report with two figures changed: the checks that stayed silent above now speak."""
    text = SEED.read_text(encoding="utf-8").replace("quá hạn 102 hồ sơ", "quá hạn 103 hồ sơ").replace("47,26 % tỷ lệ", "47,62 % tỷ lệ")
    path = tmp_path / "changed.txt"
    path.write_text(text, encoding="utf-8")
    kinds = {(f.kind, f.place.paragraph) for f in lint_report(path).findings}
    assert {("sum_mismatch", 55), ("agency_list_mismatch", 56), ("percent_mismatch", 54)} <= kinds


def _check(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "compliance", "check", str(path), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_extract_then_check_gives_the_sample_figures_and_gaps(tmp_path):
    draft = extract_draft(SEED)
    target = tmp_path / "draft.yaml"
    write_draft(draft, target, SEED.name)
    text = target.read_text(encoding="utf-8")
    assert "# «Đã giải quyết 27.010 hồ sơ, trong đó: trước hạn 5.072 hồ sơ" in text  # the source sentence
    assert "CẦN-ĐIỀN" in text and "# CHƯA ÁNH XẠ" in text  # fields and figures left for a person
    refused = subprocess.run([sys.executable, "-m", "compliance", "check", str(target)], capture_output=True, text=True,
                             cwd=ROOT)
    assert refused.returncode == 2 and "agency.code" in refused.stderr and refused.stderr.count("\n") == 1
    target.write_text(filled(text, "DNG-VPUBND"), encoding="utf-8")
    mine, sample = _check(target), _check(ROOT / "samples" / "daknong-vpubnd-2020")
    dossiers = ("received_total", "received_online", "resolved_total", "resolved_early", "resolved_on_time",
                "resolved_late", "late_listed", "late_with_apology", "late_without_apology", "late_apology_not_stated",
                "late_software_only", "online_rate", "on_time_rate")
    values = lambda card: {m["id"]: m["value"] for m in card["metrics"] if m["id"] in dossiers}  # noqa: E731
    assert values(mine) == values(sample) and values(mine)["late_listed"] == 102
    gaps = lambda card: sorted((f["rule"], f["subject"], f["count"]) for f in card["findings"])  # noqa: E731
    assert gaps(mine) == gaps(sample)
    assert {c["id"]: c["ok"] for c in mine["checks"]} == {c["id"]: c["ok"] for c in sample["checks"]}
    points = lambda card, node: next(r["computed"] for r in card["rows"] if r["id"] == node)  # noqa: E731
    # "ngày 04/11/2019 ban hành Công văn số 980/VPUBND-HCQT": the date before the number is the letter's (QA8 F17);
    # shares stated plainly: "hoàn thành nhiệm vụ CCHC đạt 95% kế hoạch đề ra" (1.1.2), "công khai kịp thời 100% thủ
    # tục hành chính" (3.2), "trên 95% cán bộ, công chức … chấp hành nghiêm giờ giấc" (5.2)
    assert [points(mine, n) for n in ("5.1.1", "1.1.2", "3.2", "5.2")] == [points(sample, n) for n in ("5.1.1", "1.1.2", "3.2", "5.2")] == [1, 2, 2, 3]
    said = yaml.safe_load(target.read_text(encoding="utf-8"))["figures"]
    assert said["discipline_rate"] | {"source": None} == {
        "value": 95, "unit": "percent", "qualifier": "above", "text": "trên 95%", "source": None,
        "label": "Tỷ lệ cán bộ, công chức, viên chức chấp hành nghiêm giờ giấc, kỷ luật làm việc"}


def test_a_document_without_its_date_is_left_for_a_person():
    """Quyết định 78/QĐ-UBND is named without a date: the draft asks for it; the training plan's date,
    written before its number, is read; a decree whose number has its year is not asked for."""
    draft = extract_draft(SEED)
    docs = {d["number"]: d for d in draft.data["documents"]}
    assert docs["980/VPUBND-HCQT"]["date"] == "04/11/2019"
    assert docs["78/QĐ-UBND"]["date"] == "CẦN-ĐIỀN" and "documents[17].date: Quyết định 78/QĐ-UBND" in draft.to_fill
    assert "date" not in docs["61/2018/NĐ-CP"] and docs["61/2018/NĐ-CP"]["role"] == "cited"


def test_cli_lint_and_extract(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "compliance", "lint", *a], capture_output=True, text=True, cwd=ROOT)  # noqa: E731
    out = run(str(SEED), "--format", "json", "--fail-on", "medium")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["period_label"] == "năm 2020" and len(data["findings"]) == 11
    assert run(str(SEED), "--fail-on", "high").returncode == 0
    md = run(str(SEED), "--format", "markdown", "--lang", "en")
    assert md.returncode == 0 and "| severity" in md.stdout and "13/01/20120" in md.stdout
    draft = tmp_path / "out" / "draft.yaml"
    done = run(str(SEED), "--extract", "-o", str(draft))
    assert done.returncode == 0 and draft.is_file() and "compliance check" in done.stderr
    dated = run(str(SEED), "--report-date", "15/12/2020", "--format", "json")
    assert json.loads(dated.stdout)["report_date"] == "2020-12-15"
    bad = run(str(SEED), "--report-date", "31/02/2020")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--report-date" in bad.stderr


def test_docx_automatic_numbering_is_read(tmp_path):
    """Headings numbered by Word (I., II., II.) are read with their numbers: the repeat is found."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.append(parse_xml(f'<w:abstractNum {ns} w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                               f'<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    for text in ("CÔNG TÁC CHỈ ĐẠO", "KẾT QUẢ", "PHƯƠNG HƯỚNG"):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'))
    document.add_paragraph("III. PHƯƠNG HƯỚNG")  # typed by hand after automatic numbering: III again
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    report = lint_report(path)
    assert [o.number for o in report.places if o.kind == "heading"] == ["I", "II", "III", "III"]
    assert [(f.kind, f.place.paragraph) for f in report.findings] == [("numbering", 4)]


def test_five_megabytes_of_text_are_read(tmp_path):
    """Long, repetitive input (5 MB, one pathological line among normal ones) is read to the end; the
    time is printed by bench/lint.py, not asserted here."""
    block = SEED.read_text(encoding="utf-8")
    hostile = "(" * 20000 + "1.1.1.1," * 20000 + " hồ sơ trong đó " * 5000
    text = (block + "\n" + hostile + "\n") * 1
    text += block * (5_000_000 // len(block.encode("utf-8")))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    report = lint_report(path)
    assert sum(1 for f in report.findings if f.kind == "date_impossible") >= 2
    assert re.search(r"13/01/20120", report.findings[3].quote + "".join(f.quote for f in report.findings))


def test_shares_stated_plainly_are_mapped_only_when_their_words_say_what(tmp_path):
    """A training plan's completion, decisions publicised and staff trained are not the PAR plan, the procedures
    publicised or the working-hours discipline; "khoảng 98%" keeps its qualifier."""
    path = tmp_path / "bao-cao.txt"
    path.write_text(SEED.read_text(encoding="utf-8").split("\n- Thực hiện Chỉ thị số 17/CT-UBND")[0] + "\n"
                    "- Hoàn thành kế hoạch đào tạo, bồi dưỡng đạt 90% kế hoạch đề ra. Công khai 100% quyết định công bố. "
                    "Trên 95% cán bộ, công chức được bồi dưỡng kiến thức quốc phòng. Khoảng 98% cán bộ, công chức, viên "
                    "chức chấp hành nghiêm kỷ luật, kỷ cương hành chính.\n", encoding="utf-8")
    figures = extract_draft(path).data.get("figures", {})
    assert "par_plan_completion_rate" not in figures and "procedures_publicised_rate" not in figures
    assert (figures["discipline_rate"]["value"], figures["discipline_rate"]["qualifier"]) == (98, "about")
