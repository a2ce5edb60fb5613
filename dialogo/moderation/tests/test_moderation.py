import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogo.conftest import make_conversation
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.moderation import services
from dialogo.moderation.models import (
    ActionStatus,
    Alert,
    ModerationAction,
    ModerationLogEntry,
    PolicyClause,
    PolicyClauseVersion,
)
from dialogo.triage.models import Classification


@pytest.fixture
def clause(org):
    return PolicyClause.objects.create(
        organization=org, code="3.1", title="Insultos y amenazas", text="No se admiten insultos."
    )


@pytest.fixture
def insult(channel):
    return make_conversation(channel, "ustedes son unos hijueputas").messages.get()


def test_moderation_without_clause_is_refused(members, insult):
    with pytest.raises(services.ModerationError):
        services.request_moderation(
            membership=members[Role.AGENT], message=insult, action="hide", clause=None
        )
    assert ModerationAction.objects.count() == 0


def test_agent_request_waits_for_supervisor_then_is_recorded(members, insult, clause):
    act = services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    assert act.status == ActionStatus.PENDING
    act = services.decide_moderation(
        moderation=act, membership=members[Role.SUPERVISOR], approve=True
    )
    # The web form has no network-side hide: the act is recorded and the text kept.
    assert act.status == ActionStatus.RECORDED
    assert act.original_text == "ustedes son unos hijueputas"
    insult.refresh_from_db()
    assert insult.text == "ustedes son unos hijueputas"
    assert list(ModerationLogEntry.objects.values_list("event", flat=True)) == [
        "requested",
        "approved",
        "recorded",
    ]
    with pytest.raises(services.ModerationError):
        services.decide_moderation(
            moderation=act, membership=members[Role.SUPERVISOR], approve=False
        )


def test_agent_cannot_approve_and_analyst_cannot_request(members, insult, clause):
    act = services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    with pytest.raises(services.ModerationError):
        services.decide_moderation(moderation=act, membership=members[Role.AGENT], approve=True)
    with pytest.raises(services.ModerationError):
        services.request_moderation(
            membership=members[Role.ANALYST], message=insult, action="hide", clause=clause
        )


def test_supervisor_acts_at_once_when_no_approval_needed(members, insult, clause, org):
    org.moderation_needs_approval = False
    org.save()
    act = services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="delete", clause=clause
    )
    assert act.status == ActionStatus.RECORDED


def test_moderation_log_cannot_be_changed(members, insult, clause):
    services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    entry = ModerationLogEntry.objects.first()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE moderation_moderationlogentry SET event = 'x' WHERE id = %s", [entry.pk]
        )


def test_public_pages_show_clause_but_no_citizen_text(client, members, insult, clause, org):
    act = services.request_moderation(
        membership=members[Role.SUPERVISOR], message=insult, action="hide", clause=clause
    )
    assert act.status == ActionStatus.RECORDED
    body = client.get(reverse("public_moderation", kwargs={"org": org.slug})).content.decode()
    assert "3.1" in body and "Insultos y amenazas" in body
    assert "hijueputas" not in body
    assert (
        "No se admiten insultos."
        in client.get(reverse("public_policy", kwargs={"org": org.slug})).content.decode()
    )


def test_hidden_message_shown_collapsed_in_conversation(client, members, insult, clause, org):
    services.request_moderation(
        membership=members[Role.SUPERVISOR], message=insult, action="hide", clause=clause
    )
    client.force_login(members[Role.AGENT].user)
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": insult.conversation_id})
    ).content.decode()
    assert 'class="hidden-msg"' in body
    assert "3.1" in body


def test_moderate_view_requires_clause(client, members, insult, org):
    client.force_login(members[Role.AGENT].user)
    url = reverse("moderation:moderate", kwargs={"org": org.slug, "pk": insult.pk})
    client.post(url, {"action": "hide", "clause": ""})
    assert ModerationAction.objects.count() == 0


def _classified(org, channel, n, when, **labels):
    for i in range(n):
        msg = make_conversation(
            channel, f"queja {when} {i}", who=f"c{i}-{when.timestamp()}@example.com"
        ).messages.get()
        Classification.objects.create(
            message=msg,
            organization=org,
            type_confidence=0.9,
            sentiment_confidence=0.9,
            offensive_score=0.0,
            needs_answer=True,
            created_at=when,
            message_at=when,
            **{"message_type": "queja", "sentiment": "negativo", **labels},
        )


