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
from dialogo.inbox import extensions, queries, queues

REFRESH_SECONDS = 30
LABELS = {
    "unanswered": _("Unanswered"),
    "overdue": _("Overdue"),
    "unassigned": _("Unassigned"),
    "failed": _("Failed deliveries"),
}


def _tiles(request: HttpRequest, counts: dict[str, int]) -> list:
    inbox = reverse("inbox:inbox", args=[request.organization.slug])
    tiles = [
        ("unanswered", counts["unanswered"], f"{inbox}?queue=unanswered"),
        ("overdue", counts["overdue"], f"{inbox}?queue=overdue"),
        ("unassigned", counts["unassigned"], f"{inbox}?queue=unassigned"),
        ("failed", counts["failed"], f"{inbox}?delivery=failed"),
    ]
    return [
        {"name": name, "label": LABELS[name], "count": count, "url": url}
        for name, count, url in tiles
    ]


@member_required(Cap.SUPERVISE)
def live(request: HttpRequest) -> HttpResponse:
    org = request.organization
    conversations = queries.conversations_for(request.membership)
    more_tiles, more_context = extensions.for_live(request)
    context = {
        **more_context,
        "tiles": _tiles(request, queues.counts(conversations)) + more_tiles,
        "workloads": queues.workloads(org, conversations),
        "refresh": REFRESH_SECONDS,
    }
    template = "inbox/_live.html" if is_htmx(request) else "inbox/live.html"
    return render(request, template, context)
