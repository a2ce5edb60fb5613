"""Linking a sender's identities to one citizen, by staff, never by a typed e-mail alone.

A web-form or e-mail sender is only as real as the address they typed. Identities that share
an address are offered to staff as "possibly the same citizen"; linking is an audited act.
"""

from __future__ import annotations

from django.db import transaction

from dialogo.core import audit
from dialogo.core.models import Membership
from dialogo.inbox.models import Author, Citizen, Conversation

MAX_SUGGESTIONS = 5


def citizen_suggestions(conversation: Conversation) -> list[Citizen]:
    """Other citizens of the organization with this sender's e-mail address (oldest first)."""
    citizen = conversation.author.citizen
    if citizen is None or not citizen.email:
        return []
    return list(
        Citizen.objects.filter(organization_id=conversation.organization_id, email=citizen.email)
        .exclude(pk=citizen.pk)
        .filter(authors__isnull=False)  # not a citizen left behind by an earlier link
        .distinct()
        .order_by("pk")[:MAX_SUGGESTIONS]
    )


def link_citizen(
    *,
    conversation: Conversation,
    citizen_id: int,
    membership: Membership,
) -> bool:
    """Join this conversation's sender to a suggested citizen (same organization and e-mail);
    False when `citizen_id` is not one of the suggestions."""
    chosen = next((c for c in citizen_suggestions(conversation) if c.pk == citizen_id), None)
    if chosen is None:
        return False
    author = conversation.author
    with transaction.atomic():
        Author.objects.filter(pk=author.pk).update(citizen=chosen)
        audit.record(
            action=audit.Action.LINK_CITIZEN,
            organization=membership.organization,
            actor=membership.user,
            target=conversation,
            details={"author": author.pk, "from": author.citizen_id, "to": chosen.pk},
        )
    return True
