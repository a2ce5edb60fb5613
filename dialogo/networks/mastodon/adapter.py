"""Mastodon: mentions (public and direct) come in from the notifications API; replies go out
as statuses threaded with `in_reply_to_id`, at the citizen's visibility.

Cursor: `{"min_id": "<id of the last notification handled>"}`. Each fetch asks for the page
immediately above it (`min_id`, oldest end first), so a burst larger than a page is read in
order over several batches and nothing between two polls is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mastodon import Mastodon
from mastodon.errors import MastodonError, MastodonNotFoundError

from dialogo.networks.base import (
    AdapterError,
    BaseAdapter,
    FetchResult,
    InboundAuthor,
    InboundMessage,
    OutboundReply,
    SendResult,
)
from dialogo.networks.links import clean_links, html_links
from dialogo.networks.mastodon.client import html_to_text, make_client, network_errors, plain
from dialogo.networks.registry import register

log = logging.getLogger(__name__)
PAGE = 40  # Mastodon's maximum page size for notifications
REPORT_COMMENT = 1000  # Mastodon's limit on a report's comment


class Skip(ValueError):
    """A notification that cannot be normalised; logged and passed over."""


@register
class MastodonAdapter(BaseAdapter):
    kind = "mastodon"
    label = gettext_lazy("Mastodon")
    credential_fields = [
        (
            "instance_url",
            gettext_lazy("Instance address (e.g. https://mastodon.social)"),
            False,
            {"server_address": True},
        ),
        ("access_token", gettext_lazy("Access token (read, write scopes)"), True),
    ]

    def __init__(self, channel: Any) -> None:
        super().__init__(channel)
        self._api: Mastodon | None = None

    # --- connection -------------------------------------------------------------------

    @property
    def instance_url(self) -> str:
        url = str(self.channel.credentials.get("instance_url", "")).strip().rstrip("/")
        return url if "://" in url else f"https://{url}"

    @property
    def instance(self) -> str:
        return urlsplit(self.instance_url).netloc

    @property
    def api(self) -> Mastodon:
        if self._api is None:
            token = str(self.channel.credentials.get("access_token", "")).strip()
            self._api = make_client(self.instance_url, token)
        return self._api

    def _errors(self) -> AbstractContextManager[None]:
        return network_errors(self.api, self.instance)

    # --- contract ---------------------------------------------------------------------

    def check_credentials(self) -> str:
        """The account behind the token, as @user@instance."""
        with self._errors():
            account = self.api.account_verify_credentials()
        return f"@{self._full_acct(account['acct'])}"

    def follower_count(self) -> int | None:
        with self._errors():
            account = self.api.account_verify_credentials()
        return int(account["followers_count"])

    def fetch(self, cursor: dict[str, Any]) -> FetchResult:
        """Mention notifications right after the cursor, oldest first."""
        after = str(cursor.get("min_id") or "0")
        with self._errors():
            page = self.api.notifications(types=["mention"], min_id=after, limit=PAGE)
        notes = sorted(page, key=_id_order)
        statuses = {str(n["status"]["id"]): n["status"] for n in notes if _has_status(n)}
        roots: dict[str, str] = {}
        messages = []
        for note in notes:
            try:
                messages.append(self._normalise(note, statuses, roots))
            except Skip as exc:
                log.warning(
                    "mastodon %s: skipped notification %s: %s", self.instance, note.get("id"), exc
                )
        newest = str(notes[-1]["id"]) if notes else after
        return FetchResult(
            messages=messages, cursor={**cursor, "min_id": newest}, more=len(notes) >= PAGE
        )

    def send(self, reply: OutboundReply) -> SendResult:
        """Answer the citizen's status, mentioning them, at the same visibility."""
        parent = reply.in_reply_to
        text, options = reply.text, {}
        if parent is not None:
            status = (parent.raw or {}).get("status") or {}
            acct = (status.get("account") or {}).get("acct") or parent.author.handle.lstrip("@")
            text = _with_mention(reply.text, acct)
            options = {
                "in_reply_to_id": parent.network_id,
                "visibility": status.get("visibility")
                or ("direct" if parent.is_private else "public"),
            }
        with self._errors():
            posted = self.api.status_post(
                text, idempotency_key=reply.idempotency_key or None, **options
            )
        return SendResult(network_id=str(posted["id"]), raw=plain(posted))

    #: An account cannot hide or delete other people's statuses; it can report them to its
    #: instance's moderators (and, for remote accounts, to the author's instance).
    moderation_actions = frozenset({"report"})

    def moderate(self, action: str, message: Any, reason: str = "") -> str:
        """Report the citizen's status: POST /api/v1/reports with the status and its account,
        the policy clause as the comment, forwarded to the author's instance when remote."""
        if action != "report":
            raise NotImplementedError
        status_id, account_id, acct = _report_target(message)
        if not status_id or not account_id:
            raise AdapterError(
                _("This message has no Mastodon status or account to report."), permanent=True
            )
        remote = acct.partition("@")[2] if "@" in acct else ""
        if remote == self.instance:
            remote = ""  # our own instance, written in full
        try:
            with self._errors():
                report = self.api.report(
                    account_id,
                    status_ids=[status_id],
                    comment=reason.strip()[:REPORT_COMMENT] or None,
                    forward=bool(remote),
                )
        except AdapterError as exc:
            if isinstance(exc.__cause__, MastodonNotFoundError):
                raise AdapterError(
                    _(
                        "The status or its account is no longer on %(instance)s (deleted, or "
                        "not visible to the institution's account): there is nothing to report."
                    )
                    % {"instance": self.instance},
                    permanent=True,
                ) from exc
            raise
        except MastodonError as exc:  # anything Mastodon.py raises outside the HTTP errors
            raise AdapterError(
                _("%(instance)s could not take the report: %(error)s")
                % {"instance": self.instance, "error": str(exc) or exc.__class__.__name__}
            ) from exc
        report_id = report.get("id") if isinstance(report, dict) else None
        if not report_id:
            raise AdapterError(
                _(
                    "%(instance)s answered the report with something that cannot be read; "
                    "check on the instance whether it was filed."
                )
                % {"instance": self.instance}
            )
        values = {"instance": self.instance, "id": report_id, "domain": remote}
        if remote:
            return (
                _(
                    "Reported to the moderators of %(instance)s and forwarded to %(domain)s "
                    "(report %(id)s)."
                )
                % values
            )
        return _("Reported to the moderators of %(instance)s (report %(id)s).") % values

    # --- normalising ------------------------------------------------------------------

    def _normalise(
        self, note: Any, statuses: dict[str, Any], roots: dict[str, str]
    ) -> InboundMessage:
        if not _has_status(note):
            raise Skip("no status")
        status = note["status"]
        account = status.get("account") or note.get("account") or {}
        if not account.get("id") or not account.get("acct"):
            raise Skip("status without an author")
        parent = str(status.get("in_reply_to_id") or "")
        return InboundMessage(
            network_id=str(status["id"]),
            author=InboundAuthor(
                external_id=str(account["id"]),
                handle="@" + self._full_acct(account["acct"]),
                display_name=account.get("display_name") or account.get("username") or "",
                **_account_facts(account),
            ),
            text=html_to_text(status.get("content") or ""),
            subject=status.get("spoiler_text") or "",
            created_at=_aware(status.get("created_at")),
            edited_at=_aware(status["edited_at"]) if status.get("edited_at") else None,
            in_reply_to_network_id=parent,
            thread_root_network_id=self._root(status, statuses, roots) if parent else "",
            is_private=status.get("visibility") == "direct",
            raw=plain(note),
            links=_links(status),
        )

    def _root(self, status: Any, statuses: dict[str, Any], roots: dict[str, str]) -> str:
        """The first status of the thread: walked in this batch, else from the context API."""
        current = status
        while (parent := str(current.get("in_reply_to_id") or "")) in statuses:
            current = statuses[parent]
        if not parent:
            return str(current["id"])
        if parent not in roots:
            roots[parent] = self._root_from_context(parent)
        return roots[parent]

    def _root_from_context(self, status_id: str) -> str:
        try:
            with self._errors():
                ancestors = self.api.status_context(status_id)["ancestors"]
        except AdapterError as exc:
            if not isinstance(exc.__cause__, MastodonNotFoundError):
                raise
            return status_id  # deleted or not visible to us: the parent is as far as we see
        return str(ancestors[0]["id"]) if ancestors else status_id

    def _full_acct(self, acct: str) -> str:
        """`user` on our own instance, `user@host` elsewhere: always `user@host`."""
        return acct if "@" in acct else f"{acct}@{self.instance}"


