"""Channels: one account of the institution on one network (or its web form, or e-mail)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.crypto import decrypt_json, encrypt_json
from dialogo.core.models import Organization


class ChannelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ERROR = "error", _("Needs attention")


class Channel(models.Model):
    """An account the institution talks through. `kind` names an adapter in the registry."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("network"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    handle = models.CharField(_("account"), max_length=200, blank=True)
    credentials_encrypted = models.TextField(
        _("credentials (encrypted)"), blank=True, editable=False
    )
    cursor = models.JSONField(_("polling cursor"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ChannelStatus.choices, default=ChannelStatus.ACTIVE
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=120)
    # When the scheduler next enqueues a poll; pushed forward on claim, on back-off
    # (429 Retry-After) and after each poll.
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    # Set while a worker polls the channel; another worker skips it until it expires.
    poll_lease_until = models.DateTimeField(_("polling until"), null=True, blank=True)
    # The day the follower snapshot was last queued (claimed once per day per channel).
    followers_checked_on = models.DateField(_("followers checked on"), null=True, blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]
        indexes = [
            # The scheduler's poll: active channels whose next poll is due.
            models.Index(
                fields=["next_poll_at"], condition=models.Q(status="active"), name="channel_due"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def credentials(self) -> dict[str, Any]:
        return decrypt_json(self.credentials_encrypted)

    def set_credentials(self, data: dict[str, Any]) -> None:
        self.credentials_encrypted = encrypt_json(data)

    @property
    def adapter(self):
        from dialogo.networks.registry import get_adapter

        return get_adapter(self.kind)(self)

    @property
    def kind_label(self) -> str:
        from dialogo.networks.registry import kind_label

        return kind_label(self.kind)


class FollowerSnapshot(models.Model):
    """Followers (or fans) of a channel's account on one day, for the metrics."""

    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        related_name="follower_snapshots",
        verbose_name=_("channel"),
    )
    day = models.DateField(_("day"))
    followers = models.PositiveIntegerField(_("followers"))
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower snapshot")
        verbose_name_plural = _("follower snapshots")
        ordering = ["channel", "day"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "day"], name="follower_snapshot_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.day}: {self.followers}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One archive import into a channel: its progress, counts and where to resume."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="imports", verbose_name=_("channel")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    file_path = models.CharField(_("file"), max_length=1000)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    archive_format = models.CharField(_("format"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_bytes = models.BigIntegerField(_("size"), default=0)
    processed_bytes = models.BigIntegerField(_("processed"), default=0)
    # Records already handled: a re-run skips this many before doing any work.
    position = models.BigIntegerField(_("records processed"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    duplicate_count = models.PositiveIntegerField(_("already present"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # Items left out on purpose (boosts and retweets of others' posts), not errors.
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    rejections = models.JSONField(_("rejection reasons (first ones)"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name or self.file_path} → {self.channel}"

    @property
    def percent(self) -> int:
        return (
            min(100, int(100 * self.processed_bytes / self.total_bytes)) if self.total_bytes else 0
        )
