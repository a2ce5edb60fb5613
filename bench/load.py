"""Bounded load test: a production-like server (gunicorn, DEBUG off) on 127.0.0.1, on SQLite
and then on PostgreSQL, 20 concurrent clients, 1,000 mixed requests.

The mix: web-form posts from many addresses (sent through X-Forwarded-For by a trusted proxy,
127.0.0.1), inbox and conversation reads, replies and assignments by logged-in agents.
Checks: no 500, no "database is locked" in the server's log, every accepted web-form message
stored exactly once (and none of the refused ones). Prints p50/p95 per kind of request.

Bounded in count (LOAD_REQUESTS, default 1000) and time (LOAD_DEADLINE seconds, default 600).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("LOAD_REQUESTS", "1000"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
DEADLINE = float(os.environ.get("LOAD_DEADLINE", "600"))
DATABASES = os.environ.get("LOAD_DATABASES", "sqlite,postgresql").split(",")
AGENTS = 5
SLUG = "carga"
PASSWORD = "clave-de-carga-0123"
MARK = re.compile(r"\[carga ([0-9a-f]{32})\]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dialogo.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "load-test-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATA_DIR": str(data_dir),
        "WEBFORM_RATE_LIMIT": "5",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --- run inside the server's environment (subprocesses) ------------------------------------


def setup_database() -> None:
    """Migrate, create the organization, its agents and some conversations, train triage."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dialogo.conftest import inbound, make_org
    from dialogo.core.models import Membership
    from dialogo.inbox.services import receive_message
    from dialogo.networks.models import Channel
    from dialogo.triage.engine import models_for

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    org = make_org("Entidad de Carga", SLUG)
    for i in range(AGENTS):
        user = get_user_model().objects.create_user(f"agente{i}", password=PASSWORD)
        Membership.objects.create(user=user, organization=org, role="supervisor")
    channel = Channel.objects.create(organization=org, kind="webform", name="Web", handle="web")
    models_for(org)  # the default models, trained once here rather than in every worker
    for i in range(40):
        receive_message(
            channel=channel, inbound=inbound(f"Consulta inicial {i}", who=f"c{i}@example.com")
        )


def count_marks(marks: list[str]) -> None:
    import django

    django.setup()
    from dialogo.inbox.models import Message

    found: dict[str, int] = defaultdict(int)
    for text in Message.objects.filter(text__contains="[carga ").values_list("text", flat=True):
        for mark in MARK.findall(text):
            found[mark] += 1
    print(json.dumps({m: found.get(m, 0) for m in marks}))


# --- the load ------------------------------------------------------------------------------


class Load:
    def __init__(self, base: str) -> None:
        self.base = base
        self.lock = threading.Lock()
        self.remaining = REQUESTS
        self.times: dict[str, list[float]] = defaultdict(list)
        self.codes: dict[str, list[int]] = defaultdict(list)
        self.accepted: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.stop_at = time.monotonic() + DEADLINE

    def take(self) -> bool:
        with self.lock:
            if self.remaining <= 0 or time.monotonic() > self.stop_at:
                return False
            self.remaining -= 1
            return True

    def record(self, kind: str, started: float, response: httpx.Response) -> None:
        with self.lock:
            self.times[kind].append(time.monotonic() - started)
            self.codes[kind].append(response.status_code)
            if response.status_code >= 500:
                self.errors.append(f"{kind} {response.request.url} -> {response.status_code}")

    def request(self, client: httpx.Client, kind: str, method: str, path: str, **kw):
        started = time.monotonic()
        response = client.request(method, self.base + path, **kw)
        self.record(kind, started, response)
        return response


def _csrf(client: httpx.Client) -> str:
    return client.cookies.get("csrftoken", "")


