"""A round made of uploaded files rather than a folder (the web page's inspector): its default name, the
appraisal typed entry by entry, the run and what the history keeps of it.

A surface hands over what it received (safe base name → bytes); the submissions are written into a
private temporary folder for the run and removed after it, and the result names every file as it was
uploaded ("so-tu-phap.yaml"), never that folder: in the result, in its errors and in the history
(the round's source is the uploaded files' names).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
import unicodedata
from contextlib import nullcontext
from pathlib import Path, PurePosixPath

from compliance.errors import InputError
from compliance.i18n import M, Message, Num
from compliance.io.files import publish_together
from compliance.round import history
from compliance.round.appraisal import STAGES
from compliance.round.model import RoundResult

PathLike = str | os.PathLike
__all__ = ["ENTERED", "appraisal_entry_problems", "round_sources", "run_uploaded_round", "stored_agencies",
           "stored_round", "suggest_round_id"]

ENTERED = M("the appraisal points entered in the page")
"""How an appraisal typed in a page is named in errors and notes (there is no file)."""

SUFFIX_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters of the default name's suffix (no 0/o, 1/l/i, which read alike)."""


def _check_names(files: dict[str, bytes]) -> None:
    for name in files:
        if PurePosixPath(name).name != name or name.startswith(".") or "\\" in name or not name.strip():
            raise InputError(name, M("an uploaded file's name must be a plain file name"))


def _slug(words: str) -> str:
    """ASCII letters and digits of ``words`` joined by "-" ("Sở, ban, ngành" → "so-ban-nganh")."""
    flat = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    flat = "".join(c for c in flat if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in flat).split())


def suggest_round_id(files: dict[str, bytes], db: PathLike | None = None, sample: int = 8,
                     preferred: str | None = None) -> str:
    """A round name for ``files`` (safe base name → bytes) that does not collide with a round stored in
    ``db`` (one marked incomplete does not count: a run under its name supersedes it, see
    :func:`stored_round`): ``preferred`` (the name the appraisal file gives the round, or the name of
    the page's last run when that run was incomplete) when that is not stored, else the
    submissions' year, what they are (the agency's code when there is one agency, else their unit types, else the
    first agency's code and how many), and a short random suffix ("2025-so-ban-nganh-xa-phuong-k7m2"),
    checked against the rounds stored in ``db``. Only the first ``sample`` submissions (in name order)
    are read for it, so a large round is named quickly; unreadable ones are passed over (the run will
    list them). InputError for a name that is not a plain file name."""
    from compliance.intake.submission import load_submission
    from compliance.vocab import UNIT_TYPE_SLUGS

    _check_names(files)
    stored = set(history.stored_rounds(db, holding=True)) if db is not None and Path(db).exists() else set()
    if preferred and preferred not in stored:
        return preferred
    seen = []
    with tempfile.TemporaryDirectory(prefix="compliance-name-") as tmp:
        for name in sorted(files)[:sample]:
            path = Path(tmp) / name
            path.write_bytes(files[name])
            try:
                sub = load_submission(path).submission
            except InputError:
                continue
            seen.append((sub.agency.code, sub.agency.unit_type, sub.period.to.year))
    years = sorted({year for _c, _u, year in seen})
    year = str(years[-1]) if years else str(dt.date.today().year)
    types = sorted({u.value: u for _c, u, _y in seen}.values(), key=lambda u: u.value)
    if len(files) == 1 and seen:
        what = _slug(seen[0][0])
    elif 1 <= len(types) <= 2 and len(seen) == min(len(files), sample):
        what = "-".join(UNIT_TYPE_SLUGS[u.value] for u in types)
    elif seen:
        what = f"{_slug(seen[0][0])}-{len(files)}"
    else:
        what = str(len(files))
    while True:
        name = f"{year}-{what}-" + "".join(secrets.choice(SUFFIX_LETTERS) for _ in range(4))
        if name not in stored:
            return name


