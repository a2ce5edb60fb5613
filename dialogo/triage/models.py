"""Triage: trained models, each message's labels with their reasons, staff corrections,
and the routing rules that send a conversation to who knows its subject."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Membership, Organization, Topic
from dialogo.inbox.models import Message
from dialogo.networks.models import Channel
from dialogo.triage.labels import Head, MessageType, Sentiment


class TriageModel(models.Model):
    """A trained classifier for one head. Organization empty: available to every one."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    head = models.CharField(_("head"), max_length=20, choices=Head.choices)
    name = models.CharField(_("name"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    code_version = models.CharField(_("code version"), max_length=40)
    trained_on = models.PositiveIntegerField(_("training examples"))
    labels = models.JSONField(_("labels"), default=list)
    metrics = models.JSONField(_("measured quality"), default=dict, blank=True)
    source = models.CharField(_("training data"), max_length=300, blank=True)
    blob = models.BinaryField(_("model"))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("trained"), auto_now_add=True)

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["head", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "head", "name", "version"], name="triage_model_version"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "head", "is_active"], name="triage_model_active")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.head})"

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"


class Classification(models.Model):
    """What triage concluded about one inbound message, and why."""

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, related_name="classification", verbose_name=_("message")
    )
    # Not indexed alone: the (organization, message_at) index below serves it, and every
    # index costs on each of the millions of rows an import writes.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,
    )
    message_type = models.CharField(_("type"), max_length=20, choices=MessageType.choices)
    type_confidence = models.FloatField(_("type confidence"))
    sentiment = models.CharField(_("sentiment"), max_length=20, choices=Sentiment.choices)
    sentiment_confidence = models.FloatField(_("sentiment confidence"))
    offensive_score = models.FloatField(_("offensive score"))
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    topic_confidence = models.FloatField(_("topic confidence"), default=0.0)
    needs_answer = models.BooleanField(_("needs an answer"))
    reasons = models.JSONField(_("reasons"), default=list)
    models_used = models.JSONField(_("models used"), default=dict)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
        db_index=False,  # read only with its row; deleting a user is rare
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    created_at = models.DateTimeField(_("classified"))
    # When the citizen wrote the message (its created_at, copied): alerts count by it, so
    # an imported history, classified today, is not mistaken for today's spike.
    message_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        indexes = [
            # Alerts count types and sentiment per topic over time windows.
            models.Index(fields=["organization", "message_at"], name="classification_org_written"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.message_type}/{self.sentiment}"

    @property
    def is_offensive(self) -> bool:
        return self.offensive_score >= 0.5

    @property
    def models_used_shown(self) -> list[tuple[str, dict]]:
        """(head's translated name, {"name", "version"}) of the models that labelled it."""
        names = dict(Head.choices)
        return [(str(names.get(head, head)), used) for head, used in self.models_used.items()]

    @property
    def needs_model_words(self) -> bool:
        """Whether the model's words must be worked out when shown: none were stored (a large
        import), or they were stored in the old form, which quoted char fragments."""
        return self.reasons is None or any(r.startswith("rasgos que") for r in self.reasons)

    @property
    def explained(self) -> list[tuple[str, str, list[str]]]:
        """(head's name, the label shown, its reasons) for each label, in plain Spanish.

        The rules are read again from the text (a few regular expressions), so each reason
        sits beside the label it supports, for stored and unstored explanations alike; the
        model's own words and the topic's reason come from what was stored.
        """
        from dialogo.triage.ml import lexicon

        message, author = self.message, self.message.author
        meta = lexicon.account_meta(
            message.created_at, author.account_created_at, author.has_avatar, author.followers
        )
        hits = lexicon.scan(message.text, meta)
        stored = self.reasons or []
        model_words = [r for r in stored if r.startswith(("palabras que", "rasgos que"))]
        type_model = getattr(self, "type_model", None)  # set by the page that shows it
        if self.needs_model_words and type_model is not None:
            try:
                model_words = [
                    r for r in type_model.explain(message.text) if r.startswith("palabras que")
                ]
            except Exception:  # an explanation never breaks the page
                model_words = []
        topic_reasons = [r for r in stored if r.startswith("tema")]
        if not topic_reasons and self.topic_id and self.topic is not None:
            topic_reasons = [f"tema «{self.topic.name}»"]
        # After a correction, the model's words for the label it had chosen explain nothing.
        shown_name = f"«{lexicon.LABEL_NAMES.get(self.message_type, self.message_type)}»"
        model_words = [r for r in model_words if shown_name in r and "rasgos" not in r]
        offensive = "ofensivo" if self.is_offensive else "no_ofensivo"
        rows = [
            (
                _("Type"),
                self.get_message_type_display(),
                lexicon.reasons_for(hits, "type", self.message_type) + model_words,
            ),
            (
                _("Sentiment"),
                self.get_sentiment_display(),
                lexicon.reasons_for(hits, "sentiment", self.sentiment),
            ),
            (
                _("Offensive language"),
                f"{self.offensive_score:.2f}".replace(".", ","),
                lexicon.reasons_for(hits, "offensive", offensive),
            ),
        ]
        if self.topic_id:
            rows.append((_("Topic"), self.topic.name if self.topic else "", topic_reasons))
        from dialogo.triage.reasons_en import shown as in_language

        return [(head, label, in_language(reasons)) for head, label, reasons in rows if reasons]

    @property
    def shown_reasons(self) -> list[str]:
        """The stored reasons; for messages classified in a large batch (an import), which
        store none to keep imports fast, the rule-based reasons computed now."""
        if self.reasons is not None:
            return self.reasons
        from dialogo.triage.ml import lexicon

        message, author = self.message, self.message.author
        meta = lexicon.account_meta(
            message.created_at, author.account_created_at, author.has_avatar, author.followers
        )
        reasons = lexicon.reasons(message.text, meta)
        if self.topic_id and self.topic is not None:
            reasons.append(f"tema «{self.topic.name}»")
        return reasons


class TrainingExample(models.Model):
    """A labelled text for retraining: staff corrections, or examples an admin imported."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    head = models.CharField(_("head"), max_length=20, choices=Head.choices)
    text = models.TextField(_("text"))
    label = models.CharField(_("label"), max_length=80)
    message = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")
        indexes = [models.Index(fields=["organization", "head"], name="training_org_head")]

    def __str__(self) -> str:
        return f"{self.head}={self.label}: {self.text[:40]}"


class RoutingRule(models.Model):
    """If a new conversation matches (topic, type, channel, keywords), assign it to the least
    loaded available member among the rule's members, or among the topic's experts."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("order"), default=100)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    message_type = models.CharField(
        _("type"), max_length=20, choices=MessageType.choices, blank=True
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("channel"),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; any of them matches."),
    )
    members = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="+",
        verbose_name=_("assign to"),
        help_text=_("Empty: the members whose expertise includes the conversation's topic."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
