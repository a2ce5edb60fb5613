"""History import speed (SQLite): a JSON Lines archive through `manage.py import_archive`.

Generates (once, then reuses) an archive of BENCH_IMPORT_MESSAGES messages (default
1,000,000: conversations of one to four messages between fictional citizens and a fictional
institution, spread over two years) under var/bench/, imports it into a fresh SQLite
database through the same code path as the command, and prints messages/s and peak memory.
As the baseline, in the same run, the same rows are read from the same file and inserted
with bare `sqlite3.executemany` into a copy of the message table (same columns and indexes).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MESSAGES = int(os.environ.get("BENCH_IMPORT_MESSAGES", "1000000"))
BATCH = int(os.environ.get("BENCH_IMPORT_BATCH", "2000"))
BENCH_DIR = ROOT / "var" / "bench"
ARCHIVE = BENCH_DIR / f"import-archive-{MESSAGES}.jsonl"
DATA_DIR = BENCH_DIR / f"import-db-{MESSAGES}"
os.environ["DATA_DIR"] = str(DATA_DIR)
os.environ["DEBUG"] = "0"  # production settings: no query log
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
os.environ.pop("DATABASE_URL", None)

OPENINGS = [
    "Buenos días, quisiera saber",
    "Hola, ¿me pueden ayudar?",
    "Buenas tardes, les escribo porque",
    "Señores de la Secretaría:",
    "Una consulta:",
]
TOPICS = [
    "cómo renovar la licencia de conducción",
    "por qué me llegó un comparendo de un carro que ya vendí",
    "cuándo arreglan el semáforo de la carrera 7 con calle 45",
    "si la ruta del bus a la vereda El Carmen sigue suspendida",
    "dónde se paga la revisión técnico-mecánica",
    "qué documentos piden para el traspaso de una moto",
    "si el pico y placa aplica el sábado",
    "cuándo abren citas para el pase de conducción",
]
CLOSINGS = [
    "Gracias.",
    "Quedo atento.",
    "Muchas gracias por su atención.",
    "Es urgente, por favor.",
    "",
]
REPLIES = [
    "Hola, con gusto le ayudamos: el trámite se hace en línea en nuestra página.",
    "Gracias por escribirnos. Ya pasamos su reporte al equipo técnico.",
    "Buen día. Por favor envíenos por mensaje privado el número de la placa.",
    "Las citas se abren cada lunes a las 7 a. m.; le recomendamos estar atento.",
]
FOLLOW_UPS = [
    "Muchas gracias, ya quedó.",
    "¿Y cuánto se demora?",
    "Sigue igual, nadie ha venido.",
    "Listo, gracias.",
]
FIRST_NAMES = [
    "Marta",
    "Julián",
    "Luz Dary",
    "Hernán",
    "Camila",
    "Andrés",
    "Yolanda",
    "Diego",
    "Natalia",
    "Sandra",
]
LAST_NAMES = [
    "Restrepo",
    "Castaño",
    "Benítez",
    "Ospina",
    "Giraldo",
    "Mejía",
    "Cárdenas",
    "Salazar",
    "Arango",
    "Zapata",
]


def generate(path: Path, total: int) -> None:
    """Write the archive line by line (cheap: one json.dumps per message)."""
    rng = random.Random(20240501)
    people = max(1000, total // 8)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=730)
    step = dt.timedelta(days=730) / max(total, 1)
    tmp = path.with_suffix(".part")
    written = conv = 0
    with tmp.open("w", encoding="utf-8") as out:
        while written < total:
            conv += 1
            who = rng.randrange(people)
            at = start + step * written
            lines = _conversation(rng, conv, who, at)[: total - written]
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False))
                out.write("\n")
            written += len(lines)
    tmp.rename(path)


def _conversation(rng: random.Random, conv: int, who: int, at: dt.datetime) -> list[dict]:
    name = f"{FIRST_NAMES[who % 10]} {LAST_NAMES[(who // 10) % 10]}"
    author = {
        "author_id": f"u{who}",
        "author_handle": f"@ciudadano{who}",
        "author_name": name,
    }
    first = f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}. {rng.choice(CLOSINGS)}".strip()
    lines = [{"id": f"m{conv}-1", "created_at": at.isoformat(), "text": first, **author}]
    size = rng.choice([1, 2, 2, 3, 3, 3, 4, 4])
    if size >= 2:
        at += dt.timedelta(minutes=rng.randrange(5, 600))
        lines.append({"id": f"m{conv}-2", "created_at": at.isoformat(), "direction": "out",
                      "text": rng.choice(REPLIES), "in_reply_to": f"m{conv}-1"})  # fmt: skip
    for n in range(3, size + 1):
        at += dt.timedelta(minutes=rng.randrange(5, 600))
        lines.append({"id": f"m{conv}-{n}", "created_at": at.isoformat(), "text": rng.choice(FOLLOW_UPS),
                      "in_reply_to": f"m{conv}-{n - 1}", **author})  # fmt: skip
    return lines


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import() -> tuple[float, int, str]:
    """A fresh database, then the command itself; returns (seconds, new messages, db path)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dialogo.core.models import Organization
    from dialogo.inbox.models import Message
    from dialogo.networks.models import Channel

    call_command("migrate", verbosity=0)
    _train_default_models()
    org = Organization.objects.create(
        name="Secretaría de Movilidad de Villa Esperanza", slug="movilidad-ve"
    )
    channel = Channel.objects.create(
        organization=org, kind="x", name="X @MovilidadVE", handle="MovilidadVE"
    )
    start = time.perf_counter()
    call_command("import_archive", str(ARCHIVE), channel=str(channel.pk), batch=BATCH)
    seconds = time.perf_counter() - start
    count = Message.objects.count()
    assert count == MESSAGES, f"{count} messages stored, expected {MESSAGES}"
    db_path = str(connection.settings_dict["NAME"])
    connection.close()
    return seconds, count, db_path


