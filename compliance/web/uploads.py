"""What comes in from the browser: file names made safe, a temporary folder per request, archives unpacked
under caps.

A client's file name is never a path: :func:`safe_name` keeps its last component only, in NFC, with
letters (Vietnamese ones too), digits, spaces and the punctuation names are written with (``.-_``,
parentheses and brackets, ``,``, en and em dashes, apostrophes, ``+``, ``&``: "Sở Tư pháp (bản sửa).yaml",
"Xã Nam Ban – bản cuối.yaml" stay as the user can find them in the .zip); anything else becomes ``_``.
Every upload is written into a folder made by :func:`workspace` for that request (or that background job)
and removed when it ends, also on an error. A ``.zip`` of forms goes through :func:`unpack_forms`:
at most :data:`MAX_ENTRIES` entries, at most the upload cap once unpacked (counted while reading, not
taken from the archive's own header), no entry inflating more than :data:`compliance.io.safety.MAX_RATIO`
times, and only the sanitised base name of an entry used on disk. Workbooks inside are then read through
the same guard as any workbook (:mod:`compliance.io.safety`: macros, zip bombs, cell caps).

Refusals are :class:`compliance.errors.InputError` naming the file as the user named it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from compliance import api
from compliance.errors import InputError
from compliance.i18n import M, Message, compose, join
from compliance.io.archive import entry_name
from compliance.io.safety import MAX_RATIO

MAX_ENTRIES = 1000
"""Entries read from one uploaded .zip (a 700-agency round fits)."""
FORM_SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")
"""What a submission can be: the Excel form, or a YAML/JSON submission."""
REPORT_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
"""What a narrative report can be (the report linter's formats)."""
REGISTER_SUFFIXES = (".csv", ".xlsx")
"""What a dossier register or a procedure catalogue can be."""
APPRAISAL_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
WAIVER_SUFFIXES = (".yaml", ".yml", ".json")
_UNSAFE = re.compile(r"[^\w.\- ()\[\],–—'’+&]+")
_CHUNK = 1024 * 1024


def safe_name(name: str | None, fallback: str = "upload") -> str:
    """A client's file name made safe to use as a base name: the part after the last ``/`` or ``\\``,
    NFC, characters other than letters, digits, space and ``.-_()[],–—'’+&`` replaced by ``_``, no leading
    dot or space, at most 120 characters (the extension kept). ``fallback`` when nothing is left."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: 120 - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else base[:120]
    return base or fallback


def suffix_of(name: str) -> str:
    """The lower-case extension of a (safe) name, with its dot ("" when none)."""
    return PurePosixPath(name).suffix.lower()


def require_suffix(name: str, allowed: tuple[str, ...], what: str, elsewhere: dict | None = None) -> None:
    """InputError naming the file when its extension is not one of ``allowed``: ``elsewhere``'s message
    for its extension (a kind of file another page takes, said with where it goes), else the list."""
    if elsewhere and suffix_of(name) in elsewhere:
        raise InputError(name, elsewhere[suffix_of(name)])
    if suffix_of(name) not in allowed:
        raise InputError(name, M("{what} must be one of {items}", what=what, items=', '.join(allowed)))


PREFIX = "compliance-web-"


def new_folder() -> Path:
    """A new private temporary folder (mode 0700); whoever makes it removes it (:func:`remove`)."""
    return Path(tempfile.mkdtemp(prefix=PREFIX))


def remove(folder: Path) -> None:
    """Remove a folder made by :func:`new_folder` with everything in it."""
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def workspace() -> Iterator[Path]:
    """A new private temporary folder, removed with everything in it when the block ends (also on error)."""
    folder = new_folder()
    try:
        yield folder
    finally:
        remove(folder)


_TEMP = re.compile(r"(?:/[^/\s]+)*/" + PREFIX + r"[^/\s]+/(?:[^/\s]+/)?")  # wherever the temporary folder is


def shown(line: str) -> str:
    """An error line as the user should read it: the request's temporary folder (and the one folder a
    round's submissions sit in) left out, so the file is named as the user named it."""
    return _TEMP.sub("", line)


def unique(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem-2.ext``… when that name is taken already."""
    target = folder / name
    n = 2
    while target.exists():
        stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/safe_name(name)`` (never outside ``folder``); returns the path."""
    target = unique(folder, safe_name(name))
    target.write_bytes(data)
    return target


def _parts(info: zipfile.ZipInfo) -> list[str]:
    """An archive entry's path as its maker wrote it (:func:`compliance.io.archive.entry_name`: UTF-8
    names stored without the UTF-8 flag read right), folder by folder (either slash)."""
    return [p for p in entry_name(info).replace("\\", "/").split("/") if p]


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The name an archive entry gets on disk: its sanitised base name; a submission kept in a folder
    (``so-tu-phap/submission.yaml``) takes the folder's name (``so-tu-phap.yaml``) so that several
    folder submissions do not collide."""
    parts = _parts(info)
    base = parts[-1] if parts else ""
    stem = PurePosixPath(base).stem.lower()
    if stem == "submission" and len(parts) > 1:
        base = parts[-2] + PurePosixPath(base).suffix
    return safe_name(base)


QUIET = ("thumbs.db", "desktop.ini")
"""Base names of system files an archive may carry, skipped without a word (with ``__MACOSX/``, hidden
files and Office's ``~$`` lock files): they are the computer's, not the user's."""


def _quiet(info: zipfile.ZipInfo) -> bool:
    """True for an entry that is not user content: a folder, macOS metadata (``__MACOSX/``, ``._x``),
    a hidden file, an Office lock file (``~$bieu-mau.xlsx``, left while the form is open) or a system
    file (:data:`QUIET`)."""
    parts = _parts(info)
    base = parts[-1] if parts else ""
    return (info.is_dir() or not base or "__MACOSX" in parts or base.startswith((".", "~$"))
            or base.lower() in QUIET)


SKIP_REASONS: dict[str, Message] = {
    "report": M("a report, not a submission: upload it on the page Agency self-assessment"),
    "archive": M("an archive inside the archive: unpack it and upload its forms, or upload it as a .zip of its own"),
    "old_excel": M("an old Excel workbook: open it and save it as .xlsx"),
}


def skip_reason(name: str) -> Message:
    """Why an archive entry named ``name`` is not taken as a submission, with what to do, in the
    inspector's terms, by what the file is (:func:`compliance.api.other_file`, the round's own test): a
    narrative report goes to the agency's page, an archive inside the archive is not opened, an old .xls
    is saved as .xlsx, anything else is not a submission."""
    return SKIP_REASONS.get(api.other_file(name), M("not a submission (the form .xlsx, or .yaml, .yml, .json)"))


def unpack_forms(archive: Path, label: str, max_bytes: int) -> tuple[dict[str, bytes], list[tuple[str, Message]]]:
    """The submissions inside the uploaded .zip ``archive`` (shown to the user as ``label``): safe base
    name → content, for entries whose extension is one of :data:`FORM_SUFFIXES`; and the entries skipped
    for another extension, each as (its name in the archive, why: :func:`skip_reason`), so the page can
    say them: a report or a nested .zip is never dropped without a word. Folders, macOS metadata, hidden
    files and lock files are skipped quietly (:func:`_quiet`). Raises InputError for a file that is not a
    zip, an encrypted entry, more than :data:`MAX_ENTRIES` entries, more than ``max_bytes`` once unpacked,
    an entry inflating more than ``MAX_RATIO`` times (a zip bomb), or an archive without a submission
    (naming what it skipped)."""
    if not zipfile.is_zipfile(archive):
        raise InputError(label, M("not a .zip archive"))
    out: dict[str, bytes] = {}
    skipped: list[tuple[str, Message]] = []
    total = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise InputError(label, M("the archive has {n} entries (at most {max_entries} are read)", n=len(infos), max_entries=MAX_ENTRIES))
            for info in infos:
                if _quiet(info):
                    continue
                name = _entry_name(info)
                if suffix_of(name) not in FORM_SUFFIXES:
                    skipped.append(("/".join(_parts(info)), skip_reason(name)))
                    continue
                if info.flag_bits & 0x1:
                    raise InputError(label, M("encrypted entries are not read"), entry_name(info))
                if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError(label, M("entry inflates {value} times (a zip bomb?); refused", value=info.file_size // max(info.compress_size, 1)), entry_name(info))
                chunks = []
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise InputError(label, M("the archive unpacks to more than {value} MB (the upload cap)", value=max_bytes // (1024 * 1024)), entry_name(info))
                        chunks.append(chunk)
                while name in out:
                    name = f"{PurePosixPath(name).stem}-2{PurePosixPath(name).suffix}"
                out[name] = b"".join(chunks)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(label, M("damaged .zip archive: {exc}", exc=exc)) from None
    if not out:
        if skipped:
            raise InputError(label, M("the archive holds no submission ({items}); skipped: {skipped}", items=', '.join(FORM_SUFFIXES),
                                      skipped=skipped_list(skipped)))
        raise InputError(label, M("the archive holds no submission ({items})", items=', '.join(FORM_SUFFIXES)))
    return out, skipped


def skipped_list(skipped: list[tuple[str, Message]]) -> Message:
    """"bao-cao.docx (báo cáo, …), inner.zip (tệp nén lồng nhau, …)": each skipped entry with why."""
    return join([compose("{name} ({why})", name=name, why=why) for name, why in skipped], ", ")


def upload_of(form, field: str, label):
    """The file posted in ``field`` of ``form``; InputError naming the field by its ``label`` (a page
    word) when none came."""
    from starlette.datastructures import UploadFile

    value = form.get(field)
    if not isinstance(value, UploadFile) or not value.filename:
        raise InputError(None, M("choose a file to upload"), M("the field '{field}'", field=label))
    return value


async def posted_file(web, request, field: str, label, allowed: tuple[str, ...], what, fallback: str,
                      elsewhere: dict | None = None) -> tuple[str, bytes, dict[str, str]]:
    """The one file posted in ``field`` (its page word ``label``; after the CSRF check,
    :meth:`compliance.web.base.Web.form`): its safe name, its bytes and the form's text fields.
    InputError when no file came or its extension is not one of ``allowed`` (``what`` names the kind
    of file expected; ``elsewhere``: extension → the line for a file another page takes)."""
    form = await web.form(request)
    try:
        upload = upload_of(form, field, label)
        name = safe_name(upload.filename, fallback)
        require_suffix(name, allowed, what, elsewhere)
        return name, await upload.read(), {k: v for k, v in form.multi_items() if isinstance(v, str)}
    finally:
        await form.close()
