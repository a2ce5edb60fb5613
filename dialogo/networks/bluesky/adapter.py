"""Bluesky: mentions, replies and quotes come in from `app.bsky.notification.listNotifications`;
answers go out as posts with reply refs (root + parent).

Cursor: the API lists notifications newest first, sorted by `indexedAt`, which the AppView
sets to min(time indexed, the post's own createdAt). A post written a little before it
reached the AppView therefore sorts *below* notifications already seen, so the cursor keeps
a window: `since` (newest indexedAt handled) and `seen` (URI → indexedAt of everything
handled in the last OVERLAP). Each fetch walks down to since − OVERLAP and returns what is
not in `seen`, oldest first. A walk longer than MAX_PAGES resumes from `pending` (the API's
page cursor) in the next batch, so nothing is skipped. `session` holds the login session
(encrypted), so polls do not log in again every time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from atproto import Client, models
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogo.core.crypto import decrypt_json, encrypt_json
from dialogo.networks.base import (
    AdapterError,
    BaseAdapter,
    FetchResult,
    InboundAuthor,
    InboundMessage,
    OutboundReply,
    SendResult,
)
from dialogo.networks.bluesky.client import (
    DEFAULT_SERVICE,
    Connection,
    graphemes,
    tid_for,
    xrpc_error,
)
from dialogo.networks.links import clean_links
from dialogo.networks.registry import register

log = logging.getLogger(__name__)
T = TypeVar("T")
REASONS = ["mention", "reply", "quote"]
PAGE = 100  # the API's maximum
MAX_PAGES = 10  # per batch; a longer walk continues in the next batch
PROFILES = 25  # app.bsky.actor.getProfiles' maximum per call
OVERLAP = dt.timedelta(minutes=15)
MAX_SEEN = 5000
MAX_GRAPHEMES = 300
MAX_BYTES = 3000
POST = "app.bsky.feed.post"
THREADGATE = "app.bsky.feed.threadgate"
MAX_HIDDEN = 300  # app.bsky.feed.threadgate#hiddenReplies maxLength
MAX_REASON = 2000  # com.atproto.moderation.createReport#reason maxGraphemes
# The clause cited says what the message breaks; "other" does not guess a category for it
# (insults, spam, personal data… are all clauses of a use policy).
REPORT_REASON = "com.atproto.moderation.defs#reasonOther"


class Skip(ValueError):
    """A notification that cannot be normalised; logged and passed over."""


@register
class BlueskyAdapter(BaseAdapter):
    kind = "bluesky"
    label = gettext_lazy("Bluesky")
    credential_fields = [
        ("handle", gettext_lazy("Handle (e.g. entidad.bsky.social)"), False),
        (
            "app_password",
            gettext_lazy("App password (Settings → Privacy and security → App passwords)"),
            True,
        ),
        (
            "service_url",
            gettext_lazy("Server address (https://bsky.social unless you host your own)"),
            False,
            {"required": False, "initial": "https://bsky.social"},
        ),
    ]

    def __init__(self, channel: Any) -> None:
        super().__init__(channel)
        self._connection: Connection | None = None

    # --- connection -------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            self._connection = self._connect(reuse_session=True)
        return self._connection

    def _connect(self, *, reuse_session: bool) -> Connection:
        creds = self.channel.credentials
        service = str(creds.get("service_url") or DEFAULT_SERVICE).strip().rstrip("/")
        handle = str(creds.get("handle", "")).strip().lstrip("@")
        stored = _stored_session(self.channel.cursor, handle) if reuse_session else ""
        return Connection(service, handle, str(creds.get("app_password", "")), stored)

    def _call(self, fn: Callable[[Client], T]) -> T:
        return self.connection.call(fn)

    # --- contract ---------------------------------------------------------------------

    def check_credentials(self) -> str:
        """Log in with the app password (never a stored session) and return the handle."""
        self._connection = self._connect(reuse_session=False)
        self._connection.ensure_login()
        session = self._connection.session
        return f"@{session.handle}" if session else ""

    def follower_count(self) -> int | None:
        did = self.connection.did
        profile = self._call(lambda c: c.get_profile(did))
        return int(profile.followers_count or 0)

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        """New mentions, replies and quotes since the cursor, oldest first."""
        state = Window.load(cursor)
        fresh, page, done = self._walk(state)
        state.remember(fresh)
        if done:
            state.advance()
        else:
            state.pending_page = page
        messages = [m for m in (self._normalise(item) for item in reversed(fresh)) if m]
        self._add_profiles(messages)
        new_cursor = {**state.dump(), "session": _seal_session(self.connection)}
        return FetchResult(messages=messages, cursor=new_cursor, more=not done)

    def send(self, reply: OutboundReply) -> SendResult:
        """Post the answer as a reply to the citizen's post (one post; refused above 300)."""
        text = reply.text.strip()
        _check_length(text)
        record = models.AppBskyFeedPost.Record(
            text=text,
            created_at=dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
            reply=self._reply_ref(reply.in_reply_to) if reply.in_reply_to is not None else None,
            langs=[settings.LANGUAGE_CODE.split("-")[0]],
        )
        rkey = tid_for(reply.idempotency_key) if reply.idempotency_key else None
        created = self._create_post(record, rkey)
        return SendResult(network_id=created["uri"], raw=created)

    #: Any account can report a post to its moderation service, and hide replies in the
    #: threads it started (a threadgate's hiddenReplies). No one deletes others' posts.
    moderation_actions = frozenset({"report", "hide"})

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        if action == "report":
            return self._report(message, reason)
        if action == "hide":
            return self._hide(message)
        raise NotImplementedError

    # --- moderating -------------------------------------------------------------------

    def _report(self, message: Any, reason: str) -> str:
        """com.atproto.moderation.createReport on the post (strong ref), the clause as text.
        The PDS passes it on to its moderation service (Bluesky's, for bsky.social)."""
        post = self._post_of(message)
        data = models.ComAtprotoModerationCreateReport.Data(
            reason_type=REPORT_REASON,
            subject=models.ComAtprotoRepoStrongRef.Main(uri=post["uri"], cid=post["cid"]),
            reason=reason.strip()[:MAX_REASON] or None,
        )
        report = self._call(lambda c: c.com.atproto.moderation.create_report(data))
        return _("Reported to the Bluesky moderation service (report %(id)s).") % {"id": report.id}

    def _hide(self, message: Any) -> str:
        """Add the reply to the hiddenReplies of the threadgate of the institution's root
        post (rkey = the root's rkey), made if missing (no `allow`: anyone may still reply)."""
        post = self._post_of(message)
        root = post["root"]
        if not root:
            raise AdapterError(
                _(
                    "This post is not a reply in a thread: Bluesky only lets an account hide "
                    "replies to its own posts. Report it instead."
                ),
                permanent=True,
            )
        did = self.connection.did
        root_did, collection, rkey = _at_uri_parts(root)
        if root_did != did or collection != POST:
            raise AdapterError(
                _(
                    "This reply is in a thread another account started: Bluesky only lets "
                    "the author of the first post hide replies. Report it instead."
                ),
                permanent=True,
            )
        for attempt in range(2):
            gate, cid = self._threadgate(did, rkey)
            listed = gate.get("hiddenReplies")
            hidden = [u for u in listed if isinstance(u, str)] if isinstance(listed, list) else []
            if post["uri"] in hidden:
                return _("The reply was already hidden in the institution's thread on Bluesky.")
            if len(hidden) >= MAX_HIDDEN:
                raise AdapterError(
                    _("Bluesky hides at most %(max)s replies in one thread, and this one is full.")
                    % {"max": MAX_HIDDEN},
                    permanent=True,
                )
            record = {
                **gate,
                "$type": THREADGATE,
                "post": root,
                "createdAt": gate.get("createdAt") or _now_iso(),
                "hiddenReplies": [*hidden, post["uri"]],
            }
            data = models.ComAtprotoRepoPutRecord.Data(
                repo=did, collection=THREADGATE, rkey=rkey, record=record, swap_record=cid
            )
            try:
                self._call(lambda c, data=data: c.com.atproto.repo.put_record(data))
            except AdapterError as exc:
                # Changed by someone else (the app) between our read and write: read again.
                if attempt == 0 and _xrpc_cause(exc) == "InvalidSwap":
                    continue
                raise
            break
        return _(
            "Hidden in the institution's thread on Bluesky: the reply now shows only under "
            "“hidden replies”."
        )

    def _threadgate(self, did: str, rkey: str) -> tuple[dict[str, Any], str | None]:
        """The thread's threadgate record as stored (unknown fields kept) and its CID, or
        ({}, None) when there is none yet."""
        params = models.ComAtprotoRepoGetRecord.Params(repo=did, collection=THREADGATE, rkey=rkey)
        try:
            body = self._call(
                lambda c: (
                    c.invoke_query(
                        "com.atproto.repo.getRecord",
                        params=params,
                        output_encoding="application/json",
                    ).content
                )
            )
        except AdapterError as exc:
            if _xrpc_cause(exc) == "RecordNotFound":
                return {}, None
            raise
        value = body.get("value") if isinstance(body, dict) else None
        if not isinstance(value, dict) or not isinstance(body.get("cid"), str):
            raise AdapterError(_("Bluesky sent a threadgate record that cannot be read."))
        return value, body["cid"]

    def _post_of(self, message: Any) -> dict[str, str]:
        """uri, cid and thread root of a stored post: from its notification, else getPosts."""
        uri = str(message.network_id or "")
        if not uri.startswith("at://"):
            raise AdapterError(_("This message has no Bluesky post to act on."), permanent=True)
        raw = message.raw if isinstance(message.raw, dict) else {}
        record = raw.get("record")
        if raw.get("uri") == uri and isinstance(raw.get("cid"), str) and isinstance(record, dict):
            cid = raw["cid"]
        else:
            response = self._call(lambda c: c.app.bsky.feed.get_posts({"uris": [uri]}))
            if not response.posts:
                raise AdapterError(
                    _("The post is no longer on Bluesky (deleted by its author, or taken down)."),
                    permanent=True,
                )
            found = response.posts[0]
            cid = found.cid
            record = models.get_model_as_dict(found.record) if found.record else {}
        reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
        return {"uri": uri, "cid": cid, "root": _ref_uri(reply.get("root"))}

    # --- fetching ---------------------------------------------------------------------

    def _walk(self, state: Window) -> tuple[list[dict[str, Any]], str | None, bool]:
        """Page down from the top (or from where the last walk stopped) to the window's floor."""
        fresh: list[dict[str, Any]] = []
        page = state.pending_page
        uris: set[str] = set()
        for _page in range(MAX_PAGES):
            body = self._call(partial(_list_notifications, page=page))
            items = body.get("notifications") if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise AdapterError(_("Bluesky sent a notification list without notifications."))
            for item in items:
                if state.below_floor(item):
                    return fresh, None, True
                uri = item.get("uri") if isinstance(item, dict) else None
                if isinstance(uri, str) and uri not in state.seen and uri not in uris:
                    uris.add(uri)
                    fresh.append(item)
            page = body.get("cursor")
            if not page or not items:
                return fresh, None, True
        return fresh, page, False

    def _normalise(self, item: dict[str, Any]) -> InboundMessage | None:
        try:
            return _to_inbound(item)
        except Skip as exc:
            log.warning(
                "bluesky %s: skipped notification %s: %s", self.channel.pk, item.get("uri"), exc
            )
            return None

    def _add_profiles(self, messages: list[InboundMessage]) -> None:
        """Follower counts from `app.bsky.actor.getProfiles`, 25 authors a call.

        A notification's author view has no follower count, and "no followers" is one of
        the spam signals. Best effort: a refused or unreadable answer leaves those authors
        without a count and never holds the messages back.
        """
        authors: dict[str, list[InboundAuthor]] = {}
        for message in messages:
            authors.setdefault(message.author.external_id, []).append(message.author)
        dids = list(authors)
        for start in range(0, len(dids), PROFILES):
            try:
                body = self._call(partial(_get_profiles, actors=dids[start : start + PROFILES]))
            except AdapterError as exc:
                log.warning("bluesky %s: no profiles this time: %s", self.channel.pk, exc)
                return
            profiles = body.get("profiles") if isinstance(body, dict) else None
            for profile in profiles if isinstance(profiles, list) else ():
                if isinstance(profile, dict):
                    for author in authors.get(str(profile.get("did")), ()):
                        _profile_facts(author, profile)

    # --- sending ----------------------------------------------------------------------

    def _reply_ref(self, parent: Any) -> models.AppBskyFeedPost.ReplyRef:
        """Root and parent strong refs, from the stored notification or else from getPosts."""
        raw = parent.raw if isinstance(parent.raw, dict) else {}
        if raw.get("uri") == parent.network_id and raw.get("cid"):
            record = raw.get("record") or {}
        else:
            raw, record = self._fetch_post(parent.network_id)
        parent_ref = models.ComAtprotoRepoStrongRef.Main(uri=raw["uri"], cid=raw["cid"])
        root = (record.get("reply") or {}).get("root") or {}
        root_ref = (
            models.ComAtprotoRepoStrongRef.Main(uri=root["uri"], cid=root["cid"])
            if root.get("cid")
            else parent_ref
        )
        return models.AppBskyFeedPost.ReplyRef(root=root_ref, parent=parent_ref)

    def _fetch_post(self, uri: str) -> tuple[dict[str, Any], dict[str, Any]]:
        response = self._call(lambda c: c.app.bsky.feed.get_posts({"uris": [uri]}))
        if not response.posts:
            raise AdapterError(
                _("The message being answered no longer exists on Bluesky."), permanent=True
            )
        post = response.posts[0]
        record = models.get_model_as_dict(post.record) if post.record else {}
        return {"uri": post.uri, "cid": post.cid}, record

    def _create_post(
        self, record: models.AppBskyFeedPost.Record, rkey: str | None
    ) -> dict[str, Any]:
        did = self.connection.did
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=did, collection=POST, record=record, rkey=rkey
        )
        try:
            created = self._call(lambda c: c.com.atproto.repo.create_record(data))
        except AdapterError:
            # The post may exist from an earlier attempt whose answer was lost: look it up.
            if rkey and (existing := self._existing_post(did, rkey)):
                return existing
            raise
        return {"uri": created.uri, "cid": created.cid}

    def _existing_post(self, did: str, rkey: str) -> dict[str, Any] | None:
        params = {"repo": did, "collection": POST, "rkey": rkey}
        try:
            found = self._call(lambda c: c.com.atproto.repo.get_record(params))
        except AdapterError as exc:
            if (
                isinstance(exc.__cause__, Exception)
                and xrpc_error(exc.__cause__) == "RecordNotFound"
            ):
                return None
            raise
        return {"uri": found.uri, "cid": found.cid}


