"""Actions on many conversations at once from the inbox. Each one calls the same service as
the conversation page, one conversation at a time, so every change is checked, audited and
versioned exactly as if done by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dialogo.core.models import Membership
from dialogo.core.params import parse_int
from dialogo.core.roles import Cap
from dialogo.inbox import queries, services
from dialogo.inbox.models import Conversation, Direction, State

MAX_SELECTED = 200


@dataclass
class BulkResult:
    done: int = 0
    errors: list[str] = field(default_factory=list)


def parse_action(value: str) -> tuple[str, str]:
    """``"assign:12"`` → ("assign", "12"); ``"close"`` → ("close", "")."""
    verb, _sep, arg = value.partition(":")
    return verb, arg


def apply_bulk(
    *,
    membership: Membership,
    ids: list[int],
    action: str,
) -> BulkResult:
    """Apply ``action`` to the member's conversations among ``ids`` (others are ignored)."""
    verb, arg = parse_action(action)
    act = _ACTIONS.get(verb)
    if act is None:
        return BulkResult(errors=[_("Choose an action.")])
    target = act.prepare(membership, arg)
    if isinstance(target, str):
        return BulkResult(errors=[target])
    convs = queries.conversations_for(membership).filter(pk__in=ids[:MAX_SELECTED])
    result = BulkResult()
    for conv in convs.select_related("organization").defer("search_document"):
        try:
            act.run(conv, membership, target)
            result.done += 1
        except services.InboxError as exc:
            result.errors.append(f"{conv}: {exc}")
    return result


class _Assign:
    @staticmethod
    def prepare(membership: Membership, arg: str):
        if arg == "none":
            return None
        member = Membership.objects.filter(
            organization=membership.organization, user_id=parse_int(arg) or 0
        ).select_related("user")
        found = member.first()
        if found is None or not found.can(Cap.REPLY):
            return _("Choose a member of the team.")
        return found.user

    @staticmethod
    def run(conv: Conversation, membership: Membership, user) -> None:
        services.assign_conversation(conversation=conv, membership=membership, assignee=user)


class _Topic:
    @staticmethod
    def prepare(membership: Membership, arg: str):
        if arg == "none":
            return None
        topic = membership.organization.topics.filter(pk=parse_int(arg) or 0).first()
        return topic if topic is not None else _("Unknown topic.")

    @staticmethod
    def run(conv: Conversation, membership: Membership, topic) -> None:
        services.set_topic(conversation=conv, membership=membership, topic=topic)


class _Close:
    @staticmethod
    def prepare(membership: Membership, arg: str):
        return True

    @staticmethod
    def run(conv: Conversation, membership: Membership, _target) -> None:
        services.change_state(conversation=conv, membership=membership, state=State.CLOSED)


class _Spam:
    """A person corrects the citizen's last message's type to spam (a training example and
    an audit entry, like the correction on the conversation page), then closes it."""

    @staticmethod
    def prepare(membership: Membership, arg: str):
        return True

    @staticmethod
    def run(conv: Conversation, membership: Membership, _target) -> None:
        from dialogo.triage.services import correct_classification  # triage sits above inbox

        last = (
            conv.messages.filter(direction=Direction.IN, classification__isnull=False)
            .select_related("classification", "classification__message")
            .order_by("-created_at", "-id")
            .first()
        )
        if last is None:
            raise services.InboxError(_("No labelled citizen message to mark as spam."))
        if last.classification.message_type != "spam":
            correct_classification(
                classification=last.classification,
                membership=membership,
                head="type",
                label="spam",
            )
        _Close.run(conv, membership, None)


_ACTIONS = {"assign": _Assign, "topic": _Topic, "close": _Close, "spam": _Spam}
