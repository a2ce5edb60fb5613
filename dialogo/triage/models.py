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
from dialogo.triage.ml.guard import GUARDED

#: Under this type confidence a message is "por revisar": a person should look at it.
REVIEW_BELOW = 0.5


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
    def awaiting_confirmation(self) -> bool:
        """Spam or abuse found by triage that no person has confirmed: it removes nothing
        from the lists of conversations waiting for an answer."""
        return self.message_type in GUARDED and self.corrected_at is None

    @property
    def needs_review(self) -> bool:
        """ "Por revisar": triage was unsure (its confidence under :data:`REVIEW_BELOW`),
        held back a spam or abuse label for lack of evidence, or gave one nobody confirmed."""
        if self.corrected_at is not None:
            return False
        held = any(isinstance(r, dict) and r.get("code") == "held_back" for r in self.reasons or [])
        return self.type_confidence < REVIEW_BELOW or held or self.awaiting_confirmation


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


class TriageSettings(models.Model):
    """An organization's triage settings: its own web domains, whose links are never a
    sign of spam (its site, its procedures portal, its news page)."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="triage_settings",
        verbose_name=_("organization"),
    )
    own_domains = models.TextField(
        _("the institution's own domains"),
        blank=True,
        help_text=_(
            "One per line or comma-separated, e.g. bogota.gov.co. Links to them are never a sign of spam."
        ),
    )

    class Meta:
        verbose_name = _("triage settings")
        verbose_name_plural = _("triage settings")

    def __str__(self) -> str:
        return str(self.organization)

    @staticmethod
    def parse(value: str) -> list[str]:
        """Domains from what a person typed: one per line or comma-separated; a pasted
        address (``https://www.x.gov.co/…``) counts as its domain."""
        out = []
        for part in value.replace(",", "\n").split():
            host = part.strip().lower()
            host = host.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
            if "." in host and len(host) <= 253:
                out.append(host)
        return list(dict.fromkeys(out))

    @classmethod
    def domains_of(cls, organization: Organization) -> list[str]:
        value = (
            cls.objects.filter(organization=organization)
            .values_list("own_domains", flat=True)
            .first()
        )
        return cls.parse(value or "")
