"""Two (or more) workers filing at once on PostgreSQL: no gap, no duplicate radicado."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from dialogo.pqrsd.models import Request

from .conftest import file

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_have_no_gap_and_no_duplicate(org):
    workers, each = 6, 5
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def work() -> None:
        try:
            start.wait()
            for _ in range(each):
                file(org)
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Request.objects.filter(organization=org).values_list("consecutive", flat=True))
    assert numbers == list(range(1, workers * each + 1))
    radicados = Request.objects.values_list("radicado", flat=True)
    assert len(set(radicados)) == workers * each
