"""Channel writes: connecting an account, polling it, and snapshotting its followers.

Polling is safe with many workers on many machines: a worker first claims the channel with a
conditional UPDATE on its lease; the cursor is stored only after the fetched messages are
saved, so a crash (even `kill -9`) between the two re-fetches the batch, and re-ingesting is
a no-op (messages are unique per channel and network id).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Membership, Organization
from dialogo.core.roles import Role
from dialogo.inbox.services import InboxError, receive_message
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.import_tasks import run_import
from dialogo.networks.models import Channel, ChannelStatus, FollowerSnapshot, ImportJob
from dialogo.networks.registry import get_adapter

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
MAX_BATCHES_PER_POLL = 20


class ChannelError(Exception):
    """A refused channel action, with a message fit to show the administrator."""


def connect_channel(
    *,
    organization: Organization,
    actor: Any,
    kind: str,
    name: str,
    credentials: dict[str, Any],
    channel: Channel | None = None,
) -> Channel:
    """Create or update a channel after checking its credentials against the network."""
    adapter_cls = get_adapter(kind)
    candidate = channel or Channel(organization=organization, kind=kind)
    candidate.name = name
    candidate.set_credentials(credentials)
    # The remote server's own words stay in the log: shown on the page, they would let the
    # form read whatever answers at an address (the admin may have typed an internal one).
    try:
        handle = adapter_cls(candidate).check_credentials()
    except AuthError as exc:
        log.warning("channel check for %s refused: %s", kind, exc)
        raise ChannelError(_("The network rejected these credentials.")) from exc
    except AdapterError as exc:
        log.warning("channel check for %s failed: %s", kind, exc)
        raise ChannelError(
            _("Could not reach the network at that address, or it did not answer as expected.")
        ) from exc
    candidate.handle = (handle or candidate.handle)[:200]
    candidate.status = ChannelStatus.ACTIVE
    candidate.last_error = ""
    candidate.next_poll_at = timezone.now()
    with transaction.atomic():
        candidate.save()
        audit.record(
            action="channel.connect",
            organization=organization,
            actor=actor,
            target=candidate,
            details={"kind": kind, "handle": candidate.handle},
        )
    return candidate


def _claim(channel_id: int) -> bool:
    now = timezone.now()
    return bool(
        Channel.objects.filter(pk=channel_id, status=ChannelStatus.ACTIVE)
        .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
        .update(poll_lease_until=now + LEASE)
    )


def poll_channel(*, channel_id: int) -> int:
    """Fetch and store what is new on one channel; returns how many messages were new."""
    if not _claim(channel_id):
        return 0
    channel = Channel.objects.select_related("organization").get(pk=channel_id)
    adapter = channel.adapter
    new = 0
    try:
        if not adapter.can_fetch:
            return 0
        for _batch in range(MAX_BATCHES_PER_POLL):
            result = adapter.fetch(dict(channel.cursor))
            for inbound in result.messages:
                try:
                    _message, created = receive_message(channel=channel, inbound=inbound)
                except InboxError as exc:
                    log.warning("channel %s: skipped %s: %s", channel.pk, inbound.network_id, exc)
                    continue
                new += int(created)
            # Only now, with every message of the batch stored, does the cursor move.
            channel.cursor = result.cursor
            Channel.objects.filter(pk=channel.pk).update(cursor=result.cursor)
            if not result.more:
                break
        _finish_poll(channel, next_in=channel.poll_interval)
    except AuthError as exc:
        _mark_auth_failure(channel, str(exc))
    except AdapterError as exc:
        wait = exc.retry_after if exc.retry_after else channel.poll_interval
        _finish_poll(channel, next_in=max(wait, 1), error=str(exc))
    return new


def _finish_poll(channel: Channel, *, next_in: float, error: str = "") -> None:
    now = timezone.now()
    Channel.objects.filter(pk=channel.pk).update(
        last_polled_at=now,
        next_poll_at=now + dt.timedelta(seconds=next_in),
        poll_lease_until=None,
        last_error=error[:2000],
    )


def _mark_auth_failure(channel: Channel, reason: str) -> None:
    """Credentials expired or revoked: stop polling, tell the administrators."""
    Channel.objects.filter(pk=channel.pk).update(
        status=ChannelStatus.ERROR, last_error=reason[:2000], poll_lease_until=None
    )
    audit.record(
        action=audit.Action.CHANNEL_AUTH_FAILED,
        organization=channel.organization,
        actor=None,  # the network refused, whoever's request ran the poll
        target=channel,
        details={"error": reason[:500]},
    )
    admins = Membership.objects.filter(
        organization=channel.organization, role=Role.ADMIN
    ).select_related("user")
    recipients = [m.user.email for m in admins if m.user.email]
    subject = _("Diálogo: the channel %(name)s needs new credentials") % {"name": channel.name}
    body = _(
        "The network rejected the credentials of the channel %(name)s (%(kind)s): %(error)s\n"
        "Polling is paused until an administrator connects it again."
    ) % {"name": channel.name, "kind": channel.kind_label, "error": reason}
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    else:
        mail_admins(subject, body, fail_silently=True)


def due_channels(now: dt.datetime | None = None) -> list[int]:
    """Ids of active channels whose poll is due, claimed by pushing next_poll_at forward so
    two schedulers never enqueue the same poll."""
    now = now or timezone.now()
    ids = []
    candidates = Channel.objects.filter(status=ChannelStatus.ACTIVE).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    for channel_id, interval in candidates.values_list("pk", "poll_interval"):
        claimed = (
            Channel.objects.filter(pk=channel_id)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .update(next_poll_at=now + dt.timedelta(seconds=max(interval, 30)))
        )
        if claimed:
            ids.append(channel_id)
    return ids


def channels_for_follower_snapshot() -> list[int]:
    """Active channels not yet snapshotted today, each claimed for today (once per day)."""
    today = timezone.localdate()
    ids = []
    stale = Q(followers_checked_on__isnull=True) | Q(followers_checked_on__lt=today)
    for channel_id in Channel.objects.filter(stale, status=ChannelStatus.ACTIVE).values_list(
        "pk", flat=True
    ):
        if Channel.objects.filter(stale, pk=channel_id).update(followers_checked_on=today):
            ids.append(channel_id)
    return ids


def snapshot_followers(*, channel_id: int, day: dt.date | None = None) -> FollowerSnapshot | None:
    """Store today's follower count (once per day; a second call the same day updates it)."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or channel.status != ChannelStatus.ACTIVE:
        return None
    try:
        count = channel.adapter.follower_count()
    except (AdapterError, LookupError, NotImplementedError) as exc:
        log.warning("channel %s: no follower count: %s", channel_id, exc)
        return None
    if count is None:
        return None
    day = day or timezone.localdate()
    snapshot, _created = FollowerSnapshot.objects.update_or_create(
        channel=channel, day=day, defaults={"followers": count}
    )
    return snapshot


