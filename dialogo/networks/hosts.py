"""Addresses an administrator types for a channel (a Mastodon instance, a WordPress site, an
IMAP or SMTP server) must be on the public Internet: otherwise the connection form would let
anyone with settings rights probe the installation's own network (loopback, the cloud's
metadata service, private ranges). ``ALLOW_PRIVATE_NETWORK_HOSTS`` lifts this for
installations whose servers are on a private network (and for the tests, which use 127.0.0.1).

The check resolves the name now; the adapter resolves it again when it connects, so a name
that changes its answer in between (DNS rebinding) is out of its reach.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def host_of(value: str) -> str:
    """The host name or address in a URL ("https://host:port/path") or a bare host."""
    value = value.strip()
    if "://" in value:
        try:
            return urlsplit(value).hostname or ""
        except ValueError:
            return ""
    if value.startswith("["):  # [::1] or [::1]:993
        return value[1 : value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def public_host_error(value: str) -> str:
    """Why `value` may not be used as a server address ("" when it may)."""
    if getattr(settings, "ALLOW_PRIVATE_NETWORK_HOSTS", False):
        return ""
    host = host_of(value)
    if not host:
        return _("Write a server address.")
    addresses = _addresses(host)
    if not addresses:
        return _("This server name does not resolve to any address.")
    if any(_is_internal(address) for address in addresses):
        return _(
            "This address is on a private or local network; this installation only connects "
            "to servers on the Internet."
        )
    return ""
