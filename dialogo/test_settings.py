"""Fast settings for the test suite: cheap hashing, local-memory cache, immediate tasks."""

import os

os.environ.setdefault("DEBUG", "1")

from dialogo.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "es-co")
ALLOW_PRIVATE_NETWORK_HOSTS = True  # the real-server tests connect to 127.0.0.1
# An audited action missing from audit.Action fails the test (production logs it instead).
AUDIT_STRICT = True
