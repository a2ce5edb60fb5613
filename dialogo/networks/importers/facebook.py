"""A Facebook page export, in the two JSON shapes people actually get (docs/archive-formats.md):

* Meta's "Download your information" (DYI) files: a list of the page's posts
  (`[{"timestamp", "data": [{"post"}], "title"}]`) and `comments.json`
  (`{"comments_v2": [{"timestamp", "data": [{"comment": {"comment", "author"}}]}]}`).
  DYI carries no ids and no links between a comment and its post, so ids are derived from
  the content (stable across re-imports) and each comment is a conversation of its own.
* A Graph API feed dump (`{"data": [post, …]}`, posts with `comments.data`), which has ids
  and threading: a comment joins its post's conversation.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.importers.archive import ArchiveFile, open_text
from dialogo.networks.importers.common import BadValue, as_str, from_epoch, institution, parse_iso
from dialogo.networks.importers.jsonstream import Broken, NotFound, iter_array, iter_key_arrays
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected
from dialogo.networks.links import clean_links

POSTS = re.compile(r"^\s*(?=\[)")
COMMENTS = ("comments_v2", "comments")
FEED = ("data",)
UNKNOWN_USER = "facebook-user-unknown"


_WRAPPED_POSTS = re.compile(r'"(\w{1,60})"\s*:\s*\[\s*\{\s*"timestamp"\s*:')


def shape(head: str) -> str:
    """'posts', 'comments' or 'feed' for a Facebook JSON file, '' for anything else; posts
    kept under a key of an object (`{"status_updates_v2": [...]}`) are 'posts:<key>'."""
    start = head.lstrip()
    if start.startswith("[") and '"timestamp"' in head and ('"post"' in head or '"data"' in head):
        return "posts"
    if not start.startswith("{"):
        return ""
    if re.search(r'^\{\s*"comments(_v2)?"\s*:', start):
        return "comments"
    if re.search(r'"data"\s*:\s*\[', start) and '"created_time"' in head:
        return "feed"
    wrapped = _WRAPPED_POSTS.search(start)
    if wrapped and '"post"' in head and not wrapped.group(1).startswith("comments"):
        return f"posts:{wrapped.group(1)}"
    return ""


def parse(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    members = _members(archive)
    if not members:
        raise ArchiveError(
            _(
                "This is not a Facebook page export: no posts, comments or Graph API feed JSON found."
            )
        )
    parts = [_records(archive, name, kind, account) for name, kind in members]
    return itertools.islice(itertools.chain.from_iterable(parts), skip, None)


def _members(archive: ArchiveFile) -> list[tuple[str | None, str]]:
    if not archive.is_bundle:
        kind = shape(archive.head())
        return [(None, kind)] if kind else []
    found = [(n, shape(archive.head(n))) for n in archive.find(".json")]
    # Posts first, so comments can thread into them when the feed has ids.
    return sorted(((n, k) for n, k in found if k), key=lambda p: (p[1] == "comments", p[0]))


def _records(
    archive: ArchiveFile, member: str | None, kind: str, account: Account
) -> Iterator[Record]:
    label = member or "file"
    with open_text(archive, member) as stream:
        if kind == "posts":
            items = iter_array(stream, POSTS)
        elif kind.startswith("posts:"):
            items = iter_key_arrays(stream, (kind.split(":", 1)[1],))
        else:
            items = iter_key_arrays(stream, COMMENTS if kind == "comments" else FEED)
        try:
            for index, item in enumerate(items):
                where = f"{label}, item {index + 1}"
                if isinstance(item, Broken):
                    yield _broken(item, where)
                    return
                yield from _item(kind, item, account, where)
        except NotFound:
            yield Rejected("the expected list was not found", label)


def _broken(item: Broken, where: str) -> Rejected:
    if item.truncated:
        return Rejected("truncated: the file ends in the middle of this item", where)
    return Rejected(f"invalid JSON: {item.detail}; the rest of the file is not read", where)


def _item(kind: str, item: Any, account: Account, where: str) -> Iterator[Record]:
    if not isinstance(item, dict):
        yield Rejected("not a JSON object", where)
        return
    try:
        if kind.startswith("posts"):
            yield _dyi_post(item, account)
        elif kind == "comments":
            yield _dyi_comment(item, account)
        else:
            yield from _feed_post(item, account, where)
    except BadValue as exc:
        yield Rejected(str(exc), where)
    except (AttributeError, TypeError, ValueError) as exc:  # a field of an unexpected shape
        yield Rejected(f"unexpected structure: {exc}"[:200], where)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:24]


# --- Download your information -------------------------------------------------------------


def fix_text(value: Any) -> str:
    """DYI text as it was written. Facebook writes each UTF-8 byte of a non-ASCII character
    as its own escape ("\\u00c3\\u00b3" for "ó"), so the JSON decodes to mojibake ("Ã³");
    such text is re-read as UTF-8. Text that is not mojibake (any character beyond U+00FF,
    or bytes that are not UTF-8) is kept as it is."""
    text = as_str(value)
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _dyi_links(item: dict[str, Any]) -> list[str]:
    """Links shared with a post or comment: `attachments[].data[].external_context.url`."""
    urls = []
    for attachment in item.get("attachments") or []:
        for data in (attachment.get("data") or []) if isinstance(attachment, dict) else []:
            context = data.get("external_context") if isinstance(data, dict) else None
            if isinstance(context, dict):
                urls.append(fix_text(context.get("url")))
    return clean_links(urls)


def _dyi_post(item: dict[str, Any], account: Account) -> InboundMessage:
    created = from_epoch(item.get("timestamp"))
    text = "\n".join(
        fix_text(d.get("post"))
        for d in item.get("data") or []
        if isinstance(d, dict) and d.get("post")
    )
    if not text and not item.get("attachments"):
        raise BadValue("post without text")
    return InboundMessage(
        # The id hashes the text as the file has it, so imports made before the text was
        # repaired are still recognised.
        network_id=f"fb-dyi-post:{_digest(str(item.get('timestamp')), _raw_post(item))}",
        author=institution(account),
        text=text,
        created_at=created,
        raw={"source": "facebook-dyi", "title": fix_text(item.get("title"))},
        from_institution=True,
        links=_dyi_links(item),
    )


def _raw_post(item: dict[str, Any]) -> str:
    return "\n".join(
        as_str(d.get("post"))
        for d in item.get("data") or []
        if isinstance(d, dict) and d.get("post")
    )


def _dyi_comment(item: dict[str, Any], account: Account) -> InboundMessage:
    data = [
        d["comment"]
        for d in item.get("data") or []
        if isinstance(d, dict) and isinstance(d.get("comment"), dict)
    ]
    if not data:
        raise BadValue("comment without data")
    comment = data[0]
    raw_name, raw_text = as_str(comment.get("author")), as_str(comment.get("comment"))
    name, text = fix_text(raw_name), fix_text(raw_text)
    stamp = comment.get("timestamp") or item.get("timestamp")
    own = not name or account.matches(name)
    author = (
        institution(account)
        if own
        else InboundAuthor(external_id=f"fb-name:{name}", display_name=name)
    )
    return InboundMessage(
        network_id=f"fb-dyi-comment:{_digest(str(stamp), raw_name, raw_text)}",
        author=author,
        text=text,
        created_at=from_epoch(stamp),
        raw={"source": "facebook-dyi", "title": fix_text(item.get("title"))},
        from_institution=own,
        links=_dyi_links(item),
    )


# --- Graph API feed ------------------------------------------------------------------------


def _feed_post(post: dict[str, Any], account: Account, where: str) -> Iterator[Record]:
    post_id = as_str(post.get("id"))
    if not post_id:
        raise BadValue("post without id")
    page_id = account.external_id or as_str((post.get("from") or {}).get("id"))
    yield _feed_message(post, page_id, account, root=post_id, parent="")
    yield from _feed_comments(post, page_id, account, post_id, where)


def _feed_comments(
    node: dict[str, Any], page_id: str, account: Account, root: str, where: str
) -> Iterator[Record]:
    comments = (node.get("comments") or {}).get("data") or []
    for comment in comments:
        if not isinstance(comment, dict) or not comment.get("id"):
            yield Rejected("comment without id", where)
            continue
        parent = as_str((comment.get("parent") or {}).get("id")) or as_str(node.get("id"))
        try:
            yield _feed_message(comment, page_id, account, root=root, parent=parent)
        except BadValue as exc:
            yield Rejected(str(exc), where)
        yield from _feed_comments(comment, page_id, account, root, where)


def _feed_message(
    node: dict[str, Any], page_id: str, account: Account, *, root: str, parent: str
) -> InboundMessage:
    sender = node.get("from") or {}
    sender_id = as_str(sender.get("id"))
    own = bool(sender_id) and sender_id == page_id
    if own:
        author = institution(
            Account(
                external_id=page_id,
                handle=account.handle,
                name=account.name or as_str(sender.get("name")),
            )
        )
    else:
        author = InboundAuthor(
            external_id=sender_id or UNKNOWN_USER,
            display_name=as_str(sender.get("name")) or "Facebook",
        )
    network_id = as_str(node.get("id"))
    attachments = _dict(node.get("attachments"))
    shared = [node.get("link")] + [
        a.get("unshimmed_url") or a.get("url") or _dict(a.get("target")).get("url")
        for a in attachments.get("data") or []
        if isinstance(a, dict)
    ]
    return InboundMessage(
        network_id=network_id,
        author=author,
        text=as_str(node.get("message")),
        created_at=parse_iso(_fb_time(node.get("created_time")), "created_time"),
        in_reply_to_network_id=parent,
        thread_root_network_id=root if root != network_id else "",
        raw={"source": "facebook-graph", "permalink": as_str(node.get("permalink_url"))},
        from_institution=own,
        links=clean_links(shared),
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _fb_time(value: Any) -> str:
    """Graph API times are "2024-03-01T15:04:05+0000": add the colon older Pythons want."""
    text = as_str(value)
    return re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
