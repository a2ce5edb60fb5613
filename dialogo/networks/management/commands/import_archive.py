"""`manage.py import_archive PATH --channel ID_OR_NAME`: import a network archive's history.

Streams the file (memory stays flat whatever its size), shows progress on stderr, prints
the counts, and records an ImportJob; running the same command again after an interruption
resumes where the last stored batch ended (docs/archive-formats.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogo.networks.importers import FORMATS
from dialogo.networks.importers.progress import ProgressPrinter
from dialogo.networks.importers.records import ArchiveError
from dialogo.networks.importers.runner import DEFAULT_BATCH, run_job, start_job
from dialogo.networks.models import Channel, ImportJob


class Command(BaseCommand):
    help = "Import a network archive (X, Mastodon, Facebook, JSON Lines, CSV) into a channel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive: a zip or an extracted file")
        parser.add_argument("--channel", required=True, help="channel id or name")
        parser.add_argument("--organization", help="organization slug (when names repeat)")
        parser.add_argument(
            "--format", default="auto", choices=["auto", *FORMATS], dest="archive_format"
        )
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help="records per transaction"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(
        self,
        *args,
        path: str,
        channel: str,
        organization: str | None,
        archive_format: str,
        batch: int,
        no_progress: bool,
        **options,
    ) -> None:
        if batch < 1:
            raise CommandError(_("--batch must be at least 1."))
        target = find_channel(channel, organization)
        try:
            job, resumed = start_job(channel=target, path=path, archive_format=archive_format)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        if resumed and job.position:
            self.stdout.write(
                _("Resuming an earlier import after %(n)s records.") % {"n": f"{job.position:,}"}
            )
        printer = ProgressPrinter(self.stderr._out) if not no_progress else None  # type: ignore[attr-defined]
        try:
            run_job(job, batch_size=batch, on_progress=printer)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if printer:
                printer.close()
        self.report(job)

    def report(self, job: ImportJob) -> None:
        self.stdout.write(
            _(
                "Imported %(file)s (%(format)s) into %(channel)s: %(new)s new, %(dup)s already present, %(rej)s rejected."
            )
            % {
                "file": job.original_name,
                "format": job.archive_format,
                "channel": job.channel.name,
                "new": f"{job.new_count:,}",
                "dup": f"{job.duplicate_count:,}",
                "rej": f"{job.rejected_count:,}",
            }
        )
        for item in job.rejections[:10]:
            self.stdout.write(f"  - {item.get('where', '')}: {item.get('reason', '')}")
        if job.skipped_count:
            self.stdout.write(
                ngettext(
                    "Skipped %(n)s retweet or boost of another account's post (not the "
                    "institution's own text).",
                    "Skipped %(n)s retweets or boosts of other accounts' posts (not the "
                    "institution's own text).",
                    job.skipped_count,
                )
                % {"n": f"{job.skipped_count:,}"}
            )


def find_channel(value: str, organization: str | None) -> Channel:
    """A channel by id or (case-insensitive) name, within the organization when given."""
    channels = Channel.objects.select_related("organization")
    if organization:
        channels = channels.filter(organization__slug=organization)
    match = Q(name__iexact=value) | (Q(pk=int(value)) if value.isdigit() else Q())
    found = list(channels.filter(match)[:2])
    if not found:
        raise CommandError(_("No channel %(channel)s.") % {"channel": value})
    if len(found) > 1:
        raise CommandError(
            _("Several channels are called %(channel)s: add --organization.") % {"channel": value}
        )
    return found[0]
