"""`manage.py rotate_encryption_key`: re-encrypt every stored secret with ENCRYPTION_KEY.

Rotation: put the new key in ENCRYPTION_KEY and the old one in ENCRYPTION_KEY_FALLBACKS,
restart, run this command, then remove the old key. Values encrypted before ENCRYPTION_KEY
existed (with a key derived from SECRET_KEY) are moved the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dialogo.core import crypto


class Command(BaseCommand):
    help = "Re-encrypt every stored secret (network credentials) with ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        if not crypto.ROTATIONS:
            raise CommandError("No app registered stored secrets.")
        total = 0
        for rotate in crypto.ROTATIONS:
            try:
                total += rotate()
            except crypto.UnreadableSecret as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"re-encrypted {total} stored secrets with ENCRYPTION_KEY")