# --- the cursor ----------------------------------------------------------------------------


@dataclass
class Window:
    """What has been handled: the newest indexedAt and every URI of the last OVERLAP."""

    since: dt.datetime | None = None
    seen: dict[str, str] = field(default_factory=dict)
    pending_page: str | None = None

    @classmethod
    def load(cls, cursor: dict[str, Any]) -> Window:
        since = _parse_time(cursor.get("since"))
        seen = cursor.get("seen")
        pending = cursor.get("pending")
        return cls(
            since=since,
            seen={str(k): str(v) for k, v in seen.items()} if isinstance(seen, dict) else {},
            pending_page=pending if isinstance(pending, str) else None,
        )

    def below_floor(self, item: Any) -> bool:
        """True once the walk reaches notifications older than the window."""
        when = _parse_time(item.get("indexedAt")) if isinstance(item, dict) else None
        return bool(self.since and when and when < self.since - OVERLAP)

    def remember(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            self.seen[item["uri"]] = str(item.get("indexedAt") or "")

    def advance(self) -> None:
        """The walk reached the floor: move `since` up and forget what fell out of the window."""
        times = [t for t in map(_parse_time, self.seen.values()) if t]
        if times:
            self.since = max([*times, self.since] if self.since else times)
        self.pending_page = None
        if self.since:
            floor = self.since - OVERLAP
            kept = {u: t for u, t in self.seen.items() if (_parse_time(t) or self.since) >= floor}
            self.seen = dict(sorted(kept.items(), key=lambda kv: kv[1])[-MAX_SEEN:])

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "since": self.since.isoformat() if self.since else None,
            "seen": self.seen,
        }
        if self.pending_page:
            data["pending"] = self.pending_page
        return data


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _stored_session(cursor: Any, handle: str) -> str:
    """The session saved by the last poll, if it belongs to these credentials."""
    sealed = cursor.get("session") if isinstance(cursor, dict) else None
    if not sealed:
        return ""
    try:
        data = decrypt_json(sealed)
    except ImproperlyConfigured:
        return ""
    return str(data.get("session", "")) if data.get("handle") == handle else ""


