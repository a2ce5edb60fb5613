"""Citizens, their messages and the conversations the institution holds with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogo.core.models import Organization, Topic
from dialogo.networks.models import Channel


class Citizen(models.Model):
    """One person, possibly known through several network identities (Authors)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="citizens",
        verbose_name=_("organization"),
        # Not indexed alone: a composite index below starts with this column and serves
        # its lookups and cascades; every index costs on each row an import writes.
        db_index=False,
    )
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        indexes = [
            # The web form and e-mail link a sender to a known citizen by address.
            models.Index(fields=["organization", "email"], name="citizen_org_email"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or f"#{self.pk}"


class Author(models.Model):
    """A citizen identity on one network (a Bluesky DID, an X user id, an e-mail address)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="authors",
        verbose_name=_("organization"),
        # Not indexed alone: a composite index below starts with this column and serves
        # its lookups and cascades; every index costs on each row an import writes.
        db_index=False,
    )
    network = models.CharField(_("network"), max_length=30)
    external_id = models.CharField(_("network id"), max_length=255)
    handle = models.CharField(_("handle"), max_length=255, blank=True)
    display_name = models.CharField(_("name"), max_length=255, blank=True)
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors",
        verbose_name=_("citizen"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What the network said of the account when it last wrote (empty when it says nothing).
    account_created_at = models.DateTimeField(_("account created"), null=True, blank=True)
    has_avatar = models.BooleanField(_("has a profile picture"), null=True, blank=True)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "network", "external_id"], name="author_unique_identity"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.handle or self.external_id


class State(models.TextChoices):
    NEW = "new", pgettext_lazy("conversation state", "New")
    OPEN = "open", pgettext_lazy("conversation state", "Open")
    WAITING = "waiting", _("Waiting on citizen")
    ANSWERED = "answered", pgettext_lazy("conversation state", "Answered")
    CLOSED = "closed", pgettext_lazy("conversation state", "Closed")


class Conversation(models.Model):
    """A thread with one citizen on one channel; the unit the inbox lists and agents work."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("organization"),
        # Not indexed alone: a composite index below starts with this column and serves
        # its lookups and cascades; every index costs on each row an import writes.
        db_index=False,
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("channel"),
        db_index=False,  # conv_thread starts with it
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("author"),
        db_index=False,  # conv_author starts with it
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # The network id of the thread's root post, so later replies join this conversation.
    thread_key = models.CharField(_("thread"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    snippet = models.CharField(_("last message"), max_length=200, blank=True)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    # Incremented on every new message or state change; a reply written against an older
    # version is refused, so two agents never answer the same thing unknowingly.
    version = models.PositiveIntegerField(_("version"), default=0)
    awaiting_response = models.BooleanField(_("unanswered"), default=True)
    created_at = models.DateTimeField(_("started"))
    last_activity_at = models.DateTimeField(_("last activity"))
    last_inbound_at = models.DateTimeField(_("last citizen message"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    first_response_seconds = models.PositiveIntegerField(
        _("first response time (business seconds)"), null=True, blank=True
    )
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution_seconds = models.PositiveIntegerField(
        _("resolution time (business seconds)"), null=True, blank=True
    )
    # Normalised, stemmed words of every message and of the author, for full-text search.
    search_document = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # Inbox default list and its keyset paging: newest activity first.
            models.Index(fields=["organization", "-last_activity_at", "-id"], name="conv_inbox"),
            # Inbox filters, each keeping the same order for keyset paging.
            models.Index(
                fields=["organization", "state", "-last_activity_at", "-id"], name="conv_state"
            ),
            models.Index(
                fields=["organization", "channel", "-last_activity_at", "-id"], name="conv_channel"
            ),
            models.Index(
                fields=["organization", "assignee", "-last_activity_at", "-id"],
                name="conv_assignee",
            ),
            models.Index(
                fields=["organization", "topic", "-last_activity_at", "-id"], name="conv_topic"
            ),
            # "Unanswered" and "overdue" filters and the overdue sweep: pending rows only.
            models.Index(
                fields=["organization", "-last_activity_at", "-id"],
                condition=Q(awaiting_response=True),
                name="conv_pending",
            ),
            # The "overdue" filter, the overdue sweep and the inbox's "nearest deadline"
            # order with its keyset paging (hence the id).
            models.Index(
                fields=["organization", "response_due_at", "id"],
                condition=Q(awaiting_response=True),
                name="conv_pending_due",
            ),
            # The inbox's "longest waiting" order and its keyset paging: pending rows only.
            models.Index(
                fields=["organization", "last_inbound_at", "id"],
                condition=Q(awaiting_response=True),
                name="conv_pending_waiting",
            ),
            # Threading new replies into their conversation.
            models.Index(fields=["channel", "thread_key"], name="conv_thread"),
            # A citizen's other conversations.
            models.Index(fields=["author", "-last_activity_at"], name="conv_author"),
        ]

    def __str__(self) -> str:
        return self.subject or self.snippet[:60] or f"#{self.pk}"

    @cached_property
    def is_overdue(self) -> bool:
        return bool(
            self.awaiting_response
            and self.response_due_at
            and self.response_due_at < timezone.now()
        )


class Direction(models.TextChoices):
    IN = "in", _("From the citizen")
    OUT = "out", _("From the institution")


class SendStatus(models.TextChoices):
    NONE = "", _("Received")
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One message in a conversation. Inbound ones are unique per channel by network id."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
        # Not indexed alone: message_thread starts with this column and serves
        # its lookups and cascades; every index costs on each row an import writes.
        db_index=False,
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("channel"),
        db_index=False,  # the (channel, network_id) unique constraint starts with it
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("author"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # NULL until an outbound reply is sent: unique per channel only once it has one.
    network_id = models.CharField(_("network id"), max_length=255, null=True, blank=True)  # noqa: DJ001
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in reply to"),
    )
    in_reply_to_network_id = models.CharField(
        _("in reply to (network id)"), max_length=255, blank=True
    )
    text = models.TextField(_("text"))
    is_private = models.BooleanField(_("direct message"), default=False)
    created_at = models.DateTimeField(_("written"), help_text=_("Time on the network."))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    raw = models.JSONField(_("original payload"), default=dict, blank=True)
    # The real targets of the message's links, as the network gave them (never t.co).
    links = models.JSONField(_("links"), default=list, blank=True)
    send_status = models.CharField(
        _("sending"), max_length=10, choices=SendStatus.choices, default=SendStatus.NONE, blank=True
    )
    send_error = models.TextField(_("sending error"), blank=True)
    edited_at = models.DateTimeField(_("edited on the network"), null=True, blank=True)
    deleted_upstream_at = models.DateTimeField(_("deleted on the network"), null=True, blank=True)
    # Delivery of a reply written in Diálogo: when a worker claimed it (a claim older than
    # the lease means the worker died: the sweep puts it back), how many times it was tried,
    # and whether the agent asked to wait for the citizen once it is delivered.
    send_claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    waits_for_citizen = models.BooleanField(_("waits for the citizen"), default=False)
    # Set once per reply the agent writes; a retry reuses it so nothing is sent twice.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            # Re-ingesting the same network message is a no-op.
            models.UniqueConstraint(
                fields=["channel", "network_id"], name="message_unique_network_id"
            ),
            models.UniqueConstraint(fields=["idempotency_key"], name="message_unique_idempotency"),
        ]
        indexes = [
            # The conversation page reads its thread in order.
            models.Index(fields=["conversation", "created_at", "id"], name="message_thread"),
            # Threading: find the message a reply points at.
            models.Index(fields=["channel", "in_reply_to_network_id"], name="message_reply_to"),
            # The send worker picks up pending and failed replies.
            models.Index(
                fields=["send_status"], condition=~Q(send_status=""), name="message_outbox"
            ),
            # The inbox's "reply not delivered" marker and filter (queries.with_failed_delivery):
            # SQLite only uses a partial index whose condition the query states exactly.
            models.Index(
                fields=["send_status", "conversation"],
                condition=Q(send_status="failed"),
                name="message_failed",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class MessageRevision(models.Model):
    """An earlier text of a message that its author edited on the network (kept for the record)."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("message")
    )
    text = models.TextField(_("earlier text"))
    replaced_at = models.DateTimeField(_("replaced"))

    class Meta:
        verbose_name = _("message revision")
        verbose_name_plural = _("message revisions")
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Note(models.Model):
    """An internal note on a conversation, never shown to the citizen."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="notes", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Assignment(models.Model):
    """The history of who was responsible for a conversation; the current one is on it."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("conversation"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.conversation_id} → {self.assignee_id}"


class Presence(models.Model):
    """Who has a conversation open, and whether they are writing a reply (heartbeat rows)."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="presences",
        verbose_name=_("conversation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    composing = models.BooleanField(_("writing a reply"), default=False)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="presence_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.conversation_id}"
