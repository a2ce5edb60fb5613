"""Each figure against the small history in conftest.py, worked out by hand.

Working hours 8:00–17:00 Monday to Friday in Bogotá, target 8 business hours; Monday
23 March 2026 is a holiday (San José). The period, 24–31 March, cuts through A: its citizen
message is before it, its first response inside it.
"""

from __future__ import annotations

import datetime as dt

from dialogo.metrics import dashboard, drilldown
from dialogo.metrics.periods import Filters, Period, Selection


def test_volume_and_response_rate_count_messages_in_the_period(org, march):
    board = dashboard.build(org, march)
    f = board.figures
    # B twice, C and D; A wrote on the 20th, before the period.
    assert f["inbound"].value == 4
    assert f["needs_answer"].value == 4
    assert f["answered"].value == 3  # C is still open
    assert f["response_rate"].value == 75.0
    assert f["conversations"].value == 3


def test_first_response_in_business_hours_skips_nights_weekends_and_holidays(org, march):
    board = dashboard.build(org, march)
    # A: Fri 16–17 (1 h) + Tue 8–9:30 (1.5 h) = 2.5 h; B: 20 min; D: Thu 9 h + Fri 8 h = 17 h.
    t = board.first_response
    assert t.count == 3
    assert (t.median_business, t.p90_business) == (2.5, 17.0)
    # Calendar: B 0.33 h, D 33 h, A 89.5 h (Friday 16:00 to Tuesday 9:30).
    assert (t.median_calendar, t.p90_calendar) == (33.0, 89.5)
    assert board.figures["within_target"].value == 66.7  # A and B within 8 h, D not


def test_reopened_conversation_keeps_its_first_response(org, march, history):
    board = dashboard.build(org, march)
    assert history["b"].metrics_fact.fr_business == 20 * 60
    assert board.figures["first_responses"].value == 3


def test_member_times_come_from_the_same_sort(org, march):
    board = dashboard.build(org, march, with_members=True)
    [nobody] = board.members  # nobody was assigned in this history
    assert (nobody["first_responses"], nobody["median_business"]) == (3, 2.5)
    assert nobody["p90_business"] == 17.0


def test_buckets_split_business_and_calendar_times(org, march):
    board = dashboard.build(org, march)
    assert [b[:3] for b in board.fr_buckets] == [
        ("< 1 h", 1, 1),
        ("1–4 h", 1, 0),
        ("4–8 h", 0, 0),
        ("8–24 h", 1, 0),
        ("> 24 h", 0, 2),
    ]


def test_resolution_time_runs_from_the_first_citizen_message(org, march):
    board = dashboard.build(org, march)
    # B: Tue 10–17 (7 h) + Wed 9 h + Thu 8–12 (4 h) = 20 h; 50 calendar hours.
    assert board.resolution.count == 1
    assert board.resolution.median_business == 20.0
    assert board.resolution.median_calendar == 50.0
    assert board.figures["res_b3"].value == 1


def test_dialogue_share_counts_replies_against_own_posts(org, march):
    board = dashboard.build(org, march)
    assert board.figures["replies"].value == 4
    assert board.figures["broadcasts"].value == 1
    assert board.figures["dialogue_share"].value == 80.0


def test_backlog_and_overdue_hold_the_open_conversation(org, march, history):
    board = dashboard.build(org, march)
    assert board.figures["backlog"].value == 1
    assert board.figures["overdue"].value == 1
    _unit, rows = drilldown.rows(org, march, "backlog")
    assert list(rows) == [history["c"]]


def test_period_before_the_answer_counts_the_question_unanswered(org, history):
    sel = Selection(Period(dt.date(2026, 3, 20), dt.date(2026, 3, 22)), Filters())
    board = dashboard.build(org, sel)
    assert board.figures["inbound"].value == 1
    assert board.figures["answered"].value == 1  # answered later: the message got its answer
    assert board.first_response.count == 0
    assert board.first_response.median_business is None


def test_every_figure_equals_the_count_of_its_list(org, march):
    board = dashboard.build(org, march, with_members=True)
    checked = 0
    for figure in board.all_figures():
        params = march.filters.query() | figure.params
        sel = Selection(march.period, Filters(**_typed(params)))
        _unit, rows = drilldown.rows(org, sel, figure.key)
        assert rows.count() == figure.count, figure.label
        checked += 1
    assert checked > 30


def _typed(params: dict[str, str]) -> dict:
    out: dict = {}
    for name, value in params.items():
        if name in ("channel", "topic", "member"):
            out[name] = int(value)
        else:
            out[name] = "" if value == "-" else value
    return out


def test_followers_growth_from_the_last_count_before_the_period(org, channel, march):
    from dialogo.networks.models import Channel, FollowerSnapshot

    quiet = Channel.objects.create(organization=org, kind="mastodon", name="Mastodon")
    for day, n in ((20, 1000), (25, 1040), (30, 1100), (31, 1090)):  # the 20th is before it
        FollowerSnapshot.objects.create(channel=channel, day=dt.date(2026, 3, day), followers=n)
    FollowerSnapshot.objects.create(channel=quiet, day=dt.date(2026, 3, 26), followers=50)
    FollowerSnapshot.objects.create(channel=quiet, day=dt.date(2026, 4, 2), followers=70)
    board = dashboard.build(org, march)
    by_name = {f.name: f for f in board.followers}
    web = by_name[channel.name]
    assert (web.start, web.end, web.growth) == (1000, 1090, 90)
    assert [n for _d, n in web.series] == [1040, 1100, 1090]
    # No count before the period: growth runs from its first count inside it; April is out.
    assert (by_name["Mastodon"].start, by_name["Mastodon"].end) == (50, 50)
    assert by_name["Mastodon"].growth == 0
