"""Every new inbound message is triaged the moment it is stored: a live message after its
commit, an imported batch inside the batch's transaction (in a savepoint of its own)."""

from __future__ import annotations

import logging

from django.db import transaction
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
    sender,
    inbound_ids: list[int],
    inbound_messages: list | None = None,
    cache: dict | None = None,
    **kwargs,
) -> None:
    """An imported batch is classified in one pass (batch prediction), without routing:
    history is not assigned to today's team. Runs inside the batch's transaction; a failure
    rolls back only the labels (the savepoint), never the messages. The models in use are
    read once per import (`cache`)."""
    from dialogo.triage.services import classify_messages

    if not inbound_ids:
        return
    try:
        with transaction.atomic():
            classify_messages(
                message_ids=inbound_ids, route=False, known=inbound_messages, cache=cache
            )
    except Exception:
        log.exception("triage failed for an imported batch of %s messages", len(inbound_ids))
