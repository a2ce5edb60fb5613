"""What ``triage_train`` and ``triage_evaluate`` share: reading the labelled file, and a
clear error when the database has not been set up yet."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

from dialogo.triage.ml.data import Dataset, load_jsonl, parse_map
from dialogo.triage.models import TriageModel


def read_labelled(spec: str, field: str, label: str, map_spec: str) -> tuple[Path, Dataset]:
    """The file at ``spec`` read as labelled examples; a ``CommandError`` when it cannot be."""
    path = Path(spec)
    if not path.is_file():
        raise CommandError(f"cannot read {path}: no such file")
    try:
        mapping = parse_map(map_spec) if map_spec else None
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    try:
        data = load_jsonl(path, field=field, label=label, map=mapping)
    except (OSError, EOFError) as exc:  # unreadable, or a damaged .gz
        raise CommandError(f"cannot read {path}: {exc}") from exc
    return path, data


def file_stem(path: Path) -> str:
    """``offendes_train`` for ``offendes_train.jsonl`` and ``offendes_train.jsonl.gz``."""
    name = path.name
    for suffix in (".gz", ".jsonl", ".json", ".ndjson", ".txt"):
        name = name.removesuffix(suffix)
    return name or path.name


def require_database() -> None:
    """Stop with the fix when the database has no tables yet (a fresh checkout)."""
    if TriageModel._meta.db_table not in connection.introspection.table_names():
        raise CommandError(
            "the database is not set up yet: run `python manage.py migrate` "
            "(or `make run`, which also loads the demo) first"
        )
