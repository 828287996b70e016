"""The shape of a report: its title, its own date, the period its title names, and its numbered headings.

- Title: the lines after "BÁO CÁO" up to "Kính gửi" (or the first numbered heading), joined.
- The report's own date: the "<place>, ngày dd tháng mm năm yyyy" line of the header (Nghị định
  30/2020/NĐ-CP, Phụ lục I); a line with the day and month left blank is reported, not guessed.
- Period: "quý III năm 2020", "6 tháng đầu năm 2020", "9 tháng năm 2020", "tháng 5 năm 2020" or
  "năm 2020", read from the title and from the body's sentences that say what the report covers
  (:func:`compliance.io.periods.find_period`: the one grammar of a period, ``--period``'s too).
- Headings: "I." (Roman), "1." (Arabic), "1.1" / "1.1." (dotted) and "a)" at the start of a
  paragraph; each paragraph and table cell is given the section it falls under ("III.2").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from compliance.lint.reader import Doc, Para

ROMAN = {r: i for i, r in enumerate(
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"], start=1)}
_HEAD = re.compile(r"^(?:(?P<roman>[IVX]{1,4})\.|(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?|(?P<arabic>\d{1,2})\.|"
                   r"(?P<letter>[a-zđ])\))\s+(?P<text>\S.*)$")
_DATE_LINE = re.compile(r"^[^,]{2,60},\s*ngày\s*(?P<d>\d{1,2}|[.…_ ]*)\s*tháng\s*(?P<m>\d{1,2}|[.…_ ]*)\s*"
                        r"năm\s*(?P<y>\d{4})", re.IGNORECASE)
_DATE_ANYWHERE = re.compile(r"(?<![\w,])[A-ZĐÀ-Ỹ][^,\d:;]{1,40},\s*ngày\s*(?P<d>\d{1,2}|[.…_ ]*)\s*tháng\s*"
                            r"(?P<m>\d{1,2}|[.…_ ]*)\s*năm\s*(?P<y>\d{4})")
_ANNEX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?(?P<n>[IVXL]{1,5}|\d{1,2}|[A-Z]))?\s*(?:[.:\-–]|$)")


@dataclass
class Heading:
    """A numbered paragraph: ``style`` roman / arabic / dotted / letter, ``number`` as written."""

    style: str
    number: str
    text: str
    para: Para


def heading_of(text: str) -> tuple[str, str, str] | None:
    """(style, number, text) when ``text`` starts with a section number, else None."""
    m = _HEAD.match(text)
    if not m:
        return None
    for style in ("roman", "dotted", "arabic", "letter"):
        if m.group(style):
            if style == "roman" and m.group(style) not in ROMAN:
                return None
            return style, m.group(style), m.group("text")
    return None


def outline(doc: Doc) -> list[Heading]:
    """The numbered headings of ``doc``; sets ``place.section`` on every paragraph and table cell (an
    annex's, "Phụ lục I", from its heading "PHỤ LỤC" / "Phụ lục I. …" until the next Roman heading)."""
    heads: list[Heading] = []
    path: dict[str, str] = {}
    for block in doc.blocks:
        if isinstance(block, Para):
            found = heading_of(block.text)
            annex = _ANNEX.match(block.text.strip())
            if annex:  # "PHỤ LỤC", "Phụ lục I. Danh mục …": what follows is the annex's, not the last section's
                path = {"annex": "Phụ lục" + (f" {annex.group('n')}" if annex.group("n") else "")}
            elif found:
                style, number, text = found
                heads.append(Heading(style, number, text, block))
                if style == "roman":
                    path = {"roman": number}
                elif style == "arabic":
                    path = {k: v for k, v in path.items() if k == "roman"} | {"arabic": number}
                elif style == "dotted":
                    path = {k: v for k, v in path.items() if k == "roman"} | {"dotted": number}
                else:
                    path = {k: v for k, v in path.items() if k != "letter"} | {"letter": number}
            block.section = _label(path)
        else:
            label = _label(path)
            block.place.section = label
            for row in block.rows:
                for cell in row:
                    cell.section = label
    return heads


def _label(path: dict[str, str]) -> str | None:
    parts = [path[k] for k in ("annex", "roman", "arabic", "dotted", "letter") if k in path]
    return ".".join(parts) if parts else None


def title(doc: Doc) -> Para | None:
    """The report's title ("BÁO CÁO Kết quả … năm 2020") as one paragraph, or None."""
    paras = doc.paragraphs[:25]
    start = next((i for i, p in enumerate(paras) if re.match(r"^BÁO\s+CÁO\b", p.text)), None)
    if start is None:
        return None
    lines = [paras[start].text]
    for p in paras[start + 1:]:
        if (p.text.lower().startswith("kính gửi") or heading_of(p.text) or len(p.text) > 250 or _DATE_LINE.match(p.text)
                or re.match(r"(?:Thực hiện|Căn cứ|Theo|Để|Trên cơ sở)\b", p.text) or p.text.endswith((":", ";"))):
            break  # the body begins: a title has no "Thực hiện …" sentence nor closing colon
        lines.append(p.text)
        if len(lines) > 5:
            break
    return paras[start].with_text(" ".join(lines))


@dataclass
class DateLine:
    """The report's own date line: ``date`` None when the day or month is blank (``blank`` True)."""

    para: Para
    date: dt.date | None
    blank: bool
    text: str


def date_line(doc: Doc) -> DateLine | None:
    """The header's "…, ngày … tháng … năm …" line, wherever the first lines hold it: searched in the
    first 40 paragraphs and table cells, a table's header row included (the header block laid out as a
    table; or read from a PDF as one column, which a rule under it makes a table's header; a date line
    run together with the number beside it). A date line cut in two ("…, ngày 15 tháng 12" / "năm 2025")
    is one paragraph already (:mod:`compliance.lint.lines`)."""
    for p in _first_units(doc, 40):
        m = _DATE_LINE.match(p.text) or _DATE_ANYWHERE.search(p.text)
        if m:
            return _dated(p, m)
    return None


def _first_units(doc: Doc, count: int) -> list[Para]:
    """The first ``count`` paragraphs and table cells of ``doc`` with text, a table's header cells first."""
    out: list[Para] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.append(block)
        else:
            where = block.place
            out.extend(Para(text, table=block.number, row=1, column=c + 1, line=where.line, page=where.page)
                       for c, text in enumerate(block.header) if text)
            out.extend(c for row in block.rows for c in row if c.text)
        if len(out) >= count:
            break
    return out[:count]


def _dated(p: Para, m: re.Match) -> DateLine:
    d, mo, y = m.group("d").strip(" ._…"), m.group("m").strip(" ._…"), int(m.group("y"))
    if not d or not mo:
        return DateLine(p, None, True, m.group(0))
    try:
        return DateLine(p, dt.date(y, int(mo), int(d)), False, m.group(0))
    except ValueError:
        return DateLine(p, None, False, m.group(0))