def _links(status: Any) -> list[str]:
    """Where the status's links go: the links in its content (not mentions nor hashtags),
    and its preview card's URL."""
    card = status.get("card")
    card_url = card.get("url") if isinstance(card, dict) else None
    return clean_links([*html_links(str(status.get("content") or "")), card_url])


def _report_target(message: Any) -> tuple[str, str, str]:
    """(status id, account id, acct) of a stored citizen's message: from the notification
    kept in `raw`, else from the message's own fields."""
    raw = message.raw if isinstance(message.raw, dict) else {}
    status = raw.get("status") if isinstance(raw.get("status"), dict) else {}
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    author = getattr(message, "author", None)
    status_id = str(message.network_id or status.get("id") or "")
    account_id = str(account.get("id") or getattr(author, "external_id", "") or "")
    acct = str(account.get("acct") or getattr(author, "handle", "") or "").lstrip("@")
    return status_id, account_id, acct


def _has_status(note: Any) -> bool:
    status = note.get("status") if isinstance(note, dict) else None
    return isinstance(status, dict) and bool(status.get("id"))


def _id_order(note: Any) -> tuple[int, str]:
    # Mastodon ids are numeric strings of varying length: compare them as numbers.
    value = str(note.get("id", ""))
    return (int(value), "") if value.isdigit() else (0, value)


def _aware(value: Any) -> dt.datetime:
    """A timezone-aware datetime from Mastodon.py's datetime or an ISO 8601 string."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, dt.datetime):
        raise Skip("no valid date")
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _account_facts(account: Any) -> dict[str, Any]:
    """Creation date, picture and followers of a Mastodon account, where it gives them."""
    try:
        created = _aware(account.get("created_at"))
    except Skip:
        created = None
    avatar = account.get("avatar")
    followers = account.get("followers_count")
    return {
        "account_created_at": created,
        # Mastodon serves ".../missing.png" for accounts without a picture.
        "has_avatar": ("missing.png" not in avatar) if isinstance(avatar, str) and avatar else None,
        "followers": followers if isinstance(followers, int) else None,
    }


def _with_mention(text: str, acct: str) -> str:
    mention = f"@{acct}"
    return text if text.startswith(mention) else f"{mention} {text}"
