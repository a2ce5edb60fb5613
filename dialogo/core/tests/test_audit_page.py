import ast
import datetime as dt
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from dialogo.core import audit
from dialogo.core.context import current_request
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox import services as inbox_services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin_client(client, members):
    client.force_login(members[Role.ADMIN].user)
    return client


def _audit_url(org):
    return reverse("core:audit", kwargs={"org": org.slug})


def test_record_takes_ip_and_user_from_the_request(org, members):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = members[Role.AGENT].user
    token = current_request.set(request)
    try:
        entry = audit.record(action=audit.Action.SETTINGS, organization=org)
        system = audit.record(action=audit.Action.ALERT_RAISED, organization=org, actor=None)
    finally:
        current_request.reset(token)
    assert (entry.ip_address, entry.actor) == ("203.0.113.7", members[Role.AGENT].user)
    assert (system.ip_address, system.actor) == ("203.0.113.7", None)  # "the system", said so
    outside = audit.record(action=audit.Action.SETTINGS, organization=org)
    assert (outside.ip_address, outside.actor) == (None, None)


def test_a_view_audits_ip_without_passing_it(client, members, conversation):
    """The middleware sets the context: a service called without `ip_address` stores it."""
    client.force_login(members[Role.AGENT].user)
    url = reverse(
        "inbox:conversation", kwargs={"org": conversation.organization.slug, "pk": conversation.pk}
    )
    client.get(url, REMOTE_ADDR="198.51.100.4")
    entry = AuditEntry.objects.get(action=audit.Action.VIEW_CONVERSATION)
    assert entry.ip_address == "198.51.100.4"
    assert entry.actor == members[Role.AGENT].user
    assert current_request.get() is None  # reset after the response


def test_unknown_action_is_refused_in_development(org):
    with pytest.raises(ValueError, match="audit.Action"):
        audit.record(action="made.up", organization=org)


def _literal_actions():
    """Every action code written as a literal in an `audit.record(...)` call."""
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "record":
                for kw in node.keywords:
                    if kw.arg == "action" and isinstance(kw.value, ast.Constant):
                        yield path.relative_to(ROOT), kw.value.value


def test_every_audited_action_is_a_member_with_both_names():
    found = list(_literal_actions())
    assert len(found) > 5
    assert [(p, a) for p, a in found if a not in audit.Action.values] == []
    from django.utils import translation

    for action in audit.Action:
        with translation.override("es-co"):
            spanish = str(action.label)
        with translation.override("en"):
            english = str(action.label)
        assert spanish != english, action  # translated
    # The moderation log's events (`moderation.<event>`) are members too.
    for event in ("requested", "approved", "rejected", "executed", "recorded", "failed"):
        assert f"moderation.{event}" in audit.Action.values


def test_audit_page_names_people_and_links_objects(admin_client, org, members, conversation):
    agent = members[Role.AGENT]
    inbox_services.assign_conversation(
        conversation=conversation, assignee=agent.user, membership=members[Role.ADMIN]
    )
    body = admin_client.get(_audit_url(org), {"action": "conversation.assign"}).content.decode()
    assert "Asignó una conversación" in body
    assert f"from: — · to: {agent.user.get_full_name()}" in body
    link = reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conversation.pk})
    assert f'<a href="{link}">Conversación {conversation.pk}</a>' in body


def test_audit_page_filters_by_person_action_and_dates(admin_client, org, members):
    agent, admin = members[Role.AGENT].user, members[Role.ADMIN].user
    audit.record(action=audit.Action.SETTINGS, organization=org, actor=agent, details={"n": "a1"})
    audit.record(action=audit.Action.SETTINGS, organization=org, actor=admin, details={"n": "b2"})
    audit.record(action=audit.Action.NOTE, organization=org, actor=agent, details={"n": "c3"})
    body = admin_client.get(
        _audit_url(org), {"actor": agent.pk, "action": "organization.settings"}
    ).content.decode()
    assert "n: a1" in body and "n: b2" not in body and "n: c3" not in body
    today = dt.date.today()
    body = admin_client.get(
        _audit_url(org),
        {"since": (today - dt.timedelta(days=3)).isoformat(), "until": "2001-01-01"},
    ).content.decode()
    assert "no puede ser posterior" in body or "must not come after" in body
    assert "n: a1" not in body
    yesterday = (today - dt.timedelta(days=2)).isoformat()
    body = admin_client.get(_audit_url(org), {"until": yesterday}).content.decode()
    assert "n: a1" not in body


@pytest.mark.parametrize(
    "query",
    [
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
        {"since": "2026-02-30"},
        {"until": "mañana"},
        {"actor": "abc"},
        {"action": "<script>"},
        {"page": "9999"},
    ],
)
def test_audit_page_bad_filters_are_form_errors(admin_client, org, query):
    audit.record(action=audit.Action.SETTINGS, organization=org, details={"n": "zz"})
    response = admin_client.get(_audit_url(org), query)
    assert response.status_code == 200
    body = response.content.decode()
    if "page" in query:
        assert "n: zz" in body  # the last page
    else:
        field = next(iter(query))
        # The error is announced and tied to its field.
        assert f'aria-describedby="id_{field}_error"' in body
        assert f'role="alert" id="id_{field}_error"' in body
        assert "n: zz" not in body


def test_audit_page_queries_do_not_grow_with_rows(admin_client, org, members, conversation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [members[Role.AGENT].user, members[Role.SUPERVISOR].user]

    def count(n):
        for i in range(n):
            inbox_services.assign_conversation(
                conversation=conversation, assignee=people[i % 2], membership=members[Role.ADMIN]
            )
            conversation.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(_audit_url(org), {"action": "conversation.assign"})
        return len(queries)

    admin_client.get(_audit_url(org))  # the session's first request does one-time work
    first = count(1)
    assert count(2) == first  # 1 assignment shown, then 3 (naming two people)
    assert AuditEntry.objects.filter(action=audit.Action.ASSIGN).count() == 3
