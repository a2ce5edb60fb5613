"""Moderation acts (each citing a policy clause, approved when the organization wants it,
carried out through the connector) and spike alerts."""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dialogo.core import audit
from dialogo.core.models import Membership, Organization
from dialogo.core.roles import Cap, Role
from dialogo.inbox.models import Direction, Message
from dialogo.moderation.models import (
    ActionKind,
    ActionStatus,
    Alert,
    AlertKind,
    ModerationAction,
    ModerationLogEntry,
    PolicyClause,
    PolicyClauseVersion,
)
from dialogo.networks.base import AdapterError
from dialogo.triage.models import Classification

log = logging.getLogger(__name__)


#: Statuses of an act that stands: a message with one cannot get another.
STANDING_STATUSES = (ActionStatus.PENDING, ActionStatus.DONE, ActionStatus.RECORDED)


class ModerationError(Exception):
    """A refused moderation request, with a message fit to show."""


def _log(act: ModerationAction, event: str, actor: Any = None, **details: Any) -> None:
    ModerationLogEntry.objects.create(
        organization_id=act.organization_id,
        moderation=act,
        event=event,
        actor=actor,
        details=details,
    )
    audit.record(
        action=f"moderation.{event}",
        organization=act.organization,
        actor=actor,
        target=act.message.conversation,
        details={"moderation": act.pk, **details},
    )


def request_moderation(
    *,
    membership: Membership,
    message: Message,
    action: str,
    clause: PolicyClause | None,
    note: str = "",
) -> ModerationAction:
    """Ask to hide/report/delete a message. Without a clause of the policy there is no act."""
    if not membership.can(Cap.MODERATE):
        raise ModerationError(_("Your role does not allow moderation."))
    if action not in ActionKind.values:
        raise ModerationError(_("Unknown moderation action."))
    if (
        clause is None
        or clause.organization_id != membership.organization_id
        or not clause.is_active
    ):
        raise ModerationError(_("Choose the clause of the use policy that the message breaks."))
    if message.organization_id != membership.organization_id:
        raise ModerationError(_("Unknown message."))
    if message.direction != Direction.IN:
        raise ModerationError(_("Only citizens' messages can be moderated."))
    with transaction.atomic():
        # One standing act per message: another waits, or was carried out or recorded.
        # A rejected or failed one leaves room for a new request.
        standing = (
            ModerationAction.objects.select_for_update()
            .filter(message=message, status__in=STANDING_STATUSES)
            .first()
        )
        if standing is not None:
            raise ModerationError(
                _("This message already has a moderation act: %(action)s, %(status)s.")
                % {
                    "action": standing.get_action_display().lower(),
                    "status": standing.get_status_display().lower(),
                }
            )
        act = ModerationAction.objects.create(
            organization=membership.organization,
            message=message,
            channel_id=message.channel_id,
            action=action,
            clause=clause,
            clause_version=record_wording(clause),
            note=note[:2000],
            original_text=message.text,
            requested_by=membership.user,
        )
        _log(act, "requested", membership.user, kind=action, clause=clause.code)
    needs_approval = membership.organization.moderation_needs_approval and not membership.can(
        Cap.APPROVE_MODERATION
    )
    if needs_approval:
        _notify_approvers(act)
        return act
    # No approval step: the requester's own decision (a supervisor's, or the organization's rule).
    ModerationAction.objects.filter(pk=act.pk).update(
        decided_by=membership.user, decided_at=timezone.now()
    )
    act.refresh_from_db()
    _carry_out(act)
    return act


def decide_moderation(
    *, moderation: ModerationAction, membership: Membership, approve: bool
) -> ModerationAction:
    """A supervisor approves (then it is carried out) or rejects a pending act."""
    if not membership.can(Cap.APPROVE_MODERATION):
        raise ModerationError(_("Only a supervisor or an administrator can decide."))
    claimed = ModerationAction.objects.filter(
        pk=moderation.pk,
        organization=membership.organization,
        status=ActionStatus.PENDING,
        decided_at__isnull=True,
    ).update(
        decided_by=membership.user,
        decided_at=timezone.now(),
        status=ActionStatus.PENDING if approve else ActionStatus.REJECTED,
    )
    moderation.refresh_from_db()
    if not claimed:
        raise ModerationError(_("This act was already decided."))
    _log(moderation, "approved" if approve else "rejected", membership.user)
    if approve:
        _carry_out(moderation)
    return moderation