def stored_round(db: PathLike | None, round_id: str, holding: bool = False) -> dict | None:
    """The stored round ``round_id`` of the history ``db`` (None without a database or such a round):
    ``{round_id, version, stored_at, agencies, failed, source, partial}``
    (:func:`compliance.round.history.stored_round`). ``holding``: only a stored round that holds its
    name, so that a run under it needs ``replace`` (None for one marked incomplete, which the next run
    under its name supersedes: :func:`compliance.round.history.holds_its_id`)."""
    stored = history.stored_round(db, round_id) if db is not None else None
    return None if holding and not history.holds_its_id(stored) else stored


def stored_agencies(db: PathLike | None) -> list[tuple[str, str]]:
    """``(code, name)`` of every agency in the history ``db``'s rounds, by code (the latest name)."""
    if db is None or not Path(db).exists():
        return []
    return history.stored_agencies(db)


def round_sources(files: dict[str, bytes], limit: int = 20) -> str:
    """What the history keeps as the source of a round of uploaded ``files``: their names in order,
    the first ``limit`` of them and how many more ("a.yaml, b.xlsx, … (+680)")."""
    names = sorted(files)
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _entry_places(data: dict) -> dict[tuple, Message]:
    """Data paths of an appraisal typed in a page → the user's words for each entry."""
    places: dict[tuple, Message] = {}
    for a, entry in enumerate(data.get("agencies", [])):
        code = entry.get("agency", "")
        places[("agencies", a)] = M("agency {agency}", agency=code)
        for i, item in enumerate(entry.get("items", [])):
            crit = item.get("criterion", "")
            places[("agencies", a, "items", i)] = M("{agency}, sub-criterion {criterion}", agency=code, criterion=crit)
            for stage in ("round1", "round2"):
                places[("agencies", a, "items", i, stage)] = M("{agency}, sub-criterion {criterion}, {stage}", agency=code,
                                                               criterion=crit, stage=STAGES[stage])
        for kind in ("bonus", "penalty"):
            for j, _row in enumerate(entry.get(kind, [])):
                places[("agencies", a, kind, j)] = M("{agency}, {kind} {n}", agency=code, kind=KIND_WORDS[kind], n=j + 1)
    return places


KIND_WORDS = {"bonus": M("bonus row"), "penalty": M("penalty row")}


def run_uploaded_round(files: dict[str, bytes], *, round_id: str, appraisal_file: tuple[str, bytes] | None = None,
                       entered: dict | None = None, entered_from: str | None = None,
                       waivers: tuple[str, bytes] | None = None, db: PathLike | None = None, replace: bool = False,
                       progress=None) -> RoundResult:
    """Run the round of the uploaded submissions ``files`` (safe base name → bytes) under ``round_id``.

    The appraisal is either an uploaded file ``appraisal_file`` (name, bytes: its errors name its lines
    or cells) or ``entered``, the appraisal file's shape as typed in a page (named :data:`ENTERED`, or
    "<entered_from> with the points entered in the page" when it started from an uploaded file, its
    entries named by agency, sub-criterion and round); ``waivers`` (name, bytes). ``db``: store the
    round in this history (``replace``: as :func:`compliance.api.run_round`), its source being the
    uploaded names (:func:`round_sources`); ``result.stored`` says how (its ``note()``: the line to show
    when an incomplete stored version was superseded). ``progress``: the API's ``progress(length, label)``.

    Every path in the result and in an InputError is the uploaded name. Raises InputError as
    :func:`compliance.api.run_round` does; a round id already stored complete without ``replace`` is
    :class:`compliance.round.history.RoundStored` (its ``stored`` says what is stored)."""
    from compliance.round.appraisal import appraisal_entered
    from compliance.round.run import run_round

    _check_names(files)
    if not files:
        raise InputError(None, M("no submissions were uploaded"))
    bar = progress(len(files), M("scoring {n} submissions", n=Num(len(files)))) if progress else nullcontext()
    with tempfile.TemporaryDirectory(prefix="compliance-round-") as tmp, bar:
        root = Path(tmp)
        folder = root / "submissions"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        appraisal = waivers_path = None
        if entered is not None:
            label = M("{name} with the points entered in the page", name=entered_from) if entered_from else ENTERED
            appraisal = appraisal_entered(entered, label, _entry_places(entered))
        elif appraisal_file is not None:
            _check_names({appraisal_file[0]: b""})
            appraisal = root / appraisal_file[0]
            appraisal.write_bytes(appraisal_file[1])
        if waivers is not None:
            _check_names({waivers[0]: b""})
            waivers_path = root / waivers[0]
            waivers_path.write_bytes(waivers[1])
        try:
            result = run_round(folder, appraisal=appraisal, waivers=waivers_path, round_id=round_id, uploaded=True)
        except InputError as exc:
            exc.path = _named(exc.path, root)
            raise
        result = _relabel(result, root)
    with publish_together():
        if db is not None:
            history.store_round(Path(db), result, replace=replace, source=round_sources(files))
    if progress:
        bar.update(len(files))
    return result


