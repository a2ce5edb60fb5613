"""Small factories for PQRSD tests (the shared fixtures come from dialogo/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogo.core.business_time import BOGOTA
from dialogo.pqrsd import services
from dialogo.pqrsd.models import Office


@pytest.fixture
def office(org) -> Office:
    return Office.objects.create(organization=org, code="100", name="Atención al Ciudadano")


def bogota(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BOGOTA)


def file(org, *, type_code="peticion", received=None, now=None, **extra) -> services.Filing:
    received = received or bogota(2026, 12, 24, 10, 0)
    new = services.NewRequest(
        type_code=type_code,
        text=extra.pop("text", "Solicito copia de mi historia laboral."),
        received_at=received,
        citizen_name=extra.pop("citizen_name", "Lucía Prueba"),
        citizen_email=extra.pop("citizen_email", "lucia@example.com"),
        **extra,
    )
    return services.file_request(
        organization=org, new=new, now=now or received + dt.timedelta(hours=1)
    )
