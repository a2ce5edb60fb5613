"""Mastodon.py glue: the client, its errors in the adapter contract's terms, plain text.

Nothing here touches the database; the adapter normalises and the services store.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

import requests
from django.utils.translation import gettext as _
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from dialogo.networks.base import AdapterError, AuthError

TIMEOUT = 30  # seconds per request; Mastodon.py's default (300) would stall a worker
USER_AGENT = "Dialogo/0.1 (Mastodon.py)"


class _Session(requests.Session):
    """Remembers the last response's headers and error text: Mastodon.py's errors lose them
    (Retry-After always; the error text on list endpoints)."""

    def __init__(self) -> None:
        super().__init__()
        self.last_headers: dict[str, str] = {}
        self.last_error = ""
        self.hooks["response"].append(self._remember)

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.last_headers = dict(response.headers)
        self.last_error = ""
        if not response.ok:
            with contextlib.suppress(ValueError, AttributeError):
                self.last_error = str(response.json().get("error") or "")[:500]


def make_client(instance_url: str, access_token: str, *, timeout: float | None = None) -> Mastodon:
    """A Mastodon.py client that raises on rate limits instead of sleeping in the worker."""
    return Mastodon(
        access_token=access_token,
        api_base_url=instance_url.rstrip("/"),
        ratelimit_method="throw",
        request_timeout=timeout or TIMEOUT,
        session=_Session(),
        user_agent=USER_AGENT,
    )


def retry_after(client: Mastodon) -> float | None:
    """Seconds until the rate limit resets, from X-RateLimit-Reset or else Retry-After."""
    if client.ratelimit_reset:
        # Mastodon.py parsed X-RateLimit-Reset (ISO 8601 or epoch) and corrected it by Date.
        return max(1.0, float(client.ratelimit_reset) - time.time())
    headers = getattr(client.session, "last_headers", {})
    value = headers.get("Retry-After") or headers.get("retry-after")
    if not value:
        return None
    try:
        return max(1.0, float(value))
    except ValueError:
        with contextlib.suppress(TypeError, ValueError):
            return max(1.0, parsedate_to_datetime(value).timestamp() - time.time())
    return None


def _status_code(exc: MastodonError) -> int | None:
    # MastodonAPIError args: (message, status code, reason, error text).
    args = exc.args
    return args[1] if len(args) > 1 and isinstance(args[1], int) else None


def _detail(exc: MastodonError, client: Mastodon) -> str:
    """`401 The access token was revoked`, or the best Mastodon.py kept of it."""
    args = exc.args
    if len(args) < 3:
        return str(exc) or exc.__class__.__name__
    text = args[3] if len(args) > 3 and args[3] else getattr(client.session, "last_error", "")
    return f"{args[1]} {text or args[2]}"


@contextlib.contextmanager
def network_errors(client: Mastodon, instance: str) -> Iterator[None]:
    """Translate Mastodon.py's exceptions into AdapterError / AuthError."""
    try:
        yield
    except MastodonUnauthorizedError as exc:
        raise AuthError(
            _("%(instance)s rejected the access token (expired or revoked): %(error)s")
            % {"instance": instance, "error": _detail(exc, client)}
        ) from exc
    except MastodonRatelimitError as exc:
        raise AdapterError(
            _("%(instance)s asks to slow down (rate limit reached).") % {"instance": instance},
            retry_after=retry_after(client),
        ) from exc
    except (MastodonServerError, MastodonNetworkError) as exc:
        raise AdapterError(
            _("%(instance)s is not answering properly: %(error)s")
            % {"instance": instance, "error": _detail(exc, client)}
        ) from exc
    except MastodonAPIError as exc:
        _raise_api_error(exc, instance, _detail(exc, client))


def _raise_api_error(exc: MastodonAPIError, instance: str, detail: str) -> None:
    status = _status_code(exc)
    if status == 403:
        # The token lacks a scope or the account is suspended: only an administrator helps.
        raise AuthError(
            _("%(instance)s refused this action for the token: %(error)s")
            % {"instance": instance, "error": detail}
        ) from exc
    if status is None:
        # Mastodon.py could not parse the body (malformed JSON): try again later.
        raise AdapterError(
            _("%(instance)s sent a reply that cannot be read.") % {"instance": instance}
        ) from exc
    raise AdapterError(
        _("%(instance)s refused the request: %(error)s") % {"instance": instance, "error": detail},
        permanent=isinstance(exc, MastodonNotFoundError) or 400 <= status < 500,
    ) from exc


def plain(entity: Any) -> Any:
    """Mastodon.py's typed objects as plain JSON data (datetimes as ISO 8601 strings)."""
    return json.loads(json.dumps(entity, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# --- HTML to text --------------------------------------------------------------------------

_BLOCKS = {"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


class _TextExtractor(HTMLParser):
    """Collects the text of a status: tags dropped, <br> and paragraphs kept as line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS and self.parts:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    """Plain text of a status's HTML content: no tags, entities unescaped, lines kept."""
    parser = _TextExtractor()
    parser.feed(content or "")
    parser.close()
    text = "".join(parser.parts)
    lines = [line.rstrip() for line in text.split("\n")]
    collapsed: list[str] = []
    for line in lines:
        # At most one blank line between paragraphs.
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    # The parser already turned entities into characters: no second unescape.
    return "\n".join(collapsed).strip()
