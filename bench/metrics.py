"""Metrics speed on a large history: the dashboard (90 and 365 days), the public page and
the monthly PDF, on SQLite (and PostgreSQL when BENCH_DATABASE_URL is set), beside DuckDB
computing the same figures over the same rows exported to Parquet in the same run.

The history is the demo generator's (BENCH_MESSAGES, default 1,000,000), built once under
var/bench/ by bulk inserts: 100,000 messages through the generator, then older quarters
copied in SQL (bench/inbox.py's `replicate`), labels inserted in SQL, and the roll-ups built
by `metrics.services.recompute` (timed: it is what an upgrade or a repair costs).
DEBUG is off: the times are those of a production process.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000000"))
DATA_DIR = ROOT / "var" / "bench" / f"metrics-{MESSAGES}"
os.environ["DATA_DIR"] = str(DATA_DIR)
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# No collectstatic here: plain static storage (the manifest one would refuse every page).
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# The inbox benchmark's quarter copier (imported after setup: it would set its own DATA_DIR).
from inbox import SEED_MESSAGES, replicate  # noqa: E402

from dialogo.core.business_time import BOGOTA, colombian_holidays  # noqa: E402
from dialogo.core.models import Membership, Organization  # noqa: E402
from dialogo.inbox.models import Message  # noqa: E402
from dialogo.metrics import periods, reports, services  # noqa: E402
from dialogo.metrics.models import DailyRollup  # noqa: E402

TYPES = [
    "pregunta",
    "peticion",
    "queja",
    "reclamo",
    "felicitacion",
    "comentario",
    "pregunta",
    "informacion",
    "abuso",
    "spam",
    "sugerencia",
]
NEEDS = {"pregunta", "peticion", "queja", "reclamo", "informacion", "sugerencia"}


def build() -> Organization:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Message.objects.count() < MESSAGES * 0.95:
        if Message.objects.exists():
            raise SystemExit(f"{DATA_DIR} holds a partial load: delete it and run again")
        print(f"building {MESSAGES:,} demo messages in {DATA_DIR} (once)…", flush=True)
        call_command("demo", messages=SEED_MESSAGES, no_triage=True, verbosity=0)
        copies = max(0, round(MESSAGES / max(Message.objects.count(), 1)) - 1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM inbox_conversation")
            conv_seed = cursor.fetchone()[0]
            cursor.execute("SELECT max(id) FROM inbox_message")
            seed = (conv_seed, cursor.fetchone()[0])
            for k in range(1, copies + 1):
                replicate(cursor, k, seed)
            label_in_sql(cursor)
    org = Organization.objects.order_by("pk").first()
    if not DailyRollup.objects.filter(organization=org).exists():
        started = time.perf_counter()
        rows = services.recompute(organization=org)
        print(
            f"recompute (full roll-up build): {time.perf_counter() - started:.1f} s, "
            f"{rows:,} roll-up rows",
            flush=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return org


def label_in_sql(cursor) -> None:
    """A label for every citizen message, spread over the types by id (bulk, not triage)."""
    kind = "CASE id % 11 " + " ".join(f"WHEN {i} THEN '{t}'" for i, t in enumerate(TYPES)) + " END"
    needs = (
        "CASE WHEN id % 11 IN ("
        + ",".join(str(i) for i, t in enumerate(TYPES) if t in NEEDS)
        + ") THEN TRUE ELSE FALSE END"
    )
    cursor.execute(
        "INSERT INTO triage_classification (message_id, organization_id, message_type, "
        "type_confidence, sentiment, sentiment_confidence, offensive_score, topic_id, "
        "topic_confidence, needs_answer, reasons, models_used, created_at, message_at) "
        f"SELECT id, organization_id, {kind}, 0.9, "
        "CASE id % 3 WHEN 0 THEN 'positivo' WHEN 1 THEN 'neutro' ELSE 'negativo' END, 0.9, "
        f"0.0, NULL, 0.0, {needs}, '[]', '{{}}', created_at, created_at "
        "FROM inbox_message WHERE direction = 'in'"
    )


def timings(fn, repeat: int = REPEAT) -> list[float]:
    fn()  # warm caches
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


# --- DuckDB over Parquet: the same figures from the raw rows -------------------------------


def export_parquet(org: Organization, folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sql = (
        "SELECT m.id, m.conversation_id, c.channel_id, COALESCE(c.topic_id, 0) AS topic_id, "
        "COALESCE(c.assignee_id, 0) AS member_id, m.direction, m.created_at, m.send_status, "
        "COALESCE(k.message_type, '') AS message_type, COALESCE(k.sentiment, '') AS sentiment, "
        "k.needs_answer, c.resolved_at "
        "FROM inbox_message m JOIN inbox_conversation c ON c.id = m.conversation_id "
        "LEFT JOIN triage_classification k ON k.message_id = m.id WHERE m.organization_id = %s"
    )
    path = folder / "messages.parquet"
    names = [
        "id",
        "conversation_id",
        "channel_id",
        "topic_id",
        "member_id",
        "direction",
        "created_at",
        "send_status",
        "message_type",
        "sentiment",
        "needs_answer",
        "resolved_at",
    ]
    writer = None
    with connection.cursor() as cursor:
        cursor.execute(sql, [org.pk])
        while rows := cursor.fetchmany(200_000):
            cols = list(zip(*rows, strict=True))
            arrays = {n: list(c) for n, c in zip(names, cols, strict=True)}
            for n in ("created_at", "resolved_at"):
                arrays[n] = pa.array([_ts(v) for v in arrays[n]], pa.timestamp("us", tz="UTC"))
            table = pa.table(arrays)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    writer.close()
    return path


def _ts(value):
    import datetime as dt

    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


DUCK_SQL = """
WITH m AS (SELECT *, (created_at AT TIME ZONE 'America/Bogota')::DATE AS day FROM msgs
           WHERE NOT (direction = 'out' AND send_status = 'failed')),
