"""Writing output files safely: atomically (a temporary file beside the target, renamed over it on
success), so a failure or an interruption never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from compliance.errors import InputError
from compliance.i18n import M


def shown(path: str | os.PathLike) -> str:
    """``path`` relative to the working folder when it lies under it (for messages), else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_writable(path: str | os.PathLike) -> None:
    """InputError unless ``path`` can be written (a folder, a path through a file, no permission);
    for writers that build a large object before opening :func:`atomic_write`."""
    try:
        with atomic_write(path, "wb"):
            raise _Cancel
    except _Cancel:
        pass


class _Cancel(Exception):
    """Leaves an atomic_write without replacing anything."""


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb") -> Iterator:
    """Open a temporary file beside ``path`` and rename it over ``path`` only on success.

    A failure part-way leaves the old file (if any) untouched and no half-written file behind. A place
    that cannot be written (a folder, a path through a file, no permission) is an InputError.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(target, M("is a folder: give a file name to write"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        blocker = next((p for p in target.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise InputError(target, M("cannot be written: {blocker} is a file, not a folder", blocker=blocker)) from None
        raise InputError(target, M("cannot be written ({value})", value=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600: give the file the usual permissions
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
