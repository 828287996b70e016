"""Reading the Vietnamese catalogue (``locale/vi/LC_MESSAGES/compliance.po``) with Babel, once per process.

A message without a Vietnamese text (or marked fuzzy) comes out in English, as gettext does;
``tests/test_i18n.py`` keeps that from shipping.

Layer: foundation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PO_FILE = Path(__file__).with_name("locale") / "vi" / "LC_MESSAGES" / "compliance.po"
"""The Vietnamese catalogue: msgid (English) → msgstr (Vietnamese), contexts as msgctxt."""

MO_FILE = PO_FILE.with_suffix(".mo")
"""The catalogue compiled by ``make messages`` (``pybabel compile``): what a command reads, in 2 ms where
parsing the ``.po`` takes 45 ms of every command's start. ``tests/test_i18n.py`` holds it to the ``.po``."""


@lru_cache(maxsize=1)
def vietnamese() -> dict[tuple[str | None, str], str]:
    """``{(context, English): Vietnamese}`` from :data:`MO_FILE` (the standard library's gettext reader),
    or from :data:`PO_FILE` (Babel) where no compiled catalogue is there; fuzzy and empty entries left out."""
    if MO_FILE.exists():
        import gettext

        with MO_FILE.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)._catalog
        return {(tuple(k.split("\x04", 1)) if "\x04" in k else (None, k)): v for k, v in compiled.items() if k}
    return po_messages()


def _po_catalog():
    from babel.messages.pofile import read_po

    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="vi", domain="compliance")


def po_messages() -> dict[tuple[str | None, str], str]:
    """``{(context, English): Vietnamese}`` parsed from :data:`PO_FILE` with Babel (fuzzy and empty entries
    left out)."""
    out: dict[tuple[str | None, str], str] = {}
    for message in _po_catalog():
        if message.id and message.string and not message.fuzzy:
            out[(message.context, message.id)] = message.string
    return out


def compile_mo() -> None:
    """Write :data:`MO_FILE` from :data:`PO_FILE` (``make messages``; fuzzy entries left out). Babel's writer,
    not ``pybabel compile``, whose check of printf placeholders takes "10% of" in a message for one."""
    import datetime as dt

    from babel.messages.mofile import write_mo

    catalog = _po_catalog()
    # the .po has no creation date (make messages drops it): without a fixed one Babel writes the current
    # minute, and every compile would change the .mo's bytes
    catalog.creation_date = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with MO_FILE.open("wb") as fh:
        write_mo(fh, catalog)


def translate(msgid: str, context: str | None = None) -> str:
    """The Vietnamese of ``msgid`` in ``context``; ``msgid`` itself when the catalogue has none."""
    return vietnamese().get((context, msgid), msgid)
