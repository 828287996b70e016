"""Facts: the flat records the rules look at, built from a submission, its metrics and its checks.

Every fact is a flat dict with a ``kind`` (the rule's ``fact``) and JSON-native values only: text,
numbers, ISO dates as text, and ``"yes"``/``"no"`` instead of booleans (the engine would take
``True == 1``). Kinds:

- ``late_dossier_group``: one per group of late dossiers (agency, procedure, count, lateness,
  apology_letter, basis_date: the day, or the span "2025-01-01/2025-12-31", its dossiers were received
  in — the group's own ``received`` dates, else the period of the dossier table, else the submission's);
- ``task``: one per plan task (plan, state, reason, target_percent, achieved_percent; for PAPI plans,
  ``dimension_known``: whether the dimension is one of that year's PAPI dimensions, and
  ``heading_dimension``: the dimension the report's own heading names);
- ``check``: one per consistency check that could be computed (ok yes/no, arithmetic);
- ``document``: one per document named (number and date as written, date_valid, number_year,
  date_year, report_year).
"""

from __future__ import annotations

import re

from compliance.i18n import text
from compliance.metrics import MetricContext, document_date
from compliance.model.results import CheckResult

YEAR_IN_NUMBER = re.compile(r"^\s*\d+\s*/\s*(\d{4})\b")


def _papi_dimension(key: str | None, heading: str | None, year: int) -> dict:
    """Whether a PAPI task's dimension exists in ``year``'s PAPI, and which one its heading names."""
    from compliance.errors import InputError
    from compliance.papi import dimension_key_from_name, load_structure

    try:
        keys = {d.key for d in load_structure(year).dimensions}
        named = dimension_key_from_name(heading, year) if heading else None
    except InputError:  # a year PAPI has no structure for: nothing to compare with
        return {"dimension_known": "unknown_year"}
    out = {"dimension_known": "yes" if key in keys else "no"}
    if named:
        out["heading_dimension"] = named
    return out


def build_facts(ctx: MetricContext, checks: list[CheckResult]) -> list[dict]:
    """All facts of one submission, in a stable order."""
    loaded = ctx.loaded
    sub = loaded.submission
    facts: list[dict] = []
    dossier_period = sub.dossiers.period if sub.dossiers and sub.dossiers.period else sub.period

    for i, group in enumerate(sub.late_dossiers):
        received = group.received or dossier_period  # the text in force is chosen by the receipt date
        basis_day = received.from_.isoformat() + (f"/{received.to.isoformat()}" if received.to != received.from_ else "")
        facts.append({
            "kind": "late_dossier_group", "ref": group.id, "agency": group.agency,
            "procedure": group.procedure or "", "count": group.count, "lateness": group.lateness,
            "apology_letter": group.apology_letter, "late_steps": ", ".join(group.late_steps),
            "reason": group.reason or "", "text": group.text, "basis_date": basis_day,
            "source": loaded.source_of(("late_dossiers", i)),
        })

    for p, plan in enumerate(sub.plans):
        for t, task in enumerate(plan.tasks):
            fact = {
                "kind": "task", "ref": f"{plan.id}/{task.id}", "plan": plan.id, "plan_kind": plan.kind,
                "plan_title": plan.title, "plan_basis": plan.basis or plan.title, "task": task.task,
                "result": task.result, "state": task.state.value, "reason": task.reason or "",
                "criterion": task.criterion or "", "dimension": task.dimension or "",
                "basis_date": sub.period.to.isoformat(),
                "source": loaded.source_of(("plans", p, "tasks", t)),
            }
            if plan.kind == "papi":
                fact.update(_papi_dimension(task.dimension, task.heading, sub.period.to.year))
            target = task.target
            if target and target.percent is not None and target.of_metric and task.achieved_count is not None:
                base = ctx.value(target.of_metric)
                if base:
                    fact["target_percent"] = target.percent
                    fact["achieved_percent"] = round(task.achieved_count / base * 100, 2)
                    fact["target_base"] = base
                    fact["achieved_count"] = task.achieved_count
            facts.append(fact)

    for check in checks:
        if check.ok is None:
            continue
        facts.append({
            "kind": "check", "ref": check.id, "ok": "yes" if check.ok else "no", "title": check.title.vi,
            "title_en": check.title.en or check.title.vi, "arithmetic": text(check.arithmetic, "vi"),
            "arithmetic_en": text(check.arithmetic, "en"),
            "basis_date": sub.period.to.isoformat(), "source": "",
        })

    report_year = sub.period.to.year
    for i, doc in enumerate(sub.documents):
        fact = {
            "kind": "document", "ref": f"document-{i + 1}", "number": doc.number or "",
            "date_text": doc.date or "", "title": doc.title, "role": doc.role,
            "report_year": report_year, "basis_date": sub.period.to.isoformat(),
            "source": loaded.source_of(("documents", i)),
        }
        if doc.date:
            day = document_date(doc.date)
            fact["date_valid"] = "yes" if day else "no"
            if day:
                fact["date_year"] = day.year
        match = YEAR_IN_NUMBER.match(doc.number or "")
        if match:
            fact["number_year"] = int(match.group(1))
        facts.append(fact)
    return facts
