"""The outputs of one command land together or not at all; ``>(…)`` and ``/dev/stdout`` are streams; a
Ctrl-C during the final save says so and still exits 130; the output paths nobody had tried.

The QA report behind these tests (new user, fresh clone): Ctrl-C during ``dossiers check REG --json F
--xlsx G`` left the new F in place of the old one and no G; every output option given ``>(…)`` failed
with "/dev/fd/63: cannot be written"; a Ctrl-C held while a round was being saved was never
mentioned. The rule now (README, "What the product guarantees about inputs and outputs"): a command
writes each output beside its place, and puts them all in place in one last step with Ctrl-C held;
interrupted before that step nothing is stored, during it everything is, and the command still ends
with exit 130 after saying what it stored.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clirun import child
from compliance.errors import InputError
from compliance.io import files
from compliance.io.files import atomic_write, command_scope, plan_outputs, publish

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REGISTER = SAMPLES / "registers" / "demo-2025-register.csv"
SEED = SAMPLES / "daknong-vpubnd-2020"
ROUND = SAMPLES / "round-2020"
INTERRUPT_AT = "COMPLIANCE_INTERRUPT_AT"  # compliance.errors.INTERRUPT_AT
INTERRUPTED = "đã dừng"  # compliance.errors.INTERRUPTED in Vietnamese
BAD = ("Traceback", "Exception ignored", "internal error")


def _opens(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return zf.testzip() is None and "xl/workbook.xml" in zf.namelist()


def _vi(*args, env: dict | None = None, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m compliance ARGS`` as a user runs it: in Vietnamese, the default language."""
    environ = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    return subprocess.run([sys.executable, "-m", "compliance", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env={**environ, **(env or {})}, timeout=timeout)


def _stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM results").fetchone()[0]


# -- 1. one command, several outputs: together or not at all -----------------------------------------


def test_the_transaction_puts_every_output_in_place_at_the_end(tmp_path):
    """Inside a command, an output written whole waits beside its place until the command's work is
    done; then all land. Before, the first file replaced the old one at once."""
    a, b = tmp_path / "f.json", tmp_path / "g.xlsx"
    a.write_text("old", encoding="utf-8")
    with command_scope():
        plan_outputs({"--json": a, "--xlsx": b})
        with atomic_write(a, "w") as fh:
            fh.write("new")
        assert a.read_text(encoding="utf-8") == "old" and not b.exists()  # written, not yet in place
        with atomic_write(b, "w") as fh:
            fh.write("book")
        files.finish_outputs()
        assert a.read_text(encoding="utf-8") == "new" and b.read_text(encoding="utf-8") == "book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json", "g.xlsx"]


@pytest.mark.parametrize("ending", [KeyboardInterrupt, InputError])
def test_a_command_stopped_after_its_first_output_leaves_every_old_file(tmp_path, ending):
    a, b = tmp_path / "f.json", tmp_path / "g.xlsx"
    a.write_text("old", encoding="utf-8")
    done = []
    with pytest.raises(ending):
        with command_scope():
            plan_outputs({"--json": a, "--xlsx": b})
            publish(lambda: done.append("commit"), lambda: done.append("rollback"))
            with atomic_write(a, "w") as fh:
                fh.write("new")
            raise ending() if ending is KeyboardInterrupt else ending(b, "the workbook failed")
    assert a.read_text(encoding="utf-8") == "old" and not b.exists() and done == ["rollback"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]  # no temporary file


def test_a_command_that_chose_its_exit_code_keeps_its_outputs(tmp_path):
    """``--fail-on`` ends a command with SystemExit(1) after its outputs are written: they land."""
    out = tmp_path / "f.json"
    with pytest.raises(SystemExit):
        with command_scope():
            plan_outputs({"--json": out})
            with atomic_write(out, "w") as fh:
                fh.write("{}")
            sys.exit(1)
    assert out.read_text(encoding="utf-8") == "{}"


def test_ctrl_c_between_the_json_and_the_workbook_keeps_the_old_json(tmp_path):
    """The QA case: ``dossiers check REG --json F --xlsx G`` with an old F, Ctrl-C once F is written and
    while G is being finished: F stays the old one and G does not appear."""
    (tmp_path / "f.json").write_text('{"old": true}', encoding="utf-8")
    run = _vi("dossiers", "check", REGISTER, "--json", "f.json", "--xlsx", "g.xlsx", cwd=tmp_path,
              env={INTERRUPT_AT: "write:g.xlsx"})
    assert run.returncode == 130 and run.stderr.strip().splitlines()[-1] == INTERRUPTED, run.stderr
    assert not any(b in run.stderr for b in BAD)
    assert (tmp_path / "f.json").read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]  # no g.xlsx, no temporary file


