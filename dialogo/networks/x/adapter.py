"""X (Twitter) through tweepy and the API v2: mentions in, replies out.

Mentions come newest first; a poll walks the pages back to the stored `since_id` and only
then moves `since_id` forward, so an interrupted walk resumes from its page token and never
skips a mention. X's free tier cannot read mentions at all: such a channel only publishes
(its history comes in by archive import).

`username` (optional) names the account when only a bearer token is given (read only).
`api_base` (credentials, optional) replaces https://api.twitter.com; it exists for the
tests, which serve recorded responses on 127.0.0.1. Leave it empty for the real API.

Moderation: X lets an account hide replies in the conversations it started (PUT
/2/tweets/:id/hidden, user tokens); it offers no way to delete or report others' posts through
the API, so those acts are only recorded. A post that is not a reply is refused before calling
X; X's 403 (not a reply in one of our conversations) becomes a plain permanent AdapterError.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

import requests
import tweepy
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
from dialogo.networks.links import clean_links, expand
from dialogo.networks.registry import register

log = logging.getLogger(__name__)
X_HOST = "https://api.twitter.com"
TIMEOUT = 30.0
PAGE_SIZE = 100
TIERS = {"free", "basic", "pro", "enterprise"}
TWEET_FIELDS = [
    "created_at",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "author_id",
    "entities",  # the real targets of the t.co links (entities.urls[].expanded_url)
]


class _Session(requests.Session):
    """tweepy's session with a timeout on every call and, for tests only, another host."""

    def __init__(self, api_base: str = "") -> None:
        super().__init__()
        self.api_base = api_base.rstrip("/")

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:  # type: ignore[override]
        if self.api_base and isinstance(url, str) and url.startswith(X_HOST):
            url = self.api_base + url[len(X_HOST) :]
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(method, url, *args, **kwargs)


def _detail(exc: tweepy.HTTPException) -> str:
    """X's problem body ({"title", "detail"}) or the HTTP reason, for the administrator."""
    try:
        body = exc.response.json()
    except ValueError:
        body = {}
    if isinstance(body, dict) and (body.get("detail") or body.get("title")):
        return str(body.get("detail") or body.get("title"))
    return "; ".join(exc.api_messages) or str(exc.response.status_code)


def _retry_after(exc: tweepy.HTTPException) -> float | None:
    headers = exc.response.headers
    if headers.get("retry-after", "").isdigit():
        return float(headers["retry-after"])
    reset = headers.get("x-rate-limit-reset", "")
    return max(1.0, int(reset) - time.time()) if reset.isdigit() else None


def _translate(exc: Exception) -> AdapterError:
    """tweepy's and requests' exceptions as the adapter contract's errors."""
    if isinstance(exc, tweepy.Unauthorized):
        return AuthError(_("X rejected the tokens: %(detail)s") % {"detail": _detail(exc)})
    if isinstance(exc, tweepy.TooManyRequests):
        return AdapterError(
            _("X rate limit reached; waiting before the next call."), retry_after=_retry_after(exc)
        )
    if isinstance(exc, tweepy.TwitterServerError):
        return AdapterError(_("X failed (HTTP %(status)s).") % {"status": exc.response.status_code})
    if isinstance(exc, tweepy.HTTPException):
        return AdapterError(
            _("X refused the request (HTTP %(status)s): %(detail)s")
            % {"status": exc.response.status_code, "detail": _detail(exc)},
            permanent=True,
        )
    if isinstance(exc, requests.Timeout):
        return AdapterError(_("X did not answer in time."))
    if isinstance(exc, ValueError):
        return AdapterError(_("X answered with something that is not JSON."))
    return AdapterError(_("Could not reach X: %(error)s") % {"error": exc})


