"""The e-mail channel against a real Dovecot (IMAP) fed by a real SMTP server.

Citizens' mail goes in through SMTP and dovecot-lda, exactly as it would reach the
institution's mailbox; the worker's poll reads it over IMAP; the agent's answer leaves by
SMTP and is read back from the citizen's own mailbox.
"""

from __future__ import annotations

import contextlib
import itertools
import smtplib
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from imap_tools import MailBoxUnencrypted

from dialogo.inbox.models import Conversation, Message, SendStatus
from dialogo.inbox.services import send_reply
from dialogo.networks import services
from dialogo.networks.email import adapter as email_adapter
from dialogo.networks.models import Channel
from dialogo.networks.services import ChannelError, connect_channel
from dialogo.testing.services import ServiceUnavailable, free_port, mail_server

pytestmark = pytest.mark.services
_n = itertools.count(0)


POOL = 12  # mailboxes of each kind, made before the first login (see start_mail)


@contextlib.contextmanager
def start_mail(tmp_path):
    """The mail server with every mailbox the tests use already in its users file.

    MailServer.add_user rewrites Dovecot's passwd-file, which Dovecot re-reads only when the
    file's mtime changes by a whole second: a user added within a second of the previous one
    cannot log in for a while. So all users are written before Dovecot first reads the file.
    """
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(mail_server(tmp_path))
        except ServiceUnavailable as exc:
            pytest.skip(f"Dovecot is needed for the e-mail tests: {exc}")
        for n in range(POOL):
            server.add_user(f"atencion{n}@ifp.example", "clave-atencion")
            server.add_user(f"ciudadana{n}@example.com", "clave-ciudadana")
        yield server


@pytest.fixture(scope="module")
def mail(tmp_path_factory):
    with start_mail(tmp_path_factory.mktemp("mail")) as server:
        yield server


@pytest.fixture
def box(mail, org, agent):
    """A fresh institution mailbox and a connected channel reading it."""
    address = f"atencion{next(_n)}@ifp.example"
    channel = connect_channel(
        organization=org,
        actor=agent.user,
        kind="email",
        name="Correo",
        credentials=credentials(mail, address),
    )
    return channel


def credentials(mail, address: str, password: str = "clave-atencion", **extra) -> dict:
    return {
        "imap_host": mail.imap_host,
        "imap_port": str(mail.imap_port),
        "imap_ssl": "no",
        "imap_user": address,
        "imap_password": password,
        "smtp_host": mail.smtp_host,
        "smtp_port": str(mail.smtp_port),
        "smtp_starttls": "no",
        "smtp_user": address,
        "smtp_password": password,
        "from_address": address,
        **extra,
    }


def citizen(mail) -> str:
    return f"ciudadana{next(_n)}@example.com"


def send(
    mail, to: str, body: str = "Hola", *, sender: str = "Lucía <lucia@example.com>", **headers
) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    deliver_bytes(mail, to, message.as_bytes(policy=policy.SMTP))


def deliver_bytes(mail, to: str, content: bytes, sender: str = "lucia@example.com") -> None:
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as smtp:
        smtp.sendmail(sender, [to], content)


