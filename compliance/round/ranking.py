"""Ranking: equal index % at the published precision (two decimals) share a rank; the next is skipped.

Standard competition ranking ("1, 2, 2, 4"), as the provincial apps rank units by total with ties
sharing a rank (par-index.md §8c). Agencies are ranked among those scored on the same criteria
edition (a department is not ranked against a commune).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Iterable

from compliance.vocab import round_half_up


def competition_ranks(scores: Iterable[tuple[Hashable, float]], places: int = 2) -> dict[Hashable, int]:
    """Rank ``(key, index %)`` pairs, highest first: rank = 1 + number of strictly higher scores.

    Scores are compared after rounding half up to ``places`` decimals, so 85.004 and 85.001 tie
    (both 85.00). Returns key → rank. Example: 90, 85, 85, 80 → 1, 2, 2, 4.
    """
    shown = [(key, round_half_up(value, places)) for key, value in scores]
    ordered = sorted((v for _, v in shown), reverse=True)
    first = {}
    for position, value in enumerate(ordered, 1):
        first.setdefault(value, position)
    return {key: first[value] for key, value in shown}


def rank_by_group(entries: Iterable[tuple[Hashable, Hashable, float]]) -> dict[Hashable, tuple[int, int]]:
    """``(key, group, index %)`` → key → (rank within its group, size of the group)."""
    groups: dict[Hashable, list[tuple[Hashable, float]]] = defaultdict(list)
    for key, group, value in entries:
        groups[group].append((key, value))
    out = {}
    for members in groups.values():
        for key, rank in competition_ranks(members).items():
            out[key] = (rank, len(members))
    return out
