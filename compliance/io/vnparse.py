"""Vietnamese numbers and dates, read the way agency documents write them.

Vietnamese documents write ``28.044`` for twenty-eight thousand and forty-four, ``47,26 %`` for a
percentage and ``05/3/2020`` for 5 March 2020; exports from spreadsheets add real numbers and Excel
date serials; some files mix English formats. This module reads all of them and **never guesses
silently**: every reading that depends on a convention carries a ``note`` saying which convention was
assumed, and a value that cannot be read without a guess raises :class:`VnParseError` (or, for
numbers with ``strict=True``, an ambiguous reading raises too).

Public API (all pure functions, no I/O):

- :func:`parse_number` ``(value, *, strict=False) -> ParsedNumber``: ``"28.044"`` → 28044,
  ``"47,26 %"`` → 47.26 (``percent=True``), ``"1,5"`` → 1.5, ``"1.234,5"`` → 1234.5,
  ``"1,234.5"`` → 1234.5 (English), ``"28 044"`` → 28044, ``12`` → 12, ``0.5`` → 0.5.
- :func:`parse_date` ``(value) -> ParsedDate``: ``"05/03/2020"`` (day first, the Vietnamese order),
  ``"5-3-2020"``, ``"05.03.2020"``, optional ``" 14:30[:05]"``; ISO ``"2020-03-05[T14:30:05]"``;
  ``"ngày 05 tháng 3 năm 2020"``; Excel serials (``43895`` or ``"43895"``, 1900 date system);
  ``datetime.date``/``datetime.datetime`` objects (from openpyxl) pass through.
- :func:`normalize_key` ``(text) -> str``: lower case, diacritics removed, ``đ`` → ``d``, runs of
  anything but letters and digits turned into one space; used to match headers and coded values
  with or without diacritics. :data:`SQL_NORMALIZE_KEY` is the same function as a DuckDB SQL
  template (``{x}`` = the column expression).
- :func:`yes_no` ``(value) -> bool | None``: ``"Có"``, ``"x"``, ``TRUE`` → True; ``"không"``, ``"0"``,
  ``FALSE`` → False; anything else None (:data:`YES_WORDS`, :data:`NO_WORDS`: the one list of them).

Errors: :class:`VnParseError` (a ``ValueError``) with a one-line message in English naming the
value; callers wrap it in :class:`compliance.errors.InputError` with the file and place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from compliance.i18n import M
from compliance.i18n.validation import date_problem

__all__ = [
    "VnParseError",
    "ParsedNumber",
    "ParsedDate",
    "parse_number",
    "parse_date",
    "excel_serial_to_date",
    "normalize_key",
    "SQL_NORMALIZE_KEY",
    "YES_WORDS",
    "NO_WORDS",
    "yes_no",
    "EXCEL_SERIAL_MIN",
    "EXCEL_SERIAL_MAX",
]

#: Excel serials accepted as dates: 1 Jan 1910 … 31 Dec 2199 (outside this range a number is more
#: likely a count or a code than a date, so it is refused rather than read as a date).
EXCEL_SERIAL_MIN = 3654
EXCEL_SERIAL_MAX = 109573
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, valid for serials >= 61 (after Excel's 29/2/1900)


class VnParseError(ValueError):
    """A value that cannot be read as a number or date without guessing; the message names it."""


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text.

    ``value``: int when the text has no fractional part, else float; ``percent``: the text ended with
    ``%`` (``value`` is then in percent points, 47.26 for "47,26 %"); ``note``: the convention that
    was assumed when the text could be read another way (None when the reading is unambiguous).
    """

    value: int | float
    percent: bool = False
    note: str | None = None


@dataclass(frozen=True)
class ParsedDate:
    """A date (and time of day, when one was written) read from text, a number or a date object.

    ``date``: the calendar day; ``time``: the time of day or None; ``source_format``: one of
    ``"dmy"``, ``"iso"``, ``"vn_words"``, ``"excel_serial"``, ``"date_object"``; ``note``: the
    convention assumed, if any (for instance day-first order when both parts are ≤ 12).
    """

    date: dt.date
    time: dt.time | None = None
    source_format: str = "iso"
    note: str | None = None

    def iso(self) -> str:
        """``YYYY-MM-DD`` (the day only)."""
        return self.date.isoformat()


