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
from compliance.i18n import M, Num, Words, places as at
from compliance.io.yamlio import load_located
from compliance.model.base import Text
from compliance.model.criteria import Edition
from compliance.round.appraisal_xlsx import read_appraisal_xlsx
from compliance.round.appraisal_sheets import ITEM_SHEET
from compliance.round.model import AgencyAppraisal, AgencyResult, AppraisalFile, RoundIssue
from compliance.round.settle import Caps
from compliance.vocab import UNIT_TYPE_WORDS


TOP_LEVEL = M("(top level)")


@dataclass
class LoadedAppraisal:
    """A validated appraisal and a way to say where each part of it is: a file (its ``path``), or
    points entered another way (``label`` names them to the user, e.g. "the points entered in the
    page", and ``places`` say each entry's place in the user's terms)."""

    path: Path
    data: AppraisalFile
    places: dict[tuple, str] = field(default_factory=dict)
    """data path → "line 12" or "sheet Thẩm định, row 7" (filled by the reader)."""
    line_of: object = None
    label: object = None
    """How the appraisal is named to the user when it is not a file (a catalogue message); None: its file."""
    rows: dict[str, set[str]] | None = None
    """The appraisal workbook's rows (agency code → sub-criteria), with points or not; None for a file
    that is no workbook (YAML/JSON, points entered in a page), where an entry left out is no row deleted."""

    @property
    def shown(self):
        """The appraisal as an error names it: its file, or its label."""
        return self.label if self.label is not None else self.path

    @property
    def name(self):
        """The appraisal as a note names it: its file's name, or its label."""
        return self.label if self.label is not None else self.path.name

    def where(self, *loc):
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
        return TOP_LEVEL

    def where_agency(self, index: int):
        """The place of the ``index``-th agency entry (its line, or its first row in the workbook)."""
        place = self.where("agencies", index, "agency")
        if place is TOP_LEVEL:
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
        data, places, rows = read_appraisal_xlsx(path)
        return LoadedAppraisal(path=path, data=data, places=places, rows=rows)
    if suffix not in (".yaml", ".yml", ".json"):
        raise InputError(path, M("an appraisal file is .yaml, .yml, .json or the .xlsx from 'round export-appraisal'"))
    parsed, locator = load_located(path, AppraisalFile, "an appraisal file is a mapping (round, appraised_on, agencies, …)")
    return LoadedAppraisal(path=path, data=parsed, line_of=locator.line_of)


def appraisal_entered(data: dict, label, places: dict[tuple, object] | None = None) -> LoadedAppraisal:
    """An appraisal given as data in the appraisal file's shape (points entered in a page, not a
    file): ``label`` names it to the user ("the points entered in the page"), ``places`` map data paths
    (``("agencies", 0, "items", 2, "round1", "points")``) to the user's words for that entry. Raises
    InputError naming ``label`` and the entry for what the appraisal file's schema refuses."""
    from pydantic import ValidationError

    from compliance.i18n.validation import explain

    places = dict(places or {})
    loaded = LoadedAppraisal(path=Path("appraisal"), data=AppraisalFile.model_construct(), places=places, label=label)
    try:
        loaded.data = AppraisalFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(label, explain(first), loaded.where(*first["loc"])) from None
    return loaded


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
                raise InputError(loaded.shown, M("{kind}_cap {value} exceeds the cap of edition {id} ({value2})", kind=kind, value=Num(file_cap), id=edition.id, value2=Num(edition_cap)), loaded.where(f"{kind}_cap"))
            values[kind], origins[kind] = file_cap, "file"
        else:
            values[kind], origins[kind] = edition_cap, "edition"
    names = {"file": M("appraisal file {name}", name=loaded.name) if loaded else "",
             "edition": M("edition {id}", id=edition.id)}
    if origins["bonus"] == origins["penalty"]:
        source = names[origins["bonus"]]
    else:
        source = M("bonus: {bonus}; penalty: {penalty}", bonus=names[origins["bonus"]], penalty=names[origins["penalty"]])
    return Caps(bonus=values["bonus"], penalty=values["penalty"], source=Text(**source.both()) if source else Text(vi=""))


