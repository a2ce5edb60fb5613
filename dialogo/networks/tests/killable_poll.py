"""Run in a subprocess by test_worker_kill: polls a channel whose network serves a fixed,
numbered stream of messages in large batches, so the process can be killed mid-batch."""

import datetime as dt
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
django.setup()

from dialogo.networks import registry  # noqa: E402
from dialogo.networks.base import BaseAdapter, FetchResult, InboundAuthor, InboundMessage  # noqa: E402

TOTAL = int(os.environ.get("STREAM_TOTAL", "3000"))
BATCH = int(os.environ.get("STREAM_BATCH", "1000"))
START = dt.datetime(2026, 1, 5, 14, 0, tzinfo=dt.UTC)


@registry.register
class StreamAdapter(BaseAdapter):
    kind = "stream-test"
    label = "Stream"

    def fetch(self, cursor):
        first = int(cursor.get("next", 0))
        last = min(first + BATCH, TOTAL)
        messages = [
            InboundMessage(
                network_id=f"stream-{n}",
                author=InboundAuthor(
                    external_id=f"citizen-{n % 97}", display_name=f"Persona {n % 97}"
                ),
                text=f"Mensaje número {n} sobre un trámite",
                created_at=START + dt.timedelta(seconds=n),
            )
            for n in range(first, last)
        ]
        return FetchResult(messages, {"next": last}, more=last < TOTAL)


def main() -> None:
    from dialogo.core.models import Organization
    from dialogo.networks.models import Channel
    from dialogo.networks.services import poll_channel

    if sys.argv[1] == "setup":
        org = Organization.objects.create(name="Entidad de prueba", slug="prueba")
        print(Channel.objects.create(organization=org, kind="stream-test", name="stream").pk)
        return
    channel_id = int(sys.argv[2])
    # A restarted worker finds the lease of the killed one; in production it expires.
    Channel.objects.filter(pk=channel_id).update(poll_lease_until=None)
    print(poll_channel(channel_id=channel_id), flush=True)


if __name__ == "__main__":
    main()
