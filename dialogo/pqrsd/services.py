"""Every PQRSD write: filing with a radicado and each step of the legal workflow.

Each service runs in one transaction, records a RequestEvent (who, when, what, the text
sent) and an audit entry, and tells the citizen on the conversation's channel where there
is one (`dialogo.inbox.services.send_reply`), else by e-mail when there is an address.
Dates come from `dialogo.pqrsd.deadlines`, the one place the legal arithmetic lives.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Membership, Organization
from dialogo.inbox.models import Conversation, Message
from dialogo.pqrsd import deadlines
from dialogo.pqrsd.models import (
    RADICADO_PARTS,
    Intake,
    Office,
    PqrsdSettings,
    RadicadoCounter,
    Request,
    RequestEvent,
    RequestType,
    Step,
)
from dialogo.pqrsd.queries import office_for, settings_for, today_local, type_config
from dialogo.pqrsd.terms import (
    DEFAULT_TYPES,
)

# A received time this far ahead of the server clock is a mistake, not clock drift.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


class PqrsdError(Exception):
    """A refused step, with a message for the person who asked."""


class AlreadyFiled(PqrsdError):
    def __init__(self, request: Request) -> None:
        self.request = request
        super().__init__(
            _("This message was already filed as radicado %(radicado)s.")
            % {"radicado": request.radicado}
        )


@dataclass(frozen=True)
class Filing:
    request: Request
    tracking_code: str  # shown once (reply, constancia, web form); only its hash is stored


# --- an organization's defaults ---------------------------------------------------------


def seed_organization(*, organization: Organization) -> None:
    """The legal default types and the settings row of a new organization (idempotent)."""
    RequestType.objects.bulk_create(
        [
            RequestType(
                organization=organization,
                code=t.code,
                name=t.name,
                term_days=t.term_days,
                extension_days=t.extension_days,
                digit=t.digit,
                silence_accepts=t.silence_accepts,
            )
            for t in DEFAULT_TYPES
        ],
        ignore_conflicts=True,
    )
    PqrsdSettings.objects.get_or_create(organization=organization)


# --- radicado -----------------------------------------------------------------------------


def format_radicado(
    conf: PqrsdSettings, *, year: int, office_code: str, consecutive: int, digit: int
) -> str:
    """The radicado from the organization's parts, e.g. 2026 100 000123 1 → 20261000001231."""
    values = {
        "year": f"{year:04d}",
        "office": (office_code or "0").zfill(3)[:3],
        "consecutive": f"{consecutive:0{conf.consecutive_digits}d}",
        "type": str(digit),
    }
    parts = [p.strip() for p in conf.radicado_parts.split(",") if p.strip() in RADICADO_PARTS]
    if "consecutive" not in parts:
        parts.append("consecutive")  # without it two radicados could be equal
    return conf.radicado_separator.join(values[p] for p in parts)


def next_number(organization: Organization, year: int, series: str = "radicado") -> int:
    """Lock the year's counter row and take the next number (inside the caller's transaction,
    so a number is never reserved: it exists only if what it numbers is saved)."""
    key = {"organization": organization, "year": year, "series": series}
    counter = RadicadoCounter.objects.select_for_update().filter(**key).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: another worker may create it first
                RadicadoCounter.objects.create(**key)
        except IntegrityError:
            pass
        counter = RadicadoCounter.objects.select_for_update().get(**key)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def tracking_hash(organization_id: int, radicado: str, code: str) -> str:
    value = f"{organization_id}:{radicado}:{code.strip().upper()}"
    return salted_hmac("dialogo.pqrsd.tracking", value).hexdigest()


def code_matches(request: Request, code: str) -> bool:
    expected = tracking_hash(request.organization_id, request.radicado, code)
    return constant_time_compare(expected, request.tracking_code_hash)


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


# --- filing -------------------------------------------------------------------------------


@dataclass
class NewRequest:
    """What a filing needs; the citizen fields may be blank for an anonymous report."""

    type_code: str
    text: str
    received_at: dt.datetime
    intake: str = Intake.NETWORK
    office: Office | None = None
    message: Message | None = None
    conversation: Conversation | None = None
    citizen_name: str = ""
    citizen_email: str = ""
    citizen_phone: str = ""
    citizen_address: str = ""
    subject: str = ""