def _login(base: str, index: int) -> httpx.Client:
    client = httpx.Client(timeout=60, follow_redirects=False)
    client.get(base + "/login/")
    response = client.post(
        base + "/login/",
        data={"username": f"agente{index % AGENTS}", "password": PASSWORD},
        headers={"X-CSRFToken": _csrf(client), "Referer": base + "/login/"},
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed: {response.status_code}")
    return client


def _conversation_ids(load: Load, client: httpx.Client) -> list[int]:
    page = load.request(client, "inbox", "GET", f"/o/{SLUG}/inbox/")
    return [int(x) for x in re.findall(rf"/o/{SLUG}/inbox/c/(\d+)/", page.text)] or [1]


def _webform(load: Load, anon: httpx.Client, rng: random.Random) -> None:
    mark = uuid.uuid4().hex
    # Mostly new addresses; some repeat, so the hourly limit refuses a few.
    address = f"198.18.{rng.randrange(4)}.{rng.randrange(20)}"
    response = load.request(
        anon,
        "webform",
        "POST",
        f"/escribanos/{SLUG}/",
        data={
            "name": "Persona de Carga",
            "email": f"p{rng.randrange(10**6)}@example.com",
            "subject": "Consulta",
            "text": f"Quisiera información del trámite [carga {mark}]",
            "consent": "on",
            "csrfmiddlewaretoken": _csrf(anon),
        },
        headers={"X-Forwarded-For": address, "Referer": load.base + f"/escribanos/{SLUG}/"},
    )
    with load.lock:
        (load.accepted if response.status_code == 200 else load.refused).append(mark)


def _reply(load: Load, client: httpx.Client, conv: int) -> None:
    page = load.request(client, "conversation", "GET", f"/o/{SLUG}/inbox/c/{conv}/")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    if not version or not load.take():  # the POST is a request of the budget too
        return
    load.request(
        client,
        "reply",
        "POST",
        f"/o/{SLUG}/inbox/c/{conv}/reply/",
        data={
            "text": "Gracias por escribir; le respondemos pronto.",
            "version": version.group(1),
            "idempotency_key": uuid.uuid4().hex,
            "csrfmiddlewaretoken": _csrf(client),
        },
        headers={"Referer": load.base + "/"},
    )


def _assign(load: Load, client: httpx.Client, conv: int, rng: random.Random) -> None:
    page = load.request(client, "conversation", "GET", f"/o/{SLUG}/inbox/c/{conv}/")
    choices = re.findall(r'<option value="(\d+)"', page.text)
    if not load.take():
        return
    load.request(
        client,
        "assign",
        "POST",
        f"/o/{SLUG}/inbox/c/{conv}/assign/",
        data={
            "assignee": rng.choice(choices) if choices else "",
            "csrfmiddlewaretoken": _csrf(client),
        },
        headers={"Referer": load.base + "/"},
    )


def client_loop(load: Load, index: int) -> None:
    rng = random.Random(index)
    try:
        agent = _login(load.base, index)
        anon = httpx.Client(timeout=60, follow_redirects=False)
        anon.get(load.base + f"/escribanos/{SLUG}/")  # the form's CSRF cookie
        ids = _conversation_ids(load, agent) if load.take() else []
        while load.take():
            roll = rng.random()
            if roll < 0.4:
                _webform(load, anon, rng)
            elif roll < 0.7:
                load.request(agent, "inbox", "GET", f"/o/{SLUG}/inbox/?state=open")
            elif roll < 0.85:
                _reply(load, agent, rng.choice(ids))
            else:
                _assign(load, agent, rng.choice(ids), rng)
    except Exception as exc:  # reported with the results, never a silent thread death
        with load.lock:
            load.errors.append(f"client {index}: {type(exc).__name__}: {exc}")


def wait_ready(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            if httpx.get(base + "/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def vendor_source_map() -> None:
    """chart.js names its source map; collectstatic's manifest storage fails without it
    (`make vendor` copies it now; an older build folder may lack it)."""
    target = ROOT / "build/vendor/chart.js/chart.umd.min.js.map"
    source = ROOT / "node_modules/chart.js/dist/chart.umd.min.js.map"
    if not target.exists() and source.exists():
        shutil.copyfile(source, target)


def run(label: str, database_url: str) -> bool:
    vendor_source_map()
    data_dir = Path(tempfile.mkdtemp(prefix=f"dialogo-load-{label}-"))
    env = server_env(data_dir, database_url)
    try:
        subprocess.run([sys.executable, __file__, "--setup"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        port = free_port()
        log_path = data_dir / "server.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "dialogo.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", str(WORKERS), "--timeout", "120", "--no-control-socket"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            try:
                wait_ready(base, server)
                load = Load(base)
                started = time.monotonic()
                threads = [
                    threading.Thread(target=client_loop, args=(load, i)) for i in range(CLIENTS)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.monotonic() - started
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
        counted = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--count", *load.accepted, *load.refused],
                env=env, cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        return report(label, load, elapsed, counted, log_path.read_text())
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def report(label: str, load: Load, elapsed: float, counted: dict, log: str) -> bool:
    every = [t for times in load.times.values() for t in times]
    total = len(every)
    print(f"{label}: {total} requests by {CLIENTS} clients in {elapsed:.1f} s "
          f"({total / elapsed:.0f}/s), gunicorn {WORKERS} workers, DEBUG off")  # fmt: skip
    for kind in sorted(load.times):
        codes = statistics.multimode(load.codes[kind])
        spread = {c: load.codes[kind].count(c) for c in sorted(set(load.codes[kind]))}
        print(f"  {kind:<13} n={len(load.times[kind]):>4}  p50 {p(load.times[kind], 0.5):7.1f} ms"
              f"  p95 {p(load.times[kind], 0.95):7.1f} ms  status {spread or codes}")  # fmt: skip
    print(f"  all           p50 {p(every, 0.5):7.1f} ms  p95 {p(every, 0.95):7.1f} ms")
    stored_once = all(counted[m] == 1 for m in load.accepted)
    refused_absent = all(counted[m] == 0 for m in load.refused)
    locked = log.count("database is locked")
    print(f"  web form: {len(load.accepted)} accepted, all stored once: {stored_once}; "
          f"{len(load.refused)} refused, none stored: {refused_absent}")  # fmt: skip
    print(f"  server errors (5xx): {len(load.errors)}; 'database is locked' in log: {locked}")
    for error in load.errors[:10]:
        print("   ", error)
    return not load.errors and not locked and stored_once and refused_absent and total > 0


def start_postgres() -> tuple[str, Path | None]:
    folder = Path(tempfile.mkdtemp(prefix="dialogo-load-pg-"))
    out = subprocess.run(
        ["bash", str(ROOT / "scripts/testenv/postgres.sh"), "start", str(folder), str(free_port())],
        capture_output=True, text=True,
    )  # fmt: skip
    url = next(
        (line[13:] for line in out.stdout.splitlines() if line.startswith("DATABASE_URL=")), ""
    )
    return url, folder


def main() -> int:
    ok = run("SQLite", "") if "sqlite" in DATABASES else True
    if "postgresql" not in DATABASES:
        return 0 if ok else 1
    url, folder = start_postgres()
    if not url:
        print("PostgreSQL: could not be started here (scripts/testenv/postgres.sh): skipped")
        return 0 if ok else 1
    try:
        ok = run("PostgreSQL", url) and ok
    finally:
        subprocess.run(
            ["bash", str(ROOT / "scripts/testenv/postgres.sh"), "stop", str(folder)],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        setup_database()
    elif sys.argv[1:2] == ["--count"]:
        count_marks(sys.argv[2:])
    else:
        sys.exit(main())
