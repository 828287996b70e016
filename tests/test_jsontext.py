"""The stable JSON text (compliance.io.jsontext): orjson's text, byte for byte the text the product
wrote with ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\\n"`` before, on the
2025 sample round and on generated values (floats of every exponent, Vietnamese keys, control
characters, nesting); the standard library writes what orjson would spell otherwise."""

from __future__ import annotations

import json
import math
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.io import jsontext
from compliance.io.jsontext import stable_json
from compliance.round.run import run_round
from compliance.round.text import render_json

ROOT = Path(__file__).resolve().parent.parent
ROUND = ROOT / "samples" / "round"


def _stdlib(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.fixture(scope="module")
def round_2025():
    return run_round(ROUND / "submissions", appraisal=ROUND / "appraisal.yaml", waivers=ROUND / "waivers.yaml")


def test_the_round_json_is_orjsons_and_the_same_text_as_before(round_2025, monkeypatch):
    data = round_2025.model_dump(mode="json")
    before = _stdlib(data)
    monkeypatch.setattr(jsontext.json, "dumps", None)  # the fast path only: the standard library is not called
    text = render_json(round_2025)
    assert text == before
    assert text.startswith('{\n  "agencies": [\n    {\n') and text.endswith("\n}\n")
    assert '"agency_name": "UBND đặc khu Phú Quý"' in text  # Vietnamese as it is, not \u escapes
    assert json.loads(text)["agencies"][0]["agency_code"] == data["agencies"][0]["agency_code"]


@pytest.mark.parametrize("value, spelled", [(1e-05, "1e-05"), (1.5e-07, "1.5e-07"), (6.666666666666667e-06,
                                                                                     "6.666666666666667e-06")])
def test_floats_orjson_spells_otherwise_are_written_by_the_standard_library(value, spelled):
    assert orjson.dumps(value).decode() != spelled
    data = {"points": value, "reason": "2 * b / a"}
    assert stable_json(data) == _stdlib(data) == '{\n  "points": ' + spelled + ',\n  "reason": "2 * b / a"\n}\n'


def test_what_orjson_refuses_is_written_or_refused_as_the_standard_library_does():
    assert stable_json({2: "b", 1: "a"}) == '{\n  "1": "a",\n  "2": "b"\n}\n'  # int keys: sorted as ints
    assert stable_json([2 ** 70]) == "[\n  1180591620717411303424\n]\n"
    with pytest.raises(TypeError):
        stable_json({"on": __import__("datetime").date(2025, 7, 1)})  # orjson would write it; json refuses


_keys = st.text(alphabet=st.sampled_from("aAzđĐêếệ _-.0😀\u2028\x01\"\\"), max_size=6)
_floats = st.floats(allow_nan=False, allow_infinity=False) | st.builds(
    lambda m, e: m * 10.0 ** e, st.floats(1, 10), st.integers(-25, 25))
_leaves = st.none() | st.booleans() | st.integers(-2 ** 63, 2 ** 63 - 1) | _floats | st.text(max_size=12)
_json = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                     max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_any_json_value_is_the_standard_librarys_text(data):
    assert stable_json(data) == _stdlib(data)


def test_every_exponent_of_a_float():
    values = [m * 10.0 ** k for k in range(-320, 308) for m in (1.0, 1.5, 9.999999999999998)]
    values = [v for v in values if math.isfinite(v)]
    assert stable_json(values) == _stdlib(values)
    assert orjson.dumps(values) != json.dumps(values).replace(" ", "").encode()  # orjson alone would differ
