"""A streaming reader for one JSON array inside a file, with flat memory.

`json.JSONDecoder.raw_decode` decodes one element at a time from a rolling text buffer; only
the current element (and one read chunk) is ever held. The array may sit behind a prefix
(`window.YTD.tweets.part0 = [` in X archives, `{"orderedItems": [` in Mastodon's outbox):
`find_array` skips to the first match of a pattern ending just before the `[`.

When the array is the value of a key of a top-level object (Mastodon's `orderedItems`,
Facebook's `comments_v2` and `data`), `iter_key_arrays` walks that object key by key instead:
a key may come after others, and may appear more than once — real exports do write
`"orderedItems": []` and then the real array. `json.load` would keep the last one; here
every occurrence is read in file order (the empty ones add nothing), so nothing is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

CHUNK = 1 << 16
MAX_PREFIX = 1 << 20  # how far into a file the array may start
MAX_ELEMENT = 256 << 20  # one element larger than this is refused (a runaway string)
_decoder = json.JSONDecoder(strict=False)  # tolerate raw control characters in strings
_SPACE = re.compile(r"[\s,]*")


class NotFound(Exception):
    """The array's opening was not found where it should be."""


@dataclass(frozen=True)
class Broken:
    """The array ended early (truncated file) or holds invalid JSON at element `index`."""

    index: int
    truncated: bool
    detail: str


class _Buffer:
    """Text read so far and not yet consumed; `eof` once the stream is exhausted."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(size)
        if not chunk:
            self.eof = True
            return False
        if self.pos > CHUNK:  # drop what was consumed, so the buffer never grows
            self.text, self.pos = self.text[self.pos :], 0
        self.text += chunk
        return True


def find_array(buf: _Buffer, opening: re.Pattern[str]) -> None:
    """Advance past `opening` and the `[` that follows it, or raise NotFound."""
    while True:
        match = opening.search(buf.text, buf.pos)
        if match:
            bracket = buf.text.find("[", match.end())
            if bracket >= 0 and not buf.text[match.end() : bracket].strip():
                buf.pos = bracket + 1
                return
        if len(buf.text) > MAX_PREFIX or not buf.more():
            raise NotFound(buf.text[:80])


def iter_array(stream: TextIO, opening: re.Pattern[str]) -> Iterator[Any | Broken]:
    """Yield each element of the array after `opening`; a `Broken` ends the stream early."""
    buf = _Buffer(stream)
    buf.more()
    find_array(buf, opening)
    index = 0
    while True:
        item = _next_element(buf, index)
        if item is _END:
            return
        yield item
        if isinstance(item, Broken):
            return
        index += 1


def iter_key_arrays(stream: TextIO, keys: Collection[str]) -> Iterator[Any | Broken]:
    """Yield each element of every array that is the value of one of `keys` in the top-level
    object,
    in file order; other keys' values are decoded one at a time and dropped. A `Broken`
    ends the stream early. Raises NotFound when the file is not an object or holds no
    such array."""
    buf = _Buffer(stream)
    buf.more()
    if _peek(buf, _WHITE) != "{":
        raise NotFound(buf.text[:80])
    buf.pos += 1
    found = False
    index = 0
    while True:
        char = _peek(buf, _SPACE)
        if char == "}" or not char:  # the end (a missing "}" loses nothing: no item is cut)
            if not found:
                raise NotFound(buf.text[:80])
            return
        name = _decode(buf, index) if char == '"' else Broken(index, False, "expected a key")
        if isinstance(name, Broken) or _peek(buf, _WHITE) != ":":
            if not found:
                raise NotFound(buf.text[:80])
            yield name if isinstance(name, Broken) else Broken(index, False, "expected ':'")
            return
        buf.pos += 1
        if name in keys and _peek(buf, _WHITE) == "[":
            buf.pos += 1
            found = True
            while True:
                item = _next_element(buf, index)
                if item is _END:
                    break
                yield item
                if isinstance(item, Broken):
                    return
                index += 1
            continue
        value = _decode(buf, index) if _peek(buf, _WHITE) else Broken(index, True, "end of file")
        if isinstance(value, Broken):
            if not found:
                raise NotFound(buf.text[:80])
            yield value
            return


_END = object()
_WHITE = re.compile(r"\s*")


def _peek(buf: _Buffer, space: re.Pattern[str]) -> str:
    """The next character after `space`, reading on as needed; '' at the end of the file."""
    while True:
        buf.pos = space.match(buf.text, buf.pos).end()  # type: ignore[union-attr]
        if buf.pos < len(buf.text):
            return buf.text[buf.pos]
        if not buf.more():
            return ""


def _next_element(buf: _Buffer, index: int) -> Any:
    char = _peek(buf, _SPACE)
    if not char:
        return Broken(index, True, "end of file inside the array")
    if char == "]":
        buf.pos += 1
        return _END
    return _decode(buf, index)


def _decode(buf: _Buffer, index: int) -> Any:
    """The JSON value at the buffer's position (read on until it is whole), or a Broken."""
    size = CHUNK
    while True:
        try:
            value, end = _decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as exc:
            if not _may_need_more(buf, exc):
                return Broken(index, False, f"{exc.msg} (character {exc.pos - buf.pos} of item)")
            # Only the message is kept: the exception holds the whole buffer (`exc.doc`), and
            # its traceback a cycle through this frame that only the collector would free.
            error, end = exc.msg, -1
        # A value ending exactly at the end of the buffer may be cut (a number): read on.
        if end != -1 and (end < len(buf.text) or buf.eof):
            buf.pos = end
            return value
        if len(buf.text) - buf.pos > MAX_ELEMENT:
            return Broken(index, False, "element too large")
        size = min(size * 2, 16 << 20)  # grow reads so a huge element is not re-parsed often
        if not buf.more(size):
            if end != -1:
                buf.pos = end
                return value
            return Broken(index, True, error)


def _may_need_more(buf: _Buffer, error: json.JSONDecodeError) -> bool:
    """Incomplete data fails at the end of the buffer (or in an unterminated string); an
    error earlier on is invalid JSON, and reading on would only fill memory."""
    if buf.eof:
        return False
    return error.msg.startswith("Unterminated string") or error.pos >= len(buf.text) - 8
