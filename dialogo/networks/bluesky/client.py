"""atproto SDK glue: a session that outlives token expiry, errors in the adapter contract's
terms, and the small AT Protocol helpers the adapter needs (record keys, grapheme counts).

Nothing here touches the database; the adapter normalises and the services store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import unicodedata
from collections.abc import Callable, Iterator
from typing import TypeVar

import httpx
from atproto import Client
from atproto_client.client.session import Session, SessionEvent
from atproto_client.exceptions import (
    BadRequestError,
    LoginRequiredError,
    ModelError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    RequestException,
    UnauthorizedError,
)
from atproto_client.request import Request
from django.utils.translation import gettext as _

from dialogo.networks.base import AdapterError, AuthError

T = TypeVar("T")
TIMEOUT = 30.0  # seconds per request
DEFAULT_SERVICE = "https://bsky.social"
# XRPC error names that mean "this session is no longer good": log in again.
SESSION_ERRORS = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"}


class Connection:
    """An atproto Client logged in as the channel's account.

    It starts from a stored session string when there is one (no login request; Bluesky
    limits createSession to a few hundred a day) and logs in with the app password again
    when that session turns out expired or revoked. `session` is what to store.
    """

    def __init__(
        self, service_url: str, handle: str, password: str, stored_session: str = ""
    ) -> None:
        self.client = Client(base_url=service_url, request=Request(timeout=TIMEOUT))
        self.client.on_session_change(self._on_session)
        self.handle, self._password = handle, password
        self.session: Session | None = None
        self._from_store = False
        if stored_session:
            with contextlib.suppress(ValueError, IndexError, TypeError):
                self.client.login(session_string=stored_session, fetch_bsky_profile=False)
                self._from_store = True

    def _on_session(self, event: SessionEvent, session: Session) -> None:
        self.session = session

    @property
    def did(self) -> str:
        self.ensure_login()
        if self.session is None:  # login() always sets one; this keeps the type checker honest
            raise AuthError(_("Bluesky did not open a session for this account."))
        return self.session.did

    def ensure_login(self) -> None:
        if self.session is None:
            with network_errors():
                self._login()

    def _login(self) -> None:
        self._from_store = False
        self.client.login(self.handle, self._password, fetch_bsky_profile=False)

    def call(self, fn: Callable[[Client], T]) -> T:
        """Run one request; a stored session that was refused is replaced by a fresh login."""
        with network_errors():
            if self.session is None:
                self._login()
            try:
                return fn(self.client)
            except (UnauthorizedError, BadRequestError, LoginRequiredError) as exc:
                if not (self._from_store and is_session_error(exc)):
                    raise
            self._login()
            return fn(self.client)


def is_session_error(exc: Exception) -> bool:
    if isinstance(exc, LoginRequiredError | UnauthorizedError):
        return True
    return xrpc_error(exc) in SESSION_ERRORS


def xrpc_error(exc: Exception) -> str:
    """The XRPC error name of a failed request (`ExpiredToken`, `RecordNotFound`…), or ''."""
    response = getattr(exc, "response", None)
    content = getattr(response, "content", None)
    return str(getattr(content, "error", "") or "")


def _describe(exc: Exception) -> str:
    return str(exc) or exc.__class__.__name__


@contextlib.contextmanager
def network_errors() -> Iterator[None]:
    """Translate the SDK's and httpx's exceptions into AdapterError / AuthError."""
    try:
        yield
    except RateLimitExceededError as exc:
        raise AdapterError(
            _("Bluesky asks to slow down (rate limit reached)."), retry_after=retry_after(exc)
        ) from exc
    except (UnauthorizedError, LoginRequiredError) as exc:
        raise AuthError(
            _("Bluesky rejected the handle or app password (or the session was revoked): %(error)s")
            % {"error": _describe(exc)}
        ) from exc
    except BadRequestError as exc:
        if is_session_error(exc):
            raise AuthError(
                _("The Bluesky session expired and could not be renewed: %(error)s")
                % {"error": _describe(exc)}
            ) from exc
        raise AdapterError(
            _("Bluesky refused the request: %(error)s") % {"error": _describe(exc)}, permanent=True
        ) from exc
    except (NetworkError, RequestException, RequestErrorBase, httpx.HTTPError) as exc:
        # Timeouts, connection resets, 5xx, 409/413/502.
        raise AdapterError(
            _("Bluesky is not answering properly: %(error)s") % {"error": _describe(exc)}
        ) from exc
    except (ModelError, ValueError) as exc:
        # A body that is not JSON, or JSON that is not the shape the lexicon promises.
        raise AdapterError(
            _("Bluesky sent a reply that cannot be read: %(error)s") % {"error": _describe(exc)}
        ) from exc


def retry_after(exc: RateLimitExceededError) -> float | None:
    """Seconds to wait: `Retry-After`, else the `ratelimit-reset` epoch minus now."""
    if exc.retry_after is not None:
        return max(1.0, exc.retry_after)
    if exc.reset_at is not None:
        return max(1.0, (exc.reset_at - dt.datetime.now(dt.UTC)).total_seconds())
    return None


# --- record keys ---------------------------------------------------------------------------

_B32 = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as TIDs are written
_TID_EPOCH = int(dt.datetime(2023, 1, 1, tzinfo=dt.UTC).timestamp() * 1_000_000)


def tid_for(key: str) -> str:
    """A valid TID record key derived from an idempotency key: the same key always names the
    same record, so a retried send finds the post it already made instead of posting twice.

    A TID is 64 bits: 0, 53 bits of microseconds since 1970, 10 bits of clock id. The
    timestamp is taken from the key's hash within 2023 (a valid, past time).
    """
    digest = int.from_bytes(
        hmac.digest(b"dialogo-bluesky-rkey", key.encode(), hashlib.sha256)[:8], "big"
    )
    micros = _TID_EPOCH + digest % (365 * 24 * 3600 * 1_000_000)
    value = (micros << 10) | (digest >> 54)
    return "".join(_B32[(value >> shift) & 31] for shift in range(60, -1, -5))


# --- text length ---------------------------------------------------------------------------

_JOINERS = {"\u200d"}


def _extends(char: str) -> bool:
    """Whether `char` belongs to the grapheme before it (marks, variation selectors, skin tones)."""
    code = ord(char)
    return (
        unicodedata.category(char) in {"Mn", "Me", "Mc"}
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0100 <= code <= 0xE01EF
    )


def graphemes(text: str) -> int:
    """User-perceived characters, as Bluesky counts its 300 (a close approximation of UAX #29:
    combining marks, emoji ZWJ sequences, modifiers and flag pairs count as one)."""
    count = 0
    joined = False
    regional = False
    for char in text:
        is_regional = 0x1F1E6 <= ord(char) <= 0x1F1FF
        if joined or _extends(char) or char in _JOINERS or (is_regional and regional):
            joined = char in _JOINERS
            regional = False
            continue
        count += 1
        regional = is_regional
    return count
