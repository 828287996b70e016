"""The QĐ 766/QĐ-TTg service index computed from a dossier register and a procedure catalogue.

Quyết định 766/QĐ-TTg ngày 23/6/2022 sets the "Bộ chỉ số phục vụ người dân, doanh nghiệp" that the
national public-service portal publishes monthly. A province's own register and catalogue give part
of it before the portal publishes: :func:`compute_index` scores, per resolving agency and for the
province, every indicator of ``criteria/index766/indicators.yaml`` that has a formula, and lists the
others as not computed, with why.

Everything row-level runs in DuckDB SQL over the tables :mod:`compliance.registers.reader` loads (a
province's year is about a million rows): the period facts of
:func:`compliance.registers.summary.create_facts_view`, the flag columns typed through a small value
map, and each indicator's conditions compiled by :func:`compliance.engine.conditions.to_sql` into one
aggregate query per counting unit (dossiers grouped by agency and in all; procedures per unit). Only
the per-unit counts reach Python, where points are worked out and explained.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from compliance.engine.conditions import to_sql
from compliance.errors import InputError
from compliance.i18n import M, Message, Words, join, number
from compliance.registers.findings import install_calendar_range
from compliance.registers.index766_flags import boolean_note, flag_select, typed_flags
from compliance.registers.index766_model import CATALOGUE_FLAGS, INDICATORS_FILE, REGISTER_FLAGS, IndexSet, Indicator, load_index
from compliance.registers.reader import LoadedTable, Settings, connect, load_table
from compliance.registers.schema import CATALOGUE_FIELDS, REGISTER_FIELDS
from compliance.registers.summary import Period, create_facts_view, parse_period, register_period
from compliance.vocab import round_half_up

PROVINCE = ""


@dataclass
class Score:
    """One indicator for one unit. ``state``: scored (denominator > 0), zero (denominator 0, points by
    the zero rule), not_applicable (denominator 0, left out), province_only (an agency row of a
    province-level indicator), missing (an input column it needs is absent). ``rate`` in % (2
    decimals); ``points`` rounded to 2 decimals; ``counts`` names each count (numerator, denominator,
    or the subtracted counts of a complement); ``reason`` is (vi, en). Also not_in_catalogue: a procedure
    indicator of an agency the catalogue's 'Cơ quan thực hiện' never names (left out, as missing is)."""

    indicator: str
    state: str
    max_points: float
    points: float | None = None
    rate: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    reason: tuple[str, str] = ("", "")

    @property
    def counted(self) -> bool:
        """Whether the score enters the unit's total and its maximum."""
        return self.state in ("scored", "zero")

    def to_dict(self) -> dict:
        return {"indicator": self.indicator, "state": self.state, "points": self.points, "max_points": self.max_points,
                "rate": self.rate, "numerator": self.numerator, "denominator": self.denominator, "counts": self.counts,
                "reason": {"vi": self.reason[0], "en": self.reason[1]}}


@dataclass
class UnitResult:
    """The index of one unit: an agency (``unit`` its name) or the province (``unit == ""``)."""

    unit: str
    scores: list[Score]

    @property
    def total(self) -> float:
        return round_half_up(sum(s.points for s in self.scores if s.counted), 2)

    @property
    def max_points(self) -> float:
        return round_half_up(sum(s.max_points for s in self.scores if s.counted), 2)

    def score(self, iid: str) -> Score:
        return next(s for s in self.scores if s.indicator == iid)

    def group_points(self, index: IndexSet, gid: str) -> tuple[float | None, float]:
        """(points, maximum) of one group over its counted scores; points None when none is counted."""
        ids = {i.id for i in index.indicators if i.group == gid}
        got = [s for s in self.scores if s.indicator in ids and s.counted]
        if not got:
            return None, 0.0
        return round_half_up(sum(s.points for s in got), 2), round_half_up(sum(s.max_points for s in got), 2)

    def to_dict(self) -> dict:
        return {"unit": self.unit or None, "total": self.total, "max_points": self.max_points,
                "scores": [s.to_dict() for s in self.scores]}


