"""E-mail as a channel: IMAP in (imap-tools), SMTP out (smtplib).

Polling reads the folder read-only (IMAP EXAMINE, BODY.PEEK): Diálogo never marks mail as
read, moves or deletes it, so the mailbox stays as the institution's staff left it. The
cursor is the folder's UIDVALIDITY plus the last UID returned; when the server renumbers the
folder (a new UIDVALIDITY) the whole folder is read again and the inbox's de-duplication by
Message-ID drops what it already has.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import smtplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError, MailboxLoginError
from imap_tools.imap_utf7 import utf7_encode

from dialogo.networks.base import (
    AdapterError,
    AuthError,
    BaseAdapter,
    FetchResult,
    InboundMessage,
    OutboundReply,
    SendResult,
    single_line,
)
from dialogo.networks.email.parsing import MissingField, to_inbound
from dialogo.networks.registry import register

log = logging.getLogger(__name__)
TIMEOUT = 30  # seconds for any one IMAP or SMTP operation
BATCH = 50  # messages per fetch; poll_channel stores each batch before asking for the next
YES = {"1", "yes", "y", "true", "on", "si", "sí", "ssl", "tls"}


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in YES


@dataclass
class MailSettings:
    """The channel's credentials, with defaults by port (993 = SSL, 587 = STARTTLS)."""

    imap_host: str
    imap_port: int
    imap_user: str
    imap_password: str
    imap_security: str  # "ssl", "starttls" or "none"
    imap_folder: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_starttls: bool
    from_address: str

    @classmethod
    def from_credentials(cls, creds: dict[str, Any]) -> MailSettings:
        try:
            imap_port = int(creds.get("imap_port") or 993)
            smtp_port = int(creds.get("smtp_port") or 587)
        except (TypeError, ValueError) as exc:
            raise AuthError(_("The IMAP and SMTP ports must be numbers.")) from exc
        ssl_value = str(creds.get("imap_ssl", "")).strip().lower()
        if ssl_value == "starttls":
            security = "starttls"
        else:
            security = "ssl" if _flag(ssl_value, imap_port == 993) else "none"
        user = str(creds.get("imap_user", ""))
        return cls(
            imap_host=str(creds.get("imap_host", "")),
            imap_port=imap_port,
            imap_user=user,
            imap_password=str(creds.get("imap_password", "")),
            imap_security=security,
            imap_folder=str(creds.get("imap_folder") or "INBOX"),
            smtp_host=str(creds.get("smtp_host") or creds.get("imap_host", "")),
            smtp_port=smtp_port,
            smtp_user=str(creds.get("smtp_user", user)),
            smtp_password=str(creds.get("smtp_password") or creds.get("imap_password", "")),
            smtp_starttls=_flag(creds.get("smtp_starttls"), smtp_port == 587),
            from_address=str(creds.get("from_address") or user),
        )


class _RawMessage(MailMessage):
    """imap-tools' message, keeping the raw bytes (parsed by our own tolerant code)."""

    def __init__(self, fetch_data: list) -> None:
        self.content, self._raw_uid_data, self._raw_flag_data = self._get_message_data_parts(
            fetch_data
        )


@contextlib.contextmanager
def _network_errors(server: str) -> Iterator[None]:
    """Translate library exceptions into the adapter contract's errors."""
    try:
        yield
    except (MailboxLoginError, smtplib.SMTPAuthenticationError) as exc:
        raise AuthError(
            _("The %(server)s server rejected the user name or password.") % {"server": server}
        ) from exc
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise AdapterError(
            _("The %(server)s server refused the address: %(error)s")
            % {"server": server, "error": exc},
            permanent=True,
        ) from exc
    except (ImapToolsError, imaplib.IMAP4.error, smtplib.SMTPException, OSError) as exc:
        raise AdapterError(
            _("The %(server)s server failed: %(error)s")
            % {"server": server, "error": str(exc) or exc.__class__.__name__}
        ) from exc


