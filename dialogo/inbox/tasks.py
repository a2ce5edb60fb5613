"""Background work of the inbox. Tasks take ids, re-fetch, and call a service."""

from django_tasks import task

from dialogo.inbox import services


@task()
def deliver_message(message_id: int) -> None:
    services.deliver(message_id=message_id)


@task()
def release_stale_sends() -> None:
    """Periodic: replies whose worker died go back to the queue (or fail after N tries)."""
    services.release_stale_sends()
