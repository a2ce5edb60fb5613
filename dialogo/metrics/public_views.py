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


@require_GET
def data_csv(request: HttpRequest, org: str) -> HttpResponse:
    """The monthly figures, one row per month; an empty cell is a suppressed value."""
    organization = get_object_or_404(Organization, slug=org)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=public.MONTH_FIELDS)
    writer.writeheader()
    for month in public.data(organization)["months"]:
        writer.writerow({k: "" if v is None else v for k, v in month.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organization.slug}-cifras.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
