"""Bulk ingest gives what receive_message gives, one batch per transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogo.core import bulkdb
from dialogo.core.models import AuditEntry
from dialogo.inbox import bulk
from dialogo.inbox.models import (
    Author,
    Citizen,
    Conversation,
    Direction,
    Message,
    SendStatus,
    State,
)
from dialogo.inbox.services import MAX_TEXT, receive_message
from dialogo.networks.base import InboundAuthor, InboundMessage, Rejected

NOW = timezone.now()


def msg(
    nid: str, text: str = "Hola, una consulta", *, who: str = "u-ana", ago: float = 1.0, **extra
) -> InboundMessage:
    """A record `ago` hours old, from citizen `who` (or the institution with from_institution)."""
    author = InboundAuthor(
        external_id=who, handle=f"@{who}", display_name=who.replace("u-", "").title()
    )
    return InboundMessage(
        network_id=nid, author=author, text=text, created_at=NOW - dt.timedelta(hours=ago), **extra
    )


def out(nid: str, text: str = "Con gusto le ayudamos", **extra) -> InboundMessage:
    return msg(nid, text, who="institucion", from_institution=True, **extra)


def test_ingest_batch_threads_replies_and_roots(channel):
    result = bulk.ingest_batch(
        channel=channel,
        records=[
            msg("a1", "¿Cómo renuevo la licencia?", ago=5),
            out("a2", "En línea, con cita", ago=4, in_reply_to_network_id="a1"),
            msg("a3", "Gracias", ago=3, in_reply_to_network_id="a2"),
            msg("b1", "Semáforo apagado", who="u-julian", ago=2, thread_root_network_id="post-9"),
            msg("b2", "Confirmo", who="u-luz", ago=1, thread_root_network_id="post-9"),
        ],
    )
    assert (result.new, result.duplicate, result.rejected) == (5, 0, 0)
    a1, a2, a3, b1, b2 = (Message.objects.get(network_id=n) for n in ["a1", "a2", "a3", "b1", "b2"])
    assert a1.conversation_id == a2.conversation_id == a3.conversation_id
    assert b1.conversation_id == b2.conversation_id != a1.conversation_id
    assert a2.in_reply_to_id == a1.pk and a3.in_reply_to_id == a2.pk
    assert a2.direction == Direction.OUT and a2.send_status == SendStatus.SENT
    conv = a1.conversation
    assert conv.message_count == 3
    assert conv.state == State.OPEN  # answered, then the citizen wrote again
    assert conv.awaiting_response is True
    assert conv.first_response_at == a2.created_at
    assert conv.last_activity_at == a3.created_at
    assert conv.snippet == "Gracias"
    assert "licenci" in conv.search_document and "graci" in conv.search_document
    assert b1.conversation.thread_key == "post-9"
    assert result.message_ids == [a1.pk, a2.pk, a3.pk, b1.pk, b2.pk]


def test_ingest_batch_matches_receive_message(channel, org):
    """The same records, one by one on one channel and in bulk on another, end the same."""
    from dialogo.networks.models import Channel

    other = Channel.objects.create(organization=org, kind="webform-copy", name="Copia")
    records = [
        msg("m1", "Hola, ¿horario de atención?", ago=9),
        out("m2", "De 8 a 4", ago=8, in_reply_to_network_id="m1"),
        msg("m3", "Otra pregunta", ago=7, in_reply_to_network_id="m2"),
        msg("m4", "Nuevo tema", who="u-pedro", ago=6),
        out("m5", "Publicación propia", ago=5),
        msg("m6", "Respuesta a la publicación", who="u-pedro", ago=4, in_reply_to_network_id="m5"),
    ]
    for record in records:
        receive_message(channel=channel, inbound=record)
    bulk.ingest_batch(channel=other, records=records)
    fields = [
        "state", "message_count", "awaiting_response", "last_activity_at", "last_inbound_at",
        "response_due_at", "first_response_at", "first_response_seconds", "resolution_due_at",
        "snippet", "search_document", "thread_key", "created_at",
    ]  # fmt: skip

    def summary(ch):
        return sorted(
            tuple(getattr(c, f) for f in fields) for c in Conversation.objects.filter(channel=ch)
        )

    assert summary(other) == summary(channel)


def test_ingest_batch_twice_is_a_no_op(channel):
    records = [msg("r1", ago=3), out("r2", ago=2, in_reply_to_network_id="r1"), msg("r3", ago=1)]
    bulk.ingest_batch(channel=channel, records=records)
    before = list(Conversation.objects.values_list("pk", "version", "message_count"))
    again = bulk.ingest_batch(channel=channel, records=records)
    assert (again.new, again.duplicate) == (0, 3)
    assert Message.objects.count() == 3
    assert list(Conversation.objects.values_list("pk", "version", "message_count")) == before


def test_ingest_batch_counts_duplicates_and_rejections(channel):
    result = bulk.ingest_batch(
        channel=channel,
        records=[msg("d1"), msg("d1", "otra vez"), Rejected("missing id", "line 3"), msg("d2")],
    )
    assert (result.new, result.duplicate, result.rejected) == (2, 1, 1)
    assert result.rejections == [Rejected("missing id", "line 3")]
    assert Message.objects.get(network_id="d1").text == "Hola, una consulta"


def test_ingest_batch_joins_conversations_already_stored(channel):
    first, _ = receive_message(channel=channel, inbound=msg("live-1", "Consulta en vivo", ago=3))
    bulk.ingest_batch(
        channel=channel,
        records=[
            out("imp-1", "Respuesta", ago=2, in_reply_to_network_id="live-1"),
            msg("imp-2", ago=1, in_reply_to_network_id="imp-1"),
        ],
    )
    conv = Conversation.objects.get(pk=first.conversation_id)
    assert conv.message_count == 3
    assert Message.objects.get(network_id="imp-1").in_reply_to_id == first.pk
    assert conv.first_response_at is not None
    assert conv.state == State.OPEN


def test_old_history_is_stored_closed_recent_stays_open(channel):
    bulk.ingest_batch(
        channel=channel,
        records=[
            msg("old-1", "Hace mucho", ago=24 * 400),
            msg("new-1", "Hoy", who="u-beto", ago=2),
        ],
    )
    old = Message.objects.get(network_id="old-1").conversation
    recent = Message.objects.get(network_id="new-1").conversation
    assert (old.state, old.awaiting_response, old.response_due_at) == (State.CLOSED, False, None)
    assert old.resolved_at == old.last_activity_at
    assert recent.awaiting_response is True and recent.response_due_at is not None
    assert recent.state == State.NEW


def test_old_message_does_not_reopen_answered_conversation(
    channel, agent, django_capture_on_commit_callbacks
):
    from dialogo.inbox.services import send_reply

    first = msg("x1", ago=2, who="ana@correo.example")  # an address: the reply can be delivered
    conv = receive_message(channel=channel, inbound=first)[0].conversation
    with django_capture_on_commit_callbacks(execute=True):
        send_reply(
            conversation=conv,
            membership=agent,
            text="Ya le respondimos",
            expected_version=conv.version,
        )
    bulk.ingest_batch(
        channel=channel,
        records=[msg("x0", "Mensaje antiguo", ago=24 * 90, thread_root_network_id="x1")],
    )
    conv.refresh_from_db()
    assert conv.message_count == 3
    assert conv.state == State.ANSWERED and conv.awaiting_response is False


def test_reopening_a_closed_conversation_is_audited(channel):
    bulk.ingest_batch(channel=channel, records=[msg("c1", ago=24 * 100)])
    conv = Message.objects.get(network_id="c1").conversation
    assert conv.state == State.CLOSED
    bulk.ingest_batch(
        channel=channel, records=[msg("c2", "Sigo esperando", ago=1, in_reply_to_network_id="c1")]
    )
    conv.refresh_from_db()
    assert conv.state == State.OPEN and conv.awaiting_response
    entry = AuditEntry.objects.get(target_id=str(conv.pk), action="conversation.state")
    assert entry.details["from"] == State.CLOSED


def test_authors_and_citizens_resolved_in_bulk(channel, org):
    known = Citizen.objects.create(organization=org, display_name="Ana", email="ana@correo.example")
    records = [
        msg("p1", who="u-ana"),
        msg("p2", who="u-ana2"),
        msg("p3", who="u-nuevo"),
    ]
    records[0].author.email = "ANA@correo.example"
    records[1].author.email = "ana@correo.example"
    bulk.ingest_batch(channel=channel, records=records)
    ana, ana2, nuevo = (Author.objects.get(external_id=k) for k in ["u-ana", "u-ana2", "u-nuevo"])
    assert ana.citizen_id == ana2.citizen_id == known.pk
    assert nuevo.citizen_id not in (None, known.pk)
    renamed = msg("p4", who="u-nuevo")
    renamed.author.display_name = "Nuevo Nombre"
    bulk.ingest_batch(channel=channel, records=[renamed])
    assert Author.objects.get(external_id="u-nuevo").display_name == "Nuevo Nombre"


def test_long_text_cut_like_clean_text(channel):
    bulk.ingest_batch(channel=channel, records=[msg("long", "á\x00" * 60_000 + "b" * 50_000)])
    stored = Message.objects.get(network_id="long").text
    assert len(stored) == MAX_TEXT and "\x00" not in stored


def test_edits_and_deletions_are_marked(channel):
    bulk.ingest_batch(
        channel=channel, records=[msg("e1", "Texto original", ago=3), msg("e2", ago=2)]
    )
    edited = msg("e1", "Texto corregido", ago=3, edited_at=NOW - dt.timedelta(hours=1))
    deleted = msg("e2", "", deleted=True)
    unknown = msg("e9", "", deleted=True)
    result = bulk.ingest_batch(channel=channel, records=[edited, deleted, unknown])
    assert (result.new, result.duplicate, result.rejected) == (0, 2, 1)
    e1, e2 = Message.objects.get(network_id="e1"), Message.objects.get(network_id="e2")
    assert e1.text == "Texto corregido" and e1.revisions.get().text == "Texto original"
    assert e2.deleted_upstream_at is not None


def test_signal_sent_once_per_batch_after_commit(channel, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    bulk.messages_imported.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = bulk.ingest_batch(
                channel=channel,
                records=[msg("s1", ago=2), out("s2", ago=1, in_reply_to_network_id="s1")],
            )
    finally:
        bulk.messages_imported.disconnect(listener)
    assert len(received) == 1
    assert received[0]["message_ids"] == result.message_ids
    assert received[0]["inbound_ids"] == result.message_ids[:1]


def test_query_count_does_not_grow_with_batch_size(channel):
    def queries(prefix: str, n: int) -> int:
        records = [msg(f"{prefix}{i}", who=f"u-{prefix}{i % 7}", ago=n - i) for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            bulk.ingest_batch(channel=channel, records=records)
        return len(ctx.captured_queries)

    queries("warm", 60)  # the first batch stores the default triage models
    assert queries("q", 300) == queries("w", 60)


@pytest.mark.parametrize("kind", ["in", "out"])
def test_first_message_direction(channel, kind):
    record = msg("f1") if kind == "in" else out("f1")
    bulk.ingest_batch(channel=channel, records=[record])
    conv = Conversation.objects.get()
    assert conv.awaiting_response is (kind == "in")
    assert conv.state == (State.NEW if kind == "in" else State.ANSWERED)


def test_db_time_matches_the_orm_for_utc_and_other_zones():
    import datetime as dt
    import zoneinfo

    from django.db import connection

    bogota = zoneinfo.ZoneInfo("America/Bogota")
    for value in (
        dt.datetime(2026, 11, 29, 13, 2, 40, 123456, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 29, 8, 2, 40, tzinfo=bogota),
        dt.datetime(2026, 11, 29, 13, 2, 40, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    ):
        got = bulkdb.db_time(value)
        expected = connection.ops.adapt_datetimefield_value(value)
        assert str(got) == str(expected)
