"""The X adapter against recorded API v2 responses served on 127.0.0.1.

The responses follow X's public documentation (users/:id/mentions, POST /2/tweets, users/me,
problem bodies, x-rate-limit-* headers); tweepy talks to them exactly as to api.twitter.com.
"""

import datetime as dt
import time

import pytest

from dialogo.inbox.models import Conversation, Message, SendStatus
from dialogo.inbox.services import send_reply
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.facebook.tests.recorded import RecordedServer, fixture
from dialogo.networks.models import Channel, ChannelStatus
from dialogo.networks.services import ChannelError, connect_channel
from dialogo.networks.x import adapter as x_adapter

ME = "1500000000000000001"
MENTIONS = f"/2/users/{ME}/mentions"


@pytest.fixture
def server():
    with RecordedServer() as recorded:
        recorded.add("GET", "/2/users/me", fixture("x/users_me.json"))
        yield recorded


def credentials(server, tier="basic", **extra):
    return {
        "tier": tier,
        "bearer_token": "AAAA-bearer",
        "consumer_key": "ck",
        "consumer_secret": "cs",
        "access_token": "at",
        "access_token_secret": "ats",
        "api_base": server.url,
        **extra,
    }


@pytest.fixture
def x_channel(org, agent, server):
    return connect_channel(
        organization=org, actor=agent.user, kind="x", name="X", credentials=credentials(server)
    )


def test_connect_returns_handle_signed_with_oauth1(x_channel, server):
    assert x_channel.handle == "@ifp_gov"
    request = server.calls("GET", "/2/users/me")[0]
    assert request.headers["Authorization"].startswith("OAuth ")
    assert request.query["user.fields"] == "public_metrics"


def test_mentions_over_two_pages_arrive_oldest_first_and_threaded(x_channel, server):
    server.add(
        "GET",
        MENTIONS,
        fixture("x/mentions_page1.json"),  # once for the direct fetch, once for the poll
        fixture("x/mentions_page1.json"),
        fixture("x/mentions_page2.json"),
        fixture("x/mentions_empty.json"),
    )
    first = x_channel.adapter.fetch({})
    assert [m.network_id for m in first.messages] == ["1785000000000000103", "1785000000000000105"]
    # The walk back is not finished: since_id must not move yet.
    assert first.cursor["since_id"] is None
    assert first.more is True
    assert services.poll_channel(channel_id=x_channel.pk) == 3
    x_channel.refresh_from_db()
    assert x_channel.cursor["since_id"] == "1785000000000000105"
    assert "next_token" not in x_channel.cursor
    conv = Conversation.objects.get(channel=x_channel)
    assert conv.thread_key == "1785000000000000100"
    assert conv.messages.count() == 3
    reply = Message.objects.get(network_id="1785000000000000105")
    assert reply.in_reply_to_network_id == "1785000000000000104"
    assert reply.author.handle == "@lucia_prueba"
    # user.fields: when the account was made, its picture, its followers.
    assert reply.author.account_created_at == dt.datetime(2019, 3, 14, 15, 20, tzinfo=dt.UTC)
    assert (reply.author.has_avatar, reply.author.followers) == (True, 212)
    # Links: the t.co link becomes its target in the text; `links` has where it ends.
    linked = Message.objects.get(network_id="1785000000000000103")
    assert linked.text == "@ifp_gov ¿y para renovar? Vi esto: https://bit.ly/ifp-renovar"
    assert linked.links == ["https://ifp.example.gov.co/tramites/renovar"]
    assert reply.links == []
    beto = linked.author
    assert (beto.account_created_at, beto.has_avatar, beto.followers) == (None, None, None)
    calls = server.calls("GET", MENTIONS)
    assert calls[2].query["pagination_token"] == "7140dibdnow9c7btw3z2vwioavpvutgzrzm9icis4ndix"
    assert calls[0].query["expansions"] == "author_id"
    assert {"created_at", "profile_image_url", "public_metrics"} <= set(
        calls[0].query["user.fields"].split(",")
    )
    assert set(calls[0].query["tweet.fields"].split(",")) == set(x_adapter.TWEET_FIELDS)
    # The next poll asks only for what is newer.
    services.poll_channel(channel_id=x_channel.pk)
    assert server.calls("GET", MENTIONS)[-1].query["since_id"] == "1785000000000000105"
    assert Message.objects.filter(channel=x_channel).count() == 3


