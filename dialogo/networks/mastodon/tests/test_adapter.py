"""The Mastodon adapter against a running mastodon-mock server: the worker's poll, the agent's
reply, and the failures the mock can inject (see ../README.md for what it cannot)."""

from __future__ import annotations

from typing import Any

import pytest

from dialogo.inbox.models import Conversation, Direction, Message, SendStatus
from dialogo.inbox.services import deliver, send_reply
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.mastodon import adapter as adapter_module
from dialogo.networks.mastodon import client as mastodon_client
from dialogo.networks.mastodon.tests.conftest import add_fault, make_channel
from dialogo.networks.models import Channel, ChannelStatus


def poll(channel: Channel) -> int:
    new = services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    return new


# --- credentials and followers ---------------------------------------------------------------


def test_check_credentials_returns_full_handle(mastodon_channel, server):
    host = server.base_url.removeprefix("http://")
    assert mastodon_channel.adapter.check_credentials() == f"@institucion@{host}"


def test_check_credentials_with_bad_token_is_auth_error(org, server):
    channel = make_channel(org, server.base_url, "revoked-token")
    with pytest.raises(AuthError) as caught:
        channel.adapter.check_credentials()
    assert "401" in str(caught.value)


def test_connect_channel_with_bad_token_explains(org, members, server):
    from dialogo.networks.services import ChannelError, connect_channel

    with pytest.raises(ChannelError):
        connect_channel(
            organization=org,
            actor=None,
            kind="mastodon",
            name="Mastodon",
            credentials={"instance_url": server.base_url, "access_token": "wrong"},
        )


def test_follower_count(mastodon_channel, citizen, other_citizen, institution):
    me = institution.account_verify_credentials()
    citizen.account_follow(me["id"])
    other_citizen.account_follow(me["id"])
    assert mastodon_channel.adapter.follower_count() == 2
    services.snapshot_followers(channel_id=mastodon_channel.pk)
    assert mastodon_channel.follower_snapshots.get().followers == 2


# --- polling ---------------------------------------------------------------------------------


def test_poll_brings_mentions_into_the_inbox(mastodon_channel, citizen):
    status = citizen.status_post(
        "@institucion ¿Cómo saco el pasaporte? Tengo cita & dudas", visibility="public"
    )
    assert poll(mastodon_channel) == 1
    message = Message.objects.get(channel=mastodon_channel)
    assert message.network_id == str(status["id"])
    assert message.direction == Direction.IN
    assert message.text == "@institucion ¿Cómo saco el pasaporte? Tengo cita & dudas"
    assert message.author.handle.startswith("@lucia@127.0.0.1:")
    assert message.author.display_name == "Lucía Prueba"
    assert message.is_private is False
    assert message.created_at.tzinfo is not None
    assert message.raw["status"]["id"] == str(status["id"])
    assert mastodon_channel.cursor == {"min_id": str(message.raw["id"])}
    assert mastodon_channel.last_error == ""


def test_repoll_creates_no_duplicates(mastodon_channel, citizen):
    citizen.status_post("@institucion primera")
    assert poll(mastodon_channel) == 1
    assert poll(mastodon_channel) == 0
    citizen.status_post("@institucion segunda")
    assert poll(mastodon_channel) == 1
    assert Message.objects.filter(channel=mastodon_channel).count() == 2


def test_direct_message_is_private(mastodon_channel, citizen):
    citizen.status_post("@institucion mi número de cédula es 123", visibility="direct")
    poll(mastodon_channel)
    assert Message.objects.get(channel=mastodon_channel).is_private is True


def test_only_mentions_come_in(mastodon_channel, citizen, institution):
    post = institution.status_post("Nuevo horario de atención")
    citizen.status_favourite(post["id"])
    citizen.account_follow(institution.account_verify_credentials()["id"])
    assert poll(mastodon_channel) == 0


def test_replies_to_the_institutions_post_join_one_conversation(
    mastodon_channel, citizen, other_citizen, institution
):
    post = institution.status_post("¿Qué trámite le gustaría hacer en línea?")
    first = citizen.status_post("@institucion el pasaporte", in_reply_to_id=post["id"])
    other_citizen.status_post("@institucion la licencia", in_reply_to_id=post["id"])
    citizen.status_post("@institucion y también el certificado", in_reply_to_id=first["id"])
    assert poll(mastodon_channel) == 3
    conversation = Conversation.objects.get(channel=mastodon_channel)
    assert conversation.thread_key == str(post["id"])
    assert conversation.message_count == 3
    reply = Message.objects.get(channel=mastodon_channel, in_reply_to_network_id=str(first["id"]))
    assert reply.in_reply_to.network_id == str(first["id"])


