"""The legal reports on requests, built from PQRSD rows handed in through a small interface.

* Decreto 1081 de 2015, art. 2.1.1.6.2 (requests for public information): per month, how
  many were received, how many were transferred to another institution, the time taken to
  answer each one, and how many were denied.
* Resolución 1519 de 2020, Anexo 2 (the transparency menu's PQRSD report): per month and
  type, how many were received, answered, transferred, denied and still pending, and the
  days taken to answer.

Plain Python: the PQRSD app provides rows through `RequestSource` (the setting
`METRICS_PQRSD_SOURCE` names it, "module:attribute"); until it exists the reports say so.
Days are business days with Colombian holidays, as the legal clock counts them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from dialogo.core.business_time import WorkCalendar

INFORMATION = "informacion"  # the PQRSD type of a request for public information


@dataclass(frozen=True)
class RequestRow:
    """One filed request, with nothing that identifies the citizen."""

    kind: str  # peticion, queja, reclamo, sugerencia, denuncia, informacion, consulta, …
    received_on: dt.date
    answered_on: dt.date | None = None
    transferred: bool = False  # sent to the competent institution
    denied: bool = False  # access refused (information requests)


class RequestSource(Protocol):
    def rows(self, organization: Any, start: dt.date, end: dt.date) -> Iterable[RequestRow]:
        """The organization's requests received from `start` to `end` (both included)."""


def source() -> RequestSource | None:
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "METRICS_PQRSD_SOURCE", "")
    if not path:
        return None
    try:
        return import_string(path.replace(":", "."))
    except ImportError:
        return None


def business_days(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (a same-day answer is 0)."""
    days, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        days += calendar.is_working_day(current)
    return days


class _DayCounter:
    """`business_days` memoised per (receipt, answer) pair: a year of requests has a few
    thousand distinct pairs however many requests there are."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar, self.known = calendar, {}

    def __call__(self, start: dt.date, end: dt.date) -> int:
        key = (start, end)
        if key not in self.known:
            self.known[key] = business_days(self.calendar, start, end)
        return self.known[key]


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def information_report(rows: Iterable[RequestRow], calendar: WorkCalendar) -> list[dict]:
    """Decreto 1081 de 2015, art. 2.1.1.6.2, one dict per month (oldest first)."""
    days_between = _DayCounter(calendar)
    months: dict[dt.date, dict[str, Any]] = defaultdict(
        lambda: {"received": 0, "transferred": 0, "denied": 0, "days_to_answer": []}
    )
    for row in rows:
        if row.kind != INFORMATION:
            continue
        m = months[_month(row.received_on)]
        m["received"] += 1
        m["transferred"] += row.transferred
        m["denied"] += row.denied
        if row.answered_on is not None:
            m["days_to_answer"].append(days_between(row.received_on, row.answered_on))
    return [{"month": k.isoformat()[:7], **_with_summary(v)} for k, v in sorted(months.items())]


def _with_summary(month: dict[str, Any]) -> dict[str, Any]:
    days = sorted(month["days_to_answer"])
    return {
        **month,
        "days_to_answer": days,
        "answered": len(days),
        "mean_days": round(statistics.fmean(days), 1) if days else None,
    }


def pqrsd_report(rows: Iterable[RequestRow], calendar: WorkCalendar) -> list[dict]:
    """Resolución 1519 de 2020, Anexo 2: one dict per month and type."""
    days_between = _DayCounter(calendar)
    cells: dict[tuple[dt.date, str], dict[str, Any]] = defaultdict(
        lambda: {"received": 0, "answered": 0, "transferred": 0, "denied": 0, "days": []}
    )
    for row in rows:
        cell = cells[(_month(row.received_on), row.kind)]
        cell["received"] += 1
        cell["transferred"] += row.transferred
        cell["denied"] += row.denied
        if row.answered_on is not None:
            cell["answered"] += 1
            cell["days"].append(days_between(row.received_on, row.answered_on))
    out = []
    for (month, kind), cell in sorted(cells.items()):
        days = cell.pop("days")
        out.append(
            {
                "month": month.isoformat()[:7],
                "type": kind,
                **cell,
                "pending": cell["received"] - cell["answered"] - cell["transferred"],
                "mean_days": round(statistics.fmean(days), 1) if days else None,
            }
        )
    return out
