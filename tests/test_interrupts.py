"""Issue 11 item 4: Ctrl-C at any moment.

A real ``compliance`` process, in its own session as a terminal's foreground job, gets SIGINT (sent to
its whole process group, as Ctrl-C does) at a spread of moments from the start of its own code to its
end, and at named stages (``COMPLIANCE_INTERRUPT_AT``, :func:`compliance.errors.checkpoint`). Every
time: exit 130 and the one line "đã dừng" last on stderr ("interrupted" under ``--lang en`` or
``COMPLIANCE_LANG=en``), no empty line (or, when the signal came after the end, the command's own exit
code), never a traceback or "Exception ignored"; no temporary file
left; every output either absent or whole; a round stored with its workbook or neither.

SIGTERM and SIGHUP (``kill``, CI's time limit, a closed terminal; QA6 F3) end a command the same way, with
exit code 143 and 129: a 200k-row register check, a round with its workers, the web server.

The spread starts once the process runs the product's code (the child has loaded click's C helpers): a
signal in the first milliseconds, while the interpreter itself starts, is Python's own business.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

INTERRUPT_AT = "COMPLIANCE_INTERRUPT_AT"  # compliance.errors.INTERRUPT_AT
INTERRUPTED = "đã dừng"  # the line the user sees (compliance.errors.INTERRUPTED in Vietnamese)
INTERRUPTED_EN = "interrupted"  # the same under --lang en

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ROUND = SAMPLES / "round-2020"
READY = (b"_uuid.", b"_pydantic_core", b"_yaml.")
"""Shared objects that only the product's imports load: once one is mapped, its code is running."""
BAD = ("Traceback", "Exception ignored", "internal error")


