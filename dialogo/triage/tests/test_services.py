"""Triage inside Diálogo: classifying on arrival, corrections, retraining and routing."""

import datetime as dt
import gzip
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dialogo.conftest import inbound, make_conversation
from dialogo.core.roles import Role
from dialogo.inbox.services import receive_message
from dialogo.triage import services
from dialogo.triage.models import Classification, RoutingRule, TrainingExample, TriageModel


def classify(conv):
    ids = list(conv.messages.values_list("pk", flat=True))
    services.classify_messages(message_ids=ids)
    return Classification.objects.get(message_id=ids[0])


def test_new_message_is_classified_on_commit(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = receive_message(
            channel=channel,
            inbound=inbound("¿Cómo hago para sacar el pasaporte? ¿Qué documentos piden?"),
        )
    c = Classification.objects.get(message=message)
    assert c.message_type == "pregunta"
    assert c.needs_answer is True
    assert 0.0 <= c.offensive_score <= 1.0
    assert c.models_used["type"]["name"].startswith("default")


def test_insult_gets_offensive_score_and_reason(channel):
    c = classify(make_conversation(channel, "ustedes son unos malparidos ladrones hijueputas"))
    assert c.offensive_score >= 0.5
    assert any("insulto" in r for r in c.reasons)


@pytest.mark.parametrize(
    "text",
    ["", "🙏🙏🙏", "a" * 100_000, "Hello, I would like to know the opening hours", "\ud800 roto"],
)
def test_bad_input_gets_a_label_without_crashing(channel, text):
    from dialogo.conftest import inbound as make

    message, _ = receive_message(channel=channel, inbound=make(text or " "))
    services.classify_messages(message_ids=[message.pk])
    assert Classification.objects.filter(message=message).exists()


def test_keyword_topic_sets_conversation_topic(channel, org):
    topic = org.topics.get(slug="pasaportes")
    topic.keywords = "pasaporte, consulado"
    topic.save()
    conv = make_conversation(channel, "necesito renovar mi pasaporte vencido")
    c = classify(conv)
    conv.refresh_from_db()
    assert c.topic == topic
    assert conv.topic == topic
    assert "pasaporte" in " ".join(c.reasons)


def test_correction_is_stored_as_training_example_and_audited(client, members, channel, org):
    conv = make_conversation(channel, "Gracias por la ayuda de ayer, muy amables")
    c = classify(conv)
    agent = members[Role.AGENT]
    client.force_login(agent.user)
    url = reverse("triage:correct", kwargs={"org": org.slug, "pk": c.message_id})
    client.post(url, {"choice": "type:queja"})
    client.post(url, {"choice": "sentiment:negativo"})
    c.refresh_from_db()
    assert (c.message_type, c.sentiment, c.corrected_by) == ("queja", "negativo", agent.user)
    assert set(TrainingExample.objects.values_list("head", "label")) >= {
        ("type", "queja"),
        ("sentiment", "negativo"),
    }
    body = client.get(
        reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conv.pk})
    ).content.decode()
    assert 'value="type:queja" selected' in body


def test_correction_with_an_unknown_choice_changes_nothing(client, members, channel, org):
    c = classify(make_conversation(channel, "Gracias por la ayuda de ayer, muy amables"))
    client.force_login(members[Role.AGENT].user)
    url = reverse("triage:correct", kwargs={"org": org.slug, "pk": c.message_id})
    page = client.post(url, {"choice": "type:nada"}, follow=True)
    assert "Elija una etiqueta válida." in page.content.decode()
    assert not TrainingExample.objects.exists()


def test_old_fragment_reasons_are_not_shown_and_no_model_runs(client, members, channel, org):
    conv = make_conversation(channel, "Solicito copia del contrato y los soportes de pago")
    c = classify(conv)
    c.reasons = ["pide un documento", "rasgos que indican «informacion»: «sop», «pia»"]
    c.save(update_fields=["reasons"])
    client.force_login(members[Role.AGENT].user)
    with mock.patch("dialogo.triage.ml.model.TextClassifier.explain") as explain:
        body = client.get(
            reverse("inbox:conversation", kwargs={"org": org.slug, "pk": conv.pk})
        ).content.decode()
    assert explain.call_count == 0
    assert "rasgos que indican" not in body and "«sop»" not in body


