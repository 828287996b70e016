"""Findings written by DuckDB (``dossiers check --json``) are the findings the Python reading gives.

The oracle below is the Python code that built every finding before DuckDB wrote them (one dict per
record and rule: ``fill`` for the message, ``bases_for`` for the legal texts, ``locate`` for the row).
Each register is checked twice: once with the oracle in place of the SQL listing (``full=True``), once
with the JSON file written by DuckDB; the parsed files must be equal, key by key, finding by finding.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.dossiers import dossiers
from compliance.i18n import date
from compliance.model.rules import fill
from compliance.registers import check as check_mod
from compliance.registers.check import check_register
from compliance.registers.findings import columns
from compliance.registers.reader import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "registers"


def python_findings(con, runnable, tables) -> list[dict]:
    """Every finding as the Python reading made it (the implementation DuckDB's listing replaced)."""
    out: list[dict] = []
    for i, r in runnable:
        table, _have, loaded = tables[r.fact]
        have = columns(con, table)
        cols = sorted(c for c in (r.reads | {"dossier_code", "resolving_agency", "procedure_code", "code", "name",
                                              "publication_decision", "received_at"}) if c in have)
        cur = con.execute(f"SELECT t.rn, {', '.join('t.' + c for c in cols)} FROM findings f JOIN {table} t ON t.rn = f.rn "
                          f"WHERE f.rule_idx = {i} ORDER BY t.rn")
        names = ["rn"] + cols
        date_field = r.rule.basis_date_field
        for row in cur.fetchall():
            rec = dict(zip(names, row))
            day = rec.get(date_field) if date_field else None
            bases = r.rule.bases_for(day if isinstance(day, dt.date) else None)
            # dates as every message of the command writes them: Vietnamese 05/4/2026 and 05/01/2026, English 05/04/2026
            shown = {lang: {k: (date(v, lang) if isinstance(v, dt.date) else ("" if v is None else v)) for k, v in rec.items()}
                     for lang in ("vi", "en")}
            out.append({
                "rule": r.id, "severity": r.rule.gap.severity.value,
                "code": rec.get("dossier_code") or rec.get("code"), "place": loaded.locate(rec["rn"]),
                "agency": rec.get("resolving_agency"), "procedure_code": rec.get("procedure_code") or rec.get("code"),
                "message": {"vi": fill(r.rule.gap.message.vi, shown["vi"]),
                            "en": fill(r.rule.gap.message.en or r.rule.gap.message.vi, shown["en"])},
                "legal_basis": [b.cite("vi") for b in bases], "deadline_unit": r.unit,
                "values": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in rec.items() if k != "rn"},
            })
    return out


def _generated(tmp_path: Path, rows: int, suffix: str = ".csv", titles: tuple[str, ...] = ()) -> tuple[Path, Path]:
    spec = importlib.util.spec_from_file_location("register_generator", SAMPLES / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # its dataclasses look their module up
    spec.loader.exec_module(gen)
    reg, cat = tmp_path / f"register{suffix}", tmp_path / "catalogue.csv"
    gen.main(["--rows", str(rows), "--year", "2024", "--seed", "11", "--out", str(reg), "--catalogue", str(cat)]
             + [a for t in titles for a in ("--title", t)])
    return reg, cat


def _with_blank_lines(src: Path, dst: Path) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    for at in (40, 7, 3):  # blank lines shift every later row: places come from the locator
        lines.insert(at, "\n")
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


def _both(monkeypatch, tmp_path, register, catalogue, period, settings=None) -> tuple[dict, dict]:
    """(the Python reading's JSON data, the file DuckDB wrote, parsed)."""
    out = tmp_path / "findings.json"
    check_register(register, catalogue, period=period, settings=settings, full=False, json_path=out)
    written = json.loads(out.read_text(encoding="utf-8"))
    with monkeypatch.context() as m:
        m.setattr(check_mod, "all_findings", python_findings)
        expected = check_register(register, catalogue, period=period, settings=settings, full=True)
    return json.loads(json.dumps(expected.to_dict(full=True), ensure_ascii=False, default=str)), written


@pytest.mark.parametrize("case", ["generated", "blank-lines", "title-rows", "demo-csv", "demo-xlsx", "working-days"])
def test_duckdb_findings_equal_the_python_reading(monkeypatch, tmp_path, case):
    settings = None
    if case in ("generated", "blank-lines", "title-rows", "working-days"):
        titles = ("SỔ THEO DÕI HỒ SƠ", "Năm 2024") if case == "title-rows" else ()
        register, catalogue = _generated(tmp_path, 4000, titles=titles)
        period = "2024"
        if case == "blank-lines":
            register = _with_blank_lines(register, tmp_path / "blank.csv")
        if case == "working-days":
            settings = Settings(apology_unit="working_days", publication_unit="working_days")
    else:
        register = SAMPLES / ("demo-2025-register.csv" if case == "demo-csv" else "demo-2025-register.xlsx")
        catalogue, period = SAMPLES / "demo-2025-catalogue.csv", "2025"
    expected, written = _both(monkeypatch, tmp_path, register, catalogue, period, settings)
    assert len(written["findings"]) >= 10  # the registers hold findings of several rules
    assert len({f["rule"] for f in written["findings"]}) >= 3
    assert written == expected
    if case == "blank-lines":  # places came from the locator, past the three blank lines
        assert any("3 blank line(s) left out" in str(n) for n in written["notices"])
    if case == "title-rows":  # two title lines above the header: the first record is on line 4
        assert any(f["place"] == "row 4" for f in expected["findings"]) or min(
            int(f["place"].split()[-1]) for f in written["findings"] if f["place"].startswith("row")) >= 4
    if case == "demo-xlsx":
        assert all(f["place"].startswith("sheet ") for f in written["findings"] if f["rule"].startswith("onestop.dossier"))


def test_findings_file_without_findings_is_an_empty_list(tmp_path):
    """A register in which no rule fires still writes ``"findings": []``."""
    reg = tmp_path / "clean.csv"
    reg.write_text("Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
                   "HS-1,1.001,Sở Tư pháp,Trực tuyến,02/01/2024,10/01/2024,05/01/2024\n", encoding="utf-8")
    out = tmp_path / "f.json"
    result = check_register(reg, None, period="2024", full=False, json_path=out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] == [] and data["rows"] == 1 and result.findings is None
    assert data["summary"]["total"]["resolved_early"] == 1


def test_cli_json_file_equals_the_api_result(tmp_path):
    """``dossiers check --json`` writes the same data as ``to_dict(full=True)`` of the API call."""
    out = tmp_path / "cli.json"
    reg, cat = SAMPLES / "demo-2025-register.csv", SAMPLES / "demo-2025-catalogue.csv"
    res = CliRunner().invoke(dossiers, ["check", str(reg), "--procedures", str(cat), "--period", "2025",
                                        "--json", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    api_result = check_register(reg, cat, period="2025", full=True)
    expected = json.loads(json.dumps(api_result.to_dict(full=True), ensure_ascii=False, default=str))
    assert json.loads(out.read_text(encoding="utf-8")) == expected
