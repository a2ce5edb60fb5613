"""Rate limits and login throttling on database rows, atomic on SQLite and PostgreSQL.

`consume` lets at most `limit` hits through per window: the row is created if missing, then
one conditional ``UPDATE … SET count = count + 1 WHERE count < limit`` decides, and the row
count it returns is the answer — no read-then-write that two processes could interleave.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dialogo.core.models import RateCounter


def _fresh_row(key: str, now: dt.datetime, window: dt.timedelta) -> None:
    """Make sure `key` has a counter whose window is still open."""
    RateCounter.objects.filter(key=key, window_ends_at__lte=now).delete()
    try:
        with transaction.atomic():
            _row, created = RateCounter.objects.get_or_create(
                key=key, defaults={"window_ends_at": now + window}
            )
    except IntegrityError:
        return  # another process created it at the same moment: that row is the one
    if created:  # a new key now and then: forget the windows closed for a day (indexed)
        RateCounter.objects.filter(window_ends_at__lt=now - dt.timedelta(days=1)).delete()


def consume(key: str, *, limit: int, window: dt.timedelta) -> bool:
    """Count one hit on `key`; True when it is within `limit` hits in the current window."""
    now = timezone.now()
    with transaction.atomic():
        _fresh_row(key, now, window)
        passed = RateCounter.objects.filter(key=key, count__lt=limit).update(count=F("count") + 1)
    return passed == 1


def blocked_for(keys: list[str]) -> int:
    """Seconds until every one of `keys` may try again (0: none is blocked)."""
    now = timezone.now()
    until = (
        RateCounter.objects.filter(key__in=keys, blocked_until__gt=now)
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )
    return int((until - now).total_seconds()) + 1 if until else 0


def record_failure(
    key: str, *, limit: int, window: dt.timedelta, lockout: dt.timedelta, cap: dt.timedelta
) -> int:
    """Count a failure on `key`; from the `limit`-th failure in the window on, block it for
    `lockout`, doubled with each further failure, at most `cap`. Returns the count."""
    now = timezone.now()
    with transaction.atomic():
        _fresh_row(key, now, window)
        RateCounter.objects.filter(key=key).update(
            count=F("count") + 1, window_ends_at=now + window
        )
        row = RateCounter.objects.get(key=key)
        if row.count >= limit:
            extra = min(row.count - limit, 20)  # 2**20 lockouts is far past any cap
            row.blocked_until = now + min(cap, lockout * 2**extra)
            row.save(update_fields=["blocked_until"])
    return row.count


def clear(key: str) -> None:
    RateCounter.objects.filter(key=key).delete()
