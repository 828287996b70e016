"""What ``criteria check`` reports: one :class:`Problem` per finding (kinds in :data:`KINDS`), collected
per file in a :class:`CheckResult`; numbers shown as a person writes them (:func:`num`)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from compliance.i18n import M
from compliance.i18n.numbers import MINUS
from compliance.io.yamlio import Locator, dotted_path

#: kind → (Vietnamese, English) description; one test per kind in tests/test_criteria_check.py.
KINDS: dict[str, tuple[str, str]] = {
    "schema": M("does not match the criteria file schema"),
    "id_format": M("id is not STT numbering such as '3', '3.2', '3.2.1'"),
    "id_duplicate": M("id used twice"),
    "id_parent": M("id does not extend its parent's id"),
    "id_sequence": M("siblings not numbered 1, 2, 3… in order"),
    "children_sum": M("children's max points do not add up to the parent's"),
    "scale": M("fields do not add up to the scale"),
    "stated_total": M("stated total differs from the sum of the fields"),
    "survey_points": M("survey leaves do not add up to survey_points"),
    "min_points": M("min_points above max_points"),
    "band_gap": M("bands leave a gap"),
    "band_overlap": M("bands overlap"),
    "band_range": M("band lies outside the input range"),
    "band_points": M("band points outside [min_points, max_points]"),
    "choice_points": M("choice points outside [min_points, max_points]"),
    "max_unreachable": M("no band or choice reaches the max points"),
    "formula_syntax": M("formula cannot be read"),
    "formula_input": M("formula uses an undeclared input"),
    "formula_unused": M("declared input not used by the formula"),
    "input_undeclared": M("input is not a metric declared in rules/"),
    "no_scoring": M("leaf has no scoring method"),
    "no_evidence": M("leaf has no evidence list"),
    "unit_type": M("unknown unit type"),
    "unit_type_outside": M("applies_to outside the edition's or parent's unit types"),
    "class_order": M("classification thresholds not ordered"),
    "counts": M("node counts stated by the source disagree"),
    "papi": M("breaks a PAPI structure rule"),
}

EPS = 1e-6


def num(value: float | None, lang: str = "vi") -> str:
    """A number as a person writes it: ``1.5`` → "1,5" in Vietnamese, "1.5" in English; None → "?"."""
    if value is None:
        return "?"
    if value in (math.inf, -math.inf):
        return "∞" if value > 0 else "−∞"
    text = f"{round(value, 6):g}" if abs(value) < 1e15 else repr(value)  # criteria values: as written, any decimals
    return text.replace(".", ",").replace("-", MINUS) if lang == "vi" else text.replace("-", MINUS)


def sum_text(parts: list[float], lang: str) -> str:
    return " + ".join(num(p, lang) for p in parts) if parts else "0"


@dataclass(frozen=True)
class Problem:
    """One finding: ``kind`` (a key of :data:`KINDS`), ``path`` (YAML path, e.g. ``fields[0].children[1]``),
    ``node`` (the node id, if any), ``vi``/``en`` (the message with its arithmetic), ``severity``
    (``error`` or ``warning``) and ``line`` (1-based, when known)."""

    kind: str
    path: str
    vi: str
    en: str
    severity: str = "error"
    node: str | None = None
    line: int | None = None

    def text(self, lang: str = "vi") -> str:
        """One line: ``line 12, fields[0].children[1] (1.2): error children_sum: …``."""
        where = (f"line {self.line}, " if self.line else "") + (self.path or "(top level)")
        if self.node:
            where += f" ({self.node})"
        label = {"error": M("error"), "warning": M("warning")}[self.severity].get(lang)
        return f"{where}: {label} {self.kind}: {self.en if lang == 'en' else self.vi}"


@dataclass
class CheckResult:
    """What ``check_file`` found: ``problems`` and ``notes`` (what could not be checked and why, vi/en)."""

    path: str | None
    kind: str  # "par_index" or "papi"
    edition_id: str | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def to_json(self) -> dict:
        return {"file": self.path, "kind": self.kind, "edition": self.edition_id,
                "errors": len(self.errors), "warnings": len(self.problems) - len(self.errors),
                "problems": [asdict(p) for p in self.problems],
                "notes": [{"vi": vi, "en": en} for vi, en in self.notes]}


class Collector:
    def __init__(self, locator: Locator | None):
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, kind: str, loc: tuple, vi: str, en: str, severity: str = "error", node: str | None = None) -> None:
        line = self.locator.line_of(loc) if self.locator else None
        self.problems.append(Problem(kind, dotted_path(loc), vi, en, severity, node, line))
