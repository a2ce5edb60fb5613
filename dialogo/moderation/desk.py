"""Moderation on the inbox's pages: alerts above the list; on a conversation, the act that
stands on each message and the form's clauses and acts (see `dialogo.inbox.extensions`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from dialogo.core.roles import Cap
from dialogo.inbox.extensions import conversation_context, inbox_context, live_tiles
from dialogo.inbox.models import Conversation, Message
from dialogo.moderation.models import ActionKind, PolicyClause
from dialogo.moderation.queries import pending_requests, unacknowledged_alerts
from dialogo.moderation.services import open_alerts, standing_acts
from dialogo.networks.models import Channel
from dialogo.networks.registry import get_adapter


@inbox_context
def alerts(request: HttpRequest) -> dict[str, Any]:
    # Only above the first page: later pages are appended rows.
    first_page = not request.GET.get("after")
    return {"alerts": open_alerts(request.organization) if first_page else []}  # type: ignore[attr-defined]


@conversation_context
def moderation_panel(
    request: HttpRequest, conversation: Conversation, thread: list[Message]
) -> dict[str, Any]:
    standing = standing_acts([m.pk for m in thread])
    for m in thread:
        m.moderation = standing.get(m.pk)  # type: ignore[attr-defined]
        m.hidden_by = m.moderation if m.moderation and m.moderation.hides else None  # type: ignore[attr-defined]
    return {
        "clauses": list(
            PolicyClause.objects.filter(organization=conversation.organization, is_active=True)
        ),
        "moderation_actions": moderation_choices(conversation.channel),
    }


def moderation_choices(channel: Channel) -> list[tuple[str, str]]:
    """The moderation acts, each saying whether this channel's connector carries it out."""
    try:
        on_network = get_adapter(channel.kind).moderation_actions
    except LookupError:
        on_network = frozenset()
    verbs: dict[str, str] = {
        ActionKind.HIDE: _("Hide"),
        ActionKind.REPORT: _("Report"),
        ActionKind.DELETE: _("Delete"),
    }
    return [
        (
            value,
            _("%(action)s — on the network") % {"action": verbs[value]}
            if value in on_network
            else _("%(action)s — recorded only (do it on the network by hand)")
            % {"action": verbs[value]},
        )
        for value in ActionKind.values
    ]


@live_tiles
def live_view_tiles(request: HttpRequest) -> list[dict[str, Any]]:
    """Pending moderation requests and unacknowledged alerts on the supervisor's live view."""
    org = request.organization  # type: ignore[attr-defined]
    alerts = list(unacknowledged_alerts(org))
    queue = reverse("moderation:queue", args=[org.slug])
    may_open = request.membership.can(Cap.APPROVE_MODERATION)  # type: ignore[attr-defined]
    return [
        {
            "name": "moderation",
            "label": _("Moderation requests"),
            "count": pending_requests(org).count(),
            "url": queue if may_open else "",
        },
        {
            "name": "alerts",
            "label": _("Alerts"),
            "count": len(alerts),
            "url": "#alerts",
            "context": {"alerts": alerts},
        },
    ]
