"""Issue 11 item 9: a fuzz suite over every input the product reads, through the real command line.

Mutated submissions (YAML text and values, JSON values, the Excel form's cells), registers (CSV text
and cells, XLSX cells and sheets), criteria (the annex workbook's cells, a criteria YAML's text),
appraisal files (YAML values, the export-appraisal workbook's cells), waiver files and whole round
folders are run through ``compliance.cli.main`` in this process (SystemExit caught), a few through a
child process. Every run must:

- exit 0, 1 or 2 (never 3, an internal error);
- never print a traceback or "Exception ignored";
- on exit 2 for bad input: end stderr with one-line errors beginning "error: " and naming the file (a
  register or an annex may list several problems, each on its line), and leave no output written (a
  round whose submissions are partly unreadable exits 2 too, but is still written: checked apart);
- leave no temporary file.

Bounded: each test runs a fixed number of examples (derandomized, so ``make test`` is reproducible), about
a minute in all on this 2-core machine. ``FUZZ_EXAMPLES=200 FUZZ_RANDOM=1`` runs a longer, random search.

The same runs also hold the items of issue 11 that other branches made true: text from the data never
becomes a formula in a written workbook (item 1), ``validate`` refuses what ``check`` refuses (item 6);
and a register workbook of two sheets is read whole (item 8), at the end.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clirun import Run, child, main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "daknong-vpubnd-2020" / "submission.yaml"
FORM = SAMPLES / "forms" / "daknong-vpubnd-2020.xlsx"
ROUND = SAMPLES / "round-2020"
CENTRE = SAMPLES / "demo-centre-2020-register"
EDITION = ROOT / "criteria" / "par-index" / "dept-model-2020.yaml"

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None


def fuzz(examples: int):
    """Hypothesis settings for one fuzz test: ``examples`` runs (FUZZ_EXAMPLES overrides), derandomized
    unless FUZZ_RANDOM is set, no deadline (a run takes 0.05–0.5 s), no example database, and no shrinking
    of a failing example unless FUZZ_SHRINK is set (it can take minutes; the failing example is printed)."""
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else [])
    return settings(max_examples=EXAMPLES or examples, deadline=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
                    database=None, suppress_health_check=list(HealthCheck), phases=phases)


# -- what a run must look like ---------------------------------------------------------------------------


def expect(run: Run, outputs: list[Path], written_on_2: bool = False, inputs: list[Path] | None = None) -> None:
    """The invariants of every run (see the module's docstring). ``inputs``: files one of which every error
    line must name (None: not checked)."""
    assert run.code in (0, 1, 2), (run.code, run.err[-2000:])
    assert run.clean, run.err[-3000:]
    if run.code == 2 and not written_on_2:
        lines = run.err.splitlines()
        assert lines and lines[-1].startswith("error: "), run.err
        errors = [line for line in lines if line.startswith("error: ")]
        assert all(inputs is None or any(str(i) in e for i in inputs) for e in errors), run.err
        assert [p for p in outputs if p.exists()] == [], "an output was left on exit 2"
    for folder in {p.parent for p in outputs}:
        if folder.exists():
            assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def _formulas(path: Path) -> list[str]:
    """Formula cells of a written workbook that hold text from the data (the hostile strings above)."""
    wb = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}: {c.value}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" and any(h in str(c.value) for h in ("HYPERLINK", "cmd|", "SUM(A1:A9)"))]


@contextmanager
def scratch():
    """A fresh folder per example (hypothesis runs many examples in one test call)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        yield Path(name)


# -- what mutated input is made of -------------------------------------------------------------------------

HOSTILE = [
    "", " ", "\t", "0", "-0", "-1", "1e309", "-1e309", "NaN", "nan", "inf", "1_000", "0x1F", "9" * 400, "28.044",
    "47,26 %", "1.234,5", "12/2020", "2020-02-31", "31/02/2020", "2020-13-01", "29/02/2021", "00/00/0000",
    "=HYPERLINK(\"http://x.invalid\",\"y\")", "\t=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A9)", "-2+3",
    "null", "~", "yes", "no", "on", "true", "True", "[", "]", "{", "}", "'", '"', "\\", "*a", "&a x", "!!binary AA==",
    "!!python/object/apply:os.system ['true']", "%YAML 1.1", "---", "...", "- -", "a: b: c", "? x", "|", ">",
    "\x00", "\x07", "\u202e", "\ufeff", "\u200b", "Sở Tư pháp\u200b", "S\u1edf T\u01b0 ph\u00e1p", "Ｓở",
    "late", "on_time", "early", "yes\n", "department", "commune", "x" * 5000,
]

scalars = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=30), st.integers(-10**20, 10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    st.booleans(), st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=6)
cell_values = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=30), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.booleans(), st.none(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1", "=SUM(A1:Z99)", "=\"x\"&\"y\"", "=NA()", "=1E+308*10"]))


