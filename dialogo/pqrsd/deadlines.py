"""Legal deadlines of PQRSD requests in business days (Ley 1755 de 2015, Ley 1581 de 2012).

Pure Python + numpy, no Django: the command, the services, the queue and the benchmark all
call this module, so there is one rule in one place.

The rule
--------
* Business days ("días hábiles") are Monday to Friday that are not Colombian public holidays
  (`dialogo.core.business_time.colombian_holidays`: the fixed ones, the "Ley Emiliani" ones
  moved to Monday, and Holy Thursday and Good Friday of Easter week). An organization's own
  working days do not shorten or lengthen a legal term: only its office hours matter, below.
* The day of receipt ("received-as day") is the local (America/Bogota) date of the message
  as the network stamped it, except that:
    - a message received on a non-business day counts as received the next business day;
    - a message received on a business day at or after the office's closing time (default
      17:00) counts as received the next business day. Before the office opens it counts
      as received that same day.
* The term is counted from the day AFTER the received-as day: day 1 is the first business
  day after it. The deadline is the last business day of the term, the whole day.

Everything reduces to positions in one sorted array of business days (`_Table`): the
received-as day is the first business day on or after the local date (one further when
after hours), and the deadline is the business day `term` positions later. Those lookups
are plain array indexing, so a million deadlines take one pass of numpy gathers. The scalar
functions call the array function with arrays of one element, so both paths share the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dialogo.core.business_time import BOGOTA, colombian_holidays

LEGAL_WEEKDAYS = (0, 1, 2, 3, 4)
_EPOCH = dt.date(1970, 1, 1)
_FIRST_YEAR, _LAST_YEAR = 2015, 2040  # the table grows when a date falls outside


@dataclass(frozen=True)
class Office:
    """When the competent office stops receiving for the day, and in which time zone."""

    closes: dt.time = dt.time(17, 0)
    tz: dt.tzinfo = BOGOTA

    @property
    def close_seconds(self) -> int:
        return self.closes.hour * 3600 + self.closes.minute * 60 + self.closes.second


DEFAULT_OFFICE = Office()


# --- the business-day table ---------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """Every calendar day of a span of years, as arrays indexed by (day number - first):

    `next_position[i]`: position in `business_days` of the first business day on or after
    the day; `is_business[i]`: whether the day is one. Lookups are array indexing, no search.
    """

    first: int
    business_days: np.ndarray  # int64 day numbers, sorted
    next_position: np.ndarray  # int64, one per calendar day
    is_business: np.ndarray  # bool, one per calendar day


@lru_cache(maxsize=8)
def _build(first_year: int, last_year: int) -> _Table:
    start = np.datetime64(f"{first_year}-01-01", "D")
    end = np.datetime64(f"{last_year + 1}-01-01", "D")
    days = np.arange(start, end, dtype="datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday (3)
    holidays_np = np.array(holiday_list(first_year, last_year), dtype="datetime64[D]")
    is_business = np.isin(weekday, LEGAL_WEEKDAYS) & ~np.isin(days, holidays_np)
    numbers = days.astype(np.int64)
    business_days = numbers[is_business]
    next_position = np.searchsorted(business_days, numbers, side="left").astype(np.int64)
    return _Table(int(numbers[0]), business_days, next_position, is_business)


def holiday_list(first_year: int, last_year: int) -> list[dt.date]:
    """The holidays the table relies on (for numpy.busday_offset baselines and explanations)."""
    return sorted(d for y in range(first_year, last_year + 1) for d in colombian_holidays(y))


def _table(lowest: int, highest: int) -> _Table:
    """The table covering day numbers lowest..highest, with room for the longest terms."""
    first = min(_FIRST_YEAR, _year_of(lowest) - 1)
    last = max(_LAST_YEAR, _year_of(highest) + 3)
    return _build(first, last)


def _year_of(day_number: int) -> int:
    return (_EPOCH + dt.timedelta(days=int(day_number))).year


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def _date(day_number: int | np.integer) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day_number))


# --- the one rule, on arrays --------------------------------------------------------------


def _receipt_positions(
    table: _Table, local_days: np.ndarray, local_seconds: np.ndarray, close_seconds: int
) -> np.ndarray:
    """Position in the business days of each received-as day (the rule in the docstring):
    the first business day on or after the local day, one further when received on a
    business day at or after closing time."""
    index = local_days - table.first
    after_hours = table.is_business[index] & (local_seconds >= close_seconds)
    return table.next_position[index] + after_hours


def deadlines_for_local(
    local_days: np.ndarray,
    local_seconds: np.ndarray,
    terms: np.ndarray,
    office: Office = DEFAULT_OFFICE,
) -> np.ndarray:
    """Deadlines (int64 day numbers) for local receipt days/seconds-of-day and terms (days)."""
    local_days = np.asarray(local_days, dtype=np.int64)
    if local_days.size == 0:
        return local_days.copy()
    terms = np.asarray(terms, dtype=np.int64)
    if terms.min() < 0:
        raise ValueError("a term cannot be negative")
    table = _table(int(local_days.min()), int(local_days.max()) + 2 * int(terms.max()) + 14)
    positions = _receipt_positions(
        table, local_days, np.asarray(local_seconds), office.close_seconds
    )
    return table.business_days[positions + terms]


def local_parts(received_utc: np.ndarray, tz: dt.tzinfo = BOGOTA) -> tuple[np.ndarray, np.ndarray]:
    """Local day numbers and seconds of day for UTC instants (datetime64 or epoch seconds)."""
    seconds = np.asarray(received_utc).astype("datetime64[s]").astype(np.int64)
    utc_days = seconds // 86400
    # The zone's offset for each UTC day of the span (a few thousand days at most), looked up
    # by index: exact for zones without daylight saving, like Bogota's since 1993.
    first, last = int(utc_days.min()), int(utc_days.max())
    offsets = np.array([_offset_seconds(d, tz) for d in range(first, last + 1)], dtype=np.int64)
    local = seconds + offsets[utc_days - first]
    return local // 86400, local % 86400


def _offset_seconds(utc_day: int, tz: dt.tzinfo) -> int:
    noon = dt.datetime(1970, 1, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=utc_day)
    offset = noon.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def deadlines(
    received_utc: np.ndarray, terms: np.ndarray | int, office: Office = DEFAULT_OFFICE
) -> np.ndarray:
    """The batch path: legal deadlines (datetime64[D]) for many UTC receipt instants."""
    days, seconds = local_parts(received_utc, office.tz)
    terms_array = np.broadcast_to(np.asarray(terms, dtype=np.int64), days.shape)
    return deadlines_for_local(days, seconds, terms_array, office).astype("datetime64[D]")


# --- the scalar path (one-element arrays through the same functions) -----------------------


def _aware(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A received time without offset is local time of the office."""
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _local_arrays(moment: dt.datetime, office: Office) -> tuple[np.ndarray, np.ndarray]:
    local = _aware(moment, office.tz).astimezone(office.tz)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    return np.array([_day_number(local.date())]), np.array([seconds])