def _seal_session(connection: Connection) -> str:
    session = connection.session
    if session is None:
        return ""
    return encrypt_json({"handle": connection.handle, "session": session.encode()})


# --- normalising ---------------------------------------------------------------------------


def _list_notifications(client: Client, *, page: str | None) -> Any:
    """The raw JSON of one page (parsed per item, so one malformed item cannot sink it)."""
    params = models.AppBskyNotificationListNotifications.Params(
        limit=PAGE, reasons=REASONS, cursor=page
    )
    response = client.invoke_query(
        "app.bsky.notification.listNotifications", params=params, output_encoding="application/json"
    )
    return response.content


def _get_profiles(client: Client, *, actors: list[str]) -> Any:
    params = models.AppBskyActorGetProfiles.Params(actors=actors)
    response = client.invoke_query(
        "app.bsky.actor.getProfiles", params=params, output_encoding="application/json"
    )
    return response.content


def _profile_facts(author: InboundAuthor, profile: dict[str, Any]) -> None:
    """Fill what a detailed profile view adds to the notification's author view."""
    count = profile.get("followersCount")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        author.followers = count
    if author.account_created_at is None:
        author.account_created_at = _parse_time(profile.get("createdAt"))
    if profile.get("avatar"):  # newer than the notification's view of the author
        author.has_avatar = True


