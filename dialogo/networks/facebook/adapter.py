"""A Facebook page through the Graph API (httpx): comments on the page's posts in, replies
out as comment replies.

Each poll looks at the page's most recent posts and, per post, at comments in chronological
order from that post's own cursor (its newest comment time, re-read one second earlier and
de-duplicated by id). A post's cursor only moves over comments returned to the inbox.
`graph_base` (credentials, optional) replaces https://graph.facebook.com/v21.0 for tests.

Moderation: hide is POST /{comment-id} with is_hidden=true (seen only by its author and
friends), delete is DELETE /{comment-id}; the Graph API offers pages no report, so that act is
only recorded. A comment Graph cannot find (code 100, subcode 33) is a permanent AdapterError
that says it may already be deleted: Graph gives the same answer when the page lacks the right.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

import httpx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from dialogo.networks.links import clean_links
from dialogo.networks.registry import register

log = logging.getLogger(__name__)
GRAPH = "https://graph.facebook.com/v21.0"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
RECENT_POSTS = 25  # posts whose comments are polled
COMMENT_PAGES = 5  # pages of 100 comments per post per fetch
THROTTLE_CODES = {4, 17, 32, 613, 80001}  # app, user, page and custom rate limits
AUTH_CODES = {190, 102}  # invalid, expired or revoked access token
PERMISSION_CODES = {10, 200}
MISSING_OBJECT_SUBCODE = 33  # code 100: the object does not exist or cannot be acted on
COMMENT_FIELDS = (
    "id,message,created_time,from{id,name},parent{id},"
    "attachment{type,url,unshimmed_url,target{url}}"  # a shared link or photo
)
_URL = re.compile(r"https?://[^\s<>\"']+")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds until the quota frees, from Retry-After or Meta's usage headers."""
    if headers.get("retry-after", "").isdigit():
        return float(headers["retry-after"])
    try:
        business = json.loads(headers.get("x-business-use-case-usage") or "{}")
        minutes = [
            float(entry.get("estimated_time_to_regain_access") or 0)
            for entries in business.values()
            for entry in entries
        ]
        if minutes and max(minutes) > 0:
            return max(minutes) * 60
        app = json.loads(headers.get("x-app-usage") or "{}")
    except (ValueError, AttributeError, TypeError):
        return None
    if app and max(float(v) for v in app.values()) >= 100:
        return 3600.0  # app-level usage is measured over a rolling hour
    return None


class GraphRefused(AdapterError):
    """A permanent Graph error; `code` and `subcode` are Meta's own."""

    def __init__(self, message: str, *, code: Any, subcode: Any) -> None:
        super().__init__(message, permanent=True)
        self.code = code
        self.subcode = subcode


def _parse_time(value: str) -> dt.datetime:
    """Graph's '2024-05-01T10:00:00+0000'."""
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")


