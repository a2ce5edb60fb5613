"""The contract every network adapter implements (see CONTRIBUTING.md to add one).

An adapter wraps one Channel. Inbound: `fetch` returns normalised messages newer than the
stored cursor plus the cursor to store once they are saved. Outbound: `send` publishes a
reply and returns the network's id for it. Errors are raised as `AdapterError` subclasses so
the worker can retry, back off or mark the channel.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

# Every character Python or a mail server may take for the end of a line.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def single_line(value: str) -> str:
    """A value bound for a message header (a subject, a name, an address) on one line: line
    breaks become a space, so a citizen's text can never add a header ("Hola\\r\\nBcc: …")
    nor make every reply to it fail. Applied at intake, and again when sending."""
    return _LINE_BREAKS.sub(" ", value or "").strip()


class AdapterError(Exception):
    """A failure talking to the network; `retry_after` (seconds) when the network said so."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class AuthError(AdapterError):
    """Credentials rejected, expired or revoked: the channel needs its administrator."""

    def __init__(self, message: str):
        super().__init__(message, permanent=True)


@dataclass
class InboundAuthor:
    external_id: str
    handle: str = ""
    display_name: str = ""
    email: str = ""
    # What the network tells about the account, when it does (spam signals for triage):
    # when it was created, whether it has a profile picture, how many follow it.
    account_created_at: dt.datetime | None = None
    has_avatar: bool | None = None
    followers: int | None = None


@dataclass
class InboundMessage:
    """A citizen's message as every adapter normalises it."""

    network_id: str
    author: InboundAuthor
    text: str
    created_at: dt.datetime
    in_reply_to_network_id: str = ""
    thread_root_network_id: str = ""
    subject: str = ""
    is_private: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    # Upstream changes to a message already stored: an edit carries the new text and its
    # time; a deletion only the network id. The record is kept either way, and marked.
    edited_at: dt.datetime | None = None
    deleted: bool = False
    # True for the institution's own posts (archives hold them too): stored as outbound.
    from_institution: bool = False
    # The real targets of the links in the message, as the network gives them (X's expanded
    # t.co links, Bluesky link facets, Mastodon cards and links): triage reads them.
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    """An item that could not be imported; `where` is a line, an item number or a byte offset."""

    reason: str
    where: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "where": self.where}


@dataclass
class OutboundReply:
    text: str
    in_reply_to: Any  # the Message being answered (inbound), or None for a new post
    conversation: Any
    idempotency_key: str = ""


@dataclass
class SendResult:
    network_id: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class FetchResult:
    messages: list[InboundMessage]
    cursor: dict[str, Any]
    more: bool = False


class BaseAdapter:
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    can_fetch: ClassVar[bool] = True
    can_send: ClassVar[bool] = True
    # Fields an administrator fills in to connect the channel: (name, label, is_secret) and
    # optionally a 4th item {"required": False, "choices": [(value, label)], "help": "…"}.
    credential_fields: ClassVar[list[tuple]] = []

    def __init__(self, channel: Any) -> None:
        self.channel = channel

    def read_notice(self) -> str:
        """A plain sentence for the channel page when this account cannot read (plan limits)."""
        return ""

    def check_credentials(self) -> str:
        """Verify the credentials against the network; return the account handle."""
        return self.channel.handle

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        raise NotImplementedError

    def send(self, reply: OutboundReply) -> SendResult:
        raise NotImplementedError

    def follower_count(self) -> int | None:
        return None

    #: The moderation acts this adapter carries out on the network ("hide", "report",
    #: "delete"); the others are only recorded in Diálogo and done there by hand.
    moderation_actions: ClassVar[frozenset[str]] = frozenset()

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        """Carry out ``action`` ("hide", "report" or "delete") on the citizen's inbound
        ``message`` (an inbox Message: ``network_id``, ``raw``, ``author``); ``reason`` is the
        policy clause cited ("3. Respeto"), for networks that take one with a report.

        Returns a short plain sentence of what the network did. Raises NotImplementedError
        when the network (or this adapter) cannot do that action: the act is then only
        recorded in Diálogo and staff act on the network by hand. Failures talking to the
        network raise AdapterError (with ``retry_after`` on 429), never anything else.
        """
        raise NotImplementedError
