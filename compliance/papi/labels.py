"""Output labels for the PAPI commands, Vietnamese by default, English with ``--lang en`` (the words
every output shares from :mod:`compliance.i18n.words`)."""

from __future__ import annotations

from compliance.i18n import M, MC
from compliance.i18n.words import WORDS

LABELS: dict[str, object] = {
    "rank": WORDS["rank"],
    "province": MC("papi", "Province"),
    "aggregate": M("Aggregate"),
    "group": M("Group"),
    "score": MC("papi", "Score"),
    "year": M("Year"),
    "dimension": M("Dimension"),
    "subdimension": M("Sub-dimension"),
    "median": M("National median"),
    "best": M("National best"),
    "best_province": M("Best province"),
    "change": M("Change vs previous year"),
    "group.best": M("Best"),
    "group.high_average": M("High average"),
    "group.low_average": M("Low average"),
    "group.poor": M("Poor"),
    "structure": M("Structure"),
    "group_rule": M("Group rule"),
    "group_sizes": M("Provinces per group"),
    "excluded": M("Not ranked"),
    "absent": M("No data in the file (not ranked)"),
    "assumption": M("Assumption"),
    "note": WORDS["note"],
    "ranking_title": M("PAPI aggregate ranking"),
    "dimensions_title": M("Score, rank and group per dimension"),
    "legend": M("Column legend"),
    "formula": MC("papi", "Formula"),
    "formula_text": M("Dimension = sum of its sub-dimensions; aggregate = unweighted sum of the dimensions; equal scores (rounded to 6 decimals) share a rank: 1, 2, 2, 4."),
    "dim_short": M("D"),
    "profile_title": M("PAPI profile"),
    "gaps": M("Flagged gaps"),
    "gap.poor": M("Sub-dimension in the poor group"),
    "gap.poor_dim": M("Dimension in the poor group"),
    "gap.fall": M("Sharp fall from the previous year"),
    "gap.fall_other": M("Fall from the previous year"),
    "fall_rule": M("Sharp fall: a fall in the bottom decile of all provinces' changes of that measure (fewer than 10% of the provinces fell further); the tool's rule, not PAPI's."),
    "vs": M("vs"),
    "key": M("key"),
    "confidence": M("confidence"),
    "confidence.high": M("high"),
    "confidence.medium": M("medium"),
    "confidence.low": M("low"),
    "gap.distance": M("Far from the best province"),
    "plan": M("Plan tasks"),
    "task": M("Task"),
    "result": WORDS["result"],
    "state": MC("papi", "State"),
    "reason": WORDS["reason"],
    "state.done": M("Done"),
    "state.in_progress": MC("papi", "In progress"),
    "state.not_done": M("Not done"),
    "state.unknown": M("Unknown"),
    "uncovered": M("Poor-group dimensions no task addresses"),
    "not_in_era": M("not in the structure of year"),
    "not_comparable": M("not comparable"),
    "no_previous": M("no data for the previous year"),
    "merged": M("formed on 01/7/2025: see each former province"),
    "none": M("none"),
    "findings": MC("papi", "Findings"),
    "checked": M("Checked"),
}


def t(key: str, lang: str) -> str:
    """Label ``key`` in ``lang`` ('vi' or 'en')."""
    return LABELS[key].get(lang)


def group_label(group: str, lang: str) -> str:
    return t(f"group.{group}", lang)


class Msg:
    """A message in both languages; ``get(lang)`` picks one, ``str()`` gives the Vietnamese."""

    def __init__(self, vi: str, en: str):
        self.vi, self.en = vi, en

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return self.vi

    def __contains__(self, part: str) -> bool:
        return part in self.vi or part in self.en

    def __repr__(self) -> str:
        return f"Msg({self.vi!r}, {self.en!r})"
