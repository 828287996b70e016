"""PAPI: scores, ranks and groups from sub-dimension scores; checks of published figures; a province's
profile with its improvement plan; the structure of each era."""

from __future__ import annotations

import os
from pathlib import Path

from compliance.papi.plan import load_plan
from compliance.papi.profile import Profile, build_profile
from compliance.papi.report import (
    dumps,
    profile_json,
    profile_sections,
    render,
    score_json,
    score_sections,
    structure_json,
    structure_sections,
    verify_json,
    verify_text,
)
from compliance.papi.scores import ScoreSet, score_file
from compliance.papi.structure import Structure, all_structures, load_structure
from compliance.papi.verify import Verification, verify_file

PathLike = str | os.PathLike
__all__ = ["Profile", "ScoreSet", "Structure", "Verification", "papi_profile", "papi_score", "papi_structure", "papi_verify",
           "render_profile", "render_score", "render_structure", "render_verify", "write_profile_workbook",
           "write_score_workbook"]


def papi_score(scores: PathLike, year: int | None = None) -> ScoreSet:
    """Dimension and aggregate scores, ranks and groups computed from the sub-dimension scores in
    ``scores`` (CSV or XLSX), for ``year`` only when given. InputError for a bad file."""
    return score_file(Path(scores), year)


def render_score(ss: ScoreSet, fmt: str = "table", lang: str = "vi") -> str:
    """Scores as a table, Markdown or JSON (``fmt``)."""
    return dumps(score_json(ss, lang)) if fmt == "json" else render(score_sections(ss, lang), fmt)


def papi_verify(published: PathLike, year: int | None = None, ranked: int | None = None,
                lang: str = "vi") -> Verification:
    """Check published figures: sums within rounding or truncation, ranges, ranks and groups (``ranked``:
    the number of ranked provinces for the group checks)."""
    return verify_file(Path(published), year, ranked, lang)


def render_verify(res: Verification, fmt: str = "table", lang: str = "vi") -> str:
    """Findings as text (one line each, with the arithmetic), Markdown or JSON (``fmt``)."""
    return dumps(verify_json(res, lang)) if fmt == "json" else verify_text(res, fmt, lang)


def papi_profile(province: str, year: int | None = None, scores: PathLike | None = None,
                 plan: PathLike | None = None) -> Profile:
    """A province's profile (slug or name, with or without diacritics): scores, ranks, groups, national
    median and best, change, gaps, and the tasks of the improvement ``plan`` (YAML) when given."""
    return build_profile(province, year, scores, load_plan(plan) if plan else None)


def render_profile(prof: Profile, fmt: str = "table", lang: str = "vi") -> str:
    """A profile as a table, Markdown or JSON (``fmt``)."""
    return dumps(profile_json(prof)) if fmt == "json" else render(profile_sections(prof, lang), fmt)


def papi_structure(year: int | None = None) -> list[Structure]:
    """The PAPI era in force in ``year``, or every era."""
    return [load_structure(year)] if year is not None else list(all_structures())


def render_structure(eras: list[Structure], fmt: str = "table", lang: str = "vi") -> str:
    """Eras as tables (dimensions, sub-dimensions, ranges, confidence, structure check) or JSON."""
    return dumps(structure_json(eras)) if fmt == "json" else render(structure_sections(eras, lang), fmt)


def write_score_workbook(ss: ScoreSet, path: PathLike, lang: str = "vi") -> None:
    """Scores, ranks and groups as a workbook, written atomically."""
    from compliance.papi.xlsx import write_score_workbook as write

    write(ss, Path(path), lang)


def write_profile_workbook(prof: Profile, path: PathLike, lang: str = "vi") -> None:
    """A province's profile as a workbook, written atomically."""
    from compliance.papi.xlsx import write_profile_workbook as write

    write(prof, Path(path), lang)
