"""Checks on a report's words: dates, citations, section numbering, table items, the period it names.

- Dates: a day or month out of range or a year without four digits ("13/01/20120") is impossible; a
  year before 1945 is implausible, and so is a normative document whose number's year differs from
  the year of its date; a document dated after the report's own date (in a sentence, or in a table
  listing documents with their "Ngày ban hành" column); "ngày … tháng … năm 2023" with the day and month
  left blank.
- Citations (Nghị định 30/2020/NĐ-CP, Điều 8, 15 and Phụ lục I, III): a number without its symbol
  ("13/2020"), a type word that disagrees with the symbol's type code ("Kế hoạch số 46/QĐ-UBND"), a
  code that is not in the list ("CV"), a normative document (NĐ, TT) without its year, a year in an
  administrative document's number, a year after the report's, an administrative document cited
  without any date (its number is unique only within a year), a number under 10 without its 0. A
  document named in a table row takes its date from the row's date column.
- Numbering: headings "I.", "1.", "1.1", "a)" repeated or skipped within their parent; a table's
  STT column with items missing ("2" then "4").
- Period: a sentence saying what the report covers ("… báo cáo kết quả … quý III năm 2020 như sau")
  that names another period than the title ("năm 2020").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from compliance.io.periods import NamedPeriod, find_period
from compliance.io.vnparse import normalize_key
from compliance.lint.citations import KNOWN_CODES, NEEDS_YEAR, NO_YEAR, citations
from compliance.lint.kinds import Collector, quote
from compliance.lint.reader import Doc, Para
from compliance.lint.structure import ROMAN, Heading
from compliance.model.rules import legal_date
from compliance.vocab import Severity

_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?(\d{1,6})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{1,6})", re.IGNORECASE)
_BLANK = re.compile(r"ngày[\s.…_]*tháng[\s.…_]*năm\s*\d{4}|ngày\s*[.…_]*\s*/\s*[.…_]*\s*/\s*\d{4}", re.IGNORECASE)
_COVERS = re.compile(r"(?:báo cáo|Báo cáo)\s+(?:kết quả|tình hình|công tác)[^.]{0,260}?(?:như sau|$|\.)")
_UNTIL = re.compile(r"từ\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}\s+đến\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)


def _valid(d: int, m: int, y: str) -> str | None:
    """Why a date is impossible, or None."""
    if len(y) != 4:
        return f"năm có {len(y)} chữ số|the year has {len(y)} digits"
    if not 1 <= m <= 12:
        return f"không có tháng {m}|there is no month {m}"
    if not 1 <= d <= calendar.monthrange(int(y), m)[1]:
        return f"tháng {m}/{y} không có ngày {d}|{m}/{y} has no day {d}"
    return None


def check_dates(doc: Doc, out: Collector, report_date: dt.date | None) -> None:
    """Impossible, implausible, blank dates, and data periods ending after the report's date."""
    for unit in doc.units():
        text = unit.text
        for m in list(_DMY.finditer(text)) + list(_WORDS.finditer(text)):
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            why = _valid(d, mo, y)
            if why:
                vi, en = why.split("|")
                out.add("date_impossible", unit.place, quote(text, m.start(), m.end()),
                        f"Ngày \"{m.group(0)}\" không hợp lệ: {vi}", f"The date \"{m.group(0)}\" is impossible: {en}")
            elif int(y) < 1945:
                out.add("date_implausible", unit.place, quote(text, m.start(), m.end()),
                        f"Ngày \"{m.group(0)}\" có năm {y}, trước năm 1945", f"The date \"{m.group(0)}\" is in {y}, before 1945")
        for m in _BLANK.finditer(text):
            out.add("date_blank", unit.place, quote(text, m.start(), m.end()),
                    f"Ngày tháng bỏ trống: \"{m.group(0)}\"", f"The day and month are blank: \"{m.group(0)}\"")
        if report_date:
            for m in _UNTIL.finditer(text):
                day = _day(m.group(1))
                if day and day > report_date:
                    out.add("date_after_report", unit.place, quote(text, m.start(), m.end()),
                            f"Kỳ số liệu kết thúc ngày {m.group(1)}, sau ngày của báo cáo {legal_date(report_date)}",
                            f"The data period ends on {m.group(1)}, after the report's date {legal_date(report_date)}")


