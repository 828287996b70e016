"""Numbers in a report's sentences, read as people write them, each with what it counts.

Built on :func:`compliance.io.vnparse.parse_number` (one number parser in the project); this module
adds the context a bare token lacks:

- what is *not* a quantity is masked first: dates (13/01/2020, 01/2018), document numbers
  (1999/QĐ-UBND, 13/2020), year ranges (2016-2021), "năm 2020", "ISO 9001:2015", "COVID-19", and
  lists of service levels after "mức độ"/"mức" ("mức độ 3,4" and "mức độ 1, 2" are levels 3 and 4,
  1 and 2, not the decimals 3.4 and 1.2);
- "05 hồ sơ" is 5; "47,26 %" is 47.26 per cent with 2 decimals as written (its precision);
- the noun after a number is its unit ("hồ sơ", "lượt", "TTHC"…): a count is a whole number, so
  "15.833 hồ sơ" is 15833 even in a text that writes "43.83" with a decimal point;
- the text's own convention is measured once (:func:`convention`): decimals written with "," (47,26)
  or with "." (43.83); a token that can be read both ways ("28.044", "1,500") is read by its unit,
  else by that convention, and when the text mixes conventions every such guess carries a ``note``
  the lint reports as an assumption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from compliance.io.vnparse import VnParseError, parse_number

COUNT_UNITS = ("hồ sơ", "lượt", "tthc", "thủ tục", "dịch vụ", "đơn vị", "cơ quan", "công chức", "viên chức", "người",
               "quyết định", "văn bản", "câu hỏi", "cuộc", "cụm", "phản ánh", "kiến nghị", "xã", "doanh nghiệp",
               "lớp", "nhiệm vụ", "tổ chức", "cá nhân", "phiếu", "thư", "sở", "huyện", "bộ", "điểm", "hình thức",
               "chỉ tiêu")
_MASKS = [
    re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,6}"),                 # dates (also impossible ones)
    re.compile(r"\d{1,5}(?:/[0-9A-Za-zĐđ&.\-]*[A-Za-zĐđ0-9])+"),   # 1999/QĐ-UBND, 13/2020, 01/2018
    re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d"),            # 2016-2021
    re.compile(r"(?i:năm)\s+\d{4}"),
    re.compile(r"\d+:\d+"),
    re.compile(r"(?i:covid)\s*[-–]?\s*19"),
    re.compile(r"(?i:mức(?:\s+độ)?)\s+\d(?:\s*(?:,|&|và|-|–)\s*\d)*"),
    re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?(?=\s|$)"),                # outline numbers: 1.2, 1.2.1
    re.compile(r"(?i:tiêu chí|chỉ số|mục|khoản|điều|phụ lục|biểu|mẫu|bước|đối tượng)\s+\d+(?:\.\d+)*"),
]
_FRACTION = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d{1,6})\s?/\s?(\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\w/])")
_TOKEN = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*(?![\w/])")
_PERCENT = re.compile(r"\s*%")
_LEVELS = re.compile(r"(?i:mức(?:\s+độ)?)\s+(\d(?:\s*(?:,|&|và|-|–)\s*\d)*)")


@dataclass(slots=True)
class Num:
    """A quantity in a text: ``value`` with every digit written (an int for a whole number, a Decimal
    otherwise: a 37-digit total keeps its 37 digits); ``text`` as written; ``start``/``end`` in the text (the "%"
    included); ``percent``; ``decimals`` as written (its precision); ``unit`` the count noun after it
    (lower case) or None; ``note`` the guess made to read it, if any, in Vietnamese and English."""

    value: int | Decimal
    text: str
    start: int
    end: int
    percent: bool = False
    decimals: int = 0
    unit: str | None = None
    note: tuple[str, str] | None = None


@dataclass
class Convention:
    """How a text writes decimals: ``comma`` tokens like 47,26 (Vietnamese), ``dot`` tokens like 43.83
    (English); ``mixed`` when both occur."""

    comma: int = 0
    dot: int = 0

    @property
    def mixed(self) -> bool:
        return bool(self.comma and self.dot)

    @property
    def decimal_mark(self) -> str:
        return "." if self.dot > self.comma else ","


@lru_cache(maxsize=256)
def masked(text: str) -> str:
    """``text`` with every non-quantity (dates, document numbers, years, levels…) blanked out, same length."""
    chars = list(text)
    for pattern in _MASKS:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                if chars[i].isdigit():
                    chars[i] = " "
    return "".join(chars)


def levels(text: str) -> list[list[int]]:
    """Service levels named after "mức độ"/"mức": "mức độ 3,4" → [[3, 4]]; "mức độ 1, 2" → [[1, 2]]."""
    return [[int(d) for d in re.findall(r"\d", m.group(1))] for m in _LEVELS.finditer(text)]


def convention(texts) -> Convention:
    """Count the tokens of ``texts`` that show which decimal mark they use (unambiguous ones only)."""
    conv = Convention()
    for text in texts:
        for m in _TOKEN.finditer(masked(text)):
            tok = m.group(0)
            if "," in tok and "." not in tok:
                if tok.count(",") == 1 and len(tok.split(",")[1]) != 3:
                    conv.comma += 1
                elif tok.count(",") > 1:
                    conv.dot += 1  # 1,234,567: English grouping
            elif "." in tok and "," not in tok:
                if tok.count(".") == 1 and len(tok.split(".")[1]) != 3:
                    conv.dot += 1
                elif tok.count(".") > 1:
                    conv.comma += 1  # 1.234.567: Vietnamese grouping
    return conv


def _unit(text: str, pos: int) -> str | None:
    tail = text[pos:pos + 24].lstrip(" :)(").lower()
    for unit in COUNT_UNITS:
        if tail.startswith(unit) and (len(tail) == len(unit) or not tail[len(unit)].isalpha()):
            return unit
    return None


def as_data(value: int | Decimal) -> int | float:
    """``value`` for a YAML or JSON document (a draft submission): an int as it is, a Decimal as the float
    nearest to it (a share such as 64,38 % keeps its digits; YAML has no decimal type)."""
    return float(value) if isinstance(value, Decimal) else value


def _plain(value: int | Decimal) -> str:
    """``value`` with all its digits, no thousands separator, "." as the decimal point (how a note shows
    what a token was read as: '28.044' read as 28044)."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _exact(tok: str, approx: float | int) -> int | Decimal:
    """The value of ``tok`` (digits with "." and "," marks) with all its digits: the whole number its
    digits make when every mark separates thousands, else the decimal whose last mark is the decimal
    one, whichever :func:`compliance.io.vnparse.parse_number` read it as (``approx``: its reading, a
    float that keeps only about 16 digits)."""
    digits = re.sub(r"\D", "", tok)
    whole = int(digits)
    if not re.search(r"[.,]", tok) or float(whole) == approx:
        return whole
    frac = len(re.split(r"[.,]", tok)[-1])
    return Decimal(f"{digits[:-frac] or 0}.{digits[-frac:]}")


