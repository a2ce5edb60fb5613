"""The Bluesky adapter against a real local AT Protocol network: a citizen mentions the
institution and replies to its post, the worker's poll brings both into the inbox, and the
agent's answer reaches the citizen's notifications through the AppView."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from dialogo.conftest import make_member
from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation, Direction, Message, SendStatus
from dialogo.inbox.services import deliver, send_reply
from dialogo.networks import services
from dialogo.networks.base import AdapterError, AuthError, OutboundReply
from dialogo.networks.bluesky import adapter as adapter_module
from dialogo.networks.bluesky import client as client_module
from dialogo.networks.bluesky.tests.conftest import make_channel, stale_session, wait_until
from dialogo.networks.models import Channel, ChannelStatus

pytestmark = pytest.mark.services


def poll(channel: Channel) -> int:
    Channel.objects.filter(pk=channel.pk).update(poll_lease_until=None)
    new = services.poll_channel(channel_id=channel.pk)
    channel.refresh_from_db()
    return new


def poll_until(channel: Channel, count: int) -> None:
    """Poll like the worker until `count` messages are stored (the AppView indexes in ~1 s)."""
    wait_until(
        lambda: poll(channel) >= 0 and Message.objects.filter(channel=channel).count() >= count
    )
    assert Message.objects.filter(channel=channel).count() == count


def citizen_notifications(account: Any, reason: str) -> list[Any]:
    response = account.client.app.bsky.notification.list_notifications({"reasons": [reason]})
    return [n for n in response.notifications if n.reason == reason]


# --- credentials -----------------------------------------------------------------------------


def test_check_credentials_returns_the_handle(bluesky_channel, institution):
    assert bluesky_channel.adapter.check_credentials() == f"@{institution.handle}"


def test_wrong_app_password_is_a_clear_auth_error(org, bluesky, institution):
    channel = make_channel(org, bluesky.pds_url, institution.handle, "not-the-password")
    with pytest.raises(AuthError) as caught:
        channel.adapter.check_credentials()
    assert "Invalid identifier or password" in str(caught.value)  # the PDS's own reason


def test_follower_count(bluesky, bluesky_channel, institution, citizen, other_citizen):
    bluesky.follow(citizen, institution)
    bluesky.follow(other_citizen, institution)
    assert wait_until(lambda: bluesky_channel.adapter.follower_count() == 2)


# --- the whole round trip --------------------------------------------------------------------


def test_mention_and_replies_reach_the_inbox_and_the_answer_reaches_the_citizen(
    bluesky, bluesky_channel, institution, citizen, other_citizen, agent
):
    question = bluesky.mention(citizen, institution, "¿Cómo saco el pasaporte?")
    announcement = bluesky.published(institution, "Abrimos la consulta sobre el nuevo horario.")
    first = bluesky.reply(citizen, announcement, "Me parece bien, pero los sábados no.")
    bluesky.reply(other_citizen, announcement, "¿Y los festivos?")
    poll_until(bluesky_channel, 3)

    mention = Message.objects.get(channel=bluesky_channel, network_id=question.uri)
    assert mention.text == f"@{institution.handle} ¿Cómo saco el pasaporte?"
    assert mention.direction == Direction.IN
    assert mention.author.external_id == citizen.did
    assert mention.author.handle == f"@{citizen.handle}"
    assert mention.created_at.tzinfo is not None
    assert mention.raw["reason"] == "mention"
    # What the profile view tells of the account (spam signals for triage).
    assert mention.author.has_avatar is False  # test accounts have no picture
    # Both replies to the institution's post join that post's conversation.
    thread = Conversation.objects.get(channel=bluesky_channel, thread_key=announcement.uri)
    assert thread.message_count == 2
    assert Message.objects.get(network_id=first.uri).in_reply_to_network_id == announcement.uri
    assert Conversation.objects.filter(channel=bluesky_channel).count() == 2

    conversation = mention.conversation
    answer = send_reply(
        conversation=conversation,
        membership=agent,
        text="Pida cita en la sede electrónica.",
        expected_version=conversation.version,
    )
    sent = deliver(message_id=answer.pk)
    assert sent.send_status == SendStatus.SENT, sent.send_error
    assert sent.network_id.startswith(f"at://{institution.did}/app.bsky.feed.post/")

    notes = wait_until(lambda: citizen_notifications(citizen, "reply"))
    assert [n.uri for n in notes] == [sent.network_id]
    assert notes[0].record.text == "Pida cita en la sede electrónica."
    assert notes[0].record.reply.parent.uri == question.uri
    assert notes[0].record.reply.root.uri == question.uri


def test_a_short_link_from_a_brand_new_account_is_spam_with_its_reason(
    bluesky, bluesky_channel, institution, django_capture_on_commit_callbacks
):
    """The AppView says when an account was made and whether it has a picture: triage turns
    a shortened link from a days-old account into spam, and says why."""
    promo = bluesky.account("promo")
    bluesky.profile(promo, "Oportunidad Ya")

    def indexed() -> bool:  # the AppView answers "Profile not found" until it indexes it
        try:
            return bool(promo.client.app.bsky.actor.get_profile({"actor": promo.did}).created_at)
        except Exception:
            return False

    wait_until(indexed)
    post = bluesky.mention(promo, institution, "Gane 2 millones diarios desde su casa bit.ly/3kPq9")
    with django_capture_on_commit_callbacks(execute=True):
        poll_until(bluesky_channel, 1)

    message = Message.objects.get(network_id=post.uri)
    author = message.author
    assert author.has_avatar is False
    assert author.followers == 0  # from getProfiles: a notification's author view has none
    assert author.account_created_at is not None
    assert abs(author.account_created_at - message.created_at) < dt.timedelta(minutes=5)
    labels = message.classification
    assert labels.message_type == "spam"
    assert "enlace acortado + cuenta nueva + cuenta sin foto + cuenta sin seguidores" in (
        labels.reasons
    )


def test_answer_in_a_thread_keeps_the_threads_root(
    bluesky, bluesky_channel, institution, citizen, agent
):
    announcement = bluesky.published(institution, "Consulta pública abierta.")
    comment = bluesky.reply(citizen, announcement, "Propongo más horarios.")
    poll_until(bluesky_channel, 1)
    conversation = Conversation.objects.get(channel=bluesky_channel)
    answer = send_reply(
        conversation=conversation,
        membership=agent,
        text="Gracias, lo tendremos en cuenta.",
        expected_version=conversation.version,
    )
    sent = deliver(message_id=answer.pk)
    notes = wait_until(lambda: citizen_notifications(citizen, "reply"))
    assert notes[0].uri == sent.network_id
    assert notes[0].record.reply.parent.uri == comment.uri
    assert notes[0].record.reply.root.uri == announcement.uri


# --- cursor ------------------------------------------------------------------------------------


def test_repoll_creates_no_duplicates(bluesky, bluesky_channel, institution, citizen):
    bluesky.mention(citizen, institution, "primera")
    poll_until(bluesky_channel, 1)
    assert poll(bluesky_channel) == 0
    bluesky.mention(citizen, institution, "segunda")
    poll_until(bluesky_channel, 2)
    assert poll(bluesky_channel) == 0
    assert bluesky_channel.cursor["since"]


def test_a_post_written_before_the_cursor_but_indexed_after_is_not_skipped(
    bluesky, bluesky_channel, institution, citizen, other_citizen
):
    """The AppView sorts by min(indexedAt, createdAt): a post composed earlier sorts under
    notifications the cursor has passed. The overlap window still catches it."""
    from atproto import models

    bluesky.mention(other_citizen, institution, "ya vista")
    poll_until(bluesky_channel, 1)
    earlier = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    mention = models.AppBskyRichtextFacet.Main(
        features=[models.AppBskyRichtextFacet.Mention(did=institution.did)],
        index=models.AppBskyRichtextFacet.ByteSlice(
            byte_start=0, byte_end=len(institution.handle) + 1
        ),
    )
    record = models.AppBskyFeedPost.Record(
        text=f"@{institution.handle} escrita sin conexión hace cinco minutos",
        created_at=earlier,
        facets=[mention],
    )
    late = citizen.client.app.bsky.feed.post.create(citizen.did, record)
    poll_until(bluesky_channel, 2)
    stored = Message.objects.get(channel=bluesky_channel, network_id=late.uri)
    assert stored.created_at < dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)


def test_a_long_backlog_is_read_in_batches_oldest_first(
    bluesky, bluesky_channel, institution, citizen, monkeypatch
):
    monkeypatch.setattr(adapter_module, "PAGE", 2)
    monkeypatch.setattr(adapter_module, "MAX_PAGES", 1)
    for n in range(5):
        bluesky.mention(citizen, institution, f"mensaje {n}")
    adapter = bluesky_channel.adapter
    wait_until(lambda: len(citizen_notifications_of(institution)) == 5)
    first = adapter.fetch({})
    assert first.more is True and "pending" in first.cursor
    assert [m.text.split(" ", 1)[1] for m in first.messages] == ["mensaje 3", "mensaje 4"]
    assert poll(bluesky_channel) == 5
    texts = [
        t.split(" ", 1)[1]
        for t in Message.objects.filter(channel=bluesky_channel)
        .order_by("pk")
        .values_list("text", flat=True)
    ]
    assert sorted(texts) == [f"mensaje {n}" for n in range(5)]
    assert "pending" not in bluesky_channel.cursor
    assert poll(bluesky_channel) == 0


def citizen_notifications_of(account: Any) -> list[Any]:
    return account.client.app.bsky.notification.list_notifications(
        {"reasons": ["mention"]}
    ).notifications


# --- sessions and revoked credentials ----------------------------------------------------------


def test_the_session_is_kept_between_polls(
    bluesky, bluesky_channel, institution, citizen, monkeypatch
):
    bluesky.mention(citizen, institution, "hola")
    poll_until(bluesky_channel, 1)
    assert bluesky_channel.cursor["session"]
    assert institution.did not in str(bluesky_channel.cursor)  # stored encrypted
    logins = []
    original = client_module.Connection._login
    monkeypatch.setattr(
        client_module.Connection, "_login", lambda self: logins.append(1) or original(self)
    )
    assert poll(bluesky_channel) == 0
    assert logins == []


def test_a_refused_session_is_replaced_by_a_new_login(
    bluesky_channel, institution, citizen, bluesky
):
    from dialogo.core.crypto import encrypt_json

    stale = stale_session(institution.handle, institution.did, bluesky.pds_url)
    Channel.objects.filter(pk=bluesky_channel.pk).update(
        cursor={"session": encrypt_json({"handle": institution.handle, "session": stale})}
    )
    bluesky_channel.refresh_from_db()
    bluesky.mention(citizen, institution, "hola")
    poll_until(bluesky_channel, 1)
    assert bluesky_channel.status == ChannelStatus.ACTIVE
    assert bluesky_channel.last_error == ""


def test_revoked_app_password_pauses_the_channel_and_tells_the_admins(org, bluesky, institution):
    from atproto import models

    created = institution.client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="dialogo")
    )
    channel = make_channel(org, bluesky.pds_url, institution.handle, created.password)
    admin = make_member(org, Role.ADMIN)
    admin.user.email = "admin@ifp.example"
    admin.user.save()
    assert poll(channel) == 0 and channel.status == ChannelStatus.ACTIVE
    institution.client.com.atproto.server.revoke_app_password(
        models.ComAtprotoServerRevokeAppPassword.Data(name="dialogo")
    )
    # The stored session dies with the app password; once it is refused, so is the login.
    Channel.objects.filter(pk=channel.pk).update(
        cursor={k: v for k, v in channel.cursor.items() if k != "session"}
    )
    poll(channel)
    assert channel.status == ChannelStatus.ERROR
    assert "AuthenticationRequired" in channel.last_error
    assert mail.outbox[-1].to == ["admin@ifp.example"]


# --- sending ---------------------------------------------------------------------------------


def test_a_reply_over_300_characters_is_refused_with_the_reason(
    bluesky, bluesky_channel, institution, citizen, agent
):
    bluesky.mention(citizen, institution, "pregunta")
    poll_until(bluesky_channel, 1)
    conversation = Conversation.objects.get(channel=bluesky_channel)
    answer = send_reply(
        conversation=conversation,
        membership=agent,
        text="á" * 301,
        expected_version=conversation.version,
    )
    sent = deliver(message_id=answer.pk)
    assert sent.send_status == SendStatus.FAILED
    assert "301" in sent.send_error and "300" in sent.send_error


def test_the_same_idempotency_key_posts_once(bluesky, bluesky_channel, institution, citizen):
    bluesky.mention(citizen, institution, "pregunta")
    poll_until(bluesky_channel, 1)
    question = Message.objects.get(channel=bluesky_channel)
    reply = OutboundReply(
        text="Respuesta única",
        in_reply_to=question,
        conversation=question.conversation,
        idempotency_key="b2f6c1d0e0f94bb0a1d3a0c6d3c2b111",
    )
    first = bluesky_channel.adapter.send(reply)
    second = bluesky_channel.adapter.send(reply)
    assert first.network_id == second.network_id
    notes = wait_until(lambda: citizen_notifications(citizen, "reply"))
    assert len(notes) == 1


def test_answering_a_deleted_post_fails_permanently(bluesky, bluesky_channel, institution, citizen):
    post = bluesky.mention(citizen, institution, "la borro enseguida")
    poll_until(bluesky_channel, 1)
    question = Message.objects.get(channel=bluesky_channel)
    question.raw = {}  # as if it had come from an archive: the adapter must look the post up
    citizen.client.delete_post(post.uri)
    wait_until(lambda: not citizen.client.get_posts([post.uri]).posts)
    with pytest.raises(AdapterError) as caught:
        bluesky_channel.adapter.send(
            OutboundReply(text="Hola", in_reply_to=question, conversation=None)
        )
    assert caught.value.permanent is True


# --- moderation ------------------------------------------------------------------------------


def threadgate_of(account: Any, root_uri: str) -> dict[str, Any] | None:
    """The threadgate record of the account's post, read back from its repo."""
    from atproto import models
    from atproto_client.exceptions import BadRequestError

    params = models.ComAtprotoRepoGetRecord.Params(
        repo=account.did, collection="app.bsky.feed.threadgate", rkey=root_uri.rsplit("/", 1)[1]
    )
    try:
        return account.client.invoke_query(
            "com.atproto.repo.getRecord", params=params, output_encoding="application/json"
        ).content["value"]
    except BadRequestError:
        return None


