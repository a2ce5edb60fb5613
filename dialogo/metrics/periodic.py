"""The metrics' periodic jobs (see `dialogo.core.periodic`)."""

from __future__ import annotations

import datetime as dt

from dialogo.core.periodic import periodic
from dialogo.metrics import tasks


@periodic(every=dt.timedelta(minutes=1))
def refresh_imported(*, now: dt.datetime) -> str:
    """Conversations that a bulk import marked are counted into the roll-ups again."""
    tasks.refresh_marked.enqueue()
    return ""


@periodic(every=dt.timedelta(hours=6))
def monthly_reports(*, now: dt.datetime) -> str:
    """Last month's report of every organization (idempotent: one report per month)."""
    tasks.write_monthly_reports.enqueue()
    return "queued last month's reports"
