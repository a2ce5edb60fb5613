"""Migration 0003 gives every existing clause its first wording and every act the one it cited."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dialogo.conftest import make_conversation
from dialogo.core.roles import Role
from dialogo.moderation.models import ModerationAction, PolicyClause

BEFORE = [("moderation", "0002_log_append_only")]
AFTER = [("moderation", "0003_clause_versions")]


def _migrate(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_clauses_and_acts_get_their_first_wording(members, channel, org):
    message = make_conversation(channel, "ratas todos").messages.get()
    try:
        executor = _migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        Clause = apps.get_model("moderation", "PolicyClause")
        Action = apps.get_model("moderation", "ModerationAction")
        clause = Clause.objects.create(
            organization_id=org.pk, code="2", title="Respeto", text="Sin insultos."
        )
        Clause.objects.create(organization_id=org.pk, code="3", title="Spam", text="Sin avisos.")
        Action.objects.create(
            organization_id=org.pk,
            message_id=message.pk,
            channel_id=channel.pk,
            action="hide",
            clause=clause,
            original_text=message.text,
            requested_by_id=members[Role.SUPERVISOR].user_id,
            status="recorded",
        )
        _migrate(AFTER)
    finally:
        # Every app's latest: going back unapplied the apps that depend on moderation too.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    act = ModerationAction.objects.get()
    assert act.clause_version.wording == ("2", "Respeto", "Sin insultos.")
    for clause in PolicyClause.objects.filter(organization=org):
        (version,) = clause.versions.all()
        assert version.wording == clause.wording and version.created_at == clause.created_at
