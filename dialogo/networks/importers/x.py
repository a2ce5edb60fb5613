"""The X (Twitter) archive: `data/tweets.js` (the account's own posts) and
`data/direct-messages.js` (its DM conversations), from the zip, the extracted folder, or
one extracted file.

Both are JavaScript assignments of one JSON array (`window.YTD.tweets.part0 = [...]`); the
array is streamed element by element. `data/account.js` (in the zip or folder, or beside an
extracted file) names the account, so its posts and its DMs have one author and its own DMs
are told apart from citizens'. Retweets are skipped (the text is someone else's); t.co links
are replaced by their real targets (`entities.urls[].expanded_url`), which become `links`.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.importers.archive import ArchiveFile, open_text
from dialogo.networks.importers.common import BadValue, as_str, institution, parse_iso
from dialogo.networks.importers.jsonstream import Broken, NotFound, iter_array
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected, Skipped
from dialogo.networks.links import clean_links, expand

TWEETS = re.compile(r"window\.YTD\.tweets?\.part\d+\s*=")
DMS = re.compile(r"window\.YTD\.direct_messages\.part\d+\s*=")
ACCOUNT = re.compile(r"window\.YTD\.account\.part\d+\s*=")
_TWEET_FILES = re.compile(r"(^|/)tweets?(-part\d+)?\.js$")
_DM_FILES = re.compile(r"(^|/)direct-messages(-part\d+)?\.js$")
INFER_LOOKAHEAD = 50  # DM conversations read ahead to find the account's own id


def sniff(head: str) -> str:
    """'x' for a tweets file, 'x-dm' for a DM file, '' otherwise."""
    start = head.lstrip()[:200]
    if TWEETS.match(start):
        return "x"
    if DMS.match(start):
        return "x-dm"
    return ""


def zip_members(archive: ArchiveFile) -> tuple[list[str], list[str]]:
    """The tweets and DM files, each in part order (tweets.js, tweets-part1.js, …)."""
    names = archive.names()
    return (
        sorted((n for n in names if _TWEET_FILES.search(n)), key=_part_order),
        sorted((n for n in names if _DM_FILES.search(n)), key=_part_order),
    )


def _part_order(name: str) -> tuple[str, int]:
    folder, _slash, file = name.rpartition("/")
    part = re.search(r"-part(\d+)\.js$", file)
    return folder, int(part.group(1)) if part else 0


def parse_x(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    """A whole archive (zip or folder: tweets then DMs) or one extracted tweets file."""
    if not archive.is_bundle:
        if sniff(archive.head()) == "x-dm":
            return parse_dms(archive, account, skip=skip)
        _require(archive, None, "x")
        account = archive_account(archive, account)
        return itertools.islice(_tweets(archive, None, account), skip, None)
    tweets, dms = zip_members(archive)
    if not tweets and not dms:
        raise ArchiveError(
            _(
                "This is not an X archive: the zip has no data/tweets.js nor data/direct-messages.js."
            )
        )
    account = archive_account(archive, account)
    parts = [_tweets(archive, n, account) for n in tweets] + [
        _dms(archive, n, account) for n in dms
    ]
    return itertools.islice(itertools.chain.from_iterable(parts), skip, None)


def parse_dms(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    if not archive.is_bundle:
        _require(archive, None, "x-dm")
        account = archive_account(archive, account)
        return itertools.islice(_dms(archive, None, account), skip, None)
    _tweets_unused, dms = zip_members(archive)
    if not dms:
        raise ArchiveError(
            _(
                "This is not an X archive with direct messages: no data/direct-messages.js in the zip."
            )
        )
    account = archive_account(archive, account)
    parts = [_dms(archive, n, account) for n in dms]
    return itertools.islice(itertools.chain.from_iterable(parts), skip, None)


def _require(archive: ArchiveFile, member: str | None, kind: str) -> None:
    if sniff(archive.head(member)) != kind:
        what = "data/tweets.js" if kind == "x" else "data/direct-messages.js"
        raise ArchiveError(
            _("This is not an X archive: the file does not start like %(file)s (window.YTD…).")
            % {"file": what}
        )


def archive_account(archive: ArchiveFile, account: Account) -> Account:
    """The account named in data/account.js (in the zip or folder, or beside an extracted
    file), when the channel's settings did not say."""
    if account.external_id:
        return account
    text = archive.side_file("account.js")
    if not text:
        return account
    try:
        for item in iter_array(io.StringIO(text), ACCOUNT):
            info = item.get("account") if isinstance(item, dict) else None
            if isinstance(info, dict) and info.get("accountId"):
                return Account(
                    external_id=as_str(info["accountId"]),
                    handle=as_str(info.get("username")) or account.handle,
                    name=as_str(info.get("accountDisplayName")) or account.name,
                )
    except NotFound:
        pass
    return account


