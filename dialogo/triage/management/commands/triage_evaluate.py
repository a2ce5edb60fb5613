"""`manage.py triage_evaluate`: accuracy, macro-F1 and the confusion matrix of a model on a file.

Contract: the last line printed is exactly `macro-F1 0.xxx`. Without --model the shipped
default model of the head is evaluated; --map renames the file's labels onto ours.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F

from dialogo.triage import engine
from dialogo.triage.labels import Head
from dialogo.triage.management.files import read_labelled, require_database
from dialogo.triage.ml.data import evaluate
from dialogo.triage.models import TriageModel


class Command(BaseCommand):
    help = "Evaluate a triage model on a labelled JSON Lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head", required=True, choices=[Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE, Head.TOPIC]
        )
        parser.add_argument("--data", required=True)
        parser.add_argument("--field", default="text")
        parser.add_argument("--label", default="label")
        parser.add_argument("--model", help="model name (default: the shipped default)")
        parser.add_argument("--map", default="", help="rename the file's labels: 'a=b,c=d'")

    def handle(self, *args, **opts) -> None:
        path, data = read_labelled(opts["data"], opts["field"], opts["label"], opts["map"])
        if not len(data):
            raise CommandError(
                f"no usable examples in {path} (field {opts['field']!r}, label {opts['label']!r})"
            )
        require_database()
        row = self._row(opts["head"], opts["model"])
        model = engine.load(row)
        result = evaluate(data.labels, list(model.predict(data.texts)))
        self.stdout.write(
            f"model {row.name} v{row.version}; {len(data):,} examples ({data.skipped:,} skipped)"
        )
        self.stdout.write(f"accuracy {result.accuracy:.3f}")
        self.stdout.write(result.report)

    def _row(self, head: str, name: str | None) -> TriageModel:
        if not name:
            return engine.ensure_default(head)
        row = (
            TriageModel.objects.filter(head=head, name=name)
            .order_by(F("organization_id").asc(nulls_first=True), "-version")
            .first()
        )
        if row is None:
            raise CommandError(f"no {head} model named {name!r}")
        return row
