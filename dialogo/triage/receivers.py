"""Every new inbound message is triaged the moment it is stored (after its commit)."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from dialogo.inbox.bulk import messages_imported
from dialogo.inbox.signals import message_received

log = logging.getLogger(__name__)


@receiver(message_received)
def triage_new_message(sender, message_id: int, **kwargs) -> None:
    from dialogo.triage.services import classify_messages

    try:
        classify_messages(message_ids=[message_id])
    except Exception:  # triage must never lose or block an incoming message
        log.exception("triage failed for message %s", message_id)


@receiver(messages_imported)
def triage_imported_batch(
    sender, inbound_ids: list[int], inbound_messages: list | None = None, **kwargs
) -> None:
    """An imported batch is classified in one pass (batch prediction), without routing:
    history is not assigned to today's team."""
    from dialogo.triage.services import classify_messages

    if not inbound_ids:
        return
    try:
        classify_messages(message_ids=inbound_ids, route=False, known=inbound_messages)
    except Exception:
        log.exception("triage failed for an imported batch of %s messages", len(inbound_ids))
