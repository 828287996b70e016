"""Base model and small shared types."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Every model forbids unknown keys, so a misspelt key is an error, not a silently ignored line."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Text(Strict):
    """A label in Vietnamese (required) and English (optional; falls back to Vietnamese)."""

    vi: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi
