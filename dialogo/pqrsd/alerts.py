"""Deadline alerts by e-mail: a plain function the periodic job calls (see tasks.py).

Each running request is e-mailed at most once per level — due soon (warn_days business days
left or fewer), urgent (urgent_days or fewer), overdue — to its office's alert address, or
the organization's contact address. A level is claimed with a conditional UPDATE, so two
workers running the job at once never send the same alert twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Organization
from dialogo.pqrsd import deadlines
from dialogo.pqrsd.models import Request, RequestState
from dialogo.pqrsd.queries import settings_for, today_local

DUE_SOON, URGENT, OVERDUE = 1, 2, 3
LEVEL_NAMES = {DUE_SOON: "due_soon", URGENT: "urgent", OVERDUE: "overdue"}


def _level(due: dt.date, today: dt.date, warn_until: dt.date, urgent_until: dt.date) -> int:
    if due < today:
        return OVERDUE
    if due <= urgent_until:
        return URGENT
    return DUE_SOON if due <= warn_until else 0


def _claim(request: Request, level: int) -> bool:
    return bool(
        Request.objects.filter(pk=request.pk, alert_level__lt=level).update(alert_level=level)
    )


def alerts_for_organization(organization: Organization, today: dt.date) -> dict[str, list]:
    """Claim the alerts due today; returns {recipient: [(request, level), …]}."""
    conf = settings_for(organization)
    warn_until = deadlines.add_business_days(today, conf.warn_days) if conf.warn_days else today
    urgent_until = (
        deadlines.add_business_days(today, conf.urgent_days) if conf.urgent_days else today
    )
    candidates = (
        Request.objects.filter(
            organization=organization, state=RequestState.FILED, due_date__lte=warn_until
        )
        .exclude(alert_level=OVERDUE)
        .select_related("office", "type")
        .order_by("due_date", "id")
    )
    by_recipient: dict[str, list] = defaultdict(list)
    for request in candidates.iterator(1000):
        level = _level(request.due_date, today, warn_until, urgent_until)
        if level > request.alert_level and _claim(request, level):
            to = (request.office.email if request.office else "") or organization.contact_email
            if to:
                by_recipient[to].append((request, level))
    return by_recipient


def send_deadline_alerts(now: dt.datetime | None = None) -> int:
    """E-mail every organization's deadline alerts due now; returns the number of alerts."""
    today = today_local(now)
    sent = 0
    for organization in Organization.objects.all().iterator():
        with transaction.atomic():
            batches = alerts_for_organization(organization, today)
            for to, items in batches.items():
                _send(organization, to, items)
                sent += len(items)
            if batches:
                audit.record(
                    action="pqrsd.alerts",
                    organization=organization,
                    details={"alerts": sum(len(i) for i in batches.values())},
                )
    return sent


def _send(organization: Organization, to: str, items: list) -> None:
    names = {
        DUE_SOON: _("due soon"),
        URGENT: _("urgent"),
        OVERDUE: _("overdue"),
    }
    lines = [
        f"{r.radicado} · {r.type.label} · {r.due_date:%Y-%m-%d} · {names[level]}"
        for r, level in items
    ]
    subject = _("%(org)s: %(n)s PQRSD deadlines need attention") % {
        "org": organization.name,
        "n": len(items),
    }
    body = "\n".join(lines)
    transaction.on_commit(lambda: send_mail(subject, body, None, [to], fail_silently=True))
