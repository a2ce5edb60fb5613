"""Inbox pages: the list, one conversation and its actions (HTMX partials where useful)."""

from __future__ import annotations

import uuid

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dialogo.core.access import OrgRequest, member_required
from dialogo.core.forms import readable_errors
from dialogo.core.htmx import is_htmx
from dialogo.core.models import Membership
from dialogo.core.params import int_param, parse_int
from dialogo.core.roles import Cap, roles_with
from dialogo.inbox import bulk_actions, extensions, identity, queries, services
from dialogo.inbox.forms import (
    AssignForm,
    ConversationUpdateForm,
    MarkAnsweredForm,
    NoteForm,
    ReplyForm,
    StateForm,
    TopicForm,
)
from dialogo.inbox.models import Conversation, Message, SendStatus, State
from dialogo.inbox.rendering import inbox_rows
from dialogo.knowledge import services as knowledge
from dialogo.networks import limits
from dialogo.networks.models import Channel
from dialogo.triage.explain import attach_explanations
from dialogo.triage.labels import MessageType, Sentiment


@member_required(Cap.VIEW_INBOX)
def inbox(request: OrgRequest) -> HttpResponse:
    membership = request.membership
    filters = queries.InboxFilters.from_query(request.GET)
    qs = queries.apply_filters(queries.conversations_for(membership), filters, membership)
    rows, next_cursor = queries.inbox_page(qs, request.GET.get("after", ""), filters.sort)
    query = request.GET.copy()
    query.pop("after", None)
    base = reverse("inbox:inbox", args=[request.organization.slug]) + "c/"
    selectable = membership.can(Cap.ASSIGN)
    last = queries.last_citizen_messages(rows)
    context = {
        "rows": rows,
        "rows_html": inbox_rows(rows, base, last, selectable=selectable),
        "selectable": selectable,
        "queue_links": _queue_links(request, filters),
        "sorts": SORT_LABELS,
        "filters": filters,
        "next_cursor": next_cursor,
        "base_query": query.urlencode(),
        "channels": Channel.objects.filter(organization=request.organization).order_by("name"),
        "topics": request.organization.topics.order_by("name"),
        "members": _members(request),
        "states": State.choices,
        "is_first_page": not request.GET.get("after"),
        **extensions.for_inbox(request),
    }
    template = (
        "inbox/_rows.html" if is_htmx(request) and request.GET.get("after") else "inbox/inbox.html"
    )
    return render(request, template, context)


SORT_LABELS = [
    ("activity", _lazy("Newest activity")),
    ("waiting", _lazy("Longest waiting")),
    ("deadline", _lazy("Nearest deadline")),
]
QUEUE_LABELS = [
    ("", _lazy("All")),
    ("unanswered", _lazy("Unanswered")),
    ("overdue", _lazy("Overdue")),
    ("unassigned", _lazy("Unassigned")),
    ("mine", _lazy("Mine")),
]


def _queue_links(request: OrgRequest, filters: queries.InboxFilters) -> list[dict]:
    """The quick queues above the list; "mine" is the assignee filter, the others queues."""
    base = reverse("inbox:inbox", args=[request.organization.slug])
    links = []
    for name, label in QUEUE_LABELS:
        if name == "mine":
            url, current = f"{base}?assignee=me&queue=open", filters.assignee == "me"
        else:
            url = f"{base}?queue={name}" if name else base
            current = filters.queue == name and filters.assignee != "me"
        links.append({"url": url, "label": label, "current": current})
    return links


def _members(request: OrgRequest, cap: str | None = None) -> list[Membership]:
    """The organization's members (with ``cap``: only the roles that have it)."""
    members = Membership.objects.filter(organization=request.organization)
    if cap is not None:
        members = members.filter(role__in=roles_with(cap))
    return list(members.select_related("user").order_by("user__first_name", "user__username"))


def _conversation(request: OrgRequest, pk: int) -> Conversation:
    qs = queries.conversations_for(request.membership).select_related(
        "channel", "author", "author__citizen", "assignee", "topic", "organization"
    )
    return get_object_or_404(qs, pk=pk)


@member_required(Cap.VIEW_INBOX)
def conversation(request: OrgRequest, pk: int) -> HttpResponse:
    conv = _conversation(request, pk)
    services.record_view(conversation=conv, membership=request.membership)
    if request.membership.can(Cap.REPLY):
        services.touch_presence(conversation=conv, user=request.user)
    return render(request, "inbox/conversation.html", _conversation_context(request, conv))


