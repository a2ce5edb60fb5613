"""Channel administration: connect accounts, see their state, import their history."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages as flash
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core import audit
from dialogo.core.access import OrgRequest, member_required
from dialogo.core.audit import client_ip
from dialogo.core.roles import Cap
from dialogo.networks import registry, services
from dialogo.networks.forms import ChannelForm, ImportForm
from dialogo.networks.models import Channel, ChannelStatus, ImportJob


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
                ip_address=client_ip(request),
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
    new_status = (
        ChannelStatus.ACTIVE if channel.status != ChannelStatus.ACTIVE else ChannelStatus.PAUSED
    )
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(status=new_status)
        audit.record(
            action="channel.status",
            organization=request.organization,
            actor=request.user,
            target=channel,
            details={"from": channel.status, "to": new_status},
            ip_address=client_ip(request),
        )
    return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)


@require_POST
@member_required(Cap.MANAGE_SETTINGS)
def channel_import(request: OrgRequest, pk: int) -> HttpResponse:
    channel = _channel(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        flash.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)
    upload = form.cleaned_data["archive"]
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}-{Path(upload.name).name[-80:]}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        organization=request.organization,
        channel=channel,
        created_by=request.user,
        file_path=str(target),
        original_name=Path(upload.name).name[:255],
        archive_format=form.cleaned_data["archive_format"],
        total_bytes=target.stat().st_size,
    )
    audit.record(
        action="channel.import",
        organization=request.organization,
        actor=request.user,
        target=channel,
        details={"job": job.pk, "file": job.original_name},
        ip_address=client_ip(request),
    )
    transaction.on_commit(lambda: _enqueue_import(job.pk))
    flash.success(request, _("The import was queued; its progress shows below."))
    return redirect("networks:detail", org=request.organization.slug, pk=channel.pk)


def _enqueue_import(job_id: int) -> None:
    from dialogo.networks.import_tasks import run_import

    run_import.enqueue(job_id)


@member_required(Cap.MANAGE_SETTINGS)
def import_status(request: OrgRequest, pk: int, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id, channel_id=pk, organization=request.organization)
    return render(request, "networks/_import_row.html", {"job": job})
