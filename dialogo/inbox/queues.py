"""The desk's work queues, each defined once: the supervisor's live view counts these
querysets and the inbox lists the same ones (``?queue=NAME``), so a number always equals
the length of the list it opens."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dialogo.core.business_time import BOGOTA
from dialogo.core.models import Membership
from dialogo.core.roles import Cap, roles_with
from dialogo.inbox.models import Conversation, Direction, Message, SendStatus, State


def unanswered(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """A citizen waits for an answer (index conv_pending)."""
    return qs.filter(awaiting_response=True)


def overdue(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Waiting past the first-response target (index conv_pending_due)."""
    return unanswered(qs).filter(response_due_at__lt=timezone.now())


def open_work(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Not closed: still someone's work."""
    return qs.exclude(state=State.CLOSED)


def unassigned(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Open and nobody's (index conv_assignee, assignee NULL)."""
    return open_work(qs).filter(assignee__isnull=True)


def failed_replies() -> QuerySet[Message]:
    """Replies the network refused and nobody has re-sent (partial index message_failed)."""
    return Message.objects.filter(send_status=SendStatus.FAILED, direction=Direction.OUT)


def failed_delivery(qs: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Conversations holding a reply the network refused and nobody has re-sent."""
    return qs.filter(pk__in=failed_replies().values("conversation_id"))


QUEUES: dict[str, Callable[[QuerySet[Conversation]], QuerySet[Conversation]]] = {
    "unanswered": unanswered,
    "overdue": overdue,
    "unassigned": unassigned,
    "failed": failed_delivery,
    "open": open_work,
}


def apply_queue(qs: QuerySet[Conversation], name: str) -> QuerySet[Conversation]:
    """``qs`` narrowed to the named queue; an unknown name leaves it as it is."""
    narrow = QUEUES.get(name)
    return narrow(qs) if narrow else qs


def start_of_today() -> dt.datetime:
    """Midnight in Bogotá, the day the desk's "today" figures count from."""
    return timezone.now().astimezone(BOGOTA).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Workload:
    membership: Membership
    open: int = 0
    overdue: int = 0
    answered_today: int = 0
    median_first_response: float | None = None  # business seconds, today


def workloads(organization, conversations: QuerySet[Conversation]) -> list[Workload]:
    """Each member who answers citizens, with their open and overdue conversations, the
    conversations they answered today and their median first response today. Four grouped
    queries whatever the team's size."""
    members = (
        Membership.objects.filter(organization=organization, role__in=roles_with(Cap.REPLY))
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    rows = {m.user_id: Workload(m) for m in members}
    assigned = conversations.filter(assignee_id__in=list(rows))
    for user_id, n in _grouped(open_work(assigned)):
        rows[user_id].open = n
    for user_id, n in _grouped(overdue(assigned)):
        rows[user_id].overdue = n
    today = start_of_today()
    answered = (
        Message.objects.filter(
            conversation__in=conversations,
            direction=Direction.OUT,
            send_status=SendStatus.SENT,  # answered means delivered
            sent_by_id__in=list(rows),
            created_at__gte=today,
        )
        .values("sent_by_id")
        .annotate(n=Count("conversation_id", distinct=True))
    )
    for row in answered:
        rows[row["sent_by_id"]].answered_today = row["n"]
    times: dict[int, list[int]] = {}
    firsts = assigned.filter(first_response_at__gte=today, first_response_seconds__isnull=False)
    for user_id, seconds in firsts.values_list("assignee_id", "first_response_seconds"):
        times.setdefault(user_id, []).append(seconds)
    for user_id, values in times.items():
        rows[user_id].median_first_response = statistics.median(values)
    return list(rows.values())


def _grouped(qs: QuerySet[Conversation]):
    return qs.order_by().values_list("assignee_id").annotate(n=Count("id"))


def counts(conversations: QuerySet[Conversation]) -> dict[str, int]:
    """The live view's numbers: one COUNT per queue, over the same querysets the inbox lists."""
    return {name: QUEUES[name](conversations).count() for name in LIVE_QUEUES}


LIVE_QUEUES = ("unanswered", "overdue", "unassigned", "failed")


def has_failed_delivery(conversation_ids: list[int]) -> set[int]:
    """Which of these conversations hold an undelivered reply (one query for a page)."""
    return set(
        Message.objects.filter(
            Q(conversation_id__in=conversation_ids),
            send_status=SendStatus.FAILED,
            direction=Direction.OUT,
        ).values_list("conversation_id", flat=True)
    )
