"""Word (.docx) reports, read with python-docx: paragraphs in order, tables as tables, and the numbers
Word draws in front of automatically numbered paragraphs ("I.", "2.", "1.1.") written into the text.

Yields the raw items :func:`compliance.lint.reader.read_document` assembles: ``("p", text, None,
None)`` per paragraph and ``("row", cells, None, None)`` per table row, an ``("end",)`` after each
table (two tables with an empty paragraph between them stay two tables). A cell merged across
columns or rows is repeated in each column and row it covers (so column numbers follow the grid); the
paragraphs inside a cell are joined with spaces.

The text is what Word shows once the tracked changes are accepted (ECMA-376 Part 1, 17.13.5 revisions):
inserted runs (``w:ins``, ``w:moveTo``) in, deleted ones (``w:del``, ``w:moveFrom``) out; the text of
content controls (``w:sdt``, around runs, paragraphs, tables or a cell's paragraphs), simple fields
(``w:fldSimple``), smart tags and custom XML is read where it stands. A document that still holds tracked
changes yields a ``("note", "tracked_changes", message)`` item, said under the assumptions.
"""

from __future__ import annotations

from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.lint.clean import check_zip, tidy

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GONE = {f"{_W}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr")}
"""Children of a paragraph whose text Word does not show once changes are accepted (or that hold none)."""
_REVISIONS = ("ins", "del", "moveFrom", "moveTo")
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}
"""Block-level wrappers whose paragraphs and tables are the document's own (content controls, custom XML)."""


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(), "upperLetter": lambda n: _letter(n).upper(), "lowerLetter": _letter,
}


class _Numbering:
    """Word's list numbering: ``label(paragraph)`` gives the text Word draws ("II.", "1.2.") or ""."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            lv = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lv[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1)
            abstract[node.get(f"{_W}abstractNumId")] = lv
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None:
            style = getattr(paragraph.style, "element", None)
            spr = style.pPr if style is not None else None
            numpr = spr.numPr if spr is not None else None
        if numpr is None or numpr.numId is None:
            return ""
        num_id = str(numpr.numId.val)
        ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        for lv in range(ilvl + 1):
            lfmt, _, start = levels.get(lv, ("decimal", "", 1))
            value = counts[lv] + start - 1 if counts[lv] else start
            text = text.replace(f"%{lv + 1}", _FORMATS.get(lfmt, str)(value))
        return text


def shown_text(p) -> str:
    """The text of the paragraph element ``p`` (``w:p``) as Word shows it with its tracked changes accepted:
    runs inside insertions, hyperlinks, content controls, fields, smart tags in; deletions out; a run's tabs
    and breaks as python-docx writes them; the text of a drawing's text box is not the paragraph's."""
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == f"{_W}r":
            out.append(child.text)
        elif child.tag not in _GONE:
            stack.append(iter(child))
    return "".join(out)


def _blocks(parent):
    """The paragraphs (``w:p``) and tables (``w:tbl``) of a body or a cell, in order, content controls and custom
    XML opened."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _cell_text(cell) -> str:
    return tidy(" ".join(shown_text(p) for p in _blocks(cell._tc) if p.tag == f"{_W}p"))


def _deleted(tr) -> bool:
    """Whether the table row ``tr`` is a tracked deletion (``w:trPr/w:del``): gone once changes are accepted."""
    props = tr.find(f"{_W}trPr")
    return props is not None and props.find(f"{_W}del") is not None


def _revised(document) -> bool:
    """Whether the document's body still holds tracked changes of its text (not yet accepted or rejected)."""
    body = document.element.body
    return any(next(body.iter(f"{_W}{t}"), None) is not None for t in _REVISIONS)


def read_docx(path: Path) -> list[tuple]:
    """Raw items of a .docx; InputError for a damaged file or one that is not a .docx."""
    check_zip(path, ".docx")
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise InputError(path, M("cannot be read as a Word document ({name}: {exc})", name=type(exc).__name__, exc=exc)) from None
    numbering = _Numbering(document)
    items: list[tuple] = []
    if _revised(document):
        items.append(("note", "tracked_changes", M("the document still holds tracked changes (Track Changes): "
                                                   "read as it reads once they are accepted")))
    body = document._body
    for element in _blocks(document.element.body):
        if element.tag == f"{_W}tbl":
            for row in DocxTable(element, body).rows:
                if _deleted(row._tr):
                    continue
                items.append(("row", [_cell_text(c) for c in row.cells], None, None))
            items.append(("end",))
            continue
        block = Paragraph(element, body)
        text = tidy(shown_text(element))
        if not text:
            continue
        label = numbering.label(block)
        if label and label != "-":
            text = f"{label} {text}"
        elif label == "-" and not text.startswith(("-", "–", "•")):
            text = f"- {text}"
        items.append(("p", text, None, None))
    return items
