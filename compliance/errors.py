"""The one error type a user sees, and how it is printed.

Every reader in the project raises :class:`InputError` for bad input; the CLI prints its one line (in
the language of ``--lang``) and exits with code 2. Nothing else may reach the user as a traceback.
"""

from __future__ import annotations

import os

from compliance.i18n import text

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class InputError(Exception):
    """Unusable input: names the file and the place inside it.

    ``path``: the file (or folder) at fault; ``where``: the place inside it, in the user's terms
    ("line 12, dossier_summary.received.total", "cell C7 (sheet 'Hồ sơ')", "row 1041"); ``message``:
    what is wrong, in one line. ``message`` and ``where`` are catalogue messages
    (:class:`compliance.i18n.Message`, a ``str`` holding the English text) so that :meth:`line` can
    say them in Vietnamese or English; a plain ``str`` is printed as it is. ``str()`` gives the
    English line ``"<path>: <where>: <message>"`` (for logs and programs).
    """

    def __init__(self, path: str | os.PathLike | None, message: str, where: str | None = None):
        self.path = str(path) if path is not None else None
        self.where = where
        self.message = message
        super().__init__(self.line("en"))

    def line(self, lang: str = "en") -> str:
        """``"<path>: <where>: <message>"`` in ``lang`` ("vi" or "en")."""
        parts = [p for p in (self.path, text(self.where, lang) if self.where else None) if p]
        return ": ".join(parts + [text(self.message, lang)])
