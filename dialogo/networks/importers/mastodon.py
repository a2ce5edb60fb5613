"""Mastodon's account export: `outbox.json`, an ActivityStreams OrderedCollection of the
account's own Create (a post) and Announce (a boost) activities, with `actor.json` beside it.

Every post in an outbox is the institution's own, so each is stored as outbound; a citizen's
reply to it, fetched later by the connector, joins its conversation through `inReplyTo`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.importers.archive import ArchiveFile, open_text
from dialogo.networks.importers.common import BadValue, as_str, html_to_text, parse_iso
from dialogo.networks.importers.jsonstream import Broken, NotFound, iter_key_arrays
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected, Skipped
from dialogo.networks.links import html_links

ITEMS = ("orderedItems",)
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}


def sniff(head: str) -> bool:
    return head.lstrip().startswith("{") and (
        '"orderedItems"' in head or ('"OrderedCollection"' in head and "activitystreams" in head)
    )


def parse(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    member = None
    if archive.is_bundle:
        found = archive.find("outbox.json")
        if not found:
            raise ArchiveError(_("This is not a Mastodon export: the zip has no outbox.json."))
        member = found[0]
    if not sniff(archive.head(member)):
        raise ArchiveError(
            _("This is not a Mastodon export: outbox.json is not an ActivityStreams collection.")
        )
    account = _actor(archive, account)
    return itertools.islice(_records(archive, member, account), skip, None)


def _actor(archive: ArchiveFile, account: Account) -> Account:
    """The account from actor.json (in the zip or beside outbox.json), unless the channel
    already says."""
    if account.external_id:
        return account
    text = archive.side_file("actor.json")
    try:
        actor = json.loads(text) if text else None
    except ValueError:
        actor = None
    if not isinstance(actor, dict) or not as_str(actor.get("id")):
        return account
    return Account(
        external_id=as_str(actor.get("id")),
        handle=as_str(actor.get("preferredUsername")) or account.handle,
        name=as_str(actor.get("name")) or account.name,
    )


def _records(archive: ArchiveFile, member: str | None, account: Account) -> Iterator[Record]:
    with open_text(archive, member) as stream:
        try:
            for index, item in enumerate(iter_key_arrays(stream, ITEMS)):
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
        return Skipped("a boost of another account's post: no text of ours to import", where)
    note = item.get("object")
    if kind != "Create" or not isinstance(note, dict):
        return Rejected(f"unsupported activity type {as_str(kind)[:30]!r}", where)
    try:
        return _note(note, item, account)
    except BadValue as exc:
        return Rejected(str(exc), where)
    except (AttributeError, TypeError, ValueError) as exc:  # a field of an unexpected shape
        return Rejected(f"unexpected structure: {exc}"[:200], where)


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
    content = as_str(note.get("content"))
    warning = as_str(note.get("summary")).strip()
    poll = _poll(note)
    attachments = _attachments(note.get("attachment"))
    raw: dict[str, Any] = {
        "source": "mastodon-outbox",
        "uri": uri,
        "url": as_str(note.get("url")),
        "conversation": as_str(note.get("conversation")),
    }
    if warning:
        raw["content_warning"] = warning
    if note.get("sensitive") is True:
        raw["sensitive"] = True
    if poll:
        raw["poll"] = poll
    if attachments:
        raw["attachments"] = attachments
    return InboundMessage(
        network_id=network_id,
        author=InboundAuthor(
            external_id=account.external_id or actor,
            handle=account.handle,
            display_name=account.name,
        ),
        text=readable_text(html_to_text(content), warning, poll),
        created_at=parse_iso(note.get("published") or activity.get("published"), "published"),
        in_reply_to_network_id=local_status_id(as_str(note.get("inReplyTo")), home),
        # A content warning reads like a subject line.
        subject=warning,
        is_private=not (audience & PUBLIC) and not followers,
        raw=raw,
        from_institution=True,
        links=html_links(content),
    )


def readable_text(text: str, warning: str, poll: dict[str, Any] | None) -> str:
    """The post as people saw it: its content warning first ("CW: …"), then the text, then
    the poll's options, one a line ("○" one choice, "☐" several)."""
    parts = [f"CW: {warning}"] if warning else []
    if text:
        parts.append(text)
    if poll:
        mark = "☐" if poll["multiple"] else "○"
        parts.append("\n".join(f"{mark} {option['name']}" for option in poll["options"]))
    return "\n\n".join(parts)


def _poll(note: dict[str, Any]) -> dict[str, Any] | None:
    """A Question's options (`oneOf`, or `anyOf` for several choices) with their votes."""
    multiple = isinstance(note.get("anyOf"), list)
    choices = note.get("anyOf") if multiple else note.get("oneOf")
    if not isinstance(choices, list):
        return None
    options = []
    for choice in choices:
        if not isinstance(choice, dict) or not as_str(choice.get("name")).strip():
            continue
        replies = choice.get("replies")
        votes = replies.get("totalItems") if isinstance(replies, dict) else None
        options.append(
            {
                "name": as_str(choice["name"]).strip(),
                "votes": votes if isinstance(votes, int) else None,
            }
        )
    if not options:
        return None
    return {"multiple": multiple, "options": options, "closes": as_str(note.get("endTime"))}


def _attachments(value: Any) -> list[dict[str, str]]:
    """Media attached to a post: kind, file (a path inside the export, or a URL), alt text."""
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return [
        {
            "type": as_str(a.get("mediaType") or a.get("type")),
            "url": as_str(a.get("url")),
            "description": as_str(a.get("name")),
        }
        for a in items
        if isinstance(a, dict)
    ]


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [as_str(v) for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []
