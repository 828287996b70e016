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
- **Never a special file replaced.** A FIFO or a character device (``/dev/null``, a terminal) is written
  to as a stream, because that is what naming one means and a rename would swap the device node for a
  regular file; a block device or a socket is refused. A path naming a descriptor of the command
  (``/dev/fd/N``, ``/dev/stdout``, ``/proc/self/fd/N``, a process substitution ``>(…)``) is written
  through a copy of that descriptor, whatever is behind it (a pipe, a FIFO, a terminal, a file the
  shell opened). A symbolic link is written through: the temporary file goes beside the link's final
  target, which is replaced, so the link keeps pointing at the new content (a link to nowhere gets
  its target created; a loop is refused).
- **A missing folder** on the way to an output is created, and one line on stderr says so.
- **Together.** The CLI runs each command in :func:`command_scope`; :func:`plan_outputs` opens the
  command's output transaction, so every file written (:func:`atomic_write`), folder written
  (:func:`atomic_folder`) and database commit published (:func:`publish`: a round's history) after it
  waits beside its place until the command's work is done. :func:`finish_outputs` (or the end of the
  scope) then puts them all in place in one step with Ctrl-C held (:func:`_commit`); bad input, a
  failure or Ctrl-C before that step drops them all. Ctrl-C during that step is said at once, the
  step finishes, what was stored is said, and the command ends as interrupted (exit 130).
  :func:`publish_together` gives a library caller (the web page's round) the same transaction, and
  joins the command's when one is open. Streams are written as the command goes and are not part of it.

Every refusal is an :class:`InputError` (one line naming the file and the option; exit 2).
"""

from __future__ import annotations
from compliance.i18n import M, text

import errno
import fcntl
import os
import re
import shutil
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
class _Batch:
    """What a transaction puts in place when it commits: the files (and folders) written beside their
    places, the database commits, and what each one is, for the user."""

    renames: list[tuple[str, Path, Path]] = field(default_factory=list)
    """(temporary file or folder, final place, the path as the user gave it)."""
    commits: list[tuple[Callable[[], None], Callable[[], None], str | None]] = field(default_factory=list)
    """(commit, rollback, what it stores in words)."""


@dataclass
class _Scope:
    """One command: its inputs, its language, and its outputs' transaction once :func:`plan_outputs`
    opened it."""

    inputs: dict[tuple[int, int], Path] = field(default_factory=dict)
    """(device, inode) → the path it was read as."""
    folders: dict[tuple[int, int], Path] = field(default_factory=dict)
    """Every file inside an input folder → that folder (for the message)."""
    lang: str = "vi"
    together: bool = True
    """Whether :func:`plan_outputs` opens the command's transaction (the CLI's scope does)."""
    batch: _Batch | None = None


_SCOPE: ContextVar[_Scope | None] = ContextVar("compliance_files_scope", default=None)
_BATCH: ContextVar[_Batch | None] = ContextVar("compliance_files_batch", default=None)


def _open_batch() -> _Batch | None:
    """The transaction the outputs written now belong to: a :func:`publish_together` block's, else the
    running command's (opened by :func:`plan_outputs`), else None (written at once)."""
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


def say(line: str) -> None:
    """One line for the user on stderr (a note, not an error)."""
    print(line, file=sys.stderr)


