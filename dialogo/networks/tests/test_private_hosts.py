"""Connecting a channel never probes the installation's own network (unless allowed)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from dialogo.core.roles import Role
from dialogo.networks.models import Channel

INTERNAL = [
    "http://127.0.0.1:8000/",
    "http://localhost/",
    "http://10.1.2.3/",
    "http://192.168.0.10/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
]


def _connect(client, org, kind, data):
    url = reverse("networks:connect", kwargs={"org": org.slug, "kind": kind})
    return client.post(url, {"name": "Cuenta", **data})


@pytest.mark.parametrize("address", INTERNAL)
@override_settings(ALLOW_PRIVATE_NETWORK_HOSTS=False)
def test_mastodon_instance_on_an_internal_address_is_refused(client, members, org, address):
    client.force_login(members[Role.ADMIN].user)
    body = _connect(
        client, org, "mastodon", {"cred_instance_url": address, "cred_access_token": "t"}
    ).content.decode()
    assert "private or local network" in body
    assert not Channel.objects.filter(kind="mastodon").exists()


@override_settings(ALLOW_PRIVATE_NETWORK_HOSTS=False)
def test_wordpress_and_imap_hosts_on_internal_addresses_are_refused(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    body = _connect(
        client,
        org,
        "wordpress",
        {
            "cred_site_url": "http://127.0.0.1:9/",
            "cred_username": "u",
            "cred_application_password": "p",
        },
    ).content.decode()
    assert "private or local network" in body
    email = {
        "cred_imap_host": "127.0.0.1", "cred_imap_port": "993", "cred_imap_ssl": "ssl",
        "cred_imap_user": "u", "cred_imap_password": "p", "cred_smtp_host": "10.0.0.5",
        "cred_smtp_port": "587", "cred_smtp_starttls": "yes", "cred_from_address": "a@example.com",
    }  # fmt: skip
    body = _connect(client, org, "email", email).content.decode()
    assert body.count("private or local network") == 2  # both servers named
    assert not Channel.objects.exists()


@override_settings(ALLOW_PRIVATE_NETWORK_HOSTS=True)
def test_installation_may_allow_private_hosts(client, members, org):
    client.force_login(members[Role.ADMIN].user)
    body = _connect(
        client,
        org,
        "mastodon",
        {"cred_instance_url": "http://127.0.0.1:9/", "cred_access_token": "t"},
    ).content.decode()
    assert "private or local network" not in body  # it tried, and could not reach it
    assert "Could not reach" in body or "rejected" in body
