"""The Bluesky adapter against recorded XRPC responses (shaped as the lexicons and the PDS
documentation describe them) for what the local network will not do on demand: rate limits,
5xx, malformed bodies, resets, slow answers, expired sessions and malformed items."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialogo.core.crypto import encrypt_json
from dialogo.inbox.models import Message
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.bluesky import adapter as adapter_module
from dialogo.networks.bluesky import client as client_module
from dialogo.networks.bluesky.tests.conftest import fake_jwt, make_channel, stale_session
from dialogo.networks.mastodon.tests.recorded import Recorded, recorded_server
from dialogo.networks.models import ChannelStatus

RECORDINGS = Path(__file__).parent / "recordings"
DID = "did:plc:ifp11111111111111111111"
HANDLE = "ifp.bsky.social"
LIST = "/xrpc/app.bsky.notification.listNotifications"
LOGIN = "/xrpc/com.atproto.server.createSession"
PROFILES = "/xrpc/app.bsky.actor.getProfiles"
CARLOS = "did:plc:carlos777777777777777777"
ROSA = "did:plc:rosa2222222222222222222"


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    with recorded_server() as server:
        server.answer(
            "POST",
            LOGIN,
            200,
            {
                "did": DID,
                "handle": HANDLE,
                "accessJwt": fake_jwt(DID),
                "refreshJwt": fake_jwt(DID),
                "active": True,
            },
        )
        yield server


@pytest.fixture
def channel(org, recorded):
    return make_channel(org, recorded.url, HANDLE, "app-pass-word")


def notifications() -> dict:
    return json.loads((RECORDINGS / "notifications_mixed.json").read_text())


def test_malformed_items_are_skipped_and_the_rest_normalised(channel, recorded, caplog):
    recorded.answer("GET", LIST, 200, notifications())
    with caplog.at_level(logging.WARNING, logger="dialogo.networks.bluesky.adapter"):
        result = channel.adapter.fetch({})
    assert [m.author.handle for m in result.messages] == [
        "@carlos.bsky.social",
        "@rosa.bsky.social",
    ]
    reply, quote = result.messages
    assert reply.text == "¿Y qué pasa con los que no tenemos internet?"
    assert reply.author.external_id == "did:plc:carlos777777777777777777"
    assert reply.author.display_name == "Carlos Pérez"
    assert reply.created_at == dt.datetime(2026, 11, 29, 13, 0, 59, 500000, tzinfo=dt.UTC)
    assert (
        reply.in_reply_to_network_id
        == "at://did:plc:ifp11111111111111111111/app.bsky.feed.post/3m7post000001"
    )
    assert reply.thread_root_network_id == reply.in_reply_to_network_id
    assert quote.thread_root_network_id == ""
    for reason in ("not a mention, reply or quote", "no text", "no valid createdAt", "no author"):
        assert reason in caplog.text
    # Every item was handled (stored or skipped): the cursor moves past all of them.
    assert result.cursor["since"] == "2026-11-29T13:05:01+00:00"
    assert len(result.cursor["seen"]) == 6
    assert result.more is False
    query = next(r for r in recorded.requests if r["path"] == LIST)["query"]
    assert query["reasons"] == ["mention", "reply", "quote"]
    assert query["limit"] == ["100"]


def test_follower_counts_come_from_one_get_profiles_call(channel, recorded):
    """A notification's author view has no follower count: one getProfiles call for all
    the batch's authors adds it (and the creation date the author view lacked)."""
    recorded.answer("GET", LIST, 200, notifications())
    recorded.answer(
        "GET",
        PROFILES,
        200,
        {
            "profiles": [
                {"did": CARLOS, "handle": "carlos.bsky.social", "followersCount": 0},
                {
                    "did": ROSA,
                    "handle": "rosa.bsky.social",
                    "followersCount": 152,
                    "createdAt": "2019-03-02T10:00:00.000Z",
                    "avatar": "https://cdn.example/rosa.jpg",
                },
                {"did": "did:plc:stranger", "followersCount": 9},  # not asked: ignored
                "garbage",
                {"did": CARLOS, "followersCount": "muchos"},  # not a number: ignored
            ]
        },
    )
    carlos, rosa = channel.adapter.fetch({}).messages
    assert (carlos.author.followers, rosa.author.followers) == (0, 152)
    assert rosa.author.account_created_at == dt.datetime(2019, 3, 2, 10, tzinfo=dt.UTC)
    assert rosa.author.has_avatar is True
    assert recorded.calls(PROFILES) == 1
    query = next(r for r in recorded.requests if r["path"] == PROFILES)["query"]
    assert sorted(query["actors"]) == sorted([CARLOS, ROSA])


