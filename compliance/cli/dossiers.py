"""Click group ``dossiers``: ``compliance dossiers summarize``, ``check``, ``convert`` and ``index766``.

Registered in compliance/cli/__init__.py (``cli.add_command(dossiers)``). Notes and messages follow ``--lang``
(Vietnamese by default).
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import click

from compliance.i18n import M, Num, text

from compliance import api
from compliance.cli.options import LANG
from compliance.errors import EXIT_FINDINGS
from compliance.io.files import finish_outputs, plan_outputs
from compliance.vocab import Severity

MAX_ERRORS = click.option("--max-errors", type=click.IntRange(1), default=20, show_default=True,
                          help="show at most N bad-input errors (all are counted)")
PERIOD = click.option("--period", help='"năm 2024", "quý 2/2024" ("quý II/2024", 2024-Q2), "6 tháng đầu năm 2024" (2024-H1), '
                      '"9 tháng năm 2024", "tháng 3/2024" (03/2024, 2024-03) or 01/01/2024-30/06/2024, a form with spaces '
                      "in quotes (default: the register's receipt dates)")
MAX_SIZE = click.option("--max-size-gb", type=float, default=2.0, show_default=True, help="refuse larger files")


class _Quiet:
    """What :func:`_progress` gives when nothing is shown."""

    def update(self, n, current_item=None) -> None:
        pass

    def stage(self, label) -> None:
        pass


@contextmanager
def _progress(settings, length: int | None, label, lang: str):
    """What a register command shows on stderr while it works, when stderr is a terminal (or as
    ``settings.progress`` says), never in a pipe, a test or the web page: ``label`` (a catalogue message,
    said in ``lang``), click's bar pulsing while the command works, the step among ``length`` known steps
    ("bước 2/6"; None: one step) and the time spent (mm:ss), redrawn five times a second by a thread.
    No share done and no time left: DuckDB reads a register in one statement and a workbook's rows are
    counted only once read, so any percentage would sit still through the read and then jump (QA6 F2).
    Yields an object with ``update(n)`` (n more steps done: the api's progress protocol) and
    ``stage(label)`` (the next stage's name)."""
    show = settings.progress if settings.progress is not None else sys.stderr.isatty()
    if not show:
        yield _Quiet()
        return
    started = time.monotonic()

    class Steps(_Quiet):
        done = 0

        def update(self, n, current_item=None) -> None:
            self.done += n

        def stage(self, label) -> None:
            bar.label = text(label, lang)

    steps = Steps()

    def shown(_item) -> str:
        spent = int(time.monotonic() - started)
        clock = f"{spent // 60:02d}:{spent % 60:02d}"
        if length is None:
            return clock
        return M("step {n}/{total}", n=min(steps.done + 1, length), total=length).get(lang) + " · " + clock

    bar = click.progressbar(itertools.count(), label=text(label, lang), file=sys.stderr, show_eta=False,
                            show_percent=False, item_show_func=shown)
    with bar:
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.2):
                bar.update(1)

        ticker = threading.Thread(target=tick, name="compliance-progress", daemon=True)
        ticker.start()
        try:
            yield steps
        finally:
            stop.set()
            ticker.join()
        bar.finished = True  # done: the bar full
        bar.render_progress()


def _settings(max_errors: int, max_size_gb: float, **kw):
    return api.RegisterSettings(max_errors=max_errors, max_file_bytes=int(max_size_gb * api.GIB), **kw)


@click.group("dossiers")
def dossiers() -> None:
    """Dossier registers (sổ theo dõi hồ sơ): the periodic report table and the one-stop rules."""


@dossiers.command("summarize")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--by", type=click.Choice(["agency", "level", "procedure"]), help="one row per agency, level or procedure")
@PERIOD
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--xlsx", type=click.Path(path_type=Path), help="also write the table to this workbook")
@click.option("--sheet", help="XLSX register: sheet to read (default: every sheet holding the register header, read together)")
@LANG
@MAX_ERRORS
@MAX_SIZE
def summarize_cmd(register, by, period, fmt, xlsx, sheet, lang, max_errors, max_size_gb):
    """Compute the periodic report table (Biểu 06/VPCP/KSTT) from REGISTER (CSV or XLSX)."""
    plan_outputs({"--xlsx": xlsx}, [register])
    settings = _settings(max_errors, max_size_gb, sheet=sheet)
    with _progress(settings, None, M("reading the register"), lang) as shown:
        summary, loaded = api.summarize_register(register, period=period, by=by, settings=settings)
        if xlsx:
            shown.stage(M("writing the workbook"))
            api.write_summary_workbook(summary, xlsx, lang)
    finish_outputs()
    if fmt == "json":
        click.echo(api.write_json(api.summary_json(summary, loaded, register, lang), None))
    else:
        empty = api.empty_message(summary, lang)
        if empty:  # first, before the notes: the table below is all zeros
            click.echo(empty)
        for n in loaded.notices:
            click.echo(api.notice_line(n, lang), err=True)
        click.echo(api.summary_table(summary, lang, lead=False))


@dossiers.command("check")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--procedures", "catalogue", type=click.Path(path_type=Path), help="procedure catalogue (CSV or XLSX)")
@PERIOD
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="write every finding to this JSON file")
@click.option("--xlsx", type=click.Path(path_type=Path), help="write summary, groups and every finding to this workbook")
@click.option("--apology-days", type=click.Choice(["days", "working_days"]), default="days", show_default=True,
              help="how 'one day before the due date' (ND 61/2018) is counted; the text says 'ngày'")
