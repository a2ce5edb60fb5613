"""Reading query and form parameters that no form covers: one place, never a 500.

``str.isdigit()`` accepts "²" and "٣", which ``int()`` refuses or reads as another number, and
a 30-digit id overflows SQLite's integers; every view that reads a number, a date or free
text from a request goes through these helpers instead.
"""

from __future__ import annotations

import datetime as dt
import re

# Both databases store ids and counters in signed 64-bit integers (bigint / SQLite INTEGER).
DB_INT_MAX = 2**63 - 1
# Dates people may filter on: wide enough for any record, narrow enough that a day added or
# a time zone applied never overflows Python's datetime (years 1..9999).
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_int(value: object, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """``value`` as an int when it is only ASCII digits within [minimum, maximum], else None."""
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def int_param(params, name: str, **bounds: int) -> int | None:
    """The parameter ``name`` of a QueryDict (GET or POST) as a bounded int, or None."""
    return parse_int(params.get(name, ""), **bounds)


def text_param(params, name: str, max_length: int = 200) -> str:
    """Free text from a parameter, cut to ``max_length``, without NUL or control characters
    (PostgreSQL refuses NUL in any text value)."""
    value = params.get(name, "")
    return _CONTROL.sub("", value if isinstance(value, str) else "")[:max_length].strip()


def date_in_bounds(value: dt.date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


def moment_in_bounds(value: dt.datetime) -> bool:
    """An aware datetime that can be moved to any time zone and stored."""
    return value.tzinfo is not None and date_in_bounds(value.date())


class IdConverter:
    """``<id:pk>`` in URLs: digits that fit the databases' 64-bit ids (``<int:>`` accepts any
    length, and a 30-digit id overflows SQLite in a foreign-key lookup: a 500, not a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > DB_INT_MAX:
            raise ValueError("id out of range")  # the URL does not match: a 404
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
