import pytest
from django.urls import reverse

from dialogo.core.audit import Action
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.moderation import services
from dialogo.moderation.models import PolicyClause


def test_publish_clause_records_wording_and_audit(org, members):
    admin = members[Role.ADMIN].user
    clause = services.publish_clause(
        organization=org, user=admin, code="2.1", title="Spam", text="No se admite publicidad."
    )
    assert [v.text for v in clause.versions.all()] == ["No se admite publicidad."]
    entry = AuditEntry.objects.get(action=Action.POLICY_CLAUSE)
    assert (entry.actor, entry.target_id, entry.details) == (admin, str(clause.pk), {"code": "2.1"})
    with pytest.raises(services.ModerationError, match="Ya existe"):
        services.publish_clause(organization=org, user=admin, code="2.1", title="x", text="y")
    assert PolicyClause.objects.count() == 1


def test_retiring_a_clause_goes_through_the_service(client, org, members):
    clause = services.publish_clause(
        organization=org, user=None, code="2.2", title="Datos", text="No publique datos ajenos."
    )
    client.force_login(members[Role.ADMIN].user)
    url = reverse("moderation:toggle_clause", kwargs={"org": org.slug, "pk": clause.pk})
    page = client.post(url, REMOTE_ADDR="192.0.2.9", follow=True).content.decode()
    assert "La cláusula 2.2 fue retirada." in page
    clause.refresh_from_db()
    assert clause.is_active is False
    entry = AuditEntry.objects.filter(action=Action.POLICY_CLAUSE).latest("id")
    assert entry.details == {"code": "2.2", "in_force": False}
    assert (entry.ip_address, entry.actor) == ("192.0.2.9", members[Role.ADMIN].user)


def test_policy_page_refuses_a_repeated_number(client, org, members):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("moderation:policy", kwargs={"org": org.slug})
    data = {
        "code": "4.1",
        "title": "Amenazas",
        "text": "No amenace.",
        "position": "1",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    body = client.post(url, data).content.decode()
    assert "Ya existe una cláusula con este número." in body
    assert PolicyClause.objects.filter(organization=org).count() == 1
