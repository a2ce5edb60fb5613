"""The polling service's guarantees, with a scripted adapter standing in for a network."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from dialogo.conftest import make_member
from dialogo.core.roles import Role
from dialogo.inbox.models import Message
from dialogo.networks import registry, services
from dialogo.networks.base import (
    AdapterError,
    AuthError,
    BaseAdapter,
    FetchResult,
    InboundAuthor,
    InboundMessage,
)
from dialogo.networks.models import Channel, ChannelStatus, FollowerSnapshot

SCRIPT: list = []


@registry.register
class ScriptedAdapter(BaseAdapter):
    kind = "scripted-test"
    label = "Scripted"

    def fetch(self, cursor):
        step = SCRIPT.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def follower_count(self):
        return 1234


def msg(n: int) -> InboundMessage:
    return InboundMessage(
        network_id=f"s-{n}",
        author=InboundAuthor(external_id=f"user-{n % 3}", handle=f"@u{n % 3}"),
        text=f"mensaje {n}",
        created_at=timezone.now() - dt.timedelta(minutes=60 - n),
    )


@pytest.fixture
def scripted(org):
    SCRIPT.clear()
    return Channel.objects.create(
        organization=org, kind="scripted-test", name="Scripted", poll_interval=60
    )


def test_poll_stores_messages_and_moves_cursor(scripted):
    SCRIPT.extend(
        [
            FetchResult([msg(1), msg(2)], {"since": 2}, more=True),
            FetchResult([msg(3)], {"since": 3}),
        ]
    )
    assert services.poll_channel(channel_id=scripted.pk) == 3
    scripted.refresh_from_db()
    assert scripted.cursor == {"since": 3}
    assert scripted.poll_lease_until is None
    assert scripted.next_poll_at > timezone.now()


def test_failure_midway_keeps_cursor_at_last_saved_batch(scripted):
    SCRIPT.extend([FetchResult([msg(1)], {"since": 1}, more=True), AdapterError("502 Bad Gateway")])
    services.poll_channel(channel_id=scripted.pk)
    scripted.refresh_from_db()
    assert scripted.cursor == {"since": 1}
    assert "502" in scripted.last_error
    # The next poll re-reads from the stored cursor; repeats are no-ops.
    SCRIPT.append(FetchResult([msg(1), msg(2)], {"since": 2}))
    assert services.poll_channel(channel_id=scripted.pk) == 1
    assert Message.objects.filter(channel=scripted).count() == 2


def test_rate_limit_backs_off_as_told(scripted):
    SCRIPT.append(AdapterError("429 Too Many Requests", retry_after=900))
    services.poll_channel(channel_id=scripted.pk)
    scripted.refresh_from_db()
    assert scripted.next_poll_at > timezone.now() + dt.timedelta(seconds=850)


def test_revoked_token_pauses_channel_and_tells_admins(scripted, org):
    admin = make_member(org, Role.ADMIN)
    admin.user.email = "admin@ifp.example"
    admin.user.save()
    SCRIPT.append(AuthError("token revoked"))
    services.poll_channel(channel_id=scripted.pk)
    scripted.refresh_from_db()
    assert scripted.status == ChannelStatus.ERROR
    assert mail.outbox[-1].to == ["admin@ifp.example"]
    assert "token revoked" in mail.outbox[-1].body


def test_claimed_channel_is_not_polled_twice(scripted):
    Channel.objects.filter(pk=scripted.pk).update(
        poll_lease_until=timezone.now() + dt.timedelta(minutes=1)
    )
    assert services.poll_channel(channel_id=scripted.pk) == 0


def test_due_channels_claims_once(scripted):
    assert services.due_channels() == [scripted.pk]
    assert services.due_channels() == []


def test_follower_snapshot_once_a_day(scripted):
    assert services.channels_for_follower_snapshot() == [scripted.pk]
    assert services.channels_for_follower_snapshot() == []
    services.snapshot_followers(channel_id=scripted.pk)
    services.snapshot_followers(channel_id=scripted.pk)
    assert FollowerSnapshot.objects.get(channel=scripted).followers == 1234
