"""Generic fast database writes for bulk paths (imports, batch classification).

The ORM's per-object and per-parameter costs dominate at a million rows; these helpers
write plain rows with raw SQL in few statements, on SQLite and PostgreSQL alike, adapting
values the way the ORM would.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from django.db import connection, models
from django.utils import timezone

_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def blank(model: type[models.Model], **values: Any) -> SimpleNamespace:
    """A new row of `model` as a plain object with the model's attribute names and defaults:
    building ~10,000 model instances per batch cost more than storing them."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    row = SimpleNamespace(**_DEFAULTS[model])
    row.__dict__.update(values)
    row.pk = None
    return row


def create_rows(model: type[models.Model], rows: list[Any]) -> None:
    """Insert `_blank` rows with ids allocated beforehand, in multi-row INSERT statements.

    Not executemany: each statement is a savepoint, and SQLite's FTS5 (the conversation
    search index, fed by a trigger) flushes its pending terms at every savepoint, which made
    one statement per conversation four times slower. Not bulk_create: Django caps a query
    on SQLite at 999 parameters (40 conversations)."""
    if not rows:
        return
    for pk, row in zip(allocate_ids(model, len(rows)), rows, strict=True):
        row.pk = row.id = pk
    fields = list(model._meta.concrete_fields)
    q = connection.ops.quote_name
    head = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) VALUES "
    )
    one = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, min(500, MAX_PARAMS // len(fields)))
    values = row_values(rows, fields)
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def select_in(
    model: type[models.Model],
    columns: list[str],
    where: dict[str, Any],
    key: str,
    values: Iterable[Any],
) -> list[tuple[Any, ...]]:
    """SELECT columns WHERE where AND key IN (values), in chunks under the parameter limit.
    Raw SQL: the ORM prepares each of thousands of IN parameters one call at a time."""
    values = list(values)
    q = connection.ops.quote_name
    conditions = " AND ".join(f"{q(c)} = %s" for c in where)
    head = f"SELECT {', '.join(q(c) for c in columns)} FROM {q(model._meta.db_table)} WHERE {conditions} AND {q(key)} IN "
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), MAX_PARAMS):
            chunk = values[start : start + MAX_PARAMS]
            cursor.execute(head + f"({', '.join(['%s'] * len(chunk))})", [*where.values(), *chunk])
            out.extend(cursor.fetchall())
    return out


_vendor: dict[str, bool] = {}


def on_sqlite() -> bool:
    """connection.vendor, read once: each read goes through asgiref's Local (slow per row)."""
    if "sqlite" not in _vendor:
        _vendor["sqlite"] = connection.vendor == "sqlite"
    return _vendor["sqlite"]


MAX_PARAMS = 30_000  # below SQLite's 32,766 (since 3.32) and PostgreSQL's 65,535


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, reserved for this transaction.

    PostgreSQL: from the table's sequence. SQLite: after the largest id ever used (the
    AUTOINCREMENT sequence, or the table's max id), which is safe because the transaction
    holds SQLite's single write lock (taken here by a no-op write, in case the connection's
    transaction mode is not IMMEDIATE) until it commits."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        q = connection.ops.quote_name
        cursor.execute(f"DELETE FROM {q(table)} WHERE 0")  # takes the write lock, changes nothing
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max(id) FROM {q(table)}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def insert_ignoring_conflicts(
    model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (values in ``attnames`` order; datetimes and JSON as Python objects)
    into ``model``'s table with one ``executemany``; rows that clash with a unique
    constraint are skipped."""
    fields = [model._meta.get_field(name) for name in attnames]
    rows = list(rows)
    if not rows:
        return
    params = _adapted(list(zip(*rows, strict=True)), fields, now=None)
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_objects_ignoring_conflicts(model: type[models.Model], objs: list[Any]) -> None:
    """`insert_ignoring_conflicts` for `blank` rows: every field but the primary key."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, row_values(objs, fields))


def row_values(objs: list[Any], fields: list[models.Field]) -> list[tuple[Any, ...]]:
    """Column values of rows (`blank` objects or model instances), adapted like the ORM
    would but without its per-field call chain (the cost that dominated bulk_create)."""
    if not objs:
        return []
    pick = operator.itemgetter(*[f.attname for f in fields])
    columns = list(zip(*[pick(obj.__dict__) for obj in objs], strict=True))
    return _adapted(columns, fields, now=timezone.now())


def _adapted(
    columns: list[Any], fields: list[models.Field], *, now: dt.datetime | None
) -> list[tuple[Any, ...]]:
    """Rows of stored values from columns of Python values, one conversion per column of a
    list, not per field of each row. With ``now``, an unset auto_now(_add) time is ``now``."""
    # Rows of a batch often share values (the batch's time, the models used): adapt each once.
    adapted_json: dict[int, tuple[Any, str]] = {}
    for i, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            auto = now is not None and (f.auto_now_add or f.auto_now)  # type: ignore[attr-defined]
            unset = db_time_cached(now) if auto and now is not None else None
            columns[i] = [unset if v is None else db_time_cached(v) for v in columns[i]]
        elif isinstance(f, models.JSONField):
            columns[i] = [json_text(v, adapted_json) for v in columns[i]]
    return list(zip(*columns, strict=True))


def json_text(value: Any, cache: dict[int, tuple[Any, str]]) -> str:
    """A JSON field's value as stored; a dict or list shared by many rows (the models used)
    is serialised once per batch (``cache``, by identity)."""
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        kept = cache.get(id(value))
        if kept is None or kept[0] is not value:
            kept = cache[id(value)] = (value, json.dumps(value))
        return kept[1]
    return json.dumps(value)


def db_time(value: dt.datetime) -> Any:
    """A datetime as the database backend stores it (SQLite: naive UTC text)."""
    if not on_sqlite():
        return value
    if value.tzinfo is dt.UTC:  # the common case: no offset to apply, cut off "+00:00"
        return value.isoformat(" ")[:-6]
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("naive datetime")  # USE_TZ: never store one
    return (value.replace(tzinfo=None) - offset).isoformat(" ")


_db_times: dict[dt.datetime, Any] = {}  # the same instant is written by several tables


def db_time_cached(value: dt.datetime) -> Any:
    """`_db_time`, remembered: a message's time is written again as its conversation's
    activity and its classification's `message_at`. Equal instants in other zones share an
    entry (their stored text is the same)."""
    done = _db_times.get(value)
    if done is None:
        if len(_db_times) > 10_000:  # a batch needs its own: keep memory flat
            _db_times.clear()
        done = _db_times[value] = db_time(value)
    return done
