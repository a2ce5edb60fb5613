"""The institution's identity on its public pages: a colour and a logo, served as static-like
files so the Content-Security-Policy needs no inline style."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from dialogo.core.models import Organization

LOGO_TYPES = {"image/png", "image/jpeg", "image/webp", "image/svg+xml"}
LOGO_MAX_BYTES = 256 * 1024


def sniff_image(data: bytes) -> str:
    """The image type from its first bytes (never from the uploaded name or header)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return ""


def _luminance(hex_color: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_for(color: str) -> str:
    """White or near-black text on ``color``, whichever reads better."""
    return "#ffffff" if contrast(color, "#ffffff") >= contrast(color, "#1b1f24") else "#1b1f24"


def theme_css(org: Organization) -> str:
    color = org.brand_color
    ink = ink_for(color)
    # Links on white need 4.5:1 too: a light brand colour falls back to the house blue.
    link = color if contrast(color, "#ffffff") >= 4.5 else "#0b4f8a"
    return f":root{{--org:{color};--org-ink:{ink};--org-link:{link};}}\n"


def _cached(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def theme(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org)
    return _cached(request, theme_css(organization).encode(), "text/css; charset=utf-8")


@require_GET
def logo(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.only("logo", "logo_type"), slug=org)
    if not organization.logo or organization.logo_type not in LOGO_TYPES:
        raise Http404("No logo")
    response = _cached(request, bytes(organization.logo), organization.logo_type)
    # An SVG opened on its own must not run scripts: it is only ever an image here.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
