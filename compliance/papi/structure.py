"""PAPI structure by era: dimensions (nội dung), sub-dimensions (nội dung thành phần), ranges.

One YAML file per era lives in ``criteria/papi/`` (``papi-2011-2015.yaml`` …). The era of a year is
the file whose ``years.from``–``years.to`` contains it. PAPI is a citizen-survey index published by
CECODES, RTA and UNDP; no legal text governs it, so files cite the PAPI reports and pages instead.

Rules PAPI itself follows (restated from the PAPI reports; checked by :func:`check_structure`):

- a dimension score lies in 1–10 points and is the sum of its k sub-dimension scores;
- each sub-dimension therefore lies in [1/k, 10/k] points (4 → 0.25–2.5, 3 → 0.3333–3.3333);
- the aggregate is the unweighted sum of the n dimensions: 6–60 points until 2017, 8–80 from 2018.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.yamlio import load_model
from compliance.model.base import Strict, Text

REPO_ROOT = Path(__file__).resolve().parents[2]
CRITERIA_DIR = REPO_ROOT / "criteria" / "papi"
SAMPLES_DIR = REPO_ROOT / "samples" / "papi"

KEY_RE = r"^[a-z][a-z0-9_]*$"


class SourceConfidence(str, Enum):
    """How well the cited source backs a structure node (PAPI's own scale, not the PAR one).

    high: read in a PAPI report/page or in the workbook whose values match them; medium: named in a
    PAPI or press page but the exact label is not confirmed; low: only in a secondary dataset.
    """

    high = "high"
    medium = "medium"
    low = "low"


class SubDimension(Strict):
    """A sub-dimension (nội dung thành phần): key, number ("2.1"), names, confidence, source."""

    key: str = Field(pattern=KEY_RE)
    number: str = Field(pattern=r"^\d+\.\d+$")
    name: Text
    name_vi_unverified: bool = False
    confidence: SourceConfidence
    confidence_note: str | None = None
    source: str

    def label(self, lang: str) -> str:
        """Name in ``lang``; a Vietnamese name that is the project's own translation is marked."""
        text = self.name.get(lang)
        if lang != "en" and self.name_vi_unverified:
            text += " (tên dịch, chưa kiểm chứng)"
        return text


class Dimension(Strict):
    """A dimension (nội dung): key, number, names, ranges (points) and its ordered sub-dimensions."""

    key: str = Field(pattern=KEY_RE)
    number: int
    name: Text
    aliases: list[str] = []
    range: tuple[float, float]
    subdimension_range: tuple[float, float]
    subdimensions: list[SubDimension]

    def label(self, lang: str) -> str:
        return self.name.get(lang)


class PreviousEra(Strict):
    """What may be compared with the era before: the aggregate, and which dimensions."""

    id: str
    aggregate_comparable: bool
    comparable_dimensions: list[str]


class Years(Strict):
    from_: int = Field(alias="from")
    to: int

    @field_validator("to")
    @classmethod
    def _order(cls, v: int, info) -> int:
        start = info.data.get("from_")
        if start is not None and v < start:
            raise ValueError(f"'to' ({v}) is before 'from' ({start})")
        return v


class Structure(Strict):
    """One PAPI era: ``dimensions`` in published order, each with its ``subdimensions``.

    ``aggregate_range`` and ``dimension_range`` are in points. ``previous_era`` says what may be
    compared with the era before (None for the first era).
    """

    id: str
    years: Years
    title: Text
    source: str
    aggregate_range: tuple[float, float]
    dimension_range: tuple[float, float]
    note: Text
    previous_era: PreviousEra | None
    dimensions: list[Dimension]

    # -- lookups -------------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        return self.years.from_ <= year <= self.years.to

    def dimension(self, key: str) -> Dimension:
        for d in self.dimensions:
            if d.key == key:
                return d
        raise KeyError(key)

    def has_dimension(self, key: str) -> bool:
        return any(d.key == key for d in self.dimensions)

    def subdimension(self, dim_key: str, sub_key: str) -> SubDimension:
        for s in self.dimension(dim_key).subdimensions:
            if s.key == sub_key:
                return s
        raise KeyError(sub_key)

    def sub_index(self) -> dict[str, str]:
        """sub-dimension key → its dimension key."""
        return {s.key: d.key for d in self.dimensions for s in d.subdimensions}

    @property
    def n_dimensions(self) -> int:
        return len(self.dimensions)

    @property
    def n_subdimensions(self) -> int:
        return sum(len(d.subdimensions) for d in self.dimensions)

    def years_label(self) -> str:
        a, b = self.years.from_, self.years.to
        return f"{a}" if a == b else f"{a}–{b}"


def structure_files() -> list[Path]:
    """The era files shipped in ``criteria/papi/`` (every ``papi-*.yaml``), sorted by name."""
    return sorted(CRITERIA_DIR.glob("papi-*.yaml"))


def load_structure_file(path: str | Path) -> Structure:
    """Read and validate one era file (strict schema). Bad file → :class:`InputError` with its line."""
    return load_model(path, Structure)


@lru_cache(maxsize=None)
def all_structures() -> tuple[Structure, ...]:
    """Every shipped era, oldest first. Raises :class:`InputError` if two eras overlap."""
    eras = sorted((load_structure_file(p) for p in structure_files()), key=lambda s: s.years.from_)
    for a, b in zip(eras, eras[1:]):
        if b.years.from_ <= a.years.to:
            raise InputError(CRITERIA_DIR, M("eras {id} and {id2} overlap ({value} / {value2})", id=a.id, id2=b.id, value=a.years_label(), value2=b.years_label()))
    return tuple(eras)


def load_structure(year: int, source: str | Path | None = None) -> Structure:
    """The PAPI structure in force for survey ``year``.

    Raises :class:`InputError` (naming ``source`` when given: the file the year came from) when no era
    file covers the year, e.g. 2009–2010 (pilot years, not encoded) or a year after the last era.
    """
    for s in all_structures():
        if s.covers(year):
            return s
    known = ", ".join(f"{s.years_label()} ({s.id})" for s in all_structures())
    raise InputError(source or CRITERIA_DIR, M("no PAPI structure is known for year {year}; eras known: {known}", year=year, known=known))


def previous_structure(structure: Structure) -> Structure | None:
    """The era before ``structure`` (None for the first)."""
    eras = all_structures()
    i = [s.id for s in eras].index(structure.id) if structure.id in [s.id for s in eras] else -1
    return eras[i - 1] if i > 0 else None


def check_structure(structure: Structure) -> list[str]:
    """PAPI's own rules on one era; returns the problems found (empty list = consistent).

    Checks: at least one dimension; unique dimension and sub-dimension keys and numbers; numbers follow
    the order (dimension n, sub-dimensions n.1, n.2 …); names present in Vietnamese and English;
    dimension range equals the era's dimension range; sub-dimension range equals [lo/k, hi/k] for the
    dimension's k sub-dimensions (within 0.0001 points, files write 1/3 as 0.3333); aggregate range equals
    [n·lo, n·hi] for n dimensions; the previous-era block names only dimensions of this era.
    """
    problems: list[str] = []
    sid = structure.id
    if not structure.dimensions:
        return [f"{sid}: no dimensions"]
    lo, hi = structure.dimension_range
    n = structure.n_dimensions
    agg = structure.aggregate_range
    if abs(agg[0] - n * lo) > 1e-9 or abs(agg[1] - n * hi) > 1e-9:
        problems.append(f"{sid}: aggregate range {agg[0]:g}–{agg[1]:g} ≠ {n} dimensions × {lo:g}–{hi:g} = {n * lo:g}–{n * hi:g}")
    seen_dims: set[str] = set()
    seen_subs: set[str] = set()
    for i, d in enumerate(structure.dimensions, start=1):
        where = f"{sid}: dimension {d.key}"
        if d.key in seen_dims:
            problems.append(f"{where}: key given twice")
        seen_dims.add(d.key)
        if d.number != i:
            problems.append(f"{where}: number {d.number}, expected {i} (dimensions are numbered in order)")
        if not d.name.vi.strip() or not (d.name.en or "").strip():
            problems.append(f"{where}: name missing in Vietnamese or English")
        if tuple(d.range) != (lo, hi):
            problems.append(f"{where}: range {d.range[0]:g}–{d.range[1]:g} ≠ era dimension range {lo:g}–{hi:g}")
        k = len(d.subdimensions)
        if k == 0:
            problems.append(f"{where}: no sub-dimensions")
            continue
        slo, shi = d.subdimension_range
        if abs(slo - d.range[0] / k) > 1e-4 or abs(shi - d.range[1] / k) > 1e-4:
            problems.append(
                f"{where}: sub-dimension range {slo:g}–{shi:g} ≠ {d.range[0]:g}/{k}–{d.range[1]:g}/{k} = "
                f"{d.range[0] / k:.4f}–{d.range[1] / k:.4f} for {k} sub-dimensions")
        for j, s in enumerate(d.subdimensions, start=1):
            swhere = f"{where}, sub-dimension {s.key}"
            if s.key in seen_subs:
                problems.append(f"{swhere}: key given twice in the era")
            seen_subs.add(s.key)
            if s.number != f"{i}.{j}":
                problems.append(f"{swhere}: number {s.number}, expected {i}.{j}")
            if not s.name.vi.strip() or not (s.name.en or "").strip():
                problems.append(f"{swhere}: name missing in Vietnamese or English")
    if seen_dims & seen_subs:
        problems.append(f"{sid}: keys used both as dimension and sub-dimension: {', '.join(sorted(seen_dims & seen_subs))}")
    if structure.previous_era is not None:
        for key in structure.previous_era.comparable_dimensions:
            if key not in seen_dims:
                problems.append(f"{sid}: previous_era.comparable_dimensions names '{key}', not a dimension of this era")
    return problems


# -- names → keys --------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Lower-case ASCII folding of Vietnamese text: 'Đắk Nông' → 'dak nong'; punctuation → spaces."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"[^0-9a-zA-Z]+", " ", text).strip().lower()
    return text


def _dimension_name_forms(d: Dimension) -> list[str]:
    forms = [d.key.replace("_", " "), d.name.vi, d.name.en or "", *d.aliases]
    return [f for f in (fold(x) for x in forms) if f]


def all_dimension_keys() -> list[str]:
    """Every dimension key of every era (the vocabulary plan tasks may name), in first-seen order."""
    out: list[str] = []
    for s in all_structures():
        for d in s.dimensions:
            if d.key not in out:
                out.append(d.key)
    return out


@lru_cache(maxsize=4096)
def dimension_key_from_name(text: str, year: int | None = None) -> str | None:
    """The dimension key a name refers to, or None.

    ``text`` may be a key ("e_governance"), a Vietnamese or English name with or without diacritics, or
    the way reports write it: "Trách nhiệm giải trình với nhân dân" (nhân dân for người dân), "Quản trị
    điện tử - Mức độ sẵn có và sử dụng dịch vụ công trực tuyến…" (name, dash, the sub-dimension or
    indicator). Matching: exact folded name or alias first; then a name that is a prefix of the text.
    With ``year`` only that year's era is searched (unknown era → :class:`InputError`); without it every
    era is. Ambiguity cannot arise: names are unique across eras.
    """
    if not text or not text.strip():
        return None
    eras = [load_structure(year)] if year is not None else list(all_structures())
    dims: dict[str, Dimension] = {}
    for s in eras:
        for d in s.dimensions:
            dims.setdefault(d.key, d)
    raw = text.strip()
    if raw in dims:
        return raw
    folded = fold(raw)
    folded_nd = folded.replace("nhan dan", "nguoi dan")
    for key, d in dims.items():
        if folded in _dimension_name_forms(d) or folded_nd in _dimension_name_forms(d):
            return key
    best: tuple[int, str] | None = None
    for key, d in dims.items():
        for form in _dimension_name_forms(d):
            for cand in (folded, folded_nd):
                if cand.startswith(form + " ") and (best is None or len(form) > best[0]):
                    best = (len(form), key)
    return best[1] if best else None