def test_reply_is_posted_in_reply_to_the_citizen(
    x_channel, server, agent, django_capture_on_commit_callbacks
):
    server.add("GET", MENTIONS, fixture("x/mentions_page2.json"))
    services.poll_channel(channel_id=x_channel.pk)
    server.add("POST", "/2/tweets", fixture("x/create_tweet.json"))
    conv = Conversation.objects.get(channel=x_channel)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_reply(
            conversation=conv,
            membership=agent,
            text="Pídalo en línea.",
            expected_version=conv.version,
        )
    message.refresh_from_db()
    assert message.send_status == SendStatus.SENT
    assert message.network_id == "1785000000000000200"
    body = server.calls("POST", "/2/tweets")[0].json()
    assert body == {
        "text": "Pídalo en línea.",
        "reply": {"in_reply_to_tweet_id": "1785000000000000100"},
    }


def test_free_tier_cannot_read_but_says_so_and_still_publishes(org, agent, server):
    channel = connect_channel(
        organization=org,
        actor=agent.user,
        kind="x",
        name="X",
        credentials=credentials(server, tier="free"),
    )
    adapter = channel.adapter
    assert adapter.can_fetch is False
    assert adapter.can_send is True
    assert "cannot read mentions" in adapter.read_notice()
    assert "archive import" in adapter.read_notice()
    with pytest.raises(AdapterError) as info:
        adapter.fetch({})
    assert info.value.permanent is True
    assert services.poll_channel(channel_id=channel.pk) == 0
    assert server.calls("GET", MENTIONS) == []


def test_plan_without_mention_access_is_a_clear_permanent_error(x_channel, server):
    server.add("GET", MENTIONS, fixture("x/forbidden_free_tier.json"))
    with pytest.raises(AdapterError) as info:
        x_channel.adapter.fetch({})
    assert info.value.permanent is True
    assert "Project" in str(info.value)


def test_rate_limit_uses_reset_header_and_keeps_cursor(x_channel, server):
    reset = int(time.time()) + 900
    server.add(
        "GET", MENTIONS, fixture("x/rate_limited.json", headers={"x-rate-limit-reset": str(reset)})
    )
    Channel.objects.filter(pk=x_channel.pk).update(cursor={"me": ME, "since_id": "1"})
    with pytest.raises(AdapterError) as info:
        x_channel.adapter.fetch({"me": ME, "since_id": "1"})
    assert 880 < info.value.retry_after <= 900
    services.poll_channel(channel_id=x_channel.pk)
    x_channel.refresh_from_db()
    assert x_channel.cursor == {"me": ME, "since_id": "1"}


def test_revoked_tokens_pause_the_channel(x_channel, server):
    server.add("GET", MENTIONS, fixture("x/unauthorized.json"))
    Channel.objects.filter(pk=x_channel.pk).update(cursor={"me": ME})
    services.poll_channel(channel_id=x_channel.pk)
    x_channel.refresh_from_db()
    assert x_channel.status == ChannelStatus.ERROR
    assert "Unauthorized" in x_channel.last_error


def test_wrong_tokens_are_refused_on_connect(org, agent, server):
    server.routes.clear()
    server.add("GET", "/2/users/me", fixture("x/unauthorized.json"))
    with pytest.raises(ChannelError, match="rejected these credentials|rechazó estas credenciales"):
        connect_channel(
            organization=org, actor=agent.user, kind="x", name="X", credentials=credentials(server)
        )


@pytest.mark.parametrize(
    "response",
    [
        fixture("x/server_error.json"),
        {"status": 200, "raw": '{"data": [{"id": "1"'},
        {"action": "reset"},
    ],
    ids=["5xx", "truncated-json", "connection-reset"],
)
def test_network_faults_are_adapter_errors(x_channel, server, response):
    server.add("GET", MENTIONS, response)
    with pytest.raises(AdapterError) as info:
        x_channel.adapter.fetch({"me": ME})
    assert not isinstance(info.value, AuthError)


def test_timeout_is_adapter_error(x_channel, server, monkeypatch):
    monkeypatch.setattr(x_adapter, "TIMEOUT", 0.3)
    server.add("GET", MENTIONS, {"action": "sleep", "seconds": 1, "body": {}})
    with pytest.raises(AdapterError, match="in time"):
        x_channel.adapter.fetch({"me": ME})


def test_follower_count_from_public_metrics(x_channel):
    assert x_channel.adapter.follower_count() == 48213


