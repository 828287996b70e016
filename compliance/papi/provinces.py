"""Vietnam's provinces by year, and how the 34 of 01/7/2025 were formed from the 63.

Data: ``criteria/papi/provinces.yaml`` (the 63, 01/8/2008–30/6/2025) and
``criteria/papi/provinces-2025.yaml`` (the 34 from 01/7/2025, each with ``formed_from``: the slugs of the
63 it holds, after Nghị quyết 202/2025/QH15 ngày 12/6/2025). A province is keyed by a slug ("dak-nong")
within one list; a unit that kept a former name kept its slug, so "lam-dong" is the old Lâm Đồng in
2024 and the merged one (Lâm Đồng + Đắk Nông + Bình Thuận) in 2025. Compare across the two lists only
through :func:`predecessors`, never by slug alone.

The list of a year is the one in force on 31 December of that year (PAPI surveys late in the year: PAPI
2025 covers the 34). A province may be written as its slug, its Vietnamese name with or without
diacritics, its English name, an alias, or its GSO code; :func:`resolve_province` turns any of these into
the slug of the year's list, and explains a former province written for a later year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from compliance.errors import InputError
from compliance.i18n import Day, M, Message, join
from compliance.io.yamlio import load_model
from compliance.model.base import Strict, Text
from compliance.papi.structure import CRITERIA_DIR, fold
from compliance.vocab import TWO_LEVEL_FROM

PROVINCES_FILE = CRITERIA_DIR / "provinces.yaml"
PROVINCE_FILES = (PROVINCES_FILE, CRITERIA_DIR / "provinces-2025.yaml")
MERGER_LAW = "Nghị quyết 202/2025/QH15 ngày 12/6/2025"


class Province(Strict):
    """One province: ``slug`` (key in score files), ``gso_code`` (absent where not checked), ``name``
    (vi/en), ``aliases``, and for a unit of 01/7/2025 ``formed_from``: the slugs of the former provinces
    it holds, the one whose name it keeps first."""

    slug: str = Field(pattern=r"^[a-z]+(-[a-z]+)*$")
    gso_code: int | None = None
    name: Text
    aliases: list[str] = []
    formed_from: list[str] = []

    def label(self, lang: str) -> str:
        return self.name.get(lang)

    @property
    def merged(self) -> bool:
        """True for a unit formed from two or more former provinces."""
        return len(self.formed_from) > 1


class ProvinceList(Strict):
    """The provinces in force from ``valid_from`` to ``valid_to`` (inclusive; open when absent)."""

    valid_from: dt.date
    valid_to: dt.date | None = None
    source: str
    provinces: list[Province]

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@lru_cache(maxsize=None)
def province_lists() -> tuple[ProvinceList, ...]:
    """Every list, oldest first. A list whose ``formed_from`` does not cover the previous list exactly
    once raises :class:`InputError` naming the file."""
    lists = tuple(load_model(p, ProvinceList) for p in PROVINCE_FILES)
    for path, (old, new) in zip(PROVINCE_FILES[1:], zip(lists, lists[1:])):
        held = [s for p in new.provinces for s in p.formed_from]
        before = {p.slug for p in old.provinces}
        twice = sorted({s for s in held if held.count(s) > 1})
        missing, unknown = sorted(before - set(held)), sorted(set(held) - before)
        if twice or missing or unknown:
            raise InputError(path, M("formed_from must hold each former province exactly once: {problems}", problems=join(
                [M("{what}: {slugs}", what=what, slugs=", ".join(s)) for what, s in
                 ((M("twice"), twice), (M("missing"), missing), (M("unknown"), unknown)) if s])))
    return lists


def province_list(year: int) -> ProvinceList:
    """The list in force on 31 December of ``year``; InputError for a year before the first list."""
    day = dt.date(year, 12, 31)
    for plist in province_lists():
        if plist.covers(day):
            return plist
    first = province_lists()[0].valid_from
    raise InputError(None, M("no province list is known for {year} (lists start on {first:%d/%m/%Y})", year=year, first=first), "--year")


def provinces(year: int | None = None) -> dict[str, Province]:
    """slug → :class:`Province` of ``year``'s list, in file order; ``year`` None: the 63 (2008–30/6/2025),
    the list of every PAPI year up to 2024. Bad file → :class:`InputError`."""
    plist = province_lists()[0] if year is None else province_list(year)
    return {p.slug: p for p in plist.provinces}


def predecessors(slug: str, year: int, earlier: int) -> list[str]:
    """The slugs of ``earlier``'s list that ``slug`` of ``year`` covers: ``[slug]`` within one list;
    across 01/7/2025 the unit's ``formed_from`` (``["lam-dong", "dak-nong", "binh-thuan"]`` for Lâm Đồng
    2025 → 2024; ``["thua-thien-hue"]`` for Huế; ``["ha-noi"]`` for Hà Nội). One slug means the same
    territory, so scores may be compared; several mean a merged unit, whose earlier figures are shown
    per former province. ``[]`` when ``slug`` is not in ``year``'s list."""
    current = provinces(year)
    if slug not in current:
        return []
    lists = province_lists()
    here, there = lists.index(province_list(year)), lists.index(province_list(earlier))
    if here == there:
        return [slug]
    if here != there + 1:
        raise InputError(None, M("cannot relate {year} to {earlier}: more than one change of the province list between them", year=year, earlier=earlier))
    return list(current[slug].formed_from)


