"""``dossiers convert``: the register as Parquet partitioned by province and month, written atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from click.testing import CliRunner

from compliance.cli.dossiers import dossiers
from compliance.i18n import text
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


def _check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", "dossiers", "check", str(folder), "--period", "2025", *args],
                          capture_output=True, text=True, cwd=ROOT)


def _converted(tmp_path: Path) -> Path:
    out = tmp_path / "national"
    assert _run(str(DEMO), "-o", str(out), "--province", "DNO").returncode == 0
    return out


def test_check_refuses_a_cut_off_parquet_file_with_one_line_naming_it(tmp_path):
    # an interrupted copy: the first 5,000 bytes of a real month file, beside it in the month folder
    out = _converted(tmp_path)
    month = out / "province=DNO" / "month=2025-03"
    cut = month / "data_1.parquet"
    cut.write_bytes((month / "data_0.parquet").read_bytes()[:5000])
    res = _check(out)
    assert res.returncode == 2, res.stderr
    assert res.stderr == (f"lỗi: {cut}: không phải tệp Parquet hợp lệ (bị cắt hoặc hỏng); "
                          "hãy tạo lại bằng compliance dossiers convert\n")
    res = _check(out, "--lang", "en")
    assert res.returncode == 2
    assert res.stderr == (f"error: {cut}: not a valid Parquet file (cut short or damaged); "
                          "make it again with compliance dossiers convert\n")
    # a Parquet file of something else (no register columns) is refused the same way, naming it
    cut.unlink()
    foreign = out / "province=DNO" / "month=2025-04" / "other.parquet"
    duckdb.connect().execute(f"COPY (SELECT 1 AS stt, 'x' AS ghi_chu) TO '{foreign}' (FORMAT PARQUET)")
    res = _check(out, "--lang", "en")
    assert res.returncode == 2 and res.stderr.startswith(f"error: {foreign}: not a converted register: column(s) ")
    assert "dossier_code" in res.stderr and len(res.stderr.splitlines()) == 1


def damage_pages(parquet: Path, column: str, at: str) -> None:
    """Overwrite 16 bytes of ``column``'s chunk in ``parquet`` (its page header, or the middle of its
    compressed data), leaving the footer whole: what a bad sector or a copy gone wrong does."""
    offset, size = duckdb.connect().execute(
        "SELECT coalesce(dictionary_page_offset, data_page_offset), total_compressed_size FROM parquet_metadata(?) "
        "WHERE path_in_schema = ?", [str(parquet), column]).fetchall()[0]
    with open(parquet, "r+b") as fh:
        fh.seek(offset if at == "header" else offset + size // 2)
        fh.write(b"\xff" * 16)


def test_check_refuses_a_parquet_file_with_damaged_pages_with_one_line_naming_it(tmp_path):
    """A good footer over damaged pages passed the footer check and stopped the check with "lỗi nội bộ",
    exit 3, DuckDB's English ("ZSTD Decompression failure", or "TProtocolException: Invalid data", which
    names no file): the file is named, exit 2, no output written."""
    out = _converted(tmp_path)
    month = out / "province=DNO" / "month=2025-03"
    damaged = month / "data_0.parquet"
    before = damaged.read_bytes()
    chunks = duckdb.connect().execute("SELECT count(*) FROM parquet_metadata(?)", [str(damaged)]).fetchall()
    for column, at in (("dossier_code", "middle"), ("received_at", "header")):
        damaged.write_bytes(before)
        damage_pages(damaged, column, at)
        footer = duckdb.connect().execute("SELECT count(*) FROM parquet_metadata(?)", [str(damaged)]).fetchall()
        assert footer == chunks == [(19,)]  # the footer still reads: a column chunk for each of the demo's 19 fields
        res = _check(out, "--json", str(tmp_path / "f.json"))
        assert (res.returncode, res.stderr) == (2, f"lỗi: {damaged}: không phải tệp Parquet hợp lệ (bị cắt hoặc hỏng); "
                                                   "hãy tạo lại bằng compliance dossiers convert\n"), (column, at)
        assert not (tmp_path / "f.json").exists()
    res = _check(out, "--lang", "en")
    assert (res.returncode, res.stderr) == (2, f"error: {damaged}: not a valid Parquet file (cut short or damaged); "
                                               "make it again with compliance dossiers convert\n")
    damaged.write_bytes(before)  # whole again: the same folder is checked as before
    assert _check(out).returncode == 0


def test_check_passes_over_hidden_and_foreign_files_and_says_so(tmp_path):
    from compliance.registers.check import check_register

    out = _converted(tmp_path)
    clean = check_register(out, period="2025", full=False)
    march = out / "province=DNO" / "month=2025-03"
    (march / "._data_0.parquet").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 78)  # macOS AppleDouble, as Finder leaves it
    (out / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (out / "province=DNO" / "_SUCCESS").write_bytes(b"")
    (march / "them.csv").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")  # 600 more dossiers, dropped in
    (march / "ghi chú.txt").write_text("ghi chú của cán bộ\n", encoding="utf-8")
    got = check_register(out, period="2025", full=False)
    assert got.rows == clean.rows == 600  # neither the AppleDouble file nor the CSV's dossiers are read
    assert got.summary.to_dict() == clean.summary.to_dict()
    said = [text(n, "vi") for n in got.notices[:2]]
    assert said == ["đã bỏ qua 3 tệp ẩn (tên bắt đầu bằng '.' hoặc '_', do macOS và Spark để lại): "
                    ".DS_Store, province=DNO/_SUCCESS, province=DNO/month=2025-03/._data_0.parquet",
                    "đã bỏ qua 2 tệp không phải Parquet, hồ sơ trong đó không được tính: "
                    "province=DNO/month=2025-03/ghi chú.txt, province=DNO/month=2025-03/them.csv"]
    assert text(got.notices[1], "en") == ("2 file(s) that are not Parquet passed over, their dossiers not counted: "
                                          "province=DNO/month=2025-03/ghi chú.txt, province=DNO/month=2025-03/them.csv")
    for k in range(6):  # more than five: the first five named, then "…"
        (march / f"ảnh-{k}.jpg").write_bytes(b"\xff\xd8\xff")
    many = text(check_register(out, period="2025", full=False).notices[1], "en")
    assert many.startswith("8 file(s) that are not Parquet") and many.endswith("them.csv, province=DNO/month=2025-03/ảnh-0.jpg, province=DNO/month=2025-03/ảnh-1.jpg, "
                                                                                      "province=DNO/month=2025-03/ảnh-2.jpg, …")
    res = _check(out)  # on the command line: the notes on stderr, the check done
    assert res.returncode == 0 and "ghi chú: đã bỏ qua 3 tệp ẩn" in res.stderr and "Traceback" not in res.stderr


def test_how_computed_is_said_in_words_and_names_the_engine(tmp_path):
    from compliance.registers.check import check_register
    from compliance.registers.report import check_table

    result = check_register(_converted(tmp_path), period="2025", full=False)
    assert result.engine["per_record"] == "duckdb-sql" and result.engine["confirmed_by"] == "durable_rules"
    line_vi = check_table(result, "vi").splitlines()[-1]
    line_en = check_table(result, "en").splitlines()[-1]
    n = result.engine["facts_to_durable_rules"]
    assert n > 0
    assert line_vi.startswith(f"Cách tính: mọi hồ sơ được kiểm tra bằng SQL trên DuckDB; durable_rules kiểm tra lại ")
    assert line_en.startswith(f"How computed: every record checked by SQL on DuckDB; durable_rules re-checked all {n} flagged")
    for key in ("per_record", "confirmed_by", "facts_to_durable_rules", "agreement", "duckdb-sql"):
        assert key not in line_vi and key not in line_en
