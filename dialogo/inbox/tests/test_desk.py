"""The supervisor's live view, the queues behind its numbers, landing pages, the inbox's
orders and labels, bulk actions and the one-form update of a conversation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogo.conftest import inbound, make_conversation, make_member
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox import queues, services
from dialogo.inbox.models import Conversation, Message, SendStatus, State
from dialogo.inbox.services import receive_message

pytestmark = pytest.mark.django_db


def login(client, membership):
    client.force_login(membership.user)
    return client


def live_url(org):
    return reverse("inbox:live", args=[org.slug])


def inbox_url(org, query=""):
    return reverse("inbox:inbox", args=[org.slug]) + (f"?{query}" if query else "")


def a_desk(org, channel, members):
    """Six conversations: two overdue, one assigned, one closed, one with a failed reply."""
    convs = [
        make_conversation(channel, f"consulta número {i}", who=f"c{i}@example.com")
        for i in range(6)
    ]
    past = timezone.now() - dt.timedelta(hours=3)
    Conversation.objects.filter(pk__in=[convs[0].pk, convs[1].pk]).update(response_due_at=past)
    Conversation.objects.filter(pk=convs[2].pk).update(assignee=members[Role.AGENT].user)
    Conversation.objects.filter(pk=convs[3].pk).update(state=State.CLOSED, awaiting_response=False)
    reply = services.send_reply(
        conversation=convs[4],
        membership=members[Role.AGENT],
        text="Le respondemos pronto",
        expected_version=convs[4].version,
    )
    Message.objects.filter(pk=reply.pk).update(send_status=SendStatus.FAILED, send_error="OAuth")
    return convs


def tile_counts(body: str) -> dict[str, int]:
    found = re.findall(
        r'tile tile-(\w+)[^"]*">\s*(?:<a href="[^"]*">)?<span class="tile-count">(\d+)', body
    )
    return {name: int(n) for name, n in found}


def tile_links(body: str) -> dict[str, str]:
    found = re.findall(r'tile tile-(\w+)[^"]*">\s*<a href="([^"]*)">', body)
    return {name: url.replace("&amp;", "&") for name, url in found}


def test_live_view_numbers_equal_the_lists_they_open(client, org, channel, members):
    a_desk(org, channel, members)
    supervisor = members[Role.SUPERVISOR]
    body = login(client, supervisor).get(live_url(org)).content.decode()
    counts, links = tile_counts(body), tile_links(body)
    # 6 minus the closed one: the one whose reply failed still waits for its answer
    assert counts["unanswered"] == 5
    assert counts["overdue"] == 2
    assert counts["unassigned"] == 3  # the reply assigned its author; the closed one is out
    assert counts["failed"] == 1
    for name in ("unanswered", "overdue", "unassigned", "failed"):
        listed = client.get(links[name]).context["rows"]
        assert len(listed) == counts[name], name
    assert links["failed"].endswith("?delivery=failed")


def test_queue_counts_come_from_the_same_querysets_as_the_lists(org, channel, members):
    a_desk(org, channel, members)
    from dialogo.inbox import queries

    membership = members[Role.SUPERVISOR]
    base = queries.conversations_for(membership)
    for name in queues.LIVE_QUEUES:
        filters = queries.InboxFilters.from_query({"queue": name})
        rows, _cursor = queries.inbox_page(queries.apply_filters(base, filters, membership))
        assert queues.counts(base)[name] == len(rows), name


def test_live_view_shows_each_members_workload(
    client, org, channel, members, django_capture_on_commit_callbacks
):
    agent = members[Role.AGENT]
    conv = make_conversation(channel, "Necesito ayuda con un trámite")
    services.assign_conversation(conversation=conv, membership=agent, assignee=agent.user)
    conv.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # delivered (by e-mail)
        services.send_reply(
            conversation=conv, membership=agent, text="Con gusto", expected_version=conv.version
        )
    rows = {
        w.membership.user_id: w
        for w in login(client, members[Role.SUPERVISOR]).get(live_url(org)).context["workloads"]
    }
    mine = rows[agent.user_id]
    assert (mine.open, mine.overdue, mine.answered_today) == (1, 0, 1)
    assert mine.median_first_response is not None
    assert members[Role.ANALYST].user_id not in rows  # analysts do not answer


def test_live_view_refreshes_as_a_partial(client, org, members):
    response = login(client, members[Role.SUPERVISOR]).get(live_url(org), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<div id="live"') and "<html" not in body
    assert 'hx-trigger="every 30s"' in body


@pytest.mark.parametrize("rows", [1, 3])
def test_live_view_query_count_does_not_grow(client, org, channel, members, rows):
    for i in range(rows):
        conv = make_conversation(channel, f"pregunta {i}")
        Conversation.objects.filter(pk=conv.pk).update(assignee=members[Role.AGENT].user)
        make_member(org, Role.AGENT)
    login(client, members[Role.SUPERVISOR])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(live_url(org)).status_code == 200
    assert len(ctx.captured_queries) == LIVE_QUERIES


# session, user, membership, nav badge, alerts, pending, 4 queue counts, members, open,
# overdue, answered today, first responses
LIVE_QUERIES = 15


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.ADMIN, "inbox:live"),
        (Role.SUPERVISOR, "inbox:live"),
        (Role.ANALYST, "metrics:dashboard"),
        (Role.AGENT, "inbox:inbox"),
        (Role.EXPERT, "inbox:inbox"),
    ],
)
def test_each_role_lands_somewhere_useful(client, org, members, role, landing):
    response = login(client, members[role]).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(landing, args=[org.slug])
    page = client.get(response["Location"])
    assert page.status_code == 200


def test_analyst_reads_the_live_view_without_actions(client, org, channel, members):
    make_conversation(channel, "consulta")
    body = login(client, members[Role.ANALYST]).get(live_url(org)).content.decode()
    assert "tile-moderation" in body
    assert reverse("moderation:queue", args=[org.slug]) not in body  # it would be a 403
    inbox = client.get(inbox_url(org)).content.decode()
    assert 'id="bulk"' not in inbox


def test_agents_do_not_see_the_live_view(client, org, members):
    assert login(client, members[Role.AGENT]).get(live_url(org)).status_code == 403


def test_nav_badge_counts_pending_moderation_and_mail_links_to_it(
    client, org, channel, members, mailoutbox
):
    from dialogo.moderation import services as moderation
    from dialogo.moderation.models import PolicyClause

    members[Role.SUPERVISOR].user.email = "jefa@ifp.example"
    members[Role.SUPERVISOR].user.save()
    clause = PolicyClause.objects.create(organization=org, code="2", title="Insultos", text="…")
    message = make_conversation(channel, "ustedes son unos ladrones").messages.get()
    act = moderation.request_moderation(
        membership=members[Role.AGENT], message=message, action="hide", clause=clause
    )
    body = login(client, members[Role.SUPERVISOR]).get(inbox_url(org)).content.decode()
    assert re.search(r'class="count"[^>]*><span class="visually-hidden">\(</span>1<', body)
    mail = next(m for m in mailoutbox if "jefa@ifp.example" in m.to)
    assert f"/o/{org.slug}/moderation/#a{act.pk}" in mail.body
    queue = client.get(reverse("moderation:queue", args=[org.slug]))
    assert f'id="a{act.pk}"' in queue.content.decode()
    live = client.get(live_url(org)).content.decode()
    assert tile_counts(live)["moderation"] == len(queue.context["pending"]) == 1


def test_inbox_shows_the_citizens_last_message_not_the_institutions(client, org, channel, agent):
    conv = make_conversation(channel, "¿Dónde pago el impuesto predial?", name="Marta Lucía Rojas")
    receive_message(
        channel=channel,
        inbound=inbound(
            "Respuesta de la entidad publicada en la red",
            who="instituto",
            name="Instituto",
            from_institution=True,
            created_at=timezone.now(),
            in_reply_to_network_id=conv.messages.get().network_id,
        ),
    )
    conv.refresh_from_db()
    assert conv.message_count == 2
    body = login(client, agent).get(inbox_url(org)).content.decode()
    assert "¿Dónde pago el impuesto predial?" in body
    assert "Respuesta de la entidad" not in body
    assert "Marta Lucía Rojas" in body


def test_inbox_shows_labels_and_due_times_people_read(client, org, channel, agent):
    conv = make_conversation(channel, "Pésimo servicio, llevo un mes esperando respuesta")
    Conversation.objects.filter(pk=conv.pk).update(
        response_due_at=timezone.now() - dt.timedelta(days=2, hours=1)
    )
    other = make_conversation(channel, "¿Cómo saco el pasaporte?")
    from dialogo.triage.services import classify_messages

    classify_messages(message_ids=[conv.messages.get().pk], route=False)
    Conversation.objects.filter(pk=other.pk).update(
        response_due_at=timezone.now() + dt.timedelta(hours=3, minutes=10)
    )
    body = login(client, agent).get(inbox_url(org)).content.decode()
    assert "vencida hace 2 días" in body
    assert "vence en 3 h" in body
    assert re.search(r'<time datetime="[^"]+" title="[^"]+">vence en 3 h</time>', body)
    assert 'class="kind"' in body  # the message type badge


def test_inbox_sorts_by_longest_waiting_and_nearest_deadline_with_paging(
    client, org, channel, agent
):
    from dialogo.inbox import queries

    now = timezone.now()
    convs = [make_conversation(channel, f"espera {i}") for i in range(5)]
    for i, conv in enumerate(convs):
        Conversation.objects.filter(pk=conv.pk).update(
            last_inbound_at=now - dt.timedelta(hours=10 - i),
            response_due_at=now + dt.timedelta(hours=5 - i),
        )
    Conversation.objects.filter(pk=convs[2].pk).update(awaiting_response=False)
    page_size, queries.PAGE_SIZE = queries.PAGE_SIZE, 2
    try:
        login(client, agent)
        for sort, expected in [
            ("waiting", [convs[0], convs[1], convs[3], convs[4]]),
            ("deadline", [convs[4], convs[3], convs[1], convs[0]]),
        ]:
            seen, url = [], inbox_url(org, f"sort={sort}")
            while url:
                response = client.get(url)
                seen += [r.pk for r in response.context["rows"]]
                cursor = response.context["next_cursor"]
                url = inbox_url(org, f"sort={sort}&after={cursor}") if cursor else ""
            assert seen == [c.pk for c in expected], sort
    finally:
        queries.PAGE_SIZE = page_size


def test_bulk_assign_topic_close_and_spam_go_through_the_services(
    client, org, other_org, channel, members
):
    from dialogo.conftest import make_org  # noqa: F401
    from dialogo.networks.models import Channel

    agent = members[Role.AGENT]
    from dialogo.triage.services import classify_messages

    a, b = (make_conversation(channel, f"mensaje {i}") for i in range(2))
    c = make_conversation(channel, "¿Cómo renuevo la cédula de ciudadanía?")
    classify_messages(message_ids=[c.messages.get().pk], route=False)
    foreign_channel = Channel.objects.create(organization=other_org, kind="webform", name="Otra")
    foreign = make_conversation(foreign_channel, "de otra entidad")
    login(client, agent)
    url = reverse("inbox:bulk", args=[org.slug])
    topic = org.topics.get(slug="impuestos")
    client.post(url, {"ids": [a.pk, b.pk, foreign.pk], "action": f"assign:{agent.user_id}"})
    client.post(url, {"ids": [a.pk, b.pk], "action": f"topic:{topic.pk}"})
    response = client.post(
        url, {"ids": [c.pk], "action": "spam", "next": inbox_url(org)}, follow=True
    )
    assert "1 conversación actualizada" in response.content.decode()
    for conv in (a, b, c, foreign):
        conv.refresh_from_db()
    assert (a.assignee_id, b.assignee_id, foreign.assignee_id) == (
        agent.user_id,
        agent.user_id,
        None,
    )
    assert (a.topic_id, b.topic_id) == (topic.pk, topic.pk)
    assert c.state == State.CLOSED
    assert c.messages.get().classification.message_type == "spam"
    assert c.messages.get().classification.corrected_by == agent.user
    actions = list(AuditEntry.objects.filter(target_id=str(c.pk)).values_list("action", flat=True))
    assert "triage.correct" in actions and "conversation.state" in actions
    assert AuditEntry.objects.filter(action="conversation.assign").count() == 2


def test_bulk_refuses_an_unknown_action_and_no_selection(client, org, channel, agent):
    conv = make_conversation(channel, "algo")
    login(client, agent)
    url = reverse("inbox:bulk", args=[org.slug])
    body = client.post(url, {"ids": [conv.pk], "action": "explode"}, follow=True).content.decode()
    assert "Elija una acción." in body
    body = client.post(url, {"action": "close"}, follow=True).content.decode()
    assert "Seleccione al menos una conversación." in body
    conv.refresh_from_db()
    assert conv.state == State.NEW


def test_analysts_and_experts_cannot_bulk(client, org, channel, members):
    conv = make_conversation(channel, "algo")
    url = reverse("inbox:bulk", args=[org.slug])
    for role in (Role.ANALYST, Role.EXPERT):
        assert (
            login(client, members[role])
            .post(url, {"ids": [conv.pk], "action": "close"})
            .status_code
            == 403
        )


def test_one_form_changes_assignee_state_and_topic(client, org, channel, members):
    agent, expert = members[Role.AGENT], members[Role.EXPERT]
    conv = make_conversation(channel, "consulta sobre pasaportes")
    topic = org.topics.get(slug="pasaportes")
    login(client, agent).post(
        reverse("inbox:update", args=[org.slug, conv.pk]),
        {"assignee": str(expert.user_id), "state": State.CLOSED, "topic": str(topic.pk)},
    )
    conv.refresh_from_db()
    assert (conv.assignee_id, conv.state, conv.topic_id) == (
        expert.user_id,
        State.CLOSED,
        topic.pk,
    )
    actions = set(
        AuditEntry.objects.filter(target_id=str(conv.pk)).values_list("action", flat=True)
    )
    assert {"conversation.assign", "conversation.state", "conversation.topic"} <= actions


def test_close_and_next_opens_the_next_conversation(client, org, channel, agent):
    older = make_conversation(channel, "la más vieja")
    newer = make_conversation(channel, "la más nueva")
    login(client, agent)
    page = client.get(reverse("inbox:conversation", args=[org.slug, newer.pk]))
    assert page.context["pane"]["next"].pk == older.pk
    response = client.post(
        reverse("inbox:update", args=[org.slug, newer.pk]),
        {"assignee": "", "state": newer.state, "topic": "", "close": "next", "next": str(older.pk)},
    )
    assert response["Location"] == reverse("inbox:conversation", args=[org.slug, older.pk])
    newer.refresh_from_db()
    assert newer.state == State.CLOSED


def test_an_expert_changes_state_but_not_the_assignee(client, org, channel, members):
    agent, expert = members[Role.AGENT], members[Role.EXPERT]
    conv = make_conversation(channel, "consulta para la experta")
    Conversation.objects.filter(pk=conv.pk).update(assignee=expert.user)
    login(client, expert).post(
        reverse("inbox:update", args=[org.slug, conv.pk]),
        {"assignee": str(agent.user_id), "state": State.OPEN, "topic": ""},
    )
    conv.refresh_from_db()
    assert (conv.assignee_id, conv.state) == (expert.user_id, State.OPEN)
