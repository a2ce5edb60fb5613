"""The request being served, for code far from the view (the audit log) that needs who asks
and from where. Set by `AuditContextMiddleware`; empty in workers, commands and the shell."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def client_ip(request: Any) -> str | None:
    """The client's address: the one helper every rate limit and audit entry reads.
    ``core.proxy.ProxyMiddleware`` has already put the client behind a trusted proxy in
    REMOTE_ADDR; anything that is not an address is None."""
    value = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def request_ip() -> str | None:
    """The current request's client address, or None outside a request."""
    request = current_request.get()
    return client_ip(request) if request is not None else None


def request_user() -> Any:
    """The current request's signed-in user, or None (anonymous, or outside a request)."""
    request = current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