def toggle_channel(*, channel: Channel, user: Any) -> str:
    """Pause an active channel (it is no longer polled) or resume a paused one; audited.
    Returns the new status."""
    new_status = (
        ChannelStatus.ACTIVE if channel.status != ChannelStatus.ACTIVE else ChannelStatus.PAUSED
    )
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(status=new_status)
        audit.record(
            action=audit.Action.CHANNEL_STATUS,
            organization=channel.organization,
            actor=user,
            target=channel,
            details={"from": channel.status, "to": new_status},
        )
    channel.status = new_status
    return new_status


def queue_import(*, channel: Channel, user: Any, upload: Any, archive_format: str) -> ImportJob:
    """Keep an uploaded archive under DATA_DIR/imports and queue its import (audited); the
    worker reads it from there, so a restart resumes it."""
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(upload.name).name
    target = folder / f"{uuid.uuid4().hex}-{name[-80:]}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            organization=channel.organization,
            channel=channel,
            created_by=user,
            file_path=str(target),
            original_name=name[:255],
            archive_format=archive_format,
            total_bytes=target.stat().st_size,
        )
        audit.record(
            action=audit.Action.CHANNEL_IMPORT,
            organization=channel.organization,
            actor=user,
            target=channel,
            details={"job": job.pk, "file": job.original_name},
        )
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
