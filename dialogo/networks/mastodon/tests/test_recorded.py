"""The Mastodon adapter against recorded responses shaped as Mastodon's API documentation
describes them (docs.joinmastodon.org), served by a small HTTP server on 127.0.0.1: what
mastodon-mock does not produce (ISO 8601 rate-limit resets, malformed items, proxies'
Retry-After, connection resets, 403 and 422 bodies)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from dialogo.inbox.models import Message
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError, OutboundReply
from dialogo.networks.mastodon.tests.conftest import make_channel
from dialogo.networks.mastodon.tests.recorded import Recorded, recorded_server

RECORDINGS = Path(__file__).parent / "recordings"


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    with recorded_server() as server:
        yield server


@pytest.fixture
def channel(org, recorded):
    return make_channel(org, recorded.url, "recorded-token")


def load(name: str) -> Any:
    return json.loads((RECORDINGS / name).read_text())


def test_check_credentials_and_followers_from_recorded_account(channel, recorded):
    recorded.answer(
        "GET", "/api/v1/accounts/verify_credentials", 200, load("account_verify_credentials.json")
    )
    host = recorded.url.removeprefix("http://")
    assert channel.adapter.check_credentials() == f"@ifp@{host}"
    assert channel.adapter.follower_count() == 4821
    assert recorded.requests[0]["headers"]["Authorization"] == "Bearer recorded-token"


def test_fetch_asks_for_mentions_after_the_cursor(channel, recorded):
    recorded.answer("GET", "/api/v1/notifications", 200, [])
    result = channel.adapter.fetch({"min_id": "34975000"})
    query = recorded.requests[0]["query"]
    assert query["types[]"] == ["mention"]
    assert query["min_id"] == ["34975000"]
    assert result.cursor == {"min_id": "34975000"}
    assert result.more is False


def test_malformed_items_are_skipped_and_the_rest_normalised(channel, recorded, caplog):
    recorded.answer("GET", "/api/v1/notifications", 200, load("notifications_mixed.json"))
    with caplog.at_level(logging.WARNING, logger="dialogo.networks.mastodon.adapter"):
        result = channel.adapter.fetch({})
    assert [m.network_id for m in result.messages] == ["113560000000000001", "113560000000000003"]
    # Skipped items are handled too: the cursor moves past them, to the newest notification.
    assert result.cursor == {"min_id": "34975863"}
    assert "34975862" in caplog.text and "no status" in caplog.text
    assert "34975861" in caplog.text and "no valid date" in caplog.text
    direct, rosa = result.messages
    assert direct.is_private is True
    assert direct.text == "@ifp mi cédula es 1234"
    assert direct.author.display_name == "carlos"
    assert rosa.is_private is False
    assert rosa.text == (
        "@ifp el trámite <urgente> tarda & tarda\nSegunda línea\n\nVer https://ejemplo.gov.co/tramites/pasaporte"
    )
    assert rosa.subject == "Queja"
    # The link's target once (content and card agree), not the mention of @ifp.
    assert rosa.links == ["https://ejemplo.gov.co/tramites/pasaporte"]
    assert direct.links == []
    assert rosa.author.handle == "@rosa@otra.example"
    assert rosa.author.display_name == "Rosa & Co"
    assert rosa.created_at == dt.datetime(2026, 11, 29, 13, 2, 40, tzinfo=dt.UTC)
    assert rosa.edited_at == dt.datetime(2026, 11, 29, 13, 5, tzinfo=dt.UTC)
    # What the account says of itself: made two days before, no picture, no followers.
    assert rosa.author.account_created_at == dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    assert (rosa.author.has_avatar, rosa.author.followers) == (False, 0)
    assert (direct.author.account_created_at, direct.author.has_avatar) == (None, None)
    json.dumps(rosa.raw)  # stored in a JSONField: must be plain JSON


def test_poll_with_recorded_page_stores_the_good_items(channel, recorded):
    recorded.answer("GET", "/api/v1/notifications", 200, load("notifications_mixed.json"))
    assert services.poll_channel(channel_id=channel.pk) == 2
    assert Message.objects.filter(channel=channel).count() == 2
    channel.refresh_from_db()
    assert channel.cursor == {"min_id": "34975863"}


def test_rate_limit_reset_in_iso_8601_sets_retry_after(channel, recorded):
    now = dt.datetime.now(dt.UTC)
    reset = now + dt.timedelta(minutes=4)
    recorded.answer(
        "GET",
        "/api/v1/notifications",
        429,
        {"error": "Too many requests"},
        {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "Date": format_datetime(now, usegmt=True),
        },
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({"min_id": "1"})
    assert 230 <= caught.value.retry_after <= 241


def test_rate_limit_from_a_proxy_uses_retry_after(channel, recorded):
    recorded.answer(
        "GET",
        "/api/v1/notifications",
        429,
        b"<html>slow down</html>",
        {"Retry-After": "120", "Content-Type": "text/html"},
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert caught.value.retry_after == 120


def test_rate_limited_poll_schedules_the_next_one_after_the_reset(channel, recorded):
    recorded.answer(
        "GET", "/api/v1/notifications", 429, {"error": "Too many requests"}, {"Retry-After": "900"}
    )
    services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    assert channel.next_poll_at - channel.last_polled_at >= dt.timedelta(seconds=890)
    assert channel.cursor == {}


def test_revoked_token_is_auth_error_with_the_reason(channel, recorded):
    recorded.answer("GET", "/api/v1/notifications", 401, {"error": "The access token was revoked"})
    with pytest.raises(AuthError) as caught:
        channel.adapter.fetch({})
    assert "The access token was revoked" in str(caught.value)


def test_missing_scope_is_auth_error(channel, recorded):
    recorded.answer(
        "GET",
        "/api/v1/notifications",
        403,
        {"error": "This action is outside the authorized scopes"},
    )
    with pytest.raises(AuthError):
        channel.adapter.fetch({})


def test_connection_reset_is_retryable(channel, recorded):
    recorded.answer("GET", "/api/v1/notifications", 200, None)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.fetch({})
    assert not isinstance(caught.value, AuthError)
    assert caught.value.permanent is False


def test_too_long_reply_is_a_permanent_error_with_the_reason(channel, recorded, conversation_on):
    question = conversation_on(channel)
    recorded.answer(
        "POST",
        "/api/v1/statuses",
        422,
        {"error": "Validation failed: Text character limit of 500 exceeded"},
    )
    reply = OutboundReply(
        text="x" * 600,
        in_reply_to=question,
        conversation=question.conversation,
        idempotency_key="k",
    )
    with pytest.raises(AdapterError) as caught:
        channel.adapter.send(reply)
    assert caught.value.permanent is True
    assert "character limit" in str(caught.value)


def test_send_carries_idempotency_key_mention_and_visibility(channel, recorded, conversation_on):
    question = conversation_on(channel)
    recorded.answer(
        "POST",
        "/api/v1/statuses",
        200,
        {"id": "113560000000000099", "created_at": "2026-11-29T14:00:00.000Z"},
    )
    reply = OutboundReply(
        text="Ya lo revisamos.",
        in_reply_to=question,
        conversation=question.conversation,
        idempotency_key="key-42",
    )
    result = channel.adapter.send(reply)
    assert result.network_id == "113560000000000099"
    sent = recorded.requests[-1]
    assert sent["headers"]["Idempotency-Key"] == "key-42"
    form = (
        parse_qs(sent["body"])
        if not sent["body"].startswith("{")
        else {k: [v] for k, v in json.loads(sent["body"]).items()}
    )
    assert form["status"] == ["@carlos Ya lo revisamos."]
    assert form["in_reply_to_id"] == ["113560000000000001"]
    assert form["visibility"] == ["direct"]


@pytest.fixture
def conversation_on(recorded):
    """Store the recorded direct message from Carlos and return it."""

    def make(channel):
        recorded.answer("GET", "/api/v1/notifications", 200, load("notifications_mixed.json"))
        services.poll_channel(channel_id=channel.pk)
        return Message.objects.get(channel=channel, network_id="113560000000000001")

    return make


def test_account_facts_from_odd_accounts():
    from dialogo.networks.mastodon.adapter import _account_facts

    assert _account_facts({}) == {"account_created_at": None, "has_avatar": None, "followers": None}
    odd = {"created_at": "no es fecha", "avatar": 3, "followers_count": "9"}
    assert _account_facts(odd) == {
        "account_created_at": None,
        "has_avatar": None,
        "followers": None,
    }
    real = {"created_at": "2020-01-02", "avatar": "https://x.example/a/b.png", "followers_count": 5}
    facts = _account_facts(real)
    assert facts["has_avatar"] is True and facts["followers"] == 5


# --- moderation: reports ---------------------------------------------------------------------

REPORTS = "/api/v1/reports/"


def form_of(request: dict) -> dict[str, list[str]]:
    body = request["body"]
    if body.startswith("{"):
        return {k: v if isinstance(v, list) else [v] for k, v in json.loads(body).items()}
    return parse_qs(body)


@pytest.fixture
def stored(channel, recorded):
    """Both good messages of the recorded page, stored: Carlos (local), Rosa (otra.example)."""
    recorded.answer("GET", "/api/v1/notifications", 200, load("notifications_mixed.json"))
    services.poll_channel(channel_id=channel.pk)
    return {
        "carlos": Message.objects.get(channel=channel, network_id="113560000000000001"),
        "rosa": Message.objects.get(channel=channel, network_id="113560000000000003"),
    }


def test_report_sends_status_account_clause_and_forward(channel, recorded, stored):
    recorded.answer(
        "POST",
        REPORTS,
        200,
        {
            "id": "48914",
            "action_taken": False,
            "category": "other",
            "comment": "5. Publicidad",
            "forwarded": True,
            "created_at": "2026-11-29T14:00:00.000Z",
            "status_ids": ["113560000000000003"],
            "rule_ids": None,
            "target_account": {"id": "109302", "acct": "rosa@otra.example"},
        },
    )
    result = channel.adapter.moderate("report", stored["rosa"], reason="5. Publicidad")
    host = recorded.url.removeprefix("http://")
    assert result == (
        f"Reported to the moderators of {host} and forwarded to otra.example (report 48914)."
    )
    sent = recorded.requests[-1]
    assert sent["method"] == "POST"
    assert sent["headers"]["Authorization"] == "Bearer recorded-token"
    form = form_of(sent)
    assert form["account_id"] == ["109302"]
    assert form["status_ids[]"] == ["113560000000000003"]
    assert form["comment"] == ["5. Publicidad"]
    assert form["forward"] in (["1"], ["True"], ["true"])


def test_report_of_a_local_account_is_not_forwarded(channel, recorded, stored):
    recorded.answer("POST", REPORTS, 200, {"id": "48915", "forwarded": False})
    result = channel.adapter.moderate("report", stored["carlos"], reason="3. Respeto")
    assert result.endswith("(report 48915).") and "forwarded" not in result
    form = form_of(recorded.requests[-1])
    assert form["account_id"] == ["109305"]
    assert "forward" not in form


def test_report_of_a_status_gone_from_the_instance_says_so(channel, recorded, stored):
    # Real Mastodon answers 404 when the account or one of the statuses cannot be found.
    recorded.answer("POST", REPORTS, 404, {"error": "Record not found"})
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["carlos"], reason="3. Respeto")
    assert caught.value.permanent is True
    assert "no longer on" in str(caught.value)


def test_rate_limited_report_carries_the_wait(channel, recorded, stored):
    recorded.answer("POST", REPORTS, 429, {"error": "Too many requests"}, {"Retry-After": "120"})
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["carlos"], reason="3. Respeto")
    assert caught.value.retry_after == 120
    assert caught.value.permanent is False


@pytest.mark.parametrize(
    "body", [b"<html>502 Bad Gateway</html>", b'{"id": "489', b"[]", b'"ok"', b"{}"]
)
def test_a_report_answer_that_cannot_be_read_is_an_adapter_error(channel, recorded, stored, body):
    recorded.answer("POST", REPORTS, 200, body)
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["carlos"], reason="3. Respeto")
    assert not isinstance(caught.value, AuthError)
    assert caught.value.permanent is False


def test_a_refused_report_shows_the_instance_reason(channel, recorded, stored):
    recorded.answer("POST", REPORTS, 422, {"error": "Validation failed: Comment is too long"})
    with pytest.raises(AdapterError) as caught:
        channel.adapter.moderate("report", stored["carlos"], reason="3. Respeto")
    assert caught.value.permanent is True
    assert "Comment is too long" in str(caught.value)


def test_a_long_clause_is_cut_to_mastodons_limit(channel, recorded, stored):
    recorded.answer("POST", REPORTS, 200, {"id": "1"})
    channel.adapter.moderate("report", stored["carlos"], reason="3. " + "x" * 1500)
    assert len(form_of(recorded.requests[-1])["comment"][0]) == 1000
