"""The scorecard as a terminal table or Markdown (tabulate), and as stable JSON."""

from __future__ import annotations


from compliance.i18n import M, day_span, number, percent, places, text
from compliance.i18n import points as i18n_points
import datetime as dt

from compliance.model.criteria import outside_note
from compliance.model.results import Scorecard
from compliance.report.labels import label
from compliance.i18n.words import CHOSEN_BY, CONFIDENCES, SCOPES, SEVERITIES, STATES, pick
from compliance.io.jsontext import stable_json
from compliance.report.tables import tabulate
from compliance.vocab import unit_type_word


def points(value: float | None, lang: str = "vi") -> str:
    """Points with up to three decimals, as ``lang`` writes them, so a reader can add them up ("2,175",
    "4", "−1" in Vietnamese; "2.175" in English)."""
    return i18n_points(value, lang)


def notice_lines(card: Scorecard, lang: str) -> list[str]:
    """The scorecard's notices on the input itself ("Cảnh báo: trang 'Tự đánh giá' của biểu mẫu không có
    dòng của 1.1.2: …"), one line each."""
    return [f"{label('notice', lang)}: {n.get(lang)}" for n in card.notices]


def header_lines(card: Scorecard, lang: str) -> list[str]:
    """Agency, period, edition (id, source, confidence), index %, class, the provisional notes, and the
    notices on the input (:func:`notice_lines`)."""
    e, t = card.edition, card.totals
    source = e.decision or label("model_set", lang)
    lines = [
        f"{label('agency', lang)}: {card.agency_name} ({card.agency_code}; {label('unit_type', lang)}: {unit_type_word(card.unit_type, lang)}"
        + (f"; {label('province', lang)}: {card.province}" if card.province else "") + ")",
        f"{label('period', lang)}: {_period(card, lang)}",
        f"{label('edition', lang)}: {e.id} — {e.title.get(lang)} [{label('chosen_by', lang)}: {pick(CHOSEN_BY, e.chosen_by, lang)}]",
        f"{label('edition_source', lang)}: {source}; {label('confidence', lang)}: {pick(CONFIDENCES, e.confidence.value, lang)}"
        + (f"; {label('incomplete', lang)}" if e.incomplete else ""),
        f"{label('index', lang)}: {percent(t.index_percent, lang)}"
        + (f" — {label('class', lang)}: {t.class_name.get(lang)}" if t.class_name else ""),
    ]
    if not e.covers_period:
        start, _, end = str(card.period).partition("–")
        day = lambda text: dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: E731
        note = outside_note(dt.date.fromisoformat(e.valid_from), dt.date.fromisoformat(e.valid_to) if e.valid_to else None,
                            day(start), day(end))
        if note is not None:
            lines.append(note.get(lang))
    if t.not_checked_max > 0:
        lines.append(label("provisional", lang, n=points(t.not_checked_max, lang)))
    if t.not_applicable_max > 0:
        lines.append(label("not_applicable_note", lang, n=points(t.not_applicable_max, lang)))
    return lines + notice_lines(card, lang)


def score_rows(card: Scorecard, lang: str, indent: bool = True) -> list[list]:
    rows = []
    for r in card.rows:
        depth = r.id.count(".")
        name = r.name.get(lang) + (" (*)" if r.confidence.value == "model" and r.level == "field" else "")
        rows.append([
            r.id, ("  " * depth if indent else "") + name, points(r.max_points, lang), points(r.computed, lang),
            points(r.self_score, lang), points(r.difference, lang), pick(STATES, r.state.value, lang), r.reason.get(lang),
        ])
    t = card.totals
    rows.append(["", label("total", lang), points(t.applicable_max, lang), points(t.points, lang),
                 points(t.self_points, lang), "", "", ""])
    return rows


def score_headers(lang: str) -> list[str]:
    return [label(k, lang) for k in ("stt", "name", "max", "computed", "self", "difference", "state", "reason")]


def gap_rows(card: Scorecard, lang: str) -> list[list]:
    """The tồn tại: each finding of the rules, then each criterion failed or partly met
    (:func:`shortfall_rows`), in the columns of :func:`gap_headers`."""
    return [[pick(SEVERITIES, f.severity.value, lang), f"{f.subject}", f.message.get(lang), number(f.count, lang),
             "; ".join(b.get(lang) for b in f.legal_basis), f.remediation.get(lang), f.rule]
            for f in card.findings] + shortfall_rows(card, lang)


def shortfall_rows(card: Scorecard, lang: str) -> list[list]:
    """A failed or partly met sub-criterion as a tồn tại row: its state where a finding has its severity,
    "Tiêu chí 7.1" as the subject, its name, points and the scorecard's reason as what is wrong, its basis
    in the criteria and what to do; no count and no rule (the criterion is its own)."""
    return [[pick(STATES, s.state.value, lang), M("Criterion {id}", id=s.id).get(lang),
             M("{name}: {points} / {max} points ({reason})", name=s.name.get(lang), points=points(s.points, lang),
               max=points(s.max_points, lang), reason=s.reason.get(lang)).get(lang), "",
             s.basis.get(lang), s.remediation.get(lang) if s.remediation else "", ""]
            for s in card.shortfalls]


