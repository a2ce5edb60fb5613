"""Every write to the inbox: receiving, replying, assigning, notes, states and presence.

Functions take keyword-only arguments, run in one transaction, write the audit entry and
queue side effects (delivery, triage) with `transaction.on_commit`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.roles import Cap
from dialogo.core.services import calendar_for
from dialogo.inbox import search
from dialogo.inbox.models import (
    Assignment,
    Author,
    Citizen,
    Conversation,
    Direction,
    Message,
    MessageRevision,
    Note,
    Presence,
    SendStatus,
    State,
)
from dialogo.inbox.signals import message_received
from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.models import Channel

MAX_TEXT = 100_000  # characters kept of one message; the raw payload keeps the rest
SNIPPET = 180


class InboxError(Exception):
    """A refused action, with a message fit to show the user."""


class StaleConversation(InboxError):
    pass


def clean_text(text: str) -> str:
    """Text safe to store: valid Unicode, no NUL bytes, bounded length."""
    try:
        text.encode("utf-8")  # valid text is kept as it is, without a round trip
    except UnicodeEncodeError:  # lone surrogates
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\x00", "")[:MAX_TEXT]


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


# --- receiving ---------------------------------------------------------------------------


#: Networks where the sender's identity is only what the sender typed (an e-mail address
#: anyone can write): their messages never rename a known sender, and no identity joins a
#: citizen by e-mail on its own — staff link them (inbox.identity).
UNVERIFIED_NETWORKS = frozenset({"webform", "email"})


def get_or_create_author(*, channel: Channel, inbound: InboundMessage) -> Author:
    who = inbound.author
    account = account_facts(who)
    author, created = Author.objects.get_or_create(
        organization=channel.organization,
        network=channel.kind,
        external_id=who.external_id[:255],
        defaults={"handle": who.handle[:255], "display_name": who.display_name[:255], **account},
    )
    changed = {k: v for k, v in account.items() if getattr(author, k) != v} if not created else {}
    renamed = who.display_name and author.display_name != who.display_name[:255]
    if not created and renamed and channel.kind not in UNVERIFIED_NETWORKS:
        changed["display_name"] = who.display_name[:255]
    if changed:  # a renamed account, or newer facts about it
        for field, value in changed.items():
            setattr(author, field, value)
        author.save(update_fields=list(changed))
    if author.citizen_id is None:
        author.citizen = _citizen_for(channel.organization, who.display_name, who.email)
        author.save(update_fields=["citizen"])
    return author


def account_facts(who: InboundAuthor) -> dict[str, Any]:
    """The account facts the network gave (creation date, picture, followers), checked."""
    facts: dict[str, Any] = {}
    created = who.account_created_at
    if isinstance(created, dt.datetime) and created.tzinfo is not None:
        facts["account_created_at"] = created
    if isinstance(who.has_avatar, bool):
        facts["has_avatar"] = who.has_avatar
    if (
        isinstance(who.followers, int)
        and not isinstance(who.followers, bool)
        and who.followers >= 0
    ):
        facts["followers"] = min(who.followers, 2_147_483_647)
    return facts


def _citizen_for(organization: Organization, name: str, email: str) -> Citizen:
    """A new citizen for a new identity. An e-mail address is a claim, not a proof: sharing
    one never merges identities (anyone can type anyone's address); staff are offered the
    link instead (inbox.identity.citizen_suggestions)."""
    email = (email or "").strip().lower()[:254]
    return Citizen.objects.create(organization=organization, display_name=name[:200], email=email)


def _find_conversation(channel: Channel, inbound: InboundMessage) -> Conversation | None:
    if inbound.in_reply_to_network_id:
        parent = (
            Message.objects.filter(channel=channel, network_id=inbound.in_reply_to_network_id)
            .select_related("conversation")
            .first()
        )
        if parent:
            return parent.conversation
    if inbound.thread_root_network_id:
        return (
            Conversation.objects.filter(channel=channel, thread_key=inbound.thread_root_network_id)
            .order_by("-last_activity_at")
            .first()
        )
    return None


def receive_message(*, channel: Channel, inbound: InboundMessage) -> tuple[Message, bool]:
    """Store a citizen's message in its conversation; a repeat of a known one is a no-op."""
    existing = Message.objects.filter(channel=channel, network_id=inbound.network_id).first()
    if existing:
        apply_upstream_change(message=existing, inbound=inbound)
        return existing, False
    if inbound.deleted:
        raise InboxError("deletion of a message that was never stored")
    try:
        with transaction.atomic():
            message = _store_inbound(channel, inbound)
    except IntegrityError:
        # Another worker stored it between our check and our insert.
        return Message.objects.get(channel=channel, network_id=inbound.network_id), False
    transaction.on_commit(lambda: message_received.send(sender=Message, message_id=message.pk))
    return message, True


def apply_upstream_change(*, message: Message, inbound: InboundMessage) -> bool:
    """Mark an upstream deletion or record an edit (the earlier text kept as a revision)."""
    if inbound.deleted:
        if message.deleted_upstream_at is None:
            message.deleted_upstream_at = inbound.edited_at or timezone.now()
            message.save(update_fields=["deleted_upstream_at"])
            return True
        return False
    text = clean_text(inbound.text)
    newer = inbound.edited_at and (
        message.edited_at is None or inbound.edited_at > message.edited_at
    )
    if not newer or text == message.text:
        return False
    with transaction.atomic():
        MessageRevision.objects.create(
            message=message, text=message.text, replaced_at=inbound.edited_at
        )
        message.text = text
        message.edited_at = inbound.edited_at
        message.save(update_fields=["text", "edited_at"])
        Conversation.objects.filter(pk=message.conversation_id).update(
            search_document=Concat(F("search_document"), Value(" " + search.document(text)))
        )
    return True


def _store_inbound(channel: Channel, inbound: InboundMessage) -> Message:
    author = get_or_create_author(channel=channel, inbound=inbound)
    text = clean_text(inbound.text)
    conversation = _find_conversation(channel, inbound)
    if conversation is None:
        conversation = Conversation.objects.create(
            organization=channel.organization,
            channel=channel,
            author=author,
            subject=clean_text(inbound.subject)[:255],
            thread_key=(inbound.thread_root_network_id or inbound.network_id)[:255],
            created_at=inbound.created_at,
            last_activity_at=inbound.created_at,
            search_document=search.document(f"{author.display_name} {author.handle}"),
        )
    parent = None
    if inbound.in_reply_to_network_id:
        parent = Message.objects.filter(
            channel=channel, network_id=inbound.in_reply_to_network_id
        ).first()
    message = Message.objects.create(
        organization=channel.organization,
        conversation=conversation,
        channel=channel,
        direction=Direction.OUT if inbound.from_institution else Direction.IN,
        author=author,
        network_id=inbound.network_id[:255],
        in_reply_to=parent,
        in_reply_to_network_id=inbound.in_reply_to_network_id[:255],
        text=text,
        is_private=inbound.is_private,
        created_at=inbound.created_at,
        raw=inbound.raw,
        send_status=SendStatus.SENT if inbound.from_institution else SendStatus.NONE,
    )
    if inbound.from_institution:
        message.conversation = _apply_institution_post(conversation, message)
    else:
        message.conversation = _apply_inbound(conversation, message)
    return message


def _apply_institution_post(conversation: Conversation, message: Message) -> Conversation:
    """The institution's own post or reply, seen on the network or in an archive: it answers
    whatever was pending, but is not a reply written in Diálogo (no audit, no delivery)."""
    conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if message.created_at >= conv.last_activity_at:
        conv.last_activity_at = message.created_at
        conv.snippet = _snippet(message.text)
    if conv.message_count == 0:
        conv.state = State.ANSWERED
    if (
        conv.awaiting_response
        and conv.last_inbound_at
        and message.created_at >= conv.last_inbound_at
    ):
        conv.awaiting_response = False
        conv.response_due_at = None
        conv.state = State.ANSWERED
        if conv.first_response_at is None:
            conv.first_response_at = message.created_at
            conv.first_response_seconds = calendar_for(conv.organization).working_seconds_between(
                conv.created_at, message.created_at
            )
    if conv.message_count == 0:
        conv.awaiting_response = False
    conv.message_count = F("message_count") + 1
    conv.version = F("version") + 1
    conv.save()
    conv.refresh_from_db()
    return conv


def _apply_inbound(conversation: Conversation, message: Message) -> Conversation:
    """Update the conversation's timers, state and search text for a new citizen message."""
    conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
    fields = ["last_inbound_at", "message_count", "version", "snippet", "search_document"]
    conv.last_inbound_at = max(filter(None, [conv.last_inbound_at, message.created_at]))
    if message.created_at >= conv.last_activity_at:
        conv.last_activity_at = message.created_at
        conv.snippet = _snippet(message.text)
    fields.append("last_activity_at")
    conv.message_count = F("message_count") + 1
    conv.version = F("version") + 1
    conv.search_document = (conv.search_document + " " + search.document(message.text)).strip()
    if not conv.awaiting_response or conv.response_due_at is None:
        conv.awaiting_response = True
        conv.response_due_at = calendar_for(conv.organization).add_hours(
            message.created_at, conv.organization.first_response_target_hours
        )
        fields += ["awaiting_response", "response_due_at"]
    if conv.resolution_due_at is None:
        conv.resolution_due_at = calendar_for(conv.organization).add_hours(
            conv.created_at, conv.organization.resolution_target_hours
        )
        fields.append("resolution_due_at")
    if conv.state in {State.ANSWERED, State.WAITING, State.CLOSED}:
        audit.record(
            action=audit.Action.STATE,
            organization=conv.organization,
            target=conv,
            details={"from": conv.state, "to": State.OPEN, "reason": "citizen wrote again"},
        )
        conv.state = State.OPEN
        conv.resolved_at = None
        fields += ["state", "resolved_at"]
    conv.save(update_fields=fields)
    conv.refresh_from_db()
    return conv


# --- replying ----------------------------------------------------------------------------


def _require(membership: Membership, cap: str) -> None:
    if not membership.can(cap):
        raise InboxError(_("Your role does not allow this action."))


def send_reply(
    *,
    conversation: Conversation,
    membership: Membership,
    text: str,
    expected_version: int,
    wait_for_citizen: bool = False,
    idempotency_key: str = "",
    ip_address: str | None = None,
) -> Message:
    """Record an agent's reply and queue its delivery; refuse it if the thread moved on."""
    _require(membership, Cap.REPLY)
    text = clean_text(text).strip()
    if not text:
        raise InboxError(_("The reply is empty."))
    key = (idempotency_key or uuid.uuid4().hex)[:64]
    already = Message.objects.filter(idempotency_key=key, conversation=conversation).first()
    if already:
        return already  # the same form submitted twice
    with transaction.atomic():
        conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conv.version != expected_version:
            raise StaleConversation(_stale_reason(conv, expected_version))
        message = _store_outbound(conv, membership, text, key)
        _apply_outbound(conv, membership, wait_for_citizen)
        audit.record(
            action=audit.Action.REPLY,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"message": message.pk, "length": len(text)},
            ip_address=ip_address,
        )
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


