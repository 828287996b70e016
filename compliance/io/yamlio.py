"""Safe YAML/JSON loading that remembers where each value came from.

``load_data(path)`` returns plain Python data (NFC-normalised text) and a :class:`Locator` that maps a
path inside the data (``("dossier_summary", "received", "total")``) to a line number, so validation
errors can name the line. YAML is composed with the safe loader only (C or pure Python): no tags, no objects.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from pydantic import BaseModel, ValidationError

from compliance.errors import InputError
from compliance.i18n import M, Num, places
from compliance.i18n.validation import date_problem, explain, with_more
from compliance.io.files import note_input
from compliance.io.table_source import BOMS
from compliance.io.syntax import json_problem, yaml_character, yaml_curly, yaml_problem

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_VALUES = 1_000_000
MAX_DEPTH = 64
"""Levels of nested mappings and lists read (the deepest shipped file, a criteria edition, has 10):
deeper input would exhaust Python's recursion in the parser, the NFC pass or pydantic."""
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it; safe either way


class Locator:
    """Maps a data path (tuple of keys and list indexes) to a 1-based line number."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[tuple, int] = {}

    def line_of(self, loc: Iterable) -> int | None:
        """Line of the deepest known prefix of ``loc``; None when nothing is known."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def where(self, loc: Iterable) -> str:
        """"line N, a.b[2].c" for the user (a catalogue message: "dòng N, khoá a.b[2].c")."""
        loc = tuple(loc)
        return places.line(self.line_of(loc), dotted_path(loc) or None)


def dotted_path(loc: Iterable) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))  # zero-width characters


def clean_text(text: str) -> str:
    """NFC, without zero-width characters (they make "DNO-\u200bVPUBND" a different agency code)."""
    if text.isascii():  # no zero-width character, and already NFC
        return text
    return unicodedata.normalize("NFC", text.translate(INVISIBLE))