def test_needs_answer_and_a_wrong_topic_are_corrected_without_teaching(
    client, members, channel, org
):
    from dialogo.core.models import Topic

    topic = Topic.objects.create(organization=org, name="Pasaportes", keywords="pasaporte")
    conv = make_conversation(channel, "necesito renovar mi pasaporte vencido")
    c = classify(conv)
    assert c.topic == topic and c.needs_answer
    client.force_login(members[Role.AGENT].user)
    url = reverse("triage:correct", kwargs={"org": org.slug, "pk": c.message_id})
    client.post(url, {"choice": "topic:"})
    client.post(url, {"choice": "answer:no"})
    c.refresh_from_db()
    conv.refresh_from_db()
    assert (c.topic, conv.topic, c.needs_answer) == (None, None, False)
    assert c.corrected_by == members[Role.AGENT].user
    assert not TrainingExample.objects.exists()


def test_retrain_uses_corrections_and_records_quality(org, members, channel):
    conv = make_conversation(channel, "texto de prueba para corregir")
    c = classify(conv)
    services.correct_classification(
        classification=c, membership=members[Role.AGENT], head="type", label="sugerencia"
    )
    rows = services.retrain_organization(organization=org, measure=False)
    assert [r.head for r in rows] == ["type"]
    assert rows[0].organization == org and rows[0].is_active
    fresh = classify(make_conversation(channel, "otro mensaje cualquiera", who="x@example.com"))
    assert fresh.models_used["type"]["name"] == f"{org.slug}-type v1"


def test_routing_rule_assigns_least_loaded_expert(org, members, channel):
    topic = org.topics.get(slug="impuestos")
    topic.keywords = "impuesto, rut, declaración"
    topic.save()
    a, b = members[Role.EXPERT], members[Role.AGENT]
    a.topics.add(topic)
    b.topics.add(topic)
    RoutingRule.objects.create(organization=org, name="Impuestos", topic=topic)
    make_conversation(channel, "consulta previa")  # gives b one open conversation
    from dialogo.inbox.models import Conversation

    Conversation.objects.update(assignee=b.user, state="open")
    conv = make_conversation(
        channel, "¿Cómo actualizo el RUT para la declaración?", who="z@example.com"
    )
    classify(conv)
    conv.refresh_from_db()
    assert conv.assignee == a.user


def test_routing_prefers_the_rules_experts_and_never_picks_a_read_only_member(
    org, members, channel
):
    topic = org.topics.get(slug="impuestos")
    topic.keywords = "impuesto, rut, declaración"
    topic.save()
    expert, agent, analyst = members[Role.EXPERT], members[Role.AGENT], members[Role.ANALYST]
    expert.topics.add(topic)
    analyst.topics.add(topic)
    rule = RoutingRule.objects.create(organization=org, name="Impuestos", topic=topic)
    rule.members.add(expert, agent, analyst)
    # The agent has no open work and the expert has some; the expert knows the subject.
    from dialogo.inbox.models import Conversation

    make_conversation(channel, "consulta previa")
    Conversation.objects.update(assignee=expert.user, state="open")
    conv = make_conversation(channel, "¿Dónde pago el impuesto predial?", who="q@example.com")
    classify(conv)
    conv.refresh_from_db()
    assert conv.assignee == expert.user
    # A rule naming only a read-only member assigns nobody.
    rule.members.set([analyst])
    expert.topics.clear()
    other = make_conversation(channel, "¿El RUT se actualiza en línea?", who="r@example.com")
    classify(other)
    other.refresh_from_db()
    assert other.assignee is None


def test_rule_form_and_manual_assignment_offer_only_members_who_can_answer(
    client, org, members, channel
):
    from dialogo.inbox.services import InboxError, assign_conversation
    from dialogo.triage.forms import RoutingRuleForm

    offered = set(RoutingRuleForm(organization=org).fields["members"].queryset)
    assert members[Role.ANALYST] not in offered and members[Role.EXPERT] in offered
    conv = make_conversation(channel, "una pregunta cualquiera")
    with pytest.raises(InboxError):
        assign_conversation(
            conversation=conv,
            membership=members[Role.SUPERVISOR],
            assignee=members[Role.ANALYST].user,
        )


