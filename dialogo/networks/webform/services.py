"""Receiving a message from the public web form."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from dialogo.core import audit, throttle
from dialogo.core.models import Organization
from dialogo.inbox.models import Message
from dialogo.inbox.services import receive_message
from dialogo.networks.base import InboundAuthor, InboundMessage, single_line
from dialogo.networks.models import Channel


@dataclass
class Submission:
    name: str
    email: str
    phone: str
    subject: str
    text: str


def webform_channel(organization: Organization) -> Channel:
    channel = (
        Channel.objects.filter(organization=organization, kind="webform").order_by("pk").first()
    )
    if channel is None:
        channel = Channel.objects.create(
            organization=organization, kind="webform", name="Escríbanos", handle="web"
        )
    return channel


def rate_limited(*, organization: Organization, ip_address: str | None) -> bool:
    """True when this address already sent its hourly allowance; else counts this message.
    Atomic across processes (a database row, see core.throttle)."""
    key = f"webform:{organization.pk}:{ip_address or 'unknown'}"
    return not throttle.consume(
        key, limit=settings.WEBFORM_RATE_LIMIT, window=dt.timedelta(hours=1)
    )


def submit_webform(
    *, organization: Organization, submission: Submission, ip_address: str | None
) -> Message:
    """Turn a web form submission into an inbound message; returns it (its id is the receipt)."""
    channel = webform_channel(organization)
    # Name, address and subject end up in the headers of the replies: one line each.
    email = single_line(submission.email).lower()
    inbound = InboundMessage(
        network_id=f"web-{uuid.uuid4().hex}",
        # Each submission is its own identity: the address is typed, not proven, so it never
        # files a message into a known citizen's history (staff may link them afterwards).
        author=InboundAuthor(
            external_id=f"web-{uuid.uuid4().hex}",
            handle=email,
            display_name=single_line(submission.name),
            email=email,
        ),
        text=submission.text,
        subject=single_line(submission.subject),
        created_at=timezone.now(),
        is_private=True,
        raw={"phone": submission.phone, "ip": ip_address or "", "consent": True},
    )
    message, _created = receive_message(channel=channel, inbound=inbound)
    audit.record(
        action=audit.Action.WEBFORM,
        organization=organization,
        target=message.conversation,
        details={"message": message.pk},
        ip_address=ip_address,
    )
    if (
        submission.phone
        and message.author
        and message.author.citizen
        and not message.author.citizen.phone
    ):
        citizen = message.author.citizen
        citizen.phone = submission.phone[:40]
        citizen.save(update_fields=["phone"])
    return message
