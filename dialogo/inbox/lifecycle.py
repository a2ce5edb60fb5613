"""The rules of a conversation's state, in one place and with no database access.

States: new → open → waiting or answered → closed, and back to open when the citizen writes
again. Timers: the answer deadline runs from the first citizen message nobody answered yet;
the first response is taken when an answer reaches the citizen (a reply delivered by the
network, the institution's own post seen there, or an answer given another way and marked by
a person); the resolution time ends when the conversation is closed. History: a citizen
message older than the conversation's latest activity (old history arriving late) joins the
thread but neither reopens it nor starts the clock.

Every path works the same way: take a `Timeline` (a snapshot of the conversation's fields),
apply the events in the order they happened, `settle` it once with the organization's
calendar (the deadlines and business-time durations, the costly part), then write the fields
back. The live path (`inbox.services`) does it for one event under a row lock; the history
import (`inbox.bulk`) for thousands of events per transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dialogo.core.business_time import WorkCalendar
from dialogo.inbox.models import State

#: The conversation's fields these rules own (the snippet and search text are the caller's).
FIELDS = (
    "state",
    "message_count",
    "version",
    "awaiting_response",
    "last_activity_at",
    "last_inbound_at",
    "response_due_at",
    "first_response_at",
    "first_response_seconds",
    "resolution_due_at",
    "resolved_at",
    "resolution_seconds",
)

#: States a new citizen message takes back to open.
REOPENED_BY_CITIZEN = frozenset({State.ANSWERED, State.WAITING, State.CLOSED})


@dataclass(slots=True)
class Timeline:
    """A conversation's state and timers, and the work `settle` still has to do."""

    created_at: dt.datetime
    state: str
    message_count: int
    version: int
    awaiting_response: bool
    last_activity_at: dt.datetime
    last_inbound_at: dt.datetime | None
    response_due_at: dt.datetime | None
    first_response_at: dt.datetime | None
    first_response_seconds: int | None
    resolution_due_at: dt.datetime | None
    resolved_at: dt.datetime | None
    resolution_seconds: int | None
    initial_state: str = ""
    # Work for `settle`: the time the current wait began (its deadline to compute), whether
    # the resolution deadline and the business-time durations are to be computed.
    pending_since: dt.datetime | None = None
    wants_resolution_due: bool = False
    new_first_response: bool = False
    resolving: bool = False

    @classmethod
    def of(cls, conv: Any) -> Timeline:
        """The timeline of a conversation (a model instance or any object with its fields)."""
        timeline = cls(created_at=conv.created_at, **{f: getattr(conv, f) for f in FIELDS})
        timeline.initial_state = timeline.state
        return timeline

    def write_to(self, conv: Any) -> list[str]:
        """Copy the fields back onto ``conv``; returns the names of those that changed."""
        changed = [f for f in FIELDS if getattr(conv, f) != getattr(self, f)]
        for name in changed:
            setattr(conv, name, getattr(self, name))
        return changed

    @property
    def reopened(self) -> bool:
        """The citizen wrote again after an answer or a close (the caller audits it)."""
        return self.initial_state in REOPENED_BY_CITIZEN and self.state == State.OPEN


# --- events ---------------------------------------------------------------------------------


def citizen_wrote(t: Timeline, at: dt.datetime) -> bool:
    """A citizen message written at ``at``; returns whether it is the newest activity."""
    newest = at >= t.last_activity_at
    t.message_count += 1
    t.version += 1
    if t.last_inbound_at is None or at > t.last_inbound_at:
        t.last_inbound_at = at
    if t.resolution_due_at is None:
        t.wants_resolution_due = True
    if not newest:
        return False  # old history: in the thread, but nothing to answer anew
    t.last_activity_at = at
    if not t.awaiting_response or (t.response_due_at is None and t.pending_since is None):
        t.awaiting_response = True
        t.pending_since = at
    if t.state in REOPENED_BY_CITIZEN:
        t.state = State.OPEN
        t.resolved_at = None
        t.resolution_seconds = None
    return True


