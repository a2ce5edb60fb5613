"""`manage.py import_archive`, the runner and the background task, end to end."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from dialogo.inbox.models import Conversation, Message
from dialogo.networks import import_tasks
from dialogo.networks.importers import runner
from dialogo.networks.importers.tests.conftest import SAMPLES, zip_folder
from dialogo.networks.models import ImportJob, ImportStatus

ROOT = Path(settings.BASE_DIR)


def run(path, channel, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_archive", str(path), "--channel", str(channel.pk), *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def write_jsonl(path: Path, count: int, *, start: int = 0) -> Path:
    """`count` citizen messages with replies, two hours apart; ids m0, m1…"""
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + count):
            row = {
                "id": f"m{i}",
                "created_at": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00-05:00",
                "author_id": f"u{i % 50}",
                "author_name": f"Vecina {i % 50}",
                "text": f"Mensaje número {i} sobre el trámite de la licencia",
            }
            if i % 3 == 1:
                row.update(direction="out", in_reply_to=f"m{i - 1}", author_id="")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_command_imports_and_reports(x_channel, tmp_path):
    out, err = run(zip_folder(SAMPLES / "x", tmp_path / "twitter.zip"), x_channel)
    assert "5 new, 0 already present, 0 rejected" in out
    assert "100%" in err
    job = ImportJob.objects.get()
    assert (job.status, job.archive_format, job.position) == (ImportStatus.DONE, "x", 5)
    assert job.processed_bytes == job.total_bytes
    dm = Message.objects.get(network_id="1791000000000000002")
    assert dm.direction == "out" and dm.conversation.message_count == 2


def test_command_run_twice_adds_nothing(x_channel):
    run(SAMPLES / "generic.jsonl", x_channel)
    before = list(Conversation.objects.order_by("pk").values_list("pk", "message_count", "version"))
    out, _err = run(SAMPLES / "generic.jsonl", x_channel)
    assert "0 new, 7 already present, 0 rejected" in out
    assert Message.objects.count() == 7
    assert (
        list(Conversation.objects.order_by("pk").values_list("pk", "message_count", "version"))
        == before
    )


def test_command_threads_generic_sample(x_channel):
    run(SAMPLES / "generic.jsonl", x_channel)
    marta = Message.objects.get(network_id="g-1").conversation
    assert marta.message_count == 4 and marta.subject == "Licencia de conducción"
    assert (
        Message.objects.get(network_id="g-4").conversation_id
        == Message.objects.get(network_id="g-5").conversation_id
    )
    assert Message.objects.get(network_id="g-2").in_reply_to.network_id == "g-1"


def test_command_reports_rejections(x_channel, tmp_path):
    text = (SAMPLES / "generic.jsonl").read_text()
    (tmp_path / "cut.jsonl").write_text(text[: text.index('"g-7"') + 30])
    out, _err = run(tmp_path / "cut.jsonl", x_channel)
    assert "6 new, 0 already present, 1 rejected" in out
    assert "line 7: truncated" in out


def test_command_duplicate_ids_in_file_count_as_present(x_channel, tmp_path):
    lines = (SAMPLES / "generic.jsonl").read_text().splitlines()
    (tmp_path / "dup.jsonl").write_text("\n".join(lines + lines[:2]) + "\n")
    out, _err = run(tmp_path / "dup.jsonl", x_channel, "--batch", "3")
    assert "7 new, 2 already present, 0 rejected" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "mastodon"], "This is not a Mastodon export"),
        (["--format", "x"], "This is not an X archive"),
    ],
)
def test_command_wrong_format_fails_clearly(x_channel, args, message):
    with pytest.raises(CommandError, match=message):
        run(SAMPLES / "generic.csv", x_channel, *args)
    assert not ImportJob.objects.exists()


def test_command_unreadable_file_and_unknown_channel(x_channel, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.zip", x_channel)
    with pytest.raises(CommandError, match="No channel"):
        call_command("import_archive", str(SAMPLES / "generic.csv"), "--channel", "Inexistente")


def test_command_finds_channel_by_name_and_organization(x_channel, other_org):
    from dialogo.networks.models import Channel

    Channel.objects.create(organization=other_org, kind="x", name=x_channel.name)
    with pytest.raises(CommandError, match="--organization"):
        call_command("import_archive", str(SAMPLES / "generic.csv"), "--channel", x_channel.name)
    call_command(
        "import_archive", str(SAMPLES / "generic.csv"), "--channel", x_channel.name.upper(),
        "--organization", x_channel.organization.slug, stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    assert Message.objects.filter(channel=x_channel).count() == 4


# --- interruption and resume -----------------------------------------------------------------


class Stop(Exception):
    pass


def test_interrupted_run_resumes_and_stores_every_message_once(x_channel, tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", 1000)
    job, resumed = runner.start_job(channel=x_channel, path=str(path))
    seen = []

    def stop_after_three(progress):
        seen.append(progress.job.position)
        if len(seen) == 3:
            raise Stop

    with pytest.raises(Stop):
        runner.run_job(job, batch_size=100, on_progress=stop_after_three)
    job.refresh_from_db()
    assert (job.status, job.position, Message.objects.count()) == (ImportStatus.FAILED, 300, 300)
    again, resumed = runner.start_job(channel=x_channel, path=str(path))
    assert resumed and again.pk == job.pk
    runner.run_job(again, batch_size=100)
    again.refresh_from_db()
    assert (again.status, again.position, again.new_count, again.duplicate_count) == (
        ImportStatus.DONE,
        1000,
        1000,
        0,
    )
    assert (
        Message.objects.count() == Message.objects.values("network_id").distinct().count() == 1000
    )


def test_lost_position_is_harmless(x_channel, tmp_path):
    """Even when the stored position is lost, de-duplication keeps every message once."""
    path = write_jsonl(tmp_path / "big.jsonl", 300)
    job, _ = runner.start_job(channel=x_channel, path=str(path))
    runner.run_job(job, batch_size=50)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, position=0)
    job.refresh_from_db()
    runner.run_job(job, batch_size=50)
    job.refresh_from_db()
    assert (job.new_count, job.duplicate_count) == (300, 300)
    assert Message.objects.count() == 300


def test_task_runs_job_and_ignores_missing_one(x_channel):
    job, _ = runner.start_job(channel=x_channel, path=str(SAMPLES / "generic.csv"))
    assert import_tasks.run_import.enqueue(job.pk).return_value == ImportStatus.DONE
    job.refresh_from_db()
    assert (job.new_count, job.processed_bytes, job.percent) == (4, job.total_bytes, 100)
    assert import_tasks.run_import.enqueue(987654).return_value == "gone"


def test_task_marks_wrong_file_failed(x_channel, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("esto no es un archivo de red social")
    job = ImportJob.objects.create(
        organization=x_channel.organization, channel=x_channel, file_path=str(bad), total_bytes=10
    )
    assert import_tasks.run_import.enqueue(job.pk).return_value == ImportStatus.FAILED
    job.refresh_from_db()
    assert "Unrecognised file" in job.error


# --- kill -9 -------------------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dialogo.settings", DEBUG="1", DATA_DIR=str(tmp_path / "data")
    )
    return env


def test_kill_9_midway_then_rerun_stores_every_message_once(tmp_path):
    """A real process on a file-based SQLite database, killed with SIGKILL mid-import."""
    env = _env(tmp_path)
    (tmp_path / "data").mkdir()
    manage = [sys.executable, "manage.py"]

    def django(*args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(
            manage + list(args),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
            **kw,
        )

    django("migrate", "--noinput", "-v", "0")
    django("shell", "-c", (
        "from dialogo.core.models import Organization; from dialogo.networks.models import Channel;"
        "o = Organization.objects.create(name='Movilidad VE', slug='mve');"
        "Channel.objects.create(organization=o, kind='x', name='X', handle='MovilidadVE')"
    ))  # fmt: skip
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 20)
    wrong = subprocess.run(
        manage + ["import_archive", str(garbage), "--channel", "X"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert wrong.returncode == 1 and "Unrecognised file" in wrong.stderr
    total = 12_000
    archive = write_jsonl(tmp_path / "historia.jsonl", total)
    command = manage + [
        "import_archive",
        str(archive),
        "--channel",
        "X",
        "--batch",
        "200",
        "--no-progress",
    ]
    first = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    db_path = tmp_path / "data" / "dialogo.sqlite3"
    position = _wait_for_position(db_path, first, at_least=1000)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert position < total, "the import finished before it could be killed: make the file larger"
    second = django(*command[2:])
    assert "Resuming an earlier import after" in second.stdout
    db = sqlite3.connect(db_path)
    count, distinct = db.execute(
        "SELECT count(*), count(DISTINCT network_id) FROM inbox_message"
    ).fetchone()
    (conv_sum,) = db.execute("SELECT sum(message_count) FROM inbox_conversation").fetchone()
    job = db.execute(
        "SELECT status, position, new_count, duplicate_count FROM networks_importjob"
    ).fetchall()
    db.close()
    assert count == distinct == conv_sum == total
    assert job == [("done", total, total, 0)]


def _wait_for_position(db_path: Path, process: subprocess.Popen, *, at_least: int) -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
            row = db.execute("SELECT position FROM networks_importjob").fetchone()
            db.close()
        except sqlite3.OperationalError:
            row = None
        if row and row[0] >= at_least:
            return row[0]
        time.sleep(0.05)
    raise AssertionError("the import made no progress")
