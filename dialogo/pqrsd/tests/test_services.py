"""Filing and each step of the legal workflow, with dates computed by hand. Messages are
asserted in Spanish, the default language.

Holidays relied on: 2026-12-25 (Fri), 2027-01-01 (Fri), 2027-01-11 (Mon, Reyes moved),
2027-03-22 (Mon, San José), 2027-03-25/26 (Holy Thursday, Good Friday).
"""

from __future__ import annotations

import datetime as dt

import pytest

from dialogo.core.models import AuditEntry
from dialogo.inbox.models import Message
from dialogo.pqrsd import services, workflow
from dialogo.pqrsd.models import PqrsdSettings, Request, RequestState, RequestType, Step
from dialogo.pqrsd.queries import settings_for

from .conftest import bogota, file

D = dt.date


def test_file_request_assigns_radicado_and_legal_dates(org, office):
    filing = file(org, office=office)
    req = filing.request
    # Default format: year + office 100 + consecutive 000001 + type digit 1 (petición).
    assert req.radicado == "20261000000011"
    assert (req.receipt_day, req.due_date) == (D(2026, 12, 24), D(2027, 1, 19))
    # Extension limit: 15 more business days after Jan 19: Jan 20–22 (3), Jan 25–29 (8),
    # Feb 1–5 (13), Feb 8–9 (15).
    assert req.max_due_date == D(2027, 2, 9)
    assert services.code_matches(req, filing.tracking_code)
    assert not services.code_matches(req, "WRONG123")
    assert filing.tracking_code not in req.tracking_code_hash
    assert AuditEntry.objects.filter(action="pqrsd.filed", target_id=str(req.pk)).count() == 1


def test_file_request_consecutive_runs_per_year_without_gaps(org):
    numbers = [file(org).request.consecutive for _ in range(3)]
    later = file(org, received=bogota(2027, 1, 4, 9), now=bogota(2027, 1, 4, 10)).request
    assert numbers == [1, 2, 3]
    assert (later.year, later.consecutive) == (2027, 1)
    # No office: three zeros; informe type digit.
    assert file(org, type_code="informacion").request.radicado == "20260000000042"


def test_radicado_format_is_configurable(org):
    conf = settings_for(org)
    conf.radicado_parts, conf.radicado_separator, conf.consecutive_digits = (
        "type,year,consecutive",
        "-",
        4,
    )
    conf.save()
    assert file(org, type_code="queja").request.radicado == "4-2026-0001"


def test_filing_same_message_twice_points_at_first(org, conversation):
    message = Message.objects.get(conversation=conversation)
    first = file(org, message=message).request
    with pytest.raises(services.AlreadyFiled) as exc:
        file(org, message=message)
    assert exc.value.request == first
    assert first.radicado in str(exc.value)
    assert Request.objects.count() == 1


def test_filing_refuses_future_time_and_retired_type(org):
    with pytest.raises(services.PqrsdError, match="futuro"):
        file(org, received=bogota(2026, 12, 24, 10), now=bogota(2026, 12, 24, 9))
    file(org)  # creates the default types
    RequestType.objects.filter(organization=org, code="sugerencia").update(is_active=False)
    with pytest.raises(services.PqrsdError, match="no está en uso"):
        file(org, type_code="sugerencia")


def test_completion_request_stops_clock_and_full_term_restarts(org, agent):
    req = file(org).request
    # Asked on Tue Dec 29 (day 2 of the term); citizen has one month: Jan 29.
    req = workflow.request_completion(
        request=req,
        membership=agent,
        text="Falta su número de documento.",
        now=bogota(2026, 12, 29, 9),
    )
    assert (req.state, req.due_date, req.citizen_due_date) == (
        RequestState.AWAITING_CITIZEN,
        None,
        D(2027, 1, 29),
    )
    assert req.days_used_before_pause == 2  # Dec 28, 29
    # Citizen answers Fri Jan 8, 2027 at 11:00: full 15 days from Jan 12 (Jan 11 holiday):
    # Jan 12–15 (4), 18–22 (9), 25–29 (14), Feb 1 (15).
    req = workflow.record_completion(
        request=req,
        membership=agent,
        completed_at=bogota(2027, 1, 8, 11),
        now=bogota(2027, 1, 8, 12),
    )
    assert (req.state, req.due_date, req.completion_rule) == (
        RequestState.FILED,
        D(2027, 2, 1),
        "restart",
    )
    steps = list(req.events.values_list("step", flat=True))
    assert steps == [Step.FILED, Step.COMPLETION_REQUESTED, Step.COMPLETED]
    assert req.events.get(step=Step.COMPLETION_REQUESTED).text == "Falta su número de documento."


