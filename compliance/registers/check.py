"""Entry points for registers: :func:`summarize_register` and :func:`check_register`.

These are the functions other parts of the project call (``compliance check`` on a submission folder
that includes a register). Both read the register into DuckDB (see :mod:`compliance.registers.reader`
for why DuckDB), never holding its rows as Python objects.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Iterator

from compliance.errors import Background, InputError, interrupt_seen
from compliance.i18n import Day, M, Message, Num, join
from compliance.registers.reader import LoadedTable, Settings, connect, load_table
from compliance.registers.schema import field_words
from compliance.registers.summary import (CATALOGUE_SOURCES, GROUP_BY, Period, RegisterSummary, create_facts_view,
                                         parse_period, register_period, summarize)

if TYPE_CHECKING:  # the rules, durable_rules and the findings are imported by the check only (summarize is lighter)
    from compliance.registers.findings import FindingGroup
    from compliance.registers.rules import CompiledRule

#: ``progress(length, label)`` → a context manager whose value has ``update(n)``: how a surface shows
#: the stages of :func:`check_register` (a terminal's progress bar); None shows nothing.
Progress = Callable[[int, str], ContextManager[Any]]


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n, current_item=None) -> None:
        pass


def _period(con, period, path=None) -> Period:
    if period is None:
        try:
            return register_period(con)
        except InputError as exc:
            raise InputError(path, exc.message, exc.where) from None
    if isinstance(period, Period):
        return period
    return parse_period(str(period))


def with_the_table(loaded: LoadedTable, summary: RegisterSummary) -> None:
    """Move the reader's notes that a totals row of the register disagrees with the rows read
    (``loaded.differences``) into the table's own notes: they are printed under the table and written in
    the workbook, not only on the error stream, since a register whose total says 10 while it holds 8 rows
    usually lost rows on the way (a filtered sheet, a cut export), and the printed table then covers 8."""
    loaded.notices[:] = [n for n in loaded.notices if not any(n is d for d in loaded.differences)]
    summary.notices[:0] = loaded.differences


def finished_after(con, p: Period) -> list[Message]:
    """Where the period is the register's own receipt dates (no ``--period``): a note counting the dossiers
    received in it whose result came after its last day. They are counted as in progress, so a late one
    gives no finding; the note says so and what to do (empty when there are none)."""
    if p.label != "register":
        return []
    n = con.execute("SELECT count(*) FROM dossier_facts WHERE finished_at > period_end").fetchone()[0]
    return [M("{n} dossier(s) received in that range have their result after {end}: they are counted as in "
              "progress, and a late one gives no finding; give --period to count them where they were resolved",
              n=Num(n), end=Day(p.end))] if n else []


def no_period_notice(p: Period) -> Message:
    """The notice that the register's own receipt dates were taken as the period."""
    return M("no --period given: the register's receipt dates {value} are used", value=p.span)


def summarize_register(path: str | os.PathLike, period: str | Period | None = None, by: str | None = None,
                       settings: Settings | None = None) -> tuple[RegisterSummary, LoadedTable]:
    """Read ``path`` and compute the periodic report table (see :mod:`compliance.registers.summary`).

    ``period``: text as for ``--period`` or a :class:`Period`; None = first to last receipt date.
    Returns the summary and the loaded-table description (columns matched, notices). Raises
    :class:`compliance.errors.InputError` (or its subclass ``RegisterInputError`` with every bad row).
    Only the cells the table counts are typed and checked (the dossier code, channel, receipt, due,
    result and return dates, and the ``by`` field): a bad apology date does not stop the table it does
    not enter; :func:`check_register` checks every cell.
    """
    settings = settings or Settings()
    con = connect(settings, in_memory=True)
    try:
        keep = set(GROUP_BY[by]) if by in GROUP_BY else set()  # and the fields every summary counts
        loaded = load_table(con, Path(path), settings=settings, keep=keep, check_all=False)
        p = _period(con, period, path)
        create_facts_view(con, p)
        summary = summarize(con, p, by=by)
        if p.label == "register":
            summary.notices[:0] = [no_period_notice(p), *finished_after(con, p)]
        with_the_table(loaded, summary)
        return summary, loaded
    finally:
        con.close()



