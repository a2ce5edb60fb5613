import datetime as dt

import pytest

from dialogo.core.business_time import BOGOTA, WorkCalendar


def bogota(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BOGOTA)


def test_add_hours_within_the_same_day():
    cal = WorkCalendar()
    assert cal.add_hours(bogota(2026, 3, 3, 9, 0), 2) == bogota(2026, 3, 3, 11, 0).astimezone(
        dt.UTC
    )


def test_add_hours_rolls_over_the_weekend():
    cal = WorkCalendar()
    friday_afternoon = bogota(2026, 3, 6, 16, 0)
    assert cal.add_hours(friday_afternoon, 3) == bogota(2026, 3, 9, 10, 0).astimezone(dt.UTC)


def test_add_hours_skips_colombian_holidays():
    cal = WorkCalendar()
    # 20 July (Independence Day) 2026 is a Monday holiday.
    friday = bogota(2026, 7, 17, 16, 0)
    assert cal.add_hours(friday, 2) == bogota(2026, 7, 21, 9, 0).astimezone(dt.UTC)


def test_message_at_night_counts_from_next_opening():
    cal = WorkCalendar()
    assert cal.add_hours(bogota(2026, 3, 3, 22, 30), 1) == bogota(2026, 3, 4, 9, 0).astimezone(
        dt.UTC
    )


def test_working_seconds_between_spans_days_and_weekend():
    cal = WorkCalendar()
    start, end = bogota(2026, 3, 6, 16, 0), bogota(2026, 3, 9, 9, 30)
    assert cal.working_seconds_between(start, end) == int(2.5 * 3600)  # Fri 16-17h + Mon 8-9:30h


def test_working_seconds_between_reversed_is_zero():
    cal = WorkCalendar()
    assert cal.working_seconds_between(bogota(2026, 3, 9), bogota(2026, 3, 6)) == 0


def test_business_days_for_legal_terms_skip_holidays():
    cal = WorkCalendar()
    # From Friday 17 July 2026, 2 working days: Tue 21 (Mon 20 is a holiday), Wed 22.
    assert cal.add_business_days(dt.date(2026, 7, 17), 2) == dt.date(2026, 7, 22)


def test_calendar_rejects_an_empty_day():
    with pytest.raises(ValueError):
        WorkCalendar(start=dt.time(17), end=dt.time(8))