def merged_into(slug: str, year: int) -> Province | None:
    """The unit of ``year``'s list that holds the former province ``slug``; None when ``slug`` is itself
    in ``year``'s list, or held by none."""
    current = provinces(year)
    if slug in current:
        return None
    return next((p for p in current.values() if slug in p.formed_from), None)


@lru_cache(maxsize=None)
def _forms(index: int | None) -> dict[str, str]:
    """Folded writing → slug, for one list (``index``) or all lists (None: older lists win)."""
    out: dict[str, str] = {}
    lists = province_lists() if index is None else (province_lists()[index],)
    for plist in lists:
        for p in plist.provinces:
            for form in (p.slug, p.name.vi, p.name.en or "", str(p.gso_code or ""), *p.aliases):
                f = fold(form)
                if f:
                    out.setdefault(f, p.slug)
                    for prefix in ("tinh ", "tp ", "thanh pho "):
                        out.setdefault(prefix + f, p.slug)
    return out


def _list_index(year: int) -> int:
    return province_lists().index(province_list(year))


@lru_cache(maxsize=4096)
def find_province(text: str, year: int | None = None) -> str | None:
    """The slug for ``text`` (slug, name with or without diacritics, alias or GSO code) in ``year``'s
    list, or in any list when ``year`` is None (the older list first: "Huế" is then Thừa Thiên Huế's
    slug); None when unknown."""
    if text is None:
        return None
    return _forms(None if year is None else _list_index(year)).get(fold(str(text)))


def resolve_province(text: str, path: str | Path | None = None, where: str | None = None,
                     year: int | None = None) -> str:
    """Like :func:`find_province` but an unknown province raises :class:`InputError` at ``path``/``where``;
    with ``year``, a province of another list says what it became ("Đắk Nông is not a province in 2025:
    since 01/7/2025 part of Lâm Đồng (lam-dong) …")."""
    slug = find_province(text, year)
    if slug is not None:
        return slug
    other = find_province(text)
    if year is not None and other is not None:
        holder = merged_into(other, year)
        if holder is not None:
            became = (f"it is part of {holder.name.vi} ({holder.slug}) under {MERGER_LAW}" if holder.merged
                      else f"it is {holder.name.vi} ({holder.slug})")
            raise InputError(path, M("'{text}' is not a province in {year}: since 01/7/2025 {became}; write '{vi}', or use scores of 2024 or earlier for the former province", text=text, year=year, became=became, vi=holder.name.vi), where)
        raise InputError(path, M("'{text}' is not a province in {year}'s list ({n} provinces)", text=text, year=year, n=len(provinces(year))), where)
    raise InputError(path, M("unknown province '{text}' (write its slug such as 'dak-nong' or its Vietnamese name such as 'Đắk Nông')", text=text), where)


def province_problem(text: str, day: dt.date) -> tuple[bool, Message] | None:
    """Why ``text`` (an agency's province as written: "Đắk Nông", "tỉnh Lâm Đồng", "lam-dong") is not a
    province in force on ``day`` (an assessment period's last day), or None when it is one (or ``day``
    is before the first list, 01/8/2008). Returns (refuse, message):

    - (True, …) for a former province whose territory a unit of ``day``'s list holds: "Đắk Nông merged
      into Lâm Đồng on 01/7/2025 (Nghị quyết 202/2025/QH15 ngày 12/6/2025) …; write 'Lâm Đồng'" — the
      agency is assessed as it stands at the end of its period, under the province it belongs to;
    - (False, …) for a name in no list ("Hà Tây", which joined Hà Nội on 01/8/2008 before the first list;
      a slip) when ``day`` is from 01/7/2025: a warning, since the name scores nothing. Before that day
      only former provinces are looked for: the 63 come from PAPI's table, never checked against the
      agencies' own writing, and the 2020 samples use a hypothetical province ("Minh Hòa").
    """
    lists = [plist for plist in province_lists() if plist.covers(day)]
    if not lists or not str(text or "").strip():
        return None
    plist = lists[0]
    index = province_lists().index(plist)
    if _forms(index).get(fold(str(text))) is not None:
        return None
    other = find_province(text)
    if other is not None:
        holder = next((p for p in plist.provinces if other in p.formed_from), None)
        if holder is not None:
            return True, M("{old} merged into {new} on {since} ({law}): the period ends on {end}, so the agency belongs "
                           "to {new}; write '{new}' as its province", old=province_label(other, "vi"),
                           new=holder.name.vi, since=Day(plist.valid_from), law=MERGER_LAW, end=Day(day))
    if day < TWO_LEVEL_FROM:
        return None
    return False, M("province '{text}' is not one of the {n} provinces and cities in force on {end} ({source}); "
                    "check the name the agency wrote", text=text, n=len(plist.provinces), end=Day(day), source=MERGER_LAW)


def province_label(slug: str, lang: str, year: int | None = None) -> str:
    """Display name of ``slug`` in ``lang`` in ``year``'s list (any list when None; the slug itself when
    unknown)."""
    if year is not None:
        p = provinces(year).get(slug)
        if p:
            return p.label(lang)
    for plist in province_lists():
        p = next((q for q in plist.provinces if q.slug == slug), None)
        if p:
            return p.label(lang)
    return slug
