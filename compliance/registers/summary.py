"""The periodic report table computed from a dossier register, and the period facts behind it.

The table follows the current periodic form, Biểu số 06/VPCP/KSTT of Thông tư 01/2020/TT-VPCP
(21/10/2020) "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC":

- received (Số hồ sơ nhận giải quyết): total = online + in person / post (received in the period)
  + carried over (received before the period, not resolved when it started);
- resolved (Số hồ sơ đã giải quyết): total = early + on time + late;
- in progress (Số hồ sơ đang giải quyết) at the period's end: total = within time + overdue.

How a dossier is counted (one place, the SQL view ``dossier_facts``):

- its end date ``finished_at`` is ``result_at``, or ``returned_at`` when no result date is given;
- resolved in the period: ``finished_at`` within the period; early: ``finished_at`` before the day of
  ``due_at``; on time: on that day; late: after it (by calendar day, against the original due date);
- in progress at the end: not finished by the period's last day; overdue when ``due_at`` is before
  that day, else within time;
- dossiers received after the period or finished before it are outside the period: they are left
  out of the table and counted in ``notices``.

Rates (each with its numerator and denominator): on-time rate = (early + on time) / resolved;
early, on-time-only and late shares of resolved; online rate = online / received in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from compliance.errors import InputError
from compliance.i18n import Day, DaySpan, M, MC, Message, Num
from compliance.io.periods import period_span

# column id → its label (a catalogue message); order is the form's order
COLUMNS: list[tuple[str, Message]] = [
    ("received_total", M("Received: total")),
    ("received_online", M("Online")),
    ("received_in_person_post", M("In person / post")),
    ("carried_over", M("Carried over")),
    ("resolved_total", M("Resolved: total")),
    ("resolved_early", M("Early")),
    ("resolved_on_time", MC("dossier", "On time")),
    ("resolved_late", M("Late")),
    ("in_progress_total", M("In progress: total")),
    ("in_progress_within", M("Within time")),
    ("in_progress_overdue", M("Overdue")),
]
GROUP_BY = {"agency": ("resolving_agency",), "level": ("level",), "procedure": ("procedure_code", "procedure_name")}
GROUP_LABELS = {
    "agency": M("Resolving agency"),
    "level": M("Level"),
    "procedure": M("Procedure"),
    None: M("Scope"),
}


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` and ``end`` inclusive, ``label`` as the user wrote it."""

    start: dt.date
    end: dt.date
    label: str

    def show(self, lang: str | None) -> str:
        """The period as ``lang`` writes two dates ("vi": 02/3/2026–05/4/2026, "en": 02/03/2026–05/04/2026),
        as every date the register commands say is written (:func:`compliance.i18n.date`)."""
        return self.span.get(lang)

    @property
    def span(self) -> DaySpan:
        """The period as a value of a message, written in the language the message is asked in."""
        return DaySpan(self.start, self.end)


def parse_period(text: str) -> Period:
    """The period ``--period`` names → :class:`Period` (``label`` the text as given). Every form of
    :mod:`compliance.io.periods`: ``2020``, ``năm 2020``, ``2020-Q3``, ``quý 3/2020``, ``quý III năm 2020``,
    ``2020-H1``, ``6 tháng đầu năm 2020``, ``9 tháng năm 2020``, ``2020-06``, ``tháng 6/2020``, ``06/2020``,
    ``2020-01-01..2020-06-30``, ``01/01/2020-30/06/2020``. Raises :class:`InputError` (place ``--period``)
    for anything else, listing the forms, and for two dates the wrong way round."""
    t = text.strip()
    try:
        span = period_span(t)
    except ValueError:
        span = None
    if span is None:
        raise InputError(None, M("period {t!r} is not understood; write it as: năm 2024 or 2024; quý 2/2024, quý II/2024 "
                                 "or 2024-Q2; 6 tháng đầu năm 2024, 9 tháng năm 2024, 6 tháng cuối năm 2024 or 2024-H1, "
                                 "2024-H2; tháng 3/2024, 03/2024 or 2024-03; 01/01/2024-30/6/2024 or "
                                 "2024-01-01..2024-06-30", t=t), "--period")
    if span[1] < span[0]:
        raise InputError(None, M("period {t!r} ends before it starts", t=t), "--period")
    return Period(span[0], span[1], t)


def register_period(con, table: str = "dossiers") -> Period:
    """The period covered by a register when none is given: first to last receipt date."""
    a, b = con.execute(f"SELECT min(received_at), max(received_at) FROM {table}").fetchone()
    if a is None:
        raise InputError(None, M("the register has no dossiers (only a header row?)"))
    return Period(a, b, "register")


#: the fields a procedure catalogue gives each dossier (procedure_listed …) → the catalogue column each is read from;
#: a catalogue needs only its codes and names (docs/registers.md): a field whose column it lacks is NULL, and the
#: rules reading that field are not checked (compliance.registers.check)
CATALOGUE_SOURCES = {"procedure_listed": "code", "procedure_decision_date": "publication_decision_date",
                     "procedure_decision": "publication_decision", "procedure_abolished_on": "abolished_on"}


def create_facts_view(con, period: Period, table: str = "dossiers", catalogue: str | None = None,
                      view: str = "dossier_facts") -> None:
    """Create the view of dossiers handled in ``period`` with the derived fields the summary and the
    rules read: ``finished_at``, ``received_in_period``, ``carried_over``, ``resolved_in_period``,
    ``outcome`` (early | on_time | late | in_progress | overdue), ``late`` (late or overdue),
    ``period_end``; with a catalogue, ``procedure_listed``, ``procedure_decision_date``,
    ``procedure_decision``, ``procedure_abolished_on``. Dates stay DATE columns."""
    cols = {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
    finished = "coalesce(result_at, returned_at)" if "returned_at" in cols and "result_at" in cols else (
        "result_at" if "result_at" in cols else "returned_at" if "returned_at" in cols else "CAST(NULL AS DATE)")
    s, e = f"DATE '{period.start.isoformat()}'", f"DATE '{period.end.isoformat()}'"
    optional = {c: f"CAST(NULL AS {'INTEGER' if c in ('reschedule_count', 'supplement_requests') else 'DATE' if c.endswith('_at') else 'VARCHAR'}) AS {c}"
                for c in ("procedure_name", "applicant", "level", "transferred_at", "result_at", "returned_at",
                          "apology_letter_at", "rescheduled_due_at", "reschedule_count", "supplement_requests",
                          "status", "paper_result_at") if c not in cols}
    extra = "".join(f", {v}" for v in optional.values())
    join = ""
    cat_cols = ""
    if catalogue:
        have = {d[0] for d in con.execute(f"SELECT * FROM {catalogue} LIMIT 0").description}
        value = {"procedure_listed": "p.code IS NOT NULL", "procedure_decision_date": "p.publication_decision_date",
                 "procedure_decision": "p.publication_decision", "procedure_abolished_on": "p.abolished_on"}
        empty = {f: "CAST(NULL AS VARCHAR)" if f == "procedure_decision" else "CAST(NULL AS DATE)" for f in value}
        join = f" LEFT JOIN {catalogue} p ON p.code = d.procedure_code"
        cat_cols = "".join(f", {value[f] if src in have else empty[f]} AS {f}" for f, src in CATALOGUE_SOURCES.items())
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW {view} AS
        WITH d0 AS (SELECT d.*{extra}, {finished} AS finished_at{cat_cols} FROM {table} d{join}),
        d1 AS (
          SELECT *,
            (received_at BETWEEN {s} AND {e}) AS received_in_period,
            (received_at < {s}) AS carried_over,
            (finished_at IS NOT NULL AND finished_at <= {e}) AS resolved_in_period,
            CASE WHEN finished_at IS NOT NULL AND finished_at <= {e} THEN
                   CASE WHEN finished_at < due_at THEN 'early' WHEN finished_at = due_at THEN 'on_time' ELSE 'late' END
                 WHEN due_at < {e} THEN 'overdue' ELSE 'in_progress' END AS outcome,
            {e} AS period_end
          FROM d0
          WHERE received_at <= {e} AND (finished_at IS NULL OR finished_at >= {s}))
        SELECT *, outcome IN ('late', 'overdue') AS late FROM d1
    """)


@dataclass
class Metric:
    """A rate with its counts: ``value`` in % (2 decimals) or None when the denominator is 0."""

    id: str
    vi: str
    en: str
    numerator: int
    denominator: int
    value: float | None
    formula: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def formula_in(self, lang: str) -> str:
        if lang != "en":
            return self.formula
        words = {"trước hạn": "early", "đúng hạn": "on time", "quá hạn": "late", "đã giải quyết": "resolved",
                 "trực tuyến": "online", "tiếp nhận trong kỳ": "received in the period"}
        out = self.formula
        for vi, en in words.items():
            out = out.replace(vi, en)
        return out


@dataclass
class SummaryRow:
    """One row of the form: ``key`` (group values; empty for the total) and the counts by column id."""

    key: tuple
    label: str
    counts: dict[str, int]


@dataclass
class RegisterSummary:
    """The periodic report table from a register: rows per group, the total row, the rates and the
    notices (what was left out or assumed)."""

    period: Period
    by: str | None
    rows: list[SummaryRow]
    total: SummaryRow
    metrics: list[Metric]
    outside_period: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when no dossier falls in the period (none received in it, none carried over into it)."""
        return self.total.counts["received_total"] == 0

    def metric(self, mid: str) -> Metric:
        return next(m for m in self.metrics if m.id == mid)

    def to_dict(self) -> dict:
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(), "label": self.period.label},
            "by": self.by,
            "columns": [{"id": c, **label.both()} for c, label in COLUMNS],
            "rows": [{"key": list(r.key), "label": r.label, **r.counts} for r in self.rows],
            "total": self.total.counts,
            "metrics": [asdict(m) for m in self.metrics],
            "outside_period": self.outside_period,
            "notices": self.notices,
            "empty_period": self.empty,
        }


