"""What one conversation contributes to the daily roll-ups: one pure calculation.

Plain Python, no Django. Every path (a live message, a reply, a reassignment, an import, a
full recomputation) turns a conversation into `Contribution`s here, so the roll-ups and the
per-conversation timers can never disagree with each other.

Definitions (the dashboard and the public page say the same in words):
* A citizen message *needs an answer* when triage says so, or when it has no label yet
  (unlabelled is counted against the institution, never in its favour).
* It is *answered* when any later message of the institution in the same conversation exists.
* An institution message is a *reply* when a citizen message precedes it in its conversation,
  otherwise a *broadcast* (the institution's own post).
* The conversation's clock starts at its first citizen message; its *first response* is the
  first institution message at or after that moment. A citizen writing again later (a
  reopened conversation) never moves it. *Resolution* is the close, measured from the same
  start.
* Every event is counted on its own day in America/Bogota: a message on the day it was
  written, a first response on the day it was given, a resolution on the day of the close.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dialogo.core.business_time import BOGOTA, WorkCalendar

BUCKET_EDGES_HOURS = (1, 4, 8, 24)  # < 1 h, 1–4 h, 4–8 h, 8–24 h, ≥ 24 h
BUCKETS = len(BUCKET_EDGES_HOURS) + 1

COUNTERS: tuple[str, ...] = (
    "inbound",
    "needs_answer",
    "answered",
    "replies",
    "broadcasts",
    "conversations",
    "first_responses",
    "fr_in_target",
    "fr_business_sum",
    "fr_calendar_sum",
    *(f"fr_b{i}" for i in range(BUCKETS)),
    *(f"fr_c{i}" for i in range(BUCKETS)),
    "resolutions",
    "res_business_sum",
    "res_calendar_sum",
    *(f"res_b{i}" for i in range(BUCKETS)),
    *(f"res_c{i}" for i in range(BUCKETS)),
)

# (day, channel id, topic id or 0, type or "", sentiment or "", member id or 0)
Key = tuple[dt.date, int, int, str, str, int]
Contribution = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class Msg:
    """One message as the calculation needs it."""

    id: int
    inbound: bool
    created_at: dt.datetime
    type: str = ""
    sentiment: str = ""
    needs_answer: bool | None = None  # None: not labelled yet


@dataclass
class Conv:
    """One conversation: where it sits (channel, topic, assignee), when it closed, and its
    messages (failed sends already left out)."""

    channel_id: int
    topic_id: int | None
    member_id: int | None
    resolved_at: dt.datetime | None
    messages: list[Msg] = field(default_factory=list)


@dataclass
class Timing:
    """The per-conversation figures kept beside the roll-ups (medians need the values)."""

    type: str = ""
    sentiment: str = ""
    started_at: dt.datetime | None = None
    first_response_at: dt.datetime | None = None
    fr_business: int | None = None
    fr_calendar: int | None = None
    res_business: int | None = None
    res_calendar: int | None = None


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BOGOTA).date()


def bucket(seconds: int) -> int:
    """Index of the bucket holding a duration (edges belong to the upper bucket)."""
    hours = seconds / 3600
    for index, edge in enumerate(BUCKET_EDGES_HOURS):
        if hours < edge:
            return index
    return len(BUCKET_EDGES_HOURS)


def compute(conv: Conv, calendar: WorkCalendar, target_hours: int) -> tuple[Contribution, Timing]:
    """The conversation's counters per roll-up key, and its timers."""
    out: Contribution = defaultdict(lambda: defaultdict(int))
    messages = sorted(conv.messages, key=lambda m: (m.created_at, m.id))
    first_in = next((m for m in messages if m.inbound), None)
    timing = Timing(
        type=first_in.type if first_in else "",
        sentiment=first_in.sentiment if first_in else "",
        started_at=first_in.created_at if first_in else None,
    )
    dims = (conv.channel_id, conv.topic_id or 0)
    member = conv.member_id or 0

    def add(moment: dt.datetime, kind: str, sentiment: str, **counts: int) -> None:
        row = out[(local_day(moment), *dims, kind, sentiment, member)]
        for name, value in counts.items():
            row[name] += value

    _messages(messages, timing, add)
    if first_in is not None:
        add(first_in.created_at, timing.type, timing.sentiment, conversations=1)
        _first_response(messages, first_in, timing, calendar, target_hours, add)
        _resolution(conv, first_in, timing, calendar, add)
    return {key: dict(row) for key, row in out.items()}, timing


