"""The public transparency page and its open data: no login, stable addresses."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dialogo.core.models import Organization
from dialogo.metrics import public


@require_GET
def page(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org)
    return render(
        request,
        "metrics/public.html",
        {"org": organization, "data": public.data(organization), "fields": public.MONTH_FIELDS},
    )


@require_GET
def data_json(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org)
    response = JsonResponse(public.data(organization), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def _csv(rows: list[dict], fields: tuple[str, ...], filename: str) -> HttpResponse:
    """One row per dict; an empty cell is a suppressed value, a list is joined with ";"."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: "" if v is None else ";".join(map(str, v)) if isinstance(v, list) else v
                for k, v in row.items()
            }
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def data_csv(request: HttpRequest, org: str) -> HttpResponse:
    """The monthly figures, one row per month."""
    organization = get_object_or_404(Organization, slug=org)
    months = public.data(organization)["months"]
    return _csv(months, public.MONTH_FIELDS, f"{organization.slug}-cifras.csv")


@require_GET
def legal_csv(request: HttpRequest, org: str, report: str) -> HttpResponse:
    """A legal report on requests: `informacion` (Decreto 1081 de 2015) or `pqrsd`
    (Resolución 1519 de 2020), empty (headers only) when no request source is configured."""
    organization = get_object_or_404(Organization, slug=org)
    key, fields = LEGAL_CSV[report]
    reports = public.data(organization)["legal_reports"] or {}
    return _csv(reports.get(key, []), fields, f"{organization.slug}-{report}.csv")


LEGAL_CSV = {
    "informacion": (
        "information_requests",
        ("month", "received", "transferred", "denied", "answered", "mean_days", "days_to_answer"),
    ),
    "pqrsd": (
        "pqrsd",
        (
            "month",
            "type",
            "received",
            "answered",
            "transferred",
            "denied",
            "pending",
            "mean_days",
        ),
    ),
}