def _carry_out(act: ModerationAction) -> None:
    adapter = act.channel.adapter if _has_adapter(act.channel) else None
    try:
        if adapter is None:
            raise NotImplementedError
        if act.action not in adapter.moderation_actions:
            raise NotImplementedError
        result = adapter.moderate(act.action, act.message, reason=str(act.clause))
        status, event = ActionStatus.DONE, "executed"
    except NotImplementedError:
        result, status, event = "", ActionStatus.RECORDED, "recorded"
    except (AdapterError, OSError) as exc:
        result, status, event = str(exc), ActionStatus.FAILED, "failed"
    ModerationAction.objects.filter(pk=act.pk).update(status=status, result=result[:2000])
    act.status, act.result = status, result
    _log(act, event, None, result=result[:500])


def _has_adapter(channel) -> bool:
    try:
        _adapter = channel.adapter
    except LookupError:
        return False
    return True


def _notify_approvers(act: ModerationAction) -> None:
    approvers = Membership.objects.filter(
        organization=act.organization_id, role__in=[Role.ADMIN, Role.SUPERVISOR]
    ).select_related("user")
    recipients = [m.user.email for m in approvers if m.user.email]
    if recipients:
        link = settings.SITE_URL.rstrip("/") + reverse(
            "moderation:queue", args=[act.organization.slug]
        )
        body = _("%(who)s asks to %(action)s a message under clause %(clause)s.") % {
            "who": act.requested_by.get_full_name() or act.requested_by.username,
            "action": act.get_action_display().lower(),
            "clause": act.clause.code,
        }
        send_mail(
            _("Diálogo: a moderation act waits for your approval"),
            body
            + "\n\n"
            + _("Approve or reject it here: %(link)s") % {"link": f"{link}#a{act.pk}"},
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=True,
        )


def record_wording(clause: PolicyClause, user: Any = None) -> PolicyClauseVersion:
    """Store the clause's wording as it reads now (once) as a version of it."""
    latest = clause.versions.order_by("-created_at", "-id").first()
    if latest is not None and latest.wording == clause.wording:
        return latest
    return PolicyClauseVersion.objects.create(
        clause=clause,
        code=clause.code,
        title=clause.title,
        text=clause.text,
        created_at=clause.created_at if latest is None else timezone.now(),
        created_by=user,
    )


def publish_clause(
    *,
    organization: Organization,
    user: Any,
    code: str,
    title: str,
    text: str,
    position: int = 0,
    is_active: bool = True,
) -> PolicyClause:
    """Add a clause to the use policy, with its first wording on record.
    Raises ModerationError when the organization already has a clause with this number."""
    try:
        with transaction.atomic():
            clause = PolicyClause.objects.create(
                organization=organization,
                code=code,
                title=title,
                text=text,
                position=position,
                is_active=is_active,
            )
            record_wording(clause, user)
            audit.record(
                action=audit.Action.POLICY_CLAUSE,
                organization=organization,
                actor=user,
                target=clause,
                details={"code": clause.code},
            )
    except IntegrityError as exc:
        raise ModerationError(_("A clause with this number already exists.")) from exc
    return clause


def set_clause_in_force(*, clause: PolicyClause, user: Any, in_force: bool) -> None:
    """Retire a clause (or put it back): it leaves the public policy and the moderation
    form; acts that cited it keep it. Clauses are never deleted."""
    with transaction.atomic():
        PolicyClause.objects.filter(pk=clause.pk).update(is_active=in_force)
        clause.is_active = in_force
        audit.record(
            action=audit.Action.POLICY_CLAUSE,
            organization=clause.organization,
            actor=user,
            target=clause,
            details={"code": clause.code, "in_force": in_force},
        )


