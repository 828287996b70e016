"""Dossier registers (sổ theo dõi hồ sơ): the periodic report table and the one-stop rules over every
dossier, with their text, JSON and workbook outputs."""

from __future__ import annotations
from compliance.i18n import M

import os
from pathlib import Path

from compliance.errors import InputError
from compliance.registers import check as registers
from compliance.registers.check import Progress, RegisterResult
from compliance.registers.notice import note_prefix, notice_text
from compliance.registers.output import empty_message, summary_table, write_json
from compliance.registers.reader import GIB, LoadedTable, Settings
from compliance.registers.report import check_table, summary_json
from compliance.registers.summary import Period, RegisterSummary

PathLike = str | os.PathLike
RegisterSettings = Settings
"""Settings of reading and checking a register (size limit, error cap, sheet, how deadlines are counted)."""

__all__ = ["GIB", "Progress", "RegisterResult", "RegisterSettings", "RegisterSummary", "check_json", "check_register",
           "check_table", "convert_register", "empty_message", "notice_line", "summarize_register", "summary_json", "summary_table",
           "write_check_workbook", "write_json", "write_summary_workbook"]


def summarize_register(path: PathLike, period: str | Period | None = None, by: str | None = None,
                       settings: Settings | None = None) -> tuple[RegisterSummary, LoadedTable]:
    """The periodic report table (Biểu 06/VPCP/KSTT) of the register at ``path`` (CSV or XLSX).

    ``period``: as for ``--period`` (``2020``, ``quý 2/2020``, ``2020-Q2``, ``6 tháng đầu năm 2020``,
    ``tháng 6/2020``, ``2020-01-01..2020-06-30``…: :mod:`compliance.io.periods`; None: the register's receipt dates); ``by``: ``agency``, ``level`` or ``procedure`` for one row each. Returns the
    summary and what was read (rows, columns matched, notices). Raises InputError for bad input (every bad
    row named, up to ``settings.max_errors``) in the cells the table counts (code, channel, receipt, due,
    result and return dates, the ``by`` column); :func:`check_register` checks every cell.
    """
    return registers.summarize_register(path, period=period, by=by, settings=settings)


def check_register(path: PathLike, procedures: PathLike | None = None, period: str | Period | None = None,
                   settings: Settings | None = None, progress: Progress | None = None, *, full: bool = True,
                   json_path: PathLike | None = None, xlsx_path: PathLike | None = None, lang: str = "vi",
                   engine: str = "duckdb") -> RegisterResult:
    """Run the one-stop rules over every dossier of the register at ``path`` and every procedure of the
    catalogue ``procedures`` (without it the publication rules are not checked).

    Returns the :class:`~compliance.registers.check.RegisterResult` (summary with its rates, how each
    rule ran, findings grouped by rule × agency × procedure, every finding, notices). ``progress``: how to
    show the stages (None: nothing); ``full``: keep every finding in ``result.findings`` (else None: a
    million-row register's findings are better written to a file); ``json_path``: write the whole result
    with every finding to this JSON file (the engine writes the findings); ``xlsx_path``: write the
    check's workbook in ``lang`` (as :func:`write_check_workbook`) with every finding streamed into it
    from the engine (a million-row register's findings never held in memory); ``engine``: ``duckdb`` (this
    process), or ``spark`` (``path`` a folder written by :func:`convert_register`; the active
    SparkSession, as spark-submit makes it, else Spark's local mode). Raises InputError for bad input,
    EngineError when SQL and durable_rules disagree.
    """
    spark = None
    if engine == "spark":
        if not Path(path).is_dir():  # said before Spark's JVM is started
            raise InputError(path, M("the Spark engine reads a folder of Parquet files (make it with compliance dossiers convert)"))
        registers.scan_parquet_folder(Path(path))  # a damaged file is said before the JVM starts, too
        from compliance.registers.spark import session

        spark = session()
    elif engine != "duckdb":
        raise InputError(None, M("unknown engine {engine!r} (duckdb or spark)", engine=engine), "--engine")
    return registers.check_register(path, procedures, period=period, settings=settings, progress=progress,
                                    full=full, json_path=json_path, xlsx_path=xlsx_path, lang=lang, spark=spark)


def convert_register(path: PathLike, out: PathLike, province: str, settings: Settings | None = None):
    """Write the register at ``path`` (CSV or XLSX) as Parquet files partitioned by province and month
    under the new folder ``out`` (see :mod:`compliance.registers.convert`). Returns what was written
    (rows, files, months). Raises InputError for bad input or an output folder that holds files."""
    from compliance.registers.convert import convert_register as convert

    return convert(path, out, province, settings)


def notice_line(notice: str, lang: str = "vi") -> str:
    """One notice (what was assumed or left out) as the line printed on stderr ("ghi chú: …")."""
    return note_prefix(lang) + notice_text(notice, lang)


def write_summary_workbook(summary: RegisterSummary, path: PathLike, lang: str = "vi") -> None:
    """The periodic report table as a workbook (with lateness by group and its chart when the table is
    grouped), written atomically."""
    from compliance.registers import workbook

    workbook.write_summary_workbook(summary, Path(path), lang)


def write_check_workbook(result: RegisterResult, path: PathLike, lang: str = "vi") -> None:
    """The register check as a workbook (summary, rules, groups, findings by agency with a chart, every
    finding of ``result.findings``: a check run with ``full``), written atomically. A large register's
    workbook is better written by :func:`check_register` (``xlsx_path``), which streams the findings."""
    from compliance.registers import workbook

    workbook.write_check_workbook(result, Path(path), lang)


def check_json(result: RegisterResult, register: str | None = None, catalogue: str | None = None) -> str:
    """A register check as JSON with every finding (``to_dict(full=True)``), the register and the
    catalogue named ``register`` and ``catalogue`` (as a surface received them; default: their paths)."""
    data = result.to_dict(full=True)
    data["register"] = register or result.register.name
    data["catalogue"] = catalogue or (result.catalogue.name if result.catalogue else None)
    return write_json(data, None)
