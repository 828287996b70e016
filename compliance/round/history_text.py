"""The history of rounds said to people: an agency's rounds as a table (``round history``) and what
moved between two rounds (``round compare``), in Vietnamese or English, as a table or Markdown. The
data comes from :mod:`compliance.round.history` (:func:`~compliance.round.history.agency_history`,
:func:`~compliance.round.history.compare_rounds`)."""

from __future__ import annotations

from compliance.i18n import M, Moment, join, number, points
from compliance.i18n.words import STATES, pick
from compliance.report.tables import tabulate
from compliance.round.eras import history_notes
from compliance.round.words import md_rows


def round_label(r: dict) -> str:
    """A row of :func:`~compliance.round.history.agency_history` named as ``round history`` names it: its
    round id, with its version when the round was stored more than once ("2020@v1")."""
    return r["round_id"] + (f"@v{r['version']}" if r["versions"] > 1 else "")


def version_note(r: dict, lang: str) -> str:
    """What a row of :func:`~compliance.round.history.agency_history` is beyond its figures: "vòng chưa đủ
    hồ sơ" for a partial round, "đã được thay thế lúc …" for a superseded version ("" for neither)."""
    words = [M("partial round")] if r["partial"] else []
    if r["superseded_at"]:
        words.append(M("replaced on {when}", when=Moment(r["superseded_at"])))
    return join(words).get(lang) if words else ""


def render_history(agency: str, rows: list[dict], lang: str = "vi", fmt: str = "table") -> str:
    """The history as a table: round, period, edition, index, rank, class, bonus, penalty, note. A round
    stored more than once shows each version ("2020@v1"), the replaced ones said so in the note
    (:func:`round_label`, :func:`version_note`)."""
    head = [(M("Round").get(lang)), (M("Period").get(lang)), (M("Edition").get(lang)),
            (M("Index %").get(lang)), (M("Rank").get(lang)), (M("Class").get(lang)),
            (M("Bonus").get(lang)), (M("Penalty").get(lang)), (M("Note").get(lang))]
    body = [[round_label(r), r["period"], r["edition_id"] + (" (*)" if r["model_set"] else ""),
             number(r["index_percent"], lang, 2), f"{r['rank']}/{r['ranked_among']}", r["class_name"] or "",
             points(r["bonus"], lang), points(r["penalty"], lang), version_note(r, lang)] for r in rows]
    title = f"{M('History').get(lang)}: {rows[-1]['agency_name']} ({agency})"
    if fmt == "markdown":
        body, head = md_rows(body), md_rows([head])[0]
    notes = "".join(f"- {n['en' if lang == 'en' else 'vi']}\n" for n in history_notes(rows))
    return title + "\n" + tabulate(body, headers=head, tablefmt="github" if fmt == "markdown" else "simple",
                                   disable_numparse=True) + "\n" + notes


def render_compare(data: dict, lang: str = "vi", fmt: str = "table") -> str:
    """Both tables of :func:`compare_rounds`; an agency in one round only shows blanks for the other. An
    index change between sides that left different points unchecked says beside it which round is
    provisional and how many points it did not check (its survey points before the appraisal count 0),
    with one note under the table on what that means."""
    a, b = data["a"], data["b"]
    table = "github" if fmt == "markdown" else "simple"

    def pct(v):
        return number(v, lang, 2)

    def signed(v, in_points=False):
        if v is None:
            return ""
        text = points(abs(v), lang) if in_points else number(abs(v), lang, 2)
        return ("+" if v > 0 else "−" if v < 0 else "±") + text

    head = [M('Code').get(lang), M('Agency').get(lang), f"{M('Index').get(lang)} {a}",
            f"{M('Index').get(lang)} {b}", M('Change').get(lang), f"{M('Rank').get(lang)} {a}",
            f"{M('Rank').get(lang)} {b}", f"{M('Class').get(lang)} {a}", f"{M('Class').get(lang)} {b}"]
    def change(r: dict) -> str:
        """The index change, and beside it the points a provisional side did not check (counted 0)."""
        said = signed(r["change"])
        ua, ub = r.get("unchecked_a") or 0.0, r.get("unchecked_b") or 0.0
        if r["change"] is None or abs(ua - ub) < 1e-9:
            return said
        side, unchecked = (b, ub) if ub > ua else (a, ua)
        return M("{change} (round {round} provisional: {points} points not checked)", change=said, round=side,
                 points=points(unchecked, lang)).get(lang)

    body = [[r["agency_code"], r["agency_name"], pct(r["index_a"]), pct(r["index_b"]), change(r),
             r["rank_a"] or "", r["rank_b"] or "", r["class_a"] or "", r["class_b"] or ""] for r in data["agencies"]]
    provisional = any(change(r) != signed(r["change"]) for r in data["agencies"])
    md = fmt == "markdown"
    if md:
        body, head = md_rows(body), md_rows([head])[0]
    out = [f"{M('Comparing rounds').get(lang)} {a} → {b}",
           tabulate(body, headers=head, tablefmt=table, disable_numparse=True)]
    out += [f"- {n['en' if lang == 'en' else 'vi']}" for n in data.get("notes", [])]
    if provisional:
        out.append("- " + M("A provisional round counts the points it could not check yet (survey points before the "
                            "appraisal, figures missing) as 0: an index change marked so is mostly those points, not "
                            "a change in the agency's work.").get(lang))
    if data["scores"]:
        shead = [M("Code").get(lang), M("Criterion").get(lang), M("Name").get(lang), f"{a}", f"{b}",
                 M("Change").get(lang)]
        sbody = [[s["agency_code"], s["node_id"], s["name"], _final(s["final_a"], s["state_a"], lang),
                  _final(s["final_b"], s["state_b"], lang), signed(s["change"], in_points=True)] for s in data["scores"]]
        if md:
            sbody, shead = md_rows(sbody), md_rows([shead])[0]
        wrap = {} if md else {"maxcolwidths": [None, None, 50]}
        out += ["", M("SUB-CRITERIA THAT MOVED").get(lang),
                tabulate(sbody, headers=shead, tablefmt=table, disable_numparse=True, **wrap)]
    return "\n".join(out) + "\n"


def _final(points: float | None, state: str, lang: str) -> str:
    """A stored sub-criterion's final points, or its state in words when it has none ("miễn trừ", "chưa chấm")."""
    if points is not None and state != "waived":
        return number(points, lang)
    word = pick(STATES, state, lang)
    return word.replace("_", " ") if lang == "en" else word
