"""The institution's blog: WordPress comments in, replies out as child comments.

Comments are read with `context=edit` (held ones included) in `date_gmt` order. WordPress's
`after` filter is strictly greater and whole seconds, so each poll asks from one second before
the cursor and drops the ids already returned at the cursor's second. WordPress keeps no
modification time for comments: edits, spam and trash are found by re-reading the last week
of comments every REVISIT_EVERY, once the channel has caught up.

Moderation changes the comment's status through the same REST API: hide sets it to "hold"
(unapproved, no longer public), report to "spam", and delete moves it to the trash (DELETE
without force, so it can still be restored in WordPress). Deleting a comment WordPress no
longer has (404) or that is already in the trash (410) is not a failure: the result says so.
Hiding or reporting a comment that no longer exists is a permanent AdapterError.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogo.inbox.queries import stored_network_ids
from dialogo.networks.base import (
    AdapterError,
    AuthError,
    BaseAdapter,
    FetchResult,
    InboundAuthor,
    InboundMessage,
    OutboundReply,
    SendResult,
)
from dialogo.networks.email.parsing import html_to_text
from dialogo.networks.registry import register
from dialogo.networks.wordpress.client import RequestRefused, WordPressClient

log = logging.getLogger(__name__)
PER_PAGE = 100
REVISIT_EVERY = dt.timedelta(minutes=15)
REVISIT_WINDOW = dt.timedelta(days=7)
REVISIT_PAGES = 5  # per status: the newest 500 comments of the window are checked
MODERATION_STATUS = {"hide": "hold", "report": "spam"}  # the comment status each act sets
MARKUP = re.compile(r"<[a-zA-Z/!]")


def _parse_gmt(value: str) -> dt.datetime:
    """WordPress's date_gmt ('2024-05-01T10:00:00', no zone) as an aware UTC datetime."""
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def _gmt(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


@register
class WordPressAdapter(BaseAdapter):
    kind = "wordpress"
    label = gettext_lazy("Blog (WordPress)")
    credential_fields = [
        ("site_url", gettext_lazy("Site address (https://…)"), False, {"server_address": True}),
        ("username", gettext_lazy("WordPress user"), False),
        ("application_password", gettext_lazy("Application password"), True),
    ]

    def _client(self) -> WordPressClient:
        creds = self.channel.credentials
        site = str(creds.get("site_url", "")).strip()
        if not site.startswith(("http://", "https://")):
            raise AuthError(_("The site address must start with https://."))
        return WordPressClient(
            site, str(creds.get("username", "")), str(creds.get("application_password", ""))
        )

    # --- the contract -------------------------------------------------------------------

    def check_credentials(self) -> str:
        with self._client() as wp:
            me = self._me(wp)
        if not (me.get("capabilities") or {}).get("moderate_comments"):
            raise AuthError(
                _(
                    "The WordPress user %(user)s cannot moderate comments; "
                    "connect an editor or an administrator."
                )
                % {"user": me.get("slug", "")}
            )
        host = urlsplit(self.channel.credentials["site_url"]).netloc
        return f"{me.get('slug') or me.get('id')}@{host}"

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        with self._client() as wp:
            me = cursor.get("me") or int(self._me(wp).get("id") or 0)
            if cursor.get("caught_up") and cursor.get("after") and self._revisit_due(cursor):
                return self._revisit(wp, dict(cursor, me=me))
            return self._fetch_new(wp, dict(cursor, me=me))

    def send(self, reply: OutboundReply) -> SendResult:
        parent = reply.in_reply_to
        post = (parent.raw or {}).get("post") if parent is not None else None
        thread = reply.conversation.thread_key or ""
        if not post and thread.startswith("post:"):
            post = thread.removeprefix("post:")
        if not post:
            raise AdapterError(
                _("This conversation is not attached to a blog post."), permanent=True
            )
        body: dict[str, Any] = {"post": int(post), "content": reply.text}
        if parent is not None and parent.network_id and parent.network_id.isdigit():
            body["parent"] = int(parent.network_id)
        with self._client() as wp:
            try:
                data, _headers = wp.request("POST", "/wp/v2/comments", json=body)
            except RequestRefused as exc:
                if exc.code != "comment_duplicate":
                    raise
                # An earlier attempt went through (e.g. its answer was lost): use that comment.
                data = self._own_duplicate(wp, body) or {}
                if not data:
                    raise
        if not isinstance(data, dict) or not data.get("id"):
            raise AdapterError(_("WordPress did not return the new comment."))
        return SendResult(
            network_id=str(data["id"]),
            raw={
                "post": body["post"],
                "parent": body.get("parent", 0),
                "link": data.get("link", ""),
            },
        )

    moderation_actions = frozenset({"hide", "report", "delete"})

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        """Hide ("hold"), report ("spam") or trash a citizen's comment; WordPress keeps no
        reason with a status change, so ``reason`` is only recorded in Diálogo."""
        if action not in self.moderation_actions:
            raise NotImplementedError
        comment_id = str(message.network_id or "")
        if not comment_id.isdigit():
            raise AdapterError(
                _("This message is not a WordPress comment (id %(id)s).") % {"id": comment_id},
                permanent=True,
            )
        route = f"/wp/v2/comments/{comment_id}"
        with self._client() as wp:
            try:
                if action == "delete":
                    data, _headers = wp.request("DELETE", route)
                else:
                    data, _headers = wp.request(
                        "POST", route, json={"status": MODERATION_STATUS[action]}
                    )
            except RequestRefused as exc:
                if action == "delete" and exc.status in (404, 410):
                    return self._already_gone(comment_id, exc.status)
                if exc.status == 404:
                    raise AdapterError(
                        _(
                            "Comment %(id)s no longer exists on WordPress "
                            "(it was deleted there permanently)."
                        )
                        % {"id": comment_id},
                        permanent=True,
                    ) from exc
                raise
        status = data.get("status") if isinstance(data, dict) else None
        expected = MODERATION_STATUS.get(action, "trash")
        if status != expected:
            raise AdapterError(
                _(
                    "WordPress did not confirm the change of comment %(id)s (its status is %(status)s)."
                )
                % {"id": comment_id, "status": status or "?"}
            )
        if action == "hide":
            return _(
                "Comment %(id)s is now held for moderation on WordPress: no longer public."
            ) % {"id": comment_id}
        if action == "report":
            return _("Comment %(id)s is now marked as spam on WordPress.") % {"id": comment_id}
        return _("Comment %(id)s was moved to the WordPress trash.") % {"id": comment_id}

    @staticmethod
    def _already_gone(comment_id: str, status: int) -> str:
        if status == 410:
            return _("Comment %(id)s was already in the WordPress trash.") % {"id": comment_id}
        return _("Comment %(id)s was already gone from WordPress (deleted there permanently).") % {
            "id": comment_id
        }

    # --- reading ------------------------------------------------------------------------

    @staticmethod
    def _me(wp: WordPressClient) -> dict[str, Any]:
        me, _headers = wp.request("GET", "/wp/v2/users/me", params={"context": "edit"})
        if not isinstance(me, dict):
            raise AdapterError(_("WordPress answered with something that is not a user."))
        return me

    def _comments(self, wp: WordPressClient, **params: Any) -> tuple[list[Any], bool]:
        """One page of comments, and whether more pages follow."""
        query = {"context": "edit", "orderby": "date_gmt", "order": "asc", "per_page": PER_PAGE}
        items, headers = wp.request("GET", "/wp/v2/comments", params={**query, **params})
        if not isinstance(items, list):
            raise AdapterError(
                _("WordPress answered with something that is not a list of comments.")
            )
        pages = headers.get("x-wp-totalpages", "")
        page = int(params.get("page", 1))
        return items, (page < int(pages) if pages.isdigit() else len(items) == PER_PAGE)

    def _fetch_new(self, wp: WordPressClient, cursor: dict[str, Any]) -> FetchResult:
        after, page = cursor.get("after"), int(cursor.get("page", 1))
        seen = {str(i) for i in cursor.get("seen", [])}
        params: dict[str, Any] = {"status": "all", "page": page}
        if after:
            # `after` is strict and to the second: start one second earlier, drop what was seen.
            params["after"] = _gmt(_parse_gmt(after) - dt.timedelta(seconds=1)) + "+00:00"
        items, more = self._comments(wp, **params)
        titles = self._titles(wp, items)
        messages = [m for c in items if (m := self._normalise(c, cursor["me"], titles)) is not None]
        fresh = [m for m in messages if m.network_id not in seen]
        if fresh:
            newest = _gmt(max(m.created_at for m in fresh))
            at_newest = {m.network_id for m in messages if _gmt(m.created_at) == newest}
            seen = at_newest | (seen if newest == after else set())
            after, page = newest, 1
        else:
            # A whole page of comments already seen (many in one second): read the next page.
            page = page + 1 if more else 1
        next_cursor = dict(cursor, after=after, seen=sorted(seen), page=page, caught_up=not more)
        return FetchResult(messages=fresh, cursor=next_cursor, more=more)

    @staticmethod
    def _revisit_due(cursor: dict[str, Any]) -> bool:
        checked = cursor.get("checked_at")
        return not checked or timezone.now() - dt.datetime.fromisoformat(checked) > REVISIT_EVERY

    def _revisit(self, wp: WordPressClient, cursor: dict[str, Any]) -> FetchResult:
        """Edits, spam and trash among the last week's comments (up to the cursor)."""
        now = timezone.now()
        end = _parse_gmt(cursor["after"])
        window = {
            "after": _gmt(end - REVISIT_WINDOW) + "+00:00",
            "before": _gmt(end + dt.timedelta(seconds=1)) + "+00:00",
        }
        gone: dict[str, dict[str, Any]] = {}
        for status in ("spam", "trash"):
            for item in self._window(wp, status, window):
                gone[str(item.get("id"))] = item
        messages = []
        for network_id in self._stored(list(gone)):
            messages.append(self._deleted(network_id, gone[network_id], now))
        for item in self._window(wp, "all", window):
            if (message := self._normalise(item, cursor["me"], {})) is not None:
                message.edited_at = now  # WordPress does not say when; the inbox keeps changes only
                messages.append(message)
        # more=True: the same poll goes on to read new comments.
        return FetchResult(
            messages=messages, cursor=dict(cursor, checked_at=now.isoformat()), more=True
        )

    def _window(
        self, wp: WordPressClient, status: str, window: dict[str, str]
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for page in range(1, REVISIT_PAGES + 1):
            items, more = self._comments(wp, status=status, page=page, order="desc", **window)
            found.extend(i for i in items if isinstance(i, dict))
            if not more:
                break
        return found

    def _stored(self, network_ids: list[str]) -> list[str]:
        """Which of these comments the inbox holds: only those can be marked deleted."""
        return stored_network_ids(self.channel.pk, network_ids)

    def _deleted(self, network_id: str, item: dict[str, Any], now: dt.datetime) -> InboundMessage:
        return InboundMessage(
            network_id=network_id,
            author=InboundAuthor(external_id=""),
            text="",
            created_at=now,
            edited_at=now,
            deleted=True,
            raw={"status": item.get("status", "")},
        )

    def _titles(self, wp: WordPressClient, items: list[Any]) -> dict[int, str]:
        """Titles of the posts the comments belong to (the conversation's subject)."""
        ids = sorted(
            {i.get("post") for i in items if isinstance(i, dict) and isinstance(i.get("post"), int)}
        )
        if not ids:
            return {}
        posts, _headers = wp.request(
            "GET",
            "/wp/v2/posts",
            params={"include": ",".join(map(str, ids)), "per_page": 100, "_fields": "id,title"},
        )
        titles = {}
        for post in posts if isinstance(posts, list) else []:
            title = (post.get("title") or {}).get("rendered", "") if isinstance(post, dict) else ""
            titles[post.get("id")] = html_to_text(title)
        return titles

    def _normalise(self, item: Any, me: int, titles: dict[int, str]) -> InboundMessage | None:
        """One comment as an InboundMessage; None (logged) when a field it needs is missing."""
        try:
            comment_id, post = int(item["id"]), int(item["post"])
            created = _parse_gmt(item["date_gmt"])
            content = item["content"]
            text = content["raw"] if "raw" in content else html_to_text(content["rendered"])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning(
                "wordpress channel %s: skipped a comment (%r missing or invalid): %.200r",
                self.channel.pk,
                exc,
                item,
            )
            return None
        if MARKUP.search(text):
            text = html_to_text(text)
        author = int(item.get("author") or 0)
        email = str(item.get("author_email") or "").strip().lower()
        name = str(item.get("author_name") or "")
        parent = int(item.get("parent") or 0)
        return InboundMessage(
            network_id=str(comment_id),
            author=InboundAuthor(
                external_id=f"user:{author}" if author else (email or f"name:{name}"),
                handle=name,
                display_name=name,
                email=email,
            ),
            text=text,
            created_at=created,
            in_reply_to_network_id=str(parent) if parent else "",
            thread_root_network_id=f"post:{post}",
            subject=titles.get(post, ""),
            from_institution=bool(me) and author == me,
            raw={
                "post": post,
                "parent": parent,
                "status": item.get("status", ""),
                "link": item.get("link", ""),
            },
        )

    def _own_duplicate(self, wp: WordPressClient, body: dict[str, Any]) -> dict[str, Any] | None:
        me = int(self._me(wp).get("id") or 0)
        params: dict[str, Any] = {
            "post": body["post"],
            "author": me,
            "order": "desc",
            "status": "all",
        }
        if body.get("parent"):
            params["parent"] = body["parent"]
        for item in self._comments(wp, **params)[0]:
            if (
                isinstance(item, dict)
                and (item.get("content") or {}).get("raw", "").strip() == body["content"].strip()
            ):
                return item
        return None
