"""A new organization gets the legal PQRSD defaults (types and terms, settings)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from dialogo.core.models import Organization
from dialogo.pqrsd.services import seed_organization


@receiver(post_save, sender=Organization, dispatch_uid="pqrsd_seed_organization")
def seed_new_organization(sender, instance: Organization, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        seed_organization(organization=instance)