# --------------------------------------------------------------------------------------------- keys

def normalize_key(text: str) -> str:
    """Header/value key: ``"Ngày hẹn trả (dd/mm)"`` → ``"ngay hen tra dd mm"``.

    Lower case, NFD-decomposed and combining marks dropped, ``đ`` → ``d``, every run of characters
    other than ``a-z0-9`` replaced by one space, trimmed.
    """
    text = unicodedata.normalize("NFD", str(text).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


#: abbreviations reports and forms write ("Kế hoạch CCHC năm 2025") → the words they stand for
ABBREVIATIONS = {"cchc": "cải cách hành chính", "cntt": "công nghệ thông tin", "tthc": "thủ tục hành chính"}


def spelt_out(words: str) -> str:
    """``words`` (lower case) with the abbreviations of :data:`ABBREVIATIONS` written out:
    ``"kế hoạch cchc năm"`` → ``"kế hoạch cải cách hành chính năm"``."""
    return re.sub(r"\b(" + "|".join(ABBREVIATIONS) + r")\b", lambda m: ABBREVIATIONS[m.group(1)], words)


#: DuckDB SQL equivalent of :func:`normalize_key`; format with ``x=<sql expression>``.
SQL_NORMALIZE_KEY = "trim(regexp_replace(replace(strip_accents(lower({x})), 'đ', 'd'), '[^a-z0-9]+', ' ', 'g'))"


# ------------------------------------------------------------------------------------------- yes/no

#: yes and no as registers, forms and workbooks write them, matched by :func:`normalize_key` (case and
#: diacritics ignored). "true"/"false" is how a workbook's boolean cell (a check box, a ``=B2>0``
#: formula) is read as text (TRUE/FALSE). Columns that take more words ("đã số hóa", "miễn phí") add
#: their own to these; these are THE words every yes/no column takes.
YES_WORDS = ("có", "x", "1", "yes", "y", "true")
NO_WORDS = ("không", "0", "no", "n", "false")
BOOLEAN_CELL_KEYS = frozenset({"true", "false"})
"""The keys of a boolean cell read as text: a column reading them says so in a note."""
_YES_NO = {**{normalize_key(w): True for w in YES_WORDS}, **{normalize_key(w): False for w in NO_WORDS}}


def yes_no(value) -> bool | None:
    """``True`` for a yes (:data:`YES_WORDS`, a ``True`` cell), ``False`` for a no (:data:`NO_WORDS`, a
    ``False`` cell), ``None`` for anything else (the caller says what it expected)."""
    if isinstance(value, bool):
        return value
    return _YES_NO.get(normalize_key(value)) if value is not None else None


# ------------------------------------------------------------------------------------------ numbers

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DIGITS = re.compile(r"^\d+$")


def _int_or_float(x: float) -> int | float:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def parse_number(value, *, strict: bool = False) -> ParsedNumber:
    """Read a number written the Vietnamese way (or the English way, or as a real number).

    Conventions, in order:

    - ints and floats pass through (NaN and infinity are refused; bools are refused);
    - spaces (also non-breaking and thin spaces) between digit groups are thousands separators;
    - both ``.`` and ``,`` present: the last one is the decimal mark (``1.234,5`` → 1234.5,
      ``1,234.5`` → 1234.5, noted as English format);
    - only ``,``: one comma is the decimal mark (``1,5`` → 1.5, ``47,26`` → 47.26); several commas
      with 3-digit groups are English thousands (``1,234,567``, noted);
    - only ``.``: several dots with 3-digit groups are thousands (``1.234.567``); one dot followed by
      exactly three digits is read as the Vietnamese thousands separator (``28.044`` → 28044) with a
      note, because in English it would be a decimal; any other single dot is a decimal point
      (``0.5``, ``12.75``), noted as English format;
    - a ``%`` at the end sets ``percent``; a leading ``-`` or ``−`` makes it negative.

    ``strict=True`` raises :class:`VnParseError` instead of returning a reading that carries a note
    about an ambiguity (``28.044``, ``1,500``).

    Raises :class:`VnParseError` for empty text and anything else that is not a number.
    """
    if isinstance(value, bool):
        raise VnParseError(M("{value!r} is a yes/no value, not a number", value=value))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise VnParseError(M("{value!r} is not a finite number", value=value))
        return ParsedNumber(_int_or_float(value) if isinstance(value, float) else value)
    if not isinstance(value, str):
        raise VnParseError(M("{value!r} is not a number", value=value))
    raw = unicodedata.normalize("NFC", value).strip()
    text = raw
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    sign = 1
    if text[:1] in ("-", "−", "–"):
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    if not text:
        raise VnParseError(M("{raw!r} is empty, a number was expected", raw=raw))
    # spaces as thousands separators: only between digit groups of three
    if _SPACES.search(text):
        parts = _SPACES.split(text)
        if not all(re.fullmatch(r"\d{3}(?:[.,]\d+)?", p) for p in parts[1:]) or not re.fullmatch(r"\d{1,3}", parts[0]):
            raise VnParseError(M("{raw!r} is not a number; enter a number, e.g. 20000", raw=raw)
                               if re.search(r"[^\W\d_]", raw) else M("{raw!r} is not a number (unexpected spaces)", raw=raw))
        text = "".join(parts)
    if not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() or not text[-1].isdigit():
        raise VnParseError(M("{raw!r} is not a number; enter a number, e.g. 20000", raw=raw))
    note = None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        thou = "," if dec == "." else "."
        int_part, frac = text.rsplit(dec, 1)
        if thou in frac or dec in int_part or not _grouped(int_part, thou):
            raise VnParseError(M("{raw!r} mixes '.' and ',' in a way that is not a number", raw=raw))
        number = float(int_part.replace(thou, "") + "." + frac)
        if dec == ".":
            note = M("{raw} read in English format (',' thousands, '.' decimal)", raw=repr(raw))
    elif commas:
        if commas == 1 and not (_grouped(text, ",") and len(text.split(",")[1]) == 3):
            number = float(text.replace(",", "."))
        elif commas == 1:  # "1,500": Vietnamese 1.5 or English 1500
            number = float(text.replace(",", "."))
            note = M("{raw} read as {number} (',' as the Vietnamese decimal mark); in English it would be {other}",
                     raw=repr(raw), number=f"{number:g}".replace(".", ","), other=text.replace(",", ""))
        elif _grouped(text, ","):
            number = float(text.replace(",", ""))
            note = M("{raw} read in English format (',' thousands)", raw=repr(raw))
        else:
            raise VnParseError(M("{raw!r} has several commas and is not a number", raw=raw))
    elif dots:
        if dots > 1:
            if not _grouped(text, "."):
                raise VnParseError(M("{raw!r} has several dots and is not a number", raw=raw))
            number = float(text.replace(".", ""))
        elif _grouped(text, "."):  # "28.044": Vietnamese thousands or English decimal
            number = float(text.replace(".", ""))
            note = M("{raw} read as {number} ('.' as the Vietnamese thousands separator); in English it would be {other}",
                     raw=repr(raw), number=int(number), other=text)
        else:
            number = float(text)
            note = M("{raw} read with '.' as the decimal point (English format)", raw=repr(raw))
    else:
        number = float(text)
    if note and strict:
        raise VnParseError(M("ambiguous number: {note}", note=note))
    return ParsedNumber(_int_or_float(sign * number), percent, note)


def _grouped(text: str, sep: str) -> bool:
    """True when ``text`` is digits in groups of three after the first 1–3 digits: 1.234.567."""
    parts = text.split(sep)
    return bool(re.fullmatch(r"\d{1,3}", parts[0])) and all(re.fullmatch(r"\d{3}", p) for p in parts[1:]) and len(parts) > 1


# -------------------------------------------------------------------------------------------- dates

_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{4})(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_VN_WORDS = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE)
_SERIAL = re.compile(r"^\d{4,6}(?:\.\d+)?$")


