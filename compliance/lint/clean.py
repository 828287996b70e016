"""Text clean-up and package checks shared by the report readers (.txt/.md, .docx, .pdf)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.yamlio import clean_text

MAX_UNPACKED = 200 * 1024 * 1024
"""Largest .docx once unpacked (bytes): a bigger one is refused as a possible zip bomb."""
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,300})?/?>")
_SPACE = re.compile(r"[ \t\u00a0\u202f]+")


def tidy(text: str) -> str:
    """One line of report text: NFC, no zero-width characters, no Markdown emphasis or HTML tags,
    single spaces."""
    text = clean_text(text)
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip()


def check_zip(path: Path, what: str) -> None:
    """InputError unless ``path`` is a zip package of sane size (a .docx): at most
    :data:`MAX_UNPACKED` bytes once unpacked and no part inflating more than 200 times over 1 MB."""
    if not zipfile.is_zipfile(path):
        raise InputError(path, M("not a {what} file (it is not a zip package); is it damaged or an old .doc?", what=what))
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.file_size > 1024 * 1024 and info.file_size > 200 * max(info.compress_size, 1):
                    raise InputError(path, M("part {filename} inflates suspiciously (a zip bomb?); refused", filename=info.filename))
            if total > MAX_UNPACKED:
                raise InputError(path, M("unpacks to {value} MB; refused", value=total // (1024 * 1024)))
    except zipfile.BadZipFile as exc:
        raise InputError(path, M("damaged {what} file: {exc}", what=what, exc=exc)) from None
