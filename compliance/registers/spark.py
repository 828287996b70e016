"""The register check on Spark: the same SQL as on DuckDB, transpiled by SQLGlot.

Every statement the check makes (the facts view, the summary, the one-pass rule query whose conditions
:func:`compliance.engine.conditions.to_sql` compiled from ``rules/one-stop/register.yaml``, the finding
groups, the findings listing) is written once, in DuckDB's SQL. :class:`SparkConnection` gives the check
the few calls of a DuckDB connection it uses (``execute`` → a cursor with ``fetchone``/``fetchall``/
``fetchmany``/``description``) and runs each statement on Spark after SQLGlot has transpiled it
(``read="duckdb", write="spark"``), with the few adjustments Spark needs (below). No Python runs per
record: the work is Spark's, in its JVM, on every partition; what the driver collects is the summary's
counts, the finding groups (one row per rule × agency × procedure), and the first
``Settings.confirm_limit`` flagged records that durable_rules re-checks. The findings file is written
by Spark's executors (``to_json`` per finding) and only concatenated, as bytes, on the driver.

Why SQLGlot and not Ibis: the conditions already have one SQL form, tested against durable_rules and
the Python evaluator; a transpiler keeps that form the only source, where Ibis would need every query
rewritten as Ibis expressions (a third form of each condition to keep equal to the other two).

Adjustments made to the transpiled SQL (each a DuckDB construct with no Spark spelling of the same
name): ``list_slice`` → ``slice``; ``to_json`` keeps NULL fields (the session's
``spark.sql.jsonGenerator.ignoreNullFields`` false, as DuckDB writes them); a temporary table is a cached DataFrame registered as a temporary view, and ``INSERT``
into it a union; ``DESCRIBE`` answers with DuckDB's type names; ``?`` parameters are inlined as
literals. ``read_parquet([files…], hive_partitioning = true)`` becomes Spark's own Parquet reader of those
files (partition columns ``province`` and ``month`` included).

Run it with ``compliance dossiers check --engine spark FOLDER`` (local mode, ``local[*]``), or under
``spark-submit`` on a cluster, where :func:`session` picks up the session spark-submit configured.
"""

from __future__ import annotations
from compliance.i18n import M

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

_DUCKDB_TYPES = {"DateType": "DATE", "StringType": "VARCHAR", "IntegerType": "INTEGER", "LongType": "BIGINT",
                 "BooleanType": "BOOLEAN", "DoubleType": "DOUBLE", "FloatType": "FLOAT", "ShortType": "SMALLINT",
                 "TimestampType": "TIMESTAMP", "TimestampNTZType": "TIMESTAMP"}


#: Spark's JVM log in local mode: errors only (Spark's default is WARN, with its English start-up lines)
LOG4J = Path(__file__).resolve().parents[1] / "data" / "spark-log4j2.properties"


def session(app: str = "compliance", master: str | None = None):
    """The active SparkSession (as spark-submit made it), else a local one (``local[*]``) with no UI
    and a quiet log: the JVM logs errors only (:data:`LOG4J`, given before the JVM starts, so Spark's
    start-up warnings in English do not reach the user; an error still does).

    Ctrl-C stays the command's: pyspark puts its own SIGINT handler in place when it makes the
    SparkContext in the main thread (it cancels the jobs from inside the signal, in the middle of a call
    to the JVM, and py4j then logs two tracebacks), so the session is made in a thread of its own;
    py4j's log lines about a call cut by Ctrl-C are dropped (:func:`_quiet_py4j`), and the JVM, a child
    process watching its stdin, ends with the command. Raises :class:`compliance.errors.InputError` when pyspark is not
    installed."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        from compliance.errors import InputError

        raise InputError(None, M("the Spark engine needs pyspark: pip install -e '.[spark]' (and Java 17)"),
                         "--engine") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    _quiet_py4j()
    builder = (SparkSession.builder.appName(app).master(master or "local[*]")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG4J.as_uri()}")
               .config("spark.sql.shuffle.partitions", "8").config("spark.sql.session.timeZone", "UTC"))
    made: dict[str, Any] = {}

    def make() -> None:
        try:
            made["spark"] = builder.getOrCreate()
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread below
            made["error"] = exc

    # made in a thread of its own: pyspark puts its SIGINT handler in place only when its SparkContext
    # is made in the main thread; the main thread waits, and Ctrl-C stays the command's
    maker = threading.Thread(target=make, name="spark-session", daemon=True)
    maker.start()
    try:
        while maker.is_alive():
            maker.join(0.1)
    except KeyboardInterrupt:  # the JVM, half started, is ended at once, before it logs its start cut short
        from pyspark import SparkContext

        proc = getattr(getattr(SparkContext, "_gateway", None), "proc", None)
        if proc is not None:
            proc.kill()
        raise
    if "error" in made:
        raise made["error"]
    spark = made["spark"]
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class _Py4jInterrupted(logging.Filter):
    """Drops py4j's log records about a call to the JVM cut by Ctrl-C (py4j logs them with a traceback
    through the root logger): the command says it was interrupted, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "py4j" not in record.pathname:
            return True
        from compliance.errors import interrupt_seen

        cut = record.exc_info is not None and isinstance(record.exc_info[1], KeyboardInterrupt)
        return not (cut or interrupt_seen())


