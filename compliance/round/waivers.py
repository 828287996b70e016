"""Waivers: approved exceptions for one agency's sub-criterion (or criterion) or gap rule.

Shaped after InSpec's waivers file (reference/compliance-anchors.md B.1): a justification is required
and an expiry date ends the waiver. Here:

- an active waiver (expires on or after the round's reference date) marks the item ``waived`` with
  its justification; a waived sub-criterion leaves the numerator and the denominator; a waived rule's
  findings stay listed, marked waived, and do not count for ``--fail-on``;
- an expired waiver does not apply (the item is scored as without it) and is an error of the round;
- a waiver that matches nothing (unknown agency, a criterion not in the agency's edition or not
  applicable to it, a rule that found nothing) is a warning;
- a malformed file (syntax, unknown key, missing justification, both or neither of criterion/rule)
  is an InputError naming the line: the round stops before anything is scored or written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


from compliance.errors import InputError
from compliance.i18n import Day, M
from compliance.io.yamlio import Locator, load_located
from compliance.model.base import Text
from compliance.model.criteria import Edition
from compliance.model.results import Scorecard
from compliance.round.model import RoundIssue, Waiver, WaiverFile, WaiverNote


@dataclass
class LoadedWaivers:
    """The validated waivers and the file they came from (for line numbers in messages)."""

    path: Path
    waivers: list[Waiver]
    locator: Locator | None = None

    def where(self, index: int) -> str:
        line = self.locator.line_of(("waivers", index)) if self.locator else None
        return f"{self.path.name}:{line}" if line else f"{self.path.name} waivers[{index}]"  # file:line, as compilers write it


def load_waivers(path: str | Path) -> LoadedWaivers:
    """Read a waivers file (YAML or JSON, ``waivers:`` list). InputError with the line when malformed."""
    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise InputError(path, M("a waivers file is .yaml, .yml or .json"))
    parsed, locator = load_located(path, WaiverFile, "a waivers file is a mapping with a 'waivers:' list")
    ids = [w.id for w in parsed.waivers if w.id]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        index = next(n for n, w in enumerate(parsed.waivers) if w.id == dup[0])
        raise InputError(path, M("waiver id '{value}' is used twice", value=dup[0]), locator.where(("waivers", index, "id")))
    return LoadedWaivers(path=path, waivers=parsed.waivers, locator=locator)


@dataclass
class AgencyWaivers:
    """The active waivers of one agency: node id → note, rule id → note."""

    nodes: dict[str, WaiverNote] = field(default_factory=dict)
    rules: dict[str, WaiverNote] = field(default_factory=dict)


def _note(waiver: Waiver, index: int) -> WaiverNote:
    return WaiverNote(id=waiver.label(index), justification=waiver.justification, approver=waiver.approver,
                      expires=waiver.expires.strftime("%d/%m/%Y"))


def resolve_waivers(loaded: LoadedWaivers | None, cards: dict[str, Scorecard], editions: dict[str, Edition],
                    as_of: dt.date) -> tuple[dict[str, AgencyWaivers], list[RoundIssue]]:
    """Split the waivers into active ones per agency, and issues (expired → error, unmatched → warning).

    ``cards``: agency code → scorecard; ``editions``: agency code → its edition; ``as_of``: the round's
    reference date (a waiver expiring that day still applies).
    """
    active: dict[str, AgencyWaivers] = {}
    issues: list[RoundIssue] = []
    if loaded is None:
        return active, issues
    for index, waiver in enumerate(loaded.waivers):
        name, where = waiver.label(index), loaded.where(index)
        subject = f"{name} ({where})"
        if waiver.expires < as_of:
            issues.append(RoundIssue(severity="error", kind="expired_waiver", subject=subject, message=Text(**M(
                "Waiver of {target} for {agency} expired on {expires} (reference date {as_of}): not applied, scored as "
                "without it", target=waiver.target, agency=waiver.agency, expires=Day(waiver.expires),
                as_of=Day(as_of)).both())))
            continue
        card = cards.get(waiver.agency)
        if card is None:
            issues.append(_unmatched(subject, waiver, M("no such agency in the round")))
            continue
        if waiver.criterion is not None:
            row = next((r for r in card.rows if r.id == waiver.criterion), None)
            if row is None:
                issues.append(_unmatched(subject, waiver, M("edition {id} has no such criterion",
                                                                  id=editions[waiver.agency].id)))
                continue
            if not row.applicable:
                issues.append(_unmatched(subject, waiver, M("the criterion does not apply to this unit type")))
                continue
            active.setdefault(waiver.agency, AgencyWaivers()).nodes[waiver.criterion] = _note(waiver, index)
        else:
            if not any(f.rule == waiver.rule for f in card.findings):
                issues.append(_unmatched(subject, waiver, M("this rule found no gap for the agency")))
                continue
            active.setdefault(waiver.agency, AgencyWaivers()).rules[waiver.rule] = _note(waiver, index)
    return active, issues


def _unmatched(subject, waiver: Waiver, why) -> RoundIssue:
    return RoundIssue(severity="warning", kind="unmatched_waiver", subject=subject, message=Text(**M(
        "Waiver of {target} for {agency} matches nothing: {why}", target=waiver.target, agency=waiver.agency,
        why=why).both()))
