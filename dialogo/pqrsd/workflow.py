"""The steps of the legal workflow after filing (Ley 1755 de 2015 arts. 14, 17 and 21).

Each step locks the request, checks the law's conditions, saves, tells the citizen and
records who did what, when, and the text sent (`services.save_step`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogo.core.models import Membership
from dialogo.pqrsd import deadlines
from dialogo.pqrsd.models import CompletionRule, Office, Request, RequestState, Step
from dialogo.pqrsd.queries import office_for, settings_for, today_local
from dialogo.pqrsd.services import (
    FUTURE_TOLERANCE,
    PqrsdError,
    date_in_words,
    locked_request,
    need_text,
    save_step,
)
from dialogo.pqrsd.terms import CITIZEN_MONTHS, COMPLETION_REQUEST_DAYS, TRANSFER_DAYS


def request_completion(
    *, request: Request, membership: Membership, text: str, now: dt.datetime | None = None
) -> Request:
    """Art. 17: ask the citizen to complete; the clock stops; they have one month."""
    text = need_text(text, _("Say what the citizen must add."))
    today = today_local(now)
    with transaction.atomic():
        request = locked_request(request, RequestState.FILED)
        limit = deadlines.add_business_days(request.receipt_day, COMPLETION_REQUEST_DAYS)
        if today > limit:
            raise PqrsdError(
                _(
                    "A completion request must be made within 10 business days of filing (by %(day)s)."
                )
                % {"day": limit}
            )
        used = deadlines.business_days_between(request.receipt_day, today)
        request.days_used_before_pause = max(0, min(used, request.term_days))
        request.paused_on, request.due_date = today, None
        request.citizen_due_date = deadlines.add_months(today, CITIZEN_MONTHS)
        request.state = RequestState.AWAITING_CITIZEN
        fields = ["days_used_before_pause", "paused_on", "due_date", "citizen_due_date", "state"]
        details = {"citizen_due_date": str(request.citizen_due_date)}
        return save_step(
            request, membership, Step.COMPLETION_REQUESTED, fields, text=text, details=details
        )


def give_citizen_more_time(*, request: Request, membership: Membership, text: str = "") -> Request:
    """Art. 17: the citizen asked for another month (once)."""
    with transaction.atomic():
        request = locked_request(request, RequestState.AWAITING_CITIZEN)
        if request.citizen_extended:
            raise PqrsdError(_("The citizen's month was already extended once."))
        request.citizen_due_date = deadlines.add_months(request.citizen_due_date, CITIZEN_MONTHS)
        request.citizen_extended = True
        text = text.strip() or _("You have until %(day)s to complete your request.") % {
            "day": date_in_words(request.citizen_due_date)
        }
        fields = ["citizen_due_date", "citizen_extended"]
        details = {"citizen_due_date": str(request.citizen_due_date)}
        return save_step(
            request, membership, Step.CITIZEN_MORE_TIME, fields, text=text, details=details
        )


def resumed_due_date(request: Request, completed_at: dt.datetime, rule: str, office) -> dt.date:
    """The new deadline once the citizen completes: the whole term again from the day after
    the completion is received, or only the days not used before the stop (at least one)."""
    if rule == CompletionRule.RESUME:
        days = max(1, request.term_days - request.days_used_before_pause)
    else:
        days = request.term_days
    return deadlines.legal_deadline(completed_at, days, office)


def record_completion(
    *,
    request: Request,
    membership: Membership,
    completed_at: dt.datetime,
    note: str = "",
    now: dt.datetime | None = None,
) -> Request:
    """The citizen completed the request: the term runs again under the organization's rule."""
    now = now or timezone.now()
    if completed_at > now + FUTURE_TOLERANCE:
        raise PqrsdError(_("The received time is in the future."))
    rule = settings_for(request.organization).completion_rule
    with transaction.atomic():
        request = locked_request(request, RequestState.AWAITING_CITIZEN)
        due = resumed_due_date(request, completed_at, rule, office_for(request.organization))
        request.due_date, request.completion_rule = due, rule
        request.max_due_date = deadlines.add_business_days(due, request.type.extension_days)
        request.state, request.paused_on, request.alert_level = RequestState.FILED, None, 0
        fields = [
            "due_date",
            "completion_rule",
            "max_due_date",
            "state",
            "paused_on",
            "alert_level",
        ]
        details = {"due_date": str(due), "rule": rule, "completed_at": completed_at.isoformat()}
        return save_step(
            request, membership, Step.COMPLETED, fields, text=note, notify=False, details=details
        )


def declare_desisted(
    *, request: Request, membership: Membership, reason: str, now: dt.datetime | None = None
) -> Request:
    """Art. 17: a reasoned decision, notified, once the citizen's time ran out. Never automatic."""
    reason = need_text(reason, _("A withdrawal needs a reasoned decision."))
    today = today_local(now)
    with transaction.atomic():
        request = locked_request(request, RequestState.AWAITING_CITIZEN)
        if today <= request.citizen_due_date:
            raise PqrsdError(
                _("The citizen has until %(day)s to complete the request.")
                % {"day": request.citizen_due_date}
            )
        request.state, request.closed_at = RequestState.DESISTED, now or timezone.now()
        return save_step(request, membership, Step.DESISTED, ["state", "closed_at"], text=reason)


