"""The appraisal typed in an agency's page, read from the posted form: each field's text kept as typed
(so a page with a mistake comes back with everything the inspector entered), the points read as
numbers the way people write them ("1,5", "1.5", the page's own "7,175"), and what is wrong said
beside the field it concerns.

Who appraises is asked once in the form (:data:`APPRAISER`, kept for the session by the page): every
stage whose points or note the save changes, and every bonus or penalty row without its own "by",
is recorded with that name, as an appraisal file records it (``by``); a stage left as it was keeps
the name it had. The council workbook then says who made each change.

Reading the form is all that happens here; whether the entries fit the agency's edition (a
sub-criterion, points within its range) is the API's check, the appraisal file's own
(:func:`compliance.api.appraisal_entry_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.i18n import M, Message
from compliance.io.vnparse import parse_points

STAGES = ("round1", "round2")
KINDS = ("bonus", "penalty")
APPRAISER = "appraiser"
"""The form field naming who appraises (recorded as ``by`` on what the save changes)."""
MAX_ROWS = 100
"""Bonus (or penalty) rows read from one form."""


@dataclass
class Entries:
    """What an agency's appraisal form held: ``items`` (the appraisal file's shape, one per
    sub-criterion with points in round 1 or 2), ``bonus`` and ``penalty`` rows, every field's text as
    typed (``typed``, field name → text), and what is wrong by field name (``errors``)."""

    items: list[dict] = field(default_factory=list)
    bonus: list[dict] = field(default_factory=list)
    penalty: list[dict] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, Message] = field(default_factory=dict)
    appraiser: str | None = None
    """Who appraises, as typed in :data:`APPRAISER` (None when empty)."""
    rows: dict[tuple, str] = field(default_factory=dict)
    """(criterion, stage) or (kind, index) → the field an API problem about it is shown beside."""

    def blame(self, key: tuple, message: Message) -> None:
        """Show ``message`` beside the field of ``key`` (the first message a field gets stays)."""
        name = self.rows.get(key) or self.rows.get((key[0], None)) or "form"
        self.errors.setdefault(name, message)


def _leaves(nodes):
    for n in nodes:
        if n["leaf"] and n["applicable"]:
            yield n
        yield from _leaves(n["children"])


def read_entries(form, view: dict) -> Entries:
    """The entries of an agency's appraisal form (``view``: :func:`compliance.api.agency_round_view`,
    the appraisal as it stands). A note or explanation without points is refused beside its field (it
    would be lost), as the appraisal workbook refuses it; so is a bonus or penalty row without both
    points and reason. A stage whose points or note differ from ``view``'s is recorded as appraised by
    :attr:`Entries.appraiser` (its stored ``by`` otherwise), and so is a bonus or penalty row without a
    "by" of its own: when one needs it and none was typed, the error is beside the appraiser's field."""
    out = Entries(typed={k: v.strip() for k, v in form.multi_items() if isinstance(v, str) and k != "csrf"})
    out.appraiser = out.typed.get(APPRAISER) or None
    unnamed = False
    for n in _leaves(view["tree"]):
        nid = n["id"]
        stages = {}
        for stage in STAGES:
            key = f"{stage}_{nid}"
            out.rows[(nid, stage)] = key
            points = _points(out, key)
            note = out.typed.get(f"{stage}_note_{nid}") or None
            if points is not None:
                kept = n[stage] is not None and abs(points - n[stage]) < 1e-9 and note == (n[f"{stage}_note"] or None)
                by = n[f"{stage}_by"] if kept else out.appraiser
                unnamed = unnamed or not kept
                stages[stage] = {k: v for k, v in (("points", points), ("note", note), ("by", by)) if v is not None}
            elif note and key not in out.errors:
                out.errors[key] = M("a note without points would be lost: give the points")
        out.rows[(nid, None)] = f"round1_{nid}"
        explanation = out.typed.get(f"explanation_{nid}") or None
        if stages:
            out.items.append({"criterion": nid, **stages, **({"explanation": explanation} if explanation else {})})
        elif explanation:
            out.errors[f"explanation_{nid}"] = M("an explanation without round 1 or round 2 points would be lost: give the points")
    for kind in KINDS:
        count = out.typed.get(f"{kind}_n", "0")
        for i in range(min(int(count) if count.isdigit() else 0, MAX_ROWS)):
            key = f"{kind}_points_{i}"
            points, reason = _points(out, key), out.typed.get(f"{kind}_reason_{i}") or None
            if key in out.errors or (points is None and not reason):
                continue
            out.rows[(kind, len(getattr(out, kind)))] = key
            if points is None or not reason:
                out.errors[key if points is None else f"{kind}_reason_{i}"] = M("give both the points and the reason")
                continue
            evidence = [e.strip() for e in out.typed.get(f"{kind}_evidence_{i}", "").split(";") if e.strip()]
            by = out.typed.get(f"{kind}_by_{i}") or out.appraiser
            unnamed = unnamed or by is None
            getattr(out, kind).append({"points": points, "reason": reason, "evidence": evidence, **({"by": by} if by else {})})
    if unnamed and out.appraiser is None:
        out.errors[APPRAISER] = M("who appraises? Every change is recorded with the appraiser's name (the council "
                                  "workbook says who changed each point): write it here")
    return out


def _points(out: Entries, key: str) -> float | None:
    """The points typed in field ``key`` (None when empty); an error beside it when they are no number."""
    typed = out.typed.get(key, "")
    if not typed:
        return None
    points = parse_points(typed)
    if points is None:
        out.errors[key] = M("'{text}' is not a number of points: write it as 1,5 or 2", text=typed)
    return points