def _train_default_models() -> None:
    """Store the shipped triage models first, in another process, as an installation has
    them (`make run` trains them): the import then classifies every batch with them."""
    import subprocess

    code = (
        "import django; django.setup()\n"
        "from dialogo.triage import engine\n"
        "for head in ('type', 'sentiment', 'offensive'):\n"
        "    engine.ensure_default(head)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def run_baseline(db_path: str) -> tuple[float, float]:
    """The same rows from the same file, bare executemany into a copy of the message table
    (its DDL and indexes taken from the imported database). Returns (total s, insert-only s)."""
    source = sqlite3.connect(db_path)
    ddl = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'inbox_message' AND sql IS NOT NULL")]  # fmt: skip
    source.close()
    path = DATA_DIR / "baseline.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    for sql in ddl:
        db.execute(_no_fk(sql))
    sql = (
        "INSERT INTO inbox_message (organization_id, conversation_id, channel_id, direction, author_id, "
        "network_id, in_reply_to_network_id, text, is_private, created_at, received_at, raw, links, "
        "send_status, send_error, send_attempts, waits_for_citizen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)"
    )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    start = time.perf_counter()
    inserting = 0.0
    rows: list[tuple] = []
    with ARCHIVE.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            r = json.loads(line)
            out = r.get("direction") == "out"
            rows.append((1, n // 3 + 1, 1, "out" if out else "in", 1, r["id"], r.get("in_reply_to", ""),
                         r["text"], False, r["created_at"], now, "{}", "[]", "sent" if out else "", ""))  # fmt: skip
            if len(rows) == BATCH:
                inserting += _insert(db, sql, rows)
                rows = []
    if rows:
        inserting += _insert(db, sql, rows)
    total = time.perf_counter() - start
    db.close()
    return total, inserting


def _no_fk(sql: str) -> str:
    """The table's DDL without foreign keys (the baseline table stands alone)."""
    import re

    return re.sub(
        r"\s+REFERENCES\s+\"\w+\"\s*\(\"\w+\"\)(\s+DEFERRABLE INITIALLY DEFERRED)?", "", sql
    )


def _insert(db: sqlite3.Connection, sql: str, rows: list[tuple]) -> float:
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany(sql, rows)
    db.execute("COMMIT")
    return time.perf_counter() - start


def main() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not ARCHIVE.exists():
        print(f"generating {MESSAGES:,} messages in {ARCHIVE} (once)…", flush=True)
        generate(ARCHIVE, MESSAGES)
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    size_mb = ARCHIVE.stat().st_size / 1e6
    before = peak_mb()
    seconds, count, db_path = run_import()
    import_peak = peak_mb()
    base_total, base_insert = run_baseline(db_path)
    rate = count / seconds
    print(f"archive: {ARCHIVE.name}, {size_mb:,.0f} MB, {count:,} messages, batch {BATCH}")
    print(f"import_archive:          {seconds:8.1f} s  {rate:10,.0f} messages/s   peak RSS {import_peak:,.0f} MB "
          f"(process before import: {before:,.0f} MB)")  # fmt: skip
    print(f"bare sqlite3 executemany:{base_total:8.1f} s  {count / base_total:10,.0f} messages/s "
          f"(json.loads + insert; insert alone {base_insert:.1f} s = {count / base_insert:,.0f}/s)")  # fmt: skip
    print(
        f"ratio import / bare:     {seconds / base_total:8.1f}×  (/ insert alone: {seconds / base_insert:.1f}×)"
    )
    print(
        "targets: ≥ 5,000 messages/s with triage on (as here: every inbound message is "
        "classified in its batch), ≥ 20,000 before triage; peak < 300 MB; ≤ 10× the bare insert"
    )


if __name__ == "__main__":
    main()
