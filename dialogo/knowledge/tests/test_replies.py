"""Saved replies: who may keep which, their variables, the composer's picker, the audit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.knowledge import services
from dialogo.knowledge.models import SavedReply

pytestmark = pytest.mark.django_db

TEXT = (
    "Hola {nombre}, gracias por escribir a {entidad} por {canal}. Formulario: {enlace_formulario}"
)


def login(client, membership):
    client.force_login(membership.user)
    return client


def test_variables_are_filled_for_the_conversation(org, channel, members):
    conv = make_conversation(channel, "¿Cómo saco el RUT?", name="Diana Patricia Suárez")
    services.save_reply(
        membership=members[Role.SUPERVISOR], title="Saludo", text=TEXT, personal=False
    )
    [choice] = services.picker(members[Role.AGENT], conv)
    assert choice["text"] == (
        "Hola Diana Patricia Suárez, gracias por escribir a Instituto Ficticio de Pruebas por "
        "Formulario web. Formulario: http://127.0.0.1:8000/escribanos/ifp/"
    ) or choice["text"].startswith("Hola Diana Patricia Suárez, gracias por escribir a Instituto")
    assert "{" not in choice["text"]


def test_unknown_braces_are_left_as_written():
    assert services.fill("Código {radicado} de {nombre}", {"citizen_name": "Ana"}) == (
        "Código {radicado} de Ana"
    )


def test_agents_keep_their_own_and_only_supervisors_share(org, members):
    agent, other, supervisor = members[Role.AGENT], members[Role.EXPERT], members[Role.SUPERVISOR]
    mine = services.save_reply(membership=agent, title="Mía", text="texto", personal=True)
    with pytest.raises(services.KnowledgeError):
        services.save_reply(membership=agent, title="De todos", text="texto", personal=False)
    shared = services.save_reply(membership=supervisor, title="Común", text="t", personal=False)
    assert set(services.replies_for(agent)) == {mine, shared}
    assert set(services.replies_for(other)) == {shared}
    with pytest.raises(services.KnowledgeError):
        services.delete_reply(membership=agent, reply=shared)
    with pytest.raises(services.KnowledgeError):
        services.save_reply(membership=members[Role.ANALYST], title="x", text="y", personal=True)
    assert AuditEntry.objects.filter(action="knowledge.reply_saved").count() == 2


def test_create_edit_and_delete_through_the_pages(client, org, members):
    agent = members[Role.AGENT]
    login(client, agent)
    client.post(
        reverse("knowledge:new", args=[org.slug]),
        {"title": "Apostilla", "text": "La apostilla se tramita en línea, {nombre}."},
    )
    reply = SavedReply.objects.get()
    assert (reply.owner, reply.created_by) == (agent.user, agent.user)
    client.post(
        reverse("knowledge:edit", args=[org.slug, reply.pk]),
        {"title": "Apostilla en línea", "text": "Cambiado"},
    )
    body = client.get(reverse("knowledge:replies", args=[org.slug])).content.decode()
    assert "Apostilla en línea" in body and "Cambiado" in body
    client.post(reverse("knowledge:delete", args=[org.slug, reply.pk]))
    assert SavedReply.objects.count() == 0
    assert AuditEntry.objects.filter(action="knowledge.reply_deleted").count() == 1


def test_another_persons_or_organizations_reply_is_not_found(client, org, other_org, members):
    from dialogo.conftest import make_member

    theirs = services.save_reply(
        membership=members[Role.EXPERT], title="Privada", text="t", personal=True
    )
    outsider = make_member(other_org, Role.SUPERVISOR)
    foreign = services.save_reply(membership=outsider, title="Ajena", text="t", personal=False)
    login(client, members[Role.AGENT])
    for reply in (theirs, foreign):
        assert client.get(reverse("knowledge:edit", args=[org.slug, reply.pk])).status_code == 404
        assert (
            client.post(reverse("knowledge:delete", args=[org.slug, reply.pk])).status_code == 404
        )
    assert SavedReply.objects.count() == 2


def test_composer_offers_the_saved_replies_filled_in(client, org, channel, members):
    conv = make_conversation(channel, "Necesito un certificado", name="Óscar Julián Peña")
    services.save_reply(
        membership=members[Role.SUPERVISOR],
        title="Certificados",
        text="Hola {nombre}",
        personal=False,
    )
    body = (
        login(client, members[Role.AGENT])
        .get(reverse("inbox:conversation", args=[org.slug, conv.pk]))
        .content.decode()
    )
    assert 'data-text="Hola Óscar Julián Peña"' in body
    assert ">Certificados<" in body


@pytest.mark.parametrize("rows", [1, 3])
def test_replies_page_query_count(client, org, members, rows):
    for i in range(rows):
        services.save_reply(
            membership=members[Role.SUPERVISOR], title=f"R{i}", text="t", personal=bool(i % 2)
        )
    login(client, members[Role.SUPERVISOR])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("knowledge:replies", args=[org.slug])).content.decode()
    assert "R0" in body
    assert len(ctx.captured_queries) == 5  # session, user, membership, nav badge, replies