def _stale_reason(conv: Conversation, expected_version: int) -> str:
    latest = conv.messages.order_by("-created_at", "-id").select_related("sent_by").first()
    if latest and latest.direction == Direction.OUT and latest.sent_by:
        who = latest.sent_by.get_full_name() or latest.sent_by.get_username()
        return _(
            "%(who)s answered this conversation while you were writing. "
            "Read the new reply before sending yours; your text is kept below."
        ) % {"who": who}
    return _(
        "This conversation changed while you were writing (a new message or a change of state). "
        "Read it again before sending; your text is kept below."
    )


def _store_outbound(conv: Conversation, membership: Membership, text: str, key: str) -> Message:
    answered = conv.messages.filter(direction=Direction.IN).order_by("-created_at", "-id").first()
    return Message.objects.create(
        organization=conv.organization,
        conversation=conv,
        channel=conv.channel,
        direction=Direction.OUT,
        sent_by=membership.user,
        in_reply_to=answered,
        in_reply_to_network_id=(answered.network_id or "") if answered else "",
        text=text,
        is_private=answered.is_private if answered else False,
        created_at=timezone.now(),
        send_status=SendStatus.PENDING,
        idempotency_key=key,
    )


def _apply_outbound(conv: Conversation, membership: Membership, wait_for_citizen: bool) -> None:
    now = timezone.now()
    calendar = calendar_for(conv.organization)
    if conv.first_response_at is None:
        conv.first_response_at = now
        conv.first_response_seconds = calendar.working_seconds_between(conv.created_at, now)
    conv.awaiting_response = False
    conv.response_due_at = None
    conv.state = State.WAITING if wait_for_citizen else State.ANSWERED
    conv.last_activity_at = now
    conv.message_count = F("message_count") + 1
    conv.version = F("version") + 1
    if conv.assignee_id is None:
        conv.assignee = membership.user
        Assignment.objects.create(
            conversation=conv, assignee=membership.user, assigned_by=membership.user
        )
    conv.save(
        update_fields=[
            "first_response_at",
            "first_response_seconds",
            "awaiting_response",
            "response_due_at",
            "state",
            "last_activity_at",
            "message_count",
            "version",
            "assignee",
        ]
    )