def hidden_in_thread(viewer: Any, root_uri: str) -> list[str]:
    """The replies the AppView files under "hidden replies" of the thread, as `viewer` sees it
    (app.bsky.unspecced.getPostThreadOtherV2, what the app opens under the thread)."""
    from atproto import models

    params = models.AppBskyUnspeccedGetPostThreadOtherV2.Params(anchor=root_uri)
    body = viewer.client.invoke_query(
        "app.bsky.unspecced.getPostThreadOtherV2", params=params, output_encoding="application/json"
    ).content
    return [
        item["uri"]
        for item in body.get("thread", [])
        if item.get("value", {}).get("hiddenByThreadgate")
    ]


def test_hide_puts_the_reply_under_hidden_replies_of_the_institutions_thread(
    bluesky, bluesky_channel, institution, citizen, other_citizen
):
    announcement = bluesky.published(institution, "Consulta pública sobre el parque.")
    rude = bluesky.reply(citizen, announcement, "Ustedes son unos inútiles.")
    polite = bluesky.reply(other_citizen, announcement, "Propongo más árboles.")
    poll_until(bluesky_channel, 2)
    message = Message.objects.get(channel=bluesky_channel, network_id=rude.uri)

    result = bluesky_channel.adapter.moderate("hide", message, reason="3. Respeto")
    assert result.startswith("Hidden in the institution's thread on Bluesky")

    gate = threadgate_of(institution, announcement.uri)
    assert gate["hiddenReplies"] == [rude.uri]
    assert gate["post"] == announcement.uri
    assert "allow" not in gate  # no threadgate before: everyone may still reply
    assert gate["createdAt"]
    # The AppView, asked as the institution, files the reply under hidden replies only.
    assert wait_until(lambda: hidden_in_thread(institution, announcement.uri)) == [rude.uri]
    thread = institution.client.app.bsky.feed.get_post_thread({"uri": announcement.uri}).thread
    assert thread.post.threadgate.record.hidden_replies == [rude.uri]
    assert polite.uri not in hidden_in_thread(institution, announcement.uri)
    # Hiding again changes nothing and says so.
    again = bluesky_channel.adapter.moderate("hide", message, reason="3. Respeto")
    assert "already hidden" in again
    assert threadgate_of(institution, announcement.uri)["hiddenReplies"] == [rude.uri]


