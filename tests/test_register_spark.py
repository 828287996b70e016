"""Differential test: the register check on Spark (local mode) gives what DuckDB gives.

Two generated provinces are converted into one national folder (``dossiers convert``: Parquet by
province and month); the check runs on it with DuckDB and with Spark (every statement the DuckDB SQL
transpiled by SQLGlot), with the deadlines in days and in working days; the JSON results (summary,
rule states, groups, every finding with its message, legal texts and place) must be equal.

Skipped, with the reason, where Java or pyspark is missing; under ``CI=true`` a Spark that cannot run
although Java is there is a failure, not a skip (``make test`` installs the ``spark`` extra).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from compliance.registers.check import check_register
from compliance.registers.convert import convert_register
from compliance.i18n import text
from compliance.registers.reader import Settings

ROOT = Path(__file__).resolve().parents[1]
ON_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Spark engine needs a Java runtime (17) to run in local mode")
    try:
        from compliance.registers.spark import session
        import pyspark  # noqa: F401
    except ImportError as exc:
        if ON_CI:
            pytest.fail(f"pyspark is not installed on CI although Java is ({exc}): make test installs '.[spark]'")
        pytest.skip(f"pyspark is not installed ({exc}): pip install -e '.[spark]'")
    try:
        s = session("compliance-test", master="local[2]")
    except Exception as exc:  # noqa: BLE001 — a Spark that does not start: skipped here, failed on CI
        if ON_CI:
            pytest.fail(f"Java is installed but Spark does not start: {exc}")
        pytest.skip(f"Spark does not start here: {exc}")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("register_generator_spark", ROOT / "samples" / "registers" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    base = tmp_path_factory.mktemp("national")
    out = base / "registers"
    for code, seed in (("DNO", 3), ("HNO", 4)):
        reg = base / f"{code}.csv"
        gen.main(["--rows", "2500", "--year", "2024", "--seed", str(seed), "--out", str(reg), "--catalogue", str(base / "catalogue.csv")])
        convert_register(reg, out, code)
    return out, base / "catalogue.csv"


@pytest.mark.parametrize("unit", ["days", "working_days"])
def test_spark_and_duckdb_give_the_same_summary_groups_and_findings(spark, national, tmp_path, unit):
    folder, catalogue = national
    settings = Settings(apology_unit=unit, publication_unit=unit)
    a, b = tmp_path / "duckdb.json", tmp_path / "spark.json"
    duck = check_register(folder, catalogue, period="2024", settings=settings, full=False, json_path=a)
    on_spark = check_register(folder, catalogue, period="2024", settings=settings, full=False, json_path=b, spark=spark)
    left, right = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
    assert left["summary"] == right["summary"]
    assert left["groups"] == right["groups"]
    assert left["rules"] == right["rules"]
    assert left["findings"] == right["findings"]
    # the record of which engine ran, and nothing else, differs
    assert left["engine"].pop("per_record") == "duckdb-sql" and right["engine"].pop("per_record") == "spark-sql"
    assert left == right
    # the data hold what a national check is about: two provinces, many findings of several rules
    assert duck.rows == on_spark.rows >= 5000
    assert len(left["findings"]) > 50 and len({f["rule"] for f in left["findings"]}) >= 5
    assert {f["place"].split(",")[0] for f in left["findings"] if f["rule"].startswith("onestop.dossier")} == {"DNO", "HNO"}
    assert on_spark.summary.total.counts["received_total"] == duck.summary.total.counts["received_total"] > 4000
    assert on_spark.engine["confirmed_by"] == "durable_rules"


def test_spark_reads_only_a_converted_folder(spark, tmp_path):
    from compliance.errors import InputError

    with pytest.raises(InputError, match="folder of Parquet files"):
        check_register(ROOT / "samples" / "registers" / "demo-2025-register.csv", spark=spark)


def test_spark_names_its_engine_and_passes_over_hidden_files_as_duckdb_does(spark, national, tmp_path):
    from compliance.registers.report import check_table

    folder = tmp_path / "registers"
    shutil.copytree(national[0], folder)
    march = folder / "province=DNO" / "month=2024-03"
    (march / "._data_0.parquet").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 78)  # macOS AppleDouble
    (march / "them.csv").write_text("Mã hồ sơ,Mã thủ tục\nHS-1,1.000001\n", encoding="utf-8")
    duck = check_register(folder, national[1], period="2024", full=False)
    on_spark = check_register(folder, national[1], period="2024", full=False, spark=spark)
    assert on_spark.rows == duck.rows == 5000
    assert [text(n, "en") for n in on_spark.notices[:2]] == [text(n, "en") for n in duck.notices[:2]] == [
        "1 hidden file(s) passed over (name starting with '.' or '_', as macOS and Spark leave them): "
        "province=DNO/month=2024-03/._data_0.parquet",
        "1 file(s) that are not Parquet passed over, their dossiers not counted: province=DNO/month=2024-03/them.csv"]
    assert duck.engine["per_record"] == "duckdb-sql" and on_spark.engine["per_record"] == "spark-sql"
    assert check_table(on_spark, "vi").splitlines()[-1].startswith(
        "Cách tính: mọi hồ sơ được kiểm tra bằng SQL trên Spark; durable_rules kiểm tra lại ")


def test_spark_refuses_a_cut_off_parquet_file_as_duckdb_does(spark, national, tmp_path):
    from compliance.errors import InputError

    folder = tmp_path / "registers"
    shutil.copytree(national[0], folder)
    march = folder / "province=HNO" / "month=2024-03"
    cut = march / "data_1.parquet"
    cut.write_bytes((march / "data_0.parquet").read_bytes()[:5000])
    with pytest.raises(InputError) as err:
        check_register(folder, national[1], period="2024", full=False, spark=spark)
    assert err.value.line("vi") == (f"{cut}: không phải tệp Parquet hợp lệ (bị cắt hoặc hỏng); "
                                    "hãy tạo lại bằng compliance dossiers convert")


def test_spark_refuses_a_parquet_file_with_damaged_pages_in_one_line(spark, national, tmp_path):
    """A good footer over a damaged page: Spark's task fails inside the JVM, which logged it with ~90 lines
    of Java stack trace before Python saw the error ("lỗi nội bộ: Py4JJavaError", exit 3). Now the
    file is named in one line, exit 2, as on DuckDB; the JVM's task log says nothing."""
    import subprocess

    from test_register_convert import damage_pages

    folder = tmp_path / "registers"
    shutil.copytree(national[0], folder)
    damaged = folder / "province=HNO" / "month=2024-03" / "data_0.parquet"
    damage_pages(damaged, "dossier_code", "middle")
    proc = subprocess.run([sys.executable, "-m", "compliance", "dossiers", "check", str(folder), "--procedures",
                           str(national[1]), "--period", "2024", "--engine", "spark", "--json", str(tmp_path / "r.json")],
                          cwd=ROOT, capture_output=True, timeout=600, env={**os.environ, "SPARK_LOCAL_DIRS": str(tmp_path / "local")})
    lines = [ln for ln in proc.stderr.decode("utf-8").splitlines()
             if ln != "WARNING: Using incubator modules: jdk.incubator.vector"]  # the JVM's own, before any Python
    assert (proc.returncode, lines) == (2, [f"lỗi: {damaged}: không phải tệp Parquet hợp lệ (bị cắt hoặc hỏng); "
                                            "hãy tạo lại bằng compliance dossiers convert"])
    assert not (tmp_path / "r.json").exists()


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _java_below(pid: int) -> bool:
    todo = _children(pid)
    while todo:
        child = todo.pop()
        try:
            if b"java" in Path(f"/proc/{child}/cmdline").read_bytes():
                return True
        except OSError:
            continue
        todo += _children(child)
    return False