@contextmanager
def command_scope(lang: str = "vi", together: bool = True) -> Iterator[None]:
    """One command. The inputs noted inside this block (by :func:`plan_outputs` and :func:`note_input`)
    are refused as outputs by :func:`atomic_write`.

    With ``together`` (the CLI's ``main()`` opens it so), :func:`plan_outputs` also opens the command's
    output transaction: every file written and every change published after it lands when the block
    ends (or at :func:`finish_outputs`), all at once with Ctrl-C held, or none does. The block ending
    with SystemExit counts as an end (the command chose its exit code after writing, e.g. 1 for gaps
    found); any other exception (bad input, Ctrl-C) drops what was written. ``lang``: the language of
    the lines said while committing. A block inside another one joins it.
    """
    if _SCOPE.get() is not None:
        yield
        return
    scope = _Scope(lang=lang, together=together)
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
    and :func:`atomic_write` decide on their own."""
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
    return _kind_of(mode)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream"
    return "block device" if stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "special file"


_FD_PATH = re.compile(r"/proc/(?:self|thread-self|(\d+))/fd/(\d+)")


def _descriptor(path: Path) -> int | None:
    """The open descriptor of this process that ``path`` names (``/dev/fd/N``, ``/dev/stdout``,
    ``/proc/self/fd/N``, a process substitution ``>(…)``, or a link to one of them), else None."""
    here = os.path.abspath(path)
    for _ in range(40):  # links followed one at a time: the last one, into /proc, must not be resolved
        try:
            here = os.path.join(os.path.realpath(os.path.dirname(here)), os.path.basename(here))
        except (OSError, ValueError):
            return None
        found = _FD_PATH.fullmatch(here)
        if found:
            pid, fd = found.groups()
            return int(fd) if pid is None or int(pid) == os.getpid() else None
        try:
            link = os.readlink(here)
        except (OSError, ValueError):
            return None
        here = os.path.normpath(os.path.join(os.path.dirname(here), link))
    return None


@dataclass(frozen=True)
class _Target:
    """Where an output goes: ``place`` the final file (links followed), ``kind`` "missing", "file" or
    "stream", ``fd`` the descriptor of this process the path names (written through a copy of it),
    ``key`` what tells two outputs apart."""

    place: Path
    kind: str
    fd: int | None = None
    key: object = None


def _descriptor_target(path: Path, fd: int, option: str | None, scope: _Scope | None) -> _Target:
    """A path naming a descriptor of this process: written as a stream (what is behind it, a pipe, a
    FIFO, a terminal or a file the shell opened, receives the output as the command goes)."""
    try:
        st = os.fstat(fd)
        writable = (fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE) != os.O_RDONLY
    except OSError:
        raise InputError(path, M("cannot be written: descriptor {fd} is not open in this command", fd=fd), option) from None
    kind = _kind_of(st.st_mode)
    if kind == "folder":
        raise InputError(path, M("is a folder: give a file name to write"), option)
    if kind in ("block device", "special file"):
        raise InputError(path, M("is a {kind}: refusing to write an output to it", kind=kind), option)
    if not writable:
        raise InputError(path, M("cannot be written: descriptor {fd} is open for reading only", fd=fd), option)
    _refuse_input(path, Path(f"/proc/self/fd/{fd}"), option, scope)  # a file the shell opened may be an input
    return _Target(path, "stream", fd, ("descriptor", st.st_dev, st.st_ino))


def _check_target(path: Path, option: str | None, scope: _Scope | None) -> _Target:
    """Where the output ``path`` goes, or InputError when it must not be written."""
    fd = _descriptor(path)
    if fd is not None:
        return _descriptor_target(path, fd, option, scope)
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
        _check_folder_for(path, target, option)
    return _Target(target, kind, None, target)


def _check_folder_for(path: Path, target: Path, option: str | None) -> None:
    """InputError when the missing ``target``'s folder can neither be found nor made."""
    blocker = next((p for p in target.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise InputError(path, M("cannot be written: {blocker} is a file, not a folder", blocker=blocker), option)
    if blocker is not None and not os.access(blocker, os.W_OK | os.X_OK):
        raise InputError(path, M("cannot be written: no permission to write in {blocker}", blocker=blocker), option)


def plan_outputs(outputs: Mapping[str, PathLike | None], inputs: Iterable[PathLike | None] = (),
                 databases: Mapping[str, PathLike | None] | None = None) -> None:
    """Check a command's outputs before it does any work; raise InputError for the first that must not
    be written. Nothing is created. Then, inside the CLI's :func:`command_scope`, open the command's
    output transaction: what it writes from now on lands together when it ends (:func:`finish_outputs`).

    ``outputs``: option → path (None: not asked for) of files the command replaces; ``inputs``: the
    files and folders it reads (None and non-paths such as an edition id are skipped; a folder
    stands for every file inside it). ``databases``: option → path of files updated in place (a
    round's history), see :func:`check_database`. The inputs are also noted for :func:`atomic_write`.
    """
    named = {k: Path(v) for k, v in outputs.items() if v is not None}
    scope = _input_identities(inputs)
    _remember(scope)
    seen: dict[object, str] = {}
    for option, path in named.items():
        key = _check_target(path, option, scope).key
        if key in seen:
            raise InputError(path, M("is given both for {value} and for {option}: two outputs cannot be one file", value=seen[key], option=option), option)
        seen[key] = option
    for option, given in (databases or {}).items():
        if given is None:
            continue
        target = check_database(given, option, scope)
        if target in seen:
            raise InputError(given, M("is given both for {value} and for {option}: two outputs cannot be one file", value=seen[target], option=option), option)
        seen[target] = option
    running = _SCOPE.get()
    if running is not None and running.together and running.batch is None:
        running.batch = _Batch()


def check_database(path: PathLike, option: str | None = None,
                   inputs: Iterable[PathLike | None] | _Scope = ()) -> Path:
    """The final file of a database the command updates in place (a round's history), or InputError:
    it may sit inside an input folder (the round skips it) but may not be one of ``inputs`` (files or
    folders, as for :func:`plan_outputs`), a descriptor, a folder or a special file. Creates nothing."""
    path = Path(path)
    found = inputs if isinstance(inputs, _Scope) else _input_identities(inputs)
    if _descriptor(path) is not None:
        raise InputError(path, M("is a stream, not a database file"), option)
    target = _resolve(path, option)
    kind = _kind(target)
    if kind == "stream":
        raise InputError(path, M("is a stream, not a database file"), option)
    if kind not in ("missing", "file"):
        raise InputError(path, M("is a {kind}, not a database file", kind=kind), option)
    _refuse_input(path, target, option, _Scope(inputs=found.inputs))
    if kind == "missing":
        _check_folder_for(path, target, option)
    return target


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
    scope = _SCOPE.get()
    say(M("created folder: {folder}", folder=str(shown)).get(scope.lang if scope is not None else "vi"))


@contextmanager
def atomic_write(path: PathLike, mode: str = "wb") -> Iterator:
    """Open ``path`` for writing an output; the file appears whole or not at all.

    A regular file (or a new one) is written as a temporary file beside it and renamed over it when
    the block ends without error (inside a transaction, :func:`plan_outputs` or :func:`publish_together`:
    when the transaction commits). A FIFO, a character device or a descriptor of this process
    (``/dev/stdout``, ``/dev/fd/N``, a process substitution ``>(…)``) is written as a stream, at once.
    InputError (nothing written) for a folder, a block device or socket, a link loop, a read-only file,
    an input of the running command, or a place that cannot be written. ``mode``: "wb", or "w" for
    UTF-8 text with "\\n" line ends.
    """
    path = Path(path)
    target = _check_target(path, None, _SCOPE.get())
    options = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    if target.kind == "stream":
        fh = _open_stream(path, target, mode, options)
        try:
            yield fh  # on an error fh is left to its writer, as below
            fh.close()
        except OSError as exc:
            _refuse_failed_write(path, exc)
            raise
        return
    place = target.place
    make_folder_for(path, place.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{place.name}.", suffix=".tmp", dir=place.parent)
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
        if target.kind == "file":
            os.chmod(tmp, stat.S_IMODE(os.stat(place).st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600: give a new file the usual permissions
    except OSError as exc:
        _remove(tmp)
        _refuse_failed_write(path, exc)
        raise
    except BaseException:
        # the writer (a zip archive inside a workbook) may still hold ``fh`` and finish with it when it is
        # collected: closing it here would make that end in "I/O operation on closed file" on stderr
        _remove(tmp)
        raise
    _put_in_place(tmp, place, path)


_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}
"""Errors of a write that say the place cannot take the output (a full disk, /dev/full, a quota)."""


def _refuse_failed_write(path: Path, exc: OSError) -> None:
    """InputError (exit 2, one line naming the output) for a write the place refused; else returns."""
    if exc.errno in _WRITE_FAILURES:
        raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None


def _open_stream(path: Path, target: _Target, mode: str, options: dict):
    """A stream output opened for writing: a copy of the descriptor the path names (so that what is
    behind it receives the output in order with the command's own writes to it), or the FIFO or device."""
    try:
        if target.fd is None:
            return open(target.place, mode, **options)  # noqa: SIM115 - closed by atomic_write
        if target.fd in (1, 2):
            for own in (sys.stdout, sys.stderr):
                try:
                    own.flush()
                except (OSError, ValueError):
                    pass
        return os.fdopen(os.dup(target.fd), mode, **options)
    except OSError as exc:
        raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None


def _put_in_place(tmp: str, place: Path, path: Path) -> None:
    """Rename the written ``tmp`` over ``place`` now, or when the open transaction commits."""
    try:
        checkpoint("write", place.name)  # written whole, not yet in place
        batch = _open_batch()
        if batch is not None:
            batch.renames.append((tmp, place, path))
            return
        os.replace(tmp, place)
    except BaseException:
        _remove(tmp)
        raise


@contextmanager
def atomic_folder(path: PathLike, option: str | None = None) -> Iterator[Path]:
    """A new folder ``path`` that appears whole or not at all: yields an empty temporary folder beside its
    place (links followed), for the caller to fill; renamed into place when the block ends without
    error (inside a transaction: when it commits). A missing parent folder is made and said so.
    InputError when ``path`` already exists or cannot be made; a failure or Ctrl-C removes the
    temporary folder."""
    path = Path(path)
    place = _resolve(path, option)
    if os.path.lexists(place):
        raise InputError(path, M("already exists: a new folder is written only where nothing is"), option)
    _check_folder_for(path, place, option)
    make_folder_for(path, place.parent)
    try:
        tmp = tempfile.mkdtemp(prefix=f".{place.name}.", suffix=".tmp", dir=place.parent)
    except OSError as exc:
        raise InputError(path, M("cannot be written ({value})", value=exc.strerror or exc)) from None
    try:
        yield Path(tmp)
    except BaseException:
        _remove(tmp)
        raise
    _put_in_place(tmp, place, path)


def _remove(tmp: str) -> None:
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
    inside a transaction (:func:`plan_outputs`, :func:`publish_together`) it runs when that commits,
    else at once. ``rollback`` runs instead when the transaction fails; ``what``: what it stores, in
    words (a catalogue message), said when Ctrl-C came while it was being committed."""
    batch = _open_batch()
    if batch is None:
        commit()
    else:
        batch.commits.append((commit, rollback, what))


@contextmanager
def publish_together() -> Iterator[None]:
    """Outputs written and changes published inside this block land together when it ends (see
    :func:`_commit`); if the block fails or is interrupted, the changes are rolled back and no output
    is replaced. Inside a transaction already open (the command's, from :func:`plan_outputs`) the
    block joins it: they land when that one commits."""
    if _open_batch() is not None:
        yield
        return
    batch = _Batch()
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


def _commit(batch: _Batch) -> None:
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
                _refuse_input(path, place, None, scope)
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
                    _remove(rest)
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


def _abandon(batch: _Batch, commits: list) -> None:
    for _commit, rollback, _what in commits:
        try:
            rollback()
        except Exception:  # noqa: BLE001 - the failure being raised matters more
            pass
    for tmp, _place, _path in batch.renames:
        _remove(tmp)
