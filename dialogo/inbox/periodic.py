"""The inbox's periodic jobs (see `dialogo.core.periodic`)."""

from __future__ import annotations

import datetime as dt

from dialogo.core.periodic import periodic
from dialogo.inbox import tasks


@periodic(every=dt.timedelta(minutes=1))
def release_stale_sends(*, now: dt.datetime) -> str:
    """Sends whose worker died past the lease go back to the queue (or fail, said so)."""
    tasks.release_stale_sends.enqueue()
    return ""