def file_request(
    *,
    organization: Organization,
    new: NewRequest,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> Filing:
    """File a request: a radicado from the year's counter, the legal dates, a tracking code.

    Refuses a message already filed (pointing at the first), a type the organization has
    retired, and a received time in the future.
    """
    now = now or timezone.now()
    rtype = _check_new(organization, new, now)
    code = _new_code()
    with transaction.atomic():
        if new.message is not None:
            # Lock the message row so two agents filing it at once cannot both pass.
            Message.objects.select_for_update().filter(pk=new.message.pk).first()
            _refuse_if_filed(new.message)
        request = _create_request(organization, new, rtype, actor, now, code)
        _event(request, Step.FILED, actor, details={"radicado": request.radicado})
        _audit("pqrsd.filed", request, actor, {"radicado": request.radicado})
    return Filing(request=request, tracking_code=code)


def _check_new(organization: Organization, new: NewRequest, now: dt.datetime) -> RequestType:
    rtype = type_config(organization, new.type_code)
    if rtype is None:
        raise PqrsdError(_("This type of request is not in use in the organization."))
    if new.received_at.tzinfo is None:
        raise PqrsdError(_("The received time needs a time zone."))
    if new.received_at > now + FUTURE_TOLERANCE:
        raise PqrsdError(_("The received time is in the future."))
    if not new.text.strip():
        raise PqrsdError(_("The request has no text."))
    if new.message is not None:
        _refuse_if_filed(new.message)
    return rtype


def _refuse_if_filed(message: Message) -> None:
    first = Request.objects.filter(message=message).first()
    if first is not None:
        raise AlreadyFiled(first)


def _create_request(
    organization: Organization,
    new: NewRequest,
    rtype: RequestType,
    actor: Any,
    now: dt.datetime,
    code: str,
) -> Request:
    conf = settings_for(organization)
    year = today_local(now).year
    consecutive = next_number(organization, year)
    radicado = format_radicado(
        conf,
        year=year,
        office_code=new.office.code if new.office else "",
        consecutive=consecutive,
        digit=rtype.digit,
    )
    due = deadlines.legal_deadline(new.received_at, rtype.term_days, office_for(organization))
    conversation = new.conversation or (new.message.conversation if new.message else None)
    return Request.objects.create(
        organization=organization,
        radicado=radicado,
        year=year,
        consecutive=consecutive,
        type=rtype,
        office=new.office,
        intake=new.intake,
        channel=conversation.channel if conversation else None,
        conversation=conversation,
        message=new.message,
        citizen=conversation.author.citizen if conversation else None,
        citizen_name=new.citizen_name[:200],
        citizen_email=new.citizen_email,
        citizen_phone=new.citizen_phone[:40],
        citizen_address=new.citizen_address[:200],
        subject=new.subject[:200],
        text=new.text,
        received_at=new.received_at,
        receipt_day=deadlines.receipt_day(new.received_at, office_for(organization)),
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
        term_days=rtype.term_days,
        original_due_date=due,
        due_date=due,
        max_due_date=deadlines.add_business_days(due, rtype.extension_days),
        tracking_code_hash=tracking_hash(organization.pk, radicado, code),
    )


def reissue_tracking_code(*, request: Request, membership: Membership) -> str:
    """A new secret code (the old one stops working), e.g. to print the constancia again."""
    code = _new_code()
    with transaction.atomic():
        request.tracking_code_hash = tracking_hash(request.organization_id, request.radicado, code)
        request.save(update_fields=["tracking_code_hash"])
        _audit("pqrsd.code_reissued", request, membership.user, {})
    return code


# --- telling the citizen ------------------------------------------------------------------


def is_public(request: Request) -> bool:
    """Whether replies on the request's conversation are public (a post, not a DM)."""
    if request.conversation_id is None:
        return False
    if request.message_id is not None:
        return not request.message.is_private
    return not Message.objects.filter(
        conversation_id=request.conversation_id, is_private=True
    ).exists()


def tell_citizen(
    *, request: Request, membership: Membership | None, text: str, private: bool = False
) -> str:
    """Send `text` on the request's conversation, else by e-mail; returns how it went out.

    `private` text (it holds personal data) never goes on a public thread: it goes by e-mail
    and the thread gets only a pointer to it."""
    if private and is_public(request):
        if not request.citizen_email:
            raise PqrsdError(
                _(
                    "This answer holds personal data and the conversation is public: add the "
                    "citizen's e-mail to send it privately."
                )
            )
        _email(request, text)
        pointer = _("We sent the answer to your request %(radicado)s to your e-mail.") % {
            "radicado": request.radicado
        }
        tell_citizen(request=request, membership=membership, text=pointer)
        return "email+pointer"
    if request.conversation_id and membership is not None:
        # Inline import: inbox services import nothing of pqrsd, keep it that way.
        from dialogo.inbox.services import send_reply

        conversation = Conversation.objects.get(pk=request.conversation_id)
        send_reply(
            conversation=conversation,
            membership=membership,
            text=text,
            expected_version=conversation.version,
        )
        return "channel"
    if request.citizen_email:
        _email(request, text)
        return "email"
    return "none"


def _email(request: Request, text: str) -> None:
    subject = _("Your request %(radicado)s") % {"radicado": request.radicado}
    to = [request.citizen_email]
    transaction.on_commit(lambda: send_mail(subject, text, None, to, fail_silently=True))


# --- the workflow -------------------------------------------------------------------------


def locked_request(request: Request, *states: str) -> Request:
    fresh = Request.objects.select_for_update().select_related("type").get(pk=request.pk)
    if states and fresh.state not in states:
        raise PqrsdError(
            _("This step is not possible while the request is “%(state)s”.")
            % {"state": fresh.get_state_display()}
        )
    return fresh


def _event(
    request: Request, step: str, actor: Any, *, text: str = "", letter: str = "", details=None
):
    return RequestEvent.objects.create(
        request=request,
        step=step,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        text=text,
        letter=letter,
        details=details or {},
    )


def _audit(action: str, request: Request, actor: Any, details: dict):
    audit.record(
        action=action,
        organization=request.organization,
        actor=actor,
        target=request,
        details={"radicado": request.radicado, **details},
    )


def need_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PqrsdError(what)
    return text


def save_step(
    request: Request,
    membership: Membership,
    step: str,
    fields: list[str],
    *,
    text: str = "",
    letter: str = "",
    notify: bool = True,
    private: bool = False,
    details: dict | None = None,
) -> Request:
    """Save the changed fields, tell the citizen, record the step and the audit entry."""
    request.save(update_fields=fields)
    sent_via = ""
    if notify:
        sent_via = tell_citizen(request=request, membership=membership, text=text, private=private)
    details = {**(details or {}), "sent_via": sent_via}
    _event(request, step, membership.user, text=text, letter=letter, details=details)
    _audit(f"pqrsd.{step}", request, membership.user, details)
    return request


def acknowledge_request(
    *, request: Request, membership: Membership, tracking_code: str, status_url: str
) -> Request:
    """Send the citizen the radicado, the deadline and how to follow the request."""
    text = acknowledgement_text(request, tracking_code, status_url)
    with transaction.atomic():
        return save_step(request, membership, Step.ACKNOWLEDGED, [], text=text)


def acknowledgement_text(request: Request, tracking_code: str, status_url: str) -> str:
    return filing_message(request.radicado, request.due_date, status_url, tracking_code)


def filing_message(radicado: str, due: dt.date | None, status_url: str, code: str) -> str:
    """What the citizen is told on filing: radicado, deadline in words, how to follow it."""
    return _(
        "Your request was filed with radicado %(radicado)s. We will answer by %(due)s at the "
        "latest. Follow it at %(url)s with the code %(code)s."
    ) % {"radicado": radicado, "due": date_in_words(due), "url": status_url, "code": code}


def date_in_words(day: dt.date | None) -> str:
    """'19 de enero de 2027' in Spanish (months in lower case), 'January 19, 2027' in English."""
    if day is None:
        return ""
    if (get_language() or "es").startswith("es"):
        return date_format(day, r"j \d\e F \d\e Y").lower()
    return date_format(day, "DATE_FORMAT")


# --- configuration ------------------------------------------------------------------------


def save_configuration(*, form, membership: Membership, what: str) -> Any:
    """Save a settings, type or office form of the organization, and record what changed."""
    changed = {f: str(form.cleaned_data.get(f)) for f in form.changed_data}
    obj = form.save(commit=False)
    obj.organization = membership.organization
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise PqrsdError(_("That code is already in use in the organization.")) from exc
    with transaction.atomic():
        audit.record(
            action=f"pqrsd.config_{what}",
            organization=membership.organization,
            actor=membership.user,
            target=obj,
            details={"changes": changed},
        )
    return obj
