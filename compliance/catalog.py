"""What is loaded: criteria editions from ``criteria/par-index/`` and rule files from ``rules/``.

Both folders sit at the project root (beside the package). Each file is validated strictly; a bad file
is an InputError naming the file and the line.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from compliance.errors import InputError
from compliance.i18n import M, DaySpan, Words, compose, join
from compliance.io.yamlio import load_model
from compliance.model.criteria import Edition
from compliance.model.rules import Check, Metric, Rule, RuleFile
from compliance.model.submission import Submission
from compliance.vocab import unit_type_word

if TYPE_CHECKING:
    from compliance.intake.loaded import LoadedSubmission

ROOT = Path(__file__).resolve().parent.parent
CRITERIA_DIR = ROOT / "criteria" / "par-index"
RULES_DIR = ROOT / "rules"


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml") if p.is_file() and not p.name.startswith("."))


@lru_cache(maxsize=None)
def load_edition_file(path: Path) -> Edition:
    """One criteria file, validated (schema only; see compliance.criteria_lib.check for the tree checks)."""
    return load_model(path, Edition)


def _folders_stamp(folder: Path) -> tuple:
    """The modification times of ``folder`` and its sub-folders: they change when a file is added,
    removed or renamed into place (atomic writes), which is what the listing depends on."""
    try:
        return tuple((str(d), d.stat().st_mtime_ns) for d in (folder, *sorted(p for p in folder.rglob("*") if p.is_dir())))
    except OSError:
        return ()


@lru_cache(maxsize=8)
def _edition_files(folder: Path, stamp: tuple) -> tuple[tuple[Path, Edition], ...]:
    found: dict[str, Path] = {}
    out = []
    for path in yaml_files(folder):
        edition = load_edition_file(path)
        if edition.id in found:
            raise InputError(path, M("edition id '{id}' is also used by {name}", id=edition.id, name=found[edition.id].name), "id")
        found[edition.id] = path
        out.append((path, edition))
    return tuple(out)


def editions(folder: Path = CRITERIA_DIR) -> list[Edition]:
    """Every edition under ``folder``; InputError on a duplicate id. The listing is kept while the
    folder's files stay the same (a round selects an edition for each of hundreds of agencies)."""
    return [edition for _path, edition in _edition_files(folder, _folders_stamp(folder))]


def find_edition(edition_id: str) -> Edition:
    """The edition with this id, or the file at this path; InputError listing the known ids otherwise."""
    as_path = Path(edition_id)
    if as_path.suffix in (".yaml", ".yml") and as_path.is_file():
        return _sound(as_path, load_model(as_path, Edition))
    listed = _edition_files(CRITERIA_DIR, _folders_stamp(CRITERIA_DIR))
    for path, edition in listed:
        if edition.id == edition_id:
            return _sound(path, edition)
    known = [edition for _path, edition in listed]
    ids = ", ".join(sorted(e.id for e in known)) or "none"
    raise InputError(None, M("no criteria edition '{edition_id}' (known: {ids})", edition_id=edition_id, ids=ids), "--criteria")


@contextmanager
def _placed(source: LoadedSubmission | None, key: tuple | str):
    """Re-raise an InputError about the submission's choice of edition (one without a file: the criteria
    file's own errors keep theirs) naming the submission file and ``key``: a data path ("line 9,
    agency.unit_type") or a command-line option ("--criteria")."""
    try:
        yield
    except InputError as exc:
        if exc.path is not None:
            raise
        where = key if isinstance(key, str) else (source.where(key) if source else ".".join(key))
        raise InputError(source.path if source else None, exc.message, where) from None


def select_edition(submission: Submission, explicit: str | None,
                   source: LoadedSubmission | None = None) -> tuple[Edition, str]:
    """Choose the edition: ``--criteria``, else the manifest's, else the one matching unit type and period.

    By unit type and period, an edition fits when it is in force over the **whole** period: a period that
    starts before an edition's ``valid_from`` or ends after its ``valid_to`` is refused, naming the
    editions it overlaps and their dates (a commune's 2025 set starts on 01/7/2025, when today's
    communes, wards and special zones were formed). An edition chosen by ``--criteria`` or the manifest
    is scored whatever its dates; every output then says it does not cover the period.

    Returns the edition and how it was chosen (said in every output). InputError when none or several
    editions match, naming the submission file (``source``, the loaded submission, when given) and the
    key: ``--criteria``, the manifest's ``criteria`` line, ``agency.unit_type`` or ``period``.
    """
    if explicit:
        with _placed(source, "--criteria"):
            edition = _fits(_scorable(find_edition(explicit)), submission, "--criteria")
        return _in_period(edition, submission, source, "--criteria"), "--criteria"
    if submission.criteria:
        with _placed(source, ("criteria",)):
            edition = _fits(_scorable(find_edition(submission.criteria)), submission, "criteria")
        return _in_period(edition, submission, source, ("criteria",)), "manifest"
    with _placed(source, ("agency", "unit_type")):
        return _by_unit_and_period(submission, source)


