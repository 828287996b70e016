"""Files from outside the tool, as they really are: the name of a zip entry as its maker wrote it, and
what a file is by its first bytes, whatever its extension says.

Entry names. A zip entry's name is UTF-8 when the entry carries the language-encoding flag (bit 11,
``0x800``, of the general-purpose flags; PKWARE APPNOTE 6.3, appendix D), and IBM code page 437
otherwise, which is how :mod:`zipfile` decodes it. Info-ZIP ``zip`` on Linux, macOS's Archive Utility
and older Windows write UTF-8 names *without* the flag, so "Vòng 2025" would read "V├▓ng 2025"; the
zip tools of a Vietnamese Windows (Explorer's "compressed folder" among them) write the name in the
system's code page, Windows-1258, also without the flag, so "Sở Tư pháp" would read "S⌡╥ T² phßp".
:func:`entry_name` reads such a name as UTF-8 when its bytes are valid UTF-8, else as Windows-1258
when that reading is plausible Vietnamese (:func:`vietnamese`), and keeps code page 437 otherwise
(a real DOS-era name).

File kinds. :func:`kind` tells a workbook, a Word document, a PDF, another zip package, a zip package
that cannot be opened (cut short or damaged), an old Office file, a CSV or other text and a binary file
apart by their content, so a reader can say what a file is and what to do (rename it, download it again)
instead of "not a zip".
"""

from __future__ import annotations

import csv
import re
import unicodedata
import zipfile
from pathlib import Path

UTF8_FLAG = 0x800
"""General-purpose flag bit 11: the entry's name (and comment) are UTF-8."""

SAMPLE = 8192
"""Bytes read from the start of a file to tell its kind."""


def entry_name(info: zipfile.ZipInfo) -> str:
    """The name of the archive entry ``info`` as its maker wrote it, in NFC: with the UTF-8 flag, the name
    zipfile read; without it, the name's bytes (zipfile decoded them as code page 437) read by
    :func:`unflagged_name`. E.g. the bytes of "Sở Tư pháp.yaml" stored without the flag, in UTF-8: zipfile
    says "Sß╗ƒ T╞░ ph├íp.yaml"; in Windows-1258: "S⌡╥ T² phßp.yaml"; this says "Sở Tư pháp.yaml" for both.
    An ASCII name is the same either way. The path is as stored ("/"-separated, possibly hostile):
    callers keep their own guards (base name only, traversal, metadata)."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            name = unflagged_name(name.encode("cp437"))
        except UnicodeEncodeError:  # not decoded from code page 437 (a ZipFile opened with another encoding)
            pass
    return unicodedata.normalize("NFC", name)


def unflagged_name(raw: bytes) -> str:
    """An entry name's bytes stored without the UTF-8 flag, read in the safe order: UTF-8 when they are
    valid UTF-8 (ASCII is), else Windows-1258 when that reading is plausible Vietnamese (:func:`vietnamese`),
    else code page 437, the zip format's own. Windows-1258 writes a letter it has no single byte for as
    the base letter and a combining tone mark ("ở" = "ơ" + hook): the result is in NFC."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        name = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:  # a byte Windows-1258 leaves undefined (0x81, 0x8D…)
        name = None
    return name if name is not None and vietnamese(name) else raw.decode("cp437")


_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
"""No tone, and the five tone marks of Vietnamese: huyền, sắc, ngã, hỏi, nặng."""
_VOWELS = "".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in _TONES)
VIETNAMESE_LETTERS = frozenset(c for c in _VOWELS + "đĐ" if not c.isascii())
"""The letters of Vietnamese outside ASCII: the twelve vowels with their tones, and đ (both cases)."""
NAME_PUNCTUATION = frozenset("–—‘’“”")
"""Characters outside ASCII a Vietnamese file name may hold besides its letters (Word's dashes and quotes)."""
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|kr|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}(?:ng|nh|ch|[cmnptk])?"
    r"|[bcdđfghjklmnpqrstvwxz]+",
    re.IGNORECASE)
"""One Vietnamese syllable: an initial consonant, one to three vowels, a final consonant (k and kr for the
Central Highlands' names: Đắk Nông, Krông Búk); or an abbreviation of consonants ("QĐ", "NĐ", "ĐT")."""


