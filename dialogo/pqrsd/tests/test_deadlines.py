"""Deadlines against a table computed by hand, and properties of the rule.

Holidays relied on (Colombia; "Ley Emiliani" ones already moved to Monday):
2025: Dec 8 (Mon), Dec 25 (Thu).
2026: Jan 1 (Thu), Jan 12 (Mon, Reyes), Mar 23 (Mon, San José), Apr 2–3 (Holy Thursday,
      Good Friday), Jun 8 (Mon, Corpus), Jun 15 (Mon, Sagrado Corazón), Jun 29 (Mon, San
      Pedro), Jul 13 (Mon, Virgen de Chiquinquirá, a holiday from 2026), Jul 20 (Mon),
      Nov 2 (Mon, Todos los Santos), Nov 16 (Mon, Cartagena), Dec 8 (Tue), Dec 25 (Fri).
2027: Jan 1 (Fri), Jan 11 (Mon, Reyes), Mar 22 (Mon, San José), Mar 25–26 (Easter week).
Business days are Monday–Friday outside those. Office closes at 17:00 Bogota (UTC-5).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogo.core.business_time import BOGOTA
from dialogo.pqrsd import deadlines
from dialogo.pqrsd.terms import DEFAULTS_BY_CODE

CASES = [
    # (type, received, deadline)  -- the counting, day by day, in the comment.
    # Thu Dec 24 10:00: from Fri 25 (holiday); Dec 28–31 = 4; Jan 1 holiday; Jan 4–8 = 9;
    # Jan 11 holiday; Jan 12–15 = 13; Jan 18 = 14, Jan 19 = 15.
    ("peticion", "2026-12-24T10:00-05:00", "2027-01-19"),
    ("queja", "2026-12-24T10:00-05:00", "2027-01-19"),
    ("reclamo", "2026-12-24T10:00-05:00", "2027-01-19"),
    ("sugerencia", "2026-12-24T10:00-05:00", "2027-01-19"),
    ("denuncia", "2026-12-24T10:00-05:00", "2027-01-19"),
    ("habeas_reclamo", "2026-12-24T10:00-05:00", "2027-01-19"),
    # Same, 10 days: Dec 28–31 = 4, Jan 4–8 = 9, Jan 12 = 10.
    ("informacion", "2026-12-24T10:00-05:00", "2027-01-12"),
    ("habeas_consulta", "2026-12-24T10:00-05:00", "2027-01-12"),
    # Same, 30 days: Jan 19 = 15; Jan 20–22 = 18; Jan 25–29 = 23; Feb 1–5 = 28; Feb 9 = 30.
    ("consulta", "2026-12-24T10:00-05:00", "2027-02-09"),
    # No offset: Bogota time, same as the first case.
    ("peticion", "2026-12-24T10:00", "2027-01-19"),
    # Before opening on a business day: still that day.
    ("peticion", "2026-12-24T06:00-05:00", "2027-01-19"),
    # 16:59 is within hours (21:59 UTC = 16:59 Bogota).
    ("peticion", "2026-12-24T21:59:00+00:00", "2027-01-19"),
    # At 17:00 or later: received-as Mon Dec 28; Dec 29–31 = 3; Jan 4–8 = 8; Jan 12–15 = 12;
    # Jan 18, 19, 20 = 15.
    ("peticion", "2026-12-24T17:00-05:00", "2027-01-20"),
    ("peticion", "2026-12-24T22:30:00+00:00", "2027-01-20"),
    # 03:00 UTC Dec 25 is 22:00 Bogota Dec 24: after hours, as above.
    ("peticion", "2026-12-25T03:00:00+00:00", "2027-01-20"),
    # On a holiday (Dec 25) and on a Saturday (Dec 26): received-as Mon Dec 28, as above.
    ("peticion", "2026-12-25T10:00-05:00", "2027-01-20"),
    ("peticion", "2026-12-26T09:00-05:00", "2027-01-20"),
    # Easter week 2026. Wed Apr 1: Apr 2–3 holidays; Apr 6–10 = 5; Apr 13–17 = 10.
    ("informacion", "2026-04-01T10:00-05:00", "2026-04-17"),
    # ... 15 days: Apr 20–24 = 15.
    ("peticion", "2026-04-01T10:00-05:00", "2026-04-24"),
    # Tue Mar 31: Apr 1 = 1; Apr 6–10 = 6; Apr 13–16 = 10.
    ("informacion", "2026-03-31T10:00-05:00", "2026-04-16"),
    # On Holy Thursday: received-as Mon Apr 6; Apr 7–10 = 4; 13–17 = 9; 20–24 = 14; Apr 27.
    ("peticion", "2026-04-02T10:00-05:00", "2026-04-27"),
    # Fri Mar 20: Mar 23 San José; Mar 24–27 = 4; Mar 30–Apr 1 = 7; Apr 2–3; Apr 6–8 = 10.
    ("informacion", "2026-03-20T10:00-05:00", "2026-04-08"),
    # Ley Emiliani June 2026. Fri Jun 5: Jun 8 hol; 9–12 = 4; Jun 15 hol; 16–19 = 8;
    # 22–26 = 13; Jun 29 hol; Jun 30 = 14; Jul 1 = 15.
    ("peticion", "2026-06-05T09:00-05:00", "2026-07-01"),
    # ... 30 days: Jul 2–3 = 17; Jul 6–10 = 22; Jul 13 hol; 14–17 = 26; Jul 20 hol; 21–24 = 30.
    ("consulta", "2026-06-05T09:00-05:00", "2026-07-24"),
    # Year boundary 2025/2026. Tue Dec 23 2025: Dec 24 = 1; Dec 25 hol; Dec 26 = 2;
    # Dec 29–31 = 5; Jan 1 hol; Jan 2 = 6; Jan 5–8 = 10.
    ("informacion", "2025-12-23T11:00-05:00", "2026-01-08"),
    # Fri Oct 30 2026: Nov 2 hol; 3–6 = 4; 9–13 = 9; Nov 16 hol; 17–20 = 13; 23, 24 = 15.
    ("peticion", "2026-10-30T12:00-05:00", "2026-11-24"),
    # Mon Dec 7 2026: Dec 8 hol; 9–11 = 3; 14–18 = 8; 21, 22 = 10.
    ("informacion", "2026-12-07T10:00-05:00", "2026-12-22"),
    # Easter 2027. Fri Mar 19 15:00: Mar 22 hol; 23–24 = 2; Mar 25–26 hol; Mar 29–Apr 2 = 7;
    # Apr 5–9 = 12; Apr 12–14 = 15.
    ("peticion", "2027-03-19T15:00-05:00", "2027-04-14"),
]


@pytest.mark.parametrize(("code", "received", "expected"), CASES)
def test_legal_deadline_matches_hand_table(code, received, expected):
    term = DEFAULTS_BY_CODE[code].term_days
    moment = dt.datetime.fromisoformat(received)
    assert deadlines.legal_deadline(moment, term).isoformat() == expected


def test_batch_deadlines_match_hand_table():
    moments = [dt.datetime.fromisoformat(r) for _, r, _ in CASES]
    utc = np.array(
        [
            m.replace(tzinfo=m.tzinfo or BOGOTA).astimezone(dt.UTC).replace(tzinfo=None)
            for m in moments
        ],
        dtype="datetime64[s]",
    )
    terms = np.array([DEFAULTS_BY_CODE[c].term_days for c, _, _ in CASES])
    got = [str(d) for d in deadlines.deadlines(utc, terms)]
    assert got == [e for _, _, e in CASES]


def test_explain_names_the_received_as_day_and_first_counted_day():
    why = deadlines.explain(dt.datetime.fromisoformat("2026-12-24T17:30-05:00"), 15)
    assert (why.reason, why.receipt_day, why.first_counted, why.deadline) == (
        "after_hours",
        dt.date(2026, 12, 28),
        dt.date(2026, 12, 29),
        dt.date(2027, 1, 20),
    )
    weekend = deadlines.explain(dt.datetime.fromisoformat("2026-12-26T09:00-05:00"), 15)
    assert weekend.reason == "non_business_day"


def test_business_days_between_counts_after_start_up_to_end():
    # Dec 24 2026 → Jan 4 2027: Dec 28, 29, 30, 31, Jan 4 = 5 (25 and Jan 1 are holidays).
    assert deadlines.business_days_between(dt.date(2026, 12, 24), dt.date(2027, 1, 4)) == 5
    assert deadlines.business_days_between(dt.date(2027, 1, 4), dt.date(2026, 12, 24)) == -5
    assert deadlines.business_days_between(dt.date(2027, 1, 4), dt.date(2027, 1, 4)) == 0


def test_add_months_clamps_to_month_end():
    assert deadlines.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert deadlines.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_negative_term_is_refused():
    with pytest.raises(ValueError):
        deadlines.legal_deadline(dt.datetime(2026, 1, 5, 10, tzinfo=BOGOTA), -1)


moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)).map(
    lambda m: m.replace(tzinfo=BOGOTA)
)
terms = st.integers(min_value=0, max_value=90)


@settings(max_examples=300, deadline=None)
@given(moment=moments, term=terms)
def test_deadline_is_a_business_day_never_before_receipt(moment, term):
    due = deadlines.legal_deadline(moment, term)
    assert deadlines.is_business_day(due)
    assert due >= moment.date()
    assert deadlines.business_days_between(moment.date(), due) >= term


@settings(max_examples=300, deadline=None)
@given(moment=moments, term=terms, more=st.integers(min_value=0, max_value=30))
def test_deadline_is_monotonic_in_term(moment, term, more):
    assert deadlines.legal_deadline(moment, term) <= deadlines.legal_deadline(moment, term + more)


@settings(max_examples=300, deadline=None)
@given(moment=moments, term=terms, later=st.integers(min_value=0, max_value=20 * 86400))
def test_deadline_is_monotonic_in_received_time(moment, term, later):
    after = moment + dt.timedelta(seconds=later)
    assert deadlines.legal_deadline(moment, term) <= deadlines.legal_deadline(after, term)


@settings(max_examples=100, deadline=None)
@given(moment=moments, term=terms)
def test_scalar_and_batch_paths_agree(moment, term):
    utc = np.array([moment.astimezone(dt.UTC).replace(tzinfo=None)], dtype="datetime64[s]")
    assert deadlines.deadlines(utc, term)[0].item() == deadlines.legal_deadline(moment, term)


def test_deadline_equals_numpy_busday_offset_for_business_day_receipts():
    holidays = deadlines.holiday_list(2026, 2028)
    day = np.datetime64("2026-03-02")
    expected = np.busday_offset(day, 15, roll="forward", holidays=holidays)
    got = deadlines.legal_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=BOGOTA), 15)
    assert str(expected) == got.isoformat()


def test_dates_beyond_the_default_table_extend_it():
    # 2051-03-01 is a Wednesday; compare with numpy over the same holidays.
    holidays = deadlines.holiday_list(2050, 2052)
    expected = np.busday_offset(np.datetime64("2051-03-01"), 30, roll="forward", holidays=holidays)
    got = deadlines.legal_deadline(dt.datetime(2051, 3, 1, 9, tzinfo=BOGOTA), 30)
    assert got.isoformat() == str(expected)
