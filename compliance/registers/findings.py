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
from dataclasses import dataclass

from compliance.engine.runner import EngineError, RuleRunner
from compliance.i18n import M
from compliance.model.rules import fill
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
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SQL_CALENDAR} AS SELECT unnest(?::INTEGER[]) AS day, "
                "unnest(?::INTEGER[]) AS wday, unnest(?::INTEGER[]) AS wday_prev", [days, wday, wprev])


def run_durable(con, rules, runnable, tables, engine: str, settings: Settings) -> dict:
    """Feed durable_rules the records (flagged by SQL, or all of them with ``engine="durable"``) and
    check that it finds exactly what SQL found on them."""
    info = {"per_record": "duckdb-sql" if engine != "durable" else "durable_rules",
            "confirmed_by": "durable_rules" if engine == "sql+durable" else None, "facts_to_durable_rules": 0}
    if engine == "sql" or not runnable:
        return info
    ruleset = durable_rulesets([r for _, r in runnable])
    idx_of = {r.id: i for i, r in runnable}
    hits: list[tuple[int, int]] = []
    checked_rns: list[int] = []
    flagged = 0
    with RuleRunner(ruleset) as runner:
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
                pos = {id(f): n for n, f in enumerate(facts)}
                for m in runner.evaluate(f"{kind}-{chunk}", facts):
                    hits.append((idx_of[m.rule], rns[pos[id(m.fact)]]))
    if engine == "durable":
        if hits:
            con.executemany("INSERT INTO findings VALUES (?, ?)", hits)
        return info
    kind_of = {i: r.fact for i, r in runnable}
    checked = set(checked_rns)
    sql_hits = {(i, rn) for i, rn in con.execute("SELECT rule_idx, rn FROM findings").fetchall() if (kind_of[i], rn) in checked}
    dr_hits = set(hits)
    if sql_hits != dr_hits:
        only_sql, only_dr = sorted(sql_hits - dr_hits)[:3], sorted(dr_hits - sql_hits)[:3]
        raise EngineError(f"SQL and durable_rules disagree on the register findings (SQL only: {only_sql}; "
                          f"durable_rules only: {only_dr})")
    n = info["facts_to_durable_rules"]
    if n >= flagged:
        info["agreement"] = M("durable_rules re-checked all {n} flagged records and found the same {found} findings",
                              n=n, found=len(dr_hits))
    else:
        info["agreement"] = M("durable_rules re-checked {n} of {flagged} flagged records (the first of each rule in file "
                              "order, setting confirm_limit) and found the same {found} findings on them", n=n,
                              flagged=flagged, found=len(dr_hits))
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
                   list({code} ORDER BY t.rn)[1:{n}], list(t.rn ORDER BY t.rn)[1:{n}], {dates}
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


def all_findings(con, rules, runnable, tables) -> list[dict]:
    """Every finding: rule, severity, record code, row, agency, procedure, message (vi, en)."""
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
            shown = {k: (f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v)) for k, v in rec.items()}
            out.append({
                "rule": r.id, "severity": r.rule.gap.severity.value,
                "code": rec.get("dossier_code") or rec.get("code"), "place": loaded.locate(rec["rn"]),
                "agency": rec.get("resolving_agency"), "procedure_code": rec.get("procedure_code") or rec.get("code"),
                "message": {"vi": fill(r.rule.gap.message.vi, shown), "en": fill(r.rule.gap.message.en or r.rule.gap.message.vi, shown)},
                "legal_basis": [b.cite("vi") for b in bases], "deadline_unit": r.unit,
                "values": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in rec.items() if k != "rn"},
            })
    return out