@register
class FacebookAdapter(BaseAdapter):
    kind = "facebook"
    label = gettext_lazy("Facebook")
    credential_fields = [
        ("page_id", gettext_lazy("Page id"), False),
        ("page_access_token", gettext_lazy("Page access token"), True),
    ]

    def __init__(self, channel: Any) -> None:
        super().__init__(channel)
        creds = channel.credentials or {}
        self.page_id = str(creds.get("page_id", "")).strip()
        self.token = str(creds.get("page_access_token", "")).strip()
        self.base = str(creds.get("graph_base") or GRAPH).rstrip("/")

    # --- HTTP ---------------------------------------------------------------------------

    def _request(self, method: str, path: str, **params: Any) -> dict[str, Any]:
        data = {"access_token": self.token, **params}
        try:
            with httpx.Client(timeout=TIMEOUT) as http:
                if method in ("GET", "DELETE"):
                    response = http.request(method, self.base + path, params=data)
                else:
                    response = http.request(method, self.base + path, data=data)
        except httpx.TimeoutException as exc:
            raise AdapterError(_("Facebook did not answer in time.")) from exc
        except httpx.HTTPError as exc:
            raise AdapterError(_("Could not reach Facebook: %(error)s") % {"error": exc}) from exc
        if response.status_code == 429:
            raise AdapterError(
                _("Facebook rate limit reached (HTTP 429)."),
                retry_after=_retry_after(response.headers),
            )
        try:
            body = response.json()
        except ValueError as exc:
            if response.status_code >= 500:
                raise AdapterError(
                    _("Facebook failed (HTTP %(status)s).") % {"status": response.status_code}
                ) from exc
            raise AdapterError(_("Facebook answered with something that is not JSON.")) from exc
        if response.status_code >= 400 or (isinstance(body, dict) and "error" in body):
            raise self._error(response, body)
        if not isinstance(body, dict):
            raise AdapterError(_("Facebook answered with something that is not JSON."))
        return body

    def _error(self, response: httpx.Response, body: Any) -> AdapterError:
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        code, message = error.get("code"), str(error.get("message") or response.reason_phrase)
        if code in AUTH_CODES:
            return AuthError(
                _("Facebook rejected the page token: %(detail)s") % {"detail": message}
            )
        if code in PERMISSION_CODES:
            return AuthError(
                _("The page token lacks a permission: %(detail)s") % {"detail": message}
            )
        if code in THROTTLE_CODES or response.status_code == 429:
            return AdapterError(
                _("Facebook rate limit reached: %(detail)s") % {"detail": message},
                retry_after=_retry_after(response.headers),
            )
        if response.status_code >= 500 or error.get("is_transient") or code in {1, 2}:
            return AdapterError(
                _("Facebook failed (HTTP %(status)s).") % {"status": response.status_code}
            )
        return GraphRefused(
            _("Facebook refused the request: %(detail)s") % {"detail": message},
            code=code,
            subcode=error.get("error_subcode"),
        )

    # --- the contract -------------------------------------------------------------------

    def check_credentials(self) -> str:
        if not (self.page_id and self.token):
            raise AuthError(_("Enter the page id and a page access token."))
        page = self._request("GET", f"/{self.page_id}", fields="id,name,username")
        return str(page.get("username") or page.get("name") or self.page_id)

    def follower_count(self) -> int | None:
        page = self._request("GET", f"/{self.page_id}", fields="followers_count,fan_count")
        count = page.get("followers_count", page.get("fan_count"))
        return int(count) if isinstance(count, int) else None

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        posts = (
            self._request(
                "GET",
                f"/{self.page_id}/published_posts",
                fields="id,message,created_time",
                limit=RECENT_POSTS,
            ).get("data")
            or []
        )
        states = dict(cursor.get("posts") or {})
        messages: list[InboundMessage] = []
        more = False
        for post in posts:
            if not isinstance(post, dict) or not post.get("id"):
                continue
            post_id = str(post["id"])
            found, states[post_id], unfinished = self._post_comments(
                post, states.get(post_id) or {}
            )
            messages.extend(found)
            more = more or unfinished
        messages.sort(key=lambda m: m.created_at)
        # Forget posts that left the recent list, so the cursor stays small.
        recent = {str(p.get("id")) for p in posts if isinstance(p, dict)}
        return FetchResult(
            messages=messages,
            cursor={"posts": {k: v for k, v in states.items() if k in recent}},
            more=more,
        )

    def send(self, reply: OutboundReply) -> SendResult:
        parent = reply.in_reply_to
        if parent is None or not parent.network_id:
            raise AdapterError(
                _("Only answers to a comment can be sent to Facebook."), permanent=True
            )
        # Facebook nests one level: an answer to a reply goes under the top comment.
        target = (parent.raw or {}).get("parent_id") or parent.network_id
        result = self._request("POST", f"/{target}/comments", message=reply.text)
        if not result.get("id"):
            raise AdapterError(_("Facebook did not return the new comment."))
        return SendResult(network_id=str(result["id"]), raw={"id": result["id"], "on": target})

    moderation_actions = frozenset({"hide", "delete"})

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        """Hide or delete a citizen's comment on the page's posts (``reason`` is not sent:
        Graph takes none)."""
        if action not in self.moderation_actions:
            raise NotImplementedError
        comment_id = str(message.network_id or "")
        if not comment_id:
            raise AdapterError(_("This message has no Facebook comment id."), permanent=True)
        try:
            if action == "hide":
                result = self._request("POST", f"/{comment_id}", is_hidden="true")
            else:
                result = self._request("DELETE", f"/{comment_id}")
        except GraphRefused as exc:
            if (exc.code, exc.subcode) == (100, MISSING_OBJECT_SUBCODE):
                raise AdapterError(
                    _(
                        "Facebook cannot find comment %(id)s or the page may not act on it: "
                        "it may already be deleted, or it is not on one of the page's posts."
                    )
                    % {"id": comment_id},
                    permanent=True,
                ) from exc
            raise
        if result.get("success") is not True:
            raise AdapterError(
                _("Facebook did not confirm the change of comment %(id)s.") % {"id": comment_id}
            )
        if action == "hide":
            return _(
                "Comment %(id)s is now hidden on Facebook: only its author and their friends "
                "see it."
            ) % {"id": comment_id}
        return _("Comment %(id)s was deleted from Facebook.") % {"id": comment_id}

    # --- reading ------------------------------------------------------------------------

    def _post_comments(
        self, post: dict[str, Any], state: dict[str, Any]
    ) -> tuple[list[InboundMessage], dict[str, Any], bool]:
        """New comments of one post, oldest first; its new state; whether some are left."""
        since, seen = int(state.get("since", 0)), set(state.get("seen", []))
        params: dict[str, Any] = {
            "filter": "stream",
            "order": "chronological",
            "fields": COMMENT_FIELDS,
            "limit": 100,
        }
        if since:
            params["since"] = since - 1  # whole seconds: re-read the last one, drop what was seen
        found: list[InboundMessage] = []
        unfinished = False
        for page_number in range(COMMENT_PAGES):
            page = self._request("GET", f"/{post['id']}/comments", **params)
            for item in page.get("data") or []:
                message = self._normalise(item, post)
                if message is not None and message.network_id not in seen:
                    found.append(message)
            after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
            if not (after and (page.get("paging") or {}).get("next")):
                break
            params["after"] = after
            unfinished = page_number == COMMENT_PAGES - 1
        if found:
            newest = max(int(m.created_at.timestamp()) for m in found)
            at_newest = {m.network_id for m in found if int(m.created_at.timestamp()) == newest}
            state = {
                "since": newest,
                "seen": sorted(at_newest | (seen if newest == since else set())),
            }
        return found, state, unfinished

    def _normalise(self, item: Any, post: dict[str, Any]) -> InboundMessage | None:
        try:
            comment_id, created = str(item["id"]), _parse_time(item["created_time"])
            text = str(item["message"])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning(
                "facebook channel %s: skipped a comment (%r missing or invalid): %.200r",
                self.channel.pk,
                exc,
                item,
            )
            return None
        author = item.get("from") or {}  # absent when the commenter's privacy hides it
        parent_id = str((item.get("parent") or {}).get("id") or "")
        return InboundMessage(
            network_id=comment_id,
            author=InboundAuthor(
                external_id=str(author.get("id") or f"anonymous:{comment_id}"),
                handle=str(author.get("name", "")),
                display_name=str(author.get("name", "")),
            ),
            text=text,
            created_at=created,
            in_reply_to_network_id=parent_id,
            thread_root_network_id=str(post["id"]),
            subject=str(post.get("message") or "")[:120],
            from_institution=str(author.get("id", "")) == self.page_id,
            raw={"post_id": post["id"], "parent_id": parent_id, "from": author},
            links=_links(item, text),
        )


def _links(item: dict[str, Any], text: str) -> list[str]:
    """The links written in the comment and the one it shares (`attachment`): Facebook
    gives the target itself (`unshimmed_url`), not its l.facebook.com redirect."""
    attachment = item.get("attachment")
    shared = None
    if isinstance(attachment, dict):
        target = attachment.get("target")
        shared = (
            attachment.get("unshimmed_url")
            or (target.get("url") if isinstance(target, dict) else None)
            or attachment.get("url")
        )
    written = [u.rstrip(".,;:!?)]") for u in _URL.findall(text)]
    return clean_links([*written, shared])
