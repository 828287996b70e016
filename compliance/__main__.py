"""``python -m compliance`` and the ``compliance`` console script (``run``).

Ctrl-C ends a command with one line and exit code 130 at any moment (issue 11):

- while the program loads (click, openpyxl, pydantic models… take a while to import), nothing has been
  written yet: the process stops at once, saying so in the command's language (``--lang``, else
  ``COMPLIANCE_LANG``: :func:`compliance.command_lang`, which reads only the arguments and the environment);
- while the command runs, :func:`compliance.cli.main` turns it into the one line and removes what was
  half-written: none of the command's outputs is stored (:mod:`compliance.io.files`, "Together");
- while the command puts its outputs in place (one last step, Ctrl-C held), a line says the save is
  being finished; the step ends, a line says what was stored, and the command exits 130;
- once the command has ended, its outcome is decided and its outputs are written: a late Ctrl-C is ignored.

SIGTERM and SIGHUP (``kill``, CI's time limit, a closed terminal) go the same way, with exit code 143 and 129
(:func:`compliance.stop_signals`).
"""

import os
import signal
import sys

from compliance import command_lang, remove_scratch, stop_signals  # loaded already: the package is imported before this module

STOPPED = {"vi": "đã dừng", "en": "interrupted"}
"""compliance.errors.INTERRUPTED in each language: the catalogue is not read yet while the program loads
(tests/test_interrupts.py holds the two to the catalogue's words)."""


def _stop_at_once(signum, frame) -> None:
    os.write(2, (STOPPED[command_lang(sys.argv[1:])] + "\n").encode())  # the command's language, one line
    try:
        remove_scratch()  # a temporary folder made before the command took the signals over
    finally:
        os._exit(128 + signum)


for _signum in stop_signals():
    signal.signal(_signum, _stop_at_once)


def run() -> None:
    from compliance.cli import main

    for signum in stop_signals():
        signal.signal(signum, signal.SIG_IGN)  # main() handles them while the command runs
    main()


if __name__ == "__main__":
    run()
