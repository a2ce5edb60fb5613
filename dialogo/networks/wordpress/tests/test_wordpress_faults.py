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
