"""A reported periodic form compared with the same form computed from the register.

The agency's form (the lead's ``DossierSummary``: ``received.total/online/in_person_post/
carried_over``, ``resolved.total/early/on_time/late``, ``in_progress.total/within_time/overdue``,
``stated_rates.online/early/on_time/late`` in %) is turned into one aggregate fact per filled cell
(kind ``register_comparison``: reported value, value computed from the register, difference) and the
rules ``onestop.summary.*`` of rules/one-stop/register.yaml run on them in durable_rules, with every
other rule of ``compliance check`` (compliance.check): this is the "aggregates" half of what
durable_rules is fed (the other half is the records SQL flags).

Internal consistency of the form itself (total = parts, rates vs counts) is checked by the project's
consistency checks on submissions (rules/consistency, rules/metrics.yaml), not here.
"""

from __future__ import annotations

from compliance.registers.summary import COLUMNS, RegisterSummary

#: (section, key in the reported form) → column id of the computed form
COUNT_CELLS = {
    ("received", "total"): "received_total", ("received", "online"): "received_online",
    ("received", "in_person_post"): "received_in_person_post", ("received", "carried_over"): "carried_over",
    ("resolved", "total"): "resolved_total", ("resolved", "early"): "resolved_early",
    ("resolved", "on_time"): "resolved_on_time", ("resolved", "late"): "resolved_late",
    ("in_progress", "total"): "in_progress_total", ("in_progress", "within_time"): "in_progress_within",
    ("in_progress", "overdue"): "in_progress_overdue",
}
#: stated rate → metric id of the computed summary
RATE_CELLS = {"online": "online_rate", "early": "early_share", "on_time": "on_time_share", "late": "late_share"}


def comparison_facts(reported: dict, summary: RegisterSummary) -> list[dict]:
    """One ``register_comparison`` fact per cell the report fills (a nested dict as the
    ``DossierSummary`` model dumps it; absent or None cells are skipped). Rates: ``difference_bp``
    in hundredths of a percentage point (integer), so the engine compares no floats for equality."""
    labels = {c: (label.get("vi"), label.get("en")) for c, label in COLUMNS}
    end = summary.period.end.isoformat()
    facts = []
    for (section, key), cell in COUNT_CELLS.items():
        value = (reported.get(section) or {}).get(key)
        if value is None:
            continue
        computed = summary.total.counts[cell]
        vi, en = labels[cell]
        facts.append({"kind": "register_comparison", "cell": cell, "label": vi, "label_en": en, "unit": "count",
                      "reported": value, "computed": computed, "difference": value - computed, "period_end": end})
    for key, mid in RATE_CELLS.items():
        value = (reported.get("stated_rates") or {}).get(key)
        m = summary.metric(mid)
        if value is None or m.value is None:
            continue
        facts.append({"kind": "register_comparison", "cell": mid, "label": m.vi, "label_en": m.en, "unit": "percent",
                      "reported": value, "computed": m.value, "difference_bp": round((value - m.value) * 100),
                      "period_end": end})
    return facts
