"""Output of ``compliance dossiers check``: the terminal table and the JSON of ``summarize`` (labels vi by
default, en); the workbooks are :mod:`compliance.registers.workbook`'s."""

from __future__ import annotations

from pathlib import Path

from tabulate import tabulate

from compliance.registers.output import _fmt, summary_table

_W = {
    "rules": ("Quy tắc", "Rules"),
    "state": ("Trạng thái", "State"),
    "count": ("Số hồ sơ", "Count"),
    "sev": ("Mức độ", "Severity"),
    "agency": ("Cơ quan", "Agency"),
    "proc": ("Thủ tục", "Procedure"),
    "first": ("Hồ sơ đầu tiên (dòng)", "First dossiers (row)"),
    "basis": ("Căn cứ", "Legal basis"),
    "groups": ("Phát hiện theo nhóm (quy tắc × cơ quan × thủ tục)", "Findings by group (rule × agency × procedure)"),
    "none": ("Không có phát hiện.", "No findings."),
    "checked": ("đã kiểm tra", "checked"),
    "not_checked": ("không kiểm tra", "not checked"),
    "engine": ("Cách tính", "How computed"),
    "more": ("… và {n} nhóm khác (xem --json/--xlsx)", "… and {n} more groups (see --json/--xlsx)"),
    "unit": ("Hạn tính theo", "Deadline counted in"),
}
SEV_VI = {"critical": "nghiêm trọng", "high": "cao", "medium": "trung bình", "low": "thấp", "info": "thông tin"}
UNIT = {"days": ("ngày", "days"), "working_days": ("ngày làm việc", "working days")}
MAX_GROUPS_SHOWN = 40


def w(key: str, lang: str) -> str:
    vi, en = _W[key]
    return en if lang == "en" else vi


def _sev(s: str, lang: str) -> str:
    return s if lang == "en" else SEV_VI.get(s, s)


def check_table(result, lang: str = "vi", lead: bool = True) -> str:
    """Summary table, rule states, then the finding groups (most serious first) with their basis.
    ``lead``: as for :func:`compliance.registers.output.summary_table`."""
    parts = [summary_table(result.summary, lang, lead)]
    rows = []
    for r in result.rules:
        state = w(r.state, lang) + (f" ({r.reason})" if r.reason else "")
        unit = UNIT[r.unit][1 if lang == "en" else 0] if r.unit else ""
        rows.append([r.id, r.title_en if lang == "en" else r.title_vi, _sev(r.severity, lang), state,
                     _fmt(r.findings, lang) if r.state == "checked" else "–", unit])
    parts.append(tabulate(rows, headers=[w("rules", lang), "", w("sev", lang), w("state", lang), w("count", lang), w("unit", lang)],
                          tablefmt="simple", disable_numparse=True))
    if not result.groups:
        parts.append(w("none", lang))
    else:
        rows = []
        for g in result.groups[:MAX_GROUPS_SHOWN]:
            firsts = ", ".join(f"{c} ({p})" for c, p in zip(g.first_codes[:3], g.first_places[:3]))
            basis = "; ".join(g.legal_basis_en if lang == "en" else g.legal_basis)
            rows.append([_sev(g.severity.value, lang), g.title_en if lang == "en" else g.title_vi, g.agency or "",
                         g.procedure_code or "", _fmt(g.count, lang), firsts, basis])
        parts.append(w("groups", lang) + "\n" + tabulate(
            rows, headers=[w("sev", lang), w("rules", lang), w("agency", lang), w("proc", lang), w("count", lang),
                           w("first", lang), w("basis", lang)], tablefmt="simple", disable_numparse=True, maxcolwidths=[None, 40, 28, 10, None, 44, 60]))
        if len(result.groups) > MAX_GROUPS_SHOWN:
            parts.append(w("more", lang).format(n=len(result.groups) - MAX_GROUPS_SHOWN))
    parts.append(f"{w('engine', lang)}: " + "; ".join(f"{k}: {v}" for k, v in result.engine.items() if v is not None))
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
