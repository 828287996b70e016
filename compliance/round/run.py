"""Run an inspection round: score every submission of a folder in one process, appraise, waive, rank.

The folder holds one entry per agency: a sub-folder with ``submission.yaml``, or a ``.yaml``/
``.yml``/``.json`` file, or an ``.xlsx``/``.xlsm`` form (read by the Excel form reader). Hidden files,
the history database and the appraisal and waivers files (when they sit in the folder) are skipped;
a workbook this product wrote other than the fill-in form (the council workbook of an earlier run,
known by the mark in its properties, :func:`compliance.io.workbook.written_kind`) is skipped with a
note; any other file is listed as ignored, never skipped silently, with what it seems to be
(:func:`other_file`): an Office lock file (a form open in Excel), a narrative report, an archive
(its submissions are not read: a warning), an old .xls, or anything else.

One :class:`~compliance.engine.runner.RuleRunner` serves the whole round (one sid per agency code):
building and disposing of a durable_rules host per agency costs about half a second each.

A submission that cannot be read or scored is listed with its error; the others are still scored and
the round is marked partial. Two submissions that name the same agency are said as such, both named:
identical copies are scored once; different ones are not scored at all and the round is partial
(:func:`score_folder`). A malformed appraisal or waivers file stops the round (InputError).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import re
from pathlib import Path

from compliance.catalog import find_edition, rulebook
from compliance.check import check_submission, compile_rules
from compliance.engine.runner import EngineError, RuleRunner
from compliance.errors import STOP_SIGNALS, InputError, interrupts_held
from compliance.i18n import M, Num, text
from compliance.intake.submission import MANIFEST, load_submission
from compliance.io.workbook import output_words, written_kind
from compliance.io.yamlio import load_data
from compliance.model.base import Text
from compliance.model.criteria import Edition
from compliance.model.results import Scorecard
from compliance.round.appraisal import LoadedAppraisal, caps_for, check_against, deleted_rows, load_appraisal
from compliance.round.eras import check_round_shape
from compliance.round.model import DUPLICATE, FailedSubmission, InputDigest, RoundIssue, RoundResult
from compliance.round.ranking import rank_by_group
from compliance.round.settle import settle
from compliance.round.waivers import LoadedWaivers, load_waivers, resolve_waivers
from compliance.vocab import UnitType

CAPPED = {"bonus": M("bonus points"), "penalty": M("penalty points")}
"""The adjustments a cap limits, as a round's warning names them."""
SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")
DB_NAME = "rounds.sqlite"

FORMULA = Text(**M("Index (%) = (appraised + survey + bonus − penalty) / applicable maximum × 100; bonus and penalty capped; not-applicable and waived criteria are left out of the denominator; equal indexes at two decimals share a rank (1, 2, 2, 4); agencies are ranked within their criteria edition.").both())


ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
LOCK_PREFIX = "~$"
"""How Excel and Word name the lock file of an open workbook or document (``~$bieu-mau.xlsx``)."""


def other_file(name: str) -> str:
    """What a file that is not read as a submission is, by its name: ``"lock"`` (an Office lock file: a
    workbook or document beside it is open in Excel or Word), ``"report"`` (a narrative report, in a
    format ``compliance lint`` reads, or an old .doc), ``"archive"`` (.zip, .rar, .7z: it may hold
    submissions, which are not read from it), ``"old_excel"`` (.xls), else ``"other"``."""
    from compliance.lint.reader import SUFFIXES as REPORTS

    suffix = Path(name).suffix.lower()
    if name.startswith(LOCK_PREFIX):
        return "lock"
    if suffix in REPORTS or suffix == ".doc":
        return "report"
    if suffix in ARCHIVE_SUFFIXES:
        return "archive"
    return "old_excel" if suffix == ".xls" else "other"


IGNORED = {
    "lock": ("warning", M("An Office lock file: a workbook or document of the folder is open in Excel or Word, and what "
                          "is not saved is not read; skipped (save and close it, then run the round)")),
    "report": ("info", M("A narrative report, not a submission: skipped (check it with 'compliance lint')")),
    "archive": ("warning", M("An archive: the submissions it may hold are not read; unpack it into the folder and run "
                             "the round again")),
    "old_excel": ("warning", M("An old Excel workbook (.xls): not read; open it and save it as .xlsx")),
    "other": ("info", M("Not a submission (.yaml, .yml, .json, .xlsx or a folder with {manifest}): ignored", manifest=MANIFEST)),
}
"""How serious a file left out of the round is, and what the round says of it, by :func:`other_file`."""