def _read(tok: str, percent: bool, unit: str | None, conv: Convention) -> tuple[int | Decimal | None, int, tuple[str, str] | None]:
    """(value, decimals, note in (vi, en)) for one token in its context; value None when it is no number.
    The value keeps every digit written: an int for a whole number, a Decimal otherwise."""
    one_sep = tok.count(".") + tok.count(",") == 1
    sep = "." if "." in tok else ","
    if one_sep and len(tok.split(sep)[1]) == 3:  # 28.044 / 1,500: thousands or a decimal?
        as_int = int(tok.replace(sep, ""))
        as_dec = Decimal(tok.replace(sep, "."))
        if percent:
            value, dec, why = as_dec, 3, ("là tỷ lệ phần trăm", "a percentage")
        elif unit:
            value, dec, why = as_int, 0, (f"là số đếm ({unit})", f"a count of {unit}")
        else:
            thousands = conv.decimal_mark != sep
            value, dec = (as_int, 0) if thousands else (as_dec, 3)
            why = ("theo quy ước số của văn bản", "the text's convention")
        unusual = (sep == "," and dec == 0) or (sep == "." and dec == 3)
        note = None
        if conv.mixed or unusual or (not unit and not percent and not (conv.comma or conv.dot)):
            note = (f"'{tok}' được đọc là {_plain(value)} ({why[0]})", f"'{tok}' read as {_plain(value)} ({why[1]})")
        return value, dec, note
    try:
        parsed = parse_number(tok)
    except VnParseError:
        return None, 0, None
    value = _exact(tok, parsed.value)
    decimals = -value.as_tuple().exponent if isinstance(value, Decimal) else 0  # as written: "1.234,25" has 2
    note = None
    if one_sep and conv.mixed and sep != conv.decimal_mark:
        mark = "dấu chấm" if sep == "." else "dấu phẩy"
        note = (f"'{tok}' được đọc là {_plain(value)}: viết {mark} thập phân, khác phần còn lại của văn bản",
                f"'{tok}' read as {_plain(value)}: written with '{sep}' as the decimal mark, unlike the rest of the text")
    return value, decimals, note


def numbers(text: str, conv: Convention) -> list[Num]:
    """The quantities of ``text`` (masked first), each with its unit, precision and any guess."""
    out: list[Num] = []
    hidden = masked(text)
    for m in _TOKEN.finditer(hidden):
        tok = m.group(0)
        end = m.end()
        pm = _PERCENT.match(hidden, end)
        percent = bool(pm)
        if pm:
            end = pm.end()
        unit = None if percent else _unit(text, m.end())
        value, decimals, note = _read(tok, percent, unit, conv)
        if value is None:  # not a number after all
            continue
        if isinstance(value, Decimal) and decimals == 0 and value == value.to_integral_value():
            value = int(value)
        out.append(Num(value, text[m.start():end], m.start(), end, percent, decimals, unit, note))
    return out


@dataclass(slots=True)
class Fraction:
    """"18/20 nhiệm vụ" (18 of 20 tasks): ``part`` of ``whole`` things counted in ``unit``; ``start`` and
    ``end`` in the text (the unit included). Read apart from :func:`numbers`, which masks "18/20" as it
    masks a document's number."""

    part: int
    whole: int
    text: str
    start: int
    end: int
    unit: str


def fractions(text: str) -> list[Fraction]:
    """The "a/b <count noun>" of ``text`` with a ≤ b ("12/15 đơn vị", "18/20 nhiệm vụ"): a date or a
    document's number has no count noun after it, and a part above its whole is no fraction."""
    out = []
    for m in _FRACTION.finditer(text):
        unit = _unit(text, m.end())
        if unit is None:
            continue
        part, whole = (int(g.replace(".", "")) for g in m.groups())
        if not 0 < whole or part > whole:
            continue
        end = text.lower().index(unit, m.end()) + len(unit)
        out.append(Fraction(part, whole, text[m.start():end], m.start(), end, unit))
    return out