def test_spike_in_complaints_raises_one_alert(org, channel, members, mailoutbox):
    members[Role.SUPERVISOR].user.email = "jefa@ifp.example"
    members[Role.SUPERVISOR].user.save()
    now = timezone.now()
    for day in range(1, 8):
        _classified(org, channel, 1, now - dt.timedelta(days=day, hours=2))
    _classified(org, channel, 8, now - dt.timedelta(hours=3))
    alerts = services.detect_alerts(organization=org, now=now)
    kinds = sorted(a.kind for a in alerts)
    assert kinds == ["complaints", "negative"]
    assert services.detect_alerts(organization=org, now=now + dt.timedelta(hours=1)) == []
    assert any("jefa@ifp.example" in m.to for m in mailoutbox)
    complaints = next(a for a in alerts if a.kind == "complaints")
    mail = next(m for m in mailoutbox if "jefa@ifp.example" in m.to)
    assert f"/o/{org.slug}/inbox/?alert=" in mail.body
    assert "usually 0,5 a day" in mail.body or "0,5 al día" in mail.body  # decimal comma
    # The alert's link lists the conversations behind it, and only those.
    from dialogo.inbox.queries import InboxFilters, apply_filters, conversations_for

    supervisor = members[Role.SUPERVISOR]
    behind = apply_filters(
        conversations_for(supervisor), InboxFilters(alert=complaints.pk), supervisor
    )
    assert behind.count() == 8
    assert all(c.created_at > now - dt.timedelta(hours=24) for c in behind)
    client = Client()
    client.force_login(supervisor.user)
    inbox = reverse("inbox:inbox", kwargs={"org": org.slug})
    assert f'href="?alert={complaints.pk}"' in client.get(inbox).content.decode()
    assert client.get(inbox, {"alert": complaints.pk}).status_code == 200


def test_steady_volume_raises_no_alert(org, channel):
    now = timezone.now()
    for day in range(0, 8):
        _classified(org, channel, 3, now - dt.timedelta(days=day, hours=2))
    assert services.detect_alerts(organization=org, now=now) == []
    assert Alert.objects.count() == 0


def test_an_imported_history_is_not_a_spike(org, channel, django_capture_on_commit_callbacks):
    """Two years of complaints imported today are classified today: alerts count them on
    the days citizens wrote them, so no alert is raised."""
    from dialogo.conftest import inbound
    from dialogo.inbox.bulk import ingest_batch

    now = timezone.now()
    records = [
        inbound(
            f"Pésimo servicio, llevo {i} semanas esperando respuesta, qué vergüenza",
            network_id=f"old-{i}",
            who=f"c{i}@example.com",
            created_at=now - dt.timedelta(days=200 + i),
        )
        for i in range(30)
    ]
    ingest_batch(channel=channel, records=records)
    rows = Classification.objects.filter(organization=org)
    assert rows.count() == 30
    assert all(r.message_at < now - dt.timedelta(days=199) for r in rows)
    assert services.detect_alerts(organization=org, now=now) == []


def test_one_standing_act_per_message_and_only_citizens_messages(members, insult, clause, org):
    agent = members[Role.AGENT]
    first = services.request_moderation(
        membership=agent, message=insult, action="hide", clause=clause
    )
    with pytest.raises(services.ModerationError, match="ya tiene"):
        services.request_moderation(
            membership=agent, message=insult, action="delete", clause=clause
        )
    services.decide_moderation(moderation=first, membership=members[Role.SUPERVISOR], approve=False)
    # A rejected request leaves room for another.
    again = services.request_moderation(
        membership=agent, message=insult, action="report", clause=clause
    )
    assert again.status == ActionStatus.PENDING
    reply = insult.conversation.messages.create(
        organization=org,
        channel=insult.channel,
        direction="out",
        text="Buenos días, con gusto le ayudamos.",
        created_at=timezone.now(),
    )
    with pytest.raises(services.ModerationError):
        services.request_moderation(
            membership=members[Role.SUPERVISOR], message=reply, action="delete", clause=clause
        )
    assert ModerationAction.objects.count() == 2


