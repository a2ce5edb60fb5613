"""The public legal reports built from real PQRSD requests filed through the PQRSD services.

Counted by hand. November 2026 holidays: Mon 2 (All Saints, moved) and Mon 16 (Cartagena's
independence, moved). Days to answer are business days after the day of receipt up to the
day of the answer (a same-day answer is 0).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from dialogo.core.business_time import BOGOTA
from dialogo.metrics import public
from dialogo.metrics.pqrsd_source import SOURCE
from dialogo.pqrsd import services, workflow

NAME, EMAIL = "Zuleima Quintero Perdomo", "zuleima.qp@example.com"
TEXT = "Solicito el contrato 4471 firmado por la secretaría, cédula 1098765432."


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=BOGOTA)


def file(org, type_code: str, received: dt.datetime) -> services.Filing:
    new = services.NewRequest(
        type_code=type_code,
        text=TEXT,
        received_at=received,
        citizen_name=NAME,
        citizen_email=EMAIL,
        citizen_phone="3001234567",
        subject="Contrato 4471",
    )
    return services.file_request(organization=org, new=new, now=received + dt.timedelta(hours=1))


@pytest.fixture
def filed(org, other_org, agent, monkeypatch):
    """Returns the filings (for their radicados and tracking codes)."""
    monkeypatch.setattr(public, "today", lambda: dt.date(2026, 12, 8))
    filings = []

    def new(type_code, received, org=org):
        filing = file(org, type_code, received)
        filings.append(filing)
        return filing.request

    def answer(req, when, denied=False):
        workflow.answer_request(
            request=req, membership=agent, text="Adjuntamos lo pedido.", denied=denied, now=when
        )

    answer(new("informacion", at(11, 3)), at(11, 10, 15))  # Nov 4,5,6,9,10: 5 days
    answer(new("informacion", at(11, 3)), at(11, 4, 15))  # 1 day
    answer(new("informacion", at(11, 4)), at(11, 18, 15))  # Nov 5–13 (7), 17, 18: 9 days
    answer(new("informacion", at(11, 5)), at(11, 5, 16), denied=True)  # denied, 0 days
    workflow.transfer_request(
        request=new("informacion", at(11, 6)),
        membership=agent,
        entity="Ministerio de Hacienda",
        notice="Su solicitud fue remitida al Ministerio de Hacienda.",
        letter="Remitimos por competencia la solicitud adjunta.",
        now=at(11, 9),
    )
    workflow.void_request(
        request=new("informacion", at(11, 6)), membership=agent, reason="Radicado duplicado."
    )
    answer(new("peticion", at(11, 3)), at(11, 10, 15))  # a petition: not in Decreto 1081
    new("informacion", at(12, 1))  # another month, still open
    new("informacion", at(11, 3), org=other_org)  # another organization
    return filings


def data(client, org) -> dict:
    return json.loads(client.get(reverse("metrics_public_json", kwargs={"org": org.slug})).content)


def test_source_reads_filed_requests_in_one_query(org, filed, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(SOURCE.rows(org, dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    assert sorted((r.kind, r.received_on.day, r.transferred, r.denied) for r in rows) == [
        ("informacion", 3, False, False),
        ("informacion", 3, False, False),
        ("informacion", 4, False, False),
        ("informacion", 5, False, True),
        ("informacion", 6, True, False),
        ("peticion", 3, False, False),
    ]


def test_information_report_counts_real_requests_by_hand(client, org, filed, settings):
    settings.METRICS_PUBLIC_MIN_COUNT = 1  # every count shown, to compare them all
    reports = data(client, org)["legal_reports"]
    november, december = reports["information_requests"]
    assert november == {
        "month": "2026-11",
        "received": 5,
        "transferred": 1,
        "denied": 1,
        "answered": 4,
        "days_to_answer": [0, 1, 5, 9],
        "mean_days": 3.8,
    }
    assert (december["month"], december["received"], december["answered"]) == ("2026-12", 1, None)
    cells = {(c["month"], c["type"]): c for c in reports["pqrsd"]}
    assert set(cells) == {
        ("2026-11", "informacion"),
        ("2026-11", "peticion"),
        ("2026-12", "informacion"),
    }
    info = cells[("2026-11", "informacion")]
    assert (info["received"], info["answered"], info["transferred"], info["denied"]) == (5, 4, 1, 1)
    assert (info["pending"], info["mean_days"]) == (None, 3.8)  # 0 pending: below 1, hidden
    petition = cells[("2026-11", "peticion")]
    assert (petition["received"], petition["answered"], petition["mean_days"]) == (1, 1, 5.0)


def test_public_page_shows_the_legal_report_with_small_counts_suppressed(client, org, filed):
    reports = data(client, org)["legal_reports"]
    november = reports["information_requests"][0]
    # 5 received reaches the default threshold of 5; 1 transferred, 1 denied do not.
    assert (november["received"], november["transferred"], november["denied"]) == (5, None, None)
    assert november["days_to_answer"] == [0, 1, 5, 9]
    december = reports["information_requests"][1]
    assert (december["received"], december["days_to_answer"], december["mean_days"]) == (
        None,
        None,
        None,
    )
    petition = next(c for c in reports["pqrsd"] if c["type"] == "peticion")
    assert (petition["received"], petition["mean_days"]) == (None, None)
    page = client.get(reverse("metrics_public", kwargs={"org": org.slug})).content.decode()
    assert '<th scope="row">2026-11</th><td class="num">5</td>' in page
    assert "0, 1, 5, 9" in page


def test_public_page_and_open_data_hold_no_personal_data(client, org, filed):
    kwargs = {"org": org.slug}
    outputs = [
        client.get(reverse(name, kwargs=kwargs)).content.decode()
        for name in (
            "metrics_public",
            "metrics_public_json",
            "metrics_public_csv",
            "metrics_public_information_csv",
            "metrics_public_pqrsd_csv",
        )
    ]
    assert "0, 1, 5, 9" in outputs[0]  # the report is there
    secrets = [NAME, "Zuleima", EMAIL, "3001234567", "4471", "1098765432", "Ministerio de Hacienda"]
    for filing in filed:
        secrets += [filing.request.radicado, filing.tracking_code]
    for output in outputs:
        for secret in secrets:
            assert secret not in output


def test_legal_csvs_hold_the_same_figures(client, org, filed):
    kwargs = {"org": org.slug}
    info = client.get(reverse("metrics_public_information_csv", kwargs=kwargs))
    assert info["Content-Type"].startswith("text/csv")
    assert info.content.decode().splitlines() == [
        "month,received,transferred,denied,answered,mean_days,days_to_answer",
        "2026-11,5,,,,3.8,0;1;5;9",  # 4 answered is below the threshold of 5
        "2026-12,,,,,,",
    ]
    pqrsd = client.get(reverse("metrics_public_pqrsd_csv", kwargs=kwargs)).content.decode()
    assert pqrsd.splitlines() == [
        "month,type,received,answered,transferred,denied,pending,mean_days",
        "2026-11,informacion,5,,,,,3.8",
        "2026-11,peticion,,,,,,",
        "2026-12,informacion,,,,,,",
    ]


def test_legal_csv_of_an_unknown_organization_is_404(client, db):
    response = client.get("/transparencia/no-existe/solicitudes-pqrsd.csv")
    assert response.status_code == 404


def test_public_page_with_no_request_filed_says_none_received(client, org):
    html = client.get(reverse("metrics_public", kwargs={"org": org.slug})).content.decode()
    assert "No se recibió ninguna." in html
    assert "cuando la entidad las radique" not in html
