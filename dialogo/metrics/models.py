"""Daily roll-ups of the conversation figures, the per-conversation timers behind the
medians, the objectives a supervisor sets, and the monthly reports kept for download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization
from dialogo.inbox.models import Conversation
from dialogo.metrics.facts import COUNTERS


class DailyRollup(models.Model):
    """Counters of one organization's day × channel × topic × type × sentiment × member,
    kept equal to a full recomputation by `services.refresh_conversations`. The counter
    columns, one per name in `facts.COUNTERS`, are added below the class."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,  # the unique key starts with it and serves the dashboard's sums
    )
    day = models.DateField(_("day (Bogotá)"))
    # Plain ids, not foreign keys: the conversation's fact row is what is subtracted when
    # anything changes, and 0 means "none".
    channel_id = models.BigIntegerField(_("channel"))
    topic_id = models.BigIntegerField(_("topic"), default=0)
    message_type = models.CharField(_("type"), max_length=20, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=20, blank=True)
    member_id = models.BigIntegerField(_("member"), default=0)

    class Meta:
        verbose_name = _("daily roll-up")
        verbose_name_plural = _("daily roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organization",
                    "day",
                    "channel_id",
                    "topic_id",
                    "message_type",
                    "sentiment",
                    "member_id",
                ],
                name="rollup_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day} {self.channel_id}"


class DailyMarginal(models.Model):
    """The same counters summed over all but one dimension (`dim`, at `value`), and over all
    of them (`dim` empty): the unfiltered dashboard reads a few hundred of these rows for a
    year instead of every fine-grained roll-up row. Kept by the same deltas."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,  # the unique key starts with it and serves the dashboard's sums
    )
    day = models.DateField(_("day (Bogotá)"))
    dim = models.CharField(_("dimension"), max_length=20, blank=True)
    value = models.CharField(_("value"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("daily total")
        verbose_name_plural = _("daily totals")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "dim", "value"], name="marginal_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day} {self.dim}={self.value}"


for _name in COUNTERS:
    DailyRollup.add_to_class(_name, models.BigIntegerField(_name.replace("_", " "), default=0))
    DailyMarginal.add_to_class(_name, models.BigIntegerField(_name.replace("_", " "), default=0))


class ConversationFact(models.Model):
    """One conversation's place in the figures: its dimensions, timers and what it last
    added to the roll-ups (subtracted before its new contribution is added)."""

    conversation = models.OneToOneField(
        Conversation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="metrics_fact",
        verbose_name=_("conversation"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,  # the indexes below start with it
    )
    channel_id = models.BigIntegerField(_("channel"))
    topic_id = models.BigIntegerField(_("topic"), default=0)
    member_id = models.BigIntegerField(_("member"), default=0)
    message_type = models.CharField(_("type"), max_length=20, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=20, blank=True)
    started_day = models.DateField(_("started (Bogotá day)"), null=True)
    first_response_day = models.DateField(_("first response (Bogotá day)"), null=True)
    fr_business = models.IntegerField(_("first response (business seconds)"), null=True)
    fr_calendar = models.IntegerField(_("first response (seconds)"), null=True)
    resolved_day = models.DateField(_("closed (Bogotá day)"), null=True)
    res_business = models.IntegerField(_("resolution (business seconds)"), null=True)
    res_calendar = models.IntegerField(_("resolution (seconds)"), null=True)
    contribution = models.JSONField(_("roll-up contribution"), default=list)

    class Meta:
        verbose_name = _("conversation figures")
        verbose_name_plural = _("conversation figures")
        indexes = [
            # Medians, p90 and drill-downs of first responses given in a period.
            # Covering: the values are read from the index alone (the rows are wide).
            models.Index(
                fields=[
                    "organization",
                    "first_response_day",
                    "fr_business",
                    "fr_calendar",
                    "member_id",
                ],
                name="fact_first_response",
            ),
            # The same for closes.
            models.Index(
                fields=[
                    "organization",
                    "resolved_day",
                    "res_business",
                    "res_calendar",
                    "member_id",
                ],
                name="fact_resolution",
            ),
            models.Index(fields=["organization", "started_day"], name="fact_started"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}"


class DirtyConversation(models.Model):
    """A conversation whose figures must be worked out again (an imported batch marks its
    conversations here, inside its own transaction; the worker drains the table)."""

    conversation_id = models.BigIntegerField(_("conversation"), primary_key=True)
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation to recount")
        verbose_name_plural = _("conversations to recount")

    def __str__(self) -> str:
        return f"{self.conversation_id}"


class ObjectiveMetric(models.TextChoices):
    ANSWERED_WITHIN = "answered_within", _("Share of first responses within N business hours")
    RESPONSE_RATE = "response_rate", _("Response rate (messages that needed an answer)")
    MEDIAN_FIRST_RESPONSE = "median_fr", _("Median first response (business hours, at most)")
    ANSWERED_COUNT = "answered_count", _("Messages answered (at least)")
    DIALOGUE_SHARE = "dialogue_share", _("Dialogue share (replies among what we publish)")


class Objective(models.Model):
    """A supervisor's target: a metric, a target value and a period."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    metric = models.CharField(_("metric"), max_length=20, choices=ObjectiveMetric.choices)
    target = models.FloatField(_("target"), help_text=_("A percentage, hours or a count."))
    within_hours = models.PositiveIntegerField(_("within (business hours)"), null=True, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    is_public = models.BooleanField(_("shown on the transparency page"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["-end", "id"]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≥ {self.target}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One organization's monthly report, written once by the worker and kept."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    xlsx = models.BinaryField(_("XLSX"), null=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-month"]
        constraints = [
            # Two requests for the same month at once make one report.
            models.UniqueConstraint(fields=["organization", "month"], name="report_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m}"