def test_train_command_from_jsonl_and_evaluate_last_line(db, tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    lines = []
    for i in range(12):
        lines.append(json.dumps({"text": f"me encanta este servicio {i}", "lbl": True}))
        lines.append(json.dumps({"text": f"pésimo servicio, una vergüenza {i}", "lbl": False}))
    data.write_text("\n".join(lines) + "\nnot json\n")
    call_command(
        "triage_train", head="sentiment", data=str(data), field="text", label="lbl", name="mini"
    )
    row = TriageModel.objects.get(name="mini")
    assert sorted(row.labels) == ["false", "true"]
    assert row.metrics["macro_f1"] > 0.5
    call_command(
        "triage_evaluate", head="sentiment", data=str(data), field="text", label="lbl", model="mini"
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("macro-F1 ") and len(out[-1]) == len("macro-F1 0.000")


def test_train_command_refuses_one_class_file(db, tmp_path):
    from django.core.management.base import CommandError

    data = tmp_path / "one.jsonl"
    data.write_text('{"text": "hola", "label": "a"}\n{"text": "chao", "label": "a"}\n')
    with pytest.raises(CommandError):
        call_command("triage_train", head="type", data=str(data), name="bad")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(CommandError):
        call_command("triage_train", head="type", data=str(empty), name="bad")


def test_commands_explain_damaged_files_and_a_database_not_set_up(db, tmp_path):
    from django.core.management.base import CommandError

    broken = tmp_path / "d.jsonl.gz"
    broken.write_bytes(b"not gzip at all")
    for command in ("triage_train", "triage_evaluate"):
        with pytest.raises(CommandError, match="cannot read"):
            call_command(command, head="sentiment", data=str(broken))
        with pytest.raises(CommandError, match="no such file"):
            call_command(command, head="sentiment", data=str(tmp_path / "missing.jsonl"))
    good = tmp_path / "g.jsonl"
    good.write_text('{"text": "hola", "label": "a"}\n')
    with mock.patch(
        "dialogo.triage.management.files.connection.introspection.table_names", return_value=[]
    ):
        for command in ("triage_train", "triage_evaluate"):
            with pytest.raises(CommandError, match="migrate"):
                call_command(command, head="sentiment", data=str(good))


def test_train_command_names_a_compressed_file_by_its_stem(db, tmp_path):
    rows = [{"text": f"me encanta {i}", "label": "p"} for i in range(6)]
    rows += [{"text": f"qué pésimo {i}", "label": "n"} for i in range(6)]
    data = tmp_path / "opiniones.jsonl.gz"
    data.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    call_command("triage_train", head="sentiment", data=str(data), no_measure=True)
    assert TriageModel.objects.filter(name="sentiment-opiniones").exists()


def test_evaluate_default_with_label_map(db, tmp_path, capsys):
    data = tmp_path / "o.jsonl"
    data.write_text(
        '{"text": "malparido hijueputa", "off": true}\n{"text": "gracias por la información", "off": false}\n'
    )
    call_command(
        "triage_evaluate",
        head="offensive",
        data=str(data),
        label="off",
        map="true=ofensivo,false=no_ofensivo",
    )
    assert capsys.readouterr().out.strip().splitlines()[-1] == "macro-F1 1.000"


def test_imported_batch_is_triaged_in_one_pass(channel, django_capture_on_commit_callbacks):
    from dialogo.inbox.bulk import ingest_batch

    records = [
        inbound(f"¿Dónde consulto el estado de mi trámite número {i}?", network_id=f"imp-{i}")
        for i in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ingest_batch(channel=channel, records=records)
    assert Classification.objects.filter(message__channel=channel).count() == 5


def test_large_imported_batch_stores_only_coded_evidence_and_shows_rules(
    client, members, org, channel, django_capture_on_commit_callbacks
):
    """Past EXPLAIN_LIMIT messages a batch stores no model words (imports stay fast), only
    the coded evidence for spam or abuse; the page shows the rules, read again from the
    text, and runs no model."""
    from dialogo.core.models import Topic
    from dialogo.inbox.bulk import ingest_batch

    topic = Topic.objects.create(organization=org, name="Pasaportes", keywords="pasaporte")
    size = services.EXPLAIN_LIMIT + 10
    records = [
        inbound(
            f"Ustedes son unos malparidos, {i} días esperando el pasaporte", network_id=f"big-{i}"
        )
        for i in range(size)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ingest_batch(channel=channel, records=records)
    rows = Classification.objects.filter(message__channel=channel)
    assert rows.count() == size
    assert rows.filter(topic=topic).count() == size
    first = rows.select_related("message__conversation").first()
    assert first.message_type == "abuso"
    assert first.reasons == [
        {"code": "insult_at", "args": {"words": "malparidos", "target": "ustedes"}}
    ]
    assert first.message.conversation.topic_id == topic.pk
    client.force_login(members[Role.AGENT].user)
    page = client.get(reverse("inbox:conversation", args=[org.slug, first.message.conversation_id]))
    body = page.content.decode()
    assert "insulto «malparidos» dirigido a «ustedes»" in body
    assert "Sin confirmar: sigue esperando respuesta" in body
    # Staff can correct such a message with one choice.
    url = reverse("triage:correct", kwargs={"org": org.slug, "pk": first.message_id})
    client.post(url, {"choice": "type:queja"})
    first.refresh_from_db()
    assert (first.message_type, first.corrected_by) == ("queja", members[Role.AGENT].user)


def test_messages_classified_meanwhile_keep_their_first_labels(channel):
    """A batch classified twice (two workers, or a retry) stores one classification."""
    conv = make_conversation(channel, "¿Cómo renuevo el pasaporte?")
    ids = list(conv.messages.values_list("pk", flat=True))
    services.classify_messages(message_ids=ids)
    first = Classification.objects.get(message_id=ids[0])
    known = [
        (m.pk, m.text, m.conversation_id, m.organization_id, m.created_at)
        for m in conv.messages.all()
    ]
    services.classify_messages(message_ids=ids, known=known)
    assert Classification.objects.filter(message_id=ids[0]).count() == 1
    assert Classification.objects.get(message_id=ids[0]).created_at == first.created_at


def test_train_command_reports_a_stray_label_and_still_measures(db, tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    lines = []
    for i in range(12):
        lines.append(json.dumps({"text": f"me encanta este servicio {i}", "lbl": "P"}))
        lines.append(json.dumps({"text": f"pésimo servicio, una vergüenza {i}", "lbl": "N"}))
    lines.append(json.dumps({"text": "enlace del video", "lbl": "youtube"}))
    data.write_text("\n".join(lines) + "\n")
    call_command(
        "triage_train", head="sentiment", data=str(data), field="text", label="lbl", name="stray"
    )
    captured = capsys.readouterr()
    assert "'youtube' (1)" in captured.err
    row = TriageModel.objects.get(name="stray")
    assert sorted(row.labels) == ["N", "P", "youtube"]
    assert row.metrics["folds"] == 3 and row.metrics["macro_f1"] > 0.9
    # The stray label cannot be learned by every fold: it is left out of the score, and said.
    assert row.metrics["unscored"] == ["youtube"] and row.metrics["n"] == 24
    assert "left out of the score, too few examples: 'youtube'" in captured.out


def test_imported_labels_commit_with_their_batch(channel):
    """Labels are written inside the batch's transaction: no commit hook to wait for, and an
    import killed after a batch's commit never leaves its messages unlabelled."""
    from dialogo.inbox.bulk import ingest_batch

    records = [
        inbound(f"Gracias por la cita del pasaporte {i}", network_id=f"tx-{i}") for i in range(3)
    ]
    ingest_batch(channel=channel, records=records)
    assert Classification.objects.filter(message__channel=channel).count() == 3


def test_a_triage_failure_never_costs_an_imported_message(channel, caplog):
    """A database error inside triage rolls back its savepoint only: the batch is stored."""
    from django.db import connection

    from dialogo.inbox.bulk import ingest_batch
    from dialogo.inbox.models import Message

    def broken(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO no_such_table VALUES (1)")

    records = [inbound(f"¿Dónde pago el impuesto {i}?", network_id=f"bad-{i}") for i in range(4)]
    with mock.patch("dialogo.triage.services.insert_ignoring_conflicts", broken):
        result = ingest_batch(channel=channel, records=records)
    assert result.new == 4
    assert Message.objects.filter(channel=channel).count() == 4
    assert not Classification.objects.filter(message__channel=channel).exists()
    assert "triage failed for an imported batch" in caplog.text
    # The connection is still usable after the failed savepoint (PostgreSQL included).
    assert ingest_batch(channel=channel, records=[inbound("Hola", network_id="after")]).new == 1


def _account(days: float | None, **facts):
    from dialogo.networks.base import InboundAuthor

    made = timezone.now() - dt.timedelta(days=days) if days is not None else None
    return InboundAuthor(external_id=f"acct-{days}-{facts}", account_created_at=made, **facts)


@pytest.mark.parametrize(
    ("text", "author", "spam"),
    [
        ("👉 bit.ly/3kPq9", dict(days=2), True),
        ("bit.ly/3kPq9", dict(days=900, has_avatar=False, followers=1), True),
        ("👉 bit.ly/3kPq9", dict(days=900, has_avatar=True, followers=300), False),
        ("👉 bit.ly/3kPq9", dict(days=None), False),  # the network told nothing
        # Words of a citizen with a short link, from a new account: not spam.
        ("Hola, mire esto que le sirve para el trámite: bit.ly/3kPq9", dict(days=2), False),
    ],
)
def test_link_only_post_from_a_bare_new_account_is_spam_with_its_reason(
    channel, django_capture_on_commit_callbacks, text, author, spam
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = receive_message(
            channel=channel, inbound=inbound(text, author=_account(**author))
        )
    labels = Classification.objects.get(message=message)
    codes = [r["code"] for r in labels.reasons if isinstance(r, dict)]
    assert (labels.message_type == "spam") is spam
    assert ("link_only_new_account" in codes) is spam
    if spam:
        assert labels.type_confidence >= 0.8
        assert labels.needs_answer is True  # until a person confirms it


def test_a_new_account_without_a_link_is_only_mentioned(
    channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = receive_message(
            channel=channel,
            inbound=inbound("¿Dónde renuevo el pasaporte?", author=_account(1)),
        )
    labels = Classification.objects.get(message=message)
    assert labels.message_type != "spam"
    assert "cuenta nueva" in labels.reasons
    assert not [r for r in labels.reasons if isinstance(r, dict) and r["code"] != "held_back"]


def test_an_imported_archive_that_tells_about_accounts_feeds_the_spam_rule(channel):
    """Account facts from an archive are stored on the author and read by triage; the age
    counts at the time the message was written, so old history is judged as it was then."""
    from dialogo.inbox.bulk import ingest_batch
    from dialogo.inbox.models import Author
    from dialogo.networks.base import InboundAuthor

    written = timezone.now() - dt.timedelta(days=400)
    text = "👉 bit.ly/3kPq9"
    young = InboundAuthor(
        external_id="promo-1", account_created_at=written - dt.timedelta(days=3), followers=0
    )
    old = InboundAuthor(
        external_id="vecina-1",
        account_created_at=written - dt.timedelta(days=2000),
        has_avatar=True,
        followers=240,
    )
    records = [
        inbound(text, author=young, network_id="arch-1", created_at=written),
        inbound(text, author=old, network_id="arch-2", created_at=written),
        inbound("¿Y el pasaporte?", network_id="arch-3", created_at=written),  # no facts
    ]
    ingest_batch(channel=channel, records=records)
    labels = {
        c.message.network_id: c
        for c in Classification.objects.filter(message__channel=channel).select_related("message")
    }
    assert labels["arch-1"].message_type == "spam"
    assert labels["arch-1"].reasons[0] == {
        "code": "link_only_new_account",
        "args": {"target": "bit.ly", "account": "new, no_followers"},
    }
    assert labels["arch-2"].message_type != "spam"
    assert labels["arch-3"].message_type != "spam"
    assert Author.objects.get(external_id="promo-1").followers == 0
    # A later archive tells newer facts about a known author: they replace the old ones.
    newer = InboundAuthor(external_id="promo-1", followers=35, has_avatar=True)
    ingest_batch(channel=channel, records=[inbound("Hola", author=newer, network_id="arch-4")])
    author = Author.objects.get(external_id="promo-1")
    assert (author.followers, author.has_avatar) == (35, True)
    assert author.account_created_at == written - dt.timedelta(days=3)  # not erased


def test_admin_edits_a_routing_rule(client, org, members):
    rule = RoutingRule.objects.create(organization=org, name="Impuestos", keywords="rut")
    url = reverse("triage:edit_rule", kwargs={"org": org.slug, "pk": rule.pk})
    client.force_login(members[Role.AGENT].user)
    assert client.get(url).status_code == 403
    client.force_login(members[Role.ADMIN].user)
    page = client.get(url)
    assert page.status_code == 200 and 'value="rut"' in page.content.decode()
    answer = client.post(
        url,
        {
            "name": "Impuestos y RUT",
            "position": "5",
            "keywords": "rut, predial",
            "members": [members[Role.EXPERT].pk],
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    rule.refresh_from_db()
    assert (rule.name, rule.position, rule.keywords) == ("Impuestos y RUT", 5, "rut, predial")
    assert list(rule.members.all()) == [members[Role.EXPERT]]
    # A read-only member cannot be named, and the error names the field by its label.
    bad = client.post(url, {"name": "x", "position": "1", "members": [members[Role.ANALYST].pk]})
    assert bad.status_code == 200
    rule.refresh_from_db()
    assert rule.name == "Impuestos y RUT"


def test_an_import_reads_the_models_in_use_once(channel, django_capture_on_commit_callbacks):
    """The batches of one import share its cache: the models are read by the first batch
    whose transaction commits, then not again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dialogo.inbox.bulk import ingest_batch

    def batch(n: int) -> list:
        return [inbound(f"¿Dónde pago el impuesto {n}?", network_id=f"cache-{n}")]

    cache: dict = {}
    ingest_batch(channel=channel, records=batch(1), cache=cache)
    assert cache == {}  # not committed yet: nothing kept
    with django_capture_on_commit_callbacks(execute=True):
        ingest_batch(channel=channel, records=batch(2), cache=cache)
    with CaptureQueriesContext(connection) as queries:
        ingest_batch(channel=channel, records=batch(3), cache=cache)
    assert Classification.objects.filter(message__channel=channel).count() == 3
    assert not [q for q in queries if "triage_triagemodel" in q["sql"]]


def test_migration_converts_pickled_models_and_keeps_them_in_use(org):
    """Rows stored with pickle by triage-ml-4 become arrays and JSON, still active."""
    import importlib
    import pickle

    from django.apps import apps

    from dialogo.triage.ml import storage
    from dialogo.triage.ml.model import MODEL_VERSION, TextClassifier

    model = TextClassifier(min_df=1).fit(["hola", "gracias", "queja", "reclamo"], list("aabb"))
    legacy = storage.LEGACY_MAGIC + pickle.dumps({"version": "triage-ml-4", "model": model})
    row = TriageModel.objects.create(
        organization=org,
        head="type",
        name="old",
        version=1,
        code_version="triage-ml-4",
        trained_on=4,
        labels=["a", "b"],
        blob=legacy,
    )
    broken = TriageModel.objects.create(
        organization=org,
        head="type",
        name="broken",
        version=1,
        code_version="triage-ml-4",
        trained_on=4,
        labels=["a", "b"],
        blob=storage.LEGACY_MAGIC + b"garbage",
    )
    migration = importlib.import_module("dialogo.triage.migrations.0005_models_without_pickle")
    migration.convert(apps, None)
    row.refresh_from_db()
    broken.refresh_from_db()
    assert (row.code_version, row.is_active) == (MODEL_VERSION, True)
    assert bytes(row.blob).startswith(storage.MAGIC)
    loaded = TextClassifier.from_bytes(bytes(row.blob))
    assert list(loaded.predict(["hola"])) == list(model.predict(["hola"]))
    assert broken.code_version == "triage-ml-4"
