"""Run in a subprocess by test_concurrency: N processes post the web form at the same moment
from one address; prints how many were accepted, limited and stored, as JSON.

Usage: concurrent_posts.py ORG_SLUG N   (database from DATA_DIR or DATABASE_URL)
"""

import json
import multiprocessing
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SLUG, N = sys.argv[1], int(sys.argv[2])
ADDRESS = "203.0.113.77"


def post(barrier, index: int, results) -> None:
    connections.close_all()  # a fresh connection per process, never one inherited
    setup_test_environment()  # the "testserver" host, e-mail kept in memory
    client = Client(raise_request_exception=False, REMOTE_ADDR=ADDRESS)
    data = {
        "name": f"Persona {index}",
        "email": f"persona{index}@example.com",
        "subject": "Consulta",
        "text": f"Mensaje número {index} para la entidad.",
        "consent": "on",
    }
    barrier.wait(timeout=60)
    try:
        results.put(client.post(f"/escribanos/{SLUG}/", data).status_code)
    except BaseException as exc:  # reported, never a silent hang of the parent
        results.put(f"{type(exc).__name__}: {exc}")


def main() -> None:
    from dialogo.inbox.signals import message_received
    from dialogo.triage.receivers import triage_new_message

    # The limit is under test, not triage: a fresh database would train its models in every
    # process (a minute each on a busy machine).
    message_received.disconnect(triage_new_message)
    connections.close_all()
    barrier = multiprocessing.Barrier(N)
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=post, args=(barrier, i, results)) for i in range(N)]
    for worker in workers:
        worker.start()
    codes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    from dialogo.inbox.models import Message

    stored = Message.objects.filter(conversation__organization__slug=SLUG).count()
    print(json.dumps({"codes": sorted(codes, key=str), "stored": stored}))


if __name__ == "__main__":
    main()
