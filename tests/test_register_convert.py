"""``dossiers convert``: the register as Parquet partitioned by province and month, written atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from click.testing import CliRunner

from compliance.cli.dossiers import dossiers
from compliance.registers.reader import connect, load_table

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "samples" / "registers" / "demo-2025-register.csv"


def test_convert_writes_every_typed_row_by_province_and_month(tmp_path):
    out = tmp_path / "national" / "dno"
    res = CliRunner().invoke(dossiers, ["convert", str(DEMO), "-o", str(out), "--province", "DNO"])
    assert res.exit_code == 0, res.output
    assert "600 hồ sơ → 13 tệp Parquet trong" in res.output  # Vietnamese by default
    months = sorted(p.name for p in (out / "province=DNO").iterdir())
    assert months[0] == "month=2024-12" and months[-1] == "month=2025-12" and len(months) == 13
    con = connect()
    load_table(con, DEMO)
    cols = [d[0] for d in con.execute("SELECT * FROM dossiers LIMIT 0").description]
    expected = con.execute(f"SELECT {', '.join(cols)} FROM dossiers ORDER BY rn").fetchall()
    got = duckdb.connect().execute(
        f"SELECT {', '.join(cols)}, province, month FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true) ORDER BY rn").fetchall()
    assert [g[:-2] for g in got] == expected  # the same typed rows, dates as DATE
    assert {g[-2] for g in got} == {"DNO"}
    assert all(g[-1] == f"{g[cols.index('received_at')]:%Y-%m}" for g in got)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_provinces_land_side_by_side_and_one_is_not_converted_twice(tmp_path):
    out = tmp_path / "national"
    assert _run(str(DEMO), "-o", str(out), "--province", "DNO").returncode == 0
    assert _run(str(DEMO), "-o", str(out), "--province", "HNO").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["province=DNO", "province=HNO"]
    again = _run(str(DEMO), "-o", str(out), "--province", "DNO")
    assert again.returncode == 2 and "already converted" in again.stderr
    n = duckdb.connect().execute(f"SELECT province, count(*) FROM read_parquet('{out}/**/*.parquet', "
                                 "hive_partitioning=true) GROUP BY 1 ORDER BY 1").fetchall()
    assert n == [("DNO", 600), ("HNO", 600)]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", "dossiers", "convert", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "COMPLIANCE_LANG": "en"})  # the English line


def test_convert_refuses_with_one_line_and_writes_nothing(tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "old.parquet").write_bytes(b"x")
    res = _run(str(DEMO), "-o", str(busy), "--province", "DNO")
    assert res.returncode == 2 and "not a province=" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = _run(str(DEMO), "-o", str(tmp_path / "x"), "--province", "../DNO")
    assert res.returncode == 2 and "--province" in res.stderr and "Traceback" not in res.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(DEMO.read_text(encoding="utf-8").replace("/2025,", "/2O25,", 1), encoding="utf-8")
    res = _run(str(bad), "-o", str(tmp_path / "y"), "--province", "DNO")
    assert res.returncode == 2 and "row" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "busy"]
    assert [p.name for p in busy.iterdir()] == ["old.parquet"]
