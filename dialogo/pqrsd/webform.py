"""What the public web form does with a submission the citizen marked as a PQRSD (or not).

The web form (dialogo/networks/webform) stores the message, then calls `confirm_submission`:
a petition, complaint, claim, suggestion, report or information request is filed at once
with a radicado; a plain question gets a per-organization reference (not a radicado, and
not the global conversation id). The citizen gets the confirmation on screen and by e-mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogo.core import audit
from dialogo.core.models import Organization
from dialogo.inbox.models import Message
from dialogo.pqrsd import services
from dialogo.pqrsd.models import Intake
from dialogo.pqrsd.queries import settings_for, today_local, type_config

#: What the citizen can say the message is; "question" is not a PQRSD.
KINDS = [
    ("question", gettext_lazy("A question")),
    ("peticion", gettext_lazy("A petition (derecho de petición)")),
    ("informacion", gettext_lazy("A request for documents or information")),
    ("queja", gettext_lazy("A complaint about a service or an official")),
    ("reclamo", gettext_lazy("A claim")),
    ("sugerencia", gettext_lazy("A suggestion")),
    ("denuncia", gettext_lazy("A report of wrongdoing (denuncia)")),
]


@dataclass(frozen=True)
class Confirmation:
    radicado: str = ""
    tracking_code: str = ""
    due_date: dt.date | None = None
    reference: str = ""  # for plain questions


def confirm_submission(
    *, organization: Organization, message: Message, kind: str, email: str, status_url: str
) -> Confirmation:
    """File the message as a PQRSD when the citizen says it is one, else give a reference;
    e-mail the confirmation to the citizen."""
    if kind != "question" and type_config(organization, kind) is not None:
        if settings_for(organization).auto_file_webform:
            confirmation = _file(organization, message, kind)
            _mail(organization, email, _confirmation_text(confirmation, status_url))
            return confirmation
    confirmation = Confirmation(reference=web_reference(organization=organization, message=message))
    _mail(organization, email, _confirmation_text(confirmation, status_url))
    return confirmation


def _file(organization: Organization, message: Message, kind: str) -> Confirmation:
    conversation = message.conversation
    author = message.author
    new = services.NewRequest(
        type_code=kind,
        text=message.text,
        received_at=message.created_at,
        intake=Intake.WEBFORM,
        message=message,
        conversation=conversation,
        citizen_name=author.display_name if author else "",
        citizen_email=author.citizen.email if author and author.citizen else "",
        citizen_phone=author.citizen.phone if author and author.citizen else "",
        subject=conversation.subject,
    )
    filing = services.file_request(organization=organization, new=new)
    return Confirmation(
        radicado=filing.request.radicado,
        tracking_code=filing.tracking_code,
        due_date=filing.request.due_date,
    )


def web_reference(*, organization: Organization, message: Message) -> str:
    """A per-organization reference for a plain question (e.g. W-2026-000042), recorded."""
    with transaction.atomic():
        year = today_local().year
        number = services.next_number(organization, year, series="web")
        reference = f"W-{year}-{number:06d}"
        audit.record(
            action="webform.reference",
            organization=organization,
            target=message.conversation,
            details={"reference": reference, "message": message.pk},
        )
    return reference


def _confirmation_text(confirmation: Confirmation, status_url: str) -> str:
    if confirmation.radicado:
        return services.filing_message(
            confirmation.radicado, confirmation.due_date, status_url, confirmation.tracking_code
        )
    return _("We received your message. Its reference is %(reference)s.") % {
        "reference": confirmation.reference
    }


def _mail(organization: Organization, email: str, text: str) -> None:
    if not email:
        return
    subject = _("%(org)s received your message") % {"org": organization.name}
    transaction.on_commit(lambda: send_mail(subject, text, None, [email], fail_silently=True))
