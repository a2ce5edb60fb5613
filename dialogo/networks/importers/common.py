"""Small helpers every format shares: times, authors, and cheap sanity limits."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from dialogo.networks.base import InboundAuthor
from dialogo.networks.importers.records import Account

INSTITUTION_ID = "institution"
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)


class BadValue(ValueError):
    """A field with a value the format does not allow; the message is the rejection reason."""


def as_str(value: Any) -> str:
    """A field as text; numbers (ids written as JSON numbers) become their digits."""
    if type(value) is str:  # the common case first: this runs for every field of every row
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip() if isinstance(value, int | float) else str(value)


def parse_iso(value: Any, field: str = "created_at") -> dt.datetime:
    """An ISO 8601 time with a UTC offset ("Z" or "+00:00"); a naive time is refused."""
    text = as_str(value).strip()
    if not text:
        raise BadValue(f"missing {field}")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadValue(f"{field} is not an ISO 8601 time: {text[:40]!r}") from exc
    if moment.tzinfo is None:
        raise BadValue(f"{field} has no UTC offset: {text[:40]!r}")
    return moment


def from_epoch(value: Any, field: str = "timestamp") -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise BadValue(f"{field} is not a Unix time: {as_str(value)[:40]!r}") from exc


def institution(account: Account) -> InboundAuthor:
    """The author of the institution's own posts."""
    return InboundAuthor(
        external_id=account.external_id or account.handle or INSTITUTION_ID,
        handle=account.handle,
        display_name=account.name,
    )


def html_to_text(content: str) -> str:
    """Mastodon's HTML as plain text: paragraphs and line breaks kept, tags dropped."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", content))).strip()
