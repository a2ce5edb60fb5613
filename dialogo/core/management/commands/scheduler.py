"""`manage.py scheduler`: send the periodic signal every few seconds.

The scheduler knows no job: each app answers `dialogo.core.periodic.periodic_task` from its
`periodic.py` (channel polls and follower snapshots in `networks`, spike alerts in
`moderation`). Run it next to `manage.py db_worker`, which does the queued work; several
schedulers are safe (each job's run is claimed in the database). SIGTERM or SIGINT lets the
current tick finish, then the command exits with status 0.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dialogo.core import periodic
from dialogo.core.models import PeriodicRun


class Command(BaseCommand):
    help = "Send the periodic signal every --interval seconds (loops unless --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one tick, then exit")
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between ticks")
        parser.add_argument("--list", action="store_true", help="list the jobs, then exit")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        if options["list"]:
            self.list_jobs()
            return
        self.stopping = threading.Event()
        previous = {
            signum: signal.signal(signum, self._stop) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            while not self.stopping.is_set():
                self.tick()
                if once:
                    break
                self.stopping.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def list_jobs(self) -> None:
        last = dict(PeriodicRun.objects.values_list("name", "last_run_at"))
        for name, every in sorted(periodic.JOBS.items()):
            when = f"{last[name]:%Y-%m-%d %H:%M:%S}" if name in last else "never"
            self.stdout.write(f"{name}  every {every}  last run {when}")

    def _stop(self, signum: int, frame: Any) -> None:
        # Only a flag: the tick under way finishes, the loop then ends.
        self.stopping.set()

    def tick(self) -> None:
        for name, result in periodic.run_due(timezone.now()):
            if isinstance(result, Exception):
                self.stderr.write(f"{timezone.now():%H:%M:%S} {name} failed: {result}")
            elif result:
                self.stdout.write(f"{timezone.now():%H:%M:%S} {name}: {result}")
