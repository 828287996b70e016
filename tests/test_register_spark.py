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
