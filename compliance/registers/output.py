"""Output of register summaries and checks: terminal table (tabulate) and JSON; the workbooks are
in :mod:`compliance.registers.workbook`.

Labels are Vietnamese by default, English with ``lang="en"``. Every output file is written through
:func:`compliance.io.files.atomic_write`, so a failure leaves no half-written file.
"""

from __future__ import annotations

import json
from pathlib import Path

from tabulate import tabulate

from compliance.i18n import M, MC, count, percent
from compliance.io.files import atomic_write
from compliance.registers.notice import notice_text, period_label
from compliance.registers.summary import COLUMNS, GROUP_LABELS, RegisterSummary

_T = {
    "period": MC("report table", "Period"),
    "total": MC("report table", "Total"),
    "rates": M("Rates"),
    "rate": M("Rate (%)"),
    "num": M("Numerator"),
    "den": M("Denominator"),
    "formula": MC("registers", "Formula"),
    "notes": M("Notes"),
    "source": M("Source: computed from the dossier register"),
    "form": M("Layout of form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP)"),
}


def t(key: str, lang: str) -> str:
    return _T[key].get(lang)


def _fmt(n: int | None, lang: str) -> str:
    return "–" if n is None else count(n, lang)


def _pct(v: float | None, lang: str) -> str:
    return "–" if v is None else percent(v, lang)


LEVEL_NAMES = {"ministry": M("Ministry"), "province": MC("level", "Province"),
               "district": M("District"), "commune": M("Commune")}


def row_label(summary: RegisterSummary, row, lang: str) -> str:
    """The row's label; levels are shown by their name in the chosen language."""
    if summary.by == "level" and row.key and row.key[0] in LEVEL_NAMES:
        return LEVEL_NAMES[row.key[0]].get(lang)
    return row.label


def empty_message(summary: RegisterSummary, lang: str = "vi") -> str | None:
    """The sentence saying that no dossier falls in the period, or None when some do."""
    if not summary.empty:
        return None
    p = summary.period.show(lang)
    if lang == "en":
        return (f"No dossier falls in the period {p}: none was received in it and none was carried over into it; "
                "every count below is 0. Check --period against the register's receipt dates.")
    return (f"Không có hồ sơ nào thuộc kỳ {p}: không hồ sơ nào được tiếp nhận trong kỳ và không có hồ sơ "
            "từ kỳ trước chuyển sang; mọi số liệu dưới đây bằng 0. Hãy đối chiếu --period với ngày tiếp nhận trong sổ.")


def summary_table(summary: RegisterSummary, lang: str = "vi", lead: bool = True) -> str:
    """The form as a text table, followed by the rates with their counts and the notices.

    When no dossier falls in the period, the first line says so (:func:`empty_message`), unless
    ``lead`` is False (the caller printed it already)."""
    head = [GROUP_LABELS[summary.by].get(lang)] + [c[1].get(lang) for c in COLUMNS]
    rows = [[row_label(summary, r, lang)] + [_fmt(r.counts[c[0]], lang) for c in COLUMNS] for r in summary.rows]
    rows.append([t("total", lang)] + [_fmt(summary.total.counts[c[0]], lang) for c in COLUMNS])
    empty = empty_message(summary, lang) if lead else None
    out = [(empty + "\n\n" if empty else "")
           + f"{t('period', lang)}: {summary.period.show(lang)} ({period_label(summary.period.label, lang)}) · {t('form', lang)}",
           tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True, colalign=("left",) + ("right",) * len(COLUMNS))]
    mrows = [[m.label(lang), _pct(m.value, lang), _fmt(m.numerator, lang), _fmt(m.denominator, lang), m.formula_in(lang)]
             for m in summary.metrics]
    out.append(tabulate(mrows, headers=[t("rates", lang), t("rate", lang), t("num", lang), t("den", lang), t("formula", lang)],
                        tablefmt="simple", disable_numparse=True))
    if summary.notices:
        out.append(t("notes", lang) + ":\n" + "\n".join(f"- {notice_text(n, lang)}" for n in summary.notices))
    return "\n\n".join(out)


def write_json(data: dict, path: Path | None) -> str:
    """Dump ``data`` as UTF-8 JSON (dates as ISO text); write it to ``path`` when given."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if path:
        with atomic_write(path, "w") as fh:
            fh.write(text + "\n")
    return text
