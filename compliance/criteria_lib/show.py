"""The criteria editions as text for people: the list (``criteria list``), an edition's header
(``criteria show``) and the summary of ``criteria check``."""

from __future__ import annotations

from pathlib import Path

from compliance.report.tables import tabulate

from compliance.criteria_lib.check import CheckResult
from compliance.criteria_lib.files import shipped_editions
from compliance.criteria_lib.problems import num
from compliance.criteria_lib.tree import label
from compliance.i18n import M
from compliance.model.criteria import Edition
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
    heads = (["Mã", "Tên", "Cấp", "Từ ngày", "Đến ngày", "Quyết định", "Độ tin cậy", "Tình trạng"] if lang == "vi"
             else ["Id", "Title", "Level", "Valid from", "Valid to", "Decision", "Confidence", "Status"])
    table = [[r["id"], r["title"], r["level"], _date(r["valid_from"]), _date(r["valid_to"]) if r["valid_to"] else "—",
              r["decision"], r["confidence"], r["status"]] for r in rows]
    return tabulate(table, headers=heads, maxcolwidths=[None, 40, None, None, None, 36, None, 18])


def header_lines(e: Edition, path: Path | None, lang: str) -> list[str]:
    """The edition's header as 'key: value' lines (for ``criteria show``)."""
    vi = lang != "en"
    k = (lambda a, b: a if vi else b)
    lines = [f"{e.id}: {e.title.get(lang)}",
             f"{k('Cấp', 'Level')}: {level_word(e.level, lang)}; {k('loại đơn vị', 'unit types')}: "
             f"{', '.join(unit_type_word(u, lang) for u in e.unit_types)}",
             f"{k('Hiệu lực', 'Valid')}: {e.valid_from:%d/%m/%Y} – {e.valid_to.strftime('%d/%m/%Y') if e.valid_to else k('chưa có ngày hết', 'open')}",
             f"{k('Quyết định', 'Decision')}: {_decision(e, lang)}",
             f"{k('Nguồn', 'Source')}: {e.source}",
             f"{k('Độ tin cậy', 'Confidence')}: {e.confidence.value}; {k('tình trạng', 'status')}: {_status(e, lang)}"]
    if not e.listed_only:
        lines.append(f"{k('Thang điểm', 'Scale')}: {num(e.scale, lang)}"
                     + (f"; {k('dòng tổng cộng ghi', 'stated total')}: {num(e.stated_total, lang)}" if e.stated_total is not None else "")
                     + (f"; {k('điểm điều tra XHH', 'survey points')}: {num(e.survey_points, lang)}" if e.survey_points else ""))
    if e.known_counts is not None:
        c = e.known_counts
        lines.append(f"{k('Số lượng theo nguồn', 'Counts stated by the source')}: "
                     + ", ".join(f"{v} {k(vn, en)}" for v, vn, en in ((c.fields, "lĩnh vực", "fields"), (c.criteria, "tiêu chí", "criteria"),
                                                                        (c.sub_criteria, "tiêu chí thành phần", "sub-criteria")) if v is not None))
    if e.classes:
        lines.append(f"{k('Xếp loại', 'Classes')}: " + "; ".join(f"{c.name.get(lang)} ≥ {num(c.min, lang)}%" for c in
                                                                sorted(e.classes, key=lambda c: -c.min)))
    for m in e.modelled_on:
        lines.append(f"{k('Mô phỏng theo', 'Modelled on')}: {m}")
    for n in e.notes:
        lines.append(f"{k('Ghi chú', 'Note')}: {n}")
    if path is not None:
        lines.append(f"{k('Tệp', 'File')}: {path}")
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
