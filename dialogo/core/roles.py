"""Roles of a member in an organization and what each may do.

One table decides every permission, so views, the API and tests read the same rules.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Community manager")
    EXPERT = "expert", _("Subject expert")
    ANALYST = "analyst", _("Analyst (read-only)")


class Cap(models.TextChoices):
    """Capabilities checked by views and services."""

    VIEW_INBOX = "view_inbox", _("See the inbox")
    REPLY = "reply", _("Reply to citizens")
    NOTE = "note", _("Write internal notes")
    ASSIGN = "assign", _("Assign conversations")
    CHANGE_STATE = "change_state", _("Change a conversation's state")
    SEE_ALL = "see_all", _("See every conversation, not only one's own topics")
    MANAGE_SETTINGS = "manage_settings", _("Change the organization's settings")
    VIEW_AUDIT = "view_audit", _("Read the audit log")
    MODERATE = "moderate", _("Ask to hide, report or delete a message")
    APPROVE_MODERATION = "approve_moderation", _("Approve moderation acts")
    SUPERVISE = "supervise", _("See the desk's live view and each member's workload")
    VIEW_METRICS = "view_metrics", _("Read the dashboard and reports")
    VIEW_TEAM_METRICS = "view_team_metrics", _("See each member's workload and times")
    SET_OBJECTIVES = "set_objectives", _("Set objectives and ask for reports")


_LEAD = {Cap.APPROVE_MODERATION, Cap.VIEW_TEAM_METRICS, Cap.SET_OBJECTIVES}

_WORK = {
    Cap.VIEW_INBOX,
    Cap.REPLY,
    Cap.NOTE,
    Cap.ASSIGN,
    Cap.CHANGE_STATE,
    Cap.SEE_ALL,
    Cap.MODERATE,
    Cap.VIEW_METRICS,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(_WORK | _LEAD | {Cap.MANAGE_SETTINGS, Cap.VIEW_AUDIT, Cap.SUPERVISE}),
    Role.SUPERVISOR: frozenset(_WORK | _LEAD | {Cap.SUPERVISE}),
    Role.AGENT: frozenset(_WORK),
    # Experts answer what reaches them: conversations assigned to them or on their topics.
    Role.EXPERT: frozenset({Cap.VIEW_INBOX, Cap.REPLY, Cap.NOTE, Cap.CHANGE_STATE}),
    # Analysts read: the dashboard, the live view and the inbox, nothing they could change.
    Role.ANALYST: frozenset({Cap.VIEW_INBOX, Cap.SEE_ALL, Cap.SUPERVISE, Cap.VIEW_METRICS}),
}


def roles_with(cap: str) -> list[str]:
    """The roles that have ``cap`` (for queries: ``role__in=roles_with(Cap.REPLY)``)."""
    return [role for role, caps in CAPABILITIES.items() if cap in caps]


def role_can(role: str, cap: str) -> bool:
    return cap in CAPABILITIES.get(role, frozenset())
