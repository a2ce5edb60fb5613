"""A small history whose every figure was worked out by hand (see test_figures.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogo.conftest import inbound
from dialogo.core.business_time import BOGOTA
from dialogo.inbox.models import Conversation, Direction, Message, State
from dialogo.inbox.services import receive_message
from dialogo.metrics import services
from dialogo.metrics.periods import Filters, Period, Selection
from dialogo.triage.models import Classification


def bogota(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BOGOTA)


def citizen(channel, when, who, root=""):
    msg = inbound(
        "¿Cómo renuevo el pasaporte?", who=who, created_at=when, thread_root_network_id=root
    )
    message, _ = receive_message(channel=channel, inbound=msg)
    return message.conversation


def institution(channel, when, root=""):
    msg = inbound(
        "Le respondemos por aquí.",
        who="entidad",
        name="Entidad",
        created_at=when,
        thread_root_network_id=root,
        from_institution=True,
    )
    message, _ = receive_message(channel=channel, inbound=msg)
    return message.conversation


def label_all(org, message_type="pregunta", needs=True, sentiment="neutro") -> None:
    """Give every citizen message the same label, whatever triage said."""
    for message in Message.objects.filter(organization=org, direction=Direction.IN):
        label(message, message_type, needs, sentiment)


@pytest.fixture(autouse=True)
def _no_triage():
    """The figures' tests set labels themselves: triage's models (trained on first use,
    seconds per test database) are kept out."""
    from dialogo.inbox.bulk import messages_imported
    from dialogo.inbox.signals import message_received
    from dialogo.triage import receivers

    message_received.disconnect(receivers.triage_new_message)
    messages_imported.disconnect(receivers.triage_imported_batch)
    yield
    message_received.connect(receivers.triage_new_message)
    messages_imported.connect(receivers.triage_imported_batch)


def label(message, message_type="pregunta", needs=True, sentiment="neutro") -> None:
    Classification.objects.update_or_create(
        message=message,
        defaults=dict(
            organization_id=message.organization_id,
            message_type=message_type,
            type_confidence=1.0,
            sentiment=sentiment,
            sentiment_confidence=1.0,
            offensive_score=0.0,
            needs_answer=needs,
            created_at=message.created_at,
            message_at=message.created_at,
        ),
    )


@pytest.fixture
def history(org, channel, django_capture_on_commit_callbacks):
    """A: Fri 20 Mar 16:00 → answered Tue 24 Mar 9:30 (Mon 23 is a holiday).
    B: Tue 24 10:00 → 10:20; writes again Wed 25 10:00 → answered Thu 26 10:00; closed
       Thu 26 12:00. C: Wed 25 18:00, never answered. D: Thu 26 7:00 → Fri 27 16:00.
    E: the institution's own post, Wed 25 12:00."""
    with django_capture_on_commit_callbacks(execute=True):
        a = citizen(channel, bogota(20, 16), "a@example.com")
        institution(channel, bogota(24, 9, 30), a.thread_key)
        b = citizen(channel, bogota(24, 10), "b@example.com")
        institution(channel, bogota(24, 10, 20), b.thread_key)
        citizen(channel, bogota(25, 10), "b@example.com", b.thread_key)
        institution(channel, bogota(26, 10), b.thread_key)
        c = citizen(channel, bogota(25, 18), "c@example.com")
        d = citizen(channel, bogota(26, 7), "d@example.com")
        institution(channel, bogota(27, 16), d.thread_key)
        institution(channel, bogota(25, 12))
    Conversation.objects.filter(pk=b.pk).update(state=State.CLOSED, resolved_at=bogota(26, 12))
    label_all(org)
    services.recompute(organization=org)
    return {"a": a, "b": b, "c": c, "d": d}


@pytest.fixture
def march(history) -> Selection:
    return Selection(Period(dt.date(2026, 3, 24), dt.date(2026, 3, 31)), Filters())