def transfer_request(
    *,
    request: Request,
    membership: Membership,
    entity: str,
    notice: str,
    letter: str,
    now: dt.datetime | None = None,
) -> Request:
    """Art. 21: send the request to the competent entity, tell the citizen, keep the letter."""
    entity = need_text(entity, _("Name the competent entity."))
    notice = need_text(notice, _("Write the notice to the citizen."))
    letter = need_text(letter, _("Write the forwarding letter."))
    today = today_local(now)
    with transaction.atomic():
        request = locked_request(request, RequestState.FILED)
        limit = deadlines.add_business_days(request.receipt_day, TRANSFER_DAYS)
        request.state, request.transferred_to = RequestState.TRANSFERRED, entity[:200]
        # A late transfer is still owed to the citizen: it is recorded as late, not refused.
        details = {"entity": entity, "due_by": str(limit), "late": today > limit}
        return save_step(
            request,
            membership,
            Step.TRANSFERRED,
            ["state", "transferred_to"],
            text=notice,
            letter=letter,
            details=details,
        )


def extend_term(
    *,
    request: Request,
    membership: Membership,
    new_date: dt.date,
    reason: str,
    now: dt.datetime | None = None,
) -> Request:
    """Art. 14 parágrafo: before expiry, with the reason and the new date, at most double."""
    reason = need_text(reason, _("An extension needs the reason."))
    today = today_local(now)
    with transaction.atomic():
        request = locked_request(request, RequestState.FILED)
        _check_extension(request, new_date, today)
        old = request.due_date
        request.due_date, request.extended, request.alert_level = new_date, True, 0
        details = {"from": str(old), "to": str(new_date)}
        return save_step(
            request,
            membership,
            Step.EXTENDED,
            ["due_date", "extended", "alert_level"],
            text=reason,
            details=details,
        )


def _check_extension(request: Request, new_date: dt.date, today: dt.date) -> None:
    if request.extended:
        raise PqrsdError(_("The term was already extended once."))
    if today > request.due_date:
        raise PqrsdError(
            _("The term expired on %(day)s: an extension must be notified before expiry.")
            % {"day": request.due_date}
        )
    if new_date <= request.due_date:
        raise PqrsdError(_("The new date must be after the current deadline."))
    if new_date > request.max_due_date:
        raise PqrsdError(
            _("The new date cannot go beyond %(day)s (the law allows at most the term again).")
            % {"day": request.max_due_date}
        )
    if not deadlines.is_business_day(new_date):
        raise PqrsdError(_("The new date must be a business day."))


def answer_request(
    *,
    request: Request,
    membership: Membership,
    text: str,
    private: bool = False,
    denied: bool = False,
    now: dt.datetime | None = None,
) -> Request:
    """The answer, sent on the channel (or by e-mail) and kept with the request. A `private`
    answer (personal data) on a public thread goes by e-mail, the thread gets a pointer.
    A `denied` answer refuses what was asked (the legal reports count denials)."""
    text = need_text(text, _("The answer is empty."))
    with transaction.atomic():
        request = locked_request(request, RequestState.FILED)
        request.state, request.answered_at = RequestState.ANSWERED, now or timezone.now()
        request.denied = denied
        late = today_local(request.answered_at) > request.due_date
        return save_step(
            request,
            membership,
            Step.ANSWERED,
            ["state", "answered_at", "denied"],
            text=text,
            private=private,
            details={"late": late, "denied": denied},
        )


def close_request(
    *, request: Request, membership: Membership, note: str = "", now: dt.datetime | None = None
) -> Request:
    with transaction.atomic():
        request = locked_request(request, RequestState.ANSWERED, RequestState.TRANSFERRED)
        request.state, request.closed_at = RequestState.CLOSED, now or timezone.now()
        return save_step(
            request, membership, Step.CLOSED, ["state", "closed_at"], text=note, notify=False
        )


def reopen_request(*, request: Request, membership: Membership, reason: str) -> Request:
    """Back to work (the legal deadline stays what it was)."""
    reason = need_text(reason, _("Say why the request is reopened."))
    with transaction.atomic():
        request = locked_request(
            request, RequestState.ANSWERED, RequestState.CLOSED, RequestState.DESISTED
        )
        request.state, request.closed_at = RequestState.FILED, None
        if request.due_date is None:
            request.due_date = request.original_due_date
        return save_step(
            request,
            membership,
            Step.REOPENED,
            ["state", "closed_at", "due_date"],
            text=reason,
            notify=False,
        )


def void_request(*, request: Request, membership: Membership, reason: str) -> Request:
    """A radicado given by mistake stays, marked void with the reason (never deleted)."""
    reason = need_text(reason, _("Say why the radicado is voided."))
    with transaction.atomic():
        request = locked_request(request)
        if request.state == RequestState.VOID:
            raise PqrsdError(_("This radicado is already void."))
        request.state, request.void_reason = RequestState.VOID, reason
        return save_step(
            request, membership, Step.VOIDED, ["state", "void_reason"], text=reason, notify=False
        )


def change_office(*, request: Request, membership: Membership, office: Office) -> Request:
    with transaction.atomic():
        request = locked_request(request)
        old = request.office.code if request.office else ""
        request.office = office
        return save_step(
            request,
            membership,
            Step.OFFICE,
            ["office"],
            notify=False,
            details={"from": old, "to": office.code},
        )