@register
class EmailAdapter(BaseAdapter):
    kind = "email"
    label = gettext_lazy("E-mail")
    credential_fields = [
        ("imap_host", gettext_lazy("IMAP server"), False, {"server_address": True}),
        ("imap_port", gettext_lazy("IMAP port (993 with SSL, 143 without)"), False),
        (
            "imap_ssl",
            gettext_lazy("IMAP security"),
            False,
            {
                "choices": [
                    ("ssl", "SSL/TLS"),
                    ("starttls", "STARTTLS"),
                    ("none", gettext_lazy("None (local only)")),
                ]
            },
        ),
        ("imap_user", gettext_lazy("IMAP user"), False),
        ("imap_password", gettext_lazy("IMAP password"), True),
        ("smtp_host", gettext_lazy("SMTP server"), False, {"server_address": True}),
        ("smtp_port", gettext_lazy("SMTP port (587 with STARTTLS, 465 with SSL)"), False),
        (
            "smtp_starttls",
            gettext_lazy("SMTP STARTTLS"),
            False,
            {"choices": [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]},
        ),
        ("smtp_user", gettext_lazy("SMTP user"), False, {"required": False}),
        ("smtp_password", gettext_lazy("SMTP password"), True, {"required": False}),
        ("from_address", gettext_lazy("Sender address of the replies"), False),
    ]

    @property
    def settings(self) -> MailSettings:
        return MailSettings.from_credentials(self.channel.credentials)

    # --- connections ------------------------------------------------------------------

    @contextlib.contextmanager
    def _imap(self) -> Iterator[tuple[MailBox, int]]:
        """A logged-in mailbox with the folder EXAMINEd (read-only); yields it and UIDVALIDITY."""
        conf = self.settings
        with _network_errors("IMAP"):
            if conf.imap_security == "ssl":
                box: Any = MailBox(conf.imap_host, conf.imap_port, timeout=TIMEOUT)
            elif conf.imap_security == "starttls":
                box = MailBoxStartTls(conf.imap_host, conf.imap_port, timeout=TIMEOUT)
            else:
                box = MailBoxUnencrypted(conf.imap_host, conf.imap_port, timeout=TIMEOUT)
            box.email_message_class = _RawMessage
            try:
                box.login(conf.imap_user, conf.imap_password, initial_folder=None)
                status, _data = box.client.select(utf7_encode(conf.imap_folder), readonly=True)
                if status != "OK":
                    raise AdapterError(
                        _("The mail folder %(folder)s does not exist.")
                        % {"folder": conf.imap_folder},
                        permanent=True,
                    )
                _typ, validity = box.client.response("UIDVALIDITY")
                yield box, int(validity[0]) if validity and validity[0] else 0
            finally:
                with contextlib.suppress(Exception):
                    box.logout()

    @contextlib.contextmanager
    def _smtp(self) -> Iterator[smtplib.SMTP]:
        conf = self.settings
        context = ssl.create_default_context()
        with _network_errors("SMTP"):
            if conf.smtp_port == 465:
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    conf.smtp_host, conf.smtp_port, timeout=TIMEOUT, context=context
                )
            else:
                server = smtplib.SMTP(conf.smtp_host, conf.smtp_port, timeout=TIMEOUT)
            try:
                if conf.smtp_starttls:
                    server.starttls(context=context)
                if conf.smtp_user:
                    server.login(conf.smtp_user, conf.smtp_password)
                yield server
            finally:
                with contextlib.suppress(Exception):
                    server.quit()

    # --- the contract -------------------------------------------------------------------

    def check_credentials(self) -> str:
        with self._imap():
            pass
        with self._smtp() as server:
            with _network_errors("SMTP"):
                server.noop()
        return self.settings.from_address

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        own = self.settings.from_address
        with self._imap() as (box, validity), _network_errors("IMAP"):
            last = int(cursor.get("uid", 0)) if cursor.get("uidvalidity") == validity else 0
            # "UID n:*" always matches the newest message, even when its UID is below n.
            found = sorted(int(uid) for uid in box.uids(f"UID {last + 1}:*") if int(uid) > last)
            batch = [str(uid) for uid in found[:BATCH]]
            messages: list[InboundMessage] = []
            for item in box.fetch(uid_list=batch, mark_seen=False, bulk=10) if batch else []:
                try:
                    messages.append(
                        to_inbound(
                            item.content, uid=item.uid or "", uidvalidity=validity, own_address=own
                        )
                    )
                except MissingField as exc:
                    log.warning(
                        "e-mail channel %s: skipped UID %s: %s", self.channel.pk, item.uid, exc
                    )
        new_last = int(batch[-1]) if batch else last
        return FetchResult(
            messages=messages,
            cursor={"uidvalidity": validity, "uid": new_last},
            more=len(found) > BATCH,
        )

    def send(self, reply: OutboundReply) -> SendResult:
        conf = self.settings
        message = self._compose(reply, conf)
        with self._smtp() as server, _network_errors("SMTP"):
            server.send_message(message)
        return SendResult(
            network_id=message["Message-ID"],
            raw={
                "message_id": message["Message-ID"],
                "to": message["To"],
                "subject": message["Subject"],
            },
        )

    # --- composing ----------------------------------------------------------------------

    def _compose(self, reply: OutboundReply, conf: MailSettings) -> EmailMessage:
        parent = reply.in_reply_to
        raw = (parent.raw or {}) if parent is not None else {}
        conversation = reply.conversation
        address = raw.get("reply_to") or conversation.author.external_id
        if "@" not in address:
            raise AdapterError(
                _("The citizen left no e-mail address to answer to."), permanent=True
            )
        subject = single_line(raw.get("subject") or conversation.subject)  # stored before the rule
        if not subject:
            subject = _("Your message to %(org)s") % {"org": conversation.organization.name}
        message = EmailMessage()
        message["From"] = formataddr((conversation.organization.name, conf.from_address))
        message["To"] = single_line(address)
        message["Subject"] = subject if re.match(r"(?i)\s*re\s*:", subject) else f"Re: {subject}"
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = self._message_id(reply.idempotency_key, conf.from_address)
        parent_id = raw.get("message_id")
        if parent_id:
            message["In-Reply-To"] = parent_id
            message["References"] = " ".join([*raw.get("references", [])[-10:], parent_id])
        message.set_content(reply.text)
        return message

    @staticmethod
    def _message_id(key: str, from_address: str) -> str:
        """Derived from the reply's idempotency key, so a resend carries the same id."""
        domain = from_address.rpartition("@")[2] or "dialogo.invalid"
        key = re.sub(r"[^A-Za-z0-9._-]", "", key or "")
        return f"<dialogo.{key}@{domain}>" if key else make_msgid(domain=domain)
