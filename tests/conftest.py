"""Shared fixtures: the seed sample, loaded and scored once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import compliance  # noqa: F401 - first, so its openpyxl setting holds for every test module

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "daknong-vpubnd-2020"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_loaded():
    from compliance.intake.submission import load_submission

    return load_submission(SAMPLE)


@pytest.fixture(scope="session")
def seed_card(seed_loaded):
    from compliance.check import check_submission

    return check_submission(seed_loaded)