def _in_period(edition: Edition, submission: Submission, source: LoadedSubmission | None, key: tuple | str) -> Edition:
    """The edition named by ``--criteria`` or the submission (its ``criteria`` line, the form's 'Bộ tiêu
    chí' row) when it is in force on at least one day of the assessment period; a part of the period
    outside it is said in every output (:func:`compliance.model.criteria.outside_period`).

    InputError at ``key`` when no day of the period lies in the edition (last year's form reused for this
    year, QA8 F2): scoring it would rate the agency on rules that were not in force, under an index that
    looks like a result. The error names the edition, its dates, the period and what to do: for a form,
    the ``compliance template`` command that writes the period's form from this one; for a YAML or JSON
    submission, the ``criteria`` line to write; for ``--criteria``, the option value."""
    start, end = submission.period.from_, submission.period.to
    if edition.overlaps(start, end):
        return edition
    try:
        right = _by_unit_and_period(submission, None)[0].id
    except InputError:
        right = None
    path = source.path if source else None
    if right is None:
        fix = M("no edition known to the tool covers that period for this unit type")
    elif key == "--criteria":
        fix = M("use --criteria {right} (or leave the option out: the edition is then chosen by the period)", right=right)
    elif path is not None and path.suffix.lower() in (".xlsx", ".xlsm"):
        fix = M("write the period's form from this one with: compliance template --criteria {right} --from {path} "
                "-o {out}", right=right, path=str(path), out=f"{path.stem}-{right}.xlsx")
    else:
        fix = M("write criteria: {right} (or delete the line: the edition is then chosen by the period)", right=right)
    where = key if isinstance(key, str) else (source.where(key) if source else ".".join(key))
    raise InputError(path, M("criteria edition '{id}' is in force {validity}, not on any day of the period {period} "
                             "(a form or file made for another period?): nothing is scored on it; {fix}",
                             id=edition.id, validity=DaySpan(edition.valid_from, edition.valid_to),
                             period=DaySpan(start, end), fix=fix), where)


def _by_unit_and_period(submission: Submission, source: LoadedSubmission | None) -> tuple[Edition, str]:
    start, end = submission.period.from_, submission.period.to
    unit = submission.agency.unit_type
    mine = [e for e in editions() if unit in e.unit_types]
    covering = [e for e in mine if e.covers(start, end)]
    fitting = [e for e in covering if e.scorable]
    if len(fitting) == 1:
        return fitting[0], "unit type and period"
    if not fitting and covering:
        _scorable(covering[0])
    if not fitting:
        span = DaySpan(start, end)
        partial = [e for e in mine if e.overlaps(start, end) and e.scorable]
        if partial:
            dates = join([compose("{id} ({span})", id=e.id, span=DaySpan(e.valid_from, e.valid_to)) for e in partial], ", ")
            key = ("period", "from") if all(e.valid_from > start for e in partial) else ("period", "to")
            where = source.where(key) if source else ".".join(key)
            raise InputError(source.path if source else None, M("no criteria edition for unit type {value} is in force over the whole period {span}: {dates}; set the period within an edition's dates, or choose one with --criteria (scored with a note that it does not cover the period)", value=Words(unit_type_word(unit, "vi"), unit.value), span=span, dates=dates), where)
        raise InputError(None, M("no criteria edition covers unit type {value} for the period {span}; choose one with --criteria", value=Words(unit_type_word(unit, "vi"), unit.value), span=span))
    ids = ", ".join(sorted(e.id for e in fitting))
    raise InputError(None, M("several editions fit ({ids}); choose one with --criteria", ids=ids))


@lru_cache(maxsize=64)
def _problems(path: Path, mtime: float) -> tuple:
    from compliance.criteria_lib.check import check_file

    return tuple(check_file(path, metrics=None).errors)


def _sound(path: Path, edition: Edition) -> Edition:
    """The edition when ``criteria check`` finds no error in its file (sums, bands, formulas, classes…);
    else InputError naming the file, the line and the first error, so nothing is scored on a broken set."""
    errors = _problems(path.resolve(), path.stat().st_mtime)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: compliance criteria check {path})" if len(errors) > 1 else ""
        raise InputError(path, M("criteria file fails its check: {kind}: {en}{more}", kind=first.kind, en=first.en, more=more),
                         f"line {first.line}, {first.path}" if first.line else first.path)
    return edition


