"""History import: streaming parsers for the archives people download from their networks.

`open_archive(path)` opens a file, zip or extracted folder, `detect(archive)` names its
format from its content, and `parse(archive, fmt, account, skip=)` yields one normalised
record (InboundMessage, Rejected, or Skipped for boosts and retweets) per item, never
holding more than one item in memory.
`runner.run_import` feeds them to `dialogo.inbox.bulk.ingest_batch`; formats are described
for users in docs/archive-formats.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogo.networks.importers import facebook, generic, mastodon, x
from dialogo.networks.importers.archive import ArchiveFile
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected, Skipped

__all__ = [
    "Account",
    "ArchiveError",
    "ArchiveFile",
    "FORMATS",
    "Record",
    "Rejected",
    "Skipped",
    "detect",
    "open_archive",
    "parse",
]

Parser = Callable[..., Iterator[Record]]

FORMATS: dict[str, tuple[object, Parser]] = {
    "x": (gettext_lazy("X (Twitter) archive"), x.parse_x),
    "x-dm": (gettext_lazy("X (Twitter) direct messages"), x.parse_dms),
    "mastodon": (gettext_lazy("Mastodon export (outbox.json)"), mastodon.parse),
    "facebook": (gettext_lazy("Facebook page export (JSON)"), facebook.parse),
    "jsonl": (gettext_lazy("JSON Lines"), generic.parse_jsonl),
    "csv": (gettext_lazy("CSV"), generic.parse_csv),
}


def open_archive(path: str) -> ArchiveFile:
    return ArchiveFile(path)


def detect(archive: ArchiveFile) -> str:
    """The format of the file, judged from its content (names inside a zip, first bytes)."""
    found = _detect_zip(archive) if archive.is_bundle else _detect_head(archive.head())
    if not found:
        raise ArchiveError(
            _(
                "Unrecognised file: expected an X or Mastodon archive, a Facebook page export, "
                "or the JSON Lines or CSV format described in the documentation."
            )
        )
    return found


def _detect_head(head: str) -> str:
    if not head.strip():
        raise ArchiveError(_("The file is empty."))
    if "\ufffd" in head[:64] and head.lstrip()[:1] not in "{[w":
        return ""  # binary garbage
    return (
        x.sniff(head)
        or ("mastodon" if mastodon.sniff(head) else "")
        or ("facebook" if facebook.shape(head) else "")
        or ("jsonl" if generic.sniff_jsonl(head) else "")
        or ("csv" if generic.sniff_csv(head) else "")
    )


def _detect_zip(archive: ArchiveFile) -> str:
    tweets, dms = x.zip_members(archive)
    if tweets:
        return "x"
    if dms:
        return "x-dm"
    if archive.find("outbox.json"):
        return "mastodon"
    if any(facebook.shape(archive.head(n)) for n in archive.find(".json")):
        return "facebook"
    for name in archive.find(".jsonl", ".ndjson", ".csv"):
        return "csv" if name.lower().endswith(".csv") else "jsonl"
    return ""


def parse(archive: ArchiveFile, fmt: str, account: Account, *, skip: int = 0) -> Iterator[Record]:
    """Records of the archive read as `fmt`; raises ArchiveError when it is not that format."""
    if fmt not in FORMATS:
        raise ArchiveError(_("Unknown format %(format)s.") % {"format": fmt})
    return FORMATS[fmt][1](archive, account, skip=skip)
