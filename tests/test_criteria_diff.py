"""criteria diff: the two sample editions differ by exactly the changes made (samples/criteria/make_samples.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from click.testing import CliRunner

from compliance.catalog import find_edition
from compliance.cli.criteria import criteria_group
from compliance.criteria_lib.diff import diff_editions
from compliance.io.yamlio import load_model
from compliance.model.criteria import Edition

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "criteria"


def _changes_made():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CHANGES_2024


def test_sample_editions_diff_exactly_the_changes_made():
    a = load_model(SAMPLES / "bo-tieu-chi-mau-2023.yaml", Edition)
    b = load_model(SAMPLES / "bo-tieu-chi-mau-2024.yaml", Edition)
    d = diff_editions(a, b)
    assert sorted((c.kind, c.old_id, c.new_id) for c in d.changes) == sorted(_changes_made(), key=lambda t: (t[0], t[1] or "", t[2] or ""))
    assert [k for k, _, _ in d.edition] == ["id", "valid_from", "valid_to"]
    by_kind = {(c.kind, c.old_id): c for c in d.changes}
    assert (by_kind[("points_changed", "2.1")].old, by_kind[("points_changed", "2.1")].new) == ("4", "3")
    assert (by_kind[("moved", "3.1.2")].old, by_kind[("moved", "3.1.2")].new) == ("3.1", "2")
    assert by_kind[("renamed", "1.2")].new == "Báo cáo CCHC định kỳ đúng hạn, đủ nội dung"
    assert by_kind[("bands_changed", "1.3")].new == "≥ 40 → 1,5; ≥ 25 và < 40 → 0,5; < 25 → 0 [0; 100]"  # Vietnamese numbers


def test_no_changes_against_itself():
    e = find_edition("par-dept-model-2020")
    assert diff_editions(e, e).empty


def test_renumbered_by_name_not_renamed():
    e = find_edition("par-dept-model-2020")
    data = e.model_dump(mode="json")
    field = data["fields"][1]                       # field 2: drop 2.1, the others move up one number
    field["children"] = field["children"][1:]
    field["max_points"] = sum(c["max_points"] for c in field["children"])
    for k, child in enumerate(field["children"], start=1):
        child["id"] = f"2.{k}"
    changed = Edition.model_validate(data)
    kinds = [(c.kind, c.old_id, c.new_id) for c in diff_editions(e, changed).changes]
    assert kinds == [("removed", "2.1", None), ("renumbered", "2.2", "2.1"), ("renumbered", "2.3", "2.2"),
                     ("renumbered", "2.4", "2.3"), ("points_changed", "2", "2")]


def test_cli_diff_table_and_json():
    runner = CliRunner()
    a, b = str(SAMPLES / "bo-tieu-chi-mau-2023.yaml"), str(SAMPLES / "bo-tieu-chi-mau-2024.yaml")
    table = runner.invoke(criteria_group, ["diff", a, b, "--lang", "en"])
    assert table.exit_code == 0
    assert table.output.strip().splitlines()[-1] == ("removed: 1, added: 1, moved: 1, renamed: 1, points changed: 3, "
                                                     "bands changed: 2, scoring changed: 1")
    js = json.loads(runner.invoke(criteria_group, ["diff", a, b, "--format", "json"]).output)
    assert js["from"] == "sample-dept-2023" and len(js["changes"]) == 10
    assert runner.invoke(criteria_group, ["diff", a, b, "--exit-code"]).exit_code == 1