def _ready(pid: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            with open(f"/proc/{pid}/maps", "rb") as fh:
                if any(marker in fh.read() for marker in READY):
                    return
        except OSError:
            return
        time.sleep(0.002)


def run(args: list, cwd: Path, delay: float | None, env: dict | None = None, sig: int = signal.SIGINT,
        group: bool = True) -> tuple[int, str, float]:
    """(exit code, stderr, seconds from ready to exit) of ``python -m compliance ARGS``, sent ``sig``
    (Ctrl-C) ``delay`` seconds after it is ready (None: never): to its whole process group, as a terminal
    does, or (``group`` False) to the process alone, as ``kill`` and a supervisor do."""
    proc = subprocess.Popen([sys.executable, "-m", "compliance", *map(str, args)], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True, env={**os.environ, **(env or {})})
    _ready(proc.pid, proc)
    t0 = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        try:
            (os.killpg if group else os.kill)(proc.pid, sig)
        except ProcessLookupError:
            pass
    _, err = proc.communicate(timeout=120)
    took = time.monotonic() - t0
    try:  # no process of the session is left behind (round workers)
        os.killpg(proc.pid, 0)
        leftover = True
    except ProcessLookupError:
        leftover = False
    assert not leftover, "a child process outlived the command"
    return proc.returncode, err.decode("utf-8"), took


def _whole(path: Path) -> bool:
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
        return True
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None and "xl/workbook.xml" in zf.namelist()
    return True


def _stored(db: Path) -> bool:
    if not db.exists():
        return False
    with sqlite3.connect(db) as conn:
        try:
            return bool(conn.execute("SELECT COUNT(*) FROM rounds").fetchone()[0])
        except sqlite3.OperationalError:
            return False


def check_outcome(code: int, err: str, work: Path, outputs: list[str], finished: int, said: str = INTERRUPTED,
                  stopped: int = 130) -> None:
    assert not any(b in err for b in BAD), err
    assert code in (finished, stopped), (code, err)
    if code == stopped:
        lines = err.splitlines()
        assert lines[-1] == said and err.count(said) == 1, err  # one language: never "đã dừng / interrupted"
        assert "" not in lines, err  # click's empty line after the ^C is not written
    leftovers = [p.name for p in work.rglob("*") if p.name.endswith((".tmp", "-journal"))]
    assert leftovers == [], leftovers
    for name in outputs:
        path = work / name
        if path.exists():
            assert _whole(path), name


def _work(tmp_path: Path, i: int) -> Path:
    work = tmp_path / f"run{i}"
    work.mkdir()
    return work


COMMANDS = {
    "check": (lambda w: ["check", SAMPLES / "daknong-vpubnd-2020", "--xlsx", w / "out" / "seed.xlsx"],
              ["out/seed.xlsx"], 0, 4),
    "dossiers": (lambda w: ["dossiers", "check", SAMPLES / "registers" / "demo-2025-register.csv", "--json",
                            w / "out" / "f.json", "--xlsx", w / "out" / "f.xlsx"], ["out/f.json", "out/f.xlsx"], 0, 3),
    "round": (lambda w: ["round", "run", ROUND / "submissions", "--appraisal", ROUND / "appraisal.yaml", "--waivers",
                         ROUND / "waivers.yaml", "--xlsx", w / "out" / "council.xlsx", "--db", w / "out" / "h.sqlite"],
              ["out/council.xlsx"], 2, 5),
    "round --workers 2": (lambda w: ["round", "run", ROUND / "submissions", "--workers", "2", "--xlsx",
                                     w / "council.xlsx", "--db", w / "h.sqlite"], ["council.xlsx"], 2, 3),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_ctrl_c_at_a_spread_of_moments(tmp_path, name):
    make, outputs, finished, count = COMMANDS[name]
    work = _work(tmp_path, 0)
    code, err, took = run(make(work), work, None)
    assert code == finished and not any(b in err for b in BAD), err
    interrupted = 0
    for i in range(1, count + 1):
        work = _work(tmp_path, i)
        code, err, _ = run(make(work), work, took * (i - 0.5) / count)
        check_outcome(code, err, work, outputs, finished)
        interrupted += code == 130
        assert len({(work / o).exists() for o in outputs}) == 1, err  # a command's outputs land together or none does
        if name.startswith("round"):  # one transaction: the round is stored with its workbook or neither is
            db = next(work.rglob("h.sqlite"), None)
            assert _stored(db) == (work / outputs[0]).exists() if db else not (work / outputs[0]).exists()
    assert interrupted >= count // 2, f"only {interrupted} of {count} runs were interrupted"


@pytest.mark.parametrize("stage, landed", [("store:opened", False), ("store:results", False), ("store:commit", False),
                                           ("write", False),
                                           ("publish", True)])
def test_a_round_is_stored_with_its_workbook_or_not_at_all(tmp_path, stage, landed):
    """Ctrl-C while the round is being stored, when its workbook is written but not yet in place, and
    while both are being put in place (held until both are: then the round is kept, and the command
    still says it was interrupted)."""
    work = _work(tmp_path, 0)
    shutil.copy(ROUND / "appraisal.yaml", work / "appraisal.yaml")
    args = ["round", "run", ROUND / "submissions", "--appraisal", "appraisal.yaml", "--xlsx", "council.xlsx",
            "--db", "h.sqlite"]
    code, err, _ = run(args, work, None, env={INTERRUPT_AT: stage})
    check_outcome(code, err, work, ["council.xlsx"], 130)
    assert code == 130
    assert _stored(work / "h.sqlite") is landed and (work / "council.xlsx").exists() is landed
    assert (work / "h.sqlite").exists() is landed  # a database made for this round goes with it
    assert sorted(p.name for p in work.iterdir()) == sorted(["appraisal.yaml"] + ["council.xlsx", "h.sqlite"] * landed)


def test_a_replaced_round_survives_an_interrupted_replacement(tmp_path):
    work = _work(tmp_path, 0)
    args = ["round", "run", ROUND / "submissions", "--round", "2020", "--db", "h.sqlite"]
    assert run(args, work, None)[0] == 2
    before = (work / "h.sqlite").read_bytes()
    code, err, _ = run(args + ["--replace"], work, None, env={INTERRUPT_AT: "store:scores"})
    assert code == 130 and err.strip().splitlines()[-1] == INTERRUPTED
    assert (work / "h.sqlite").read_bytes() == before


def test_main_in_this_process_puts_the_handler_back():
    from clirun import main

    before = signal.getsignal(signal.SIGINT)
    assert main("rules", "list").code == 0
    assert signal.getsignal(signal.SIGINT) is before


def test_ctrl_c_in_a_finalizer_is_asked_again_later(monkeypatch):
    """A KeyboardInterrupt raised inside __del__ (the rule runner's, as a round ends) cannot be caught: Python
    prints it with a traceback. The handler defers it as it does inside an import (seen once in the spread of
    moments above: 'Exception ignored in: <function RuleRunner.__del__>')."""
    from compliance import errors

    asked = []

    class Timer:
        def __init__(self, delay, call, args):
            asked.append((delay, call, args))
            self.daemon = False

        def start(self):
            pass

    monkeypatch.setattr(errors.threading, "Timer", Timer)
    monkeypatch.setattr(errors, "_interrupts", [])  # this process's record of Ctrl-C, left as it was

    class Finalized:
        def __del__(self):
            errors._on_interrupt(signal.SIGINT, sys._getframe())

    Finalized()  # dropped at once: its __del__ runs here
    assert len(asked) == 1 and asked[0][2] == (os.getpid(), signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        errors._on_interrupt(signal.SIGINT, sys._getframe())  # anywhere else: at once


def test_ctrl_c_a_library_turned_into_another_error_is_still_an_interruption(monkeypatch):
    """openpyxl's descriptors catch everything (``except: raise TypeError('expected …MultiCellRange')``): a
    Ctrl-C landing there came out as 'internal error: TypeError', exit 3 (seen once in the spread of moments)."""
    from compliance import cli as cli_module
    from compliance import errors

    def command(*args, **kwargs):
        try:
            errors._on_interrupt(signal.SIGINT, sys._getframe())
        except BaseException:  # noqa: BLE001 - as openpyxl's _convert does
            raise TypeError("expected <class 'openpyxl.worksheet.cell_range.MultiCellRange'>") from None

    monkeypatch.setattr(cli_module.cli, "main", command)
    monkeypatch.setattr(errors, "_interrupts", [])
    line, code = cli_module._outcome(["check", "x"])
    assert (line, code) == ("đã dừng", 130)
    monkeypatch.setattr(errors, "_interrupts", [])
    monkeypatch.setattr(cli_module.cli, "main", lambda *a, **k: (_ for _ in ()).throw(TypeError("a real bug")))
    assert cli_module._outcome(["check", "x"])[1] == 3  # without Ctrl-C, an internal error stays one


@pytest.mark.parametrize("lang_args, env, said", [
    ([], {}, INTERRUPTED),
    (["--lang", "en"], {}, INTERRUPTED_EN),
    (["--lang=en"], {}, INTERRUPTED_EN),
    ([], {"COMPLIANCE_LANG": "en"}, INTERRUPTED_EN),
    (["--lang", "vi"], {"COMPLIANCE_LANG": "en"}, INTERRUPTED),  # --lang wins over the environment
])
def test_ctrl_c_is_said_in_the_commands_language_only(tmp_path, lang_args, env, said):
    """While the command runs (its workbook written, not yet in place): one line, one language, no empty line."""
    work = _work(tmp_path, 0)
    args = ["check", SAMPLES / "daknong-vpubnd-2020", "--xlsx", "seed.xlsx", *lang_args]
    environ = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    proc = subprocess.run([sys.executable, "-m", "compliance", *map(str, args)], cwd=work, capture_output=True,
                          env={**environ, INTERRUPT_AT: "write", **env}, timeout=120)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 130 and err == said + "\n", err
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("argv, env, said", [
    (["check", "x"], {}, INTERRUPTED),
    (["check", "x", "--lang", "en"], {}, INTERRUPTED_EN),
    (["--lang=en", "rules", "list"], {}, INTERRUPTED_EN),
    (["check", "x"], {"COMPLIANCE_LANG": "en"}, INTERRUPTED_EN),
    (["check", "x", "--lang", "vi"], {"COMPLIANCE_LANG": "en"}, INTERRUPTED),
])
def test_ctrl_c_while_the_program_loads_is_said_in_the_commands_language(argv, env, said):
    """The handler ``python -m compliance`` sets before anything else loads: a real process, Ctrl-C at that
    moment (sent by the process to itself once the handler is in place, before click is imported)."""
    code = ("import os, signal, sys; sys.argv = ['compliance', *sys.argv[1:]]; import compliance.__main__; "
            "assert 'click' not in sys.modules; os.kill(os.getpid(), signal.SIGINT)")
    environ = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, env={**environ, **env},
                          timeout=60, cwd=ROOT)
    assert (proc.returncode, proc.stderr.decode("utf-8")) == (130, said + "\n")


def test_the_words_said_while_loading_are_the_catalogues():
    from compliance import errors

    before = signal.getsignal(signal.SIGINT)
    try:
        from compliance.__main__ import STOPPED  # importing it sets its handler: put pytest's back
    finally:
        signal.signal(signal.SIGINT, before)
    assert STOPPED == {"vi": errors.INTERRUPTED.get("vi"), "en": errors.INTERRUPTED.get("en")}
    assert STOPPED == {"vi": INTERRUPTED, "en": INTERRUPTED_EN}


# ------------------------------------------------------------------ SIGTERM and SIGHUP (QA6 F3)

STOPS = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])  # Windows has no SIGHUP


