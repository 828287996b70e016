"""The one error type a user sees, and how it is printed.

Every reader in the project raises :class:`InputError` for bad input; the CLI prints its one line and
exits with code 2. Nothing else may reach the user as a traceback.
"""

from __future__ import annotations

import os

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