def vietnamese(name: str) -> bool:
    """Whether ``name`` (NFC) reads as Vietnamese: it holds a letter outside ASCII, every such character
    is a Vietnamese letter or :data:`NAME_PUNCTUATION` (no tone mark left over, no symbol), and every word
    holding one is a Vietnamese syllable (words split at what is not a letter and where a capital follows a
    small letter: "SởTưPháp"). "Sở Tư pháp" is; "Straáe" (the code-page-437 "Straße" read as Windows-1258)
    and "b̀n" are not."""
    outside = [c for c in name if not c.isascii()]
    if not outside or not all(c in VIETNAMESE_LETTERS or c in NAME_PUNCTUATION for c in outside):
        return False
    words, word = [], ""
    for c in name + " ":
        if c.isalpha() and not (c.isupper() and word[-1:].islower()):
            word += c
            continue
        words.append(word)
        word = c if c.isalpha() else ""
    return all(_SYLLABLE.fullmatch(w) for w in words if not w.isascii())


def zip_kind(names: set[str] | list[str]) -> str:
    """"xlsx", "docx", "odf" or "zip" by the part names a zip package holds (``xl/workbook.xml``,
    ``word/document.xml``, an OpenDocument package's ``mimetype`` and ``content.xml`` — LibreOffice's and
    OpenOffice's .odt, .ods —, none of them)."""
    names = set(names)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if {"mimetype", "content.xml"} <= names:
        return "odf"
    return "zip"


def kind(path: str | Path) -> str:
    """What the file at ``path`` is by its content, whatever its extension: "empty"; "xlsx", "docx", "odf"
    or "zip" (another zip package) for a zip that opens (:func:`zip_kind`); "damaged-zip" for a file that
    starts as a zip but cannot be opened (cut short while downloading or copying, or damaged); "pdf";
    "encrypted" (an Office file saved with a password: Office writes it as an OLE compound file holding an
"EncryptionInfo" and an "EncryptedPackage" stream, [MS-OFFCRYPTO] 2.3.4.4, whatever its extension); "ole" (another
OLE compound file: an old .xls or .doc); "html" (a web page: the "Xuất Excel" of many programs saves an HTML table
named .xls or .xlsx); "csv" (text whose first lines :class:`csv.Sniffer` splits on a comma,
    a semicolon or a tab, every one of them holding it); "text" (other text: UTF-8, UTF-16 or an 8-bit
    code page); "binary". Raises OSError when the file cannot be read."""
    path = Path(path)
    with path.open("rb") as fh:
        start = fh.read(SAMPLE)
    if not start:
        return "empty"
    if start.startswith(b"PK\x03\x04") or start.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as zf:
                return zip_kind(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "damaged-zip"
    if start.startswith(b"%PDF"):
        return "pdf"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return "encrypted" if _holds(path, ENCRYPTED_STREAMS) else "ole"
    text = _text(start, len(start) < SAMPLE)
    if text is None:
        return "binary"
    if _HTML.match(text):
        return "html"
    lines = [line for line in text.splitlines()[:-1 if len(start) == SAMPLE else None] if line.strip()][:20]
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t")
    except csv.Error:
        return "text"
    return "csv" if lines and all(dialect.delimiter in line for line in lines) else "text"


ENCRYPTED_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))
"""The names of the streams of an encrypted Office file (how it is encrypted; the package itself), as the compound
file's directory writes names (UTF-16 LE)."""
_HTML = re.compile(r"\ufeff?\s*(<!--.*?-->\s*)*(<!doctype html|<html|<table|<meta|<head|<body)", re.I | re.S)


def _holds(path: Path, names: tuple[bytes, ...], size: int = 1 << 20) -> bool:
    """Whether one of the byte strings ``names`` is anywhere in the file (read in chunks of ``size``)."""
    tail, keep = b"", max(map(len, names))
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            if any(name in tail + chunk for name in names):
                return True
            tail = chunk[-keep:]
    return False


def _text(start: bytes, whole: bool) -> str | None:
    """The sample as text (UTF-16 by its byte-order mark, else UTF-8 with a BOM allowed, a character cut
    at the end of a partial sample forgiven; else an 8-bit code page such as Windows-1258, read as
    Latin-1 only to find the separators), or None for binary content (control bytes other than tab,
    line ends and form feed)."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return start[: len(start) // 2 * 2].decode("utf-16", errors="ignore")
    if start.translate(None, b"\t\n\r\x0c" + bytes(range(0x20, 0x100))):
        return None
    try:
        return start.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not whole and exc.start > len(start) - 4:
            return start[: exc.start].decode("utf-8-sig")
    return start.decode("latin-1")