@pytest.mark.parametrize("args, outputs", [
    (["round", "run", ROUND / "submissions", "--round", "2020", "--db", "h.sqlite", "--xlsx", "council.xlsx"],
     ["council.xlsx", "h.sqlite"]),
    (["round", "export-appraisal", ROUND / "submissions", "-o", "appraisal.xlsx"], ["appraisal.xlsx"]),
    (["lint", SAMPLES / "reports" / "motcua-theo-cap-2024.txt", "--extract", "-o", "draft.yaml"], ["draft.yaml"]),
    (["template", "--criteria", "par-dept-model-2020", "-o", "form.xlsx"], ["form.xlsx"]),
    (["papi", "score", SAMPLES / "papi" / "papi-2011-2016.csv", "--xlsx", "papi.xlsx"], ["papi.xlsx"]),
    (["dossiers", "convert", REGISTER, "-o", "national", "--province", "DNO"], []),
])
def test_ctrl_c_before_the_last_step_stores_nothing(tmp_path, args, outputs):
    """Every command with outputs goes through the same last step; Ctrl-C when an output is written
    whole but not yet in place (for a round, with its history transaction open): nothing is stored."""
    stage = "write:" + (outputs[0] if outputs else "province=DNO")
    run = _vi(*args, cwd=tmp_path, env={INTERRUPT_AT: stage})
    assert run.returncode == 130 and run.stderr.strip().splitlines()[-1] == INTERRUPTED, run.stderr
    assert not any(b in run.stderr for b in BAD)
    assert [p.name for p in tmp_path.rglob("*") if not p.is_dir()] == []  # no output, no temporary file
    assert [p for p in tmp_path.rglob("*") if p.name.startswith(".")] == []


# -- 3. Ctrl-C during the final save: finished, said, exit 130 -------------------------------------------


def test_ctrl_c_while_the_outputs_land_is_said_and_still_exits_130(tmp_path):
    (tmp_path / "f.json").write_text('{"old": true}', encoding="utf-8")
    run = _vi("dossiers", "check", REGISTER, "--json", "f.json", "--xlsx", "g.xlsx", cwd=tmp_path,
              env={INTERRUPT_AT: "publish"})
    lines = run.stderr.splitlines()  # no empty line (click's, after the ^C, is not written)
    assert run.returncode == 130, run.stderr
    assert lines[-3:] == ["đang hoàn tất việc lưu, sẽ dừng ngay sau đó",
                          "đã lưu xong trước khi dừng: f.json; g.xlsx", INTERRUPTED], run.stderr
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["rows"] == 600
    assert _opens(tmp_path / "g.xlsx")


def test_ctrl_c_while_a_round_is_saved_says_the_round_was_stored(tmp_path):
    """A round: the history's commit and the workbook land, the user is told so, exit 130 (before:
    exit 130 with no word that the round had been stored)."""
    args = ["round", "run", ROUND / "submissions", "--round", "2020", "--db", "h.sqlite", "--xlsx", "council.xlsx",
            "--lang", "en"]
    run = child(*args, cwd=tmp_path, env={INTERRUPT_AT: "publish"})
    lines = run.err.splitlines()
    assert run.code == 130, run.err
    assert lines[-3:] == ["finishing the save, then stopping",
                          "saved before stopping: round '2020' (version 1) in h.sqlite; council.xlsx",
                          "interrupted"], run.err  # --lang en: English only
    assert _stored(tmp_path / "h.sqlite") == 3 and _opens(tmp_path / "council.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council.xlsx", "h.sqlite"]


# -- 2. process substitution, /dev/stdout, /proc/self/fd/N ----------------------------------------------


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``script`` run by bash, with $C the command line of this checkout's compliance."""
    return subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "C": f"{sys.executable} -m compliance", "COMPLIANCE_LANG": "en", **env})


def test_process_substitution_receives_the_json(tmp_path):
    run = _bash(f'$C dossiers check "{REGISTER}" --json >(cat > ps.json) > /dev/null; echo "rc=$?"; wait $!', tmp_path)
    assert run.stdout.strip() == "rc=0" and "error" not in run.stderr, run.stderr
    assert json.loads((tmp_path / "ps.json").read_text(encoding="utf-8"))["rows"] == 600


def test_process_substitution_receives_the_workbook(tmp_path):
    run = _bash(f'$C check "{SEED}" --format json --xlsx >(cat > ps.xlsx) > card.json; echo "rc=$?"; wait $!', tmp_path)
    assert run.stdout.strip() == "rc=0", run.stderr
    assert _opens(tmp_path / "ps.xlsx")
    assert json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))["totals"]["index_percent"] == 39.97


