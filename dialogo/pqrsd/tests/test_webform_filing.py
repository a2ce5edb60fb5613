"""The public web form files a PQRSD when the citizen says the message is one."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogo.pqrsd import deadlines
from dialogo.pqrsd.models import Request
from dialogo.pqrsd.services import date_in_words

FORM = {
    "name": "Marta Ficticia",
    "email": "marta.ficticia@example.com",
    "phone": "3001234567",
    "subject": "Alumbrado de la cuadra",
    "text": "Hace un mes no funciona el alumbrado público de la calle 12.",
    "consent": "on",
}


def test_webform_petition_is_filed_with_radicado_and_deadline_in_words(
    client, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webform", args=[org.slug]), {**FORM, "kind": "queja"})
    req = Request.objects.get()
    html = response.content.decode()
    due = deadlines.legal_deadline(req.received_at, 15)
    assert req.due_date == due and req.intake == "webform" and req.type.code == "queja"
    assert req.radicado in html
    assert date_in_words(due) in html
    assert mail.outbox[-1].to == ["marta.ficticia@example.com"]
    assert req.radicado in mail.outbox[-1].body and date_in_words(due) in mail.outbox[-1].body


def test_webform_question_gets_reference_not_radicado(
    client, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webform", args=[org.slug]), {**FORM, "kind": "question"})
    year = timezone.localdate().year
    assert Request.objects.count() == 0
    assert f"W-{year}-000001" in response.content.decode()
    assert "radicado" not in response.content.decode().lower().split("<main")[1]
    assert f"W-{year}-000001" in mail.outbox[-1].body


def test_date_in_words_spanish():
    import datetime as dt

    from django.utils import translation

    with translation.override("es"):
        assert date_in_words(dt.date(2027, 1, 19)) == "19 de enero de 2027"
