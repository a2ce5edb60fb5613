import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from dialogo.conftest import inbound, make_conversation, make_member
from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox import services
from dialogo.inbox.models import Conversation, Message, SendStatus, State
from dialogo.networks.base import InboundAuthor


def test_receive_message_creates_conversation_with_due_time(channel):
    message, created = services.receive_message(
        channel=channel, inbound=inbound("Hola, ¿cómo renuevo mi cédula?")
    )
    conv = message.conversation
    assert created is True
    assert conv.state == State.NEW
    assert conv.awaiting_response is True
    assert conv.response_due_at > message.created_at
    assert conv.message_count == 1


def test_receive_same_network_id_twice_is_a_noop(channel):
    item = inbound("Buenas tardes")
    first, created_first = services.receive_message(channel=channel, inbound=item)
    second, created_second = services.receive_message(channel=channel, inbound=item)
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert Conversation.objects.get().message_count == 1


def test_reply_to_known_message_joins_its_conversation(channel):
    first, _ = services.receive_message(
        channel=channel, inbound=inbound("Primera", network_id="root-1")
    )
    second, _ = services.receive_message(
        channel=channel, inbound=inbound("Seguimiento", in_reply_to_network_id="root-1")
    )
    assert second.conversation_id == first.conversation_id
    assert Conversation.objects.get().message_count == 2


def test_same_email_across_networks_is_suggested_not_merged(channel, org):
    from dialogo.inbox.identity import citizen_suggestions
    from dialogo.networks.models import Channel

    other = Channel.objects.create(organization=org, kind="email", name="Correo")
    a, _ = services.receive_message(channel=channel, inbound=inbound("uno", who="x@example.com"))
    b, _ = services.receive_message(channel=other, inbound=inbound("dos", who="x@example.com"))
    assert a.author_id != b.author_id
    assert a.author.citizen_id != b.author.citizen_id  # a typed address proves nothing
    assert citizen_suggestions(b.conversation) == [a.author.citizen]


