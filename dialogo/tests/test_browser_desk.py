"""The desk's look and speed in a real Chromium: the inbox, a conversation, the live view
and the public form at 1366 px and 390 px, with axe-core on each; keyboard shortcuts,
saved replies, the per-network counter and bulk actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogo.conftest import make_conversation
from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation, State
from dialogo.networks.models import Channel
from dialogo.testing.browser import check_accessibility, watch_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(browser, viewport):
    context = browser.new_context(locale="es-CO", viewport=viewport)
    page = context.new_page()
    watch_errors(page)
    return page


def log_in(page, live_server, membership):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nombre de usuario").fill(membership.user.username)
    page.get_by_label("Contraseña").fill("pw")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_selector("main h1")


def a_busy_desk(org, members):
    """Four networks, citizens with names, one conversation overdue, one assigned."""
    channels = {
        kind: Channel.objects.create(organization=org, kind=kind, name=name, handle=handle)
        for kind, name, handle in [
            ("bluesky", "Bluesky del Instituto", "@instituto.bsky.social"),
            ("x", "X @InstitutoFicticio", "@InstitutoFicticio"),
            ("mastodon", "Mastodon del Instituto", "@instituto@social.example"),
            ("webform", "Escríbanos", "web"),
        ]
    }
    texts = [
        (
            "bluesky",
            "Rocío Parra",
            "Buenas tardes, ¿dónde apostillo un registro civil de nacimiento?",
        ),
        ("x", "Hernán Gil", "Mi pasaporte llegó con el apellido mal escrito, ¿qué hago?"),
        (
            "mastodon",
            "Yesenia Mora",
            "Llevo tres semanas esperando la cita y nadie responde. Pésimo servicio.",
        ),
        (
            "webform",
            "Carlos Andrés Rincón",
            "Quiero felicitar a la funcionaria que me atendió ayer, muy amable.",
        ),
        (
            "bluesky",
            "Luz Marina Ospina",
            "¿El certificado de antecedentes se puede sacar en línea?",
        ),
    ]
    convs = [
        make_conversation(
            channels[kind], text, name=name, who=f"{name.split()[0].lower()}@example.com"
        )
        for kind, name, text in texts
    ]
    Conversation.objects.filter(pk=convs[2].pk).update(
        response_due_at=timezone.now() - dt.timedelta(days=2)
    )
    Conversation.objects.filter(pk=convs[1].pk).update(
        assignee=members[Role.AGENT].user, state=State.OPEN
    )
    return channels, convs


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_desk_pages_look_right_and_pass_axe(browser, live_server, org, members, viewport):
    _channels, convs = a_busy_desk(org, members)
    width = viewport["width"]
    page = open_page(browser, viewport)

    log_in(page, live_server, members[Role.SUPERVISOR])
    assert "/live/" in page.url
    check_accessibility(page, f"desk-live-{width}")

    page.goto(live_server.url + reverse("inbox:inbox", args=[org.slug]))
    assert page.locator("tbody#rows tr").count() == 5
    check_accessibility(page, f"desk-inbox-{width}")
    no_sideways_scroll(page)

    page.goto(live_server.url + reverse("inbox:conversation", args=[org.slug, convs[1].pk]))
    page.wait_for_selector("ol.messages")
    check_accessibility(page, f"desk-conversation-{width}")
    no_sideways_scroll(page)

    page.goto(live_server.url + reverse("webform", args=[org.slug]))
    check_accessibility(page, f"desk-webform-{width}")
    no_sideways_scroll(page)
    assert page.js_errors == []
    page.context.close()


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
