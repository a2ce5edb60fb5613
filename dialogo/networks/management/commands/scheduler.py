"""`manage.py scheduler`: enqueue due channel polls and the daily follower snapshots.

Run one (or more: claims make it safe) next to `manage.py db_worker`, which does the work.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dialogo.core.models import Organization
from dialogo.moderation.services import detect_alerts
from dialogo.networks import services, tasks


class Command(BaseCommand):
    help = "Enqueue due channel polls and daily follower snapshots (loops unless --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between passes")

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        while True:
            polls, snapshots = self.tick()
            if polls or snapshots:
                self.stdout.write(
                    f"{timezone.now():%H:%M:%S} queued {polls} polls, {snapshots} snapshots"
                )
            if once:
                return
            time.sleep(interval)

    def tick(self) -> tuple[int, int]:
        due = services.due_channels()
        for channel_id in due:
            tasks.poll_channel.enqueue(channel_id)
        for organization in Organization.objects.all():
            for alert in detect_alerts(organization=organization):
                self.stdout.write(f"alert: {organization.slug} {alert}")
        count = 0
        for channel_id in services.channels_for_follower_snapshot():
            tasks.snapshot_followers.enqueue(channel_id)
            count += 1
        return len(due), count
