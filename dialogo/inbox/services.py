"""Every write to the inbox: receiving, replying, assigning, notes, states and presence.

Functions take keyword-only arguments, run in one transaction, write the audit entry and
queue side effects (delivery, triage) with `transaction.on_commit`.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.roles import Cap
from dialogo.core.services import calendar_for
from dialogo.inbox import lifecycle, search
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
from dialogo.networks.base import InboundAuthor, InboundMessage, single_line
from dialogo.networks.models import Channel

logger = logging.getLogger(__name__)

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
            subject=single_line(clean_text(inbound.subject))[:255],
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
        links=inbound.links,
        send_status=SendStatus.SENT if inbound.from_institution else SendStatus.NONE,
    )
    if inbound.from_institution:
        message.conversation = _apply_institution_post(conversation, message)
    else:
        message.conversation = _apply_inbound(conversation, message)
    return message


def _locked(pk: int) -> Conversation:
    return Conversation.objects.select_for_update().select_related("organization").get(pk=pk)


def _settle(conv: Conversation, timeline: lifecycle.Timeline, also: list[str]) -> None:
    """Settle the timeline with the organization's calendar and save what changed."""
    org = conv.organization
    lifecycle.settle(
        timeline,
        calendar_for(org),
        first_response_hours=org.first_response_target_hours,
        resolution_hours=org.resolution_target_hours,
    )
    conv.save(update_fields=[*timeline.write_to(conv), *also])


def _apply_institution_post(conversation: Conversation, message: Message) -> Conversation:
    """The institution's own post or reply, seen on the network or in an archive: it answers
    whatever was pending, but is not a reply written in Diálogo (no audit, no delivery)."""
    conv = _locked(conversation.pk)
    timeline = lifecycle.Timeline.of(conv)
    also = []
    if lifecycle.institution_posted(timeline, message.created_at):
        conv.snippet = _snippet(message.text)
        also.append("snippet")
    _settle(conv, timeline, also)
    return conv


def _apply_inbound(conversation: Conversation, message: Message) -> Conversation:
    """Update the conversation's timers, state and search text for a new citizen message."""
    conv = _locked(conversation.pk)
    timeline = lifecycle.Timeline.of(conv)
    also = ["search_document"]
    if lifecycle.citizen_wrote(timeline, message.created_at):
        conv.snippet = _snippet(message.text)
        also.append("snippet")
    conv.search_document = (conv.search_document + " " + search.document(message.text)).strip()
    if timeline.reopened:
        audit.record(
            action=audit.Action.STATE,
            organization=conv.organization,
            target=conv,
            details={
                "from": timeline.initial_state,
                "to": State.OPEN,
                "reason": "citizen wrote again",
            },
        )
    _settle(conv, timeline, also)
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
) -> Message:
    """Record an agent's reply and queue its delivery; refuse it if the thread moved on.

    The conversation is not answered yet: it is once the network confirms the delivery
    (`deliver`), and the first-response time is that of the delivery."""
    _require(membership, Cap.REPLY)
    text = clean_text(text).strip()
    if not text:
        raise InboxError(_("The reply is empty."))
    key = (idempotency_key or uuid.uuid4().hex)[:64]
    already = Message.objects.filter(idempotency_key=key, conversation=conversation).first()
    if already:
        return already  # the same form submitted twice
    with transaction.atomic():
        conv = _locked(conversation.pk)
        if conv.version != expected_version:
            raise StaleConversation(_stale_reason(conv, expected_version))
        message = _store_outbound(conv, membership, text, key, wait_for_citizen)
        timeline = lifecycle.Timeline.of(conv)
        lifecycle.reply_written(timeline, message.created_at)
        also = []
        if conv.assignee_id is None:
            conv.assignee = membership.user
            Assignment.objects.create(
                conversation=conv, assignee=membership.user, assigned_by=membership.user
            )
            also.append("assignee")
        _settle(conv, timeline, also)
        audit.record(
            action=audit.Action.REPLY,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"message": message.pk, "length": len(text)},
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


