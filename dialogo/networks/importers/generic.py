"""The generic JSON Lines and CSV formats (docs/archive-formats.md): one message per line/row.

Fields: id, created_at, author_id, author_handle, author_name, author_email, text,
in_reply_to, thread_root, direction (in/out), private, subject, links; optional edited_at and
deleted for upstream changes; optional author_created_at, author_followers, author_avatar
(facts about the sender's account that triage reads as spam signals). Unknown fields are
kept in the message's raw payload.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.importers.archive import ArchiveFile, open_text
from dialogo.networks.importers.common import BadValue, as_str, institution, parse_iso
from dialogo.networks.importers.records import Account, ArchiveError, Record, Rejected
from dialogo.networks.links import clean_links

FIELDS = frozenset(
    "id created_at author_id author_handle author_name author_email text in_reply_to "
    "thread_root direction private subject edited_at deleted author_created_at "
    "author_followers author_avatar links".split()
)
MAX_LINE = 4 << 20  # characters; a longer line is rejected, never held whole
_TRUE = {"1", "true", "yes", "si", "sí", "t", "y"}
_FALSE = {"", "0", "false", "no", "f", "n"}
csv.field_size_limit(MAX_LINE)


def to_message(row: dict[str, Any], account: Account) -> InboundMessage:
    """Map one JSON object or CSV row; raises BadValue with the reason to reject it."""
    get = row.get  # this runs for every line of archives of millions: lookups hoisted
    network_id = as_str(get("id")).strip()
    if not network_id:
        raise BadValue("missing id")
    direction = get("direction") or "in"
    if direction != "in" and direction != "out":
        direction = as_str(direction).strip().lower()
        if direction not in {"in", "out"}:
            raise BadValue(f"direction must be 'in' or 'out', not {direction[:20]!r}")
    outbound = direction == "out"
    text = get("text")
    deleted = _flag(get("deleted"), "deleted")
    if text is None and not deleted:
        raise BadValue("missing text")
    message = InboundMessage(
        network_id=network_id,
        author=_author(row, outbound, account),
        text=as_str(text),
        created_at=parse_iso(get("created_at")),
        in_reply_to_network_id=as_str(get("in_reply_to")).strip(),
        thread_root_network_id=as_str(get("thread_root")).strip(),
        subject=as_str(get("subject")),
        is_private=_flag(get("private"), "private"),
        from_institution=outbound,
        deleted=deleted,
    )
    if get("edited_at"):
        message.edited_at = parse_iso(row["edited_at"], "edited_at")
    links = get("links")
    if links:
        message.links = clean_links(
            links.split() if isinstance(links, str) else links if isinstance(links, list) else []
        )
    if not FIELDS.issuperset(row):
        message.raw = {k: v for k, v in row.items() if k not in FIELDS}
    return message


def _author(row: dict[str, Any], outbound: bool, account: Account) -> InboundAuthor:
    get = row.get
    author_id = as_str(get("author_id")).strip()
    if outbound and not author_id:
        return institution(account)
    if not author_id:
        raise BadValue("missing author_id")
    author = InboundAuthor(
        external_id=author_id,
        handle=as_str(get("author_handle")),
        display_name=as_str(get("author_name")),
        email=as_str(get("author_email")).strip(),
    )
    created, followers, avatar = (
        get("author_created_at"),
        get("author_followers"),
        get("author_avatar"),
    )
    if created is not None or followers is not None or avatar is not None:  # rare: told
        for name, value in _account_facts(row).items():
            setattr(author, name, value)
    return author


def _account_facts(row: dict[str, Any]) -> dict[str, Any]:
    """What the archive tells about the sender's account. Optional, and only a hint: a value
    that cannot be read is left out, never a reason to reject the message."""
    facts: dict[str, Any] = {}
    created, followers, avatar = (
        row.get("author_created_at"),
        row.get("author_followers"),
        row.get("author_avatar"),
    )
    if created not in (None, ""):
        try:
            facts["account_created_at"] = parse_iso(created, "author_created_at")
        except BadValue:
            pass
    if followers not in (None, "") and not isinstance(followers, bool):
        text = as_str(followers).strip()
        if text.isdigit() and text.isascii():
            facts["followers"] = int(text)
    if avatar not in (None, ""):
        try:
            facts["has_avatar"] = _flag(avatar, "author_avatar")
        except BadValue:
            pass
    return facts


def _flag(value: Any, field: str) -> bool:
    if value is None:  # the field left out: the common case
        return False
    if isinstance(value, bool):
        return value
    text = as_str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadValue(f"{field} must be true or false, not {text[:20]!r}")


# --- JSON Lines ---------------------------------------------------------------------------


def sniff_jsonl(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        value = json.loads(first)
    except ValueError:
        # A first line longer than the sniffed head: judge by its start.
        return len(first) >= len(head.lstrip()) - 1 and first.startswith('{"')
    return isinstance(value, dict) and "id" in value


def parse_jsonl(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    member = _member(archive, (".jsonl", ".ndjson", ".json"), "JSON Lines")
    if not sniff_jsonl(archive.head(member)):
        raise ArchiveError(
            _("This is not a JSON Lines file: the first line is not a JSON object with an id.")
        )
    return _jsonl_records(archive, member, account, skip)


def _jsonl_records(
    archive: ArchiveFile, member: str | None, account: Account, skip: int
) -> Iterator[Record]:
    with open_text(archive, member) as stream:
        number = count = 0
        while True:
            line = stream.readline(MAX_LINE)
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            count += 1
            if count <= skip:  # resuming: already stored, skip without decoding
                if len(line) >= MAX_LINE and not line.endswith("\n"):
                    _skip_rest(stream)
                continue
            yield _jsonl_record(stream, line, number, account)


def _jsonl_record(stream: Any, line: str, number: int, account: Account) -> Record:
    if len(line) >= MAX_LINE and not line.endswith("\n"):
        _skip_rest(stream)
        return Rejected("line too long", f"line {number}")
    try:
        row = json.loads(line)
    except ValueError as exc:
        if not line.endswith("\n"):
            return Rejected("truncated: the file ends in the middle of this line", f"line {number}")
        return Rejected(f"invalid JSON: {exc.msg}", f"line {number}")
    if not isinstance(row, dict):
        return Rejected("not a JSON object", f"line {number}")
    try:
        return to_message(row, account)
    except BadValue as exc:
        return Rejected(str(exc), f"line {number}")


def _skip_rest(stream: Any) -> None:
    while True:
        part = stream.readline(MAX_LINE)
        if not part or part.endswith("\n"):
            return


# --- CSV ----------------------------------------------------------------------------------


def sniff_csv(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    names = {h.strip().lower() for h in header}
    return {"id", "created_at", "text"} <= names


def parse_csv(archive: ArchiveFile, account: Account, *, skip: int = 0) -> Iterator[Record]:
    member = _member(archive, (".csv",), "CSV")
    if not sniff_csv(archive.head(member)):
        raise ArchiveError(
            _(
                "This is not a CSV archive: the first row must name the columns id, created_at and text."
            )
        )
    return _csv_records(archive, member, account, skip)


def _csv_records(
    archive: ArchiveFile, member: str | None, account: Account, skip: int
) -> Iterator[Record]:
    with open_text(archive, member) as stream:
        reader = csv.reader(stream)
        header = [h.strip().lower() for h in next(reader)]
        count = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                count += 1
                if count > skip:
                    yield Rejected(f"unreadable CSV row: {exc}", f"line {reader.line_num}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            count += 1
            if count > skip:
                yield _csv_record(header, row, reader.line_num, account)


def _csv_record(header: list[str], row: list[str], line: int, account: Account) -> Record:
    where = f"line {line}"
    if len(row) < len(header):
        return Rejected(f"missing fields: {len(row)} of {len(header)} columns (truncated?)", where)
    try:
        return to_message(dict(zip(header, row, strict=False)), account)
    except BadValue as exc:
        return Rejected(str(exc), where)


def _member(archive: ArchiveFile, suffixes: tuple[str, ...], label: str) -> str | None:
    """The plain file (None), or the first member of a zip with one of `suffixes`."""
    if not archive.is_bundle:
        return None
    found = archive.find(*suffixes)
    if not found:
        raise ArchiveError(_("This zip holds no %(format)s file.") % {"format": label})
    return found[0]