@pytest.mark.parametrize(
    ("user", "has_avatar"),
    [
        ({}, None),
        ({"created_at": "ayer", "profile_image_url": 7, "public_metrics": "muchos"}, None),
        ({"created_at": "2024-05-01T10:00:00", "public_metrics": {"followers_count": "12"}}, None),
        ({"profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/x.png"}, False),
    ],
)
def test_account_facts_from_odd_user_objects(user, has_avatar):
    facts = x_adapter._account_facts(user)
    assert facts["account_created_at"] is None  # missing, garbage or without a time zone
    assert facts["followers"] is None
    assert facts["has_avatar"] is has_avatar


# --- moderation ---------------------------------------------------------------------------

REPLY = "1785000000000000103"  # Beto's reply in the conversation of 1785000000000000100
HIDDEN = f"/2/tweets/{REPLY}/hidden"


@pytest.fixture
def stored(x_channel, server):
    server.add(
        "GET",
        MENTIONS,
        fixture("x/mentions_page1.json"),
        fixture("x/mentions_page2.json"),
        fixture("x/mentions_empty.json"),
    )
    services.poll_channel(channel_id=x_channel.pk)
    return {m.network_id: m for m in Message.objects.filter(channel=x_channel)}


def test_moderation_offers_only_hide(x_channel, stored):
    adapter = x_channel.adapter
    assert adapter.moderation_actions == {"hide"}
    for action in ("delete", "report"):
        with pytest.raises(NotImplementedError):
            adapter.moderate(action, stored[REPLY], reason="3. Respeto")


def test_hide_reply_puts_hidden_true_signed_with_oauth1(x_channel, server, stored):
    server.add("PUT", HIDDEN, fixture("x/hide_reply.json"))
    result = x_channel.adapter.moderate("hide", stored[REPLY], reason="3. Respeto")
    assert "hidden on X" in result
    call = server.calls("PUT", HIDDEN)[0]
    assert call.json() == {"hidden": True}
    assert call.headers["Authorization"].startswith("OAuth ")


def test_a_post_that_is_not_a_reply_is_refused_without_calling_x(x_channel, server, stored):
    root = stored["1785000000000000100"]
    with pytest.raises(AdapterError, match="not a reply") as info:
        x_channel.adapter.moderate("hide", root)
    assert info.value.permanent is True
    assert [r for r in server.requests if r.method == "PUT"] == []


def test_forbidden_hide_explains_whose_conversations_can_be_moderated(x_channel, server, stored):
    server.add("PUT", HIDDEN, fixture("x/hide_forbidden.json"))
    with pytest.raises(AdapterError) as info:
        x_channel.adapter.moderate("hide", stored[REPLY])
    assert not isinstance(info.value, AuthError)
    assert info.value.permanent is True
    assert "only hide replies in conversations it started" in str(info.value)


def test_hide_of_a_deleted_post_says_so(x_channel, server, stored):
    server.add("PUT", HIDDEN, fixture("x/not_found.json"))
    with pytest.raises(AdapterError, match="no longer exists on X"):
        x_channel.adapter.moderate("hide", stored[REPLY])


def test_hide_rate_limit_waits_until_the_reset(x_channel, server, stored):
    reset = int(time.time()) + 600
    server.add(
        "PUT", HIDDEN, fixture("x/rate_limited.json", headers={"x-rate-limit-reset": str(reset)})
    )
    with pytest.raises(AdapterError) as info:
        x_channel.adapter.moderate("hide", stored[REPLY])
    assert 580 < info.value.retry_after <= 600
    assert info.value.permanent is False


def test_hide_needs_the_account_tokens(org, agent, server, stored):
    channel = Channel.objects.create(organization=org, kind="x", name="X lectura")
    channel.set_credentials({"tier": "basic", "bearer_token": "AAAA", "api_base": server.url})
    channel.save()
    with pytest.raises(AuthError, match="OAuth 1.0a"):
        channel.adapter.moderate("hide", stored[REPLY])


@pytest.mark.parametrize(
    "response",
    [
        {"status": 200, "body": {"data": {"hidden": False}}},
        {"status": 200, "raw": '{"data": {"hidd'},
        fixture("x/server_error.json"),
        fixture("x/unauthorized.json"),
        {"action": "reset"},
    ],
    ids=["not-hidden", "truncated-json", "5xx", "401", "connection-reset"],
)
def test_hide_faults_are_adapter_errors(x_channel, server, stored, response):
    server.add("PUT", HIDDEN, response)
    with pytest.raises(AdapterError):
        x_channel.adapter.moderate("hide", stored[REPLY])
