"""The web form's hourly limit per address holds when the posts arrive at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from dialogo.conftest import make_org

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = Path(__file__).with_name("concurrent_posts.py")


def _run(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _database_env(tmp_path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "PYTHONPATH": str(ROOT),
        "WEBFORM_RATE_LIMIT": "5",
        "DATA_DIR": str(tmp_path),
    }
    if connection.vendor == "postgresql":
        # The processes use the test database this test's transaction-free fixture fills.
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        )
    else:
        env.pop("DATABASE_URL", None)
        _run(env, "manage.py", "migrate", "-v0")
        _run(env, "manage.py", "createcachetable")
    return env


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_posts_from_one_address_accept_exactly_five(tmp_path):
    env = _database_env(tmp_path)
    if connection.vendor == "postgresql":
        make_org("Entidad Concurrente", "concurrente")
    else:
        code = (
            "from dialogo.conftest import make_org; make_org('Entidad Concurrente', 'concurrente')"
        )
        _run(env, "-c", "import django; django.setup(); " + code)
    report = json.loads(_run(env, str(SCRIPT), "concurrente", "20").strip().splitlines()[-1])
    assert report["codes"] == [200] * 5 + [429] * 15
    assert report["stored"] == 5