def gap_headers(lang: str) -> list[str]:
    return [label(k, lang) for k in ("severity", "subject", "what", "count", "legal_basis", "remediation", "rule")]


def check_rows(card: Scorecard, lang: str) -> list[list]:
    return [[c.title.get(lang), label("not_checked" if c.ok is None else ("yes" if c.ok else "no"), lang),
             text(c.arithmetic, lang)]
            for c in card.checks]


def info_rows(card: Scorecard, lang: str) -> list[list]:
    return [[i.label, percent(i.value, lang) if i.unit == "percent" else number(i.value, lang), pick(SCOPES, i.scope, lang)
             + (f" ({i.agency})" if i.agency else ""), places.said(i.source, lang)] for i in card.informational]


def formula_lines(card: Scorecard, lang: str) -> list[str]:
    t = card.totals
    return [
        f"{label('formula', lang)}: {t.formula.get(lang)}",
        f"{label('denominator', lang)}: {points(t.applicable_max, lang)} = {points(t.scale, lang)} − "
        f"{points(t.not_applicable_max, lang)}" + M(" (not applicable)").get(lang),
    ]


def _md(rows: list[list]) -> list[list]:
    """Markdown cells: a "|" inside text would split the cell; line breaks would end the row."""
    return [[str(c).replace("|", "\\|").replace("\n", " ") if isinstance(c, str) else c for c in row] for row in rows]


def render_table(card: Scorecard, lang: str = "vi", fmt: str = "table") -> str:
    """The whole report: header, scorecard, gaps, checks, informational figures, formula.

    ``fmt``: "table" (plain text for a terminal) or "markdown" (pipe tables).
    """
    tablefmt = "pipe" if fmt == "markdown" else "simple"
    h = "## " if fmt == "markdown" else ""
    md = _md if fmt == "markdown" else (lambda rows: rows)
    widths = [None, 40, 7, 7, 7, 7, 9, 48]
    wrap = {"maxcolwidths": widths, "maxheadercolwidths": widths} if fmt != "markdown" else {}
    out = []
    out.extend((f"- {line}" if fmt == "markdown" else line) for line in header_lines(card, lang))
    out.append("")
    out.append(h + label("scorecard", lang))
    out.append(tabulate(md(score_rows(card, lang, indent=fmt != "markdown")), headers=score_headers(lang),
                        tablefmt=tablefmt, disable_numparse=True, **wrap))
    out.append(label("model_note", lang))
    out.append("")
    out.append(h + label("gaps", lang))
    if card.findings or card.shortfalls:
        gap_widths = [8, 20, 44, 6, 36, 36, 18]
        gap_wrap = {"maxcolwidths": gap_widths, "maxheadercolwidths": gap_widths} if fmt != "markdown" else {}
        out.append(tabulate(md(gap_rows(card, lang)), headers=gap_headers(lang), tablefmt=tablefmt,
                            disable_numparse=True, **gap_wrap))
    else:
        out.append(label("no_gaps", lang))
    out.append("")
    out.append(h + label("checks", lang))
    out.append(tabulate(md(check_rows(card, lang)), headers=[label(k, lang) for k in ("check", "result", "arithmetic")],
                        tablefmt=tablefmt, disable_numparse=True,
                        **({"maxcolwidths": [60, 12, 50]} if fmt != "markdown" else {})))
    if card.informational:
        out.append("")
        out.append(h + label("informational", lang))
        out.append(tabulate(md(info_rows(card, lang)), headers=[label(k, lang) for k in ("figure", "value", "scope", "source")],
                            tablefmt=tablefmt, disable_numparse=True,
                            **({"maxcolwidths": [60, None, 30, 30]} if fmt != "markdown" else {})))
    out.append("")
    out.extend(formula_lines(card, lang))
    return "\n".join(out) + "\n"


def _period(card: Scorecard, lang: str) -> str:
    """"01/01/2020–31/12/2020" from the card's period text when it is two ISO dates; other text as it is."""
    text = str(card.period)
    parts = text.split("–") if "–" in text else text.split("..")
    if len(parts) == 2 and all(len(p.strip()) == 10 and p.strip()[4] == "-" for p in parts):
        return day_span(parts[0].strip(), parts[1].strip(), lang)
    return text


def render_json(card: Scorecard) -> str:
    """Stable JSON: the Scorecard model, keys sorted, no timestamps: two runs give the same bytes."""
    return stable_json(card.model_dump(mode="json"))
