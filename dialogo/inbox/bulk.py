"""Bulk ingest: thousands of archived messages per transaction, for the history import.

`ingest_batch` stores one batch with the same outcome as calling
`services.receive_message` for each record in order (re-ingesting is a no-op, replies join
their parent's conversation, threads join by root, the institution's own posts answer what
was pending), but with a fixed number of queries per batch instead of ~10 per message:

1. one query for the batch's network ids already stored (those are "already present");
2. authors and citizens resolved in bulk (get-or-create by identity, citizens linked by
   e-mail), new ones with `bulk_create`;
3. one query for the parents (`in_reply_to`) and thread roots already stored, one to lock
   and read the conversations they belong to; new conversations with `bulk_create`;
4. messages with one raw `executemany` INSERT (the ORM's per-object cost dominates at 1M
   rows), then one SELECT for their ids;
5. conversation counters, timers, snippet and search text computed in Python and written
   with one `executemany` UPDATE for conversations that already existed.

Differences from the one-by-one path, on purpose, for history:

* Old history is not work to do. A conversation created by an import whose last message is
  older than `HISTORY_OPEN_DAYS` is stored closed (resolved at its last message), so years
  of archive do not all show as unanswered and overdue. Recent ones stay open with their
  answer deadline, as the live path would leave them.
* A citizen message older than the conversation's latest activity (a late-arriving old
  message) is added to the thread and the search text but does not reopen it.
* Triage is not run per message: `messages_imported` is sent once per batch, inside the
  batch's transaction, with the new message ids (`message_received` is not sent for
  imported messages). What listeners write commits with the batch: an import killed at any
  point leaves no stored message without its labels, and costs one commit per batch.
* Upstream edits and deletions (records with `edited_at` or `deleted`) are rare in archives
  and go through the one-by-one `services.receive_message` / `apply_upstream_change`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from dialogo.core import audit, bulkdb
from dialogo.core.business_time import WorkCalendar
from dialogo.core.models import AuditEntry, Organization
from dialogo.core.services import calendar_for
from dialogo.inbox import lifecycle, search, services
from dialogo.inbox.models import (
    Author,
    Citizen,
    Conversation,
    Direction,
    Message,
    SendStatus,
)
from dialogo.networks.base import InboundAuthor, InboundMessage, Rejected, single_line
from dialogo.networks.models import Channel

# Sent once per stored batch, inside its transaction (what a listener writes commits with
# the batch). A listener must never fail the batch: it works in its own savepoint
# (`transaction.atomic()`) and catches its errors. Triage connects here for imported
# messages. kwargs: channel_id (int), message_ids (new messages, in time order),
# inbound_ids (the subset written by citizens), inbound_messages (those as (id, text,
# conversation id, organization id, written at, account facts) tuples, so listeners need not
# read them back; account facts are (created at, has a picture, followers) when the archive
# told any, else None), cache (a dict that lasts the whole import, for what a listener need
# not read again for every batch; it may start empty at any batch).
messages_imported = Signal()

HISTORY_OPEN_DAYS = 30  # imported conversations quiet for longer than this are stored closed
MAX_REJECTIONS = 20  # rejection reasons kept per batch (the counts are always complete)
_RETRIES = 3  # a concurrent writer stored one of our ids between check and insert: redo


@dataclass
class BatchResult:
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[Rejected] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)

    def reject(self, record: Rejected) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_REJECTIONS:
            self.rejections.append(record)


def ingest_batch(
    *,
    channel: Channel,
    records: Iterable[InboundMessage | Rejected],
    now: dt.datetime | None = None,
    cache: dict[Any, Any] | None = None,
) -> BatchResult:
    """Store a batch of imported records in one transaction; see the module docstring.

    ``cache``: one dict for all the batches of an import, handed to the listeners of
    `messages_imported` (a fresh one per batch when not given)."""
    result = BatchResult()
    fresh, changes = _split(records, result)
    for attempt in range(_RETRIES):
        try:
            with transaction.atomic():
                batch = _Batch(channel, now or timezone.now())
                ids, inbound, duplicates = batch.store(fresh)
                _apply_changes(channel, changes, result)
                if ids:
                    messages_imported.send(
                        sender=Message,
                        channel_id=channel.pk,
                        message_ids=ids,
                        inbound_ids=[m[0] for m in inbound],
                        inbound_messages=inbound,
                        cache=cache if cache is not None else {},
                    )
            break
        except IntegrityError:
            if attempt == _RETRIES - 1:
                raise
    result.new += len(ids)
    result.duplicate += duplicates
    result.message_ids = ids
    return result


def _split(
    records: Iterable[InboundMessage | Rejected], result: BatchResult
) -> tuple[list[InboundMessage], list[InboundMessage]]:
    """New messages (first of each id), upstream changes, and counts of the rest."""
    fresh: dict[str, InboundMessage] = {}
    changes: list[InboundMessage] = []
    for record in records:
        if isinstance(record, Rejected):
            result.reject(record)
        elif record.deleted or record.edited_at:
            changes.append(record)
        elif not record.network_id:
            result.reject(Rejected("missing id"))
        elif record.network_id[:255] in fresh:
            result.duplicate += 1  # the same id twice in the file
        else:
            fresh[record.network_id[:255]] = record
    return list(fresh.values()), changes


def _apply_changes(channel: Channel, changes: list[InboundMessage], result: BatchResult) -> None:
    for inbound in changes:
        try:
            _message, created = services.receive_message(channel=channel, inbound=inbound)
        except services.InboxError as exc:
            result.reject(Rejected(str(exc), inbound.network_id[:80]))
            continue
        if created:
            result.new += 1
        else:
            result.duplicate += 1


# --- one batch ------------------------------------------------------------------------------


@dataclass
class _Thread:
    """A conversation the batch adds to: new (unsaved) or existing (locked and read)."""

    conv: Conversation
    is_new: bool
    timeline: lifecycle.Timeline
    docs: list[str] = field(default_factory=list)
    last_text: str | None = None
    added: int = 0  # messages of this batch folded in


@dataclass
class _Row:
    """A message to insert, with the cleaned text and its resolved conversation."""

    inbound: InboundMessage
    network_id: str
    text: str
    author_id: int
    thread: _Thread
    parent_id: int | None = None


class _Batch:
    """The work of one `ingest_batch` call, inside its transaction."""

    def __init__(self, channel: Channel, now: dt.datetime) -> None:
        self.channel = channel
        self.org: Organization = channel.organization
        self.calendar: WorkCalendar = calendar_for(self.org)
        self.now = now
        self.history_before = now - dt.timedelta(days=HISTORY_OPEN_DAYS)  # see _is_old
        self.threads: dict[int, _Thread] = {}  # existing conversations by pk
        self.author_docs: dict[int, str] = {}

    def store(self, fresh: list[InboundMessage]) -> tuple[list[int], list[tuple[Any, ...]], int]:
        """Insert what is new; returns (new ids, the new inbound messages as
        `messages_imported` describes them, how many were present)."""
        if not fresh:
            return [], [], 0
        present = self._present([m.network_id[:255] for m in fresh])
        todo = sorted(
            (m for m in fresh if m.network_id[:255] not in present), key=lambda m: m.created_at
        )
        if not todo:
            return [], [], len(present)
        authors = _AuthorResolver(self.org, self.channel.kind).resolve(todo)
        rows = self._thread(todo, authors)
        threads = list({id(r.thread): r.thread for r in rows}.values())
        for thread in threads:
            self._finish(thread)
        bulkdb.create_rows(Conversation, [t.conv for t in threads if t.is_new])
        ids = self._insert(rows)
        self._update_existing()
        org_id = self.org.pk
        inbound = [
            (pk, r.text, r.thread.conv.pk, org_id, r.inbound.created_at, _facts(r.inbound.author))
            for pk, r in zip(ids, rows, strict=True)
            if not r.inbound.from_institution
        ]
        return ids, inbound, len(present)

    def _present(self, network_ids: list[str]) -> set[str]:
        rows = bulkdb.select_in(
            Message, ["network_id"], {"channel_id": self.channel.pk}, "network_id", network_ids
        )
        return {nid for (nid,) in rows}

    # --- threading ---------------------------------------------------------------------------

    def _thread(
        self, todo: list[InboundMessage], authors: dict[str, tuple[int, str]]
    ) -> list[_Row]:
        """Resolve each message's conversation, in time order, as `_find_conversation` would."""
        in_batch = {m.network_id[:255] for m in todo}
        parents = self._stored_parents(
            {m.in_reply_to_network_id[:255] for m in todo} - in_batch - {""}
        )
        roots = self._stored_roots({m.thread_root_network_id[:255] for m in todo} - {""})
        self._lock({conv for _pk, conv in parents.values()} | set(roots.values()))
        by_id: dict[str, _Row] = {}
        new_roots: dict[str, _Thread] = {}
        rows = []
        for inbound in todo:
            reply_to = inbound.in_reply_to_network_id[:255]
            root = inbound.thread_root_network_id[:255]
            author_id, author_words = authors[inbound.author.external_id[:255]]
            thread = None
            if reply_to in by_id:
                thread = by_id[reply_to].thread
            elif reply_to in parents:
                thread = self.threads.get(parents[reply_to][1])
            if thread is None and root:
                thread = new_roots.get(root) or self.threads.get(roots.get(root, 0))
            if thread is None:
                thread = self._new_thread(
                    inbound, author_id, self._author_doc(author_id, author_words)
                )
                new_roots.setdefault(thread.conv.thread_key, thread)
            row = _Row(
                inbound,
                inbound.network_id[:255],
                services.clean_text(inbound.text),
                author_id,
                thread,
            )
            row.parent_id = parents[reply_to][0] if reply_to in parents else None
            by_id[row.network_id] = row
            rows.append(row)
            thread.added += 1
            if inbound.from_institution:
                newest = lifecycle.institution_posted(thread.timeline, inbound.created_at)
            else:
                newest = lifecycle.citizen_wrote(thread.timeline, inbound.created_at)
                thread.docs.append(search.document(row.text))
            if newest:
                thread.last_text = row.text
        return rows

    def _stored_parents(self, network_ids: set[str]) -> dict[str, tuple[int, int]]:
        if not network_ids:
            return {}
        rows = bulkdb.select_in(
            Message,
            ["network_id", "id", "conversation_id"],
            {"channel_id": self.channel.pk},
            "network_id",
            network_ids,
        )
        return {nid: (pk, conv) for nid, pk, conv in rows}

    def _stored_roots(self, keys: set[str]) -> dict[str, int]:
        if not keys:
            return {}
        found = Conversation.objects.filter(channel=self.channel, thread_key__in=keys)
        # The latest conversation on a thread wins, as in services._find_conversation.
        return dict(found.order_by("last_activity_at", "pk").values_list("thread_key", "pk"))

    def _lock(self, pks: set[int]) -> None:
        if not pks:
            return
        for conv in Conversation.objects.select_for_update().filter(pk__in=pks):
            self.threads[conv.pk] = _Thread(
                conv=conv, is_new=False, timeline=lifecycle.Timeline.of(conv)
            )

    def _author_doc(self, author_id: int, words: str) -> str:
        if author_id not in self.author_docs:
            self.author_docs[author_id] = search.document(words)
        return self.author_docs[author_id]

    def _new_thread(self, inbound: InboundMessage, author_id: int, author_doc: str) -> _Thread:
        conv = bulkdb.blank(
            Conversation,
            organization_id=self.org.pk,
            channel_id=self.channel.pk,
            author_id=author_id,
            subject=single_line(services.clean_text(inbound.subject))[:255],
            thread_key=(inbound.thread_root_network_id or inbound.network_id)[:255],
            created_at=inbound.created_at,
            last_activity_at=inbound.created_at,
        )
        return _Thread(
            conv=conv,
            is_new=True,
            timeline=lifecycle.Timeline.of(conv),
            docs=[author_doc] if author_doc else [],
        )

    # --- aggregates ---------------------------------------------------------------------------

    def _finish(self, thread: _Thread) -> None:
        """The lifecycle's timers, which need the calendar, once per conversation."""
        conv, org = thread.conv, self.org
        if thread.last_text is not None:
            conv.snippet = services._snippet(thread.last_text)
        lifecycle.settle(
            thread.timeline,
            self.calendar,
            first_response_hours=org.first_response_target_hours,
            resolution_hours=org.resolution_target_hours,
            history_before=self.history_before,
            is_new=thread.is_new,
        )
        thread.timeline.write_to(conv)
        words = " ".join([d for d in thread.docs if d])
        conv.search_document = (
            f"{conv.search_document} {words}".strip() if words else conv.search_document
        )

    # --- writing ----------------------------------------------------------------------------

    def _insert(self, rows: list[_Row]) -> list[int]:
        """One executemany INSERT with ids allocated beforehand, so a reply to a message of
        the same batch gets its `in_reply_to` at once (no SELECT, no UPDATE afterwards)."""
        ids = bulkdb.allocate_ids(Message, len(rows))
        by_network_id = {r.network_id: pk for r, pk in zip(rows, ids, strict=True)}
        now = bulkdb.db_time(self.now)
        org_id, channel_id = self.org.pk, self.channel.pk
        # (direction, send status) of the institution's posts and of citizens' messages.
        outbound = (Direction.OUT.value, SendStatus.SENT.value)
        inbound_kind = (Direction.IN.value, SendStatus.NONE.value)
        find_parent, db_time, dumps = by_network_id.get, bulkdb.db_time_cached, json.dumps
        rest = _message_defaults()
        params = []
        for r, pk in zip(rows, ids, strict=True):
            inbound = r.inbound
            direction, send_status = outbound if inbound.from_institution else inbound_kind
            reply_to = inbound.in_reply_to_network_id[:255]
            params.append(
                (
                    pk,
                    org_id,
                    r.thread.conv.pk,
                    channel_id,
                    direction,
                    r.author_id,
                    r.network_id,
                    r.parent_id or find_parent(reply_to),
                    reply_to,
                    r.text,
                    inbound.is_private,
                    db_time(inbound.created_at),
                    now,
                    dumps(inbound.raw) if inbound.raw else "{}",
                    dumps(inbound.links) if inbound.links else "[]",
                    send_status,
                    "",
                    *rest,
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_SQL, params)
        return ids

    def _update_existing(self) -> None:
        changed = [t for t in self.threads.values() if t.added]
        if not changed:
            return
        fields = [Conversation._meta.get_field(name) for name in _AGGREGATES]
        rows = bulkdb.row_values([t.conv for t in changed], fields)
        params = [(*row, t.conv.pk) for row, t in zip(rows, changed, strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(_UPDATE_SQL, params)
        self._audit_reopened(changed)

    def _audit_reopened(self, threads: list[_Thread]) -> None:
        reopened = [t for t in threads if t.timeline.reopened]
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    organization=self.org,
                    action=audit.Action.STATE,
                    target_type=Conversation._meta.label_lower,
                    target_id=str(t.conv.pk),
                    details={
                        "from": t.timeline.initial_state,
                        "to": t.conv.state,
                        "reason": "citizen wrote again (import)",
                    },
                )
                for t in reopened
            ]
        )


