"""The one error type a user sees, and how it is printed.

Every reader in the project raises :class:`InputError` for bad input; the CLI prints its one line and
exits with code 2. Nothing else may reach the user as a traceback.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class InputError(Exception):
    """Unusable input: names the file and the place inside it.

    ``path``: the file (or folder) at fault; ``where``: the place inside it, in the user's terms
    ("line 12, dossier_summary.received.total", "sheet Hồ sơ, cell C7", "row 1041"); ``message``: what
    is wrong, in one line. ``str()`` gives ``"<path>: <where>: <message>"``.
    """

    def __init__(self, path: str | os.PathLike | None, message: str, where: str | None = None):
        self.path = str(path) if path is not None else None
        self.where = where
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.path, self.where) if p]
        return ": ".join(parts + [self.message])


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
        raise InputError(target, "is a folder: give a file name to write")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        blocker = next((p for p in target.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise InputError(target, f"cannot be written: {blocker} is a file, not a folder") from None
        raise InputError(target, f"cannot be written ({exc.strerror or exc})") from None
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