@click.option("--publication-days", type=click.Choice(["days", "working_days"]), default="days", show_default=True,
              help="how the '05 ngày' of ND 63/2010 Art. 15 is counted")
@click.option("--fail-on", type=click.Choice(["critical", "high", "medium", "low", "info"]),
              help="exit 1 when a finding at this severity or above exists")
@click.option("--sheet", help="XLSX register: sheet to read (default: every sheet holding the register header, read together)")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="spark: REGISTER is a folder of Parquet files (dossiers convert), checked on Spark")
@LANG
@MAX_ERRORS
@MAX_SIZE
def check_cmd(register, catalogue, period, fmt, json_out, xlsx, apology_days, publication_days, fail_on, sheet,
              engine, lang, max_errors, max_size_gb):
    """Run the one-stop rules over every dossier of REGISTER (and every procedure of the catalogue)."""
    plan_outputs({"--json": json_out, "--xlsx": xlsx}, [register, catalogue])
    settings = _settings(max_errors, max_size_gb, sheet=sheet, apology_unit=apology_days,
                         publication_unit=publication_days)
    result = api.check_register(register, catalogue, period=period, settings=settings,
                                progress=lambda n, label: _progress(settings, n, label, lang), full=False,
                                json_path=json_out, xlsx_path=xlsx, lang=lang, engine=engine)
    finish_outputs()  # --json and --xlsx land together
    if fmt == "json":
        click.echo(api.write_json(result.to_dict(full=False), None))
    else:
        empty = api.empty_message(result.summary, lang)
        if empty:
            click.echo(empty)
        for n in result.notices:
            click.echo(api.notice_line(n, lang), err=True)
        click.echo(api.check_table(result, lang, lead=False))
    if fail_on and any(g.severity.at_least(Severity(fail_on)) for g in result.groups):
        sys.exit(EXIT_FINDINGS)


@dossiers.command("convert")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True,
              help="folder of the Parquet files (province=…/month=…/; other provinces may be there)")
@click.option("--province", required=True, help="the province's code for the partition (e.g. DNO)")
@click.option("--sheet", help="XLSX register: sheet to read (default: every sheet holding the register header, read together)")
@MAX_ERRORS
@MAX_SIZE
@LANG
def convert_cmd(register, out, province, sheet, max_errors, max_size_gb, lang):
    """Write REGISTER (CSV or XLSX) as Parquet files partitioned by province and month."""
    plan_outputs({}, [register])
    settings = _settings(max_errors, max_size_gb, sheet=sheet)
    with _progress(settings, None, M("converting the register to Parquet"), lang):
        done = api.convert_register(register, out, province, settings)
    finish_outputs()
    months = f"{done.months[0]}…{done.months[-1]}" if done.months else "—"
    click.echo(M("{rows} dossiers → {files} Parquet files in {out} (months {months})", rows=Num(done.rows),
                 files=Num(done.files), out=str(done.out), months=months).get(lang))


@dossiers.command("index766")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--procedures", "catalogue", type=click.Path(path_type=Path), required=True,
              help="procedure catalogue (CSV or XLSX)")
@click.option("--period", help='"tháng 10/2026" (2026-10), "quý 3/2026" ("quý III/2026", 2026-Q3), "6 tháng đầu năm 2026", '
              '"năm 2026" or 01/01/2026-30/06/2026, a form with spaces in quotes (default: the register\'s receipt dates)')
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--xlsx", type=click.Path(path_type=Path), help="also write the scores and their explanations to this workbook")
@click.option("--sheet", help="XLSX register: sheet to read (default: every sheet holding the register header, read together)")
@LANG
@MAX_ERRORS
@MAX_SIZE
def index766_cmd(register, catalogue, period, fmt, xlsx, sheet, lang, max_errors, max_size_gb):
    """Score the QĐ 766/QĐ-TTg service index (per agency and for the province) from REGISTER and a catalogue."""
    plan_outputs({"--xlsx": xlsx}, [register, catalogue])
    result = api.score_index766(register, catalogue, period=period, settings=_settings(max_errors, max_size_gb, sheet=sheet),
                                workbook=xlsx, lang=lang)
    finish_outputs()
    if fmt == "json":
        click.echo(api.index766_json(result))
    else:
        click.echo(api.render_index766(result, lang, fmt), nl=False)