def one_pass_sql(table: str, rules: list[tuple[int, CompiledRule]], flagged: str) -> tuple[list[str], list]:
    """The statements that flag, in one scan of ``table``, every record each rule matches: the records
    matching any rule are kept, with the columns of ``table``, in table ``flagged`` (stored, so DuckDB
    may move it out of memory; what the
    groups, the findings and durable_rules read afterwards: a few percent of the register), and one row
    ``(rule_idx, rn)`` per match goes into table ``findings``; and the parameters of the first (every
    rule's, in order)."""
    if not rules:
        return [f"CREATE OR REPLACE TABLE {flagged} AS SELECT * FROM {table} WHERE false", "SELECT 1"], []
    # the conditions in a projection, unnested outside it: Spark refuses correlated subqueries (the
    # working-day look-ups) inside a generator
    tests = ", ".join(f"CASE WHEN ({r.sql}) THEN {i} END AS __r{i}" for i, r in rules)
    flags = ", ".join(f"__r{i}" for i, _r in rules)
    params = [p for _i, r in rules for p in r.params]
    return ([f"CREATE OR REPLACE TABLE {flagged} AS SELECT * FROM (SELECT *, {tests} FROM {table}) "
             f"WHERE {' OR '.join(f'__r{i} IS NOT NULL' for i, _r in rules)}",
             f"INSERT INTO findings SELECT rule_idx, rn FROM (SELECT rn, unnest([{flags}]) AS rule_idx FROM {flagged}) "
             "WHERE rule_idx IS NOT NULL"], params)


@dataclass
class RuleStatus:
    """How one rule ran: ``state`` is ``checked`` or ``not_checked`` (with ``reason``); ``findings``
    counts matching records; ``unit`` is how its deadline was counted (None: no deadline)."""

    id: str
    version: int
    title_vi: str
    title_en: str
    fact: str
    severity: str
    state: str
    findings: int = 0
    reason: str | None = None  # a catalogue message when set (said in the output language)
    unit: str | None = None


@dataclass
class RegisterResult:
    """What :func:`check_register` returns.

    ``summary``: the periodic report table (with ``metrics``: on-time rate, online rate… each with its
    counts); ``rules``: how each rule ran; ``groups``: findings grouped (rule × agency × procedure ×
    legal bases), most serious first; ``findings``: every finding (one per record and rule) when asked
    for, else None; ``engine``: how the findings were computed and confirmed; ``notices``: what was
    assumed or left out (one line each)."""

    register: Path
    catalogue: Path | None
    period: Period
    summary: RegisterSummary
    rules: list[RuleStatus]
    groups: list[FindingGroup]
    findings: list[dict] | None
    engine: dict
    notices: list[str] = field(default_factory=list)
    rows: int = 0
    catalogue_rows: int = 0

    @property
    def metrics(self):
        return self.summary.metrics

    def to_dict(self, full: bool = True) -> dict:
        out = {
            "register": str(self.register), "catalogue": str(self.catalogue) if self.catalogue else None,
            "rows": self.rows, "catalogue_rows": self.catalogue_rows,
            "summary": self.summary.to_dict(),
            "rules": [vars(r) for r in self.rules],
            "groups": [g.to_dict() for g in self.groups],
            "engine": self.engine, "notices": self.notices,
        }
        if full and self.findings is not None:
            out["findings"] = self.findings
        return out