_COUNT_SQL = """
  count(*) AS received_total,
  count(*) FILTER (WHERE received_in_period AND channel = 'online') AS received_online,
  count(*) FILTER (WHERE received_in_period AND channel <> 'online') AS received_in_person_post,
  count(*) FILTER (WHERE carried_over) AS carried_over,
  count(*) FILTER (WHERE resolved_in_period) AS resolved_total,
  count(*) FILTER (WHERE outcome = 'early') AS resolved_early,
  count(*) FILTER (WHERE outcome = 'on_time') AS resolved_on_time,
  count(*) FILTER (WHERE outcome = 'late') AS resolved_late,
  count(*) FILTER (WHERE NOT resolved_in_period) AS in_progress_total,
  count(*) FILTER (WHERE outcome = 'in_progress') AS in_progress_within,
  count(*) FILTER (WHERE outcome = 'overdue') AS in_progress_overdue
"""


def summarize(con, period: Period, by: str | None = None, view: str = "dossier_facts",
              table: str = "dossiers") -> RegisterSummary:
    """Compute the form from the facts view (see :func:`create_facts_view`) in one SQL pass per level.

    ``by``: None (one total row), ``"agency"``, ``"level"`` or ``"procedure"``. Counts are numbers of
    dossiers; rates are % with their counts. Raises :class:`InputError` when ``by`` needs a column the
    register does not have.
    """
    ids = [c for c, _ in COLUMNS]
    total_row = con.execute(f"SELECT {_COUNT_SQL} FROM {view}").fetchone()
    total = SummaryRow((), "Tổng cộng", dict(zip(ids, map(int, total_row))))
    rows: list[SummaryRow] = []
    if by:
        if by not in GROUP_BY:
            raise InputError(None, M("--by must be one of {items}", items=', '.join(GROUP_BY)), "--by")
        keys = GROUP_BY[by]
        present = {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
        if keys[0] not in present:
            raise InputError(None, M("the register has no '{value}' column to group by {by}", value=keys[0], by=by), "--by")
        sel = keys[0] if len(keys) == 1 else f"{keys[0]}, any_value({keys[1]})"
        for rec in con.execute(f"SELECT {sel}, {_COUNT_SQL} FROM {view} GROUP BY {keys[0]} ORDER BY {keys[0]} NULLS LAST").fetchall():
            n = len(keys)
            key = tuple(rec[:n])
            label = " – ".join(str(k) for k in key if k is not None) or "(không ghi)"
            rows.append(SummaryRow(key, label, dict(zip(ids, map(int, rec[n:])))))
    c = total.counts
    metrics = [
        _metric("on_time_rate", "Tỷ lệ giải quyết trước hạn và đúng hạn", "On-time rate (early + on time)",
                c["resolved_early"] + c["resolved_on_time"], c["resolved_total"], "(trước hạn + đúng hạn) / đã giải quyết"),
        _metric("early_share", "Tỷ lệ trước hạn", "Early share", c["resolved_early"], c["resolved_total"], "trước hạn / đã giải quyết"),
        _metric("on_time_share", "Tỷ lệ đúng hạn", "On-time share", c["resolved_on_time"], c["resolved_total"], "đúng hạn / đã giải quyết"),
        _metric("late_share", "Tỷ lệ quá hạn", "Late share", c["resolved_late"], c["resolved_total"], "quá hạn / đã giải quyết"),
        _metric("online_rate", "Tỷ lệ hồ sơ trực tuyến", "Online rate", c["received_online"],
                c["received_online"] + c["received_in_person_post"], "trực tuyến / tiếp nhận trong kỳ"),
    ]
    e = f"DATE '{period.end.isoformat()}'"
    after, before = con.execute(
        f"SELECT count(*) FILTER (WHERE received_at > {e}), count(*) FILTER (WHERE received_at <= {e}) FROM {table}").fetchone()
    in_view = sum(c[k] for k in ("resolved_total", "in_progress_total"))
    finished_before = int(before) - in_view
    outside = {"received_after_period": int(after), "finished_before_period": int(finished_before)}
    notices: list[str] = []
    if after:
        notices.append(M("{after} dossier(s) received after {end} are outside the period", after=Num(after), end=Day(period.end)))
    if finished_before:
        notices.append(M("{finished_before} dossier(s) finished before {start} are outside the period",
                         finished_before=Num(finished_before), start=Day(period.start)))
    return RegisterSummary(period, by, rows, total, metrics, outside, notices)


def _metric(mid, vi, en, num, den, formula) -> Metric:
    return Metric(mid, vi, en, int(num), int(den), round(100.0 * num / den, 2) if den else None, formula)