def _fits(edition: Edition, submission: Submission, where: str) -> Edition:
    """The edition when it is made for the agency's unit type and has something to score; else InputError."""
    unit = submission.agency.unit_type
    if unit not in edition.unit_types:
        kinds = Words(*(", ".join(unit_type_word(u, lang) for u in edition.unit_types) for lang in ("vi", "en")))
        raise InputError(None, M("criteria edition '{id}' is for {kinds}, not for unit type {value}", id=edition.id, kinds=kinds,
                                 value=Words(unit_type_word(unit, "vi"), unit_type_word(unit, "en"))), where)
    if not any(n.scoring is not None and n.confidence.value != "unknown" for n in edition.leaves() if n.applies(unit)):
        raise InputError(None, M("criteria edition '{id}' has no scoring method for any of its applicable nodes: nothing can be scored (its content is unknown)", id=edition.id), where)
    return edition


def _scorable(edition: Edition) -> Edition:
    """The edition itself when it can be scored; InputError for a listed-only edition or unknown points."""
    if edition.listed_only:
        raise InputError(None, M("criteria edition '{id}' ({value}) is listed with no content: import its table first (compliance criteria import)", id=edition.id, value=edition.decision or edition.title.vi), "--criteria")
    if not edition.scorable:
        unknown = ", ".join(n.id for n in edition.nodes() if n.max_points is None)
        raise InputError(None, M("criteria edition '{id}' cannot be scored: max points unknown for {unknown}", id=edition.id, unknown=unknown),
                         "--criteria")
    return edition


@dataclass
class RuleBook:
    """All metrics, checks and rules loaded from ``rules/``, with the file each came from."""

    metrics: dict[str, Metric] = field(default_factory=dict)
    checks: dict[str, Check] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)


@lru_cache(maxsize=None)
def rulebook(folder: Path = RULES_DIR) -> RuleBook:
    """Load every rule file; InputError on a duplicate id or a reference to an undeclared metric."""
    book = RuleBook()
    for path in yaml_files(folder):
        content = load_model(path, RuleFile)
        for kind, items, target in (("metric", content.metrics, book.metrics), ("check", content.checks, book.checks),
                                    ("rule", content.rules, book.rules)):
            for item in items:
                if item.id in target:
                    raise InputError(path, M("{kind} id '{id}' is also declared in {name}", kind=kind, id=item.id, name=book.origin[kind + ':' + item.id].name))
                target[item.id] = item
                book.origin[kind + ":" + item.id] = path
    for metric in book.metrics.values():
        for ref in metric.parts():
            if ref not in book.metrics:
                raise InputError(book.origin["metric:" + metric.id], M("metric '{id}' uses undeclared metric '{ref}'", id=metric.id, ref=ref))
    for check in book.checks.values():
        for ref in check.metrics():
            if ref not in book.metrics:
                raise InputError(book.origin["check:" + check.id], M("check '{id}' uses undeclared metric '{ref}'", id=check.id, ref=ref))
    return book


def metrics_read(edition: Edition, book: RuleBook | None = None) -> set[str]:
    """Every metric id a submission scored on ``edition`` is read for: those its leaves score, the
    metrics those are made of (sums, ratios, first-of, down to the values), the metrics of each
    consistency check that compares one of them, and the plan-target bases in use on the edition's
    last day (:attr:`~compliance.model.rules._MetricBase.target_base`: the rule on tasks short of their
    target reads them), with what those are made of."""
    book = book or rulebook()

    def with_parts(ids: set[str]) -> set[str]:
        out: set[str] = set()
        while ids:
            metric_id = ids.pop()
            if metric_id not in out and metric_id in book.metrics:
                out.add(metric_id)
                ids |= set(book.metrics[metric_id].parts())
        return out

    day = edition.last_day
    read = with_parts(set(edition.metrics_read()) | {m.id for m in book.metrics.values() if m.target_base and m.in_use(day)})
    compared = {i for c in book.checks.values() if read & set(c.metrics()) for i in c.metrics()}
    return read | with_parts(compared)


def declared_metrics() -> set[str] | None:
    """Metric ids declared in ``rules/`` (None when the rule book cannot be loaded), for
    :func:`compliance.criteria_lib.check.check_file`."""
    try:
        return set(rulebook().metrics)
    except InputError:
        return None
