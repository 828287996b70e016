"""Issue 11 item 2: an output never destroys an input or a special file.

Every command with an output path, given an output that is one of its inputs (by name, through a
symbolic or hard link, inside an input folder, or named by a submission's manifest), refuses: exit 2,
one line, the input unchanged and nothing written. A FIFO or a character device stays what it is and
receives the output as a stream; a symbolic link is written through to its target; a missing folder
is created and said so; a read-only file, a block device and a link loop are refused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
import yaml

from clirun import main
from compliance.errors import InputError
from compliance.io.files import atomic_write

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "daknong-vpubnd-2020"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) → its SHA-256; links as 'link → target'."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = f"link → {os.readlink(p)}"
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_fifo():
            out[rel] = "fifo"
    return out


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """A folder with a copy of every sample input a command reads."""
    shutil.copytree(SEED, tmp_path / "seed")
    shutil.copytree(SAMPLES / "demo-centre-2020-register", tmp_path / "centre")
    shutil.copytree(SAMPLES / "round-2020" / "submissions", tmp_path / "subs")
    for src, name in [(SAMPLES / "forms" / "daknong-vpubnd-2020.xlsx", "form.xlsx"),
                      (SAMPLES / "registers" / "demo-2025-register.csv", "reg.csv"),
                      (SAMPLES / "registers" / "demo-2025-register.xlsx", "reg.xlsx"),
                      (SAMPLES / "registers" / "demo-2025-catalogue.csv", "cat.csv"),
                      (SAMPLES / "papi" / "papi-2011-2016.csv", "papi.csv"),
                      (SAMPLES / "papi" / "daknong-2020-plan.yaml", "plan.yaml"),
                      (SAMPLES / "criteria" / "bo-tieu-chi-mau-2023.xlsx", "annex.xlsx"),
                      (SAMPLES / "criteria" / "bo-tieu-chi-mau-2023.yaml", "edition.yaml"),
                      (SAMPLES / "round-2020" / "appraisal.yaml", "appraisal.yaml"),
                      (SAMPLES / "round-2020" / "waivers.yaml", "waivers.yaml")]:
        shutil.copy(src, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _link(name: str, to: str) -> str:
    os.symlink(to, name)
    return name


# (setup, command): setup makes the output path (a link, a hard link, an appraisal workbook) and returns nothing
REFUSED = {
    "check form --xlsx form": (None, ["check", "form.xlsx", "--xlsx", "form.xlsx"]),
    "check folder --xlsx a file of it": (None, ["check", "seed", "--xlsx", "seed/submission.yaml"]),
    "check folder --xlsx the register it names": (None, ["check", "centre", "--xlsx", "centre/register.csv"]),
    "check --criteria FILE --xlsx a link to it": (lambda: _link("crit.xlsx", "edition.yaml"),
                                                  ["check", "seed", "--criteria", "edition.yaml", "--xlsx", "crit.xlsx"]),
    "template --from form -o form": (None, ["template", "--from", "form.xlsx", "-o", "form.xlsx"]),
    "criteria import -o a link to the workbook": (lambda: _link("out.yaml", "annex.xlsx"),
                                                  ["criteria", "import", "annex.xlsx", "-o", "out.yaml"]),
    "criteria export FILE -o a link to it": (lambda: _link("out.xlsx", "edition.yaml"),
                                             ["criteria", "export", "edition.yaml", "-o", "out.xlsx"]),
    "dossiers summarize --xlsx the register": (None, ["dossiers", "summarize", "reg.xlsx", "--xlsx", "reg.xlsx"]),
    "dossiers check --json the register": (None, ["dossiers", "check", "reg.csv", "--json", "reg.csv"]),
    "dossiers check --json a hard link to the catalogue": (
        lambda: os.link("cat.csv", "hard.json"),
        ["dossiers", "check", "reg.csv", "--procedures", "cat.csv", "--json", "hard.json"]),
    "dossiers check --xlsx the register, --json elsewhere": (
        None, ["dossiers", "check", "reg.xlsx", "--json", "findings.json", "--xlsx", "reg.xlsx"]),
    "papi score --xlsx a link to the scores": (lambda: _link("papi.xlsx", "papi.csv"),
                                               ["papi", "score", "papi.csv", "--xlsx", "papi.xlsx"]),
    "papi profile --xlsx a link to the plan": (lambda: _link("profile.xlsx", "plan.yaml"),
                                               ["papi", "profile", "dak-nong", "--scores", "papi.csv", "--plan",
                                                "plan.yaml", "--xlsx", "profile.xlsx"]),
    "round run --xlsx a file of the folder": (lambda: shutil.copy("form.xlsx", "subs/form.xlsx"),
                                              ["round", "run", "subs", "--no-history", "--xlsx", "subs/form.xlsx"]),
    "round run --xlsx a link to the waivers": (lambda: _link("council.xlsx", "waivers.yaml"),
                                               ["round", "run", "subs", "--waivers", "waivers.yaml", "--no-history",
                                                "--xlsx", "council.xlsx"]),
    "round run --db the appraisal": (None, ["round", "run", "subs", "--appraisal", "appraisal.yaml", "--db",
                                            "appraisal.yaml"]),
    "round run --db the same file as --xlsx": (None, ["round", "run", "subs", "--db", "c.xlsx", "--xlsx", "c.xlsx"]),
    "round export-appraisal --appraisal X -o X": (
        lambda: main("round", "export-appraisal", "subs", "-o", "appr.xlsx"),
        ["round", "export-appraisal", "subs", "--appraisal", "appr.xlsx", "-o", "appr.xlsx"]),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_an_output_that_is_an_input_is_refused(work, name):
    setup, args = REFUSED[name]
    if setup:
        setup()
    before = _tree(work)
    run = main(*args)
    assert run.code == 2, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and run.clean, run.err
    assert "input" in lines[0] or "two outputs" in lines[0], lines[0]
    assert _tree(work) == before  # the input untouched, nothing written, no temporary file


def test_a_manifest_names_a_register_outside_its_folder(work):
    """Only reading the manifest tells that ../reg.csv is an input: refused when the workbook is written."""
    manifest = yaml.safe_load((work / "centre" / "submission.yaml").read_text(encoding="utf-8"))
    manifest["files"]["register"] = "../reg2.csv"
    shutil.copy(work / "centre" / "register.csv", work / "reg2.csv")
    (work / "centre" / "submission.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    _link("reg2.xlsx", "reg2.csv")
    before = _tree(work)
    run = main("check", "centre", "--xlsx", "reg2.xlsx")
    assert run.code == 2 and run.clean
    assert run.err.startswith("error: reg2.xlsx: is an input of this command") and run.err.count("\n") == 1
    assert _tree(work) == before


# -- special files ----------------------------------------------------------------------------------


def _drain(path: Path, into: list) -> threading.Thread:
    def read():
        with open(path, "rb") as fh:
            into.append(fh.read())

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_a_fifo_gets_the_output_as_a_stream(work):
    fifo = work / "out.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _drain(fifo, got)
    run = main("dossiers", "check", "reg.csv", "--json", "out.json", "--format", "json")
    reader.join(10)
    assert run.code == 0, run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not a regular file put in its place
    assert got and got[0].startswith(b"{") and b'"rows": 600' in got[0]
    assert [p.name for p in work.glob(".out.json*")] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_stays_a_device(work):
    dev = work / "null"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    run = main("dossiers", "check", "reg.csv", "--json", "null", "--format", "json")
    assert run.code == 0, run.err
    assert stat.S_ISCHR(os.lstat(dev).st_mode) and os.lstat(dev).st_rdev == os.makedev(1, 3)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_block_device_is_refused(work):
    dev = work / "disk"
    os.mknod(dev, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
    run = main("check", "seed", "--xlsx", "disk")
    assert run.code == 2 and run.err == "error: disk: --xlsx: is a block device: refusing to write an output to it\n"
    assert stat.S_ISBLK(os.lstat(dev).st_mode)


def test_a_link_is_written_through_to_its_target(work):
    (work / "reports").mkdir()
    (work / "reports" / "old.json").write_text("old", encoding="utf-8")
    _link("latest.json", "reports/old.json")
    _link("dangling.json", "reports/new.json")
    assert main("dossiers", "check", "reg.csv", "--json", "latest.json").code == 0
    assert main("dossiers", "check", "reg.csv", "--json", "dangling.json").code == 0
    for link, target in (("latest.json", "reports/old.json"), ("dangling.json", "reports/new.json")):
        assert os.readlink(work / link) == target  # still the link
        assert (work / target).read_text(encoding="utf-8").startswith("{")  # the target holds the output
    assert sorted(p.name for p in (work / "reports").iterdir()) == ["new.json", "old.json"]  # no temporary file


def test_a_link_loop_is_refused(work):
    _link("a.json", "b.json")
    _link("b.json", "a.json")
    run = main("dossiers", "check", "reg.csv", "--json", "a.json")
    assert run.code == 2 and run.err == "error: a.json: --json: is a symbolic link that loops: cannot be written\n"
    assert os.readlink(work / "a.json") == "b.json"


def test_a_missing_folder_is_created_and_said(work):
    run = main("check", "seed", "--xlsx", "out/2020/seed.xlsx", "--format", "json")
    assert run.code == 0, run.err
    assert (work / "out" / "2020" / "seed.xlsx").is_file()
    assert run.err.splitlines()[0] == "created folder: out/2020"
    run = main("round", "run", "subs", "--round", "2020", "--db", "history/rounds.sqlite", "--format", "json")
    assert (work / "history" / "rounds.sqlite").is_file()
    assert "created folder: history" in run.err.splitlines()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes over read-only files")
def test_a_read_only_file_is_refused(work):
    out = work / "kept.json"
    out.write_text("kept", encoding="utf-8")
    out.chmod(0o444)
    run = main("dossiers", "check", "reg.csv", "--json", "kept.json")
    assert run.code == 2 and "is read-only" in run.err and out.read_text(encoding="utf-8") == "kept"


def test_a_replaced_file_keeps_its_permissions(work):
    out = work / "private.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert main("dossiers", "check", "reg.csv", "--json", "private.json").code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text(encoding="utf-8").startswith("{")


# -- the mechanism, as a library -------------------------------------------------------------------------


def test_plan_outputs_names_the_option_and_the_input(tmp_path):
    from compliance.io.files import plan_outputs

    src = tmp_path / "in.csv"
    src.write_text("x", encoding="utf-8")
    os.link(src, tmp_path / "other.csv")
    with pytest.raises(InputError) as exc:
        plan_outputs({"--json": tmp_path / "other.csv"}, [src, "par-dept-model-2020", None])
    assert exc.value.where == "--json" and f"is an input of this command ({src})" in exc.value.message
    plan_outputs({"--json": tmp_path / "new.json", "--xlsx": None}, [src])  # fine: nothing created
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "other.csv"]


def test_a_failed_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "x.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(out, "w") as fh:
            fh.write("half")
            raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["x.json"]
