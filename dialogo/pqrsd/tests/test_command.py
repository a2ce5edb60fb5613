from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("pqrsd_deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_pqrsd_deadline_last_line_is_the_date():
    lines = run("--type", "peticion", "--received", "2026-12-24T10:00-05:00")
    assert lines[-1] == "2027-01-19"
    assert "Counts as received: 2026-12-24 (a business day within office hours)" in lines
    assert "First business day counted: 2026-12-28" in lines


def test_pqrsd_deadline_after_hours_moves_receipt():
    lines = run("--type", "informacion", "--received", "2026-12-24T17:05")
    assert lines[-1] == "2027-01-13"
    assert any("after office hours" in line for line in lines)


def test_pqrsd_deadline_bad_time_is_a_clear_error():
    with pytest.raises(CommandError, match="not an ISO"):
        run("--type", "peticion", "--received", "ayer")


def test_pqrsd_deadline_uses_the_organization_terms_and_hours(org):
    from dialogo.pqrsd.models import RequestType

    RequestType.objects.filter(organization=org, code="peticion").update(term_days=10)
    org.work_end = dt.time(16, 0)
    org.save()
    # 16:30 is after this office's 16:00 closing: received-as Mon Dec 28; 10 days:
    # Dec 29–31 (3), Jan 4–8 (8), Jan 12–13 (10); Jan 1 and Jan 11 are holidays.
    lines = run("--type", "peticion", "--received", "2026-12-24T16:30", "--organization", "ifp")
    assert lines[-1] == "2027-01-13"


def test_pqrsd_deadline_accepts_accents_and_hyphens():
    # 10:00 UTC is 05:00 in Bogota, before opening: still Dec 24 → Jan 19 (as above).
    assert run("--type", "Petición", "--received", "2026-12-24T10:00Z")[-1] == "2027-01-19"
    assert run("--type", "habeas-consulta", "--received", "2026-12-24T10:00")[-1] == "2027-01-12"
