"""Tests for the demo content generator (plain Python, no database)."""

import collections
import datetime as dt
import re
import subprocess
import sys
import time

import pytest

from dialogo.demo import content
from dialogo.demo.content import (
    CHANNELS,
    KINDS,
    SENTIMENTS,
    STATES,
    TEAM,
    TOPICS,
    generate_conversations,
)

END = dt.datetime(2026, 3, 20, 18, 30, tzinfo=dt.UTC)


def _generate(count, seed=7, days=90):
    return list(generate_conversations(seed=seed, count=count, end=END, days=days))


@pytest.fixture(scope="module")
def sample():
    return _generate(4000)


def test_generate_conversations_same_seed_same_output():
    assert _generate(300, seed=3) == _generate(300, seed=3)


def test_generate_conversations_other_seed_other_output():
    first = [m.text for c in _generate(50, seed=3) for m in c.messages]
    second = [m.text for c in _generate(50, seed=4) for m in c.messages]
    assert first != second


def test_generate_conversations_yields_count():
    assert len(_generate(123)) == 123
    assert _generate(0) == []


def test_generate_conversations_naive_end_refused():
    with pytest.raises(ValueError):
        list(generate_conversations(seed=1, count=1, end=END.replace(tzinfo=None)))


def test_messages_utc_aware_chronological_within_window(sample):
    start = END - dt.timedelta(days=90)
    for conv in sample:
        times = [m.at for m in conv.messages]
        assert all(t.utcoffset() == dt.timedelta(0) for t in times)
        assert all(a < b for a, b in zip(times, times[1:], strict=False))
        assert start <= times[0] and times[-1] <= END


def test_conversations_yielded_oldest_first(sample):
    starts = [c.messages[0].at for c in sample]
    assert starts == sorted(starts)


def test_short_window_stays_inside():
    convs = _generate(200, days=2)
    assert all(END - dt.timedelta(days=2) <= m.at <= END for c in convs for m in c.messages)


def test_first_message_from_citizen_and_thread_length(sample):
    assert all(c.messages[0].direction == "in" for c in sample)
    assert {m.direction for c in sample for m in c.messages} == {"in", "out"}
    lengths = collections.Counter(len(c.messages) for c in sample)
    assert min(lengths) == 1 and max(lengths) == 6
    assert sum(n for length, n in lengths.items() if length >= 3) > len(sample) * 0.3


def test_no_empty_texts(sample):
    assert all(m.text.strip() for c in sample for m in c.messages)
    formal = [c for c in sample if c.channel_kind in ("email", "webform")]
    assert formal and all(c.subject.strip() for c in formal)
    assert all(c.subject == "" for c in sample if c.channel_kind not in ("email", "webform"))


def test_labels_come_from_the_vocabularies(sample):
    topics = {slug for slug, _, _ in TOPICS}
    assert {c.kind for c in sample} == set(KINDS)
    assert {c.sentiment for c in sample} == set(SENTIMENTS)
    assert {c.final_state for c in sample} == set(STATES)
    assert {c.channel_kind for c in sample} == {ch["kind"] for ch in CHANNELS}
    assert {c.topic_slug for c in sample} - {None} == topics


def test_kind_shares_are_plausible(sample):
    shares = collections.Counter(c.kind for c in sample)
    n = len(sample)
    assert shares["pregunta"] == max(shares.values())
    assert 0.015 < shares["spam"] / n < 0.06
    assert 0.015 < shares["abuso"] / n < 0.06


def test_unanswered_share_between_ten_and_fifteen_percent(sample):
    unanswered = sum(c.final_state in ("new", "open") for c in sample)
    assert 0.09 <= unanswered / len(sample) <= 0.16


def test_new_conversations_unassigned_and_unreplied(sample):
    for conv in sample:
        if conv.final_state == "new":
            assert conv.assignee is None
            assert all(m.direction == "in" for m in conv.messages)


