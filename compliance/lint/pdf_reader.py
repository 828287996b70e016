"""PDF reports with a text layer, read with pypdf, page by page.

The lines of a page are joined into paragraphs: a line starts a new paragraph when it starts with a
numbering ("I.", "1.", "1.1", "a)"), a dash or a bullet, or when the line before it ends with closing
punctuation or is clearly shorter than the page's long lines; otherwise it is the same paragraph
wrapped. A PDF carries no table structure: a table's rows come out as lines of text (use the .docx
when there is one). Places are the page and the line on that page.

A PDF that is encrypted with a password, damaged, or has no text layer (a scan) raises
:class:`compliance.errors.InputError` with one line saying so.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.lint.clean import tidy

_NEW = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?\s|[a-zđ]\)|[-–•+*]\s)")
_ENDS = tuple(".:;!?)”\"…")


def _paragraphs(lines: list[str], page: int) -> list[tuple]:
    longest = max((len(x) for x in lines), default=0)
    items: list[tuple] = []
    text, first = "", 0
    prev = ""
    for n, raw in enumerate(lines, start=1):
        line = tidy(raw)
        if not line:
            continue
        starts_new = (not text or _NEW.match(line) or prev.endswith(_ENDS) or len(prev) < 0.75 * longest)
        if starts_new:
            if text:
                items.append(("p", text, first, page))
            text, first = line, n
        else:
            text = f"{text} {line}"
        prev = line
    if text:
        items.append(("p", text, first, page))
    return items


def read_pdf(path: Path) -> list[tuple]:
    """Raw items of a PDF's text layer; InputError when it has none or cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, M("the PDF is protected by a password; give an unprotected copy"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(path, M("damaged PDF, cannot be read ({exc})", exc=exc)) from None
    if not any(p.strip() for p in pages):
        raise InputError(path, M("the PDF has no text layer ({n} page(s) of images, a scan?): run OCR on it or give the .docx", n=len(pages)))
    items: list[tuple] = []
    for number, text in enumerate(pages, start=1):
        items.extend(_paragraphs(text.splitlines(), number))
        items.append(("break",))
    return items
