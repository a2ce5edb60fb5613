"""The moderation log is append-only in the database itself (see core's audit migration)."""

from django.db import migrations

from dialogo.core.dbsql import vendor_sql

SQLITE_UP = [
    "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_moderationlogentry BEGIN "
    "SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS moderation_log_no_update"]
PG_UP = [
    "CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the moderation log is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER moderation_log_no_change BEFORE UPDATE OR DELETE ON moderation_moderationlogentry "
    "FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only()",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS moderation_log_no_change ON moderation_moderationlogentry",
    "DROP FUNCTION IF EXISTS moderation_log_append_only()",
]


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        migrations.RunPython(
            vendor_sql({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            vendor_sql({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
