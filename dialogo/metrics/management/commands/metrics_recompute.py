"""Rebuild the roll-ups from the messages: after installing the metrics on an existing
history, or to repair them. `--org` limits it to one organization."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dialogo.core.models import Organization
from dialogo.metrics import services


class Command(BaseCommand):
    help = "Rebuild the metrics roll-ups of every organization (or of one) from its messages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", default="", help="slug of one organization")

    def handle(self, *args, org: str, **options) -> None:
        orgs = Organization.objects.order_by("pk")
        if org:
            orgs = orgs.filter(slug=org)
            if not orgs.exists():
                raise CommandError(f"No organization «{org}».")
        for organization in orgs:
            started = time.monotonic()
            rows = services.recompute(organization=organization)
            self.stdout.write(
                f"{organization.slug}: {rows:,} roll-up rows in {time.monotonic() - started:.1f} s"
            )
        services.refresh_dirty()
