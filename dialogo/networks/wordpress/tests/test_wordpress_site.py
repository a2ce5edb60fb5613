"""The blog channel against a real local WordPress (Debian's package on MariaDB).

Every test writes on its own post; the channel reads the whole site, so assertions look at
the conversation of that post only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json

import httpx
import pytest
from django.utils import timezone

from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation, Message, SendStatus
from dialogo.inbox.services import send_reply
from dialogo.moderation import services as moderation
from dialogo.moderation.models import ActionStatus, PolicyClause
from dialogo.networks import services
from dialogo.networks.base import OutboundReply
from dialogo.networks.models import Channel
from dialogo.networks.services import ChannelError, connect_channel
from dialogo.networks.wordpress import adapter as wp_adapter
from dialogo.testing.services import ServiceUnavailable, wordpress_site

pytestmark = pytest.mark.services
_seconds = itertools.count(0)
CLOCK = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with contextlib.ExitStack() as stack:
        try:
            yield stack.enter_context(wordpress_site(tmp_path_factory.mktemp("wp")))
        except ServiceUnavailable as exc:
            pytest.skip(f"WordPress, MariaDB and PHP are needed for the blog tests: {exc}")


@pytest.fixture
def blog(site, org, agent) -> Channel:
    return connect_channel(
        organization=org,
        actor=agent.user,
        kind="wordpress",
        name="Blog",
        credentials={
            "site_url": site.url,
            "username": site.admin_user,
            "application_password": site.application_password,
        },
    )


def new_post(site, title: str = "Horario de atención") -> int:
    response = httpx.post(
        f"{site.api_url}/wp/v2/posts",
        auth=site.auth,
        json={"title": title, "content": "…", "status": "publish"},
    )
    response.raise_for_status()
    return int(response.json()["id"])


def comments(
    site, post: int, *texts: str, name="Lucía", approved=1, parent=0, second=None
) -> list[int]:
    """Citizens' comments as WordPress stores them (the REST API would need logged-in users).

    Each gets the next second of a test clock that starts an hour from now, so dates only grow
    through the module whatever the tests post at the real time; `second` pins one second.
    """
    rows = []
    for text in texts:
        stamp = (
            CLOCK + dt.timedelta(seconds=next(_seconds) if second is None else second)
        ).strftime(
            "%Y-%m-%d %H:%M:%S"  # the test site's time zone is UTC
        )
        rows.append(
            {
                "comment_post_ID": post,
                "comment_author": name,
                "comment_author_email": f"{name.lower()}@example.com",
                "comment_content": text,
                "comment_approved": approved,
                "comment_parent": parent,
                "comment_date": stamp,
                "comment_date_gmt": stamp,
            }
        )
    literal = json.dumps(rows).replace("\\", "\\\\").replace("'", "\\'")
    code = f"foreach (json_decode('{literal}', true) as $c) {{ echo wp_insert_comment($c), ' '; }}"
    return [int(i) for i in site.php(code).split()]


def comment(site, post: int, text: str, **kwargs) -> int:
    return comments(site, post, text, **kwargs)[0]


def skip_earlier_tests(channel: Channel, second: int) -> None:
    """Start the channel's cursor just before `second` of the test clock (pages of 2 are slow)."""
    after = (CLOCK + dt.timedelta(seconds=second - 1)).strftime("%Y-%m-%dT%H:%M:%S")
    checked = timezone.now().isoformat()
    Channel.objects.filter(pk=channel.pk).update(cursor={"after": after, "checked_at": checked})


def poll(channel: Channel) -> int:
    return services.poll_channel(channel_id=channel.pk)


def thread(post: int) -> Conversation:
    return Conversation.objects.get(thread_key=f"post:{post}")


def test_comments_are_threaded_by_post_and_answer_is_a_child_comment(
    site, blog, agent, django_capture_on_commit_callbacks
):
    post = new_post(site)
    first = comment(site, post, "¿Atienden los sábados?")
    held = comment(site, post, "Mi <b>comentario</b> retenido", name="Beto", approved=0)
    reply = comment(site, post, "Yo también quiero saber", name="Carla", parent=first)
    poll(blog)
    conv = thread(post)
    assert conv.subject == "Horario de atención"
    assert list(conv.messages.order_by("created_at").values_list("network_id", "text")) == [
        (str(first), "¿Atienden los sábados?"),
        (str(held), "Mi comentario retenido"),
        (str(reply), "Yo también quiero saber"),
    ]
    assert Message.objects.get(network_id=str(reply)).in_reply_to.network_id == str(first)

    with django_capture_on_commit_callbacks(execute=True):
        answer = send_reply(
            conversation=conv,
            membership=agent,
            text="Sí, de 8 a 12.",
            expected_version=conv.version,
        )
    answer.refresh_from_db()
    assert answer.send_status == SendStatus.SENT
    posted = httpx.get(
        f"{site.api_url}/wp/v2/comments/{answer.network_id}",
        auth=site.auth,
        params={"context": "edit"},
    )
    assert posted.json()["parent"] == reply
    assert posted.json()["post"] == post
    assert posted.json()["content"]["raw"] == "Sí, de 8 a 12."
    # Polling again brings neither duplicates nor our own answer as a citizen's message.
    poll(blog)
    poll(blog)
    assert conv.messages.count() == 4
    assert Message.objects.filter(network_id=answer.network_id).count() == 1