def _enqueue_delivery(message_id: int) -> None:
    from dialogo.inbox.tasks import deliver_message

    deliver_message.enqueue(message_id)


def deliver(*, message_id: int) -> Message | None:
    """Send one pending reply through its channel's adapter, exactly once.

    The row is claimed with a conditional UPDATE (pending → sending); a second worker or a
    double click finds nothing to claim. A failure is stored on the message for the retry.
    """
    claimed = Message.objects.filter(pk=message_id, send_status=SendStatus.PENDING).update(
        send_status=SendStatus.SENDING
    )
    if not claimed:
        return None
    message = Message.objects.select_related("conversation", "channel", "in_reply_to").get(
        pk=message_id
    )
    from dialogo.networks.base import AdapterError, OutboundReply

    try:
        result = message.channel.adapter.send(
            OutboundReply(
                text=message.text,
                in_reply_to=message.in_reply_to,
                conversation=message.conversation,
                idempotency_key=message.idempotency_key or "",
            )
        )
    except (AdapterError, LookupError, NotImplementedError, OSError) as exc:
        _mark_failed(message, str(exc) or exc.__class__.__name__)
        return message
    message.network_id = result.network_id[:255] if result.network_id else None
    message.raw = result.raw
    message.send_status = SendStatus.SENT
    message.send_error = ""
    message.save(update_fields=["network_id", "raw", "send_status", "send_error"])
    return message


