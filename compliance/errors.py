"""The one error type a user sees, and how it is printed.

Every reader in the project raises :class:`InputError` for bad input; the CLI prints its one line and
exits with code 2. Nothing else may reach the user as a traceback.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
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


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) inside this block is held and raised as KeyboardInterrupt when the block ends.

    For steps that must not be cut in two (a database COMMIT and the renames of the outputs written
    with it), and for third-party code that swallows KeyboardInterrupt (durable_rules catches every
    exception of an action). Outside the main thread, signals cannot be handled: the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    if previous is None:  # a handler set outside Python: put back Python's own
        previous = signal.default_int_handler
    try:
        yield
    except BaseException:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt from None
        raise
    signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
