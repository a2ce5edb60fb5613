"""Organizations created before this app get the legal default types and their settings."""

from django.db import migrations

DEFAULTS = [
    # code, name, term, extension, digit, silence
    ("peticion", "General petition", 15, 15, 1, False),
    ("informacion", "Request for documents or information", 10, 10, 2, True),
    ("consulta", "Consultation", 30, 30, 3, False),
    ("queja", "Complaint", 15, 15, 4, False),
    ("reclamo", "Claim", 15, 15, 5, False),
    ("sugerencia", "Suggestion", 15, 15, 6, False),
    ("denuncia", "Report of wrongdoing", 15, 15, 7, False),
    ("habeas_consulta", "Personal data: consultation", 10, 5, 8, False),
    ("habeas_reclamo", "Personal data: claim", 15, 8, 9, False),
]


def seed(apps, schema_editor):
    Organization = apps.get_model("core", "Organization")
    RequestType = apps.get_model("pqrsd", "RequestType")
    PqrsdSettings = apps.get_model("pqrsd", "PqrsdSettings")
    for org in Organization.objects.all():
        for code, name, term, extension, digit, silence in DEFAULTS:
            RequestType.objects.get_or_create(
                organization=org,
                code=code,
                defaults=dict(
                    name=name, term_days=term, extension_days=extension, digit=digit,
                    silence_accepts=silence,
                ),
            )
        PqrsdSettings.objects.get_or_create(organization=org)


class Migration(migrations.Migration):
    dependencies = [("pqrsd", "0001_pqrsd_requests")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
