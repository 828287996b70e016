"""A command's outputs land together: the running command, the inputs it reads, and its output transaction.

Where :mod:`compliance.io.files` writes each output whole beside its place, this module decides when those
outputs are put in place (README, "What the product guarantees about inputs and outputs"):

- **Together.** The CLI runs each command in :func:`command_scope`;
  :func:`~compliance.io.files.plan_outputs` opens the command's output transaction, so every file written
  (:func:`~compliance.io.files.atomic_write`), folder written (:func:`~compliance.io.files.atomic_folder`)
  and database commit published (:func:`publish`: a round's history) after it waits beside its place
  until the command's work is done. :func:`finish_outputs` (or the end of the scope) then puts them all
  in place in one step with Ctrl-C held (:func:`_commit`); bad input, a failure or Ctrl-C before that
  step drops them all. Ctrl-C during that step is said at once, the step finishes, what was stored is
  said, and the command ends as interrupted (exit 130; SIGTERM and SIGHUP alike, 143 and 129).
  :func:`publish_together` gives a library caller (the web page's round) the same transaction, and
  joins the command's when one is open. Streams are written as the command goes and are not part of it.

The command's inputs are kept here too (:func:`note_input`; :func:`command_scope` opens the command), so that
an output never replaces one: :func:`refuse_input`.
"""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from compliance.errors import InputError, checkpoint, interrupts_held
from compliance.i18n import M, text

MAX_FOLDER_FILES = 200_000
"""Files of an input folder noted as inputs (a round folder holds hundreds; a bigger tree stops there)."""

PathLike = str | os.PathLike


@dataclass
class Batch:
    """What a transaction puts in place when it commits: the files (and folders) written beside their
    places, the database commits, and what each one is, for the user."""

    renames: list[tuple[str, Path, Path]] = field(default_factory=list)
    """(temporary file or folder, final place, the path as the user gave it)."""
    commits: list[tuple[Callable[[], None], Callable[[], None], str | None]] = field(default_factory=list)
    """(commit, rollback, what it stores in words)."""


@dataclass
class Scope:
    """One command: its inputs, its language, and its outputs' transaction once
    :func:`~compliance.io.files.plan_outputs` opened it."""

    inputs: dict[tuple[int, int], Path] = field(default_factory=dict)
    """(device, inode) → the path it was read as."""
    folders: dict[tuple[int, int], Path] = field(default_factory=dict)
    """Every file inside an input folder → that folder (for the message)."""
    lang: str = "vi"
    together: bool = True
    """Whether :func:`~compliance.io.files.plan_outputs` opens the command's transaction (the CLI's scope does)."""
    batch: Batch | None = None


_SCOPE: ContextVar[Scope | None] = ContextVar("compliance_files_scope", default=None)
_BATCH: ContextVar[Batch | None] = ContextVar("compliance_files_batch", default=None)


def running() -> Scope | None:
    """The command running in this context (:func:`command_scope`), else None."""
    return _SCOPE.get()


def open_batch() -> Batch | None:
    """The transaction the outputs written now belong to: a :func:`publish_together` block's, else the
    running command's (opened by :func:`~compliance.io.files.plan_outputs`), else None (written at once)."""
    batch = _BATCH.get()
    if batch is not None:
        return batch
    scope = _SCOPE.get()
    return scope.batch if scope is not None else None


def shown(path: str | os.PathLike) -> str:
    """``path`` relative to the working folder when it lies under it (for messages), else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@contextmanager
def command_scope(lang: str = "vi", together: bool = True) -> Iterator[None]:
    """One command. The inputs noted inside this block (by :func:`~compliance.io.files.plan_outputs` and :func:`note_input`)
    are refused as outputs by :func:`~compliance.io.files.atomic_write`.

    With ``together`` (the CLI's ``main()`` opens it so), :func:`~compliance.io.files.plan_outputs` also opens the command's
    output transaction: every file written and every change published after it lands when the block
    ends (or at :func:`finish_outputs`), all at once with Ctrl-C held, or none does. The block ending
    with SystemExit counts as an end (the command chose its exit code after writing, e.g. 1 for gaps
    found); any other exception (bad input, Ctrl-C) drops what was written. ``lang``: the language of
    the lines said while committing. A block inside another one joins it.
    """
    if _SCOPE.get() is not None:
        yield
        return
    scope = Scope(lang=lang, together=together)
    token = _SCOPE.set(scope)
    try:
        yield
    except SystemExit:
        finish_outputs()
        raise
    except BaseException:
        if scope.batch is not None:
            _abandon(scope.batch, scope.batch.commits)
            scope.batch = None
        raise
    else:
        finish_outputs()
    finally:
        _SCOPE.reset(token)


@contextmanager
def outside_commands() -> Iterator[None]:
    """A block that is no command of its own (a web server started by ``compliance serve``): what runs
    inside it, and every task or thread it starts (they copy this context), sees no running command,
    so a request's inputs are not kept for the life of the server (a later file given the inode of a
    removed upload would be refused as an input) and its outputs land as :func:`publish_together`
    and :func:`~compliance.io.files.atomic_write` decide on their own."""
    token = _SCOPE.set(None)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _folder_files(folder: Path) -> Iterator[Path]:
    """Files beneath ``folder`` (links to files included, links to folders not followed), at most
    :data:`MAX_FOLDER_FILES`."""
    count = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root) / name
            count += 1
            if count >= MAX_FOLDER_FILES:
                return


def input_identities(paths: Iterable[PathLike | None]) -> Scope:
    """The identities of ``paths``: a file, or every file inside a folder. Names that are not paths
    (a criteria edition id) and paths that do not exist are skipped."""
    scope = Scope()
    for given in paths:
        if given is None or given == "":
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
        except OSError:
            continue
        if is_dir:
            for f in _folder_files(path):
                key = _identity(f)
                if key is not None:
                    scope.folders.setdefault(key, path)
        else:
            key = _identity(path)
            if key is not None:
                scope.inputs.setdefault(key, path)
    return scope


def note_input(path: PathLike | None) -> None:
    """Note that the running command reads ``path`` (a file, or every file of a folder): no output of
    this command may replace it. Does nothing outside :func:`command_scope`."""
    if _SCOPE.get() is not None and path is not None:
        remember(input_identities([path]))


def remember(found: Scope) -> None:
    """Add ``found`` to the running command's inputs (the first path given for a file is kept)."""
    scope = _SCOPE.get()
    if scope is None:
        return
    for key, p in found.inputs.items():
        scope.inputs.setdefault(key, p)
    for key, p in found.folders.items():
        scope.folders.setdefault(key, p)


