"""Every write of the metrics: keeping the roll-ups exact, objectives and reports.

`refresh_conversations` is the one incremental path: it works a conversation's figures out
again (`facts.compute`), subtracts what the conversation added last time and adds the new
contribution. Live messages, replies, reassignments, closes, label corrections and imports
all end here; `recompute` rebuilds an organization from nothing with the same calculation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from dialogo.core.models import Organization
from dialogo.core.services import calendar_for
from dialogo.inbox.models import Conversation, Direction, Message, SendStatus
from dialogo.metrics import facts
from dialogo.metrics.models import (
    ConversationFact,
    DailyMarginal,
    DailyRollup,
    DirtyConversation,
)

BATCH = 2000
_BULK_KEYS = 64  # above this many changed rows, apply them in bulk rather than one by one
_DIMS = ("day", "channel_id", "topic_id", "message_type", "sentiment", "member_id")
_MARGINAL_DIMS = ("day", "dim", "value")


def _chunks(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- reading a conversation as the calculation needs it -----------------------------------


def load_conversations(ids: Iterable[int]) -> dict[int, tuple[int, facts.Conv]]:
    """{conversation id: (organization id, Conv)} with their messages, failed sends left out."""
    found: dict[int, tuple[int, facts.Conv]] = {}
    rows = Conversation.objects.filter(pk__in=list(ids)).values_list(
        "pk", "organization_id", "channel_id", "topic_id", "assignee_id", "resolved_at"
    )
    for pk, org_id, channel_id, topic_id, assignee_id, resolved_at in rows:
        found[pk] = (org_id, facts.Conv(channel_id, topic_id, assignee_id, resolved_at))
    messages = (
        Message.objects.filter(conversation_id__in=list(found))
        .exclude(direction=Direction.OUT, send_status=SendStatus.FAILED)
        .values_list(
            "conversation_id",
            "id",
            "direction",
            "created_at",
            "classification__message_type",
            "classification__sentiment",
            "classification__needs_answer",
        )
    )
    for conv_id, pk, direction, created_at, kind, sentiment, needs in messages:
        inbound = direction == Direction.IN
        found[conv_id][1].messages.append(
            facts.Msg(pk, inbound, created_at, kind or "", sentiment or "", needs)
        )
    return found


class _Calendars(dict):
    """(calendar, first-response target hours) per organization id, read once."""

    def __missing__(self, org_id: int) -> tuple[Any, int]:
        org = Organization.objects.get(pk=org_id)
        self[org_id] = (calendar_for(org), org.first_response_target_hours)
        return self[org_id]


def _fact_fields(org_id: int, conv: facts.Conv, timing: facts.Timing) -> dict[str, Any]:
    day = facts.local_day
    return {
        "organization_id": org_id,
        "channel_id": conv.channel_id,
        "topic_id": conv.topic_id or 0,
        "member_id": conv.member_id or 0,
        "message_type": timing.type,
        "sentiment": timing.sentiment,
        "started_day": day(timing.started_at) if timing.started_at else None,
        "first_response_day": day(timing.first_response_at) if timing.first_response_at else None,
        "fr_business": timing.fr_business,
        "fr_calendar": timing.fr_calendar,
        "resolved_day": day(conv.resolved_at) if timing.res_business is not None else None,
        "res_business": timing.res_business,
        "res_calendar": timing.res_calendar,
    }


# --- the incremental path -----------------------------------------------------------------


def refresh_conversations(*, conversation_ids: Iterable[int]) -> int:
    """Bring the roll-ups and fact rows of these conversations up to date; returns how many
    roll-up rows changed. Gone conversations were subtracted when they were deleted."""
    changed = 0
    for chunk in _chunks(sorted(set(conversation_ids))):
        with transaction.atomic():
            changed += _refresh_chunk(chunk)
    return changed


def _refresh_chunk(ids: list[int]) -> int:
    # A write first: on SQLite it takes the write lock (PostgreSQL: the row locks below),
    # so two workers never both read the old contribution and both add the new one.
    DirtyConversation.objects.filter(conversation_id__in=ids).delete()
    list(Conversation.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    loaded = load_conversations(ids)
    old = {f.pk: f for f in ConversationFact.objects.filter(conversation_id__in=list(loaded))}
    calendars = _Calendars()
    deltas: dict[int, facts.Contribution] = {}
    new_facts, updated_facts = [], []
    for pk, (org_id, conv) in loaded.items():
        calendar, target = calendars[org_id]
        contribution, timing = facts.compute(conv, calendar, target)
        previous = old.get(pk)
        delta = facts.diff(facts.decode(previous.contribution if previous else []), contribution)
        facts.merge(deltas.setdefault(org_id, {}), delta)
        row = ConversationFact(
            conversation_id=pk,
            contribution=facts.encode(contribution),
            **_fact_fields(org_id, conv, timing),
        )
        (updated_facts if previous else new_facts).append(row)
    ConversationFact.objects.bulk_create(new_facts)
    fields = [f.name for f in ConversationFact._meta.concrete_fields if not f.primary_key]
    ConversationFact.objects.bulk_update(updated_facts, fields, batch_size=500)
    return sum(apply_delta(organization_id=o, delta=d) for o, d in deltas.items())


def apply_delta(*, organization_id: int, delta: facts.Contribution) -> int:
    """Add counters to roll-up and daily-total rows (creating missing ones, dropping rows
    that reach zero); returns how many roll-up rows changed."""
    delta = {k: c for k, c in delta.items() if any(c.values())}
    if not delta:
        return 0
    _apply(DailyRollup, organization_id, delta, _DIMS)
    _apply(DailyMarginal, organization_id, marginal(delta), _MARGINAL_DIMS)
    return len(delta)


def marginal(contribution: facts.Contribution) -> facts.Contribution:
    """Each key's counters added to (day, "", "") and to (day, dimension, value) for each of
    its five dimensions."""
    out: facts.Contribution = {}
    for key, counts in contribution.items():
        day = key[0]
        targets = [(day, "", "")] + [
            (day, dim, str(value)) for dim, value in zip(_DIMS[1:], key[1:], strict=True)
        ]
        for target in targets:
            facts.merge(out, {target: counts})  # type: ignore[dict-item]
    return out


def _apply(model, organization_id: int, delta: facts.Contribution, dims) -> None:
    if len(delta) > _BULK_KEYS:
        _apply_bulk(model, organization_id, delta, dims)
    else:
        for key, counts in delta.items():
            _apply_one(model, organization_id, dict(zip(dims, key, strict=True)), counts)
    days = {key[0] for key in delta}
    model.objects.filter(
        organization_id=organization_id, day__in=days, **dict.fromkeys(facts.COUNTERS, 0)
    ).delete()


def _apply_one(model, organization_id: int, key: dict[str, Any], counts: dict[str, int]) -> None:
    where = {"organization_id": organization_id, **key}
    increments = {name: F(name) + value for name, value in counts.items()}
    if model.objects.filter(**where).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**where, **counts)
    except IntegrityError:  # created by another writer between our update and insert
        model.objects.filter(**where).update(**increments)


def _apply_bulk(model, organization_id: int, delta: facts.Contribution, dims) -> None:
    days = sorted({key[0] for key in delta})
    existing = {
        tuple(getattr(row, d) for d in dims): row
        for row in model.objects.select_for_update().filter(
            organization_id=organization_id, day__in=days
        )
    }
    create, update = [], []
    for key, counts in delta.items():
        row = existing.get(key)
        if row is None:
            fields = dict(zip(dims, key, strict=True))
            create.append(model(organization_id=organization_id, **fields, **counts))
            continue
        for name, value in counts.items():
            setattr(row, name, getattr(row, name) + value)
        update.append(row)
    model.objects.bulk_create(create, batch_size=500)
    model.objects.bulk_update(update, list(facts.COUNTERS), batch_size=200)


def _key_fields(organization_id: int, key: facts.Key) -> dict[str, Any]:
    return {"organization_id": organization_id, **dict(zip(_DIMS, key, strict=True))}


def forget_conversation(*, conversation_id: int) -> None:
    """Subtract a conversation that is being deleted (its fact row goes with it)."""
    fact = ConversationFact.objects.filter(conversation_id=conversation_id).first()
    if fact is not None:
        old = facts.decode(fact.contribution)
        apply_delta(organization_id=fact.organization_id, delta=facts.diff(old, {}))


# --- imports: mark now, count after -------------------------------------------------------


def mark_dirty(*, message_ids: list[int]) -> int:
    """Mark the conversations of an imported batch for the worker (one query each way)."""
    conv_ids = set(
        Message.objects.filter(pk__in=message_ids).values_list("conversation_id", flat=True)
    )
    DirtyConversation.objects.bulk_create(
        [DirtyConversation(conversation_id=pk) for pk in conv_ids], ignore_conflicts=True
    )
    return len(conv_ids)


def refresh_dirty(*, limit: int = 100_000) -> int:
    """Work out the marked conversations again, oldest marks first; returns how many."""
    done = 0
    while done < limit:
        ids = list(
            DirtyConversation.objects.order_by("marked_at", "conversation_id").values_list(
                "conversation_id", flat=True
            )[:BATCH]
        )
        if not ids:
            break
        refresh_conversations(conversation_ids=ids)
        # Conversations deleted since they were marked leave a mark nothing would clear.
        DirtyConversation.objects.filter(conversation_id__in=ids).delete()
        done += len(ids)
    return done


# --- the full path --------------------------------------------------------------------------


def expected_rollups(
    *, organization: Organization
) -> tuple[facts.Contribution, dict[int, tuple[facts.Contribution, dict]]]:
    """Every roll-up counter and fact row of an organization worked out from nothing."""
    calendar = calendar_for(organization)
    target = organization.first_response_target_hours
    total: facts.Contribution = {}
    per_conv: dict[int, tuple[facts.Contribution, dict]] = {}
    ids = list(
        Conversation.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(ids):
        for pk, (org_id, conv) in load_conversations(chunk).items():
            contribution, timing = facts.compute(conv, calendar, target)
            facts.merge(total, contribution)
            per_conv[pk] = (contribution, _fact_fields(org_id, conv, timing))
    total = {k: {n: v for n, v in c.items() if v} for k, c in total.items() if any(c.values())}
    return total, per_conv


def recompute(*, organization: Organization) -> int:
    """Rebuild an organization's roll-ups and fact rows from its messages; returns the
    number of roll-up rows. Safe to run at any time (one transaction)."""
    total, per_conv = expected_rollups(organization=organization)
    with transaction.atomic():
        DailyRollup.objects.filter(organization=organization).delete()
        DailyMarginal.objects.filter(organization=organization).delete()
        ConversationFact.objects.filter(organization=organization).delete()
        for chunk in _chunks(list(per_conv)):
            DirtyConversation.objects.filter(conversation_id__in=chunk).delete()
        ConversationFact.objects.bulk_create(
            (
                ConversationFact(conversation_id=pk, contribution=facts.encode(c), **fields)
                for pk, (c, fields) in per_conv.items()
            ),
            batch_size=1000,
        )
        DailyRollup.objects.bulk_create(
            (
                DailyRollup(**_key_fields(organization.pk, key), **counts)
                for key, counts in total.items()
            ),
            batch_size=1000,
        )
        DailyMarginal.objects.bulk_create(
            (
                DailyMarginal(organization=organization, day=k[0], dim=k[1], value=k[2], **c)
                for k, c in marginal(total).items()
            ),
            batch_size=1000,
        )
    return len(total)


def stored_rollups(*, organization: Organization) -> facts.Contribution:
    """The roll-up table of an organization as a Contribution (zero counters left out)."""
    out: facts.Contribution = {}
    for row in DailyRollup.objects.filter(organization=organization).values():
        key = tuple(row[d] for d in _DIMS)
        counts = {n: row[n] for n in facts.COUNTERS if row[n]}
        if counts:
            out[key] = counts  # type: ignore[index]
    return out


def stored_marginals(*, organization: Organization) -> facts.Contribution:
    out: facts.Contribution = {}
    for row in DailyMarginal.objects.filter(organization=organization).values():
        counts = {n: row[n] for n in facts.COUNTERS if row[n]}
        if counts:
            out[(row["day"], row["dim"], row["value"])] = counts  # type: ignore[index]
    return out


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


# --- objectives -------------------------------------------------------------------------------


def set_objective(*, organization: Organization, actor: Any, data: dict[str, Any]):
    """A supervisor's new objective, recorded in the audit log."""
    from dialogo.core import audit
    from dialogo.metrics.models import Objective

    with transaction.atomic():
        objective = Objective.objects.create(organization=organization, created_by=actor, **data)
        audit.record(
            action="metrics.objective_set",
            organization=organization,
            actor=actor,
            target=objective,
            details={k: str(v) for k, v in data.items()},
        )
    return objective


