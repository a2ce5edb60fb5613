"""Channel administration: connect accounts, see their state, import their history."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core.access import OrgRequest, member_required
from dialogo.core.roles import Cap
from dialogo.networks import registry, services
from dialogo.networks.forms import ChannelForm, ImportForm
from dialogo.networks.models import Channel, ImportJob


def _channel(request: OrgRequest, pk: int) -> Channel:
    return get_object_or_404(Channel, pk=pk, organization=request.organization)


@member_required(Cap.MANAGE_SETTINGS)
def channel_list(request: OrgRequest) -> HttpResponse:
    channels = Channel.objects.filter(organization=request.organization).order_by("name")
    latest = {}
    for channel in channels.prefetch_related("follower_snapshots"):
        snaps = list(channel.follower_snapshots.all())
        latest[channel.pk] = snaps[-1].followers if snaps else None
    rows = [(c, latest.get(c.pk)) for c in channels]
    return render(
        request,
        "networks/channels.html",
        {"rows": rows, "kinds": [k for k in registry.kinds() if k[0] != "webform"]},
    )


@member_required(Cap.MANAGE_SETTINGS)
def channel_connect(request: OrgRequest, kind: str, pk: int | None = None) -> HttpResponse:
    try:
        adapter_cls = registry.get_adapter(kind)
    except LookupError as exc:
        raise Http404 from exc
    channel = _channel(request, pk) if pk else None
    if channel and channel.kind != kind:
        raise Http404
    initial = {"name": channel.name} if channel else {"name": str(adapter_cls.label)}
    form = ChannelForm(
        request.POST or None, adapter_cls=adapter_cls, editing=bool(channel), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.connect_channel(
                organization=request.organization,
                actor=request.user,
                kind=kind,
                name=form.cleaned_data["name"],
                credentials=form.credentials(channel.credentials if channel else None),
                channel=channel,
            )
        except services.ChannelError as exc:
            form.add_error(None, str(exc))
        else:
            flash.success(request, _("Channel connected."))
            return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)
    # The label, not the class: templates call callables, and an adapter needs a channel.
    context = {"form": form, "network": str(adapter_cls.label), "channel": channel}
    return render(request, "networks/connect.html", context)


@member_required(Cap.MANAGE_SETTINGS)
def channel_detail(request: OrgRequest, pk: int) -> HttpResponse:
    channel = _channel(request, pk)
    try:
        notice = channel.adapter.read_notice()
    except LookupError:
        notice = ""
    context = {
        "channel": channel,
        "notice": notice,
        "jobs": channel.imports.order_by("-created_at")[:20],
        "snapshots": channel.follower_snapshots.order_by("-day")[:30],
        "import_form": ImportForm(),
    }
    return render(request, "networks/detail.html", context)


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def channel_pause(request: OrgRequest, pk: int) -> HttpResponse:
    channel = _channel(request, pk)
    services.toggle_channel(channel=channel, user=request.user)
    return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def channel_import(request: OrgRequest, pk: int) -> HttpResponse:
    channel = _channel(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        flash.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)
    services.queue_import(
        channel=channel,
        user=request.user,
        upload=form.cleaned_data["archive"],
        archive_format=form.cleaned_data["archive_format"],
    )
    flash.success(request, _("The import was queued; its progress shows below."))
    return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)


@member_required(Cap.MANAGE_SETTINGS)
def import_status(request: OrgRequest, pk: int, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id, channel_id=pk, organization=request.organization)
    return render(request, "networks/_import_row.html", {"job": job})
