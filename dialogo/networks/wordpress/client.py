"""A small client for the WordPress REST API (application passwords over HTTP basic)."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
from django.utils.translation import gettext as _

from dialogo.networks.base import AdapterError, AuthError

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from Retry-After (seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RequestRefused(AdapterError):
    """A 4xx answer other than authentication and rate limits; `code` is WordPress's own."""

    def __init__(self, message: str, *, status: int, code: str) -> None:
        super().__init__(message, permanent=status not in (404, 408, 409))
        self.status = status
        self.code = code


def _error_body(response: httpx.Response) -> tuple[str, str]:
    """(code, message) of a WordPress error body, or the HTTP reason."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("message"):
        return str(body.get("code", "")), str(body["message"])
    return "", response.reason_phrase or str(response.status_code)


class WordPressClient:
    def __init__(self, site_url: str, username: str, password: str) -> None:
        self.api = site_url.rstrip("/") + "/wp-json"
        self.http = httpx.Client(auth=(username, password), timeout=TIMEOUT, follow_redirects=True)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> WordPressClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, route: str, **kwargs: Any) -> tuple[Any, httpx.Headers]:
        """Call a REST route; returns (decoded JSON, headers) or raises the contract's errors."""
        try:
            response = self.http.request(method, self.api + route, **kwargs)
        except httpx.TimeoutException as exc:
            raise AdapterError(_("WordPress did not answer in time.")) from exc
        except httpx.HTTPError as exc:
            raise AdapterError(_("Could not reach WordPress: %(error)s") % {"error": exc}) from exc
        self._raise_for_status(response)
        try:
            return response.json(), response.headers
        except ValueError as exc:
            raise AdapterError(_("WordPress answered with something that is not JSON.")) from exc

    @staticmethod
    def _raise_for_status(response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        code, detail = _error_body(response)
        if status in (401, 403):
            raise AuthError(
                _("WordPress refused the user or application password (%(detail)s).")
                % {"detail": detail}
            )
        if status == 429:
            raise AdapterError(
                _("WordPress asks to slow down (HTTP 429)."),
                retry_after=retry_after(response.headers),
            )
        if status >= 500:
            raise AdapterError(_("WordPress failed (HTTP %(status)s).") % {"status": status})
        raise RequestRefused(
            _("WordPress refused the request (HTTP %(status)s: %(detail)s).")
            % {"status": status, "detail": detail},
            status=status,
            code=code,
        )
