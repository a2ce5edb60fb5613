"""PQRSD pages: the queue, a request and its workflow, filing, the constancia, exports, and
the public status page."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogo.core.access import member_required
from dialogo.core.audit import client_ip
from dialogo.core.forms import readable_errors
from dialogo.core.models import Organization
from dialogo.core.params import parse_int
from dialogo.core.roles import Cap
from dialogo.inbox.models import Direction, Message
from dialogo.inbox.queries import conversations_for
from dialogo.inbox.services import InboxError
from dialogo.networks.models import Channel
from dialogo.pqrsd import services, workflow
from dialogo.pqrsd.forms import (
    AnswerForm,
    CompletionReceivedForm,
    ExtendForm,
    FileFromConversationForm,
    OfficeCreateForm,
    OfficeForm,
    OfflineForm,
    SettingsForm,
    StatusForm,
    TextForm,
    TransferForm,
    TypeForm,
)
from dialogo.pqrsd.models import Intake, Office, Request, RequestState, Step
from dialogo.pqrsd.queries import (
    PAGE_SIZE,
    QueueFilters,
    offices_for,
    queue,
    requests_for,
    settings_for,
    today_local,
    types_for,
    with_lights,
)

# --- staff pages --------------------------------------------------------------------------


def _visible(membership) -> Any:
    """Requests this member may see: all, or for subject experts those of their conversations."""
    qs = requests_for(membership.organization)
    if not membership.can(Cap.SEE_ALL):
        qs = qs.filter(conversation__in=conversations_for(membership))
    return qs


def _request_or_404(request: HttpRequest, pk: int) -> Request:
    return get_object_or_404(_visible(request.membership), pk=pk)


@member_required(Cap.VIEW_INBOX)
def queue_page(request: HttpRequest) -> HttpResponse:
    org = request.organization
    filters = QueueFilters.from_query(request.GET)
    page = _page_number(request)
    qs = queue(org, filters)
    if not request.membership.can(Cap.SEE_ALL):
        qs = qs.filter(conversation__in=conversations_for(request.membership))
    rows = list(qs.only(*QUEUE_COLUMNS)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    states = dict(RequestState.choices)
    rows = with_lights(rows[:PAGE_SIZE], org)
    for row in rows:  # labels resolved once per page, not once per row in the template
        row.state_label = states[row.state]
    context = {
        "rows": rows,
        "detail_base": reverse("pqrsd:queue", args=[org.slug]),
        "light_labels": light_labels(),
        "filters": filters,
        "page": page,
        "has_next": has_next,
        "types": types_for(org, active_only=False),
        "offices": offices_for(org),
        "channels": Channel.objects.filter(organization=org),
        "states": RequestState.choices,
        "intakes": Intake.choices,
        "query": _query_without_page(request),
    }
    return render(request, "pqrsd/queue.html", context)


#: What a queue row shows (the request's text stays in the database).
QUEUE_COLUMNS = [
    "id",
    "radicado",
    "receipt_day",
    "due_date",
    "state",
    "type__name",
    "type__silence_accepts",
    "office__code",
]


def light_labels() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "silence": _("Accepted by silence"),
        "due_soon": _("Due soon"),
        "urgent": _("urgent"),
        "on_time": _("On time"),
    }


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    number = parse_int(value, minimum=1, maximum=10_000)
    return number if number is not None else 1


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@member_required(Cap.VIEW_INBOX)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request_or_404(request, pk)
    org = request.organization
    (req,) = with_lights([req], org)
    context = {
        "req": req,
        "events": req.events.select_related("actor"),
        "conf": settings_for(org),
        "today": today_local(),
        "text_form": TextForm(),
        "completion_form": CompletionReceivedForm(),
        "transfer_form": TransferForm(),
        "extend_form": ExtendForm(),
        "office_form": OfficeForm(organization=org),
        "tracking_code": request.session.get(f"pqrsd-code-{req.pk}"),
    }
    return render(request, "pqrsd/detail.html", context)


def _text(data: dict) -> dict:
    return {"text": data["text"]}


#: Each workflow step: its form, the capability it needs, and how it calls its service.
STEPS: dict[str, tuple[type, str, Callable[..., Request]]] = {
    "complete": (
        TextForm,
        Cap.REPLY,
        lambda r, m, d: workflow.request_completion(request=r, membership=m, text=d["text"]),
    ),
    "completed": (
        CompletionReceivedForm,
        Cap.CHANGE_STATE,
        lambda r, m, d: workflow.record_completion(
            request=r, membership=m, completed_at=d["completed_at"], note=d["text"]
        ),
    ),
    "more_time": (
        TextForm,
        Cap.REPLY,
        lambda r, m, d: workflow.give_citizen_more_time(request=r, membership=m, text=d["text"]),
    ),
    "desist": (
        TextForm,
        Cap.REPLY,
        lambda r, m, d: workflow.declare_desisted(request=r, membership=m, reason=d["text"]),
    ),
    "transfer": (
        TransferForm,
        Cap.REPLY,
        lambda r, m, d: workflow.transfer_request(request=r, membership=m, **d),
    ),
    "extend": (
        ExtendForm,
        Cap.REPLY,
        lambda r, m, d: workflow.extend_term(
            request=r, membership=m, new_date=d["new_date"], reason=d["text"]
        ),
    ),
    "answer": (
        AnswerForm,
        Cap.REPLY,
        lambda r, m, d: workflow.answer_request(
            request=r, membership=m, text=d["text"], private=d["private"], denied=d["denied"]
        ),
    ),
    "close": (
        TextForm,
        Cap.CHANGE_STATE,
        lambda r, m, d: workflow.close_request(request=r, membership=m, note=d["text"]),
    ),
    "reopen": (
        TextForm,
        Cap.CHANGE_STATE,
        lambda r, m, d: workflow.reopen_request(request=r, membership=m, reason=d["text"]),
    ),
    "void": (
        TextForm,
        Cap.CHANGE_STATE,
        lambda r, m, d: workflow.void_request(request=r, membership=m, reason=d["text"]),
    ),
    "office": (
        OfficeForm,
        Cap.CHANGE_STATE,
        lambda r, m, d: workflow.change_office(request=r, membership=m, office=d["office"]),
    ),
}


@require_POST
@member_required(Cap.VIEW_INBOX)
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    req = _request_or_404(request, pk)
    if name not in STEPS:
        raise Http404("No such step")
    form_class, cap, run = STEPS[name]
    if not request.membership.can(cap):
        flash.error(request, _("Your role cannot do this."))
        return redirect("pqrsd:detail", org=request.organization.slug, pk=pk)
    kwargs = {"organization": request.organization} if form_class is OfficeForm else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        flash.error(request, readable_errors(form))
    else:
        try:
            done = run(req, request.membership, form.cleaned_data)
        except (services.PqrsdError, InboxError) as exc:
            flash.error(request, str(exc))
        else:
            flash.success(
                request,
                _("%(radicado)s: %(state)s.")
                % {"radicado": done.radicado, "state": done.get_state_display()},
            )
    return redirect("pqrsd:detail", org=request.organization.slug, pk=pk)


@require_POST
@member_required(Cap.REPLY)
def file_from_conversation(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    conversation = get_object_or_404(conversations_for(request.membership), pk=conversation_pk)
    back = reverse("inbox:conversation", args=[request.organization.slug, conversation.pk])
    inbound = Message.objects.filter(conversation=conversation, direction=Direction.IN)
    form = FileFromConversationForm(
        request.POST, organization=request.organization, messages=inbound
    )
    if not form.is_valid():
        flash.error(request, readable_errors(form))
        return redirect(back)
    data = form.cleaned_data
    message = data["message"]
    author = conversation.author
    new = services.NewRequest(
        type_code=data["type"].code,
        text=message.text,
        received_at=message.created_at,
        office=data["office"],
        message=message,
        conversation=conversation,
        citizen_name=author.display_name or author.handle,
        citizen_email=data["citizen_email"] or (author.citizen.email if author.citizen else ""),
        subject=conversation.subject,
    )
    try:
        filing = services.file_request(
            organization=request.organization,
            new=new,
            actor=request.user,
        )
    except services.AlreadyFiled as exc:
        flash.error(request, str(exc))
        return redirect("pqrsd:detail", org=request.organization.slug, pk=exc.request.pk)
    except services.PqrsdError as exc:
        flash.error(request, str(exc))
        return redirect(back)
    _remember_code(request, filing)
    if data["send_ack"]:
        _acknowledge(request, filing)
    flash.success(
        request, _("Filed as radicado %(radicado)s.") % {"radicado": filing.request.radicado}
    )
    return redirect("pqrsd:detail", org=request.organization.slug, pk=filing.request.pk)


def _remember_code(request: HttpRequest, filing: services.Filing) -> None:
    """The code is stored hashed: the staff member's session keeps it to print the constancia."""
    request.session[f"pqrsd-code-{filing.request.pk}"] = filing.tracking_code


