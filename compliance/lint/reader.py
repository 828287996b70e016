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
  first one (as PDF-to-text tools drop them) and is aligned to the right; the other lines are joined
  into paragraphs by :mod:`compliance.lint.lines` (wrapped lines, page numbers, hyphenated words);
- a Word table ends where it ends: two tables with an empty paragraph between them are two tables;
- a table's header may take several rows (a merged parent "Số hồ sơ đã giải quyết" over "Tổng số",
  "Trước hạn" …): the header rows are those above the first row holding a figure, and a column is
  named by its own (lowest) header cell, its parent kept in :attr:`Table.groups`;
- the header block of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I: the agency and
  the number on the left, the national name, the motto and "…, ngày … tháng … năm …" on the right),
  laid out as a borderless table or as two columns of text, is read as paragraphs, left column first:
  it is no table of the report;
- Word's automatic paragraph numbering ("I.", "1.", "1.1") is written in front of the text, as the
  reader of the printed page sees it.

A text file is read in UTF-8, UTF-16 (by its byte-order mark) or the encoding detected (windows-1258:
Vietnamese Windows software), NFC-normalised (:func:`compliance.lint.sniff.decode`).

Errors: a file that cannot be read (missing, empty, damaged, in no encoding that can be told, binary, a PDF without a text
layer, an unknown suffix, a file whose content is of another kind than its name says) raises
:class:`compliance.errors.InputError` with one line naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, Message
from compliance.lint.clean import tidy
from compliance.lint.lines import Line, join, page_number
from compliance.lint.model import PLACE_FIELDS, Place
from compliance.lint.sniff import decode, not_a_report, sniff

MAX_BYTES = 50 * 1024 * 1024
"""Largest report file read (bytes)."""
SUFFIXES = (".docx", ".pdf", ".txt", ".md")

_CLOSED = tuple(".:;!?)”\"…")
_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"^\s*[-+]?\d[\d.,]*\s*%?\s*$")
_INDEX_CELL = re.compile(r"^\s*\([a-zA-Z0-9=+\-*/ ]{1,12}\)\s*$")


class Para:
    """A paragraph (or a table cell's text) and where it is: the fields of a
    :class:`compliance.lint.model.Place` (paragraph, line, page, table, row, column, column_name,
    section), kept flat in slots (a long report holds hundreds of thousands of paragraphs); :attr:`place`
    makes the Place when a finding needs it."""

    __slots__ = ("text",) + PLACE_FIELDS

    def __init__(self, text: str, **where):
        self.text = text
        for name in PLACE_FIELDS:
            setattr(self, name, where.pop(name, None))
        if where:
            raise TypeError(f"not a place: {', '.join(where)}")

    @property
    def place(self) -> Place:
        return Place.model_construct(**{name: getattr(self, name) for name in PLACE_FIELDS})

    def with_text(self, text: str) -> "Para":
        """The same place holding ``text``."""
        return Para(text, **{name: getattr(self, name) for name in PLACE_FIELDS})

    def __repr__(self) -> str:
        return f"Para({self.text[:40]!r}, {self.place.label('en')})"


@dataclass
class Table:
    """A table: ``header`` (each column's name: its lowest header cell), ``groups`` (each column's
    parent header cell when the header takes several rows, else ""), ``rows`` of cells (the data rows,
    below the header), ``head_rows`` (how many rows the header takes)."""

    number: int
    header: list[str]
    rows: list[list[Para]]
    place: Place
    groups: list[str] = field(default_factory=list)
    head_rows: int = 1

    def column(self, *words: str) -> int | None:
        """Index (0-based) of the first header cell containing one of ``words`` (case-insensitive)."""
        for i, name in enumerate(self.header):
            low = name.lower()
            if any(w in low for w in words):
                return i
        return None


@dataclass
class Doc:
    """A report read: ``blocks`` in document order (:class:`Para` or :class:`Table`); ``notes`` on how it was
    read, said under the assumptions ((kind, message): the encoding of a text file, a Word document's tracked
    changes)."""

    path: Path
    file_format: str
    blocks: list = field(default_factory=list)
    notes: list[tuple[str, Message]] = field(default_factory=list)

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
# A reader yields raw items: ("p", text, line, page) paragraphs, ("line", Line) lines to be joined into
# paragraphs, ("row", [cells], line, page) table rows, ("break",) a page break or blank line (a table
# goes on after it), ("end",) the end of a table and ("note", kind, message) a note on the reading (Doc.notes).


