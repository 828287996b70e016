"""The findings of a register check once SQL has flagged its records: durable_rules re-checks them
(:func:`run_durable`), they are grouped by rule × agency × procedure × legal bases (:func:`groups`) or
listed one by one (:func:`all_findings`). Also the working-day table the compiled SQL reads, built for
the days the register holds (:func:`install_calendar_range`).

``runnable`` is the list of ``(index, CompiledRule)`` that can run; ``tables`` maps a fact kind to
``(table or view, columns present, LoadedTable)``; findings sit in the temporary table
``findings(rule_idx, rn)``. Called by :func:`compliance.registers.check.check_register` only.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from compliance.engine.runner import EngineError, RuleRunner
from compliance.i18n import M, Num
from compliance.io.files import atomic_write
from compliance.registers.reader import Settings
from compliance.registers.rules import durable_rulesets, to_fact
from compliance.vocab import Severity

#: facts per durable_rules sid (keeps the engine's 32-bit id hashing far from collisions)
SID_CHUNK = 2000


@dataclass
class FindingGroup:
    """Findings of one rule for one agency × procedure (dossier rules) or one procedure (catalogue
    rules), under one set of legal bases. ``first_codes``/``first_places``: the first dossiers (or
    procedures) in file order, with their rows."""

    rule_id: str
    severity: Severity
    title_vi: str
    title_en: str
    agency: str | None
    procedure_code: str | None
    procedure_name: str | None
    count: int
    first_codes: list[str]
    first_places: list[str]
    legal_basis: list[str]
    legal_basis_en: list[str]
    unit: str | None
    date_from: dt.date | None
    date_to: dt.date | None

    def to_dict(self) -> dict:
        return {"rule": self.rule_id, "severity": self.severity.value, "title": {"vi": self.title_vi, "en": self.title_en},
                "agency": self.agency, "procedure_code": self.procedure_code, "procedure_name": self.procedure_name,
                "count": self.count, "first_codes": self.first_codes, "first_places": self.first_places,
                "legal_basis": {"vi": self.legal_basis, "en": self.legal_basis_en}, "deadline_unit": self.unit,
                "dates": [self.date_from.isoformat() if self.date_from else None, self.date_to.isoformat() if self.date_to else None]}



def columns(con, table: str) -> set[str]:
    """Column names of a table or view (``LIMIT 0``: no rows read; information_schema is much slower)."""
    return {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}



def install_calendar_range(con, uses: list[tuple[str, set[str]]]) -> None:
    """Create the working-day table that the compiled SQL reads (``compliance_workdays``, see
    :func:`compliance.engine.conditions.install_sql_calendar`) for the days the register holds only.

    The SQL compares working-day *indexes* of the two dates (the offset is added to the index), so it
    needs a row for every date that occurs in the compared columns and no other. The engine's own
    installer builds 1970–2100 (47,000 days through Python), which costs seconds per run; a year's
    register needs a few hundred days. Dates outside the calendar (before 1970, after 2100) get no row
    and compare as false, exactly as with the full table.
    """
    from compliance import calendar
    from compliance.engine.conditions import SQL_CALENDAR

    lo = hi = None
    for table, reads in uses:
        have = columns(con, table)
        for c in sorted(reads & have):
            a, b = con.execute(f"SELECT min(CAST({c} AS DATE)), max(CAST({c} AS DATE)) FROM {table}").fetchone()
            if a is not None:
                lo, hi = min(lo or a, a), max(hi or b, b)
    lo = max(lo or calendar.FIRST, calendar.FIRST)
    hi = min(hi or calendar.FIRST, calendar.LAST)
    cal = calendar.default_calendar()
    days, wday, wprev = [], [], []
    d = lo
    while d <= hi:
        w = cal.working_day_index(d)
        days.append((d - calendar.EPOCH).days)
        wday.append(w)
        wprev.append(w if cal.is_working_day(d) else w - 1)
        d += dt.timedelta(days=1)
    rows = ", ".join(f"({a}, {b}, {c})" for a, b, c in zip(days, wday, wprev)) or "(NULL, NULL, NULL)"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SQL_CALENDAR} AS SELECT CAST(day AS INTEGER) AS day, "
                f"CAST(wday AS INTEGER) AS wday, CAST(wday_prev AS INTEGER) AS wday_prev "
                f"FROM (VALUES {rows}) AS v(day, wday, wday_prev) WHERE day IS NOT NULL")


def run_durable(con, rules, runnable, tables, engine: str, settings: Settings, pool=None) -> dict | Future:
    """Feed durable_rules the records (flagged by SQL, or all of them with ``engine="durable"``) and
    check that it finds exactly what SQL found on them. Returns the engine's description (``info``).

    With ``pool`` (an executor), the records are read now and durable_rules runs in the pool while the
    caller goes on (its findings listing and file are DuckDB's work, which releases the GIL): the result
    is then a future of the description, compared with SQL's findings when :func:`durable_result` is
    called with it."""
    sql = "spark-sql" if getattr(con, "is_spark", False) else "duckdb-sql"
    info = {"per_record": sql if engine != "durable" else "durable_rules",
            "confirmed_by": "durable_rules" if engine == "sql+durable" else None, "facts_to_durable_rules": 0}
    if engine == "sql" or not runnable:
        return info
    ruleset = durable_rulesets([r for _, r in runnable])
    batches: list[tuple[str, list[dict], list[int]]] = []  # (sid, facts, their record numbers)
    checked_rns: list[tuple[str, int]] = []
    flagged = 0
    for kind, (table, _have, _ld) in tables.items():
        kind_rules = [(i, r) for i, r in runnable if r.fact == kind]
        if not kind_rules:
            continue
        reads = set().union(*(r.reads for _, r in kind_rules))
        cols = sorted(c for c in reads if c in columns(con, table))
        in_rules = ", ".join(str(i) for i, _ in kind_rules)
        if engine == "durable":
            where = ""
        else:
            flagged += con.execute(f"SELECT count(DISTINCT rn) FROM findings WHERE rule_idx IN ({in_rules})").fetchone()[0]
            per_rule = max(1, -(-settings.confirm_limit // len(kind_rules)))
            where = (f"WHERE rn IN (SELECT rn FROM (SELECT rn, row_number() OVER (PARTITION BY rule_idx ORDER BY rn) AS k "
                     f"FROM findings WHERE rule_idx IN ({in_rules})) WHERE k <= {per_rule})")
        cur = con.execute(f"SELECT rn, {', '.join(cols)} FROM {table} {where} ORDER BY rn")
        names = ["rn"] + cols
        chunk = 0
        while True:
            rows = cur.fetchmany(SID_CHUNK)
            if not rows:
                break
            chunk += 1
            facts, rns = [], []
            for row in rows:
                rec = dict(zip(names, row))
                rns.append(rec.pop("rn"))
                facts.append(to_fact(kind, rec))
            checked_rns.extend((kind, rn) for rn in rns)
            info["facts_to_durable_rules"] += len(facts)
            batches.append((f"{kind}-{chunk}", facts, rns))
    idx_of = {r.id: i for i, r in runnable}

    def evaluate() -> list[tuple[int, int]]:
        hits: list[tuple[int, int]] = []
        with RuleRunner(ruleset) as runner:
            for sid, facts, rns in batches:
                pos = {id(f): n for n, f in enumerate(facts)}
                for m in runner.evaluate(sid, facts):
                    hits.append((idx_of[m.rule], rns[pos[id(m.fact)]]))
        return hits

    if engine == "durable":
        hits = evaluate()
        if hits:
            con.executemany("INSERT INTO findings VALUES (?, ?)", hits)
        return info
    job = (info, runnable, tables, checked_rns, flagged)
    if pool is None:
        return _compare(con, evaluate(), *job)
    future = pool.submit(evaluate)
    future.job = job
    return future


#: what ``per_record`` of the engine's description names, in words
PER_RECORD = {"duckdb-sql": M("every record checked by SQL on DuckDB"),
              "spark-sql": M("every record checked by SQL on Spark"),
              "durable_rules": M("every record checked by durable_rules")}


def engine_words(info: dict, lang: str = "vi") -> str:
    """The engine's description (:func:`run_durable`'s ``info``: ``per_record``, ``confirmed_by``,
    ``facts_to_durable_rules``, ``agreement``) as one sentence in ``lang`` ("vi" or "en"), for the
    "How computed" line: the keys are the JSON's, the words the reader's."""
    from compliance.i18n import text

    parts = [text(PER_RECORD.get(info.get("per_record"), info.get("per_record")), lang)]
    if info.get("agreement") is not None:
        parts.append(text(info["agreement"], lang))
    elif info.get("facts_to_durable_rules"):
        parts.append(M("{n} record(s) given to durable_rules", n=Num(info["facts_to_durable_rules"])).get(lang))
    return "; ".join(parts)


def durable_result(con, pending: dict | Future) -> dict:
    """The description :func:`run_durable` gives, once its durable_rules run (if in a pool) is over:
    EngineError when durable_rules and SQL disagree."""
    if not isinstance(pending, Future):
        return pending
    return _compare(con, pending.result(), *pending.job)


def _compare(con, hits, info, runnable, tables, checked_rns, flagged) -> dict:
    sql_hits = set()
    for kind in tables:  # only the findings on the records durable_rules saw reach Python
        rns = sorted(rn for k, rn in checked_rns if k == kind)
        in_rules = ", ".join(str(i) for i, r in runnable if r.fact == kind)
        if rns and in_rules:
            sql_hits |= set(con.execute(f"SELECT rule_idx, rn FROM findings WHERE rule_idx IN ({in_rules}) "
                                        f"AND rn IN ({', '.join(map(str, rns))})").fetchall())
    dr_hits = set(hits)
    if sql_hits != dr_hits:
        only_sql, only_dr = sorted(sql_hits - dr_hits)[:3], sorted(dr_hits - sql_hits)[:3]
        raise EngineError(f"SQL and durable_rules disagree on the register findings (SQL only: {only_sql}; "
                          f"durable_rules only: {only_dr})")
    n = info["facts_to_durable_rules"]
    if n >= flagged:
        info["agreement"] = M("durable_rules re-checked all {n} flagged records and found the same {found} findings",
                              n=Num(n), found=Num(len(dr_hits)))
    else:
        info["agreement"] = M("durable_rules re-checked {n} of {flagged} flagged records (the first of each rule in file "
                              "order, setting confirm_limit) and found the same {found} findings on them", n=Num(n),
                              flagged=Num(flagged), found=Num(len(dr_hits)))
    return info


def _subject_cols(kind: str) -> tuple[str, str, str]:
    if kind == "dossier":
        return "resolving_agency", "procedure_code", "dossier_code"
    return "NULL", "code", "code"


def finding_groups(con, rules, runnable, tables, settings: Settings) -> list[FindingGroup]:
    out: list[FindingGroup] = []
    for i, r in runnable:
        table, _have, loaded = tables[r.fact]
        agency, proc, code = _subject_cols(r.fact)
        name_col = "procedure_name" if r.fact == "dossier" else "name"
        cols = columns(con, table)
        name_sel = f"any_value({name_col})" if name_col in cols else "NULL"
        date_col = r.rule.basis_date_field if r.rule.basis_date_field in cols else None
        key = r.bases_key_sql(date_col) if date_col else "''"
        dates = f"min({date_col}), max({date_col})" if date_col else "NULL, NULL"
        n = max(settings.first_codes, 1)
        rows = con.execute(f"""
            SELECT {agency} AS agency, {proc} AS proc, {name_sel}, {key} AS bases, count(*),
                   list_slice(list_transform(list_sort(list(struct_pack(k := t.rn, v := {code}))), lambda x: x.v), 1, {n}),
                   list_slice(list_sort(list(t.rn)), 1, {n}), {dates}
            FROM findings f JOIN {table} t ON t.rn = f.rn
            WHERE f.rule_idx = {i}
            GROUP BY ALL ORDER BY count(*) DESC, agency NULLS LAST, proc NULLS LAST""").fetchall()
        for ag, pc, pname, bases, count, codes, rns, d0, d1 in rows:
            idx = [int(x) for x in bases.split(",") if x != ""] if bases else list(range(len(r.rule.legal_basis)))
            chosen = [r.rule.legal_basis[j] for j in idx]
            out.append(FindingGroup(
                r.id, r.rule.gap.severity, r.rule.title.vi, r.rule.title.en or r.rule.title.vi, ag, pc, pname, int(count),
                [str(c) for c in codes], [loaded.locate(x) for x in rns],
                [b.cite("vi") for b in chosen] or ["(không có văn bản có hiệu lực vào ngày này)"],
                [b.cite("en") for b in chosen] or ["(no text in force on this date)"], r.unit, d0, d1))
    out.sort(key=lambda g: (g.severity.rank, -g.count, g.rule_id, g.agency or "", g.procedure_code or ""))
    return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _shown(column: str, sql_type: str, lang: str) -> str:
    """SQL giving a column's value as a message in ``lang`` shows it (:func:`compliance.model.rules.fill`: a
    float as %g, None as empty text; a date as :func:`compliance.i18n.date` writes it, "vi" 05/4/2026 and
    05/01/2026, "en" 05/04/2026)."""
    if sql_type in ("DATE", "TIMESTAMP") or sql_type.startswith("TIMESTAMP"):
        if lang == "en":
            return f"coalesce(strftime({column}, '%d/%m/%Y'), '')"
        return (f"coalesce(CASE WHEN month({column}) <= 2 THEN strftime({column}, '%d/%m/%Y') ELSE "
                f"strftime({column}, '%d/') || CAST(month({column}) AS VARCHAR) || strftime({column}, '/%Y') END, '')")
    if sql_type == "BOOLEAN":
        return f"CASE WHEN {column} IS NULL THEN '' WHEN {column} THEN 'True' ELSE 'False' END"
    if sql_type in ("DOUBLE", "FLOAT", "REAL"):
        return f"coalesce(printf('%g', {column}), '')"
    return f"coalesce(CAST({column} AS VARCHAR), '')"


def _message_sql(template: str, types: dict[str, str], lang: str) -> str:
    """SQL filling a message template in ``lang`` ("vi" or "en") from a record's columns, as
    :func:`compliance.model.rules.fill` does in Python (an absent field shows "?"; templates hold plain names
    only; dates as :func:`_shown` writes them)."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(_lit(literal))
        if name is not None:
            parts.append(_shown(f"t.{_q(name)}", types[name], lang) if name in types else "'?'")
    return "concat(" + ", ".join(parts) + ")" if parts else "''"