def test_comments_in_the_same_second_are_read_once_across_pages(site, blog, monkeypatch):
    monkeypatch.setattr(wp_adapter, "PER_PAGE", 2)
    post = new_post(site, "Un segundo concurrido")
    second = next(_seconds)
    skip_earlier_tests(blog, second)
    ids = comments(site, post, *(f"comentario {i}" for i in range(5)), second=second)
    poll(blog)
    # Two more arrive in that same second after the poll: `after` alone would miss them.
    ids += comments(site, post, "tardío 1", "tardío 2", second=second)
    poll(blog)
    stored = thread(post).messages.values_list("network_id", flat=True)
    assert sorted(stored, key=int) == [str(i) for i in ids]


def test_fetch_never_moves_cursor_past_unreturned_comments(site, blog, monkeypatch):
    monkeypatch.setattr(wp_adapter, "PER_PAGE", 2)
    post = new_post(site, "Paginación")
    ids = comments(site, post, "c0", "c1", "c2")
    cursor = {"after": (CLOCK - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")}
    returned = []
    for _batch in range(50):
        result = blog.adapter.fetch(cursor)
        assert len(result.messages) <= 2
        returned += [m.network_id for m in result.messages]
        cursor = result.cursor
        if not result.more:
            break
    assert len(returned) == len(set(returned))
    assert returned[-3:] == [str(i) for i in ids]


def test_edits_spam_and_trash_upstream_are_marked(site, blog, monkeypatch):
    post = new_post(site, "Moderación")
    edited, spammed, trashed = (
        comment(site, post, t) for t in ("texto original", "compre ya", "me arrepentí")
    )
    poll(blog)
    site.php(
        f"wp_update_comment(['comment_ID' => {edited}, 'comment_content' => 'texto corregido']);"
        f"wp_spam_comment({spammed}); wp_trash_comment({trashed});"
    )
    # The revisit runs once the channel has caught up and its last check is old enough.
    Channel.objects.filter(pk=blog.pk).update(
        cursor=dict(Channel.objects.get(pk=blog.pk).cursor, checked_at=None)
    )
    poll(blog)
    message = Message.objects.get(network_id=str(edited))
    assert message.text == "texto corregido"
    assert message.revisions.get().text == "texto original"
    assert Message.objects.get(network_id=str(spammed)).deleted_upstream_at is not None
    assert Message.objects.get(network_id=str(trashed)).deleted_upstream_at is not None
    assert thread(post).messages.count() == 3


def test_resent_reply_reuses_the_comment_already_posted(site, blog):
    post = new_post(site, "Reintento")
    citizen = comment(site, post, "¿Hay cupos?")
    poll(blog)
    parent = Message.objects.get(network_id=str(citizen))
    reply = OutboundReply(
        text="Sí, quedan cupos.", in_reply_to=parent, conversation=parent.conversation
    )
    first = blog.adapter.send(reply)
    again = blog.adapter.send(reply)  # e.g. the first answer was lost on the way back
    assert again.network_id == first.network_id


def public_comments(site, post: int) -> list[int]:
    """What a visitor sees: the comments endpoint without authentication."""
    response = httpx.get(f"{site.api_url}/wp/v2/comments", params={"post": post})
    response.raise_for_status()
    return sorted(c["id"] for c in response.json())


def comment_status(site, comment_id: int) -> str:
    response = httpx.get(
        f"{site.api_url}/wp/v2/comments/{comment_id}",
        auth=site.auth,
        params={"context": "edit"},
    )
    response.raise_for_status()
    return response.json()["status"]


def test_moderation_hides_reports_and_trashes_citizen_comments(site, blog, members, org):
    post = new_post(site, "Moderación desde Diálogo")
    kept, hidden, reported, deleted = comments(
        site, post, "Gracias por la información", "insulto", "compre ya", "amenaza"
    )
    poll(blog)
    assert public_comments(site, post) == sorted([kept, hidden, reported, deleted])
    assert blog.adapter.moderation_actions == {"hide", "report", "delete"}

    # Hide through the moderation service: a supervisor, no approval step.
    org.moderation_needs_approval = False
    org.save()
    clause = PolicyClause.objects.create(
        organization=org, code="3", title="Respeto", text="No se admiten insultos."
    )
    act = moderation.request_moderation(
        membership=members[Role.SUPERVISOR],
        message=Message.objects.get(network_id=str(hidden)),
        action="hide",
        clause=clause,
    )
    assert act.status == ActionStatus.DONE, act.result
    assert "no longer public" in act.result
    assert comment_status(site, hidden) == "hold"

    adapter = blog.adapter
    result = adapter.moderate("report", Message.objects.get(network_id=str(reported)))
    assert "spam" in result
    assert comment_status(site, reported) == "spam"
    result = adapter.moderate("delete", Message.objects.get(network_id=str(deleted)))
    assert "trash" in result
    assert comment_status(site, deleted) == "trash"

    # Visitors now see only the comment that was kept; the deleted one waits in the trash.
    assert public_comments(site, post) == [kept]
    trash = httpx.get(
        f"{site.api_url}/wp/v2/comments",
        auth=site.auth,
        params={"post": post, "status": "trash", "context": "edit"},
    )
    assert [c["id"] for c in trash.json()] == [deleted]

    # Deleting again: already in the trash (410), then gone for good (404) — both plain results.
    message = Message.objects.get(network_id=str(deleted))
    assert "already in the WordPress trash" in adapter.moderate("delete", message)
    site.php(f"wp_delete_comment({deleted}, true);")
    assert "already gone" in adapter.moderate("delete", message)


def test_wrong_application_password_is_refused(site, org, agent):
    with pytest.raises(ChannelError) as info:
        connect_channel(
            organization=org,
            actor=agent.user,
            kind="wordpress",
            name="Blog",
            credentials={
                "site_url": site.url,
                "username": site.admin_user,
                "application_password": "xxxx xxxx",
            },
        )
    # One fixed sentence: the site's own words are never echoed (they go to the log).
    assert "credenciales" in str(info.value) or "credentials" in str(info.value)
