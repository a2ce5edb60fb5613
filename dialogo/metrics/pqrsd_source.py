"""The rows the legal reports on requests are built from (`dialogo.metrics.legal`).

`SOURCE` is the default `METRICS_PQRSD_SOURCE`: the organization's filed requests (voided
radicados left out) received in a period, one row each, with nothing that identifies the
citizen: the type code, the day it counts as received (the legal clock's day), the day
answered (Bogotá), whether it was transferred to the competent entity (art. 21) and whether
the answer denied it. One query.

It lives in metrics because the layers put metrics above pqrsd (pqrsd may not import
`dialogo.metrics.legal`); the setting still names it, so another source can replace it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dialogo.core.business_time import BOGOTA
from dialogo.core.models import Organization
from dialogo.metrics.legal import RequestRow
from dialogo.pqrsd.models import Request, RequestState


class PqrsdSource:
    def rows(
        self, organization: Organization, start: dt.date, end: dt.date
    ) -> Iterator[RequestRow]:
        found = (
            Request.objects.filter(
                organization=organization, receipt_day__gte=start, receipt_day__lte=end
            )
            .exclude(state=RequestState.VOID)
            .values_list("type__code", "receipt_day", "answered_at", "transferred_to", "denied")
            .order_by("receipt_day", "id")
        )
        for code, received, answered_at, transferred_to, denied in found.iterator():
            yield RequestRow(
                kind=code,
                received_on=received,
                answered_on=answered_at.astimezone(BOGOTA).date() if answered_at else None,
                transferred=bool(transferred_to),
                denied=denied,
            )


SOURCE = PqrsdSource()
