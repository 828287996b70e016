"""The Babel extractor of the catalogue's messages: every ``M("…")`` and ``MC("context", "…")`` call of
the code, read with :mod:`ast` (so calls inside f-strings count too, which Babel's own Python
extractor does not see), and the command line's help texts (:func:`help_texts`: click command
docstrings and ``help=`` strings, translated by ``compliance.cli.help``). ``make messages`` and
tests/test_i18n.py use it.

Layer: foundation (no project imports).
"""

from __future__ import annotations

import ast
from typing import Iterator


def calls(source: str) -> Iterator[tuple[int, str | None, str]]:
    """(line, context, msgid) of each catalogue call in ``source`` whose text is a literal; a call whose
    text is not a literal yields ``(line, None, "")`` so that a test can refuse it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("M", "MC"):
            args = node.args[:2] if node.func.id == "MC" else node.args[:1]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args) and args:
                if node.func.id == "MC" and len(args) == 2:
                    yield node.lineno, args[0].value, args[1].value
                elif node.func.id == "M":
                    yield node.lineno, None, args[0].value
                else:
                    yield node.lineno, None, ""
            else:
                yield node.lineno, None, ""


HELP_CALLS = frozenset({"command", "group", "option", "argument", "help_option", "version_option"})
"""The click decorators whose ``help=`` (and, for a command or group, whose function's docstring) is a
help text: ``@cli.command()``, ``@click.group("round")``, ``@click.option(..., help="…")``, and the
same names bound to a variable (``LANG = click.option(...)``)."""


def _called(node: ast.AST) -> str | None:
    func = node.func if isinstance(node, ast.Call) else None
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def help_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each click help text in ``source``: the literal ``help=`` of a click decorator call,
    and the docstring of a function decorated as a command or group without ``help=``, cleaned as click
    shows it (:func:`inspect.cleandoc`, cut at a form feed ``\\f``). These texts are message ids: the
    English stays at the command, its Vietnamese is in the catalogue."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node) in HELP_CALLS:
            for kw in node.keywords:
                if kw.arg == "help" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    yield kw.value.lineno, kw.value.value
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            commands = [d for d in node.decorator_list if _called(d) in ("command", "group")]
            doc = ast.get_docstring(node, clean=True)
            if commands and doc and not any(kw.arg == "help" for d in commands for kw in d.keywords):
                yield node.lineno, doc.partition("\f")[0].strip()


def extract(fileobj, keywords, comment_tags, options):
    """Babel's extraction method interface (``babel.cfg``: ``[compliance.i18n.extract:extract: **.py]``)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, context, msgid in calls(source):
        if not msgid:
            continue
        if context is None:
            yield line, "gettext", msgid, []
        else:
            yield line, "pgettext", (context, msgid), []
    for line, msgid in help_texts(source):
        yield line, "gettext", msgid, []