def _store_outbound(
    conv: Conversation, membership: Membership, text: str, key: str, wait_for_citizen: bool
) -> Message:
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
        waits_for_citizen=wait_for_citizen,
        idempotency_key=key,
    )


def mark_answered(
    *,
    conversation: Conversation,
    membership: Membership,
    reason: str,
) -> Conversation:
    """Record that the citizen was answered another way (by phone, in person, by letter):
    the wait ends and the first response is now. Who and why go to the audit log."""
    _require(membership, Cap.REPLY)
    reason = clean_text(reason).strip()[:500]
    if not reason:
        raise InboxError(_("Say how the citizen was answered."))
    with transaction.atomic():
        conv = _locked(conversation.pk)
        previous = conv.state
        timeline = lifecycle.Timeline.of(conv)
        lifecycle.answered(timeline, timezone.now())
        timeline.version += 1
        _settle(conv, timeline, [])
        audit.record(
            action=audit.Action.MARK_ANSWERED,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"from": previous, "to": conv.state, "reason": reason},
        )
    return conv


def _enqueue_delivery(message_id: int) -> None:
    from dialogo.inbox.tasks import deliver_message

    deliver_message.enqueue(message_id)


def claim_send(*, message_id: int, now: dt.datetime | None = None) -> bool:
    """Claim a pending reply for this worker (pending → sending), with a conditional UPDATE:
    a second worker or a double click finds nothing to claim. The claim's time starts its
    lease (`release_stale_sends`)."""
    return bool(
        Message.objects.filter(pk=message_id, send_status=SendStatus.PENDING).update(
            send_status=SendStatus.SENDING,
            send_claimed_at=now or timezone.now(),
            send_attempts=F("send_attempts") + 1,
        )
    )


def deliver(*, message_id: int) -> Message | None:
    """Send one pending reply through its channel's adapter, exactly once.

    Any failure of the adapter is stored on the message (failed, with its reason, offered
    for a retry): a reply never stays in flight. Delivered, it answers the conversation."""
    if not claim_send(message_id=message_id):
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
    except AdapterError as exc:
        _mark_failed(message, str(exc) or exc.__class__.__name__)
        return message
    except Exception as exc:  # noqa: BLE001 - whatever broke, the reply must not stay in flight
        logger.exception("delivery of message %s failed", message_id)
        _mark_failed(message, f"{exc.__class__.__name__}: {exc}")
        return message
    try:
        _mark_delivered(message, result.network_id, result.raw)
    except IntegrityError:
        # The network's id is already stored (a poll saw the reply first): it was delivered
        # all the same, and must not stay "sending" (the sweep would send it again).
        _mark_delivered(message, "", result.raw)
    return message


def _mark_delivered(message: Message, network_id: str, raw: dict[str, Any]) -> None:
    with transaction.atomic():
        message.network_id = network_id[:255] if network_id else None
        message.raw = raw
        message.send_status = SendStatus.SENT
        message.send_error = ""
        message.save(update_fields=["network_id", "raw", "send_status", "send_error"])
        conv = _locked(message.conversation_id)
        timeline = lifecycle.Timeline.of(conv)
        lifecycle.answered(
            timeline,
            timezone.now(),
            written_at=message.created_at,
            wait_for_citizen=message.waits_for_citizen,
        )
        _settle(conv, timeline, [])


def _mark_failed(message: Message, reason: str) -> None:
    message.send_status = SendStatus.FAILED
    message.send_error = reason[:2000]
    message.save(update_fields=["send_status", "send_error"])
    _audit_failed(message, reason)


def _audit_failed(message: Message, reason: str) -> None:
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
        send_status=SendStatus.PENDING, send_error="", send_attempts=0
    )
    if requeued:
        transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return bool(requeued)