def _mark_failed(message: Message, reason: str) -> None:
    message.send_status = SendStatus.FAILED
    message.send_error = reason[:2000]
    message.save(update_fields=["send_status", "send_error"])
    audit.record(
        action=audit.Action.REPLY_FAILED,
        organization=message.organization,
        target=message.conversation,
        details={"message": message.pk, "error": reason[:500]},
    )


def retry_delivery(*, message: Message, membership: Membership) -> bool:
    """Put a failed reply back in the queue; only a failed one, so it is never sent twice."""
    _require(membership, Cap.REPLY)
    requeued = Message.objects.filter(pk=message.pk, send_status=SendStatus.FAILED).update(
        send_status=SendStatus.PENDING, send_error=""
    )
    if requeued:
        transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return bool(requeued)


# --- assignment, state, topic, notes -------------------------------------------------------


def assign_conversation(
    *,
    conversation: Conversation,
    membership: Membership,
    assignee: Any,
    ip_address: str | None = None,
) -> Conversation:
    """Give the conversation to a member of the same organization (or to nobody)."""
    _require(membership, Cap.ASSIGN)
    if assignee is not None:
        target = Membership.objects.filter(
            organization=conversation.organization, user=assignee
        ).first()
        if target is None:
            raise InboxError(_("That person is not a member of this organization."))
        if not target.can(Cap.REPLY):
            raise InboxError(
                _("%(name)s cannot answer citizens (read-only role): choose someone who can.")
                % {"name": assignee.get_full_name() or assignee.username}
            )
    with transaction.atomic():
        conv = Conversation.objects.select_for_update().get(pk=conversation.pk)
        previous = conv.assignee_id
        conv.assignee = assignee
        if conv.state == State.NEW:
            conv.state = State.OPEN
        conv.version = F("version") + 1
        conv.save(update_fields=["assignee", "state", "version"])
        Assignment.objects.create(conversation=conv, assignee=assignee, assigned_by=membership.user)
        audit.record(
            action=audit.Action.ASSIGN,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"from": previous, "to": assignee.pk if assignee else None},
            ip_address=ip_address,
        )
    conv.refresh_from_db()
    return conv