# --- SQL -------------------------------------------------------------------------------------


# What a batch changes on a conversation already stored.
_AGGREGATES = [*lifecycle.FIELDS, "snippet", "search_document"]
# The columns `_insert` sets for each message, in its order; every other field of the model
# gets its default (`_message_defaults`), so a new field never breaks the import.
_MESSAGE_COLUMNS = [
    "id",
    "organization_id",
    "conversation_id",
    "channel_id",
    "direction",
    "author_id",
    "network_id",
    "in_reply_to_id",
    "in_reply_to_network_id",
    "text",
    "is_private",
    "created_at",
    "received_at",
    "raw",
    "links",
    "send_status",
    "send_error",
]


def _message_rest() -> list[models.Field]:
    """Message fields `_insert` does not set itself (they take their defaults)."""
    return [f for f in Message._meta.concrete_fields if f.attname not in _MESSAGE_COLUMNS]


def _message_defaults() -> tuple[Any, ...]:
    """The stored values of `_message_rest`'s defaults (a time default is the batch's)."""
    return bulkdb.row_values([bulkdb.blank(Message)], _message_rest())[0]


def _sql() -> tuple[str, str]:
    q = connection.ops.quote_name
    message, conversation = q(Message._meta.db_table), q(Conversation._meta.db_table)
    columns = [*_MESSAGE_COLUMNS, *(f.column for f in _message_rest())]
    insert = (
        f"INSERT INTO {message} ({', '.join(q(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    columns = [Conversation._meta.get_field(n).column for n in _AGGREGATES]
    update = f"UPDATE {conversation} SET {', '.join(f'{q(c)} = %s' for c in columns)} WHERE {q('id')} = %s"
    return insert, update


_INSERT_SQL, _UPDATE_SQL = _sql()


# --- authors and citizens ------------------------------------------------------------------


class _AuthorResolver:
    """Get-or-create, in bulk, the Author (and its Citizen) of every sender in a batch, with
    `services.get_or_create_author`'s rules: a newer display name wins; identities sharing
    an e-mail address share one citizen."""

    def __init__(self, org: Organization, network: str) -> None:
        self.org = org
        self.network = network

    def resolve(self, messages: list[InboundMessage]) -> dict[str, tuple[int, str]]:
        """external id → (author pk, "display name handle") for new conversations' search text."""
        wanted: dict[str, InboundAuthor] = {}
        for m in messages:
            key = m.author.external_id[:255]
            if key not in wanted or m.author.display_name:
                wanted[key] = m.author
        found = self._found(list(wanted))
        missing = [k for k in wanted if k not in found]
        if missing:
            self._create(missing, wanted)
            found.update(self._found(missing))
        self._refresh(found, wanted, set(missing))
        return {k: (pk, f"{name} {handle}") for k, (pk, name, handle, _c) in found.items()}

    def _found(self, keys: list[str]) -> dict[str, tuple[int, str, str, int | None]]:
        rows = bulkdb.select_in(
            Author,
            ["external_id", "id", "display_name", "handle", "citizen_id"],
            {"organization_id": self.org.pk, "network": self.network},
            "external_id",
            keys,
        )
        return {ext: (pk, name, handle, citizen) for ext, pk, name, handle, citizen in rows}

    def _create(self, keys: list[str], wanted: dict[str, InboundAuthor]) -> None:
        citizens = self._citizens([wanted[k] for k in keys])
        authors = [
            bulkdb.blank(
                Author,
                organization_id=self.org.pk,
                network=self.network,
                external_id=k,
                handle=wanted[k].handle[:255],
                display_name=wanted[k].display_name[:255],
                citizen_id=citizen,
                **services.account_facts(wanted[k]),
            )
            for k, citizen in zip(keys, citizens, strict=True)
        ]
        # Another writer may create one meanwhile: theirs is kept, and read back by the caller.
        bulkdb.insert_objects_ignoring_conflicts(Author, authors)

    def _refresh(
        self,
        found: dict[str, tuple[int, str, str, int | None]],
        wanted: dict[str, InboundAuthor],
        created: set[str],
    ) -> None:
        """Newer display names and account facts, and a citizen for identities that had
        none. Each is rare: a renamed account, an archive that tells about accounts."""
        for key, (pk, name, handle, citizen) in found.items():
            changed = {} if key in created else services.account_facts(wanted[key])
            new_name = wanted[key].display_name[:255]
            if new_name and new_name != name:
                found[key] = (pk, new_name, handle, citizen)
                changed["display_name"] = new_name
            if changed:
                Author.objects.filter(pk=pk).update(**changed)
        orphans = [k for k, v in found.items() if v[3] is None]
        for key, citizen in zip(orphans, self._citizens([wanted[k] for k in orphans]), strict=True):
            Author.objects.filter(pk=found[key][0]).update(citizen_id=citizen)

    def _citizens(self, people: list[InboundAuthor]) -> list[int]:
        """A citizen per person: an existing one with the same e-mail, or a new one."""
        if not people:
            return []
        emails = {_email(p) for p in people} - {""}
        known: dict[str, Any] = {}
        if emails:
            rows = Citizen.objects.filter(organization=self.org, email__in=emails).order_by("-pk")
            known = dict(rows.values_list("email", "pk"))  # the oldest wins, as .first() would
        chosen: list[Any] = []
        new: list[Any] = []
        for person in people:
            email = _email(person)
            if email and email in known:
                chosen.append(known[email])
                continue
            citizen = bulkdb.blank(
                Citizen,
                organization_id=self.org.pk,
                display_name=person.display_name[:200],
                email=email,
            )
            new.append(citizen)
            chosen.append(citizen)
            if email:
                known[email] = citizen
        bulkdb.create_rows(Citizen, new)
        return [c if isinstance(c, int) else c.pk for c in chosen]


def _facts(author: InboundAuthor) -> tuple[Any, ...] | None:
    """(created at, has a picture, followers) as the archive told them, or None."""
    if author.account_created_at is None and author.has_avatar is None and author.followers is None:
        return None
    facts = services.account_facts(author)
    return (facts.get("account_created_at"), facts.get("has_avatar"), facts.get("followers"))


def _email(person: InboundAuthor) -> str:
    return (person.email or "").strip().lower()[:254]
