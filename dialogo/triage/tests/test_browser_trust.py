"""In the browser (#17): a citizen's photo from X is not spam and stays unanswered; a spam
that a person confirms leaves the unanswered list, and the audit log names who confirmed."""

import pytest
from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.testing.browser import watch_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, membership):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nombre de usuario").fill(membership.user.username)
    page.get_by_label("Contraseña").fill("pw")
    page.get_by_role("button", name="Iniciar sesión").click()


def test_photo_stays_unanswered_and_confirmed_spam_leaves_the_list(
    page, live_server, members, channel
):
    org = members[Role.AGENT].organization
    make_conversation(
        channel, "@Alcaldia el hueco de la 68 ya se tragó una moto https://t.co/Ab12Cd34"
    )
    spam = make_conversation(
        channel,
        "Gana hasta $300.000 diarios desde tu celular, escríbeme al WhatsApp 3105551234",
        who="promo@example.com",
    )
    watch_errors(page)
    log_in(page, live_server, members[Role.AGENT])
    unanswered = (
        live_server.url + reverse("inbox:inbox", kwargs={"org": org.slug}) + "?unanswered=1"
    )
    page.goto(unanswered)
    listing = page.locator("main").inner_text()
    assert "el hueco de la 68" in listing and "Gana hasta" in listing
    page.get_by_role("link", name="Gana hasta").click()
    page.wait_for_selector("text=Sin confirmar: sigue esperando respuesta")
    page.get_by_role("button", name="Confirmar «Spam»").click()
    page.wait_for_selector("text=Etiqueta corregida")
    page.goto(unanswered)
    listing = page.locator("main").inner_text()
    assert "el hueco de la 68" in listing and "Gana hasta" not in listing
    entry = AuditEntry.objects.filter(action="triage.correct", target_id=str(spam.pk)).latest("pk")
    assert entry.actor == members[Role.AGENT].user and entry.details["confirmed"] == "true"
    assert page.js_errors == []
