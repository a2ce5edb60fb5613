"""What a parser yields: normalised messages, or a rejection saying what was wrong and where.

Parsers never touch the database. Each one reads a binary stream and yields, in file order,
exactly one record per item of the archive (a line, an array element, a CSV row) — a
message, a rejection, or an item skipped on purpose (a boost, a retweet) — so a
resumed import can skip the first `position` records without storing anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dialogo.networks.base import InboundMessage, Rejected

__all__ = ["Account", "ArchiveError", "Record", "Records", "Rejected", "Skipped"]


class ArchiveError(Exception):
    """The file cannot be imported at all: wrong format, unreadable, empty. Shown to the user."""


@dataclass(frozen=True)
class Skipped:
    """An item left out on purpose, not for being wrong: a boost or retweet of someone else's
    post holds no text of the institution's own. Counted apart from rejections."""

    reason: str
    where: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "where": self.where}


Record = InboundMessage | Rejected | Skipped
Records = Iterator[Record]


@dataclass(frozen=True)
class Account:
    """The institution's own account on the network, so its posts are told from citizens'.

    `external_id` may be empty when the archive alone must tell (an X DM archive without
    account.js); parsers then infer it as documented in docs/archive-formats.md.
    """

    external_id: str = ""
    handle: str = ""
    name: str = ""

    def matches(self, value: str) -> bool:
        value = (value or "").strip().lstrip("@").casefold()
        return bool(value) and value in {
            v.strip().lstrip("@").casefold()
            for v in (self.external_id, self.handle, self.name)
            if v
        }
