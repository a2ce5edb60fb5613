"""A real local Bluesky network (PLC + PDS + AppView from @atproto/dev-env), started once per
test module, and helpers to create accounts and post on it as citizens do."""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dialogo.networks.models import Channel

PORT_BASES = [23580 + 100 * n for n in range(8)]  # fixed ports; another run may hold the first


@dataclass
class Account:
    """An account on the local network and a logged-in atproto Client for it."""

    handle: str
    did: str
    password: str
    client: Any


class LocalBluesky:
    """The running network plus the few things tests do on it."""

    def __init__(self, network: Any) -> None:
        self.network = network
        # The network reports "localhost"; talk to the loopback address itself.
        self.pds_url = network.pds_url.replace("localhost", "127.0.0.1")

    def account(self, name: str) -> Account:
        """A new account, logged in. The AppView may not have indexed it yet: nothing here
        reads its profile (posts name their repo explicitly)."""
        from atproto import Client

        handle = f"{name}{secrets.token_hex(3)}.test"
        password = secrets.token_urlsafe(12)
        session = self.network.create_account(handle, password)
        client = Client(base_url=self.pds_url)
        # createAccount already returned a session: no second login (each costs a password hash).
        tokens = [handle, session["did"], session["accessJwt"], session["refreshJwt"], self.pds_url]
        client.login(session_string=":::".join(tokens), fetch_bsky_profile=False)
        return Account(handle=handle, did=session["did"], password=password, client=client)

    def post(self, author: Account, text: Any, reply_to: Any = None) -> Any:
        return author.client.send_post(text, profile_identify=author.did, reply_to=reply_to)

    def published(self, author: Account, text: str) -> Any:
        """A post, once the AppView shows it. A citizen replies to what they have seen; a
        reply indexed before its parent gets no reply notification from the AppView."""
        post = self.post(author, text)
        wait_until(lambda: author.client.get_posts([post.uri]).posts)
        return post

    def mention(self, author: Account, target: Account, text: str) -> Any:
        """A post that starts with @target, with the mention facet the apps add."""
        from atproto import client_utils

        builder = (
            client_utils.TextBuilder().mention(f"@{target.handle}", target.did).text(f" {text}")
        )
        return self.post(author, builder)

    def reply(self, author: Account, parent: Any, text: str, root: Any = None) -> Any:
        from atproto import models

        parent_ref = models.create_strong_ref(parent)
        root_ref = models.create_strong_ref(root) if root is not None else parent_ref
        return self.post(
            author, text, reply_to=models.AppBskyFeedPost.ReplyRef(root=root_ref, parent=parent_ref)
        )

    def profile(self, author: Account, display_name: str) -> None:
        """Write the account's profile record (made now), as the apps do at sign-up; the
        AppView then reports when the account was created."""
        record = {
            "$type": "app.bsky.actor.profile",
            "displayName": display_name,
            "createdAt": author.client.get_current_time_iso(),
        }
        author.client.com.atproto.repo.put_record(
            {
                "repo": author.did,
                "collection": "app.bsky.actor.profile",
                "rkey": "self",
                "record": record,
            }
        )

    def follow(self, author: Account, target: Account) -> None:
        from atproto import models

        record = models.AppBskyGraphFollow.Record(
            subject=target.did, created_at=author.client.get_current_time_iso()
        )
        author.client.app.bsky.graph.follow.create(author.did, record)


def wait_until(check: Callable[[], Any], timeout: float = 30.0, interval: float = 0.3) -> Any:
    """Poll `check` until it returns something truthy (the AppView indexes within ~1 s)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {check}")
        time.sleep(interval)


@pytest.fixture(scope="module")
def bluesky() -> Iterator[LocalBluesky]:
    pytest.importorskip("atproto", reason="pip package atproto missing")
    from dialogo.testing.services import (
        BLUESKY_DIR,
        ServiceUnavailable,
        bluesky_network,
        port_open,
        postgres_server,
        require,
    )

    with ExitStack() as stack:
        try:
            # Check for node and dev-env before starting a PostgreSQL for nothing.
            require("node")
            if not (BLUESKY_DIR / "node_modules" / "@atproto" / "dev-env").is_dir():
                raise ServiceUnavailable(
                    "@atproto/dev-env not installed (run scripts/testenv/setup.sh)"
                )
            database_url = os.environ.get("TEST_POSTGRES_URL") or stack.enter_context(
                postgres_server(Path(stack.enter_context(tempfile.TemporaryDirectory())))
            )
            base = next(
                b
                for b in PORT_BASES
                if not any(port_open("127.0.0.1", b + d) for d in (2, 3, 4, 7))
            )
            network = stack.enter_context(bluesky_network(database_url, port_base=base))
        except ServiceUnavailable as exc:
            pytest.skip(f"no local Bluesky network: {exc}")
        yield LocalBluesky(network)


@pytest.fixture
def institution(bluesky: LocalBluesky) -> Account:
    return bluesky.account("entidad")


@pytest.fixture
def citizen(bluesky: LocalBluesky) -> Account:
    return bluesky.account("lucia")


@pytest.fixture
def other_citizen(bluesky: LocalBluesky) -> Account:
    return bluesky.account("pedro")


@pytest.fixture
def bluesky_channel(org: Any, bluesky: LocalBluesky, institution: Account) -> Channel:
    return make_channel(org, bluesky.pds_url, institution.handle, institution.password)


def make_channel(org: Any, service_url: str, handle: str, password: str) -> Channel:
    channel = Channel(
        organization=org, kind="bluesky", name="Bluesky", handle=handle, poll_interval=60
    )
    channel.set_credentials(
        {"handle": handle, "app_password": password, "service_url": service_url}
    )
    channel.save()
    return channel


def fake_jwt(did: str, *, expires_in: int = 7200) -> str:
    """A well-formed access token that no server signed (a stale or forged session)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {
        "scope": "com.atproto.access",
        "sub": did,
        "iat": now,
        "exp": now + expires_in,
        "aud": "did:web:localhost",
    }
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.{part({'sig': 'none'})}"


def stale_session(handle: str, did: str, service_url: str) -> str:
    """A session string (as the SDK exports it) whose tokens no server will accept."""
    return ":::".join([handle, did, fake_jwt(did), fake_jwt(did), service_url])
