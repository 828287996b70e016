"""Base model and small shared types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, WrapValidator


class Strict(BaseModel):
    """Every model forbids unknown keys, so a misspelt key is an error, not a silently ignored line."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Text(Strict):
    """A label in Vietnamese (required) and English (optional; falls back to Vietnamese)."""

    vi: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi


def _kept(value, handler):
    return value if isinstance(value, str) else handler(value)


Said = Annotated[str, WrapValidator(_kept)]
"""Text said to a person that may be a catalogue message (a place such as "sheet Văn bản, row 5" /
"dòng 5 (trang 'Văn bản')", made by :mod:`compliance.i18n.places`): the message is kept as it is, so
every output says it in its own language with ``compliance.i18n.text(value, lang)``; JSON holds its
English, as for every message. Plain text passes unchanged."""
