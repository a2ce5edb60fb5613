"""The dashboard, its lists, CSV files, objectives and reports, as people reach them."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from dialogo.core.roles import Role
from dialogo.metrics import services
from dialogo.metrics.models import Objective, Report, ReportStatus

MARCH = "period=custom&start=2026-03-24&end=2026-03-31"


def url(org, name, **kw) -> str:
    return reverse(f"metrics:{name}", kwargs={"org": org.slug, **kw})


def login(client, membership):
    client.force_login(membership.user)
    return client


def test_dashboard_shows_the_figures_to_an_analyst(client, org, members, history):
    page = login(client, members[Role.ANALYST]).get(f"{url(org, 'dashboard')}?{MARCH}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tasa de respuesta" in html and "75,0 %" in html
    assert "80,0 %" in html  # dialogue share
    assert 'data-chart="chart-volume"' in html and 'id="chart-volume"' in html
    assert "<script>" not in html  # only src scripts and json data blocks
    assert "Equipo" not in html  # the team table is for supervisors and administrators


def test_dashboard_team_table_for_a_supervisor(client, org, members, history):
    html = login(client, members[Role.SUPERVISOR]).get(f"{url(org, 'dashboard')}?{MARCH}")
    assert "Carga y tiempos por persona asignada" in html.content.decode()


def test_dashboard_refused_to_an_expert(client, org, members):
    assert login(client, members[Role.EXPERT]).get(url(org, "dashboard")).status_code == 403


def test_dashboard_of_another_organization_is_not_found(client, org, other_org, members):
    page = login(client, members[Role.ANALYST]).get(url(other_org, "dashboard"))
    assert page.status_code == 404


def test_dashboard_of_an_empty_organization(client, org, members):
    page = login(client, members[Role.ADMIN]).get(url(org, "dashboard"))
    assert page.status_code == 200
    assert "Nada en este periodo." in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "period=nope",
        "period=custom&start=2026-13-01&end=x",
        "period=custom&start=2026-03-31&end=2026-03-01",
        "channel=abc&topic=999999&type=%00&member=-1&sentiment=zz",
        "period=custom&start=0001-01-01&end=9999-12-31",
    ],
)
def test_malformed_filters_give_a_clear_page(client, org, members, query):
    page = login(client, members[Role.ANALYST]).get(f"{url(org, 'dashboard')}?{query}")
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    assert "Mensajes recibidos" in page.content.decode()


def test_ten_year_period_renders(client, org, members, history):
    query = "period=custom&start=2016-04-01&end=2026-03-31"
    page = login(client, members[Role.ANALYST]).get(f"{url(org, 'dashboard')}?{query}")
    assert page.status_code == 200
    assert "2026-03-01" in page.content.decode()  # monthly buckets over ten years


def test_drill_down_list_has_the_figure_count(client, org, members, history):
    client = login(client, members[Role.ANALYST])
    page = client.get(f"{url(org, 'drill', key='answered')}?{MARCH}")
    assert "3 mensajes" in page.content.decode()
    page = client.get(f"{url(org, 'drill', key='fr_c4')}?{MARCH}")
    assert "2 conversaciones" in page.content.decode()


def test_unknown_drill_down_is_not_found(client, org, members):
    page = login(client, members[Role.ANALYST]).get(url(org, "drill", key="nothing"))
    assert page.status_code == 404


def test_table_csv_has_the_table_rows(client, org, members, history):
    page = login(client, members[Role.ANALYST]).get(f"{url(org, 'csv', table='type')}?{MARCH}")
    body = b"".join(page.streaming_content).decode()
    assert body.splitlines()[1] == "Pregunta,4"


def test_conversation_export_has_every_timer(client, org, members, history):
    page = login(client, members[Role.ANALYST]).get(f"{url(org, 'conversations_csv')}?{MARCH}")
    lines = b"".join(page.streaming_content).decode().splitlines()
    assert lines[0].startswith("conversation,channel,topic,type")
    assert len(lines) == 1 + 4  # B, C, D and the institution's own post E started in it
    assert any(",1200,1200," in line for line in lines)  # B's first response, 20 minutes


def test_supervisor_sets_an_objective_and_sees_its_progress(client, org, members, history):
    client = login(client, members[Role.SUPERVISOR])
    page = client.post(
        url(org, "objectives"),
        {
            "metric": "answered_within",
            "target": "90",
            "within_hours": "4",
            "start": "2026-03-24",
            "end": "2026-03-31",
            "is_public": "on",
        },
    )
    assert page.status_code == 302
    objective = Objective.objects.get(organization=org)
    assert objective.within_hours == 4
    html = client.get(url(org, "objectives")).content.decode()
    assert "66,7 %" in html  # A and B within 4 business hours, D not
    assert "No se cumplirá a este ritmo" in html


def test_analyst_cannot_set_objectives(client, org, members):
    page = login(client, members[Role.ANALYST]).post(url(org, "objectives"), {"metric": "x"})
    assert page.status_code == 404
    assert not Objective.objects.exists()


def test_objective_with_bad_values_is_refused(client, org, members):
    page = login(client, members[Role.SUPERVISOR]).post(
        url(org, "objectives"),
        {"metric": "response_rate", "target": "150", "start": "2026-04-01", "end": "2026-03-01"},
    )
    assert page.status_code == 400
    assert not Objective.objects.exists()


def test_report_requested_twice_is_written_once(org, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_report(organization=org, month=dt.date(2026, 3, 9))
        second = services.request_report(organization=org, month=dt.date(2026, 3, 1))
    assert first.pk == second.pk
    report = Report.objects.get()
    assert report.status == ReportStatus.DONE
    assert bytes(report.pdf).startswith(b"%PDF")
    assert bytes(report.xlsx).startswith(b"PK")
    assert services.write_report(report_id=report.pk) is False  # nothing left to claim


def test_report_downloads(client, org, members, history, django_capture_on_commit_callbacks):
    client = login(client, members[Role.SUPERVISOR])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(org, "reports"), {"month": "2026-03"})
    report = Report.objects.get()
    pdf = client.get(url(org, "report_download", pk=report.pk, fmt="pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "2026-03" in client.get(url(org, "reports")).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent connections")
def test_report_requested_at_once_from_two_threads_makes_one(org):
    def ask():
        services.request_report(organization=org, month=dt.date(2026, 3, 1))
        connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Report.objects.filter(organization=org).count() == 1


@pytest.mark.parametrize("key", ["inbound", "first_responses"])
def test_drill_down_queries_do_not_grow_with_rows(client, org, members, channel, key):
    from django.test.utils import CaptureQueriesContext

    from dialogo.metrics.tests.conftest import bogota, citizen, institution, label_all

    client = login(client, members[Role.ANALYST])
    page = f"{url(org, 'drill', key=key)}?{MARCH}"

    def add(n: int) -> int:
        for i in range(n):
            conv = citizen(channel, bogota(24, 9 + i), f"q{i}-{n}@example.com")
            institution(channel, bogota(24, 12 + i), conv.thread_key)
        label_all(org)
        services.recompute(organization=org)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code == 200
        return len(ctx.captured_queries)

    assert add(1) == add(2)  # 1 row, then 3 rows