_DATE_COLUMN = ("ngày ban hành", "ngày ký", "ngày văn bản", "ngày, tháng", "ngày tháng")
_NUMBER_COLUMN = ("số, ký hiệu", "số ký hiệu", "số hiệu", "ký hiệu")


def row_dates(doc: Doc) -> dict[int, str]:
    """The date a table listing documents gives each cell of a row (``id(cell)`` → "30/6/2026"): the row's
    cell under a "Ngày ban hành" (or "Ngày ký") header, when it holds one date."""
    out: dict[int, str] = {}
    for table in doc.tables:
        col = table.column(*_DATE_COLUMN)
        if col is None:
            continue
        for row in table.rows:
            found = _DMY.fullmatch(row[col].text.strip()) if col < len(row) else None
            if found:
                out.update((id(cell), found.group(0)) for cell in row)
    return out


def check_table_dates(doc: Doc, out: Collector, report_date: dt.date | None) -> None:
    """A row of a table listing documents ("Số, ký hiệu" | "Ngày ban hành") dated after the report's own
    date; a row whose number is a citation ("Kế hoạch số 07/QĐ-STP") is left to :func:`check_citations`."""
    if report_date is None:
        return
    for table in doc.tables:
        col = table.column(*_DATE_COLUMN)
        if col is None:
            continue
        number = table.column(*_NUMBER_COLUMN)
        for row in table.rows:
            cell = row[col] if col < len(row) else None
            day = _day(cell.text) if cell is not None else None
            if day is None or day <= report_date or any(citations(c.text) for c in row):
                continue
            name = row[number].text.strip() if number is not None and number < len(row) and row[number].text.strip() else None
            said = " | ".join(c.text for c in row if c.text)
            out.add("date_after_report", cell.place, said,
                    f"{'Văn bản ' + name if name else 'Văn bản'} ngày {cell.text.strip()}: sau ngày của báo cáo {legal_date(report_date)}",
                    f"{'Document ' + name if name else 'A document'} of {cell.text.strip()}: after the report's date "
                    f"{legal_date(report_date)}")


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = _DMY.fullmatch(text.strip()) or _WORDS.fullmatch(text.strip())
    if not m or _valid(int(m.group(1)), int(m.group(2)), m.group(3)):
        return None
    return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def check_citations(doc: Doc, out: Collector, report_date: dt.date | None, ref_year: int | None) -> None:
    """Each cited document once, at its first mention (see the module doc for the defects)."""
    mentions: list[tuple[Para, object]] = []
    in_rows = row_dates(doc)
    for unit in doc.units():
        for c in citations(unit.text):
            if not c.date:
                c.date = in_rows.get(id(unit))
            mentions.append((unit, c))
    seen: set[str] = set()
    dates: dict[str, str] = {}
    for _, c in mentions:
        if c.date:
            dates.setdefault(normalize_key(c.number), c.date)
    for unit, c in mentions:
        if normalize_key(c.number) in seen:
            continue
        seen.add(normalize_key(c.number))
        text, place = unit.text, unit.place
        q = quote(text, c.start, c.end)
        name = f"{c.type_word} {c.number}"
        dated = c.date or dates.get(normalize_key(c.number))
        code, expected = c.code, c.expected_code.upper()
        if c.symbol is None:
            hint = f"{c.parts[0]}/{c.year}/{c.expected_code or '…'}-…" if c.year else f"{c.parts[0]}/{c.expected_code or '…'}-…"
            out.add("citation_format", place, q, f"{name}: số hiệu thiếu ký hiệu (loại văn bản – cơ quan ban hành), dạng đúng: {hint}",
                    f"{name}: the number lacks its symbol (type – issuer); the form is {hint}")
        elif c.year and len(c.year) != 4:
            out.add("citation_format", place, q, f"{name}: năm trong số hiệu có {len(c.year)} chữ số",
                    f"{name}: the year in the number has {len(c.year)} digits")
        elif c.type_word.lower() == "công văn":
            if code in KNOWN_CODES or code == "CV":
                out.add("citation_format", place, q, f"{name}: công văn không ghi chữ viết tắt tên loại ({code}); ký hiệu là cơ quan ban hành – đơn vị soạn thảo",
                        f"{name}: an official letter carries no type code ({code}); its symbol is issuer – drafting unit")
        elif expected and code != expected and not (expected == "TT" and code == "TTLT") and not (expected == "QH" and code and code.startswith("QH")):
            if code in KNOWN_CODES:
                vi, en = (f"{name}: tên loại \"{c.type_word}\" nhưng ký hiệu {code} là của loại văn bản khác (phải là {c.expected_code})",
                          f"{name}: the type word \"{c.type_word}\" disagrees with the symbol's type code {code} ({c.expected_code} expected)")
            else:
                vi, en = (f"{name}: \"{code}\" không phải chữ viết tắt tên loại văn bản theo Phụ lục III Nghị định 30/2020/NĐ-CP (phải là {c.expected_code})",
                          f"{name}: \"{code}\" is not a type abbreviation of Nghị định 30/2020/NĐ-CP, Phụ lục III ({c.expected_code} expected)")
            out.add("citation_format", place, q, vi, en)
        if c.symbol and code in NEEDS_YEAR and not c.year:
            out.add("citation_no_year", place, q, f"{name}: văn bản quy phạm pháp luật phải có năm ban hành trong số hiệu",
                    f"{name}: a legal normative document carries its year in its number")
        if c.year and code in NO_YEAR and len(c.year) == 4:
            out.add("citation_format", place, q, f"{name}: văn bản hành chính không ghi năm trong số hiệu",
                    f"{name}: an administrative document's number carries no year")
        if not c.year and not dated and c.symbol and code not in NEEDS_YEAR:
            out.add("citation_no_year", place, q, f"{name}: trích dẫn không có ngày ban hành, nên không rõ năm (số văn bản đánh lại từ đầu mỗi năm)",
                    f"{name}: cited without its date, so its year is unknown (numbers restart every year)")
        day = _day(dated)
        year = int(c.year) if c.year and len(c.year) == 4 else None
        if report_date and day and day > report_date:
            out.add("date_after_report", place, q, f"{name} ngày {dated}: sau ngày của báo cáo {legal_date(report_date)}",
                    f"{name} of {dated}: after the report's date {legal_date(report_date)}")
        elif ref_year and ((year and year > ref_year) or (day and day.year > ref_year)):
            out.add("citation_after_report", place, q, f"{name}: năm {year if year and year > ref_year else day.year} sau năm của báo cáo ({ref_year})",
                    f"{name}: the year {year if year and year > ref_year else day.year} is after the report's ({ref_year})")
        if year and day and year != day.year and code in NEEDS_YEAR | {"QĐ", "NQ"}:
            out.add("date_implausible", place, q, f"{name} ngày {dated}: năm trong số hiệu ({year}) khác năm ban hành ({day.year})",
                    f"{name} of {dated}: the year in the number ({year}) differs from the year it is dated ({day.year})")
        first = c.parts[0]
        if first.isdigit() and int(first) < 10 and not first.startswith("0"):
            out.add("citation_format", place, q, f"{name}: số nhỏ hơn 10 phải ghi thêm số 0 phía trước (0{first})",
                    f"{name}: a number below 10 takes a leading zero (0{first})", severity=Severity.info)


