"""Triage pages: correcting labels, the models in use, and routing rules."""

from __future__ import annotations

from django.contrib import messages as flash
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core import audit
from dialogo.core.access import member_required
from dialogo.core.forms import readable_errors
from dialogo.core.roles import Cap
from dialogo.inbox.queries import conversations_for
from dialogo.inbox.services import InboxError
from dialogo.triage import engine, services, tasks
from dialogo.triage.forms import CorrectionForm, OwnDomainsForm, RoutingRuleForm
from dialogo.triage.labels import Head
from dialogo.triage.ml import calibration
from dialogo.triage.ml.guard import SPAM_MIN
from dialogo.triage.models import (
    REVIEW_BELOW,
    Classification,
    RoutingRule,
    TrainingExample,
    TriageModel,
    TriageSettings,
)


@require_POST
@member_required(Cap.CHANGE_STATE)
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """One correction: the label a person chose for one message (or "confirm")."""
    visible = conversations_for(request.membership)
    classification = get_object_or_404(
        Classification.objects.select_related("message"),
        message_id=pk,
        message__conversation__in=visible,
    )
    url = reverse(
        "inbox:conversation",
        args=[request.organization.slug, classification.message.conversation_id],
    )
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Choose a valid label."))
        return redirect(url + f"#m{pk}")
    try:
        services.apply_correction(
            classification=classification,
            membership=request.membership,
            choice=form.cleaned_data["choice"],
        )
    except InboxError:
        flash.error(request, _("Choose a valid label."))
        return redirect(url + f"#m{pk}")
    flash.success(request, _("Label corrected; the model learns from it at its next training."))
    return redirect(url + f"#m{pk}")


@member_required(Cap.MANAGE_SETTINGS)
def triage_settings(request: HttpRequest) -> HttpResponse:
    org = request.organization
    in_use = {row.pk for head in Head.values if (row := engine.active_row(org, head)) is not None}
    context = {
        "in_use": in_use,
        "models": TriageModel.objects.filter(organization=org)
        .defer("blob")
        .order_by("head", "-created_at")[:30],
        "defaults": TriageModel.objects.filter(organization__isnull=True, name="default").defer(
            "blob"
        ),
        "corrections": TrainingExample.objects.filter(organization=org).count(),
        "rules": RoutingRule.objects.filter(organization=org)
        .select_related("topic", "channel")
        .prefetch_related("members__user"),
        "rule_form": RoutingRuleForm(organization=org),
        "domains_form": OwnDomainsForm(
            initial={"own_domains": "\n".join(TriageSettings.domains_of(org))}
        ),
        "reliability": _reliability(org),
        "review_below": REVIEW_BELOW,
        "spam_min": SPAM_MIN,
    }
    return render(request, "triage/settings.html", context)


def _reliability(org) -> list[dict]:
    """Each head in use with its reliability table measured on held-out folds."""
    shipped = calibration.shipped()
    names = dict(Head.choices)
    out = []
    for head in (Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE, Head.TOPIC):
        row = engine.active_row(org, head)
        if row is None:
            continue
        table = (row.metrics or {}).get("reliability")
        if table is None and row.organization_id is None:
            table = shipped.get(head)
        if table:
            out.append({"head": names.get(head, head), "model": row.label, **table})
    return out


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def retrain(request: HttpRequest) -> HttpResponse:
    org = request.organization
    audit.record(action="triage.retrain", organization=org, actor=request.user)
    transaction.on_commit(lambda: tasks.retrain_organization.enqueue(org.pk))
    flash.success(request, _("Retraining was queued; new model versions appear here when done."))
    return redirect("triage:settings", org=org.slug)


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def add_rule(request: HttpRequest) -> HttpResponse:
    org = request.organization
    form = RoutingRuleForm(request.POST, organization=org)
    if form.is_valid():
        services.save_routing_rule(
            organization=org,
            actor=request.user,
            data=form.cleaned_data,
        )
        flash.success(request, _("Routing rule saved."))
    else:
        flash.error(
            request,
            _("The rule could not be saved: %(errors)s") % {"errors": readable_errors(form)},
        )
    return redirect("triage:settings", org=org.slug)


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def delete_rule(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.organization
    rule = get_object_or_404(RoutingRule, pk=pk, organization=org)
    services.delete_routing_rule(organization=org, actor=request.user, rule=rule)
    flash.success(request, _("Routing rule deleted."))
    return redirect("triage:settings", org=org.slug)


@member_required(Cap.MANAGE_SETTINGS)
def edit_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a routing rule: its conditions, order, people or whether it is active."""
    org = request.organization
    rule = get_object_or_404(RoutingRule, pk=pk, organization=org)
    form = RoutingRuleForm(request.POST or None, instance=rule, organization=org)
    if request.method == "POST" and form.is_valid():
        # The form validated a copy of the rule; the service writes and audits the change.
        rule = RoutingRule.objects.get(pk=rule.pk)
        services.save_routing_rule(
            organization=org,
            actor=request.user,
            data=form.cleaned_data,
            rule=rule,
        )
        flash.success(request, _("Routing rule saved."))
        return redirect("triage:settings", org=org.slug)
    return render(request, "triage/rule_edit.html", {"form": form, "rule": rule})


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def own_domains(request: HttpRequest) -> HttpResponse:
    """Save the institution's own domains (links to them are never a sign of spam)."""
    org = request.organization
    form = OwnDomainsForm(request.POST)
    if form.is_valid():
        domains = services.set_own_domains(
            organization=org,
            actor=request.user,
            value=form.cleaned_data["own_domains"],
        )
        flash.success(
            request,
            _("Own domains saved: %(domains)s") % {"domains": ", ".join(domains) or "—"},
        )
    else:
        flash.error(request, readable_errors(form))
    return redirect("triage:settings", org=org.slug)
