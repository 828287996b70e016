"""PDF reports with a text layer, read with pdfplumber, page by page.

- Tables drawn with their rules (Word's "Table Grid", the usual Biểu) are read as tables: pdfplumber
  finds their cells from the lines; a merged cell is repeated in every column and row it covers, as
  the Word reader gives it, so the same checks run on the same places (table, row, column). A table
  cut by a page break goes on across it.
- The text outside the tables comes as lines with their position on the page: how much of the text
  width each fills and the width left after it, so :mod:`compliance.lint.lines` can tell a line cut at
  the margin from the end of a paragraph (and drop page numbers and running headers).
- The header block above the title ("UBND TỈNH …" | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: …" |
  "…, ngày … tháng … năm …") is split into its two columns by the gap between them; a line holding
  one column only goes on with the cell above it ("… năm" / "2025").

Places are the page and the line on that page. A PDF that is protected by a password, cut short (not
completely downloaded or copied), damaged, or has no text layer (a scan) raises :class:`compliance.errors.InputError` with one line saying so. Tables
drawn without rules come out as lines of text (use the .docx when there is one).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.lint.clean import tidy
from compliance.lint.lines import Line, page_number

_TITLE = re.compile(r"^\s*(?:BÁO\s+CÁO|QUYẾT\s+ĐỊNH|KẾ\s+HOẠCH|TỜ\s+TRÌNH)\b")
_MOTTO = re.compile(r"CỘNG\s+HÒA|Độc\s+lập|UBND|ỦY\s+BAN|Số\s*:", re.IGNORECASE)
COLUMN_GAP = 14.0
"""Points between two words that split a header line into its two columns."""


def _cell_text(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"(?<=[a-zà-ỹđ])-\n(?=[a-zà-ỹđ])", "", text)
    return tidy(text.replace("\n", " "))


def _grid(table) -> list[list[str]]:
    """The table's rows, a merged cell repeated in each column and row it covers."""
    texts = table.extract()
    rows = table.rows
    width = max(len(r.cells) for r in rows)
    boxes = [(c, texts[i][j]) for i, r in enumerate(rows) for j, c in enumerate(r.cells) if c is not None]
    xs = []
    for j in range(width):
        found = [r.cells[j][0] for r in rows if j < len(r.cells) and r.cells[j] is not None]
        xs.append(min(found) if found else None)
    out = []
    for i, r in enumerate(rows):
        y = r.bbox[1]
        row = []
        for j in range(width):
            cell = r.cells[j] if j < len(r.cells) else None
            if cell is not None:
                row.append(_cell_text(texts[i][j]))
                continue
            x = xs[j]
            cover = next((t for (x0, top, x1, bottom), t in boxes
                          if x is not None and x0 - 1 <= x < x1 - 1 and top - 1 <= y < bottom - 1), None)
            row.append(_cell_text(cover))
        out.append(row)
    return out


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _first_word(chars: list[dict]) -> float:
    """Width of a line's first word and the space before it (points)."""
    if not chars:
        return 0.0
    start, end = chars[0]["x0"], chars[0]["x1"]
    for prev, ch in zip(chars, chars[1:]):
        if ch["x0"] - prev["x1"] > 1.5:
            break
        end = ch["x1"]
    return end - start + 0.25 * float(chars[0].get("size") or 12)


def _split(line: dict) -> tuple[str, str, float] | None:
    """(left, right, x of the gap) of a header line with two columns (words parted by more than
    :data:`COLUMN_GAP`), or None."""
    chars = [c for c in line["chars"] if not c["text"].isspace()]
    best, at = 0.0, None
    for i in range(1, len(chars)):
        gap = chars[i]["x0"] - chars[i - 1]["x1"]
        if gap > best:
            best, at = gap, i
    if at is None or best < COLUMN_GAP:
        return None
    x = chars[at]["x0"]
    left, right = _spaced(line, 0, x), _spaced(line, x, 1e9)
    return (left, right, x) if left and right else None


def _spaced(line: dict, lo: float, hi: float) -> str:
    """The text of the line's characters between ``lo`` and ``hi`` (points), a space where words part."""
    out, prev = [], None
    for c in line["chars"]:
        if not (lo - 1 <= c["x0"] < hi - 1):
            continue
        if c["text"].isspace():
            out.append(" ")
        else:
            if prev is not None and c["x0"] - prev["x1"] > 1.5 and out and out[-1] != " ":
                out.append(" ")
            out.append(c["text"])
            prev = c
    return tidy("".join(out))


