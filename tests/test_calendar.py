"""Vietnam's working-day calendar, on real dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance import calendar
from compliance.calendar import (
    DaySwap,
    WorkingCalendar,
    add_working_days,
    is_working_day,
    load_swaps,
    working_day_index,
    working_day_index_prev,
    working_days_between,
)

D = dt.date


def test_tet_2020_is_off_23_to_29_january():
    assert is_working_day(D(2020, 1, 22))
    assert [is_working_day(D(2020, 1, d)) for d in range(23, 30)] == [False] * 7
    assert is_working_day(D(2020, 1, 30))


@pytest.mark.parametrize("day", [D(2020, 4, 30), D(2020, 5, 1), D(2020, 9, 2), D(2020, 1, 1), D(2020, 4, 2),
                                 D(2021, 9, 3), D(2025, 5, 2)])
def test_public_holidays_and_swapped_days_off(day):
    assert day.weekday() < 5 and not is_working_day(day)


def test_weekends_and_make_up_saturdays():
    assert not is_working_day(D(2020, 5, 2))  # Saturday
    assert not is_working_day(D(2020, 5, 3))  # Sunday
    assert is_working_day(D(2025, 4, 26))  # Saturday worked in exchange for Fri 02/05/2025
    assert is_working_day(D(2019, 5, 4))  # Saturday worked in exchange for Mon 29/04/2019


def test_add_working_days_over_tet_and_30_4():
    assert add_working_days(D(2020, 1, 22), 1) == D(2020, 1, 30)
    assert add_working_days(D(2020, 1, 30), -1) == D(2020, 1, 22)
    assert add_working_days(D(2020, 4, 29), 1) == D(2020, 5, 4)
    assert add_working_days(D(2020, 5, 2), 1) == D(2020, 5, 4)  # from a Saturday
    assert add_working_days(D(2020, 4, 25), 5) == D(2020, 5, 5)  # Mon 27, Tue 28, Wed 29, Mon 4, Tue 5
    assert add_working_days(D(2020, 9, 1), 1) == D(2020, 9, 3)
    assert add_working_days(D(2020, 5, 2), 0) == D(2020, 5, 2)


def test_working_days_between():
    assert working_days_between(D(2020, 1, 22), D(2020, 1, 30)) == 1
    # after 1/1 up to 31/1/2020: 22 weekdays, less the 5 Tết weekdays (23, 24, 27, 28, 29)
    assert working_days_between(D(2020, 1, 1), D(2020, 1, 31)) == 17
    # back from 31/1 to 1/1: the working days from 1/1 (a holiday) up to 30/1 (21 weekdays − 5 Tết)
    assert working_days_between(D(2020, 1, 31), D(2020, 1, 1)) == -16
    assert working_days_between(D(2020, 1, 30), D(2020, 1, 22)) == -1
    assert working_days_between(D(2020, 5, 2), D(2020, 5, 2)) == 0


def test_index_rounding():
    # a day off shares the next working day's index (working_day_index) or the previous one's (_prev)
    assert working_day_index(D(2020, 1, 23)) == working_day_index(D(2020, 1, 30))
    assert working_day_index(D(2020, 1, 30)) - working_day_index(D(2020, 1, 22)) == 1
    assert working_day_index_prev(D(2020, 1, 23)) == working_day_index(D(2020, 1, 22))
    assert working_day_index_prev(D(2020, 1, 30)) == working_day_index(D(2020, 1, 30))
    # 1/1/1970 is New Year's Day: no working day before Fri 2/1/1970, one before Mon 5/1/1970
    assert working_day_index(D(1970, 1, 2)) == 0 and working_day_index(D(1970, 1, 5)) == 1


def test_outside_the_supported_range():
    with pytest.raises(ValueError, match="outside"):
        is_working_day(D(2202, 5, 1))
    with pytest.raises(ValueError, match="outside"):
        working_day_index(D(1969, 12, 31))


@settings(max_examples=200, deadline=None)
@given(d=st.dates(D(1990, 1, 1), D(2090, 12, 31)), n=st.integers(-40, 40))
def test_index_is_consistent_with_counting(d, n):
    target = add_working_days(d, n)
    assert working_days_between(d, target) == n
    if n:
        assert is_working_day(target)
        base = working_day_index_prev(d) if n > 0 else working_day_index(d)
        assert working_day_index(target) == base + n
    nxt = d + dt.timedelta(days=1)
    assert working_day_index(nxt) - working_day_index(d) == int(is_working_day(d))


def test_swap_list_mechanism(tmp_path: Path):
    # a made-up swap supplied by the test (not in the packaged list): Mon 2030-06-03 off,
    # Sat 2030-06-08 worked
    cal = WorkingCalendar(extra_swaps=[
        DaySwap(date=D(2030, 6, 3), kind="day_off", document="test", source="test"),
        DaySwap(date=D(2030, 6, 8), kind="working_day", document="test", source="test"),
    ])
    assert is_working_day(D(2030, 6, 3)) and not cal.is_working_day(D(2030, 6, 3))
    assert not is_working_day(D(2030, 6, 8)) and cal.is_working_day(D(2030, 6, 8))
    assert cal.add_working_days(D(2030, 5, 31), 1) == D(2030, 6, 4)
    assert cal.working_days_between(D(2030, 6, 2), D(2030, 6, 9)) == 5  # Tue–Sat

    bad = tmp_path / "swaps.yaml"
    bad.write_text("swaps:\n  - date: 2030-06-03\n    kind: holiday\n    document: x\n    source: y\n")
    with pytest.raises(ValueError, match="swaps.yaml"):
        load_swaps(bad)


def test_packaged_swap_list_loads():
    assert isinstance(load_swaps(calendar.SWAPS_FILE), list)
