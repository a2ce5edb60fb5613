"""The dashboard and the public page in Chromium, under the site's CSP, with axe-core."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dialogo.core.roles import Role
from dialogo.testing.browser import check_accessibility, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARCH = "period=custom&start=2026-03-24&end=2026-03-31"


def log_in(page, live_server, membership):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nombre de usuario").fill(membership.user.username)
    page.get_by_label("Contraseña").fill("pw")
    page.get_by_role("button", name="Iniciar sesión").click()


def _charts_drawn(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter(c => window.Chart && Chart.getChart(c)).length"
    )


def test_dashboard_draws_charts_filters_and_drills_down(page, live_server, org, members, history):
    log_in(page, live_server, members[Role.SUPERVISOR])
    page.goto(f"{live_server.url}{reverse('metrics:dashboard', kwargs={'org': org.slug})}?{MARCH}")
    page.wait_for_function("() => window.Chart !== undefined")
    assert _charts_drawn(page) >= 3
    check_accessibility(page, "metrics-dashboard-1366")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "metrics-dashboard-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "metrics-dashboard-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    card = page.locator(".stat a", has_text="Mensajes recibidos")
    assert card.locator(".stat-value").inner_text() == "4"
    card.click()
    assert re.search(r"\b4 mensajes\b", page.locator("caption.drill-count").inner_text())
    check_accessibility(page, "metrics-drill")
    page.go_back()
    page.select_option("#f-type", "queja")
    page.get_by_role("button", name="Mostrar").click()
    assert (
        page.locator(".stat a", has_text="Mensajes recibidos").locator(".stat-value").inner_text()
        == "0"
    )


def test_public_page_is_accessible_and_anonymous(page, live_server, org, history):
    page.goto(live_server.url + reverse("metrics_public", kwargs={"org": org.slug}))
    text = page.content()
    assert "Cómo responde" in text
    assert "@example.com" not in text and "pasaporte" not in text
    check_accessibility(page, "metrics-public")