@pytest.mark.parametrize("after, sig", [(0.0, "SIGINT"), (2.0, "SIGINT"), (2.0, "SIGTERM")])
def test_ctrl_c_on_spark_is_one_line_exit_130_and_no_jvm_left(spark, national, tmp_path, after, sig):
    """Ctrl-C (to the whole foreground group, as a terminal sends it) while Spark starts and while it
    runs the check (``after`` seconds once Spark's block manager has made its folder): the product's one
    line only (no py4j/pyspark traceback), exit 130, no JVM left; SIGTERM (``timeout`` sends it to the
    group, the JVM included) the same with exit 143."""
    import signal
    import subprocess
    import time

    folder, catalogue = national
    proc = subprocess.Popen([sys.executable, "-m", "compliance", "dossiers", "check", str(folder), "--procedures",
                             str(catalogue), "--period", "2024", "--engine", "spark", "--json", str(tmp_path / "r.json")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "SPARK_LOCAL_DIRS": str(tmp_path / "local")})
    end = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < end and not (
            _java_below(proc.pid) and list((tmp_path / "local").glob("blockmgr-*"))):
        time.sleep(0.05)
    time.sleep(after)
    assert proc.poll() is None, proc.stderr.read()
    os.killpg(proc.pid, getattr(signal, sig))
    _, err = proc.communicate(timeout=120)
    lines = [ln for ln in err.decode("utf-8").splitlines()
             if ln != "WARNING: Using incubator modules: jdk.incubator.vector"]  # the JVM's own, before any Python
    assert lines == ["đã dừng"] and proc.returncode == 128 + getattr(signal, sig)
    gone = time.monotonic() + 30  # the JVM, told by pyspark at exit, ends with the command (a JVM's shutdown takes a moment)
    while time.monotonic() < gone:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
    assert not (tmp_path / "r.json").exists()
