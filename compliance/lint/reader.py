"""Read a narrative report into located paragraphs and tables: ``.docx``, ``.pdf`` (text layer), ``.txt``, ``.md``.

Every format is read into the same :class:`Doc`: paragraphs (each with its number, and its line or
page) and tables (rows of cells, each with its row and column), in document order, NFC-normalised.
Then the same clean-up runs for every format, so a report saved as .txt or as .docx reads the same:

- a paragraph cut in two by a page break ("… của Sở Xây" / "dựng (…)") is joined again: the first part
  ends without closing punctuation and the second starts with a small letter;
- a table cut by a page break is one table: the header row repeated on the next page is dropped, and a
  row whose first cell is empty and whose other cells go on in small letters is the rest of the row
  above (its cells are appended);
- in a plain-text file, a line holding tab characters is a table row; blank lines between rows (page
  breaks) do not end the table; a row with fewer cells than the header lost its empty cells after the
  first one (as PDF-to-text tools drop them) and is aligned to the right;
- Word's automatic paragraph numbering ("I.", "1.", "1.1") is written in front of the text, as the
  reader of the printed page sees it.

Errors: a file that cannot be read (missing, empty, damaged, not UTF-8, a PDF without a text layer,
an unknown suffix) raises :class:`compliance.errors.InputError` with one line naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, places
from compliance.lint.clean import tidy
from compliance.lint.model import Place

MAX_BYTES = 50 * 1024 * 1024
"""Largest report file read (bytes)."""
SUFFIXES = (".docx", ".pdf", ".txt", ".md")

_CLOSED = tuple(".:;!?)”\"…")


@dataclass
class Para:
    """A paragraph (or a table cell's text) and its place."""

    text: str
    place: Place


@dataclass
class Table:
    """A table: ``header`` (the first row's texts) and ``rows`` of cells (data rows, row 2 onwards)."""

    number: int
    header: list[str]
    rows: list[list[Para]]
    place: Place

    def column(self, *words: str) -> int | None:
        """Index (0-based) of the first header cell containing one of ``words`` (case-insensitive)."""
        for i, name in enumerate(self.header):
            low = name.lower()
            if any(w in low for w in words):
                return i
        return None


@dataclass
class Doc:
    """A report read: ``blocks`` in document order (:class:`Para` or :class:`Table`)."""

    path: Path
    file_format: str
    blocks: list = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def units(self) -> list[Para]:
        """Every paragraph and every table cell, in document order."""
        out: list[Para] = []
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b)
            else:
                out.extend(c for row in b.rows for c in row if c.text)
        return out


# ------------------------------------------------------------------------------------ raw items
# A reader yields raw items: ("p", text, line, page), ("row", [cells], line, page) and ("break",).


def read_document(path: str | Path) -> Doc:
    """Read a report (.docx, .pdf, .txt, .md) into a :class:`Doc`; InputError (one line) if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, M("a report is read from .docx, .pdf, .txt or .md"))
    if not path.is_file():
        raise InputError(path, M("not found") if not path.exists() else M("is not a file"))
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, M("the file is empty"))
    if size > MAX_BYTES:
        raise InputError(path, M("the file has {value} MB (at most {value2} MB are read)", value=size // (1024 * 1024), value2=MAX_BYTES // (1024 * 1024)))
    if suffix == ".docx":
        from compliance.lint.docx_reader import read_docx

        raw = read_docx(path)
    elif suffix == ".pdf":
        from compliance.lint.pdf_reader import read_pdf

        raw = read_pdf(path)
    else:
        raw = _read_text(path, markdown=suffix == ".md")
    doc = Doc(path, suffix[1:])
    _assemble(doc, raw)
    if not doc.blocks:
        raise InputError(path, M("no text was found in the report"))
    return doc


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, M("is not UTF-8 text (save it as UTF-8)"), places.line(line)) from None


_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _read_text(path: Path, markdown: bool) -> list[tuple]:
    items: list[tuple] = []
    for n, line in enumerate(_decode(path).splitlines(), start=1):
        if not line.strip():
            items.append(("break",))
        elif markdown and line.lstrip().startswith("|"):
            if _MD_RULE.match(line.strip()):
                continue
            cells = line.strip().strip("|").split("|")
            items.append(("row", [tidy(c) for c in cells], n, None))
        elif "\t" in line:
            items.append(("row", [tidy(c) for c in line.split("\t")], n, None))
        else:
            text = re.sub(r"^#{1,6}\s+", "", line.strip()) if markdown else line
            items.append(("p", tidy(text), n, None))
    return items


# ------------------------------------------------------------------------------------- assembly


def _continues(prev: str, text: str) -> bool:
    """True when ``text`` is the rest of the paragraph ``prev`` (cut by a page break)."""
    return (bool(prev) and not prev.endswith(_CLOSED) and text[:1].isalpha() and text[:1].islower()
            and not re.match(r"[a-zđ]\)\s", text))


def _assemble(doc: Doc, raw: list[tuple]) -> None:
    paragraph = 0
    rows: list[tuple] = []
    for item in raw + [("end",)]:
        kind = item[0]
        if kind == "row":
            if any(item[1]):
                rows.append(item)
            continue
        if kind == "break":
            continue
        if rows:
            doc.blocks.append(_table(len(doc.tables) + 1, rows))
            rows = []
        if kind != "p" or not item[1]:
            continue
        last = doc.blocks[-1] if doc.blocks else None
        if isinstance(last, Para) and _continues(last.text, item[1]):
            last.text = f"{last.text} {item[1]}"
            continue
        paragraph += 1
        doc.blocks.append(Para(item[1], Place(paragraph=paragraph, line=item[2], page=item[3])))


def _is_continuation(cells: list[str]) -> bool:
    return not cells[0] and any(c[:1].isalpha() and c[:1].islower() for c in cells[1:] if c)


def _table(number: int, raw_rows: list[tuple]) -> Table:
    header = list(raw_rows[0][1])
    width = max(len(r[1]) for r in raw_rows)
    header += [""] * (width - len(header))
    first = raw_rows[0]
    rows: list[list[Para]] = []
    for _, cells, line, page in raw_rows[1:]:
        cells = list(cells)
        if len(cells) < width:  # empty cells lost after the first one: align the rest to the right
            cells = cells[:1] + [""] * (width - len(cells)) + cells[1:]
        if [c.lower() for c in cells] == [h.lower() for h in header]:
            continue  # the header repeated on the next page
        if rows and _is_continuation(cells):
            for cell, text in zip(rows[-1], cells):
                if text:
                    cell.text = f"{cell.text} {text}".strip()
            continue
        r = len(rows) + 2
        rows.append([Para(text, Place(table=number, row=r, column=c + 1, column_name=header[c] or None, line=line, page=page))
                     for c, text in enumerate(cells)])
    return Table(number, header, rows, Place(table=number, line=first[2], page=first[3]))


