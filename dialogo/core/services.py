"""Organization-level writes: settings changes (audited) and the working calendar."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dialogo.core import audit
from dialogo.core.business_time import WorkCalendar
from dialogo.core.models import Organization


def calendar_for(organization: Organization) -> WorkCalendar:
    return WorkCalendar(
        start=organization.work_start,
        end=organization.work_end,
        days=frozenset(int(d) for d in organization.working_days),
    )


def update_organization_settings(
    *,
    organization: Organization,
    actor: Any,
    changes: dict[str, Any],
) -> Organization:
    """Apply setting changes and record each old → new value in the audit log."""
    diff = {}
    for field, value in changes.items():
        old = getattr(organization, field)
        if old != value:
            diff[field] = [str(old), str(value)]
            setattr(organization, field, value)
    if not diff:
        return organization
    with transaction.atomic():
        organization.save(update_fields=list(diff))
        audit.record(
            action=audit.Action.SETTINGS,
            organization=organization,
            actor=actor,
            target=organization,
            details={"changes": diff},
        )
    return organization


def set_organization_logo(
    *,
    organization: Organization,
    actor: Any,
    image: bytes | None,
    content_type: str = "",
) -> Organization:
    """Replace (or with ``image=None`` remove) the logo shown on the public pages."""
    with transaction.atomic():
        organization.logo = image or b""
        organization.logo_type = content_type if image else ""
        organization.save(update_fields=["logo", "logo_type"])
        audit.record(
            action=audit.Action.SETTINGS,
            organization=organization,
            actor=actor,
            target=organization,
            details={"logo": [content_type, len(image)] if image else "removed"},
        )
    return organization