def release_stale_sends(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Sweep replies whose worker died after claiming them (still "sending" past the lease,
    `SEND_LEASE_SECONDS`): back to the queue, or failed (retry offered to a person) once
    `SEND_MAX_ATTEMPTS` claims were spent. Returns (requeued, failed). Run periodically."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.SEND_LEASE_SECONDS)
    stale = Message.objects.filter(send_status=SendStatus.SENDING).filter(
        Q(send_claimed_at__lt=cutoff) | Q(send_claimed_at__isnull=True)
    )
    requeued = failed = 0
    for message in stale.select_related("conversation", "organization"):
        # Conditional on the claim we saw: a worker that finishes meanwhile wins.
        same_claim = Message.objects.filter(
            pk=message.pk, send_status=SendStatus.SENDING, send_claimed_at=message.send_claimed_at
        )
        if message.send_attempts >= settings.SEND_MAX_ATTEMPTS:
            reason = _interrupted(message.send_attempts)
            if same_claim.update(send_status=SendStatus.FAILED, send_error=reason):
                _audit_failed(message, reason)
                failed += 1
        elif same_claim.update(send_status=SendStatus.PENDING):
            transaction.on_commit(lambda pk=message.pk: _enqueue_delivery(pk))
            requeued += 1
    return requeued, failed


def _interrupted(attempts: int) -> str:
    return _(
        "Sending was interrupted %(count)s times (the worker stopped before the network "
        "answered). Check the channel, then retry."
    ) % {"count": attempts}


# --- assignment, state, topic, notes -------------------------------------------------------


def assign_conversation(
    *,
    conversation: Conversation,
    membership: Membership,
    assignee: Any,
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
        )
    conv.refresh_from_db()
    return conv


class NeedsConfirmation(InboxError):
    """The action is allowed, but the person must confirm it first (say so, then ask)."""


def change_state(
    *,
    conversation: Conversation,
    membership: Membership,
    state: str,
    confirm: bool = False,
) -> Conversation:
    """Move a conversation to another state; closing stops the resolution clock.

    Answered (or waiting on the citizen) is what a delivered reply, or `mark_answered`, makes
    of a conversation awaiting an answer, never a choice of state. Closing a conversation
    with a reply that was not delivered needs ``confirm``."""
    _require(membership, Cap.CHANGE_STATE)
    if state not in State.values:
        raise InboxError(_("Unknown state."))
    with transaction.atomic():
        conv = _locked(conversation.pk)
        previous = conv.state
        if previous == state:
            return conv
        if state in (State.ANSWERED, State.WAITING) and conv.awaiting_response:
            raise InboxError(
                _(
                    "This conversation counts as answered once a reply is delivered. If the "
                    "citizen was answered another way, mark it answered and say how."
                )
            )
        if state == State.CLOSED and not confirm:
            _refuse_undelivered(conv)
        timeline = lifecycle.Timeline.of(conv)
        lifecycle.moved_to(timeline, state, timezone.now())
        _settle(conv, timeline, [])
        audit.record(
            action=audit.Action.STATE,
            organization=conv.organization,
            actor=membership.user,
            target=conv,
            details={"from": previous, "to": state},
        )
    return conv


def _refuse_undelivered(conv: Conversation) -> None:
    undelivered = conv.messages.filter(
        direction=Direction.OUT,
        send_status__in=[SendStatus.PENDING, SendStatus.SENDING, SendStatus.FAILED],
    )
    if undelivered.filter(send_status=SendStatus.FAILED).exists():
        raise NeedsConfirmation(
            _("A reply in this conversation could not be delivered: the citizen has not got it.")
        )
    if undelivered.exists():
        raise NeedsConfirmation(
            _("A reply in this conversation is still being sent: it has not been delivered yet.")
        )


def set_topic(
    *,
    conversation: Conversation,
    membership: Membership,
    topic: Topic | None,
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
        )
    conversation.refresh_from_db()
    return conversation


def add_note(*, conversation: Conversation, membership: Membership, text: str) -> Note:
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
        )
    return note


def record_view(*, conversation: Conversation, membership: Membership) -> None:
    """Seeing a citizen's data is itself recorded (Ley 1581 de 2012)."""
    audit.record(
        action=audit.Action.VIEW_CONVERSATION,
        organization=conversation.organization,
        actor=membership.user,
        target=conversation,
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
