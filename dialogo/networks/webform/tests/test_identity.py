"""A web-form message with someone else's e-mail never takes over that citizen."""

from __future__ import annotations

from django.urls import reverse

from dialogo.conftest import inbound
from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox import queries
from dialogo.inbox.models import Conversation
from dialogo.inbox.services import receive_message
from dialogo.networks.models import Channel

FORM = {
    "subject": "Consulta",
    "text": "Quisiera saber el estado de mi trámite, gracias.",
    "consent": "on",
}


def _post(client, org, name, email, address):
    data = {**FORM, "name": name, "email": email}
    response = client.post(reverse("webform", kwargs={"org": org.slug}), data, REMOTE_ADDR=address)
    assert response.status_code == 200
    return Conversation.objects.filter(organization=org).order_by("-pk").first()


def test_someone_elses_email_neither_renames_nor_merges(client, org, members):
    real = _post(client, org, "Pedro Verdadero", "pedro@example.com", "198.51.100.1")
    fake = _post(client, org, "Impostor Ficticio", "Pedro@Example.com", "198.51.100.2")
    real.refresh_from_db()
    assert real.author.display_name == "Pedro Verdadero"
    assert real.author.citizen.display_name == "Pedro Verdadero"
    assert fake.author_id != real.author_id
    assert fake.author.citizen_id != real.author.citizen_id
    viewer = members[Role.SUPERVISOR]
    assert queries.other_conversations(real, viewer) == []
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": real.pk})
    ).content.decode()
    assert "Impostor" not in body  # nobody logged in: the login page


def test_staff_see_a_suggestion_and_link_with_an_audit_entry(client, org, members):
    real = _post(client, org, "Pedro Verdadero", "pedro@example.com", "198.51.100.1")
    second = _post(client, org, "Pedro V.", "pedro@example.com", "198.51.100.1")
    agent = members[Role.AGENT]
    client.force_login(agent.user)
    url = reverse("inbox:conversation", kwargs={"org": org.slug, "pk": second.pk})
    body = client.get(url).content.decode()
    assert "Possibly the same citizen as" in body  # networks tests run in English
    assert "Pedro Verdadero" in body
    link = reverse("inbox:link_citizen", kwargs={"org": org.slug, "pk": second.pk})
    response = client.post(link, {"citizen": real.author.citizen_id})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.author.citizen_id == real.author.citizen_id
    assert [c.pk for c in queries.other_conversations(second, agent)] == [real.pk]
    entry = AuditEntry.objects.get(action=Action.LINK_CITIZEN)
    assert entry.organization == org and entry.actor == agent.user
    assert "Possibly the same" not in client.get(url).content.decode()


def test_link_refuses_a_citizen_without_the_same_email(client, org, members, other_org):
    first = _post(client, org, "Ana", "ana@example.com", "198.51.100.1")
    other = _post(client, org, "Luis", "luis@example.com", "198.51.100.1")
    client.force_login(members[Role.AGENT].user)
    link = reverse("inbox:link_citizen", kwargs={"org": org.slug, "pk": other.pk})
    client.post(link, {"citizen": first.author.citizen_id})
    other.refresh_from_db()
    assert other.author.citizen_id != first.author.citizen_id


def test_email_message_with_a_new_name_does_not_rename_the_sender(org):
    channel = Channel.objects.create(organization=org, kind="email", name="Correo", handle="c")
    first, _ = receive_message(
        channel=channel, inbound=inbound("Hola", who="ana@example.com", name="Ana Real")
    )
    receive_message(
        channel=channel, inbound=inbound("Soy otra", who="ana@example.com", name="Falsa")
    )
    first.author.refresh_from_db()
    assert first.author.display_name == "Ana Real"
    assert first.author.citizen.display_name == "Ana Real"
