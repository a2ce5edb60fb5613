"""The organization configures its terms, special regimes, offices and radicado format."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dialogo.core.models import AuditEntry
from dialogo.pqrsd.models import Office, RequestType
from dialogo.pqrsd.queries import settings_for

from .conftest import file


def conf_url(org):
    return reverse("pqrsd:configuration", args=[org.slug])


def test_admin_changes_a_term_and_new_filings_use_it(client, members, org):
    client.force_login(members["admin"].user)
    peticion = RequestType.objects.get(organization=org, code="peticion")
    response = client.post(
        conf_url(org),
        {
            "form": f"type-{peticion.pk}",
            f"t{peticion.pk}-code": "peticion",
            f"t{peticion.pk}-name": peticion.name,
            f"t{peticion.pk}-digit": 1,
            f"t{peticion.pk}-term_days": 10,
            f"t{peticion.pk}-extension_days": 10,
            f"t{peticion.pk}-is_active": "on",
        },
    )
    assert response.status_code == 302
    # Thu Dec 24 2026, now 10 days: Dec 28–31 (4), Jan 4–8 (9), Jan 12 (10).
    assert file(org).request.due_date == dt.date(2027, 1, 12)
    assert AuditEntry.objects.filter(action="pqrsd.config_type").count() == 1


def test_special_regime_type_and_office(client, members, org):
    client.force_login(members["admin"].user)
    client.post(
        conf_url(org),
        {
            "form": "new_type",
            "t-code": "servicios_publicos",
            "t-name": "Reclamo servicios públicos",
            "t-term_days": 15,
            "t-extension_days": 15,
            "t-digit": 0,
            "t-is_active": "on",
        },
    )
    client.post(conf_url(org), {"form": "office", "o-code": "400", "o-name": "Servicios"})
    office = Office.objects.get(organization=org, code="400")
    req = file(org, type_code="servicios_publicos", office=office).request
    assert req.radicado == "20264000000010"
    page = client.get(conf_url(org)).content.decode()
    assert "Reclamo servicios públicos" in page and "Servicios" in page


def test_bad_radicado_parts_are_refused(client, members, org):
    client.force_login(members["admin"].user)
    response = client.post(
        conf_url(org),
        {
            "form": "settings",
            "s-completion_rule": "restart",
            "s-warn_days": 5,
            "s-urgent_days": 2,
            "s-radicado_parts": "year,office,type",
            "s-consecutive_digits": 6,
        },
    )
    assert response.status_code == 400
    assert settings_for(org).radicado_parts == "year,office,consecutive,type"


def test_agents_cannot_configure(client, agent, org):
    client.force_login(agent.user)
    assert client.get(conf_url(org)).status_code == 403


def test_duplicate_type_code_is_refused_cleanly(client, members, org):
    client.force_login(members["admin"].user)
    response = client.post(
        conf_url(org),
        {
            "form": "new_type",
            "t-code": "queja",
            "t-name": "Otra",
            "t-term_days": 5,
            "t-extension_days": 5,
            "t-digit": 4,
        },
    )
    assert response.status_code == 400
    assert RequestType.objects.filter(organization=org, code="queja").count() == 1
