"""Moderation querysets defined once: the queue and the counters read the same ones."""

from __future__ import annotations

from django.db.models import QuerySet

from dialogo.core.models import Organization
from dialogo.moderation.models import ActionStatus, Alert, ModerationAction


def pending_requests(organization: Organization) -> QuerySet[ModerationAction]:
    """Acts a supervisor still has to approve or reject (served by moderation_org_status)."""
    return ModerationAction.objects.filter(
        organization=organization, status=ActionStatus.PENDING, decided_at__isnull=True
    )


def unacknowledged_alerts(organization: Organization) -> QuerySet[Alert]:
    """Spike alerts nobody has marked as seen, newest first."""
    return (
        Alert.objects.filter(organization=organization, acknowledged_at__isnull=True)
        .select_related("topic")
        .order_by("-created_at")
    )
