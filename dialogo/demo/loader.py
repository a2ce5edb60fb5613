"""Stores the generated demo institution with bulk inserts (fast enough for 1M messages)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from dialogo.core import bulkdb
from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.services import calendar_for
from dialogo.demo import content, institution
from dialogo.inbox import search
from dialogo.inbox.models import (
    Assignment,
    Author,
    Citizen,
    Conversation,
    Direction,
    Message,
    SendStatus,
    State,
)
from dialogo.networks.models import Channel, ChannelStatus

DEMO_PASSWORD = "dialogo-demo"
BATCH = 2000


def create_institution() -> Organization:
    info = content.ORGANIZATION
    org = Organization.objects.create(
        name=info["name"], slug=info["slug"], contact_email=f"contacto@{info['slug']}.example"
    )
    topics = {
        slug: Topic.objects.create(organization=org, slug=slug, name=name_es)
        for slug, name_es, _name_en in content.TOPICS
    }
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
    for member in content.TEAM:
        user = User.objects.filter(username=member["username"]).first()
        if user is None:
            user = User.objects.create(
                username=member["username"],
                email=member["email"],
                password=password,
                first_name=member["first_name"],
                last_name=member["last_name"],
            )
        membership = Membership.objects.create(user=user, organization=org, role=member["role"])
        membership.topics.set([topics[s] for s in member.get("topics", []) if s in topics])
    for channel in content.CHANNELS:
        Channel.objects.create(
            organization=org,
            kind=channel["kind"],
            name=channel["name"],
            handle=channel["handle"],
            # The demo has no real accounts: its network channels stay paused until an
            # administrator connects them with real credentials.
            status=ChannelStatus.ACTIVE if channel["kind"] == "webform" else ChannelStatus.PAUSED,
        )
    _settings(org, topics)
    return org


def _settings(org: Organization, topics: dict[str, Topic]) -> None:
    """Topic keywords, the published use policy and routing rules of the demo institution."""
    from dialogo.moderation.models import PolicyClause
    from dialogo.moderation.services import record_wording
    from dialogo.triage.models import RoutingRule

    for slug, keywords in institution.TOPIC_KEYWORDS.items():
        if slug in topics:
            Topic.objects.filter(pk=topics[slug].pk).update(keywords=keywords)
    for position, (code, title, text) in enumerate(institution.POLICY):
        clause = PolicyClause.objects.create(
            organization=org, code=code, title=title, text=text, position=position
        )
        record_wording(clause)
    supervisor = Membership.objects.filter(organization=org, role="supervisor").first()
    for position, (name, topic, message_type) in enumerate(institution.ROUTING):
        rule = RoutingRule.objects.create(
            organization=org,
            name=name,
            position=position,
            topic=topics.get(topic),
            message_type=message_type,
        )
        if not topic and supervisor:
            rule.members.add(supervisor)


def classify_history(org: Organization, *, out: TextIO = sys.stdout, batch: int = 2000) -> int:
    """Triage every inbound message of the demo (no routing: the history is already assigned)."""
    from dialogo.triage.services import classify_messages

    ids = list(
        Message.objects.filter(organization=org, direction=Direction.IN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for start in range(0, len(ids), batch):
        done += classify_messages(message_ids=ids[start : start + batch], route=False)
        out.write(f"\r  triage: {done:,}/{len(ids):,} messages")
        out.flush()
    out.write("\n")
    return done


class _Store:
    """Caches of authors/citizens/users and the running message counter for one load."""

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.calendar = calendar_for(org)
        self.channels = {c.kind: c for c in Channel.objects.filter(organization=org)}
        self.topics = {t.slug: t for t in Topic.objects.filter(organization=org)}
        self.users = {
            u.username: u for u in get_user_model().objects.filter(memberships__organization=org)
        }
        self.authors: dict[tuple[str, str], Author] = {
            (a.network, a.external_id): a for a in Author.objects.filter(organization=org)
        }
        self.citizens: dict[str, Citizen] = {}
        self.serial = Message.objects.filter(organization=org).count()
        self.new_citizens: list[Citizen] = []
        self.new_authors: list[Author] = []

    def author_for(self, kind: str, who: content.DemoAuthor, first_at: dt.datetime) -> Author:
        """The author for this identity; new ones are queued for one bulk insert.
        ``first_at``: when the identity first writes (its account age counts from there)."""
        key = (kind, who.key)
        if key not in self.authors:
            citizen = self.citizens.get(who.person_key)
            if citizen is None:
                citizen = Citizen(
                    organization=self.org,
                    display_name=who.display_name[:200],
                    email=(who.email or "")[:254],
                )
                self.citizens[who.person_key] = citizen
                self.new_citizens.append(citizen)
            author = Author(
                organization=self.org,
                network=kind,
                external_id=who.key[:255],
                handle=who.handle[:255],
                display_name=who.display_name[:255],
                citizen=citizen,
                has_avatar=who.has_avatar,
                followers=who.followers,
            )
            if who.account_age_days is not None:
                author.account_created_at = first_at - dt.timedelta(days=who.account_age_days)
            self.authors[key] = author
            self.new_authors.append(author)
        return self.authors[key]

    def save_new_people(self) -> None:
        Citizen.objects.bulk_create(self.new_citizens, batch_size=500)
        for author in self.new_authors:
            author.citizen = author.citizen  # picks up the citizen's new primary key
        Author.objects.bulk_create(self.new_authors, batch_size=500)
        self.new_citizens, self.new_authors = [], []


def load_conversations(
    org: Organization,
    items: Iterable[content.DemoConversation],
    *,
    total: int,
    target_messages: int = 0,
    out: TextIO = sys.stdout,
) -> tuple[int, int]:
    """Insert conversations and their messages in batches; prints progress. Returns counts."""
    store = _Store(org)
    batch: list[content.DemoConversation] = []
    done = messages = 0
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            messages += _flush(store, batch)
            done += len(batch)
            batch = []
            _progress(out, done, total, messages, target_messages)
    if batch:
        messages += _flush(store, batch)
        done += len(batch)
        _progress(out, done, total, messages, target_messages)
    out.write("\n")
    return done, messages


def _progress(out: TextIO, done: int, total: int, messages: int, target_messages: int) -> None:
    if target_messages:
        pct = min(100, 100 * messages // target_messages)
        out.write(f"\r  {messages:,}/{target_messages:,} messages ({pct}%), {done:,} conversations")
    else:
        pct = 100 * done // max(total, 1)
        out.write(f"\r  {done:,}/{total:,} conversations ({pct}%), {messages:,} messages")
    out.flush()


@transaction.atomic
def _flush(store: _Store, batch: list[content.DemoConversation]) -> int:
    convs = [_conversation(store, item) for item in batch]
    store.save_new_people()
    for conv in convs:
        conv.author = conv.author  # picks up the author's new primary key
    Conversation.objects.bulk_create(convs, batch_size=500)
    rows: list[Message] = []
    assignments = []
    for conv, item in zip(convs, batch, strict=True):
        rows.extend(_messages(store, conv, item))
        if conv.assignee_id:
            assignments.append(Assignment(conversation=conv, assignee_id=conv.assignee_id))
    _insert_messages(rows)
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    return len(rows)


_MESSAGE_FIELDS = [
    "organization_id",
    "conversation_id",
    "channel_id",
    "direction",
    "author_id",
    "sent_by_id",
    "network_id",
    "in_reply_to_network_id",
    "text",
    "is_private",
    "created_at",
    "received_at",
    "raw",
    "send_status",
    "send_error",
]


def _message_rest() -> tuple[list[str], tuple]:
    """The message columns the loader does not set, with their defaults' stored values, so
    a new field on Message never breaks the demo (nor `make run`)."""
    rest = [f for f in Message._meta.concrete_fields if f.attname not in _MESSAGE_FIELDS]
    rest = [f for f in rest if not f.primary_key]
    return [f.column for f in rest], bulkdb.row_values([bulkdb.blank(Message)], rest)[0]


def _insert_messages(rows: list[Message]) -> None:
    """executemany straight into the table: the ORM's per-object cost dominates at 1M rows."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rest_columns, rest = _message_rest()
    names = [*_MESSAGE_FIELDS, *rest_columns]
    columns = ", ".join(ops.quote_name(f) for f in names)
    sql = (
        f"INSERT INTO {ops.quote_name(Message._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    params = [
        (
            m.organization_id,
            m.conversation_id,
            m.channel_id,
            m.direction,
            m.author_id,
            m.sent_by_id,
            m.network_id,
            m.in_reply_to_network_id,
            m.text,
            m.is_private,
            ops.adapt_datetimefield_value(m.created_at),
            now,
            "{}",
            m.send_status,
            "",
            *rest,
        )
        for m in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _conversation(store: _Store, item: content.DemoConversation) -> Conversation:
    channel = store.channels[item.channel_kind]
    first, last = item.messages[0], item.messages[-1]
    author = store.author_for(item.channel_kind, item.author, first.at)
    inbound = [m for m in item.messages if m.direction == "in"]
    outbound = [m for m in item.messages if m.direction == "out"]
    org = store.org
    cal = store.calendar
    conv = Conversation(
        organization=org,
        channel=channel,
        author=author,
        subject=item.subject[:255],
        state=item.final_state,
        topic=store.topics.get(item.topic_slug or ""),
        assignee=store.users.get(item.assignee or ""),
        snippet=" ".join(last.text.split())[:180],
        message_count=len(item.messages),
        created_at=first.at,
        last_activity_at=last.at,
        last_inbound_at=inbound[-1].at if inbound else None,
        resolution_due_at=cal.add_hours(first.at, org.resolution_target_hours),
        search_document=search.document(
            " ".join([author.display_name, author.handle] + [m.text for m in inbound])
        ),
    )
    if outbound:
        conv.first_response_at = outbound[0].at
        conv.first_response_seconds = cal.working_seconds_between(first.at, outbound[0].at)
    # Awaiting an answer when the citizen spoke last and the conversation is not closed.
    pending = last.direction == "in" and item.final_state != State.CLOSED
    conv.awaiting_response = pending
    if pending:
        since = _first_unanswered(item)
        conv.response_due_at = cal.add_hours(since, org.first_response_target_hours)
    if item.final_state == State.CLOSED:
        conv.resolved_at = last.at + dt.timedelta(minutes=5)
        conv.resolution_seconds = cal.working_seconds_between(first.at, conv.resolved_at)
    return conv


def _first_unanswered(item: content.DemoConversation) -> dt.datetime:
    moment = item.messages[-1].at
    for m in reversed(item.messages):
        if m.direction != "in":
            break
        moment = m.at
    return moment


def _messages(store: _Store, conv: Conversation, item: content.DemoConversation) -> list[Message]:
    rows = []
    previous_in = ""
    for m in item.messages:
        store.serial += 1
        network_id = f"demo-{item.channel_kind}-{store.serial}"
        outbound = m.direction == "out"
        rows.append(
            Message(
                organization_id=store.org.pk,
                conversation_id=conv.pk,
                channel_id=conv.channel_id,
                direction=Direction.OUT if outbound else Direction.IN,
                author_id=None if outbound else conv.author_id,
                sent_by_id=conv.assignee_id if outbound else None,
                network_id=network_id,
                in_reply_to_network_id=previous_in if outbound else "",
                text=m.text,
                is_private=item.channel_kind in {"email", "webform"},
                created_at=m.at,
                send_status=SendStatus.SENT if outbound else SendStatus.NONE,
            )
        )
        if not outbound:
            previous_in = network_id
    return rows


def demo_end() -> dt.datetime:
    return timezone.now().replace(microsecond=0)