def test_conversation_shows_the_standing_act_instead_of_the_form(
    client, members, insult, clause, org
):
    services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    client.force_login(members[Role.AGENT].user)
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": insult.conversation_id})
    ).content.decode()
    assert 'class="muted moderation-state"' in body
    assert reverse("moderation:moderate", kwargs={"org": org.slug, "pk": insult.pk}) not in body


def test_only_supervisors_dismiss_alerts(client, members, org):
    now = timezone.now()
    alert = Alert.objects.create(
        organization=org,
        kind="complaints",
        count=9,
        baseline=1.0,
        window_start=now - dt.timedelta(hours=24),
        window_end=now,
    )
    url = reverse("moderation:acknowledge", kwargs={"org": org.slug, "pk": alert.pk})
    for role in (Role.ANALYST, Role.AGENT, Role.EXPERT):
        client.force_login(members[role].user)
        assert client.post(url).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    client.force_login(members[Role.SUPERVISOR].user)
    client.post(url)
    alert.refresh_from_db()
    assert alert.acknowledged_by == members[Role.SUPERVISOR].user


def test_organization_chooses_whether_moderation_needs_approval(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("core:settings", kwargs={"org": org.slug})
    page = client.get(url).content.decode()
    assert 'name="moderation_needs_approval"' in page


def test_moderation_form_says_what_the_channel_does_on_the_network(
    client, members, insult, clause, org
):
    client.force_login(members[Role.AGENT].user)
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": insult.conversation_id})
    ).content.decode()
    # A web form has no network: every act is only recorded.
    assert body.count("solo se registra") == 3


def test_admin_retires_a_clause_and_puts_it_back(client, members, clause, org):
    url = reverse("moderation:toggle_clause", kwargs={"org": org.slug, "pk": clause.pk})
    client.force_login(members[Role.SUPERVISOR].user)
    assert client.post(url).status_code == 403
    client.force_login(members[Role.ADMIN].user)
    client.post(url)
    clause.refresh_from_db()
    assert not clause.is_active
    public = client.get(reverse("public_policy", kwargs={"org": org.slug})).content.decode()
    in_force, retired = public.split("Cláusulas retiradas")
    assert "Insultos y amenazas" not in in_force and "Insultos y amenazas" in retired
    client.post(url)
    clause.refresh_from_db()
    assert clause.is_active


def test_an_agent_follows_their_own_requests_only(client, members, insult, clause, org, channel):
    mine = services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    other_message = make_conversation(
        channel, "otro insulto, gonorrea", who="o@x.co"
    ).messages.get()
    theirs = services.request_moderation(
        membership=members[Role.SUPERVISOR], message=other_message, action="report", clause=clause
    )
    client.force_login(members[Role.AGENT].user)
    page = client.get(reverse("moderation:queue", kwargs={"org": org.slug})).content.decode()
    assert f"#m{mine.message_id}" in page
    assert f"#m{theirs.message_id}" not in page and "otro insulto" not in page
    assert reverse("moderation:decide", kwargs={"org": org.slug, "pk": mine.pk}) not in page


def test_admin_amends_a_clause_and_acts_keep_the_wording_they_cited(
    client, members, insult, clause, org
):
    act = services.request_moderation(
        membership=members[Role.SUPERVISOR], message=insult, action="hide", clause=clause
    )
    url = reverse("moderation:edit_clause", kwargs={"org": org.slug, "pk": clause.pk})
    client.force_login(members[Role.SUPERVISOR].user)
    assert client.get(url).status_code == 403
    client.force_login(members[Role.ADMIN].user)
    assert "No se admiten insultos." in client.get(url).content.decode()
    amended = {
        "code": "3.1",
        "title": "Insultos, amenazas y acoso",
        "text": "No se admiten insultos, amenazas ni acoso contra ninguna persona.",
        "position": "5",
    }
    response = client.post(url, amended, follow=True)
    assert "su redacción anterior queda en el registro" in response.content.decode()
    clause.refresh_from_db()
    assert clause.title == "Insultos, amenazas y acoso"
    wordings = list(clause.versions.order_by("created_at", "id").values_list("title", flat=True))
    assert wordings == ["Insultos y amenazas", "Insultos, amenazas y acoso"]
    act.refresh_from_db()
    assert act.clause_version.title == "Insultos y amenazas"
    assert act.clause_version.text == "No se admiten insultos."

    public = client.get(reverse("public_policy", kwargs={"org": org.slug})).content.decode()
    assert "No se admiten insultos, amenazas ni acoso" in public
    assert "redacciones anteriores" in public and "No se admiten insultos.</" in public
    record = client.get(reverse("public_moderation", kwargs={"org": org.slug})).content.decode()
    assert "3.1. Insultos y amenazas</a>" in record and "redacción modificada después" in record
    assert f"#v{act.clause_version_id}" in record and f'id="v{act.clause_version_id}"' in public

    entry = AuditEntry.objects.filter(action="policy.clause").latest("id")
    assert entry.details["changes"]["title"] == [
        "Insultos y amenazas",
        "Insultos, amenazas y acoso",
    ]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE moderation_policyclauseversion SET text = 'x' WHERE id = %s",
            [act.clause_version_id],
        )


