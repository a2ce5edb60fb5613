"""The supervisor's live view: the desk's queues as numbers that open their lists, and each
member's workload, refreshed by HTMX polling without reloading the page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogo.core.access import member_required
from dialogo.core.htmx import is_htmx
from dialogo.core.roles import Cap
from dialogo.inbox import queries, queues
from dialogo.moderation.queries import pending_requests, unacknowledged_alerts

REFRESH_SECONDS = 30
LABELS = {
    "unanswered": _("Unanswered"),
    "overdue": _("Overdue"),
    "unassigned": _("Unassigned"),
    "failed": _("Failed deliveries"),
    "moderation": _("Moderation requests"),
    "alerts": _("Alerts"),
}


def _tiles(request: HttpRequest, counts: dict[str, int], pending: int, alerts: int) -> list:
    inbox = reverse("inbox:inbox", args=[request.organization.slug])
    tiles = [
        ("unanswered", counts["unanswered"], f"{inbox}?queue=unanswered"),
        ("overdue", counts["overdue"], f"{inbox}?queue=overdue"),
        ("unassigned", counts["unassigned"], f"{inbox}?queue=unassigned"),
        # The inbox branch's filter; until it lands the queue above answers it too.
        ("failed", counts["failed"], f"{inbox}?delivery=failed"),
    ]
    moderation = reverse("moderation:queue", args=[request.organization.slug])
    may_open = request.membership.can(Cap.APPROVE_MODERATION)
    tiles.append(("moderation", pending, moderation if may_open else ""))
    tiles.append(("alerts", alerts, "#alerts"))
    return [
        {"name": name, "label": LABELS[name], "count": count, "url": url}
        for name, count, url in tiles
    ]


@member_required(Cap.SUPERVISE)
def live(request: HttpRequest) -> HttpResponse:
    org = request.organization
    conversations = queries.conversations_for(request.membership)
    alerts = list(unacknowledged_alerts(org))
    pending = pending_requests(org).count()
    context = {
        "tiles": _tiles(request, queues.counts(conversations), pending, len(alerts)),
        "alerts": alerts,
        "workloads": queues.workloads(org, conversations),
        "refresh": REFRESH_SECONDS,
    }
    template = "inbox/_live.html" if is_htmx(request) else "inbox/live.html"
    return render(request, template, context)