def _place_sql(con, loaded, kind: str) -> tuple[str, str]:
    """SQL giving a record's place as :meth:`LoadedTable.locate` says it (English), and a JOIN it needs.

    A CSV without blank lines or line breaks inside cells is "row rn + the lines above the data"; with
    line breaks in cells, "record rn". Otherwise (a workbook's sheets and rows, blank lines) the places
    of the flagged records only are asked of the locator in Python and joined."""
    loc = getattr(loaded, "row_of", None)
    if loc is None:
        return "'record ' || t.rn", ""
    if hasattr(loc, "sql"):  # a converted register's places (registers.check.ParquetPlaces)
        return loc.sql("t.rn"), ""
    rows = getattr(loc, "rows", None)
    if rows is None and getattr(loc, "exact", False) and not getattr(loc, "blank", None):
        return f"'row ' || (t.rn + {int(getattr(loc, 'base', 1)) + int(getattr(loc, 'shift', 0))})", ""
    if rows is None and not getattr(loc, "exact", True):
        return "'record ' || t.rn", ""
    table = f"{kind}_places"
    rns = [r[0] for r in con.execute(f"SELECT DISTINCT rn FROM findings JOIN {loaded.table} USING (rn) ORDER BY 1").fetchall()]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT unnest(?::BIGINT[]) AS rn, unnest(?::VARCHAR[]) AS place",
                [rns, [loaded.locate(rn) for rn in rns]])
    return "pl.place", f"LEFT JOIN {table} pl ON pl.rn = t.rn"


