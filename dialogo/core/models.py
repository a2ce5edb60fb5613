"""Organizations, their members and topics, and the append-only audit log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.roles import Role, role_can

MAX_TARGET_HOURS = 2000


def default_working_days() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday to Friday


class Organization(models.Model):
    """A public institution: everything else belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    work_start = models.TimeField(_("working day starts"), default=dt.time(8, 0))
    work_end = models.TimeField(_("working day ends"), default=dt.time(17, 0))
    working_days = models.JSONField(
        _("working days"), default=default_working_days, help_text=_("0 is Monday, 6 is Sunday.")
    )
    # Bounded: 2,000 business hours is about a working year; a larger target is a typo, and
    # every incoming message computes its deadline from these.
    first_response_target_hours = models.PositiveIntegerField(
        _("first response target (business hours)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_HOURS)],
    )
    resolution_target_hours = models.PositiveIntegerField(
        _("resolution target (business hours)"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_HOURS)],
    )
    webform_enabled = models.BooleanField(_("public web form enabled"), default=True)
    moderation_needs_approval = models.BooleanField(
        _("moderation needs a supervisor's approval"), default=True
    )
    privacy_notice = models.TextField(_("privacy notice"), blank=True)
    # The institution's identity on its public pages (web form, policy, transparency).
    brand_color = models.CharField(
        _("institution colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #0b4f8a."))],
        help_text=_(
            "Used on the public pages; the text on it turns white or black to stay readable."
        ),
    )
    govco_bar = models.BooleanField(
        _("show the GOV.CO bar on public pages"),
        default=True,
        help_text=_("The top bar of Colombian government sites, linking to www.gov.co."),
    )
    # A small image kept in the database (no media storage to configure); served by
    # dialogo.core.branding with its type, never inlined.
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_type = models.CharField(_("logo type"), max_length=30, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A subject the institution answers about (passports, taxes, …); routes to experts."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="topics",
        verbose_name=_("organization"),
    )
    slug = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Comma-separated words that point to this topic.")
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="topic_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organization, and the topics they know."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("topics of expertise"))
    is_available = models.BooleanField(_("available for new work"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    def can(self, cap: str) -> bool:
        return role_can(self.role, cap)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("Audit entries are append-only")

    def delete(self):
        raise ValueError("Audit entries are append-only")


class AuditEntry(models.Model):
    """One recorded act. Append-only: the database refuses updates and deletes (see migration)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("target type"), max_length=60, blank=True)
    target_id = models.CharField(_("target"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit page filters one organization by action, newest first.
            models.Index(fields=["organization", "action", "-created_at"], name="audit_org_action"),
            models.Index(fields=["organization", "-created_at"], name="audit_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only")


class RateCounter(models.Model):
    """One counter of a rate limit or a login throttle (key: what is limited, e.g.
    "webform:3:203.0.113.9"). Rows, not the cache: a conditional UPDATE is atomic on both
    databases and across processes, where the database cache's incr is a read then a write."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    window_ends_at = models.DateTimeField(_("window ends"), db_index=True)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class PeriodicRun(models.Model):
    """When a periodic job last ran: the row several schedulers claim with a conditional
    UPDATE, so a job due every hour runs once an hour however many schedulers tick."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return self.name
