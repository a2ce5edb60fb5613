"""PQRSD pages: filing from a conversation, the queue, the workflow, exports, constancia and
the public status page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogo.inbox.models import Message
from dialogo.pqrsd.models import Request, RequestState

from .conftest import file


def login(client, membership):
    client.force_login(membership.user)
    return client


def url(org, view, **kwargs):
    return reverse(f"pqrsd:{view}", kwargs={"org": org.slug, **kwargs})


def test_conversation_page_shows_filing_panel(client, agent, conversation):
    login(client, agent)
    page = client.get(
        reverse("inbox:conversation", args=[conversation.organization.slug, conversation.pk])
    )
    html = page.content.decode()
    assert "File as a PQRSD request" in html or "Radicar como PQRSD" in html
    assert 'name="type"' in html


def test_file_from_conversation_sends_radicado_on_the_channel(client, agent, conversation, office):
    login(client, agent)
    message = Message.objects.get(conversation=conversation)
    response = client.post(
        url(agent.organization, "file", conversation_pk=conversation.pk),
        {"message": message.pk, "type": "peticion", "office": office.pk, "send_ack": "on"},
        follow=True,
    )
    req = Request.objects.get()
    assert req.radicado in response.content.decode()
    assert req.received_at == message.created_at
    reply = Message.objects.get(conversation=conversation, direction="out")
    assert req.radicado in reply.text
    assert reverse("pqrsd_status", args=[agent.organization.slug]) in reply.text


def test_filing_twice_points_at_first(client, agent, conversation):
    login(client, agent)
    message = Message.objects.get(conversation=conversation)
    data = {"message": message.pk, "type": "queja"}
    client.post(url(agent.organization, "file", conversation_pk=conversation.pk), data)
    first = Request.objects.get()
    response = client.post(
        url(agent.organization, "file", conversation_pk=conversation.pk), data, follow=True
    )
    assert Request.objects.count() == 1
    assert first.radicado in response.content.decode()
    assert response.redirect_chain[-1][0] == url(agent.organization, "detail", pk=first.pk)


def test_queue_orders_by_deadline_and_flags_overdue(client, agent, org):
    now = timezone.now()
    late = file(org, received=now - dt.timedelta(days=60), now=now).request
    fresh = file(org, received=now - dt.timedelta(hours=2), now=now).request
    login(client, agent)
    html = client.get(url(org, "queue")).content.decode()
    assert html.index(late.radicado) < html.index(fresh.radicado)
    assert 'class="overdue"' in html
    filtered = client.get(url(org, "queue") + "?light=overdue").content.decode()
    assert late.radicado in filtered and fresh.radicado not in filtered


@pytest.mark.parametrize("rows", [1, 3])
def test_queue_query_count_does_not_grow_with_rows(client, agent, org, rows):
    for _ in range(rows):
        file(org)
    login(client, agent)
    client.get(url(org, "queue"))  # settings row created on first use
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(org, "queue") + "?state=filed")
    assert response.status_code == 200
    assert len(ctx.captured_queries) == QUEUE_QUERIES


QUEUE_QUERIES = 8  # session, user, membership, page, settings, types, offices, channels


def test_workflow_steps_through_the_detail_page(client, agent, org):
    req = file(org, received=timezone.now() - dt.timedelta(hours=1)).request
    login(client, agent)
    response = client.post(
        url(org, "step", pk=req.pk, name="complete"), {"text": "Falta la cédula."}, follow=True
    )
    req.refresh_from_db()
    assert req.state == RequestState.AWAITING_CITIZEN
    assert "Falta la cédula." in response.content.decode()
    response = client.post(
        url(org, "step", pk=req.pk, name="extend"),
        {"new_date": "2030-01-01", "text": "x"},
        follow=True,
    )
    assert response.status_code == 200  # refused with a message, not an error
    response = client.post(url(org, "step", pk=req.pk, name="nonsense"), {})
    assert response.status_code == 404


def test_extension_beyond_double_is_refused_with_message(client, agent, org):
    req = file(org, received=timezone.now() - dt.timedelta(hours=1)).request
    login(client, agent)
    too_late = (req.max_due_date + dt.timedelta(days=7)).isoformat()
    response = client.post(
        url(org, "step", pk=req.pk, name="extend"),
        {"new_date": too_late, "text": "Carga"},
        follow=True,
    )
    req.refresh_from_db()
    assert not req.extended
    assert req.max_due_date.isoformat() in response.content.decode()


def test_other_organization_cannot_see_request(client, org, other_org):
    from dialogo.conftest import make_member

    req = file(org).request
    outsider = make_member(other_org, "admin")
    login(client, outsider)
    assert client.get(url(other_org, "detail", pk=req.pk)).status_code == 404


def test_export_csv_and_json_have_all_dates(client, members, org):
    req = file(org).request
    login(client, members["admin"])
    body = b"".join(client.get(url(org, "export", fmt="csv")).streaming_content).decode()
    assert body.splitlines()[0].startswith("radicado,type,office")
    assert f"{req.radicado},peticion" in body and "2027-01-19" in body
    data = json.loads(b"".join(client.get(url(org, "export", fmt="json")).streaming_content))
    assert data[0]["due_date"] == "2027-01-19" and data[0]["receipt_day"] == "2026-12-24"
    assert "lucia@example.com" not in body
    assert client.get(url(org, "export", fmt="xml")).status_code == 404


def test_offline_petition_gives_constancia_with_code(client, agent, org):
    login(client, agent)
    response = client.post(
        url(org, "offline"),
        {
            "type": "informacion",
            "intake": "phone",
            "received_at": "2026-11-24T10:00",
            "citizen_name": "Jorge Ramírez",
            "text": "Pide copia del contrato de obra.",
        },
        follow=True,
    )
    req = Request.objects.get()
    html = response.content.decode()
    assert req.radicado in html and req.intake == "phone"
    # Tue Nov 24 2026, 10 days: Nov 25–27 (3), Nov 30 (4), Dec 1–4 (8), Dec 7 (9), Dec 8 is a
    # holiday, Dec 9 (10).
    assert "9 de diciembre de 2026" in html or "December 9, 2026" in html
    code = client.session[f"pqrsd-code-{req.pk}"]
    assert code in html


def test_offline_petition_in_the_future_is_refused(client, agent, org):
    login(client, agent)
    future = (timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url(org, "offline"),
        {"type": "peticion", "intake": "phone", "received_at": future, "text": "x y z"},
    )
    assert response.status_code == 400
    assert Request.objects.count() == 0


def test_public_status_shows_state_without_personal_data(client, org):
    filing = file(org, citizen_name="Lucía Prueba")
    status = reverse("pqrsd_status", args=[org.slug])
    response = client.post(
        status, {"radicado": filing.request.radicado, "code": filing.tracking_code.lower()}
    )
    html = response.content.decode()
    assert "2027-01-19" in html
    assert (
        "Lucía" not in html and "lucia@example.com" not in html and "historia laboral" not in html
    )


def test_public_status_wrong_code_gives_no_hint_and_is_rate_limited(client, org, settings):
    settings.PQRSD_STATUS_RATE_LIMIT = 3
    req = file(org).request
    status = reverse("pqrsd_status", args=[org.slug])
    wrong = client.post(status, {"radicado": req.radicado, "code": "AAAA2222"})
    missing = client.post(status, {"radicado": "20269999999999", "code": "AAAA2222"})
    assert wrong.status_code == missing.status_code == 404

    def main(response, radicado):
        html = response.content.decode()
        html = re.sub(r'value="[A-Za-z0-9]{64}"', "", html)  # the CSRF token
        return html[html.index('id="main"') :].replace(radicado, "X")

    assert main(wrong, req.radicado) == main(missing, "20269999999999")
    assert client.post(status, {"radicado": req.radicado, "code": "x"}).status_code == 404
    assert client.post(status, {"radicado": req.radicado, "code": "x"}).status_code == 429


def test_detail_says_how_many_business_days_overdue(client, agent, org):
    # Due Tue 2027-01-19; seen on Thu 2027-01-21: Jan 20 and 21 are 2 business days late.
    from dialogo.pqrsd.queries import with_lights

    req = file(org).request
    (req,) = with_lights([req], org, today=dt.date(2027, 1, 21))
    assert (req.light.code, req.light.days_left, req.light.days_overdue) == ("overdue", -2, 2)
    now = timezone.now()
    late = file(org, received=now - dt.timedelta(days=60), now=now).request
    login(client, agent)
    html = client.get(url(org, "detail", pk=late.pk)).content.decode()
    assert "vencida hace" in html or "business days overdue" in html


def test_answer_form_marks_a_denial(client, agent, org):
    req = file(org, type_code="informacion", received=timezone.now() - dt.timedelta(hours=1))
    req = req.request
    login(client, agent)
    response = client.get(url(org, "detail", pk=req.pk))
    assert "La respuesta niega la solicitud" in response.content.decode()
    client.post(
        url(org, "step", pk=req.pk, name="answer"),
        {"text": "La información solicitada es reservada.", "denied": "on"},
    )
    req.refresh_from_db()
    assert (req.state, req.denied) == (RequestState.ANSWERED, True)
