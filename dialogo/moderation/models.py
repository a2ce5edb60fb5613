"""The published use policy, moderation acts against it, and their append-only log; and
alerts when complaints, abuse or negative sentiment spike."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization, Topic
from dialogo.inbox.models import Message
from dialogo.networks.models import Channel


class PolicyClause(models.Model):
    """One clause of the organization's published use policy; every moderation act cites one."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="policy_clauses",
        verbose_name=_("organization"),
    )
    code = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in force"), default=True)
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy clause")
        verbose_name_plural = _("policy clauses")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="clause_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def wording(self) -> tuple[str, str, str]:
        return (self.code, self.title, self.text)


class PolicyClauseVersion(models.Model):
    """One wording of a clause, kept for good: an amended clause keeps its earlier wordings,
    and each moderation act points at the wording it cited. Never updated or deleted."""

    clause = models.ForeignKey(
        PolicyClause, on_delete=models.PROTECT, related_name="versions", verbose_name=_("clause")
    )
    code = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("clause wording")
        verbose_name_plural = _("clause wordings")
        ordering = ["clause", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def wording(self) -> tuple[str, str, str]:
        return (self.code, self.title, self.text)


class ActionKind(models.TextChoices):
    HIDE = "hide", _("Hide")
    REPORT = "report", _("Report to the network")
    DELETE = "delete", _("Delete on the network")


class ActionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Carried out on the network")
    RECORDED = "recorded", _("Recorded (the network has no such action: do it there by hand)")
    FAILED = "failed", _("Failed on the network")


class ModerationAction(models.Model):
    """A request to hide, report or delete a message, citing a clause. The message and its
    text are never erased from Diálogo: `original_text` keeps them for the record."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
        verbose_name=_("message"),
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    action = models.CharField(_("action"), max_length=10, choices=ActionKind.choices)
    clause = models.ForeignKey(
        PolicyClause, on_delete=models.PROTECT, related_name="actions", verbose_name=_("clause")
    )
    # The clause as it read when the act was requested: amending it later changes nothing here.
    clause_version = models.ForeignKey(
        PolicyClauseVersion,
        on_delete=models.PROTECT,
        null=True,
        related_name="actions",
        verbose_name=_("clause as cited"),
    )
    note = models.TextField(_("note"), blank=True)
    original_text = models.TextField(_("original text"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    result = models.TextField(_("network result"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation act")
        verbose_name_plural = _("moderation acts")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The approval queue and the public transparency page.
            models.Index(
                fields=["organization", "status", "-created_at"], name="moderation_org_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.message_id} ({self.clause.code})"

    @property
    def hides(self) -> bool:
        """Whether the message is shown collapsed: hidden or deleted, carried out or recorded."""
        return self.action in (ActionKind.HIDE, ActionKind.DELETE) and self.status in (
            ActionStatus.DONE,
            ActionStatus.RECORDED,
        )


class ModerationLogEntry(models.Model):
    """Append-only log of every step of every moderation act (the database refuses changes)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    moderation = models.ForeignKey(
        ModerationAction,
        on_delete=models.PROTECT,
        related_name="log",
        verbose_name=_("moderation act"),
    )
    event = models.CharField(_("event"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.moderation_id} {self.event}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("The moderation log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The moderation log is append-only")


class AlertKind(models.TextChoices):
    COMPLAINTS = "complaints", _("Complaints and claims")
    ABUSE = "abuse", _("Abuse and offensive language")
    NEGATIVE = "negative", _("Negative sentiment")


class Alert(models.Model):
    """A spike against the topic's own recent baseline, raised once per kind, topic and hour."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AlertKind.choices)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("until"))
    count = models.PositiveIntegerField(_("messages"))
    baseline = models.FloatField(_("usual (per day)"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "topic", "window_end"], name="alert_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.topic_id}: {self.count} vs {self.baseline:.1f}"