PANE_SIZE = 30


def _pane(request: OrgRequest, conv: Conversation) -> dict:
    """The list pane beside the conversation (wide screens) and the conversations before
    and after this one in it, for the keyboard's next/previous and "close and next"."""
    rows = list(
        queries.conversations_for(request.membership)
        .select_related("author", "channel")
        .only("id", "subject", "snippet", "author__display_name", "author__handle", "channel__kind")
        .order_by("-last_activity_at", "-id")[:PANE_SIZE]
    )
    ids = [c.pk for c in rows]
    at = ids.index(conv.pk) if conv.pk in ids else -1
    return {
        "rows": rows,
        "previous": rows[at - 1] if at > 0 else None,
        "next": rows[at + 1] if 0 <= at < len(rows) - 1 else (rows[0] if at < 0 and rows else None),
    }


def _conversation_context(request: OrgRequest, conv: Conversation, reply_form=None) -> dict:
    members = _members(request, Cap.REPLY)
    topics = list(request.organization.topics.order_by("name"))
    thread = list(queries.thread(conv))
    attach_explanations(thread)
    return {
        **extensions.for_conversation(request, conv, thread),
        "conv": conv,
        "thread": thread,
        "notes": list(conv.notes.select_related("author").order_by("created_at", "id")),
        "others": queries.other_conversations(conv, request.membership),
        "same_citizen": identity.citizen_suggestions(conv),
        "viewers": services.other_viewers(conversation=conv, user=request.user),
        "reply_form": reply_form
        or ReplyForm(
            initial={"version": conv.version, "idempotency_key": uuid.uuid4().hex},
            channel=conv.channel,
        ),
        "note_form": NoteForm(prefix="note"),
        "assign_form": AssignForm(
            members=members, initial={"assignee": str(conv.assignee_id or "")}
        ),
        "state_form": StateForm(initial={"state": conv.state}),
        "answered_form": MarkAnsweredForm(prefix="answered"),
        "topic_form": TopicForm(topics=topics, initial={"topic": str(conv.topic_id or "")}),
        "update_form": ConversationUpdateForm(
            members=members,
            topics=topics,
            initial={
                "assignee": str(conv.assignee_id or ""),
                "state": conv.state,
                "topic": str(conv.topic_id or ""),
            },
        ),
        "reply_limit": limits.limit_for(conv.channel),
        "saved_replies": knowledge.picker(request.membership, conv)
        if request.membership.can(Cap.REPLY)
        else [],
        "pane": _pane(request, conv),
        "topics": topics,
        "type_choices": MessageType.choices,
        "sentiment_choices": Sentiment.choices,
    }


