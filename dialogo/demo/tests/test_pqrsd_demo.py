"""The demo institution comes with fictional PQRSD requests at every stage."""

from __future__ import annotations

from dialogo.conftest import make_member, make_org
from dialogo.demo import pqrsd as pqrsd_demo
from dialogo.pqrsd.models import Request, RequestState


def test_demo_pqrsd_requests_are_filed_with_radicados(db):
    org = make_org("Entidad Demo", "demo-pqrsd")
    make_member(org, "agent")
    assert pqrsd_demo.load(org) == len(pqrsd_demo.REQUESTS)
    requests = Request.objects.filter(organization=org)
    assert requests.count() == len(pqrsd_demo.REQUESTS)
    assert sorted(requests.values_list("consecutive", flat=True)) == list(
        range(1, len(pqrsd_demo.REQUESTS) + 1)
    )
    states = set(requests.values_list("state", flat=True))
    assert {RequestState.FILED, RequestState.AWAITING_CITIZEN, RequestState.ANSWERED} <= states