def findings_sql(con, runnable, tables, json_text: bool = False, rn_range: tuple[int, int] | None = None,
                 places: dict | None = None) -> str:
    """One SELECT giving every finding (one per record and rule) in rule order then file order, with the
    columns of the JSON output: rule, severity, code, place, agency, procedure_code, message {vi, en},
    legal_basis (the texts in force on the record's date, Vietnamese), deadline_unit, values (the
    record's fields the rule reads, JSON). Computed by the engine: findings never become Python objects
    on the way to a file (:func:`write_result_json`). ``json_text``: one column ``finding`` instead, each
    finding as its JSON text (what Spark writes, and what :func:`all_findings` reads). ``rn_range``: only
    the findings on records ``lo``..``hi``; ``places``: a dict kept between calls (a workbook register's
    places are then listed once)."""
    parts = []
    places = {} if places is None else places  # kind -> (place SQL, its JOIN), made once per kind
    window = f" AND f.rn BETWEEN {int(rn_range[0])} AND {int(rn_range[1])}" if rn_range else ""
    for i, r in runnable:
        table, _have, loaded = tables[r.fact]
        types = {name: str(t) for name, t, *_ in con.execute(f"DESCRIBE {table}").fetchall()}
        cols = sorted(c for c in (r.reads | {"dossier_code", "resolving_agency", "procedure_code", "code", "name",
                                              "publication_decision", "received_at"}) if c in types)
        if r.fact not in places:
            places[r.fact] = _place_sql(con, loaded, r.fact)
        place, join = places[r.fact]

        def first(name: str, other: str | None = None) -> str:
            """``rec.get(name) or rec.get(other)`` in SQL (an absent column is None)."""
            own = f"t.{_q(name)}" if name in cols else "NULL"
            if other is None:
                return own
            return f"coalesce(NULLIF({own}, ''), {f't.{_q(other)}' if other in cols else 'NULL'})"

        date_field = r.rule.basis_date_field
        day = f"t.{_q(date_field)}" if date_field in cols else "NULL"
        cases = []
        for b in r.rule.legal_basis:
            test = [f"{day} >= DATE '{b.applies_from.isoformat()}'"] if b.applies_from else []
            test += [f"{day} <= DATE '{b.applies_to.isoformat()}'"] if b.applies_to else []
            cases.append(f"CASE WHEN {day} IS NULL OR ({' AND '.join(test) or 'TRUE'}) THEN {_lit(b.cite('vi'))} END")
        bases = f"list_filter([{', '.join(cases)}]::VARCHAR[], lambda x: x IS NOT NULL)" if cases else "[]::VARCHAR[]"
        values = ", ".join(f"{_q(c)} := t.{_q(c)}" for c in cols)
        msg = r.rule.gap.message
        if json_text:
            parts.append(f"""
            SELECT {i} AS __i, t.rn AS __rn, to_json(struct_pack(rule := {_lit(r.id)}, severity := {_lit(r.rule.gap.severity.value)},
                   code := {first("dossier_code", "code")}, place := {place}, agency := {first("resolving_agency")},
                   procedure_code := {first("procedure_code", "code")},
                   message := struct_pack(vi := {_message_sql(msg.vi, types, 'vi')}, en := {_message_sql(msg.en or msg.vi, types, 'en')}),
                   legal_basis := {bases}, deadline_unit := {_lit(r.unit)}, "values" := struct_pack({values}))) AS finding
            FROM findings f JOIN {table} t ON t.rn = f.rn {join} WHERE f.rule_idx = {i}{window}""")
            continue
        parts.append(f"""
            SELECT {i} AS __i, t.rn AS __rn, {_lit(r.id)} AS rule, {_lit(r.rule.gap.severity.value)} AS severity,
                   {first("dossier_code", "code")} AS code, {place} AS place,
                   {first("resolving_agency")} AS agency, {first("procedure_code", "code")} AS procedure_code,
                   struct_pack(vi := {_message_sql(msg.vi, types, 'vi')}, en := {_message_sql(msg.en or msg.vi, types, 'en')}) AS message,
                   {bases} AS legal_basis, {_lit(r.unit)} AS deadline_unit,
                   to_json(struct_pack({values}))::JSON AS "values"
            FROM findings f JOIN {table} t ON t.rn = f.rn {join} WHERE f.rule_idx = {i}{window}""")
    if json_text:
        return ("SELECT finding FROM (" + " UNION ALL ".join(parts) + ") ORDER BY __i, __rn" if parts
                else "SELECT CAST(NULL AS VARCHAR) AS finding WHERE FALSE")
    if not parts:
        return ("SELECT NULL AS rule, NULL AS severity, NULL AS code, NULL AS place, NULL AS agency, "
                "NULL AS procedure_code, NULL AS message, NULL AS legal_basis, NULL AS deadline_unit, "
                "NULL::JSON AS \"values\" WHERE FALSE")
    return ("SELECT rule, severity, code, place, agency, procedure_code, message, legal_basis, deadline_unit, \"values\" "
            "FROM (" + " UNION ALL ".join(parts) + ") ORDER BY __i, __rn")


