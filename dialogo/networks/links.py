"""Link targets of a message, as connectors and archive importers hand them to triage.

`InboundMessage.links` holds the real targets of the links in a message (never a t.co short
link when the network says where it goes), each once, in the order they appear.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

MAX_LINKS = 20  # a message with more is not made heavier by them
MAX_LENGTH = 2000  # characters of one URL


def clean_links(urls: Iterable[Any]) -> list[str]:
    """The http(s) URLs among `urls`, each once, in order; others (None, "", relative
    paths, mailto:) are left out."""
    seen: dict[str, None] = {}
    for url in urls:
        if not isinstance(url, str):
            continue
        url = url.strip()
        if url.lower().startswith(("http://", "https://")) and len(url) <= MAX_LENGTH:
            seen.setdefault(url, None)
            if len(seen) >= MAX_LINKS:
                break
    return list(seen)


def expand(text: str, pairs: Iterable[tuple[Any, Any]]) -> str:
    """`text` with each short link replaced by its target ((short, target) pairs)."""
    for short, target in pairs:
        if isinstance(short, str) and isinstance(target, str) and short and target:
            text = text.replace(short, target)
    return text


class _Anchors(HTMLParser):
    """The hrefs of <a> elements that are links, not mentions or hashtags (Mastodon marks
    those with class "mention" / "hashtag" or rel="tag")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if (
            "mention" in classes
            or "hashtag" in classes
            or "tag" in (values.get("rel") or "").split()
        ):
            return
        if values.get("href"):
            self.hrefs.append(values["href"] or "")


def html_links(content: str) -> list[str]:
    """The link targets in a post's HTML (Mastodon's content), mentions and hashtags left out."""
    if not content or "<a" not in content:
        return []
    parser = _Anchors()
    try:
        parser.feed(content)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser on broken markup: keep what it read
        pass
    return clean_links(parser.hrefs)