def _elements(archive: ArchiveFile, member: str | None, opening: re.Pattern[str]) -> Iterator[Any]:
    with open_text(archive, member) as stream:
        try:
            yield from iter_array(stream, opening)
        except NotFound:
            yield Broken(0, False, "the file does not start with window.YTD…")


def _broken(item: Broken, member: str | None) -> Rejected:
    where = f"{member or 'file'}, item {item.index + 1}"
    if item.truncated:
        return Rejected("truncated: the file ends in the middle of this item", where)
    return Rejected(f"invalid JSON: {item.detail}; the rest of the file is not read", where)


# --- tweets -------------------------------------------------------------------------------


def _tweets(archive: ArchiveFile, member: str | None, account: Account) -> Iterator[Record]:
    author = institution(account)
    for index, item in enumerate(_elements(archive, member, TWEETS)):
        if isinstance(item, Broken):
            yield _broken(item, member)
            return
        where = f"{member or 'file'}, item {index + 1}"
        try:
            yield _tweet(item, author, where)
        except BadValue as exc:
            yield Rejected(str(exc), where)
        except (AttributeError, TypeError, ValueError) as exc:  # a field of an unexpected shape
            yield Rejected(f"unexpected structure: {exc}"[:200], where)


_RETWEET = re.compile(r"RT @(\w{1,30}):")