def test_send_reply_marks_answered_and_sends_once(
    conversation, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.send_reply(
            conversation=conversation,
            membership=agent,
            text="Con gusto le ayudamos.",
            expected_version=conversation.version,
        )
    msg.refresh_from_db()
    conversation.refresh_from_db()
    assert msg.send_status == SendStatus.SENT
    assert conversation.state == State.ANSWERED
    assert conversation.awaiting_response is False
    assert conversation.first_response_at is not None
    assert conversation.assignee == agent.user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ciudadana@example.com"]
    assert services.deliver(message_id=msg.pk) is None  # already sent: nothing to claim
    assert len(mail.outbox) == 1


def test_stale_reply_is_refused(conversation, members):
    first, second = members[Role.AGENT], members[Role.SUPERVISOR]
    version = conversation.version
    services.send_reply(
        conversation=conversation, membership=first, text="Respuesta uno", expected_version=version
    )
    with pytest.raises(services.StaleConversation) as exc:
        services.send_reply(
            conversation=conversation,
            membership=second,
            text="Respuesta dos",
            expected_version=version,
        )
    assert first.user.first_name in str(exc.value)
    assert Message.objects.filter(direction="out").count() == 1


def test_same_form_submitted_twice_sends_one_reply(conversation, agent):
    version = conversation.version
    a = services.send_reply(
        conversation=conversation,
        membership=agent,
        text="Hola",
        expected_version=version,
        idempotency_key="k1",
    )
    b = services.send_reply(
        conversation=conversation,
        membership=agent,
        text="Hola",
        expected_version=version,
        idempotency_key="k1",
    )
    assert a.pk == b.pk


def test_new_citizen_message_reopens_closed_conversation(conversation, agent, channel):
    services.change_state(conversation=conversation, membership=agent, state=State.CLOSED)
    first = conversation.messages.get()
    services.receive_message(
        channel=channel, inbound=inbound("Otra pregunta", in_reply_to_network_id=first.network_id)
    )
    conversation.refresh_from_db()
    assert conversation.state == State.OPEN
    assert conversation.awaiting_response is True


def test_close_records_resolution_and_audit(conversation, agent):
    conv = services.change_state(conversation=conversation, membership=agent, state=State.CLOSED)
    assert conv.resolved_at is not None
    assert conv.resolution_seconds is not None
    assert AuditEntry.objects.filter(action=Action.STATE, target_id=str(conv.pk)).count() == 1


def test_analyst_cannot_reply(conversation, members):
    with pytest.raises(services.InboxError):
        services.send_reply(
            conversation=conversation,
            membership=members[Role.ANALYST],
            text="x",
            expected_version=conversation.version,
        )


def test_assign_to_member_of_other_org_is_refused(conversation, agent, other_org):
    outsider = make_member(other_org, Role.AGENT)
    with pytest.raises(services.InboxError):
        services.assign_conversation(
            conversation=conversation, membership=agent, assignee=outsider.user
        )


def test_failed_delivery_is_kept_and_retried(channel, agent, django_capture_on_commit_callbacks):
    conv = make_conversation(channel, who="sin-correo", name="Anónimo")
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.send_reply(
            conversation=conv, membership=agent, text="Respuesta", expected_version=conv.version
        )
    msg.refresh_from_db()
    assert msg.send_status == SendStatus.FAILED
    assert "correo" in msg.send_error or "e-mail" in msg.send_error
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_delivery(message=msg, membership=agent) is True
    msg.refresh_from_db()
    assert msg.send_status == SendStatus.FAILED
    assert services.retry_delivery(message=msg, membership=agent) is True
    assert services.retry_delivery(message=msg, membership=agent) is False  # already queued


def test_huge_and_broken_text_is_stored_safely(channel):
    text = "á" * 150_000 + "\ud800" + "\x00"
    message, _ = services.receive_message(channel=channel, inbound=inbound(text))
    message.refresh_from_db()
    assert len(message.text) == services.MAX_TEXT
    assert "\x00" not in message.text


def test_overdue_when_due_time_passed(channel):
    old = timezone.now() - dt.timedelta(days=10)
    conv = make_conversation(channel, created_at=old)
    assert conv.is_overdue is True


def test_author_display_name_updates(org):
    from dialogo.networks.models import Channel

    channel = Channel.objects.create(organization=org, kind="bluesky", name="Bluesky")
    services.receive_message(
        channel=channel, inbound=inbound("uno", who="did:plc:x", name="Viejo Nombre")
    )
    item = inbound("dos", name="Nuevo Nombre")
    item.author = InboundAuthor(external_id="did:plc:x", display_name="Nuevo Nombre")
    message, _ = services.receive_message(channel=channel, inbound=item)
    assert message.author.display_name == "Nuevo Nombre"


def test_web_form_sender_is_never_renamed(channel):
    services.receive_message(channel=channel, inbound=inbound("uno", name="Viejo Nombre"))
    item = inbound("dos", name="Nuevo Nombre")
    message, _ = services.receive_message(channel=channel, inbound=item)
    assert message.author.display_name == "Viejo Nombre"


def test_upstream_edit_keeps_earlier_text(channel):
    item = inbound("Texto original", network_id="e-1")
    message, _ = services.receive_message(channel=channel, inbound=item)
    edited = inbound("Texto corregido", network_id="e-1", edited_at=timezone.now())
    again, created = services.receive_message(channel=channel, inbound=edited)
    again.refresh_from_db()
    assert created is False
    assert again.text == "Texto corregido"
    assert list(again.revisions.values_list("text", flat=True)) == ["Texto original"]
    # The same edit seen twice changes nothing more.
    services.receive_message(channel=channel, inbound=edited)
    assert again.revisions.count() == 1


def test_upstream_deletion_marks_but_keeps(channel):
    services.receive_message(
        channel=channel, inbound=inbound("Algo que luego borró", network_id="d-1")
    )
    message, _ = services.receive_message(
        channel=channel, inbound=inbound("", network_id="d-1", deleted=True)
    )
    message.refresh_from_db()
    assert message.deleted_upstream_at is not None
    assert message.text == "Algo que luego borró"


def test_institution_post_from_network_answers_pending(channel):
    first, _ = services.receive_message(
        channel=channel, inbound=inbound("Pregunta", network_id="q-1")
    )
    services.receive_message(
        channel=channel,
        inbound=inbound(
            "Respuesta publicada en la red",
            who="institucion",
            in_reply_to_network_id="q-1",
            from_institution=True,
        ),
    )
    conv = Conversation.objects.get(pk=first.conversation_id)
    assert conv.awaiting_response is False
    assert conv.state == State.ANSWERED
    assert conv.messages.filter(direction="out").count() == 1


def _from(external_id: str, **facts) -> object:
    return inbound("Hola", who=external_id, author=InboundAuthor(external_id=external_id, **facts))


def test_account_facts_are_kept_refreshed_and_checked(channel):
    made = timezone.now() - dt.timedelta(days=3)
    message, _ = services.receive_message(
        channel=channel,
        inbound=_from("acct-1", account_created_at=made, has_avatar=False, followers=2),
    )
    author = message.author
    assert (author.account_created_at, author.has_avatar, author.followers) == (made, False, 2)
    # Newer facts replace older ones; a network that says nothing erases nothing.
    services.receive_message(
        channel=channel, inbound=_from("acct-1", has_avatar=True, followers=40)
    )
    services.receive_message(channel=channel, inbound=_from("acct-1"))
    author.refresh_from_db()
    assert (author.account_created_at, author.has_avatar, author.followers) == (made, True, 40)
    # Garbage from a network is dropped, never stored or raised.
    odd = _from("acct-2", account_created_at=dt.datetime(2020, 1, 1), has_avatar="sí", followers=-5)
    stranger = services.receive_message(channel=channel, inbound=odd)[0].author
    assert (stranger.account_created_at, stranger.has_avatar, stranger.followers) == (
        None,
        None,
        None,
    )
