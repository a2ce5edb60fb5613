"""Channels: one account of the institution on one network (or its web form, or e-mail)."""

from __future__ import annotations

from typing import Any

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
        Organization, on_delete=models.CASCADE, related_name="channels", verbose_name=_("organization")
    )
    kind = models.CharField(_("network"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    handle = models.CharField(_("account"), max_length=200, blank=True)
    credentials_encrypted = models.TextField(_("credentials (encrypted)"), blank=True, editable=False)
    cursor = models.JSONField(_("polling cursor"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ChannelStatus.choices, default=ChannelStatus.ACTIVE
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

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
