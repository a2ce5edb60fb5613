import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation, Message
from dialogo.inbox.services import send_reply

VALID = {
    "name": "Pedro Ficticio",
    "email": "Pedro.Ficticio@Example.com",
    "phone": "3009998877",
    "subject": "Duplicado de cédula",
    "text": "Buenas, perdí la cédula. ¿Qué debo hacer para sacar el duplicado?",
    "consent": "on",
}


def url(org):
    return reverse("webform", kwargs={"org": org.slug})


def test_form_page_shows_privacy_notice(client, org):
    body = client.get(url(org)).content.decode()
    assert "1581" in body
    assert 'name="consent"' in body


def test_submission_lands_in_inbox_and_answer_goes_by_email(
    client, org, members, django_capture_on_commit_callbacks
):
    response = client.post(url(org), VALID)
    assert response.status_code == 200
    conv = Conversation.objects.get(organization=org)
    # A plain question gets the organization's own reference, not the conversation id.
    assert f"W-{timezone.localdate().year}-000001" in response.content.decode()
    assert conv.subject == "Duplicado de cédula"
    assert conv.author.citizen.phone == "3009998877"
    assert conv.author.handle == "pedro.ficticio@example.com"  # the typed address, unproven
    with django_capture_on_commit_callbacks(execute=True):
        send_reply(
            conversation=conv,
            membership=members[Role.AGENT],
            text="Debe pedir cita.",
            expected_version=conv.version,
        )
    assert mail.outbox[-1].to == ["pedro.ficticio@example.com"]
    assert mail.outbox[-1].subject == "Re: Duplicado de cédula"


def test_consent_is_required(client, org):
    data = dict(VALID)
    data.pop("consent")
    response = client.post(url(org), data)
    assert response.status_code == 400
    assert Message.objects.count() == 0
    assert "1581" in response.content.decode()


def test_honeypot_stores_nothing(client, org):
    response = client.post(url(org), dict(VALID, website="http://spam.example"))
    assert response.status_code == 200
    assert Message.objects.count() == 0


def test_flood_is_rate_limited_and_text_kept(client, org, settings):
    settings.WEBFORM_RATE_LIMIT = 3
    for i in range(3):
        assert (
            client.post(url(org), dict(VALID, text=f"Mensaje real número {i}")).status_code == 200
        )
    response = client.post(url(org), dict(VALID, text="El cuarto mensaje no debe perderse"))
    assert response.status_code == 429
    assert "El cuarto mensaje no debe perderse" in response.content.decode()
    assert Message.objects.count() == 3
    # Another address is not affected by this one's flood.
    other = client.post(url(org), dict(VALID, text="Desde otra red"), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200
    assert Message.objects.count() == 4


def test_oversized_message_gets_clear_error(client, org):
    response = client.post(url(org), dict(VALID, text="a" * 100_000))
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_script_in_text_is_stored_verbatim_and_rendered_escaped(client, org, members):
    client.post(url(org), dict(VALID, text="<script>alert('x')</script> ¿me ayudan?"))
    conv = Conversation.objects.get()
    assert conv.messages.get().text.startswith("<script>")
    client.force_login(members[Role.AGENT].user)
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conv.pk})
    ).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_disabled_form_is_not_found(client, org):
    org.webform_enabled = False
    org.save()
    assert client.get(url(org)).status_code == 404


@pytest.mark.parametrize("email", ["no-es-correo", "a@b"])
def test_bad_email_rejected(client, org, email):
    assert client.post(url(org), dict(VALID, email=email)).status_code == 400


def test_line_breaks_in_header_fields_are_stripped_at_intake(
    client, org, members, django_capture_on_commit_callbacks
):
    """A subject "Hola\r\nBcc: x@example.net" made every reply fail with BadHeaderError."""
    data = dict(
        VALID,
        subject="Hola\r\nBcc: x@example.net",
        name="Pedro\nFicticio",
        email="pedro.ficticio@example.com",
    )
    assert client.post(url(org), data).status_code == 200
    conv = Conversation.objects.get(organization=org)
    assert conv.subject == "Hola Bcc: x@example.net"
    assert conv.author.display_name == "Pedro Ficticio"
    with django_capture_on_commit_callbacks(execute=True):
        reply = send_reply(
            conversation=conv,
            membership=members[Role.AGENT],
            text="Con gusto.",
            expected_version=conv.version,
        )
    reply.refresh_from_db()
    assert reply.send_status == "sent"
    sent = mail.outbox[-1]
    assert sent.subject == "Re: Hola Bcc: x@example.net"
    assert sent.recipients() == ["pedro.ficticio@example.com"]  # no Bcc smuggled in


def test_reply_to_a_subject_stored_with_a_line_break_is_still_delivered(
    org, members, django_capture_on_commit_callbacks
):
    """Defensive at send time too: subjects stored before intake stripped them."""
    from dialogo.conftest import make_conversation
    from dialogo.networks.webform.services import webform_channel

    conv = make_conversation(webform_channel(org), "Consulta", who="ana@example.com")
    Conversation.objects.filter(pk=conv.pk).update(subject="Antiguo\r\nCc: otro@example.net")
    conv.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reply = send_reply(
            conversation=conv,
            membership=members[Role.AGENT],
            text="Respuesta",
            expected_version=conv.version,
        )
    reply.refresh_from_db()
    assert reply.send_status == "sent"
    assert mail.outbox[-1].subject == "Re: Antiguo Cc: otro@example.net"
    assert mail.outbox[-1].recipients() == ["ana@example.com"]
