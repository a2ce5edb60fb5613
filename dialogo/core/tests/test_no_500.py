"""Every URL of the project, as every role and as nobody, with generated bad parameters in the
path, the query and the form: the answer is never a server error.

Hypothesis draws the values (Unicode digits, 30-digit ids, dates at the ends of the calendar,
NUL, plain garbage); the number of examples is bounded so the walk takes seconds.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogo.conftest import make_conversation
from dialogo.core.roles import Role
from dialogo.networks.registry import kinds

# Parameter names the project's views and forms read (a random name joins them).
NAMES = [
    "channel", "topic", "alert", "assignee", "state", "q", "after", "unanswered", "overdue",
    "page", "action", "actor", "since", "until", "version", "composing", "text",
    "idempotency_key", "wait_for_citizen", "note-text", "message_type", "sentiment",
    "offensive", "needs_answer", "clause", "note", "approve", "code", "title", "is_active",
    "name", "email", "phone", "subject", "consent", "website", "first_response_target_hours",
    "resolution_target_hours", "work_start", "work_end", "working_days", "members", "priority",
    "archive_format", "keywords", "language", "next", "username", "password", "contact_email",
    "privacy_notice", "webform_enabled", "moderation_needs_approval",
]  # fmt: skip
NASTY = [
    "²", "٣", "9" * 30, "-1", "0", "1", "", " ", "abc", "9999-12-31", "0001-01-01",
    "2026-02-30", "\x00", "nan", "1e309", "me", "none", "<script>x</script>", "%", "'", "100000",
    "25:99", "https://127.0.0.1/", "x" * 300,
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
PARAMS = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), VALUES, max_size=6)
_PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP = {"logout"}  # would end the session the walk runs in


def _routes(patterns=None, prefix: str = "") -> list[str]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and entry.name not in SKIP:
            found.append(route)
    return found


@pytest.fixture
def world(members, org, other_org, channel):
    conv = make_conversation(channel)
    return {
        "ids": [conv.pk, conv.messages.first().pk, channel.pk, 1, 2**31, 2**63, 10**30],
        "slugs": [org.slug, other_org.slug, "no-such-org"],
        "kinds": [kind for kind, _label in kinds()] + ["nope"],
    }


def _fill(route: str, data, world) -> str:
    def value(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if name == "org":
            return data.draw(st.sampled_from(world["slugs"]))
        if converter in ("int", "id"):
            choices = st.sampled_from(world["ids"]) | st.integers(0, 2**70)
            return str(data.draw(choices))
        return data.draw(
            st.sampled_from(world["kinds"]) | st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)
        )

    return "/" + _PLACEHOLDER.sub(value, route)


@pytest.mark.parametrize("role", [None, *Role.values])
def test_every_url_with_bad_parameters_never_gives_500(role, world, members):
    routes = _routes()
    assert len(routes) > 30  # the walk reaches the whole project

    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def walk(data):
        client = Client(raise_request_exception=False)
        if role is not None:
            client.force_login(members[role].user)
        for route in routes:
            url = _fill(route, data, world)
            params = data.draw(PARAMS)
            if data.draw(st.booleans()):
                response = client.get(url, params)
            else:
                response = client.post(url + "?" + _query(data), params)
            assert response.status_code < 500, (role, url, params, response.status_code)

    walk()


def _query(data) -> str:
    from urllib.parse import urlencode

    return urlencode(data.draw(PARAMS))
