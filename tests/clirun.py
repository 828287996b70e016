"""Running the real command line in tests: in this process through ``compliance.cli.main`` (SystemExit
caught, stdout and stderr captured), or in a child process as a user runs it. Both run in English
(``COMPLIANCE_LANG=en``): these tests read the English line; the Vietnamese ones are checked in
tests/test_i18n.py."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def clean(self) -> bool:
        """No traceback, no 'Exception ignored', no internal error on stderr."""
        return not any(w in self.err for w in ("Traceback", "Exception ignored", "internal error"))


def main(*args: str | os.PathLike) -> Run:
    """``compliance ARGS`` in this process, as the console script runs it (exit code from SystemExit)."""
    from compliance.cli import main as entry

    out, err = io.StringIO(), io.StringIO()
    code = 0
    before = os.environ.get("COMPLIANCE_LANG")
    os.environ["COMPLIANCE_LANG"] = "en"
    with redirect_stdout(out), redirect_stderr(err):
        try:
            entry([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            if before is None:
                os.environ.pop("COMPLIANCE_LANG", None)
            else:
                os.environ["COMPLIANCE_LANG"] = before
    return Run(code, out.getvalue(), err.getvalue())


def child(*args: str | os.PathLike, timeout: float = 120, env: dict | None = None, cwd=None) -> Run:
    """``python -m compliance ARGS`` in a child process."""
    proc = subprocess.run([sys.executable, "-m", "compliance", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env={**os.environ, "COMPLIANCE_LANG": "en", **(env or {})},
                          cwd=cwd)
    return Run(proc.returncode, proc.stdout, proc.stderr)