def nfc(value: Any) -> Any:
    """NFC-normalise every string inside ``value`` (keys included), dropping zero-width characters."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


class _Budget(yaml.constructor.SafeConstructor):
    """The safe scalar constructor, counting the values built: aliases ("&a … *a") let a few lines expand
    to billions of values, so more than :data:`MAX_VALUES` is refused."""

    built = 0


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_CONSTRUCTORS = {f"tag:yaml.org,2002:{t}": yaml.constructor.SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{t}"]
                        for t in ("null", "bool", "int", "float", "str", "timestamp")}


#: a word processor's quotes: a plain value wrapped in them was meant to be quoted ("date: “08/07/2025”")
_CURLY_OPEN, _CURLY_CLOSE = "“‘„", "”’“"


def _too_deep(path: Path, where: str | None) -> InputError:
    return InputError(path, M("nested more than {max_depth} levels deep: refused", max_depth=MAX_DEPTH), where)


def _construct(node: yaml.Node, loc: tuple, locator: Locator, path: Path, scalars: _Budget) -> Any:
    scalars.built += 1
    if len(loc) > MAX_DEPTH:
        raise _too_deep(path, places.line(node.start_mark.line + 1))
    if scalars.built > MAX_VALUES:
        raise InputError(path, M("more than {n} values once YAML aliases are expanded: refused", n=Num(MAX_VALUES)),
                         places.line(node.start_mark.line + 1))
    locator.lines.setdefault(loc, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise InputError(path, M("YAML tag '{tag}' is not allowed (data only)", tag=node.tag),
                         places.line(node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loc + ("<key>",), locator, path, scalars)
            if not isinstance(key, (str, int)):
                raise InputError(path, M("a key must be text"), places.line(key_node.start_mark.line + 1))
            key = clean_text(key) if isinstance(key, str) else key
            if key in out:
                raise InputError(path, M("key '{key}' is given twice", key=key), places.line(key_node.start_mark.line + 1))
            out[key] = _construct(value_node, loc + (key,), locator, path, scalars)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, loc + (i,), locator, path, scalars) for i, v in enumerate(node.value)]
    # plain scalars through the safe constructor's own function for the tag (construct_object would also
    # remember every node until the document ends); a scalar tagged anything else ("!!binary", "!foo") is refused
    if not node.style and len(node.value) > 1 and node.value[0] in _CURLY_OPEN and node.value[-1] in _CURLY_CLOSE:
        raise InputError(path, yaml_curly(), places.line(node.start_mark.line + 1, column=node.start_mark.column + 1))
    build = _SCALAR_CONSTRUCTORS.get(node.tag)
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as it is written in the file
    if build is None:
        raise InputError(path, M("YAML tag '{tag}' is not allowed (data only)", tag=tag), places.line(node.start_mark.line + 1))
    try:
        value = build(scalars, node)
    except (ValueError, KeyError, AttributeError) as exc:  # 2020-02-31; or a tag that does not fit: "!!bool maybe"
        if node.tag != _TIMESTAMP or not isinstance(exc, ValueError):
            raise InputError(path, M("'{value}' cannot be read as the YAML type '{tag}'", value=node.value, tag=tag),
                             places.line(node.start_mark.line + 1)) from None
        raise InputError(path, date_problem(node.value) or M("'{value}' is not a valid date ({detail})", value=node.value,
                                                              detail=str(exc)), places.line(node.start_mark.line + 1)) from None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _depth(data: Any) -> int:
    """Levels of nested mappings and lists in ``data`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            level += 1
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((v, level) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_place(text: str) -> str | None:
    """"line L, column C" of the bracket that opens level MAX_DEPTH + 1 of a JSON text (strings skipped)."""
    level = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > MAX_DEPTH:
                start = match.start()
                line, line_start = text.count("\n", 0, start) + 1, text.rfind("\n", 0, start) + 1
                return places.line(line, column=start - line_start + 1)
        elif token in "]}":
            level -= 1
    return None


def load_data(path: str | Path) -> tuple[Any, Locator]:
    """Read a ``.yaml``/``.yml``/``.json`` file into plain data and a :class:`Locator`.

    Raises :class:`InputError` for a missing or unreadable file, a file over 50 MB, invalid UTF-8,
    a syntax error (with its line and column, said in plain words by :mod:`compliance.io.syntax`), or
    nesting deeper than :data:`MAX_DEPTH` levels.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, M("file not found"))
    if path.is_dir():
        raise InputError(path, M("is a folder, a file was expected"))
    note_input(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(path, M("file is larger than {n} MB", n=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        raw = path.read_bytes()  # UTF-8 (a BOM allowed), or UTF-16 by its BOM (Notepad's "Unicode")
        text = raw.decode(next((codec for bom, codec in BOMS if raw.startswith(bom)), "utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(path, M("is not UTF-8 text"), M("byte {n}", n=exc.start)) from None
    except OSError as exc:
        raise InputError(path, M("cannot be read ({detail})", detail=exc.strerror)) from None
    locator = Locator(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if not text.strip():
                raise InputError(path, M("file is empty")) from None
            raise InputError(path, json_problem(exc, text), places.line(exc.lineno, column=exc.colno)) from None
        except RecursionError:  # the C decoder recurses once per level
            raise _too_deep(path, _json_depth_place(text)) from None
        if _depth(data) > MAX_DEPTH:
            raise _too_deep(path, _json_depth_place(text))
        return nfc(data), locator
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = places.line(mark.line + 1, column=mark.column + 1) if mark else None
        if "nesting depth" in str(exc.problem):  # libyaml stops at 1000 levels
            raise _too_deep(path, where) from None
        raise InputError(path, yaml_problem(exc.context, exc.problem, text, mark, exc.context_mark), where) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        # the first such character of the text (libyaml's position counts UTF-8 bytes, not characters)
        line = text.count("\n", 0, max(text.find(chr(exc.character)), 0)) + 1
        raise InputError(path, yaml_character(exc.character), places.line(line)) from None
    except yaml.YAMLError as exc:
        raise InputError(path, M("YAML error (the parser says: {detail})", detail=" ".join(str(exc).split()))) from None
    except RecursionError:  # the pure-Python composer (no libyaml) recurses once per level
        raise _too_deep(path, None) from None
    if node is None:
        return None, locator
    # a constructor per file: PyYAML's keeps every node it built until the document ends
    return _construct(node, (), locator, path, _Budget()), locator


def data_path(loc: Iterable, data: Any) -> tuple:
    """The parts of a pydantic error location that are places in ``data``: the tags pydantic adds for a
    union's members ("float" in ``figures.x.value.float``, a discriminated union's tag) are left out;
    the last part stays when it names a key that is missing or unknown."""
    loc = tuple(loc)
    out, here = [], data
    for i, part in enumerate(loc):
        if isinstance(here, dict) and part in here:
            out.append(part)
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            out.append(part)
            here = here[part]
        elif isinstance(here, dict) and i == len(loc) - 1:
            out.append(part)  # a missing (or unknown) key
    return tuple(out)


def validation_error(exc: ValidationError, path: Path, locator: Locator | None, prefix: tuple = (),
                     data: Any = None) -> InputError:
    """Turn the first pydantic error into an :class:`InputError` naming the line and the key path (with
    ``data``, the validated data, only the parts of the path that are places in it: :func:`data_path`), in
    plain words (:func:`compliance.i18n.validation.explain`)."""
    errors = exc.errors()
    # a misspelt key is the most useful thing to say: it also explains the "missing" error beside it
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    loc = prefix + (data_path(loc, data) if data is not None else loc)
    where = locator.where(loc) if locator else places.line(None, dotted_path(loc) or None)
    return InputError(path, with_more(explain(err), len(errors) - 1), where)


def load_located(path: str | Path, model: type[BaseModel], what: str | None = None,
                 prepare: Callable[[dict, Locator], dict] | None = None) -> tuple[BaseModel, Locator]:
    """Load ``path``, validate it as ``model`` and keep its :class:`Locator` (for later messages).

    ``what`` describes the expected file ("a waivers file is a mapping with a 'waivers:' list") for
    the error when the top level is not a mapping. ``prepare``: a step between reading and validating
    (a submission's Vietnamese numbers read in place). Bad input raises :class:`InputError`.
    """
    path = Path(path)
    data, locator = load_data(path)
    if data is None:
        raise InputError(path, M("file is empty"))
    if not isinstance(data, dict):
        raise InputError(path, what or M("the file must be a mapping of keys"), places.line(1))
    if prepare is not None:
        data = prepare(data, locator)
    try:
        return model.model_validate(data), locator
    except ValidationError as exc:
        raise validation_error(exc, path, locator, data=data) from None


def load_model(path: str | Path, model: type[BaseModel]) -> BaseModel:
    """Load ``path`` and validate it as ``model``; bad input raises :class:`InputError`."""
    return load_located(path, model)[0]
