"""The Babel extractor of the catalogue's messages: every ``M("…")`` and ``MC("context", "…")`` call of
the code, read with :mod:`ast` (so calls inside f-strings count too, which Babel's own Python
extractor does not see). ``make messages`` and tests/test_i18n.py use it.

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
