"""Issue 11 item 5: a YAML or JSON file nested absurdly deep is bad input (exit 2, one line naming the
file and the place), not ``internal error: RecursionError`` (exit 3); inside a round folder it is one
unreadable submission among the others, and the round goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from clirun import main
from compliance.errors import InputError
from compliance.io import yamlio
from compliance.io.yamlio import load_data

MAX_DEPTH = getattr(yamlio, "MAX_DEPTH", 64)  # the limit this file asserts

ROOT = Path(__file__).resolve().parent.parent
SUBS = ROOT / "samples" / "round-2020" / "submissions"


def deep_json(levels: int) -> str:
    return '{"agency": ' + "[" * levels + "]" * levels + "}"


def deep_yaml(levels: int) -> str:
    return "agency: " + "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize("suffix, text", [
    (".json", deep_json(100_000)), (".yaml", deep_yaml(100_000)),
    (".json", deep_json(500)), (".yaml", deep_yaml(500)),
])
def test_check_refuses_deep_nesting_in_one_line(tmp_path, suffix, text):
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    run = main("check", path)
    assert run.code == 2, run.err
    assert run.clean and "RecursionError" not in run.err
    assert run.err.count("\n") == 1 and run.err.startswith(f"error: {path}: line 1")
    assert "nested" in run.err


def test_the_place_is_where_the_nesting_passes_the_limit(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"agency":\n  {"name": "x",\n   "more": ' + "[" * 200 + "]" * 200 + "}}", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_data(path)
    # the first bracket of the 200 opens level 3; level MAX_DEPTH + 1 is passed at column 12 + (MAX_DEPTH - 2)
    assert exc.value.where == f"line 3, column {12 + MAX_DEPTH - 2}"
    assert f"more than {MAX_DEPTH} levels" in exc.value.message


def test_pure_python_yaml_parser_too(tmp_path, monkeypatch):
    """Without libyaml the composer is recursive Python: the depth must still be an InputError."""
    monkeypatch.setattr(yamlio, "_SAFE_LOADER", yaml.SafeLoader)
    path = tmp_path / "deep.yaml"
    path.write_text(deep_yaml(100_000), encoding="utf-8")
    with pytest.raises(InputError, match="nested"):
        load_data(path)
    path.write_text(deep_yaml(300), encoding="utf-8")
    with pytest.raises(InputError, match=f"more than {MAX_DEPTH} levels") as exc:
        load_data(path)
    assert exc.value.where == "line 1"


def test_shipped_files_are_far_from_the_limit():
    """The deepest shipped file (a criteria edition) nests 10 levels."""
    assert MAX_DEPTH >= 4 * 10


@pytest.mark.parametrize("name, text", [("zz-deep.json", deep_json(100_000)), ("zz-deep.yaml", deep_yaml(2_000))])
def test_a_deep_file_in_a_round_is_one_unreadable_submission(tmp_path, name, text):
    folder = tmp_path / "subs"
    shutil.copytree(SUBS, folder)
    (folder / name).write_text(text, encoding="utf-8")
    run = main("round", "run", folder, "--no-history", "--round", "2020", "--format", "json")
    assert run.code == 2 and run.clean, run.err  # partial: two unreadable submissions, the others scored
    import json

    data = json.loads(run.out)
    assert sorted(a["agency_code"] for a in data["agencies"]) == ["MH-SNV", "MH-STP", "MH-SXD"]
    failed = {Path(f["path"]).name: f["error"] for f in data["failed"]}
    assert set(failed) == {"so-thong-tin.yaml", name}
    assert "nested" in failed[name] and str(folder / name) in failed[name]