def check_register(path: str | os.PathLike, catalogue_path: str | os.PathLike | None = None,
                   period: str | Period | None = None, settings: Settings | None = None, *,
                   full: bool = True, engine: str = "sql+durable", progress: Progress | None = None,
                   json_path: str | os.PathLike | None = None, xlsx_path: str | os.PathLike | None = None,
                   lang: str = "vi", spark=None) -> RegisterResult:
    """Run every rule of rules/one-stop/register.yaml over a register (and its procedure catalogue).

    ``path``: the register (CSV or XLSX, or a folder of Parquet files written by ``dossiers convert``);
    ``spark``: a SparkSession to run the check on (the register must then be such a folder; every
    statement is the DuckDB SQL transpiled by SQLGlot, see :mod:`compliance.registers.spark`), None for
    DuckDB; ``catalogue_path``: the procedure catalogue (CSV or XLSX),
    without which the publication rules are ``not_checked``; ``period``: as for ``--period`` (None =
    the register's receipt dates); ``settings``: :class:`Settings` (size limit, error cap, how the
    apology and publication deadlines are counted); ``full``: also return every finding (else only
    the groups); ``engine``: ``"sql+durable"`` (default: SQL finds, durable_rules re-checks the flagged
    records), ``"sql"`` (SQL only) or ``"durable"`` (every record through durable_rules: small
    registers only; used by the differential test); ``progress``: see :data:`Progress` (the six
    stages of the check); ``json_path``: also write the whole result with every finding to this JSON
    file (atomically; the findings are written by DuckDB, see
    :func:`compliance.registers.findings.write_result_json`), the same data as
    ``to_dict(full=True)``; ``xlsx_path``: also write the check's workbook in ``lang``
    (:func:`compliance.registers.workbook.write_check_workbook`) with every finding streamed from
    the engine into it, none kept (``full`` may then be False).

    Returns a :class:`RegisterResult`. Raises :class:`compliance.errors.InputError` for bad input
    (every bad row named, up to ``settings.max_errors``) and
    :class:`compliance.engine.runner.EngineError` when durable_rules and SQL disagree.
    """
    settings = settings or Settings()
    if spark is not None:
        from compliance.registers.spark import SparkConnection

        con = SparkConnection(spark)
    else:
        con = connect(settings)
    # the rules are compiled (and the modules and holidays the check needs loaded) in a thread while the
    # register is located and read: Python work beside DuckDB's, which releases the GIL; a register refused
    # before they are needed ends the command at once, the thread left behind
    prepared = Background().submit(_prepare, settings)
    folder = Path(path) if Path(path).is_dir() else None
    try:
        with (progress or (lambda n, label: _NoProgress()))(6, M("checking register")) as bar, \
                damaged_parquet_named(folder):
            if folder is not None:
                loaded = load_parquet_folder(con, folder)
            elif spark is not None:
                raise InputError(path, M("the Spark engine reads a folder of Parquet files (make it with compliance dossiers convert)"))
            else:
                loaded = load_table(con, Path(path), settings=settings,
                                    keep=lambda: _check_fields(prepared.result()))
            rules = prepared.result()
            bar.update(1)
            cat = load_catalogue(con, Path(catalogue_path), settings) if catalogue_path else None
            return _check_loaded(con, rules, loaded, cat, period, settings, full, engine, bar, json_path,
                                 (xlsx_path, lang))
    finally:
        con.close()


def _prepare(settings: Settings) -> list[CompiledRule]:
    """The register rules of dossiers and procedures, compiled; the findings module imported and the
    working-day calendar built when a rule counts working days."""
    rules = [r for r in load_rules(settings) if r.fact in ("dossier", "procedure")]
    import compliance.registers.findings  # noqa: F401  (durable_rules, the runner)

    if any(r.unit == "working_days" for r in rules):
        from compliance import calendar

        calendar.default_calendar().working_day_index(calendar.FIRST)
    return rules


def load_rules(settings: Settings | None = None) -> list[CompiledRule]:
    """The register rules, compiled (:func:`compliance.registers.rules.load_rules`; imported only when a
    check runs: it brings the condition language, pydantic's rule models and durable_rules)."""
    from compliance.registers import rules

    return rules.load_rules(settings)


