"""Keep the roll-ups exact as the desk works: each change refreshes its conversation after
the transaction that made it commits; an imported batch only marks its conversations."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from dialogo.core.models import AuditEntry
from dialogo.inbox.bulk import messages_imported
from dialogo.inbox.models import Conversation, Message
from dialogo.inbox.signals import message_received
from dialogo.metrics import services
from dialogo.triage.models import Classification

log = logging.getLogger(__name__)

# Audit actions on a conversation that can move a figure (opening or noting it cannot).
_MOVES_FIGURES = {
    "conversation.reply",
    "conversation.reply_failed",
    "conversation.assign",
    "conversation.state",
    "conversation.topic",
    "triage.route",
    "triage.correct",
}


def _refresh_later(conversation_id: int | None) -> None:
    if conversation_id is None:
        return

    def run() -> None:
        try:
            services.refresh_conversations(conversation_ids=[conversation_id])
        except Exception:  # a figure must never break the desk: mark it for the worker
            log.exception("metrics refresh failed for conversation %s", conversation_id)
            services.DirtyConversation.objects.get_or_create(conversation_id=conversation_id)

    transaction.on_commit(run)


@receiver(message_received)
def count_new_message(sender, message_id: int, **kwargs) -> None:
    conv_id = Message.objects.filter(pk=message_id).values_list("conversation_id", flat=True)
    _refresh_later(conv_id.first())


@receiver(post_save, sender=AuditEntry)
def count_desk_change(sender, instance: AuditEntry, created: bool, **kwargs) -> None:
    if (
        created
        and instance.target_type == "inbox.conversation"
        and instance.action in (_MOVES_FIGURES)
    ):
        _refresh_later(int(instance.target_id))


@receiver(post_save, sender=Classification)
def count_new_label(sender, instance: Classification, **kwargs) -> None:
    conv_id = Message.objects.filter(pk=instance.message_id).values_list(
        "conversation_id", flat=True
    )
    _refresh_later(conv_id.first())


@receiver(post_save, sender=Message)
def count_message_saved(sender, instance: Message, created: bool, **kwargs) -> None:
    # A reply sent or failed changes the counts; a new one is counted by its own hook.
    if not created and kwargs.get("update_fields") and "send_status" in kwargs["update_fields"]:
        _refresh_later(instance.conversation_id)


@receiver(post_delete, sender=Message)
def count_message_deleted(sender, instance: Message, **kwargs) -> None:
    _refresh_later(instance.conversation_id)


@receiver(pre_delete, sender=Conversation)
def forget_deleted_conversation(sender, instance: Conversation, **kwargs) -> None:
    services.forget_conversation(conversation_id=instance.pk)


@receiver(messages_imported)
def mark_imported_batch(sender, message_ids: list[int], **kwargs) -> None:
    """Inside the batch's transaction: one cheap insert; the worker counts after commit."""
    if message_ids and services.mark_dirty(message_ids=message_ids):
        transaction.on_commit(_enqueue_refresh)


def _enqueue_refresh() -> None:
    from dialogo.metrics.tasks import refresh_marked

    refresh_marked.enqueue()
