"""Every command's output in one language, on the samples and on bad inputs (for tests/test_i18n.py).

``outputs(lang, tmp)`` runs each command in this process through click's test runner and returns
``{command line: stdout + stderr}``. Commands that write files write them under ``tmp``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from compliance.cli import cli, main  # noqa: F401 - main: the entry point's own error lines are checked too

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "daknong-vpubnd-2020"
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
REGISTER = ROOT / "samples" / "registers" / "demo-2025-register.csv"
CATALOGUE = ROOT / "samples" / "registers" / "demo-2025-catalogue.csv"
REGISTER_2026 = ROOT / "samples" / "registers" / "demo-2026-register.csv"
CATALOGUE_2026 = ROOT / "samples" / "registers" / "demo-2026-catalogue.csv"
PAPI = ROOT / "samples" / "papi" / "papi-2011-2016.csv"
PLAN = ROOT / "samples" / "papi" / "daknong-2020-plan.yaml"
REPORT = ROOT / "samples" / "reports" / "par-index-2023.md"
ROUND = ROOT / "samples" / "round"


ANNEX_ROWS = [  # STT | Lĩnh vực, tiêu chí | Điểm tối đa | Cách chấm | Tài liệu kiểm chứng
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 5, None, None),             # row 6
    ("1.1", "Ban hành kế hoạch cải cách hành chính năm", "hai", "Tự đánh giá", "Kế hoạch"),  # row 7: text
    ("1.2", "Báo cáo cải cách hành chính định kỳ", 3, "Tự đánh giá", "Báo cáo"),
    ("2", "Cải cách thủ tục hành chính", "6,5", None, None),                              # row 9
    ("2.1", "Công bố, công khai thủ tục hành chính", "2,5", "Tự đánh giá", "Quyết định công bố"),
    ("2.2", "Giải quyết thủ tục hành chính đúng hạn", 4, "Tự đánh giá", "Phần mềm một cửa"),
    ("2.4", "Số hóa hồ sơ, kết quả giải quyết", 1, "Tự đánh giá", "Báo cáo"),            # row 12: gap
    ("3", "Hiện đại hóa hành chính", 4, None, None),                                     # row 13
    ("3.1", "Ứng dụng công nghệ thông tin", "1,5", "Tự đánh giá", "Báo cáo"),
    ("3.2", "Dịch vụ công trực tuyến", 1.75, "Tự đánh giá", "Báo cáo"),
    ("", "TỔNG CỘNG", 16, None, None),                                                   # row 16
]

ANNEX_GOOD = [  # imports, with a note: a 'Theo mức' text in no known shape is kept and scored by hand
    ("1", "Công tác chỉ đạo, điều hành", 3, None, None),
    ("1.1", "Kế hoạch cải cách hành chính", "1,5", "Theo mức:\nHoàn thành trên 90%: 1,5\nCòn lại: tùy", "Kế hoạch"),
    ("1.2", "Báo cáo định kỳ", "1,5", "Tự đánh giá", "Báo cáo"),
    ("", "TỔNG CỘNG", 3, None, None),
]


def annex(path: Path, rows=ANNEX_ROWS) -> Path:
    """A criteria annex as a province publishes it (heading, title and decision merged over the table, a
    row of column numbers) with ``rows`` under its header; the default rows hold four problems."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"])
    ws.append(["BỘ TIÊU CHÍ ĐÁNH GIÁ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH CẤP SỞ"])
    ws.append(["(Kèm theo Quyết định số 123/QĐ-UBND ngày 05/3/2026 của Ủy ban nhân dân tỉnh)"])
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    ws.append(["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def bad_inputs(tmp: Path) -> dict[str, Path]:
    """The issue's three: text in a number cell, a day that does not exist, a required row left empty;
    and a few more (a missing file, YAML with a misspelt key, a criteria annex with four problems and one
    that imports with notes)."""
    out = {}

    def form(name, change):
        wb = load_workbook(FORM)
        change(wb)
        path = tmp / name
        wb.save(path)
        out[name] = path

    form("text-number.xlsx", lambda wb: wb["Tự đánh giá"].__setitem__("D6", "hai mươi nghìn"))
    form("bad-date.xlsx", lambda wb: wb["Cơ quan"].__setitem__("B10", "31/02/2020"))
    form("no-role.xlsx", lambda wb: wb["Cơ quan"].__setitem__("B19", None))
    text = (SEED / "submission.yaml").read_text(encoding="utf-8")
    (tmp / "bad-date.yaml").write_text(text.replace("  from: 2020-01-01", "  from: 31/02/2020", 1), encoding="utf-8")
    out["bad-date.yaml"] = tmp / "bad-date.yaml"
    (tmp / "misspelt.yaml").write_text(text.replace("agency:", "agncy:", 1), encoding="utf-8")
    out["misspelt.yaml"] = tmp / "misspelt.yaml"
    out["missing.yaml"] = tmp / "missing.yaml"
    out["annex.xlsx"] = annex(tmp / "annex.xlsx")
    out["annex-good.xlsx"] = annex(tmp / "annex-good.xlsx", ANNEX_GOOD)
    return out


def commands(lang: str, tmp: Path) -> list[list[str]]:
    """The command lines to run (``--lang`` added to each that takes it)."""
    bad = bad_inputs(tmp)
    runs = [
        ["check", str(SEED)], ["check", str(SEED), "--format", "markdown"], ["check", str(FORM)],
        ["check", str(SEED), "--xlsx", str(tmp / "scored.xlsx")],
        ["check", str(ROOT / "samples" / "phuong-bac-gia-nghia-2026")],
        ["validate", str(SEED)], ["rules", "list"], ["rules", "show", "onestop.late_without_apology"],
        ["criteria", "list"], ["criteria", "show", "par-dept-model-2020"], ["criteria", "tree", "par-dept-model-2020"],
        ["criteria", "check", "par-dept-model-2020"], ["criteria", "diff", "par-dept-model-2020", "par-dept-model-2026"],
        ["dossiers", "summarize", str(REGISTER)], ["dossiers", "check", str(REGISTER), "--procedures", str(CATALOGUE)],
        ["dossiers", "index766", str(REGISTER_2026), "--procedures", str(CATALOGUE_2026), "--period", "2026"],
        ["papi", "score", str(PAPI), "--year", "2016"], ["papi", "profile", "dak-nong", "--scores", str(PAPI),
                                                          "--year", "2016", "--plan", str(PLAN)],
        ["papi", "structure", "--year", "2016"],
        ["lint", str(REPORT)],
        ["round", "run", str(ROUND / "submissions"), "--appraisal", str(ROUND / "appraisal.yaml"), "--waivers",
         str(ROUND / "waivers.yaml"), "--no-history"],
    ]
    runs += [["check", str(path)] for name, path in bad.items() if not name.startswith("annex")]
    runs += [["criteria", "import", str(bad[name]), "-o", str(tmp / "out" / f"{name}.yaml"), "--id", "par-so-thu-2026",
              "--level", "department", "--valid-from", "2026-01-01"] for name in ("annex.xlsx", "annex-good.xlsx")]
    runs += [["rules", "show", "no.such_rule"], ["criteria", "show", "no-such-edition"],
             ["dossiers", "summarize", str(tmp / "none.csv")], ["check", str(SEED), "--format", "pdf"]]
    return [r + ["--lang", lang] for r in runs]


def outputs(lang: str, tmp: Path) -> dict[str, str]:
    """``{command line: what it printed}`` for every command of :func:`commands`, bad input through the
    CLI's entry point (so its error line is the one a user sees)."""
    import sys

    out = {}
    runner = CliRunner()
    for args in commands(lang, tmp):
        old = sys.argv
        sys.argv = ["compliance", *args]
        try:
            result = runner.invoke(_entry, [], catch_exceptions=False)
        finally:
            sys.argv = old
        out[" ".join(args)] = result.output + (result.stderr if result.stderr_bytes else "")
    shutil.rmtree(tmp / "out", ignore_errors=True)
    return out


import click  # noqa: E402


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def _entry():
    """Runs the CLI's entry point on ``sys.argv`` (its exit code is the runner's)."""
    main()
