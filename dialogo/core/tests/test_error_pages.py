"""Error pages in the site's language and look, never Django's bare ones."""

from django.test import override_settings
from django.urls import reverse

from dialogo.core.roles import Role


@override_settings(DEBUG=False)
def test_forbidden_and_missing_pages_speak_spanish(client, members, org):
    client.force_login(members[Role.AGENT].user)
    forbidden = client.get(reverse("triage:settings", kwargs={"org": org.slug}))
    assert forbidden.status_code == 403
    assert "No permitido" in forbidden.content.decode()
    missing = client.get("/o/no-existe/inbox/")
    assert missing.status_code == 404
    assert "Página no encontrada" in missing.content.decode()


def test_server_error_page_renders_without_context():
    from django.template import loader

    body = loader.get_template("500.html").render({})
    assert "Diálogo" in body
