"""Truthful reply states: answered only when delivered; no reply lost or stuck in flight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogo.conftest import make_conversation, make_member
from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox import queries, services
from dialogo.inbox.models import Conversation, Message, SendStatus, State
from dialogo.networks.base import AdapterError
from dialogo.networks.webform.adapter import WebFormAdapter


def reply(conv, member, text="Con gusto le ayudamos.", **extra) -> Message:
    conv.refresh_from_db()
    return services.send_reply(
        conversation=conv, membership=member, text=text, expected_version=conv.version, **extra
    )


@pytest.fixture
def failing_network(monkeypatch):
    """The channel's network refuses every reply, as X did with an OAuth error."""

    def refuse(self, reply):
        raise AdapterError("OAuth error: token expired")

    monkeypatch.setattr(WebFormAdapter, "send", refuse)


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- answered only when delivered -------------------------------------------------------------


def test_failed_delivery_never_marks_answered_nor_stops_the_timer(
    conversation, agent, failing_network, django_capture_on_commit_callbacks
):
    due = conversation.response_due_at
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(conversation, agent, wait_for_citizen=True)
    message.refresh_from_db()
    conversation.refresh_from_db()
    assert (message.send_status, message.send_error) == (
        SendStatus.FAILED,
        "OAuth error: token expired",
    )
    assert conversation.state == State.OPEN
    assert conversation.awaiting_response is True
    assert conversation.response_due_at == due
    assert conversation.first_response_at is None


def test_queued_reply_keeps_the_conversation_awaiting(conversation, agent):
    reply(conversation, agent, wait_for_citizen=True)  # the worker has not run yet
    conversation.refresh_from_db()
    assert conversation.awaiting_response is True
    assert conversation.state == State.OPEN
    assert conversation.first_response_at is None
    assert conversation.message_count == 2
    assert conversation.assignee == agent.user


def test_delivery_answers_with_the_delivery_time(conversation, agent, monkeypatch):
    message = reply(conversation, agent, wait_for_citizen=True)
    delivered = message.created_at + dt.timedelta(minutes=7)
    at(delivered, monkeypatch)
    services.deliver(message_id=message.pk)
    conversation.refresh_from_db()
    assert conversation.state == State.WAITING  # the agent's choice, now that it arrived
    assert conversation.awaiting_response is False and conversation.response_due_at is None
    assert conversation.first_response_at == delivered
    assert len(mail.outbox) == 1


def test_citizen_writing_while_reply_in_flight_stays_pending(channel, agent):
    conv = make_conversation(channel, "Primera pregunta")
    message = reply(conv, agent)
    services.receive_message(
        channel=channel,
        inbound=_inbound_now("Y otra cosa más", in_reply_to_network_id=conv.thread_key),
    )
    services.deliver(message_id=message.pk)
    conv.refresh_from_db()
    assert conv.awaiting_response is True and conv.state == State.OPEN


def _inbound_now(text, **extra):
    from dialogo.conftest import inbound

    return inbound(text, created_at=timezone.now(), **extra)


def test_mark_answered_records_who_and_why(conversation, agent):
    with pytest.raises(services.InboxError):
        services.mark_answered(conversation=conversation, membership=agent, reason="  ")
    conv = services.mark_answered(
        conversation=conversation, membership=agent, reason="Llamada al 300 555 0101"
    )
    assert conv.state == State.ANSWERED and conv.awaiting_response is False
    assert conv.first_response_at is not None
    entry = AuditEntry.objects.get(action=Action.MARK_ANSWERED)
    assert entry.actor == agent.user
    assert entry.details["reason"] == "Llamada al 300 555 0101"


def test_mark_answered_needs_a_role_that_replies(conversation, org):
    analyst = make_member(org, Role.ANALYST)
    with pytest.raises(services.InboxError):
        services.mark_answered(conversation=conversation, membership=analyst, reason="Por teléfono")


def test_answered_is_not_a_state_to_pick_while_awaiting(conversation, agent):
    for state in (State.ANSWERED, State.WAITING):
        with pytest.raises(services.InboxError):
            services.change_state(conversation=conversation, membership=agent, state=state)
    conversation.refresh_from_db()
    assert conversation.awaiting_response is True


