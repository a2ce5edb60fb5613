"""Stored models become arrays and JSON: a database row can no longer run code when loaded.

Each model this software stored with pickle (code version triage-ml-4) is read once, here,
and written again in the new form (triage-ml-5), keeping its version, metrics and whether it
is in use. A row that cannot be read is left as it was and no longer used (its code version
stays old); the organization's next retraining replaces it.
"""

import logging

from django.db import migrations

log = logging.getLogger(__name__)


def convert(apps, schema_editor):
    from dialogo.triage.ml.model import MODEL_VERSION, PICKLED_VERSION
    from dialogo.triage.ml.storage import LEGACY_MAGIC, dumps, from_legacy_pickle

    TriageModel = apps.get_model("triage", "TriageModel")
    rows = TriageModel.objects.filter(code_version=PICKLED_VERSION).only("pk")
    for pk in rows.values_list("pk", flat=True).iterator():
        blob = bytes(TriageModel.objects.values_list("blob", flat=True).get(pk=pk))
        if not blob.startswith(LEGACY_MAGIC):
            continue
        try:
            model = from_legacy_pickle(blob)
            new = dumps(model, MODEL_VERSION)
        except Exception:  # a row we cannot read stays unused, never breaks the upgrade
            log.warning("triage model %s could not be converted; it will be retrained", pk)
            continue
        TriageModel.objects.filter(pk=pk).update(blob=new, code_version=MODEL_VERSION)


class Migration(migrations.Migration):
    dependencies = [("triage", "0004_triage_settings")]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
