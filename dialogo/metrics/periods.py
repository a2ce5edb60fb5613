"""Periods and filters read from a request's query string, never trusted.

A malformed value is reported (the page says which) and replaced by the default, so a bad
address shows a clear page instead of an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogo.core.business_time import BOGOTA
from dialogo.triage.labels import MessageType, Sentiment

MAX_DAYS = 3660  # ten years and a little: longer asks are refused, not computed

PRESETS = {
    "7d": _("Last 7 days"),
    "30d": _("Last 30 days"),
    "90d": _("Last 90 days"),
    "365d": _("Last 365 days"),
    "month": _("This month"),
    "last_month": _("Last month"),
    "quarter": _("This quarter"),
    "year": _("This year"),
    "custom": _("Custom"),
}
DEFAULT_PRESET = "30d"


@dataclass(frozen=True)
class Period:
    """Whole days in Bogotá, both ends included."""

    start: dt.date
    end: dt.date
    preset: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_utc(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(0), tzinfo=BOGOTA).astimezone(dt.UTC)

    @property
    def end_utc(self) -> dt.datetime:
        """The first moment after the period (exclusive)."""
        after = self.end + dt.timedelta(days=1)
        return dt.datetime.combine(after, dt.time(0), tzinfo=BOGOTA).astimezone(dt.UTC)

    def previous(self) -> Period:
        length = dt.timedelta(days=self.days)
        return Period(self.start - length, self.start - dt.timedelta(days=1))


def today() -> dt.date:
    return timezone.now().astimezone(BOGOTA).date()


def preset_period(name: str, on: dt.date | None = None) -> Period:
    on = on or today()
    if name.endswith("d") and name[:-1].isdigit():
        return Period(on - dt.timedelta(days=int(name[:-1]) - 1), on, name)
    if name == "month":
        return Period(on.replace(day=1), on, name)
    if name == "last_month":
        end = on.replace(day=1) - dt.timedelta(days=1)
        return Period(end.replace(day=1), end, name)
    if name == "quarter":
        return Period(on.replace(month=(on.month - 1) // 3 * 3 + 1, day=1), on, name)
    if name == "year":
        return Period(on.replace(month=1, day=1), on, name)
    raise ValueError(name)


@dataclass(frozen=True)
class Filters:
    """What the figures are narrowed to; None is "all"."""

    channel: int | None = None
    topic: int | None = None  # 0: conversations without a topic
    type: str | None = None  # "": messages not labelled yet
    member: int | None = None  # 0: nobody assigned
    sentiment: str | None = None  # only from a drill-down link

    def query(self) -> dict[str, str]:
        return {k: encode(v) for k, v in self.__dict__.items() if v is not None}


def encode(value: object) -> str:
    """A filter value in an address; "-" stands for "not labelled" (an empty label)."""
    return "-" if value == "" else str(value)


@dataclass
class Selection:
    period: Period
    filters: Filters
    errors: list[str] = field(default_factory=list)

    def query(self, **extra: str) -> str:
        params = {"period": self.period.preset}
        if self.period.preset == "custom":
            params |= {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        return urlencode(params | self.filters.query() | extra)


def _int_choice(raw: str | None, allowed: set[int], label, errors: list[str]) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value not in allowed:
        errors.append(str(_("Unknown %(what)s: the filter was left out.") % {"what": label}))
        return None
    return value


def _period(params, errors: list[str]) -> Period:
    preset = params.get("period") or DEFAULT_PRESET
    if preset not in PRESETS:
        errors.append(str(_("Unknown period: showing the last 30 days.")))
        return preset_period(DEFAULT_PRESET)
    if preset != "custom":
        return preset_period(preset)
    try:
        start = dt.date.fromisoformat(params.get("start", ""))
        end = dt.date.fromisoformat(params.get("end", ""))
    except ValueError:
        errors.append(str(_("The dates must read YYYY-MM-DD: showing the last 30 days.")))
        return preset_period(DEFAULT_PRESET)
    if end < start or (end - start).days >= MAX_DAYS or start.year < 2000 or end.year > 2100:
        errors.append(str(_("The period must end after it starts and last at most ten years.")))
        return preset_period(DEFAULT_PRESET)
    return Period(start, end, "custom")


def _label(raw: str | None) -> str | None:
    """None for no filter, "" for "not labelled yet" (written "-"), else the code."""
    if raw in (None, ""):
        return None
    return "" if raw == "-" else raw


def parse(params, *, channels: set[int], topics: set[int], members: set[int]) -> Selection:
    """The period and filters of a query string; bad parts are dropped and explained."""
    errors: list[str] = []
    period = _period(params, errors)
    kind = _label(params.get("type"))
    if kind not in (None, "") and kind not in MessageType.values:
        errors.append(str(_("Unknown type: the filter was left out.")))
        kind = None
    sentiment = _label(params.get("sentiment"))
    if sentiment not in (None, "") and sentiment not in Sentiment.values:
        errors.append(str(_("Unknown sentiment: the filter was left out.")))
        sentiment = None
    filters = Filters(
        channel=_int_choice(params.get("channel"), channels, _("channel"), errors),
        topic=_int_choice(params.get("topic"), topics | {0}, _("topic"), errors),
        type=kind,
        member=_int_choice(params.get("member"), members | {0}, _("member"), errors),
        sentiment=sentiment,
    )
    return Selection(period, filters, errors)
