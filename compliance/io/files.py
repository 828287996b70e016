"""Writing output files safely: the one place that decides whether and how an output is written.

What it guarantees (issue 11; README, "What the product guarantees about inputs and outputs"):

- **Never half-written.** :func:`atomic_write` writes a temporary file beside the target and renames it
  over the target only when the writer finished; a failure or Ctrl-C leaves the old file (or none) and
  no temporary file.
- **Never an input.** A command names its inputs and outputs before it starts working
  (:func:`plan_outputs`): an output that is the same file as an input (same device and inode, so
  through symbolic and hard links), or any file inside an input folder, is refused, as are two
  outputs that are one file. Readers also note the files they open (:func:`note_input`: YAML/JSON,
  workbooks, the files a submission's manifest names), and :func:`atomic_write` refuses to replace
  any of them, so an input found only while working is protected too.
- **Never a special file replaced.** A FIFO or a character device (``/dev/null``, a terminal, a
  process substitution ``>(…)``) is written to as a stream, because that is what naming one means
  and a rename would swap the device node for a regular file; a block device or a socket is refused.
  A symbolic link is written through: the temporary file goes beside the link's final target, which
  is replaced, so the link keeps pointing at the new content (a link to nowhere gets its target
  created; a loop is refused).
- **A missing folder** on the way to an output is created, and one line on stderr says so.
- **Together.** Inside :func:`publish_together` the renames wait for the end of the block and then
  run, with Ctrl-C held, after the commits registered with :func:`publish` (a round's database
  transaction): a round is stored with its workbook or neither is.

Every refusal is an :class:`InputError` (one line naming the file and the option; exit 2).
"""

from __future__ import annotations
from compliance.i18n import M

import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from compliance.errors import InputError, checkpoint, interrupts_held

MAX_FOLDER_FILES = 200_000
"""Files of an input folder noted as inputs (a round folder holds hundreds; a bigger tree stops there)."""

PathLike = str | os.PathLike


@dataclass
class _Scope:
    """The inputs of one command: (device, inode) → the path it was read as."""

    inputs: dict[tuple[int, int], Path] = field(default_factory=dict)
    folders: dict[tuple[int, int], Path] = field(default_factory=dict)
    """Every file inside an input folder → that folder (for the message)."""


@dataclass
class _Batch:
    renames: list[tuple[str, Path]] = field(default_factory=list)
    commits: list[tuple[Callable[[], None], Callable[[], None]]] = field(default_factory=list)


_SCOPE: ContextVar[_Scope | None] = ContextVar("compliance_files_scope", default=None)
_BATCH: ContextVar[_Batch | None] = ContextVar("compliance_files_batch", default=None)


def shown(path: str | os.PathLike) -> str:
    """``path`` relative to the working folder when it lies under it (for messages), else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def say(line: str) -> None:
    """One line for the user on stderr (a note, not an error)."""
    print(line, file=sys.stderr)


@contextmanager
def command_scope() -> Iterator[None]:
    """The inputs noted inside this block (by :func:`plan_outputs` and :func:`note_input`) are refused
    as outputs by :func:`atomic_write`; the CLI opens one per command."""
    token = _SCOPE.set(_Scope())
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


def _input_identities(paths: Iterable[PathLike | None]) -> _Scope:
    """The identities of ``paths``: a file, or every file inside a folder. Names that are not paths
    (a criteria edition id) and paths that do not exist are skipped."""
    scope = _Scope()
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
        _remember(_input_identities([path]))


def _remember(found: _Scope) -> None:
    """Add ``found`` to the running command's inputs (the first path given for a file is kept)."""
    scope = _SCOPE.get()
    if scope is None:
        return
    for key, p in found.inputs.items():
        scope.inputs.setdefault(key, p)
    for key, p in found.folders.items():
        scope.folders.setdefault(key, p)


def _resolve(path: Path, option: str | None) -> Path:
    """The final target of ``path`` (symbolic links followed, also a link to nowhere)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a symbolic link loop
        raise InputError(path, M("is a symbolic link that loops: cannot be written"), option) from None


def _refuse_input(path: Path, target: Path, option: str | None, scope: _Scope | None) -> None:
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


def _kind(target: Path) -> str:
    """'missing', 'file', 'folder', 'stream' (FIFO or character device) or a refused kind."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return "missing"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream"
    return "block device" if stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "special file"


