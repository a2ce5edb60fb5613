"""Every write to saved replies, audited; and their variables filled in for a conversation."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogo.core import audit
from dialogo.core.models import Membership
from dialogo.core.roles import Cap
from dialogo.knowledge.models import SavedReply


class KnowledgeError(Exception):
    """A refused change; the message is shown to the person."""


# Variable names, in English and Spanish, and what each is replaced by.
VARIABLES = {
    "citizen_name": _("the citizen's name"),
    "channel": _("the channel's network"),
    "institution": _("the institution's name"),
    "form_link": _("the address of the public web form"),
    "policy_link": _("the address of the use policy"),
}
ALIASES = {
    "nombre": "citizen_name",
    "canal": "channel",
    "entidad": "institution",
    "enlace_formulario": "form_link",
    "enlace_politica": "policy_link",
}
_PATTERN = re.compile(r"\{([a-z_]+)\}")


def replies_for(membership: Membership) -> QuerySet[SavedReply]:
    """The organization's shared replies and the member's own (index saved_reply_owner)."""
    return SavedReply.objects.filter(
        Q(owner__isnull=True) | Q(owner=membership.user), organization=membership.organization
    )


def values_for(conversation) -> dict[str, str]:
    org = conversation.organization
    site = settings.SITE_URL.rstrip("/")
    author = conversation.author
    return {
        "citizen_name": (author.display_name or author.handle or "").strip(),
        "channel": conversation.channel.kind_label,
        "institution": org.name,
        "form_link": site + reverse("webform", args=[org.slug]),
        "policy_link": site + reverse("public_policy", args=[org.slug]),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace known {variables}; anything else in braces is left as written."""

    def one(match: re.Match) -> str:
        name = ALIASES.get(match.group(1), match.group(1))
        return values.get(name, match.group(0))

    return _PATTERN.sub(one, text)


def _check(membership: Membership, personal: bool) -> None:
    # Everyone who replies keeps their own; shared ones are the supervisors' to curate.
    if not membership.can(Cap.REPLY):
        raise KnowledgeError(_("Your role cannot write replies."))
    if not personal and not membership.can(Cap.APPROVE_MODERATION):
        raise KnowledgeError(_("Only supervisors and administrators edit the team's replies."))


def save_reply(
    *,
    membership: Membership,
    title: str,
    text: str,
    personal: bool,
    reply: SavedReply | None = None,
) -> SavedReply:
    """Create or change a saved reply, and record it in the audit log."""
    _check(membership, personal)
    if reply is not None:
        _check(membership, reply.owner_id is not None)
    with transaction.atomic():
        created = reply is None
        reply = reply or SavedReply(
            organization=membership.organization, created_by=membership.user
        )
        reply.title, reply.text = title.strip(), text.strip()
        reply.owner = membership.user if personal else None
        reply.save()
        audit.record(
            action="knowledge.reply_saved",
            organization=membership.organization,
            actor=membership.user,
            target=reply,
            details={"title": reply.title, "created": created, "personal": personal},
        )
    return reply


def delete_reply(*, membership: Membership, reply: SavedReply) -> None:
    """Remove a saved reply (the audit log keeps its title)."""
    _check(membership, reply.owner_id is not None)
    with transaction.atomic():
        audit.record(
            action="knowledge.reply_deleted",
            organization=membership.organization,
            actor=membership.user,
            target=reply,
            details={"title": reply.title},
        )
        reply.delete()


def picker(membership: Membership, conversation) -> list[dict[str, Any]]:
    """The composer's choices: each reply's title and its text filled for this conversation."""
    values = values_for(conversation)
    return [
        {"pk": r.pk, "title": r.title, "text": fill(r.text, values), "mine": r.owner_id is not None}
        for r in replies_for(membership).only("title", "text", "owner_id")
    ]