def test_a_deep_reply_finds_its_root_through_the_context_api(
    mastodon_channel, citizen, institution
):
    post = institution.status_post("Consulta pública")
    middle = institution.status_post("Más detalles en el hilo", in_reply_to_id=post["id"])
    citizen.status_post("@institucion opino que sí", in_reply_to_id=middle["id"])
    poll(mastodon_channel)
    assert Conversation.objects.get(channel=mastodon_channel).thread_key == str(post["id"])


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 3 instead of Mastodon's 40: the same code path with fewer statuses to post."""
    monkeypatch.setattr(adapter_module, "PAGE", 3)
    return 3


def test_a_burst_larger_than_a_page_arrives_oldest_first(mastodon_channel, citizen, small_pages):
    for n in range(small_pages * 2 + 1):
        citizen.status_post(f"@institucion mensaje {n}")
    assert poll(mastodon_channel) == small_pages * 2 + 1
    texts = list(
        Message.objects.filter(channel=mastodon_channel)
        .order_by("created_at", "id")
        .values_list("text", flat=True)
    )
    assert texts == [f"@institucion mensaje {n}" for n in range(small_pages * 2 + 1)]


def test_fetch_pages_in_order_and_cursor_stops_at_the_last_handled(
    mastodon_channel, citizen, small_pages
):
    for n in range(small_pages + 1):
        citizen.status_post(f"@institucion n{n}")
    adapter = mastodon_channel.adapter
    first = adapter.fetch({})
    assert [m.text for m in first.messages] == [f"@institucion n{n}" for n in range(small_pages)]
    assert first.more is True
    second = adapter.fetch(first.cursor)
    assert [m.text for m in second.messages] == [f"@institucion n{small_pages}"]
    assert second.more is False
    assert adapter.fetch(second.cursor).messages == []
    assert adapter.fetch(second.cursor).cursor == second.cursor


# --- failures --------------------------------------------------------------------------------


def test_rate_limit_keeps_cursor_and_backs_off(mastodon_channel, citizen):
    citizen.status_post("@institucion hola")
    add_fault(citizen_server(citizen), "/api/v1/notifications", type="ratelimit")
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.fetch({})
    assert 250 < caught.value.retry_after <= 302  # 300 s, give or take the Date header's second
    add_fault(citizen_server(citizen), "/api/v1/notifications", type="ratelimit")
    assert poll(mastodon_channel) == 0
    assert mastodon_channel.cursor == {}
    assert mastodon_channel.last_error
    waited = mastodon_channel.next_poll_at - mastodon_channel.last_polled_at
    assert waited.total_seconds() > 250
    Channel.objects.filter(pk=mastodon_channel.pk).update(next_poll_at=None)
    assert poll(mastodon_channel) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retryable(mastodon_channel, citizen, status):
    citizen.status_post("@institucion hola")
    add_fault(citizen_server(citizen), "/api/v1/notifications", type="status", status=status)
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.fetch({})
    assert not isinstance(caught.value, AuthError)
    assert caught.value.permanent is False
    assert str(status) in str(caught.value)
    assert poll(mastodon_channel) == 1


def test_malformed_json_is_retryable_and_loses_nothing(mastodon_channel, citizen):
    citizen.status_post("@institucion hola")
    add_fault(citizen_server(citizen), "/api/v1/notifications", type="malformed")
    assert poll(mastodon_channel) == 0
    assert mastodon_channel.cursor == {}
    assert mastodon_channel.last_error
    Channel.objects.filter(pk=mastodon_channel.pk).update(next_poll_at=None)
    assert poll(mastodon_channel) == 1


def test_timeout_is_retryable(mastodon_channel, citizen, monkeypatch):
    monkeypatch.setattr(mastodon_client, "TIMEOUT", 0.3)
    add_fault(citizen_server(citizen), "/api/v1/notifications", type="latency", delay_ms=1500)
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.fetch({})
    assert not caught.value.permanent


def test_revoked_token_pauses_the_channel(org, server, members):
    channel = make_channel(org, server.base_url, "revoked-token")
    poll(channel)
    assert channel.status == ChannelStatus.ERROR
    assert "401" in channel.last_error


def test_unreachable_instance_is_retryable(org):
    from dialogo.testing.services import free_port

    channel = make_channel(org, f"http://127.0.0.1:{free_port()}", "token")
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert not isinstance(caught.value, AuthError)


# --- replying --------------------------------------------------------------------------------


def reply_from_inbox(channel: Channel, agent: Any, text: str, key: str = "") -> Message:
    conversation = Conversation.objects.get(channel=channel)
    message = send_reply(
        conversation=conversation,
        membership=agent,
        text=text,
        expected_version=conversation.version,
        idempotency_key=key,
    )
    delivered = deliver(message_id=message.pk)
    assert delivered is not None
    return delivered


def test_agent_reply_reaches_the_citizen_threaded(mastodon_channel, citizen, agent):
    question = citizen.status_post("@institucion ¿Dónde pago el impuesto?", visibility="public")
    poll(mastodon_channel)
    sent = reply_from_inbox(mastodon_channel, agent, "En cualquier banco autorizado.")
    assert sent.send_status == SendStatus.SENT, sent.send_error
    notes = citizen.notifications(types=["mention"])
    assert len(notes) == 1
    answer = notes[0]["status"]
    assert str(answer["id"]) == sent.network_id
    assert str(answer["in_reply_to_id"]) == str(question["id"])
    assert answer["visibility"] == "public"
    assert answer["account"]["acct"] == "institucion"
    assert "@lucia En cualquier banco autorizado." in answer["content"]


def test_reply_to_a_direct_message_stays_direct(mastodon_channel, citizen, agent):
    citizen.status_post("@institucion mis datos son privados", visibility="direct")
    poll(mastodon_channel)
    sent = reply_from_inbox(mastodon_channel, agent, "Gracias, lo revisamos.")
    answer = citizen.status(sent.network_id)
    assert answer["visibility"] == "direct"
    assert sent.is_private is True


def test_the_citizens_reply_to_our_answer_joins_the_conversation(mastodon_channel, citizen, agent):
    citizen.status_post("@institucion pregunta")
    poll(mastodon_channel)
    sent = reply_from_inbox(mastodon_channel, agent, "Respuesta")
    citizen.status_post("@institucion ¡gracias!", in_reply_to_id=sent.network_id)
    assert poll(mastodon_channel) == 1
    assert Conversation.objects.filter(channel=mastodon_channel).count() == 1
    assert Conversation.objects.get(channel=mastodon_channel).message_count == 3


def test_same_idempotency_key_posts_once(mastodon_channel, citizen, agent):
    from dialogo.networks.base import OutboundReply

    citizen.status_post("@institucion hola")
    poll(mastodon_channel)
    question = Message.objects.get(channel=mastodon_channel)
    reply = OutboundReply(
        text="Hola", in_reply_to=question, conversation=question.conversation, idempotency_key="k-1"
    )
    first = mastodon_channel.adapter.send(reply)
    second = mastodon_channel.adapter.send(reply)
    assert first.network_id == second.network_id
    assert len(citizen.notifications(types=["mention"])) == 1


def test_failed_send_is_stored_with_its_reason(mastodon_channel, citizen, agent):
    citizen.status_post("@institucion hola")
    poll(mastodon_channel)
    add_fault(citizen_server(citizen), "/api/v1/statuses", type="status", status=503)
    sent = reply_from_inbox(mastodon_channel, agent, "Hola")
    assert sent.send_status == SendStatus.FAILED
    assert "503" in sent.send_error


# --- moderation ------------------------------------------------------------------------------


REPORTS = "/api/v1/reports/"  # as Mastodon.py writes it, trailing slash included


def stored_mention(channel: Channel, author: Any, text: str) -> Message:
    status = author.status_post(text)
    poll(channel)
    return Message.objects.get(channel=channel, network_id=str(status["id"]))


def open_reports(institution: Any) -> list[Any]:
    """The instance's report queue, as its moderators see it (the mock lets any account)."""
    return institution.admin_reports()


def test_only_report_is_carried_out_on_mastodon(mastodon_channel):
    adapter = mastodon_channel.adapter
    assert adapter.moderation_actions == frozenset({"report"})
    for action in ("hide", "delete"):
        with pytest.raises(NotImplementedError):
            adapter.moderate(action, None, reason="3. Respeto")


