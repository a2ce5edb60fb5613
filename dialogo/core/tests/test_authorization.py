"""Every organization URL × every role, and every URL against another organization's data."""

import pytest
from django.urls import reverse

from dialogo.conftest import make_conversation, make_member
from dialogo.core.roles import Role
from dialogo.networks.models import Channel

# (url name, needs a conversation, method, roles allowed)
ALL = set(Role.values)
WORKERS = {Role.ADMIN, Role.SUPERVISOR, Role.AGENT}
ROUTES = [
    ("inbox:inbox", False, "get", ALL),
    ("inbox:conversation", True, "get", ALL),
    ("inbox:reply", True, "post", WORKERS | {Role.EXPERT}),
    ("inbox:note", True, "post", WORKERS | {Role.EXPERT}),
    ("inbox:assign", True, "post", WORKERS),
    ("inbox:state", True, "post", WORKERS | {Role.EXPERT}),
    ("inbox:topic", True, "post", WORKERS | {Role.EXPERT}),
    ("inbox:presence", True, "post", ALL),
    ("core:settings", False, "get", {Role.ADMIN}),
    ("core:audit", False, "get", {Role.ADMIN}),
    ("networks:list", False, "get", {Role.ADMIN}),
    ("triage:settings", False, "get", {Role.ADMIN}),
    ("moderation:policy", False, "get", {Role.ADMIN}),
    ("moderation:queue", False, "get", {Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
]


def url_for(name, org, conv):
    kwargs = {"org": org.slug}
    if conv is not None:
        kwargs["pk"] = conv.pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def setup(org, members, other_org):
    channel = Channel.objects.create(organization=org, kind="webform", name="web")
    conv = make_conversation(channel, "Tema de pasaportes")
    topic = org.topics.get(slug="pasaportes")
    type(conv).objects.filter(pk=conv.pk).update(topic=topic)
    members[Role.EXPERT].topics.add(topic)
    foreign_channel = Channel.objects.create(organization=other_org, kind="webform", name="web")
    foreign = make_conversation(
        foreign_channel, "Secreto de la otra entidad", who="otra@example.com"
    )
    return conv, foreign


@pytest.mark.parametrize("name,needs_conv,method,allowed", ROUTES)
@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(client, setup, members, org, name, needs_conv, method, allowed, role):
    conv, _ = setup
    client.force_login(members[role].user)
    response = getattr(client, method)(
        url_for(name, org, conv if needs_conv else None), {"text": "x", "note-text": "x"}
    )
    if role in allowed:
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name,needs_conv,method,allowed", ROUTES)
def test_other_organization_is_invisible(
    client, setup, other_org, org, name, needs_conv, method, allowed
):
    conv, foreign = setup
    admin_here = make_member(org, Role.ADMIN)
    client.force_login(admin_here.user)
    # Their organization's URL: not a member, so 404.
    response = getattr(client, method)(url_for(name, other_org, foreign if needs_conv else None))
    assert response.status_code == 404
    assert b"Secreto de la otra entidad" not in response.content
    # Our organization's URL with their conversation id: 404 as well.
    if needs_conv:
        response = getattr(client, method)(url_for(name, org, foreign))
        assert response.status_code == 404


@pytest.mark.parametrize("name,needs_conv,method,allowed", ROUTES)
def test_anonymous_is_sent_to_login(client, setup, org, name, needs_conv, method, allowed):
    conv, _ = setup
    response = getattr(client, method)(url_for(name, org, conv if needs_conv else None))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_inbox_never_lists_other_org(client, setup, members, org):
    client.force_login(members[Role.ADMIN].user)
    body = client.get(
        reverse("inbox:inbox", kwargs={"org": org.slug}) + "?q=secreto"
    ).content.decode()
    assert "Secreto de la otra entidad" not in body
