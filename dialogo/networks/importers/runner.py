"""Running an archive import: stream the file, store it in batches, record the job's progress.

The command (`manage.py import_archive`) and the background task (`import_tasks.run_import`)
both call `run_job`. Each batch is stored and the job's position advanced in the same
transaction, so after any interruption (Ctrl+C, `kill -9`, a crash) the job says exactly
how many records are stored; a re-run skips those without touching the database, and
de-duplication by network id makes even a lost position harmless.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogo.inbox.bulk import BatchResult, ingest_batch
from dialogo.networks.importers import detect, open_archive, parse
from dialogo.networks.importers.records import Account, ArchiveError, Record, Skipped
from dialogo.networks.models import Channel, ImportJob, ImportStatus

DEFAULT_BATCH = 2000
MAX_REJECTIONS = 20  # reasons kept on the job; the count is always complete
UNFINISHED = [ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.FAILED]


@dataclass
class Progress:
    """What a progress display needs after each batch."""

    job: ImportJob
    records: int  # records handled in this run (not counting skipped ones)
    seconds: float  # since this run started


def account_for(channel: Channel) -> Account:
    """The institution's account on the channel's network, from the channel's settings."""
    settings = channel.settings or {}
    return Account(
        external_id=str(settings.get("account_id") or ""),
        handle=channel.handle,
        name=str(settings.get("account_name") or channel.name),
    )


def start_job(
    *,
    channel: Channel,
    path: str,
    archive_format: str = "auto",
    user: Any = None,
    original_name: str = "",
) -> tuple[ImportJob, bool]:
    """The job to run for this file: an unfinished one for the same file and format (to
    resume), or a new one. Raises ArchiveError for a file that cannot be imported."""
    full = str(Path(path).resolve())
    archive = open_archive(full)
    try:
        fmt = detect(archive) if archive_format in ("", "auto") else archive_format
        parse(archive, fmt, account_for(channel))  # validates the header; nothing is read yet
        size = archive.total
    finally:
        archive.close()
    previous = (
        ImportJob.objects.filter(
            channel=channel,
            file_path=full,
            total_bytes=size,
            archive_format=fmt,
            status__in=UNFINISHED,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous:
        return previous, True
    job = ImportJob.objects.create(
        organization=channel.organization,
        channel=channel,
        created_by=user,
        file_path=full,
        original_name=original_name or Path(full).name,
        archive_format=fmt,
        total_bytes=size,
    )
    return job, False


def run_job(
    job: ImportJob,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[Progress], None] | None = None,
) -> ImportJob:
    """Import the job's file from its stored position to the end; marks it done or failed."""
    channel = Channel.objects.select_related("organization").get(pk=job.channel_id)
    _set_status(job, ImportStatus.RUNNING, error="")
    try:
        archive = open_archive(job.file_path)
    except ArchiveError as exc:
        _set_status(job, ImportStatus.FAILED, error=str(exc))
        raise
    _tune_connection()
    started = time.monotonic()
    handled = 0
    records = None
    cache: dict[Any, Any] = {}  # what listeners keep from batch to batch (bulk.ingest_batch)
    restore_gc = _relax_gc()
    try:
        fmt = job.archive_format or detect(archive)
        records = iter(parse(archive, fmt, account_for(channel), skip=job.position))
        for batch in _batches(records, batch_size):
            _store(job, channel, batch, archive.tell(), cache)
            handled += len(batch)
            if on_progress:
                on_progress(Progress(job, handled, time.monotonic() - started))
    except ArchiveError as exc:
        _set_status(job, ImportStatus.FAILED, error=str(exc))
        raise
    except BaseException as exc:  # Ctrl+C included: the job stays resumable
        _set_status(
            job, ImportStatus.FAILED, error=_("Interrupted: %(error)s") % {"error": repr(exc)[:500]}
        )
        raise
    finally:
        restore_gc()
        close = getattr(records, "close", None)
        if close:
            close()  # finish the parser before its file is closed
        archive.close()
    empty = _nothing_found(job, fmt)
    if empty:
        _set_status(job, ImportStatus.FAILED, error=empty)
        raise ArchiveError(empty)
    job.processed_bytes = job.total_bytes
    job.finished_at = timezone.now()
    _set_status(job, ImportStatus.DONE, error="")
    return job


def _nothing_found(job: ImportJob, fmt: str) -> str:
    """Why a finished import must not count as done, or "": a file that is not empty but
    gave no record at all (its messages are somewhere this reader did not look), or whose
    every record was rejected. Skipped items (boosts, retweets) were read, so they count."""
    if job.new_count or job.duplicate_count or job.skipped_count:
        return ""
    if not job.position:
        return _(
            "No messages were found in %(file)s although it is not empty: it does not hold "
            "the %(format)s format's messages where expected (docs/archive-formats.md). "
            "Nothing was imported."
        ) % {"file": job.original_name, "format": job.archive_format or fmt}
    first = job.rejections[0] if job.rejections else {}
    return _(
        "Nothing could be imported from %(file)s: all %(count)s records were rejected "
        "(first: %(where)s: %(reason)s)."
    ) % {
        "file": job.original_name,
        "count": f"{job.rejected_count:,}",
        "where": first.get("where", ""),
        "reason": first.get("reason", ""),
    }


def _store(
    job: ImportJob, channel: Channel, batch: list[Record], at_byte: int, cache: dict[Any, Any]
) -> BatchResult:
    """One batch and the job's new position, committed together."""
    skipped = [r for r in batch if type(r) is Skipped]
    with transaction.atomic():
        result = ingest_batch(
            channel=channel,
            records=[r for r in batch if type(r) is not Skipped] if skipped else batch,
            cache=cache,
        )
        job.position += len(batch)
        job.processed_bytes = at_byte
        job.new_count += result.new
        job.duplicate_count += result.duplicate
        job.rejected_count += result.rejected
        job.skipped_count += len(skipped)
        room = MAX_REJECTIONS - len(job.rejections)
        if room > 0 and result.rejections:
            job.rejections = job.rejections + [r.as_dict() for r in result.rejections[:room]]
        ImportJob.objects.filter(pk=job.pk).update(
            position=job.position,
            processed_bytes=job.processed_bytes,
            new_count=job.new_count,
            duplicate_count=job.duplicate_count,
            rejected_count=job.rejected_count,
            skipped_count=job.skipped_count,
            rejections=job.rejections,
        )
    connection.queries_log.clear()  # DEBUG=1 keeps every query: flat memory over 1M rows
    return result


def _relax_gc() -> Callable[[], None]:
    """Collect cycles less often while importing; returns the function that restores it.

    An import allocates millions of short-lived objects that hold no cycles, and each
    collection walks every object the process holds (Django, the triage vocabularies):
    measured, the default thresholds cost about a tenth of the import's time. What exists
    before the import is frozen out of collections, and the youngest generation is
    collected every 50,000 allocations instead of 700.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)

    def restore() -> None:
        gc.set_threshold(*before)
        gc.unfreeze()

    return restore


def _tune_connection() -> None:
    """A larger page cache for this connection only (SQLite's default is 2 MB): the import
    touches the message and conversation indexes all over. Durability settings are kept."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")  # 64 MB


def _set_status(job: ImportJob, status: str, *, error: str) -> None:
    job.status = status
    job.error = error
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, error=error, processed_bytes=job.processed_bytes, finished_at=job.finished_at
    )


def _batches(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    records = iter(records)
    while batch := list(itertools.islice(records, size)):
        yield batch
