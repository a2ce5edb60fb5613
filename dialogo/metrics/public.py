"""The public transparency figures: monthly, anonymised, small counts suppressed.

Nothing here names anyone: no names, handles, ids or citizen text reach the output, only
counts, shares and times per month, the public objectives and the moderation record by
clause (Ley 1581 de 2012). A count below `METRICS_PUBLIC_MIN_COUNT` (default 5) is
suppressed, and so is any share or time computed from fewer cases, so nobody can be singled
out. The same dict feeds the page, the JSON and the CSV (schema: docs/open-data.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Sum

from dialogo.core.models import Organization
from dialogo.core.services import calendar_for
from dialogo.metrics import facts, legal, objectives
from dialogo.metrics.models import ConversationFact, DailyMarginal, Objective
from dialogo.metrics.periods import today
from dialogo.metrics.queries import MODERATION_DONE, _fetch
from dialogo.moderation.models import ModerationAction

SCHEMA_VERSION = 1
MONTHS = 12
CACHE_SECONDS = 600
MONTH_FIELDS = (
    "month",
    "messages_received",
    "needed_answer",
    "answered",
    "response_rate_pct",
    "first_responses",
    "first_response_median_business_h",
    "first_response_p90_business_h",
    "first_response_median_calendar_h",
    "within_target_pct",
    "replies",
    "broadcasts",
    "dialogue_share_pct",
)


def threshold() -> int:
    return int(getattr(settings, "METRICS_PUBLIC_MIN_COUNT", 5))


def _count(n: int) -> int | None:
    return n if n >= threshold() else None


def _pct(part: int, whole: int) -> float | None:
    if whole < threshold():
        return None
    return round(100 * part / whole, 1)


def _h(values: list[int], fraction: float) -> float | None:
    if len(values) < threshold():
        return None
    value = facts.nearest_rank(sorted(values), fraction)
    return None if value is None else round(value / 3600, 1)


def first_month(on: dt.date) -> dt.date:
    month = on.replace(day=1)
    for _ in range(MONTHS - 1):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def monthly(org: Organization, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    names = (
        "inbound",
        "needs_answer",
        "answered",
        "first_responses",
        "fr_in_target",
        "replies",
        "broadcasts",
    )
    sums: dict[dt.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    rows = DailyMarginal.objects.filter(organization=org, day__gte=start, day__lte=end, dim="")
    for row in rows.values("day").annotate(**{n: Sum(n) for n in names}):
        month = sums[row["day"].replace(day=1)]
        for n in names:
            month[n] += row[n] or 0
    times: dict[dt.date, list[tuple[int, int]]] = defaultdict(list)
    # Read through the covering index as plain tuples: a year holds ~100,000 of them.
    sql = (
        f"SELECT first_response_day, fr_business, fr_calendar FROM "
        f"{ConversationFact._meta.db_table} WHERE organization_id = %s "
        "AND first_response_day >= %s AND first_response_day <= %s"
    )
    for day, business, calendar in _fetch(sql, [org.pk, start.isoformat(), end.isoformat()]):
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        times[day.replace(day=1)].append((business, calendar))
    out = []
    for month in sorted(set(sums) | set(times)):
        s, t = sums[month], times[month]
        out.append(
            {
                "month": month.isoformat()[:7],
                "messages_received": _count(s["inbound"]),
                "needed_answer": _count(s["needs_answer"]),
                "answered": _count(s["answered"]),
                "response_rate_pct": _pct(s["answered"], s["needs_answer"]),
                "first_responses": _count(s["first_responses"]),
                "first_response_median_business_h": _h([b for b, _c in t], 0.5),
                "first_response_p90_business_h": _h([b for b, _c in t], 0.9),
                "first_response_median_calendar_h": _h([c for _b, c in t], 0.5),
                "within_target_pct": _pct(s["fr_in_target"], s["first_responses"]),
                "replies": _count(s["replies"]),
                "broadcasts": _count(s["broadcasts"]),
                "dialogue_share_pct": _pct(s["replies"], s["replies"] + s["broadcasts"]),
            }
        )
    return out


def moderation(org: Organization, start: dt.date) -> list[dict[str, Any]]:
    """Acts carried out or recorded per clause since `start` (clause texts are public)."""
    rows = (
        ModerationAction.objects.filter(
            organization=org, status__in=MODERATION_DONE, created_at__date__gte=start
        )
        .values("clause__code", "clause__title", "action")
        .annotate(n=Count("pk"))
        .order_by("clause__code", "action")
    )
    return [
        {
            "clause": r["clause__code"],
            "title": r["clause__title"],
            "action": r["action"],
            "acts": _count(r["n"]),
        }
        for r in rows
    ]


def public_objectives(org: Organization, on: dt.date) -> list[dict[str, Any]]:
    out = []
    for objective in Objective.objects.filter(organization=org, is_public=True):
        progress = objectives.evaluate(org, objective, on)
        out.append(
            {
                "metric": objective.metric,
                "description": str(objective.get_metric_display()),
                "target": objective.target,
                "within_business_hours": objective.within_hours,
                "start": objective.start.isoformat(),
                "end": objective.end.isoformat(),
                "value_so_far": progress.value,
                "on_track": progress.on_track,
            }
        )
    return out


def legal_reports(org: Organization, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    provider = legal.source()
    if provider is None:
        return None
    rows = list(provider.rows(org, start, end))
    calendar = calendar_for(org)
    info = legal.information_report(rows, calendar)
    for month in info:  # each time is public, but a month with few requests is suppressed
        if month["received"] < threshold():
            month.update(days_to_answer=None, mean_days=None)
        for name in ("received", "transferred", "denied", "answered"):
            month[name] = _count(month[name])
    pqrsd = legal.pqrsd_report(rows, calendar)
    for cell in pqrsd:
        small = cell["received"] < threshold()
        for name in ("received", "answered", "transferred", "denied", "pending"):
            cell[name] = _count(cell[name])
        if small:
            cell["mean_days"] = None
    return {"information_requests": info, "pqrsd": pqrsd}


def data(org: Organization) -> dict[str, Any]:
    """Everything the public page shows, cached for ten minutes per organization and day."""
    on = today()
    key = f"metrics.public.{org.pk}.{on.isoformat()}.{threshold()}"
    found = cache.get(key)
    if found is None:
        start = first_month(on)
        found = {
            "schema_version": SCHEMA_VERSION,
            "organization": org.name,
            "generated_on": on.isoformat(),
            "period": {"start": start.isoformat(), "end": on.isoformat()},
            "suppression_threshold": threshold(),
            "first_response_target_business_h": org.first_response_target_hours,
            "months": monthly(org, start, on),
            "objectives": public_objectives(org, on),
            "moderation_by_clause": moderation(org, start),
            "legal_reports": legal_reports(org, start, on),
        }
        cache.set(key, found, CACHE_SECONDS)
    return found
