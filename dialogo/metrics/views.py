"""The dashboard, the lists behind its figures, CSV downloads, objectives and reports."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core.access import member_required
from dialogo.core.roles import Cap
from dialogo.metrics import dashboard, drilldown, exports, objectives, periods, services
from dialogo.metrics.forms import ObjectiveForm, ReportForm
from dialogo.metrics.models import Objective, Report, ReportStatus

PAGE = 50


def selection_for(request: HttpRequest) -> periods.Selection:
    org = request.organization  # type: ignore[attr-defined]
    return periods.parse(
        request.GET,
        channels=set(org.channels.values_list("pk", flat=True)),
        topics=set(org.topics.values_list("pk", flat=True)),
        members=set(org.memberships.values_list("user_id", flat=True)),
    )


def _choices(org) -> dict[str, Any]:
    from dialogo.triage.labels import MessageType

    return {
        "presets": list(periods.PRESETS.items()),
        "channels": list(org.channels.order_by("name").values_list("pk", "name")),
        "topics": list(org.topics.order_by("name").values_list("pk", "name")),
        "types": list(MessageType.choices),
        "members": [
            (m.user_id, m.user.get_full_name() or m.user.get_username())
            for m in org.memberships.select_related("user").order_by("user__first_name")
        ],
    }


@member_required(Cap.VIEW_METRICS)
def index(request: HttpRequest) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    selection = selection_for(request)
    team = request.membership.can(Cap.VIEW_TEAM_METRICS)  # type: ignore[attr-defined]
    board = dashboard.build(org, selection, with_members=team)
    today = periods.today()
    progress = [
        objectives.evaluate(org, o, today)
        for o in Objective.objects.filter(organization=org, end__gte=selection.period.start)
    ]
    context = {
        "board": board,
        "sel": selection,
        "query": selection.query(),
        "progress": progress,
        "charts": exports.chart_data(board),
        "target_hours": org.first_response_target_hours,
        **_choices(org),
    }
    return render(
        request, "metrics/dashboard.html", context, status=400 if selection.errors else 200
    )


@member_required(Cap.VIEW_METRICS)
def drill(request: HttpRequest, key: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    if key not in drilldown.KEYS:
        raise Http404("No such figure")
    selection = selection_for(request)
    unit, rows = drilldown.rows(org, selection, key)
    rows = _with_related(unit, rows)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "key": key,
        "sel": selection,
        "query": selection.query(),
        "label": drilldown.label(key),
    }
    return render(request, "metrics/drill.html", context, status=400 if selection.errors else 200)


def _with_related(unit: str, rows: QuerySet) -> QuerySet:
    if unit == "messages":
        return rows.select_related("conversation", "channel").order_by("-created_at", "-pk")
    if unit == "moderation":
        return rows.select_related("clause", "channel", "message").order_by("-created_at", "-pk")
    return rows.select_related("channel", "topic").order_by("-last_activity_at", "-pk")


@member_required(Cap.VIEW_METRICS)
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    selection = selection_for(request)
    team = request.membership.can(Cap.VIEW_TEAM_METRICS)  # type: ignore[attr-defined]
    board = dashboard.build(org, selection, with_members=team)
    rows = exports.table_rows(board, table)
    if rows is None:
        raise Http404("No such table")
    return _csv(f"{org.slug}-{table}-{selection.period.start}-{selection.period.end}.csv", rows)


def _csv(filename: str, rows) -> HttpResponse:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required(Cap.VIEW_METRICS)
def conversations_csv(request: HttpRequest) -> HttpResponse:
    """One row per conversation started in the period, every timer (for audits)."""
    org = request.organization  # type: ignore[attr-defined]
    selection = selection_for(request)
    rows = exports.conversation_rows(org, selection)
    name = f"{org.slug}-conversaciones-{selection.period.start}-{selection.period.end}.csv"
    return _csv(name, rows)


@member_required(Cap.VIEW_METRICS)
def objective_list(request: HttpRequest) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    can_set = request.membership.can(Cap.SET_OBJECTIVES)  # type: ignore[attr-defined]
    form = ObjectiveForm(request.POST or None) if can_set else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.set_objective(organization=org, actor=request.user, data=form.cleaned_data)
            messages.success(request, _("Objective saved."))
            return redirect("metrics:objectives", org=org.slug)
    today = periods.today()
    progress = [
        objectives.evaluate(org, o, today) for o in Objective.objects.filter(organization=org)
    ]
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "metrics/objectives.html", {"form": form, "progress": progress}, status=status
    )


@require_POST
@member_required(Cap.SET_OBJECTIVES)
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    objective = get_object_or_404(Objective, pk=pk, organization=org)
    services.remove_objective(objective=objective, actor=request.user)
    messages.success(request, _("Objective removed."))
    return redirect("metrics:objectives", org=org.slug)


@member_required(Cap.VIEW_METRICS)
def report_list(request: HttpRequest) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    can_ask = request.membership.can(Cap.SET_OBJECTIVES)  # type: ignore[attr-defined]
    form = ReportForm(request.POST or None) if can_ask else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.request_report(
                organization=org, month=form.cleaned_data["month"], actor=request.user
            )
            messages.success(request, _("The report is being written; it appears below."))
            return redirect("metrics:reports", org=org.slug)
    reports = Report.objects.filter(organization=org).defer("pdf", "xlsx")
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "metrics/reports.html", {"form": form, "reports": reports}, status=status
    )


@member_required(Cap.VIEW_METRICS)
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    report = get_object_or_404(Report, pk=pk, organization=org, status=ReportStatus.DONE)
    body, kind = {
        "pdf": (report.pdf, "application/pdf"),
        "xlsx": (
            report.xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }.get(fmt, (None, ""))
    if body is None:
        raise Http404("No such format")
    response = HttpResponse(bytes(body), content_type=kind)
    name = f"{org.slug}-informe-{report.month:%Y-%m}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