def _header_rows(lines: list[dict], page: int, width: float) -> list[tuple]:
    """The header block's lines as rows of two cells; a line holding one column only goes on with the
    cell above it in that column."""
    split = [_split(ln) for ln in lines]
    gaps = [s[2] for s in split if s and s[1]]
    divider = sum(gaps) / len(gaps) if gaps else width / 2
    rows: list[list] = []
    for n, (ln, s) in enumerate(zip(lines, split), start=1):
        if s and s[1]:
            cells = [s[0], s[1]]
        else:
            text = tidy(ln["text"])
            centre = (ln["x0"] + ln["x1"]) / 2
            cells = [text, ""] if centre < divider else ["", text]
        if rows and (not cells[0] or not cells[1]):
            side = 0 if cells[0] else 1
            if rows[-1][0][side]:
                rows[-1][0][side] = f"{rows[-1][0][side]} {cells[side]}"
                continue
        rows.append([cells, n])
    return [("row", cells, n, page) for cells, n in rows]


def _page_items(page, number: int, first_page: bool) -> tuple[list[tuple], list[dict]]:
    """Raw items of one page (tables as rows, lines as ``("line", dict)`` for now) and its text lines."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    lines = [ln for ln in text_page.extract_text_lines(return_chars=True) if tidy(ln["text"])]
    blocks: list[tuple[float, tuple]] = []
    start = 0
    if first_page:
        title = next((i for i, ln in enumerate(lines[:15]) if _TITLE.match(ln["text"])), None)
        if title and any(_MOTTO.search(ln["text"]) for ln in lines[:title]):
            for item in _header_rows(lines[:title], number, float(page.width)):
                blocks.append((lines[0]["top"], item))
            blocks.append((lines[title - 1]["top"], ("end",)))
            start = title
    for t in tables:
        rows = _grid(t)
        for row in rows:
            blocks.append((t.bbox[1], ("row", row, None, number)))
        blocks.append((t.bbox[1], ("end",)))
    for ln in lines[start:]:
        blocks.append((ln["top"], ("line", ln)))
    blocks.sort(key=lambda b: b[0])  # stable: a table's rows keep their order
    return [b[1] for b in blocks], lines[start:]


def _damaged(path: Path) -> InputError:
    """The error for a PDF the library cannot read, in the user's words (the library's own, such as
    "Unexpected EOF", are English and say nothing to do): a file without the end mark ``%%EOF`` in its
    last kilobyte was cut short while it was downloaded or copied; another one is damaged."""
    try:
        with path.open("rb") as fh:
            fh.seek(max(path.stat().st_size - 1024, 0))
            complete = b"%%EOF" in fh.read()
    except OSError:
        complete = True
    if complete:
        return InputError(path, M("the PDF is damaged and cannot be read; download or copy it again, or save it as PDF again"))
    return InputError(path, M("the PDF is damaged or was not completely downloaded or copied (its end is missing); download or copy it again"))


def read_pdf(path: Path) -> list[tuple]:
    """Raw items of a PDF's text layer; InputError when it has none or cannot be read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[tuple[list[tuple], list[dict]]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            chars = 0
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                pages.append(_page_items(page, number, number == 1))
                page.close()
            count = len(pdf.pages)
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else exc, PDFPasswordIncorrect):
            raise InputError(path, M("the PDF is protected by a password; give an unprotected copy")) from None
        raise _damaged(path) from None
    except (PSException, ValueError, KeyError, TypeError, OSError):
        raise _damaged(path) from None
    if not chars:
        raise InputError(path, M("the PDF has no text layer ({n} page(s) of images, a scan?): run OCR on it or give the .docx",
                                 n=count))
    body = [ln for _, lines in pages for ln in lines]
    left = min((ln["x0"] for ln in body), default=0.0)
    right = max((ln["x1"] for ln in body), default=1.0)
    span = max(right - left, 1.0)
    items: list[tuple] = []
    for number, (raw, lines) in enumerate(pages, start=1):
        order = {id(ln): i for i, ln in enumerate(lines, start=1)}
        ends = (id(lines[0]), id(lines[-1])) if lines else ()
        kept = [it for it in raw if not (it[0] == "line" and id(it[1]) in ends and page_number(tidy(it[1]["text"])))]
        if kept and kept[0][0] == "row" and items and items[-1][0] == "end" and len(items) > 1 \
                and items[-2][0] == "row" and len(items[-2][1]) == len(kept[0][1]):
            items.pop()  # the table goes on across the page break
        gap = False
        for item in kept:
            if item[0] != "line":
                items.append(item)
                gap = item[0] == "end"
                continue
            ln = item[1]
            chars = [c for c in ln["chars"] if not c["text"].isspace()]
            indent, room = ln["x0"] - left, right - ln["x1"]
            centred = indent > 0.05 * span and abs(indent - room) < 0.05 * span
            fill, room = (0.0, span) if centred else ((ln["x1"] - left) / span, room)  # a title is never cut
            items.append(("line", Line(tidy(ln["text"]), order[id(ln)], number, fill, room, _first_word(chars), gap,
                                       id(ln) == ends[0], id(ln) == ends[-1])))
            gap = False
    return items
