"""Safe YAML loading: line numbers, NFC, no objects, and no memory kept between files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.io.yamlio import load_data

SEED = Path(__file__).resolve().parent.parent / "samples" / "daknong-vpubnd-2020" / "submission.yaml"


def test_lines_are_remembered():
    data, locator = load_data(SEED)
    assert data["agency"]["code"] == "DNO-VPUBND"
    assert locator.where(("agency", "unit_type")) == "line 12, agency.unit_type"


def test_text_is_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Sở Tư pháp")
    path = tmp_path / "x.yaml"
    path.write_text(f"name: {decomposed}\n", encoding="utf-8")
    data, _ = load_data(path)
    assert data["name"] == "Sở Tư pháp" and data["name"] != decomposed


def test_python_tags_are_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: !!python/object/apply:os.system [echo hi]\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        load_data(path)


def test_duplicate_keys_are_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="key 'a' is given twice"):
        load_data(path)


def _kept_by_loading(mode: str) -> int:
    """Bytes the seed's 40 loads leave allocated, measured in a fresh process (tests/yaml_memory.py):
    whatever earlier tests of this process left running cannot enter the measure."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("yaml_memory.py")), str(SEED), mode],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout)


def test_no_memory_is_kept_between_files():
    grown = _kept_by_loading("plain")
    # a constructor shared across files kept every node: about 0.1 MB per load of this file
    assert grown < 500_000, grown


def test_the_memory_check_sees_a_loader_that_keeps_what_it_built():
    """The measure above fails when memory really is kept: a loader holding every value it built from
    the seed (as a constructor shared across files held its nodes) leaves megabytes after 40 loads."""
    assert _kept_by_loading("holding") > 4_000_000


def test_a_thread_left_working_by_an_earlier_test_is_not_measured():
    """What made the memory test fail after register tests: a thread still allocating (and keeping) in
    the test process. The measure is taken in a process of its own, so it stays under the limit."""
    import threading

    stop, noise = threading.Event(), []

    def busy():  # as a register check's rule preparation left running after its register was refused
        while not stop.is_set():
            noise.append(bytearray(20_000))
            stop.wait(0.01)

    worker = threading.Thread(target=busy)
    worker.start()
    try:
        grown = _kept_by_loading("plain")
    finally:
        stop.set()
        worker.join()
    assert len(noise) > 20 and grown < 500_000, (len(noise), grown)


def test_alias_expansion_is_capped(tmp_path):
    lines = ["l0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 8)]  # 9^8 values
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="once YAML aliases are expanded"):
        load_data(path)


def test_ordinary_aliases_still_work(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: &x {k: 1}\nb: *x\n", encoding="utf-8")
    assert load_data(path)[0] == {"a": {"k": 1}, "b": {"k": 1}}
