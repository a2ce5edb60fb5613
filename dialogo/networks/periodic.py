"""The networks app's periodic jobs (see `dialogo.core.periodic`)."""

from __future__ import annotations

import datetime as dt

from dialogo.core.periodic import periodic
from dialogo.networks import services, tasks


@periodic(every=dt.timedelta(0))  # every tick: each channel's poll is claimed on its own
def enqueue_due_polls(*, now: dt.datetime) -> str:
    due = services.due_channels(now)
    for channel_id in due:
        tasks.poll_channel.enqueue(channel_id)
    return f"queued {len(due)} polls" if due else ""


@periodic(every=dt.timedelta(minutes=5))  # each channel is claimed once a day
def enqueue_follower_snapshots(*, now: dt.datetime) -> str:
    ids = services.channels_for_follower_snapshot()
    for channel_id in ids:
        tasks.snapshot_followers.enqueue(channel_id)
    return f"queued {len(ids)} follower snapshots" if ids else ""