WINDOW = 100_000
"""Findings sorted at once by :func:`stream_findings` (about: a window is a range of records)."""
FINDING_COLUMNS = ("rule", "severity", "code", "place", "agency", "procedure_code", "message", "legal_basis")
"""The columns of :func:`stream_findings`' tuples (a finding's keys in the JSON output)."""


def stream_findings(con, runnable, tables, batch: int = 10_000) -> Iterator[tuple]:
    """Every finding, in the order of :func:`findings_sql`, as a tuple of :data:`FINDING_COLUMNS`
    (``message`` a dict {vi, en}, ``legal_basis`` a list of texts), fetched ``batch`` at a time: a
    workbook is written from the findings as they come, never all of them in Python at once. On
    Spark each finding arrives as its JSON text (the SQL :func:`write_result_json` has Spark run)."""
    if getattr(con, "is_spark", False):
        cur = con.execute(findings_sql(con, runnable, tables, json_text=True))
        while rows := cur.fetchmany(batch):
            for (text,) in rows:
                found = json.loads(text)
                yield tuple(found[k] for k in FINDING_COLUMNS)
        return
    # rule by rule, and each rule's findings a window of records at a time (about WINDOW findings): a
    # window's findings are sorted within DuckDB's memory limit, where sorting all of them at once (a
    # million-row register where every dossier has a finding) runs out of it
    for sql in _windows(con, runnable, tables):
        cur = con.execute(f"SELECT {', '.join(FINDING_COLUMNS)} FROM ({sql})")
        while rows := cur.fetchmany(batch):
            yield from rows