def status_url(request: HttpRequest, organization: Organization) -> str:
    return request.build_absolute_uri(reverse("pqrsd_status", args=[organization.slug]))


def _acknowledge(request: HttpRequest, filing: services.Filing) -> None:
    try:
        services.acknowledge_request(
            request=filing.request,
            membership=request.membership,
            tracking_code=filing.tracking_code,
            status_url=status_url(request, request.organization),
        )
    except (services.PqrsdError, InboxError) as exc:
        flash.warning(request, _("The radicado could not be sent: %(error)s") % {"error": exc})


@member_required(Cap.REPLY)
def register_offline(request: HttpRequest) -> HttpResponse:
    """A petition received by phone, in person or by letter (Decreto 1166 de 2016)."""
    org = request.organization
    form = OfflineForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = services.NewRequest(
            type_code=data["type"].code,
            office=data["office"],
            intake=data["intake"],
            received_at=data["received_at"],
            **{
                k: data[k]
                for k in (
                    "text",
                    "subject",
                    "citizen_name",
                    "citizen_email",
                    "citizen_phone",
                    "citizen_address",
                )
            },
        )
        try:
            filing = services.file_request(organization=org, new=new, actor=request.user)
        except services.PqrsdError as exc:
            form.add_error(None, str(exc))
        else:
            _remember_code(request, filing)
            return redirect("pqrsd:constancia", org=org.slug, pk=filing.request.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "pqrsd/offline.html", {"form": form}, status=status)


