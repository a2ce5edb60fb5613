"""Login throttling per account and per address, and failed logins in the organization's log."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry, RateCounter
from dialogo.core.roles import Role

LIMITS = {
    "LOGIN_FAILURE_LIMIT": 5,
    "LOGIN_ADDRESS_FAILURE_LIMIT": 20,
    "LOGIN_LOCKOUT_SECONDS": 60,
    "LOGIN_LOCKOUT_MAX_SECONDS": 3600,
}


def _try(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@override_settings(**LIMITS)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, agent):
    for _ in range(30):
        _try(client, agent.user.username, "wrong")
    response = _try(client, agent.user.username, "pw")
    assert response.status_code == 200  # the form again, not a redirect into the desk
    assert "Demasiados intentos" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(**LIMITS)
def test_lockout_grows_with_each_failure_and_ends(client, agent):
    for _ in range(5):
        _try(client, agent.user.username, "wrong")
    row = RateCounter.objects.get(key=f"login:user:{agent.user.username.lower()}")
    first = row.blocked_until - timezone.now()
    assert dt.timedelta(seconds=50) < first <= dt.timedelta(seconds=60)
    RateCounter.objects.filter(pk=row.pk).update(blocked_until=timezone.now())
    _try(client, agent.user.username, "wrong")  # the sixth: twice as long
    row.refresh_from_db()
    assert row.blocked_until - timezone.now() > dt.timedelta(seconds=110)
    RateCounter.objects.filter(pk=row.pk).update(blocked_until=timezone.now())
    response = _try(client, agent.user.username, "pw")
    assert response.status_code == 302  # once the lockout ends, the right password works
    assert not RateCounter.objects.filter(key=row.key).exists()  # and clears the account's count


@override_settings(**LIMITS)
def test_one_address_trying_many_accounts_is_throttled(client, members):
    for i in range(20):
        _try(client, f"nadie{i}", "wrong")
    agent = members[Role.AGENT]
    response = _try(client, agent.user.username, "pw")
    assert "Demasiados intentos" in response.content.decode()
    # Another address is not affected by that one's failures.
    assert _try(client, agent.user.username, "pw", address="198.51.100.8").status_code == 302


@override_settings(**LIMITS)
def test_failed_login_is_shown_to_the_organizations_administrators(client, members, org):
    agent = members[Role.AGENT]
    _try(client, agent.user.username, "wrong")
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.organization == org
    assert entry.ip_address == "198.51.100.7"
    client.force_login(members[Role.ADMIN].user)
    body = client.get(reverse("core:audit", kwargs={"org": org.slug})).content.decode()
    assert "auth.login_failed" in body
    assert agent.user.username in body


@override_settings(**LIMITS)
def test_refused_attempts_during_a_lockout_are_audited(client, agent, org):
    for _ in range(6):
        _try(client, agent.user.username, "wrong")
    blocked = AuditEntry.objects.filter(action=Action.LOGIN_FAILED, organization=org)
    assert blocked.filter(details__blocked=True).count() == 1
