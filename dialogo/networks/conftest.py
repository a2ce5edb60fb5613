"""Connector tests assert on the adapters' English messages: run them in English (the
Spanish catalogue is checked by the page and browser tests)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setenv("LANGUAGE_CODE", "en")
    with translation.override("en"):
        yield
