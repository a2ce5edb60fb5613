"""The institution's own web form ("Escríbanos"): messages come from a public page and the
answer goes back by e-mail through Django's e-mail backend."""

from __future__ import annotations

from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogo.networks.base import (
    AdapterError,
    BaseAdapter,
    FetchResult,
    OutboundReply,
    SendResult,
    single_line,
)
from dialogo.networks.registry import register


@register
class WebFormAdapter(BaseAdapter):
    kind = "webform"
    label = gettext_lazy("Web form")
    can_fetch = False  # messages arrive through the public page, not by polling

    def fetch(self, cursor: dict) -> FetchResult:
        return FetchResult(messages=[], cursor=cursor)

    def send(self, reply: OutboundReply) -> SendResult:
        conversation = reply.conversation
        author = conversation.author
        # The typed address is the handle (older submissions also kept it as the id).
        address = author.handle if "@" in author.handle else author.external_id
        if "@" not in address:
            raise AdapterError(
                _("The citizen left no e-mail address to answer to."), permanent=True
            )
        message_id = make_msgid(domain="dialogo.local")
        subject = single_line(conversation.subject) or _("Your message to %(org)s") % {
            "org": conversation.organization.name
        }
        headers = {"Message-ID": message_id}
        parent = reply.in_reply_to.raw.get("message_id") if reply.in_reply_to else None
        if parent:
            headers.update({"In-Reply-To": parent, "References": parent})
        email = EmailMessage(
            subject=f"Re: {subject}",
            body=reply.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=[conversation.organization.contact_email]
            if conversation.organization.contact_email
            else None,
            headers=headers,
        )
        try:
            email.send(fail_silently=False)
        except OSError as exc:
            raise AdapterError(
                _("The e-mail server refused the message: %(error)s") % {"error": exc}
            ) from exc
        return SendResult(network_id=message_id, raw={"message_id": message_id, "to": address})