def test_waiting_and_answered_end_with_institution(sample):
    for conv in sample:
        if conv.final_state in ("waiting", "answered"):
            assert conv.messages[-1].direction == "out"


def test_spam_and_abuse_mostly_closed_without_reply(sample):
    noise = [c for c in sample if c.kind in ("spam", "abuso")]
    silent = [c for c in noise if c.final_state == "closed" and len(c.messages) <= 2]
    assert len(silent) / len(noise) > 0.7
    assert all(m.direction == "in" for c in sample if c.kind == "spam" for m in c.messages)


def test_assignees_are_team_members(sample):
    usernames = {m["username"] for m in TEAM}
    assert {c.assignee for c in sample} - {None} <= usernames


def test_replied_conversations_have_an_assignee(sample):
    replied = [c for c in sample if any(m.direction == "out" for m in c.messages)]
    assert replied and all(c.assignee for c in replied)


def test_author_handles_unique_per_key(sample):
    handle_of, key_of = {}, {}
    for conv in sample:
        a = conv.author
        assert a.key.startswith(conv.channel_kind + ":")
        assert handle_of.setdefault(a.key, a.handle) == a.handle
        assert key_of.setdefault((conv.channel_kind, a.handle), a.key) == a.key
        assert a.display_name.strip() and a.handle.strip()


def test_some_citizens_on_several_networks(sample):
    kinds = collections.defaultdict(set)
    for conv in sample:
        kinds[conv.author.person_key].add(conv.channel_kind)
    assert sum(len(k) > 1 for k in kinds.values()) >= 10


def test_some_citizens_write_again(sample):
    per_author = collections.Counter(c.author.key for c in sample)
    assert max(per_author.values()) >= 3


def test_contact_data_is_fictional(sample):
    for conv in sample:
        email = conv.author.email
        assert email is None or email.rsplit("@", 1)[1].split(".")[-1] in (
            "example",
            "com",
            "net",
            "org",
        )
        assert email is None or "example" in email
        for url in re.findall(
            r"https?://([A-Za-z0-9.-]*[A-Za-z0-9])", " ".join(m.text for m in conv.messages)
        ):
            assert url.endswith(".example"), url


def test_institution_replies_link_only_antd(sample):
    outs = [m.text for c in sample for m in c.messages if m.direction == "out"]
    links = {
        host for text in outs for host in re.findall(r"https?://([A-Za-z0-9.-]*[A-Za-z0-9])", text)
    }
    assert links == {"antd.example"}


def test_team_and_channels_shape():
    assert len(TEAM) == 5
    assert {m["role"] for m in TEAM} == {"admin", "supervisor", "agent", "expert", "analyst"}
    assert all(m["email"].endswith("@antd.example") for m in TEAM)
    topics = {slug for slug, _, _ in TOPICS}
    assert all(set(m["topics"]) <= topics for m in TEAM)
    assert 6 <= len(TOPICS) <= 9
    assert len({ch["handle"] for ch in CHANNELS}) == len(CHANNELS)


def test_topic_banks_point_at_existing_answers():
    for bank in content._BANKS.values():
        for key in ("nouns", "questions", "requests", "complaints", "claims"):
            for _, index in getattr(bank, key):
                assert index is None or 0 <= index < len(bank.answers)
        for _, replies, fits in bank.asks:
            assert replies and all(0 <= i < len(bank.answers) for i in fits)
        assert all(replies for _, replies in bank.followups + bank.errors)


def test_module_imports_without_django():
    code = "import sys, dialogo.demo.content; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_generation_speed_smoke():
    started = time.process_time()
    messages = sum(len(c.messages) for c in generate_conversations(seed=1, count=10_000, end=END))
    elapsed = time.process_time() - started
    # About 30,000 messages; the full benchmark (250,000 conversations) takes ~25 s.
    assert messages > 25_000
    assert elapsed < 15
