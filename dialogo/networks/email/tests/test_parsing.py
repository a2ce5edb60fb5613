"""Raw e-mail to InboundMessage: threading headers, charsets, HTML."""

from email.message import EmailMessage

from dialogo.networks.email.parsing import body_text, html_to_text, to_inbound


def build(body: str = "Hola", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Lucía Prueba <Lucia@Example.com>")
    message["To"] = "atencion@ifp.example"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def parse(content: bytes, own: str = "atencion@ifp.example"):
    return to_inbound(content, uid="7", uidvalidity=42, own_address=own)


def test_threading_headers_map_to_parent_and_root():
    inbound = parse(
        build(
            Message_ID="<c3@example.com>",
            In_Reply_To="<c2@example.com>",
            References="<c1@example.com> <c2@example.com>",
            Subject="Re: Certificado",
        )
    )
    assert inbound.network_id == "<c3@example.com>"
    assert inbound.in_reply_to_network_id == "<c2@example.com>"
    assert inbound.thread_root_network_id == "<c1@example.com>"
    assert inbound.author.email == "lucia@example.com"
    assert inbound.author.display_name == "Lucía Prueba"
    assert inbound.is_private is True
    assert inbound.raw["uid"] == "7"


def test_mail_without_message_id_gets_a_stable_digest():
    content = build(Subject="Sin id")
    assert parse(content).network_id == parse(content).network_id
    assert parse(content).network_id.startswith("sha256:")


def test_encoded_subject_is_decoded():
    inbound = parse(build(Subject="=?utf-8?q?Solicitud_de_informaci=C3=B3n?="))
    assert inbound.subject == "Solicitud de información"


def test_unknown_charset_is_decoded_with_replacement():
    content = (
        b"From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\n"
        b"caf\xe9 y m\xe1s\r\n"
    )
    assert body_text_of(content) == "caf\ufffd y m\ufffds"


def body_text_of(content: bytes) -> str:
    return parse(content).text


def test_html_only_mail_becomes_text_without_script():
    markup = (
        "<html><head><style>p{color:red}</style></head><body><p>Buenos d&iacute;as</p>"
        "<script>alert('x')</script><div>Necesito <b>ayuda</b></div></body></html>"
    )
    assert html_to_text(markup) == "Buenos días\n\nNecesito ayuda"


def test_plain_part_is_preferred_over_html():
    message = EmailMessage()
    message["From"] = "a@example.com"
    message.set_content("texto plano")
    message.add_alternative("<p>html</p>", subtype="html")
    assert body_text(message) == "texto plano"


def test_own_address_is_marked_as_institution():
    assert parse(build(From="atencion@ifp.example")).from_institution is True
    assert parse(build()).from_institution is False


def test_subject_with_encoded_line_breaks_comes_in_on_one_line():
    content = (
        b"From: Ana <ana@example.com>\r\nTo: atencion@ifp.example\r\n"
        b"Subject: =?utf-8?q?Hola=0D=0ABcc:_x@example.net?=\r\n\r\nHola\r\n"
    )
    inbound = parse(content)
    assert inbound.subject == "Hola Bcc: x@example.net"
    assert inbound.raw["subject"] == "Hola Bcc: x@example.net"


def test_reply_subject_is_one_line_even_from_old_data():
    from types import SimpleNamespace

    from dialogo.networks.base import OutboundReply
    from dialogo.networks.email.adapter import EmailAdapter

    parent = SimpleNamespace(raw={"subject": "Hola\r\nBcc: x@example.net", "reply_to": "a@b.co"})
    conversation = SimpleNamespace(
        author=SimpleNamespace(external_id="a@b.co"),
        subject="",
        organization=SimpleNamespace(name="Instituto"),
    )
    reply = OutboundReply(text="Respuesta", in_reply_to=parent, conversation=conversation)
    conf = SimpleNamespace(from_address="atencion@ifp.example")
    adapter = EmailAdapter.__new__(EmailAdapter)  # composing needs no channel nor server
    message = adapter._compose(reply, conf)
    assert message["Subject"] == "Re: Hola Bcc: x@example.net"
    assert message["Bcc"] is None