def all_findings(con, runnable, tables) -> list[dict]:
    """Every finding as a dict (:func:`compliance.registers.findings.all_findings`)."""
    from compliance.registers import findings

    return findings.all_findings(con, runnable, tables)


def _check_fields(rules: list[CompiledRule]) -> set[str]:
    """The register fields the check reads (the rules', the summary's, the groups' and the findings'):
    the others are read and checked but not kept."""
    out = {"dossier_code", "procedure_code", "procedure_name", "resolving_agency", "level", "channel"}
    for r in rules:
        out |= r.reads
    return out


#: record numbers of a national register: province number × SPAN + the record's number in its own file
SPAN = 10_000_000_000


class ParquetPlaces:
    """Places of records read from a converted register: "DNO, record 198" (the province and the
    record's number in the file it was converted from). ``provinces`` in sorted order; record number
    ``rn`` of the national view = (index + 1) × :data:`SPAN` + the record's own number."""

    def __init__(self, provinces: list[str]):
        self.provinces = provinces

    def where(self, rn: int, lang: str = "en") -> str:
        k, own = divmod(rn, SPAN)
        word = M("record").get(lang)
        return f"{self.provinces[k - 1]}, {word} {own}"

    def sql(self, column: str) -> str:
        """The same text in SQL (for DuckDB and, transpiled, Spark)."""
        cases = " ".join(f"WHEN {column} < {(k + 2) * SPAN} THEN '{p}, record ' || CAST({column} - {(k + 1) * SPAN} AS VARCHAR)"
                         for k, p in enumerate(self.provinces))
        return f"(CASE {cases} END)"


#: how many of the files passed over a note names (the rest are counted)
FILES_NAMED = 5


