"""What one inspection round may hold: agencies of one side of 01/7/2025, under editions of one period.

On 01/7/2025 local government became two-level (no district, 34 provinces; Nghị quyết 202/2025/QH15):
a round that ranks agencies whose periods end before that day with agencies whose periods end after it
would rank two administrations against each other. So would a round mixing criteria editions that are
never in force on the same day (a 2025 set beside a 2026 set). Such rounds are refused with one line
that names both sides and says how to split them; the checks run before anything is ranked or stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance.errors import InputError
from compliance.model.criteria import Edition
from compliance.model.results import Scorecard
from compliance.vocab import TWO_LEVEL_FROM


def period_end(card: Scorecard) -> dt.date:
    """The last day of a scorecard's period ("01/07/2025–31/12/2025" → 31/12/2025)."""
    return dt.datetime.strptime(card.period.rsplit("–", 1)[-1], "%d/%m/%Y").date()


def _some(codes: list[str]) -> str:
    return ", ".join(codes[:3]) + (f" and {len(codes) - 3} more" if len(codes) > 3 else "")


def check_round_shape(folder: str | Path, cards: dict[str, Scorecard], editions: dict[str, Edition]) -> None:
    """Refuse (InputError at ``folder``) a round whose submissions' periods end on both sides of
    01/7/2025, or whose editions share no day in force. ``cards`` and ``editions``: agency code →
    scorecard / edition used."""
    ends = {code: period_end(card) for code, card in cards.items()}
    before = sorted(c for c, d in ends.items() if d < TWO_LEVEL_FROM)
    after = sorted(c for c, d in ends.items() if d >= TWO_LEVEL_FROM)
    if before and after:
        raise InputError(folder, f"the round straddles 01/7/2025 (two-level local government, 34 provinces): the "
                         f"periods of {_some(before)} end by 30/06/2025 (e.g. {ends[before[0]]:%d/%m/%Y}), those of "
                         f"{_some(after)} after it (e.g. {ends[after[0]]:%d/%m/%Y}); split them into two folders and "
                         "run a round for each")
    used: dict[str, tuple[Edition, list[str]]] = {}
    for code in sorted(editions):
        edition = editions[code]
        used.setdefault(edition.id, (edition, []))[1].append(code)
    if len(used) < 2:
        return
    start = max(e.valid_from for e, _ in used.values())
    end = min((e.valid_to for e, _ in used.values() if e.valid_to), default=None)
    if end is not None and end < start:
        first = min(used.values(), key=lambda t: t[0].valid_to or dt.date.max)
        last = max(used.values(), key=lambda t: t[0].valid_from)

        def shown(pair: tuple[Edition, list[str]]) -> str:
            e, codes = pair
            span = f"{e.valid_from:%d/%m/%Y}–{e.valid_to:%d/%m/%Y}" if e.valid_to else f"from {e.valid_from:%d/%m/%Y}"
            return f"{e.id} ({span}; {_some(codes)})"

        raise InputError(folder, f"the round mixes criteria editions never in force on the same day: {shown(first)} "
                         f"and {shown(last)}; rank one period's agencies together: split the folder by period, or "
                         "give every submission the same period's editions")