def discover(folder: Path, skip: set[Path]) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """The submission entries of ``folder`` (sorted by name), the files that are not submissions, and
    the workbooks this product wrote that are not fill-in forms (a council workbook written into the
    folder by an earlier run), with their kind: skipped, never read as submissions."""
    entries, ignored, own = [], [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.resolve() in skip:
            continue
        if path.name.startswith(DB_NAME) or path.suffix in (".sqlite", ".sqlite-journal", ".db"):
            continue
        if path.is_file() and path.name.startswith(LOCK_PREFIX):  # never a submission, even named .xlsx
            ignored.append(path)
            continue
        kind = written_kind(path) if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm") else None
        if kind is not None and kind != "form":
            own.append((path, kind))
        elif path.is_dir() or path.suffix.lower() in SUBMISSION_SUFFIXES:
            entries.append(path)
        else:
            ignored.append(path)
    return entries, ignored, own


def digest(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (relative names and contents, in name order)."""
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    for f in files:
        if path.is_dir():
            h.update(f.relative_to(path).as_posix().encode() + b"\0")
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
    return h.hexdigest()


class _Editions:
    """Editions by id, loaded once per round (``--criteria`` may be a file path)."""

    def __init__(self, criteria: str | None):
        self.explicit = find_edition(criteria) if criteria else None
        self.by_id: dict[str, Edition] = {}

    def of(self, card: Scorecard) -> Edition:
        if self.explicit is not None:
            return self.explicit
        if card.edition.id not in self.by_id:
            self.by_id[card.edition.id] = find_edition(card.edition.id)
        return self.by_id[card.edition.id]


def _score_entries(entries: list[Path], criteria: str | None) -> list[tuple[Path, Scorecard | None, str | None]]:
    """Score entries in order with one RuleRunner: (path, scorecard or None, error or None) each."""
    book = rulebook()
    rules = sorted(book.rules.values(), key=lambda r: r.id)
    out: list[tuple[Path, Scorecard | None, str | None]] = []
    runner = RuleRunner(compile_rules(rules))
    try:
        for path in entries:
            try:
                loaded = load_submission(path)
                out.append((path, check_submission(loaded, criteria=criteria, book=book, runner=runner), None))
            except InputError as exc:
                out.append((path, None, _failure(path, exc)))
            except EngineError as exc:
                out.append((path, None, M("{path}: rules engine: {detail}", path=str(path), detail=str(exc))))
    finally:
        runner.close()
    return out


class _Failure:
    """An InputError's line in both languages (picklable, for the round's worker processes)."""

    def __init__(self, en: str, vi: str):
        self.en, self.vi = en, vi

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def _failure(path: Path, exc: InputError) -> _Failure:
    def line(lang: str) -> str:
        return exc.line(lang) if exc.path else f"{path}: {exc.line(lang)}"
    return _Failure(line("en"), line("vi"))


def _chunk_worker(args: tuple[list[Path], str | None]) -> list[tuple[Path, Scorecard | None, str | None]]:
    return _score_entries(*args)


def _worker_signals() -> None:
    """A pool worker's signals, set as it starts: Ctrl-C and SIGHUP reach every process of the terminal's
    group, and the worker ignores them (the parent, stopped, ends its workers, and says the one line);
    SIGTERM, which the parent's ``pool.terminate()`` sends (and ``timeout`` sends to the whole group),
    ends the worker at once without a word (the default action: no traceback, nothing of its own to
    clean up, its results were the parent's to write)."""
    import signal

    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def score_folder(entries: list[Path], criteria: str | None, workers: int = 1
                 ) -> tuple[dict[str, Scorecard], list[FailedSubmission], dict[str, list[Path]]]:
    """Score every entry; returns agency code → scorecard, the submissions that could not be read or
    scored, and the agency codes two or more submissions name, each with those submissions (by name).

    An agency named by several submissions is scored once when they are identical copies (the same
    bytes: :func:`digest`), from the first by name; when they differ it is not scored at all: the round
    cannot tell which one the agency meant to count (a corrected version, an old draft, another agency's
    form with a wrong code), and ranking it on the first by name would be a number no inspector can
    defend. :func:`run_round` says which it was (:func:`duplicate_issue`).

    ``workers`` > 1 splits the entries into that many contiguous chunks scored by child processes,
    each with its own RuleRunner (one durable_rules host per process, one sid per agency); the parent
    then never loads the engine's state, so its memory stays flat across rounds.
    """
    if workers > 1 and len(entries) > workers:
        import multiprocessing

        size = -(-len(entries) // workers)
        chunks = [(entries[i:i + size], criteria) for i in range(0, len(entries), size)]
        # the parent, stopped (Ctrl-C, SIGTERM, SIGHUP), stops its children at once (a pool that waits for
        # them would finish the round first); the signals are held while the children are forked (raised
        # in a fork hook, they would be lost)
        with interrupts_held():
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals)
        try:
            scored = [item for part in pool.map(_chunk_worker, chunks) for item in part]
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    else:
        scored = _score_entries(entries, criteria)
    claims: dict[str, list[tuple[Path, Scorecard]]] = {}
    failed: list[FailedSubmission] = []
    for path, card, error in scored:
        if card is None:
            error = error or M("{path}: not scored", path=str(path))
            failed.append(FailedSubmission(path=str(path), error=text(error, "en"), error_vi=text(error, "vi")))
        else:
            claims.setdefault(card.agency_code, []).append((path, card))
    cards = {code: found[0][1] for code, found in claims.items()
             if len(found) == 1 or len({digest(path) for path, _ in found}) == 1}
    duplicates = {code: [path for path, _ in found] for code, found in claims.items() if len(found) > 1}
    return cards, failed, duplicates


def duplicate_issue(code: str, paths: list[Path], scored: bool, uploaded: bool = False) -> RoundIssue:
    """What the round says of an agency named by several submissions (:func:`score_folder`): a warning
    when they are identical copies, scored once from the first; an error when they differ, not scored
    (the round is then incomplete). The issue's subject is the agency code; its message names the
    submissions by their file names and says what to do where they came from: the folder, or (``uploaded``,
    the web page's round) the .zip or the page's upload."""
    names = ", ".join(p.name for p in paths)
    if scored and uploaded:
        said = M("{n} submissions name this agency ({names}) and are identical copies: scored once, from {first}; "
                 "remove the copies from the .zip (or click Clear all and upload the forms again without them)",
                 n=len(paths), names=names, first=paths[0].name)
    elif scored:
        said = M("{n} submissions name this agency ({names}) and are identical copies: scored once, from {first}; "
                 "remove the copies from the folder", n=len(paths), names=names, first=paths[0].name)
    elif uploaded:
        said = M("{n} submissions name this agency ({names}) and they differ: none of them is scored and the agency "
                 "is not ranked, as the round cannot tell which one counts; keep only that one (remove the others from "
                 "the .zip, or click Clear all and upload the forms again without them; or correct the agency code of a "
                 "submission that is another agency's) and run the round again", n=len(paths), names=names)
    else:
        said = M("{n} submissions name this agency ({names}) and they differ: none of them is scored and the agency "
                 "is not ranked, as the round cannot tell which one counts; keep only that one in the folder (or correct "
                 "the agency code of a submission that is another agency's) and run the round again",
                 n=len(paths), names=names)
    return RoundIssue(severity="warning" if scored else "error", kind=DUPLICATE, subject=code, message=Text(**said.both()))


_JSON_CODE = re.compile(r'"agency"\s*:\s*\{[^{}]*?"code"\s*:\s*"([^"\\\n]+)"')
_YAML_AGENCY = re.compile(r"^agency:[ \t]*(?:#.*)?\n((?:[ \t]+.*(?:\n|$)|[ \t]*(?:#.*)?\n)*)", re.M)
_YAML_CODE = re.compile(r"^[ \t]+code:[ \t]*([\"']?)([^\"'\n#]+?)\1[ \t]*(?:#.*)?$", re.M)


def _code_of_unreadable(path: Path) -> str | None:
    """The agency code (``agency.code``) an unreadable YAML/JSON submission names: parsed when the file
    parses, else read from its first 64 KB as written (a file cut short while copied still names its
    agency near its start: ``"agency": {"code": "LD-PXH", …``); None when it cannot tell (an Excel form,
    no code written)."""
    target = path / MANIFEST if path.is_dir() else path
    if target.suffix.lower() not in (".yaml", ".yml", ".json"):
        return None
    try:
        data, _ = load_data(target)
    except InputError:
        try:
            with open(target, "rb") as f:
                head = f.read(65536).decode("utf-8", errors="replace").replace("\r\n", "\n")
        except OSError:
            return None
        found = _JSON_CODE.search(head)
        if found:
            return found.group(1).strip() or None
        block = _YAML_AGENCY.search(head)
        found = _YAML_CODE.search(block.group(1)) if block else None
        return found.group(2).strip() or None if found else None
    agency = data.get("agency") if isinstance(data, dict) else None
    code = agency.get("code") if isinstance(agency, dict) else None
    return str(code).strip() if code is not None else None


def _round_id(explicit: str | None, appraisal: LoadedAppraisal | None, cards: dict[str, Scorecard],
              folder: Path) -> str:
    """--round, else the appraisal file's ``round``, else the folder's name with the submissions' year in
    front unless the name holds it ("2020-submissions", "ho-so-2020"): the year alone would make two
    folders of one year one round in a shared history database."""
    if explicit:
        return explicit
    if appraisal and appraisal.data.round:
        return appraisal.data.round
    years = {card.period.rsplit("/", 1)[-1] for card in cards.values()}
    if len(years) == 1:
        year, name = years.pop(), folder.resolve().name
        return name if year in name else f"{year}-{name}"
    raise InputError(None, M("cannot tell the round from the submissions' periods ({value}); name it with --round", value=', '.join(sorted(years)) or 'none read'), "--round")


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for a block.

    A round builds a few million long-lived objects (700 scorecards of pydantic rows); every full
    collection walks all of them, and the collector runs one each time allocations outgrow the last
    count by a quarter: measured with py-spy, 43 % of a 700-agency round's CPU time went to it (8.1 s
    → 4.6 s CPU with it paused). The objects a round drops are freed by reference counting as
    usual; the few in reference cycles wait for the collector's next run once it is enabled again
    (a full collection here would cost 0.4 s more), so memory stays flat across rounds.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_round(folder: str | Path, criteria: str | None = None, appraisal: str | Path | LoadedAppraisal | None = None,
              waivers: str | Path | None = None, round_id: str | None = None, as_of: dt.date | None = None,
              skip: tuple[Path, ...] = (), workers: int = 1, uploaded: bool = False) -> RoundResult:
    """Score, appraise, waive and rank every submission in ``folder``.

    ``criteria``: edition id or file for every submission (else each submission's own choice);
    ``appraisal``/``waivers``: files (see :mod:`compliance.round.appraisal`, :mod:`compliance.round.waivers`);
    the appraisal may also be given read already (points entered in a page:
    :func:`compliance.round.appraisal.appraisal_entered`);
    ``round_id``: the round's name in the history (default: the appraisal file's ``round``, else the
    folder's name with the submissions' year, "2020-submissions"); ``as_of``: the reference date for
    waivers (default: the appraisal's ``appraised_on``, else today); ``workers``: child processes that score (1: all in this process;
    0: one per CPU, up to 4, when there are at least 100 submissions); ``uploaded``: the folder holds files
    uploaded in the web page (advice speaks of the .zip and the page, not of a folder). Raises InputError for a
    missing folder or one without submissions, a malformed appraisal or waivers file, an appraisal
    item that does not fit its agency's edition, submissions on both sides of 01/7/2025 or under
    editions never in force on the same day, an appraised agency with no submission in the folder
    (naming the appraisal file's line; only a warning when a submission that could not be read names
    that agency, or names no readable code), or an undeterminable round. Submissions naming one agency
    are scored once when identical, else not at all (an error of the round, which is then partial; see
    :func:`score_folder`). The cyclic garbage collector is paused meanwhile (:func:`cyclic_gc_paused`).
    """
    with cyclic_gc_paused():
        return _run_round(folder, criteria, appraisal, waivers, round_id, as_of, skip, workers, uploaded)


def _run_round(folder, criteria, appraisal, waivers, round_id, as_of, skip, workers, uploaded) -> RoundResult:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, M("not a folder of submissions") if folder.exists() else M("not found"))
    loaded_waivers: LoadedWaivers | None = load_waivers(waivers) if waivers else None
    loaded_appraisal: LoadedAppraisal | None = (appraisal if isinstance(appraisal, LoadedAppraisal) else
                                                load_appraisal(appraisal) if appraisal else None)
    editions = _Editions(criteria)
    files = (x for x in (appraisal, waivers) if x and not isinstance(x, LoadedAppraisal))
    skipped = {Path(p).resolve() for p in (*skip, *files)}
    entries, ignored, own = discover(folder, skipped)
    if not entries:
        other = ""
        if ignored or own:
            left = ignored + [p for p, _ in own]
            names = ", ".join(p.name for p in left[:5]) + (", …" if len(left) > 5 else "")
            other = f" ({len(left)} other file(s) ignored: {names})"
        raise InputError(folder, M("no submissions in {folder}: expected a sub-folder with {manifest} or a .yaml, .yml, .json or .xlsx file per agency{other}", folder=folder, manifest=MANIFEST, other=other))
    if workers == 0:
        workers = min(os.cpu_count() or 1, 4) if len(entries) >= 100 else 1
    cards, failed, duplicates = score_folder(entries, criteria, workers)
    issues: list[RoundIssue] = [
        RoundIssue(severity=IGNORED[other_file(p.name)][0], kind="ignored_file", subject=str(p),
                   message=Text(**IGNORED[other_file(p.name)][1].both())) for p in ignored]
    for p, kind in own:
        issues.append(RoundIssue(severity="info", kind="own_output", subject=str(p), message=Text(**M(
            "A workbook this tool wrote ({kind}), not a submission: skipped", kind=output_words(kind)).both())))
    issues.extend(duplicate_issue(code, paths, code in cards, uploaded) for code, paths in duplicates.items())
    for code in sorted(cards):  # notices on the input (check.input_notices): a form row deleted, a score without evidence
        issues.extend(RoundIssue(severity="warning", kind="form_changed", subject=cards[code].submission_source or code,
                                 message=n) for n in cards[code].notices)

    if as_of is not None:
        reference, reference_source = as_of, "--as-of"
    elif loaded_appraisal and loaded_appraisal.data.appraised_on:
        reference, reference_source = loaded_appraisal.data.appraised_on, f"appraised_on ({text(loaded_appraisal.name, 'vi')})"
    else:
        reference, reference_source = dt.date.today(), "today"
    name = _round_id(round_id, loaded_appraisal, cards, folder)

    agency_editions = {code: editions.of(card) for code, card in cards.items()}
    check_round_shape(folder, cards, agency_editions)  # one side of 01/7/2025, editions of one period
    if loaded_appraisal:
        unreadable = {f.path: _code_of_unreadable(Path(f.path)) for f in failed}
        for a, entry in enumerate(loaded_appraisal.data.agencies):
            if entry.agency in cards:
                check_against(loaded_appraisal, entry, agency_editions[entry.agency],
                              UnitType(cards[entry.agency].unit_type))
                continue
            if entry.agency in duplicates:  # its submissions differ: none scored (said by duplicate_issue)
                names = ", ".join(p.name for p in duplicates[entry.agency])
                issues.append(RoundIssue(severity="warning", kind="appraisal_unmatched", subject=entry.agency, message=Text(**M(
                    "The appraisal file names agency {agency}, whose submissions differ and were not scored ({names}): "
                    "its appraisal is not applied", agency=entry.agency, names=names).both())))
                continue
            # the agency's own submission failed; or it has none, and a failed one whose code could not be read may be it
            own = [p for p, code in unreadable.items() if code == entry.agency]
            maybe = [p for p, code in unreadable.items() if code is None]
            if own:
                names = ", ".join(Path(p).name for p in own)
                said = M("The appraisal file names agency {agency} but no submission of it was read (unreadable: {names})",
                         agency=entry.agency, names=names)
            elif maybe:
                names = ", ".join(Path(p).name for p in maybe)
                said = M("The appraisal file names agency {agency}, which has no submission in the folder; {n} unreadable "
                         "submission(s) whose agency cannot be read may be its: {names}", agency=entry.agency,
                         n=Num(len(maybe)), names=names)
            else:
                read = sorted(cards)
                listed = ", ".join(read) if len(read) <= 10 else f"{len(read)} agencies"
                raise InputError(loaded_appraisal.shown, M(
                    "agency {agency} of the appraisal file has no submission in {folder}: its file is missing, or its "
                    "code is misspelt here (read: {listed})", agency=entry.agency, folder=folder.name, listed=listed),
                    loaded_appraisal.where_agency(a))
            issues.append(RoundIssue(severity="warning", kind="appraisal_unmatched", subject=entry.agency,
                                     message=Text(**said.both())))
    active, waiver_issues = resolve_waivers(loaded_waivers, cards, agency_editions, reference)
    issues.extend(waiver_issues)

    results = []
    caps_cache: dict[str, object] = {}
    for code in sorted(cards):
        card, edition = cards[code], agency_editions[code]
        if edition.id not in caps_cache:
            caps_cache[edition.id] = caps_for(edition, loaded_appraisal)
        caps = caps_cache[edition.id]
        mine = active.get(code)
        result = settle(card, edition, loaded_appraisal.for_agency(code) if loaded_appraisal else None,
                        node_waivers=mine.nodes if mine else None, rule_waivers=mine.rules if mine else None, caps=caps)
        t = result.totals
        for kind, raw, capped, cap in (("bonus", t.bonus_raw, t.bonus, t.bonus_cap),
                                       ("penalty", t.penalty_raw, t.penalty, t.penalty_cap)):
            if raw > capped + 1e-9:
                said = M("{kind} {raw} exceed the cap {cap} ({source}): counted {capped}",
                         kind=CAPPED[kind], raw=Num(raw), cap=Num(cap), source=caps.source, capped=Num(capped))
                issues.append(RoundIssue(severity="warning", kind=f"{kind}_capped", subject=code, message=Text(**said.both())))
        results.append(result)
    issues.extend(deleted_rows(loaded_appraisal, results))  # rows gone from the appraisal workbook
    ranks = rank_by_group((r.agency_code, r.edition.id, r.totals.index_percent) for r in results)
    for r in results:
        r.rank, r.ranked_among = ranks[r.agency_code]
    results.sort(key=lambda r: (r.edition.id, r.rank, r.agency_code))

    inputs = [InputDigest(kind="submission", path=str(p), sha256=digest(p)) for p in entries]
    if isinstance(appraisal, LoadedAppraisal) and appraisal.label is not None:
        data = appraisal.data.model_dump_json(exclude_none=True).encode()
        inputs.append(InputDigest(kind="appraisal", path=text(appraisal.label, "vi"), sha256=hashlib.sha256(data).hexdigest()))
    elif appraisal:
        inputs.append(InputDigest(kind="appraisal", path=str(getattr(appraisal, "path", appraisal)),
                                  sha256=digest(Path(getattr(appraisal, "path", appraisal)))))
    if waivers:
        inputs.append(InputDigest(kind="waivers", path=str(waivers), sha256=digest(Path(waivers))))
    order = {"error": 0, "warning": 1, "info": 2}
    issues.sort(key=lambda i: (order[i.severity], i.kind, i.subject))
    return RoundResult(round_id=name, as_of=reference.isoformat(), as_of_source=reference_source, criteria=criteria,
                       council=loaded_appraisal.data.council if loaded_appraisal else None,
                       partial=bool(failed) or any(code not in cards for code in duplicates),
                       agencies=results, failed=failed, issues=issues, inputs=inputs, formula=FORMULA)


def default_db(folder: str | Path) -> Path:
    """The history database of ``round run FOLDER`` when ``--db`` is not given: ``rounds.sqlite`` in the
    current folder, where ``round history`` and ``round compare`` look by default (never inside FOLDER:
    the folder of submissions is an input, copied and sent as it is)."""
    return Path(DB_NAME)
