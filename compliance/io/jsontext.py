"""Stable JSON text for the product's ``--format json`` outputs: keys sorted, two-space indentation,
UTF-8 text as it is (no ``\\uXXXX`` for Vietnamese letters), one final line end.

The text is exactly what ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\\n"``
gives (the product's JSON since its first version: scripts and tests compare it byte for byte), made
by orjson, whose encoder is compiled: Python runs ``json.dumps`` with ``indent`` in its pure-Python
encoder, a quarter of a 700-agency ``round run --format json`` (docs/performance.md). Where orjson's
text would differ, the standard library's encoder writes it instead:

- a float below 0.0001 in magnitude (orjson spells 1e-05 ``0.00001`` and 1e-07 ``1e-7``): found by a
  scan of orjson's bytes for ``0.0000`` and for an exponent of one digit (``e-7``); text holding the
  same characters sends the whole value to the standard library too (slower, never different);
- a key that is not a string, an integer beyond 64 bits, a string with a lone surrogate, a subclass
  of str/int/dict/list (a ``str`` enum…), a date or a dataclass: orjson refuses them as told
  (``orjson.JSONEncodeError``), and the standard library writes or refuses them as it always did.

Not covered: a plain ``Enum`` or a ``UUID``, which orjson writes as their value and the standard library
refuses (TypeError); NaN and infinities, which the standard library writes ``NaN``/``Infinity`` (not JSON) and
orjson ``null``; the product refuses them where they are read (figures, points, caps), so no output
holds one.

Layer: io.
"""

from __future__ import annotations

import json
import re

import orjson

_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS
            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)
_OTHER_FLOAT_SPELLING = re.compile(rb"0\.0000|e-\d(?!\d)")
"""Where orjson spells a float otherwise than Python's ``repr`` (magnitudes under 1e-4; verified over
900,000 floats of every exponent and random bit patterns: every difference matches)."""


def stable_json(data) -> str:
    """``data`` (dicts, lists, str, int, float, bool, None: e.g. a ``model_dump(mode="json")``) as JSON
    text, keys sorted, indented by two spaces, ending with a line end; the same text as
    ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\\n"`` (see the module's
    docstring). TypeError/ValueError as ``json.dumps`` for what JSON cannot hold."""
    try:
        out = orjson.dumps(data, option=_OPTIONS)
    except orjson.JSONEncodeError:  # see the module's docstring
        out = None
    if out is None or _OTHER_FLOAT_SPELLING.search(out):
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out.decode("utf-8") + "\n"


__all__ = ["stable_json"]
