"""Loading the models in use, with a per-process cache (models are read-only once trained)."""

from __future__ import annotations

import logging
import threading

from django.db import IntegrityError, transaction
from django.db.models import Q

from dialogo.core.models import Organization
from dialogo.triage.labels import Head
from dialogo.triage.ml.default import train_default
from dialogo.triage.ml.features import NgramVectorizer
from dialogo.triage.ml.model import MODEL_VERSION, TextClassifier
from dialogo.triage.models import TriageModel

log = logging.getLogger(__name__)
DEFAULT_NAME = "default"
_cache: dict[tuple, TextClassifier] = {}
_vectorizers: dict[str, NgramVectorizer] = {}
# Trained once per process: a fresh database (a new install, each test) stores it again.
_trained_defaults: dict[str, TextClassifier] = {}
_lock = threading.Lock()


def load(row: TriageModel) -> TextClassifier:
    # Keyed by more than the id: a rolled-back database can hand out the same id again.
    key = (row.pk, row.organization_id, row.head, row.name, row.version, row.created_at)
    with _lock:
        model = _cache.get(key)
        if model is None:
            blob = (
                row.blob
                if "blob" not in row.get_deferred_fields()
                else (TriageModel.objects.values_list("blob", flat=True).get(pk=row.pk))
            )
            model = TextClassifier.from_bytes(bytes(blob))
            # The heads trained on the same texts have equal vectorisers: keep one in memory
            # (tens of MB each, with its token tables), shared by all of them.
            shared = _vectorizers.setdefault(model.vectorizer_.fingerprint(), model.vectorizer_)
            model.vectorizer_ = shared
            _cache[key] = model
        return model


def active_row(organization: Organization | None, head: str) -> TriageModel | None:
    """The organization's newest active model for `head`, else the shared default."""
    qs = TriageModel.objects.filter(head=head, is_active=True, code_version=MODEL_VERSION).defer(
        "blob"
    )
    if organization is not None:
        own = qs.filter(organization=organization).order_by("-created_at").first()
        if own:
            return own
    return qs.filter(organization__isnull=True, name=DEFAULT_NAME).order_by("-version").first()


def ensure_default(head: str) -> TriageModel:
    """The shipped default model of `head`, trained from the project's corpus on first use."""
    row = active_row(None, head)
    if row is not None:
        return row
    model = _trained_defaults.get(head)
    if model is None:
        log.info("training the default %s model from the shipped corpus", head)
        model = _trained_defaults[head] = train_default(head)
    try:
        with transaction.atomic():
            return store(
                model, organization=None, head=head, name=DEFAULT_NAME, source="shipped corpus"
            )
    except IntegrityError:
        return active_row(None, head)  # another process trained it at the same time


def store(
    model: TextClassifier,
    *,
    organization: Organization | None,
    head: str,
    name: str,
    source: str,
    metrics: dict | None = None,
) -> TriageModel:
    """Save a trained model as the next version of (organization, head, name)."""
    latest = (
        TriageModel.objects.filter(organization=organization, head=head, name=name)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return TriageModel.objects.create(
        organization=organization,
        head=head,
        name=name,
        version=(latest or 0) + 1,
        code_version=MODEL_VERSION,
        trained_on=int(getattr(model, "n_train_", 0)),
        labels=[str(c) for c in model.classes_],
        metrics=metrics or {},
        source=source[:300],
        blob=model.to_bytes(),
    )


def models_for(organization: Organization) -> dict[str, tuple[TriageModel, TextClassifier]]:
    """The row and loaded classifier of each text head for this organization.

    One query finds the organization's active models and the shared defaults of every head
    (a batch import asks once per batch).
    """
    heads = (Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE, Head.TOPIC)
    rows = (
        TriageModel.objects.filter(is_active=True, code_version=MODEL_VERSION, head__in=heads)
        .filter(Q(organization=organization) | Q(organization__isnull=True, name=DEFAULT_NAME))
        .defer("blob")
        .order_by("-created_at", "-version")
    )
    own: dict[str, TriageModel] = {}
    shared: dict[str, TriageModel] = {}
    for row in rows:
        if row.organization_id == organization.pk:
            own.setdefault(row.head, row)
        elif row.head not in shared or row.version > shared[row.head].version:
            shared[row.head] = row
    out = {}
    for head in (Head.TYPE, Head.SENTIMENT, Head.OFFENSIVE):
        row = own.get(head) or shared.get(head) or ensure_default(head)
        out[head] = (row, load(row))
    if Head.TOPIC in own:
        out[Head.TOPIC] = (own[Head.TOPIC], load(own[Head.TOPIC]))
    return out
