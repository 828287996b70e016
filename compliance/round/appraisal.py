"""The appraisal file: the council's points per agency and sub-criterion, bonus and penalty items.

Read from YAML/JSON (:class:`compliance.round.model.AppraisalFile`) or from the workbook that
``compliance round export-appraisal`` writes (:func:`compliance.round.appraisal_xlsx.read_appraisal_xlsx`).
Every error names the file and the place (line, or sheet and cell): a bad appraisal file stops the
round with exit 2 before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, places as at
from compliance.io.yamlio import load_located
from compliance.model.base import Text
from compliance.model.criteria import Edition
from compliance.round.appraisal_xlsx import read_appraisal_xlsx
from compliance.round.model import AgencyAppraisal, AppraisalFile
from compliance.round.settle import Caps
from compliance.round.words import pts


@dataclass
class LoadedAppraisal:
    """A validated appraisal file and a way to say where each part of it is."""

    path: Path
    data: AppraisalFile
    places: dict[tuple, str] = field(default_factory=dict)
    """data path → "line 12" or "sheet Thẩm định, row 7" (filled by the reader)."""
    line_of: object = None

    def where(self, *loc) -> str:
        """The user's place for a data path: the deepest known prefix."""
        loc = tuple(loc)
        while loc:
            if loc in self.places:
                return self.places[loc]
            if self.line_of is not None:
                line = self.line_of(loc)
                if line is not None:
                    return at.line(line)
            loc = loc[:-1]
        return "(top level)"

    def where_agency(self, index: int) -> str:
        """The place of the ``index``-th agency entry (its line, or its first row in the workbook)."""
        place = self.where("agencies", index, "agency")
        if place == "(top level)":
            place = next((v for k, v in self.places.items() if k[:2] == ("agencies", index)), place)
        return place

    def for_agency(self, code: str) -> AgencyAppraisal | None:
        return next((a for a in self.data.agencies if a.agency == code), None)

    def index_of(self, code: str) -> int:
        return next(i for i, a in enumerate(self.data.agencies) if a.agency == code)


def load_appraisal(path: str | Path) -> LoadedAppraisal:
    """Read an appraisal file (.yaml/.yml/.json, or the .xlsx from ``round export-appraisal``).

    Raises InputError naming the line (or sheet and cell) for a syntax error, an unknown key, a missing
    required key, a duplicate agency or criterion, or points that are not numbers.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        data, places = read_appraisal_xlsx(path)
        return LoadedAppraisal(path=path, data=data, places=places)
    if suffix not in (".yaml", ".yml", ".json"):
        raise InputError(path, M("an appraisal file is .yaml, .yml, .json or the .xlsx from 'round export-appraisal'"))
    parsed, locator = load_located(path, AppraisalFile, "an appraisal file is a mapping (round, appraised_on, agencies, …)")
    return LoadedAppraisal(path=path, data=parsed, line_of=locator.line_of)


def caps_for(edition: Edition, loaded: LoadedAppraisal | None) -> Caps:
    """The bonus and penalty caps for agencies scored on ``edition``.

    The appraisal file's ``bonus_cap``/``penalty_cap`` (the year's campaign setting) when given, else
    the edition's. An edition cap of 0 means the edition states none; when the edition states a cap the
    file may not exceed it (InputError naming the line).
    """
    values, origins = {}, {}
    for kind in ("bonus", "penalty"):
        edition_cap = getattr(edition, f"{kind}_cap")
        file_cap = getattr(loaded.data, f"{kind}_cap") if loaded else None
        if file_cap is not None:
            if edition_cap > 0 and file_cap > edition_cap:
                raise InputError(loaded.path, M("{kind}_cap {value} exceeds the cap of edition {id} ({value2})", kind=kind, value=pts(file_cap), id=edition.id, value2=pts(edition_cap)), loaded.where(f"{kind}_cap"))
            values[kind], origins[kind] = file_cap, "file"
        else:
            values[kind], origins[kind] = edition_cap, "edition"
    names = {"file": (f"tệp thẩm định {loaded.path.name}" if loaded else "", f"appraisal file {loaded.path.name}" if loaded else ""),
             "edition": (f"bộ tiêu chí {edition.id}", f"edition {edition.id}")}
    if origins["bonus"] == origins["penalty"]:
        vi, en = names[origins["bonus"]]
    else:
        vi = f"điểm thưởng: {names[origins['bonus']][0]}; điểm trừ: {names[origins['penalty']][0]}"
        en = f"bonus: {names[origins['bonus']][1]}; penalty: {names[origins['penalty']][1]}"
    return Caps(bonus=values["bonus"], penalty=values["penalty"], source=Text(vi=vi, en=en))


def check_against(loaded: LoadedAppraisal, entry: AgencyAppraisal, edition: Edition, unit_type) -> None:
    """Check one agency's appraisal against its edition: every criterion is a sub-criterion of the
    edition that applies to the unit type, and every point value lies within [min_points, max_points].
    Survey-scored sub-criteria are given here too: survey points count only from the appraisal file
    (the agency's own are an estimate, see :mod:`compliance.scoring`).

    Raises InputError naming the place of the first bad item.
    """
    a = loaded.index_of(entry.agency)
    nodes = {n.id: n for n in edition.nodes()}
    parents = {c.id: n for n in edition.nodes() for c in n.children}
    for i, item in enumerate(entry.items):
        node = nodes.get(item.criterion)
        where = loaded.where("agencies", a, "items", i, "criterion")
        if node is None:
            raise InputError(loaded.path, M("{agency}: edition {id} has no criterion '{criterion}'", agency=entry.agency, id=edition.id, criterion=item.criterion), where)
        if not node.is_leaf:
            raise InputError(loaded.path, M("{agency}: '{criterion}' is not a sub-criterion (appraise its sub-criteria: {items})", agency=entry.agency, criterion=item.criterion, items=', '.join(c.id for c in node.children)), where)
        chain, up = [node], parents.get(node.id)
        while up is not None:
            chain.append(up)
            up = parents.get(up.id)
        if not all(n.applies(unit_type) for n in chain):
            raise InputError(loaded.path, M("{agency}: criterion {criterion} does not apply to unit type {value}", agency=entry.agency, criterion=item.criterion, value=unit_type.value), where)
        for stage in ("round1", "round2"):
            value = getattr(item, stage)
            if value is not None and not node.min_points - 1e-9 <= value.points <= node.max_points + 1e-9:
                raise InputError(loaded.path, M("{agency}: {stage} points {value} for {criterion} are outside [{value2}, {value3}]", agency=entry.agency, stage=stage, value=pts(value.points), criterion=item.criterion, value2=pts(node.min_points), value3=pts(node.max_points)),
                                 loaded.where("agencies", a, "items", i, stage, "points"))
