"""The inbox rows rendered in Python: at 50 rows a page the template engine cost more than
every query of the page together. Every value from the database goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dialogo.core.templatetags.desk import (
    ago_text,
    avatar_html,
    due_text,
    network_logo_html,
    time_html,
)
from dialogo.inbox.models import Conversation, Message

SENTIMENT_CLASS = {"positivo": "sent-positive", "negativo": "sent-negative"}


def _choice_labels() -> dict:
    from dialogo.triage.models import Classification  # triage sits above the inbox

    def escaped(field) -> dict[str, str]:
        return {value: escape(str(label)) for value, label in field.flatchoices}

    fields = Classification._meta
    return {
        "states": escaped(Conversation._meta.get_field("state")),
        "types": escaped(fields.get_field("message_type")),
        "sentiments": escaped(fields.get_field("sentiment")),
        "datetime": get_format("DATETIME_FORMAT"),
    }


def _kind_label(channel, labels: dict) -> str:
    kinds = labels["kinds"]
    if channel.kind not in kinds:
        kinds[channel.kind] = channel.kind_label
    return kinds[channel.kind]


def _person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _labels(c: Conversation, last: Message | None, labels: dict[str, str]) -> str:
    """Badges: waiting/overdue, the citizen's message type, sentiment, offensive, topic."""
    parts = []
    if c.is_overdue:
        parts.append(f'<span class="badge badge-overdue">{labels["overdue"]}</span>')
    elif c.awaiting_response:
        parts.append(f'<span class="badge badge-unanswered">{labels["unanswered"]}</span>')
    if getattr(c, "delivery_failed", False):
        parts.append(f'<span class="badge failed-badge">{labels["failed"]}</span>')
    found = getattr(last, "classification", None) if last is not None else None
    if found is not None:
        kind = labels["types"].get(found.message_type, found.message_type)
        parts.append(f'<span class="kind">{kind}</span>')
        if found.sentiment in SENTIMENT_CLASS:
            css = SENTIMENT_CLASS[found.sentiment]
            feeling = labels["sentiments"].get(found.sentiment, "")
            parts.append(f'<span class="badge {css}">{feeling}</span>')
        if found.is_offensive:
            parts.append(f'<span class="badge kind-offensive">{labels["offensive"]}</span>')
    if c.topic_id:
        parts.append(f'<span class="tag">{escape(c.topic.name)}</span>')
    return f'<div class="labels">{"".join(parts)}</div>' if parts else ""


def _when(c: Conversation, fmt: str) -> str:
    """The answer's deadline while one is owed, else the last activity, as people say it."""
    if c.awaiting_response and c.response_due_at:
        return time_html(c.response_due_at, due_text(c.response_due_at), fmt)
    return time_html(c.last_activity_at, ago_text(c.last_activity_at), fmt)


def _pick(c: Conversation, author: str, labels: dict[str, str]) -> str:
    if not labels.get("select"):
        return ""
    return (
        f'<td class="pick"><input type="checkbox" name="ids" value="{c.pk}" form="bulk" '
        f'aria-label="{labels["select"]} {escape(author)}"></td>'
    )


def _row(c: Conversation, last: Message | None, base: str, labels: dict[str, str]) -> str:
    subject = f"<strong>{escape(c.subject)}</strong> — " if c.subject else ""
    text = " ".join(last.text.split())[:200] if last is not None else c.snippet
    author = c.author.display_name or c.author.handle
    row_class = ' class="overdue"' if c.is_overdue else ""
    return (
        f'<tr{row_class} data-id="{c.pk}">{_pick(c, author, labels)}'
        f'<td class="who-cell"><div class="who">{avatar_html(author)}<div>'
        f'<span class="who-name">{escape(author)}</span>'
        f"{network_logo_html(c.channel.kind, _kind_label(c.channel, labels))}</div></div></td>"
        f'<td class="subject"><a href="{base}{c.pk}/">{subject}{escape(text)}</a>'
        f"{_labels(c, last, labels)}</td>"
        f'<td class="meta-cell"><span class="cell-label">{labels["state"]}: </span>'
        f'<span class="state state-{c.state}">{labels["states"].get(c.state, "")}</span></td>'
        f'<td class="meta-cell"><span class="cell-label">{labels["assignee"]}: </span>'
        f"{escape(_person(c.assignee)) if c.assignee_id else labels['nobody']}</td>"
        f'<td class="meta-cell"><span class="cell-label">{labels["when"]}: </span>'
        f"{_when(c, labels['datetime'])}</td></tr>"
    )


def inbox_rows(
    rows: Iterable[Conversation],
    conversation_base: str,
    last: dict[int, Message] | None = None,
    selectable: bool = False,
) -> SafeString:
    """The rows of one page; ``selectable`` adds the checkboxes of the bulk actions."""
    labels = {
        key: escape(value)
        for key, value in {
            "overdue": _("Overdue"),
            "unanswered": _("Unanswered"),
            "failed": _("Reply not delivered"),
            "offensive": _("Offensive"),
            "select": _("Select the conversation with"),
            "state": _("State"),
            "assignee": _("Assigned to"),
            "nobody": _("Unassigned"),
            "when": _("Due or last activity"),
        }.items()
    }
    if not selectable:
        labels["select"] = ""
    # Choice labels translated once a page, not once a row (gettext was a third of the time).
    labels.update(_choice_labels())
    labels["kinds"] = {}
    base = escape(conversation_base)
    last = last or {}
    return mark_safe(  # noqa: S308 - escaped above
        "\n".join(_row(c, last.get(c.pk), base, labels) for c in rows)
    )
