"""Writing to the append-only audit log. Every service that changes state calls `record`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core import context
from dialogo.core.models import AuditEntry, Organization

log = logging.getLogger(__name__)


class Action(models.TextChoices):
    """Every action the audit log records, with its name for people in both languages.
    The stored value is the code; a new audited action is added here first."""

    LOGIN = "auth.login", _("Logged in")
    LOGIN_FAILED = "auth.login_failed", _("Failed login")
    LOGOUT = "auth.logout", _("Logged out")
    VIEW_CONVERSATION = "conversation.view", _("Opened a conversation")
    REPLY = "conversation.reply", _("Replied to a citizen")
    REPLY_FAILED = "conversation.reply_failed", _("A reply could not be sent")
    MARK_ANSWERED = "conversation.marked_answered", _("Marked a conversation answered another way")
    ASSIGN = "conversation.assign", _("Assigned a conversation")
    STATE = "conversation.state", _("Changed a conversation's state")
    TOPIC = "conversation.topic", _("Changed a conversation's topic")
    NOTE = "conversation.note", _("Wrote an internal note")
    MESSAGE_RECEIVED = "message.received", _("Message received")
    SETTINGS = "organization.settings", _("Changed the organization's settings")
    WEBFORM = "webform.submitted", _("Web form submitted")
    LINK_CITIZEN = "citizen.link", _("Linked a sender to a known citizen")
    TRIAGE_CORRECT = "triage.correct", _("Corrected a label")
    TRIAGE_ROUTE = "triage.route", _("Routed a conversation by a rule")
    TRIAGE_RETRAIN = "triage.retrain", _("Asked to retrain the models")
    RULE_ADD = "triage.rule_add", _("Added a routing rule")
    RULE_DELETE = "triage.rule_delete", _("Deleted a routing rule")
    RULE_EDIT = "triage.rule_edit", _("Changed a routing rule")
    TRIAGE_DOMAINS = "triage.domains", _("Changed the institution's own domains for triage")
    POLICY_CLAUSE = "policy.clause", _("Changed the use policy")
    MODERATION_REQUESTED = "moderation.requested", _("Requested a moderation act")
    MODERATION_APPROVED = "moderation.approved", _("Approved a moderation act")
    MODERATION_REJECTED = "moderation.rejected", _("Rejected a moderation act")
    MODERATION_EXECUTED = "moderation.executed", _("Moderation carried out on the network")
    MODERATION_RECORDED = "moderation.recorded", _("Moderation recorded (no network action)")
    MODERATION_FAILED = "moderation.failed", _("Moderation failed on the network")
    ALERT_RAISED = "alert.raised", _("Alert raised")
    ALERT_ACKNOWLEDGED = "alert.acknowledged", _("Alert dismissed")
    CHANNEL_CONNECT = "channel.connect", _("Connected a channel")
    CHANNEL_STATUS = "channel.status", _("Channel status changed")
    CHANNEL_IMPORT = "channel.import", _("Imported an archive")
    CHANNEL_AUTH_FAILED = "channel.auth_failed", _("A channel's credentials were rejected")
    WEBFORM_REFERENCE = "webform.reference", _("Gave a web form reference")
    PQRSD_ALERTS = "pqrsd.alerts", _("Sent PQRSD deadline alerts")
    OBJECTIVE_SET = "metrics.objective_set", _("Set an objective")
    OBJECTIVE_REMOVED = "metrics.objective_removed", _("Removed an objective")
    SAVED_REPLY_SAVED = "knowledge.reply_saved", _("Saved a reply template")
    SAVED_REPLY_DELETED = "knowledge.reply_deleted", _("Deleted a reply template")


#: What each recorded action means, for people reading the log (the code stays beside it).
ACTION_LABELS = dict(Action.choices)


def action_label(code: str) -> str:
    """The readable name of an action code (the code itself when unknown)."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


#: `record`'s default actor: the signed-in user of the request being served, if any.
FROM_REQUEST: Any = object()


def record(
    *,
    action: str,
    organization: Organization | None,
    actor: Any = FROM_REQUEST,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one audit entry; `actor` may be an anonymous user (stored as nobody).

    Without `actor`, the request's signed-in user acts (`None` says "the system" explicitly);
    without `ip_address`, the request's client address is stored (see `core.context`)."""
    if action not in ACTION_LABELS:
        # Loud in development and tests; in production the entry matters more than its name.
        if getattr(settings, "AUDIT_STRICT", settings.DEBUG):
            raise ValueError(f"unknown audit action {action!r}: add it to audit.Action")
        log.error("unknown audit action %r: add it to audit.Action", action)
    if actor is FROM_REQUEST:
        actor = context.request_user()
    if ip_address is None:
        ip_address = context.request_ip()
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


#: For rate limits, the web form's stored address and login throttling (the audit reads the
#: request context itself).
client_ip = context.client_ip
