"""Background work of the metrics: thin wrappers that take ids and call a service."""

from __future__ import annotations

from django_tasks import task

from dialogo.metrics import services


@task()
def refresh_marked() -> int:
    """Count the conversations that imports marked (several queued runs simply find less)."""
    return services.refresh_dirty()


@task()
def recompute_organization(organization_id: int) -> int:
    from dialogo.core.models import Organization

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0
    return services.recompute(organization=organization)


@task()
def write_report(report_id: int) -> bool:
    return services.write_report(report_id=report_id)


@task()
def write_monthly_reports() -> int:
    """Hook for the periodic loop: queue last month's report of every organization."""
    return services.monthly_reports()
