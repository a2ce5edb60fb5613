"""Saved replies: the team's list, and creating, changing and deleting one."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core.access import member_required
from dialogo.core.roles import Cap
from dialogo.knowledge import services
from dialogo.knowledge.forms import SavedReplyForm


@member_required(Cap.REPLY)
def replies(request: HttpRequest) -> HttpResponse:
    rows = list(services.replies_for(request.membership).select_related("owner"))
    return render(
        request,
        "knowledge/replies.html",
        {"rows": rows, "variables": services.VARIABLES, "may_share": _may_share(request)},
    )


def _may_share(request: HttpRequest) -> bool:
    return request.membership.can(Cap.APPROVE_MODERATION)


@member_required(Cap.REPLY)
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    reply = get_object_or_404(services.replies_for(request.membership), pk=pk) if pk else None
    initial = {"personal": not _may_share(request)}
    if reply is not None:
        initial = {"title": reply.title, "text": reply.text, "personal": bool(reply.owner_id)}
    form = SavedReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_reply(
                membership=request.membership,
                title=data["title"],
                text=data["text"],
                personal=data["personal"] or not _may_share(request),
                reply=reply,
            )
        except services.KnowledgeError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, _("Saved reply kept."))
            return redirect("knowledge:replies", org=request.organization.slug)
    context = {"form": form, "reply": reply, "may_share": _may_share(request)}
    return render(request, "knowledge/edit.html", context)


@require_POST
@member_required(Cap.REPLY)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(services.replies_for(request.membership), pk=pk)
    try:
        services.delete_reply(membership=request.membership, reply=reply)
        flash.success(request, _("Saved reply deleted."))
    except services.KnowledgeError as exc:
        flash.error(request, str(exc))
    return redirect("knowledge:replies", org=request.organization.slug)