def _to_inbound(item: Any) -> InboundMessage:
    if not isinstance(item, dict) or item.get("reason") not in REASONS:
        raise Skip("not a mention, reply or quote")
    record, author = item.get("record"), item.get("author")
    if not isinstance(record, dict) or record.get("$type", POST) != POST:
        raise Skip("not a post")
    if not isinstance(author, dict) or not author.get("did"):
        raise Skip("no author")
    if not isinstance(record.get("text"), str):
        raise Skip("no text")
    created = _parse_time(record.get("createdAt"))
    if created is None:
        raise Skip("no valid createdAt")
    reply = record.get("reply")
    reply = reply if isinstance(reply, dict) else {}
    return InboundMessage(
        network_id=item["uri"],
        author=InboundAuthor(
            external_id=author["did"],
            handle=f"@{author.get('handle') or author['did']}",
            display_name=str(author.get("displayName") or ""),
            # A profile view tells when the account was made, and has "avatar" only when
            # there is one; follower counts come from getProfiles (_add_profiles).
            account_created_at=_parse_time(author.get("createdAt")),
            has_avatar=bool(author.get("avatar")),
        ),
        text=_full_links(record["text"], _link_facets(record)),
        created_at=created,
        in_reply_to_network_id=_ref_uri(reply.get("parent")),
        thread_root_network_id=_ref_uri(reply.get("root")),
        raw=item,
        links=clean_links(
            [uri for _start, _end, uri in _link_facets(record)] + _embedded_links(record)
        ),
    )