conv AS (
  SELECT conversation_id, any_value(channel_id) ch, any_value(topic_id) tp,
         any_value(member_id) mb, any_value(resolved_at) resolved_at,
         min(created_at) FILTER (WHERE direction = 'in') first_in,
         max(created_at) FILTER (WHERE direction = 'out') last_out,
         arg_min(message_type, created_at) FILTER (WHERE direction = 'in') ctype
  FROM m GROUP BY conversation_id),
fr AS (
  SELECT c.conversation_id, c.first_in, min(m.created_at) AS answer
  FROM conv c JOIN m ON m.conversation_id = c.conversation_id AND m.direction = 'out'
   AND m.created_at >= c.first_in GROUP BY ALL),
fr_b AS (
  SELECT fr.conversation_id, fr.first_in, fr.answer,
         coalesce(sum(epoch(least(w.close, fr.answer)) - epoch(greatest(w.open, fr.first_in)))
                  FILTER (WHERE w.close > fr.first_in AND w.open < fr.answer), 0) AS business
  FROM fr LEFT JOIN windows w ON w.open < fr.answer AND w.close > fr.first_in GROUP BY ALL),
inbound AS (
  SELECT m.day, m.channel_id, m.topic_id, m.message_type, m.sentiment, m.member_id,
         count(*) n, count(*) FILTER (WHERE coalesce(needs_answer, TRUE)) needs,
         count(*) FILTER (WHERE coalesce(needs_answer, TRUE) AND c.last_out >= m.created_at) answered
  FROM m JOIN conv c USING (conversation_id)
  WHERE m.direction = 'in' AND m.day BETWEEN $start AND $end GROUP BY ALL),
outbound AS (
  SELECT count(*) FILTER (WHERE c.first_in <= m.created_at) replies,
         count(*) FILTER (WHERE c.first_in IS NULL OR c.first_in > m.created_at) broadcasts
  FROM m JOIN conv c USING (conversation_id)
  WHERE m.direction = 'out' AND m.day BETWEEN $start AND $end)
