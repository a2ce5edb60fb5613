"""Small pieces of the desk's look: icons from the static sprite, initials avatars, network
logos and due times as people say them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

NETWORK_LOGOS = {"bluesky", "mastodon", "x", "facebook", "wordpress", "email", "webform"}
NETWORK_LOGOS |= {"whatsapp", "instagram"}


@lru_cache(maxsize=1)
def sprite() -> str:
    """The sprite's address (hashed in production): the same for the whole process."""
    return static("dialogo-icons/icons.svg")


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """An icon from the sprite; decorative unless ``label`` names it."""
    aria = format_html(' role="img" aria-label="{}"', label) if label else ' aria-hidden="true"'
    return format_html(
        '<svg class="icon"{} focusable="false"><use href="{}#{}"></use></svg>',
        mark_safe(aria),  # noqa: S308 - built by format_html above
        sprite(),
        name,
    )


def network_logo_html(kind: str, label: str) -> str:
    """The network's logo with its name for screen readers (kind and label are escaped)."""
    name = kind if kind in NETWORK_LOGOS else "webform"
    return (
        f'<span class="net net-{escape(name)}"><svg class="icon" role="img" '
        f'aria-label="{escape(label)}" focusable="false"><use href="{escape(sprite())}'
        f'#net-{escape(name)}"></use></svg></span>'
    )


@register.simple_tag
def network_logo(channel) -> SafeString:
    return mark_safe(network_logo_html(channel.kind, channel.kind_label))  # noqa: S308


def initials(name: str) -> str:
    """Up to two initials of a name or handle ("Rocío Parra" → "RP", "@sub_ya" → "S")."""
    words = [w for w in name.replace("@", " ").replace("_", " ").replace(".", " ").split() if w]
    letters = [w[0] for w in words if w[0].isalnum()][:2]
    return "".join(letters).upper() or "?"


def avatar_html(name: str) -> str:
    """Initials on a colour picked from the name, so a person keeps theirs across pages."""
    hue = sum(map(ord, name)) % 8
    return f'<span class="avatar avatar-{hue}" aria-hidden="true">{escape(initials(name))}</span>'


@register.simple_tag
def avatar(name: str) -> SafeString:
    return mark_safe(avatar_html(name or "?"))  # noqa: S308 - escaped in avatar_html


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        n = max(minutes, 1)
        return ngettext("%(n)d min", "%(n)d min", n) % {"n": n}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def due_text(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "due in 3 h" / "overdue by 2 days", as people say it."""
    delta = (when - (now or timezone.now())).total_seconds()
    if delta >= 0:
        return _("due in %(span)s") % {"span": _span(delta)}
    return _("overdue by %(span)s") % {"span": _span(-delta)}


def ago_text(when: dt.datetime, now: dt.datetime | None = None) -> str:
    return _("%(span)s ago") % {
        "span": _span(max((now or timezone.now()) - when, dt.timedelta()).total_seconds())
    }


def time_html(when: dt.datetime, text: str, fmt: str = "") -> str:
    """A <time> whose hover title gives the exact local date and time (``fmt``: the
    language's DATETIME_FORMAT, looked up once by a caller rendering many)."""
    local = timezone.localtime(when)
    exact = format_date(local, fmt or get_format("DATETIME_FORMAT"))
    return f'<time datetime="{local.isoformat()}" title="{escape(exact)}">{escape(text)}</time>'


@register.simple_tag
def due(when) -> SafeString:
    if not when:
        return mark_safe("—")  # noqa: S308 - a constant
    return mark_safe(time_html(when, due_text(when)))  # noqa: S308 - escaped in time_html


@register.simple_tag
def ago(when) -> SafeString:
    if not when:
        return mark_safe("—")  # noqa: S308 - a constant
    return mark_safe(time_html(when, ago_text(when)))  # noqa: S308 - escaped in time_html


@register.filter
def business_span(seconds) -> str:
    """Business seconds as "45 min" or "3 h"."""
    return _span(float(seconds))


@register.simple_tag
def network_icon(kind: str) -> SafeString:
    """The network's logo beside its written name (decorative: the name is read)."""
    name = kind if kind in NETWORK_LOGOS else "webform"
    return format_html(
        '<span class="net net-{}"><svg class="icon" aria-hidden="true" focusable="false">'
        '<use href="{}#net-{}"></use></svg></span>',
        name,
        sprite(),
        name,
    )
