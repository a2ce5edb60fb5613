"""The database itself refuses to change or delete audit entries (append-only record)."""

from django.db import migrations

from dialogo.core.dbsql import vendor_sql

SQLITE_UP = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry BEGIN "
    "SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    # No DELETE trigger on SQLite: Django's test flush empties tables with DELETE. Deletes
    # are refused by the model and its queryset; PostgreSQL's flush uses TRUNCATE instead.
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]
PG_UP = [
    "CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            vendor_sql({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            vendor_sql({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
