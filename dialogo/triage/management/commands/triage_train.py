"""`manage.py triage_train`: train and store a triage model.

Contract (scripts depend on it):
  triage_train --head {type,sentiment,offensive} --data FILE.jsonl --field text --label label [--name NAME]
trains a model for that head from any JSON Lines file and stores it. Without --data and with
--organization, retrains that organization's models from the shipped corpus plus its staff's
corrections (and its topic model from its conversations).
"""

from __future__ import annotations

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dialogo.core.models import Organization
from dialogo.triage import services
from dialogo.triage.labels import Head
from dialogo.triage.management.files import file_stem, read_labelled, require_database
from dialogo.triage.ml.default import HEADS, params_for_file

RARE = 5  # a label with fewer examples than this is reported


class Command(BaseCommand):
    help = "Train a triage model from a JSON Lines file, or retrain an organization's models."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--head", choices=[Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE])
        parser.add_argument("--data", help="JSON Lines file, one labelled message per line")
        parser.add_argument("--field", default="text", help="the text's key (default: text)")
        parser.add_argument("--label", default="label", help="the label's key (default: label)")
        parser.add_argument("--name", help="model name (default: HEAD-FILE)")
        parser.add_argument("--map", default="", help="rename labels: 'a=b,c=d'")
        parser.add_argument("--organization", help="organization slug: its own model")
        parser.add_argument("--no-measure", action="store_true", help="skip cross-validation")

    def handle(self, *args, **opts) -> None:
        require_database()
        organization = self._organization(opts["organization"])
        if not opts["data"]:
            if organization is None:
                raise CommandError(
                    "give --data FILE (with --head), or --organization to retrain its models"
                )
            self._retrain(organization, measure=not opts["no_measure"])
            return
        if not opts["head"]:
            raise CommandError("--head is required with --data")
        self._train_file(opts, organization)

    def _organization(self, slug: str | None) -> Organization | None:
        if not slug:
            return None
        try:
            return Organization.objects.get(slug=slug)
        except Organization.DoesNotExist as exc:
            raise CommandError(f"no organization {slug!r}") from exc

    def _train_file(self, opts: dict, organization: Organization | None) -> None:
        path, data = read_labelled(opts["data"], opts["field"], opts["label"], opts["map"])
        self.stderr.write(
            f"read {len(data):,} examples from {path} ({data.skipped:,} lines skipped)"
        )
        rare = {k: v for k, v in Counter(data.labels).items() if v < RARE}
        if rare and len(rare) < len(set(data.labels)):
            listed = ", ".join(f"{label!r} ({count})" for label, count in sorted(rare.items()))
            self.stderr.write(
                f"labels with fewer than {RARE} examples (kept; too few to learn): {listed}"
            )
        head = opts["head"]
        name = opts["name"] or f"{head}-{file_stem(path)}"
        started = time.monotonic()
        try:
            row = services.train_model(
                organization=organization,
                head=head,
                texts=data.texts,
                labels=data.labels,
                name=name,
                source=str(path.name),
                params=params_for_file(len(data.texts)),
                measure=not opts["no_measure"],
            )
        except ValueError as exc:
            raise CommandError(f"cannot train: {exc}") from exc
        shipped = set(HEADS[head][1])
        if organization is not None and not set(row.labels) <= shipped:
            # A model with foreign labels is kept for evaluation but never labels the inbox.
            type(row).objects.filter(pk=row.pk).update(is_active=False)
            self.stderr.write("its labels are not the shipped ones: stored, not used for the inbox")
        self.stdout.write(
            f"stored model {row.name} v{row.version} ({len(row.labels)} labels, {row.trained_on:,} examples) "
            f"in {time.monotonic() - started:.1f} s"
        )
        if row.metrics:
            unscored = ", ".join(repr(label) for label in row.metrics.get("unscored", []))
            self.stdout.write(
                f"cross-validated accuracy {row.metrics['accuracy']:.3f}, macro-F1 {row.metrics['macro_f1']:.3f}"
                + (f" (left out of the score, too few examples: {unscored})" if unscored else "")
            )

    def _retrain(self, organization: Organization, measure: bool) -> None:
        rows = services.retrain_organization(organization=organization, measure=measure)
        if not rows:
            self.stdout.write(
                "nothing to retrain: no corrections and too few topic-labelled conversations"
            )
        for row in rows:
            quality = f", macro-F1 {row.metrics['macro_f1']:.3f}" if row.metrics else ""
            self.stdout.write(
                f"{row.head}: {row.name} v{row.version} ({row.trained_on:,} examples{quality})"
            )
