"""Home, organization settings and the audit log."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dialogo.core import audit_display, services
from dialogo.core.access import OrgRequest, UserRequest, member_required
from dialogo.core.business_time import BOGOTA
from dialogo.core.forms import AuditFilterForm, LogoForm, OrganizationSettingsForm
from dialogo.core.models import AuditEntry, Membership
from dialogo.core.roles import Cap


@login_required
def home(request: UserRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    if len(memberships) == 1:
        return redirect(landing_page(memberships[0]))
    for m in memberships:
        m.landing = landing_page(m)
    return render(request, "core/home.html", {"memberships": memberships})


def landing_page(membership: Membership) -> str:
    """Supervisors and administrators land on the live view, analysts on the dashboard,
    the others on the inbox."""
    slug = membership.organization.slug
    if membership.can(Cap.VIEW_METRICS) and not membership.can(Cap.REPLY):
        return reverse("metrics:dashboard", args=[slug])  # analysts read the figures
    if membership.can(Cap.SUPERVISE):
        return reverse("inbox:live", args=[slug])
    return reverse("inbox:inbox", args=[slug])


@member_required(Cap.MANAGE_SETTINGS)
def organization_settings(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = OrganizationSettingsForm(request.POST or None, instance=org)
    logo_form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and logo_form.is_valid():
        # The form validated into a copy; the service applies and audits the changes.
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        org.refresh_from_db()
        services.update_organization_settings(organization=org, actor=request.user, changes=changes)
        _save_logo(request, org, logo_form.cleaned_data)
        flash.success(request, _("Settings saved."))
        return redirect("core:settings", org=org.slug)
    return render(request, "core/settings.html", {"form": form, "logo_form": logo_form})


def _save_logo(request: OrgRequest, org, data: dict) -> None:
    if data["logo"] or (data["remove_logo"] and org.logo_type):
        image, kind = data["logo"] or (None, "")
        services.set_organization_logo(
            organization=org,
            actor=request.user,
            image=image,
            content_type=kind,
        )


@member_required(Cap.VIEW_AUDIT)
def audit_log(request: OrgRequest) -> HttpResponse:
    org = request.organization
    members = list(Membership.objects.filter(organization=org).select_related("user"))
    form = AuditFilterForm(request.GET or None, members=members)
    qs = AuditEntry.objects.filter(organization=org).select_related("actor")
    if form.is_bound and not form.is_valid():
        qs = qs.none()  # the errors show above an empty list, never a wrong one
    elif form.is_bound:
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["actor"]:
            qs = qs.filter(actor_id=int(data["actor"]))
        if data["since"]:
            qs = qs.filter(
                created_at__gte=dt.datetime.combine(data["since"], dt.time(), tzinfo=BOGOTA)
            )
        if data["until"]:
            end = dt.datetime.combine(
                data["until"] + dt.timedelta(days=1), dt.time(), tzinfo=BOGOTA
            )
            qs = qs.filter(created_at__lt=end)
    page = Paginator(qs.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "rows": audit_display.rows(page.object_list, org),
            "base_query": query.urlencode(),
        },
    )