def test_hide_keeps_the_threadgate_the_institution_already_had(
    bluesky, bluesky_channel, institution, citizen, other_citizen
):
    """Who may reply (set in the app) and replies hidden earlier stay as they were."""
    announcement = bluesky.published(institution, "Horario de verano.")
    first = bluesky.reply(citizen, announcement, "Spam spam spam.")
    second = bluesky.reply(other_citizen, announcement, "Más spam.")
    poll_until(bluesky_channel, 2)
    rkey = announcement.uri.rsplit("/", 1)[1]
    existing = {
        "$type": "app.bsky.feed.threadgate",
        "post": announcement.uri,
        "allow": [{"$type": "app.bsky.feed.threadgate#followingRule"}],
        "hiddenReplies": [first.uri],
        "createdAt": "2026-01-05T10:00:00.000Z",
    }
    institution.client.com.atproto.repo.put_record(
        {
            "repo": institution.did,
            "collection": "app.bsky.feed.threadgate",
            "rkey": rkey,
            "record": existing,
        }
    )
    message = Message.objects.get(channel=bluesky_channel, network_id=second.uri)
    bluesky_channel.adapter.moderate("hide", message, reason="5. Publicidad")
    gate = threadgate_of(institution, announcement.uri)
    assert gate["hiddenReplies"] == [first.uri, second.uri]
    assert gate["allow"] == existing["allow"]
    assert gate["createdAt"] == existing["createdAt"]
    both = sorted([first.uri, second.uri])
    assert wait_until(lambda: sorted(hidden_in_thread(institution, announcement.uri)) == both)


