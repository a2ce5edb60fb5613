import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox.models import Message, State


def login(client, membership):
    client.force_login(membership.user)
    return client


def inbox_url(org, **params):
    from urllib.parse import urlencode

    return reverse("inbox:inbox", kwargs={"org": org.slug}) + (
        "?" + urlencode(params) if params else ""
    )


def conv_url(conv, name="conversation"):
    return reverse(f"inbox:{name}", kwargs={"org": conv.organization.slug, "pk": conv.pk})


def test_inbox_lists_conversations_newest_first(client, agent, channel):
    old = make_conversation(channel, "Mensaje viejo sobre cédula")
    new = make_conversation(channel, "Mensaje nuevo sobre pasaporte")
    response = login(client, agent).get(inbox_url(agent.organization))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Mensaje nuevo") < body.index("Mensaje viejo")
    assert old.pk and new.pk


def test_inbox_filters_by_state_and_search(client, agent, channel):
    a = make_conversation(channel, "Quiero saber de los impuestos prediales")
    make_conversation(channel, "Otra cosa distinta")
    login(client, agent)
    body = client.get(inbox_url(agent.organization, q="impuesto")).content.decode()
    assert "impuestos prediales" in body and "Otra cosa" not in body
    body = client.get(inbox_url(agent.organization, state=State.CLOSED)).content.decode()
    assert "impuestos prediales" not in body
    assert a.pk


def test_inbox_keyset_paging_reaches_every_row(client, agent, channel, settings):
    from dialogo.inbox import queries

    for i in range(7):
        make_conversation(channel, f"consulta numero {i}")
    queries_page = queries.PAGE_SIZE
    queries.PAGE_SIZE = 3
    try:
        login(client, agent)
        seen, url = [], inbox_url(agent.organization)
        for _ in range(5):
            response = client.get(url)
            rows, cursor = response.context["rows"], response.context["next_cursor"]
            seen += [r.pk for r in rows]
            if not cursor:
                break
            url = inbox_url(agent.organization, after=cursor)
        assert len(seen) == 7 == len(set(seen))
    finally:
        queries.PAGE_SIZE = queries_page


def test_bad_cursor_gives_first_page(client, agent, conversation):
    response = login(client, agent).get(inbox_url(agent.organization, after="!!garbage"))
    assert response.status_code == 200
    assert conversation.snippet in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_inbox_query_count_does_not_grow_with_rows(
    client, agent, channel, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_conversation(channel, f"consulta {i}")
    login(client, agent)
    with CaptureQueriesContext(connection) as ctx:
        client.get(inbox_url(agent.organization))
    assert len(ctx.captured_queries) == INBOX_QUERIES


# session, user, membership, page, citizen last messages, channels, topics, members, alerts,
# and the first request's write of the session's last activity (savepoint, update, release)
INBOX_QUERIES = 9


@pytest.mark.parametrize("rows", [1, 3])
def test_conversation_query_count_does_not_grow_with_messages(client, agent, channel, rows):
    conv = make_conversation(channel, "primera")
    first = conv.messages.get()
    from dialogo.conftest import inbound
    from dialogo.inbox.services import receive_message

    for i in range(rows - 1):
        receive_message(
            channel=channel, inbound=inbound(f"más {i}", in_reply_to_network_id=first.network_id)
        )
    login(client, agent)
    url = conv_url(conv)  # outside the count: the page's queries only
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) == CONVERSATION_QUERIES


# incl. audit insert, presence upsert, clauses, moderation acts, citizens sharing the
# sender's e-mail, the PQRSD panel (its requests, unfiled messages, types, offices),
# the list pane and the saved replies
CONVERSATION_QUERIES = 27


def test_citizen_html_is_escaped(client, agent, channel):
    conv = make_conversation(
        channel, '<script>alert("x")</script><b>negrita</b>', name="<img src=x onerror=alert(1)>"
    )
    login(client, agent)
    for url in (inbox_url(agent.organization), conv_url(conv)):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;" in body or "&lt;b&gt;" in body


