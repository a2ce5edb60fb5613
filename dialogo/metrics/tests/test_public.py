"""The transparency page and its open data: no login, nothing personal, small counts hidden."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from dialogo.conftest import inbound
from dialogo.core.business_time import BOGOTA
from dialogo.inbox.services import receive_message
from dialogo.metrics import legal, public, services
from dialogo.metrics.tests.conftest import label_all

NAME, HANDLE, SECRET = "Zuleima Quintero Perdomo", "zuleima.qp@example.com", "cédula 1098765432"


@pytest.fixture
def leaky(org, channel, django_capture_on_commit_callbacks, settings):
    """Last month: six questions, all answered (shown). This month: two, one answered
    (suppressed). Every message carries a name, an address and an identity number."""
    today = public.today()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        for i, (month, answered) in enumerate(
            [(last_month, True)] * 6 + [(this_month, i) for i in (1, 0)]
        ):
            when = dt.datetime.combine(month, dt.time(9, i), tzinfo=BOGOTA)
            msg = inbound(f"Soy {NAME}, {SECRET}", who=HANDLE, name=NAME, created_at=when)
            message, _ = receive_message(channel=channel, inbound=msg)
            if answered:
                reply = inbound(
                    f"Con gusto, {NAME}",
                    who="entidad",
                    name="Entidad",
                    created_at=when + dt.timedelta(minutes=30),
                    thread_root_network_id=message.conversation.thread_key,
                    from_institution=True,
                )
                receive_message(channel=channel, inbound=reply)
    label_all(org)
    services.recompute(organization=org)
    return last_month, this_month


def _everything(client, org) -> str:
    page = client.get(reverse("metrics_public", kwargs={"org": org.slug}))
    data = client.get(reverse("metrics_public_json", kwargs={"org": org.slug}))
    csv = client.get(reverse("metrics_public_csv", kwargs={"org": org.slug}))
    assert page.status_code == data.status_code == csv.status_code == 200
    return page.content.decode() + data.content.decode() + csv.content.decode()


def test_public_data_hold_no_personal_data(client, org, leaky):
    text = _everything(client, org)
    for personal in (NAME, "Zuleima", "Quintero", HANDLE, "1098765432", "Con gusto", "Soy "):
        assert personal not in text


def test_small_counts_are_suppressed(client, org, leaky):
    last_month, this_month = leaky
    months = {
        m["month"]: m
        for m in json.loads(
            client.get(reverse("metrics_public_json", kwargs={"org": org.slug})).content
        )["months"]
    }
    shown, hidden = months[last_month.isoformat()[:7]], months[this_month.isoformat()[:7]]
    assert shown["messages_received"] == 6
    assert shown["response_rate_pct"] == 100.0
    assert shown["first_response_median_calendar_h"] == 0.5
    assert hidden["messages_received"] is None
    assert hidden["response_rate_pct"] is None
    assert hidden["first_response_median_business_h"] is None


def test_threshold_is_a_setting(client, org, leaky, settings):
    settings.METRICS_PUBLIC_MIN_COUNT = 1
    _last, this_month = leaky
    data = json.loads(client.get(reverse("metrics_public_json", kwargs={"org": org.slug})).content)
    months = {m["month"]: m for m in data["months"]}
    assert months[this_month.isoformat()[:7]]["messages_received"] == 2
    assert data["suppression_threshold"] == 1


def test_public_page_of_unknown_organization_is_not_found(client, db):
    assert client.get(reverse("metrics_public", kwargs={"org": "nadie"})).status_code == 404


def test_public_page_without_pqrsd_says_so(client, org, settings):
    settings.METRICS_PQRSD_SOURCE = ""  # no request source configured
    html = client.get(reverse("metrics_public", kwargs={"org": org.slug})).content.decode()
    assert "cuando la entidad las radique" in html


def test_information_report_counts_business_days():
    calendar = services.calendar_for(
        type(
            "O",
            (),
            {"work_start": dt.time(8), "work_end": dt.time(17), "working_days": [0, 1, 2, 3, 4]},
        )()
    )
    rows = [
        # Received Friday 20 March 2026; Monday 23 is a holiday: answered Wed 25 = 2 days.
        legal.RequestRow("informacion", dt.date(2026, 3, 20), dt.date(2026, 3, 25)),
        legal.RequestRow("informacion", dt.date(2026, 3, 26), None, transferred=True),
        legal.RequestRow("informacion", dt.date(2026, 3, 27), dt.date(2026, 3, 27), denied=True),
        legal.RequestRow("queja", dt.date(2026, 3, 2), dt.date(2026, 3, 16)),
    ]
    [march] = legal.information_report(rows, calendar)
    assert march == {
        "month": "2026-03",
        "received": 3,
        "transferred": 1,
        "denied": 1,
        "days_to_answer": [0, 2],
        "answered": 2,
        "mean_days": 1.0,
    }
    cells = {c["type"]: c for c in legal.pqrsd_report(rows, calendar)}
    assert cells["queja"]["mean_days"] == 10.0  # 2 to 16 March: ten working days
    assert cells["informacion"]["pending"] == 0


class _Source:
    def rows(self, organization, start, end):
        return [legal.RequestRow("peticion", start, start) for _ in range(5)]


def test_public_page_shows_the_legal_report_when_a_source_exists(client, org, settings):
    settings.METRICS_PQRSD_SOURCE = "dialogo.metrics.tests.test_public:SOURCE"
    data = json.loads(client.get(reverse("metrics_public_json", kwargs={"org": org.slug})).content)
    [cell] = data["legal_reports"]["pqrsd"]
    assert (cell["type"], cell["received"], cell["answered"]) == ("peticion", 5, 5)


SOURCE = _Source()
