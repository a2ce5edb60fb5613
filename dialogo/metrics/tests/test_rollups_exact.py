"""Roll-ups stay equal to a full recomputation whatever the desk and the imports do."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogo.conftest import inbound, make_member, make_org
from dialogo.core.roles import Role
from dialogo.inbox import services as inbox
from dialogo.inbox.bulk import ingest_batch
from dialogo.inbox.models import Conversation, Message, State
from dialogo.metrics import services
from dialogo.metrics.tests.conftest import label
from dialogo.networks.models import Channel
from dialogo.triage.models import Classification

_orgs = itertools.count(1)
BASE = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)  # a Monday, 7:00 in Bogotá

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "new",
                "new",
                "follow_up",
                "late",
                "reply",
                "reply",
                "assign",
                "close",
                "reopen",
                "topic",
                "label",
                "label",
                "relabel",
                "delete_message",
                "delete_conversation",
                "import",
                "institution_post",
            ]
        ),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=-72 * 60, max_value=72 * 60),
    ),
    min_size=1,
    max_size=25,
)


class Desk:
    """Runs one random operation through the same services the desk and importers use."""

    def __init__(self, capture) -> None:
        n = next(_orgs)
        self.org = make_org(f"Entidad {n}", f"ent-{n}")
        self.capture = capture
        self.channels = [
            Channel.objects.create(organization=self.org, kind="webform", name=f"C{i}")
            for i in range(2)
        ]
        self.agents = [make_member(self.org, Role.AGENT) for _ in range(2)]
        self.topics = list(self.org.topics.all())
        self.ids = itertools.count(1)

    def conversations(self) -> list[Conversation]:
        return list(Conversation.objects.filter(organization=self.org).order_by("pk"))

    def pick(self, seed: int):
        convs = self.conversations()
        return convs[seed % len(convs)] if convs else None

    def run(self, op: str, seed: int, minutes: int) -> None:
        with self.capture(execute=True):
            getattr(self, f"op_{op}")(seed, BASE + dt.timedelta(minutes=minutes))

    def _msg(self, seed: int, when: dt.datetime, **extra):
        who = f"c{seed % 4}@example.com"
        return inbound("¿Dónde pido el certificado?", who=who, created_at=when, **extra)

    def op_new(self, seed, when):
        inbox.receive_message(channel=self.channels[seed % 2], inbound=self._msg(seed, when))

    def op_follow_up(self, seed, when):
        conv = self.pick(seed)
        if conv:
            msg = self._msg(seed, when, thread_root_network_id=conv.thread_key)
            inbox.receive_message(channel=conv.channel, inbound=msg)

    def op_late(self, seed, when):
        self.op_follow_up(seed, when - dt.timedelta(days=3))

    def op_institution_post(self, seed, when):
        msg = self._msg(seed, when, from_institution=True)
        inbox.receive_message(channel=self.channels[seed % 2], inbound=msg)

    def op_reply(self, seed, when):
        conv = self.pick(seed)
        if conv:
            inbox.send_reply(
                conversation=conv,
                membership=self.agents[seed % 2],
                text="Con gusto le ayudamos.",
                expected_version=conv.version,
            )

    def op_assign(self, seed, when):
        conv = self.pick(seed)
        if conv:
            who = self.agents[seed % 2].user if seed % 3 else None
            inbox.assign_conversation(conversation=conv, membership=self.agents[0], assignee=who)

    def op_close(self, seed, when):
        self._state(seed, State.CLOSED)

    def op_reopen(self, seed, when):
        self._state(seed, State.OPEN)

    def _state(self, seed, state):
        conv = self.pick(seed)
        if conv:
            inbox.change_state(conversation=conv, membership=self.agents[0], state=state)

    def op_topic(self, seed, when):
        conv = self.pick(seed)
        if conv:
            topic = self.topics[seed % 2] if seed % 3 else None
            inbox.set_topic(conversation=conv, membership=self.agents[0], topic=topic)

    def op_label(self, seed, when):
        todo = Message.objects.filter(
            organization=self.org, direction="in", classification__isnull=True
        ).order_by("pk")
        found = todo[seed % max(1, todo.count()) :].first()
        if found:
            kind = ["queja", "felicitacion", "pregunta", "spam"][seed % 4]
            label(found, kind, kind in ("queja", "pregunta"), ["neutro", "negativo"][seed % 2])

    def op_relabel(self, seed, when):
        labels = Classification.objects.filter(organization=self.org).order_by("pk")
        found = labels[seed % max(1, labels.count()) :].first()
        if found:
            found.message_type = ["queja", "felicitacion", "pregunta", "spam"][seed % 4]
            found.needs_answer = found.message_type in ("queja", "pregunta")
            found.save()

    def op_delete_message(self, seed, when):
        messages = Message.objects.filter(organization=self.org).order_by("pk")
        found = messages[seed % max(1, messages.count()) :].first()
        if found:
            found.delete()

    def op_delete_conversation(self, seed, when):
        conv = self.pick(seed)
        if conv:
            conv.delete()

    def op_import(self, seed, when):
        records = [
            self._msg(seed + i, when - dt.timedelta(days=i, hours=i)) for i in range(1 + seed % 3)
        ]
        conv = self.pick(seed)
        if conv:  # an archive also holds late replies to threads already here
            records.append(self._msg(seed, when, thread_root_network_id=conv.thread_key))
        ingest_batch(channel=self.channels[seed % 2], records=records)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_rollups_equal_recomputation_after_random_changes(ops, django_capture_on_commit_callbacks):
    desk = Desk(django_capture_on_commit_callbacks)
    for op, seed, minutes in ops:
        desk.run(op, seed, minutes)
    expected, per_conv = services.expected_rollups(organization=desk.org)
    assert services.stored_rollups(organization=desk.org) == expected
    assert services.stored_marginals(organization=desk.org) == services.marginal(expected)
    stored_facts = {
        f.conversation_id: f.contribution
        for f in services.ConversationFact.objects.filter(organization=desk.org)
    }
    assert set(stored_facts) == set(per_conv)
    assert not services.DirtyConversation.objects.exists()


def test_recompute_rebuilds_the_same_rows(org, channel, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = inbox.receive_message(channel=channel, inbound=inbound("Hola, ¿horario?"))
        inbox.send_reply(
            conversation=message.conversation,
            membership=agent,
            text="De 8 a 5.",
            expected_version=message.conversation.version,
        )
    before = services.stored_rollups(organization=org)
    assert sum(c.get("inbound", 0) for c in before.values()) == 1
    assert sum(c.get("replies", 0) for c in before.values()) == 1
    services.recompute(organization=org)
    assert services.stored_rollups(organization=org) == before


def test_recompute_command_rebuilds_and_refuses_unknown(org, history, capsys):
    from django.core.management import CommandError, call_command

    services.DailyRollup.objects.all().delete()
    call_command("metrics_recompute", org=org.slug)
    assert "roll-up rows" in capsys.readouterr().out
    assert (
        services.stored_rollups(organization=org) == services.expected_rollups(organization=org)[0]
    )
    with pytest.raises(CommandError):
        call_command("metrics_recompute", org="nadie")
