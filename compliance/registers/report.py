"""Output of ``compliance dossiers check``: the terminal table and the JSON of ``summarize`` (labels vi by
default, en); the workbooks are :mod:`compliance.registers.workbook`'s."""

from __future__ import annotations

from pathlib import Path

from compliance.report.tables import tabulate

from compliance.i18n import M, MC, places, text
from compliance.registers.output import _fmt, summary_table
from compliance.registers.notice import UNIT_WORDS
from compliance.i18n.words import SEVERITIES, WORDS, pick

_W = {
    "rules": M("Rules"),
    "state": WORDS["state"],
    "count": MC("registers", "Count"),
    "sev": WORDS["severity"],
    "agency": WORDS["agency"],
    "proc": WORDS["procedure"],
    "first": M("First dossiers (row)"),
    "basis": WORDS["legal_basis"],
    "groups": M("Findings by group (rule × agency × procedure)"),
    "none": M("No findings."),
    "checked": M("checked"),
    "not_checked": M("not checked"),
    "engine": M("How computed"),
    "more": M("… and {n} more groups (see --json/--xlsx)"),
    "unit": M("Deadline counted in"),
}
UNIT = UNIT_WORDS
MAX_GROUPS_SHOWN = 40


def w(key: str, lang: str) -> str:
    return _W[key].get(lang)


def first_dossiers(group, lang: str, n: int | None = None) -> str:
    """A group's first dossiers with their places in ``lang`` ("HS-01: dòng 6 (trang 'Quý II'); HS-02: …";
    the places are stored in English words, :func:`compliance.i18n.places.said` says them)."""
    pairs = list(zip(group.first_codes, group.first_places))[:n]
    return "; ".join(f"{code}: {places.said(place, lang)}" for code, place in pairs)


def _sev(s: str, lang: str) -> str:
    return pick(SEVERITIES, s, lang)


def check_table(result, lang: str = "vi", lead: bool = True) -> str:
    """Summary table, rule states, then the finding groups (most serious first) with their basis.
    ``lead``: as for :func:`compliance.registers.output.summary_table`."""
    from compliance.registers.findings import engine_words  # imported by the check already (durable_rules)

    parts = [summary_table(result.summary, lang, lead)]
    rows = []
    for r in result.rules:
        state = w(r.state, lang) + (f" ({text(r.reason, lang)})" if r.reason else "")
        unit = UNIT[r.unit].get(lang) if r.unit else ""
        rows.append([r.id, r.title_en if lang == "en" else r.title_vi, _sev(r.severity, lang), state,
                     _fmt(r.findings, lang) if r.state == "checked" else "–", unit])
    parts.append(tabulate(rows, headers=[w("rules", lang), "", w("sev", lang), w("state", lang), w("count", lang), w("unit", lang)],
                          tablefmt="simple", disable_numparse=True))
    if not result.groups:
        parts.append(w("none", lang))
    else:
        rows = []
        for g in result.groups[:MAX_GROUPS_SHOWN]:
            firsts = first_dossiers(g, lang, 3)
            basis = "; ".join(g.legal_basis_en if lang == "en" else g.legal_basis)
            rows.append([_sev(g.severity.value, lang), g.title_en if lang == "en" else g.title_vi, g.agency or "",
                         g.procedure_code or "", _fmt(g.count, lang), firsts, basis])
        parts.append(w("groups", lang) + "\n" + tabulate(
            rows, headers=[w("sev", lang), w("rules", lang), w("agency", lang), w("proc", lang), w("count", lang),
                           w("first", lang), w("basis", lang)], tablefmt="simple", disable_numparse=True, maxcolwidths=[None, 40, 28, 10, None, 44, 60]))
        if len(result.groups) > MAX_GROUPS_SHOWN:
            parts.append(w("more", lang).format(n=len(result.groups) - MAX_GROUPS_SHOWN))
    parts.append(f"{w('engine', lang)}: " + engine_words(result.engine, lang))
    return "\n\n".join(parts)


def summary_json(summary, loaded, register: Path, lang: str = "vi") -> dict:
    """``dossiers summarize --format json``: the table, the register read (path, rows, columns matched,
    extra columns, notices) and, when no dossier falls in the period, the message saying so."""
    from compliance.registers.output import empty_message

    data = summary.to_dict()
    data["register"] = {"path": str(register), "rows": loaded.rows, "columns": loaded.columns,
                        "extra_columns": list(loaded.extra), "notices": loaded.notices}
    if summary.empty:
        data["message"] = empty_message(summary, lang)
    return data