def remove_objective(*, objective: Any, actor: Any) -> None:
    from dialogo.core import audit

    with transaction.atomic():
        audit.record(
            action="metrics.objective_removed",
            organization=objective.organization,
            actor=actor,
            target=objective,
            details={"metric": objective.metric, "target": objective.target},
        )
        objective.delete()


# --- reports ----------------------------------------------------------------------------------


def request_report(*, organization: Organization, month: dt.date, actor: Any = None):
    """The month's report: the one already asked for, or a new one queued for the worker.
    Two requests at once make one row (unique per month) and one generation (the claim)."""
    from dialogo.metrics.models import Report, ReportStatus

    month = month.replace(day=1)
    try:
        with transaction.atomic():
            report, created = Report.objects.get_or_create(
                organization=organization, month=month, defaults={"requested_by": actor}
            )
    except IntegrityError:
        report, created = Report.objects.get(organization=organization, month=month), False
    if not created and report.status == ReportStatus.FAILED:
        Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
            status=ReportStatus.QUEUED, error=""
        )
        created = True
    if created:
        transaction.on_commit(lambda: _enqueue_report(report.pk))
    return report


def _enqueue_report(report_id: int) -> None:
    from dialogo.metrics.tasks import write_report

    write_report.enqueue(report_id)


def write_report(*, report_id: int) -> bool:
    """Write one queued report (PDF and XLSX); claimed with a conditional UPDATE so a second
    worker finds nothing to do."""
    from django.utils import timezone

    from dialogo.metrics import reports
    from dialogo.metrics.models import Report, ReportStatus

    claimed = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING
    )
    if not claimed:
        return False
    report = Report.objects.select_related("organization").get(pk=report_id)
    try:
        content = reports.monthly(report.organization, report.month)
        pdf, xlsx = reports.to_pdf(content), reports.to_xlsx(content)
    except Exception as exc:  # kept on the row for the page; the worker goes on
        Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(exc))
        raise
    Report.objects.filter(pk=report_id).update(
        status=ReportStatus.DONE, pdf=pdf, xlsx=xlsx, finished_at=timezone.now()
    )
    return True


def monthly_reports(*, today: dt.date | None = None) -> int:
    """Periodic work: last month's report for every organization (run daily; idempotent)."""
    from dialogo.metrics.periods import today as bogota_today

    day = today or bogota_today()
    last_month = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    count = 0
    for organization in Organization.objects.all():
        request_report(organization=organization, month=last_month)
        count += 1
    return count