def _tweet(item: dict[str, Any], author: InboundAuthor, where: str) -> InboundMessage | Skipped:
    tweet = item.get("tweet", item)
    if not isinstance(tweet, dict):
        raise BadValue("not a tweet object")
    network_id = as_str(tweet.get("id_str") or tweet.get("id"))
    if not network_id:
        raise BadValue("tweet without id_str")
    # The archive keeps the API's HTML escaping (&amp; &lt; &gt;) in the text.
    text = html.unescape(as_str(tweet.get("full_text") or tweet.get("text")))
    retweet = _RETWEET.match(text)
    if retweet or tweet.get("retweeted") is True or tweet.get("retweeted_status"):
        whose = f"@{retweet.group(1)}'s" if retweet else "another account's"
        return Skipped(f"a retweet of {whose} post: no text of ours to import", where)
    entities = _dict(tweet.get("entities"))
    mentions = [
        {
            "id": as_str(m.get("id_str")),
            "handle": as_str(m.get("screen_name")),
            "name": as_str(m.get("name")),
        }
        for m in _dicts(entities.get("user_mentions"))
    ]
    urls = _dicts(entities.get("urls"))
    media = _dicts(_dict(tweet.get("extended_entities")).get("media")) or _dicts(
        entities.get("media")
    )
    pairs = [(u.get("url"), u.get("expanded_url")) for u in urls + media]
    raw: dict[str, Any] = {"source": "x-archive", "mentions": mentions}
    if tweet.get("in_reply_to_screen_name"):
        raw["in_reply_to_handle"] = as_str(tweet["in_reply_to_screen_name"])
    if media:
        raw["media"] = [
            {
                "type": as_str(m.get("type")),
                "url": as_str(m.get("media_url_https") or m.get("media_url")),
                "expanded_url": as_str(m.get("expanded_url")),
                "description": as_str(m.get("ext_alt_text")),
            }
            for m in media
        ]
    return InboundMessage(
        network_id=network_id,
        author=author,
        text=expand(text, pairs),
        created_at=_tweet_time(tweet.get("created_at")),
        in_reply_to_network_id=as_str(
            tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
        ),
        raw=raw,
        from_institution=True,
        # One photo page for several photos: each target once.
        links=clean_links(target for _short, target in pairs),
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _tweet_time(value: Any) -> dt.datetime:
    try:
        return dt.datetime.strptime(as_str(value), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return parse_iso(value)


# --- direct messages ----------------------------------------------------------------------


def _dms(archive: ArchiveFile, member: str | None, account: Account) -> Iterator[Record]:
    items = _elements(archive, member, DMS)
    # The account's own messages have the author its posts have (institution(account)),
    # even when which sender is the account has to be inferred from the DMs themselves.
    author = institution(account)
    if not account.external_id:
        ahead = list(itertools.islice(items, INFER_LOOKAHEAD))
        account = _infer_account(ahead, account)
        items = itertools.chain(ahead, items)
    for index, item in enumerate(items):
        if isinstance(item, Broken):
            yield _broken(item, member)
            return
        where = f"{member or 'file'}, item {index + 1}"
        yield from _dm_conversation(item, account.external_id, author, where)


def _infer_account(items: Iterable[Any], account: Account) -> Account:
    """The id in every conversation (conversationId is "A-B"); failing that, the recipient
    of the first message (citizens usually write first)."""
    pairs = [
        tuple(as_str(i["dmConversation"].get("conversationId")).split("-"))
        for i in items
        if isinstance(i, dict) and isinstance(i.get("dmConversation"), dict)
    ]
    counts = Counter(part for pair in set(pairs) for part in pair if part)
    if len(set(pairs)) >= 2:
        best, seen = counts.most_common(1)[0]
        if seen == len(set(pairs)):
            return Account(external_id=best, handle=account.handle, name=account.name)
    for item in items:
        for event in _events(item):
            return Account(
                external_id=as_str(event.get("recipientId")),
                handle=account.handle,
                name=account.name,
            )
    return account


def _events(item: Any) -> list[dict[str, Any]]:
    conversation = item.get("dmConversation") if isinstance(item, dict) else None
    if not isinstance(conversation, dict):
        return []
    events = conversation.get("messages") or []
    return [
        e["messageCreate"]
        for e in events
        if isinstance(e, dict) and isinstance(e.get("messageCreate"), dict)
    ]


def _dm_conversation(item: Any, own_id: str, author: InboundAuthor, where: str) -> Iterator[Record]:
    conversation = item.get("dmConversation") if isinstance(item, dict) else None
    if not isinstance(conversation, dict):
        yield Rejected("not a dmConversation", where)
        return
    thread = "dm:" + as_str(conversation.get("conversationId"))
    # The archive lists a conversation's messages newest first; store them in order.
    for event in reversed(_events(item)):
        try:
            yield _dm(event, thread, own_id, author)
        except BadValue as exc:
            yield Rejected(str(exc), where)
        except (AttributeError, TypeError, ValueError) as exc:  # a field of an unexpected shape
            yield Rejected(f"unexpected structure: {exc}"[:200], where)


def _dm(event: dict[str, Any], thread: str, own_id: str, author: InboundAuthor) -> InboundMessage:
    network_id = as_str(event.get("id"))
    sender = as_str(event.get("senderId"))
    if not network_id or not sender:
        raise BadValue("direct message without id or senderId")
    own = sender == own_id
    # A DM's links: [{"url": t.co, "expanded": target, "display": …}].
    pairs = [(u.get("url"), u.get("expanded")) for u in _dicts(event.get("urls"))]
    raw: dict[str, Any] = {"source": "x-archive-dm", "recipient": as_str(event.get("recipientId"))}
    media = [m for m in event.get("mediaUrls") or [] if isinstance(m, str)]
    if media:
        raw["media"] = media
    return InboundMessage(
        network_id=network_id,
        author=author if own else InboundAuthor(external_id=sender),
        text=expand(html.unescape(as_str(event.get("text"))), pairs),
        created_at=parse_iso(event.get("createdAt"), "createdAt"),
        thread_root_network_id=thread,
        is_private=True,
        raw=raw,
        from_institution=own,
        links=clean_links(target for _short, target in pairs),
    )
