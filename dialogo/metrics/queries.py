"""Every figure of the dashboard, read from the roll-ups and the per-conversation facts.

Each figure carries the key of the list behind it (`drilldown.rows`), and the count that
list must have: the tests check one against the other for every figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from dialogo.core.models import Organization
from dialogo.inbox.models import Conversation
from dialogo.metrics import facts
from dialogo.metrics.models import ConversationFact, DailyMarginal, DailyRollup
from dialogo.metrics.periods import Filters, Period, Selection
from dialogo.moderation.models import ActionStatus, ModerationAction
from dialogo.networks.models import FollowerSnapshot

COMPLAINT_TYPES = ("queja", "reclamo")
MODERATION_DONE = (ActionStatus.DONE, ActionStatus.RECORDED)
BUCKET_LABELS = ("< 1 h", "1–4 h", "4–8 h", "8–24 h", "> 24 h")
_GROUPS = ("channel_id", "topic_id", "message_type", "sentiment", "member_id")


@dataclass
class Figure:
    """One number on the page and the list behind it (`key` + `params` for `drilldown`)."""

    key: str
    label: Any
    value: float | int | None
    count: int  # rows of the list behind the figure
    params: dict[str, str] = field(default_factory=dict)
    unit: str = "count"  # count | percent | hours


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def rollups(org: Organization, period: Period, filters: Filters) -> QuerySet:
    qs = DailyRollup.objects.filter(organization=org, day__gte=period.start, day__lte=period.end)
    for name, column in (
        ("channel", "channel_id"),
        ("topic", "topic_id"),
        ("member", "member_id"),
        ("sentiment", "sentiment"),
    ):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{column: value})
    if filters.type is not None:
        qs = qs.filter(message_type=filters.type)
    return qs


def fact_rows(org: Organization, filters: Filters) -> QuerySet:
    qs = ConversationFact.objects.filter(organization=org)
    for name in ("channel", "topic", "member"):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{f"{name}_id": value})
    if filters.type is not None:
        qs = qs.filter(message_type=filters.type)
    if filters.sentiment is not None:
        qs = qs.filter(sentiment=filters.sentiment)
    return qs


@dataclass
class Cube:
    """A period's counters: in total, and per value of each dimension."""

    total: dict[str, int]
    by: dict[str, dict[Any, dict[str, int]]]

    def fold(self, dim: str, counter: str) -> dict[Any, int]:
        return {k: c.get(counter, 0) for k, c in self.by.get(dim, {}).items()}


_INT_DIMS = {"channel_id", "topic_id", "member_id"}


def _summed_sql(table: str, keys: tuple[str, ...], where: list[str]) -> str:
    """SUM of every counter grouped by `keys`: written once as SQL because the ORM spends
    longer compiling 48 aggregates than the database spends running them."""
    sums = ", ".join(f"SUM({name})" for name in facts.COUNTERS)
    cols = ", ".join(keys)
    return f"SELECT {cols}, {sums} FROM {table} WHERE {' AND '.join(where)} GROUP BY {cols}"


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(row: tuple, offset: int) -> dict[str, int]:
    return {name: int(v or 0) for name, v in zip(facts.COUNTERS, row[offset:], strict=True)}


def grouped(org: Organization, period: Period, filters: Filters) -> Cube:
    """The period's counters. Unfiltered, from the daily totals (a few rows per day);
    filtered, from the fine roll-up rows that match."""
    where = ["organization_id = %s", "day >= %s", "day <= %s"]
    params: list[Any] = [org.pk, period.start.isoformat(), period.end.isoformat()]
    if filters == Filters():
        sql = _summed_sql(DailyMarginal._meta.db_table, ("dim", "value"), where)
        cube = Cube(dict.fromkeys(facts.COUNTERS, 0), {d: {} for d in _GROUPS})
        for row in _fetch(sql, params):
            if row[0] == "":
                cube.total = _counts(row, 2)
            else:
                value = int(row[1]) if row[0] in _INT_DIMS else row[1]
                cube.by[row[0]][value] = _counts(row, 2)
        return cube
    for name, column in _FILTER_COLUMNS:
        value = getattr(filters, name)
        if value is not None:
            where.append(f"{column} = %s")
            params.append(value)
    sql = _summed_sql(DailyRollup._meta.db_table, _GROUPS, where)
    fine = [dict(zip(_GROUPS, row, strict=False)) | _counts(row, 5) for row in _fetch(sql, params)]
    cube = Cube(totals(fine), {})
    for dim in _GROUPS:
        per: dict[Any, dict[str, int]] = {}
        for row in fine:
            slot = per.setdefault(row[dim], dict.fromkeys(facts.COUNTERS, 0))
            for name in facts.COUNTERS:
                slot[name] += row[name]
        cube.by[dim] = per
    return cube


