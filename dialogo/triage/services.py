"""Triage writes: classify messages, take staff corrections, retrain, and route."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dialogo.core import audit
from dialogo.core.bulkdb import insert_ignoring_conflicts
from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.roles import Cap, roles_with
from dialogo.inbox.models import Conversation, Direction, Message, State
from dialogo.inbox.services import InboxError, assign_conversation
from dialogo.triage import engine, evidence
from dialogo.triage.labels import NEEDS_ANSWER, Head, MessageType, Offensive, Sentiment
from dialogo.triage.ml import calibration, guard, lexicon
from dialogo.triage.ml.data import Dataset, evaluate
from dialogo.triage.ml.default import PARAMS, default_dataset, with_corrections
from dialogo.triage.ml.model import (
    TextClassifier,
    predict_proba_many,
    stratified_folds,
    usable_folds,
)
from dialogo.triage.ml.normalize import tokenize_many
from dialogo.triage.models import (
    Classification,
    RoutingRule,
    TrainingExample,
    TriageModel,
    TriageSettings,
)

log = logging.getLogger(__name__)
EXPLAIN_LIMIT = 50  # per-message n-gram explanations cost ~1 ms: only for small batches


# --- classifying ---------------------------------------------------------------------------


def classify_messages(
    *,
    message_ids: Sequence[int],
    route: bool = True,
    known: Sequence[tuple[Any, ...]] | None = None,
    cache: dict[Any, Any] | None = None,
) -> int:
    """Label every not-yet-classified inbound message among `message_ids`; returns how many.

    Built for batches (an imported history arrives 2,000 messages at a time): messages are
    read as plain values, the text heads share one feature computation, the rows are written
    with one INSERT, and conversations get their topic with one UPDATE per topic. Large
    batches store no per-message explanation: it is computed when someone looks
    (:meth:`Classification.shown_reasons`).

    ``known``: the messages as (id, text, conversation id, organization id, written at[,
    account facts]), when the caller has just stored them (a bulk import): they are not read
    back. Account facts, (created at, has a picture, followers) or None, are what the
    archive told of the author's account; the account's age is taken at the time the
    message was written. A message classified meanwhile by another process keeps its first
    classification.

    ``cache``: a dict the caller keeps across batches (an import): the models in use are then
    read once for the whole import, not once per batch.
    """
    by_org: dict[int, list[_Pending]] = defaultdict(list)
    if known is None:
        # Message.links (the link targets the network gave) exists once the import
        # branch's migration is in; until then only the links in the text are read.
        links = ("links",) if evidence.has_links_field() else ()
        rows = (
            Message.objects.filter(
                pk__in=list(message_ids), direction=Direction.IN, classification__isnull=True
            )
            .order_by("pk")
            .values_list(
                "pk",
                "text",
                "conversation_id",
                "organization_id",
                "created_at",
                "author_id",
                *links,
                "author__account_created_at",
                "author__has_avatar",
                "author__followers",
            )
        )
        for pk, text, conversation_id, org_id, written, author_id, *rest in rows:
            given = rest.pop(0) if links else None
            meta = lexicon.account_meta(written, *rest)
            by_org[org_id].append(
                _Pending(pk, text, conversation_id, written, meta, author_id, given)
            )
    else:
        for pk, text, conversation_id, org_id, written, *facts in known:
            meta = lexicon.account_meta(written, *facts[0]) if facts and facts[0] else None
            by_org[org_id].append(_Pending(pk, text, conversation_id, written, meta))
    done = 0
    for org in Organization.objects.filter(pk__in=list(by_org)):
        done += _classify_group(org, by_org[org.pk], route=route, cache=cache)
    return done


def _models_for(org: Organization, cache: dict[Any, Any] | None) -> dict[str, Any]:
    """engine.models_for, kept in ``cache`` once the transaction that read it commits (a
    default model stored by a batch that then rolls back is never kept)."""
    if cache is None:
        return engine.models_for(org)
    key = ("triage.models_for", org.pk)
    models = cache.get(key)
    if models is None:
        models = engine.models_for(org)
        transaction.on_commit(lambda: cache.setdefault(key, models))
    return models


class _Pending(NamedTuple):
    pk: int
    text: str
    conversation_id: int
    written: dt.datetime
    meta: dict[str, Any] | None = None  # the author's account signals (lexicon.scan)
    author_id: int | None = None
    links: list | None = None  # link targets the network gave (Message.links)


class _Labels(NamedTuple):
    message_id: int
    conversation_id: int
    topic_id: int | None


_CLASSIFICATION_FIELDS = (
    "message_id",
    "organization_id",
    "message_type",
    "type_confidence",
    "sentiment",
    "sentiment_confidence",
    "offensive_score",
    "topic_id",
    "topic_confidence",
    "needs_answer",
    "reasons",
    "models_used",
    "created_at",
    "message_at",
)


def _classify_group(
    org: Organization,
    messages: list[_Pending],
    *,
    route: bool,
    cache: dict[Any, Any] | None = None,
) -> int:
    models = _models_for(org, cache)
    texts = [m.text for m in messages]
    heads = [Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE]
    if Head.TOPIC in models:
        heads.append(Head.TOPIC)
    tokens = tokenize_many(texts)
    probas = dict(
        zip(heads, predict_proba_many([models[h][1] for h in heads], texts, tokens), strict=True)
    )
    sentiments = _best(models[Head.SENTIMENT][1], probas[Head.SENTIMENT])
    offensive = _offensive_column(models[Head.OFFENSIVE][1], probas[Head.OFFENSIVE]).tolist()
    topics = _topics(org, models, texts, probas.get(Head.TOPIC))
    used = {head: {"id": row.pk, "name": row.label} for head, (row, _m) in models.items()}
    explain = len(messages) <= EXPLAIN_LIMIT
    now = timezone.now()
    rows, labels = [], []
    decisions = guard.decide_many(
        [str(c) for c in models[Head.TYPE][1].classes_],
        probas[Head.TYPE],
        texts,
        [m.links for m in messages],
        _sender_facts(org, messages, small=explain),
        evidence.own_domains(org),
        tokens.docs(),
    )
    for message, decision, (sentiment, s_conf), score, (topic, t_conf, t_reason) in zip(
        messages, decisions, sentiments, offensive, topics, strict=True
    ):
        label, confidence = decision.label, decision.confidence
        coded = [e.as_reason() for e in decision.evidence]
        if decision.held_back:
            coded.append({"code": "held_back", "args": {"label": decision.held_back}})
        reasons = (
            coded
            + _reasons(models[Head.TYPE][1], message.text, message.meta)
            + ([t_reason] if t_reason else [])
            if explain
            else (coded or None)
        )
        topic_id = topic.pk if topic else None
        rows.append(
            (
                message.pk,
                org.pk,
                label,
                confidence,
                sentiment,
                s_conf,
                score,
                topic_id,
                t_conf,
                # Spam or abuse found by triage alone keeps the conversation waiting for an
                # answer until a person confirms it (a label correction).
                label in guard.GUARDED or _needs_answer(label, message.text),
                reasons,
                used,
                now,
                message.written,
            )
        )
        labels.append(_Labels(message.pk, message.conversation_id, topic_id))
    with transaction.atomic():
        insert_ignoring_conflicts(Classification, _CLASSIFICATION_FIELDS, rows)
        _apply_to_conversations(labels, route=route)
    return len(rows)


def _sender_facts(
    org: Organization, messages: list[_Pending], *, small: bool
) -> list[dict[str, Any]]:
    """Each message's account signals plus, for a live batch, the sender's earlier messages
    and how many accounts sent the same text; an import (a large batch) counts copies
    within the batch only and leaves history unknown."""
    authors = [m.author_id for m in messages]
    ids = [m.pk for m in messages]
    history = evidence.sender_history(ids, authors) if small else {}
    if small:
        counts = evidence.copies(org, [m.text for m in messages], authors)
    else:
        counts = evidence.batch_copies([m.text for m in messages], authors)
    out = []
    for message, copies in zip(messages, counts, strict=True):
        facts: dict[str, Any] = dict(message.meta or {})
        if small and message.author_id is not None:
            facts["history"] = history.get(message.author_id, 0)
        facts["same_text_accounts"] = copies
        out.append(facts)
    return out


def _best(model: TextClassifier, proba: np.ndarray) -> list[tuple[str, float]]:
    """The most likely label of each row and its probability."""
    best = np.argmax(proba, axis=1)
    names = [str(c) for c in model.classes_]
    chosen = proba[np.arange(len(best)), best].tolist()  # Python floats, converted at once
    return [(names[j], p) for j, p in zip(best.tolist(), chosen, strict=True)]


def _offensive_column(model: TextClassifier, proba: np.ndarray) -> np.ndarray:
    """The offensive head's score: the probability of ``ofensivo`` (or ``true``)."""
    classes = list(model.classes_)
    for label in ("ofensivo", "true"):
        if label in classes:
            return proba[:, classes.index(label)]
    return np.zeros(len(proba))


