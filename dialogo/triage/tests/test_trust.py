"""A triage a public institution can trust (#17): no citizen silently dropped as spam or
abuse, a person confirms, the institution's own domains, reliability on the page, and a
retrain that is kept only when it is not worse."""

from unittest import mock

from django.urls import reverse

from dialogo.conftest import make_conversation
from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.inbox.models import Conversation
from dialogo.triage import services
from dialogo.triage.models import Classification, TriageModel, TriageSettings


def classify(conv):
    ids = list(conv.messages.values_list("pk", flat=True))
    services.classify_messages(message_ids=ids)
    return Classification.objects.get(message_id=ids[0])


def test_photo_link_from_x_is_not_spam_and_stays_unanswered(channel):
    conv = make_conversation(
        channel, "@Alcaldia el hueco de la 68 ya se tragó una moto https://t.co/Ab12Cd34"
    )
    c = classify(conv)
    conv.refresh_from_db()
    assert c.message_type != "spam"
    assert c.needs_answer is True and conv.awaiting_response is True


def test_unconfirmed_spam_keeps_the_conversation_waiting_until_a_person_confirms(
    client, members, channel, org
):
    conv = make_conversation(
        channel, "Gana hasta $300.000 diarios desde tu celular, escríbeme al WhatsApp 3105551234"
    )
    c = classify(conv)
    conv.refresh_from_db()
    assert c.message_type == "spam" and c.awaiting_confirmation and c.needs_review
    assert c.needs_answer is True and conv.awaiting_response is True
    assert c.reasons[0]["code"] == "easy_money"
    agent = members[Role.AGENT]
    client.force_login(agent.user)
    page = client.get(reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conv.pk}))
    body = page.content.decode()
    assert "promete dinero fácil: «gana hasta 0 diarios desde tu celular»" in body
    assert "Confirmar «Spam»" in body
    client.post(
        reverse("triage:correct", kwargs={"org": org.slug, "pk": c.message_id}),
        {"choice": "confirm"},
    )
    c.refresh_from_db()
    conv.refresh_from_db()
    assert (c.message_type, c.corrected_by, c.needs_answer) == ("spam", agent.user, False)
    assert (conv.awaiting_response, conv.response_due_at) == (False, None)
    entry = AuditEntry.objects.filter(action="triage.correct").latest("pk")
    assert (entry.actor, entry.details["to"], entry.details["confirmed"]) == (
        agent.user,
        "spam",
        "true",
    )


def test_model_spam_without_evidence_is_held_back_for_review(channel):
    conv = make_conversation(channel, "mire https://bit.ly/3kPq9")
    c = classify(conv)
    if c.reasons and any(r.get("code") == "held_back" for r in c.reasons if isinstance(r, dict)):
        assert c.message_type not in ("spam", "abuso") and c.needs_review
    assert c.message_type != "spam"


def test_link_to_the_institutions_own_domain_is_named_as_not_spam(channel, org, members, client):
    services.set_own_domains(
        organization=org, actor=members[Role.ADMIN].user, value="https://www.ifp.gov.co/x"
    )
    assert TriageSettings.domains_of(org) == ["ifp.gov.co"]
    conv = make_conversation(channel, "Lo dice aquí https://tramites.ifp.gov.co/pasaporte")
    c = classify(conv)
    assert {"code": "link_own_domain", "args": {"target": "tramites.ifp.gov.co"}} in c.reasons
    client.force_login(members[Role.AGENT].user)
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conv.pk})
    ).content.decode()
    assert "enlaza al sitio de la propia entidad (tramites.ifp.gov.co): no es señal de spam" in body


def test_admin_sets_own_domains_on_the_settings_page_audited(client, org, members):
    client.force_login(members[Role.ADMIN].user)
    url = reverse("triage:own_domains", kwargs={"org": org.slug})
    page = client.post(
        url, {"own_domains": "ifp.gov.co, www.ifp.edu.co\nnot-a-domain"}, follow=True
    )
    body = page.content.decode()
    assert "Dominios propios guardados: ifp.gov.co, ifp.edu.co" in body
    assert "ifp.gov.co\nifp.edu.co</textarea>" in body
    entry = AuditEntry.objects.get(action="triage.domains")
    assert entry.details == {"domains": "ifp.gov.co, ifp.edu.co"}
    client.force_login(members[Role.AGENT].user)
    assert client.post(url, {"own_domains": "x.co"}).status_code == 403


def test_settings_page_shows_the_reliability_of_each_head(client, org, members, channel):
    classify(make_conversation(channel, "¿Dónde saco el pasaporte?"))  # stores the defaults
    row = TriageModel.objects.get(organization=None, head="type")
    row.metrics = {
        "reliability": {
            "bins": [{"low": 0.8, "high": 0.9, "n": 40, "confidence": 0.85, "accuracy": 0.9}],
            "ece": 0.05,
            "n": 40,
            "accuracy": 0.9,
        }
    }
    row.save(update_fields=["metrics"])
    client.force_login(members[Role.ADMIN].user)
    body = client.get(reverse("triage:settings", kwargs={"org": org.slug})).content.decode()
    assert "Cuánto confiar en las etiquetas" in body
    assert "40 mensajes, exactitud 0,900, desfase de calibración 0,050" in body
    assert '<meter min="0" max="1" value="0.900000">' in body


def test_a_retrain_worse_on_the_orgs_corrections_is_kept_unused(org, members, channel, client):
    c = classify(make_conversation(channel, "texto de prueba para corregir"))
    services.correct_classification(
        classification=c, membership=members[Role.AGENT], head="type", label="sugerencia"
    )
    worse = {"n": 30, "measured": True, "new": 0.5, "current": 0.8, "kept": False}
    with mock.patch.object(services, "compare_on_corrections", return_value=worse):
        rows = services.retrain_organization(organization=org, measure=False)
    assert rows[0].is_active is False
    fresh = classify(make_conversation(channel, "otro mensaje", who="y@example.com"))
    assert fresh.models_used["type"]["name"].startswith("default")
    client.force_login(members[Role.ADMIN].user)
    body = client.get(reverse("triage:settings", kwargs={"org": org.slug})).content.decode()
    assert "En los 30 mensajes que corrigió su equipo: este modelo acertó 0,500" in body
    assert "No se puso en uso: no era mejor." in body


def test_few_corrections_are_not_measured_and_the_new_model_is_used(org):
    from dialogo.triage.ml.data import Dataset

    corpus = Dataset(["hola"], ["comentario"])
    result = services.compare_on_corrections(org, "type", corpus, [("a", "queja")] * 3, {})
    assert result == {"n": 3, "measured": False, "kept": True}


def test_confirmed_abuse_counts_for_alerts_and_unconfirmed_does_not(channel, members):
    from dialogo.moderation.models import AlertKind
    from dialogo.moderation.services import _kind_filter

    c = classify(make_conversation(channel, "alcalde hp, renuncie ya"))
    assert c.message_type == "abuso"
    unconfirmed = Classification.objects.filter(pk=c.pk, message_type="abuso", corrected_at=None)
    assert unconfirmed.exists()
    abuse_only = _kind_filter(AlertKind.ABUSE)
    Classification.objects.filter(pk=c.pk).update(offensive_score=0.1)
    assert not Classification.objects.filter(abuse_only, pk=c.pk).exists()
    services.apply_correction(classification=c, membership=members[Role.AGENT], choice="confirm")
    assert Classification.objects.filter(abuse_only, pk=c.pk).exists()
    assert Conversation.objects.get(pk=c.message.conversation_id).awaiting_response is False
