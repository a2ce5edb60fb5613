"""What triage needs to know beyond a message's text before it may call it spam: the link
targets the network gave, the institution's own domains, whether the sender wrote before,
and whether other accounts sent the same text lately. Read in a few queries per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count

from dialogo.core.models import Organization
from dialogo.inbox.models import Direction, Message
from dialogo.triage.ml.normalize import normalize
from dialogo.triage.models import TriageSettings

#: How many of the organization's latest inbound messages a new one is compared with when
#: looking for the same text from several accounts (a campaign's copies arrive together).
RECENT = 500
#: Shorter texts ("gracias", "👍") are sent alike by many people and prove nothing.
MIN_COPY_CHARS = 25


def has_links_field() -> bool:
    """Whether messages store the network's link targets (``Message.links``)."""
    return any(f.name == "links" for f in Message._meta.get_fields())


def own_domains(organization: Organization) -> tuple[str, ...]:
    """The institution's own domains: those set on the triage settings page and the domain
    of its contact e-mail."""
    domains = list(TriageSettings.domains_of(organization))
    email = organization.contact_email or ""
    if "@" in email:
        domains.append(email.rsplit("@", 1)[1].lower())
    return tuple(dict.fromkeys(d for d in domains if d))


def sender_history(message_ids: Sequence[int], author_ids: Sequence[int | None]) -> dict[int, int]:
    """How many other inbound messages each author has sent (one query)."""
    authors = {a for a in author_ids if a is not None}
    if not authors:
        return {}
    counts = (
        Message.objects.filter(author_id__in=authors, direction=Direction.IN)
        .exclude(pk__in=list(message_ids))
        .values("author_id")
        .annotate(n=Count("id"))
    )
    return {row["author_id"]: row["n"] for row in counts}


def copies(
    organization: Organization, texts: Sequence[str], author_ids: Sequence[int | None]
) -> list[int]:
    """For each text, how many distinct accounts sent the same text (normalised) among the
    organization's latest inbound messages and this batch."""
    by_text: dict[str, set[Any]] = defaultdict(set)
    keys = [normalize(t) if len(t) >= MIN_COPY_CHARS else "" for t in texts]
    for key, author in zip(keys, author_ids, strict=True):
        if key:
            by_text[key].add(author)
    if by_text:
        recent = (
            Message.objects.filter(organization=organization, direction=Direction.IN)
            .order_by("-id")
            .values_list("text", "author_id")[:RECENT]
        )
        for text, author in recent:
            if len(text) >= MIN_COPY_CHARS:
                key = normalize(text)
                if key in by_text:
                    by_text[key].add(author)
    return [len(by_text[k]) if k else 0 for k in keys]


def batch_copies(texts: Sequence[str], author_ids: Sequence[int | None]) -> list[int]:
    """:func:`copies` within one batch only (an import: the batch is the recent past)."""
    by_text: dict[str, set[Any]] = defaultdict(set)
    keys = [t.strip().lower() if len(t) >= MIN_COPY_CHARS else "" for t in texts]
    for key, author in zip(keys, author_ids, strict=True):
        if key:
            by_text[key].add(author)
    return [len(by_text[k]) if k else 0 for k in keys]