def test_dev_stdout_and_a_descriptor_are_written_in_order(tmp_path):
    """``--json /dev/stdout`` goes where the command's stdout goes, before its own output;
    ``/proc/self/fd/3`` is the file the shell opened on descriptor 3."""
    run = _bash(f'$C dossiers check "{REGISTER}" --json /dev/stdout --format json > out.txt; '
                f'$C dossiers check "{REGISTER}" --json /proc/self/fd/3 3> three.json > /dev/null', tmp_path)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    first, end = json.JSONDecoder().raw_decode(text)
    second = json.loads(text[end:])
    assert isinstance(first["findings"], list) and "findings" not in second  # the --json file, then the command's own
    assert first["rows"] == second["rows"] == 600
    assert json.loads((tmp_path / "three.json").read_text(encoding="utf-8"))["rows"] == 600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "three.json"]


@pytest.mark.parametrize("script, line", [
    ('$C dossiers check "{reg}" --json /dev/fd/7', "error: /dev/fd/7: --json: cannot be written: descriptor 7 is not "
                                                   "open in this command"),
    ('$C dossiers check "{reg}" --json /dev/fd/5 5< /dev/null', "error: /dev/fd/5: --json: cannot be written: "
                                                                "descriptor 5 is open for reading only"),
    ('cp "{reg}" r.csv; $C dossiers check r.csv --json /dev/fd/3 3>> r.csv',
     "error: /dev/fd/3: --json: is an input of this command (r.csv): an output never replaces an input; give "
     "another file name"),
    ('$C dossiers check "{reg}" --json /dev/stdout --xlsx /dev/fd/1', "error: /dev/fd/1: --xlsx: is given both for "
                                                                      "--json and for --xlsx: two outputs cannot be one file"),
])
def test_a_descriptor_that_cannot_take_the_output_is_refused(tmp_path, script, line):
    run = _bash(script.format(reg=REGISTER), tmp_path)
    assert run.returncode == 2 and run.stderr.strip().splitlines() == [line], run.stderr


# -- 4. the output paths nobody had tried ----------------------------------------------------------------


def test_convert_into_a_link_to_nowhere_makes_its_target(tmp_path):
    """Before: "internal error: FileExistsError", exit 3."""
    os.symlink("store/parquet", tmp_path / "national")
    run = child("dossiers", "convert", REGISTER, "-o", "national", "--province", "DNO", cwd=tmp_path)
    assert run.code == 0 and run.clean, run.err
    assert os.readlink(tmp_path / "national") == "store/parquet"
    assert len(list((tmp_path / "store" / "parquet" / "province=DNO").rglob("*.parquet"))) == 13
    assert run.err.splitlines()[0] == "created folder: national"


@pytest.mark.parametrize("out", ["in", "link"])
def test_convert_never_writes_into_the_input_folder(tmp_path, out):
    (tmp_path / "in").mkdir()
    shutil.copy(REGISTER, tmp_path / "in" / "reg.csv")
    os.symlink("in", tmp_path / "link")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    run = child("dossiers", "convert", "in/reg.csv", "-o", out, "--province", "DNO", cwd=tmp_path)
    assert run.code == 2 and run.clean and run.err.count("\n") == 1, run.err
    assert "holds 'reg.csv'" in run.err
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_the_web_servers_database_is_not_a_file_it_reads(tmp_path):
    """Before, the server started and later tried the password file as its history database."""
    (tmp_path / "pw.txt").write_text("a-long-enough-token\n", encoding="utf-8")
    os.symlink("pw.txt", tmp_path / "rounds.sqlite")
    os.mkfifo(tmp_path / "fifo")
    for db, line in [("rounds.sqlite", "error: rounds.sqlite: --db: is an input of this command (pw.txt): an output "
                                       "never replaces an input; give another file name"),
                     ("fifo", "error: fifo: --db: is a stream, not a database file"),
                     ("/dev/stdout", "error: /dev/stdout: --db: is a stream, not a database file")]:
        run = child("serve", "--port", "8099", "--password-file", "pw.txt", "--db", db, cwd=tmp_path, timeout=30)
        assert run.code == 2 and run.err.splitlines() == [line], run.err
    assert (tmp_path / "pw.txt").read_text(encoding="utf-8") == "a-long-enough-token\n"
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode)


