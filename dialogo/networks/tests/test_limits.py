"""Reply length as each network counts it, and the server refusing over-limit replies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.roles import Role
from dialogo.inbox.models import Message
from dialogo.networks import limits
from dialogo.networks.models import Channel


def test_graphemes_count_what_a_reader_sees():
    assert limits.grapheme_count("hola") == 4
    assert limits.grapheme_count("café") == 4  # precomposed
    assert limits.grapheme_count("cafe\u0301") == 4  # e + combining accent
    assert limits.grapheme_count("👍🏽") == 1  # skin tone
    assert limits.grapheme_count("👩‍👩‍👧") == 1  # zero-width-joined family
    assert limits.grapheme_count("🇨🇴🇨🇴") == 2  # two flags
    assert limits.grapheme_count("❤️") == 1  # variation selector


def test_each_network_has_its_limit_and_a_channel_may_change_it():
    assert limits.limit_for(Channel(kind="x")) == 280
    assert limits.limit_for(Channel(kind="bluesky")) == 300
    assert limits.limit_for(Channel(kind="mastodon")) == 500
    assert limits.limit_for(Channel(kind="mastodon", settings={"max_chars": 1000})) == 1000
    assert limits.limit_for(Channel(kind="email")) is None


@pytest.mark.django_db
def test_server_refuses_a_reply_over_the_networks_limit(client, org, members):
    channel = Channel.objects.create(organization=org, kind="x", name="X", handle="@ifp")
    conv = make_conversation(channel, "¿Atienden el sábado?", who="x-1")
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:reply", args=[org.slug, conv.pk])
    response = client.post(
        url, {"text": "a" * 281, "version": conv.version, "idempotency_key": "k1"}
    )
    assert response.status_code == 400
    # The networks' tests run in English (see networks/conftest.py).
    assert "X allows 280 characters and this reply has 281: shorten it by 1." in (
        response.content.decode()
    )
    assert not Message.objects.filter(direction="out").exists()
    response = client.post(
        url, {"text": "a" * 280, "version": conv.version, "idempotency_key": "k2"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_bluesky_counts_emoji_with_modifiers_once(client, org, members):
    channel = Channel.objects.create(organization=org, kind="bluesky", name="Bsky", handle="ifp")
    conv = make_conversation(channel, "¿Hay citas?", who="did:plc:1")
    client.force_login(members[Role.AGENT].user)
    text = "👍🏽" * 300  # 600 code points, 300 graphemes
    response = client.post(
        reverse("inbox:reply", args=[org.slug, conv.pk]),
        {"text": text, "version": conv.version, "idempotency_key": "k3"},
    )
    assert response.status_code == 302