def _messages(messages: list[Msg], timing: Timing, add) -> None:
    last_out: dt.datetime | None = None
    for message in reversed(messages):  # newest first: "is there a later reply?"
        if not message.inbound:
            last_out = message.created_at if last_out is None else last_out
            continue
        needs = message.needs_answer is not False
        answered = needs and last_out is not None and last_out >= message.created_at
        add(
            message.created_at,
            message.type,
            message.sentiment,
            inbound=1,
            needs_answer=int(needs),
            answered=int(answered),
        )
    seen_inbound: dt.datetime | None = None
    for message in messages:
        if message.inbound:
            seen_inbound = seen_inbound or message.created_at
            continue
        reply = seen_inbound is not None and seen_inbound <= message.created_at
        add(
            message.created_at,
            timing.type,
            timing.sentiment,
            replies=int(reply),
            broadcasts=int(not reply),
        )


def _first_response(messages, first_in: Msg, timing: Timing, calendar, target_hours, add) -> None:
    start = first_in.created_at
    answer = next((m for m in messages if not m.inbound and m.created_at >= start), None)
    if answer is None:
        return
    business = calendar.working_seconds_between(start, answer.created_at)
    calendar_seconds = int((answer.created_at - start).total_seconds())
    timing.first_response_at = answer.created_at
    timing.fr_business, timing.fr_calendar = business, calendar_seconds
    add(
        answer.created_at,
        timing.type,
        timing.sentiment,
        first_responses=1,
        fr_in_target=int(business <= target_hours * 3600),
        fr_business_sum=business,
        fr_calendar_sum=calendar_seconds,
        **{f"fr_b{bucket(business)}": 1, f"fr_c{bucket(calendar_seconds)}": 1},
    )


def _resolution(conv: Conv, first_in: Msg, timing: Timing, calendar, add) -> None:
    if conv.resolved_at is None or conv.resolved_at < first_in.created_at:
        return
    business = calendar.working_seconds_between(first_in.created_at, conv.resolved_at)
    calendar_seconds = int((conv.resolved_at - first_in.created_at).total_seconds())
    timing.res_business, timing.res_calendar = business, calendar_seconds
    add(
        conv.resolved_at,
        timing.type,
        timing.sentiment,
        resolutions=1,
        res_business_sum=business,
        res_calendar_sum=calendar_seconds,
        **{f"res_b{bucket(business)}": 1, f"res_c{bucket(calendar_seconds)}": 1},
    )


def merge(into: Contribution, other: Contribution, sign: int = 1) -> None:
    """Add (or with sign=-1 subtract) one contribution into another, in place."""
    for key, counts in other.items():
        row = into.setdefault(key, {})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + sign * value


def diff(old: Contribution, new: Contribution) -> Contribution:
    """new − old, keeping only keys whose counters change."""
    delta: Contribution = {}
    merge(delta, new)
    merge(delta, old, -1)
    return {k: {n: v for n, v in c.items() if v} for k, c in delta.items() if any(c.values())}


def encode(contribution: Contribution) -> list:
    """JSON-safe form stored on the conversation's fact row."""
    return [[k[0].isoformat(), *k[1:], c] for k, c in contribution.items()]


def decode(stored: Iterable) -> Contribution:
    return {
        (dt.date.fromisoformat(r[0]), int(r[1]), int(r[2]), r[3], r[4], int(r[5])): dict(r[6])
        for r in stored or []
    }


def nearest_rank(sorted_values: list[int], fraction: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least `fraction` of the values
    at or below it (the median of 1, 2, 3, 4 is 2). None for no values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]
