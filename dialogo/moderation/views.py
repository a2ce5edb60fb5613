"""Moderation pages: request an act, the approval queue, the policy, and the public pages."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core.access import OrgRequest, member_required
from dialogo.core.forms import readable_errors
from dialogo.core.models import Organization
from dialogo.core.roles import Cap
from dialogo.inbox.models import Message
from dialogo.inbox.queries import conversations_for
from dialogo.moderation import services
from dialogo.moderation.forms import ClauseEditForm, ClauseForm, ModerationForm
from dialogo.moderation.models import (
    ActionStatus,
    Alert,
    ModerationAction,
    PolicyClause,
    PolicyClauseVersion,
)
from dialogo.moderation.queries import pending_requests

PUBLIC_STATUSES = [ActionStatus.DONE, ActionStatus.RECORDED]


@require_POST
@member_required(Cap.MODERATE)
def moderate(request: OrgRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        Message, pk=pk, conversation__in=conversations_for(request.membership)
    )
    form = ModerationForm(request.POST, organization=request.organization)
    url = (
        reverse("inbox:conversation", args=[request.organization.slug, message.conversation_id])
        + f"#m{pk}"
    )
    if not form.is_valid():
        flash.error(request, readable_errors(form))
        return redirect(url)
    try:
        act = services.request_moderation(
            membership=request.membership,
            message=message,
            action=form.cleaned_data["action"],
            clause=form.cleaned_data["clause"],
            note=form.cleaned_data["note"],
        )
    except services.ModerationError as exc:
        flash.error(request, str(exc))
    else:
        _say_outcome(request, act)
    return redirect(url)


#: The message's colour follows what happened on the network, not that the form was sent.
_OUTCOME_LEVEL = {
    ActionStatus.DONE: flash.SUCCESS,
    ActionStatus.PENDING: flash.INFO,
    ActionStatus.REJECTED: flash.INFO,
    ActionStatus.RECORDED: flash.WARNING,
    ActionStatus.FAILED: flash.ERROR,
}


def _say_outcome(request: OrgRequest, act: ModerationAction) -> None:
    done = _("%(action)s under clause %(clause)s: %(status)s.") % {
        "action": act.get_action_display(),
        "clause": act.clause.code,
        "status": act.get_status_display().lower(),
    }
    level = _OUTCOME_LEVEL.get(act.status, flash.INFO)
    flash.add_message(request, level, f"{done} {act.result or ''}".strip())


@member_required(Cap.MODERATE)
def queue(request: OrgRequest) -> HttpResponse:
    """Supervisors: every act waiting for approval, and the recent ones. Others who may
    request acts: their own requests and what became of them."""
    org = request.organization
    acts = ModerationAction.objects.filter(organization=org)
    pending = pending_requests(org)
    if not request.membership.can(Cap.APPROVE_MODERATION):
        acts = acts.filter(requested_by=request.user)
        pending = pending.filter(requested_by=request.user)
    recent = acts.exclude(pk__in=pending.values("pk"))
    context = {
        "pending": pending.select_related("clause", "requested_by", "message", "channel"),
        "recent": recent.select_related("clause", "requested_by", "decided_by", "channel")[:50],
    }
    return render(request, "moderation/queue.html", context)


@require_POST
@member_required(Cap.APPROVE_MODERATION)
def decide(request: OrgRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(ModerationAction, pk=pk, organization=request.organization)
    try:
        act = services.decide_moderation(
            moderation=act,
            membership=request.membership,
            approve=request.POST.get("approve") == "1",
        )
    except services.ModerationError as exc:
        flash.error(request, str(exc))
    else:
        _say_outcome(request, act)
    return redirect("moderation:queue", org=request.organization.slug)


@member_required(Cap.MANAGE_SETTINGS)
def policy(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = ClauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_clause(organization=org, user=request.user, **form.cleaned_data)
        except services.ModerationError as exc:
            form.add_error("code", str(exc))
        else:
            flash.success(request, _("Clause published."))
            return redirect("moderation:policy", org=org.slug)
    clauses = PolicyClause.objects.filter(organization=org).prefetch_related("versions")
    return render(request, "moderation/policy.html", {"form": form, "clauses": clauses})


@member_required(Cap.MANAGE_SETTINGS)
def edit_clause(request: OrgRequest, pk: int) -> HttpResponse:
    """Amend a clause: the new wording is published, the old one stays on the public policy
    as an earlier wording, and acts that cited it keep pointing at what they cited."""
    org = request.organization
    clause = get_object_or_404(PolicyClause, pk=pk, organization=org)
    before = clause.wording
    form = ClauseEditForm(request.POST or None, instance=clause)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_clause(clause=form.instance, before=before, user=request.user)
        except services.ModerationError as exc:
            form.add_error("code", str(exc))
        else:
            if clause.wording != before:
                flash.success(
                    request,
                    _("Clause %(code)s amended; its earlier wording stays on record.")
                    % {"code": clause.code},
                )
            return redirect("moderation:policy", org=org.slug)
    versions = clause.versions.order_by("-created_at", "-id")
    return render(
        request,
        "moderation/clause_edit.html",
        {"form": form, "clause": clause, "versions": versions},
    )


@require_POST
@member_required(Cap.APPROVE_MODERATION)
def acknowledge(request: OrgRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk, organization=request.organization)
    services.acknowledge_alert(alert=alert, membership=request.membership)
    return redirect("inbox:inbox", org=request.organization.slug)


def public_policy(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org)
    clauses = list(
        PolicyClause.objects.filter(organization=organization).prefetch_related("versions")
    )
    for clause in clauses:
        _attach_history(clause)
    return render(
        request,
        "moderation/public_policy.html",
        {
            "org": organization,
            "clauses": [c for c in clauses if c.is_active],
            # Retired clauses stay readable: the moderation record links to them.
            "retired": [c for c in clauses if not c.is_active],
        },
    )


def _attach_history(clause: PolicyClause) -> None:
    """``clause.earlier``: its replaced wordings, newest first, each with ``until`` (when the
    next one replaced it); ``clause.amended_at``: when the wording in force was published."""
    versions = sorted(clause.versions.all(), key=lambda v: (v.created_at, v.id))
    for older, newer in zip(versions, versions[1:], strict=False):
        older.until = newer.created_at  # type: ignore[attr-defined]
    # Read by the template only.
    clause.earlier = versions[-2::-1]  # type: ignore[attr-defined]
    clause.current_version_id = versions[-1].id if versions else None  # type: ignore[attr-defined]
    clause.amended_at = versions[-1].created_at if len(versions) > 1 else None  # type: ignore[attr-defined]


def public_moderation(request: HttpRequest, org: str) -> HttpResponse:
    """Every moderation act carried out: date, channel, action and clause. No citizen text."""
    organization = get_object_or_404(Organization, slug=org)
    acts = (
        ModerationAction.objects.filter(organization=organization, status__in=PUBLIC_STATUSES)
        .select_related("clause", "clause_version", "channel")
        .only(
            "created_at",
            "decided_at",
            "action",
            "status",
            "clause__code",
            "clause__title",
            "clause_version__code",
            "clause_version__title",
            "channel__name",
            "channel__kind",
        )
    )
    page = Paginator(acts, 100).get_page(request.GET.get("page"))
    # An act citing a wording since amended says so, and links to that wording.
    latest = dict(
        PolicyClauseVersion.objects.filter(clause__in={a.clause_id for a in page})
        .values_list("clause")
        .annotate(Max("id"))
    )
    for act in page:
        act.earlier_wording = (  # type: ignore[attr-defined]
            act.clause_version_id is not None and latest.get(act.clause_id) != act.clause_version_id
        )
    return render(request, "moderation/public_moderation.html", {"org": organization, "page": page})


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def toggle_clause(request: OrgRequest, pk: int) -> HttpResponse:
    """Retire a clause (or put it back): it leaves the public policy and the moderation form;
    acts that cited it keep it. Clauses are never deleted."""
    org = request.organization
    clause = get_object_or_404(PolicyClause, pk=pk, organization=org)
    services.set_clause_in_force(clause=clause, user=request.user, in_force=not clause.is_active)
    flash.success(
        request,
        _("Clause %(code)s is in force again.") % {"code": clause.code}
        if clause.is_active
        else _("Clause %(code)s was retired.") % {"code": clause.code},
    )
    return redirect("moderation:policy", org=org.slug)
