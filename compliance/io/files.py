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
- **Together.** A command's outputs land together or none does: :mod:`compliance.io.together` (the
  command's scope, its inputs and its output transaction; its public names are importable from here too).

Every refusal is an :class:`InputError` (one line naming the file and the option; exit 2).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from compliance.errors import InputError, checkpoint
from compliance.i18n import M
from compliance.io.together import (Batch, PathLike, Scope, command_scope, finish_outputs,
                                    input_identities, note_input, open_batch, outside_commands, publish,
                                    publish_together, refuse_input, remember, remove, running, shown)

__all__ = ["PathLike", "atomic_folder", "atomic_write", "check_database", "check_writable",
           "command_scope", "finish_outputs", "make_folder_for", "note_input", "outside_commands", "plan_outputs",
           "publish", "publish_together", "say", "shown"]


def say(line: str) -> None:
    """One line for the user on stderr (a note, not an error)."""
    print(line, file=sys.stderr)


def _resolve(path: Path, option: str | None) -> Path:
    """The final target of ``path`` (symbolic links followed, also a link to nowhere)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a symbolic link loop
        raise InputError(path, M("is a symbolic link that loops: cannot be written"), option) from None


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


def _descriptor_target(path: Path, fd: int, option: str | None, scope: Scope | None) -> _Target:
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
    refuse_input(path, Path(f"/proc/self/fd/{fd}"), option, scope)  # a file the shell opened may be an input
    return _Target(path, "stream", fd, ("descriptor", st.st_dev, st.st_ino))


def _check_target(path: Path, option: str | None, scope: Scope | None) -> _Target:
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
    refuse_input(path, target, option, scope)
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
    scope = input_identities(inputs)
    remember(scope)
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
    command = running()
    if command is not None and command.together and command.batch is None:
        command.batch = Batch()


def check_database(path: PathLike, option: str | None = None,
                   inputs: Iterable[PathLike | None] | Scope = ()) -> Path:
    """The final file of a database the command updates in place (a round's history), or InputError:
    it may sit inside an input folder (the round skips it) but may not be one of ``inputs`` (files or
    folders, as for :func:`plan_outputs`), a descriptor, a folder or a special file. Creates nothing."""
    path = Path(path)
    found = inputs if isinstance(inputs, Scope) else input_identities(inputs)
    if _descriptor(path) is not None:
        raise InputError(path, M("is a stream, not a database file"), option)
    target = _resolve(path, option)
    kind = _kind(target)
    if kind == "stream":
        raise InputError(path, M("is a stream, not a database file"), option)
    if kind not in ("missing", "file"):
        raise InputError(path, M("is a {kind}, not a database file", kind=kind), option)
    refuse_input(path, target, option, Scope(inputs=found.inputs))
    if kind == "missing":
        _check_folder_for(path, target, option)
    return target


def check_writable(path: PathLike, option: str | None = None) -> None:
    """InputError unless ``path`` may be written as an output (see :func:`plan_outputs`); for writers
    that build a large object before opening :func:`atomic_write`. Creates nothing."""
    _check_target(Path(path), option, running())


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
    scope = running()
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
    target = _check_target(path, None, running())
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
        remove(tmp)
        _refuse_failed_write(path, exc)
        raise
    except BaseException:
        # the writer (a zip archive inside a workbook) may still hold ``fh`` and finish with it when it is
        # collected: closing it here would make that end in "I/O operation on closed file" on stderr
        remove(tmp)
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
        batch = open_batch()
        if batch is not None:
            batch.renames.append((tmp, place, path))
            return
        os.replace(tmp, place)
    except BaseException:
        remove(tmp)
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
        remove(tmp)
        raise
    _put_in_place(tmp, place, path)