def _value(style: str, number: str) -> int:
    if style == "roman":
        return ROMAN[number]
    if style == "letter":
        return "abcdđeghiklmnopqrstuvxy".find(number) + 1
    return int(number.split(".")[-1])


def check_numbering(heads: list[Heading], out: Collector) -> None:
    """Headings repeated or skipped within their parent (a new list may start again at 1, I or a, but "1."
    right after "1." is a repeated number)."""
    state: dict[tuple, tuple[int, set[int]]] = {}
    parent = {"roman": (), "arabic": (), "dotted": (), "letter": ()}
    for h in heads:
        if h.style == "roman":
            parent["arabic"] = parent["dotted"] = parent["letter"] = (h.number,)
            for k in [k for k in state if k[0] != "roman"]:
                del state[k]
        elif h.style == "arabic":
            parent["letter"] = parent["arabic"] + (h.number,)
        scope = (h.style,) + parent[h.style] + ((h.number.rsplit(".", 1)[0],) if h.style == "dotted" else ())
        v = _value(h.style, h.number)
        prev, seen = state.get(scope, (0, set()))
        if v == 1 and prev > 1:  # a new list; "1." right after "1." is the same number twice
            seen = set()
        elif v in seen:
            out.add("numbering", h.para.place, h.para.text[:160],
                    f"Số mục \"{h.number}\" lặp lại (mục trước là {_show(h.style, prev)})",
                    f"Section number \"{h.number}\" is used again (the one before is {_show(h.style, prev)})")
        elif v != prev + 1:
            missing = ", ".join(_show(h.style, k) for k in range(prev + 1, v)) if v > prev + 1 else None
            out.add("numbering", h.para.place, h.para.text[:160],
                    f"Số mục \"{h.number}\" sau {_show(h.style, prev) or 'đầu mục'}: " + (f"thiếu {missing}" if missing else "sai thứ tự"),
                    f"Section \"{h.number}\" follows {_show(h.style, prev) or 'the start'}: " + (f"{missing} missing" if missing else "out of order"))
        seen.add(v)
        state[scope] = (v, seen)