@dataclass
class IndexResult:
    """What :func:`compute_index` returns: the period, the indicator set, the province and each agency
    (agencies in name order), the indicators not computed with why (id → (vi, en)), and notices."""

    period: Period
    index: IndexSet
    province: UnitResult
    agencies: list[UnitResult]
    not_computed: dict[str, tuple[str, str]]
    notices: list[str]
    register: LoadedTable
    catalogue: LoadedTable
    empty_message: tuple[str, str] | None = None

    def to_dict(self) -> dict:
        ix = self.index
        return {
            "index": {"id": ix.id, "decision": ix.decision, "issued": ix.issued.isoformat(), "total_points": ix.total_points,
                      "version_note": ix.version_note.model_dump(), "disclaimer": ix.disclaimer.model_dump()},
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(), "label": self.period.label},
            "indicators": [{"id": i.id, "group": i.group, "name": i.name.model_dump(), "max_points": i.max_points,
                            "scope": i.scope, "computed": i.formula is not None and i.id not in self.not_computed,
                            "formula": formula_text(i, "en") if i.formula else None,
                            "threshold": i.formula.threshold if i.formula else None,
                            "when_zero": i.formula.when_zero if i.formula else None,
                            "confidence": i.confidence, "confidence_note": i.confidence_note.model_dump(),
                            "approximation": i.approximation.model_dump() if i.approximation else None,
                            "sources": [ix.source(s).cite for s in i.sources]} for i in ix.indicators],
            "not_computed": {k: {"vi": vi, "en": en} for k, (vi, en) in self.not_computed.items()},
            "province": self.province.to_dict(),
            "agencies": [a.to_dict() for a in self.agencies],
            "notices": [str(n) for n in self.notices],
            "empty_period": self.empty_message is not None,
            "register": {"path": str(self.register.path), "rows": self.register.rows},
            "catalogue": {"path": str(self.catalogue.path), "rows": self.catalogue.rows},
        }


def _num(value: float, lang: str, fixed: bool = False) -> str:
    """Points as written (``6``, ``1,25``); rates with ``fixed`` two decimals (``33,33``); decimal comma in vi."""
    return number(value, lang, 2) if fixed else number(round_half_up(value, 2), lang)


def formula_text(ind: Indicator, lang: str) -> str:
    """The points rule in words: ``points = 20 × rate`` or ``points = min(6; 6 × rate ÷ 80 %)``."""
    f, m = ind.formula, _num(ind.max_points, lang)
    word, rate = ("điểm", "tỷ lệ") if lang == "vi" else ("points", "rate")
    if f.kind == "complement":
        rate = f"(100 % − Σ {M('subtracted shares').get(lang)})"
    if f.threshold >= 100:
        return f"{word} = {m} × {rate}"
    sep = M(", ").get(lang)
    return f"{word} = min({m}{sep}{m} × {rate} ÷ {_num(f.threshold, lang)} %)"


