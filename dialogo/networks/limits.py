"""How long a reply may be on each network, counted the way the network counts it.

X counts characters (280), Bluesky counts graphemes (300: what a reader sees as one
character, so an emoji with a skin tone is one), Mastodon counts characters (500 by default;
instances may allow more). A channel may set its own limit in ``settings["max_chars"]``.
"""

from __future__ import annotations

import unicodedata

DEFAULT_LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500}
GRAPHEME_NETWORKS = {"bluesky"}
ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Does ``ch`` join the character before it (accent, variation selector, skin tone)?"""
    code = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in {"Mn", "Me"}
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F  # tag characters (flag sub-regions)
    )


def grapheme_count(text: str) -> int:
    """User-perceived characters: marks, modifiers and zero-width-joined emoji sequences
    count with their base, and a pair of regional indicators is one flag."""
    count, joined, regional_open = 0, False, False
    for ch in text:
        code = ord(ch)
        if ch == ZWJ:
            joined = True
            continue
        if joined or _extends(ch):
            joined = False
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            if regional_open:
                regional_open = False
                continue
            regional_open = True
        else:
            regional_open = False
        count += 1
    return count


def length(kind: str, text: str) -> int:
    return grapheme_count(text) if kind in GRAPHEME_NETWORKS else len(text)


def limit_for(channel) -> int | None:
    """The channel's own limit, else its network's; None when the network has none."""
    own = (channel.settings or {}).get("max_chars")
    if isinstance(own, int) and own > 0:
        return own
    return DEFAULT_LIMITS.get(channel.kind)
