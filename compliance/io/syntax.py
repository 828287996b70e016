"""The YAML and JSON parsers' syntax problems in plain words (catalogue messages): one table each.

PyYAML (libyaml's C parser, or PyYAML's own when libyaml is missing: their English differs) and the
standard library's ``json`` describe a problem in their own English ("mapping values are not allowed in
this context", "Expecting ',' delimiter"). :func:`yaml_problem` and :func:`json_problem` say the ones
people make when they write a file by hand (a tab to indent, a colon missing or inside a value, a quote
or bracket not closed, a line indented out of step, Word's curly quotes, a trailing comma, a decimal
comma, a comment in JSON…) in words an office worker understands, looking at the text around the
parser's mark to tell the cases apart. A problem not in the tables keeps the parser's words, said to be
the parser's. Each problem below was produced from its parser (tests/test_syntax_errors.py writes
the files the way users break them and checks the lines).

Layer: io (foundation below it only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from compliance.i18n import M, Message, Num

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks
_CURLY = "“”‘’„"  # a word processor's quotes
_CLOSERS = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Spot:
    """The text at a parser's mark. ``char``: the character at the problem (``""`` at the end of the
    text); ``head``: the problem's line up to the problem; ``line_text``: the whole line; ``opened``:
    (line, column), 1-based, where the construct that failed began (the parser's context mark), or
    None; ``opener``: the character there (a quote, a bracket, ``*``, ``&``); ``above``: the lines
    before the problem's line."""

    char: str
    head: str
    line_text: str
    opened: tuple[int, int] | None = None
    opener: str = ""
    above: tuple[str, ...] = ()

    @property
    def before(self) -> str:
        """The last character before the problem on its line that is not blank (``""``: none)."""
        head = self.head.rstrip()
        return head[-1] if head else ""

    @property
    def key(self) -> str:
        """The key the problem's line starts with ("name" in "  - name: UBND: phường")."""
        return self.line_text.partition(":")[0].strip().removeprefix("- ").strip().strip("\"'")


def _spot(text: str, line: int, column: int, opened: tuple[int, int] | None = None) -> Spot:
    """A :class:`Spot` for 0-based ``line`` and ``column`` of ``text``; ``opened``: 0-based too."""
    lines = _BREAK.split(text)
    line_text = lines[line] if 0 <= line < len(lines) else ""
    opener = ""
    if opened is not None:
        open_line = lines[opened[0]] if 0 <= opened[0] < len(lines) else ""
        opener = open_line[opened[1]:opened[1] + 1]
        opened = (opened[0] + 1, opened[1] + 1)
    return Spot(line_text[column:column + 1], line_text[:column], line_text, opened, opener, tuple(lines[:max(line, 0)]))


def _opening_quote(spot: Spot) -> tuple[int, int] | None:
    """(line, column), 1-based, of the quote that the closing quote just before the problem closes, when it
    is on an earlier line: a quote left open there, which YAML read on to this line's quote."""
    quote, head = spot.before, spot.head.rstrip()
    if quote not in "\"'" or head.count(quote) != 1:  # the line opens and closes its own quotes
        return None
    for row in range(len(spot.above) - 1, -1, -1):
        column = spot.above[row].rfind(quote)
        if column >= 0:
            return row + 1, column + 1
    return None


# -- the words: shared by both parsers where the mistake is the same ---------------------------------------

def _curly() -> Message:
    return M('curly quotes (“ ” from a word processor) are not quotes here: type straight double quotes ("…")')


def _control(character: int) -> Message:
    return M("the invisible control character U+{character:04X} is not allowed here (it is often pasted from "
             "another program): delete it", character=character)


def _special(character: str) -> Message:
    return M('a value cannot begin with \'{character}\', which has a meaning of its own in YAML: put the whole '
             'value in double quotes ("…")', character=character)


def _indent(spot: Spot) -> Message:
    opened = _opening_quote(spot) if spot.before else None
    if opened is not None:
        return M("the quote {quote} opened on line {line}, column {column} is not closed on that line: YAML reads "
                 "on to the next {quote}, here", quote=spot.before, line=opened[0], column=opened[1])
    if spot.before in "\"'”’]}" and spot.before:
        return M("text follows the closing {mark}: the whole value must be inside one pair of quotes, and a quote "
                 "inside the value must be of the other kind (' inside \"…\", \" inside '…')", mark=spot.before)
    return M("this line is not indented like the lines above it: keys of one level start in the same column "
             "(indent with spaces), and a list item '-' sits under its key")


def _colon(spot: Spot) -> Message:
    head = spot.head
    if any(q in head for q in _CURLY):
        return _curly()
    if re.search(r":(\s|$)", head):  # the line has its key's colon already: this one is inside the value
        return M('the value of \'{key}\' holds a colon followed by a space, which YAML reads as a new key: put '
                 'the whole value in double quotes ("…")', key=spot.key)
    return M("a key cannot begin here: the line above may lack the colon (:) after its key, or this line is "
             "indented more than the line above")


def _name(spot: Spot, sign: str) -> str:
    found = re.match(re.escape(sign) + r"?([^\s,\[\]{}]*)", spot.line_text[len(spot.head):])
    return found.group(1) if found else ""


def _at(spot: Spot) -> dict:
    line, column = spot.opened or (None, None)
    return {"line": line, "column": column}


Rule = tuple[re.Pattern, Callable[[Spot], bool] | None, Callable[[Spot], Message]]

YAML_RULES: tuple[Rule, ...] = (
    # libyaml: "found character that cannot start any token", "found a tab character that violates
    # indentation"; PyYAML: "found character '\t' that cannot start any token"
    (re.compile(r"cannot start any token|tab character"), lambda s: s.char == "\t",
     lambda s: M("a tab character here: YAML indents and separates with spaces only (replace the tab with "
                 "spaces)")),
    (re.compile(r"cannot start any token"), None, lambda s: _special(s.char)),
    (re.compile(r"undefined alias"), None,
     lambda s: M("'*{name}' repeats a value marked '&{name}', and no value is marked so: if '*' belongs to the "
                 'text, put the whole value in double quotes ("…")', name=_name(s, "*"))),
    (re.compile(r"duplicate anchor"), None,
     lambda s: M("'&{name}' marks a value to repeat it elsewhere, and the same mark is used on line {line}: if "
                 "'&' belongs to the text, put the whole value in double quotes", name=_name(s, "&"),
                 line=_at(s)["line"])),
    (re.compile(r"while scanning an? (alias|anchor|block scalar)"), lambda s: bool(s.opener),
     lambda s: _special(s.opener)),
    (re.compile(r"mapping values are not allowed"), None, _colon),
    (re.compile(r"could not find expected ':'"), lambda s: s.opened is not None,
     lambda s: M("the key on line {line} has no colon (:) after it", line=s.opened[0])),
    (re.compile(r"while scanning a quoted scalar.*(end of stream|document)"), lambda s: s.opened is not None,
     lambda s: M("the quote {quote} opened on line {line}, column {column} is never closed", quote=s.opener,
                 **_at(s))),
    (re.compile(r"quoted scalar.*(escape|hex)"), None,
     lambda s: M("inside double quotes a backslash ({one}) starts a special character: write it twice ({two}), "
                 "or put the value in single quotes ('…')", one="\\", two="\\\\")),
    (re.compile(r"while parsing a flow (sequence|mapping).*expected ','"), lambda s: s.opener in _CLOSERS,
     lambda s: M("the bracket '{bracket}' opened on line {line}, column {column} is not closed with '{closer}', "
                 "or a comma is missing between its items", bracket=s.opener, closer=_CLOSERS[s.opener], **_at(s))),
    # libyaml: "did not find expected key" / "… '-' indicator" / "… <document start>"; PyYAML: "expected
    # <block end>, but found …" / "expected '<document start>', but found …"
    (re.compile(r"did not find expected (key|'-' indicator|<document start>)|expected <block end>|"
                r"expected '<document start>'"), None, _indent),
    (re.compile(r"expected a single document"), None,
     lambda s: M("a second document starts here ('---'): a file holds one")),
)
"""(pattern over "context | problem", condition on the :class:`Spot` or None, the words): the first row
that matches says the problem."""


def yaml_problem(context: str | None, problem: str | None, text: str, mark, context_mark=None) -> Message:
    """The YAML parser's problem (``context``, ``problem``: a ``MarkedYAMLError``'s English; ``mark``:
    where it is, ``context_mark``: where the construct began, both 0-based PyYAML marks) in plain words:
    "YAML syntax error: <what is wrong and what to do>", or with the parser's own words when the
    problem is not in :data:`YAML_RULES`."""
    said = " | ".join(p for p in (context, problem) if p)
    if mark is not None:
        opened = (context_mark.line, context_mark.column) if context_mark is not None else None
        spot = _spot(text, mark.line, mark.column, opened)
        for pattern, when, say in YAML_RULES:
            if pattern.search(said) and (when is None or when(spot)):
                if not text[getattr(mark, "index", len(text)):].strip():
                    # open at the very end of the file: most often a file cut short
                    return M("YAML syntax error: {value}", value=M("{midway}; {what}", midway=_ends_midway(), what=say(spot)))
                return M("YAML syntax error: {value}", value=say(spot))
    return M("YAML syntax error (the parser says: {detail})", detail=problem or context or "")


def yaml_curly() -> Message:
    """Word's curly quotes around a whole plain value (``date: “08/07/2025”`` in a flow mapping, where YAML
    reads them as letters of the value: the date would not be a date)."""
    return M("YAML syntax error: {value}", value=_curly())


def yaml_character(character: int) -> Message:
    """A character YAML does not read (``yaml.reader.ReaderError``: a control character; its reason,
    "control/special characters are not allowed", is what this says)."""
    return M("YAML syntax error: {value}", value=_control(character))


def _json_quote_or_comment(spot: Spot) -> Message | None:
    if spot.char in _CURLY:
        return _curly()
    if spot.char == "'":
        return M('text goes in double quotes ("…") in JSON, not in single quotes')
    if spot.char in "/#":
        return M("JSON allows no comments (// … or # …): delete them")
    return None


def _ends_midway() -> Message:
    """A file that stops inside its data (a value, a text or a bracket left open at its very end): most
    often one cut short while downloaded or copied."""
    return M("the file ends mid-way (perhaps not fully downloaded or copied): a value or a closing bracket is missing")


def _json_property(spot: Spot) -> Message:
    if spot.char == "":
        return _ends_midway()
    if spot.char in "}]":
        return M("a comma before '{closer}' with nothing after it: delete the last comma", closer=spot.char)
    if spot.char.isdigit() and re.search(r"\d,\s*$", spot.head):
        return M("a number in JSON has no thousands separator and a point before its decimals (28044, 1.5): never a "
                 "comma")
    return _json_quote_or_comment(spot) or M('a key is written in double quotes ("name": …)')


def _json_value(spot: Spot) -> Message:
    if spot.char == "":
        return _ends_midway()
    if spot.char in "}]":
        return M("a comma before '{closer}' with nothing after it: delete the last comma", closer=spot.char)
    return _json_quote_or_comment(spot) or M("a value is expected here: a number, text in double quotes, true, "
                                             "false, null, a list or an object")


def _json_comma(spot: Spot) -> Message:
    if spot.char == "":
        return _ends_midway()
    return _json_quote_or_comment(spot) or M("a comma (,) is missing before this item, or a closing bracket")


JSON_RULES: dict[str, Callable[[Spot], Message]] = {
    "Expecting property name enclosed in double quotes": _json_property,
    "Expecting value": _json_value,
    "Expecting ',' delimiter": _json_comma,
    "Expecting ':' delimiter": lambda s: M("a colon (:) is missing between the key and its value"),
    "Extra data": lambda s: M("the data has ended, yet the file goes on: delete what follows (often one "
                              "closing bracket too many)"),
    "Unterminated string starting at": lambda s: M("the text that starts here has no closing double quote"),
    "Invalid control character at": lambda s: (
        M("a text runs on to the next line: close its double quote on the same line (a line break inside "
          "a text is written {nl})", nl="\\n") if s.char in "\r\n" else
        M("a tab inside a text: type a space (or write {tab})", tab="\\t") if s.char == "\t" else
        _control(ord(s.char or "\0"))),
    "Invalid \\escape": lambda s: M("a backslash ({one}) inside a text is written twice ({two})", one="\\",
                                    two="\\\\"),
    "Invalid \\uXXXX escape": lambda s: M("a backslash ({one}) inside a text is written twice ({two})", one="\\",
                                          two="\\\\"),
}
"""``json.JSONDecodeError.msg`` (Python 3.11–3.12) → the words, given the :class:`Spot` of its position."""


def json_problem(exc, text: str) -> Message:
    """A ``json.JSONDecodeError`` in plain words: "JSON syntax error: <what is wrong and what to do>",
    or with the parser's own words when its problem is not in :data:`JSON_RULES`."""
    say = JSON_RULES.get(exc.msg)
    if say is None:
        return M("JSON syntax error (the parser says: {detail})", detail=exc.msg)
    line_start = text.rfind("\n", 0, exc.pos) + 1  # json counts lines by "\n" only
    line_end = text.find("\n", exc.pos)
    line_text = text[line_start:line_end if line_end >= 0 else len(text)]
    spot = Spot(text[exc.pos:exc.pos + 1], text[line_start:exc.pos], line_text)
    if exc.msg.startswith("Unterminated string") and '"' not in text[exc.pos + 1:]:
        return M("JSON syntax error: {msg}", msg=_ends_midway())  # the text runs to the end of the file
    return M("JSON syntax error: {msg}", msg=say(spot))


_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


def csv_problem(exc: Exception) -> Message:
    """A ``csv.Error`` of Python's CSV reader in plain words (the one it raises on real files: a cell longer
    than its limit, as in a file that is not a table, or a quote opened and never closed that swallows the
    rest of the file into one cell), or with the reader's own words."""
    found = _FIELD_LIMIT.search(str(exc))
    if found:
        return M("CSV syntax error: a cell is longer than {n} characters (Excel keeps at most 32,767 in a cell): "
                 "a quote (\") opened and never closed takes in the lines after it, or the file is not a table "
                 "saved as CSV", n=Num(int(found.group(1))))
    return M("CSV syntax error (the reader says: {detail})", detail=str(exc))