def test_report_reaches_the_instance_moderators_with_the_clause(
    mastodon_channel, citizen, institution
):
    message = stored_mention(mastodon_channel, citizen, "@institucion ustedes son unos inútiles")
    result = mastodon_channel.adapter.moderate("report", message, reason="3. Respeto")
    host = mastodon_channel.adapter.instance
    assert result.startswith(f"Reported to the moderators of {host} (report ")
    [report] = open_reports(institution)
    assert str(report["id"]) in result
    assert report["comment"] == "3. Respeto"
    assert [str(s["id"]) for s in report["statuses"]] == [message.network_id]
    assert str(report["target_account"]["id"]) == message.author.external_id
    assert report["forwarded"] is False  # a local account: nothing to forward


def test_report_of_a_remote_account_is_forwarded_to_its_instance(
    mastodon_channel, remote_citizen, institution
):
    message = stored_mention(mastodon_channel, remote_citizen, "@institucion spam spam spam")
    assert message.author.handle == "@rosa@otra.example"
    result = mastodon_channel.adapter.moderate("report", message, reason="5. Publicidad")
    assert "forwarded to otra.example" in result
    [report] = open_reports(institution)
    assert report["forwarded"] is True
    assert report["comment"] == "5. Publicidad"


def test_rate_limited_report_is_retryable_with_the_wait(mastodon_channel, citizen, server):
    message = stored_mention(mastodon_channel, citizen, "@institucion grosería")
    add_fault(server, REPORTS, type="ratelimit")
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.moderate("report", message, reason="3. Respeto")
    assert 250 < caught.value.retry_after <= 302
    assert caught.value.permanent is False


def test_report_of_a_status_deleted_since_is_refused_with_the_reason(
    mastodon_channel, citizen, institution
):
    message = stored_mention(mastodon_channel, citizen, "@institucion grosería")
    citizen.status_delete(message.network_id)
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.moderate("report", message, reason="3. Respeto")
    # The mock answers 422 (real Mastodon 404, see test_recorded.py): both are permanent.
    assert caught.value.permanent is True
    assert "Reported statuses must belong to the target account" in str(caught.value)
    assert open_reports(institution) == []


def test_report_of_an_account_that_is_gone_says_so(mastodon_channel, citizen):
    message = stored_mention(mastodon_channel, citizen, "@institucion grosería")
    message.raw["status"]["account"]["id"] = "999999999"  # as if the account were deleted
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.moderate("report", message, reason="3. Respeto")
    assert caught.value.permanent is True
    assert "no longer on" in str(caught.value)


@pytest.mark.parametrize("effect", [{"type": "malformed"}, {"type": "status", "status": 503}])
def test_garbled_or_failed_report_is_a_retryable_error(mastodon_channel, citizen, server, effect):
    message = stored_mention(mastodon_channel, citizen, "@institucion grosería")
    add_fault(server, REPORTS, **effect)
    with pytest.raises(AdapterError) as caught:
        mastodon_channel.adapter.moderate("report", message, reason="3. Respeto")
    assert not isinstance(caught.value, AuthError)
    assert caught.value.permanent is False


def test_a_supervisors_report_is_done_on_the_network_and_a_hide_only_recorded(
    mastodon_channel, citizen, institution, members
):
    from dialogo.core.roles import Role
    from dialogo.moderation.models import ActionStatus, PolicyClause
    from dialogo.moderation.services import request_moderation

    clause = PolicyClause.objects.create(
        organization=mastodon_channel.organization, code="3", title="Respeto", text="Sin insultos."
    )
    message = stored_mention(mastodon_channel, citizen, "@institucion grosería")
    supervisor = members[Role.SUPERVISOR]
    report = request_moderation(
        membership=supervisor, message=message, action="report", clause=clause
    )
    assert report.status == ActionStatus.DONE, report.result
    assert report.result.startswith("Reported to the moderators of ")
    assert open_reports(institution)[0]["comment"] == "3. Respeto"
    other = stored_mention(mastodon_channel, citizen, "@institucion otra grosería")
    hide = request_moderation(membership=supervisor, message=other, action="hide", clause=clause)
    assert (hide.status, hide.result) == (ActionStatus.RECORDED, "")


def citizen_server(client: Any) -> Any:
    """The mock server a Mastodon.py client points at (for fault rules)."""

    class _Server:
        base_url = client.api_base_url

    return _Server()
