import datetime as dt
import os
import signal

import pytest
from django.core.management import call_command
from django.utils import timezone

from dialogo.core import periodic
from dialogo.core.models import PeriodicRun

T0 = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def calls():
    """A job due every hour, connected for one test only."""
    seen: list[dt.datetime] = []

    @periodic.periodic(every=dt.timedelta(hours=1), name="test.hourly")
    def hourly(*, now):
        seen.append(now)
        return "ran"

    yield seen
    periodic.periodic_task.disconnect(dispatch_uid="test.hourly")


def test_periodic_job_runs_once_per_interval(db, calls):
    periodic.run_due(T0)
    periodic.run_due(T0 + dt.timedelta(minutes=59))
    periodic.run_due(T0 + dt.timedelta(hours=1))
    assert calls == [T0, T0 + dt.timedelta(hours=1)]
    assert PeriodicRun.objects.get(name="test.hourly").last_run_at == T0 + dt.timedelta(hours=1)


def test_hourly_job_runs_just_after_each_hour(db, calls):
    """Intervals are aligned: started a minute before the hour, the job runs again just after
    it, so the hourly spike check covers each hour as soon as it ends."""
    start = T0 - dt.timedelta(seconds=30)
    for seconds in (0, 20, 40, 3600, 3640):
        periodic.run_due(start + dt.timedelta(seconds=seconds))
    assert calls == [start + dt.timedelta(seconds=s) for s in (0, 40, 3640)]


def test_periodic_claim_is_won_by_one_scheduler(db):
    every = dt.timedelta(hours=1)
    assert periodic.claim("job", every, T0) is True
    # A second scheduler ticking at the same moment (row already there) gets nothing.
    assert periodic.claim("job", every, T0) is False
    later = T0 + every
    assert [periodic.claim("job", every, later) for _ in range(3)] == [True, False, False]


def test_failing_job_does_not_stop_the_others(db, calls):
    @periodic.periodic(every=dt.timedelta(0), name="test.broken")
    def broken(*, now):
        raise RuntimeError("boom")

    try:
        results = dict(periodic.run_due(T0))
    finally:
        periodic.periodic_task.disconnect(dispatch_uid="test.broken")
    assert isinstance(results["test.broken"], RuntimeError)
    assert results["test.hourly"] == "ran"
    assert calls == [T0]


def test_apps_register_their_jobs():
    assert {
        "dialogo.networks.periodic.enqueue_due_polls",
        "dialogo.networks.periodic.enqueue_follower_snapshots",
        "dialogo.moderation.periodic.spike_alerts",
    } <= set(periodic.JOBS)
    assert periodic.JOBS["dialogo.moderation.periodic.spike_alerts"] == dt.timedelta(hours=1)


def test_scheduler_finishes_the_tick_on_sigterm_and_exits(db, capsys):
    ticks: list[dt.datetime] = []

    @periodic.periodic(every=dt.timedelta(0), name="test.sigterm")
    def stop_me(*, now):
        ticks.append(now)
        os.kill(os.getpid(), signal.SIGTERM)
        return "tick finished"

    before = signal.getsignal(signal.SIGTERM)
    try:
        # Without SIGTERM this would loop for ever (an hour between ticks).
        call_command("scheduler", interval=3600)
    finally:
        periodic.periodic_task.disconnect(dispatch_uid="test.sigterm")
    assert len(ticks) == 1
    assert "test.sigterm: tick finished" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGTERM) is before


def test_scheduler_once_runs_the_due_jobs(db, calls, capsys):
    call_command("scheduler", once=True)
    assert len(calls) == 1
    assert calls[0] <= timezone.now()
    assert "test.hourly: ran" in capsys.readouterr().out


def test_scheduler_lists_jobs_with_their_last_run(db, capsys):
    periodic.claim("dialogo.moderation.periodic.spike_alerts", dt.timedelta(hours=1), T0)
    call_command("scheduler", list=True)
    out = capsys.readouterr().out
    assert (
        "dialogo.moderation.periodic.spike_alerts  every 1:00:00  last run 2026-03-02 15:00:00"
        in out
    )
    assert "dialogo.networks.periodic.enqueue_due_polls  every 0:00:00  last run never" in out
