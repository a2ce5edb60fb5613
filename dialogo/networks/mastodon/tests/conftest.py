"""A mastodon-mock server on 127.0.0.1 (one per test module, reset before every test) and a
channel connected to the institution's account on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from dialogo.networks.models import Channel

INSTITUTION_TOKEN = "institucion-token"  # a token of the mock server, not a real credential
CITIZEN_TOKEN = "lucia-token"
OTHER_TOKEN = "pedro-token"
REMOTE_TOKEN = "rosa-token"  # an account of another instance, as the mock federates them


@pytest.fixture(scope="module")
def mock_server() -> Iterator[Any]:
    testing = pytest.importorskip(
        "mastodon_mock.testing.server", reason="pip package mastodon-mock missing"
    )
    from mastodon_mock.config import SeedAccount, SeedConfig

    seed = SeedConfig(
        accounts=[
            SeedAccount(
                username="institucion",
                display_name="Instituto Ficticio",
                access_token=INSTITUTION_TOKEN,
            ),
            SeedAccount(username="lucia", display_name="Lucía Prueba", access_token=CITIZEN_TOKEN),
            SeedAccount(username="pedro", display_name="Pedro Prueba", access_token=OTHER_TOKEN),
            SeedAccount(
                username="rosa",
                domain="otra.example",
                display_name="Rosa Remota",
                access_token=REMOTE_TOKEN,
            ),
        ]
    )
    with testing.MockServer(seed=seed, host="127.0.0.1") as server:
        yield server


@pytest.fixture
def server(mock_server: Any) -> Any:
    """The module's mock server, back to its seed state (no statuses, no faults)."""
    requests.post(f"{mock_server.base_url}/api/v1/_mock/reset", timeout=10).raise_for_status()
    requests.delete(f"{mock_server.base_url}/api/v1/_mock/faults", timeout=10)
    return mock_server


@pytest.fixture
def citizen(server: Any) -> Any:
    """Lucía's own Mastodon.py client on the mock."""
    return server.client(token=CITIZEN_TOKEN)


@pytest.fixture
def other_citizen(server: Any) -> Any:
    return server.client(token=OTHER_TOKEN)


@pytest.fixture
def remote_citizen(server: Any) -> Any:
    """Rosa, whose account lives on otra.example (the mock keeps it as a remote account)."""
    return server.client(token=REMOTE_TOKEN)


@pytest.fixture
def institution(server: Any) -> Any:
    """The institution's client, for what it does outside Diálogo (its own posts)."""
    return server.client(token=INSTITUTION_TOKEN)


@pytest.fixture
def mastodon_channel(org: Any, server: Any) -> Channel:
    return make_channel(org, server.base_url, INSTITUTION_TOKEN)


def make_channel(org: Any, url: str, token: str) -> Channel:
    channel = Channel(organization=org, kind="mastodon", name="Mastodon", poll_interval=60)
    channel.set_credentials({"instance_url": url, "access_token": token})
    channel.save()
    return channel


def add_fault(server: Any, path: str, **effect: Any) -> None:
    """A mastodon-mock fault rule (its /_mock/faults control plane) for the next request."""
    rule = {"match": {"path": path}, "effect": effect, "count": effect.pop("count", 1)}
    requests.post(
        f"{server.base_url}/api/v1/_mock/faults", json=rule, timeout=10
    ).raise_for_status()