def _points(ind: Indicator, counts: dict[str, int]) -> Score:
    """Points and explanation of one indicator from its counts (``den``, ``num`` or ``sub0``…)."""
    f, top = ind.formula, ind.max_points
    den = counts["den"]
    if den == 0:
        rule = f.when_zero
        if rule == "not_applicable":
            return Score(ind.id, "not_applicable", top, denominator=0, counts=counts, reason=(
                "mẫu số bằng 0 → không xét (không tính vào tổng và điểm tối đa)",
                "denominator is 0 → not applicable (left out of the total and the maximum)"))
        pts = top if rule == "full" else 0.0
        return Score(ind.id, "zero", top, points=pts, denominator=0, counts=counts, reason=(
            f"mẫu số bằng 0 → {_num(pts, 'vi')} điểm (quy tắc của chỉ số)",
            f"denominator is 0 → {_num(pts, 'en')} points (the indicator's rule)"))
    if f.kind == "rate":
        num = counts["num"]
        shown = {lang: f"{num} / {den}" for lang in ("vi", "en")}
    else:
        subs = [counts[f"sub{k}"] for k in range(len(f.subtract))]
        num = max(den - sum(subs), 0)
        shown = {lang: f"100 % − ({' + '.join(map(str, subs))}) / {den}" for lang in ("vi", "en")}
    rate = round_half_up(100.0 * num / den, 2)
    pts = round_half_up(min(top, top * rate / f.threshold), 2)
    reason = []
    for lang in ("vi", "en"):
        r = _num(rate, lang, fixed=True)
        head = f"{shown[lang]} = {r} %"
        word = M("points").get(lang)
        if f.threshold >= 100:
            tail = f"{_num(top, lang)} × {r} % = {_num(pts, lang)} {word}"
        elif rate >= f.threshold:
            tail = (M("≥ threshold {value} % → full {value2} points", value=_num(f.threshold, lang), value2=_num(pts, lang)).get(lang))
        else:
            tail = (f"< {M('threshold ').get(lang)}{_num(f.threshold, lang)} % → "
                    f"{_num(top, lang)} × {r} ÷ {_num(f.threshold, lang)} = {_num(pts, lang)} {word}")
        reason.append(f"{head} → {tail}" if f.threshold >= 100 else f"{head} {tail}")
    return Score(ind.id, "scored", top, points=pts, rate=rate, numerator=num, denominator=den, counts=counts,
                 reason=(reason[0], reason[1]))


# ---------------------------------------------------------------------------------------- SQL side