def raw_mail(to: str, name: str, content_type: str, body: bytes) -> bytes:
    """Bytes exactly as a careless mail client might send them (no re-encoding by Python)."""
    head = (
        f"From: {name} <{name}@example.com>\r\nTo: {to}\r\nSubject: {name}\r\n"
        f"Message-ID: <{name}@example.com>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return head.encode() + body + b"\r\n"


def mailbox(mail, address: str, password: str = "clave-ciudadana") -> list:
    with MailBoxUnencrypted(mail.imap_host, mail.imap_port).login(address, password) as mb:
        return [message_from_bytes(m.obj.as_bytes()) for m in mb.fetch(mark_seen=False)]


def poll(channel: Channel) -> int:
    return services.poll_channel(channel_id=channel.pk)


def test_citizen_mail_reply_and_follow_ups_form_one_conversation(
    mail, box, agent, django_capture_on_commit_callbacks
):
    inst = box.credentials["from_address"]
    lucia = citizen(mail)
    send(
        mail,
        inst,
        "¿Cómo pido el certificado de residencia?",
        sender=f"Lucía Prueba <{lucia}>",
        Subject="Certificado de residencia",
        Message_ID="<c1@example.com>",
    )
    assert poll(box) == 1
    conv = Conversation.objects.get(channel=box)
    assert conv.subject == "Certificado de residencia"
    assert conv.author.citizen.email == lucia
    send(
        mail,
        inst,
        "Olvidé decir: vivo en Tunja.",
        sender=f"Lucía Prueba <{lucia}>",
        Subject="Re: Certificado de residencia",
        Message_ID="<c2@example.com>",
        In_Reply_To="<c1@example.com>",
        References="<c1@example.com>",
    )
    assert poll(box) == 1
    conv.refresh_from_db()
    assert conv.message_count == 2

    with django_capture_on_commit_callbacks(execute=True):
        reply = send_reply(
            conversation=conv,
            membership=agent,
            text="Pídalo en línea.",
            expected_version=conv.version,
        )
    reply.refresh_from_db()
    assert reply.send_status == SendStatus.SENT
    [answer] = mailbox(mail, lucia)
    assert answer["Subject"] == "Re: Certificado de residencia"
    assert answer["In-Reply-To"] == "<c2@example.com>"
    assert answer["References"].split() == ["<c1@example.com>", "<c2@example.com>"]
    assert answer["Message-ID"] == reply.network_id
    assert inst in answer["From"]
    assert answer.get_payload(decode=True).decode().strip() == "Pídalo en línea."

    # The citizen answers the agent's e-mail: it joins the same conversation.
    send(
        mail,
        inst,
        "Gracias.",
        sender=lucia,
        Subject="Re: Re: Certificado de residencia",
        Message_ID="<c3@example.com>",
        In_Reply_To=reply.network_id,
        References=f"<c1@example.com> <c2@example.com> {reply.network_id}",
    )
    assert poll(box) == 1
    assert Conversation.objects.filter(channel=box).count() == 1
    assert Message.objects.filter(conversation=conv).count() == 4
    # Polling again finds nothing new, and nothing was marked as read in the mailbox.
    box.refresh_from_db()
    assert poll(box) == 0
    assert Message.objects.filter(channel=box).count() == 4
    with MailBoxUnencrypted(mail.imap_host, mail.imap_port).login(inst, "clave-atencion") as mb:
        assert mb.folder.status("INBOX")["UNSEEN"] == 3


def test_large_broken_and_html_mail_is_stored_safely(mail, box):
    inst = box.credentials["from_address"]
    long_text = "".join(f"Línea {i:05d} del expediente de la ciudadana.\n" for i in range(2500))
    send(mail, inst, long_text, Subject="Largo", Message_ID="<big@example.com>")
    deliver_bytes(
        mail,
        inst,
        raw_mail(
            inst,
            "bad",
            "text/plain; charset=x-no-existe",
            b"Necesito informaci\xf3n \xff\xfe urgente",
        ),
    )
    deliver_bytes(
        mail,
        inst,
        raw_mail(
            inst,
            "html",
            "text/html; charset=utf-8",
            (
                b"<p>Buen d\xc3\xada</p><script>alert('robo')</script>"
                b"<img src=x onerror=alert(1)><p>Mi PQRS</p>"
            ),
        ),
    )
    assert poll(box) == 3
    big = Message.objects.get(network_id="<big@example.com>")
    assert len(big.text) == 100_000
    assert big.text + big.raw["text_rest"] == long_text.strip()
    assert (
        Message.objects.get(network_id="<bad@example.com>").text
        == "Necesito informaci\ufffdn \ufffd\ufffd urgente"
    )
    html = Message.objects.get(network_id="<html@example.com>").text
    assert html == "Buen día\n\nMi PQRS"


def test_renumbered_folder_is_reread_without_duplicates(mail, box):
    inst = box.credentials["from_address"]
    send(mail, inst, "uno", Subject="Uno", Message_ID="<r1@example.com>")
    send(mail, inst, "sin id", Subject="Sin Message-ID")
    assert poll(box) == 2
    box.refresh_from_db()
    real = box.cursor["uidvalidity"]
    # The server renumbered the folder (new UIDVALIDITY): everything is read again.
    Channel.objects.filter(pk=box.pk).update(cursor={"uidvalidity": real + 1, "uid": 99})
    assert poll(box) == 0
    box.refresh_from_db()
    assert box.cursor == {"uidvalidity": real, "uid": 2}
    assert Message.objects.filter(channel=box).count() == 2


def test_batches_never_move_cursor_past_unread_mail(mail, box, monkeypatch):
    monkeypatch.setattr(email_adapter, "BATCH", 2)
    inst = box.credentials["from_address"]
    for i in range(5):
        send(mail, inst, f"mensaje {i}", Subject=f"M{i}", Message_ID=f"<b{i}@example.com>")
    first = box.adapter.fetch({})
    assert [m.network_id for m in first.messages] == ["<b0@example.com>", "<b1@example.com>"]
    assert first.more is True
    assert first.cursor["uid"] == 2
    assert poll(box) == 5
    box.refresh_from_db()
    assert box.cursor["uid"] == 5


def test_mail_without_sender_is_skipped_and_the_rest_kept(mail, box):
    inst = box.credentials["from_address"]
    deliver_bytes(
        mail, inst, b"Subject: nadie\r\nMessage-ID: <nobody@example.com>\r\n\r\nsin remitente\r\n"
    )
    send(mail, inst, "con remitente", Subject="Bien", Message_ID="<ok@example.com>")
    assert poll(box) == 1
    box.refresh_from_db()
    assert box.cursor["uid"] == 2
    assert list(Message.objects.filter(channel=box).values_list("network_id", flat=True)) == [
        "<ok@example.com>"
    ]


def test_wrong_password_is_refused_with_clear_message(tmp_path, org, agent):
    # A server of its own: Dovecot slows down every later login from an address that failed one.
    with start_mail(tmp_path) as mail, pytest.raises(ChannelError) as info:
        connect_channel(
            organization=org,
            actor=agent.user,
            kind="email",
            name="Correo",
            credentials=credentials(mail, "atencion0@ifp.example", password="la-mala"),
        )
    # One fixed sentence: the server's own words are never echoed (they go to the log).
    assert "credenciales" in str(info.value) or "credentials" in str(info.value)
    assert not Channel.objects.filter(kind="email").exists()


def test_unreachable_server_keeps_cursor_and_records_error(mail, box):
    creds = credentials(mail, box.credentials["from_address"], imap_port=str(free_port()))
    box.set_credentials(creds)
    box.cursor = {"uidvalidity": 5, "uid": 3}
    box.save()
    assert poll(box) == 0
    box.refresh_from_db()
    assert box.cursor == {"uidvalidity": 5, "uid": 3}
    assert "IMAP" in box.last_error


def test_refused_recipient_marks_reply_failed(mail, box, agent, django_capture_on_commit_callbacks):
    inst = box.credentials["from_address"]
    send(
        mail,
        inst,
        "Hola",
        sender="desconocido@example.com",
        Subject="X",
        Message_ID="<x@example.com>",
    )
    poll(box)
    conv = Conversation.objects.get(channel=box)
    with django_capture_on_commit_callbacks(execute=True):
        reply = send_reply(
            conversation=conv, membership=agent, text="Respuesta", expected_version=conv.version
        )
    reply.refresh_from_db()
    assert reply.send_status == SendStatus.FAILED
    assert "desconocido@example.com" in reply.send_error