def test_reply_through_view_and_stale_reply_refused(client, members, conversation):
    agent, other = members[Role.AGENT], members[Role.SUPERVISOR]
    version = conversation.version
    response = login(client, agent).post(
        conv_url(conversation, "reply"),
        {"text": "Buenos días, le ayudamos.", "version": version, "idempotency_key": "a1"},
    )
    assert response.status_code == 302
    client.logout()
    response = login(client, other).post(
        conv_url(conversation, "reply"),
        {"text": "Mi respuesta duplicada", "version": version, "idempotency_key": "b2"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert agent.user.first_name in body
    assert "Mi respuesta duplicada" in body  # the text is kept for the agent
    assert Message.objects.filter(direction="out").count() == 1


def test_viewing_a_conversation_is_audited_and_shows_presence(client, members, conversation):
    agent, other = members[Role.AGENT], members[Role.SUPERVISOR]
    login(client, agent).get(conv_url(conversation))
    client.logout()
    body = login(client, other).get(conv_url(conversation)).content.decode()
    assert agent.user.get_full_name() in body
    assert AuditEntry.objects.filter(action=Action.VIEW_CONVERSATION).count() == 2


def test_presence_reports_changed_thread(client, agent, conversation):
    response = login(client, agent).post(
        conv_url(conversation, "presence"), {"version": conversation.version - 1}
    )
    assert "changed" in response.content.decode() or "cambió" in response.content.decode()


def test_assign_state_and_note_through_views(client, members, conversation):
    agent, expert = members[Role.AGENT], members[Role.EXPERT]
    login(client, agent)
    client.post(conv_url(conversation, "assign"), {"assignee": str(expert.user_id)})
    client.post(conv_url(conversation, "note"), {"note-text": "Revisar con jurídica"})
    client.post(conv_url(conversation, "state"), {"state": State.CLOSED})
    conversation.refresh_from_db()
    assert conversation.assignee == expert.user
    assert conversation.state == State.CLOSED
    assert conversation.notes.get().text == "Revisar con jurídica"
    body = client.get(conv_url(conversation)).content.decode()
    assert "Revisar con jurídica" in body


def test_assigning_through_the_view_audits_the_requests_ip_and_user(client, members, conversation):
    """No view passes the address: the middleware's request context reaches the audit log."""
    agent, expert = members[Role.AGENT], members[Role.EXPERT]
    login(client, agent)
    client.post(
        conv_url(conversation, "assign"),
        {"assignee": str(expert.user_id)},
        REMOTE_ADDR="198.51.100.23",
    )
    entry = AuditEntry.objects.get(action=Action.ASSIGN)
    assert (entry.ip_address, entry.actor) == ("198.51.100.23", agent.user)
    assert entry.target_id == str(conversation.pk)
    client.post(
        reverse("inbox:bulk", args=[conversation.organization.slug]),
        {"ids": [conversation.pk], "action": "close"},
        REMOTE_ADDR="2001:db8::7",
    )
    closed = AuditEntry.objects.filter(action=Action.STATE).latest("id")
    assert (closed.ip_address, closed.actor) == ("2001:db8::7", agent.user)


def test_expert_sees_only_assigned_or_topic_conversations(client, members, channel, org):
    expert = members[Role.EXPERT]
    mine = make_conversation(channel, "Sobre pasaportes")
    others = make_conversation(channel, "Sobre otra cosa")
    topic = org.topics.get(slug="pasaportes")
    expert.topics.add(topic)
    type(mine).objects.filter(pk=mine.pk).update(topic=topic)
    login(client, expert)
    assert client.get(conv_url(mine)).status_code == 200
    assert client.get(conv_url(others)).status_code == 404
    body = client.get(inbox_url(org)).content.decode()
    assert "Sobre pasaportes" in body and "Sobre otra cosa" not in body


def test_conversation_shows_what_the_network_said_of_the_account(client, agent, channel):
    import datetime as dt

    from django.utils import timezone

    from dialogo.networks.base import InboundAuthor

    who = InboundAuthor(
        external_id="acct-x",
        display_name="Cuenta Promo",
        account_created_at=timezone.now() - dt.timedelta(days=2),
        has_avatar=False,
        followers=0,
    )
    conv = make_conversation(channel, "Hola", author=who)
    body = login(client, agent).get(conv_url(conv), HTTP_ACCEPT_LANGUAGE="es-CO").content.decode()
    assert "Cuenta creada el" in body
    assert "Sin foto de perfil" in body
    assert "0 seguidores" in body
    # A network that says nothing shows nothing.
    quiet = make_conversation(channel, "Hola", author=InboundAuthor(external_id="acct-y"))
    body = client.get(conv_url(quiet), HTTP_ACCEPT_LANGUAGE="es-CO").content.decode()
    assert "Cuenta creada" not in body and "seguidores" not in body
