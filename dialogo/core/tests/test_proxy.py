"""Behind a proxy: X-Forwarded-For and X-Forwarded-Proto are believed only from
TRUSTED_PROXIES; HSTS pins no parent domain unless asked; idle sessions end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.test import RequestFactory, override_settings
from django.urls import reverse

from dialogo.core.audit import Action, client_ip
from dialogo.core.models import AuditEntry
from dialogo.core.proxy import ProxyMiddleware
from dialogo.core.roles import Role

ROOT = Path(__file__).resolve().parents[3]


def _through(trusted, remote, forwarded="", proto=""):
    seen = {}

    def view(request):
        seen["ip"], seen["secure"] = client_ip(request), request.is_secure()
        return None

    headers = {}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    if proto:
        headers["HTTP_X_FORWARDED_PROTO"] = proto
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(TRUSTED_PROXIES=trusted):
        ProxyMiddleware(view)(request)
    return seen


def test_without_trusted_proxies_forwarded_headers_are_ignored():
    assert _through([], "192.0.2.10", "203.0.113.5", "https") == {
        "ip": "192.0.2.10",
        "secure": False,
    }


def test_trusted_proxy_gives_the_right_most_untrusted_address():
    trusted = ["127.0.0.1", "10.0.0.0/8"]
    # The left-most entry is whatever the client wrote: never believed.
    seen = _through(trusted, "127.0.0.1", "1.2.3.4, 203.0.113.5, 10.1.2.3", "https")
    assert seen == {"ip": "203.0.113.5", "secure": True}


def test_untrusted_peer_cannot_forward():
    seen = _through(["127.0.0.1"], "192.0.2.10", "203.0.113.5", "https")
    assert seen == {"ip": "192.0.2.10", "secure": False}


def test_garbage_in_forwarded_for_stops_at_the_proxy():
    assert _through(["127.0.0.1"], "127.0.0.1", "no-es-una-ip")["ip"] == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"], WEBFORM_RATE_LIMIT=1)
def test_web_form_limit_counts_each_citizen_behind_the_proxy(client, org):
    data = {
        "name": "A",
        "email": "a@example.com",
        "subject": "S",
        "text": "Texto largo",
        "consent": "on",
    }
    url = reverse("webform", kwargs={"org": org.slug})
    for n in range(3):  # three citizens behind one proxy: each gets their own allowance
        response = client.post(
            url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
        assert response.status_code == 200
    entry = AuditEntry.objects.filter(action=Action.WEBFORM).order_by("-pk").first()
    assert entry.ip_address == "203.0.113.2"


@override_settings(SESSION_IDLE_SECONDS=3600)
def test_idle_session_ends(client, members, org):
    client.force_login(members[Role.AGENT].user)
    url = reverse("inbox:inbox", kwargs={"org": org.slug})
    assert client.get(url).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - 3601
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def _production_env(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "dialogo.example.gov.co",
        # Its own key for network credentials (a Fernet key: base64 of 32 bytes).
        "ENCRYPTION_KEY": "bm90LWEtcmVhbC1rZXktanVzdC0zMi1ieXRlcy1sb24=",
        "DATA_DIR": str(tmp_path),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _setting(env, name):
    code = f"import django; django.setup(); from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_pins_no_parent_domain_and_trusts_no_header_by_default(tmp_path):
    env = _production_env(tmp_path)
    assert _setting(env, "SECURE_HSTS_INCLUDE_SUBDOMAINS") == "False"
    assert _setting(env, "SECURE_HSTS_PRELOAD") == "False"
    assert _setting(env, "SECURE_PROXY_SSL_HEADER") == "None"
    assert _setting(env, "SESSION_IDLE_SECONDS") == "28800"


def test_check_deploy_is_clean_behind_a_trusted_proxy(tmp_path):
    env = _production_env(tmp_path, TRUSTED_PROXIES="127.0.0.1,10.0.0.0/8")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_trusted_proxy_fails_loudly(tmp_path):
    env = _production_env(tmp_path, TRUSTED_PROXIES="not-an-address")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
