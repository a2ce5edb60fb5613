"""Saved replies: answers the team writes once and inserts from the composer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization


class SavedReply(models.Model):
    """A reply kept for reuse, for the whole organization (no owner) or one person. Its text
    may hold variables such as {citizen_name}, filled in when inserted (see
    knowledge.services.VARIABLES)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="saved_replies",
        verbose_name=_("organization"),
        db_index=False,  # saved_reply_owner starts with it
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for"),
        help_text=_("Empty: the whole team uses it."),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        ordering = ["title", "id"]
        indexes = [
            # The composer's picker: the organization's shared replies and one person's own.
            models.Index(fields=["organization", "owner", "title"], name="saved_reply_owner"),
        ]

    def __str__(self) -> str:
        return self.title