def institution_posted(t: Timeline, at: dt.datetime) -> bool:
    """The institution's own post or reply seen on the network or in an archive (written
    elsewhere, already public): it answers what the citizen wrote before it. Returns whether
    it is the newest activity."""
    newest = at >= t.last_activity_at
    if newest:
        t.last_activity_at = at
    first = t.message_count == 0
    if first:  # the institution's own post opens the thread: nothing to answer
        t.state = State.ANSWERED
        t.awaiting_response = False
    elif t.awaiting_response and t.last_inbound_at and at >= t.last_inbound_at:
        _answer(t, at, State.ANSWERED)
    t.message_count += 1
    t.version += 1
    return newest


def reply_written(t: Timeline, at: dt.datetime) -> None:
    """An agent wrote a reply in Diálogo and queued it: the thread grows, but nothing is
    answered until the network confirms the delivery (`answered`)."""
    t.message_count += 1
    t.version += 1
    t.last_activity_at = max(t.last_activity_at, at)
    if t.state == State.NEW:
        t.state = State.OPEN  # someone is working on it


def answered(
    t: Timeline,
    at: dt.datetime,
    *,
    written_at: dt.datetime | None = None,
    wait_for_citizen: bool = False,
) -> bool:
    """An answer reached the citizen at ``at``: a reply delivered (written at
    ``written_at``), or an answer given another way and marked by a person. A citizen message
    newer than the reply stays pending. A closed conversation stays closed. Returns whether
    the conversation counts as answered by it."""
    if written_at is not None and t.last_inbound_at and t.last_inbound_at > written_at:
        return False
    if t.state == State.CLOSED:
        _first_response(t, at)
        return True
    _answer(t, at, State.WAITING if wait_for_citizen else State.ANSWERED)
    return True


def closed(t: Timeline, at: dt.datetime) -> None:
    """Closed by a person: the resolution clock stops, and so does the wait for an answer
    (closing without a reply, for spam or a thank-you, ends it too)."""
    t.state = State.CLOSED
    t.version += 1
    t.resolved_at = at
    t.resolving = True
    _stop_waiting(t)


def moved_to(t: Timeline, state: str, at: dt.datetime) -> None:
    """A person set the state (closing: see `closed`)."""
    if state == State.CLOSED:
        closed(t, at)
        return
    t.state = state
    t.version += 1
    t.resolved_at = None
    t.resolution_seconds = None


def _answer(t: Timeline, at: dt.datetime, state: str) -> None:
    _stop_waiting(t)
    t.state = state
    _first_response(t, at)


def _first_response(t: Timeline, at: dt.datetime) -> None:
    if t.first_response_at is None:
        t.first_response_at = at
        t.new_first_response = True


def _stop_waiting(t: Timeline) -> None:
    t.awaiting_response = False
    t.response_due_at = None
    t.pending_since = None


# --- settling -------------------------------------------------------------------------------


def settle(
    t: Timeline,
    calendar: WorkCalendar,
    *,
    first_response_hours: float,
    resolution_hours: float,
    history_before: dt.datetime | None = None,
    is_new: bool = False,
) -> None:
    """Compute what needs the calendar, once for all the events applied.

    ``history_before`` (the import only): a conversation the import created, or found
    closed, whose last activity is older than this is history, not work to do — it is stored
    closed at its last activity, without deadlines."""
    history = (
        history_before is not None
        and t.last_activity_at < history_before
        and (is_new or t.initial_state == State.CLOSED)
        and t.state != State.CLOSED
    )
    if history:
        t.state = State.CLOSED
        t.resolved_at = t.last_activity_at
        t.resolving = True
        _stop_waiting(t)
        t.wants_resolution_due = False
    if t.pending_since is not None:
        t.response_due_at = calendar.add_hours(t.pending_since, first_response_hours)
    if t.wants_resolution_due:
        t.resolution_due_at = calendar.add_hours(t.created_at, resolution_hours)
    if t.new_first_response and t.first_response_at is not None:
        t.first_response_seconds = calendar.working_seconds_between(
            t.created_at, t.first_response_at
        )
    if t.resolving and t.resolved_at is not None:
        t.resolution_seconds = calendar.working_seconds_between(t.created_at, t.resolved_at)
    t.pending_since = None
    t.wants_resolution_due = t.new_first_response = t.resolving = False
