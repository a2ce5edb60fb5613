"""Writing to the append-only audit log. Every service that changes state calls `record`."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import AuditEntry, Organization


class Action(models.TextChoices):
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    VIEW_CONVERSATION = "conversation.view"
    REPLY = "conversation.reply"
    REPLY_FAILED = "conversation.reply_failed"
    MARK_ANSWERED = "conversation.marked_answered"
    ASSIGN = "conversation.assign"
    STATE = "conversation.state"
    TOPIC = "conversation.topic"
    NOTE = "conversation.note"
    MESSAGE_RECEIVED = "message.received"
    SETTINGS = "organization.settings"
    WEBFORM = "webform.submitted"
    LINK_CITIZEN = "citizen.link"


#: What each recorded action means, for people reading the log (the code stays beside it).
ACTION_LABELS = {
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.logout": _("Logged out"),
    "conversation.view": _("Opened a conversation"),
    "conversation.reply": _("Replied to a citizen"),
    "conversation.reply_failed": _("A reply could not be sent"),
    "conversation.marked_answered": _("Marked a conversation answered another way"),
    "conversation.assign": _("Assigned a conversation"),
    "conversation.state": _("Changed a conversation's state"),
    "conversation.topic": _("Changed a conversation's topic"),
    "conversation.note": _("Wrote an internal note"),
    "message.received": _("Message received"),
    "organization.settings": _("Changed the organization's settings"),
    "webform.submitted": _("Web form submitted"),
    "citizen.link": _("Linked a sender to a known citizen"),
    "triage.correct": _("Corrected a label"),
    "triage.route": _("Routed a conversation by a rule"),
    "triage.retrain": _("Asked to retrain the models"),
    "triage.rule_add": _("Added a routing rule"),
    "triage.rule_delete": _("Deleted a routing rule"),
    "triage.rule_edit": _("Changed a routing rule"),
    "triage.domains": _("Changed the institution's own domains for triage"),
    "policy.clause": _("Changed the use policy"),
    "moderation.requested": _("Requested a moderation act"),
    "moderation.approved": _("Approved a moderation act"),
    "moderation.rejected": _("Rejected a moderation act"),
    "moderation.executed": _("Moderation carried out on the network"),
    "moderation.recorded": _("Moderation recorded (no network action)"),
    "moderation.failed": _("Moderation failed on the network"),
    "alert.raised": _("Alert raised"),
    "alert.acknowledged": _("Alert dismissed"),
    "channel.connect": _("Connected a channel"),
    "channel.status": _("Channel status changed"),
    "channel.import": _("Imported an archive"),
    "channel.auth_failed": _("A channel's credentials were rejected"),
}


def action_label(code: str) -> str:
    """The readable name of an action code (the code itself when unknown)."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def record(
    *,
    action: str,
    organization: Organization | None,
    actor: Any = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one audit entry; `actor` may be an anonymous user (stored as nobody)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
        ip_address=ip_address,
    )


def client_ip(request: Any) -> str | None:
    """The client's address: the one helper every rate limit and audit entry reads.
    ``core.proxy.ProxyMiddleware`` has already put the client behind a trusted proxy in
    REMOTE_ADDR; anything that is not an address is None."""
    value = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
