"""The Facebook page adapter against recorded Graph API responses on 127.0.0.1.

The bodies, paging cursors, error objects (code 190, 32, transient 2) and usage headers follow
Meta's public Graph API documentation.
"""

import pytest

from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation, Message, SendStatus
from dialogo.inbox.services import send_reply
from dialogo.moderation import services as moderation
from dialogo.moderation.models import ActionStatus, PolicyClause
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError
from dialogo.networks.facebook import adapter as fb_adapter
from dialogo.networks.facebook.tests.recorded import RecordedServer, fixture
from dialogo.networks.models import ChannelStatus
from dialogo.networks.services import ChannelError, connect_channel

PAGE = "104000000000001"
POST = "104000000000001_555"
COMMENTS = f"/{POST}/comments"


@pytest.fixture
def server():
    with RecordedServer() as recorded:
        recorded.add("GET", f"/{PAGE}", fixture("facebook/page.json"))
        recorded.add("GET", f"/{PAGE}/published_posts", fixture("facebook/published_posts.json"))
        yield recorded


@pytest.fixture
def page(org, agent, server):
    creds = {"page_id": PAGE, "page_access_token": "EAAB-token", "graph_base": server.url}
    return connect_channel(
        organization=org, actor=agent.user, kind="facebook", name="Facebook", credentials=creds
    )


def test_comments_over_pages_join_the_post_conversation(page, server):
    assert page.handle == "ifp.gov"
    server.add(
        "GET",
        COMMENTS,
        fixture("facebook/comments_page1.json"),
        fixture("facebook/comments_page2.json"),
        fixture("facebook/comments_empty.json"),
    )
    assert services.poll_channel(channel_id=page.pk) == 3
    conv = Conversation.objects.get(channel=page)
    assert conv.thread_key == POST
    assert conv.subject == "Nuevo horario de atención para pasaportes"
    reply = Message.objects.get(network_id="555_1002")
    assert reply.in_reply_to.network_id == "555_1001"
    # Links: the one written (without the sentence's full stop) and the shared one's target.
    assert reply.links == [
        "https://noticias.example/sabados",
        "https://ifp.example.gov.co/horarios",
    ]
    assert Message.objects.get(network_id="555_1001").links == []
    # The comment without text was skipped; the one without author kept.
    assert not Message.objects.filter(network_id="555_1003").exists()
    assert Message.objects.get(network_id="555_1004").author.external_id == "anonymous:555_1004"
    calls = server.calls("GET", COMMENTS)
    assert "attachment{" in calls[0].query["fields"]
    assert calls[0].query["filter"] == "stream"
    assert calls[0].query["order"] == "chronological"
    assert calls[1].query["after"] == "MgZDZD"
    page.refresh_from_db()
    assert page.cursor["posts"][POST]["seen"] == ["555_1004"]
    # The next poll asks from the newest comment's second, and stores nothing twice.
    services.poll_channel(channel_id=page.pk)
    assert server.calls("GET", COMMENTS)[-1].query["since"] == str(
        page.cursor["posts"][POST]["since"] - 1
    )
    assert Message.objects.filter(channel=page).count() == 3


def test_reply_to_a_reply_goes_under_the_top_comment(
    page, server, agent, django_capture_on_commit_callbacks
):
    server.add(
        "GET",
        COMMENTS,
        fixture("facebook/comments_page1.json"),
        fixture("facebook/comments_empty.json"),
    )
    services.poll_channel(channel_id=page.pk)
    server.add("POST", "/555_1001/comments", fixture("facebook/create_comment.json"))
    conv = Conversation.objects.get(channel=page)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_reply(
            conversation=conv,
            membership=agent,
            text="Sí, de 8 a 12.",
            expected_version=conv.version,
        )
    message.refresh_from_db()
    assert message.send_status == SendStatus.SENT
    assert message.network_id == "555_2001"
    assert server.calls("POST", "/555_1001/comments")[0].query["message"] == "Sí, de 8 a 12."


def test_expired_token_pauses_the_channel(page, server):
    server.add("GET", COMMENTS, fixture("facebook/error_190.json"))
    services.poll_channel(channel_id=page.pk)
    page.refresh_from_db()
    assert page.status == ChannelStatus.ERROR
    assert "Session has expired" in page.last_error


def test_wrong_token_is_refused_on_connect(org, agent, server):
    server.routes.clear()
    server.add("GET", f"/{PAGE}", fixture("facebook/error_190.json"))
    with pytest.raises(ChannelError, match="rejected these credentials|rechazó estas credenciales"):
        connect_channel(
            organization=org,
            actor=agent.user,
            kind="facebook",
            name="Facebook",
            credentials={"page_id": PAGE, "page_access_token": "bad", "graph_base": server.url},
        )


def test_page_rate_limit_waits_as_meta_estimates(page, server):
    server.add("GET", COMMENTS, fixture("facebook/error_rate_limit_32.json"))
    with pytest.raises(AdapterError) as info:
        page.adapter.fetch({})
    assert info.value.retry_after == 15 * 60
    services.poll_channel(channel_id=page.pk)
    page.refresh_from_db()
    assert page.cursor == {}
    assert "Page request limit" in page.last_error