def _reasons(model: TextClassifier, text: str, meta: dict[str, Any] | None) -> list[str]:
    try:
        return model.explain(text, meta)
    except Exception:  # an explanation must never stop triage
        log.exception("explain failed")
        return []


def _needs_answer(label: str, text: str) -> bool:
    return label in NEEDS_ANSWER or (label == "comentario" and "?" in text)


def _topics(
    org: Organization, models: dict, texts: list[str], proba: np.ndarray | None = None
) -> list[tuple[Topic | None, float, str]]:
    topics = {t.slug: t for t in Topic.objects.filter(organization=org)}
    keywords = _TopicKeywords(topics.values())
    if Head.TOPIC in models:
        if proba is None:
            proba = models[Head.TOPIC][1].predict_proba(texts)
        predicted = _best(models[Head.TOPIC][1], proba)
        return [
            (
                topics.get(slug),
                conf,
                f"tema aprendido de conversaciones anteriores: «{topics[slug].name}»",
            )
            if slug in topics and conf >= 0.35
            else keywords.match(text)
            for (slug, conf), text in zip(predicted, texts, strict=True)
        ]
    return [keywords.match(text) for text in texts]


class _TopicKeywords:
    """The organization's topics with the search terms of their keywords, computed once."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        from dialogo.inbox.search import terms

        self.terms = terms
        self.topics = []
        for topic in topics:
            keys = [k.strip() for k in f"{topic.keywords},{topic.name}".split(",") if k.strip()]
            pairs = [(k, frozenset(terms(k))) for k in keys]
            self.topics.append((topic, [(k, t) for k, t in pairs if t]))

    def match(self, text: str) -> tuple[Topic | None, float, str]:
        """The topic whose keywords the text holds most of (all of a keyword's terms)."""
        if not self.topics:
            return None, 0.0, ""
        words = set(self.terms(text))
        best, best_hits = None, []
        for topic, keys in self.topics:
            hits = [k for k, needed in keys if needed <= words]
            if len(hits) > len(best_hits):
                best, best_hits = topic, hits
        if best is None:
            return None, 0.0, ""
        return (
            best,
            min(1.0, 0.4 + 0.2 * len(best_hits)),
            f"palabras del tema «{best.name}»: " + ", ".join(best_hits[:3]),
        )


def _apply_to_conversations(labels: list[_Labels], *, route: bool) -> None:
    """Give untopiced conversations the predicted topic (one UPDATE per topic); then route."""
    first_by_conv: dict[int, _Labels] = {}
    for label in labels:
        first_by_conv.setdefault(label.conversation_id, label)
    by_topic: dict[int, list[int]] = defaultdict(list)
    for conv_id, label in first_by_conv.items():
        if label.topic_id:
            by_topic[label.topic_id].append(conv_id)
    for topic_id, conv_ids in by_topic.items():
        Conversation.objects.filter(pk__in=conv_ids, topic__isnull=True).update(topic=topic_id)
    if route:
        conversations = Conversation.objects.filter(
            pk__in=list(first_by_conv), assignee__isnull=True
        ).select_related("organization", "channel")
        classifications = Classification.objects.select_related("message").in_bulk(
            [first_by_conv[c.pk].message_id for c in conversations], field_name="message_id"
        )
        for conv in conversations:
            row = classifications.get(first_by_conv[conv.pk].message_id)
            if row is not None:
                route_conversation(conversation=conv, classification=row)


# --- routing --------------------------------------------------------------------------------


def matching_rule(conversation: Conversation, classification: Classification) -> RoutingRule | None:
    rules = RoutingRule.objects.filter(organization=conversation.organization_id, is_active=True)
    text = classification.message.text.lower()
    for rule in rules.order_by("position", "id"):
        if rule.topic_id and rule.topic_id != (classification.topic_id or conversation.topic_id):
            continue
        if rule.message_type and rule.message_type != classification.message_type:
            continue
        if rule.channel_id and rule.channel_id != conversation.channel_id:
            continue
        keys = [k.strip().lower() for k in rule.keywords.split(",") if k.strip()]
        if keys and not any(k in text for k in keys):
            continue
        return rule
    return None


def route_conversation(
    *, conversation: Conversation, classification: Classification
) -> Membership | None:
    """Assign by the first matching rule to the least loaded available candidate."""
    rule = matching_rule(conversation, classification)
    if rule is None:
        return None
    can_answer = {"is_available": True, "role__in": roles_with(Cap.REPLY)}
    candidates = list(rule.members.filter(**can_answer).select_related("user"))
    topic_id = classification.topic_id or conversation.topic_id
    if topic_id:
        # Among the rule's people, those who know the subject; with none named, any member
        # who does.
        experts = Membership.objects.filter(
            organization=conversation.organization_id, topics=topic_id, **can_answer
        )
        known = set(experts.values_list("pk", flat=True))
        matching = [m for m in candidates if m.pk in known]
        if matching:
            candidates = matching
        elif not candidates:
            candidates = list(experts.select_related("user"))
    if not candidates:
        return None
    chosen = _least_loaded(conversation.organization_id, candidates)
    system = _RoutingActor(conversation.organization)
    try:
        assign_conversation(conversation=conversation, membership=system, assignee=chosen.user)
    except InboxError:
        return None
    audit.record(
        action="triage.route",
        organization=conversation.organization,
        target=conversation,
        details={"rule": rule.pk, "to": chosen.user_id},
    )
    return chosen


def _least_loaded(org_id: int, candidates: list[Membership]) -> Membership:
    open_states = [State.NEW, State.OPEN, State.WAITING]
    loads = dict(
        Conversation.objects.filter(
            organization=org_id, state__in=open_states, assignee__in=[c.user for c in candidates]
        )
        .values_list("assignee")
        .annotate(n=Count("id"))
    )
    return min(candidates, key=lambda m: (loads.get(m.user_id, 0), m.user_id))


class _RoutingActor:
    """Routing acts as the system: it may assign, and nobody is recorded as the actor."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.user = None

    def can(self, cap: str) -> bool:
        return cap == Cap.ASSIGN


# --- corrections and training ----------------------------------------------------------------


def correct_classification(
    *,
    classification: Classification,
    membership: Membership,
    head: str,
    label: str,
) -> Classification:
    """A staff member fixes one label: it becomes a training example and is shown at once."""
    if not membership.can(Cap.CHANGE_STATE):
        raise InboxError("not allowed")
    field = {Head.TYPE: "message_type", Head.SENTIMENT: "sentiment", Head.TOPIC: "topic_id"}.get(
        head
    )
    if head not in Head.values:
        raise InboxError("unknown head")
    with transaction.atomic():
        old = getattr(classification, field) if field else classification.offensive_score
        if head == Head.OFFENSIVE:
            classification.offensive_score = 1.0 if label == "ofensivo" else 0.0
        elif head == Head.TOPIC:
            topic = Topic.objects.filter(
                organization=classification.organization_id, pk=label
            ).first()
            if topic is None:
                raise InboxError("unknown topic")
            classification.topic = topic
            Conversation.objects.filter(pk=classification.message.conversation_id).update(
                topic=topic
            )
            label = topic.slug
        else:
            setattr(classification, field, label)
            if head == Head.TYPE:
                classification.needs_answer = _needs_answer(label, classification.message.text)
                if label in guard.GUARDED:
                    _confirmed_guarded(classification)
        classification.corrected_by = membership.user
        classification.corrected_at = timezone.now()
        # Only what changed: a classification from a large batch keeps its reasons unstored
        # (JSON null, computed when shown), which a full save would turn into SQL NULL.
        changed = {
            Head.OFFENSIVE: ["offensive_score"],
            Head.TOPIC: ["topic"],
            Head.TYPE: ["message_type", "needs_answer"],
            Head.SENTIMENT: ["sentiment"],
        }[head]
        classification.save(update_fields=[*changed, "corrected_by", "corrected_at"])
        TrainingExample.objects.create(
            organization_id=classification.organization_id,
            head=head,
            text=classification.message.text,
            label=label,
            message=classification.message,
            created_by=membership.user,
        )
        _retrain_now_and_then(classification.organization_id)
        audit.record(
            action="triage.correct",
            organization=membership.organization,
            actor=membership.user,
            target=classification.message.conversation,
            details={
                "head": head,
                "from": str(old),
                "to": label,
                **({"confirmed": "true"} if str(old) == label else {}),
            },
        )
    return classification


#: Every this many corrections the organization's models are retrained in the background:
#: the team's corrections take effect without anyone asking (or restarting anything).
RETRAIN_EVERY = 25


def _retrain_now_and_then(organization_id: int) -> None:
    count = TrainingExample.objects.filter(organization_id=organization_id).count()
    if count and count % RETRAIN_EVERY == 0:
        # tasks imports this module; imported here, at call time, to keep the import one-way.
        from dialogo.triage import tasks

        transaction.on_commit(lambda: tasks.retrain_organization.enqueue(organization_id))


def correct_detail(
    *,
    classification: Classification,
    membership: Membership,
    needs_answer: bool | None = None,
    clear_topic: bool = False,
) -> Classification:
    """Corrections that teach no model: whether the message needs an answer (a rule of its
    type and text) and taking a wrong topic away. Stored, shown at once and audited."""
    if not membership.can(Cap.CHANGE_STATE):
        raise InboxError("not allowed")
    details: dict[str, str] = {}
    fields = ["corrected_by", "corrected_at"]
    with transaction.atomic():
        if needs_answer is not None and needs_answer != classification.needs_answer:
            details.update({"needs_answer": str(needs_answer).lower()})
            classification.needs_answer = needs_answer
            fields.append("needs_answer")
        if clear_topic and classification.topic_id is not None:
            details.update({"topic": "", "from": str(classification.topic)})
            classification.topic = None
            fields.append("topic")
            Conversation.objects.filter(pk=classification.message.conversation_id).update(
                topic=None
            )
        if not details:
            return classification
        classification.corrected_by = membership.user
        classification.corrected_at = timezone.now()
        classification.save(update_fields=fields)
        audit.record(
            action="triage.correct",
            organization=membership.organization,
            actor=membership.user,
            target=classification.message.conversation,
            details=details,
        )
    return classification


def apply_correction(
    *,
    classification: Classification,
    membership: Membership,
    choice: str,
) -> Classification:
    """One choice a person made on a message's labels, as ``"head:value"``:
    ``type:queja``, ``sentiment:negativo``, ``offensive:ofensivo``, ``topic:<id>`` (empty:
    no topic), ``answer:yes``/``answer:no``, or ``confirm`` (the label triage gave is right:
    a spam or abuse label then takes effect). Raises :class:`InboxError` on a bad choice."""
    head, _sep, value = (choice or "").partition(":")
    if head == "confirm":
        head, value = Head.TYPE, classification.message_type
    if head == "answer" and value in ("yes", "no"):
        return correct_detail(
            classification=classification,
            membership=membership,
            needs_answer=value == "yes",
        )
    if head == Head.TOPIC and value == "":
        return correct_detail(
            classification=classification,
            membership=membership,
            clear_topic=True,
        )
    allowed = {
        Head.TYPE: MessageType.values,
        Head.SENTIMENT: Sentiment.values,
        Head.OFFENSIVE: Offensive.values,
    }
    if head in allowed and value not in allowed[head]:
        raise InboxError("unknown label")
    if head not in Head.values:
        raise InboxError("unknown choice")
    return correct_classification(
        classification=classification,
        membership=membership,
        head=head,
        label=value,
    )


def _confirmed_guarded(classification: Classification) -> None:
    """A person confirmed spam or abuse on the conversation's latest citizen message: the
    conversation no longer waits for an answer and its response timer stops."""
    message = classification.message
    Conversation.objects.filter(
        pk=message.conversation_id,
        awaiting_response=True,
        last_inbound_at__lte=message.created_at,
    ).update(awaiting_response=False, response_due_at=None)


def cross_validate(
    texts: list[str], labels: list[str], params: dict[str, Any], folds: int = 3
) -> dict:
    """Accuracy and macro-F1 by stratified k-fold on the training data itself.

    A label with fewer examples than folds (a stray label in a file, say) cannot be learned
    by every fold's model: its examples are left out of the score and listed as ``unscored``.
    """
    y = np.asarray(labels)
    k = usable_folds(y, folds)
    if k < 2:
        return {}
    classes = sorted(set(labels))
    proba = np.zeros((len(y), len(classes)))
    for train, test in stratified_folds(y, k):
        model = TextClassifier(random_state=0, **params).fit([texts[i] for i in train], y[train])
        columns = [classes.index(str(c)) for c in model.classes_]
        proba[np.ix_(test, columns)] = model.predict_proba([texts[i] for i in test])
    predicted = np.asarray(classes, dtype=object)[np.argmax(proba, axis=1)]
    counts = Counter(labels)
    unscored = sorted(label for label, count in counts.items() if count < k)
    scored = ~np.isin(y, unscored) if unscored else np.ones(len(y), dtype=bool)
    result = evaluate(list(y[scored]), list(predicted[scored]))
    metrics = {
        "accuracy": round(result.accuracy, 4),
        "macro_f1": round(result.macro_f1, 4),
        "folds": k,
        "n": int(scored.sum()),
        # Whether a confidence of 0.8 means right 8 times in 10, on the held-out folds.
        "reliability": calibration.reliability(y[scored], proba[scored], classes),
    }
    if unscored:
        metrics["unscored"] = unscored
    return metrics


def train_model(
    *,
    organization: Organization | None,
    head: str,
    texts: list[str],
    labels: list[str],
    name: str,
    source: str,
    params: dict[str, Any] | None = None,
    measure: bool = True,
    corrections: list[tuple[str, str]] | None = None,
    weights: list[float] | None = None,
) -> TriageModel:
    """Fit, measure by cross-validation, and store a new model version. It becomes active
    unless ``corrections`` (the organization's own corrected messages) show it worse than the
    model in use: then it is stored unused, with the figures that say why."""
    params = dict(params if params is not None else PARAMS.get(head, {}))
    model = TextClassifier(random_state=0, **params).fit(texts, labels, sample_weight=weights)
    metrics = cross_validate(texts, labels, params) if measure else {}
    keep = True
    if organization is not None and corrections:
        metrics["vs_current"] = compare_on_corrections(
            organization, head, default_dataset(head), corrections, params
        )
        keep = metrics["vs_current"]["kept"]
    with transaction.atomic():
        row = engine.store(
            model, organization=organization, head=head, name=name, source=source, metrics=metrics
        )
        if not keep:
            TriageModel.objects.filter(pk=row.pk).update(is_active=False)
            row.is_active = False
        elif organization is not None:
            TriageModel.objects.filter(organization=organization, head=head).exclude(
                pk=row.pk
            ).update(is_active=False)
    return row


#: Fewer corrected messages than this measure nothing: the new model is used.
MIN_TO_COMPARE = 6


def compare_on_corrections(
    organization: Organization,
    head: str,
    corpus: Dataset,
    corrections: list[tuple[str, str]],
    params: dict[str, Any],
    folds: int = 3,
) -> dict[str, Any]:
    """How often the model in use and a model trained the new way are right on the
    organization's corrected messages. The new way is scored out of fold (each third of the
    corrections predicted by a model trained on the others and the shipped corpus), so it
    never grades itself on what it learned; the model in use may have learned some of them,
    which only makes the test harder to pass."""
    n = len(corrections)
    if n < MIN_TO_COMPARE:
        return {"n": n, "measured": False, "kept": True}
    current_row = engine.active_row(organization, head)
    texts = [t for t, _ in corrections]
    truth = np.array([lbl for _, lbl in corrections], dtype=object)
    current = 0.0
    if current_row is not None:
        current = float(np.mean(engine.load(current_row).predict(texts) == truth))
    order = np.random.RandomState(0).permutation(n)
    predicted = np.empty(n, dtype=object)
    corrected = set(texts)
    rest = Dataset(  # the corrected texts leave the corpus: held-out ones must be unseen
        [t for t in corpus.texts if t not in corrected],
        [lbl for t, lbl in zip(corpus.texts, corpus.labels, strict=True) if t not in corrected],
    )
    for part in np.array_split(order, min(folds, n)):
        held = set(part.tolist())
        train = [(texts[i], str(truth[i])) for i in range(n) if i not in held]
        x, y, w = with_corrections(rest, train)
        model = TextClassifier(random_state=0, **params).fit(x, y, sample_weight=w)
        predicted[part] = model.predict([texts[i] for i in part])
    new = float(np.mean(predicted == truth))
    return {
        "n": n,
        "measured": True,
        "new": round(new, 4),
        "current": round(current, 4),
        "current_model": current_row.label if current_row else "",
        "kept": new >= current,
    }


def retrain_organization(*, organization: Organization, measure: bool = True) -> list[TriageModel]:
    """Retrain every head for one organization: shipped corpus plus its staff's corrections
    (a correction overrides the same text's shipped label); topics from its conversations."""
    rows = []
    for head in (Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE):
        corrections = TrainingExample.objects.filter(organization=organization, head=head)
        if not corrections.exists():
            continue
        data = default_dataset(head)
        fixed = dict(corrections.order_by("created_at").values_list("text", "label"))
        texts, labels, weights = with_corrections(data, list(fixed.items()))
        rows.append(
            train_model(
                organization=organization,
                head=head,
                texts=texts,
                labels=labels,
                weights=weights,
                name=f"{organization.slug}-{head}",
                source=f"shipped corpus + {len(fixed)} corrections",
                measure=measure,
                corrections=list(fixed.items()),
            )
        )
    topic_row = train_topic_model(organization=organization, measure=measure)
    if topic_row:
        rows.append(topic_row)
    return rows


def train_topic_model(
    *, organization: Organization, measure: bool = True, limit: int = 20_000
) -> TriageModel | None:
    """Learn topics from the first citizen message of conversations whose topic staff set."""
    pairs = list(
        Message.objects.filter(
            organization=organization, direction=Direction.IN, conversation__topic__isnull=False
        )
        .order_by("-created_at")
        .values_list("text", "conversation__topic__slug")[:limit]
    )
    labels = {label for _t, label in pairs}
    if len(pairs) < 30 or len(labels) < 2:
        return None
    texts, slugs = zip(*pairs, strict=True)
    return train_model(
        organization=organization,
        head=Head.TOPIC,
        texts=list(texts),
        labels=list(slugs),
        name=f"{organization.slug}-topic",
        source=f"{len(pairs)} messages of topic-labelled conversations",
        measure=measure,
    )


# --- settings and routing rules ----------------------------------------------------------------

_RULE_FIELDS = ("name", "position", "topic", "message_type", "channel", "keywords", "is_active")


def save_routing_rule(
    *,
    organization: Organization,
    actor: Any,
    data: dict[str, Any],
    rule: RoutingRule | None = None,
) -> RoutingRule:
    """Create a routing rule (``rule`` None) or change one, from a form's cleaned data;
    audited with the fields that changed."""
    with transaction.atomic():
        creating = rule is None
        rule = rule or RoutingRule(organization=organization)
        changed = [f for f in _RULE_FIELDS if f in data and getattr(rule, f, None) != data[f]]
        for field in _RULE_FIELDS:
            if field in data:
                setattr(rule, field, data[field])
        rule.save()
        if "members" in data:
            before = set(rule.members.values_list("pk", flat=True))
            rule.members.set(data["members"])
            if before != {m.pk for m in data["members"]}:
                changed.append("members")
        details = {"name": rule.name}
        if not creating:
            details["changed"] = ", ".join(changed)
        audit.record(
            action="triage.rule_add" if creating else "triage.rule_edit",
            organization=organization,
            actor=actor,
            target=rule,
            details=details,
        )
    return rule


def delete_routing_rule(*, organization: Organization, actor: Any, rule: RoutingRule) -> None:
    """Delete one of the organization's routing rules, audited with its name."""
    if rule.organization_id != organization.pk:
        raise InboxError("not allowed")
    with transaction.atomic():
        audit.record(
            action="triage.rule_delete",
            organization=organization,
            actor=actor,
            target=rule,
            details={"name": rule.name},
        )
        rule.delete()


def set_own_domains(*, organization: Organization, actor: Any, value: str) -> list[str]:
    """Store the institution's own domains (links to them are never a sign of spam)."""
    domains = TriageSettings.parse(value)
    with transaction.atomic():
        settings_row, _created = TriageSettings.objects.get_or_create(organization=organization)
        if TriageSettings.parse(settings_row.own_domains) == domains:
            return domains
        settings_row.own_domains = "\n".join(domains)
        settings_row.save(update_fields=["own_domains"])
        audit.record(
            action="triage.domains",
            organization=organization,
            actor=actor,
            details={"domains": ", ".join(domains)},
        )
    return domains
