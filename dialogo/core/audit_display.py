"""The audit log as people read it: each action's name, people's names instead of user
numbers, and a link to the object an entry is about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from dialogo.core.audit import action_label
from dialogo.core.models import AuditEntry, Organization, Topic

#: Where an entry's target opens: URL name, and whether the URL takes the target's pk.
#: URL names, not imports, so core does not depend on the apps above it.
TARGET_URLS: dict[str, tuple[str, bool]] = {
    "inbox.conversation": ("inbox:conversation", True),
    "networks.channel": ("networks:detail", True),
    "moderation.policyclause": ("moderation:edit_clause", True),
    "moderation.alert": ("inbox:inbox", False),  # with ?alert=<pk>: the messages behind it
    "triage.routingrule": ("triage:edit_rule", True),
    "core.organization": ("core:settings", False),
}

#: Details that hold a user's or a topic's number, per action.
PERSON_DETAILS = {"conversation.assign": ("from", "to"), "triage.route": ("to",)}
TOPIC_DETAILS = {"conversation.topic": ("from", "to")}


@dataclass
class AuditRow:
    entry: AuditEntry
    action: str
    target: str
    target_url: str
    details: dict[str, Any]


def rows(entries: Iterable[AuditEntry], organization: Organization) -> list[AuditRow]:
    """One readable row per entry, with two queries at most (the people and topics named)."""
    entries = list(entries)
    people = _names(entries, organization)
    topics = _topics(entries, organization)
    return [
        AuditRow(
            entry=e,
            action=action_label(e.action),
            target=_target_text(e),
            target_url=_target_url(e, organization),
            details=_details(e, people, topics),
        )
        for e in entries
    ]


def _ids(entries: list[AuditEntry], keys: Mapping[str, tuple[str, ...]]) -> set[int]:
    found = set()
    for e in entries:
        for key in keys.get(e.action, ()):
            value = e.details.get(key) if isinstance(e.details, dict) else None
            if isinstance(value, int):
                found.add(value)
    return found


def _names(entries: list[AuditEntry], organization: Organization) -> dict[int, str]:
    ids = _ids(entries, PERSON_DETAILS)
    # Only people of this organization: a number never reveals another's member.
    users = get_user_model().objects.filter(pk__in=ids, memberships__organization=organization)
    return {u.pk: u.get_full_name() or u.get_username() for u in users} if ids else {}


def _topics(entries: list[AuditEntry], organization: Organization) -> dict[int, str]:
    ids = _ids(entries, TOPIC_DETAILS)
    if not ids:
        return {}
    return dict(
        Topic.objects.filter(organization=organization, pk__in=ids).values_list("pk", "name")
    )


def _details(entry: AuditEntry, people: dict[int, str], topics: dict[int, str]) -> dict[str, Any]:
    details = dict(entry.details) if isinstance(entry.details, dict) else {}
    for names, keys in ((people, PERSON_DETAILS), (topics, TOPIC_DETAILS)):
        for key in keys.get(entry.action, ()):
            if isinstance(details.get(key), int):
                details[key] = names.get(details[key], details[key])
    return details


def _target_text(entry: AuditEntry) -> str:
    if not entry.target_type:
        return ""
    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return f"{entry.target_type} {entry.target_id}"
    return f"{str(model._meta.verbose_name).capitalize()} {entry.target_id}"


def _target_url(entry: AuditEntry, organization: Organization) -> str:
    name, with_pk = TARGET_URLS.get(entry.target_type, ("", False))
    if not name or not entry.target_id.isdigit():
        return ""
    kwargs: dict[str, Any] = {"org": organization.slug}
    if with_pk:
        kwargs["pk"] = int(entry.target_id)
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
    return f"{url}?alert={entry.target_id}" if entry.target_type == "moderation.alert" else url
