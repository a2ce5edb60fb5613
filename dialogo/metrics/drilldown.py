"""The list behind each figure: the same rules as `facts`, asked of the inbox's own tables.

For message figures the list is read live from messages (so the roll-ups are checked
against the source on every drill-down test); for conversation timers, from the fact rows.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization
from dialogo.inbox.models import Conversation, Direction, Message, SendStatus
from dialogo.metrics import queries as q
from dialogo.metrics.facts import BUCKET_EDGES_HOURS, BUCKETS
from dialogo.metrics.periods import Filters, Selection

MESSAGE_KEYS = {"inbound", "needs_answer", "answered", "complaints", "replies", "broadcasts"}
CONVERSATION_KEYS = {
    "conversations",
    "first_responses",
    "fr_in_target",
    "resolutions",
    "backlog",
    "overdue",
} | {f"{p}{i}" for p in ("fr_b", "fr_c", "res_b", "res_c") for i in range(BUCKETS)}
KEYS = MESSAGE_KEYS | CONVERSATION_KEYS | {"moderation"}


def _conversation_dims(qs: QuerySet, f: Filters, prefix: str = "conversation__") -> QuerySet:
    if f.channel is not None:
        qs = qs.filter(**{f"{prefix}channel_id": f.channel})
    if f.topic is not None:
        qs = qs.filter(**{f"{prefix}topic_id": f.topic or None})
    if f.member is not None:
        qs = qs.filter(**{f"{prefix}assignee_id": f.member or None})
    return qs


def _label(qs: QuerySet, field: str, value: str | None, lookup: str) -> QuerySet:
    if value is None:
        return qs
    if value == "":
        return qs.filter(**{f"{lookup}__isnull": True})
    return qs.filter(**{f"{lookup}__{field}": value})


def _messages(org: Organization, sel: Selection, direction: str) -> QuerySet:
    p, f = sel.period, sel.filters
    qs = Message.objects.filter(
        organization=org,
        direction=direction,
        created_at__gte=p.start_utc,
        created_at__lt=p.end_utc,
    )
    qs = _conversation_dims(qs, f)
    if direction == Direction.IN:
        qs = _label(qs, "message_type", f.type, "classification")
        return _label(qs, "sentiment", f.sentiment, "classification")
    qs = qs.exclude(send_status=SendStatus.FAILED)
    if f.type is not None:
        qs = qs.filter(conversation__metrics_fact__message_type=f.type)
    if f.sentiment is not None:
        qs = qs.filter(conversation__metrics_fact__sentiment=f.sentiment)
    return qs


def _needs(qs: QuerySet) -> QuerySet:
    return qs.filter(Q(classification__needs_answer=True) | Q(classification__isnull=True))


def message_rows(org: Organization, sel: Selection, key: str) -> QuerySet:
    later_reply = Message.objects.filter(
        conversation_id=OuterRef("conversation_id"),
        direction=Direction.OUT,
        created_at__gte=OuterRef("created_at"),
    ).exclude(send_status=SendStatus.FAILED)
    earlier_citizen = Message.objects.filter(
        conversation_id=OuterRef("conversation_id"),
        direction=Direction.IN,
        created_at__lte=OuterRef("created_at"),
    )
    if key in ("replies", "broadcasts"):
        qs = _messages(org, sel, Direction.OUT)
        has = Exists(earlier_citizen)
        return qs.filter(has) if key == "replies" else qs.filter(~has)
    qs = _messages(org, sel, Direction.IN)
    if key == "complaints":
        return qs.filter(classification__message_type__in=q.COMPLAINT_TYPES)
    if key == "needs_answer":
        return _needs(qs)
    if key == "answered":
        return _needs(qs).filter(Exists(later_reply))
    return qs


def _bucket_range(field: str, index: int) -> Q:
    edges = [0, *(h * 3600 for h in BUCKET_EDGES_HOURS)]
    cond = Q(**{f"{field}__gte": edges[index]})
    if index + 1 < len(edges):
        cond &= Q(**{f"{field}__lt": edges[index + 1]})
    return cond


def conversation_rows(org: Organization, sel: Selection, key: str) -> QuerySet:
    p, f = sel.period, sel.filters
    if key in ("backlog", "overdue"):
        qs = q.pending_conversations(org, f)
        if key == "overdue":
            from django.utils import timezone

            qs = qs.filter(response_due_at__lt=timezone.now())
        return qs
    facts = q.fact_rows(org, f)
    if key == "conversations":
        facts = facts.filter(started_day__gte=p.start, started_day__lte=p.end)
    elif key.startswith(("fr_", "first_responses")):
        facts = facts.filter(first_response_day__gte=p.start, first_response_day__lte=p.end)
        if key == "fr_in_target":
            facts = facts.filter(fr_business__lte=org.first_response_target_hours * 3600)
        elif key[:4] in ("fr_b", "fr_c"):
            field = "fr_business" if key[3] == "b" else "fr_calendar"
            facts = facts.filter(_bucket_range(field, int(key[4:])))
    else:
        facts = facts.filter(resolved_day__gte=p.start, resolved_day__lte=p.end)
        if key[:5] in ("res_b", "res_c"):
            field = "res_business" if key[4] == "b" else "res_calendar"
            facts = facts.filter(_bucket_range(field, int(key[5:])))
    return Conversation.objects.filter(organization=org, pk__in=facts.values("conversation_id"))


def rows(org: Organization, sel: Selection, key: str) -> tuple[str, QuerySet]:
    """("messages" | "conversations" | "moderation", the rows behind the figure `key`)."""
    if key in MESSAGE_KEYS:
        return "messages", message_rows(org, sel, key)
    if key in CONVERSATION_KEYS:
        return "conversations", conversation_rows(org, sel, key)
    if key == "moderation":
        return "moderation", q.moderation_acts(org, sel.period, sel.filters)
    raise KeyError(key)


_LABELS = {
    "inbound": _("Messages received"),
    "needs_answer": _("Messages that needed an answer"),
    "answered": _("Messages that needed an answer and got one"),
    "complaints": _("Complaints and claims"),
    "replies": _("Replies to citizens"),
    "broadcasts": _("Own posts (broadcasts)"),
    "conversations": _("Conversations started"),
    "first_responses": _("Conversations with their first response in the period"),
    "fr_in_target": _("First responses within the target"),
    "resolutions": _("Conversations closed"),
    "backlog": _("Waiting for an answer now"),
    "overdue": _("Overdue now"),
    "moderation": _("Moderation acts"),
}


def label(key: str) -> str:
    if key in _LABELS:
        return str(_LABELS[key])
    kind = {
        "fr_b": _("First response"),
        "fr_c": _("First response"),
        "res_b": _("Resolution"),
        "res_c": _("Resolution"),
    }
    prefix = key.rstrip("0123456789")
    clock = _("business hours") if prefix.endswith("b") else _("calendar hours")
    return f"{kind[prefix]} {q.BUCKET_LABELS[int(key[len(prefix) :])]} ({clock})"
