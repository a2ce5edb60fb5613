"""Encryption at rest for network credentials (Fernet: AES-128-CBC + HMAC-SHA256).

Keys, newest first: `ENCRYPTION_KEY` (every new value is encrypted with it), then
`ENCRYPTION_KEY_FALLBACKS` (older keys, still read while `manage.py rotate_encryption_key`
moves their values to the new key), then keys derived from `SECRET_KEY` and
`SECRET_KEY_FALLBACKS` (how installs before `ENCRYPTION_KEY` existed encrypted: still read,
so they keep working). Without `ENCRYPTION_KEY` the key derived from `SECRET_KEY` encrypts;
fine for development, refused by `manage.py check --deploy` (dialogo.E001).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def derived_key(secret: str) -> str:
    """The key older installs used: derived from a SECRET_KEY."""
    digest = hashlib.sha256(("dialogo-credentials:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys() -> list[str]:
    """Every key that may have encrypted a stored value, the one that encrypts first."""
    explicit = [settings.ENCRYPTION_KEY] if settings.ENCRYPTION_KEY else []
    fallbacks = list(getattr(settings, "ENCRYPTION_KEY_FALLBACKS", []))
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = [*explicit, *fallbacks, *(derived_key(s) for s in secrets if s)]
    return list(dict.fromkeys(keys))  # without repeats, order kept


@functools.lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys):
        try:
            fernets.append(Fernet(key))
        except ValueError as exc:
            name = "ENCRYPTION_KEY" if position == 0 else "ENCRYPTION_KEY_FALLBACKS"
            raise ImproperlyConfigured(
                f"{name} must hold Fernet keys (32 url-safe base64-encoded bytes)"
            ) from exc
    return MultiFernet(fernets)


def _fernet() -> MultiFernet:
    return _multi(tuple(configured_keys()))


def encrypt_json(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Stored credentials cannot be decrypted with ENCRYPTION_KEY or its fallbacks: "
            "was a key removed before `manage.py rotate_encryption_key` ran?"
        ) from exc


class UnreadableSecret(Exception):
    """A stored value no configured key decrypts (its key was removed too early)."""


def reencrypt(token: str, where: str = "") -> str:
    """The same value encrypted with the current key."""
    if not token:
        return token
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise UnreadableSecret(
            f"{where or 'a stored secret'}: no key in ENCRYPTION_KEY or its fallbacks reads it"
        ) from exc


#: Functions that re-encrypt one app's stored secrets and return how many they rewrote.
#: Each app holding secrets registers one (`@rotates_secrets`), so this module needs none.
ROTATIONS: list[Callable[[], int]] = []


def rotates_secrets(func: Callable[[], int]) -> Callable[[], int]:
    if func not in ROTATIONS:
        ROTATIONS.append(func)
    return func