def test_completion_with_remaining_days_rule(org, agent):
    PqrsdSettings.objects.update_or_create(organization=org, defaults={"completion_rule": "resume"})
    req = file(org).request
    req = workflow.request_completion(
        request=req, membership=agent, text="Falta el anexo.", now=bogota(2026, 12, 29, 9)
    )
    # 13 days remain; from Fri Jan 8: Jan 12–15 (4), 18–22 (9), 25–28 (13) → Jan 28.
    req = workflow.record_completion(
        request=req,
        membership=agent,
        completed_at=bogota(2027, 1, 8, 11),
        now=bogota(2027, 1, 8, 12),
    )
    assert (req.due_date, req.completion_rule) == (D(2027, 1, 28), "resume")


def test_completion_request_after_ten_business_days_is_refused(org, agent):
    req = file(org).request
    # Ten business days after Dec 24: Dec 28–31 (4), Jan 4–8 (9), Jan 12 (10).
    with pytest.raises(services.PqrsdError, match="10 días hábiles"):
        workflow.request_completion(
            request=req, membership=agent, text="x", now=bogota(2027, 1, 13, 9)
        )
    workflow.request_completion(
        request=req, membership=agent, text="x", now=bogota(2027, 1, 12, 16)
    )


def test_desisted_only_after_the_month_with_a_reason(org, agent):
    req = file(org).request
    req = workflow.request_completion(
        request=req, membership=agent, text="Falta firma.", now=bogota(2026, 12, 29, 9)
    )
    with pytest.raises(services.PqrsdError, match="hasta el 2027-01-29"):
        workflow.declare_desisted(
            request=req, membership=agent, reason="No respondió.", now=bogota(2027, 1, 29, 12)
        )
    with pytest.raises(services.PqrsdError, match="decisión motivada"):
        workflow.declare_desisted(
            request=req, membership=agent, reason=" ", now=bogota(2027, 2, 1, 12)
        )
    req = workflow.give_citizen_more_time(request=req, membership=agent)
    assert req.citizen_due_date == D(2027, 2, 28)
    with pytest.raises(services.PqrsdError, match="una vez"):
        workflow.give_citizen_more_time(request=req, membership=agent)
    req = workflow.declare_desisted(
        request=req,
        membership=agent,
        reason="Venció el plazo sin respuesta.",
        now=bogota(2027, 3, 1, 9),
    )
    assert req.state == RequestState.DESISTED


def test_extension_before_expiry_up_to_double(org, agent):
    req = file(org).request  # due Jan 19, most Feb 9
    with pytest.raises(services.PqrsdError, match="pasar del 2027-02-09"):
        workflow.extend_term(
            request=req,
            membership=agent,
            new_date=D(2027, 2, 10),
            reason="Carga.",
            now=bogota(2027, 1, 15, 9),
        )
    with pytest.raises(services.PqrsdError, match="día hábil"):
        workflow.extend_term(
            request=req,
            membership=agent,
            new_date=D(2027, 2, 6),
            reason="Carga.",
            now=bogota(2027, 1, 15, 9),
        )
    req = workflow.extend_term(
        request=req,
        membership=agent,
        new_date=D(2027, 2, 9),
        reason="Requiere concepto técnico.",
        now=bogota(2027, 1, 19, 16),
    )
    assert (req.due_date, req.extended) == (D(2027, 2, 9), True)
    assert req.events.get(step=Step.EXTENDED).details["from"] == "2027-01-19"


