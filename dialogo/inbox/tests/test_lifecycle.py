"""The conversation state machine: its rules alone, and the live path equal to the import."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogo.core.business_time import WorkCalendar
from dialogo.inbox import bulk, lifecycle
from dialogo.inbox.models import Conversation, Message, State
from dialogo.inbox.services import InboxError, receive_message
from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.models import Channel

T0 = dt.datetime(2026, 11, 4, 14, 0, tzinfo=dt.UTC)  # a Wednesday, 9:00 in Bogotá
CALENDAR = WorkCalendar(start=dt.time(8), end=dt.time(17), days=frozenset(range(5)))


def hours(n: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)


def fresh(at: dt.datetime = T0) -> lifecycle.Timeline:
    """The timeline of a conversation just created (the model's defaults)."""
    return lifecycle.Timeline(
        created_at=at,
        state=State.NEW,
        message_count=0,
        version=0,
        awaiting_response=True,
        last_activity_at=at,
        last_inbound_at=None,
        response_due_at=None,
        first_response_at=None,
        first_response_seconds=None,
        resolution_due_at=None,
        resolved_at=None,
        resolution_seconds=None,
    )


def settle(t: lifecycle.Timeline) -> lifecycle.Timeline:
    lifecycle.settle(t, CALENDAR, first_response_hours=4, resolution_hours=40)
    return t


def test_citizen_message_starts_the_clock():
    t = fresh()
    assert lifecycle.citizen_wrote(t, T0) is True
    settle(t)
    assert (t.state, t.awaiting_response, t.message_count) == (State.NEW, True, 1)
    assert t.response_due_at == hours(4)
    assert t.resolution_due_at == CALENDAR.add_hours(T0, 40)


def test_written_reply_answers_nothing_until_delivered():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    settle(t)
    lifecycle.reply_written(t, hours(1))
    settle(t)
    assert (t.state, t.awaiting_response, t.first_response_at) == (State.OPEN, True, None)
    assert t.response_due_at == hours(4)
    assert lifecycle.answered(t, hours(2), written_at=hours(1)) is True
    settle(t)
    assert (t.state, t.awaiting_response, t.response_due_at) == (State.ANSWERED, False, None)
    assert (t.first_response_at, t.first_response_seconds) == (hours(2), 7200)


def test_delivered_reply_leaves_a_newer_citizen_message_pending():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    lifecycle.reply_written(t, hours(1))
    lifecycle.citizen_wrote(t, hours(1.5))  # written while the reply was in flight
    assert lifecycle.answered(t, hours(2), written_at=hours(1)) is False
    settle(t)
    assert t.awaiting_response is True and t.first_response_at is None


def test_delivered_reply_with_wait_for_citizen_waits():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    lifecycle.answered(t, hours(1), written_at=hours(1), wait_for_citizen=True)
    assert t.state == State.WAITING and t.awaiting_response is False


def test_delivery_into_a_closed_conversation_keeps_it_closed():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    lifecycle.closed(t, hours(1))
    lifecycle.answered(t, hours(2), written_at=hours(0.5))
    settle(t)
    assert t.state == State.CLOSED and t.first_response_at == hours(2)
    assert t.resolution_seconds == 3600


def test_late_old_message_neither_reopens_nor_starts_the_clock():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    lifecycle.institution_posted(t, hours(2))
    assert lifecycle.citizen_wrote(t, hours(1)) is False
    settle(t)
    assert (t.state, t.awaiting_response, t.message_count) == (State.ANSWERED, False, 3)
    assert t.last_inbound_at == hours(1) and t.last_activity_at == hours(2)


def test_new_message_reopens_and_is_reported():
    t = fresh()
    lifecycle.citizen_wrote(t, T0)
    lifecycle.closed(t, hours(1))
    settle(t)
    again = lifecycle.Timeline.of(t)
    lifecycle.citizen_wrote(again, hours(3))
    settle(again)
    assert again.reopened and again.state == State.OPEN
    assert (again.resolved_at, again.resolution_seconds) == (None, None)
    assert again.response_due_at == hours(7)


def test_institution_post_first_is_answered_and_not_awaiting():
    t = fresh()
    lifecycle.institution_posted(t, T0)
    settle(t)
    assert (t.state, t.awaiting_response, t.first_response_at) == (State.ANSWERED, False, None)


def test_history_is_stored_closed_only_for_new_or_closed_conversations():
    for is_new, expected in [(True, State.CLOSED), (False, State.NEW)]:
        t = fresh()
        lifecycle.citizen_wrote(t, T0)
        lifecycle.settle(
            t,
            CALENDAR,
            first_response_hours=4,
            resolution_hours=40,
            history_before=hours(24 * 40),
            is_new=is_new,
        )
        assert t.state == expected
        assert t.awaiting_response is (expected != State.CLOSED)


# --- the live path and the import agree, on any sequence --------------------------------------

_channels = itertools.count()

# One event: (kind, thread) where kind is a citizen message, an institution post or a reply
# to the previous message of the thread.
EVENT = st.tuples(st.sampled_from(["in", "out", "in-reply", "out-reply"]), st.integers(0, 2))
# After the in-order history: old messages arriving late, edits and deletions.
LATE = st.tuples(st.sampled_from(["late", "edit", "delete"]), st.integers(0, 2), st.integers(1, 60))


def _record(nid, at, *, thread, citizen=True, reply_to="", text=None, **extra):
    who = f"u-{thread}" if citizen else "institucion"
    author = InboundAuthor(external_id=who, handle=f"@{who}", display_name=who.title())
    return InboundMessage(
        network_id=nid,
        author=author,
        text=text or f"Mensaje {nid} sobre el trámite {thread}",
        created_at=at,
        thread_root_network_id=f"root-{thread}",
        in_reply_to_network_id=reply_to,
        from_institution=not citizen,
        **extra,
    )


def _sequence(events, late, start):
    """Records in the order they arrive: a history in time order, then the late part."""
    history, last_in_thread, times = [], {}, {}
    for i, (kind, thread) in enumerate(events):
        at = start + dt.timedelta(minutes=37 * (i + 1))
        reply_to = last_in_thread.get(thread, "") if kind.endswith("reply") else ""
        nid = f"h{i}"
        history.append(
            _record(nid, at, thread=thread, citizen=kind.startswith("in"), reply_to=reply_to)
        )
        last_in_thread[thread], times[nid] = nid, at
    later = []
    stored = [r for r in history if not r.from_institution]
    for j, (kind, thread, minutes) in enumerate(late):
        if kind == "late" or not stored:
            at = start + dt.timedelta(minutes=minutes * 11)
            later.append(_record(f"l{j}", at, thread=thread, text=f"Escribí antes {j}"))
            continue
        target = stored[(thread * 7 + minutes) % len(stored)]
        edited_at = start + dt.timedelta(days=3, minutes=minutes + j)
        if kind == "edit":
            later.append(
                _record(
                    target.network_id,
                    target.created_at,
                    thread=int(target.author.external_id[2:]),
                    text=f"Corrijo: necesito el certificado {j}",
                    edited_at=edited_at,
                )
            )
        else:
            later.append(
                _record(
                    target.network_id,
                    target.created_at,
                    thread=0,
                    deleted=True,
                    edited_at=edited_at,
                )
            )
    # Late messages among themselves in time order: one batch is stored in time order.
    late_messages = iter(sorted((r for r in later if r.network_id[0] == "l"), key=_at))
    return history, [next(late_messages) if r.network_id[0] == "l" else r for r in later]


def _at(record: InboundMessage) -> dt.datetime:
    return record.created_at


FIELDS = [*lifecycle.FIELDS, "snippet", "thread_key", "created_at"]
FIELDS.remove("version")  # the import counts a batch's changes differently; not a rule


def _summary(channel):
    rows = []
    for conv in Conversation.objects.filter(channel=channel).order_by("thread_key", "created_at"):
        words = frozenset(conv.search_document.split())
        rows.append((*(getattr(conv, f) for f in FIELDS), words))
    texts = sorted(
        Message.objects.filter(channel=channel).values_list(
            "network_id", "text", "deleted_upstream_at"
        )
    )
    return rows, texts


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(EVENT, min_size=1, max_size=14), late=st.lists(LATE, max_size=5))
def test_live_path_and_import_end_the_same(org, events, late):
    """Random histories (citizen messages, institution posts, replies), then late old
    messages, edits and deletions: one by one through `receive_message` on one channel, in
    two batches through the import on another, the conversations end the same."""
    n = next(_channels)
    live = Channel.objects.create(organization=org, kind="webform", name=f"En vivo {n}")
    imported = Channel.objects.create(organization=org, kind="webform", name=f"Importado {n}")
    start = timezone.now() - dt.timedelta(days=20)
    history, later = _sequence(events, late, start)
    for record in [*history, *later]:
        try:
            receive_message(channel=live, inbound=record)
        except InboxError:
            pass  # a deletion of a message never stored: refused on both paths
    bulk.ingest_batch(channel=imported, records=history)
    bulk.ingest_batch(channel=imported, records=later)
    assert _summary(imported) == _summary(live)
