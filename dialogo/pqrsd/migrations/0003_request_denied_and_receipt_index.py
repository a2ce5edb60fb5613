from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pqrsd", "0002_seed_existing_organizations")]

    operations = [
        migrations.AddField(
            model_name="request",
            name="denied",
            field=models.BooleanField(default=False, verbose_name="answer denied the request"),
        ),
        migrations.AddIndex(
            model_name="request",
            index=models.Index(fields=["organization", "receipt_day"], name="pqrsd_req_receipt"),
        ),
    ]