@require_POST
@member_required(Cap.REPLY)
def reply(request: OrgRequest, pk: int) -> HttpResponse:
    conv = _conversation(request, pk)
    form = ReplyForm(request.POST, channel=conv.channel)
    if form.is_valid():
        try:
            message = services.send_reply(
                conversation=conv,
                membership=request.membership,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                wait_for_citizen=form.cleaned_data["wait_for_citizen"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except services.InboxError as exc:
            conv.refresh_from_db()
            form = ReplyForm(
                initial={
                    "text": form.cleaned_data["text"],
                    "version": conv.version,
                    "idempotency_key": uuid.uuid4().hex,
                }
            )
            context = _conversation_context(request, conv, reply_form=form)
            context["reply_error"] = str(exc)
            return render(request, "inbox/conversation.html", context, status=409)
        _say_delivery(request, message)
        return redirect(_url(request, conv))
    context = _conversation_context(request, conv, reply_form=form)
    return render(request, "inbox/conversation.html", context, status=400)


def _say_delivery(request: OrgRequest, message: Message) -> None:
    """Tell what happened to the reply so far: queued (the usual case with a worker),
    or already delivered or refused when the delivery ran at once."""
    message.refresh_from_db(fields=["send_status", "send_error"])
    if message.send_status == SendStatus.SENT:
        flash.success(request, _("Reply delivered."))
    elif message.send_status == SendStatus.FAILED:
        flash.error(
            request,
            _("The reply could not be delivered: %(error)s. It is kept, with a retry button.")
            % {"error": message.send_error},
        )
    else:
        flash.info(
            request,
            _(
                "Reply queued for sending. The conversation counts as answered once the "
                "network confirms the delivery."
            ),
        )


def _url(request: OrgRequest, conv: Conversation) -> str:
    return reverse("inbox:conversation", args=[request.organization.slug, conv.pk])


def _act(request: OrgRequest, pk: int, action) -> HttpResponse:
    conv = _conversation(request, pk)
    try:
        action(conv)
    except services.InboxError as exc:
        flash.error(request, str(exc))
    return redirect(_url(request, conv))


@require_POST
@member_required(Cap.ASSIGN)
def assign(request: OrgRequest, pk: int) -> HttpResponse:
    members = _members(request, Cap.REPLY)
    form = AssignForm(request.POST, members=members)

    def action(conv: Conversation) -> None:
        if not form.is_valid():
            raise services.InboxError(_("Choose a member of the team."))
        value = form.cleaned_data["assignee"]
        user = next((m.user for m in members if str(m.user_id) == value), None)
        services.assign_conversation(
            conversation=conv,
            membership=request.membership,
            assignee=user,
        )
        flash.success(request, _("Assignment saved."))

    return _act(request, pk, action)


@require_POST
@member_required(Cap.CHANGE_STATE)
def change_state(request: OrgRequest, pk: int) -> HttpResponse:
    conv = _conversation(request, pk)
    form = StateForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Unknown state."))
        return redirect(_url(request, conv))
    try:
        services.change_state(
            conversation=conv,
            membership=request.membership,
            state=form.cleaned_data["state"],
            confirm=form.cleaned_data["confirm"],
        )
    except services.NeedsConfirmation as exc:
        context = {"conv": conv, "reason": str(exc), "state": form.cleaned_data["state"]}
        return render(request, "inbox/confirm_state.html", context)
    except services.InboxError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, _("State changed."))
    return redirect(_url(request, conv))


@require_POST
@member_required(Cap.REPLY)
def mark_answered(request: OrgRequest, pk: int) -> HttpResponse:
    form = MarkAnsweredForm(request.POST, prefix="answered")

    def action(conv: Conversation) -> None:
        if not form.is_valid():
            raise services.InboxError(_("Say how the citizen was answered."))
        services.mark_answered(
            conversation=conv,
            membership=request.membership,
            reason=form.cleaned_data["reason"],
        )
        flash.success(request, _("Marked answered, with how it was done."))

    return _act(request, pk, action)


@require_POST
@member_required(Cap.CHANGE_STATE)
def change_topic(request: OrgRequest, pk: int) -> HttpResponse:
    topics = list(request.organization.topics.all())
    form = TopicForm(request.POST, topics=topics)

    def action(conv: Conversation) -> None:
        if not form.is_valid():
            raise services.InboxError(_("Unknown topic."))
        topic = next((t for t in topics if str(t.pk) == form.cleaned_data["topic"]), None)
        services.set_topic(
            conversation=conv,
            membership=request.membership,
            topic=topic,
        )
        flash.success(request, _("Topic saved."))

    return _act(request, pk, action)


@require_POST
@member_required(Cap.NOTE)
def add_note(request: OrgRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST, prefix="note")

    def action(conv: Conversation) -> None:
        if not form.is_valid():  # empty, or over the length limit: say which
            raise services.InboxError(readable_errors(form))
        services.add_note(
            conversation=conv,
            membership=request.membership,
            text=form.cleaned_data["text"],
        )
        flash.success(request, _("Note saved."))

    return _act(request, pk, action)


@require_POST
@member_required(Cap.REPLY)
def retry(request: OrgRequest, pk: int, message_id: int) -> HttpResponse:
    conv = _conversation(request, pk)
    message = get_object_or_404(Message, pk=message_id, conversation=conv)
    if services.retry_delivery(message=message, membership=request.membership):
        flash.success(request, _("The reply was queued again."))
    return redirect(_url(request, conv))


@require_POST
@member_required(Cap.VIEW_INBOX)
def presence(request: OrgRequest, pk: int) -> HttpResponse:
    """Heartbeat from an open conversation: records this viewer, lists the others, and warns
    when the thread changed since the page was loaded."""
    conv = _conversation(request, pk)
    if request.membership.can(Cap.REPLY):
        services.touch_presence(
            conversation=conv, user=request.user, composing=request.POST.get("composing") == "1"
        )
    seen = int_param(request.POST, "version")
    context = {
        "conv": conv,
        "viewers": services.other_viewers(conversation=conv, user=request.user),
        "changed": seen is not None and seen != conv.version,
    }
    return render(request, "inbox/_presence.html", context)


@require_POST
@member_required(Cap.CHANGE_STATE)
def link_citizen(request: OrgRequest, pk: int) -> HttpResponse:
    """Staff confirm that this sender is a citizen already known by the same e-mail."""
    conv = _conversation(request, pk)
    citizen_id = int_param(request.POST, "citizen")
    linked = citizen_id is not None and identity.link_citizen(
        conversation=conv,
        citizen_id=citizen_id,
        membership=request.membership,
    )
    if linked:
        flash.success(request, _("Linked: their conversations now show together."))
    else:
        flash.error(request, _("That citizen cannot be linked to this sender."))
    return redirect(_url(request, conv))


@require_POST
@member_required(Cap.ASSIGN)
def bulk(request: OrgRequest) -> HttpResponse:
    """Assign, set the topic, close or mark as spam the conversations ticked in the list."""
    ids = [n for v in request.POST.getlist("ids")[:500] if (n := parse_int(v)) is not None]
    back = request.POST.get("next", "")
    inbox_url = reverse("inbox:inbox", args=[request.organization.slug])
    if not back.startswith(inbox_url):
        back = inbox_url
    if not ids:
        flash.error(request, _("Select at least one conversation."))
        return redirect(back)
    result = bulk_actions.apply_bulk(
        membership=request.membership,
        ids=ids,
        action=request.POST.get("action", ""),
    )
    if result.done:
        flash.success(
            request,
            ngettext("%(n)d conversation updated.", "%(n)d conversations updated.", result.done)
            % {"n": result.done},
        )
    for error in result.errors[:5]:
        flash.error(request, error)
    return redirect(back)


@require_POST
@member_required(Cap.CHANGE_STATE)
def update(request: OrgRequest, pk: int) -> HttpResponse:
    """Assignee, state and topic saved at once; each changed value goes through its own
    service (checked and audited as if changed alone). "close" closes the conversation;
    "close=next" then opens the next one in the list."""
    conv = _conversation(request, pk)
    members = _members(request, Cap.REPLY)
    topics = list(request.organization.topics.all())
    data = request.POST.copy()
    closing = request.POST.get("close", "")
    if closing:
        data["state"] = State.CLOSED
    form = ConversationUpdateForm(data, members=members, topics=topics)
    if not form.is_valid():
        flash.error(request, _("Choose a valid assignee, state and topic."))
        return redirect(_url(request, conv))
    try:
        changed = _apply_update(request, conv, form.cleaned_data, members, topics)
    except services.NeedsConfirmation as exc:  # closing over an undelivered reply
        context = {"conv": conv, "reason": str(exc), "state": form.cleaned_data["state"]}
        return render(request, "inbox/confirm_state.html", context)
    except services.InboxError as exc:
        flash.error(request, str(exc))
        return redirect(_url(request, conv))
    flash.success(request, _("Changes saved.") if changed else _("Nothing to change."))
    following = request.POST.get("next", "")
    if closing == "next" and (following_id := parse_int(following)) is not None:
        target = queries.conversations_for(request.membership).filter(pk=following_id).first()
        if target is not None:
            return redirect(_url(request, target))
    return redirect(_url(request, conv))


def _apply_update(request, conv: Conversation, data: dict, members, topics) -> bool:
    """Call the service of each field that changed; True when anything did."""
    who = {"membership": request.membership}
    changed = False
    if data["assignee"] != str(conv.assignee_id or "") and request.membership.can(Cap.ASSIGN):
        user = next((m.user for m in members if str(m.user_id) == data["assignee"]), None)
        conv = services.assign_conversation(conversation=conv, assignee=user, **who)
        changed = True
    if data["topic"] != str(conv.topic_id or ""):
        topic = next((t for t in topics if str(t.pk) == data["topic"]), None)
        conv = services.set_topic(conversation=conv, topic=topic, **who)
        changed = True
    if data["state"] != conv.state:
        services.change_state(conversation=conv, state=data["state"], **who)
        changed = True
    return changed
