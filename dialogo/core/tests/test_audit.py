import pytest
from django.db import DatabaseError, connection, transaction

from dialogo.core import audit
from dialogo.core.models import AuditEntry


def test_audit_entry_cannot_be_changed(org):
    entry = audit.record(action=audit.Action.SETTINGS, organization=org)
    entry.action = "tampered"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(ValueError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_database_refuses_raw_update_of_audit(org):
    entry = audit.record(action=audit.Action.SETTINGS, organization=org)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == audit.Action.SETTINGS


def test_login_is_audited(client, agent):
    assert client.login(username=agent.user.username, password="pw")
    assert (
        AuditEntry.objects.filter(
            action=audit.Action.LOGIN, actor=agent.user, organization=agent.organization
        ).count()
        == 1
    )


def test_failed_login_is_audited(client, agent):
    client.post("/login/", {"username": agent.user.username, "password": "wrong"})
    entry = AuditEntry.objects.get(action=audit.Action.LOGIN_FAILED)
    assert entry.details == {"username": agent.user.username}