def amend_clause(
    *,
    clause: PolicyClause,
    before: tuple[str, str, str],
    user: Any,
) -> None:
    """Save an edited clause. A new wording (number, title or text) becomes a new version;
    the earlier one is kept (written first if the clause predates versions), so the public
    policy shows both and acts keep citing what they cited. Raises ModerationError when the
    new number is another clause's."""
    try:
        with transaction.atomic():
            _amend(clause, before, user)
    except IntegrityError as exc:
        raise ModerationError(_("A clause with this number already exists.")) from exc


def _amend(clause: PolicyClause, before: tuple[str, str, str], user: Any) -> None:
    changed = [
        name
        for name, old, new in zip(("code", "title", "text"), before, clause.wording, strict=True)
        if old != new
    ]
    if changed:
        # The wording being replaced, stored if missing (a clause that predates versions).
        earlier = PolicyClause(pk=clause.pk, created_at=clause.created_at)
        earlier.code, earlier.title, earlier.text = before
        record_wording(earlier)
    clause.save()
    if not changed:
        return
    record_wording(clause, user)
    audit.record(
        action=audit.Action.POLICY_CLAUSE,
        organization=clause.organization,
        actor=user,
        target=clause,
        details={
            "code": clause.code,
            "changes": {
                name: [old, new]
                for name, old, new in zip(
                    ("code", "title", "text"), before, clause.wording, strict=True
                )
                if old != new
            },
        },
    )


def standing_acts(message_ids: list[int]) -> dict[int, ModerationAction]:
    """The act that stands on each message (waiting, carried out or recorded), if any."""
    acts = ModerationAction.objects.filter(
        message_id__in=message_ids, status__in=STANDING_STATUSES
    ).select_related("clause")
    return {a.message_id: a for a in acts}


# --- alerts --------------------------------------------------------------------------------

WINDOW = dt.timedelta(hours=24)
BASELINE_DAYS = 14
MIN_COUNT = 5


def _kind_filter(kind: str) -> Q:
    if kind == AlertKind.COMPLAINTS:
        return Q(message_type__in=["queja", "reclamo"])
    if kind == AlertKind.ABUSE:
        # Abuse counts once a person confirmed it (triage alone never sets off an alert).
        return Q(message_type="abuso", corrected_at__isnull=False) | Q(offensive_score__gte=0.5)
    return Q(sentiment="negativo")


def _topic_filter(topic_id: int | None) -> Q:
    return Q(topic__isnull=True) if topic_id is None else Q(topic_id=topic_id)


def alert_conversations(organization: Organization, alert_id: int) -> QuerySet:
    """Ids of the conversations whose messages made the alert (its kind, topic and window);
    none for an alert of another organization."""
    alert = Alert.objects.filter(organization=organization, pk=alert_id).first()
    if alert is None:
        return Classification.objects.none().values("message__conversation_id")
    return (
        Classification.objects.filter(
            organization=organization,
            message_at__gte=alert.window_start,
            message_at__lt=alert.window_end,
        )
        .filter(_kind_filter(alert.kind), _topic_filter(alert.topic_id))
        .values("message__conversation_id")
    )


def _daily_counts(
    rows: QuerySet, kind: str, now: dt.datetime
) -> dict[tuple[int, int | None], list[int]]:
    """Messages of one alert kind per (organization, topic) and per 24-hour day back from
    `now` (index 0 = the last 24 hours), counted by the database in one GROUP BY."""
    days = {
        f"day{d}": Count(
            "pk",
            filter=Q(message_at__gt=now - WINDOW * (d + 1), message_at__lte=now - WINDOW * d),
        )
        for d in range(BASELINE_DAYS + 1)
    }
    grouped = (
        rows.filter(_kind_filter(kind))
        .order_by()
        .values("organization_id", "topic_id")
        .annotate(**days)
    )
    return {
        (row["organization_id"], row["topic_id"]): [row[name] for name in days] for row in grouped
    }


