"""The demo loader against the database: account facts reach authors and triage."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from dialogo.demo import loader
from dialogo.demo.content import generate_conversations
from dialogo.inbox.models import Author
from dialogo.triage.models import Classification

pytestmark = pytest.mark.django_db


def test_demo_accounts_carry_network_facts_and_bots_trip_the_spam_rule():
    org = loader.create_institution()
    # A fixed end: the conversations drawn depend on it, and with some ends (the clock's, as
    # this test once used) too few spam bots post a shortened link for the rule to show.
    end = dt.datetime(2026, 6, 1, 15, 0, tzinfo=dt.UTC)
    items = list(generate_conversations(seed=3, count=1500, end=end, days=120))
    out = io.StringIO()
    loader.load_conversations(org, items, total=len(items), out=out)
    loader.classify_history(org, out=out)

    social = Author.objects.filter(organization=org, network__in=["bluesky", "mastodon", "x"])
    assert social.exists() and not social.filter(account_created_at=None).exists()
    assert (
        not Author.objects.filter(organization=org, network="email")
        .exclude(account_created_at=None)
        .exists()
    )
    bots = social.filter(
        external_id__in=[i.author.key for i in items if i.author.person_key.startswith("bot:")]
    )
    assert bots.exists()
    # Spam needs evidence (issue 17): the bots' offers and link-only posts from new, bare
    # accounts are caught with a reason; the citizens' own links are not.
    spam = Classification.objects.filter(organization=org, message__author__in=bots)
    assert spam.filter(message_type="spam").exists()
    for labelled in Classification.objects.filter(organization=org, message_type="spam"):
        assert labelled.reasons, labelled.message.text  # never spam without a stated reason
