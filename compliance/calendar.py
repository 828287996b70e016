"""Vietnam's working-day calendar (ngày làm việc) for deadlines counted in working days.

A day is a working day unless it is a Saturday or Sunday, a public holiday, or an official day off;
a Saturday/Sunday announced as a make-up working day (ngày làm bù) is a working day.

Sources:
- public holidays and the announced swaps of the ``holidays`` library
  (``holidays.country_holidays('VN')``: Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Art. 112,
  and the swaps the library lists with their announcements);
- extra swaps as data in ``compliance/data/vn_day_swaps.yaml`` (each with its announcing document and a
  source; currently empty, see that file).

Supported dates: 1970-01-01 to 2100-12-31; outside that range the functions raise ``ValueError``.

Working-day index (``working_day_index``): the number of working days strictly before ``d`` counted from
1970-01-01. It never decreases; a non-working day has the same index as the next working day, and two
consecutive working days differ by exactly 1. ``working_day_index_prev`` is the other rounding: a
non-working day gets the index of the previous working day. The condition compiler uses both so that
"a <= b + N working days" is a plain integer comparison (see compliance/engine/conditions.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

EPOCH = dt.date(1970, 1, 1)
FIRST = dt.date(1970, 1, 1)
LAST = dt.date(2100, 12, 31)
SWAPS_FILE = Path(__file__).parent / "data" / "vn_day_swaps.yaml"


class DaySwap(BaseModel):
    """One official change to the normal week: a weekday off, or a weekend day worked."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    kind: Literal["day_off", "working_day"]
    document: str
    source: str

    @field_validator("document", "source")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v


class SwapFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    swaps: list[DaySwap]


