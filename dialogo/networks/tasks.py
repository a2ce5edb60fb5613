"""Background work for channels. Tasks take ids and call a service."""

from django_tasks import task

from dialogo.networks import services


@task()
def poll_channel(channel_id: int) -> int:
    return services.poll_channel(channel_id=channel_id)


@task()
def snapshot_followers(channel_id: int) -> None:
    services.snapshot_followers(channel_id=channel_id)
