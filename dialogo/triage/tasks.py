"""Background triage work. Tasks take ids and call a service."""

from django_tasks import task

from dialogo.core.models import Organization
from dialogo.triage import services


@task()
def retrain_organization(organization_id: int) -> int:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0
    return len(services.retrain_organization(organization=organization))


@task()
def classify_messages(message_ids: list[int]) -> int:
    return services.classify_messages(message_ids=message_ids)
