"""Where an objective stands: its value so far, its trend by week, and whether the recent
pace (the last 28 days) carried to the end of its period reaches the target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dialogo.core.models import Organization
from dialogo.metrics import facts
from dialogo.metrics import queries as q
from dialogo.metrics.models import Objective, ObjectiveMetric
from dialogo.metrics.periods import Filters, Period

RECENT_DAYS = 28
_NONE = Filters()


@dataclass
class Progress:
    objective: Objective
    value: float | None  # so far
    projected: float | None  # at the end of the period, at the recent pace
    met: bool | None  # the value so far reaches the target
    on_track: bool | None  # the projection reaches it
    trend: list[tuple[dt.date, float | None]] = field(default_factory=list)
    started: bool = True

    @property
    def unit(self) -> str:
        metric = self.objective.metric
        if metric == ObjectiveMetric.MEDIAN_FIRST_RESPONSE:
            return "hours"
        return "count" if metric == ObjectiveMetric.ANSWERED_COUNT else "percent"

    @property
    def lower_is_better(self) -> bool:
        return self.objective.metric == ObjectiveMetric.MEDIAN_FIRST_RESPONSE


def parts(org: Organization, objective: Objective, period: Period) -> tuple[float, float]:
    """(numerator, denominator) of a ratio objective, or (count, 1)."""
    total = q.grouped(org, period, _NONE).total
    metric = objective.metric
    if metric == ObjectiveMetric.RESPONSE_RATE:
        return total["answered"], total["needs_answer"]
    if metric == ObjectiveMetric.DIALOGUE_SHARE:
        return total["replies"], total["replies"] + total["broadcasts"]
    if metric == ObjectiveMetric.ANSWERED_COUNT:
        return total["answered"], 1
    limit = (objective.within_hours or org.first_response_target_hours) * 3600
    values = [b for b, _c, _m in q.first_response_values(org, period, _NONE)]
    return sum(1 for v in values if v <= limit), len(values)


def value(org: Organization, objective: Objective, period: Period) -> float | None:
    if objective.metric == ObjectiveMetric.MEDIAN_FIRST_RESPONSE:
        values = sorted(b for b, _c, _m in q.first_response_values(org, period, _NONE))
        median = facts.nearest_rank(values, 0.5)
        return None if median is None else round(median / 3600, 2)
    num, den = parts(org, objective, period)
    if objective.metric == ObjectiveMetric.ANSWERED_COUNT:
        return num
    return q.share(int(num), int(den))


def _reaches(objective: Objective, number: float | None) -> bool | None:
    if number is None:
        return None
    if objective.metric == ObjectiveMetric.MEDIAN_FIRST_RESPONSE:
        return number <= objective.target
    return number >= objective.target


def _projected(org, objective: Objective, so_far: Period, today: dt.date) -> float | None:
    remaining = max(0, (objective.end - today).days)
    recent = Period(max(objective.start, today - dt.timedelta(days=RECENT_DAYS - 1)), today)
    if objective.metric == ObjectiveMetric.MEDIAN_FIRST_RESPONSE:
        return value(org, objective, recent)
    num, den = parts(org, objective, so_far)
    r_num, r_den = parts(org, objective, recent)
    num += r_num / recent.days * remaining
    if objective.metric == ObjectiveMetric.ANSWERED_COUNT:
        return round(num)
    den += r_den / recent.days * remaining
    return round(100 * num / den, 1) if den else None


def evaluate(org: Organization, objective: Objective, today: dt.date) -> Progress:
    if today < objective.start:
        return Progress(objective, None, None, None, None, started=False)
    so_far = Period(objective.start, min(objective.end, today))
    current = value(org, objective, so_far)
    projected = current if today >= objective.end else _projected(org, objective, so_far, today)
    trend = []
    week = objective.start
    while week <= so_far.end:
        end = min(week + dt.timedelta(days=6), so_far.end)
        trend.append((week, value(org, objective, Period(week, end))))
        week = end + dt.timedelta(days=1)
    return Progress(
        objective,
        current,
        projected,
        _reaches(objective, current),
        _reaches(objective, projected),
        trend[-26:],
    )