@pytest.mark.parametrize(
    "response",
    [
        fixture("facebook/error_500.json"),
        {"status": 429, "headers": {"Retry-After": "60"}, "raw": "Too Many Requests"},
        {"status": 200, "raw": '{"data": [{"id": "555_1"'},
        {"action": "reset"},
    ],
    ids=["transient-5xx", "429", "truncated-json", "connection-reset"],
)
def test_network_faults_are_adapter_errors(page, server, response):
    server.add("GET", COMMENTS, response)
    with pytest.raises(AdapterError) as info:
        page.adapter.fetch({})
    assert not isinstance(info.value, AuthError)
    assert info.value.permanent is False
    if response.get("status") == 429:
        assert info.value.retry_after == 60


def test_timeout_is_adapter_error(page, server, monkeypatch):
    monkeypatch.setattr(fb_adapter, "TIMEOUT", 0.3)
    server.add("GET", COMMENTS, {"action": "sleep", "seconds": 1, "body": {}})
    with pytest.raises(AdapterError, match="in time"):
        page.adapter.fetch({})


def test_follower_count(page, server):
    server.routes[("GET", f"/{PAGE}")] = [fixture("facebook/page_followers.json")]
    assert page.adapter.follower_count() == 15230
    assert server.calls("GET", f"/{PAGE}")[-1].query["fields"] == "followers_count,fan_count"


# --- moderation ---------------------------------------------------------------------------

COMMENT = "/555_1001"


@pytest.fixture
def citizen_comment(page, server):
    server.add(
        "GET",
        COMMENTS,
        fixture("facebook/comments_page1.json"),
        fixture("facebook/comments_empty.json"),
    )
    services.poll_channel(channel_id=page.pk)
    return Message.objects.get(channel=page, network_id="555_1001")


def test_moderation_offers_hide_and_delete_but_not_report(page, citizen_comment):
    adapter = page.adapter
    assert adapter.moderation_actions == {"hide", "delete"}
    with pytest.raises(NotImplementedError):
        adapter.moderate("report", citizen_comment, reason="3. Respeto")


def test_hide_posts_is_hidden_true(page, server, citizen_comment):
    server.add("POST", COMMENT, fixture("facebook/comment_success.json"))
    result = page.adapter.moderate("hide", citizen_comment, reason="3. Respeto")
    assert "hidden on Facebook" in result
    call = server.calls("POST", COMMENT)[0]
    assert call.query == {"access_token": "EAAB-token", "is_hidden": "true"}


def test_delete_sends_delete_with_the_token(page, server, citizen_comment):
    server.add("DELETE", COMMENT, fixture("facebook/comment_success.json"))
    assert "deleted from Facebook" in page.adapter.moderate("delete", citizen_comment)
    assert server.calls("DELETE", COMMENT)[0].query["access_token"] == "EAAB-token"


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_comment_already_gone_is_a_plain_permanent_error(page, server, citizen_comment, action):
    server.add(
        "POST" if action == "hide" else "DELETE",
        COMMENT,
        fixture("facebook/error_100_missing.json"),
    )
    with pytest.raises(AdapterError, match="may already be deleted") as info:
        page.adapter.moderate(action, citizen_comment)
    assert info.value.permanent is True


@pytest.mark.parametrize(
    ("response", "retry_after"),
    [
        (fixture("facebook/error_rate_limit_32.json"), 15 * 60),
        (fixture("facebook/error_rate_limit_4.json"), 3600),
        (fixture("facebook/error_rate_limit_613.json"), None),
        ({"status": 429, "headers": {"Retry-After": "60"}, "raw": "Too Many Requests"}, 60),
    ],
    ids=["page-32", "app-4", "custom-613", "http-429"],
)
def test_moderation_rate_limits_wait(page, server, citizen_comment, response, retry_after):
    server.add("POST", COMMENT, response)
    with pytest.raises(AdapterError) as info:
        page.adapter.moderate("hide", citizen_comment)
    assert info.value.permanent is False
    assert info.value.retry_after == retry_after


def test_missing_permission_is_an_auth_error(page, server, citizen_comment):
    server.add("DELETE", COMMENT, fixture("facebook/error_200_permission.json"))
    with pytest.raises(AuthError, match="lacks a permission"):
        page.adapter.moderate("delete", citizen_comment)


@pytest.mark.parametrize(
    "response",
    [
        {"status": 200, "body": {"success": False}},
        {"status": 200, "raw": '{"success": tr'},
        {"status": 200, "body": ["success"]},
        fixture("facebook/error_500.json"),
        {"action": "reset"},
    ],
    ids=["not-confirmed", "truncated-json", "not-an-object", "transient-5xx", "reset"],
)
def test_moderation_faults_are_adapter_errors(page, server, citizen_comment, response):
    server.add("POST", COMMENT, response)
    with pytest.raises(AdapterError) as info:
        page.adapter.moderate("hide", citizen_comment)
    assert not isinstance(info.value, AuthError)


def test_moderation_service_hides_on_facebook_and_only_records_a_report(
    page, server, citizen_comment, members, org
):
    org.moderation_needs_approval = False
    org.save()
    clause = PolicyClause.objects.create(
        organization=org, code="3", title="Respeto", text="No se admiten insultos."
    )
    server.add("POST", COMMENT, fixture("facebook/comment_success.json"))
    supervisor = members[Role.SUPERVISOR]
    hidden = moderation.request_moderation(
        membership=supervisor, message=citizen_comment, action="hide", clause=clause
    )
    assert hidden.status == ActionStatus.DONE
    assert "hidden on Facebook" in hidden.result
    other = Message.objects.get(channel=page, network_id="555_1002")
    reported = moderation.request_moderation(
        membership=supervisor, message=other, action="report", clause=clause
    )
    assert reported.status == ActionStatus.RECORDED
    assert len(server.calls("POST", COMMENT)) == 1
