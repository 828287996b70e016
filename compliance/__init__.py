"""compliance: checks Vietnamese agencies' administrative-reform work against the PAR INDEX and PAPI.

Criteria and rules are declarative data (``criteria/``, ``rules/``); the engine scores one agency's
submission, flags its gaps with their legal basis, and reports them as tables, JSON, Markdown or Excel.

The package is layered, bottom to top (docs/architecture.md): foundation (``vocab``, ``errors``,
``model/``, ``calendar``, this ``__init__``) → ``io/`` → ``engine/`` → domain (``catalog``,
``criteria_lib/``, ``check``, ``metrics``, ``facts``, ``scoring``, ``intake/``, ``registers/``,
``papi/``, ``round/``, ``report/``, ``template``) → ``api/`` → surfaces (``cli/``). Nothing imports
upward and no modules import each other in a circle (tests/test_layers.py).

Layer: foundation. This ``__init__`` imports nothing of the project; it sets one process setting:
openpyxl reads untrusted workbooks through defusedxml (compliance.io.safety) even when lxml is
installed (python-docx, for reading reports, brings lxml in).
"""

import os as _os

_os.environ["OPENPYXL_LXML"] = "False"  # io.safety.require_safe_parser refuses to parse otherwise

__version__ = "0.1.0"

LANG_ENV = "COMPLIANCE_LANG"
"""Environment variable giving the command line's language when ``--lang`` is not given ("en" or "vi")."""


def command_lang(argv: list[str]) -> str:
    """The output language a command line asks for: "en" for ``--lang en`` / ``--lang=en`` anywhere in
    ``argv`` (the arguments after the program's name), else for ``COMPLIANCE_LANG=en`` when no ``--lang``
    is given; "vi" otherwise. Read before click parses the line (an error in parsing it is said in that
    language too) and, by ``python -m compliance``, while the program is still loading (Ctrl-C then says
    one line in that language): it uses nothing but ``argv`` and the environment."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.partition("=")[2] == "en" else "vi"
    return "en" if _os.environ.get(LANG_ENV) == "en" else "vi"


def stop_signals() -> tuple:
    """The signals that stop a command as Ctrl-C does (``signal.Signals``): SIGINT (Ctrl-C), SIGTERM
    (``kill``, a supervisor stopping a web server's worker, CI's or ``timeout``'s limit) and SIGHUP (its
    terminal closed, an SSH session dropped); Windows has no SIGHUP, so there the tuple holds the other
    two. Here, in the package, so that ``python -m compliance`` handles them while the program loads
    (compliance/__main__.py) as :mod:`compliance.errors` does while a command runs."""
    import signal

    return tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


SCRATCH: set[str] = set()
"""Temporary folders the running command has made and not yet removed (a register's DuckDB folder and its
scratch folder, :mod:`compliance.registers.reader`): whatever is still here when the process ends is removed
then (:func:`remove_scratch`, at exit and when a signal ends the program at once), so that a stop landing
while one is being removed leaves none behind."""


def remove_scratch() -> None:
    """Remove every folder in :data:`SCRATCH` and all it holds (errors ignored: it is the last step)."""
    import shutil

    for folder in list(SCRATCH):
        shutil.rmtree(folder, ignore_errors=True)
        SCRATCH.discard(folder)