def refuse_input(path: Path, target: Path, option: str | None, scope: Scope | None) -> None:
    if scope is None:
        return
    key = _identity(target)
    if key is None:
        return
    if key in scope.inputs:
        same = scope.inputs[key]
        also = "" if Path(same) == path else f" ({same})"
        raise InputError(path, M("is an input of this command{also}: an output never replaces an input; give another file name", also=also), option)
    if key in scope.folders:
        raise InputError(path, M("is a file of the input folder {value}: an output never replaces an input; give a file outside it", value=scope.folders[key]), option)


def remove(tmp: str) -> None:
    """Remove a temporary file or folder (gone already: fine)."""
    try:
        if os.path.isdir(tmp) and not os.path.islink(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            os.unlink(tmp)
    except FileNotFoundError:
        pass


def publish(commit: Callable[[], None], rollback: Callable[[], None], what: str | None = None) -> None:
    """Make a change that must land together with the outputs (a database transaction's COMMIT):
    inside a transaction (:func:`~compliance.io.files.plan_outputs`, :func:`publish_together`) it runs when that commits,
    else at once. ``rollback`` runs instead when the transaction fails; ``what``: what it stores, in
    words (a catalogue message), said when Ctrl-C came while it was being committed."""
    batch = open_batch()
    if batch is None:
        commit()
    else:
        batch.commits.append((commit, rollback, what))


@contextmanager
def publish_together() -> Iterator[None]:
    """Outputs written and changes published inside this block land together when it ends (see
    :func:`_commit`); if the block fails or is interrupted, the changes are rolled back and no output
    is replaced. Inside a transaction already open (the command's, from :func:`~compliance.io.files.plan_outputs`) the
    block joins it: they land when that one commits."""
    if open_batch() is not None:
        yield
        return
    batch = Batch()
    token = _BATCH.set(batch)
    try:
        yield
    except BaseException:
        _abandon(batch, batch.commits)
        raise
    finally:
        _BATCH.reset(token)
    _commit(batch)


def finish_outputs() -> None:
    """Commit the running command's output transaction now (see :func:`_commit`): a command calls it
    when its work is done, before it says what it wrote; :func:`command_scope` calls it at the end.
    Outputs written afterwards land at once. Does nothing when no transaction is open."""
    scope = _SCOPE.get()
    if scope is None or scope.batch is None:
        return
    batch, scope.batch = scope.batch, None
    _commit(batch)


def _commit(batch: Batch) -> None:
    """Put a transaction's outputs in place, with Ctrl-C held: first the commits (in order), then the
    renames of the written files and folders.

    Ctrl-C during this step does not cut it in two: one line says at once that the save is being
    finished, the step ends, one line says what was stored, and then the command stops as
    interrupted (KeyboardInterrupt: exit 130). If a commit fails, the later ones are rolled back and
    nothing is renamed (an earlier commit stays); an output that has become an input of the command
    since it was written is refused (InputError, nothing of the transaction lands).
    """
    if not batch.renames and not batch.commits:
        return
    scope = _SCOPE.get()
    lang = scope.lang if scope is not None else "vi"
    with interrupts_held(lambda: _say_now(M("finishing the save, then stopping").get(lang))) as caught:
        checkpoint("publish")  # a Ctrl-C here waits until every commit and rename is done
        try:
            for _tmp, place, path in batch.renames:
                refuse_input(path, place, None, scope)
        except InputError:
            _abandon(batch, batch.commits)
            raise
        for i, (commit, _rollback, _what) in enumerate(batch.commits):
            try:
                commit()
            except BaseException:
                _abandon(batch, batch.commits[i + 1:])
                raise
        for n, (tmp, place, path) in enumerate(batch.renames):
            try:
                os.replace(tmp, place)
            except OSError as exc:
                for rest, _place, _path in batch.renames[n:]:
                    remove(rest)
                raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None
        if caught:
            stored = [text(what, lang) for _c, _r, what in batch.commits if what]
            stored += [shown(path) for _tmp, _place, path in batch.renames]
            _say_now(M("saved before stopping: {what}", what="; ".join(stored)).get(lang))


def _say_now(line: str) -> None:
    """One line on stderr now, also from inside a signal handler (a write already under way on
    sys.stderr cannot be entered again: then straight to the descriptor)."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (RuntimeError, OSError, ValueError):
        try:
            os.write(2, (line + "\n").encode("utf-8"))
        except OSError:
            pass


def _abandon(batch: Batch, commits: list) -> None:
    for _commit, rollback, _what in commits:
        try:
            rollback()
        except Exception:  # noqa: BLE001 - the failure being raised matters more
            pass
    for tmp, _place, _path in batch.renames:
        remove(tmp)