def test_hide_is_refused_outside_the_institutions_threads(
    bluesky, bluesky_channel, institution, citizen, other_citizen
):
    # A reply to the institution's answer in a thread a citizen started.
    opener = bluesky.published(other_citizen, "¿Alguien sabe el horario del registro?")
    answer = bluesky.reply(institution, opener, "De 8 a 16 h.")
    wait_until(lambda: citizen.client.get_posts([answer.uri]).posts)
    rude = bluesky.reply(citizen, answer, "Mentira, siempre está cerrado, inútiles.", root=opener)
    mention = bluesky.mention(citizen, institution, "los voy a denunciar")
    poll_until(bluesky_channel, 2)
    for post, words in ((rude, "another account started"), (mention, "not a reply")):
        message = Message.objects.get(channel=bluesky_channel, network_id=post.uri)
        with pytest.raises(AdapterError) as caught:
            bluesky_channel.adapter.moderate("hide", message, reason="3. Respeto")
        assert words in str(caught.value)
        assert caught.value.permanent is True
    assert threadgate_of(institution, answer.uri) is None


def test_delete_is_not_carried_out_on_bluesky(bluesky_channel):
    assert "delete" not in bluesky_channel.adapter.moderation_actions
    with pytest.raises(NotImplementedError):
        bluesky_channel.adapter.moderate("delete", None)


