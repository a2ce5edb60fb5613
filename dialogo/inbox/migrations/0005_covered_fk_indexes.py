"""Drop single-column foreign-key indexes that a composite index already starts with.

Only the indexes go: the fields' state changes to db_index=False, and the database drops the
index that introspection finds (an AlterField on SQLite would rebuild the tables, slowly, and
lose the full-text triggers). Lookups and cascades use the composite indexes instead, and each
imported message writes up to five index entries fewer.
"""

import django.db.models.deletion
from django.db import migrations, models

COVERED = [
    ("author", "organization"),
    ("citizen", "organization"),
    ("conversation", "author"),
    ("conversation", "channel"),
    ("conversation", "organization"),
    ("message", "channel"),
    ("message", "conversation"),
]


def _single_column_indexes(schema_editor, table, column):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] == [column]
    ]


def drop_indexes(apps, schema_editor):
    for model_name, field_name in COVERED:
        model = apps.get_model("inbox", model_name)
        column = model._meta.get_field(field_name).column
        for name in _single_column_indexes(schema_editor, model._meta.db_table, column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    for model_name, field_name in COVERED:
        model = apps.get_model("inbox", model_name)
        table = model._meta.db_table
        column = model._meta.get_field(field_name).column
        if _single_column_indexes(schema_editor, table, column):
            continue
        name = schema_editor._create_index_name(table, [column])
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(name)} ON "
            f"{schema_editor.quote_name(table)} ({schema_editor.quote_name(column)})"
        )


def _fk(to, related_name, on_delete, verbose_name):
    return models.ForeignKey(
        db_index=False,
        on_delete=on_delete,
        related_name=related_name,
        to=to,
        verbose_name=verbose_name,
    )


CASCADE = django.db.models.deletion.CASCADE
PROTECT = django.db.models.deletion.PROTECT


# What each field in COVERED points to, as in the models.
TARGETS = [
    ("core.organization", "authors", CASCADE, "organization"),
    ("core.organization", "citizens", CASCADE, "organization"),
    ("inbox.author", "conversations", PROTECT, "author"),
    ("networks.channel", "conversations", PROTECT, "channel"),
    ("core.organization", "conversations", CASCADE, "organization"),
    ("networks.channel", "messages", PROTECT, "channel"),
    ("inbox.conversation", "messages", CASCADE, "conversation"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_organization_moderation_needs_approval_and_more"),
        ("inbox", "0004_account_facts"),
        ("networks", "0002_polling_imports_followers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model_name,
                    name=field_name,
                    field=_fk(to, related_name, on_delete, verbose_name),
                )
                for (model_name, field_name), (to, related_name, on_delete, verbose_name) in zip(
                    COVERED, TARGETS, strict=True
                )
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        )
    ]