@member_required(Cap.VIEW_INBOX)
def constancia(request: HttpRequest, pk: int) -> HttpResponse:
    """The constancia de radicación, a print-friendly page (the browser prints it to PDF)."""
    req = _request_or_404(request, pk)
    context = {
        "req": req,
        "tracking_code": request.session.get(f"pqrsd-code-{req.pk}"),
        "status_url": status_url(request, request.organization),
        "due_words": services.date_in_words(req.due_date),
    }
    return render(request, "pqrsd/constancia.html", context)


@require_POST
@member_required(Cap.REPLY)
def new_code(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request_or_404(request, pk)
    code = services.reissue_tracking_code(request=req, membership=request.membership)
    _remember_code(request, services.Filing(request=req, tracking_code=code))
    flash.success(request, _("A new tracking code was issued; the old one no longer works."))
    return redirect("pqrsd:constancia", org=request.organization.slug, pk=pk)


# --- configuration ------------------------------------------------------------------------


@member_required(Cap.MANAGE_SETTINGS)
def configuration(request: HttpRequest) -> HttpResponse:
    """Terms, types (special regimes too), offices, radicado format and alert thresholds."""
    org = request.organization
    conf = settings_for(org)
    types = list(types_for(org, active_only=False))
    forms = {
        "settings": SettingsForm(instance=conf, prefix="s"),
        "new_type": TypeForm(prefix="t", initial={"term_days": 15, "extension_days": 15}),
        "office": OfficeCreateForm(prefix="o"),
    }
    status = 200
    if request.method == "POST":
        status = _save_configuration(request, conf, types, forms)
        if status == 302:
            return redirect("pqrsd:configuration", org=org.slug)
    context = {
        **forms,
        "type_forms": [(t, TypeForm(instance=t, prefix=f"t{t.pk}")) for t in types],
        "offices": Office.objects.filter(organization=org),
    }
    return render(request, "pqrsd/configuration.html", context, status=status)


def _save_configuration(request: HttpRequest, conf, types, forms: dict) -> int:
    which = request.POST.get("form", "")
    by_pk = {str(t.pk): t for t in types}
    if which == "settings":
        form = forms["settings"] = SettingsForm(request.POST, instance=conf, prefix="s")
    elif which == "new_type":
        form = forms["new_type"] = TypeForm(request.POST, prefix="t")
    elif which == "office":
        form = forms["office"] = OfficeCreateForm(request.POST, prefix="o")
    elif which.startswith("type-") and which[5:] in by_pk:
        form = TypeForm(request.POST, instance=by_pk[which[5:]], prefix=f"t{which[5:]}")
    else:
        return 400
    if not form.is_valid():
        flash.error(request, readable_errors(form))
        return 400
    try:
        services.save_configuration(
            form=form, membership=request.membership, what=which.split("-")[0]
        )
    except services.PqrsdError as exc:
        flash.error(request, str(exc))
        return 400
    flash.success(request, _("Saved."))
    return 302


# --- export -------------------------------------------------------------------------------

EXPORT_FIELDS = [
    "radicado",
    "type",
    "office",
    "intake",
    "channel",
    "state",
    "received_at",
    "receipt_day",
    "filed_at",
    "term_days",
    "original_due_date",
    "due_date",
    "max_due_date",
    "extended",
    "paused_on",
    "citizen_due_date",
    "completion_rule",
    "answered_at",
    "closed_at",
    "transferred_to",
    "void_reason",
]


def _export_row(r: Request) -> dict[str, Any]:
    def iso(value) -> str:
        return value.isoformat() if value else ""

    return {
        "radicado": r.radicado,
        "type": r.type.code,
        "office": r.office.code if r.office else "",
        "intake": r.intake,
        "channel": r.channel.kind if r.channel else "",
        "state": r.state,
        "received_at": iso(r.received_at),
        "receipt_day": iso(r.receipt_day),
        "filed_at": iso(r.filed_at),
        "term_days": r.term_days,
        "original_due_date": iso(r.original_due_date),
        "due_date": iso(r.due_date),
        "max_due_date": iso(r.max_due_date),
        "extended": r.extended,
        "paused_on": iso(r.paused_on),
        "citizen_due_date": iso(r.citizen_due_date),
        "completion_rule": r.completion_rule,
        "answered_at": iso(r.answered_at),
        "closed_at": iso(r.closed_at),
        "transferred_to": r.transferred_to,
        "void_reason": r.void_reason,
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


@member_required(Cap.SEE_ALL)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every request with all its dates (no personal data), streamed as CSV or JSON."""
    if fmt not in ("csv", "json"):
        raise Http404("No such format")
    rows = requests_for(request.organization).order_by("year", "consecutive").iterator(2000)
    stamp = timezone.now().strftime("%Y%m%d")
    if fmt == "json":
        response = StreamingHttpResponse(_json_lines(rows), content_type="application/json")
    else:
        response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pqrsd-{stamp}.{fmt}"'
    return response


def _csv_lines(rows) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=EXPORT_FIELDS)
    yield writer.writeheader()
    for r in rows:
        yield writer.writerow(_export_row(r))


def _json_lines(rows) -> Iterator[str]:
    yield "["
    for i, r in enumerate(rows):
        yield ("," if i else "") + json.dumps(_export_row(r), ensure_ascii=False)
    yield "]"


# --- the public status page ---------------------------------------------------------------


def _lookup_limited(organization: Organization, ip: str | None) -> bool:
    """True when this address already used its hourly lookups (every attempt counts)."""
    key = f"pqrsd-status:{organization.pk}:{ip or 'unknown'}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > getattr(settings, "PQRSD_STATUS_RATE_LIMIT", 20)


def public_status(request: HttpRequest, org: str) -> HttpResponse:
    """State and dates of a request by radicado + code; no personal data, and a wrong pair
    says nothing about whether the radicado exists."""
    organization = get_object_or_404(Organization, slug=org)
    form = StatusForm(request.POST or None)
    context: dict[str, Any] = {"org": organization, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "pqrsd/public_status.html", context)
    if _lookup_limited(organization, client_ip(request)):
        context["error"] = _("Too many lookups from your connection. Please try again later.")
        return render(request, "pqrsd/public_status.html", context, status=429)
    found = _find(organization, form.cleaned_data["radicado"], form.cleaned_data["code"])
    if found is None:
        context["error"] = _("No request matches this radicado and code. Check both and try again.")
        return render(request, "pqrsd/public_status.html", context, status=404)
    (found,) = with_lights([found], organization)
    context.update(req=found, steps=found.events.exclude(step__in=_PRIVATE_STEPS))
    return render(request, "pqrsd/public_status.html", context)


_PRIVATE_STEPS = [Step.OFFICE, Step.ACKNOWLEDGED]


def _find(organization: Organization, radicado: str, code: str) -> Request | None:
    radicado = radicado.strip()
    req = (
        Request.objects.filter(organization=organization, radicado=radicado)
        .select_related("type")
        .first()
    )
    # Compare even when nothing was found, so the answer takes the same time either way.
    target = req or Request(
        organization_id=organization.pk, radicado=radicado, tracking_code_hash=""
    )
    matches = services.code_matches(target, code)
    return req if req is not None and matches else None