def excel_serial_to_date(serial: float) -> ParsedDate:
    """Excel 1900-system serial → date (and time from the fraction).

    Raises :class:`VnParseError` outside :data:`EXCEL_SERIAL_MIN` … :data:`EXCEL_SERIAL_MAX`.
    """
    if not math.isfinite(serial) or not (EXCEL_SERIAL_MIN <= serial < EXCEL_SERIAL_MAX + 1):
        raise VnParseError(M("{serial!r} is outside the range of Excel date serials for 1910–2199", serial=serial))
    days = math.floor(serial)
    seconds = round((serial - days) * 86400)
    time = None
    if seconds:
        seconds = min(seconds, 86399)
        time = dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=days), time, "excel_serial")


def _make(y: int, m: int, d: int, raw: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise VnParseError(date_problem(raw) or M("{raw!r} is not a real calendar date", raw=raw)) from None


def _time(h, mi, s, raw) -> dt.time | None:
    if h is None:
        return None
    try:
        return dt.time(int(h), int(mi), int(s or 0))
    except ValueError:
        raise VnParseError(M("{raw!r} has an impossible time of day", raw=raw)) from None


def parse_date(value) -> ParsedDate:
    """Read a date as Vietnamese registers and spreadsheets write it.

    Accepted: ``date``/``datetime`` objects; Excel serial numbers (int/float or digit text, 1900
    system, range checked); ``dd/mm/yyyy`` with ``/``, ``-`` or ``.`` and an optional time
    ``HH:MM[:SS]`` (also ``14h30``); ISO ``yyyy-mm-dd[THH:MM[:SS]]``; ``ngày dd tháng mm năm yyyy``.

    Day-first is the Vietnamese order and is always assumed for ``a/b/yyyy``; when both ``a`` and
    ``b`` are ≤ 12 the result carries a note saying so. A value whose second part is over 12
    (``03/15/2020``) is month-first and raises :class:`VnParseError` instead of being swapped.
    Two-digit years, empty text and anything else raise :class:`VnParseError`.
    """
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), value.time() if value.time() != dt.time(0) else None, "date_object")
    if isinstance(value, dt.date):
        return ParsedDate(value, None, "date_object")
    if isinstance(value, bool):
        raise VnParseError(M("{value!r} is not a date", value=value))
    if isinstance(value, (int, float)):
        return excel_serial_to_date(float(value))
    if not isinstance(value, str):
        raise VnParseError(M("{value!r} is not a date", value=value))
    raw = unicodedata.normalize("NFC", value).strip()
    if not raw:
        raise VnParseError(M("empty text, a date was expected"))
    m = _DMY.match(raw)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if b > 12:
            if a <= 12:
                raise VnParseError(M("{raw!r} looks month-first (month {b} is impossible); write dates day-first (dd/mm/yyyy)", raw=raw, b=b))
            raise VnParseError(date_problem(raw) or M("{raw!r} is not a real calendar date", raw=raw))
        note = f"{raw!r} read day-first (dd/mm/yyyy)" if a <= 12 and a != b else None
        return ParsedDate(_make(y, b, a, raw), _time(m.group(5), m.group(6), m.group(7), raw), "dmy", note)
    m = _ISO.match(raw)
    if m:
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
        return ParsedDate(d, _time(m.group(4), m.group(5), m.group(6), raw), "iso")
    m = _VN_WORDS.match(raw)
    if m:
        return ParsedDate(_make(int(m.group(3)), int(m.group(2)), int(m.group(1)), raw), None, "vn_words")
    if re.fullmatch(r"(19|20)\d\d", raw):
        raise VnParseError(M("{raw!r} is a year, not a date", raw=raw))
    if _SERIAL.match(raw):
        return excel_serial_to_date(float(raw))
    if re.match(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$", raw):
        raise VnParseError(M("{raw!r} has a two-digit year; write the year in full (dd/mm/yyyy)", raw=raw))
    raise VnParseError(M("{raw!r} is not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date)", raw=raw))


_POINTS = re.compile(r"[+\-\u2212]?\d{1,4}(?:[.,]\d+)?")


def parse_points(text: str) -> float | None:
    """Points typed by a person (an appraisal entry in a page): "1,5", "1.5", "7,175" or "7.175" (as
    the page prints points in Vietnamese or English), "−0,5", "2". Points are small numbers without
    thousands, so the one separator, whichever it is, is the decimal mark. None when ``text`` is not
    such a number (the caller says so, naming its field)."""
    flat = "".join(text.split())
    if not _POINTS.fullmatch(flat):
        return None
    return float(flat.replace("\u2212", "-").replace(",", "."))