def all_findings(con, runnable, tables) -> list[dict]:
    """Every finding as a dict (:func:`findings_sql`'s JSON text, read), for a program that asked for them."""
    return [json.loads(row[0]) for row in con.execute(findings_sql(con, runnable, tables, json_text=True)).fetchall()]


def write_result_json(con, head: dict | Callable[[], dict], runnable, tables, path: Path) -> None:
    """Write a check's JSON file atomically: ``head`` (summary, rules, groups…) as Python gives it, and
    its ``findings`` array written by DuckDB's own JSON writer (``COPY … (FORMAT JSON, ARRAY true)``)
    straight from :func:`findings_sql`, so a million-row register's findings never become Python
    objects. The file parses to the same data as ``json.dumps(result.to_dict(full=True))``. ``head``
    may be a function, called once the findings are written (the check finishes its head meanwhile)."""
    def head_text() -> bytes:
        text = json.dumps(head() if callable(head) else head, ensure_ascii=False, indent=2, default=str)
        return text.rstrip()[:-1].rstrip().encode("utf-8") + b',\n  "findings": '

    if getattr(con, "is_spark", False):
        with tempfile.TemporaryDirectory(prefix="compliance-findings-") as tmp:
            part = Path(tmp) / "findings.json"
            with open(part, "wb") as out:
                con.write_json_lines(findings_sql(con, runnable, tables, json_text=True), out)
            _assemble(head_text(), part, path)
        return
    with tempfile.TemporaryDirectory(prefix="compliance-findings-") as tmp:
        # one thread: DuckDB then writes the sorted findings as they come instead of holding batches that
        # arrive out of order in memory (10M rows: 380,000 findings, over the memory limit otherwise); and a
        # window of records at a time (as stream_findings): sorting a million findings at once ran out of the
        # memory limit (exit 3) where every dossier of a million-row register had one
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        con.execute("SET threads = 1")
        parts = []
        try:
            for k, sql in enumerate(_windows(con, runnable, tables)):
                parts.append(Path(tmp) / f"findings-{k}.json")
                con.execute(f"COPY ({sql}) TO {_lit(str(parts[-1]))} (FORMAT JSON)")
        finally:
            con.execute(f"SET threads = {int(threads)}")
        with atomic_write(path, "wb") as out:
            out.write(head_text())
            _json_array(parts, out)
            out.write(b"}\n")