def _views(con, reg: LoadedTable, cat: LoadedTable, period: Period, assumed: dict) -> list[str]:
    """Create ``i766_catalogue`` (typed), ``i766_dossiers`` (one row per dossier handled in the period)
    and ``i766_procedures`` (one row per procedure and unit: the province, and each agency the
    catalogue names). Returns the headers of the flag columns where TRUE/FALSE cells were read as yes/no."""
    s, e = f"DATE '{period.start.isoformat()}'", f"DATE '{period.end.isoformat()}'"
    cat_joins, cat_booleans = typed_flags(con, cat, CATALOGUE_FLAGS)
    plain = [f.name for f in CATALOGUE_FIELDS if f.name not in CATALOGUE_FLAGS]
    cols = ", ".join(f"x.{n}" if cat.has(n) else
                     f"CAST(NULL AS {'DATE' if next(f for f in CATALOGUE_FIELDS if f.name == n).kind == 'date' else 'VARCHAR'}) AS {n}"
                     for n in plain)
    con.execute(f"CREATE OR REPLACE TEMP TABLE i766_catalogue AS SELECT {cols}, "
                f"{flag_select(CATALOGUE_FLAGS, cat_joins, assumed, cat.has)} FROM {cat.table} x {' '.join(cat_joins.values())}")
    reg_joins, reg_booleans = typed_flags(con, reg, REGISTER_FLAGS)
    present = [n for n in REGISTER_FLAGS if reg.has(n)]
    exclude = f" EXCLUDE ({', '.join(present)})" if present else ""
    cat_cols = ", ".join(f"{'TRUE' if assumed[n] else 'FALSE'} AS {n}" if n in assumed and not cat.has(n) else f"c.{n}"
                         for n in ("fee_required", "paper_result"))
    con.execute(f"""CREATE OR REPLACE TEMP VIEW i766_dossiers AS
        SELECT x.*{exclude}, {flag_select(REGISTER_FLAGS, reg_joins, assumed, reg.has)}, {cat_cols}, {s} AS period_start
        FROM dossier_facts x {' '.join(reg_joins.values())} LEFT JOIN i766_catalogue c ON c.code = x.procedure_code""")
    con.execute("""CREATE OR REPLACE TEMP TABLE i766_stats AS
        SELECT resolving_agency AS agency, procedure_code AS code, GROUPING(resolving_agency) AS whole,
               count(*) FILTER (WHERE received_in_period) AS dossiers_received,
               count(*) FILTER (WHERE received_in_period AND channel = 'online') AS online_dossiers,
               count(*) FILTER (WHERE received_in_period AND online_payment = 'yes') AS paid_online_dossiers
        FROM i766_dossiers GROUP BY GROUPING SETS ((resolving_agency, procedure_code), (procedure_code))""")
    derived = (f"{s} AS period_start, {e} AS period_end, "
               f"coalesce(c.publication_decision_date BETWEEN {s} AND {e}, FALSE) AS decided_in_period, "
               f"(c.abolished_on IS NULL OR c.abolished_on > {s}) AS in_force, "
               "coalesce(st.dossiers_received, 0) AS dossiers_received, coalesce(st.online_dossiers, 0) AS online_dossiers, "
               "coalesce(st.paid_online_dossiers, 0) AS paid_online_dossiers")
    sql = (f"SELECT '' AS scope, c.*, {derived} FROM i766_catalogue c "
           "LEFT JOIN i766_stats st ON st.code = c.code AND st.whole = 1")
    if cat.has("resolving_agency"):
        # the catalogue's 'Cơ quan thực hiện' names the register's 'Cơ quan giải quyết' up to case and spaces;
        # a procedure is scored under the register's spelling (a name no dossier carries keeps its own)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE i766_agencies AS
            SELECT DISTINCT resolving_agency AS agency, {_agency_key('resolving_agency')} AS k FROM i766_dossiers""")
        sql += (f" UNION ALL SELECT coalesce(ag.agency, c.resolving_agency) AS scope, c.*, {derived} FROM i766_catalogue c "
                f"LEFT JOIN i766_agencies ag ON ag.k = {_agency_key('c.resolving_agency')} "
                "LEFT JOIN i766_stats st ON st.code = c.code AND st.whole = 0 AND st.agency = ag.agency "
                "WHERE c.resolving_agency IS NOT NULL")
    con.execute(f"CREATE OR REPLACE TEMP VIEW i766_procedures AS {sql}")
    return reg_booleans + cat_booleans


def _agency_key(column: str) -> str:
    """SQL for an agency name compared without regard to case and runs of spaces."""
    return f"lower(regexp_replace(trim({column}), '\\s+', ' ', 'g'))"


def _unmatched_agencies(con, agencies: list[str]) -> tuple[set[str], list[str]]:
    """(register agencies the catalogue names no procedure of, catalogue names no dossier of the period
    carries), both compared as :func:`_agency_key` compares them."""
    named = {k for (k,) in con.execute(f"SELECT DISTINCT {_agency_key('resolving_agency')} FROM i766_catalogue "
                                       "WHERE resolving_agency IS NOT NULL").fetchall()}
    keys = dict(con.execute("SELECT agency, k FROM i766_agencies").fetchall())
    missing = {a for a in agencies if keys.get(a) not in named}
    idle = sorted(n for (n,) in con.execute(
        f"SELECT DISTINCT resolving_agency FROM i766_catalogue WHERE resolving_agency IS NOT NULL "
        f"AND {_agency_key('resolving_agency')} NOT IN (SELECT k FROM i766_agencies)").fetchall())
    return missing, idle


def _agency_notice(missing: set[str], idle: list[str]) -> Message:
    """Say which register agencies have no procedure in the catalogue and which catalogue agencies have
    no dossier in the period (a different spelling shows on both sides)."""
    def names(xs) -> str:
        shown = sorted(xs)
        return ", ".join(f"'{x}'" for x in shown[:8]) + (f" (+{len(shown) - 8})" if len(shown) > 8 else "")

    parts = []
    if missing:
        parts.append(M("agencies of the register that no procedure of the catalogue names in 'Cơ quan thực hiện' "
                       "(their procedure indicators are left out, not scored 0): {names}", names=names(missing)))
    if idle:
        parts.append(M("agencies of the catalogue's 'Cơ quan thực hiện' without any dossier in the period "
                       "(not scored per agency): {names}", names=names(idle)))
    return M("{parts} — check that both files spell each agency alike", parts=join(parts))


def _counts(con, indicators: list[Indicator], unit: str) -> dict[str, dict[str, dict[str, int]]]:
    """One aggregate query over the unit's view: unit key → indicator id → counts."""
    selects, params = [], []

    def cond(c) -> str:
        if c is None:
            return "TRUE"
        sql, p = to_sql(c)
        params.extend(p)
        return sql

    for ind in indicators:
        f, k = ind.formula, ind.id.replace(".", "_")
        den = cond(f.denominator)
        selects.append(f"count(*) FILTER (WHERE {den}) AS den_{k}")
        parts = [("num", f.numerator)] if f.kind == "rate" else [(f"sub{j}", c) for j, c in enumerate(f.subtract)]
        for name, c in parts:
            den_again = cond(f.denominator)
            selects.append(f"count(*) FILTER (WHERE {den_again} AND {cond(c)}) AS {name}_{k}")
    if unit == "dossier":
        sql = (f"SELECT CASE WHEN GROUPING(resolving_agency) = 1 THEN '' ELSE resolving_agency END AS u, {', '.join(selects)} "
               "FROM i766_dossiers GROUP BY GROUPING SETS ((resolving_agency), ())")
    else:
        sql = f"SELECT scope AS u, {', '.join(selects)} FROM i766_procedures GROUP BY scope"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    out: dict[str, dict[str, dict[str, int]]] = {}
    for row in cur.fetchall():
        per: dict[str, dict[str, int]] = {}
        for name, value in zip(names[1:], row[1:]):
            what, k = name.split("_", 1)
            per.setdefault(k.replace("_", "."), {})[what] = int(value)
        out[row[0]] = per
    return out


