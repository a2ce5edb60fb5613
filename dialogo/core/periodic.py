"""Periodic work as a signal: `manage.py scheduler` sends `periodic_task` on every tick and
each app answers it with receivers declared by `@periodic(every=...)` in its `periodic.py`.

A job runs once in each of its intervals, on the first tick after the interval starts;
intervals are aligned to the epoch, so an hourly job runs just after each hour (the spike
alerts then cover the hour that just ended). The last run is a database row claimed with a
conditional UPDATE, so several schedulers (on several machines) never run the same job twice
in one interval.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

log = logging.getLogger(__name__)

#: Sent by the scheduler on every tick, with `now` (an aware datetime).
periodic_task = Signal()

Job = Callable[..., Any]

#: Every connected job's name and interval, for `manage.py scheduler --list` and the tests.
JOBS: dict[str, dt.timedelta] = {}


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def interval_start(every: dt.timedelta, now: dt.datetime) -> dt.datetime:
    """When the interval of length `every` that holds `now` began (aligned to the epoch)."""
    return EPOCH + (now - EPOCH) // every * every


def claim(name: str, every: dt.timedelta, now: dt.datetime) -> bool:
    """True (and the run recorded) when `name` has not run yet in the interval holding `now`."""
    from dialogo.core.models import PeriodicRun  # models load after this module (ready())

    if not every:
        return True  # runs on every tick; the job claims its own work
    started = interval_start(every, now)
    if PeriodicRun.objects.filter(name=name, last_run_at__lt=started).update(last_run_at=now):
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=name, last_run_at=now)
    except IntegrityError:
        return False  # it exists and is not due, or another scheduler created it just now
    return True


def periodic(*, every: dt.timedelta, name: str | None = None) -> Callable[[Job], Job]:
    """Connect `job(now=...)` to `periodic_task`, to run once in each interval of `every`."""

    def decorator(job: Job) -> Job:
        job_name = name or f"{job.__module__}.{job.__qualname__}"

        def receiver(sender: Any, now: dt.datetime, **kwargs: Any) -> Any:
            if claim(job_name, every, now):
                return job(now=now)
            return None

        receiver.job_name = job_name  # type: ignore[attr-defined]
        periodic_task.connect(receiver, weak=False, dispatch_uid=job_name)
        JOBS[job_name] = every
        return job

    return decorator


def run_due(now: dt.datetime | None = None) -> list[tuple[str, Any]]:
    """One tick: every due job runs; one that raises is logged and does not stop the rest.
    Returns (job name, result or exception) for the jobs that were connected."""
    now = now or timezone.now()
    results = []
    for receiver, result in periodic_task.send_robust(sender=None, now=now):
        name = getattr(receiver, "job_name", repr(receiver))
        if isinstance(result, Exception):
            log.error("periodic job %s failed", name, exc_info=result)
        results.append((name, result))
    return results
