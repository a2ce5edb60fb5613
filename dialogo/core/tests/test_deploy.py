import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _check_deploy(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "dialogo.example.gov.co",
        "DATA_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "ENCRYPTION_KEY", "ENCRYPTION_KEY_FILE"):
        env.pop(name, None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' harness only
    env.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    key_file = tmp_path / "encryption.key"
    key_file.write_text(Fernet.generate_key().decode() + "\n")
    result = _check_deploy(tmp_path, ENCRYPTION_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_requires_an_encryption_key(tmp_path):
    result = _check_deploy(tmp_path, ENCRYPTION_KEY_FILE="")
    assert result.returncode != 0
    assert "dialogo.E001" in result.stderr + result.stdout


def test_production_refuses_missing_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "DEBUG": "0",
        "SECRET_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_sqlite_connection_pragmas(tmp_path):
    """The embedded database's file runs in WAL mode and checkpoints every 8,000 pages."""
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for p in ('journal_mode', 'synchronous', 'wal_autocheckpoint', 'journal_size_limit'):\n"
        "        c.execute(f'PRAGMA {p}'); print(p, c.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = dict(line.split() for line in result.stdout.splitlines())
    assert values == {
        "journal_mode": "wal",
        "synchronous": "1",  # NORMAL
        "wal_autocheckpoint": "8000",
        "journal_size_limit": "67108864",
    }