def _quiet_py4j() -> None:
    """Put :class:`_Py4jInterrupted` on the loggers py4j writes to (the root logger and its own two);
    once per process."""
    for name in ("", "py4j.java_gateway", "py4j.clientserver"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Py4jInterrupted) for f in logger.filters):
            logger.addFilter(_Py4jInterrupted())


def _literal(value: Any) -> str:
    """A Python parameter as a DuckDB SQL literal (before transpiling)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def inline_params(sql: str, params: list | None) -> str:
    """Replace each ``?`` outside quotes by its parameter as a literal, in order."""
    if not params:
        return sql
    out, k, quote = [], 0, None
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append(_literal(params[k]))
            k += 1
            continue
        out.append(ch)
    if k != len(params):
        raise ValueError(f"{len(params)} parameters for {k} placeholders")
    return "".join(out)


def _adjust(node: exp.Expression) -> exp.Expression:
    """The DuckDB constructs whose transpiled spelling Spark does not have (see the module's text)."""
    if isinstance(node, exp.Anonymous) and node.name.upper() == "LIST_SLICE":
        return exp.Anonymous(this="SLICE", expressions=node.expressions)
    return node


def to_spark_sql(tree: exp.Expression) -> str:
    """A parsed DuckDB statement as Spark SQL."""
    return tree.transform(_adjust).sql(dialect="spark")


class _Cursor:
    """The answer of :meth:`SparkConnection.execute`: rows are collected only when fetched."""

    def __init__(self, df=None, rows: list | None = None, names: list[str] | None = None):
        self._df = df
        self._rows = rows
        self._iter = None
        self.description = [(n,) for n in (names if names is not None else (df.columns if df is not None else []))]

    @staticmethod
    def _plain(value):
        if hasattr(value, "asDict"):
            return {k: _Cursor._plain(v) for k, v in value.asDict().items()}
        if isinstance(value, list):
            return [_Cursor._plain(v) for v in value]
        return value

    def _row(self, row) -> tuple:
        return tuple(self._plain(v) for v in row)

    def fetchall(self) -> list[tuple]:
        if self._rows is not None:
            return list(self._rows)
        return [self._row(r) for r in self._df.collect()] if self._df is not None else []

    def fetchone(self):
        if self._rows is not None:
            return self._rows[0] if self._rows else None
        got = self._df.take(1) if self._df is not None else []
        return self._row(got[0]) if got else None

    def fetchmany(self, n: int) -> list[tuple]:
        if self._iter is None:
            self._iter = iter(self._rows) if self._rows is not None else self._df.toLocalIterator()
        out = []
        for row in self._iter:
            out.append(row if self._rows is not None else self._row(row))
            if len(out) >= n:
                break
        return out


_READ_PARQUET = re.compile(r"read_parquet\(\[('(?:[^']|'')*'(?:, '(?:[^']|'')*')*)\], hive_partitioning = true\)")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def _base_path(files: list[str]) -> str:
    """The folder above the partition folders (``…/province=DNO/month=2024-01/data_0.parquet`` → ``…``):
    Spark's ``basePath``, so that ``province`` and ``month`` become columns of a read of listed files."""
    base = Path(os.path.commonpath(files))
    if base.suffix.lower() == ".parquet" or not base.is_dir():
        base = base.parent
    while "=" in base.name:
        base = base.parent
    return str(base)


class SparkConnection:
    """The calls of a DuckDB connection the register check makes, run on a SparkSession."""

    is_spark = True

    def __init__(self, spark):
        self.spark = spark
        spark.conf.set("spark.sql.jsonGenerator.ignoreNullFields", "false")  # DuckDB's to_json keeps NULLs
        self._frames: dict[str, Any] = {}  # temporary tables: name → cached DataFrame

    def _register(self, name: str, df) -> None:
        old = self._frames.get(name)
        df = df.cache()
        df.createOrReplaceTempView(name)
        self._frames[name] = df
        if old is not None:
            old.unpersist()

    def execute(self, sql: str, params: list | None = None) -> _Cursor:
        sql = inline_params(sql, params)
        m = _READ_PARQUET.search(sql)
        if m:  # Spark's own reader of the listed files: partition folders (province=…/month=…) become columns
            files = [f.replace("''", "'") for f in _QUOTED.findall(m.group(1))]
            self.spark.read.option("basePath", _base_path(files)).parquet(*files).createOrReplaceTempView("__parquet")
            sql = sql[:m.start()] + "__parquet" + sql[m.end():]
        tree = sqlglot.parse_one(sql, read="duckdb")
        if isinstance(tree, exp.Describe):
            df = self.spark.table(tree.this.name)
            return _Cursor(rows=[(f.name, _DUCKDB_TYPES.get(type(f.dataType).__name__, f.dataType.simpleString().upper()))
                                 for f in df.schema.fields], names=["column_name", "column_type"])
        if isinstance(tree, exp.Create) and tree.kind == "TABLE":
            name = tree.this.this.name if isinstance(tree.this, exp.Schema) else tree.this.name
            if tree.expression is not None:
                self._register(name, self.spark.sql(to_spark_sql(tree.expression)))
            else:
                cols = ", ".join(f"{c.name} {c.args['kind'].sql(dialect='spark')}" for c in tree.this.expressions)
                self._register(name, self.spark.createDataFrame([], cols))
            return _Cursor()
        if isinstance(tree, exp.Insert):
            name = tree.this.name
            self._register(name, self._frames[name].union(self.spark.sql(to_spark_sql(tree.expression))))
            return _Cursor()
        if isinstance(tree, exp.Drop):
            self.spark.catalog.dropTempView(tree.this.name)
            self._frames.pop(tree.this.name, None)
            return _Cursor()
        if isinstance(tree, exp.Create):
            self.spark.sql(to_spark_sql(tree))
            return _Cursor()
        return _Cursor(self.spark.sql(to_spark_sql(tree)))

    def adopt_duckdb_table(self, duck, table: str) -> None:
        """Copy a small DuckDB table (the catalogue) into this session as a temporary table."""
        tmp = Path(tempfile.mkdtemp(prefix="compliance-spark-"))
        try:
            target = str(tmp / f"{table}.parquet").replace("'", "''")
            duck.execute(f"COPY {table} TO '{target}' (FORMAT PARQUET)")
            self._register(table, self.spark.read.parquet(str(tmp / f"{table}.parquet")))
            self._frames[table].count()  # read now: the file goes with the folder
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def write_json_lines(self, sql: str, out) -> None:
        """Write the rows of ``sql`` (one JSON text column, in order) into the open binary file ``out``
        as the items of a JSON array: the executors write the text, the driver only concatenates it."""
        df = self.spark.sql(to_spark_sql(sqlglot.parse_one(sql, read="duckdb")))
        tmp = Path(tempfile.mkdtemp(prefix="compliance-spark-"))
        try:
            df.coalesce(1).write.mode("overwrite").text(str(tmp / "lines"))
            out.write(b"[")
            first = True
            for part in sorted((tmp / "lines").glob("part-*")):
                with open(part, "rb") as fh:
                    for line in fh:
                        out.write((b"\n" if first else b",\n") + line.rstrip(b"\n"))
                        first = False
            out.write(b"\n]")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def close(self) -> None:
        for name, df in self._frames.items():
            self.spark.catalog.dropTempView(name)
            df.unpersist()
        self._frames.clear()
