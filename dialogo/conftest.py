"""Shared fixtures: an organization with one member per role, a second organization, and
small factories for channels, conversations and messages."""

from __future__ import annotations

import datetime as dt
import itertools
import os

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.roles import Role
from dialogo.inbox.services import receive_message
from dialogo.networks.base import InboundAuthor, InboundMessage
from dialogo.networks.models import Channel

STRICT = os.environ.get("CI", "").lower() == "true"
_ids = itertools.count(1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true a skipped test is a failure: nothing may be skipped in CI."""
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def org(db) -> Organization:
    return make_org("Instituto Ficticio de Pruebas", "ifp")


@pytest.fixture
def other_org(db) -> Organization:
    return make_org("Otra Entidad Inventada", "oei")


def make_org(name: str, slug: str) -> Organization:
    organization = Organization.objects.create(
        name=name, slug=slug, contact_email=f"contacto@{slug}.example"
    )
    Topic.objects.create(organization=organization, slug="pasaportes", name="Pasaportes")
    Topic.objects.create(organization=organization, slug="impuestos", name="Impuestos")
    return organization


def make_member(organization: Organization, role: str, username: str | None = None) -> Membership:
    username = username or f"{role}-{organization.slug}-{next(_ids)}"
    user = get_user_model().objects.create_user(
        username=username, password="pw", first_name=role.title(), last_name="Prueba"
    )
    return Membership.objects.create(user=user, organization=organization, role=role)


@pytest.fixture
def members(org) -> dict[str, Membership]:
    return {role: make_member(org, role) for role in Role.values}


@pytest.fixture
def agent(members) -> Membership:
    return members[Role.AGENT]


@pytest.fixture
def channel(org) -> Channel:
    return Channel.objects.create(organization=org, kind="webform", name="Escríbanos", handle="web")


def inbound(
    text: str, *, who: str = "ciudadana@example.com", name: str = "Lucía Prueba", **extra
) -> InboundMessage:
    defaults = dict(
        network_id=f"n-{next(_ids)}",
        author=InboundAuthor(
            external_id=who, handle=who, display_name=name, email=who if "@" in who else ""
        ),
        text=text,
        created_at=timezone.now() - dt.timedelta(minutes=5),
    )
    defaults.update(extra)
    return InboundMessage(**defaults)


def make_conversation(channel: Channel, text: str = "¿Cómo saco el pasaporte?", **extra):
    message, _ = receive_message(channel=channel, inbound=inbound(text, **extra))
    return message.conversation


@pytest.fixture
def conversation(channel):
    return make_conversation(channel)


from dialogo.testing.browser import browser, page  # noqa: E402,F401  (fixtures)
