"""The criteria editions as text for people: the list (``criteria list``), an edition's header
(``criteria show``) and the summary of ``criteria check``."""

from __future__ import annotations

from pathlib import Path

from compliance.report.tables import tabulate

from compliance.criteria_lib.check import CheckResult
from compliance.criteria_lib.files import shipped_editions
from compliance.criteria_lib.problems import num
from compliance.criteria_lib.tree import label
from compliance.i18n import M, MC
from compliance.model.criteria import Edition
from compliance.i18n.words import CONFIDENCES, pick
from compliance.vocab import level_word, unit_type_word


def _status(e: Edition, lang: str) -> str:
    if e.listed_only:
        return M("listed only, no content").get(lang)
    return label("incomplete", lang) if e.incomplete else label("complete", lang)


def _decision(e: Edition, lang: str) -> str:
    if e.model_set:
        return M("project model set (no decision)").get(lang)
    return e.decision or ""


def _date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def edition_rows(lang: str = "vi") -> list[dict]:
    """Every shipped edition as a dict: id, title, level, valid_from/valid_to (ISO), decision, confidence,
    status, incomplete, listed_only, file."""
    return [{"id": e.id, "title": e.title.get(lang), "level": level_word(e.level, lang),
             "valid_from": e.valid_from.isoformat(), "valid_to": e.valid_to.isoformat() if e.valid_to else None,
             "decision": _decision(e, lang), "confidence": e.confidence.value, "status": _status(e, lang),
             "incomplete": e.incomplete, "listed_only": e.listed_only, "file": str(path)}
            for e, path in shipped_editions()]


def editions_table(rows: list[dict], lang: str = "vi") -> str:
    """The rows of :func:`edition_rows` as a terminal table."""
    heads = [m.get(lang) for m in (MC("edition", "Id"), M("Title"), M("Level"), M("Valid from"), M("Valid to"),
                                   M("Decision"), MC("scorecard", "Confidence"), M("Status"))]
    table = [[r["id"], r["title"], r["level"], _date(r["valid_from"]), _date(r["valid_to"]) if r["valid_to"] else "—",
              r["decision"], pick(CONFIDENCES, r["confidence"], lang), r["status"]] for r in rows]
    return tabulate(table, headers=heads, maxcolwidths=[None, 40, None, None, None, 36, None, 18])


def header_lines(e: Edition, path: Path | None, lang: str) -> list[str]:
    """The edition's header as 'key: value' lines (for ``criteria show``)."""
    lines = [f"{e.id}: {e.title.get(lang)}",
             f"{M('Level').get(lang)}: {level_word(e.level, lang)}; {M('unit types').get(lang)}: "
             f"{', '.join(unit_type_word(u, lang) for u in e.unit_types)}",
             f"{M('Valid').get(lang)}: {e.valid_from:%d/%m/%Y} – {e.valid_to.strftime('%d/%m/%Y') if e.valid_to else M('open').get(lang)}",
             f"{M('Decision').get(lang)}: {_decision(e, lang)}",
             f"{M('Source').get(lang)}: {e.source}",
             f"{M('Confidence').get(lang)}: {pick(CONFIDENCES, e.confidence.value, lang)}; {M('status').get(lang)}: {_status(e, lang)}"]
    if not e.listed_only:
        lines.append(f"{M('Scale').get(lang)}: {num(e.scale, lang)}"
                     + (f"; {M('stated total').get(lang)}: {num(e.stated_total, lang)}" if e.stated_total is not None else "")
                     + (f"; {M('survey points').get(lang)}: {num(e.survey_points, lang)}" if e.survey_points else ""))
    if e.known_counts is not None:
        c = e.known_counts
        lines.append(f"{M('Counts stated by the source').get(lang)}: "
                     + ", ".join(f"{v} {word.get(lang)}" for v, word in ((c.fields, M("fields")), (c.criteria, M("criteria")),
                                                                          (c.sub_criteria, M("sub-criteria"))) if v is not None))
    if e.classes:
        lines.append(f"{M('Classes').get(lang)}: " + "; ".join(f"{c.name.get(lang)} ≥ {num(c.min, lang)}%" for c in
                                                                sorted(e.classes, key=lambda c: -c.min)))
    for m in e.modelled_on:
        lines.append(f"{M('Modelled on').get(lang)}: {m}")
    for n in e.notes:
        lines.append(f"{M('Note').get(lang)}: {n}")
    if path is not None:
        lines.append(f"{M('File').get(lang)}: {path}")
    return lines


def check_lines(results: list[CheckResult], lang: str = "vi") -> list[str]:
    """``criteria check`` as text: one line per problem and note, then the count of errors and warnings."""
    lines = []
    for r in results:
        for p in r.problems:
            lines.append(f"{r.path}: {p.text(lang)}")
        for vi, en in r.notes:
            lines.append(f"{r.path}: {M('note').get(lang)}: {en if lang == 'en' else vi}")
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.problems) for r in results) - errors
    lines.append(M("{n} files: {errors} errors, {warnings} warnings", n=len(results), errors=errors, warnings=warnings).get(lang))
    return lines