def _windows(con, runnable, tables) -> Iterator[str]:
    """The SELECTs of every finding in :func:`findings_sql`'s order, rule by rule and, within a rule, a range of
    records holding about :data:`WINDOW` findings at a time (sorted within DuckDB's memory limit)."""
    spans = {i: (n, lo, hi) for i, n, lo, hi in
             con.execute("SELECT rule_idx, count(*), min(rn), max(rn) FROM findings GROUP BY rule_idx").fetchall()}
    places: dict = {}
    for i, r in runnable:
        if i not in spans:
            continue
        n, lo, hi = spans[i]
        step = -(-(hi - lo + 1) // -(-n // WINDOW))
        for start in range(lo, hi + 1, step):
            yield findings_sql(con, [(i, r)], tables, rn_range=(start, start + step - 1), places=places)


def _json_array(parts: list[Path], out) -> None:
    """The findings of ``parts`` (DuckDB's JSON, one object a line) as one JSON array, laid out as DuckDB lays
    out ``ARRAY true`` ("[", a tab before each object, "," between them, "]")."""
    out.write(b"[\n")
    first = True
    for part in parts:
        with open(part, "rb") as src:
            for line in src:
                out.write((b"\t" if first else b",\n\t") + line.rstrip(b"\n"))
                first = False
    out.write(b"\t\n]\n" if first else b"\n]\n")


def _assemble(head: bytes, part: Path, path: Path) -> None:
    with atomic_write(path, "wb") as out, open(part, "rb") as src:
        out.write(head)
        shutil.copyfileobj(src, out, 1 << 20)
        out.write(b"}\n")
