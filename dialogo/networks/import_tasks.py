"""Background archive import for the upload page: the same code as `manage.py import_archive`."""

from __future__ import annotations

from django_tasks import task

from dialogo.networks.importers.records import ArchiveError
from dialogo.networks.importers.runner import run_job
from dialogo.networks.models import ImportJob, ImportStatus


@task()
def run_import(job_id: int) -> str:
    """Run (or resume) one ImportJob; progress and counts are stored on it after every batch.

    A wrong file ends with the job failed and its `error` set for the page to show.
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ImportStatus.DONE:
        return "gone" if job is None else job.status
    try:
        run_job(job)
    except ArchiveError:
        pass  # recorded on the job
    return job.status