def receipt_day(received: dt.datetime, office: Office = DEFAULT_OFFICE) -> dt.date:
    """The day the request counts as received (the term starts the business day after)."""
    days, seconds = _local_arrays(received, office)
    table = _table(int(days[0]), int(days[0]) + 14)
    position = _receipt_positions(table, days, seconds, office.close_seconds)[0]
    return _date(table.business_days[position])


def legal_deadline(received: dt.datetime, term: int, office: Office = DEFAULT_OFFICE) -> dt.date:
    """The last business day of a `term`-business-day term for a request received then."""
    days, seconds = _local_arrays(received, office)
    return _date(deadlines_for_local(days, seconds, np.array([term]), office)[0])


def add_business_days(day: dt.date, days: int) -> dt.date:
    """The business day `days` business days after `day` (counting from the day after).

    A non-business `day` counts as the next business day, as a receipt on that day would.
    """
    return _date(
        deadlines_for_local(np.array([_day_number(day)]), np.array([0]), np.array([days]))[0]
    )


def is_business_day(day: dt.date) -> bool:
    number = _day_number(day)
    table = _table(number, number)
    return bool(table.is_business[number - table.first])


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in (start, end]; negative when end is before start (days overdue)."""
    a, b = _day_number(start), _day_number(end)
    table = _table(min(a, b), max(a, b) + 1)
    # next_position[d + 1] counts the business days on or before d.
    return int(table.next_position[b + 1 - table.first] - table.next_position[a + 1 - table.first])


def days_left(today: dt.date, due_dates: list[dt.date]) -> np.ndarray:
    """Business days in (today, due] for many deadlines at once (negative when overdue)."""
    if not due_dates:
        return np.zeros(0, dtype=np.int64)
    ends = np.array([_day_number(d) for d in due_dates], dtype=np.int64)
    a = _day_number(today)
    table = _table(min(a, int(ends.min())), max(a, int(ends.max())) + 1)
    counted = table.next_position[ends + 1 - table.first]
    return counted - table.next_position[a + 1 - table.first]


def add_business_days_many(days: list[dt.date], count: int) -> list[dt.date]:
    """`add_business_days` for many days at once (the same array function underneath)."""
    if not days:
        return []
    numbers = np.array([_day_number(d) for d in days], dtype=np.int64)
    out = deadlines_for_local(numbers, np.zeros_like(numbers), np.full_like(numbers, count))
    return [_date(n) for n in out]


# --- explanations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    received_local: dt.datetime
    receipt_day: dt.date
    reason: str  # "business_day", "non_business_day", "after_hours"
    term: int
    first_counted: dt.date
    deadline: dt.date


def explain(received: dt.datetime, term: int, office: Office = DEFAULT_OFFICE) -> Explanation:
    """Why the deadline is what it is: received-as day, first day counted, deadline."""
    local = _aware(received, office.tz).astimezone(office.tz)
    as_day = receipt_day(received, office)
    if not is_business_day(local.date()):
        reason = "non_business_day"
    elif as_day != local.date():
        reason = "after_hours"
    else:
        reason = "business_day"
    return Explanation(
        received_local=local,
        receipt_day=as_day,
        reason=reason,
        term=term,
        first_counted=add_business_days(as_day, 1),
        deadline=legal_deadline(received, term, office),
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months (the citizen's month to complete, art. 17); clamps to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
