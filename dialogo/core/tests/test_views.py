from django.urls import reverse

from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role


def test_settings_change_is_saved_and_audited(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("core:settings", kwargs={"org": org.slug})
    response = client.post(
        url,
        {
            "name": org.name,
            "contact_email": "nuevo@ifp.example",
            "work_start": "07:00",
            "work_end": "16:00",
            "working_days": ["0", "1", "2", "3", "4"],
            "first_response_target_hours": "4",
            "resolution_target_hours": "40",
            "webform_enabled": "on",
            "privacy_notice": "Aviso",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.first_response_target_hours == 4
    entry = AuditEntry.objects.get(action=Action.SETTINGS)
    assert entry.details["changes"]["first_response_target_hours"] == ["8", "4"]
    assert entry.ip_address == "127.0.0.1"  # from the request context, not an argument
    body = client.get(
        reverse("core:audit", kwargs={"org": org.slug}) + "?action=organization.settings"
    ).content.decode()
    assert "first_response_target_hours" in body
    # Read by people: the action's name beside its code, details as "key: value".
    assert "Cambió la configuración de la entidad" in body
    assert "{&#x27;" not in body and "{'" not in body


def test_settings_rejects_inverted_hours(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    response = client.post(
        reverse("core:settings", kwargs={"org": org.slug}),
        {
            "name": org.name,
            "work_start": "18:00",
            "work_end": "08:00",
            "working_days": ["0"],
            "first_response_target_hours": "4",
            "resolution_target_hours": "40",
        },
    )
    assert response.status_code == 200
    org.refresh_from_db()
    assert org.work_start.hour == 8


def test_home_redirects_single_membership_to_inbox(client, members, org):
    client.force_login(members[Role.AGENT].user)
    response = client.get("/")
    assert response["Location"] == reverse("inbox:inbox", kwargs={"org": org.slug})


def test_language_switch_to_english(client, members, org):
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:inbox", kwargs={"org": org.slug})
    assert "Bandeja" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Inbox" in client.get(url).content.decode()


def test_security_headers(client):
    response = client.get("/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
