"""PQRSD's periodic jobs (see `dialogo.core.periodic`)."""

from __future__ import annotations

import datetime as dt

from dialogo.core.periodic import periodic
from dialogo.pqrsd import tasks


@periodic(every=dt.timedelta(hours=1))
def deadline_alerts(*, now: dt.datetime) -> str:
    """Due-soon, urgent and overdue requests: each level is mailed once (the alert claims it)."""
    tasks.send_deadline_alerts_task.enqueue()
    return "queued the deadline alerts"