def _check_target(path: Path, option: str | None, scope: _Scope | None) -> tuple[Path, str]:
    """(final target, kind) of an output path, or InputError when it must not be written."""
    target = _resolve(path, option)
    kind = _kind(target)
    if kind == "folder":
        raise InputError(path, M("is a folder: give a file name to write"), option)
    if kind not in ("missing", "file", "stream"):
        raise InputError(path, M("is a {kind}: refusing to write an output to it", kind=kind), option)
    _refuse_input(path, target, option, scope)
    if kind == "file" and not os.access(target, os.W_OK):
        raise InputError(path, M("is read-only: refusing to replace it"), option)
    if kind == "missing":
        blocker = next((p for p in target.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise InputError(path, M("cannot be written: {blocker} is a file, not a folder", blocker=blocker), option)
        if blocker is not None and not os.access(blocker, os.W_OK | os.X_OK):
            raise InputError(path, M("cannot be written: no permission to write in {blocker}", blocker=blocker), option)
    return target, kind


def plan_outputs(outputs: Mapping[str, PathLike | None], inputs: Iterable[PathLike | None] = (),
                 databases: Mapping[str, PathLike | None] | None = None) -> None:
    """Check a command's outputs before it does any work; raise InputError for the first that must not
    be written. Nothing is created.

    ``outputs``: option → path (None: not asked for) of files the command replaces; ``inputs``: the
    files and folders it reads (None and non-paths such as an edition id are skipped; a folder
    stands for every file inside it). ``databases``: option → path of files updated in place (a
    round's history): one may sit inside an input folder (the round skips it) but may not be a named
    input file, another output, or a special file. The inputs are also noted for :func:`atomic_write`.
    """
    named = {k: Path(v) for k, v in outputs.items() if v is not None}
    scope = _input_identities(inputs)
    _remember(scope)
    seen: dict[Path, str] = {}
    for option, path in named.items():
        target, _ = _check_target(path, option, scope)
        if target in seen:
            raise InputError(path, M("is given both for {value} and for {option}: two outputs cannot be one file", value=seen[target], option=option), option)
        seen[target] = option
    for option, given in (databases or {}).items():
        if given is None:
            continue
        path = Path(given)
        target = _resolve(path, option)
        kind = _kind(target)
        if kind not in ("missing", "file"):
            raise InputError(path, M("is a {kind}, not a database file", kind=kind), option)
        _refuse_input(path, target, option, _Scope(inputs=scope.inputs))
        if target in seen:
            raise InputError(path, M("is given both for {value} and for {option}: two outputs cannot be one file", value=seen[target], option=option), option)
        seen[target] = option


def check_writable(path: PathLike, option: str | None = None) -> None:
    """InputError unless ``path`` may be written as an output (see :func:`plan_outputs`); for writers
    that build a large object before opening :func:`atomic_write`. Creates nothing."""
    _check_target(Path(path), option, _SCOPE.get())


def make_folder_for(path: PathLike, folder: Path | None = None) -> None:
    """Create the missing folder of the output ``path`` (``folder``: its resolved folder), saying so
    in one line on stderr; InputError when it cannot be created."""
    path = Path(path)
    folder = folder or path.resolve().parent
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(path, M("cannot be written: cannot create the folder {folder} ({value})", folder=folder, value=exc.strerror or exc)) from None
    shown = path.parent if path.parent.resolve() == folder else folder  # as the user wrote it, unless a link
    say(f"đã tạo thư mục / created folder: {shown}")


@contextmanager
def atomic_write(path: PathLike, mode: str = "wb") -> Iterator:
    """Open ``path`` for writing an output; the file appears whole or not at all.

    A regular file (or a new one) is written as a temporary file beside it and renamed over it when
    the block ends without error (inside :func:`publish_together`: when that block ends). A FIFO or a
    character device is written as a stream. InputError (nothing written) for a folder, a block
    device or socket, a link loop, a read-only file, an input of the running command, or a place
    that cannot be written. ``mode``: "wb", or "w" for UTF-8 text with "\\n" line ends.
    """
    path = Path(path)
    target, kind = _check_target(path, None, _SCOPE.get())
    options = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    if kind == "stream":
        try:
            fh = open(target, mode, **options)  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None
        yield fh  # on an error fh is left to its writer, as below
        fh.close()
        return
    make_folder_for(path, target.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None
    try:
        fh = os.fdopen(fd, mode, **options)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    try:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        if kind == "file":
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600: give a new file the usual permissions
    except BaseException:
        # the writer (a zip archive inside a workbook) may still hold ``fh`` and finish with it when it is
        # collected: closing it here would make that end in "I/O operation on closed file" on stderr
        _unlink(tmp)
        raise
    try:
        checkpoint("write")  # written whole, not yet in place
        batch = _BATCH.get()
        if batch is not None:
            batch.renames.append((tmp, target))
            return
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def publish(commit: Callable[[], None], rollback: Callable[[], None]) -> None:
    """Make a change that must land together with the outputs (a database transaction's COMMIT):
    inside :func:`publish_together` it runs when the block ends, else at once. ``rollback`` runs
    instead when the block fails."""
    batch = _BATCH.get()
    if batch is None:
        commit()
    else:
        batch.commits.append((commit, rollback))


@contextmanager
def publish_together() -> Iterator[None]:
    """Outputs written and changes published inside this block land together when it ends: first the
    commits (in order), then the renames of the written files, all with Ctrl-C held; if the block
    fails or is interrupted, the changes are rolled back and no output is replaced.

    If a commit fails, the later ones are rolled back and no file is renamed (an earlier commit stays).
    """
    batch = _Batch()
    token = _BATCH.set(batch)
    try:
        yield
    except BaseException:
        _abandon(batch, batch.commits)
        raise
    finally:
        _BATCH.reset(token)
    with interrupts_held():
        checkpoint("publish")  # a Ctrl-C here waits until every commit and rename is done
        for i, (commit, _rollback) in enumerate(batch.commits):
            try:
                commit()
            except BaseException:
                _abandon(batch, batch.commits[i + 1:])
                raise
        for n, (tmp, target) in enumerate(batch.renames):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                for rest, _ in batch.renames[n:]:
                    _unlink(rest)
                raise InputError(target, M("cannot be written ({value})", value=exc.strerror or exc)) from None


def _abandon(batch: _Batch, commits: list) -> None:
    for _commit, rollback in commits:
        try:
            rollback()
        except Exception:  # noqa: BLE001 - the failure being raised matters more
            pass
    for tmp, _target in batch.renames:
        _unlink(tmp)