def _named(path: str | None, root: Path) -> str | None:
    """``path`` without the temporary folder ``root`` (and its ``submissions/``)."""
    if not isinstance(path, str):
        return path
    for prefix in (f"{root}/submissions/", f"{root}/"):
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


def _relabel(result: RoundResult, root: Path) -> RoundResult:
    """The result with every path in the temporary folder ``root`` said as the uploaded name."""
    def said(value: str) -> str:
        return value.replace(f"{root}/submissions/", "").replace(f"{root}/", "")

    for i in result.inputs:
        i.path = said(i.path)
    for a in result.agencies:
        a.source = said(a.source)
    for f in result.failed:
        f.path, f.error = said(f.path), said(f.error)
        f.error_vi = said(f.error_vi) if f.error_vi else f.error_vi
    for issue in result.issues:
        issue.subject = said(issue.subject)
    return result


def appraisal_entry_problems(result: RoundResult, agency: str, items: list[dict], bonus: list[dict] = (),
                             penalty: list[dict] = ()) -> list[tuple[tuple, Message]]:
    """What is wrong with the appraisal of ``agency`` typed in a page, before it is run: the appraisal
    file's checks (its schema, then each item against the agency's edition: a sub-criterion of it that
    applies to the unit type, points within [min, max]), every problem of every entry at once (each item
    and each adjustment is checked on its own, so one bad entry hides none of the others'): ``((criterion,
    stage or None), message)`` for an item (stage "round1"/"round2" for its points), ``(("bonus" or
    "penalty", row index), message)`` for an adjustment. Empty when the entries can be run. InputError
    when the round has no such agency."""
    from pydantic import ValidationError

    from compliance.catalog import find_edition
    from compliance.i18n.validation import explain
    from compliance.round.appraisal import entry_problems
    from compliance.round.model import Adjustment, AgencyAppraisal, AppraisalItem
    from compliance.vocab import UnitType

    found = result.agency(agency)
    if found is None:
        raise InputError(None, M("agency {agency} is not in the round", agency=agency))
    problems: list[tuple[tuple, Message]] = []
    valid: list[int] = []
    for i, item in enumerate(items):
        try:
            AppraisalItem.model_validate(item)
            valid.append(i)
        except ValidationError as exc:
            for err in exc.errors():
                stage = err["loc"][0] if err["loc"] and err["loc"][0] in ("round1", "round2") else None
                problems.append(((item.get("criterion"), stage), explain(err)))
    for kind, rows in (("bonus", bonus), ("penalty", penalty)):
        for j, row in enumerate(rows):
            try:
                Adjustment.model_validate(row)
            except ValidationError as exc:
                problems.append(((kind, j), explain(exc.errors()[0])))
    try:
        parsed = AgencyAppraisal.model_validate({"agency": agency, "items": [items[i] for i in valid]})
    except ValidationError as exc:  # the same criterion twice: the entry as a whole
        return problems + [((None, None), explain(err)) for err in exc.errors()]
    edition = find_edition(found.edition.id)
    return problems + [((items[valid[i]]["criterion"], stage), message)
                       for i, stage, message in entry_problems(parsed, edition, UnitType(found.unit_type))]
