"""What a report file really is, before it is read (:func:`compliance.lint.reader.read_document`): a Word
document named .pdf, a PDF named .docx, a workbook, a zip archive, an old .doc/.xls or a binary file is
told apart by its first bytes and refused in one line that says what to do; a text file is decoded."""

from __future__ import annotations

import zipfile
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M, places

_KINDS = {".docx": M("a Word document"), ".pdf": M("a PDF"), ".txt": M("a text file"), ".md": M("a text file")}


def sniff(path: Path, suffix: str) -> None:
    """InputError when the file's content is of another kind than its suffix says: a Word document
    named .pdf ("rename it .docx"), a PDF named .docx, a workbook or another zip package, a binary
    file named .txt (NUL bytes)."""
    with path.open("rb") as fh:
        start = fh.read(8192)
    if start.startswith(b"%PDF"):
        kind = ".pdf"
    elif start.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path)
    elif start.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, M("this is an old Word (.doc) or Excel (.xls) file: save it as .docx from Word"))
    elif start.startswith((b"\xff\xfe", b"\xfe\xff")):
        kind = "text"  # UTF-16 text: NUL bytes are its own
    elif b"\x00" in start or (suffix in (".txt", ".md") and _has_nul(path)):
        raise InputError(path, M("is a binary file, not text (NUL bytes); give the report as .docx, .pdf or UTF-8 .txt"))
    else:
        kind = "text"
    if kind == suffix or (kind == "text" and suffix in (".txt", ".md")):
        return
    if kind == ".docx":
        raise InputError(path, M("this is a Word document, not {kind} (rename it .docx)", kind=_KINDS[suffix]))
    if kind == ".pdf":
        raise InputError(path, M("this is a PDF, not {kind} (rename it .pdf)", kind=_KINDS[suffix]))
    if kind == ".xlsx":
        raise InputError(path, M("this is an Excel workbook, not a report: a submission form is read by 'compliance check'"))
    if kind == "zip":
        raise InputError(path, M("this is a zip archive, not a report (.docx, .pdf, .txt or .md)"))
    try:
        start.decode("utf-8")
        text = True
    except UnicodeDecodeError as exc:
        text = exc.start > len(start) - 4  # a character cut at the end of the sample
    if text:
        raise InputError(path, M("this is a text file, not {kind} (rename it .txt)", kind=_KINDS[suffix]))
    if suffix == ".docx":
        raise InputError(path, M("not a {what} file (it is not a zip package); is it damaged or an old .doc?", what=".docx"))
    raise InputError(path, M("damaged PDF, cannot be read ({exc})", exc=M("it does not start as a PDF")))


def _has_nul(path: Path) -> bool:
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if b"\x00" in chunk:
                return True
    return False


def _zip_kind(path: Path) -> str:
    """".docx", ".xlsx" or "zip" by the parts a zip package holds ("zip" when it cannot be opened)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return ".docx" if path.suffix.lower() == ".docx" else "zip"
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return "zip"


def decode(path: Path) -> str:
    """The text of a .txt/.md report: UTF-16 by its byte-order mark, else UTF-8 (a BOM allowed); InputError
    naming the line of the first byte that is not UTF-8."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, M("is not UTF-8 text (save it as UTF-8)"), places.line(line)) from None