def read_document(path: str | Path) -> Doc:
    """Read a report (.docx, .pdf, .txt, .md) into a :class:`Doc`; InputError (one line) if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:  # a Word 97–2003 .doc, a LibreOffice .odt: said by name, with what to do
        raise InputError(path, not_a_report(path, suffix))
    if not path.is_file():
        raise InputError(path, M("not found") if not path.exists() else M("is not a file"))
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, M("the file is empty"))
    if size > MAX_BYTES:
        raise InputError(path, M("the file has {value} MB (at most {value2} MB are read)", value=size // (1024 * 1024),
                                 value2=MAX_BYTES // (1024 * 1024)))
    sniff(path, suffix)
    note = None
    if suffix == ".docx":
        from compliance.lint.docx_reader import read_docx

        raw = read_docx(path)
    elif suffix == ".pdf":
        from compliance.lint.pdf_reader import read_pdf

        raw = read_pdf(path)
    else:
        text, note = decode(path)
        raw = _read_text(text, markdown=suffix == ".md")
    doc = Doc(path, suffix[1:], notes=[("encoding", note)] if note is not None else [])
    _assemble(doc, raw)
    if not doc.blocks:
        raise InputError(path, M("no text was found in the report"))
    return doc


_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_COLUMNS = re.compile(r"\S\s{3,}\S")
_TITLE = re.compile(r"^\s*(?:BÁO\s+CÁO|QUYẾT\s+ĐỊNH|KẾ\s+HOẠCH|TỜ\s+TRÌNH|CÔNG\s+VĂN)\b")


def _read_text(text: str, markdown: bool) -> list[tuple]:
    """Raw items of a plain-text (or Markdown) report's ``text``: table rows, and text lines with their fill
    of the text width (the width of the file's long lines) for :func:`compliance.lint.lines.join`."""
    lines = text.splitlines()
    head = next((i for i, line in enumerate(lines[:40]) if _TITLE.match(line)), None)
    widths = sorted(len(t) for t in (line.strip() for line in lines) if t and "\t" not in t and not t.startswith("|"))
    width = max(widths[int(0.8 * (len(widths) - 1))] if widths else 0, 40)  # most wrapped lines reach it
    del widths
    items: list[tuple] = []
    gap, text_before = False, False  # a blank line since the last text line; a text line since the last row
    for n, line in enumerate(lines, start=1):
        stripped = line.strip()
        row = None
        if head is not None and n <= head and _COLUMNS.search(stripped) and "\t" not in line:
            row = [tidy(c) for c in re.split(r"\s{3,}", stripped, maxsplit=1)]  # the header block in two columns
        elif not stripped or page_number(stripped):
            if text_before:
                gap = True
            else:
                items.append(("break",))
            continue
        elif markdown and stripped.startswith("|"):
            if _MD_RULE.match(stripped):
                continue
            row = [tidy(c) for c in stripped.strip("|").split("|")]
        elif "\t" in line:
            row = [tidy(c) for c in line.split("\t")]
        if row is not None:
            items.append(("row", row, n, None))
            gap, text_before = False, False
            continue
        text = tidy(re.sub(r"^#{1,6}\s+", "", stripped) if markdown else line)
        if not text:
            continue
        items.append(("line", Line(text, n, None, len(text) / width, width - len(text), len(text.split(" ", 1)[0]) + 1,
                                   gap)))
        gap, text_before = False, True
    return items


# ------------------------------------------------------------------------------------- assembly


def _continues(prev: str, text: str) -> bool:
    """True when ``text`` is the rest of the paragraph ``prev`` (cut by a page break)."""
    return (bool(prev) and not prev.endswith(_CLOSED) and text[:1].isalpha() and text[:1].islower()
            and not re.match(r"[a-zđ]\)\s", text))


def _assemble(doc: Doc, raw: list[tuple]) -> None:
    paragraph = 0
    rows: list[tuple] = []
    lines: list[Line] = []
    items: list[tuple] = []
    for item in raw:  # lines become paragraphs first
        if item[0] == "note":
            doc.notes.append(item[1:])
            continue
        if item[0] == "line":
            lines.append(item[1])
            continue
        items.extend(join(lines))
        lines = []
        items.append(item)
    items.extend(join(lines))
    header_done = False
    for item in items + [("end",)]:
        kind = item[0]
        if kind == "row":
            if any(item[1]):
                rows.append(item)
            continue
        if kind == "break":
            continue
        if rows:
            if not header_done and not doc.tables and _is_header_block(doc, rows):
                for text, line, page in _header_paragraphs(rows):
                    paragraph += 1
                    doc.blocks.append(Para(text, paragraph=paragraph, line=line, page=page))
            else:
                doc.blocks.append(_table(len(doc.tables) + 1, rows))
            header_done = True
            rows = []
        if kind != "p" or not item[1]:
            continue
        last = doc.blocks[-1] if doc.blocks else None
        if isinstance(last, Para) and _continues(last.text, item[1]):
            last.text = f"{last.text} {item[1]}"
            continue
        paragraph += 1
        doc.blocks.append(Para(item[1], paragraph=paragraph, line=item[2], page=item[3]))


def _is_header_block(doc: Doc, rows: list[tuple]) -> bool:
    """True for the document's header laid out as a table: before the title, naming the national motto."""
    if any(_TITLE.match(p.text) for p in doc.paragraphs) or len(doc.paragraphs) > 3:
        return False
    return any(_MOTTO.search(c) for r in rows for c in r[1]) and max(len(r[1]) for r in rows) <= 3


def _header_paragraphs(rows: list[tuple]) -> list[tuple[str, int | None, int | None]]:
    """The header's cells as paragraphs, column by column; a cell going on in the cell below (a small
    letter, or the year after "năm") is joined to it."""
    width = max(len(r[1]) for r in rows)
    out: list[list] = []
    for col in range(width):
        last = None
        for _, cells, line, page in rows:
            text = cells[col] if col < len(cells) else ""
            if not text or (last is not None and text == last[0]):
                continue  # a merged cell repeated in the next row
            if last is not None and not last[0].endswith(_CLOSED) and (
                    (text[:1].isalpha() and text[:1].islower())
                    or (re.search(r"(?:ngày|tháng|năm)$", last[0]) and text[:1].isdigit())):
                last[0] = f"{last[0]} {text}"
                continue
            last = [text, line, page]
            out.append(last)
    return [tuple(x) for x in out]


def _is_continuation(cells: list[str]) -> bool:
    return not cells[0] and any(c[:1].isalpha() and c[:1].islower() for c in cells[1:] if c)


def _index_row(cells: list[str]) -> bool:
    """True for the row numbering the columns: "(1) (2) (3)…" or "1 2 3 …" across the whole width."""
    full = [c for c in cells if c]
    return bool(full) and (all(_INDEX_CELL.match(c) for c in full)
                           or (len(full) == len(cells) > 2 and full == [str(i) for i in range(1, len(cells) + 1)]))


def _head_rows(cells: list[list[str]]) -> int:
    """How many rows the header takes (at most 3): a row under the first one is a header row when it
    holds no figure and names the columns a parent cell above spans (the parent repeated across its
    columns, or written once with empty cells after it), the cells it does not split being repeated
    from above (merged down) or empty."""
    heads = 1
    while heads < min(3, len(cells) - 1):
        above, row = cells[heads - 1], cells[heads]
        if any(_NUMBER_CELL.match(c) for c in row[1:] if c) or _index_row(row):
            break
        spans = any(above[c] and (above[c] == above[c + 1] or (not above[c + 1] and row[c + 1]))
                    for c in range(len(above) - 1))
        below = all(not row[c] or row[c] == above[c] for c in range(len(row)) if not _spanned(above, c))
        if not (spans and below):
            break
        heads += 1
    return heads


def _spanned(row: list[str], c: int) -> bool:
    """True when column ``c`` of a header row lies under a parent cell spanning several columns: the
    parent repeated across them (as Word and PDF tables give a merged cell), or written once with
    empty cells after it (as plain text gives it)."""
    here = row[c]
    left, right = (row[c - 1] if c else None), (row[c + 1] if c + 1 < len(row) else None)
    if here:
        return here in (left, right) or right == ""
    return any(row[:c])


def _table(number: int, raw_rows: list[tuple]) -> Table:
    width = max(len(r[1]) for r in raw_rows)
    padded = []
    for _, cells, line, page in raw_rows:
        cells = list(cells)
        if len(cells) < width:  # empty cells lost after the first one: align the rest to the right
            cells = cells[:1] + [""] * (width - len(cells)) + cells[1:]
        padded.append((cells, line, page))
    heads = _head_rows([c for c, _, _ in padded])
    head_cells = [c for c, _, _ in padded[:heads]]
    header = [next((h[c] for h in reversed(head_cells) if h[c]), "") for c in range(width)]
    groups = [""] * width
    if heads > 1:
        parent = ""
        for c in range(width):
            parent = head_cells[0][c] or (parent if any(h[c] for h in head_cells[1:]) else "")
            groups[c] = parent if parent != header[c] else ""
    first = raw_rows[0]
    rows: list[list[Para]] = []
    seen = [[x.lower() for x in h] for h in head_cells]
    for cells, line, page in padded[heads:]:
        if [c.lower() for c in cells] in seen:
            continue  # the header repeated on the next page
        if _index_row(cells) and not rows:
            continue  # the row numbering the columns: (1) (2) (3)…
        if rows and _is_continuation(cells):
            for cell, text in zip(rows[-1], cells):
                if text:
                    cell.text = f"{cell.text} {text}".strip()
            continue
        rows.append([Para(text, table=number, row=len(rows) + heads + 1, column=c + 1, column_name=header[c] or None,
                          line=line, page=page) for c, text in enumerate(cells)])
    return Table(number, header, rows, Place(table=number, line=first[2], page=first[3]), groups, heads)
