"""Bad input never gives a 500: the parameters that did, each one named."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.urls import reverse

from dialogo.core.roles import Role

HUGE = "9" * 30


def _inbox(org) -> str:
    return reverse("inbox:inbox", kwargs={"org": org.slug})


@pytest.mark.parametrize(
    "query",
    [
        "channel=²",
        "topic=³",
        "alert=¹",
        "assignee=²",
        f"channel={HUGE}",
        f"topic={HUGE}",
        f"alert={HUGE}",
        f"assignee={HUGE}",
        "q=%00",
        "state=%00",
    ],
)
def test_inbox_filter_with_bad_number_lists_nothing_wrong(
    client, members, org, conversation, query
):
    client.force_login(members[Role.SUPERVISOR].user)
    response = client.get(_inbox(org) + "?" + query)
    assert response.status_code == 200
    assert "Bandeja" in response.content.decode() or "inbox" in response.content.decode().lower()


def test_inbox_forged_cursor_with_huge_id_is_ignored(client, members, org, conversation):
    client.force_login(members[Role.SUPERVISOR].user)
    raw = f"{dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()}|{HUGE}"
    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    response = client.get(_inbox(org) + "?after=" + cursor)
    assert response.status_code == 200


def test_conversation_path_id_too_large_is_not_found(client, members, org):
    client.force_login(members[Role.SUPERVISOR].user)
    response = client.get(f"/o/{org.slug}/inbox/c/{HUGE}/")
    assert response.status_code == 404


@pytest.mark.parametrize("version", ["²", HUGE, "-1", ""])
def test_presence_with_bad_version_answers(client, members, org, conversation, version):
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:presence", kwargs={"org": org.slug, "pk": conversation.pk})
    response = client.post(url, {"version": version})
    assert response.status_code == 200
    assert "cambió" not in response.content.decode()


@pytest.mark.parametrize("version", [HUGE, "²"])
def test_reply_with_bad_version_is_refused(client, members, org, conversation, version):
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:reply", kwargs={"org": org.slug, "pk": conversation.pk})
    response = client.post(url, {"text": "Hola", "version": version, "idempotency_key": "k1"})
    assert response.status_code in (400, 409)
    assert conversation.messages.count() == 1


@pytest.mark.parametrize("until", ["9999-12-31", "0001-01-01"])
def test_audit_filter_with_extreme_dates_is_refused(client, members, org, until):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("core:audit", kwargs={"org": org.slug})
    response = client.get(url + f"?until={until}&since={until}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2000" in body or "3000" in body  # the error says the bounds


def test_audit_filter_actor_too_large_is_refused(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    response = client.get(reverse("core:audit", kwargs={"org": org.slug}) + f"?actor={HUGE}")
    assert response.status_code == 200


def _settings_post(org, **changes):
    data = {
        "name": org.name,
        "work_start": "08:00",
        "work_end": "17:00",
        "working_days": ["0", "1", "2", "3", "4"],
        "first_response_target_hours": "8",
        "resolution_target_hours": "40",
        "webform_enabled": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("field", ["first_response_target_hours", "resolution_target_hours"])
def test_settings_refuse_a_target_of_100000_hours(client, members, org, field):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("core:settings", kwargs={"org": org.slug})
    response = client.post(url, _settings_post(org, **{field: "100000"}))
    assert response.status_code == 200
    assert "2000" in response.content.decode()  # the form says the upper bound
    org.refresh_from_db()
    assert getattr(org, field) in (8, 40)


def test_business_time_far_target_does_not_raise():
    from dialogo.core.business_time import WorkCalendar

    start = dt.datetime(2026, 3, 2, 13, tzinfo=dt.UTC)
    due = WorkCalendar().add_hours(start, 100_000)
    assert due > start + dt.timedelta(days=365 * 10)


def test_message_arrives_even_when_stored_target_is_absurd(org, channel):
    from dialogo.conftest import make_conversation
    from dialogo.core.models import Organization

    Organization.objects.filter(pk=org.pk).update(first_response_target_hours=100_000)
    conv = make_conversation(channel)
    assert conv.response_due_at is not None


def test_note_over_the_length_limit_says_so(client, members, org, conversation):
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:note", kwargs={"org": org.slug, "pk": conversation.pk})
    response = client.post(url, {"note-text": "x" * 20_001}, follow=True)
    body = response.content.decode()
    assert "20000" in body or "20.000" in body
    assert "La nota está vacía" not in body
    assert conversation.notes.count() == 0


def test_path_id_too_large_for_a_foreign_key_lookup_is_not_found(client, members, org):
    client.force_login(members[Role.AGENT].user)
    response = client.post(f"/o/{org.slug}/triage/correct/{HUGE}/", {})
    assert response.status_code == 404
