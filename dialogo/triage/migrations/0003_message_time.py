"""Classifications carry when their message was written: alerts count by it, so an
imported history (classified today) is not taken for today's spike."""

from django.db import migrations, models


def copy_message_times(apps, schema_editor):
    Classification = apps.get_model("triage", "Classification")
    Message = apps.get_model("inbox", "Message")
    written = Message.objects.filter(pk=models.OuterRef("message_id")).values("created_at")[:1]
    Classification.objects.update(message_at=models.Subquery(written))


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0004_account_facts"),
        ("triage", "0002_classification_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="classification",
            name="message_at",
            field=models.DateTimeField(null=True, verbose_name="written"),
        ),
        migrations.RunPython(copy_message_times, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="classification",
            name="message_at",
            field=models.DateTimeField(verbose_name="written"),
        ),
        migrations.RemoveIndex(model_name="classification", name="classification_org_time"),
        migrations.AlterField(
            model_name="classification",
            name="created_at",
            field=models.DateTimeField(verbose_name="classified"),
        ),
        migrations.AddIndex(
            model_name="classification",
            index=models.Index(
                fields=["organization", "message_at"], name="classification_org_written"
            ),
        ),
    ]
