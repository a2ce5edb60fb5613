"""Mastodon's account export: `outbox.json`, an ActivityStreams OrderedCollection of the
account's own Create (a post) and Announce (a boost) activities, with `actor.json` beside it.

Every post in an outbox is the institution's own, so each is stored as outbound; a citizen's
reply to it, fetched later by the connector, joins its conversation through `inReplyTo`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.importers.archive import ArchiveFile, open_text
from dialogo.networks.importers.common import BadValue, as_str, html_to_text, parse_iso
from dialogo.networks.importers.jsonstream import Broken, NotFound, iter_array
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected

ITEMS = re.compile(r'"orderedItems"\s*:')
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}


def sniff(head: str) -> bool:
    return head.lstrip().startswith("{") and (
        '"orderedItems"' in head or ('"OrderedCollection"' in head and "activitystreams" in head)
    )


def parse(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    member = None
    if archive.zip is not None:
        found = archive.find("outbox.json")
        if not found:
            raise ArchiveError(_("This is not a Mastodon export: the zip has no outbox.json."))
        member = found[0]
        account = _actor(archive, account)
    if not sniff(archive.head(member)):
        raise ArchiveError(
            _("This is not a Mastodon export: outbox.json is not an ActivityStreams collection.")
        )
    return itertools.islice(_records(archive, member, account), skip, None)


def _actor(archive: ArchiveFile, account: Account) -> Account:
    """The account from actor.json (small: read whole), unless the channel already says."""
    found = archive.find("actor.json")
    if account.external_id or not found or archive.zip is None:
        return account
    try:
        actor = json.loads(archive.zip.read(found[0])[: 4 << 20])
    except (ValueError, OSError):
        return account
    return Account(
        external_id=as_str(actor.get("id")),
        handle=as_str(actor.get("preferredUsername")) or account.handle,
        name=as_str(actor.get("name")) or account.name,
    )


def _records(archive: ArchiveFile, member: str | None, account: Account) -> Iterator[Record]:
    with open_text(archive, member) as stream:
        try:
            for index, item in enumerate(iter_array(stream, ITEMS)):
                where = f"item {index + 1}"
                if isinstance(item, Broken):
                    reason = (
                        "truncated: the file ends in the middle of this item"
                        if item.truncated
                        else (f"invalid JSON: {item.detail}; the rest of the file is not read")
                    )
                    yield Rejected(reason, where)
                    return
                yield _activity(item, account, where)
        except NotFound:
            yield Rejected("no orderedItems array in outbox.json", "file")


def _activity(item: Any, account: Account, where: str) -> Record:
    if not isinstance(item, dict):
        return Rejected("not an activity object", where)
    kind = item.get("type")
    if kind == "Announce":
        return Rejected("a boost of another account's post: no text of ours to import", where)
    note = item.get("object")
    if kind != "Create" or not isinstance(note, dict):
        return Rejected(f"unsupported activity type {as_str(kind)[:30]!r}", where)
    try:
        return _note(note, item, account)
    except BadValue as exc:
        return Rejected(str(exc), where)


def local_status_id(uri: str, home: str) -> str:
    """The API's status id for a status URI of the same instance (".../statuses/123" → "123"),
    so an imported post and the same post seen by the connector share one network id.
    URIs of other instances stay as they are: their local ids mean nothing here."""
    parsed = urlsplit(uri)
    tail = parsed.path.rstrip("/").rsplit("/", 1)[-1]
    if parsed.netloc and parsed.netloc == home and "/statuses/" in parsed.path and tail.isdigit():
        return tail
    return uri


def _note(note: dict[str, Any], activity: dict[str, Any], account: Account) -> InboundMessage:
    uri = as_str(note.get("id"))
    if not uri:
        raise BadValue("post without id")
    home = urlsplit(uri).netloc
    network_id = local_status_id(uri, home)
    actor = as_str(activity.get("actor") or note.get("attributedTo"))
    audience = set(_list(note.get("to"))) | set(_list(note.get("cc")))
    followers = any(a.endswith("/followers") for a in audience)
    return InboundMessage(
        network_id=network_id,
        author=InboundAuthor(
            external_id=account.external_id or actor,
            handle=account.handle,
            display_name=account.name,
        ),
        text=html_to_text(as_str(note.get("content"))),
        created_at=parse_iso(note.get("published") or activity.get("published"), "published"),
        in_reply_to_network_id=local_status_id(as_str(note.get("inReplyTo")), home),
        # A content warning reads like a subject line.
        subject=as_str(note.get("summary")),
        is_private=not (audience & PUBLIC) and not followers,
        raw={
            "source": "mastodon-outbox",
            "uri": uri,
            "url": as_str(note.get("url")),
            "conversation": as_str(note.get("conversation")),
        },
        from_institution=True,
    )


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [as_str(v) for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []
