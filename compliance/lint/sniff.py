"""What a report file really is, before it is read (:func:`compliance.lint.reader.read_document`): a Word
document named .pdf, a PDF named .docx, a workbook, a zip archive, an old .doc/.xls, a .docx cut short or
a binary file is refused in one line that says what to do; a text file is decoded.

The file's kind is told by :func:`compliance.io.archive.kind` (one place for every reader); the text's
encoding by :func:`compliance.io.table_source.detect_encoding`, as registers are read: a byte-order mark,
else UTF-8, else the encoding detected (windows-1258 for Vietnamese text saved by older Windows software,
whose tone marks are combining characters: the text is NFC-normalised after decoding).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, Message, places
from compliance.io import archive
from compliance.io.table_source import HEAD_BYTES, detect_encoding

_KINDS = {".docx": M("a Word document"), ".pdf": M("a PDF"), ".txt": M("a text file"), ".md": M("a text file")}
_READ = {".docx": "docx", ".pdf": "pdf", ".txt": "text", ".md": "text"}
"""The kind (:func:`compliance.io.archive.kind`) each suffix is read as."""


def sniff(path: Path, suffix: str) -> None:
    """InputError when the file's content is of another kind than its suffix (".docx", ".pdf", ".txt" or
    ".md") says: a Word document named .pdf ("rename it .docx"), a PDF named .docx, a workbook or another
    zip package, a zip package cut short or damaged, an old .doc/.xls, a binary file named .txt (control
    bytes such as NUL, anywhere in the file); OSError propagates for a file that cannot be opened."""
    kind = archive.kind(path)
    if kind in ("csv", "html"):
        kind = "text"  # a report's lines may hold commas and tabs, or be a web page saved as text: text all the same
    if kind == _READ[suffix]:
        if kind == "text" and _has_nul(path):
            raise InputError(path, M("is a binary file, not text (NUL bytes); give the report as .docx, .pdf or UTF-8 .txt"))
        return
    if kind == "docx":
        raise InputError(path, M("this is a Word document, not {kind} (rename it .docx)", kind=_KINDS[suffix]))
    if kind == "pdf":
        raise InputError(path, M("this is a PDF, not {kind} (rename it .pdf)", kind=_KINDS[suffix]))
    if kind == "xlsx":
        raise InputError(path, M("this is an Excel workbook, not a report: a submission form is read by 'compliance check'"))
    if kind == "zip":
        raise InputError(path, M("this is a zip archive, not a report (.docx, .pdf, .txt or .md)"))
    if kind == "damaged-zip":
        raise InputError(path, M("the file is damaged or was not completely downloaded or copied (its zip package cannot be opened); download or copy it again"))
    if kind == "encrypted":
        raise InputError(path, M("the file is protected by a password (encrypted), so it cannot be read: open it, remove "
                                 "the password and save it again"))
    if kind in ("ole", "odf"):
        raise InputError(path, not_a_report(path, suffix, kind))
    if kind == "text":
        raise InputError(path, M("this is a text file, not {kind} (rename it .txt)", kind=_KINDS[suffix]))
    if suffix == ".docx":
        raise InputError(path, M("not a {what} file (it is not a zip package); is it damaged or an old .doc?", what=".docx"))
    if suffix == ".pdf":
        raise InputError(path, M("damaged PDF, cannot be read ({exc})", exc=M("it does not start as a PDF")))
    raise InputError(path, M("is a binary file, not text (NUL bytes); give the report as .docx, .pdf or UTF-8 .txt"))


def not_a_report(path: Path, suffix: str, kind: str | None = None) -> Message:
    """Why the file at ``path`` (named ``suffix``) is not read as a report, with what to do, by what it is
    (:func:`compliance.io.archive.kind`; ``kind`` when the caller knows it): a Word 97–2003 document (.doc) or
    an OpenDocument file of LibreOffice or OpenOffice (.odt) is to be saved as .docx, under whatever name; a
    .docx or PDF under another name renamed; anything else is named by the formats read."""
    try:
        kind = kind or (archive.kind(path) if path.is_file() else None)
    except OSError:
        kind = None
    if kind == "ole":
        if suffix in (".doc", ".docx", ".dot"):
            return M("this is a Word 97–2003 document (.doc), an old format: open it in Word and save it as .docx")
        return M("this is an old Word (.doc) or Excel (.xls) file: save it as .docx from Word")
    if kind == "odf":
        return M("this is an OpenDocument file ({suffix}) of LibreOffice or OpenOffice: save it as .docx (Word)",
                 suffix=suffix if suffix in (".odt", ".ods", ".odp") else ".odt")
    if kind in ("docx", "pdf") and suffix not in _READ:
        return M("this is a {kind} file named {suffix}: rename it {kind}", kind="." + kind, suffix=suffix or "…")
    return M("a report is read from .docx, .pdf, .txt or .md")


def _has_nul(path: Path) -> bool:
    """True when a NUL byte is anywhere in the file (past the sample :func:`compliance.io.archive.kind` reads);
    a UTF-16 file (its byte-order mark first) holds them by its nature."""
    with path.open("rb") as fh:
        if fh.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return False
        fh.seek(0)
        while chunk := fh.read(1 << 20):
            if b"\x00" in chunk:
                return True
    return False


def decode(path: Path) -> tuple[str, Message | None]:
    """(text, note) of a .txt/.md report: decoded as :func:`compliance.io.table_source.detect_encoding`
    says (a byte-order mark, else UTF-8, else the encoding detected, e.g. windows-1258) and NFC-normalised;
    ``note`` says the encoding when it was detected rather than declared (None for UTF-8 and UTF-16 with a
    byte-order mark). InputError naming the line of the first byte the encoding cannot decode, or when no
    encoding fits (none detected, or one giving letters other than Latin ones)."""
    data = path.read_bytes()
    codec, _, note = detect_encoding(path, data[:HEAD_BYTES])
    try:
        text = data.decode(codec)  # utf-8-sig and utf-16 drop their byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if codec.startswith("utf-8"):
            raise InputError(path, M("is not UTF-8 text (save it as UTF-8)"), places.line(line)) from None
        raise InputError(path, M("is not valid {encoding} text (save it as UTF-8)", encoding=codec), places.line(line)) from None
    text = unicodedata.normalize("NFC", text)
    if note is not None and not _latin(text):
        raise InputError(path, M("is not UTF-8 text (save it as UTF-8)"), places.line(1))
    if note is not None:
        name = f"windows-{codec[2:]}" if codec.startswith("cp125") else codec  # as Windows names its code pages
        note = M("the file is not UTF-8 text: read as {codec} (detected; save it as UTF-8 to be sure)", codec=name)
    return text, note


def _latin(text: str) -> bool:
    """True when nearly every letter of ``text`` (a Vietnamese report) is in the Latin script: a guessed
    encoding that gives other letters (Big5 for a few lines of windows-1258) is a wrong guess."""
    letters = [ch for ch in text[:20000] if ch.isalpha() and not ch.isascii()]
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other <= 0.02 * len(letters)