@pytest.mark.parametrize(
    ("status", "body"), [(429, {"error": "RateLimitExceeded"}), (200, b"<html>"), (200, [1])]
)
def test_a_failed_profiles_call_never_holds_the_messages_back(
    channel, recorded, status, body, caplog
):
    recorded.answer("GET", LIST, 200, notifications())
    recorded.answer("GET", PROFILES, status, body)
    with caplog.at_level(logging.WARNING, logger="dialogo.networks.bluesky.adapter"):
        messages = channel.adapter.fetch({}).messages
    assert [m.author.followers for m in messages] == [None, None]
    assert services.poll_channel(channel_id=channel.pk) == 2


def test_poll_stores_the_good_items_once(channel, recorded):
    recorded.answer("GET", LIST, 200, notifications())
    assert services.poll_channel(channel_id=channel.pk) == 2
    channel.refresh_from_db()
    services.poll_channel(channel_id=channel.pk)
    assert Message.objects.filter(channel=channel).count() == 2


def test_rate_limit_uses_the_ratelimit_reset_header(channel, recorded):
    reset = int(time.time()) + 240
    recorded.answer(
        "GET",
        LIST,
        429,
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        {
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "0",
            "ratelimit-reset": str(reset),
            "ratelimit-policy": "3000;w=300",
        },
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert 230 <= caught.value.retry_after <= 241
    assert not isinstance(caught.value, AuthError)


def test_rate_limit_prefers_retry_after(channel, recorded):
    recorded.answer("GET", LIST, 429, {"error": "RateLimitExceeded"}, {"Retry-After": "90"})
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert caught.value.retry_after == 90


def test_rate_limited_poll_keeps_the_cursor_and_waits(channel, recorded):
    recorded.answer("GET", LIST, 429, {"error": "RateLimitExceeded"}, {"Retry-After": "600"})
    services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    assert channel.cursor == {}
    assert channel.next_poll_at - channel.last_polled_at >= dt.timedelta(seconds=590)
    assert channel.status == ChannelStatus.ACTIVE


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retryable(channel, recorded, status):
    recorded.answer(
        "GET", LIST, status, {"error": "InternalServerError", "message": "Internal Server Error"}
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert not isinstance(caught.value, AuthError)
    assert caught.value.permanent is False
    assert str(status) in str(caught.value)


def test_malformed_json_is_retryable(channel, recorded):
    recorded.answer("GET", LIST, 200, b'{"notifications": [{"uri": "at://trunc')
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert caught.value.permanent is False


def test_a_body_without_notifications_is_retryable(channel, recorded):
    recorded.answer("GET", LIST, 200, {"unexpected": True})
    with pytest.raises(AdapterError):
        channel.adapter.fetch({})


def test_connection_reset_is_retryable(channel, recorded):
    recorded.answer("GET", LIST, 200, None)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert caught.value.permanent is False


def test_timeout_is_retryable(channel, recorded, monkeypatch):
    monkeypatch.setattr(client_module, "TIMEOUT", 0.3)
    recorded.answer("GET", LIST, 200, notifications(), delay=1.5)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert caught.value.permanent is False


def test_expired_stored_session_logs_in_again(channel, recorded):
    sealed = encrypt_json(
        {
            "handle": HANDLE,
            "session": stale_session(HANDLE, DID, recorded.url),
        }
    )
    recorded.answer("GET", LIST, 400, {"error": "ExpiredToken", "message": "Token has expired"})
    with pytest.raises(AuthError) as caught:
        channel.adapter.fetch({"session": sealed})
    # The stored session was refused, a fresh login was tried once, and that was refused too.
    assert recorded.calls(LOGIN) == 1
    assert "ExpiredToken" in str(caught.value)


def test_stored_session_is_used_without_login(channel, recorded):
    sealed = encrypt_json(
        {
            "handle": HANDLE,
            "session": stale_session(HANDLE, DID, recorded.url),
        }
    )
    channel.cursor = {"session": sealed}
    recorded.answer("GET", LIST, 200, {"notifications": []})
    result = channel.adapter.fetch({"session": sealed})
    assert recorded.calls(LOGIN) == 0
    assert result.cursor["session"]


def test_a_session_of_other_credentials_is_ignored(channel, recorded):
    other = encrypt_json(
        {
            "handle": "otra.bsky.social",
            "session": stale_session("otra.bsky.social", "did:plc:x", recorded.url),
        }
    )
    channel.cursor = {"session": other}
    recorded.answer("GET", LIST, 200, {"notifications": []})
    channel.adapter.fetch(channel.cursor)
    assert recorded.calls(LOGIN) == 1


def test_wrong_password_is_auth_error(channel, recorded):
    recorded.answer(
        "POST",
        LOGIN,
        401,
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
    )
    with pytest.raises(AuthError) as caught:
        channel.adapter.check_credentials()
    assert "Invalid identifier or password" in str(caught.value)


def test_revoked_session_pauses_the_channel(channel, recorded, members):
    recorded.answer(
        "GET",
        LIST,
        401,
        {"error": "AuthenticationRequired", "message": "Token could not be verified"},
    )
    recorded.answer(
        "POST",
        LOGIN,
        401,
        {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
    )
    services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.ERROR
    assert "AuthenticationRequired" in channel.last_error


def page(items: list, cursor: str | None) -> dict:
    return {"notifications": items, **({"cursor": cursor} if cursor else {})}


def test_a_failure_on_a_later_page_stores_nothing_and_keeps_the_cursor(channel, recorded):
    items = notifications()["notifications"]
    recorded.answer("GET", LIST, 200, page(items[:3], "next-page"))
    recorded.then("GET", LIST, 502, {"error": "UpstreamFailure"})
    services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    assert channel.cursor == {}
    assert Message.objects.filter(channel=channel).count() == 0
    assert "502" in channel.last_error


def test_a_long_walk_resumes_from_the_api_cursor(channel, recorded, monkeypatch):
    monkeypatch.setattr(adapter_module, "MAX_PAGES", 1)
    items = notifications()["notifications"]
    recorded.answer("GET", LIST, 200, page(items[:1], "page-2"))
    recorded.then("GET", LIST, 200, page(items[5:], None))
    first = channel.adapter.fetch({})
    assert first.more is True
    assert first.cursor["pending"] == "page-2"
    second = channel.adapter.fetch(first.cursor)
    assert [r for r in recorded.requests if r["path"] == LIST][-1]["query"]["cursor"] == ["page-2"]
    assert second.more is False
    assert "pending" not in second.cursor
    assert [m.author.handle for m in first.messages + second.messages] == [
        "@rosa.bsky.social",
        "@carlos.bsky.social",
    ]
    assert second.cursor["since"] == "2026-11-29T13:05:01+00:00"


# --- moderation ------------------------------------------------------------------------------

REPORT = "/xrpc/com.atproto.moderation.createReport"
GET_RECORD = "/xrpc/com.atproto.repo.getRecord"
PUT_RECORD = "/xrpc/com.atproto.repo.putRecord"
GET_POSTS = "/xrpc/app.bsky.feed.getPosts"
ROOT = "at://did:plc:ifp11111111111111111111/app.bsky.feed.post/3m7post000001"
REPLY = "at://did:plc:carlos777777777777777777/app.bsky.feed.post/3m7reply00001"
REPLY_CID = "bafyreireplyreplyreplyreplyreplyreplyreplyreplyreplyreply"
QUOTE = "at://did:plc:rosa2222222222222222222/app.bsky.feed.post/3m7quote00002"
NOT_FOUND = {"error": "RecordNotFound", "message": "Could not locate record"}


@pytest.fixture
def stored(channel, recorded):
    """Carlos's reply to the institution's post and Rosa's quote, stored by a poll."""
    recorded.answer("GET", LIST, 200, notifications())
    services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    return {
        "reply": Message.objects.get(channel=channel, network_id=REPLY),
        "quote": Message.objects.get(channel=channel, network_id=QUOTE),
    }


def sent_json(recorded, path: str) -> dict:
    return json.loads(next(r for r in reversed(recorded.requests) if r["path"] == path)["body"])


def report_answer(report_id: int = 4711) -> dict:
    return {
        "id": report_id,
        "reasonType": "com.atproto.moderation.defs#reasonOther",
        "reason": "3. Respeto",
        "subject": {"$type": "com.atproto.repo.strongRef", "uri": REPLY, "cid": REPLY_CID},
        "reportedBy": DID,
        "createdAt": "2026-11-29T14:00:00.000Z",
    }


def test_report_sends_the_posts_strong_ref_and_the_clause(channel, recorded, stored):
    recorded.answer("POST", REPORT, 200, report_answer())
    result = channel.adapter.moderate("report", stored["reply"], reason="3. Respeto")
    assert result == "Reported to the Bluesky moderation service (report 4711)."
    assert sent_json(recorded, REPORT) == {
        "reasonType": "com.atproto.moderation.defs#reasonOther",
        "subject": {"$type": "com.atproto.repo.strongRef", "uri": REPLY, "cid": REPLY_CID},
        "reason": "3. Respeto",
    }
    assert recorded.calls(GET_POSTS) == 0  # uri and cid came from the stored notification


def test_report_of_a_post_stored_without_its_cid_looks_it_up(channel, recorded, stored):
    message = stored["reply"]
    message.raw = {}  # as an imported archive stores it
    recorded.answer(
        "GET",
        GET_POSTS,
        200,
        {
            "posts": [
                {
                    "uri": REPLY,
                    "cid": REPLY_CID,
                    "author": {"did": CARLOS, "handle": "carlos.bsky.social"},
                    "record": {
                        "$type": "app.bsky.feed.post",
                        "text": "¿Y qué pasa?",
                        "createdAt": "2026-11-29T13:00:59.500Z",
                    },
                    "indexedAt": "2026-11-29T13:01:00.000Z",
                }
            ]
        },
    )
    recorded.answer("POST", REPORT, 200, report_answer())
    channel.adapter.moderate("report", message, reason="3. Respeto")
    assert sent_json(recorded, REPORT)["subject"]["cid"] == REPLY_CID


def test_report_of_a_post_gone_from_bluesky_says_so(channel, recorded, stored):
    message = stored["reply"]
    message.raw = {}
    recorded.answer("GET", GET_POSTS, 200, {"posts": []})
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", message, reason="3. Respeto")
    assert caught.value.permanent is True
    assert "no longer on Bluesky" in str(caught.value)
    assert recorded.calls(REPORT) == 0


def ratelimited(recorded, method: str, path: str) -> None:
    recorded.answer(
        method,
        path,
        429,
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        {"ratelimit-limit": "10", "ratelimit-remaining": "0", "Retry-After": "75"},
    )


def test_rate_limited_report_carries_the_wait(channel, recorded, stored):
    ratelimited(recorded, "POST", REPORT)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["reply"], reason="3. Respeto")
    assert caught.value.retry_after == 75
    assert not isinstance(caught.value, AuthError)


def test_refused_report_shows_bluesky_reason(channel, recorded, stored):
    recorded.answer(
        "POST",
        REPORT,
        400,
        {"error": "InvalidRequest", "message": "Subject is not reportable"},
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["reply"], reason="3. Respeto")
    assert caught.value.permanent is True
    assert "Subject is not reportable" in str(caught.value)


@pytest.mark.parametrize(
    "body", [b"<html>Bad gateway</html>", b'{"id": 47', b"[]", b'{"id": "no es un numero"}']
)
def test_a_report_answer_that_cannot_be_read_is_an_adapter_error(channel, recorded, stored, body):
    recorded.answer("POST", REPORT, 200, body)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["reply"], reason="3. Respeto")
    assert caught.value.permanent is False


def test_hide_creates_the_threadgate_of_the_institutions_post(channel, recorded, stored):
    recorded.answer("GET", GET_RECORD, 400, NOT_FOUND)
    recorded.answer(
        "POST",
        PUT_RECORD,
        200,
        {"uri": ROOT.replace("feed.post", "feed.threadgate"), "cid": "bafyreigate"},
    )
    result = channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert result.startswith("Hidden in the institution's thread on Bluesky")
    asked = next(r for r in recorded.requests if r["path"] == GET_RECORD)["query"]
    assert asked == {
        "repo": [DID],
        "collection": ["app.bsky.feed.threadgate"],
        "rkey": ["3m7post000001"],
    }
    put = sent_json(recorded, PUT_RECORD)
    assert (put["repo"], put["collection"], put["rkey"]) == (
        DID,
        "app.bsky.feed.threadgate",
        "3m7post000001",
    )
    assert "swapRecord" not in put
    record = put["record"]
    assert record["$type"] == "app.bsky.feed.threadgate"
    assert record["post"] == ROOT
    assert record["hiddenReplies"] == [REPLY]
    assert "allow" not in record  # everyone may still reply
    assert dt.datetime.fromisoformat(record["createdAt"]) > dt.datetime.now(dt.UTC) - dt.timedelta(
        minutes=1
    )


EXISTING_GATE = {
    "uri": ROOT.replace("feed.post", "feed.threadgate"),
    "cid": "bafyreioldgate",
    "value": {
        "$type": "app.bsky.feed.threadgate",
        "post": ROOT,
        "allow": [{"$type": "app.bsky.feed.threadgate#mentionRule"}],
        "hiddenReplies": ["at://did:plc:x/app.bsky.feed.post/3older"],
        "createdAt": "2026-11-01T09:00:00.000Z",
    },
}


def test_hide_adds_to_the_threadgate_there_is_and_keeps_its_fields(channel, recorded, stored):
    recorded.answer("GET", GET_RECORD, 200, EXISTING_GATE)
    recorded.answer("POST", PUT_RECORD, 200, {"uri": EXISTING_GATE["uri"], "cid": "bafyreinew"})
    channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    put = sent_json(recorded, PUT_RECORD)
    assert put["swapRecord"] == "bafyreioldgate"  # written over exactly what was read
    assert put["record"] == {
        **EXISTING_GATE["value"],
        "hiddenReplies": ["at://did:plc:x/app.bsky.feed.post/3older", REPLY],
    }


def test_hide_reads_again_when_the_threadgate_changed_meanwhile(channel, recorded, stored):
    recorded.answer("GET", GET_RECORD, 400, NOT_FOUND)
    recorded.then("GET", GET_RECORD, 200, EXISTING_GATE)
    recorded.answer(
        "POST", PUT_RECORD, 400, {"error": "InvalidSwap", "message": "Record was at bafyreiold"}
    )
    recorded.then("POST", PUT_RECORD, 200, {"uri": EXISTING_GATE["uri"], "cid": "bafyreinew"})
    channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert recorded.calls(PUT_RECORD) == 2
    assert sent_json(recorded, PUT_RECORD)["record"]["allow"] == EXISTING_GATE["value"]["allow"]


def test_hide_of_a_reply_already_hidden_writes_nothing(channel, recorded, stored):
    gate = json.loads(json.dumps(EXISTING_GATE))
    gate["value"]["hiddenReplies"].append(REPLY)
    recorded.answer("GET", GET_RECORD, 200, gate)
    assert "already hidden" in channel.adapter.moderate("hide", stored["reply"])
    assert recorded.calls(PUT_RECORD) == 0


def test_hide_of_a_quote_is_refused_without_asking_bluesky(channel, recorded, stored):
    before = len(recorded.requests)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", stored["quote"], reason="3. Respeto")
    assert caught.value.permanent is True
    assert "not a reply" in str(caught.value)
    assert [r["path"] for r in recorded.requests[before:]] == []


def test_hide_in_a_thread_another_account_started_is_refused(channel, recorded, stored):
    message = stored["reply"]
    other_root = {"uri": "at://did:plc:rosa2222222222222222222/app.bsky.feed.post/3x", "cid": "b"}
    message.raw["record"]["reply"]["root"] = other_root
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", message, reason="3. Respeto")
    assert "another account started" in str(caught.value)
    assert recorded.calls(PUT_RECORD) == 0


@pytest.mark.parametrize(("method", "path"), [("GET", GET_RECORD), ("POST", PUT_RECORD)])
def test_rate_limited_hide_carries_the_wait(channel, recorded, stored, method, path):
    recorded.answer("GET", GET_RECORD, 400, NOT_FOUND)
    recorded.answer("POST", PUT_RECORD, 200, {"uri": EXISTING_GATE["uri"], "cid": "c"})
    ratelimited(recorded, method, path)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert caught.value.retry_after == 75


def test_refused_threadgate_shows_bluesky_reason(channel, recorded, stored):
    recorded.answer("GET", GET_RECORD, 400, NOT_FOUND)
    recorded.answer(
        "POST",
        PUT_RECORD,
        400,
        {"error": "InvalidRequest", "message": "Invalid app.bsky.feed.threadgate record"},
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert caught.value.permanent is True
    assert "Invalid app.bsky.feed.threadgate record" in str(caught.value)
    assert recorded.calls(PUT_RECORD) == 1  # only InvalidSwap is tried again


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Bad gateway</html>",
        b'{"uri": "at://',
        b"[]",
        b'{"uri": "at://x", "cid": "c", "value": "no es un registro"}',
    ],
)
def test_a_threadgate_that_cannot_be_read_is_an_adapter_error(channel, recorded, stored, body):
    recorded.answer("GET", GET_RECORD, 200, body)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert caught.value.permanent is False
    assert recorded.calls(PUT_RECORD) == 0


def test_a_full_threadgate_is_refused_with_the_limit(channel, recorded, stored):
    gate = json.loads(json.dumps(EXISTING_GATE))
    gate["value"]["hiddenReplies"] = [f"at://did:plc:x/app.bsky.feed.post/{n}" for n in range(300)]
    recorded.answer("GET", GET_RECORD, 200, gate)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("hide", stored["reply"], reason="3. Respeto")
    assert "300" in str(caught.value)
    assert recorded.calls(PUT_RECORD) == 0