def _paths(tree, prefix=()) -> list[tuple]:
    out = [prefix]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, prefix + (i,))
    return out


def _at(tree, path):
    for p in path:
        tree = tree[p]
    return tree


@st.composite
def mutated_tree(draw, base):
    """``base`` (parsed YAML/JSON) with 1–4 changes: a value replaced, a key or item removed, a key added,
    an item duplicated."""
    tree = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if not path:
            if op == "replace" and draw(st.booleans()):
                tree = draw(json_values)
            continue
        parent, key = _at(tree, path[:-1]), path[-1]
        if op == "replace":
            parent[key] = draw(json_values)
        elif op == "delete":
            del parent[key]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from([*map(str, parent), "extra", "agency", "survey", "self_assessment"]))] = \
                draw(json_values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return tree


@st.composite
def mutated_text(draw, text: str):
    """``text`` with 1–4 line-level changes: a line dropped, doubled, swapped, truncated, a value replaced
    by hostile text, junk inserted, the file cut short."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "double", "swap", "value", "value", "junk", "cut", "indent"]))
        if op == "drop":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "value":
            line = lines[i]
            sep = max(line.rfind(": "), line.rfind(","))
            junk = str(draw(scalars))
            lines[i] = (line[:sep + 2] if sep >= 0 else "") + junk + "\n"
        elif op == "junk":
            lines.insert(i, str(draw(scalars)) + "\n")
        elif op == "cut":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
    return "".join(lines)


def _mutate_cells(wb: openpyxl.Workbook, changes: list) -> None:
    """Set cells picked by (sheet, row, column) numbers (wrapped into the used range and one past it). Text
    loses the control characters an XML worksheet cannot hold (no spreadsheet can write them either)."""
    for sheet_pick, row_pick, col_pick, value in changes:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        ws = wb.worksheets[sheet_pick % len(wb.worksheets)]
        row = 1 + row_pick % max(ws.max_row + 2, 1)
        col = 1 + col_pick % max(ws.max_column + 1, 1)
        cell = ws.cell(row=row, column=col)
        if not isinstance(cell, MergedCell):  # inside a merged range: only its first cell holds a value
            cell.value = value


cell_changes = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 10**6), st.integers(0, 10**6), cell_values),
                        min_size=1, max_size=6)


# -- submissions ----------------------------------------------------------------------------------------

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_TREE = yaml.safe_load(SEED_TEXT)
JSON_TREE = json.loads((ROUND / "submissions" / "so-noi-vu.json").read_text(encoding="utf-8"))


def same_verdict(path: Path, checked: Run) -> None:
    """``validate`` refuses what ``check`` refuses, with the same line (issue 11 item 6), and accepts the rest."""
    validated = main("validate", path)
    expect(validated, [])
    assert (validated.code == 2) == (checked.code == 2), (validated.err, checked.err)
    if checked.code == 2:
        assert validated.err == checked.err


@fuzz(40)
@given(text=mutated_text(SEED_TEXT))
def test_yaml_submission_text(text):
    with scratch() as d:
        (d / "sub.yaml").write_text(text, encoding="utf-8")
        out = d / "out" / "card.xlsx"
        checked = main("check", d / "sub.yaml", "--xlsx", out, "--format", "json")
        expect(checked, [out], inputs=[d / "sub.yaml"])
        same_verdict(d / "sub.yaml", checked)
        if out.exists():
            assert _formulas(out) == []


@fuzz(30)
@given(tree=mutated_tree(SEED_TREE))
def test_yaml_submission_values(tree):
    with scratch() as d:
        (d / "sub.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        out = d / "card.xlsx"
        checked = main("check", d / "sub.yaml", "--xlsx", out, "--fail-on", "high")
        expect(checked, [out], inputs=[d / "sub.yaml"])
        same_verdict(d / "sub.yaml", checked)


@fuzz(30)
@given(tree=mutated_tree(JSON_TREE))
def test_json_submission_values(tree):
    with scratch() as d:
        (d / "sub.json").write_text(json.dumps(tree, ensure_ascii=False, default=str), encoding="utf-8")
        out = d / "card.xlsx"
        expect(main("check", d / "sub.json", "--xlsx", out, "--format", "markdown", "--lang", "en"), [out],
               inputs=[d / "sub.json"])


FORM_BYTES = FORM.read_bytes()


@fuzz(20)
@given(changes=cell_changes)
def test_excel_form_cells(changes):
    with scratch() as d:
        wb = openpyxl.load_workbook(io.BytesIO(FORM_BYTES))
        _mutate_cells(wb, changes)
        wb.save(d / "form.xlsx")
        out = d / "card.xlsx"
        expect(main("check", d / "form.xlsx", "--xlsx", out), [out], inputs=[d / "form.xlsx"])


@fuzz(8)
@given(texts=st.lists(mutated_text(SEED_TEXT), min_size=1, max_size=3))
def test_round_folder_of_mutated_submissions(texts):
    """A round goes on past unreadable submissions: the good one is always scored, the others listed."""
    with scratch() as d:
        folder = d / "subs"
        folder.mkdir()
        shutil.copy(ROUND / "submissions" / "so-tu-phap.yaml", folder / "a-good.yaml")
        for i, text in enumerate(texts):
            (folder / f"b-{i}.yaml").write_text(text.replace("DNO-VPUBND", f"DNO-{i}"), encoding="utf-8")
        out = d / "council.xlsx"
        run = main("round", "run", folder, "--round", "fuzz", "--no-history", "--xlsx", out, "--format", "json")
        expect(run, [out], written_on_2=True)
        data = json.loads(run.out)
        assert "MH-STP" in {a["agency_code"] for a in data["agencies"]}
        assert len(data["agencies"]) + len(data["failed"]) == 1 + len(texts)
        assert (run.code == 2) == bool(data["failed"]) and out.exists()


# -- registers -----------------------------------------------------------------------------------------

REGISTER_LINES = (CENTRE / "register.csv").read_text(encoding="utf-8").splitlines(keepends=True)[:120]
REGISTER_TEXT = "".join(REGISTER_LINES)
REGISTER_ROWS = list(csv.reader(io.StringIO(REGISTER_TEXT)))


@fuzz(25)
@given(text=mutated_text(REGISTER_TEXT))
def test_register_csv_text(text):
    with scratch() as d:
        (d / "reg.csv").write_text(text, encoding="utf-8")
        outs = [d / "out" / "f.json", d / "out" / "f.xlsx"]
        expect(main("dossiers", "check", d / "reg.csv", "--procedures", CENTRE / "catalogue.csv", "--json", outs[0],
                    "--xlsx", outs[1], "--format", "json"), outs, inputs=[d / "reg.csv", CENTRE / "catalogue.csv"])
        if outs[1].exists():
            assert _formulas(outs[1]) == []


@fuzz(20)
@given(changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.one_of(scalars.map(str))),
                        min_size=1, max_size=8),
       title_rows=st.integers(0, 3), extra_sheet=st.booleans())
def test_register_xlsx_cells(changes, title_rows, extra_sheet):
    with scratch() as d:
        rows = [list(r) for r in REGISTER_ROWS]
        for r, c, value in changes:
            rows[r % len(rows)][c % len(rows[0])] = ILLEGAL_CHARACTERS_RE.sub("", value)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sổ theo dõi"
        for i in range(title_rows):
            ws.append([f"SỔ THEO DÕI HỒ SƠ {i}"])
        for row in rows:
            ws.append(row)
        if extra_sheet:
            wb.create_sheet("Ghi chú").append(["Ghi chú", "=1/0"])
        wb.save(d / "reg.xlsx")
        out = d / "sum.xlsx"
        expect(main("dossiers", "summarize", d / "reg.xlsx", "--by", "agency", "--xlsx", out), [out],
               inputs=[d / "reg.xlsx"])


# -- criteria --------------------------------------------------------------------------------------------

EDITION_TEXT = EDITION.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def annex_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("annex") / "annex.xlsx"
    assert main("criteria", "export", "par-dept-model-2020", "-o", path).code == 0
    return path.read_bytes()


@fuzz(20)
@given(changes=cell_changes)
def test_criteria_workbook_cells(annex_bytes, changes):
    with scratch() as d:
        wb = openpyxl.load_workbook(io.BytesIO(annex_bytes))
        _mutate_cells(wb, changes)
        wb.save(d / "annex.xlsx")
        out = d / "edition.yaml"
        run = main("criteria", "import", d / "annex.xlsx", "-o", out)
        expect(run, [out], inputs=[d / "annex.xlsx"])
        if run.code == 0:
            expect(main("criteria", "check", out), [])


@fuzz(20)
@given(text=mutated_text(EDITION_TEXT))
def test_criteria_yaml_text(text):
    """A damaged criteria file: checked, and used to score the seed."""
    with scratch() as d:
        (d / "edition.yaml").write_text(text, encoding="utf-8")
        expect(main("criteria", "check", d / "edition.yaml", "--format", "json"), [], inputs=[d / "edition.yaml"])
        out = d / "card.xlsx"
        expect(main("check", SEED.parent, "--criteria", d / "edition.yaml", "--xlsx", out), [out],
               inputs=[d / "edition.yaml", SEED.parent])


# -- appraisal and waivers -------------------------------------------------------------------------------

APPRAISAL_TREE = yaml.safe_load((ROUND / "appraisal.yaml").read_text(encoding="utf-8"))
APPRAISAL_TREE["agencies"] = [a for a in APPRAISAL_TREE["agencies"] if a["agency"] in ("MH-STP", "MH-SXD")]
WAIVERS_TREE = yaml.safe_load((ROUND / "waivers.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_agencies(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("round") / "subs"
    folder.mkdir()
    shutil.copy(ROUND / "submissions" / "so-tu-phap.yaml", folder)
    shutil.copytree(ROUND / "submissions" / "so-xay-dung", folder / "so-xay-dung")
    return folder


def _round(folder: Path, d: Path, *extra) -> tuple[Run, list[Path]]:
    outs = [d / "council.xlsx", d / "h.sqlite"]
    return main("round", "run", folder, "--round", "fuzz", "--db", outs[1], "--xlsx", outs[0], *extra), outs


@fuzz(25)
@given(tree=mutated_tree(APPRAISAL_TREE))
def test_appraisal_values(two_agencies, tree):
    with scratch() as d:
        (d / "appraisal.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        run, outs = _round(two_agencies, d, "--appraisal", d / "appraisal.yaml")
        expect(run, outs, inputs=[d / "appraisal.yaml"])


@pytest.fixture(scope="module")
def appraisal_book(two_agencies, tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("book") / "appraisal.xlsx"
    assert main("round", "export-appraisal", two_agencies, "-o", path).code == 0
    return path.read_bytes()


@fuzz(15)
@given(changes=cell_changes)
def test_appraisal_workbook_cells(two_agencies, appraisal_book, changes):
    with scratch() as d:
        wb = openpyxl.load_workbook(io.BytesIO(appraisal_book))
        _mutate_cells(wb, changes)
        wb.save(d / "appraisal.xlsx")
        run, outs = _round(two_agencies, d, "--appraisal", d / "appraisal.xlsx")
        expect(run, outs, inputs=[d / "appraisal.xlsx"])


@fuzz(20)
@given(tree=mutated_tree(WAIVERS_TREE), as_of=st.sampled_from([[], ["--as-of", "2021-02-25"], ["--as-of", "2030-01-01"]]))
def test_waiver_values(two_agencies, tree, as_of):
    with scratch() as d:
        (d / "waivers.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        run, outs = _round(two_agencies, d, "--waivers", d / "waivers.yaml", *as_of)
        expect(run, outs, inputs=[d / "waivers.yaml"])


# -- a few as a user runs them: child processes ----------------------------------------------------------


def test_bad_inputs_in_child_processes(tmp_path):
    """The same invariants through ``python -m compliance`` (the real entry point, its own interpreter)."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    form = tmp_path / "form.xlsx"
    wb = openpyxl.load_workbook(FORM)
    _mutate_cells(wb, [(0, 5, 3, "=HYPERLINK(\"x\")"), (1, 7, 4, "1e309"), (1, 9, 7, "\u202e")])
    wb.save(form)
    register = tmp_path / "reg.csv"
    register.write_text("Số,Tên\n1,=cmd|' /C calc'!A0\n", encoding="utf-8")
    appraisal = tmp_path / "appraisal.yaml"
    appraisal.write_text("agencies:\n  - agency: MH-STP\n    items: [{criterion: '2.2', round1: {points: 'hai'}}]\n",
                         encoding="utf-8")
    out = tmp_path / "out.xlsx"
    for args, code in [(["check", deep, "--xlsx", out], 2), (["check", form, "--xlsx", out], None),
                       (["dossiers", "check", register, "--xlsx", out], 2),
                       (["round", "run", ROUND / "submissions", "--appraisal", appraisal, "--xlsx", out, "--no-history"], 2)]:
        run = child(*args)
        expect(run, [out] if code == 2 or run.code == 2 else [])
        assert code is None or run.code == code, (args, run.err)
        if out.exists():
            out.unlink()


# -- the items of issue 11 that other branches made hold (1: the writer, 6: the layers, 8: the reader) ----


def test_text_from_data_never_becomes_a_formula(tmp_path):
    rows = [list(r) for r in REGISTER_ROWS]
    for row in rows[1:6]:
        row[3] = "=HYPERLINK(\"http://x.invalid\",\"y\")"  # the procedure's name
        row[5] = "\t=cmd|' /C calc'!A0"  # the agency
    with open(tmp_path / "reg.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    for args in (["dossiers", "check", tmp_path / "reg.csv", "--xlsx", tmp_path / "c.xlsx"],
                 ["dossiers", "summarize", tmp_path / "reg.csv", "--by", "agency", "--xlsx", tmp_path / "s.xlsx"]):
        expect(main(*args), [])
    assert _formulas(tmp_path / "c.xlsx") == [] and _formulas(tmp_path / "s.xlsx") == []


def test_validate_refuses_what_check_refuses(tmp_path):
    over = SEED_TEXT.replace("self_assessment:", "self_assessment:\n  \"1.1.1\": {points: 7, evidence: [x]}", 1) \
        if "self_assessment:" in SEED_TEXT else SEED_TEXT + "\nself_assessment:\n  \"1.1.1\": {points: 7, evidence: [x]}\n"
    (tmp_path / "over.yaml").write_text(over, encoding="utf-8")
    checked, validated = main("check", tmp_path / "over.yaml"), main("validate", tmp_path / "over.yaml")
    assert checked.code == 2 and "outside" in checked.err
    assert validated.code == 2 and validated.err == checked.err


def test_a_register_of_two_sheets_is_not_read_in_half(tmp_path):
    wb = openpyxl.Workbook()
    first, second = wb.active, wb.create_sheet("Quý 2")
    first.title = "Quý 1"
    half = (len(REGISTER_ROWS) - 1) // 2
    for ws, rows in ((first, REGISTER_ROWS[1:half + 1]), (second, REGISTER_ROWS[half + 1:])):
        ws.append(REGISTER_ROWS[0])
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "reg.xlsx")
    run = main("dossiers", "summarize", tmp_path / "reg.xlsx", "--format", "json")
    if run.code == 2:  # refused: the line names the sheets
        assert "Quý 1" in run.err and "Quý 2" in run.err
    else:
        assert json.loads(run.out)["register"]["rows"] == len(REGISTER_ROWS) - 1


def test_an_edition_the_submission_names_is_blamed_on_the_submission(tmp_path):
    """Found by the fuzz suite (FUZZ_RANDOM): a form whose edition cell says 'P' was refused as if the user had
    given '--criteria P'. The line names the form's cell (or the YAML's line) instead."""
    wb = openpyxl.load_workbook(FORM)
    ws = wb["Cơ quan"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "par-dept-model-2020")
    cell.value = "P"
    wb.save(tmp_path / "form.xlsx")
    run = main("check", tmp_path / "form.xlsx")
    assert run.code == 2 and run.err.startswith(f"error: {tmp_path / 'form.xlsx'}: sheet Cơ quan, cell {cell.coordinate}: "
                                                "no criteria edition 'P' (known: ")
    (tmp_path / "sub.yaml").write_text(SEED_TEXT.replace("criteria: par-dept-model-2020", "criteria: par-local-model-2020"),
                                       encoding="utf-8")
    run = main("validate", tmp_path / "sub.yaml")
    assert run.code == 2 and run.err.startswith(f"error: {tmp_path / 'sub.yaml'}: line 20, criteria: criteria edition "
                                                "'par-local-model-2020' is for ")