def _period(con, period, path) -> Period:
    if isinstance(period, Period):
        return period
    if period is None:
        try:
            return register_period(con)
        except InputError as exc:
            raise InputError(path, exc.message, exc.where) from None
    return parse_period(str(period))


def compute_index(register: str | os.PathLike, catalogue: str | os.PathLike, period: str | Period | None = None,
                  settings: Settings | None = None, indicators: str | os.PathLike = INDICATORS_FILE) -> IndexResult:
    """Score the QĐ 766/QĐ-TTg index for ``period`` (text as for ``--period``; None = the register's
    receipt dates) from ``register`` and ``catalogue`` (CSV or XLSX), per agency and for the province.

    Points per indicator as :mod:`compliance.registers.index766_model` describes; totals are sums of
    the counted scores (never rescaled to 100). Raises :class:`compliance.errors.InputError` for bad
    input (files, headers, cells, flag values, the indicator file)."""
    settings = settings or Settings()
    index = load_index(indicators)
    con = connect(settings)
    try:
        # every field is read and checked; the applicant's name, which no indicator reads, is not kept
        reg = load_table(con, Path(register), settings=settings,
                         keep={f.name for f in REGISTER_FIELDS if f.name != "applicant"})
        cat = load_table(con, Path(catalogue), kind="catalogue", settings=settings)
        p = _period(con, period, register)
        notices: list[str] = list(reg.notices) + list(cat.notices)
        if p.label == "register":
            notices.insert(0, M("no --period given: the register's receipt dates {value} are used", value=p.span))
        # the working-day table for the days the register, the catalogue and the period hold (the whole
        # 1970–2100 calendar cost 0.2 s of a million-row index)
        con.execute(f"CREATE OR REPLACE TEMP VIEW i766_period AS SELECT DATE '{p.start.isoformat()}' AS period_start, "
                    f"DATE '{p.end.isoformat()}' AS period_end")
        install_calendar_range(con, [("procedures", {f.name for f in CATALOGUE_FIELDS if f.kind == "date"}),
                                     ("dossiers", {f.name for f in REGISTER_FIELDS if f.kind == "date"}),
                                     ("i766_period", {"period_start", "period_end"})])
        create_facts_view(con, p)
        used = [a for a in index.assumptions if not (reg.has(a.field) or cat.has(a.field))]
        notices += [Words(a.why.vi, a.why.en) for a in used]  # the index file's own two languages
        booleans = _views(con, reg, cat, p, {a.field: a.value for a in used})
        if booleans:
            notices.append(boolean_note(booleans))
        not_computed: dict[str, tuple[str, str]] = {}
        ready: list[Indicator] = []
        for ind in index.indicators:
            if ind.formula is None:
                not_computed[ind.id] = (ind.not_computed.vi, ind.not_computed.en or ind.not_computed.vi)
                continue
            missing = [n for n in ind.formula.needs if not (reg.has(n) or cat.has(n))]
            if missing:
                words = ", ".join(_field_label(n) for n in missing)
                not_computed[ind.id] = (f"thiếu cột {words}", f"no column {words} in the register or the catalogue")
            else:
                ready.append(ind)
        counts = {}
        for unit in ("dossier", "procedure"):
            todo = [i for i in ready if i.formula.unit == unit]
            counts[unit] = _counts(con, todo, unit) if todo else {}
        agencies = sorted(a for (a,) in con.execute("SELECT DISTINCT resolving_agency FROM i766_dossiers").fetchall())
        no_procedures: set[str] = set()
        if cat.has("resolving_agency"):
            no_procedures, idle = _unmatched_agencies(con, agencies)
            if no_procedures or idle:
                notices.append(_agency_notice(no_procedures, idle))
        empty = None if agencies else (
            f"Không có hồ sơ nào thuộc kỳ {p.show('vi')}: mọi chỉ số tính trên hồ sơ có mẫu số bằng 0. "
            "Hãy đối chiếu --period với ngày tiếp nhận trong sổ.",
            f"No dossier falls in the period {p.show('en')}: every dossier indicator has a zero denominator. "
            "Check --period against the register's receipt dates.")
    finally:
        con.close()

    def unit_result(name: str) -> UnitResult:
        scores = []
        for ind in index.indicators:
            if ind.formula is None:
                continue
            if ind.id in not_computed:
                scores.append(Score(ind.id, "missing", ind.max_points, reason=not_computed[ind.id]))
            elif name and ind.scope == "province":
                scores.append(Score(ind.id, "province_only", ind.max_points, reason=(
                    "chỉ tính cho toàn tỉnh", "computed for the province only")))
            elif name and ind.formula.unit == "procedure" and not cat.has("resolving_agency"):
                scores.append(Score(ind.id, "province_only", ind.max_points, reason=(
                    "danh mục không có cột 'Cơ quan thực hiện': chỉ tính cho toàn tỉnh",
                    "the catalogue has no 'Cơ quan thực hiện' column: province only")))
            elif name in no_procedures and ind.formula.unit == "procedure":
                scores.append(Score(ind.id, "not_in_catalogue", ind.max_points, reason=(
                    "danh mục không có thủ tục nào của cơ quan này (cột 'Cơ quan thực hiện'): không tính",
                    "the catalogue names no procedure of this agency ('Cơ quan thực hiện'): left out")))
            else:
                per = counts[ind.formula.unit].get(name, {}).get(ind.id)
                zero = {"den": 0, **({"num": 0} if ind.formula.kind == "rate" else
                                     {f"sub{j}": 0 for j in range(len(ind.formula.subtract))})}
                scores.append(_points(ind, per or zero))
        return UnitResult(name, scores)

    return IndexResult(p, index, unit_result(PROVINCE), [unit_result(a) for a in agencies], not_computed,
                       notices, reg, cat, empty)


def _field_label(name: str) -> str:
    f = next(x for x in (*REGISTER_FIELDS, *CATALOGUE_FIELDS) if x.name == name)
    return f"'{f.vi}' ({name})"