def change_state(
    *, conversation: Conversation, membership: Membership, state: str, ip_address: str | None = None
) -> Conversation:
    """Move a conversation to another state; closing stops the resolution clock."""
    _require(membership, Cap.CHANGE_STATE)
    if state not in State.values:
        raise InboxError(_("Unknown state."))
    with transaction.atomic():
        conv = (
            Conversation.objects.select_for_update()
            .select_related("organization")
            .get(pk=conversation.pk)
        )
        previous = conv.state
        if previous == state:
            return conv
        fields = ["state", "version", "resolved_at", "resolution_seconds"]
        conv.state = state
        conv.version = F("version") + 1
        if state == State.CLOSED:
            now = timezone.now()
            conv.resolved_at = now
            conv.resolution_seconds = calendar_for(conv.organization).working_seconds_between(
                conv.created_at, now
            )
            # Closing without a reply (spam, a thank-you) ends the wait for an answer.
            conv.awaiting_response = False
            conv.response_due_at = None
            fields += ["awaiting_response", "response_due_at"]
        else:
            conv.resolved_at = None
        conv.save(update_fields=fields)
        audit.record(
            action=audit.Action.STATE,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"from": previous, "to": state},
            ip_address=ip_address,
        )
    conv.refresh_from_db()
    return conv


def set_topic(
    *,
    conversation: Conversation,
    membership: Membership,
    topic: Topic | None,
    ip_address: str | None = None,
) -> Conversation:
    _require(membership, Cap.CHANGE_STATE)
    if topic is not None and topic.organization_id != conversation.organization_id:
        raise InboxError(_("Unknown topic."))
    with transaction.atomic():
        previous = conversation.topic_id
        Conversation.objects.filter(pk=conversation.pk).update(
            topic=topic, version=F("version") + 1
        )
        audit.record(
            action=audit.Action.TOPIC,
            organization=conversation.organization,
            actor=membership.user,
            target=conversation,
            details={"from": previous, "to": topic.pk if topic else None},
            ip_address=ip_address,
        )
    conversation.refresh_from_db()
    return conversation


def add_note(
    *, conversation: Conversation, membership: Membership, text: str, ip_address: str | None = None
) -> Note:
    """An internal note; does not change the conversation's version (no reply conflict)."""
    _require(membership, Cap.NOTE)
    text = clean_text(text).strip()
    if not text:
        raise InboxError(_("The note is empty."))
    with transaction.atomic():
        note = Note.objects.create(conversation=conversation, author=membership.user, text=text)
        audit.record(
            action=audit.Action.NOTE,
            organization=conversation.organization,
            actor=membership.user,
            target=conversation,
            details={"note": note.pk},
            ip_address=ip_address,
        )
    return note


def record_view(
    *, conversation: Conversation, membership: Membership, ip_address: str | None
) -> None:
    """Seeing a citizen's data is itself recorded (Ley 1581 de 2012)."""
    audit.record(
        action=audit.Action.VIEW_CONVERSATION,
        organization=conversation.organization,
        actor=membership.user,
        target=conversation,
        ip_address=ip_address,
    )


# --- presence ------------------------------------------------------------------------------


def touch_presence(*, conversation: Conversation, user: Any, composing: bool = False) -> None:
    Presence.objects.update_or_create(
        conversation=conversation,
        user=user,
        defaults={"composing": composing, "seen_at": timezone.now()},
    )


def other_viewers(*, conversation: Conversation, user: Any) -> list[Presence]:
    since = timezone.now() - dt.timedelta(seconds=settings.PRESENCE_TTL)
    return list(
        Presence.objects.filter(conversation=conversation, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__first_name")
    )