_FILTER_COLUMNS = (
    ("channel", "channel_id"),
    ("topic", "topic_id"),
    ("member", "member_id"),
    ("sentiment", "sentiment"),
    ("type", "message_type"),
)


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {name: sum(r[name] or 0 for r in rows) for name in facts.COUNTERS}


# --- times ---------------------------------------------------------------------------------


@dataclass
class Times:
    """Median and p90 of one timer, in business and in calendar hours."""

    count: int
    median_business: float | None
    p90_business: float | None
    median_calendar: float | None
    p90_calendar: float | None


def _hours(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


_TIMERS = {
    "first_response": ("first_response_day", "fr_business", "fr_calendar"),
    "resolution": ("resolved_day", "res_business", "res_calendar"),
}


def _timer_where(org, period: Period, filters: Filters, day: str) -> tuple[str, list[Any]]:
    where = ["organization_id = %s", f"{day} >= %s", f"{day} <= %s"]
    params: list[Any] = [org.pk, period.start.isoformat(), period.end.isoformat()]
    for name, column in _FILTER_COLUMNS:
        value = getattr(filters, name)
        if value is not None:
            where.append(f"{column} = %s")
            params.append(value)
    return " AND ".join(where), params


def percentiles(
    org,
    period: Period,
    filters: Filters,
    timer: str,
    by_member: bool = False,
    calendar_too: bool = True,
):
    """Nearest-rank median and p90 of a timer: {member id or None: (count, median b,
    p90 b, median c, p90 c)} in seconds. The values are read through a covering index
    (no table rows) and sorted here: SQLite's window functions took four times longer."""
    day, business, calendar = _TIMERS[timer]
    where, params = _timer_where(org, period, filters, day)
    sql = (
        f"SELECT {business}, {calendar}, member_id FROM {ConversationFact._meta.db_table} "
        f"WHERE {where}"
    )
    groups: dict[Any, tuple[list[int], list[int]]] = {}
    for b, c, member in _fetch(sql, params):
        key = member if by_member else None
        slot = groups.setdefault(key, ([], []))
        slot[0].append(b)
        slot[1].append(c)
    out = {}
    for key, (bs, cs) in groups.items():
        bs.sort()
        if calendar_too:
            cs.sort()
        rank = facts.nearest_rank
        out[key] = (
            len(bs),
            rank(bs, 0.5),
            rank(bs, 0.9),
            rank(cs, 0.5) if calendar_too else None,
            rank(cs, 0.9) if calendar_too else None,
        )
    return out


def times_of(org, period: Period, filters: Filters, timer: str) -> Times:
    found = percentiles(org, period, filters, timer).get(None)
    if found is None:
        return Times(0, None, None, None, None)
    n, mb, pb, mc, pc = found
    return Times(n, _hours(mb), _hours(pb), _hours(mc), _hours(pc))


def first_response_values(org, period: Period, filters: Filters) -> list[tuple[int, int, int]]:
    return list(
        fact_rows(org, filters)
        .filter(first_response_day__gte=period.start, first_response_day__lte=period.end)
        .values_list("fr_business", "fr_calendar", "member_id")
    )


# --- what is pending now -------------------------------------------------------------------


def pending_conversations(org: Organization, filters: Filters) -> QuerySet:
    """Conversations waiting for an answer now (the inbox's own "unanswered")."""
    qs = Conversation.objects.filter(organization=org, awaiting_response=True)
    if filters.channel is not None:
        qs = qs.filter(channel_id=filters.channel)
    if filters.topic is not None:
        qs = qs.filter(topic_id=filters.topic or None)
    if filters.member is not None:
        qs = qs.filter(assignee_id=filters.member or None)
    if filters.type is not None:
        qs = qs.filter(metrics_fact__message_type=filters.type)
    if filters.sentiment is not None:
        qs = qs.filter(metrics_fact__sentiment=filters.sentiment)
    return qs


def backlog(org: Organization, filters: Filters) -> dict[str, int]:
    return pending_conversations(org, filters).aggregate(
        backlog=Count("pk"), overdue=Count("pk", filter=Q(response_due_at__lt=timezone.now()))
    )


# --- moderation and followers ---------------------------------------------------------------


def moderation_acts(org: Organization, period: Period, filters: Filters) -> QuerySet:
    qs = ModerationAction.objects.filter(
        organization=org,
        status__in=MODERATION_DONE,
        created_at__gte=period.start_utc,
        created_at__lt=period.end_utc,
    )
    if filters.channel is not None:
        qs = qs.filter(channel_id=filters.channel)
    if filters.topic is not None:
        qs = qs.filter(message__conversation__topic_id=filters.topic or None)
    if filters.member is not None:
        qs = qs.filter(message__conversation__assignee_id=filters.member or None)
    if filters.type is not None:
        qs = qs.filter(message__classification__message_type=filters.type)
    return qs


def moderation_by_clause(org: Organization, period: Period, filters: Filters) -> list[dict]:
    return list(
        moderation_acts(org, period, filters)
        .values("clause__code", "clause__title", "action")
        .annotate(n=Count("pk"))
        .order_by("clause__code", "action")
    )


@dataclass
class Followers:
    channel_id: int
    name: str
    start: int | None
    end: int | None
    series: list[tuple[dt.date, int]]

    @property
    def growth(self) -> int | None:
        if self.end is None or self.start is None:
            return None
        return self.end - self.start


def followers(org: Organization, period: Period, filters: Filters) -> list[Followers]:
    """Per channel: the last count on or before the period's first day (else its first count
    in the period), the last count in the period, and the counts in between."""
    channels = org.channels.order_by("name")
    if filters.channel is not None:
        channels = channels.filter(pk=filters.channel)
    snaps = FollowerSnapshot.objects.filter(
        channel__organization=org, day__lte=period.end
    ).order_by("channel_id", "day")
    by_channel: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    before: dict[int, int] = {}
    for channel_id, day, count in snaps.values_list("channel_id", "day", "followers"):
        if day < period.start:
            before[channel_id] = count
        else:
            by_channel[channel_id].append((day, count))
    out = []
    for channel in channels:
        series = by_channel.get(channel.pk, [])
        start = before.get(channel.pk, series[0][1] if series else None)
        end = series[-1][1] if series else before.get(channel.pk)
        out.append(Followers(channel.pk, channel.name, start, end, series))
    return out


# --- the whole dashboard ------------------------------------------------------------------


def time_series(org, selection: Selection) -> list[dict[str, Any]]:
    """Per bucket (day, week or month, by the period's length): the counters the charts use."""
    names = ("inbound", "needs_answer", "answered", "replies", "broadcasts", "first_responses")
    rows = (
        daily(org, selection.period, selection.filters)
        .values("day")
        .annotate(**{n: Sum(n) for n in names})
        .order_by("day")
    )
    step = bucket_step(selection.period)
    out: dict[dt.date, dict[str, Any]] = {}
    for row in rows:
        start = bucket_start(row["day"], step)
        slot = out.setdefault(start, {"start": start, **dict.fromkeys(names, 0)})
        for name in names:
            slot[name] += row[name] or 0
    for slot in out.values():
        slot["response_rate"] = share(slot["answered"], slot["needs_answer"])
        slot["dialogue_share"] = share(slot["replies"], slot["replies"] + slot["broadcasts"])
    return [out[k] for k in sorted(out)]


def daily(org: Organization, period: Period, filters: Filters) -> QuerySet:
    """Rows to sum per day: the daily totals when unfiltered, else the matching roll-ups."""
    if filters == Filters():
        return DailyMarginal.objects.filter(
            organization=org, day__gte=period.start, day__lte=period.end, dim=""
        )
    return rollups(org, period, filters)


def bucket_step(period: Period) -> str:
    if period.days <= 92:
        return "day"
    return "week" if period.days <= 731 else "month"


def bucket_start(day: dt.date, step: str) -> dt.date:
    if step == "week":
        return day - dt.timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    return day
