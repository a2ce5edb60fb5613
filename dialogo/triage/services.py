"""Triage writes: classify messages, take staff corrections, retrain, and route."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dialogo.core import audit
from dialogo.core.models import Membership, Organization, Topic
from dialogo.core.roles import Cap
from dialogo.inbox.models import Conversation, Direction, Message, State
from dialogo.inbox.services import InboxError, assign_conversation
from dialogo.triage import engine
from dialogo.triage.labels import NEEDS_ANSWER, Head
from dialogo.triage.ml import lexicon
from dialogo.triage.ml.data import evaluate
from dialogo.triage.ml.default import PARAMS, default_dataset
from dialogo.triage.ml.model import TextClassifier
from dialogo.triage.models import Classification, RoutingRule, TrainingExample, TriageModel

log = logging.getLogger(__name__)
EXPLAIN_LIMIT = 50  # per-message n-gram explanations cost ~1 ms: only for small batches


# --- classifying ---------------------------------------------------------------------------


def classify_messages(*, message_ids: Sequence[int], route: bool = True) -> int:
    """Label every not-yet-classified inbound message among `message_ids`; returns how many."""
    messages = list(
        Message.objects.filter(
            pk__in=list(message_ids), direction=Direction.IN, classification__isnull=True
        )
        .select_related("organization", "conversation", "author")
        .only(
            "id",
            "text",
            "organization",
            "conversation",
            "author__created_at",
            "author__display_name",
        )
    )
    by_org: dict[int, list[Message]] = defaultdict(list)
    for message in messages:
        by_org[message.organization_id].append(message)
    done = 0
    for group in by_org.values():
        done += _classify_group(group[0].organization, group, route=route)
    return done


def _classify_group(org: Organization, messages: list[Message], *, route: bool) -> int:
    models = engine.models_for(org)
    texts = [m.text for m in messages]
    predictions = {
        head: _predict(model, texts) for head, (_row, model) in models.items() if head != Head.TOPIC
    }
    offensive = _offensive_scores(models[Head.OFFENSIVE][1], texts)
    topics = _topics(org, models, texts)
    used = {head: {"id": row.pk, "name": row.label} for head, (row, _m) in models.items()}
    explain = len(messages) <= EXPLAIN_LIMIT
    now = timezone.now()
    rows = []
    for i, message in enumerate(messages):
        label, confidence = predictions[Head.TYPE][i]
        sentiment, s_conf = predictions[Head.SENTIMENT][i]
        topic, t_conf, t_reason = topics[i]
        reasons = _reasons(models[Head.TYPE][1], message.text, explain) + (
            [t_reason] if t_reason else []
        )
        rows.append(
            Classification(
                message=message,
                organization=org,
                message_type=label,
                type_confidence=confidence,
                sentiment=sentiment,
                sentiment_confidence=s_conf,
                offensive_score=float(offensive[i]),
                topic=topic,
                topic_confidence=t_conf,
                needs_answer=_needs_answer(label, message.text),
                reasons=reasons,
                models_used=used,
                created_at=now,
            )
        )
    with transaction.atomic():
        Classification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        _apply_to_conversations(rows, route=route)
    return len(rows)


def _predict(model: TextClassifier, texts: list[str]) -> list[tuple[str, float]]:
    proba = model.predict_proba(texts)
    best = np.argmax(proba, axis=1)
    return [(str(model.classes_[j]), float(proba[i, j])) for i, j in enumerate(best)]


def _offensive_scores(model: TextClassifier, texts: list[str]) -> np.ndarray:
    label = (
        "ofensivo"
        if "ofensivo" in model.classes_
        else ("true" if "true" in model.classes_ else None)
    )
    if label is None:
        return np.zeros(len(texts))
    return model.score_of(texts, label)


def _reasons(model: TextClassifier, text: str, explain: bool) -> list[str]:
    try:
        return model.explain(text) if explain else lexicon.reasons(text)
    except Exception:  # an explanation must never stop triage
        log.exception("explain failed")
        return []


def _needs_answer(label: str, text: str) -> bool:
    return label in NEEDS_ANSWER or (label == "comentario" and "?" in text)


def _topics(
    org: Organization, models: dict, texts: list[str]
) -> list[tuple[Topic | None, float, str]]:
    topics = {t.slug: t for t in Topic.objects.filter(organization=org)}
    if Head.TOPIC in models:
        predicted = _predict(models[Head.TOPIC][1], texts)
        return [
            (
                topics.get(slug),
                conf,
                f"tema aprendido de conversaciones anteriores: «{topics[slug].name}»",
            )
            if slug in topics and conf >= 0.35
            else _keyword_topic(topics.values(), text)
            for (slug, conf), text in zip(predicted, texts, strict=True)
        ]
    return [_keyword_topic(topics.values(), text) for text in texts]


def _keyword_topic(topics, text: str) -> tuple[Topic | None, float, str]:
    from dialogo.inbox.search import terms

    words = set(terms(text))
    best, best_hits = None, []
    for topic in topics:
        keys = [k.strip() for k in f"{topic.keywords},{topic.name}".split(",") if k.strip()]
        hits = [k for k in keys if set(terms(k)) and set(terms(k)) <= words]
        if len(hits) > len(best_hits):
            best, best_hits = topic, hits
    if best is None:
        return None, 0.0, ""
    return (
        best,
        min(1.0, 0.4 + 0.2 * len(best_hits)),
        f"palabras del tema «{best.name}»: " + ", ".join(best_hits[:3]),
    )


def _apply_to_conversations(rows: list[Classification], *, route: bool) -> None:
    """Give untopiced conversations the predicted topic, close-free spam stays; then route."""
    first_by_conv: dict[int, Classification] = {}
    for row in rows:
        first_by_conv.setdefault(row.message.conversation_id, row)
    for conv_id, row in first_by_conv.items():
        if row.topic_id:
            Conversation.objects.filter(pk=conv_id, topic__isnull=True).update(topic=row.topic_id)
    if route:
        conversations = Conversation.objects.filter(
            pk__in=list(first_by_conv), assignee__isnull=True
        ).select_related("organization", "channel")
        for conv in conversations:
            route_conversation(conversation=conv, classification=first_by_conv[conv.pk])


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
    candidates = list(rule.members.filter(is_available=True).select_related("user"))
    topic_id = classification.topic_id or conversation.topic_id
    if not candidates and topic_id:
        candidates = list(
            Membership.objects.filter(
                organization=conversation.organization_id, topics=topic_id, is_available=True
            ).select_related("user")
        )
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
    ip_address: str | None = None,
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
        classification.corrected_by = membership.user
        classification.corrected_at = timezone.now()
        classification.save()
        TrainingExample.objects.create(
            organization_id=classification.organization_id,
            head=head,
            text=classification.message.text,
            label=label,
            message=classification.message,
            created_by=membership.user,
        )
        audit.record(
            action="triage.correct",
            organization=membership.organization,
            actor=membership.user,
            target=classification.message.conversation,
            details={"head": head, "from": str(old), "to": label},
            ip_address=ip_address,
        )
    return classification


def cross_validate(
    texts: list[str], labels: list[str], params: dict[str, Any], folds: int = 3
) -> dict:
    """Accuracy and macro-F1 by stratified k-fold on the training data itself."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels)
    counts = np.unique(y, return_counts=True)[1]
    k = int(min(folds, counts.min())) if len(counts) > 1 else 0
    if k < 2:
        return {}
    predicted = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(k, shuffle=True, random_state=0).split(texts, y):
        model = TextClassifier(random_state=0, **params).fit([texts[i] for i in train], y[train])
        predicted[test] = model.predict([texts[i] for i in test])
    result = evaluate(list(y), list(predicted))
    return {
        "accuracy": round(result.accuracy, 4),
        "macro_f1": round(result.macro_f1, 4),
        "folds": k,
        "n": len(y),
    }


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
) -> TriageModel:
    """Fit, measure by cross-validation, and store a new model version (it becomes active)."""
    params = dict(params if params is not None else PARAMS.get(head, {}))
    model = TextClassifier(random_state=0, **params).fit(texts, labels)
    metrics = cross_validate(texts, labels, params) if measure else {}
    with transaction.atomic():
        row = engine.store(
            model, organization=organization, head=head, name=name, source=source, metrics=metrics
        )
        if organization is not None:
            TriageModel.objects.filter(organization=organization, head=head).exclude(
                pk=row.pk
            ).update(is_active=False)
    return row


def retrain_organization(*, organization: Organization, measure: bool = True) -> list[TriageModel]:
    """Retrain every head for one organization: shipped corpus plus its staff's corrections
    (a correction overrides the same text's shipped label); topics from its conversations."""
    rows = []
    for head in (Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE):
        corrections = TrainingExample.objects.filter(organization=organization, head=head)
        if not corrections.exists():
            continue
        data = default_dataset(head)
        merged = dict(zip(data.texts, data.labels, strict=True))
        for text, label in corrections.order_by("created_at").values_list("text", "label"):
            merged[text] = label
        rows.append(
            train_model(
                organization=organization,
                head=head,
                texts=list(merged),
                labels=list(merged.values()),
                name=f"{organization.slug}-{head}",
                source=f"shipped corpus + {corrections.count()} corrections",
                measure=measure,
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
