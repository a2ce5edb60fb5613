"""The dashboard as data: figures, breakdowns and series for one selection.

The page, the CSV downloads, the monthly report and the public page all read this, so a
number can never differ between a card, its chart and its table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization
from dialogo.metrics import facts
from dialogo.metrics import queries as q
from dialogo.metrics.facts import BUCKETS
from dialogo.metrics.periods import Filters, Selection, encode
from dialogo.triage.labels import MessageType, Sentiment


@dataclass
class Table:
    """A breakdown: its rows are (label, value, drill-down params)."""

    key: str
    title: Any
    rows: list[tuple[Any, int, dict[str, str]]]
    drill: str = "inbound"


@dataclass
class Dashboard:
    selection: Selection
    figures: dict[str, q.Figure] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    first_response: q.Times | None = None
    resolution: q.Times | None = None
    fr_buckets: list[tuple] = field(default_factory=list)  # label, business, calendar, keys
    res_buckets: list[tuple] = field(default_factory=list)
    moderation: list[dict] = field(default_factory=list)
    followers: list[q.Followers] = field(default_factory=list)
    rising: list[tuple[Any, int, int, dict[str, str]]] = field(default_factory=list)
    members: list[dict[str, Any]] | None = None

    CARDS = (
        "inbound",
        "response_rate",
        "within_target",
        "backlog",
        "overdue",
        "dialogue_share",
        "conversations",
        "resolutions",
        "praise",
        "complaints",
        "abuse",
        "moderation",
    )

    @property
    def card_figures(self) -> list[q.Figure]:
        return [self.figures[name] for name in self.CARDS]

    def all_figures(self) -> Iterable[q.Figure]:
        """Every number shown with a list behind it (what the drill-down test walks)."""
        yield from self.figures.values()
        for table in self.tables:
            for label, value, params in table.rows:
                yield q.Figure(table.drill, label, value, value, params)


def _names(org: Organization) -> dict[str, dict[Any, str]]:
    users = get_user_model().objects.filter(memberships__organization=org)
    return {
        "channel_id": dict(org.channels.values_list("pk", "name")),
        "topic_id": {0: str(_("No topic")), **dict(org.topics.values_list("pk", "name"))},
        "message_type": {"": str(_("Not labelled yet")), **dict(MessageType.choices)},
        "sentiment": {"": str(_("Not labelled yet")), **dict(Sentiment.choices)},
        "member_id": {
            0: str(_("Nobody")),
            **{u.pk: u.get_full_name() or u.get_username() for u in users},
        },
    }


_PARAM = {
    "channel_id": "channel",
    "topic_id": "topic",
    "message_type": "type",
    "sentiment": "sentiment",
    "member_id": "member",
}


def _breakdown(cube: q.Cube, dim: str, title, names: dict) -> Table:
    counts = cube.fold(dim, "inbound")
    ordered = sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: -kv[1])
    return Table(
        key=_PARAM[dim],
        title=title,
        rows=[(names[dim].get(k, str(k)), v, {_PARAM[dim]: encode(k)}) for k, v in ordered],
    )


def build(org: Organization, selection: Selection, *, with_members: bool = False) -> Dashboard:
    period, filters = selection.period, selection.filters
    rows = q.grouped(org, period, filters)
    total = rows.total
    names = _names(org)
    board = Dashboard(selection=selection)
    board.moderation = q.moderation_by_clause(org, period, filters)
    board.figures = _figures(org, rows, total, filters, board.moderation)
    board.tables = [
        _breakdown(rows, "channel_id", _("Messages by channel"), names),
        _breakdown(rows, "message_type", _("Messages by type"), names),
        _breakdown(rows, "sentiment", _("Messages by sentiment"), names),
        _breakdown(rows, "topic_id", _("Messages by topic"), names),
    ]
    board.series = q.time_series(org, selection)
    _times(board, org, selection, total)
    board.followers = q.followers(org, period, filters)
    board.rising = _rising(org, selection, rows, names)
    if with_members:
        board.members = _members(org, selection, rows, names)
    return board


def _figures(org, rows, total: dict[str, int], filters: Filters, moderation) -> dict[str, q.Figure]:
    F = q.Figure
    pending = q.backlog(org, filters)
    by_type = rows.fold("message_type", "inbound")
    complaints = sum(by_type.get(kind, 0) for kind in q.COMPLAINT_TYPES)
    replies, broadcasts = total["replies"], total["broadcasts"]
    acts = sum(row["n"] for row in moderation)
    return {
        "inbound": F("inbound", _("Messages received"), total["inbound"], total["inbound"]),
        "needs_answer": F(
            "needs_answer", _("Needed an answer"), total["needs_answer"], total["needs_answer"]
        ),
        "answered": F("answered", _("Got an answer"), total["answered"], total["answered"]),
        "response_rate": F(
            "answered",
            _("Response rate"),
            q.share(total["answered"], total["needs_answer"]),
            total["answered"],
            unit="percent",
        ),
        "conversations": F(
            "conversations",
            _("Conversations started"),
            total["conversations"],
            total["conversations"],
        ),
        "first_responses": F(
            "first_responses",
            _("First responses given"),
            total["first_responses"],
            total["first_responses"],
        ),
        "within_target": F(
            "fr_in_target",
            _("First responses within the target"),
            q.share(total["fr_in_target"], total["first_responses"]),
            total["fr_in_target"],
            unit="percent",
        ),
        "resolutions": F(
            "resolutions", _("Conversations closed"), total["resolutions"], total["resolutions"]
        ),
        "backlog": F(
            "backlog", _("Waiting for an answer now"), pending["backlog"], pending["backlog"]
        ),
        "overdue": F("overdue", _("Overdue now"), pending["overdue"], pending["overdue"]),
        "replies": F("replies", _("Replies to citizens"), replies, replies),
        "broadcasts": F("broadcasts", _("Own posts (broadcasts)"), broadcasts, broadcasts),
        "dialogue_share": F(
            "replies",
            _("Dialogue share"),
            q.share(replies, replies + broadcasts),
            replies,
            unit="percent",
        ),
        "praise": F(
            "inbound",
            _("Praise"),
            by_type.get("felicitacion", 0),
            by_type.get("felicitacion", 0),
            {"type": "felicitacion"},
        ),
        "complaints": F("complaints", _("Complaints and claims"), complaints, complaints),
        "moderation": F("moderation", _("Moderation acts"), acts, acts),
        "abuse": F(
            "inbound",
            _("Abuse"),
            by_type.get("abuso", 0),
            by_type.get("abuso", 0),
            {"type": "abuso"},
        ),
    }


def _times(board: Dashboard, org, selection: Selection, total: dict[str, int]) -> None:
    period, filters = selection.period, selection.filters
    board.first_response = q.times_of(org, period, filters, "first_response")
    board.resolution = q.times_of(org, period, filters, "resolution")
    board.fr_buckets = [
        (label, total[f"fr_b{i}"], total[f"fr_c{i}"], f"fr_b{i}", f"fr_c{i}")
        for i, label in zip(range(BUCKETS), q.BUCKET_LABELS, strict=True)
    ]
    board.res_buckets = [
        (label, total[f"res_b{i}"], total[f"res_c{i}"], f"res_b{i}", f"res_c{i}")
        for i, label in zip(range(BUCKETS), q.BUCKET_LABELS, strict=True)
    ]
    for i in range(BUCKETS):
        for prefix in ("fr_b", "fr_c", "res_b", "res_c"):
            name = f"{prefix}{i}"
            board.figures[name] = q.Figure(name, q.BUCKET_LABELS[i], total[name], total[name])


def _rising(org, selection: Selection, rows, names) -> list:
    now = rows.fold("topic_id", "inbound")
    before = q.grouped(org, selection.period.previous(), selection.filters).fold(
        "topic_id", "inbound"
    )
    growth = [(k, v, before.get(k, 0)) for k, v in now.items() if v > before.get(k, 0)]
    growth.sort(key=lambda t: (-(t[1] - t[2]), -t[1]))
    return [(names["topic_id"].get(k, str(k)), v, b, {"topic": str(k)}) for k, v, b in growth[:5]]


def _members(org, selection: Selection, rows, names) -> list[dict[str, Any]]:
    """Workload and times per assignee (shown to supervisors and administrators only)."""
    period, filters = selection.period, selection.filters
    # The team table shows business hours only: one sort, not two.
    per_member = q.percentiles(
        org, period, filters, "first_response", by_member=True, calendar_too=False
    )
    out = []
    by_member = rows.by["member_id"]
    empty = dict.fromkeys(facts.COUNTERS, 0)
    for member in sorted(set(by_member) | set(per_member)):
        t = by_member.get(member, empty)
        _n, median, p90, _mc, _pc = per_member.get(member, (0, None, None, None, None))
        out.append(
            {
                "name": names["member_id"].get(member, str(member)),
                "params": {"member": str(member)},
                "inbound": t["inbound"],
                "replies": t["replies"],
                "first_responses": t["first_responses"],
                "within_target": q.share(t["fr_in_target"], t["first_responses"]),
                "median_business": q._hours(median),
                "p90_business": q._hours(p90),
            }
        )
    return out