def _show(style: str, v: int) -> str:
    if not v:
        return ""
    if style == "roman":
        return next(k for k, n in ROMAN.items() if n == v)
    if style == "letter":
        return "abcdđeghiklmnopqrstuvxy"[v - 1]
    return str(v)


def check_table_items(doc: Doc, out: Collector) -> None:
    """Items missing from a table's STT column ("2" then "4"); info when the table follows a plan's numbering."""
    blocks = doc.blocks
    for i, table in enumerate(doc.tables):
        col = table.column("stt", "tt")
        if col != 0:
            continue
        last: dict[tuple, int] = {}
        pos = blocks.index(table)
        intro = blocks[pos - 1].text if pos and isinstance(blocks[pos - 1], Para) else ""
        for row in table.rows:
            cell = row[0]
            if not re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", cell.text):
                continue
            parts = [int(x) for x in cell.text.rstrip(".").split(".")]
            key, v = tuple(parts[:-1]), parts[-1]
            expected = last.get(key, 0) + 1
            if v > expected:
                missing = ", ".join(".".join(map(str, key + (k,))) for k in range(expected, v))
                follows_plan = bool(re.match(r"(?:[IVX]+\.\s*)?Thực hiện (?:Kế hoạch|Quyết định) số", intro))
                out.add("table_items", cell.place, " | ".join(c.text for c in row)[:200],
                        f"Bảng thiếu mục {missing} (sau {'.'.join(map(str, key + (expected - 1,)))} là {cell.text})"
                        + (" — nếu bảng giữ số thứ tự của kế hoạch được trích, hãy ghi rõ" if follows_plan else ""),
                        f"Item(s) {missing} missing from the table ({cell.text} follows {'.'.join(map(str, key + (expected - 1,)))})"
                        + (" — if the table keeps the numbering of the plan it quotes, say so" if follows_plan else ""),
                        severity=Severity.info if follows_plan else None)
            last[key] = v
            for k in [k for k in last if len(k) > len(key) and k[:len(key)] == key and k != key]:
                if len(parts) == 1 or k[:len(parts)] != tuple(parts):
                    del last[k]


def check_period(doc: Doc, out: Collector, title_period: NamedPeriod | None) -> None:
    """Sentences saying what the report covers, against the title's period."""
    if title_period is None:
        return
    for unit in doc.paragraphs:
        for m in _COVERS.finditer(unit.text):
            found = find_period(m.group(0))
            if found and not found.same(title_period):
                out.add("period_mismatch", unit.place, quote(unit.text, m.start(), m.end()),
                        f"Nội dung ghi kỳ báo cáo \"{found.label}\" nhưng tiêu đề ghi \"{title_period.label}\"",
                        f"The body names the period \"{found.label}\" while the title names \"{title_period.label}\"")