@pytest.fixture(scope="module")
def register_200k(tmp_path_factory) -> Path:
    """A year's register of 200,000 dossiers as a one-stop system exports it (title rows above the header)."""
    out = tmp_path_factory.mktemp("big") / "so-theo-doi-2024.csv"
    subprocess.run([sys.executable, str(SAMPLES / "registers" / "generate.py"), "--rows", "200000", "--year", "2024",
                    "--seed", "6", "--title", "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", "--title",
                    "SỔ THEO DÕI HỒ SƠ NĂM 2024", "--out", str(out)], check=True, capture_output=True, timeout=300)
    return out


@pytest.mark.parametrize("sig", STOPS, ids=lambda s: s.name)
def test_sigterm_and_sighup_end_a_large_register_check_as_ctrl_c_does(tmp_path, register_200k, sig):
    """``kill`` (the process alone, as a supervisor or CI's time limit sends it) at a spread of moments of a
    200k-row ``dossiers check --json``: exit 128 + the signal, the one line in the command's language, no
    JSON, and nothing left in $TMPDIR (the register's DuckDB folder was left there, QA6 F3)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    lang, said = (["--lang", "en"], INTERRUPTED_EN) if sig == signal.SIGTERM else ([], INTERRUPTED)
    args = ["dossiers", "check", register_200k, "--period", "2024", "--json", "f.json", *lang]
    work = _work(tmp_path, 0)
    code, err, took = run(args, work, None, env)
    assert code == 0 and json.loads((work / "f.json").read_text(encoding="utf-8"))["rows"] == 200_000, err
    assert list(temp.iterdir()) == []
    stopped = 0
    for i, share in enumerate((0.05, 0.2, 0.4, 0.6, 0.8), start=1):
        work = _work(tmp_path, i)
        code, err, _ = run(args, work, took * share, env, sig=sig, group=False)
        check_outcome(code, err, work, ["f.json"], 0, said, stopped=128 + sig)
        assert list(temp.iterdir()) == [], (share, err)
        if code == 128 + sig:
            stopped += 1
            assert err == said + "\n" and list(work.iterdir()) == [], err
    assert stopped >= 3, f"only {stopped} of 5 runs were stopped"


@pytest.mark.parametrize("sig, group", [(signal.SIGTERM, False), (STOPS[-1], True)], ids=["TERM-parent", "last-group"])
def test_a_round_with_workers_stopped_by_a_signal_leaves_no_worker_and_says_one_line(tmp_path, sig, group):
    """``round run --workers 2``: SIGTERM to the parent alone (its workers must not be left behind) and
    SIGHUP to the whole group (a closed terminal: each worker gets it too, and none says a word)."""
    def make(w: Path) -> list:
        return ["round", "run", ROUND / "submissions", "--workers", "2", "--xlsx", w / "council.xlsx", "--db", w / "h.sqlite"]

    work = _work(tmp_path, 0)
    code, err, took = run(make(work), work, None)
    assert code == 2 and not any(b in err for b in BAD), err
    stopped = 0
    for i, share in enumerate((0.3, 0.5, 0.7), start=1):
        work = _work(tmp_path, i)
        code, err, _ = run(make(work), work, took * share, sig=sig, group=group)  # run() asserts no process is left
        check_outcome(code, err, work, ["council.xlsx"], 2, stopped=128 + sig)
        stopped += code == 128 + sig
        if code == 128 + sig:
            assert err == INTERRUPTED + "\n" and not _stored(work / "h.sqlite") and not (work / "council.xlsx").exists()
    assert stopped >= 1


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGINT, *STOPS], ids=lambda s: s.name)
def test_the_web_server_stops_cleanly_on_a_signal(tmp_path, sig):
    """``compliance serve`` stopped by Ctrl-C, a supervisor's SIGTERM or its terminal's SIGHUP (which cut
    uvicorn's event loop with a traceback): it stops answering, says the one line, exits 128 + the signal."""
    import urllib.request

    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "compliance", "serve", "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(temp)})
    try:
        end = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < end, proc.stderr.read().decode()
                time.sleep(0.1)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (proc.returncode, err.decode("utf-8")) == (128 + sig, INTERRUPTED + "\n")
    assert out.decode("utf-8").splitlines()[-1] == "Dừng: Ctrl-C"
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("sig", STOPS, ids=lambda s: s.name)
def test_a_signal_is_held_where_ctrl_c_is_and_gives_its_exit_code(monkeypatch, sig):
    """In a step that must not be cut in two (a commit and its renames) SIGTERM and SIGHUP wait as Ctrl-C
    does, then stop the command with 128 + their number; the handlers before are put back."""
    from compliance import errors

    monkeypatch.setattr(errors, "_interrupts", [])
    before = {s: signal.getsignal(s) for s in STOPS + [signal.SIGINT]}
    done = []
    with pytest.raises(KeyboardInterrupt):
        with errors.interrupts_held() as caught:
            os.kill(os.getpid(), sig)
            for _ in range(100):  # the handler runs in this thread, between two steps of Python
                if caught:
                    break
                time.sleep(0.01)
            done.append(list(caught))
    assert done == [[sig]]
    assert errors.stop_code() == 128 + sig and errors.stop_code(signal.SIGINT) == 130
    assert {s: signal.getsignal(s) for s in before} == before


@pytest.mark.parametrize("sig", STOPS, ids=lambda s: s.name)
def test_a_signal_while_the_program_loads_is_said_and_gives_its_exit_code(sig):
    code = ("import os, signal, sys; sys.argv = ['compliance', *sys.argv[1:]]; import compliance.__main__; "
            f"assert 'click' not in sys.modules; os.kill(os.getpid(), {int(sig)})")
    environ = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    proc = subprocess.run([sys.executable, "-c", code, "check", "x"], capture_output=True, env=environ, timeout=60,
                          cwd=ROOT)
    assert (proc.returncode, proc.stderr.decode("utf-8")) == (128 + sig, INTERRUPTED + "\n")


def test_a_register_refused_early_ends_the_command_without_waiting_for_the_rules(tmp_path):
    """``dossiers check`` compiles its rules in a thread while the register is read; a register refused
    before they are needed (here its header lacks required columns) ended only once that thread had
    finished (0.2–0.3 s, made 30 s here): the line and exit 2 come at once, and so after SIGTERM."""
    register = tmp_path / "so-theo-doi.csv"
    register.write_text("SỔ THEO DÕI HỒ SƠ\nSTT,Mã hồ sơ,Mã thủ tục\n1,H01.1-240101-0001,1.004740\n", encoding="utf-8")
    code = ("import sys, time; import compliance.registers.check as check; "
            "check._prepare = lambda settings: time.sleep(30); "
            "from compliance.cli import main; main(['dossiers', 'check', sys.argv[1]])")
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, str(register)], capture_output=True, timeout=25, cwd=tmp_path)
    took = time.monotonic() - t0
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and err.startswith(f"lỗi: {register}: dòng 2 (dòng tiêu đề): thiếu cột bắt buộc"), err
    assert took < 20, took
