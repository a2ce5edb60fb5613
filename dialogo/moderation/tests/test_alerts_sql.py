"""The hourly spike check counts in SQL; it raises exactly the alerts the earlier Python
rescan raised (kept here as the reference) on a built dataset with edge timestamps."""

import datetime as dt
import random
import statistics

import pytest

from dialogo.conftest import make_conversation
from dialogo.core.models import Topic
from dialogo.inbox.models import Direction, Message
from dialogo.moderation import services
from dialogo.moderation.models import Alert, AlertKind
from dialogo.networks.models import Channel
from dialogo.triage.models import Classification

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
W = dt.timedelta(hours=24)


def reference_spikes(organization, now):
    """The alert semantics as the scheduler computed them before (one Python pass)."""
    since = now - W * 15
    base = Classification.objects.filter(
        organization=organization, message_at__gte=since, message_at__lt=now
    )
    found = set()
    for kind in AlertKind.values:
        per_day = {}
        rows = base.filter(services._kind_filter(kind)).values_list("topic_id", "message_at")
        for topic_id, created in rows:
            day = int((now - created) // W)
            per_day[(topic_id, day)] = per_day.get((topic_id, day), 0) + 1
        for topic_id in {t for t, _d in per_day}:
            current = per_day.get((topic_id, 0), 0)
            history = [per_day.get((topic_id, d), 0) for d in range(1, 15)]
            mean, spread = statistics.fmean(history), statistics.pstdev(history)
            if current >= 5 and current >= 2 * mean and current > mean + 3 * spread:
                found.add((kind, topic_id, current, round(mean, 9)))
    return found


def _build(org, seed):
    """Classifications over 16 days for every topic (and none), with random volumes, some
    spikes and timestamps exactly on the day boundaries."""
    rng = random.Random(seed)
    channel = Channel.objects.create(organization=org, kind="webform", name="Web", handle="w")
    conversation = make_conversation(channel, "hola")
    topics = [*Topic.objects.filter(organization=org), None]
    labels = [
        {"message_type": "queja", "sentiment": "negativo", "offensive_score": 0.0},
        {"message_type": "reclamo", "sentiment": "neutro", "offensive_score": 0.1},
        {"message_type": "abuso", "sentiment": "negativo", "offensive_score": 0.9},
        {"message_type": "consulta", "sentiment": "positivo", "offensive_score": 0.6},
        {"message_type": "consulta", "sentiment": "negativo", "offensive_score": 0.0},
    ]
    when = []
    for topic in topics:
        spike = rng.random() < 0.6
        for day in range(16):
            n = rng.randint(0, 3) + (rng.randint(6, 14) if spike and day == 0 else 0)
            for _ in range(n):
                at = NOW - W * day - dt.timedelta(seconds=rng.randint(1, 86399))
                when.append((topic, at, rng.choice(labels)))
        for d in range(16):  # exactly on a boundary: belongs to the older day
            when.append((topic, NOW - W * d, rng.choice(labels)))
    messages = Message.objects.bulk_create(
        Message(
            organization=org,
            conversation=conversation,
            channel=channel,
            direction=Direction.IN,
            text=f"m{i}",
            created_at=at,
        )
        for i, (_t, at, _l) in enumerate(when)
    )
    Classification.objects.bulk_create(
        Classification(
            message=m,
            organization=org,
            topic=topic,
            type_confidence=0.9,
            sentiment_confidence=0.9,
            needs_answer=True,
            created_at=NOW,
            message_at=at,
            **label,
        )
        for m, (topic, at, label) in zip(messages, when, strict=True)
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_spike_check_raises_the_same_alerts_as_the_python_rescan(org, other_org, seed):
    _build(org, seed)
    _build(other_org, seed + 100)
    expected = {o.pk: reference_spikes(o, NOW) for o in (org, other_org)}
    assert expected[org.pk] or expected[other_org.pk]  # the dataset does contain spikes
    raised = services.detect_alerts_everywhere(now=NOW + dt.timedelta(minutes=20))
    got = {o.pk: set() for o in (org, other_org)}
    for a in raised:
        got[a.organization_id].add((a.kind, a.topic_id, a.count, round(a.baseline, 9)))
    assert got == expected
    assert all(a.window_end == NOW and a.window_start == NOW - W for a in raised)
    # The next hourly run raises nothing new for the same spikes.
    assert services.detect_alerts_everywhere(now=NOW + dt.timedelta(hours=1)) == []
    assert Alert.objects.count() == len(raised)


def test_spike_check_of_one_organization_ignores_the_others(org, other_org):
    _build(other_org, 7)
    assert reference_spikes(other_org, NOW)
    assert services.detect_alerts(organization=org, now=NOW) == []
    assert Alert.objects.count() == 0


def test_spike_check_is_a_few_queries(org, django_assert_max_num_queries):
    _build(org, 4)
    Alert.objects.all().delete()
    with django_assert_max_num_queries(3 + 1):  # one GROUP BY per kind, and the organizations
        services.detect_alerts_everywhere(now=NOW - dt.timedelta(days=30))