@pytest.mark.parametrize("make, args", [
    (lambda w: os.link(w / "form.xlsx", w / "hard.xlsx"), ["template", "--from", "form.xlsx", "-o", "hard.xlsx"]),
    (lambda w: os.symlink("r.txt", w / "draft.yaml"), ["lint", "r.txt", "--extract", "-o", "draft.yaml"]),
    (lambda w: os.symlink(ROOT / "criteria" / "par-index" / "dept-model-2020.yaml", w / "shipped.xlsx"),
     ["criteria", "export", "par-dept-model-2020", "-o", "shipped.xlsx"]),
    (lambda w: os.symlink(ROOT / "criteria" / "par-index" / "dept-model-2020.yaml", w / "shipped.xlsx"),
     ["template", "--criteria", "par-dept-model-2020", "-o", "shipped.xlsx"]),
])
def test_an_output_over_what_the_command_read_is_refused(tmp_path, make, args):
    """The form given with --from, the report of lint --extract, the shipped edition an id names."""
    shutil.copy(SAMPLES / "forms" / "daknong-vpubnd-2020.xlsx", tmp_path / "form.xlsx")
    shutil.copy(SAMPLES / "reports" / "motcua-theo-cap-2024.txt", tmp_path / "r.txt")
    make(tmp_path)
    shipped = (ROOT / "criteria" / "par-index" / "dept-model-2020.yaml").read_bytes()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run = child(*args, cwd=tmp_path)
    assert run.code == 2 and run.clean and "is an input of this command" in run.err and run.err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert (ROOT / "criteria" / "par-index" / "dept-model-2020.yaml").read_bytes() == shipped


def test_the_folder_made_for_an_output_is_said_in_the_commands_language(tmp_path):
    """One line in the language of the command (before: the same Vietnamese/English pair whatever --lang)."""
    run = _vi("check", SEED, "--xlsx", "out/seed.xlsx", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0 and run.stderr.splitlines()[0] == "đã tạo thư mục: out", run.stderr
    run = _vi("check", SEED, "--xlsx", "out2/seed.xlsx", "--format", "json", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0 and run.stderr.splitlines()[0] == "created folder: out2", run.stderr
    assert _opens(tmp_path / "out" / "seed.xlsx") and _opens(tmp_path / "out2" / "seed.xlsx")


def test_a_history_made_for_a_stopped_round_goes_and_its_link_stays(tmp_path):
    """Ctrl-C just after the history database was created (before: an empty database was left), through
    a link to nowhere (before: the rollback removed the link and kept nothing)."""
    os.symlink("store/h.sqlite", tmp_path / "h.sqlite")
    run = _vi("round", "run", ROUND / "submissions", "--round", "2020", "--db", "h.sqlite", "--xlsx", "council.xlsx",
              cwd=tmp_path, env={INTERRUPT_AT: "store:opened"})
    assert run.returncode == 130 and run.stderr.strip().splitlines()[-1] == INTERRUPTED, run.stderr
    assert os.readlink(tmp_path / "h.sqlite") == "store/h.sqlite"
    assert [p.name for p in (tmp_path / "store").iterdir()] == [] and not (tmp_path / "council.xlsx").exists()
    run = _vi("round", "run", ROUND / "submissions", "--round", "2020", "--db", "h.sqlite", cwd=tmp_path)
    assert run.returncode == 2 and _stored(tmp_path / "store" / "h.sqlite") == 3  # the partial round: exit 2, stored


@pytest.mark.parametrize("args", [["dossiers", "check", REGISTER, "--json", "/dev/full"],
                                  ["check", SEED, "--xlsx", "/dev/full"]])
def test_a_place_that_takes_no_more_is_one_line_and_exit_2(tmp_path, args):
    """/dev/full stands for a full disk (before: "internal error: OSError", exit 3)."""
    run = child(*args, cwd=tmp_path)
    assert run.code == 2 and run.clean, run.err
    assert run.err.splitlines()[-1] == "error: /dev/full: cannot be written (No space left on device)"


def test_a_full_disk_while_writing_a_file_leaves_the_old_one_and_no_temporary(tmp_path):
    import errno

    out = tmp_path / "f.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(InputError, match="No space left on device"):
        with atomic_write(out, "w") as fh:
            fh.write("new")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert out.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_the_web_servers_requests_are_not_part_of_the_serve_command(tmp_path):
    """``compliance serve`` runs the server outside its command: a file a request read is not kept as an
    input of the server for its whole life (its inode, once the upload is removed, may be a later
    output's), and a request's outputs land when its own work says so."""
    upload, later = tmp_path / "upload.yaml", tmp_path / "out.json"
    upload.write_text("a: 1\n", encoding="utf-8")
    with command_scope():
        with files.outside_commands():
            files.note_input(upload)
            with atomic_write(upload, "w") as fh:  # outside a command nothing was noted: no refusal
                fh.write("b: 2\n")
            with atomic_write(later, "w") as fh:
                fh.write("{}")
            assert later.read_text(encoding="utf-8") == "{}"  # at once: no command's transaction to wait for
        files.note_input(upload)
        with pytest.raises(InputError, match="is an input of this command"):
            with atomic_write(upload, "w") as fh:
                fh.write("c: 3\n")
    assert upload.read_text(encoding="utf-8") == "b: 2\n"
