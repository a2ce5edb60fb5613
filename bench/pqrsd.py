"""PQRSD speed: legal deadlines for a million requests, and the queue page on 200,000.

1. Deadlines: `dialogo.pqrsd.deadlines.deadlines` (the batch path of the one rule: receipt
   after hours or on a non-business day moves to the next business day, then the term in
   business days) for BENCH_DEADLINES received times (default 1,000,000), beside a plain
   `numpy.busday_offset` over the same holiday list in the same run. Target: at most 5×.
   Both answers are compared where the rules coincide (receipt on a business day in hours).
2. The queue page (DEBUG off, SQLite) with BENCH_REQUESTS requests (default 200,000), built
   once under var/bench/: first page, filters, through Django's full request path.
   Target: p95 under 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200000"))
DEADLINES = int(os.environ.get("BENCH_DEADLINES", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
DATA_DIR = ROOT / "var" / "bench" / f"pqrsd-{REQUESTS}"
os.environ["DATA_DIR"] = str(DATA_DIR)
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from dialogo.core.models import Membership, Organization  # noqa: E402
from dialogo.pqrsd import deadlines  # noqa: E402
from dialogo.pqrsd.models import Office, Request, RequestType  # noqa: E402

DAY = 86400


def best_of(fn, runs: int = 3) -> float:
    """The fastest of `runs` timings, in ms (both sides get the same treatment)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def bench_deadlines() -> None:
    rng = np.random.default_rng(2026)
    start = np.datetime64("2020-01-01T00:00:00", "s").astype(np.int64)
    utc = (start + rng.integers(0, 10 * 365 * DAY, DEADLINES)).astype("datetime64[s]")
    terms = rng.choice(np.array([10, 15, 30]), DEADLINES)
    holidays = deadlines.holiday_list(2019, 2033)
    local_days = (utc - np.timedelta64(5, "h")).astype("datetime64[D]")  # Bogota is UTC-5
    ours = deadlines.deadlines(utc, terms)
    plain = np.busday_offset(local_days, terms, roll="forward", holidays=holidays)
    seconds = (utc.astype(np.int64) - 5 * 3600) % DAY
    in_hours = np.is_busday(local_days, holidays=holidays) & (seconds < 17 * 3600)
    agree = np.array_equal(ours[in_hours], plain[in_hours])
    t_ours = best_of(lambda: deadlines.deadlines(utc, terms))
    t_plain = best_of(
        lambda: np.busday_offset(local_days, terms, roll="forward", holidays=holidays)
    )
    print(f"deadlines for {DEADLINES:,} requests (best of 3, ms)")
    print(f"  dialogo.pqrsd.deadlines.deadlines   {t_ours:8.1f}")
    print(f"  numpy.busday_offset (baseline)      {t_plain:8.1f}")
    print(f"  ratio {t_ours / t_plain:.2f}× (target ≤ 5×); same dates in hours: {agree}")


def build() -> Membership:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    org = Organization.objects.filter(slug="bench").first()
    if org is not None and Request.objects.filter(organization=org).count() >= REQUESTS:
        print(f"reusing {DATA_DIR}")
        return Membership.objects.select_related("user", "organization").get(organization=org)
    if org is not None:
        raise SystemExit(f"{DATA_DIR} holds a partial load: delete it and run again")
    print(f"building {REQUESTS:,} requests in {DATA_DIR} (once)…", flush=True)
    org = Organization.objects.create(name="Entidad de Prueba de Carga", slug="bench")
    user = get_user_model().objects.create_user(username="bench", password="x")
    member = Membership.objects.create(user=user, organization=org, role="agent")
    offices = [
        Office.objects.create(organization=org, code=f"{100 * i}", name=f"Dependencia {i}")
        for i in range(1, 9)
    ]
    _load(org, list(RequestType.objects.filter(organization=org)), offices)
    return member


def _load(org, types, offices) -> None:
    rng = np.random.default_rng(7)
    now = np.datetime64("now", "s").astype(np.int64)
    received = (now - rng.integers(0, 120 * DAY, REQUESTS)).astype("datetime64[s]")
    kinds = rng.integers(0, len(types), REQUESTS)
    terms = np.array([t.term_days for t in types])[kinds]
    due = deadlines.deadlines(received, terms)
    states = rng.choice(["filed", "filed", "filed", "answered", "closed"], REQUESTS)
    batch = []
    for i in range(REQUESTS):
        when = received[i].item().replace(tzinfo=dt.UTC)
        day = due[i].item()
        batch.append(
            Request(
                organization=org,
                radicado=f"2026{i:09d}",
                year=2026,
                consecutive=i + 1,
                type=types[kinds[i]],
                office=offices[i % len(offices)],
                text="Solicitud de carga",
                received_at=when,
                receipt_day=when.date(),
                term_days=int(terms[i]),
                original_due_date=day,
                due_date=day,
                max_due_date=day,
                state=states[i],
                tracking_code_hash="x",
            )
        )
        if len(batch) == 5000:
            Request.objects.bulk_create(batch)
            batch = []
    Request.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def bench_queue(member: Membership) -> None:
    client = Client()
    client.force_login(member.user)
    base = f"/o/{member.organization.slug}/pqrsd/"
    office = Office.objects.filter(organization=member.organization).first().pk
    kind = RequestType.objects.filter(organization=member.organization, code="consulta").get().pk
    pages = {
        "queue first page": base,
        "page 20": base + "?page=20",
        "filter office": base + f"?office={office}",
        "filter type + office": base + f"?type={kind}&office={office}",
        "overdue": base + "?light=overdue",
        "due soon": base + "?light=due_soon",
        "state answered": base + "?state=answered",
    }
    total = Request.objects.count()
    print(f"queue page, {total:,} requests, DEBUG off, {REPEAT} runs each (ms)")
    # Wall time, and the CPU time of this process: on a shared, loaded machine the wall
    # time also counts waiting for a core, the CPU time only the server's own work.
    print(f"  {'page':24} {'median':>8} {'p95':>8}   {'CPU median':>10} {'CPU p95':>8}")
    for name, url in pages.items():
        assert client.get(url, secure=True).status_code == 200
        wall, cpu = [], []
        for _ in range(REPEAT):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url, secure=True)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"  {name:24} {sorted(wall)[len(wall) // 2]:8.1f} {p95(wall):8.1f}   "
            f"{sorted(cpu)[len(cpu) // 2]:10.1f} {p95(cpu):8.1f}"
        )
    print("  target: p95 < 100 ms")


def main() -> None:
    bench_deadlines()
    member = build()
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    # DEBUG is off; only the static manifest (made by collectstatic at deploy) is replaced.
    with override_settings(STORAGES={**storages, "staticfiles": static}):
        bench_queue(member)


if __name__ == "__main__":
    main()
