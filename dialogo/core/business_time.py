"""Business-time arithmetic: working hours, weekends and Colombian public holidays.

Plain Python, no Django: the inbox timers use hours, the PQRSD deadlines use whole days.
All inputs and outputs are timezone-aware datetimes; work happens in the local zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BOGOTA = ZoneInfo("America/Bogota")
_ONE_DAY = dt.timedelta(days=1)
# How far ahead deadlines are computed: a century of calendar days (and no more working hours
# than a century holds), so no input makes the arithmetic loop long or overflow a date.
HORIZON_DAYS = 36_525
HORIZON_HOURS = HORIZON_DAYS * 24.0


@lru_cache(maxsize=64)
def colombian_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("CO", years=year).keys())


@dataclass(frozen=True)
class WorkCalendar:
    """Working hours [start, end) on `days` (0 = Monday), skipping Colombian holidays."""

    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(17, 0)
    days: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))
    tz: dt.tzinfo = BOGOTA
    # The working hours of each day asked about, or None for a day off: an import asks
    # about the same few days for thousands of conversations.
    _windows: dict[dt.date, tuple[dt.datetime, dt.datetime] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValueError("the working day must end after it starts")
        if not self.days:
            raise ValueError("at least one working day is needed")

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.days and day not in colombian_holidays(day.year)

    def _window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        opens = dt.datetime.combine(day, self.start, tzinfo=self.tz)
        closes = dt.datetime.combine(day, self.end, tzinfo=self.tz)
        return opens, closes

    def add_hours(self, moment: dt.datetime, hours: float) -> dt.datetime:
        """The moment when `hours` of working time have passed after `moment`.

        Beyond a century of working time the answer is the horizon itself: a deadline that far
        is "never" for people, and the arithmetic must not fail on a stored value.
        """
        remaining = dt.timedelta(hours=max(0.0, min(float(hours), HORIZON_HOURS)))
        local = moment.astimezone(self.tz)
        day = local.date()
        for _ in range(HORIZON_DAYS):
            window = self._working_window(day)
            if window is not None:
                opens, closes = window
                begin = max(opens, local)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(dt.UTC)
                    remaining -= available
            day += _ONE_DAY
            local = dt.datetime.combine(day, dt.time(0), tzinfo=self.tz)
        return local.astimezone(dt.UTC)

    def _working_window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """`_window(day)` on a working day, else None; remembered per calendar."""
        try:
            return self._windows[day]
        except KeyError:
            pass
        if len(self._windows) > 4000:
            self._windows.clear()
        window = self._window(day) if self.is_working_day(day) else None
        self._windows[day] = window
        return window

    def working_seconds_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Working seconds from `a` to `b` (0 when b <= a)."""
        if b <= a:
            return 0
        a_local, b_local = a.astimezone(self.tz), b.astimezone(self.tz)
        total = dt.timedelta()
        day, last = a_local.date(), b_local.date()
        while day <= last:
            window = self._working_window(day)
            if window is not None:
                opens, closes = window
                begin, finish = max(opens, a_local), min(closes, b_local)
                if finish > begin:
                    total += finish - begin
            day += _ONE_DAY
        return int(total.total_seconds())

    def add_business_days(self, day: dt.date, days: int) -> dt.date:
        """The date `days` working days after `day` (the PQRSD legal clock counts this way)."""
        current, counted = day, 0
        while counted < days:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current
