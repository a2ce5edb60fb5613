"""Deployment checks of our own (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Production needs its own credentials key: one derived from SECRET_KEY dies with it."""
    if not settings.ENCRYPTION_KEY:
        return [
            Error(
                "ENCRYPTION_KEY is not set: network credentials are encrypted with a key "
                "derived from SECRET_KEY, and rotating SECRET_KEY would make them unreadable.",
                hint="Set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE) to the output of "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`, then run "
                "`manage.py rotate_encryption_key`.",
                id="dialogo.E001",
            )
        ]
    errors = []
    for name, keys in (
        ("ENCRYPTION_KEY", [settings.ENCRYPTION_KEY]),
        ("ENCRYPTION_KEY_FALLBACKS", settings.ENCRYPTION_KEY_FALLBACKS),
    ):
        for key in keys:
            try:
                Fernet(key)
            except ValueError:
                errors.append(
                    Error(
                        f"{name} holds a value that is not a Fernet key.",
                        hint="A Fernet key is 32 url-safe base64-encoded bytes (44 characters).",
                        id="dialogo.E002",
                    )
                )
    return errors