@register
class XAdapter(BaseAdapter):
    kind = "x"
    label = gettext_lazy("X")
    credential_fields = [
        (
            "tier",
            gettext_lazy("API plan"),
            False,
            {"choices": [("free", "Free"), ("basic", "Basic"), ("pro", "Pro")]},
        ),
        ("bearer_token", gettext_lazy("Bearer token"), True, {"required": False}),
        ("consumer_key", gettext_lazy("API key (consumer key)"), False, {"required": False}),
        ("consumer_secret", gettext_lazy("API key secret"), True, {"required": False}),
        ("access_token", gettext_lazy("Access token"), False, {"required": False}),
        ("access_token_secret", gettext_lazy("Access token secret"), True, {"required": False}),
    ]

    def __init__(self, channel: Any) -> None:
        super().__init__(channel)
        self.creds = {
            k: str(v).strip() for k, v in (channel.credentials or {}).items() if v is not None
        }
        self.tier = self.creds.get("tier", "free").lower() or "free"
        # X's free plan has no read access to mentions (see read_notice).
        self.can_fetch = self.tier != "free"
        self.can_send = self._user_auth  # posting needs the account's own tokens

    def read_notice(self) -> str:
        if self.can_fetch:
            return ""
        return _(
            "This account's X API plan (free) cannot read mentions or replies. The channel still "
            "publishes answers; bring its history in with an archive import, or move to the Basic "
            "plan to receive mentions here."
        )

    # --- plumbing -----------------------------------------------------------------------

    @property
    def _user_auth(self) -> bool:
        keys = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
        return all(self.creds.get(k) for k in keys)

    def _client(self) -> tweepy.Client:
        client = tweepy.Client(
            bearer_token=self.creds.get("bearer_token") or None,
            consumer_key=self.creds.get("consumer_key") or None,
            consumer_secret=self.creds.get("consumer_secret") or None,
            access_token=self.creds.get("access_token") or None,
            access_token_secret=self.creds.get("access_token_secret") or None,
            return_type=dict,
            wait_on_rate_limit=False,  # the worker backs off instead of blocking
        )
        client.session = _Session(self.creds.get("api_base", ""))
        return client

    def _call(self, method: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            result = getattr(self._client(), method)(*args, **kwargs)
        except (tweepy.TweepyException, requests.RequestException, ValueError) as exc:
            raise _translate(exc) from exc
        if not isinstance(result, dict):
            raise AdapterError(_("X answered with something that is not JSON."))
        return result

    def _me(self) -> dict[str, Any]:
        """The account: from the user tokens, or by user name with a bearer token only."""
        if self._user_auth:
            result = self._call("get_me", user_fields=["public_metrics"], user_auth=True)
        elif self.creds.get("bearer_token") and self.creds.get("username"):
            username = self.creds["username"].lstrip("@")
            result = self._call("get_user", username=username, user_fields=["public_metrics"])
        else:
            raise AuthError(
                _("Enter the four OAuth 1.0a keys, or a bearer token and the user name.")
            )
        me = result.get("data")
        if not isinstance(me, dict) or not me.get("id"):
            raise AdapterError(_("X did not say which account these tokens belong to."))
        return me

    # --- the contract -------------------------------------------------------------------

    def check_credentials(self) -> str:
        if self.tier not in TIERS:
            raise AuthError(_("The API plan must be free, basic or pro."))
        return "@" + str(self._me().get("username", ""))

    def follower_count(self) -> int | None:
        metrics = self._me().get("public_metrics") or {}
        count = metrics.get("followers_count")
        return int(count) if isinstance(count, int) else None

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        if not self.can_fetch:
            raise AdapterError(self.read_notice(), permanent=True)
        me = cursor.get("me") or str(self._me()["id"])
        params: dict[str, Any] = {
            "max_results": PAGE_SIZE,
            "tweet_fields": TWEET_FIELDS,
            "expansions": ["author_id"],
            "user_fields": [
                "username",
                "name",
                "created_at",
                "profile_image_url",
                "public_metrics",
            ],
            "user_auth": self._user_auth,
        }
        if cursor.get("since_id"):
            params["since_id"] = cursor["since_id"]
        if cursor.get("next_token"):
            params["pagination_token"] = cursor["next_token"]
        page = self._call("get_users_mentions", me, **params)
        tweets = page.get("data") or []
        meta = page.get("meta") or {}
        users = {
            u.get("id"): u
            for u in (page.get("includes") or {}).get("users", [])
            if isinstance(u, dict)
        }
        messages = [m for t in reversed(tweets) if (m := self._normalise(t, users, me)) is not None]
        # The walk's newest id is remembered from its first page; since_id moves at its end.
        newest = cursor.get("walk_newest") or meta.get("newest_id") or cursor.get("since_id")
        if meta.get("next_token"):
            next_cursor = {
                "me": me,
                "since_id": cursor.get("since_id"),
                "next_token": meta["next_token"],
                "walk_newest": newest,
            }
            return FetchResult(messages=messages, cursor=next_cursor, more=True)
        return FetchResult(messages=messages, cursor={"me": me, "since_id": newest}, more=False)

    def send(self, reply: OutboundReply) -> SendResult:
        parent = reply.in_reply_to
        kwargs: dict[str, Any] = {"text": reply.text, "user_auth": True}
        if parent is not None and parent.network_id:
            kwargs["in_reply_to_tweet_id"] = parent.network_id
        if not self._user_auth:
            raise AuthError(_("Replying on X needs the account's OAuth 1.0a keys and tokens."))
        data = self._call("create_tweet", **kwargs).get("data") or {}
        if not data.get("id"):
            raise AdapterError(_("X did not return the new post."))
        return SendResult(network_id=str(data["id"]), raw={"data": data})

    moderation_actions = frozenset({"hide"})

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        """Hide a citizen's reply in one of the account's conversations (X takes no reason)."""
        if action not in self.moderation_actions:
            raise NotImplementedError
        if not self._user_auth:
            raise AuthError(
                _("Hiding replies on X needs the account's OAuth 1.0a keys and tokens.")
            )
        post_id = str(message.network_id or "")
        if not post_id.isdigit():
            raise AdapterError(
                _("This message is not an X post (id %(id)s).") % {"id": post_id}, permanent=True
            )
        if not _is_reply(message):
            raise AdapterError(
                _(
                    "X only lets an account hide replies to its own posts, and post %(id)s is "
                    "not a reply: hide it by hand or report it on X."
                )
                % {"id": post_id},
                permanent=True,
            )
        try:
            result = self._client().hide_reply(post_id, user_auth=True)
        except tweepy.Forbidden as exc:
            raise AdapterError(
                _(
                    "X refused to hide post %(id)s: an account can only hide replies in "
                    "conversations it started (X said: %(detail)s)."
                )
                % {"id": post_id, "detail": _detail(exc)},
                permanent=True,
            ) from exc
        except tweepy.NotFound as exc:
            raise AdapterError(
                _("Post %(id)s no longer exists on X (it was deleted there).") % {"id": post_id},
                permanent=True,
            ) from exc
        except (tweepy.TweepyException, requests.RequestException, ValueError) as exc:
            raise _translate(exc) from exc
        data = result.get("data") if isinstance(result, dict) else None
        if not isinstance(data, dict) or data.get("hidden") is not True:
            raise AdapterError(_("X did not confirm that post %(id)s is hidden.") % {"id": post_id})
        return _(
            "Reply %(id)s is now hidden on X: it leaves the conversation and shows only under "
            '"hidden replies".'
        ) % {"id": post_id}

    # --- normalising --------------------------------------------------------------------

    def _normalise(self, tweet: Any, users: dict[str, dict], me: str) -> InboundMessage | None:
        try:
            tweet_id, author_id, text = (
                str(tweet["id"]),
                str(tweet["author_id"]),
                str(tweet["text"]),
            )
            created = dt.datetime.fromisoformat(str(tweet["created_at"]).replace("Z", "+00:00"))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning(
                "x channel %s: skipped a post (%r missing or invalid): %.200r",
                self.channel.pk,
                exc,
                tweet,
            )
            return None
        parent = next(
            (
                str(r.get("id"))
                for r in tweet.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ),
            "",
        )
        user = users.get(author_id, {})
        text, links = _expand_links(tweet, text)
        return InboundMessage(
            network_id=tweet_id,
            author=InboundAuthor(
                external_id=author_id,
                handle="@" + user.get("username", author_id),
                display_name=user.get("name", ""),
                **_account_facts(user),
            ),
            text=text,
            created_at=created,
            in_reply_to_network_id=parent,
            thread_root_network_id=str(tweet.get("conversation_id") or ""),
            from_institution=author_id == me,
            raw={"tweet": tweet, "author": user},
            links=links,
        )


def _expand_links(tweet: dict[str, Any], text: str) -> tuple[str, list[str]]:
    """The text with each t.co link replaced by where it goes, and those targets: X writes
    every link (and photo) as a t.co link, and gives its target in `entities.urls`
    (`unwound_url`, the end of any further redirects, when X knows it)."""
    entities = tweet.get("entities")
    urls = entities.get("urls") if isinstance(entities, dict) else None
    urls = [u for u in urls if isinstance(u, dict)] if isinstance(urls, list) else []
    text = expand(text, [(u.get("url"), u.get("expanded_url")) for u in urls])
    return text, clean_links(u.get("unwound_url") or u.get("expanded_url") for u in urls)


def _is_reply(message: Any) -> bool:
    """Whether a stored X post answers another one (only replies can be hidden)."""
    if getattr(message, "in_reply_to_network_id", ""):
        return True
    tweet = (getattr(message, "raw", None) or {}).get("tweet") or {}
    references = tweet.get("referenced_tweets") if isinstance(tweet, dict) else None
    return any(isinstance(r, dict) and r.get("type") == "replied_to" for r in references or [])


def _account_facts(user: dict[str, Any]) -> dict[str, Any]:
    """Creation date, picture and followers of an X user object (``user.fields``)."""
    created = None
    if isinstance(user.get("created_at"), str):
        try:
            created = dt.datetime.fromisoformat(user["created_at"].replace("Z", "+00:00"))
        except ValueError:
            created = None
    image = user.get("profile_image_url")
    metrics = user.get("public_metrics")
    followers = metrics.get("followers_count") if isinstance(metrics, dict) else None
    return {
        "account_created_at": created if created and created.tzinfo else None,
        # X serves ".../default_profile_images/..." to accounts without a picture.
        "has_avatar": ("default_profile" not in image)
        if isinstance(image, str) and image
        else None,
        "followers": followers if isinstance(followers, int) else None,
    }