@pytest.mark.parametrize("delivery", ["failed", "pending"])
def test_closing_with_an_undelivered_reply_asks_first(
    conversation, agent, monkeypatch, delivery, django_capture_on_commit_callbacks
):
    if delivery == "failed":
        monkeypatch.setattr(WebFormAdapter, "send", _refuse)
    with django_capture_on_commit_callbacks(execute=delivery == "failed"):
        reply(conversation, agent)
    with pytest.raises(services.NeedsConfirmation):
        services.change_state(conversation=conversation, membership=agent, state=State.CLOSED)
    conversation.refresh_from_db()
    assert conversation.state == State.OPEN
    conv = services.change_state(
        conversation=conversation, membership=agent, state=State.CLOSED, confirm=True
    )
    assert conv.state == State.CLOSED and conv.awaiting_response is False


def _refuse(self, reply):
    raise AdapterError("OAuth error")


def test_closing_after_delivery_needs_no_confirmation(
    conversation, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(conversation, agent)
    conv = services.change_state(conversation=conversation, membership=agent, state=State.CLOSED)
    assert conv.state == State.CLOSED


# --- pages -------------------------------------------------------------------------------------


def _url(conv, name="conversation"):
    return reverse(f"inbox:{name}", kwargs={"org": conv.organization.slug, "pk": conv.pk})


def test_reply_page_says_queued_and_shows_each_delivery_state(client, conversation, agent):
    client.force_login(agent.user)
    response = client.post(
        _url(conversation, "reply"),
        {"text": "Le respondemos pronto", "version": conversation.version, "idempotency_key": "k1"},
        follow=True,
    )
    body = response.content.decode()
    assert "Respuesta en cola de envío" in body
    assert "Respuesta enviada" not in body
    assert "En cola, aún sin entregar" in body
    services.deliver(message_id=Message.objects.get(idempotency_key="k1").pk)
    body = client.get(_url(conversation)).content.decode()
    assert "Entregada" in body and "En cola, aún sin entregar" not in body


@pytest.mark.django_db(transaction=True)  # commits: the delivery runs at once, as in dev
def test_reply_page_says_when_delivery_failed(client, conversation, agent, failing_network):
    client.force_login(agent.user)
    response = client.post(
        _url(conversation, "reply"),
        {"text": "Le respondemos", "version": conversation.version, "idempotency_key": "k2"},
        follow=True,
    )
    body = response.content.decode()
    assert "La respuesta no se pudo entregar: OAuth error: token expired" in body
    assert "Reintentar" in body


def test_close_view_asks_then_closes_on_confirmation(client, conversation, agent, failing_network):
    services.deliver(message_id=reply(conversation, agent).pk)
    client.force_login(agent.user)
    response = client.post(_url(conversation, "state"), {"state": "closed"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "¿Cerrar la conversación?" in body
    assert "no se pudo entregar" in body
    assert 'name="confirm" value="1"' in body
    assert Conversation.objects.get(pk=conversation.pk).state == State.OPEN
    client.post(_url(conversation, "state"), {"state": "closed", "confirm": "1"})
    assert Conversation.objects.get(pk=conversation.pk).state == State.CLOSED


def test_mark_answered_view(client, conversation, agent):
    client.force_login(agent.user)
    page = client.get(_url(conversation)).content.decode()
    assert "Marcar como respondida" in page
    client.post(_url(conversation, "mark_answered"), {"answered-reason": "Atendida en ventanilla"})
    conversation.refresh_from_db()
    assert conversation.state == State.ANSWERED
    assert AuditEntry.objects.get(action=Action.MARK_ANSWERED).details["reason"] == (
        "Atendida en ventanilla"
    )


def test_inbox_marks_and_filters_failed_deliveries(
    client, channel, agent, other_org, failing_network
):
    failed = make_conversation(channel, "La respuesta a esta no llegó")
    fine = make_conversation(channel, "Esta sigue esperando")
    services.deliver(message_id=reply(failed, agent).pk)
    elsewhere = make_conversation(_channel_of(other_org), "Otra entidad, también fallida")
    Message.objects.filter(conversation=elsewhere).update(send_status=SendStatus.FAILED)
    client.force_login(agent.user)
    base = reverse("inbox:inbox", kwargs={"org": agent.organization.slug})
    everything = client.get(base).content.decode()
    assert everything.count("Respuesta no entregada") == 2  # the row's badge and the filter
    body = client.get(base + "?delivery=failed").content.decode()
    assert "La respuesta a esta no llegó" in body
    assert "Esta sigue esperando" not in body and "Otra entidad" not in body
    mine = queries.conversations_for(agent)
    assert list(queries.with_failed_delivery(mine)) == [failed]
    assert fine.pk not in queries.with_failed_delivery(mine).values_list("pk", flat=True)


def _channel_of(organization):
    from dialogo.networks.models import Channel

    return Channel.objects.create(organization=organization, kind="webform", name="Web")


# --- no reply lost silently ------------------------------------------------------------------


@pytest.mark.parametrize("error", [ValueError("boom"), RuntimeError("worker bug")])
def test_any_adapter_exception_marks_the_send_failed_with_its_reason(
    conversation, agent, monkeypatch, error
):
    def explode(self, reply):
        raise error

    monkeypatch.setattr(WebFormAdapter, "send", explode)
    message = services.deliver(message_id=reply(conversation, agent).pk)
    message.refresh_from_db()
    assert message.send_status == SendStatus.FAILED
    assert message.send_error == f"{error.__class__.__name__}: {error}"
    assert AuditEntry.objects.filter(action=Action.REPLY_FAILED).count() == 1
    assert services.retry_delivery(message=message, membership=agent) is True


def test_worker_dying_between_claim_and_send_is_retried_and_delivered_once(
    conversation, agent, settings, django_capture_on_commit_callbacks
):
    settings.SEND_LEASE_SECONDS = 300
    message = reply(conversation, agent)
    claimed_at = timezone.now()
    assert services.claim_send(message_id=message.pk, now=claimed_at) is True
    # ... and the worker dies here: nothing was sent, the row says "sending".
    assert services.deliver(message_id=message.pk) is None  # nobody else may take it
    assert services.release_stale_sends(now=claimed_at + dt.timedelta(seconds=299)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_stale_sends(now=claimed_at + dt.timedelta(seconds=301)) == (1, 0)
    message.refresh_from_db()
    conversation.refresh_from_db()
    assert message.send_status == SendStatus.SENT and message.send_attempts == 2
    assert len(mail.outbox) == 1
    assert conversation.state == State.ANSWERED
    assert services.release_stale_sends(now=claimed_at + dt.timedelta(days=1)) == (0, 0)


def test_stale_send_fails_after_the_last_attempt(conversation, agent, settings):
    settings.SEND_MAX_ATTEMPTS = 2
    message = reply(conversation, agent)
    start = timezone.now()
    for attempt in range(2):
        claimed = start + dt.timedelta(hours=attempt)
        assert services.claim_send(message_id=message.pk, now=claimed)
        later = claimed + dt.timedelta(seconds=settings.SEND_LEASE_SECONDS + 1)
        services.release_stale_sends(now=later)
    message.refresh_from_db()
    assert message.send_status == SendStatus.FAILED
    assert "2" in message.send_error
    assert AuditEntry.objects.filter(action=Action.REPLY_FAILED).count() == 1
    assert len(mail.outbox) == 0


def test_release_stale_sends_task_runs_the_sweep(
    conversation, agent, django_capture_on_commit_callbacks
):
    from dialogo.inbox.tasks import release_stale_sends

    message = reply(conversation, agent)
    Message.objects.filter(pk=message.pk).update(
        send_status=SendStatus.SENDING, send_claimed_at=None
    )  # stuck before leases existed
    with django_capture_on_commit_callbacks(execute=True):
        release_stale_sends.enqueue()
    message.refresh_from_db()
    assert message.send_status == SendStatus.SENT  # requeued, then delivered


def test_reply_already_seen_by_a_poll_is_still_marked_delivered(
    conversation, agent, monkeypatch, channel
):
    from dialogo.conftest import inbound
    from dialogo.networks.base import SendResult

    message = reply(conversation, agent)
    services.receive_message(
        channel=channel, inbound=inbound("Con gusto le ayudamos.", network_id="net-77")
    )  # the network's copy of our reply, stored by a poll before the worker finished
    monkeypatch.setattr(WebFormAdapter, "send", lambda self, reply: SendResult("net-77"))
    services.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.send_status == SendStatus.SENT and message.network_id is None
    assert services.release_stale_sends(now=timezone.now() + dt.timedelta(days=1)) == (0, 0)
