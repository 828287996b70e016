"""Vietnamese numbers in a YAML or JSON submission's figures, read as the fill-in form reads them:
"29,99" (quoted, or unquoted, which YAML reads as text) is 29.99; "28.044" is 28044 and the reading is
noted beside its source; text that is no number is refused at its line and key, the key path as in the
file (no pydantic detail such as ".float")."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.check import check_submission
from compliance.errors import InputError
from compliance.intake.submission import load_submission

ROOT = Path(__file__).resolve().parent.parent
SO_TU_PHAP = ROOT / "samples" / "round" / "submissions" / "so-tu-phap.yaml"


def _figure(tmp_path, key: str, value: str) -> Path:
    """so-tu-phap.yaml with figure ``key`` given ``value`` as written (the figures are flow mappings)."""
    text = SO_TU_PHAP.read_text(encoding="utf-8")
    text, n = re.subn(rf"(?m)^(  {key}: )\{{value: [^,]+,", lambda m: f"{m.group(1)}{{value: {value},", text)
    assert n == 1
    path = tmp_path / "so-tu-phap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"  {key}:"))


@pytest.mark.parametrize("written", ['"29,99"', "'29,99 %'"])
def test_a_vietnamese_decimal_is_read(tmp_path, written):
    path = _figure(tmp_path, "satisfaction_rate", written)
    loaded = load_submission(path)
    assert loaded.submission.figures["satisfaction_rate"].value == 29.99
    assert loaded.readings == {}  # one reading only: nothing to note
    card = check_submission(loaded)
    row = next(r for r in card.rows if r.id == "3.3.5")
    assert (row.computed, row.state.value) == (0, "fail")  # 29.99 < 80: the lowest band


def test_an_unquoted_decimal_in_a_block_mapping(tmp_path):
    text = SO_TU_PHAP.read_text(encoding="utf-8").replace(
        "  satisfaction_rate: {value: 96, unit: percent, label: Tỷ lệ hài lòng}",
        "  satisfaction_rate:\n    value: 29,99\n    unit: percent\n    label: Tỷ lệ hài lòng")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_submission(path).submission.figures["satisfaction_rate"].value == 29.99


def test_an_ambiguous_reading_is_noted_beside_its_source(tmp_path):
    path = _figure(tmp_path, "propaganda_channels", '"1.234"')
    loaded = load_submission(path)
    assert loaded.submission.figures["propaganda_channels"].value == 1234
    line = _line_of(path, "propaganda_channels")
    metric = next(m for m in check_submission(loaded).metrics if m.id == "propaganda_channels")
    assert metric.source == (f"so-tu-phap.yaml:{line} ('1.234' read as 1234 ('.' as the Vietnamese thousands "
                             "separator); in English it would be 1.234)")


def test_json_figures_too(tmp_path):
    data = json.loads((ROOT / "samples" / "round" / "submissions" / "phuong-xuan-huong.json").read_text(encoding="utf-8"))
    key = next(k for k, f in data["figures"].items() if f["unit"] == "percent")
    data["figures"][key]["value"] = "47,26 %"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_submission(path).submission.figures[key].value == 47.26


def test_text_that_is_no_number_names_its_line_and_key(tmp_path):
    path = _figure(tmp_path, "satisfaction_rate", '"chín mươi"')
    with pytest.raises(InputError) as err:
        load_submission(path)
    line = _line_of(path, "satisfaction_rate")
    assert err.value.where == f"line {line}, figures.satisfaction_rate.value"
    assert err.value.message == "'chín mươi' is not a number (write 29,99 or 28.044 as in the report)"


def test_no_pydantic_detail_in_the_place(tmp_path):
    path = _figure(tmp_path, "satisfaction_rate", "[96]")  # a list: refused by the model, not by the reading
    out = subprocess.run([sys.executable, "-m", "compliance", "check", str(path)], capture_output=True, text=True,
                         env={**os.environ, "COMPLIANCE_LANG": "en"})  # the English line
    assert out.returncode == 2
    line = _line_of(path, "satisfaction_rate")
    assert out.stderr.startswith(f"error: {path}: line {line}, figures.satisfaction_rate.value: ")
    assert ".float" not in out.stderr and ".int" not in out.stderr