def parquet_files(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """The files of a converted register's folder, sorted: ``(parquet, hidden, other)``.

    ``hidden``: files whose name, or a folder on whose way, starts with ``.`` or ``_`` (macOS leaves
    ``._data_0.parquet`` and ``.DS_Store`` on a USB stick; Spark and Hadoop write ``_SUCCESS``): Spark
    treats these as not part of the data, and so does the check; ``other``: the rest not ending in
    ``.parquet`` (a CSV or a note dropped in a month folder). Both are passed over, and said in notices
    by :func:`load_parquet_folder`."""
    parquet, hidden, other = [], [], []
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        rel = path.relative_to(folder).parts
        if any(part[:1] in (".", "_") for part in rel):
            hidden.append(path)
        elif path.suffix.lower() == ".parquet":
            parquet.append(path)
        else:
            other.append(path)
    return parquet, hidden, other


def _named(folder: Path, files: list[Path]) -> dict:
    """The fields of a "files passed over" notice: how many, and the first :data:`FILES_NAMED` (relative
    to ``folder``; "…" after them when there are more)."""
    shown = ", ".join(p.relative_to(folder).as_posix() for p in files[:FILES_NAMED])
    return {"n": Num(len(files)), "files": shown + (", …" if len(files) > FILES_NAMED else "")}


#: what is said of a converted register's file that cannot be read: its footer (:func:`_check_parquet_files`) or
#: its pages (:func:`damaged_parquet_named`)
NOT_PARQUET = M("not a valid Parquet file (cut short or damaged); make it again with compliance dossiers convert")


def _check_parquet_files(files: list[Path], required: list[str]) -> None:
    """Every file's Parquet footer read (DuckDB's ``parquet_schema``, all files at once, one by one only
    to name a bad one): InputError naming the first file that is cut short, damaged or not Parquet at
    all, or that lacks a column of ``required``. The same check before either engine reads the data,
    so a damaged file is one line on DuckDB and on Spark alike."""
    import duckdb

    with duckdb.connect() as duck:
        try:
            rows = duck.execute("SELECT file_name, name FROM parquet_schema(?)", [[str(f) for f in files]]).fetchall()
        except duckdb.Error:
            rows = None
        if rows is None:
            for f in files:
                try:
                    duck.execute("SELECT name FROM parquet_schema(?)", [str(f)]).fetchall()
                except duckdb.Error:
                    raise InputError(f, NOT_PARQUET) from None
            raise InputError(files[0], NOT_PARQUET)
    names: dict[str, set[str]] = {str(f): set() for f in files}
    for file_name, name in rows:
        names.setdefault(file_name, set()).add(name)
    for f in files:
        missing = [c for c in required if c not in names[str(f)]]
        if missing:
            raise InputError(f, M("not a converted register: column(s) {items} missing", items=", ".join(missing)))


def unreadable_parquet(files: list[Path]) -> Path | None:
    """The first of ``files`` holding a value DuckDB cannot read (a page cut short or overwritten under a
    good footer, which the footer check passes), else None. Reads each file whole, one at a time: for the
    error path only (:func:`damaged_parquet_named`)."""
    import duckdb

    with duckdb.connect() as duck:
        for f in files:
            try:
                duck.execute("SELECT max(hash(COLUMNS(*))) FROM read_parquet(?)", [str(f)]).fetchall()
            except duckdb.Error:
                return f
    return None


@contextmanager
def damaged_parquet_named(folder: Path | None) -> Iterator[None]:
    """Around the work on a converted register's ``folder`` (None: not one, nothing done): an engine's
    error reading its data becomes InputError naming the damaged file (:data:`NOT_PARQUET`, exit 2), as a
    file cut short is named before the work starts. Neither engine's error says it well: DuckDB names the
    file for a page it cannot decompress, not for a page header it cannot parse ("TProtocolException:
    Invalid data"); Spark names it inside a Java stack trace. So on any error the files are read again
    whole (:func:`unreadable_parquet`); when every one reads well, the error was something else and is
    raised as it is. Ctrl-C and InputError pass through."""
    try:
        yield
    except InputError:
        raise
    except Exception:
        if folder is None or interrupt_seen():
            raise
        damaged = unreadable_parquet(parquet_files(folder)[0])
        if damaged is None:
            raise
        raise InputError(damaged, NOT_PARQUET) from None


def scan_parquet_folder(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """A converted register's files (:func:`parquet_files`: ``(parquet, hidden, other)``), each Parquet
    file's footer read (:func:`_check_parquet_files`) before any engine reads the data (the Spark engine
    calls it before its JVM starts). InputError when there is no Parquet file, or one is damaged or
    lacks a register column."""
    from compliance.registers.schema import REGISTER_FIELDS

    files, hidden, other = parquet_files(folder)
    if not files:
        raise InputError(folder, M("no Parquet files in this folder (write them with compliance dossiers convert)"))
    _check_parquet_files(files, [f.name for f in REGISTER_FIELDS if f.required] + ["rn"])
    return files, hidden, other


def load_parquet_folder(con, folder: Path) -> LoadedTable:
    """A register written by ``dossiers convert`` (``province=…/month=…/*.parquet``, one or many
    provinces) as the view ``dossiers`` of ``con`` (DuckDB, or Spark through
    :class:`~compliance.registers.spark.SparkConnection`). Its columns are already typed and checked;
    record numbers are made unique across provinces and places name the province
    (:class:`ParquetPlaces`). Hidden files and files that are not Parquet are passed over, each kind
    said in a notice; InputError as :func:`scan_parquet_folder`."""
    from compliance.registers.schema import REGISTER_FIELDS

    files, hidden, other = scan_parquet_folder(folder)
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    con.execute(f"CREATE OR REPLACE TEMP VIEW dossiers__parquet AS SELECT * FROM "
                f"read_parquet([{listed}], hive_partitioning = true)")
    have = [d[0] for d in con.execute("SELECT * FROM dossiers__parquet LIMIT 0").description]
    if "province" not in have:
        raise InputError(files[0], M("not a converted register: column(s) {items} missing", items="province"))
    provinces = [r[0] for r in con.execute("SELECT DISTINCT province FROM dossiers__parquet ORDER BY 1").fetchall()]
    number = "CASE province " + " ".join(f"WHEN '{p}' THEN {k + 1}" for k, p in enumerate(provinces)) + " END"
    cols = ", ".join(c for c in have if c != "rn")
    con.execute(f"CREATE OR REPLACE TEMP VIEW dossiers AS SELECT {cols}, CAST({number} AS BIGINT) * {SPAN} + rn AS rn "
                "FROM dossiers__parquet")
    fields = {f.name: f.name for f in REGISTER_FIELDS if f.name in have}
    rows = con.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    notices: list = []
    if hidden:
        notices.append(M("{n} hidden file(s) passed over (name starting with '.' or '_', as macOS and Spark leave them): "
                         "{files}", **_named(folder, hidden)))
    if other:
        notices.append(M("{n} file(s) that are not Parquet passed over, their dossiers not counted: {files}",
                         **_named(folder, other)))
    return LoadedTable(folder, "dossiers", int(rows), fields, {}, notices, ParquetPlaces(provinces))


def load_catalogue(con, path: Path, settings: Settings) -> LoadedTable:
    """The procedure catalogue (CSV or XLSX) as table ``procedures`` of ``con``: read by DuckDB
    (:func:`~compliance.registers.reader.load_table`); on Spark the typed table (a few thousand
    procedures) is handed over through a Parquet file."""
    if not getattr(con, "is_spark", False):
        return load_table(con, path, kind="catalogue", settings=settings)
    local = connect(settings)
    try:
        cat = load_table(local, path, kind="catalogue", settings=settings)
        con.adopt_duckdb_table(local, "procedures")
        return cat
    finally:
        local.close()


def _check_loaded(con, rules: list[CompiledRule], loaded: LoadedTable, cat: LoadedTable | None, period,
                  settings: Settings, full: bool, engine: str, bar, json_path,
                  xlsx: tuple = (None, "vi")) -> RegisterResult:
    """The check once the register (``dossiers``) and the catalogue (``procedures``) are tables of ``con``."""
    from compliance.engine.conditions import date_fields
    from compliance.registers.findings import (columns, durable_result, finding_groups, install_calendar_range,
                                               run_durable, stream_findings, write_result_json)
    from compliance.registers.notice import UNIT_WORDS
    from compliance.registers.rules import CATALOGUE_DERIVED_FIELDS, DERIVED_DOSSIER_FIELDS

    path = loaded.path
    catalogue_path = cat.path if cat else None
    p = _period(con, period, path)
    create_facts_view(con, p, catalogue="procedures" if cat else None)
    summary = summarize(con, p)
    bar.update(1)
    present = set(loaded.columns) | DERIVED_DOSSIER_FIELDS | (
        {f for f, column in CATALOGUE_SOURCES.items() if column in cat.columns} if cat else set())
    needed = {"rn", "dossier_code", "procedure_code", "resolving_agency", "received_at"}
    for r in rules:
        if r.fact == "dossier":
            needed |= r.reads
    if "procedure_name" in loaded.columns:
        needed.add("procedure_name")
    view_cols = columns(con, "dossier_facts")
    cols = sorted(c for c in needed if c in view_cols)
    con.execute(f"CREATE OR REPLACE TEMP VIEW facts AS SELECT {', '.join(cols)} FROM dossier_facts")
    tables = {"dossier": ("facts", present, loaded)}
    if cat:
        from compliance.registers.schema import CATALOGUE_FIELDS

        absent = [f for f in CATALOGUE_FIELDS if f.name not in cat.columns]
        nulls = "".join(f", CAST(NULL AS {'DATE' if f.kind == 'date' else 'VARCHAR'}) AS {f.name}" for f in absent)
        con.execute(f"CREATE OR REPLACE TEMP VIEW procedure_facts AS SELECT *{nulls} FROM procedures")
        tables["procedure"] = ("procedure_facts", set(cat.columns), cat)
    bar.update(1)
    statuses: list[RuleStatus] = []
    runnable: list[tuple[int, CompiledRule]] = []
    con.execute("CREATE OR REPLACE TEMP TABLE findings (rule_idx INTEGER, rn BIGINT)")
    for i, r in enumerate(rules):
        st = RuleStatus(r.id, r.rule.version, r.rule.title.vi, r.rule.title.en or r.rule.title.vi, r.fact,
                        r.rule.gap.severity.value, "checked", unit=r.unit)
        statuses.append(st)
        if r.fact not in tables or (not cat and r.reads & CATALOGUE_DERIVED_FIELDS):
            st.state, st.reason = "not_checked", M("no procedure catalogue given (--procedures)")
            continue
        _table, have, _ld = tables[r.fact]
        missing = sorted(f for f in r.reads - r.soft if f not in have)
        if missing:
            st.state = "not_checked"
            st.reason = M("missing column(s): {columns}", columns=join([field_words(CATALOGUE_SOURCES.get(f, f)) for f in missing], ", "))
            continue
        runnable.append((i, r))
    if engine != "durable" and any(r.unit == "working_days" for _, r in runnable):
        install_calendar_range(con, [(tables[r.fact][0], date_fields(r.cond)) for _, r in runnable if r.unit == "working_days"])
    if engine in ("sql", "sql+durable"):
        for kind, (table, have, ld) in list(tables.items()):
            (create, insert), params = one_pass_sql(table, [(i, r) for i, r in runnable if r.fact == kind],
                                                    f"{kind}_flagged")
            con.execute(create, params)
            con.execute(insert)
            tables[kind] = (f"{kind}_flagged", have, ld)  # one scan of the register; the rest reads the flagged
    bar.update(1)
    # durable_rules re-checks the flagged records in a thread while DuckDB groups the findings and writes
    # them (it releases the GIL); its verdict is awaited before anything is returned or the file is closed
    pending = run_durable(con, rules, runnable, tables, engine, settings, pool=Background())
    bar.update(1)
    counts = dict(con.execute("SELECT rule_idx, count(*) FROM findings GROUP BY rule_idx").fetchall())
    for i, r in runnable:
        statuses[i].findings = int(counts.get(i, 0))
    groups = finding_groups(con, rules, runnable, tables, settings)
    findings = all_findings(con, runnable, tables) if full else None
    if p.label == "register":
        summary.notices[:0] = [no_period_notice(p), *finished_after(con, p)]
    with_the_table(loaded, summary)
    notices = list(loaded.notices) + (list(cat.notices) if cat else []) + list(summary.notices)
    for st in statuses:
        if st.unit:
            notices.append(M("{id}: deadline counted in {unit}", id=st.id, unit=UNIT_WORDS[st.unit]))
    result = RegisterResult(Path(path), Path(catalogue_path) if catalogue_path else None, p, summary, statuses,
                            groups, findings, {}, notices, loaded.rows, cat.rows if cat else 0)

    def head() -> dict:
        result.engine = durable_result(con, pending)
        return result.to_dict(full=False)

    if json_path is not None:
        write_result_json(con, head, runnable, tables, Path(json_path))
    else:
        head()
    xlsx_path, lang = xlsx
    if xlsx_path is not None:
        from compliance.registers.workbook import write_check_workbook

        total = sum(st.findings for st in statuses)
        stream = stream_findings(con, runnable, tables)
        try:
            write_check_workbook(result, Path(xlsx_path), lang, findings=(stream, total))
        finally:
            stream.close()  # on Ctrl-C too: the engine's settings restored while it is open
    bar.update(1)
    return result


