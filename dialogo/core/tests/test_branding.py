"""The institution's identity on its public pages: colour, logo, GOV.CO bar."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogo.core import branding
from dialogo.core.roles import Role

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def test_text_on_the_colour_stays_readable():
    assert branding.ink_for("#0b4f8a") == "#ffffff"
    assert branding.ink_for("#f5d000") == "#1b1f24"
    for color in ("#0b4f8a", "#f5d000", "#3366cc", "#e0e0e0"):
        assert branding.contrast(color, branding.ink_for(color)) >= 4.5


def test_theme_css_carries_the_organizations_colour(client, org):
    org.brand_color = "#7a1f3d"
    org.save()
    response = client.get(reverse("org_theme", args=[org.slug]))
    assert response["Content-Type"].startswith("text/css")
    assert (
        response.content.decode() == ":root{--org:#7a1f3d;--org-ink:#ffffff;--org-link:#7a1f3d;}\n"
    )
    again = client.get(reverse("org_theme", args=[org.slug]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_public_pages_show_name_govco_bar_and_theme(client, org):
    for name in ("webform", "public_policy", "public_moderation"):
        body = client.get(reverse(name, args=[org.slug])).content.decode()
        assert 'class="govco"' in body and "GOV.CO" in body, name
        assert '<span class="org-name">Instituto Ficticio de Pruebas</span>' in body, name
        assert reverse("org_theme", args=[org.slug]) in body, name
    org.govco_bar = False
    org.save()
    assert 'class="govco"' not in client.get(reverse("webform", args=[org.slug])).content.decode()


def test_admin_uploads_a_logo_shown_on_public_pages(client, org, members):
    client.force_login(members[Role.ADMIN].user)
    data = {
        "name": org.name,
        "contact_email": org.contact_email,
        "work_start": "08:00",
        "work_end": "17:00",
        "working_days": [0, 1, 2, 3, 4],
        "first_response_target_hours": 8,
        "resolution_target_hours": 40,
        "webform_enabled": "on",
        "brand_color": "#1e6b34",
        "govco_bar": "on",
        "logo": SimpleUploadedFile("escudo.png", PNG, content_type="image/png"),
    }
    response = client.post(reverse("core:settings", args=[org.slug]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.brand_color, org.logo_type, bytes(org.logo)) == ("#1e6b34", "image/png", PNG)
    logo = client.get(reverse("org_logo", args=[org.slug]))
    assert (logo["Content-Type"], logo.content) == ("image/png", PNG)
    body = client.get(reverse("webform", args=[org.slug])).content.decode()
    assert 'alt="Logo de Instituto Ficticio de Pruebas"' in body


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, org, members):
    client.force_login(members[Role.ADMIN].user)
    fake = SimpleUploadedFile(
        "logo.png", b"<html><script>alert(1)</script>", content_type="image/png"
    )
    response = client.post(
        reverse("core:settings", args=[org.slug]),
        {
            "name": org.name,
            "work_start": "08:00",
            "work_end": "17:00",
            "working_days": [0],
            "first_response_target_hours": 8,
            "resolution_target_hours": 40,
            "brand_color": "#0b4f8a",
            "logo": fake,
        },
    )
    assert response.status_code == 200
    assert "El logo debe ser una imagen PNG, JPEG, WebP o SVG." in response.content.decode()
    org.refresh_from_db()
    assert org.logo_type == ""


def test_an_svg_logo_cannot_run_scripts(client, org):
    org.logo, org.logo_type = SVG, "image/svg+xml"
    org.save()
    response = client.get(reverse("org_logo", args=[org.slug]))
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_logo_is_a_404(client, org):
    assert client.get(reverse("org_logo", args=[org.slug])).status_code == 404


def test_selects_show_real_placeholders(client, org, members):
    client.force_login(members[Role.ADMIN].user)
    body = client.get(reverse("triage:settings", args=[org.slug])).content.decode()
    assert "---------" not in body
    assert "Cualquier tema" in body and "Cualquier canal" in body