def load_swaps(path: Path = SWAPS_FILE) -> list[DaySwap]:
    """Read the swap list (``{swaps: [...]}``); a malformed file raises ``ValueError`` naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return SwapFile.model_validate(data).swaps
    except Exception as exc:  # yaml or pydantic error: the file ships with the package, so fail loudly
        raise ValueError(f"{path}: invalid day-swap list: {exc}") from exc


def _weekdays_before(d: dt.date) -> int:
    """Mon–Fri days in [EPOCH, d) (negative when d < EPOCH)."""
    full, rem = divmod((d - EPOCH).days, 7)
    start = EPOCH.weekday()  # Thursday = 3
    return full * 5 + sum(1 for i in range(rem) if (start + i) % 7 < 5)


class WorkingCalendar:
    """Working days for Vietnam; ``extra_swaps`` are added to the packaged list (tests use it)."""

    def __init__(self, extra_swaps: Iterable[DaySwap] = (), swaps_file: Path | None = SWAPS_FILE):
        self._swaps = (load_swaps(swaps_file) if swaps_file else []) + list(extra_swaps)

    @cached_property
    def _exceptions(self) -> tuple[list[dt.date], list[int], set[dt.date], set[dt.date]]:
        """Sorted exception days, their prefix sums of index corrections, days off, weekend workdays."""
        import holidays  # only when working days are counted: 40 ms of start-up otherwise

        hol = holidays.country_holidays("VN", years=range(FIRST.year, LAST.year + 1))
        off = {d for d in hol if d.weekday() < 5}
        worked = {d for d in hol.weekend_workdays if d.weekday() >= 5}
        for s in self._swaps:
            if s.kind == "day_off":
                worked.discard(s.date)
                if s.date.weekday() < 5:
                    off.add(s.date)
            else:
                off.discard(s.date)
                if s.date.weekday() >= 5:
                    worked.add(s.date)
        days = sorted(off | worked)
        prefix, total = [], 0
        for d in days:
            total += 1 if d in worked else -1
            prefix.append(total)
        return days, prefix, off, worked

    @staticmethod
    def _check(d: dt.date) -> dt.date:
        if isinstance(d, dt.datetime):
            d = d.date()
        if not isinstance(d, dt.date):
            raise TypeError(f"a date is required, got {d!r}")
        if not FIRST <= d <= LAST:
            raise ValueError(f"date {d.isoformat()} is outside the working-day calendar ({FIRST}..{LAST})")
        return d

    def is_working_day(self, d: dt.date) -> bool:
        """True for Mon–Fri that are not a holiday or day off, and for make-up Saturdays/Sundays."""
        d = self._check(d)
        _, _, off, worked = self._exceptions
        if d in worked:
            return True
        return d.weekday() < 5 and d not in off

    def working_day_index(self, d: dt.date) -> int:
        """Working days strictly before ``d`` since 1970-01-01 (a day off shares the next working day's index)."""
        return self._index(self._check(d))

    def _index(self, d: dt.date) -> int:
        days, prefix, _, _ = self._exceptions
        i = bisect.bisect_left(days, d)  # exceptions strictly before d
        return _weekdays_before(d) + (prefix[i - 1] if i else 0)

    def working_day_index_prev(self, d: dt.date) -> int:
        """Like :meth:`working_day_index` but a day off shares the previous working day's index."""
        i = self.working_day_index(d)
        return i if self.is_working_day(d) else i - 1

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after ``d`` (n > 0) or before it (n < 0); ``d`` itself for n == 0.

        ``d`` need not be a working day: 1 working day after Saturday 2020-05-02 is Monday 2020-05-04.
        """
        d = self._check(d)
        step = 1 if n > 0 else -1
        left = abs(n)
        while left:
            d = self._check(d + dt.timedelta(days=step))
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days counted from ``a`` to ``b``, the way deadlines are counted.

        For b >= a: the working days in (a, b] (after ``a``, up to and including ``b``). For b < a: minus
        the working days in [b, a). So ``working_days_between(d, add_working_days(d, n)) == n`` for every
        date d and every n.
        """
        a, b = self._check(a), self._check(b)
        if b < a:
            return self._index(b) - self._index(a)
        one = dt.timedelta(days=1)
        return self._index(b + one) - self._index(a + one)


_default: WorkingCalendar | None = None


def default_calendar() -> WorkingCalendar:
    """The packaged calendar (library holidays + vn_day_swaps.yaml), built once per process."""
    global _default
    if _default is None:
        _default = WorkingCalendar()
    return _default


def is_working_day(d: dt.date) -> bool:
    """See :meth:`WorkingCalendar.is_working_day` (packaged calendar)."""
    return default_calendar().is_working_day(d)


def working_day_index(d: dt.date) -> int:
    """See :meth:`WorkingCalendar.working_day_index` (packaged calendar)."""
    return default_calendar().working_day_index(d)


def working_day_index_prev(d: dt.date) -> int:
    """See :meth:`WorkingCalendar.working_day_index_prev` (packaged calendar)."""
    return default_calendar().working_day_index_prev(d)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """See :meth:`WorkingCalendar.add_working_days` (packaged calendar)."""
    return default_calendar().add_working_days(d, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """See :meth:`WorkingCalendar.working_days_between` (packaged calendar)."""
    return default_calendar().working_days_between(a, b)


ASSESSMENT_CLOSES_MONTH = 2
"""The last month in which the year before is still being assessed: a province's own round of the
PAR INDEX closes in January (Khánh Hòa decided its 2020 round on 14/01/2021) and the Bộ Nội vụ's
self-assessment guidance for 2020 came on 28/01/2021 (Công văn 383/BNV-CCHC and 384/BNV-CCHC), so
self-assessment in January and February is still of the year before."""


def assessment_year(today: dt.date | None = None) -> int:
    """The year a unit self-assesses on ``today`` (default: today): the current year from March on
    (in December 2026 self-assessment is for 2026), the year before in January and February."""
    today = today or dt.date.today()
    return today.year - 1 if today.month <= ASSESSMENT_CLOSES_MONTH else today.year
