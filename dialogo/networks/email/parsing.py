"""Turning a raw e-mail (bytes, as the IMAP server holds it) into an InboundMessage.

Mail from the public is often malformed: unknown or wrong charsets, HTML only, scripts in
HTML, missing dates. Everything here decodes with replacement instead of failing, and HTML
becomes plain text (script and style contents dropped) so nothing active is ever stored.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.policy
import hashlib
import html
import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

from dialogo.inbox.services import MAX_TEXT
from dialogo.networks.base import InboundAuthor, InboundMessage

MSGID_RE = re.compile(r"<[^<>\s]+>")
MAX_BODY = 400_000  # characters of text kept (the inbox stores the first 100,000)


class MissingField(ValueError):
    """The message lacks something the inbox needs (e.g. a sender): it is skipped."""


# --- headers --------------------------------------------------------------------------------


def header_text(message: Message, name: str) -> str:
    """A header decoded from RFC 2047 words, unfolded; '' when absent or undecodable."""
    value = message.get(name)
    if value is None:
        return ""
    raw = str(value)
    try:
        text = str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError, TypeError):
        text = raw
    return " ".join(text.replace("\x00", "").split())  # one line: no CR/LF reaches a header


def message_ids(value: str) -> list[str]:
    """Message-IDs in a Message-ID / In-Reply-To / References header, in order."""
    return MSGID_RE.findall(value or "")


def parse_date(message: Message) -> dt.datetime:
    """The Date header in UTC; now when missing, unreadable or in the future."""
    now = dt.datetime.now(dt.UTC)
    try:
        when = parsedate_to_datetime(header_text(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return now
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(when.astimezone(dt.UTC), now)


# --- bodies ---------------------------------------------------------------------------------


def decode_part(part: Message) -> str:
    """A part's text, decoded with its declared charset (or UTF-8), bad bytes replaced."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    text = payload.decode(charset, errors="replace").replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _TextExtractor(HTMLParser):
    """HTML to plain text: tags dropped, block ends become line breaks, scripts vanish."""

    SKIP = {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}
    BREAK = {
        "br",
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # hopeless markup: keep the words, not the tags
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def body_text(message: Message) -> str:
    """The message's text: the first text/plain part, else the first text/html as text."""
    plain = html_part = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html_part is None:
            html_part = part
    if plain is not None:
        return decode_part(plain).strip()[:MAX_BODY]
    if html_part is not None:
        return html_to_text(decode_part(html_part)[: MAX_BODY * 4])[:MAX_BODY]
    return ""


# --- the whole message ------------------------------------------------------------------------


def fallback_id(content: bytes) -> str:
    """For mail without a Message-ID: a digest of its bytes, stable across UIDVALIDITY changes."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def to_inbound(content: bytes, *, uid: str, uidvalidity: int, own_address: str) -> InboundMessage:
    """Normalise one raw e-mail; raises MissingField when it has no usable sender."""
    message = email.message_from_bytes(content, policy=email.policy.compat32)
    name, address = parseaddr(header_text(message, "Reply-To") or header_text(message, "From"))
    from_name, from_address = parseaddr(header_text(message, "From"))
    if "@" not in from_address:
        raise MissingField("no sender address in From")
    reply_to = address if "@" in address else from_address
    ids = message_ids(header_text(message, "Message-ID"))
    network_id = ids[0] if ids else fallback_id(content)
    parents = message_ids(header_text(message, "In-Reply-To"))
    references = message_ids(header_text(message, "References"))
    subject = header_text(message, "Subject")
    own = own_address.strip().lower()
    text = body_text(message)
    raw = {
        "message_id": ids[0] if ids else "",
        "references": references[-20:],
        "reply_to": reply_to.lower(),
        "to": [a for _n, a in getaddresses(message.get_all("To", []))][:20],
        "subject": subject,
        "uid": uid,
        "uidvalidity": uidvalidity,
        "size": len(content),
    }
    if len(text) > MAX_TEXT:
        raw["text_rest"] = text[MAX_TEXT:]  # the inbox keeps the first MAX_TEXT characters
    return InboundMessage(
        network_id=network_id[:255],
        author=InboundAuthor(
            external_id=from_address.lower(),
            handle=from_address.lower(),
            display_name=from_name or name or from_address,
            email=from_address.lower(),
        ),
        text=text,
        created_at=parse_date(message),
        in_reply_to_network_id=(parents[-1] if parents else (references[-1] if references else "")),
        thread_root_network_id=references[0] if references else (parents[0] if parents else ""),
        subject=subject,
        is_private=True,
        from_institution=bool(own) and from_address.lower() == own,
        raw=raw,
    )