def test_report_reaches_the_networks_moderation_service(
    bluesky, bluesky_channel, institution, citizen
):
    """The dev-env PDS passes createReport on to its Ozone moderation service."""
    post = bluesky.mention(citizen, institution, "ustedes son unos inútiles")
    poll_until(bluesky_channel, 1)
    message = Message.objects.get(channel=bluesky_channel)
    result = bluesky_channel.adapter.moderate("report", message, reason="3. Respeto")
    assert result.startswith("Reported to the Bluesky moderation service (report ")
    # Ozone's queue, as its moderators see it (the dev-env's admin password).
    events = ozone_reports(bluesky, post.uri)
    assert len(events) == 1
    assert str(events[0]["id"]) in result
    assert events[0]["event"]["comment"] == "3. Respeto"
    assert events[0]["event"]["reportType"] == "com.atproto.moderation.defs#reasonOther"
    assert events[0]["createdBy"] == institution.did
    assert events[0]["subject"]["cid"] == message.raw["cid"]


def ozone_reports(bluesky: Any, uri: str) -> list[dict[str, Any]]:
    import httpx

    info = bluesky.network.info
    response = httpx.get(
        info["ozone_url"].replace("localhost", "127.0.0.1")
        + "/xrpc/tools.ozone.moderation.queryEvents",
        params={"subject": uri, "types": "tools.ozone.moderation.defs#modEventReport"},
        auth=("admin", info["admin_password"]),
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["events"]


def test_a_supervisors_hide_is_done_on_bluesky(
    bluesky, bluesky_channel, institution, citizen, members
):
    from dialogo.moderation.models import ActionStatus, PolicyClause
    from dialogo.moderation.services import request_moderation

    clause = PolicyClause.objects.create(
        organization=bluesky_channel.organization, code="3", title="Respeto", text="Sin insultos."
    )
    announcement = bluesky.published(institution, "Consulta abierta.")
    rude = bluesky.reply(citizen, announcement, "Inútiles.")
    poll_until(bluesky_channel, 1)
    act = request_moderation(
        membership=members[Role.SUPERVISOR],
        message=Message.objects.get(network_id=rude.uri),
        action="hide",
        clause=clause,
    )
    assert act.status == ActionStatus.DONE, act.result
    assert threadgate_of(institution, announcement.uri)["hiddenReplies"] == [rude.uri]