LINK_FACET = "app.bsky.richtext.facet#link"


def _link_facets(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(byte start, byte end, uri) of each link facet: Bluesky apps show a link shortened
    ("ifp.example.gov.co/tramites/re...") and keep where it goes in the facet."""
    found = []
    for facet in record.get("facets") or []:
        if not isinstance(facet, dict) or not isinstance(facet.get("index"), dict):
            continue
        start, end = facet["index"].get("byteStart"), facet["index"].get("byteEnd")
        for feature in facet.get("features") or []:
            if (
                isinstance(feature, dict)
                and feature.get("$type") == LINK_FACET
                and isinstance(feature.get("uri"), str)
            ):
                found.append((start, end, feature["uri"]))
    return found


def _full_links(text: str, facets: list[tuple[int, int, str]]) -> str:
    """The text with each shortened link written in full (facet ranges are UTF-8 bytes)."""
    if not facets:
        return text
    data = text.encode("utf-8")
    ranges = sorted(
        (f for f in facets if isinstance(f[0], int) and isinstance(f[1], int)), reverse=True
    )
    limit = len(data)
    for start, end, uri in ranges:
        if not 0 <= start < end <= limit:
            continue  # overlapping or out of the text: leave it as written
        data = data[:start] + uri.encode("utf-8") + data[end:]
        limit = start
    return data.decode("utf-8", "replace")


def _embedded_links(record: dict[str, Any]) -> list[str]:
    """The link card of a post (`app.bsky.embed.external`, alone or beside a quote)."""
    embed = record.get("embed")
    if not isinstance(embed, dict):
        return []
    media = embed.get("media")
    for part in (embed, media if isinstance(media, dict) else {}):
        external = part.get("external")
        if isinstance(external, dict) and isinstance(external.get("uri"), str):
            return [external["uri"]]
    return []


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def _at_uri_parts(uri: str) -> tuple[str, str, str]:
    """(repo, collection, rkey) of at://repo/collection/rkey; empty strings where missing."""
    parts = uri.removeprefix("at://").split("/")
    return (*parts[:3], "", "", "")[:3] if uri.startswith("at://") else ("", "", "")


def _xrpc_cause(exc: AdapterError) -> str:
    cause = exc.__cause__
    return xrpc_error(cause) if isinstance(cause, Exception) else ""


def _ref_uri(ref: Any) -> str:
    return str(ref.get("uri") or "") if isinstance(ref, dict) else ""


def _check_length(text: str) -> None:
    """Bluesky posts hold 300 graphemes: a longer answer is refused, not cut or split."""
    count = graphemes(text)
    if count > MAX_GRAPHEMES or len(text.encode()) > MAX_BYTES:
        raise AdapterError(
            _(
                "The answer has %(count)s characters and Bluesky allows %(limit)s. "
                "Shorten it and send it again."
            )
            % {"count": count, "limit": MAX_GRAPHEMES},
            permanent=True,
        )
    if not text:
        raise AdapterError(_("The answer is empty."), permanent=True)
