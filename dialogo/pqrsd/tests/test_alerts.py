"""Deadline alerts: each level once, to the office's address."""

from __future__ import annotations

from django.core import mail

from dialogo.pqrsd.alerts import send_deadline_alerts

from .conftest import bogota, file


def test_alerts_each_level_once(org, office, django_capture_on_commit_callbacks):
    office.email = "atencion@ifp.example"
    office.save()
    req = file(org, office=office).request  # due Tue 2027-01-19
    run = lambda now: _run(now, django_capture_on_commit_callbacks)  # noqa: E731
    # Mon Jan 11 is a holiday; Tue Jan 12 → Jan 19: 13,14,15,18,19 = 5 business days left.
    assert run(bogota(2027, 1, 12, 9)) == 1  # 5 left: due soon
    assert run(bogota(2027, 1, 12, 15)) == 0  # already sent today
    assert run(bogota(2027, 1, 15, 9)) == 1  # 2 left (18, 19): urgent
    assert run(bogota(2027, 1, 20, 9)) == 1  # overdue
    assert run(bogota(2027, 1, 21, 9)) == 0
    assert mail.outbox[-1].to == ["atencion@ifp.example"]
    assert req.radicado in mail.outbox[-1].body


def test_no_alert_six_days_before(org, office, django_capture_on_commit_callbacks):
    file(org, office=office)
    # Fri Jan 8 → Jan 19: 12, 13, 14, 15, 18, 19 = 6 business days left: nothing yet.
    assert _run(bogota(2027, 1, 8, 9), django_capture_on_commit_callbacks) == 0


def _run(now, capture) -> int:
    with capture(execute=True):
        return send_deadline_alerts(now)
