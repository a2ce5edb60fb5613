"""A polling worker killed with SIGKILL mid-batch, then restarted: every message once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("killable_poll.py")


def run(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs
    )


@pytest.mark.sqlite_only  # the worker runs on its own SQLite file; the PostgreSQL pass skips it
def test_kill_9_mid_batch_then_restart_loses_and_duplicates_nothing(tmp_path):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "STREAM_TOTAL": "3000",
        "STREAM_BATCH": "1000",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    assert run(env, "manage.py", "migrate", "-v0", timeout=300).returncode == 0
    setup = run(env, str(SCRIPT), "setup", timeout=120)
    channel_id = setup.stdout.strip().splitlines()[-1]
    worker = subprocess.Popen(
        [sys.executable, str(SCRIPT), "poll", channel_id],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    db = tmp_path / "dialogo.sqlite3"
    deadline = time.monotonic() + 120
    import sqlite3

    stored = 0
    while time.monotonic() < deadline and worker.poll() is None:
        try:
            stored = (
                sqlite3.connect(db, timeout=1)
                .execute("select count(*) from inbox_message")
                .fetchone()[0]
            )
        except sqlite3.OperationalError:
            stored = 0
        if stored >= 1000:  # at least one batch committed: kill inside a later one
            break
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    restarted = run(env, str(SCRIPT), "poll", channel_id, timeout=300)
    assert restarted.returncode == 0, restarted.stderr
    con = sqlite3.connect(db)
    total, distinct = con.execute(
        "select count(*), count(distinct network_id) from inbox_message"
    ).fetchone()
    assert (total, distinct) == (3000, 3000)
    assert (
        con.execute("select cursor from networks_channel where id = ?", [channel_id]).fetchone()[0]
        == '{"next": 3000}'
    )
    assert stored < 3000  # the kill really happened before the end
