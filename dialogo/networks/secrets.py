"""The secrets channels store (credentials, and a network session kept in the cursor),
re-encrypted by `manage.py rotate_encryption_key`."""

from __future__ import annotations

from django.db import transaction

from dialogo.core.crypto import reencrypt, rotates_secrets
from dialogo.networks.models import Channel


@rotates_secrets
def rotate_channel_secrets() -> int:
    """Each channel's credentials and stored session, encrypted again with the current key,
    one channel per transaction (its row locked, so a poll cannot write an old value over)."""
    count = 0
    for pk in Channel.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            channel = Channel.objects.select_for_update().filter(pk=pk).first()
            if channel is None:
                continue
            where = f"channel {pk} ({channel.name})"
            channel.credentials_encrypted = reencrypt(channel.credentials_encrypted, where)
            fields = ["credentials_encrypted"]
            count += bool(channel.credentials_encrypted)
            if isinstance(channel.cursor, dict) and channel.cursor.get("session"):
                session = reencrypt(channel.cursor["session"], f"{where} session")
                channel.cursor = {**channel.cursor, "session": session}
                fields.append("cursor")
                count += 1
            channel.save(update_fields=fields)
    return count
