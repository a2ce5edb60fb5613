"""The moderation app's periodic jobs (see `dialogo.core.periodic`)."""

from __future__ import annotations

import datetime as dt

from dialogo.core.periodic import periodic
from dialogo.moderation.services import detect_alerts_everywhere


@periodic(every=dt.timedelta(hours=1))
def spike_alerts(*, now: dt.datetime) -> str:
    raised = detect_alerts_everywhere(now=now)
    return f"raised {len(raised)} alerts" if raised else ""
