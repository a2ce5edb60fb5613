"""`manage.py demo`: load the fictional demo institution (once) with its message history."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from dialogo.core.models import Organization
from dialogo.demo import content, loader
from dialogo.demo import pqrsd as pqrsd_demo
from dialogo.metrics.services import recompute as recompute_metrics


class Command(BaseCommand):
    help = "Load the fictional demo institution with about 90 days of citizen conversations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=3000, help="number of conversations")
        parser.add_argument(
            "--messages",
            type=int,
            default=0,
            help="instead of --size: stop after about this many messages",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--no-triage", action="store_true", help="skip classifying the history")

    def handle(
        self, *args, size: int, messages: int, seed: int, days: int, no_triage: bool, **options
    ) -> None:
        slug = content.ORGANIZATION["slug"]
        if Organization.objects.filter(slug=slug).exists():
            self.stdout.write(f"The demo institution «{slug}» is already loaded; nothing added.")
        else:
            self._load(size, messages, seed, days)
            if not no_triage:
                self.stdout.write(
                    "Classifying the history (the first run trains the shipped models)…"
                )
                loader.classify_history(Organization.objects.get(slug=slug), out=self.stdout)
                self.stdout.write("Counting the figures of the dashboard…")
                recompute_metrics(organization=Organization.objects.get(slug=slug))
        self._print_logins()

    def _load(self, size: int, messages: int, seed: int, days: int) -> None:
        started = time.monotonic()
        org = loader.create_institution()
        count = size if not messages else max(1, messages // 3)
        # With --messages, generate generously and stop once the target is reached.
        items = content.generate_conversations(
            seed=seed, count=count * (3 if messages else 1), end=loader.demo_end(), days=days
        )
        if messages:
            items = _until_messages(items, messages)
        self.stdout.write(f"Loading the demo institution «{org.name}»…")
        convs, msgs = loader.load_conversations(
            org, items, total=count, target_messages=messages, out=self.stdout
        )
        requests = pqrsd_demo.load(org)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Loaded {convs:,} conversations, {msgs:,} messages and {requests} PQRSD requests "
            f"in {elapsed:.1f} s."
        )

    def _print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password for all: {loader.DEMO_PASSWORD}):")
        for member in content.TEAM:
            self.stdout.write(f"  {member['username']:<12} {member['role']}")


def _until_messages(items, target: int):
    total = 0
    for item in items:
        if total >= target:
            return
        total += len(item.messages)
        yield item
