"""The 63 provinces PAPI ranked (2011–2024): slugs, GSO codes, Vietnamese and English names.

Data: ``criteria/papi/provinces.yaml``. A province may be written as its slug ("dak-nong"), its
Vietnamese name with or without diacritics ("Đắk Nông", "Dak Nong"), its English name, an alias, or its
GSO code; :func:`resolve_province` turns any of these into the slug.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from compliance.errors import InputError
from compliance.io.yamlio import load_model
from compliance.model.base import Strict, Text
from compliance.papi.structure import CRITERIA_DIR, fold

PROVINCES_FILE = CRITERIA_DIR / "provinces.yaml"


class Province(Strict):
    """One province: ``slug`` (key in score files), ``gso_code``, ``name`` (vi/en), ``aliases``."""

    slug: str = Field(pattern=r"^[a-z]+(-[a-z]+)*$")
    gso_code: int
    name: Text
    aliases: list[str] = []

    def label(self, lang: str) -> str:
        return self.name.get(lang)


class ProvinceList(Strict):
    provinces: list[Province]


@lru_cache(maxsize=None)
def provinces() -> dict[str, Province]:
    """slug → :class:`Province`, in GSO order. Bad file → :class:`InputError`."""
    model = load_model(PROVINCES_FILE, ProvinceList)
    return {p.slug: p for p in model.provinces}


@lru_cache(maxsize=None)
def _forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for p in provinces().values():
        for form in (p.slug, p.name.vi, p.name.en or "", str(p.gso_code), *p.aliases):
            f = fold(form)
            if f:
                out[f] = p.slug
                for prefix in ("tinh ", "tp ", "thanh pho "):
                    out.setdefault(prefix + f, p.slug)
    return out


@lru_cache(maxsize=4096)
def find_province(text: str) -> str | None:
    """The slug for ``text`` (slug, name with or without diacritics, alias or GSO code), or None."""
    if text is None:
        return None
    return _forms().get(fold(str(text)))


def resolve_province(text: str, path: str | Path | None = None, where: str | None = None) -> str:
    """Like :func:`find_province` but an unknown province raises :class:`InputError` at ``path``/``where``."""
    slug = find_province(text)
    if slug is None:
        raise InputError(path, f"unknown province '{text}' (write its slug such as 'dak-nong' or its "
                               "Vietnamese name such as 'Đắk Nông')", where)
    return slug


def province_label(slug: str, lang: str) -> str:
    """Display name of ``slug`` in ``lang`` (the slug itself when unknown)."""
    p = provinces().get(slug)
    return p.label(lang) if p else slug
