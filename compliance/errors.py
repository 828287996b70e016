"""The one error type a user sees, how it is printed, and how Ctrl-C ends a command.

Every reader in the project raises :class:`InputError` for bad input; the CLI prints its one line (in
the language of ``--lang``) and exits with code 2. Nothing else may reach the user as a traceback. Ctrl-C ends a command with the one
line :data:`INTERRUPTED` and exit code 130, at any moment (issue 11): :func:`interrupts_held` keeps it
out of steps that must not be cut in two, :func:`interrupts_outside_imports` out of module imports,
:func:`checkpoint` lets tests send it at named stages. SIGTERM and SIGHUP (a supervisor or CI's timeout
stopping the command, its terminal closed) go the same way (:data:`STOP_SIGNALS`): the same line, the
same clean-up, exit code 128 + the signal's number (:func:`stop_code`: 143, 129).
"""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from compliance import stop_signals
from compliance.i18n import M, text

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
INTERRUPTED = M("interrupted")
"""The one line printed when Ctrl-C (or another of :data:`STOP_SIGNALS`) stops a command, in the command's
language (``compliance/__main__.py`` says the same words while the program loads, before the catalogue is read)."""
STOP_SIGNALS: tuple[signal.Signals, ...] = stop_signals()
"""The signals that stop a command as Ctrl-C does (:func:`compliance.stop_signals`: SIGINT, SIGTERM, SIGHUP;
no SIGHUP on Windows)."""


def stop_code(signum: int | None = None) -> int:
    """The exit code of a command stopped by ``signum`` (default: the first of :data:`STOP_SIGNALS` this
    command received; Ctrl-C when none was, a KeyboardInterrupt raised by a library): 128 + the signal's
    number, the shells' convention: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP."""
    if signum is None:
        signum = _interrupts[0] if _interrupts else signal.SIGINT
    return 128 + int(signum)


def printable(text: str) -> str:
    """``text`` with every character that does not print escaped ("\\n", "\\x85", "\\u202e"): a message
    quoting a file's text (a key, a cell) stays one line and shows what is really there."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class InputError(Exception):
    """Unusable input: names the file and the place inside it.

    ``path``: the file (or folder) at fault; ``where``: the place inside it, in the user's terms
    ("line 12, dossier_summary.received.total", "cell C7 (sheet 'Hồ sơ')", "row 1041"); ``message``:
    what is wrong, in one line. ``message`` and ``where`` are catalogue messages
    (:class:`compliance.i18n.Message`, a ``str`` holding the English text) so that :meth:`line` can
    say them in Vietnamese or English; a plain ``str`` is printed as it is. ``str()`` gives the
    English line ``"<path>: <where>: <message>"`` (for logs and programs), one line: characters that
    do not print (a line break, a control or bidi character quoted from the file) are escaped
    (:func:`printable`).
    """

    def __init__(self, path: str | os.PathLike | None, message: str, where: str | None = None):
        self.path = printable(str(path)) if path is not None else None
        self.where = where if where is None or hasattr(where, "get") else printable(where)
        self.message = message if hasattr(message, "get") else printable(message)
        super().__init__(self.line("en"))

    def line(self, lang: str = "en") -> str:
        """``"<path>: <where>: <message>"`` in ``lang`` ("vi" or "en"), one line."""
        parts = [p for p in (self.path, printable(text(self.where, lang)) if self.where else None) if p]
        return ": ".join(parts + [printable(text(self.message, lang))])


def _set_handlers(handler) -> dict[int, Any]:
    """Put ``handler`` on every one of :data:`STOP_SIGNALS`; returns the handlers it replaced (Python's
    own for a handler set outside Python), for :func:`_put_back`."""
    previous = {}
    for signum in STOP_SIGNALS:
        before = signal.signal(signum, handler)
        previous[signum] = before if before is not None else (
            signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)
    return previous


def _put_back(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@contextmanager
def stop_signals_to(handler: Callable[[int, Any], None] | int) -> Iterator[None]:
    """Every one of :data:`STOP_SIGNALS` goes to ``handler`` (a ``signal.signal`` handler, or
    ``signal.SIG_IGN``) inside this block; the handlers before are put back when it ends. Outside the
    main thread, signals cannot be handled: the block runs as is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = _set_handlers(handler)
    try:
        yield
    finally:
        _put_back(previous)


@contextmanager
def interrupts_held(on_interrupt: Callable[[], None] | None = None) -> Iterator[list[int]]:
    """Ctrl-C (SIGINT, and the other :data:`STOP_SIGNALS`) inside this block is held and raised as
    KeyboardInterrupt when the block ends.

    For steps that must not be cut in two (a database COMMIT and the renames of the outputs written
    with it), and for third-party code that swallows KeyboardInterrupt (durable_rules catches every
    exception of an action). ``on_interrupt`` runs at once on the first Ctrl-C (to tell the user the
    step is being finished); the block gets the list of signals held so far (empty: none). Outside the
    main thread, signals cannot be handled: the block runs as is.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return

    def hold(signum, frame) -> None:
        caught.append(signum)
        _interrupts.append(signum)
        if on_interrupt is not None and len(caught) == 1:
            on_interrupt()

    previous = _set_handlers(hold)
    try:
        yield caught
    except BaseException:
        _put_back(previous)
        if caught:
            raise KeyboardInterrupt from None
        raise
    _put_back(previous)
    if caught:
        raise KeyboardInterrupt


@contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ctrl-C (and the other :data:`STOP_SIGNALS`) inside this block is ignored (for the last line of a
    command whose outcome is decided)."""
    with stop_signals_to(signal.SIG_IGN):
        yield


INTERRUPT_AT = "COMPLIANCE_INTERRUPT_AT"
"""Environment variable naming a :func:`checkpoint` at which the process sends itself Ctrl-C (tests)."""


def checkpoint(stage: str, detail: str | None = None) -> None:
    """A named point of a long command ("store:opened", "store:superseded", "store:results", "store:scores",
    "store:commit": inside a round's transaction; "write": an output written whole, not yet in place, ``detail`` its
    file name; "publish": while :func:`compliance.io.files` puts a transaction's outputs in place,
    Ctrl-C held). When the environment variable :data:`INTERRUPT_AT` names it (``stage``, or
    ``stage:detail`` for one file), the process sends itself SIGINT there, as a user pressing Ctrl-C
    at that moment would: the tests of issue 11 use it to interrupt a real process at each point that
    matters."""
    wanted = os.environ.get(INTERRUPT_AT)
    if wanted is not None and wanted in (stage, f"{stage}:{detail}"):
        os.kill(os.getpid(), signal.SIGINT)


def _inside_import_or_finalizer(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib") or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


_interrupts: list[int] = []  # the STOP_SIGNALS this command received, in order (interrupt_seen, stop_code)


def interrupt_seen() -> bool:
    """Whether Ctrl-C (or another of :data:`STOP_SIGNALS`) was raised in this command. A library that
    catches every exception (openpyxl's descriptors do: ``except: raise TypeError``) can turn the KeyboardInterrupt into another error; the
    command line then still says it was interrupted (exit 130), not an internal error."""
    return bool(_interrupts)


def _on_interrupt(signum, frame) -> None:
    if _inside_import_or_finalizer(frame):
        # a KeyboardInterrupt raised while a module runs its top level can leave it, or a pydantic model it
        # defines, half-built (pydantic-core reports it "ignored" and goes on with a broken validator); one
        # raised in a finalizer (__del__) cannot be caught and Python prints it with a traceback: ask again
        # a little later, when the import or the finalizer is done
        timer = threading.Timer(0.01, os.kill, (os.getpid(), signum))
        timer.daemon = True
        timer.start()
        return
    _interrupts.append(signum)
    raise KeyboardInterrupt


@contextmanager
def interrupts_outside_imports() -> Iterator[None]:
    """Ctrl-C (and the other :data:`STOP_SIGNALS`) raises KeyboardInterrupt, except while a module is being
    imported: then it is raised once the import is done. For the whole life of a command (imports happen
    late, inside it): what the command received before is forgotten (:func:`stop_code`)."""
    if threading.current_thread() is threading.main_thread():
        _interrupts.clear()
    with stop_signals_to(_on_interrupt):
        yield


class Background:
    """Work beside the main thread that a command never waits for when it ends early: ``submit(fn, *args)``
    (as an executor's) runs ``fn(*args)`` on a daemon thread of its own and returns its
    :class:`~concurrent.futures.Future`. A :class:`~concurrent.futures.ThreadPoolExecutor`'s threads are
    joined as the process exits, so after bad input, Ctrl-C or SIGTERM the command went on compiling rules
    it would never use (0.2–0.3 s) before it could end. Only for work whose result the command awaits when
    it succeeds and whose loss costs nothing when it does not: it writes no file and leaves nothing to
    clean up."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the result
                future.set_exception(exc)

        threading.Thread(target=work, name=f"compliance-{getattr(fn, '__name__', 'work')}", daemon=True).start()
        return future
