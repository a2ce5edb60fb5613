"""The client's address and scheme behind a reverse proxy, and idle sessions.

`X-Forwarded-For` and `X-Forwarded-Proto` are written by whoever sends the request: they are
believed only when the peer is one of ``TRUSTED_PROXIES`` (addresses or networks). The client
is then the right-most address of the chain that is not itself a trusted proxy — everything
left of it may have been written by the client. Without trusted proxies neither header
counts, and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str]) -> list[Network]:
    """``TRUSTED_PROXIES`` entries as networks (a bare address is a /32 or /128)."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(remote: str, forwarded: str, trusted: list[Network]) -> str:
    """The client's address from the peer (`remote`) and the X-Forwarded-For chain."""
    peer = _address(remote)

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if peer is None or not is_trusted(peer):
        return remote
    client = peer
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:
            break  # a malformed entry: nothing left of it can be believed
        client = address
        if not is_trusted(address):
            break
    return str(client)


class ProxyMiddleware:
    """First in the chain: sets REMOTE_ADDR to the client and the scheme to what a trusted
    proxy says, so rate limits, the audit log and HTTPS checks all see the same thing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = parse_networks(settings.TRUSTED_PROXIES)  # a handful: cheap per request
        meta = request.META
        remote = meta.get("REMOTE_ADDR", "")
        peer = _address(remote)
        if trusted and peer is not None and any(peer in network for network in trusted):
            meta["REMOTE_ADDR"] = client_address(
                remote, meta.get("HTTP_X_FORWARDED_FOR", ""), trusted
            )
            proto = meta.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                meta["wsgi.url_scheme"] = proto
        return self.get_response(request)


class IdleSessionMiddleware:
    """Logs out a session unused for ``SESSION_IDLE_SECONDS``. The last activity is written
    at most once a minute, so reading pages does not write the session each time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            if isinstance(last, int) and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif not isinstance(last, int) or now - last >= 60:
                request.session["last_activity"] = now
        return self.get_response(request)
