"""Faults the real WordPress cannot be made to produce on demand, from recorded answers."""

import pytest

from dialogo.inbox.models import Message
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.facebook.tests.recorded import RecordedServer, fixture
from dialogo.networks.models import Channel, ChannelStatus
from dialogo.networks.wordpress import client

COMMENTS = "/wp-json/wp/v2/comments"


@pytest.fixture
def server():
    with RecordedServer() as recorded:
        recorded.add("GET", "/wp-json/wp/v2/users/me", fixture("wordpress/users_me.json"))
        recorded.add("GET", "/wp-json/wp/v2/posts", fixture("wordpress/posts_titles.json"))
        yield recorded


@pytest.fixture
def blog(org, server):
    channel = Channel(organization=org, kind="wordpress", name="Blog")
    channel.set_credentials(
        {"site_url": server.url, "username": "admin", "application_password": "x"}
    )
    channel.save()
    return channel


def test_comment_without_date_is_skipped_and_the_rest_kept(blog, server):
    server.add("GET", COMMENTS, fixture("wordpress/comments_page.json"))
    result = blog.adapter.fetch({})
    assert [m.network_id for m in result.messages] == ["41"]
    assert result.messages[0].subject == "Horario de atención"
    assert result.cursor["after"] == "2024-05-01T10:00:00"
    assert server.calls("GET", COMMENTS)[0].query["status"] == "all"


def test_rate_limit_backs_off_and_keeps_cursor(blog, server):
    server.add("GET", COMMENTS, {"status": 429, "headers": {"Retry-After": "120"}, "body": {}})
    Channel.objects.filter(pk=blog.pk).update(cursor={"after": "2024-01-01T00:00:00"})
    services.poll_channel(channel_id=blog.pk)
    blog.refresh_from_db()
    assert blog.cursor == {"after": "2024-01-01T00:00:00"}
    assert "429" in blog.last_error
    with pytest.raises(AdapterError) as info:
        blog.adapter.fetch({})
    assert info.value.retry_after == 120


@pytest.mark.parametrize(
    "response",
    [
        {"status": 502, "raw": "<html>Bad Gateway</html>"},
        {"status": 200, "raw": '[{"id": 1, "post"'},
        {"status": 200, "body": {"unexpected": "object"}},
        {"action": "reset"},
    ],
    ids=["5xx", "truncated-json", "not-a-list", "connection-reset"],
)
def test_server_faults_are_adapter_errors(blog, server, response):
    server.add("GET", COMMENTS, response)
    with pytest.raises(AdapterError) as info:
        blog.adapter.fetch({})
    assert not isinstance(info.value, AuthError)


def test_timeout_is_adapter_error(blog, server, monkeypatch):
    monkeypatch.setattr(client, "TIMEOUT", 0.3)
    server.add("GET", COMMENTS, {"action": "sleep", "seconds": 1, "body": []})
    with pytest.raises(AdapterError, match="in time"):
        blog.adapter.fetch({})


def test_revoked_password_pauses_channel(blog, server):
    server.add("GET", COMMENTS, fixture("wordpress/rest_cannot_view.json"))
    services.poll_channel(channel_id=blog.pk)
    blog.refresh_from_db()
    assert blog.status == ChannelStatus.ERROR
    assert "not allowed to edit comments" in blog.last_error
    assert Message.objects.count() == 0


# --- moderation ---------------------------------------------------------------------------

COMMENT_41 = f"{COMMENTS}/41"


@pytest.fixture
def citizen_comment(blog, server):
    server.add("GET", COMMENTS, fixture("wordpress/comments_page.json"))
    services.poll_channel(channel_id=blog.pk)
    return Message.objects.get(channel=blog, network_id="41")


def test_hide_holds_the_comment(blog, server, citizen_comment):
    server.add("POST", COMMENT_41, fixture("wordpress/comment_held.json"))
    result = blog.adapter.moderate("hide", citizen_comment, reason="3. Respeto")
    assert "no longer public" in result
    assert server.calls("POST", COMMENT_41)[0].json() == {"status": "hold"}


def test_delete_moves_to_trash_without_force(blog, server, citizen_comment):
    server.add("DELETE", COMMENT_41, fixture("wordpress/comment_trashed.json"))
    assert "trash" in blog.adapter.moderate("delete", citizen_comment)
    call = server.calls("DELETE", COMMENT_41)[0]
    assert "force" not in call.query


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (fixture("wordpress/comment_invalid_id.json"), "already gone"),
        (fixture("wordpress/comment_already_trashed.json"), "already in the WordPress trash"),
    ],
    ids=["404", "410"],
)
def test_deleting_a_comment_already_gone_is_a_plain_result(
    blog, server, citizen_comment, response, expected
):
    server.add("DELETE", COMMENT_41, response)
    assert expected in blog.adapter.moderate("delete", citizen_comment)


@pytest.mark.parametrize("action", ["hide", "report"])
def test_hiding_or_reporting_a_comment_gone_is_a_clear_permanent_error(
    blog, server, citizen_comment, action
):
    server.add("POST", COMMENT_41, fixture("wordpress/comment_invalid_id.json"))
    with pytest.raises(AdapterError, match="no longer exists") as info:
        blog.adapter.moderate(action, citizen_comment)
    assert info.value.permanent is True


def test_moderation_rate_limit_carries_retry_after(blog, server, citizen_comment):
    server.add("POST", COMMENT_41, {"status": 429, "headers": {"Retry-After": "90"}, "body": {}})
    with pytest.raises(AdapterError) as info:
        blog.adapter.moderate("report", citizen_comment)
    assert info.value.retry_after == 90
    assert not isinstance(info.value, AuthError)


@pytest.mark.parametrize(
    "response",
    [
        {"status": 200, "raw": '{"id": 41, "status": "ho'},
        {"status": 200, "raw": "<html>Maintenance</html>"},
        {"status": 200, "body": ["not", "a", "comment"]},
        {"status": 200, "body": {"id": 41, "status": "approved"}},
        {"status": 502, "raw": "<html>Bad Gateway</html>"},
        {"action": "reset"},
    ],
    ids=["truncated-json", "html", "not-an-object", "status-unchanged", "5xx", "reset"],
)
def test_moderation_faults_are_adapter_errors(blog, server, citizen_comment, response):
    server.add("POST", COMMENT_41, response)
    with pytest.raises(AdapterError) as info:
        blog.adapter.moderate("hide", citizen_comment)
    assert not isinstance(info.value, AuthError)


def test_moderation_without_the_right_is_an_auth_error(blog, server, citizen_comment):
    server.add(
        "POST",
        COMMENT_41,
        {
            "status": 403,
            "body": {
                "code": "rest_cannot_edit",
                "message": "Sorry, you are not allowed to edit this comment.",
                "data": {"status": 403},
            },
        },
    )
    with pytest.raises(AuthError, match="not allowed to edit this comment"):
        blog.adapter.moderate("hide", citizen_comment)
