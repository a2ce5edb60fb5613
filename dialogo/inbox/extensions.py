"""What the apps above the inbox add to its pages, registered from their `AppConfig.ready()`
so the inbox shows it without importing them (see "Layers" in CONTRIBUTING.md).

A contributor returns extra template context (and may annotate the thread's messages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from dialogo.inbox.models import Conversation, Message

InboxContext = Callable[[HttpRequest], dict[str, Any]]
#: A live-view contributor returns tiles: dicts with name, label, count, url (may be "").
LiveTiles = Callable[[HttpRequest], list[dict[str, Any]]]
ConversationContext = Callable[[HttpRequest, Conversation, list[Message]], dict[str, Any]]

INBOX: list[InboxContext] = []
CONVERSATION: list[ConversationContext] = []
LIVE: list[LiveTiles] = []


def live_tiles(func: LiveTiles) -> LiveTiles:
    """Add numbers to the supervisor's live view (each opens the list behind it)."""
    if func not in LIVE:
        LIVE.append(func)
    return func


def for_live(request: HttpRequest) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The contributed tiles, and extra context (a tile's ``context`` entry) for the page."""
    tiles: list[dict[str, Any]] = []
    context: dict[str, Any] = {}
    for contribute in LIVE:
        for tile in contribute(request):
            context.update(tile.pop("context", {}))
            tiles.append(tile)
    return tiles, context


def inbox_context(func: InboxContext) -> InboxContext:
    """Add context to the inbox list page."""
    if func not in INBOX:
        INBOX.append(func)
    return func


def conversation_context(func: ConversationContext) -> ConversationContext:
    """Add context to a conversation's page (the thread is the list of its messages)."""
    if func not in CONVERSATION:
        CONVERSATION.append(func)
    return func


def for_inbox(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contribute in INBOX:
        context.update(contribute(request))
    return context


def for_conversation(
    request: HttpRequest, conversation: Conversation, thread: list[Message]
) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contribute in CONVERSATION:
        context.update(contribute(request, conversation, thread))
    return context
