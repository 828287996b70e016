"""What the round's speed-ups must not change (issue 14): the collector paused during a round is
restored after it, also when the round fails, and the criteria listing kept between agencies follows
the folder when a file is added or removed. Speed itself is measured by bench/run.py, not here."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from compliance import catalog
from compliance.errors import InputError
from compliance.round.run import cyclic_gc_paused, run_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "round-2020"


def test_round_scores_the_same_and_restores_the_collector():
    assert gc.isenabled()
    result = run_round(SAMPLE / "submissions", appraisal=SAMPLE / "appraisal.yaml", waivers=SAMPLE / "waivers.yaml")
    assert gc.isenabled()
    got = {r.agency_code: (r.totals.index_percent, r.rank) for r in result.agencies}
    assert got == {"MH-STP": (97.89, 1), "MH-SNV": (95.43, 2), "MH-SXD": (67.5, 3)}  # tests/test_round.py by hand


def test_collector_restored_after_a_failed_round_and_left_off_when_it_was(tmp_path):
    with pytest.raises(InputError):
        run_round(tmp_path / "missing")
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller had it off: left off
    finally:
        gc.enable()


def test_edition_listing_follows_the_folder(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    shutil.copy(ROOT / "criteria" / "par-index" / "dept-model-2020.yaml", folder)
    assert [e.id for e in catalog.editions(folder)] == ["par-dept-model-2020"]
    shutil.copy(ROOT / "criteria" / "par-index" / "local-model-2020.yaml", folder)
    assert sorted(e.id for e in catalog.editions(folder)) == ["par-dept-model-2020", "par-local-model-2020"]
    (folder / "dept-model-2020.yaml").unlink()
    assert [e.id for e in catalog.editions(folder)] == ["par-local-model-2020"]
