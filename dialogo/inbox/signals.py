"""Hooks for later stages: triage and routing listen to `message_received` (sent on commit)."""

from django.dispatch import Signal

# Sent after the transaction that stored a new inbound message commits; kwargs: message_id.
message_received = Signal()