def _is_spike(counts: list[int]) -> tuple[bool, float]:
    current, history = counts[0], counts[1:]
    mean, spread = statistics.fmean(history), statistics.pstdev(history)
    return current >= MIN_COUNT and current >= 2 * mean and current > mean + 3 * spread, mean


def detect_alerts(*, organization: Organization, now: dt.datetime | None = None) -> list[Alert]:
    """Raise an alert where the last 24 h beat the same topic's previous 14 days: at least
    5 messages, twice the daily mean and above mean + 3 standard deviations."""
    return _detect(Organization.objects.filter(pk=organization.pk), now)


def detect_alerts_everywhere(*, now: dt.datetime | None = None) -> list[Alert]:
    """`detect_alerts` for every organization at once (the scheduler's hourly job)."""
    return _detect(Organization.objects.all(), now)


def _detect(organizations: QuerySet, now: dt.datetime | None) -> list[Alert]:
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    since = now - WINDOW * (BASELINE_DAYS + 1)
    # By when citizens wrote, not when triage ran: an imported history is not a spike.
    rows = Classification.objects.filter(
        organization__in=organizations, message_at__gte=since, message_at__lt=now
    )
    by_id = {o.pk: o for o in organizations}
    raised = []
    for kind in AlertKind.values:
        for (org_id, topic_id), counts in _daily_counts(rows, kind, now).items():
            spike, mean = _is_spike(counts)
            if spike:
                alert = _raise(by_id[org_id], kind, topic_id, now, counts[0], mean)
                if alert:
                    raised.append(alert)
    return raised


def _raise(
    org: Organization, kind: str, topic_id: int | None, now: dt.datetime, count: int, mean: float
) -> Alert | None:
    recent = Alert.objects.filter(
        _topic_filter(topic_id), organization=org, kind=kind, window_end__gt=now - WINDOW
    )
    if recent.exists():
        return None  # one alert per spike, not one per hour while it lasts
    alert = Alert.objects.create(
        organization=org,
        kind=kind,
        topic_id=topic_id,
        window_start=now - WINDOW,
        window_end=now,
        count=count,
        baseline=mean,
    )
    audit.record(
        action=audit.Action.ALERT_RAISED,
        organization=org,
        actor=None,  # raised by the hourly check, not by a person
        target=alert,
        details={"kind": kind, "count": count},
    )
    recipients = [
        m.user.email
        for m in Membership.objects.filter(
            organization=org, role__in=[Role.ADMIN, Role.SUPERVISOR]
        ).select_related("user")
        if m.user.email
    ]
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            topic = alert.topic.name if alert.topic else _("no topic")
            link = settings.SITE_URL.rstrip("/") + reverse("inbox:inbox", args=[org.slug])
            body = _(
                "%(count)s messages in the last 24 hours; usually %(mean)s a day.\n\n"
                "The messages: %(link)s"
            ) % {
                "count": count,
                "mean": number_format(mean, 1, use_l10n=True),
                "link": f"{link}?alert={alert.pk}",
            }
            send_mail(
                _("Diálogo alert: %(kind)s on %(topic)s")
                % {"kind": alert.get_kind_display(), "topic": topic},
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
                fail_silently=True,
            )
    return alert


def acknowledge_alert(*, alert: Alert, membership: Membership) -> None:
    """A supervisor or an administrator marks an alert as seen, for everyone."""
    if not membership.can(Cap.APPROVE_MODERATION):
        raise ModerationError(_("Only a supervisor or an administrator can dismiss alerts."))
    Alert.objects.filter(
        pk=alert.pk, organization=membership.organization, acknowledged_at__isnull=True
    ).update(acknowledged_by=membership.user, acknowledged_at=timezone.now())
    audit.record(
        action=audit.Action.ALERT_ACKNOWLEDGED,
        organization=membership.organization,
        actor=membership.user,
        target=alert,
    )


def open_alerts(organization: Organization) -> list[Alert]:
    return list(
        Alert.objects.filter(organization=organization, acknowledged_at__isnull=True)
        .select_related("topic")
        .order_by("-created_at")[:5]
    )
