"""The dashboard's data for its charts, its CSV tables and the per-conversation audit file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from dialogo.core.business_time import BOGOTA
from dialogo.core.models import Organization
from dialogo.inbox.models import Conversation
from dialogo.metrics.dashboard import Dashboard
from dialogo.metrics.periods import Selection


def chart_data(board: Dashboard) -> dict[str, Any]:
    """Plain lists for charts.js (read from a json_script block: no inline script)."""
    labels = [s["start"].isoformat() for s in board.series]
    return {
        "volume": {
            "labels": labels,
            "sets": [
                {"label": _("Messages received"), "data": [s["inbound"] for s in board.series]},
                {"label": _("Replies to citizens"), "data": [s["replies"] for s in board.series]},
                {"label": _("Own posts"), "data": [s["broadcasts"] for s in board.series]},
            ],
        },
        "rates": {
            "labels": labels,
            "percent": True,
            "sets": [
                {"label": _("Response rate"), "data": [s["response_rate"] for s in board.series]},
                {"label": _("Dialogue share"), "data": [s["dialogue_share"] for s in board.series]},
            ],
        },
        "first_response": {
            "labels": [b[0] for b in board.fr_buckets],
            "bar": True,
            "sets": [
                {"label": _("Business hours"), "data": [b[1] for b in board.fr_buckets]},
                {"label": _("Calendar hours"), "data": [b[2] for b in board.fr_buckets]},
            ],
        },
        "types": {
            "labels": [str(r[0]) for r in board.tables[1].rows],
            "bar": True,
            "sets": [{"label": _("Messages"), "data": [r[1] for r in board.tables[1].rows]}],
        },
        "followers": {
            "labels": sorted({d.isoformat() for f in board.followers for d, _n in f.series}),
            "sets": [{"label": f.name, "data": _aligned(f.series, board)} for f in board.followers],
        },
    }


def _aligned(series, board: Dashboard) -> list[int | None]:
    days = sorted({d for f in board.followers for d, _n in f.series})
    mine = dict(series)
    return [mine.get(d) for d in days]


def table_rows(board: Dashboard, key: str) -> list[list[Any]] | None:
    """A table of the page as CSV rows (header first), or None for an unknown table."""
    for table in board.tables:
        if table.key == key:
            return [[str(table.title), _("Messages")]] + [[str(r[0]), r[1]] for r in table.rows]
    builders = {
        "series": lambda: (
            [
                [
                    _("From"),
                    _("Messages received"),
                    _("Needed an answer"),
                    _("Got an answer"),
                    _("Replies to citizens"),
                    _("Own posts"),
                    _("Response rate"),
                    _("Dialogue share"),
                ]
            ]
            + [
                [
                    s["start"].isoformat(),
                    s["inbound"],
                    s["needs_answer"],
                    s["answered"],
                    s["replies"],
                    s["broadcasts"],
                    s["response_rate"],
                    s["dialogue_share"],
                ]
                for s in board.series
            ]
        ),
        "first_response": lambda: _buckets(board.fr_buckets),
        "resolution": lambda: _buckets(board.res_buckets),
        "moderation": lambda: (
            [[_("Clause"), _("Title"), _("Action"), _("Acts")]]
            + [
                [m["clause__code"], m["clause__title"], m["action"], m["n"]]
                for m in board.moderation
            ]
        ),
        "followers": lambda: (
            [[_("Channel"), _("Day"), _("Followers")]]
            + [[f.name, d.isoformat(), n] for f in board.followers for d, n in f.series]
        ),
        "members": lambda: (
            None
            if board.members is None
            else (
                [
                    [
                        _("Member"),
                        _("Messages received"),
                        _("Replies to citizens"),
                        _("First responses"),
                        _("Within the target"),
                        _("Median (business hours)"),
                        _("p90 (business hours)"),
                    ]
                ]
                + [
                    [
                        m["name"],
                        m["inbound"],
                        m["replies"],
                        m["first_responses"],
                        m["within_target"],
                        m["median_business"],
                        m["p90_business"],
                    ]
                    for m in board.members
                ]
            )
        ),
    }
    return builders[key]() if key in builders else None


def _buckets(buckets) -> list[list[Any]]:
    return [[_("Time taken"), _("Business hours"), _("Calendar hours")]] + [
        list(b[:3]) for b in buckets
    ]


CONVERSATION_COLUMNS = (
    "conversation",
    "channel",
    "topic",
    "type",
    "sentiment",
    "state",
    "assigned_to_id",
    "messages",
    "started_at",
    "first_response_at",
    "first_response_business_s",
    "first_response_calendar_s",
    "resolved_at",
    "resolution_business_s",
    "resolution_calendar_s",
    "awaiting_response",
    "response_due_at",
    "overdue",
)


def conversation_rows(org: Organization, selection: Selection) -> Iterator[list[Any]]:
    """Header, then one row per conversation started in the period (Bogotá times)."""
    p = selection.period
    qs = (
        Conversation.objects.filter(
            organization=org, created_at__gte=p.start_utc, created_at__lt=p.end_utc
        )
        .select_related("channel", "topic", "metrics_fact")
        .order_by("created_at", "pk")
    )
    yield list(CONVERSATION_COLUMNS)
    for c in qs.iterator(chunk_size=2000):
        fact = getattr(c, "metrics_fact", None)
        yield [
            c.pk,
            c.channel.name,
            c.topic.name if c.topic else "",
            fact.message_type if fact else "",
            fact.sentiment if fact else "",
            c.state,
            c.assignee_id or "",
            c.message_count,
            _local(c.created_at),
            _local(c.first_response_at),
            fact.fr_business if fact else "",
            fact.fr_calendar if fact else "",
            _local(c.resolved_at),
            fact.res_business if fact else "",
            fact.res_calendar if fact else "",
            c.awaiting_response,
            _local(c.response_due_at),
            c.is_overdue,
        ]


def _local(moment) -> str:
    return moment.astimezone(BOGOTA).isoformat() if moment else ""
