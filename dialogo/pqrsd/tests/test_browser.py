"""Filing a PQRSD from a conversation in a real Chromium, with axe-core on every new page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.roles import Role
from dialogo.pqrsd.models import Office, Request, RequestState
from dialogo.testing.browser import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_files_asks_to_complete_and_citizen_follows(page, live_server, members, channel):
    admin = members[Role.ADMIN]
    org = admin.organization
    Office.objects.create(organization=org, code="100", name="Atención al Ciudadano")
    conv = make_conversation(channel, "Solicito copia de la resolución que me negó el subsidio.")
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nombre de usuario").fill(admin.user.username)
    page.get_by_label("Contraseña").fill("pw")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"**/o/{org.slug}/**")  # the administrator lands on the live view
    page.goto(live_server.url + reverse("inbox:conversation", args=[org.slug, conv.pk]))
    check_accessibility(page, "pqrsd-conversation-panel")
    page.get_by_label("Tipo de solicitud").select_option("informacion")
    page.get_by_label("Dependencia responsable").select_option(label="100 Atención al Ciudadano")
    page.get_by_role("button", name="Radicar y asignar número").click()
    page.wait_for_selector("text=Radicada con el número")
    req = Request.objects.get()
    assert req.radicado in page.inner_text("h1")
    check_accessibility(page, "pqrsd-detail")
    page.get_by_text("Pedir al ciudadano que complete la solicitud (art. 17)").click()
    page.get_by_label("Lo que debe completar el ciudadano").fill(
        "Indíquenos el número de la resolución."
    )
    page.get_by_role("button", name="Enviar y suspender el término").click()
    page.wait_for_selector("text=término suspendido")
    req.refresh_from_db()
    assert req.state == RequestState.AWAITING_CITIZEN
    page.get_by_role("link", name="Constancia de radicación (imprimir)").click()
    check_accessibility(page, "pqrsd-constancia")
    code = page.inner_text("strong.code")
    for name in ("pqrsd:queue", "pqrsd:offline", "pqrsd:configuration"):
        page.goto(live_server.url + reverse(name, args=[org.slug]))
        check_accessibility(page, name.replace(":", "-"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("pqrsd:queue", args=[org.slug]))
    check_accessibility(page, "pqrsd-queue-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("pqrsd_status", args=[org.slug]))
    check_accessibility(page, "pqrsd-status")
    page.get_by_label("Radicado").fill(req.radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_selector("text=En espera de que el ciudadano complete")
    check_accessibility(page, "pqrsd-status-found")
    assert "Solicito copia" not in page.content()
