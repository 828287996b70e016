"""Lines of a plain-text report or of a PDF page joined into paragraphs, by the rules of Vietnamese
report text.

A report pasted from a PDF (or read from one) arrives as lines cut at the page's width, with page
numbers and running headers between them. The sentence a finding quotes must be whole, so the lines
are joined back:

- a line continues the paragraph above when that paragraph does not end a sentence (".", ":", ";",
  "!", "?", "…") and the line does not start a block of its own (a section number "I." / "1." /
  "1.1" / "a)", a dash or a bullet, a line in capitals under a line that is not, "Kính gửi", "Nơi
  nhận", "Trên đây"), and either it starts with a small letter, or the line above was cut at the
  margin: it fills most of the text width, or the next line's first word would not have fitted
  after it. So "…, đúng hạn" / "1.340 hồ sơ, …" and "… so với năm 2024" / "(63,51%)." are one
  sentence, while "1. Ban hành văn bản" / "Sở đã ban hành …" stay two paragraphs;
- a word cut by a hyphen at the end of a line is joined again ("thực hi-" / "ện" → "thực hiện"); a
  document symbol cut after its hyphen keeps it ("46/QĐ-" / "UBND" → "46/QĐ-UBND");
- a line holding only a page number ("2", "- 2 -", "Trang 2", "2/5") is dropped, and so is a running
  header: a line repeated at the top of three pages or more;
- a blank line (or a page break) ends a paragraph, unless the next line starts with a small letter
  (a paragraph cut by the page break).

Input: :class:`Line` items in reading order; output: ``("p", text, line, page)`` items for
:func:`compliance.lint.reader.read_document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

SENTENCE_END = tuple(".:;!?…") + (".”", ".\"", "./.")
_BLOCK = re.compile(r"^(?:[IVXLC]{1,5}\.\s|\d{1,2}(?:\.\d{1,2})*\.?\s|[a-zđ]\)\s|[-–•+*]\s|\(\d{1,2}\)\s|"
                    r"(?i:kính\s+gửi|nơi\s+nhận|trên\s+đây|căn\s+cứ)\b)")
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:(?i:trang|page)\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?$")
_CUT_WORD = re.compile(r"[a-zà-ỹđ]-$")
_CUT_SYMBOL = re.compile(r"[A-ZĐ0-9]-$|/$")
FULL = 0.8
"""A line filling this share of the text width or more was cut at the margin."""


@dataclass(slots=True)
class Line:
    """One line of text: ``text`` (tidied), ``line`` (in the file, or on its page), ``page`` (PDF),
    ``fill`` (its width over the text width, 0–1), ``room`` (the width left after it, in the unit of
    ``first``), ``first`` (the width of its first word with the space before it), ``gap`` (a blank
    line or a page break comes before it), ``top``/``bottom`` (the first or last line of a page)."""

    text: str
    line: int | None = None
    page: int | None = None
    fill: float = 0.0
    room: float = 0.0
    first: float = 0.0
    gap: bool = False
    top: bool = False
    bottom: bool = False


def capitals(text: str) -> bool:
    """True for a line written in capitals ("I. CÔNG TÁC CHỈ ĐẠO"), at least 4 letters."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence."""
    return text.rstrip().endswith(SENTENCE_END)


def starts_block(text: str) -> bool:
    """True when a line starts a paragraph of its own whatever comes before it."""
    return bool(_BLOCK.match(text))


def page_number(text: str) -> bool:
    """True for a line that is only a page number ("2", "- 2 -", "Trang 2", "2/5")."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def continues(paragraph: str, last: Line, nxt: Line) -> bool:
    """True when ``nxt`` goes on with the paragraph whose text so far is ``paragraph`` and whose last
    line is ``last`` (see the module doc for the rules; a clause ended by ";" goes on too when its line
    was cut at the margin)."""
    if not paragraph or starts_block(nxt.text):
        return False
    if _CUT_SYMBOL.search(paragraph) and nxt.text[:1].isalnum():
        return True  # a document symbol cut after its hyphen ("46/QĐ-" / "UBND") never ends a paragraph
    cut = last.fill >= FULL or (nxt.first > 0 and nxt.first > last.room)
    if ends_sentence(paragraph):
        return paragraph.endswith(";") and cut and not nxt.gap
    head = nxt.text[:1]
    if head.isalpha() and head.islower():
        return True
    if nxt.gap or (capitals(nxt.text) and not capitals(last.text)):
        return False
    return cut


def _glue(text: str, nxt: str) -> str:
    if _CUT_WORD.search(text) and nxt[:1].islower():
        return text[:-1] + nxt
    if _CUT_SYMBOL.search(text) and (nxt[:1].isupper() or nxt[:1].isdigit()) and " " not in nxt.split(" ", 1)[0]:
        return text + nxt
    return f"{text} {nxt}"


def running_headers(lines: list[Line]) -> set[str]:
    """Texts that open three pages or more: running headers, dropped."""
    seen: dict[str, set[int]] = {}
    for ln in lines:
        if ln.top and ln.page is not None and not page_number(ln.text):
            seen.setdefault(ln.text, set()).add(ln.page)
    return {text for text, pages in seen.items() if len(pages) >= 3}


def join(lines: list[Line]) -> list[tuple]:
    """``("p", text, line, page)`` items: the paragraphs ``lines`` make (see the module doc)."""
    headers = running_headers(lines)
    items: list[tuple] = []
    text, first, last = "", None, None
    gap = False
    for ln in lines:
        if page_number(ln.text) and (ln.top or ln.bottom or ln.gap or last is None or ends_sentence(text)
                                     or ln.page is None):
            gap = True
            continue
        if ln.text in headers and ln.top:
            gap = True
            continue
        if gap and not ln.gap:
            ln = replace(ln, gap=True)
        gap = False
        if last is not None and continues(text, last, ln):
            text = _glue(text, ln.text)
            last = ln
            continue
        if text:
            items.append(("p", text, first.line, first.page))
        text, first, last = ln.text, ln, ln
    if text:
        items.append(("p", text, first.line, first.page))
    return items