def test_amending_only_the_order_or_to_a_taken_number_writes_no_wording(
    client, members, org, other_org
):
    client.force_login(members[Role.ADMIN].user)
    client.post(
        reverse("moderation:policy", kwargs={"org": org.slug}),
        {
            "code": "1",
            "title": "Respeto",
            "text": "Sin insultos.",
            "position": "1",
            "is_active": "on",
        },
    )
    client.post(
        reverse("moderation:policy", kwargs={"org": org.slug}),
        {
            "code": "2",
            "title": "Spam",
            "text": "Sin publicidad.",
            "position": "2",
            "is_active": "on",
        },
    )
    first = PolicyClause.objects.get(organization=org, code="1")
    assert first.versions.count() == 1  # publishing writes the first wording
    url = reverse("moderation:edit_clause", kwargs={"org": org.slug, "pk": first.pk})
    client.post(url, {"code": "1", "title": "Respeto", "text": "Sin insultos.", "position": "9"})
    first.refresh_from_db()
    assert first.position == 9 and first.versions.count() == 1
    response = client.post(
        url, {"code": "2", "title": "Respeto", "text": "Otro texto.", "position": "9"}
    )
    assert "Ya existe una cláusula con este número" in response.content.decode()
    first.refresh_from_db()
    assert (first.code, first.text) == ("1", "Sin insultos.")
    assert PolicyClauseVersion.objects.filter(clause=first).count() == 1
    theirs = PolicyClause.objects.create(organization=other_org, code="1", title="t", text="t")
    url = reverse("moderation:edit_clause", kwargs={"org": org.slug, "pk": theirs.pk})
    assert client.get(url).status_code == 404


def _decide_with_network(client, members, insult, clause, org, monkeypatch, outcome):
    """A supervisor approves a hide on a network that `outcome` answers for."""
    from dialogo.networks.webform.adapter import WebFormAdapter

    monkeypatch.setattr(WebFormAdapter, "moderation_actions", frozenset({"hide"}))
    monkeypatch.setattr(WebFormAdapter, "moderate", outcome)
    act = services.request_moderation(
        membership=members[Role.AGENT], message=insult, action="hide", clause=clause
    )
    client.force_login(members[Role.SUPERVISOR].user)
    url = reverse("moderation:decide", kwargs={"org": org.slug, "pk": act.pk})
    page = client.post(url, {"approve": "1"}, follow=True).content.decode()
    act.refresh_from_db()
    return act, page


def test_a_moderation_act_that_failed_on_the_network_is_said_in_red(
    client, members, insult, clause, org, monkeypatch
):
    from dialogo.networks.base import AdapterError

    def refuse(self, action, message, reason=""):
        raise AdapterError("the network answered 500")

    act, page = _decide_with_network(client, members, insult, clause, org, monkeypatch, refuse)
    assert act.status == ActionStatus.FAILED
    assert 'class="flash-error"' in page
    assert 'class="flash-success"' not in page


def test_a_moderation_act_carried_out_on_the_network_is_said_in_green(
    client, members, insult, clause, org, monkeypatch
):
    def hide(self, action, message, reason=""):
        return "Hidden on the network."

    act, page = _decide_with_network(client, members, insult, clause, org, monkeypatch, hide)
    assert act.status == ActionStatus.DONE
    assert 'class="flash-success"' in page
