"""Migration 0005 drops only the foreign-key indexes a composite index covers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dialogo.conftest import make_conversation
from dialogo.inbox import search
from dialogo.inbox.models import Conversation

BEFORE = [("inbox", "0004_account_facts")]
AFTER = [("inbox", "0005_covered_fk_indexes")]


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    # Every app's latest: going back unapplied the apps that depend on the inbox too.
    return executor.loader.graph.leaf_nodes()


def _indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] and not c["primary_key"]]


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_covered_indexes_go_and_come_back_and_search_still_works(channel, org):
    assert ["channel_id"] not in _indexed_columns("inbox_conversation")
    assert ["conversation_id"] not in _indexed_columns("inbox_message")
    # Still there: the composite indexes that serve those lookups.
    assert ["channel_id", "thread_key"] in _indexed_columns("inbox_conversation")
    assert ["conversation_id", "created_at", "id"] in _indexed_columns("inbox_message")
    try:
        _migrate(BEFORE)
        assert ["channel_id"] in _indexed_columns("inbox_conversation")
        assert ["organization_id"] in _indexed_columns("inbox_citizen")
        _migrate(AFTER)
    finally:
        _migrate(_latest())  # the tables as the models expect them again
    assert ["channel_id"] not in _indexed_columns("inbox_conversation")
    assert ["organization_id"] not in _indexed_columns("inbox_citizen")
    # The tables were not rebuilt: full-text search still follows new conversations.
    conversation = make_conversation(channel, "El semáforo de la glorieta lleva tres días dañado")
    base = Conversation.objects.filter(organization=org)
    assert list(search.filter_conversations(base, "semaforos")) == [conversation]
