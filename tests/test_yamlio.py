"""Safe YAML loading: line numbers, NFC, no objects, and no memory kept between files."""

from __future__ import annotations

import tracemalloc
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


def test_no_memory_is_kept_between_files():
    load_data(SEED)
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(40):
            load_data(SEED)
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    # a constructor shared across files kept every node: about 0.1 MB per load of this file
    assert grown < 500_000, grown


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
