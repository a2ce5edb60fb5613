"""PQRSD querysets defined once, scoped to an organization; the traffic light of a request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dialogo.core.business_time import BOGOTA
from dialogo.core.models import Organization
from dialogo.core.params import parse_int
from dialogo.pqrsd import deadlines
from dialogo.pqrsd.models import (
    Intake,
    Office,
    PqrsdSettings,
    Request,
    RequestState,
    RequestType,
)
from dialogo.pqrsd.terms import SILENCE_DELIVERY_DAYS

PAGE_SIZE = 50


def today_local(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(BOGOTA).date()


def settings_for(organization: Organization) -> PqrsdSettings:
    """The organization's PQRSD settings (the defaults, created on first use)."""
    try:
        return PqrsdSettings.objects.get(organization=organization)
    except PqrsdSettings.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return PqrsdSettings.objects.create(organization=organization)
    except IntegrityError:  # created meanwhile by another request
        return PqrsdSettings.objects.get(organization=organization)


def office_for(organization: Organization) -> deadlines.Office:
    """When the organization's office stops receiving for the day (its working day's end)."""
    return deadlines.Office(closes=organization.work_end)


def types_for(organization: Organization, *, active_only: bool = True) -> QuerySet[RequestType]:
    """The organization's request types (the legal defaults are seeded when it is created,
    see `services.seed_organization`)."""
    qs = RequestType.objects.filter(organization=organization)
    return qs.filter(is_active=True) if active_only else qs


def type_config(organization: Organization, code: str) -> RequestType | None:
    return types_for(organization).filter(code=code).first()


def offices_for(organization: Organization) -> QuerySet[Office]:
    return Office.objects.filter(organization=organization, is_active=True)


def requests_for(organization: Organization) -> QuerySet[Request]:
    """Every request of the organization, with what the queue and detail pages show."""
    return Request.objects.filter(organization=organization).select_related("type", "office")


# --- the queue ----------------------------------------------------------------------------


@dataclass
class QueueFilters:
    type: int | None = None
    office: int | None = None
    state: str = ""
    intake: str = ""
    channel: int | None = None
    light: str = ""  # "overdue" | "due_soon" | ""

    @classmethod
    def from_query(cls, params) -> QueueFilters:
        def as_int(name: str) -> int | None:
            value = params.get(name, "")
            return parse_int(value)

        state = params.get("state", "")
        intake = params.get("intake", "")
        light = params.get("light", "")
        return cls(
            type=as_int("type"),
            office=as_int("office"),
            state=state if state in RequestState.values else "",
            intake=intake if intake in Intake.values else "",
            channel=as_int("channel"),
            light=light if light in ("overdue", "due_soon") else "",
        )


def queue(
    organization: Organization, filters: QueueFilters, today: dt.date | None = None
) -> QuerySet[Request]:
    """The queue: fewest business days left first (the deadline order); stopped clocks last."""
    today = today or today_local()
    qs = requests_for(organization)
    qs = qs.filter(state=filters.state) if filters.state else qs.filter(state=RequestState.FILED)
    for field in ("type", "office", "channel"):
        if getattr(filters, field) is not None:
            qs = qs.filter(**{f"{field}_id": getattr(filters, field)})
    if filters.intake:
        qs = qs.filter(intake=filters.intake)
    if filters.light == "overdue":
        qs = qs.filter(due_date__lt=today)
    elif filters.light == "due_soon":
        warn = settings_for(organization).warn_days
        qs = qs.filter(due_date__gte=today, due_date__lte=_business_day_after(today, warn))
    return qs.order_by("due_date", "id")


def _business_day_after(today: dt.date, days: int) -> dt.date:
    return deadlines.add_business_days(today, days) if days else today


# --- the traffic light --------------------------------------------------------------------


@dataclass(frozen=True)
class Light:
    code: str  # "on_time" | "due_soon" | "overdue" | "" (clock not running)
    days_left: int | None  # business days after today up to the deadline; negative overdue
    urgent: bool = False
    silence_accepted: bool = False
    delivery_due: dt.date | None = None

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def light_for(
    request: Request, left: int, delivery: dt.date | None, conf: PqrsdSettings, today: dt.date
) -> Light:
    """Al día / por vencer / vencida for a running request, from its business days left."""
    if today > request.due_date:
        silence = request.type.silence_accepts
        return Light("overdue", left, True, silence, delivery if silence else None)
    code = "due_soon" if left <= conf.warn_days else "on_time"
    return Light(code, left, left <= conf.urgent_days)


_STOPPED = Light("", None)


def with_lights(requests, organization: Organization, today: dt.date | None = None) -> list:
    """Attach `.light` to each request (lists and detail pages); one array pass for the page."""
    rows = list(requests)
    running = [r for r in rows if r.state == RequestState.FILED and r.due_date is not None]
    for row in rows:
        row.light = _STOPPED
    if not running:
        return rows
    conf = settings_for(organization)
    today = today or today_local()
    dues = [r.due_date for r in running]
    lefts = deadlines.days_left(today, dues)
    deliveries = deadlines.add_business_days_many(dues, SILENCE_DELIVERY_DAYS)
    for row, left, delivery in zip(running, lefts.tolist(), deliveries, strict=True):
        row.light = light_for(row, left, delivery, conf, today)
    return rows