SELECT
  (SELECT sum(n) FROM inbound), (SELECT sum(needs) FROM inbound), (SELECT sum(answered) FROM inbound),
  (SELECT replies FROM outbound), (SELECT broadcasts FROM outbound),
  (SELECT list(x) FROM (SELECT message_type, sum(n) x FROM inbound GROUP BY 1)),
  (SELECT list(x) FROM (SELECT channel_id, sum(n) x FROM inbound GROUP BY 1)),
  (SELECT list(x) FROM (SELECT sentiment, sum(n) x FROM inbound GROUP BY 1)),
  (SELECT list(x) FROM (SELECT topic_id, sum(n) x FROM inbound GROUP BY 1)),
  (SELECT list(x) FROM (SELECT day, sum(n) x FROM inbound GROUP BY 1)),
  (SELECT [count(*), quantile_disc(business, 0.5), quantile_disc(business, 0.9),
           quantile_disc(epoch(answer) - epoch(first_in), 0.5),
           quantile_disc(epoch(answer) - epoch(first_in), 0.9)]
   FROM fr_b WHERE (answer AT TIME ZONE 'America/Bogota')::DATE BETWEEN $start AND $end)
"""


def working_windows(org: Organization, first_year: int, last_year: int):
    """The organization's working hours as (open, close) UTC rows, holidays left out."""
    import datetime as dt

    import pyarrow as pa

    opens, closes = [], []
    day = dt.date(first_year, 1, 1)
    while day.year <= last_year:
        if day.weekday() in set(org.working_days) and day not in colombian_holidays(day.year):
            opens.append(dt.datetime.combine(day, org.work_start, tzinfo=BOGOTA))
            closes.append(dt.datetime.combine(day, org.work_end, tzinfo=BOGOTA))
        day += dt.timedelta(days=1)
    ts = pa.timestamp("us", tz="UTC")
    return pa.table({"open": pa.array(opens, ts), "close": pa.array(closes, ts)})


def duck_runner(org: Organization, parquet: Path, days: int):
    import duckdb

    db = duckdb.connect()
    db.execute(f"CREATE VIEW msgs AS SELECT * FROM read_parquet('{parquet}')")
    today = periods.today()
    windows = working_windows(org, today.year - 4, today.year)  # noqa: F841 (read by name)
    db.register("windows", windows)
    start = periods.preset_period(f"{days}d").start

    def run():
        return db.execute(DUCK_SQL, {"start": start, "end": today}).fetchall()

    return run


def main() -> None:
    org = build()
    total = Message.objects.filter(organization=org).count()
    member = Membership.objects.filter(organization=org, role="supervisor").first() or (
        Membership.objects.filter(organization=org, role="admin").first()
    )
    client = Client()
    client.force_login(member.user)
    vendor = connection.vendor
    print(f"{total:,} messages on {vendor}; {REPEAT} runs each; ms (server time, DEBUG off)")
    folder = Path(tempfile.mkdtemp(prefix="metrics-bench-"))
    started = time.perf_counter()
    parquet = export_parquet(org, folder)
    print(f"exported to Parquet in {time.perf_counter() - started:.1f} s")
    print(f"{'what':34} {'median':>8} {'p95':>8}   {'DuckDB median':>13} {'p95':>8}  {'ratio':>6}")
    for days in (90, 365):
        url = f"/o/{org.slug}/metrics/?period={days}d"
        assert client.get(url, secure=True).status_code == 200
        page = timings(lambda u=url: client.get(u, secure=True))
        duck = timings(duck_runner(org, parquet, days))
        print(
            f"{f'dashboard {days} days':34} {statistics.median(page):8.1f} {p95(page):8.1f}"
            f"   {statistics.median(duck):13.1f} {p95(duck):8.1f}  "
            f"{statistics.median(page) / statistics.median(duck):5.2f}×",
            flush=True,
        )
    public = Client()
    url = f"/transparencia/{org.slug}/"
    first = timings(
        lambda: (services.__name__, _clear_cache(), public.get(url, secure=True)), repeat=3
    )
    cached = timings(lambda: public.get(url, secure=True))
    print(
        f"{'public page (cold: cache emptied)':34} {statistics.median(first):8.1f} {max(first):8.1f}"
    )
    print(f"{'public page (cached)':34} {statistics.median(cached):8.1f} {p95(cached):8.1f}")
    month = (periods.today().replace(day=1) - __import__("datetime").timedelta(days=1)).replace(
        day=1
    )
    pdf = timings(lambda: reports.to_pdf(reports.monthly(org, month)), repeat=3)
    print(f"{'monthly report (PDF)':34} {statistics.median(pdf):8.1f} {max(pdf):8.1f}")
    print("targets: dashboard < 300 ms and ≤ 2× DuckDB; public page < 100 ms; PDF < 10 s")


def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


if __name__ == "__main__":
    main()