def test_extension_after_expiry_is_refused(org, agent):
    req = file(org).request
    with pytest.raises(services.PqrsdError, match="venció el 2027-01-19"):
        workflow.extend_term(
            request=req,
            membership=agent,
            new_date=D(2027, 2, 1),
            reason="Tarde.",
            now=bogota(2027, 1, 20, 8),
        )


def test_transfer_keeps_notice_and_letter_and_flags_late(org, agent):
    req = file(org).request
    # Five business days after Dec 24: Dec 28–31 (4), Jan 4 (5). Jan 5 is late.
    req = workflow.transfer_request(
        request=req,
        membership=agent,
        entity="Superintendencia de Servicios Públicos",
        notice="Su petición fue remitida.",
        letter="Señores Superservicios: remitimos…",
        now=bogota(2027, 1, 5, 9),
    )
    event = req.events.get(step=Step.TRANSFERRED)
    assert (req.state, event.letter, event.details["late"], event.details["due_by"]) == (
        RequestState.TRANSFERRED,
        "Señores Superservicios: remitimos…",
        True,
        "2027-01-04",
    )


def test_answer_close_reopen_and_void(org, agent):
    req = file(org).request
    req = workflow.answer_request(request=req, membership=agent, text="Adjuntamos la copia.")
    req = workflow.close_request(request=req, membership=agent)
    assert req.state == RequestState.CLOSED
    req = workflow.reopen_request(request=req, membership=agent, reason="Faltó un folio.")
    assert (req.state, req.due_date) == (RequestState.FILED, D(2027, 1, 19))
    req = workflow.void_request(request=req, membership=agent, reason="Radicado por error.")
    assert (req.state, req.void_reason, req.radicado) == (
        RequestState.VOID,
        "Radicado por error.",
        "20260000000011",
    )
    with pytest.raises(services.PqrsdError):
        workflow.answer_request(request=req, membership=agent, text="x")


def test_answer_goes_out_on_the_conversation(org, agent, conversation):
    message = Message.objects.get(conversation=conversation)
    req = file(org, message=message).request
    workflow.answer_request(request=req, membership=agent, text="Su certificado está listo.")
    out = Message.objects.filter(conversation=conversation, direction="out").get()
    assert out.text == "Su certificado está listo."
    assert req.events.get(step=Step.ANSWERED).details["sent_via"] == "channel"


def test_private_answer_on_public_thread_goes_by_email_with_pointer(
    org, agent, conversation, django_capture_on_commit_callbacks
):
    from django.core import mail

    message = Message.objects.get(conversation=conversation)
    assert not message.is_private
    req = file(org, message=message, citizen_email="lucia@example.com").request
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer_request(
            request=req, membership=agent, text="Su cédula 1.234.567 quedó corregida.", private=True
        )
    public = Message.objects.get(conversation=conversation, direction="out")
    assert "1.234.567" not in public.text and req.radicado in public.text
    private = [m for m in mail.outbox if "1.234.567" in m.body]
    assert [m.to for m in private] == [["lucia@example.com"]]


def test_private_answer_without_email_is_refused(org, agent, conversation):
    message = Message.objects.get(conversation=conversation)
    req = file(org, message=message, citizen_email="").request
    with pytest.raises(services.PqrsdError, match="correo"):
        workflow.answer_request(
            request=req, membership=agent, text="Datos personales.", private=True
        )
    req.refresh_from_db()
    assert req.state == RequestState.FILED


def test_answer_marked_as_denial_is_recorded(org, agent):
    req = file(org, type_code="informacion").request
    req = workflow.answer_request(
        request=req, membership=agent, text="La información es reservada.", denied=True
    )
    req.refresh_from_db()
    assert (req.state, req.denied) == (RequestState.ANSWERED, True)
    assert req.events.get(step=Step.ANSWERED).details["denied"] is True
    other = workflow.answer_request(
        request=file(org).request, membership=agent, text="Adjuntamos la copia."
    )
    assert other.denied is False
