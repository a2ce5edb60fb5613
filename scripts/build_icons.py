"""Build the icon sprite served as a static file: interface icons from lucide-static (ISC)
and network logos from simple-icons (CC0), both from the npm registry (node_modules).

Run by the Makefile's vendor step: `python scripts/build_icons.py node_modules build/vendor`.
Templates use `<svg><use href="…/dialogo-icons/icons.svg#NAME"></svg>`: one cached file,
no inline SVG in every page, nothing for the Content-Security-Policy to block.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Interface icons: sprite id -> lucide file name.
UI = {
    "inbox": "inbox",
    "pqrsd": "landmark",
    "metrics": "chart-column",
    "live": "gauge",
    "audit": "scroll-text",
    "channels": "radio",
    "moderation": "shield",
    "policy": "scale",
    "triage": "tags",
    "settings": "settings",
    "form": "file-text",
    "replies": "bookmark",
    "language": "languages",
    "logout": "log-out",
    "user": "user",
    "clock": "clock",
    "alert": "alert-triangle",
    "search": "search",
    "filter": "filter",
    "keyboard": "keyboard",
    "check": "check",
    "close": "x",
    "chevron": "chevron-down",
    "mail": "mail",
    "message": "message-square",
    "globe": "globe",
}
# Network logos: channel kind -> simple-icons file name (e-mail and the web form use
# interface icons: they are not brands).
NETWORKS = {
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "x": "x",
    "facebook": "facebook",
    "wordpress": "wordpress",
    "whatsapp": "whatsapp",
    "instagram": "instagram",
}


def _inner(svg: str) -> tuple[str, str]:
    """The viewBox and the drawing of one SVG file (its <title> dropped: the page labels)."""
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    body = re.sub(r"<title>.*?</title>", "", body, flags=re.S)
    return view_box, " ".join(body.split())


def build(modules: Path) -> str:
    symbols = []
    for name, source in UI.items():
        view_box, body = _inner((modules / "lucide-static/icons" / f"{source}.svg").read_text())
        symbols.append(
            f'<symbol id="{name}" viewBox="{view_box}" fill="none" stroke="currentColor" '
            f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>'
        )
    for kind, source in NETWORKS.items():
        view_box, body = _inner((modules / "simple-icons/icons" / f"{source}.svg").read_text())
        symbols.append(
            f'<symbol id="net-{kind}" viewBox="{view_box}" fill="currentColor">{body}</symbol>'
        )
    for kind, source in {"email": "mail", "webform": "file-text"}.items():
        view_box, body = _inner((modules / "lucide-static/icons" / f"{source}.svg").read_text())
        symbols.append(
            f'<symbol id="net-{kind}" viewBox="{view_box}" fill="none" stroke="currentColor" '
            f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        "<!-- lucide-static (ISC) and simple-icons (CC0-1.0) -->" + "".join(symbols) + "</svg>\n"
    )


def main(modules: str, out: str) -> None:
    target = Path(out) / "dialogo-icons"
    target.mkdir(parents=True, exist_ok=True)
    (target / "icons.svg").write_text(build(Path(modules)), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
