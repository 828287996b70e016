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


@lru_cache(maxsize=1)
def vietnamese() -> dict[tuple[str | None, str], str]:
    """``{(context, English): Vietnamese}`` from :data:`PO_FILE` (fuzzy and empty entries left out)."""
    from babel.messages.pofile import read_po

    with PO_FILE.open("rb") as fh:
        catalog = read_po(fh, locale="vi", domain="compliance")
    out: dict[tuple[str | None, str], str] = {}
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            out[(message.context, message.id)] = message.string
    return out


def translate(msgid: str, context: str | None = None) -> str:
    """The Vietnamese of ``msgid`` in ``context``; ``msgid`` itself when the catalogue has none."""
    return vietnamese().get((context, msgid), msgid)
