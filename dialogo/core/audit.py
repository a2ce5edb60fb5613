"""Writing to the append-only audit log. Every service that changes state calls `record`."""

from __future__ import annotations

from typing import Any

from django.db import models

from dialogo.core.models import AuditEntry, Organization


class Action(models.TextChoices):
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    VIEW_CONVERSATION = "conversation.view"
    REPLY = "conversation.reply"
    REPLY_FAILED = "conversation.reply_failed"
    ASSIGN = "conversation.assign"
    STATE = "conversation.state"
    TOPIC = "conversation.topic"
    NOTE = "conversation.note"
    MESSAGE_RECEIVED = "message.received"
    SETTINGS = "organization.settings"
    WEBFORM = "webform.submitted"


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
    """The client's address as Django sees it (a proxy in front must set REMOTE_ADDR right)."""
    return request.META.get("REMOTE_ADDR") or None
