"""The inbox's querysets, defined once: scoping by role, filters and keyset paging."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from dialogo.core.models import Membership, Organization
from dialogo.core.params import int_param, moment_in_bounds, parse_int, text_param
from dialogo.core.roles import Cap
from dialogo.inbox import queues, search
from dialogo.inbox.models import Conversation, Direction, Message, State

PAGE_SIZE = 50

#: Sets of conversations the apps above the inbox define (e.g. "alert": the conversations
#: behind a spike alert, from moderation), as name -> function(organization, id) returning a
#: queryset of conversation ids. Registered from their `AppConfig.ready()`, so the inbox
#: filters by them without importing those apps.
CONVERSATION_SETS: dict[str, Callable[[Organization, int], QuerySet]] = {}


def register_conversation_set(
    name: str, conversation_ids: Callable[[Organization, int], QuerySet]
) -> None:
    CONVERSATION_SETS[name] = conversation_ids


def _in_set(qs: QuerySet, name: str, organization: Organization, key: int) -> QuerySet:
    ids = CONVERSATION_SETS.get(name)
    return qs.filter(pk__in=ids(organization, key)) if ids is not None else qs.none()


def conversations_for(membership: Membership) -> QuerySet[Conversation]:
    """Conversations this member may see: all of the organization's, or for subject experts
    those assigned to them or on one of their topics."""
    qs = Conversation.objects.filter(organization=membership.organization)
    if not membership.can(Cap.SEE_ALL):
        qs = qs.filter(Q(assignee=membership.user) | Q(topic__in=membership.topics.all()))
    return qs


@dataclass
class InboxFilters:
    channel: int | None = None
    state: str = ""
    assignee: str = ""  # a user id, "me" or "none"
    topic: int | None = None
    unanswered: bool = False
    overdue: bool = False
    q: str = ""
    alert: int | None = None  # the conversations behind one spike alert
    delivery: str = ""  # "failed": those with a reply the network did not take
    queue: str = ""  # one of queues.QUEUES: the list behind a number on the live view
    sort: str = "activity"  # one of SORTS

    @classmethod
    def from_query(cls, params) -> InboxFilters:
        state = params.get("state", "")
        assignee = params.get("assignee", "")
        if assignee not in ("me", "none"):
            number = parse_int(assignee)
            assignee = str(number) if number is not None else ""
        queue = params.get("queue", "")
        return cls(
            channel=int_param(params, "channel"),
            state=state if state in State.values else "",
            assignee=assignee,
            topic=int_param(params, "topic"),
            unanswered=params.get("unanswered") == "1",
            overdue=params.get("overdue") == "1",
            q=text_param(params, "q", 200),
            alert=int_param(params, "alert"),
            delivery="failed" if params.get("delivery") == "failed" else "",
            queue=queue if queue in queues.QUEUES else "",
            sort=params.get("sort", "") if params.get("sort", "") in SORTS else "activity",
        )

    @property
    def folded_count(self) -> int:
        """How many of the filters behind the "Filters" fold are in use."""
        return sum(
            bool(v) for v in (self.channel, self.state, self.assignee, self.topic, self.unanswered)
        ) + bool(self.overdue)


def apply_filters(qs: QuerySet, filters: InboxFilters, membership: Membership) -> QuerySet:
    if filters.channel:
        qs = qs.filter(channel_id=filters.channel)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.assignee == "me":
        qs = qs.filter(assignee=membership.user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee:
        qs = qs.filter(assignee_id=int(filters.assignee))  # digits only (from_query)
    if filters.topic:
        qs = qs.filter(topic_id=filters.topic)
    if filters.overdue:
        qs = queues.overdue(qs)
    elif filters.unanswered:
        qs = queues.unanswered(qs)
    if filters.delivery == "failed":
        qs = with_failed_delivery(qs)
    qs = queues.apply_queue(qs, filters.queue)
    if filters.q:
        qs = search.filter_conversations(qs, filters.q)
    if filters.alert:
        qs = _in_set(qs, "alert", membership.organization, filters.alert)
    return qs


def with_failed_delivery(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """The conversations of ``qs`` with a reply whose delivery failed (and was not retried
    successfully yet): the inbox filter ``?delivery=failed`` and its count."""
    return queues.failed_delivery(qs)


@dataclass(frozen=True)
class Sort:
    """One order of the inbox: the column it reads, ascending or not, and whether only
    conversations waiting for an answer have a place in it."""

    field: str
    descending: bool
    pending_only: bool = False


SORTS = {
    # Newest activity first: index conv_inbox and one per filter (conv_state, conv_channel…).
    "activity": Sort("last_activity_at", descending=True),
    # Longest waiting first: index conv_pending_waiting (pending rows only).
    "waiting": Sort("last_inbound_at", descending=False, pending_only=True),
    # Nearest deadline first: index conv_pending_deadline (pending rows only).
    "deadline": Sort("response_due_at", descending=False, pending_only=True),
}


def encode_cursor(conv: Conversation, field: str = "last_activity_at") -> str:
    raw = f"{getattr(conv, field).isoformat()}|{conv.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        moment = dt.datetime.fromisoformat(when)
    except (ValueError, UnicodeDecodeError):
        return None
    number = parse_int(pk)
    # A forged cursor may carry any id or date: only ones the database can compare pass.
    if number is None or not moment_in_bounds(moment):
        return None
    return moment, number


def inbox_page(
    qs: QuerySet, cursor: str = "", sort: str = "activity"
) -> tuple[list[Conversation], str]:
    """One page in the chosen order; returns rows and the cursor of the next page ("")."""
    order = SORTS.get(sort, SORTS["activity"])
    qs = qs.select_related("channel", "author", "assignee", "topic").defer("search_document")
    # Evaluated for the page's rows only (after the LIMIT): the "not delivered" marker.
    qs = qs.annotate(
        delivery_failed=Exists(queues.failed_replies().filter(conversation=OuterRef("pk")))
    )
    if order.pending_only:
        qs = queues.unanswered(qs).filter(**{f"{order.field}__isnull": False})
    position = decode_cursor(cursor) if cursor else None
    if position:
        # A row-value comparison lets both databases seek straight into the index.
        moment = connection.ops.adapt_datetimefield_value(position[0])
        column = f"inbox_conversation.{order.field}"
        op = "<" if order.descending else ">"
        qs = qs.extra(
            where=[f"({column}, inbox_conversation.id) {op} (%s, %s)"],
            params=[moment, position[1]],
        )
    sign = "-" if order.descending else ""
    rows = list(qs.order_by(f"{sign}{order.field}", f"{sign}id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    next_cursor = encode_cursor(rows[PAGE_SIZE - 1], order.field) if more else ""
    return rows[:PAGE_SIZE], next_cursor


def thread(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related(
        "author", "sent_by", "classification", "classification__topic"
    ).order_by("created_at", "id")


def other_conversations(conversation: Conversation, membership: Membership) -> list[Conversation]:
    """The same citizen's other conversations, on any channel (linked through Citizen)."""
    author = conversation.author
    same_person = Q(author=author)
    if author.citizen_id:
        same_person |= Q(author__citizen_id=author.citizen_id)
    return list(
        conversations_for(membership)
        .filter(same_person)
        .exclude(pk=conversation.pk)
        .select_related("channel")
        .defer("search_document")
        .order_by("-last_activity_at")[:10]
    )


def stored_network_ids(channel_id: int, network_ids: list[str]) -> list[str]:
    """Which of these network ids the inbox holds for a channel (sorted), for connectors
    that must tell apart comments they delivered from ones they never saw."""
    if not network_ids:
        return []
    stored = Message.objects.filter(channel_id=channel_id, network_id__in=network_ids)
    return sorted(n for n in stored.values_list("network_id", flat=True) if n)


def last_citizen_messages(rows: list[Conversation]) -> dict[int, Message]:
    """Each conversation's latest citizen message with its labels, for one inbox page: one
    query (a correlated subquery per row walks the message_thread index backwards)."""
    if not rows:
        return {}
    latest = (
        Message.objects.filter(conversation=OuterRef("pk"), direction=Direction.IN)
        .order_by("-created_at", "-id")
        .values("id")[:1]
    )
    ids = Conversation.objects.filter(pk__in=[c.pk for c in rows]).values(last=Subquery(latest))
    messages = (
        Message.objects.filter(pk__in=ids)
        .select_related("classification")
        .only(
            "conversation_id",
            "text",
            "classification__message_type",
            "classification__sentiment",
            "classification__offensive_score",
        )
    )
    return {m.conversation_id: m for m in messages}
