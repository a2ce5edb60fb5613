"""Full-text index over Conversation.search_document: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

from dialogo.core.dbsql import vendor_sql

SQLITE_UP = [
    "CREATE VIRTUAL TABLE inbox_conversation_fts USING fts5("
    "search_document, content='inbox_conversation', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER inbox_conversation_fts_ai AFTER INSERT ON inbox_conversation BEGIN "
    "INSERT INTO inbox_conversation_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER inbox_conversation_fts_ad AFTER DELETE ON inbox_conversation BEGIN "
    "INSERT INTO inbox_conversation_fts(inbox_conversation_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER inbox_conversation_fts_au AFTER UPDATE OF search_document ON inbox_conversation BEGIN "
    "INSERT INTO inbox_conversation_fts(inbox_conversation_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO inbox_conversation_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS inbox_conversation_fts_au",
    "DROP TRIGGER IF EXISTS inbox_conversation_fts_ad",
    "DROP TRIGGER IF EXISTS inbox_conversation_fts_ai",
    "DROP TABLE IF EXISTS inbox_conversation_fts",
]
PG_UP = [
    "CREATE INDEX inbox_conversation_search ON inbox_conversation "
    "USING GIN (to_tsvector('simple', search_document))",
]
PG_DOWN = ["DROP INDEX IF EXISTS inbox_conversation_search"]


class Migration(migrations.Migration):
    dependencies = [("inbox", "0001_initial")]

    operations = [
        migrations.RunPython(
            vendor_sql({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            vendor_sql({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
