"""The public "Escríbanos" page of an organization. No login; CSRF, honeypot and a per-IP limit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dialogo.core.audit import client_ip
from dialogo.core.models import Organization
from dialogo.networks.webform.forms import WebFormForm
from dialogo.networks.webform.services import Submission, rate_limited, submit_webform
from dialogo.pqrsd.views import status_url
from dialogo.pqrsd.webform import confirm_submission


def webform(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org, webform_enabled=True)
    form = WebFormForm(request.POST or None)
    context = {"org": organization, "form": form}
    if request.method != "POST":
        return render(request, "webform/form.html", context)
    ip = client_ip(request)
    if request.POST.get("website"):
        # A bot filled the hidden field: answer as if accepted, store nothing.
        return render(request, "webform/thanks.html", {"org": organization, "confirmation": None})
    if not form.is_valid():
        return render(request, "webform/form.html", context, status=400)
    if rate_limited(organization=organization, ip_address=ip):
        context["limit_error"] = _(
            "We received many messages from your connection in the last hour. Your text is still "
            "here: please send it again in a while, or write to us by e-mail."
        )
        return render(request, "webform/form.html", context, status=429)
    data = form.cleaned_data
    message = submit_webform(
        organization=organization,
        submission=Submission(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            subject=data["subject"],
            text=data["text"],
        ),
        ip_address=ip,
    )
    confirmation = confirm_submission(
        organization=organization,
        message=message,
        kind=data["kind"],
        email=data["email"],
        status_url=status_url(request, organization),
    )
    return render(
        request, "webform/thanks.html", {"org": organization, "confirmation": confirmation}
    )
