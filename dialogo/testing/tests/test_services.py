"""The real servers of dialogo.testing.services start, talk as their clients expect, stop.

Each test drives a server the way a connector will: IMAP/SMTP for e-mail, XRPC for
Bluesky, the REST API with an application password for WordPress. A missing program
skips the test (fails it under CI=true), see service_or_skip.
"""

from __future__ import annotations

import os
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from dialogo.testing.services import (
    bluesky_network,
    mail_server,
    port_open,
    postgres_server,
    service_or_skip,
    wordpress_site,
)

pytestmark = pytest.mark.services


def listening_addresses(pid: int) -> set[str]:
    """The local addresses on which process ``pid`` (and its children) listen on TCP."""
    pids = {pid}
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        pids.update(int(p) for p in child.read_text().split())
    inodes = set()
    for p in pids:
        try:  # a child may exit meanwhile
            targets = [os.readlink(fd) for fd in Path(f"/proc/{p}/fd").iterdir()]
        except FileNotFoundError:
            continue
        inodes.update(t[8:-1] for t in targets if t.startswith("socket:["))
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
                addresses.add(fields[1].split(":")[0])
    return addresses


LOOPBACK_HEX = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    """The suite's PostgreSQL (TEST_POSTGRES_URL, from scripts/test.sh) or a throwaway one."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
        return
    with service_or_skip(postgres_server(tmp_path_factory.mktemp("pg"))) as url:
        yield url


# ------------------------------------------------------------------ PostgreSQL


def test_postgres_server_throwaway_cluster_without_durability(tmp_path):
    import psycopg

    with service_or_skip(postgres_server(tmp_path)) as url:
        assert url.startswith("postgres://postgres@127.0.0.1:")
        assert url.endswith("/dialogo")
        with psycopg.connect(url) as conn:
            settings = {
                name: conn.execute(f"SHOW {name}").fetchone()[0]
                for name in ("fsync", "synchronous_commit", "full_page_writes", "listen_addresses")
            }
        port = int(url.rsplit(":", 1)[1].split("/")[0])
    assert settings == {
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "listen_addresses": "127.0.0.1",
    }
    assert not port_open("127.0.0.1", port)
    assert not (tmp_path / "postgres").exists()


# ------------------------------------------------------------------ e-mail


@pytest.fixture(scope="module")
def mail(tmp_path_factory):
    with service_or_skip(mail_server(tmp_path_factory.mktemp("mail"))) as server:
        yield server


def test_mail_server_smtp_message_reaches_imap_inbox(mail):
    from imap_tools import MailBoxUnencrypted

    mail.add_user("atencion@ayto.example", "clave-atencion")
    message = EmailMessage()
    message["From"] = "Lucía <lucia@example.com>"
    message["To"] = "atencion@ayto.example"
    message["Subject"] = "¿Cuándo abre la biblioteca?"
    message.set_content("Buenos días, ¿abre el sábado?")
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port) as smtp:
        smtp.send_message(message)

    with MailBoxUnencrypted(mail.imap_host, mail.imap_port).login(
        "atencion@ayto.example", "clave-atencion"
    ) as box:
        received = [(m.from_, m.subject, m.text.strip()) for m in box.fetch()]
    assert received == [
        ("lucia@example.com", "¿Cuándo abre la biblioteca?", "Buenos días, ¿abre el sábado?")
    ]


def test_mail_server_local_part_delivers_and_smtp_auth_works(mail):
    from imap_tools import MailBoxUnencrypted

    mail.add_user("vecina", "clave-vecina")
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port) as smtp:
        smtp.login("vecina", "clave-vecina")
        smtp.sendmail("vecina@example.com", ["vecina@example.com"], b"Subject: Yo\r\n\r\nHola\r\n")
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port) as smtp:
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login("vecina", "otra-clave")
    with MailBoxUnencrypted(mail.imap_host, mail.imap_port).login("vecina", "clave-vecina") as box:
        assert [m.subject for m in box.fetch()] == ["Yo"]


def test_mail_server_unknown_recipient_is_refused(mail):
    with smtplib.SMTP(mail.smtp_host, mail.smtp_port) as smtp:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            smtp.sendmail("a@example.com", ["nadie@ayto.example"], b"Subject: x\r\n\r\nx\r\n")
    assert refused.value.recipients["nadie@ayto.example"][0] == 550


def test_mail_server_new_user_logs_in_at_once_after_failed_login(mail):
    from imap_tools import MailBoxUnencrypted
    from imap_tools.errors import MailboxLoginError

    start = time.monotonic()
    for n in range(3):
        user = f"nueva{n}@ayto.example"
        with pytest.raises(MailboxLoginError):
            MailBoxUnencrypted(mail.imap_host, mail.imap_port).login(user, "clave")
        mail.add_user(user, "clave")
        with MailBoxUnencrypted(mail.imap_host, mail.imap_port).login(user, "clave") as box:
            assert box.folder.get() == "INBOX"
    # No auth penalty or passwd-file staleness: each round is well under a second.
    assert time.monotonic() - start < 6


def test_mail_server_listens_on_loopback_only(mail):
    assert listening_addresses(mail._dovecot.popen.pid) == {LOOPBACK_HEX}


# ------------------------------------------------------------------ Bluesky


def xrpc(base: str, method: str, token: str | None = None, **params) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"{base}/xrpc/{method}", params=params, headers=headers, timeout=30)
    response.raise_for_status()
    return response.json()


def test_bluesky_mention_reaches_notifications_through_appview(postgres_url):
    from atproto import Client, client_utils

    with service_or_skip(bluesky_network(postgres_url)) as net:
        assert listening_addresses(net._process.popen.pid) == {LOOPBACK_HEX}
        institution = net.create_account("ayto.test", "clave-ayto")
        citizen = net.create_account("lucia.test", "clave-lucia")
        for account in (institution, citizen):
            net.wait_indexed(account["did"])

        client = Client(base_url=net.pds_url)
        client.login("lucia.test", "clave-lucia")
        text = client_utils.TextBuilder().text("Hola ")
        text.mention("@ayto.test", institution["did"]).text(", ¿abre la biblioteca?")
        post = client.send_post(text)

        # The PDS proxies app.bsky.* to the AppView, which indexes the post (~1 s).
        deadline = time.monotonic() + 20
        while True:
            notifications = xrpc(
                net.pds_url,
                "app.bsky.notification.listNotifications",
                institution["accessJwt"],
            )["notifications"]
            if notifications or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert [(n["reason"], n["uri"], n["author"]["handle"]) for n in notifications] == [
        ("mention", post.uri, "lucia.test")
    ]
    facet = notifications[0]["record"]["facets"][0]
    assert facet["features"] == [
        {"$type": "app.bsky.richtext.facet#mention", "did": institution["did"]}
    ]
    assert (
        notifications[0]["record"]["text"][facet["index"]["byteStart"] : facet["index"]["byteEnd"]]
        == "@ayto.test"
    )


def test_bluesky_network_without_appview_serves_the_pds():
    with service_or_skip(bluesky_network(None, appview=False)) as net:
        account = net.create_account("sola.test", "clave-sola")
        session = xrpc(net.pds_url, "com.atproto.server.getSession", account["accessJwt"])
        assert net.appview_url is None
    assert (session["did"], session["handle"]) == (account["did"], "sola.test")
    assert not port_open("127.0.0.1", int(net.pds_url.rsplit(":", 1)[1]))


# ------------------------------------------------------------------ WordPress


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    with service_or_skip(wordpress_site(tmp_path_factory.mktemp("wp"))) as site:
        yield site


def test_wordpress_held_comment_listed_only_with_context_edit(wordpress):
    held_id = int(
        wordpress.php(
            "echo wp_insert_comment(['comment_post_ID' => 1, 'comment_author' => 'Lucía',"
            " 'comment_author_email' => 'lucia@example.com',"
            " 'comment_content' => '¿Hay cita previa?', 'comment_approved' => 0]);"
        )
    )
    url = f"{wordpress.api_url}/wp/v2/comments"
    held = httpx.get(url, params={"context": "edit", "status": "hold"}, auth=wordpress.auth)
    anonymous = httpx.get(url, params={"context": "edit", "status": "hold"})
    assert held.status_code == 200
    assert [(c["id"], c["status"], c["content"]["raw"]) for c in held.json()] == [
        (held_id, "hold", "¿Hay cita previa?")
    ]
    assert anonymous.status_code == 401


def test_wordpress_reply_is_posted_with_parent(wordpress):
    url = f"{wordpress.api_url}/wp/v2/comments"
    reply = httpx.post(
        url, json={"post": 1, "parent": 1, "content": "Gracias por escribir."}, auth=wordpress.auth
    )
    assert reply.status_code == 201
    listed = httpx.get(url, params={"parent": 1, "context": "edit"}, auth=wordpress.auth).json()
    assert [(c["parent"], c["content"]["raw"], c["author_name"]) for c in listed] == [
        (1, "Gracias por escribir.", "admin")
    ]


def test_wordpress_wrong_application_password_is_refused(wordpress):
    response = httpx.get(
        f"{wordpress.api_url}/wp/v2/comments",
        params={"context": "edit"},
        auth=(wordpress.admin_user, "xxxx xxxx xxxx xxxx xxxx xxxx"),
    )
    # WordPress 6.1 settles the current user before the REST request starts, so a wrong
    # application password reads as "not logged in", not "incorrect_password".
    assert (response.status_code, response.json()["code"]) == (401, "rest_forbidden_context")


def test_wordpress_listens_on_loopback_only(wordpress):
    for process in wordpress._processes:
        assert listening_addresses(process.popen.pid) == {LOOPBACK_HEX}
