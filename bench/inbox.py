"""Inbox speed on a large history (SQLite): first page, a filtered page and a search.

Builds (once, then reuses) a database with BENCH_MESSAGES demo messages (default 1,000,000)
under var/bench/, then times each page through Django's full request path (middleware,
view, template) and, as the baseline in the same run, the bare SQL of the same page's main
query through the `sqlite3` module. Prints median and p95 of each.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000000"))
DATA_DIR = ROOT / "var" / "bench" / f"inbox-{MESSAGES}"
os.environ["DATA_DIR"] = str(DATA_DIR)
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
os.environ.pop("DATABASE_URL", None)
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from dialogo.core.models import Membership  # noqa: E402
from dialogo.inbox.models import Conversation, Message  # noqa: E402

SEED_MESSAGES = min(MESSAGES, 100_000)
TIME_DATE_COLUMNS = [
    "created_at",
    "last_activity_at",
    "last_inbound_at",
    "response_due_at",
    "first_response_at",
    "resolution_due_at",
    "resolved_at",
]


def build() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    have = Message.objects.count()
    if have >= MESSAGES * 0.95:
        print(f"reusing {DATA_DIR} ({have:,} messages)")
        return
    if have:
        raise SystemExit(
            f"{DATA_DIR} holds a partial load ({have:,} messages): delete it and run again"
        )
    print(f"building {MESSAGES:,} demo messages in {DATA_DIR} (once)…", flush=True)
    # The generator writes 90 days of history; older quarters are that history again,
    # shifted back in time with new ids (a 1M-message load through the ORM takes too long).
    call_command("demo", messages=SEED_MESSAGES, no_triage=True)
    copies = max(0, round(MESSAGES / max(Message.objects.count(), 1)) - 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM inbox_conversation")
        conv_seed = cursor.fetchone()[0]
        cursor.execute("SELECT max(id) FROM inbox_message")
        seed = (conv_seed, cursor.fetchone()[0])
        for k in range(1, copies + 1):
            replicate(cursor, k, seed)
            print(f"  older quarter {k}/{copies}", flush=True)
        cursor.execute("ANALYZE")


def _shifted(column: str, days: int) -> str:
    return f"strftime('%Y-%m-%d %H:%M:%f', {column}, '-{days} days')"


def replicate(cursor, k: int, seed: tuple[int, int]) -> None:
    """Copy the seed conversations and messages 90×k days earlier, with offset ids."""
    conv_seed, msg_seed = seed
    days = 90 * k
    conv_cols = [c.column for c in Conversation._meta.concrete_fields]
    select = [
        f"id + {conv_seed * k}"
        if c == "id"
        else _shifted(c, days)
        if c in TIME_DATE_COLUMNS
        else f"thread_key || '-q{k}'"
        if c == "thread_key"
        else c
        for c in conv_cols
    ]
    cursor.execute(
        f"INSERT INTO inbox_conversation ({', '.join(conv_cols)}) "
        f"SELECT {', '.join(select)} FROM inbox_conversation WHERE id <= {conv_seed}"
    )
    msg_cols = [c.column for c in Message._meta.concrete_fields]
    select = [
        f"id + {msg_seed * k}"
        if c == "id"
        else f"conversation_id + {conv_seed * k}"
        if c == "conversation_id"
        else f"network_id || '-q{k}'"
        if c == "network_id"
        else "NULL"
        if c in ("in_reply_to_id", "idempotency_key")
        else _shifted(c, days)
        if c in ("created_at", "received_at")
        else c
        for c in msg_cols
    ]
    cursor.execute(
        f"INSERT INTO inbox_message ({', '.join(msg_cols)}) "
        f"SELECT {', '.join(select)} FROM inbox_message WHERE id <= {msg_seed}"
    )


def timings(fn) -> list[float]:
    fn()  # warm caches
    out = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def page_queries(client: Client, url: str) -> list[str]:
    """Every SELECT the page runs (session, membership, the list, the filter menus), with
    its parameters inlined, as Django ran it."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]


def bare_sql_runner(statements: list[str]):
    db = sqlite3.connect(settings.DATABASES["default"]["NAME"])

    def run():
        for sql in statements:
            db.execute(sql).fetchall()

    return run


def main() -> None:
    build()
    admin = Membership.objects.select_related("organization", "user").filter(role="agent").first()
    org = admin.organization.slug
    client = Client()
    client.force_login(admin.user)
    channel = admin.organization.channels.order_by("pk").first().pk
    pages = {
        "inbox first page": f"/o/{org}/inbox/",
        "filtered (channel + unanswered)": f"/o/{org}/inbox/?channel={channel}&unanswered=1",
        "filtered (state=closed)": f"/o/{org}/inbox/?state=closed",
        "search 'pasaportes'": f"/o/{org}/inbox/?q=pasaportes",
        "search 'apostilla consulado'": f"/o/{org}/inbox/?q=apostilla+consulado",
    }
    total = Message.objects.count()
    print(
        f"{total:,} messages; {REPEAT} runs each; times in ms (server time via Django test client)"
    )
    print(
        f"{'page':34} {'median':>8} {'p95':>8}   {'bare SQL median':>15} {'p95':>8}  {'ratio p95':>9}"
    )
    for name, url in pages.items():
        page_times = timings(lambda u=url: client.get(u))
        sql_times = timings(bare_sql_runner(page_queries(client, url)))
        ratio = p95(page_times) / max(p95(sql_times), 0.001)
        print(
            f"{name:34} {statistics.median(page_times):8.1f} {p95(page_times):8.1f}   "
            f"{statistics.median(sql_times):15.1f} {p95(sql_times):8.1f}  {ratio:8.1f}×"
        )
    print("targets: p95 < 100 ms for the inbox page; within 3× of the bare SQL")


if __name__ == "__main__":
    main()
