"""`{% pqrsd_panel %}`: the PQRSD box on the conversation page (its requests, or a filing form)."""

from __future__ import annotations

from django import template

from dialogo.inbox.models import Direction, Message
from dialogo.pqrsd.forms import FileFromConversationForm
from dialogo.pqrsd.models import Request
from dialogo.pqrsd.queries import with_lights
from dialogo.pqrsd.services import date_in_words

register = template.Library()


@register.inclusion_tag("pqrsd/_conversation_panel.html", takes_context=True)
def pqrsd_panel(context) -> dict:
    conv, organization = context["conv"], context["organization"]
    filed = list(
        Request.objects.filter(organization=organization, conversation=conv).select_related("type")
    )
    # Newest first: the select preselects the latest message not filed yet.
    inbound = (
        Message.objects.filter(conversation=conv, direction=Direction.IN)
        .exclude(pqrsd_request__isnull=False)
        .order_by("-created_at", "-id")
    )
    form = FileFromConversationForm(organization=organization, messages=inbound)
    return {
        "conv": conv,
        "organization": organization,
        "caps": context.get("caps", {}),
        "requests": with_lights(filed, organization),
        "form": form,
        "can_file": conv.last_inbound_at is not None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("pqrsd/_light.html")
def pqrsd_light(req) -> dict:
    return {"req": req, "light": getattr(req, "light", None)}


@register.filter
def date_words(day) -> str:
    """'19 de enero de 2027': the deadline as the citizen reads it."""
    return date_in_words(day)