def entry_problems(entry: AgencyAppraisal, edition: Edition, unit_type):
    """What is wrong with one agency's appraisal against its edition, as ``(item index, stage or None,
    message)``: a criterion the edition does not have, one that is not a sub-criterion or does not
    apply to the unit type (stage None), points outside [min_points, max_points] (stage "round1" or
    "round2"). Survey-scored sub-criteria are given here too: survey points count only from the
    appraisal (the agency's own are an estimate, see :mod:`compliance.scoring`)."""
    nodes = {n.id: n for n in edition.nodes()}
    parents = {c.id: n for n in edition.nodes() for c in n.children}
    for i, item in enumerate(entry.items):
        node = nodes.get(item.criterion)
        if node is None:
            yield i, None, M("{agency}: edition {id} has no criterion '{criterion}'", agency=entry.agency, id=edition.id, criterion=item.criterion)
            continue
        if not node.is_leaf:
            yield i, None, M("{agency}: '{criterion}' is not a sub-criterion (appraise its sub-criteria: {items})", agency=entry.agency, criterion=item.criterion, items=', '.join(c.id for c in node.children))
            continue
        chain, up = [node], parents.get(node.id)
        while up is not None:
            chain.append(up)
            up = parents.get(up.id)
        if not all(n.applies(unit_type) for n in chain):
            yield i, None, M("{agency}: criterion {criterion} does not apply to unit type {value}", agency=entry.agency, criterion=item.criterion, value=UNIT_TYPE_WORDS.get(unit_type.value, unit_type.value))
            continue
        for stage in ("round1", "round2"):
            value = getattr(item, stage)
            if value is not None and not node.min_points - 1e-9 <= value.points <= node.max_points + 1e-9:
                yield i, stage, M("{agency}: {stage} points {value} for {criterion} are outside [{value2}, {value3}]", agency=entry.agency, stage=STAGES[stage], value=Num(value.points), criterion=item.criterion, value2=Num(node.min_points), value3=Num(node.max_points))


def deleted_rows(loaded: LoadedAppraisal | None, results: list[AgencyResult]) -> list[RoundIssue]:
    """The rows ``round export-appraisal`` writes (per agency of the round, each applicable sub-criterion
    not waived) that the appraisal workbook ``loaded`` no longer has, one warning per agency naming
    them as a deleted row of the agency's form is named (:func:`compliance.check.missing_rows_named`).

    A warning, not a refusal: the workbook no longer holds a deleted row, so it cannot say whether the
    row carried the council's points; a council may delete the rows it did not appraise, and refusing
    them all would refuse its workbook. What a deleted row carried is lost, so the warning says which
    rows to look at (on the terminal, in the council workbook's round issues, on the round's page).
    An agency with no row at all is said so. [] for an appraisal that is not a workbook."""
    from compliance.check import missing_rows_named

    if loaded is None or loaded.rows is None:
        return []
    issues = []
    for result in results:
        have = loaded.rows.get(result.agency_code)
        expected = [r for r in result.rows if r.leaf and r.applicable and r.state.value != "waived"]
        if have is None:
            message = M("the appraisal workbook {name} has no row of this agency (its rows deleted, or the workbook "
                        "was exported before its submission came): its appraisal there, if any, is not read",
                        name=loaded.name)
        else:
            missing = [r for r in expected if r.id not in have]
            if not missing:
                continue
            message = M("the sheet '{sheet}' of the appraisal workbook {name} lacks the row(s) of {nodes} that "
                        "'round export-appraisal' writes: the workbook was changed (a row deleted?), so the council's "
                        "points there, if any, are not read; put the rows back (or clear the points in a row rather "
                        "than deleting it) and run again", sheet=Words(*ITEM_SHEET), name=loaded.name,
                        nodes=missing_rows_named(missing))
        issues.append(RoundIssue(severity="warning", kind="appraisal_rows_deleted", subject=result.agency_code,
                                 message=Text(**message.both())))
    return issues


STAGES = {"round1": M("round 1"), "round2": M("round 2")}
"""The appraisal's two rounds as messages name them."""


def check_against(loaded: LoadedAppraisal, entry: AgencyAppraisal, edition: Edition, unit_type) -> None:
    """Check one agency's appraisal against its edition (:func:`entry_problems`).

    Raises InputError naming the place of the first bad item.
    """
    a = loaded.index_of(entry.agency)
    for i, stage, message in entry_problems(entry, edition, unit_type):
        where = loaded.where("agencies", a, "items", i, stage, "points") if stage else \
            loaded.where("agencies", a, "items", i, "criterion")
        raise InputError(loaded.shown, message, where)
